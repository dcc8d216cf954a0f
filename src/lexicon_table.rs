//! The word lists as tables read in place from the binary.
//!
//! `build.rs` includes this file (with `src/fold.rs` as its `text`) to parse every embedded
//! list and hash it into a table; `src/lexicon.rs` reads the tables where they lie, so no list
//! is parsed, folded or copied at start-up (parsing all three languages' lists and merging
//! them cost about 5 ms, a third of a one-line run). Both sides parse with [`parse`], so the
//! tables and a list parsed at run time cannot disagree.
//!
//! A list is two parts:
//! - its text: one `key<TAB>value<LF>` line per entry, in entry order (file order, first
//!   entry of a key kept);
//! - its slots: `2^bits` slots of 8 bytes, little-endian: the entry's start in the text plus
//!   one (`u32`, 0 for an empty slot), the key's length and the value's length (`u16` each).
//!   A key lives in the first empty slot from [`hash`]`(key)` on (linear probing), and at
//!   most half the slots are full;
//! - its gate: [`GATE_BYTES`] bytes, bit [`gate_slot`]`(key)` set for each key (the lists'
//!   `KeyGate`, so that it too is read in place).

use std::collections::HashSet;

use crate::text::name_key;

/// The languages in the order their lists are merged (the first language's value wins):
/// `Lang::ALL`'s order (a test checks).
#[allow(dead_code)] // read by build.rs and the tests
pub const MERGE_ORDER: &[&str] = &["en", "uk", "ru"];

/// The "language" of the lists of every language merged.
pub const MERGED: &str = "*";

/// A list file's entries: (folded key, trimmed value) in file order, the first of a key kept;
/// and the most words any key has.
pub fn parse(contents: &str) -> (Vec<(String, String)>, usize) {
    let mut entries = Vec::new();
    let mut seen = HashSet::new();
    let mut max_words = 0;
    for line in contents.lines() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let (term, value) = line.split_once('\t').unwrap_or((line, ""));
        let key = name_key(term);
        if key.is_empty() {
            continue;
        }
        max_words = max_words.max(key.split(' ').count());
        if seen.insert(key.clone()) {
            entries.push((key, value.trim().to_string()));
        }
    }
    (entries, max_words)
}

/// Bytes of a list's gate (16,384 bits).
pub const GATE_BYTES: usize = 2048;

/// A key's gate bit (below 16,384), from its length, first two bytes and last byte, each
/// byte mapped by `f` first: one multiply, so that the gate is much cheaper than a look-up.
#[inline]
pub fn gate_slot(key: &[u8], f: impl Fn(u8) -> u8) -> u16 {
    let n = key.len();
    let (a, b, z) = match n {
        0 => (0, 0, 0),
        _ => (f(key[0]), key.get(1).copied().map_or(0, &f), f(key[n - 1])),
    };
    gate_slot_of(a, b, z, n)
}

/// [`gate_slot`] from a key's first two bytes (0 past its end), last byte and length.
#[inline]
pub fn gate_slot_of(a: u8, b: u8, z: u8, n: usize) -> u16 {
    let x = u32::from(a) | u32::from(b) << 8 | u32::from(z) << 16 | (n.min(255) as u32) << 24;
    (x.wrapping_mul(0x9E37_79B1) >> 18) as u16
}

/// The slot hash of a key: the same on every host (eight bytes at a time, little-endian).
#[inline]
pub fn hash(key: &[u8]) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let mix = |h: u64, w: u64| (h ^ w).wrapping_mul(K).rotate_left(29);
    let mut h = key.len() as u64 ^ K;
    let mut words = key.chunks_exact(8);
    for w in &mut words {
        h = mix(h, u64::from_le_bytes(w.try_into().unwrap()));
    }
    let rest = words.remainder();
    if !rest.is_empty() {
        h = mix(h, load_short(rest));
    }
    h ^ h >> 32
}

/// The bytes of a slice shorter than 8 as a little-endian word, zero-padded (as copying them
/// into a zeroed `[u8; 8]` would give), from two overlapping loads: no call to `memcpy`.
#[inline]
fn load_short(b: &[u8]) -> u64 {
    let n = b.len();
    debug_assert!(n < 8);
    if n >= 4 {
        let lo = u64::from(u32::from_le_bytes([b[0], b[1], b[2], b[3]]));
        let hi = u64::from(u32::from_le_bytes([b[n - 4], b[n - 3], b[n - 2], b[n - 1]]));
        lo | hi << (8 * (n - 4))
    } else if n > 0 {
        u64::from(b[0])
            | u64::from(b[n / 2]) << (8 * (n / 2))
            | u64::from(b[n - 1]) << (8 * (n - 1))
    } else {
        0
    }
}

#[inline]
fn load8(b: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(b[at..at + 8].try_into().unwrap())
}

/// Whether two slices of the same length are equal, eight bytes at a time: keys are short,
/// and a call to `memcmp` per probe cost more than the comparison.
#[inline]
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    if n != b.len() {
        return false;
    }
    if n < 8 {
        return load_short(a) == load_short(b);
    }
    let mut i = 0;
    while i + 8 < n {
        if load8(a, i) != load8(b, i) {
            return false;
        }
        i += 8;
    }
    load8(a, n - 8) == load8(b, n - 8)
}

