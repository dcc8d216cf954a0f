//! A small direct-mapped cache of answers about words, in front of a memo's hash map: the
//! same few words are asked about again and again ("обстрілу", "загинули"), and a slot found
//! by a multiply of the word's first and last eight bytes and checked by one compare costs a
//! fraction of hashing the whole word and probing a map.

use std::cell::RefCell;
use std::thread::LocalKey;

/// Longest word a slot holds, in bytes (22 Cyrillic letters); a longer one is not kept.
const KEY: usize = 44;
/// Slots in a cache (a power of two).
const SLOTS: usize = 1024;

/// One word (of `len` bytes, `u16::MAX` in an empty slot) asked of by `tag`, and the answer.
#[derive(Clone, Copy)]
struct Slot<V> {
    len: u16,
    tag: u16,
    key: [u8; KEY],
    value: V,
}

/// Answers of type `V` about words, by (tag, word): a tag tells the askers apart (a matcher
/// each). Allocated at the first word kept.
#[derive(Default)]
pub(crate) struct WordCache<V> {
    slots: Vec<Slot<V>>,
}

impl<V: Copy + Default> WordCache<V> {
    pub(crate) const fn new() -> WordCache<V> {
        WordCache { slots: Vec::new() }
    }

    /// The slot of `key` (at most [`KEY`] bytes) for `tag`.
    #[inline(always)]
    fn index(key: &[u8], tag: u16) -> usize {
        let n = key.len();
        let (a, b) = match (key.first_chunk::<8>(), key.last_chunk::<8>()) {
            (Some(&a), Some(&b)) => (u64::from_le_bytes(a), u64::from_le_bytes(b)),
            _ => {
                let mut buf = [0u8; 8];
                buf[..n].copy_from_slice(key);
                (u64::from_le_bytes(buf), 0)
            }
        };
        let h = (a ^ b.rotate_left(29) ^ ((n as u64) << 56) ^ (u64::from(tag) << 40))
            .wrapping_mul(0x9e37_79b9_7f4a_7c15);
        (h >> 54) as usize & (SLOTS - 1)
    }

    /// The answer kept for `key` and `tag`, if any.
    #[inline(always)]
    pub(crate) fn get(&self, tag: u16, key: &[u8]) -> Option<V> {
        if key.len() > KEY || self.slots.is_empty() {
            return None;
        }
        let s = &self.slots[Self::index(key, tag)];
        (s.tag == tag && usize::from(s.len) == key.len() && s.key[..key.len()] == *key)
            .then_some(s.value)
    }

    /// The answer for `key` and `tag` kept in the thread's `cache`, else `f`'s, then kept.
    #[inline(always)]
    pub(crate) fn or_else(
        cache: &'static LocalKey<RefCell<WordCache<V>>>,
        tag: u16,
        key: &[u8],
        f: impl FnOnce() -> V,
    ) -> V {
        if let Some(v) = cache.with_borrow(|c| c.get(tag, key)) {
            return v;
        }
        let v = f();
        cache.with_borrow_mut(|c| c.put(tag, key, v));
        v
    }

    /// Keeps `value` as the answer for `key` and `tag` (in place of the slot's last word).
    pub(crate) fn put(&mut self, tag: u16, key: &[u8], value: V) {
        if key.len() > KEY {
            return;
        }
        if self.slots.is_empty() {
            let empty = Slot {
                len: u16::MAX,
                tag: 0,
                key: [0; KEY],
                value: V::default(),
            };
            self.slots = vec![empty; SLOTS];
        }
        let s = &mut self.slots[Self::index(key, tag)];
        s.tag = tag;
        s.len = key.len() as u16;
        s.key[..key.len()].copy_from_slice(key);
        s.value = value;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A cache answers what was put for the same tag and word, nothing for others, and the
    /// last of words sharing a slot; words too long are not kept.
    #[test]
    fn cache_answers_what_was_put() {
        let mut c: WordCache<u32> = WordCache::new();
        let long = "ж".repeat(KEY / 2 + 1);
        let words = [
            "",
            "a",
            "ab",
            "обстрілу",
            "обстріли",
            "загинули",
            "загинуло",
            "seventeen",
            "дев'ять",
            "п’ятеро",
            "абвгдеєжзиіїйклмнопрстуф",
            &long,
        ];
        assert_eq!(c.get(1, b"a"), None);
        for (i, w) in words.iter().enumerate() {
            for tag in [1u16, 2] {
                c.put(tag, w.as_bytes(), i as u32 * 10 + u32::from(tag));
            }
        }
        for (i, w) in words.iter().enumerate() {
            for tag in [1u16, 2, 3] {
                let got = c.get(tag, w.as_bytes());
                if w.len() > KEY || tag == 3 {
                    assert_eq!(got, None, "{w}");
                } else if let Some(v) = got {
                    assert_eq!(v, i as u32 * 10 + u32::from(tag), "{w}");
                }
            }
        }
        // A word's own answer, read right after it is put, whatever else shares its slot.
        for (i, w) in words.iter().enumerate().filter(|(_, w)| w.len() <= KEY) {
            c.put(7, w.as_bytes(), i as u32);
            assert_eq!(c.get(7, w.as_bytes()), Some(i as u32), "{w}");
            assert_eq!(c.get(7, format!("{w}x").as_bytes()), None, "{w}");
        }
    }
}
