//! The English common-words set as an open-addressing hash table that `build.rs` computes from
//! `data/common_words.txt` and the binary reads in place: start-up builds nothing (hashing the
//! 64 000 words into a `HashSet` at every start cost about 5 ms, a quarter of a small run).
//!
//! Table format: `1 << bits` little-endian `u32` slots; an empty slot is `u32::MAX`, a full one
//! holds a word's byte offset in the text (20 bits), its length (5 bits) and 7 more bits of its
//! hash, so a probe that meets another word mostly rejects it without reading the text. A
//! word's first slot is [`slot`]; collisions probe the next slots.
//! This file is also compiled into `build.rs`, so both sides hash alike by construction.

/// Marks an empty slot.
pub(crate) const EMPTY: u32 = u32::MAX;

/// A word's hash: 8 bytes at a time, multiply-mixed (the words are short, mostly one chunk).
pub(crate) fn hash(word: &[u8]) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut h = (word.len() as u64).wrapping_mul(K);
    let mut chunks = word.chunks_exact(8);
    for c in &mut chunks {
        let v = u64::from_le_bytes(c.try_into().unwrap_or([0; 8]));
        h = (h ^ v).wrapping_mul(K).rotate_left(31);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut buf = [0u8; 8];
        buf[..rest.len()].copy_from_slice(rest);
        h = (h ^ u64::from_le_bytes(buf))
            .wrapping_mul(K)
            .rotate_left(31);
    }
    h ^= h >> 29;
    h = h.wrapping_mul(0xBF58_476D_1CE4_E5B9);
    h ^ (h >> 32)
}

/// The first slot of a word in a table of `1 << bits` slots, and its 7-bit tag.
pub(crate) fn slot(word: &[u8], bits: u32) -> (usize, u32) {
    let h = hash(word);
    ((h & ((1u64 << bits) - 1)) as usize, (h >> 57) as u32)
}

/// A full slot's tag and length, to compare with a looked-up word's.
fn tag_len(tag: u32, len: usize) -> u32 {
    (tag << 5) | len as u32
}

/// Builds the table over `text`'s lines (duplicates kept once); returns (bits, slots).
#[cfg_attr(not(test), allow(dead_code))] // build.rs and the tests build; the library reads
pub(crate) fn build(text: &str) -> (u32, Vec<u32>) {
    let n = text.lines().count().max(1);
    // At most half full, so probe runs stay short.
    let bits = (2 * n).next_power_of_two().trailing_zeros();
    let mask = (1usize << bits) - 1;
    let mut slots = vec![EMPTY; 1 << bits];
    let base = text.as_ptr() as usize;
    for word in text.lines() {
        let at = word.as_ptr() as usize - base;
        assert!(
            word.len() < 32 && at < (1 << 20),
            "common word too long or text too big"
        );
        let (mut i, tag) = slot(word.as_bytes(), bits);
        loop {
            let s = slots[i];
            if s == EMPTY {
                slots[i] = ((at as u32) << 12) | tag_len(tag, word.len());
                break;
            }
            if entry(text, s) == word {
                break;
            }
            i = (i + 1) & mask;
        }
    }
    (bits, slots)
}

/// The word a full slot names.
pub(crate) fn entry(text: &str, s: u32) -> &str {
    let at = (s >> 12) as usize;
    text.get(at..at + (s & 31) as usize).unwrap_or("")
}

/// Whether `word` is in the table built from `text`.
pub(crate) fn contains(text: &str, bits: u32, table: &[u8], word: &str) -> bool {
    let mask = (1usize << bits) - 1;
    let (mut i, tag) = slot(word.as_bytes(), bits);
    let want = tag_len(tag, word.len());
    loop {
        let Some(b) = table.get(4 * i..4 * i + 4) else {
            return false;
        };
        let s = u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
        if s == EMPTY {
            return false;
        }
        if s & 0xfff == want {
            let at = (s >> 12) as usize;
            if text.as_bytes().get(at..at + word.len()) == Some(word.as_bytes()) {
                return true;
            }
        }
        i = (i + 1) & mask;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_every_word_and_no_other() {
        let text = "a\nwar\nkyiv\nwar\nextraordinarily\n";
        let (bits, slots) = build(text);
        let table: Vec<u8> = slots.iter().flat_map(|s| s.to_le_bytes()).collect();
        for w in ["a", "war", "kyiv", "extraordinarily"] {
            assert!(contains(text, bits, &table, w), "{w}");
        }
        for w in ["", "b", "wa", "wars", "extraordinaril"] {
            assert!(!contains(text, bits, &table, w), "{w}");
        }
    }
}