/// Appends a list's text to `text`, its slots to `slots` and its gate to `gates`; returns
/// the slots' bits.
#[allow(dead_code)] // build.rs hashes the lists with it
pub fn build(
    entries: &[(String, String)],
    text: &mut String,
    slots: &mut Vec<u8>,
    gates: &mut Vec<u8>,
) -> u32 {
    let mut bits = 1;
    while (1usize << bits) < entries.len() * 2 {
        bits += 1;
    }
    let mask = (1usize << bits) - 1;
    let mut table = vec![[0u8; 8]; 1 << bits];
    let base = text.len();
    let mut gate = [0u8; GATE_BYTES];
    for (key, value) in entries {
        let bit = usize::from(gate_slot(key.as_bytes(), |b| b));
        gate[bit / 8] |= 1 << (bit % 8);
        assert!(
            !key.contains(['\t', '\n']) && !value.contains('\n'),
            "{key:?}"
        );
        let at = text.len() - base + 1;
        text.push_str(key);
        text.push('\t');
        text.push_str(value);
        text.push('\n');
        let mut slot = [0u8; 8];
        slot[..4].copy_from_slice(&u32::try_from(at).unwrap().to_le_bytes());
        slot[4..6].copy_from_slice(&u16::try_from(key.len()).unwrap().to_le_bytes());
        slot[6..].copy_from_slice(&u16::try_from(value.len()).unwrap().to_le_bytes());
        let mut i = hash(key.as_bytes()) as usize & mask;
        while table[i][..4] != [0; 4] {
            i = (i + 1) & mask;
        }
        table[i] = slot;
    }
    slots.extend(table.iter().flatten());
    gates.extend(gate);
    bits
}

/// A list's table, read in place.
#[derive(Clone, Copy, Debug)]
pub struct Table {
    text: &'static str,
    slots: &'static [u8],
    mask: usize,
    len: usize,
}

impl Table {
    /// The table of a list's text and slots as [`build`] wrote them, with `len` entries.
    pub fn new(text: &'static str, slots: &'static [u8], bits: u32, len: usize) -> Table {
        assert_eq!(slots.len(), 8 << bits);
        Table {
            text,
            slots,
            mask: (1 << bits) - 1,
            len,
        }
    }

    /// The value of a key.
    #[inline]
    pub fn get(&self, key: &str) -> Option<&'static str> {
        let k = key.as_bytes();
        let mut i = hash(k) as usize & self.mask;
        loop {
            let slot: &[u8; 8] = self.slots[i * 8..i * 8 + 8].try_into().unwrap();
            let at = u32::from_le_bytes(slot[..4].try_into().unwrap()) as usize;
            if at == 0 {
                return None;
            }
            let key_len = usize::from(u16::from_le_bytes([slot[4], slot[5]]));
            let at = at - 1;
            if key_len == k.len()
                && self
                    .text
                    .as_bytes()
                    .get(at..at + key_len)
                    .is_some_and(|stored| same_bytes(stored, k))
            {
                let value_len = usize::from(u16::from_le_bytes([slot[6], slot[7]]));
                let start = at + key_len + 1;
                return self.text.get(start..start + value_len);
            }
            i = (i + 1) & self.mask;
        }
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Every (key, value) in entry order.
    pub fn iter<'a>(self) -> impl Iterator<Item = (&'a str, &'a str)> {
        // Lines are short: a byte loop finds their ends and tabs in fewer instructions than a
        // searcher set up per line (all lists are read this way when the matchers are built).
        let text = self.text;
        let mut at = 0;
        std::iter::from_fn(move || {
            let rest = text.as_bytes().get(at..).filter(|r| !r.is_empty())?;
            let end = rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
            let line = &text[at..at + end];
            at += end + 1;
            Some(match line.bytes().position(|b| b == b'\t') {
                Some(tab) => (&line[..tab], &line[tab + 1..]),
                None => (line, ""),
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tail word as the table was first hashed: copied into a zeroed buffer.
    fn load_simple(b: &[u8]) -> u64 {
        let mut w = [0u8; 8];
        w[..b.len()].copy_from_slice(b);
        u64::from_le_bytes(w)
    }

    #[test]
    fn short_loads_and_comparisons_agree_with_the_simple_ones() {
        let bytes: Vec<u8> = (0..64u32).map(|i| (i * 37 + 0xC3) as u8).collect();
        for n in 0..8 {
            for at in 0..bytes.len() - n {
                assert_eq!(
                    load_short(&bytes[at..at + n]),
                    load_simple(&bytes[at..at + n])
                );
            }
        }
        let words = [
            "",
            "a",
            "ab",
            "abc",
            "kyiv",
            "харків",
            "and",
            "a\u{e9}b",
            "longer than eight",
        ];
        for n in 0..40 {
            let a: Vec<u8> = bytes.iter().take(n).copied().collect();
            for k in 0..n {
                let mut b = a.clone();
                b[k] ^= 0x80;
                assert!(!same_bytes(&a, &b), "{n} {k}");
            }
            assert!(same_bytes(&a, &a.clone()));
        }
        for x in words {
            for y in words {
                assert_eq!(same_bytes(x.as_bytes(), y.as_bytes()), x == y);
            }
        }
    }
}
