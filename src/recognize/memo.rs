//! The recogniser's per-thread memo of what the name index says of words (see
//! `crate::recognize`): a word recurs in every document, and reading it into the index is a
//! node decoded per byte.

use crate::gazetteer::{Gazetteer, PlaceId};
use crate::lexicon::FastMap;
use crate::text::Token;

use super::{demonym_country, is_common_word, is_stop, words};

/// What [`super::Recognizer::first_step`] remembers of a word: whether it is a common word,
/// whether a name starts with it, its value in the name index if it is a name, and the index's
/// state after it and a space (`None`: no longer name starts with it). Most words are read
/// from here alone, without a step into the index.
#[derive(Clone, Copy)]
pub(super) struct Step {
    pub(super) common: bool,
    /// Whether the word is ASCII (a lower-case word starts a name only if it is).
    pub(super) ascii: bool,
    pub(super) starts: bool,
    /// Whether the word alone is a stop word or a demonym: never a place name by itself
    /// (asked of every one-word candidate, answered here without the lists' probes).
    pub(super) not_alone: bool,
    /// Whether the word is a frequent surname or given name (asked of most one-word names:
    /// the two lists are large, and most of their gates let a name through to a probe).
    pub(super) frequent: bool,
    pub(super) value: Option<u64>,
    pub(super) then: Option<(usize, u64)>,
}

/// The first steps of the words a thread has met, for one gazetteer. Before the map, a small
/// table by the token's gate slot holds the last two words put in the slot's pair of entries:
/// the frequent words ("the", "said") stay in it and in the cache, also when two of them share
/// a slot (in one table by slot, "as" and "military" took turns in the same entry of English
/// news, and every turn was a look-up in the map).
#[derive(Default)]
pub(super) struct StepMemo {
    gaz: Option<u64>,
    pub(super) words: FastMap<compact_str::CompactString, Step>,
    front: Vec<FrontWord>,
    /// The second words of names read lately, by the index's node after the first word and
    /// a space and the word's gate slot (the last pair seen in each slot): a pair ("New
    /// York", "Donetsk Oblast", "The government") recurs across documents, and reading the
    /// word into the index is a node decoded per byte.
    pairs: Vec<Option<PairStep>>,
    /// The buffer of [`super::sentence_map`], kept between documents.
    pub(super) sent_of: Vec<usize>,
    /// The buffer of a name's key of several words (see `Found::key_buf`), kept between
    /// documents.
    pub(super) key_buf: String,
    /// Whether a name followed by a period is written so by one of its places ("U.S.",
    /// "Calif."), by the name with its period, with the places' postings (address, length)
    /// it was asked with: "Kyiv." at a sentence end recurs, and the answer is a search of
    /// every alternate name of every place.
    pub(super) dotted: FastMap<compact_str::CompactString, (usize, usize, bool)>,
    /// The country of a demonym, by its list of codes' address (see `demonym_countries`).
    pub(super) countries: FastMap<usize, Option<PlaceId>>,
}

/// A word read into the name index from a node (the state after a name's first word and a
/// space): where it leads and what it adds to the output, both relative to the node, so that
/// the answer holds whatever output the first word brought.
#[derive(Clone)]
struct PairStep {
    from: usize,
    word: compact_str::CompactString,
    /// The node after the word and the output its bytes add (`None`: no name goes on so).
    to: Option<(usize, u64)>,
    /// The output the word and the node's final output add, if the key is a name.
    value: Option<u64>,
}

impl StepMemo {
    pub(super) const FRONT: usize = 4096;
    const PAIRS: usize = 2048;

    /// Empties the memo if it was made for another gazetteer or has grown too large.
    pub(super) fn reset_for(&mut self, gaz: &Gazetteer) {
        if self.gaz != Some(gaz.id()) || self.words.len() >= 1 << 15 {
            self.words.clear();
            self.front.clear();
            self.pairs.clear();
            self.dotted.clear();
            self.countries.clear();
            self.gaz = Some(gaz.id());
        }
        if self.dotted.len() >= 1 << 12 {
            self.dotted.clear();
        }
        self.front.resize(Self::FRONT, FrontWord::EMPTY);
        self.pairs.resize(Self::PAIRS, None);
    }

    /// The first of the two front entries of a gate slot: slots are the gate's 14 bits (a
    /// multiplicative hash's top bits), whose top 11 pick one of the 2,048 pairs.
    #[inline]
    fn front_pair(slot: u16) -> usize {
        (usize::from(slot) >> 3) % (Self::FRONT / 2) * 2
    }

    /// Whether a front entry holds `key`.
    #[inline(always)]
    fn holds(e: &FrontWord, key: &[u8]) -> bool {
        key.len() <= FRONT_KEY
            && usize::from(e.len) == key.len()
            && same_bytes(&e.bytes[..key.len()], key)
    }

    /// The step of `key` in the front entries of its gate slot `slot`, if it is there: the
    /// newer word first (most hits), then the older; a hit is not moved.
    #[inline(always)]
    pub(super) fn front_step(&self, slot: u16, key: &[u8]) -> Option<&Step> {
        let at = Self::front_pair(slot);
        let (newer, older) = (&self.front[at], &self.front[at + 1]);
        if Self::holds(newer, key) {
            Some(&newer.step)
        } else {
            Self::holds(older, key).then_some(&older.step)
        }
    }

    /// Puts a word and its step first in the front entries of its gate slot `slot`, the word
    /// that was first before moved second (a word too long for the table is left out).
    pub(super) fn set_front(&mut self, slot: u16, key: &[u8], step: Step) {
        if key.len() <= FRONT_KEY {
            let at = Self::front_pair(slot);
            self.front[at + 1] = self.front[at];
            let e = &mut self.front[at];
            e.bytes[..key.len()].copy_from_slice(key);
            e.len = key.len() as u8;
            e.step = step;
        }
    }

    /// The name index's state and value after reading token `t` from `state` (the state after
    /// a first word and a space), as [`crate::gazetteer::NameCursor::push`] would give them.
    pub(super) fn second_step(
        &mut self,
        gaz: &Gazetteer,
        (from, out): (usize, u64),
        t: &Token,
    ) -> (Option<(usize, u64)>, Option<u64>) {
        let h = (from as u64 ^ (u64::from(t.gate_slot) << 40)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        let slot = &mut self.pairs[(h >> 53) as usize % Self::PAIRS];
        let hit = slot.as_ref().filter(|p| p.from == from && p.word == t.key);
        let step = match hit {
            Some(p) => p,
            None => {
                // Read from the node with a zero output: what the word itself adds.
                let mut c = gaz.name_cursor_at((from, 0));
                let to = c.push(&t.key).then(|| c.state()).flatten();
                &*slot.insert(PairStep {
                    from,
                    word: t.key.clone(),
                    to,
                    value: c.value(),
                })
            }
        };
        (
            step.to.map(|(addr, add)| (addr, out + add)),
            step.value.map(|add| out + add),
        )
    }
}

impl super::Recognizer<'_> {
    /// The step of a word the front table does not hold: from the thread's map, or read
    /// from the name index; then put in the front table.
    #[inline(never)]
    pub(super) fn step_missed(&self, memo: &mut StepMemo, t: &Token) -> Step {
        // Looked up before it is inserted: most words missed here are in the map.
        let step = match memo.words.get(&t.key) {
            Some(&step) => step,
            None => {
                let step = self.step_of(&t.key);
                memo.words.insert(t.key.clone(), step);
                step
            }
        };
        memo.set_front(t.gate_slot, t.key.as_bytes(), step);
        step
    }

    /// What the name index says of a word (see [`Step`]).
    fn step_of(&self, key: &str) -> Step {
        let mut cursor = self.gaz.name_cursor();
        let starts = cursor.push(key);
        let value = cursor.value();
        let ascii = key.is_ascii();
        Step {
            common: ascii && is_common_word(key),
            ascii,
            starts,
            not_alone: is_stop(key) || demonym_country(key).is_some(),
            frequent: is_frequent_name(key),
            value,
            then: (starts && cursor.push(" "))
                .then(|| cursor.state())
                .flatten(),
        }
    }
}

/// Whether a folded word is a frequent surname or given name.
fn is_frequent_name(key: &str) -> bool {
    let w = words();
    w.surnames.contains_key(key) || w.first_names.contains_key(key)
}

/// A word of the front table (see [`StepMemo::front`]): its bytes in place, so that telling
/// it from the token's word is a few loads rather than two string decodings and a call.
#[derive(Clone, Copy)]
pub(super) struct FrontWord {
    bytes: [u8; FRONT_KEY],
    /// The word's length, or `u8::MAX` for an empty entry.
    len: u8,
    step: Step,
}

/// The longest word the front table holds (longer words are read from the map each time).
const FRONT_KEY: usize = 24;

impl FrontWord {
    const EMPTY: FrontWord = FrontWord {
        bytes: [0; FRONT_KEY],
        len: u8::MAX,
        step: Step {
            common: false,
            ascii: false,
            starts: false,
            not_alone: false,
            frequent: false,
            value: None,
            then: None,
        },
    };
}

/// Whether two byte strings of the same length (at most [`FRONT_KEY`]) are equal, read as a
/// few overlapping words (inlined into the token loop's front-table test).
#[inline(always)]
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    debug_assert!(n == b.len() && n <= FRONT_KEY);
    let w8 = |s: &[u8], i: usize| u64::from_le_bytes(s[i..i + 8].try_into().unwrap());
    let w4 = |s: &[u8], i: usize| u32::from_le_bytes(s[i..i + 4].try_into().unwrap());
    match n {
        // 0..8, 8..16 and n - 8..n cover every byte up to 24.
        8.. => {
            w8(a, 0) == w8(b, 0)
                && w8(a, n - 8) == w8(b, n - 8)
                && (n <= 16 || w8(a, 8) == w8(b, 8))
        }
        4.. => w4(a, 0) == w4(b, 0) && w4(a, n - 4) == w4(b, n - 4),
        1.. => a[0] == b[0] && a[n / 2] == b[n / 2] && a[n - 1] == b[n - 1],
        0 => true,
    }
}

thread_local!(pub(super) static STEP_MEMO: std::cell::Cell<StepMemo> = std::cell::Cell::default());

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// `same_bytes` is slice equality for every length it is asked about, with words
        /// that differ in one byte anywhere.
        #[test]
        fn same_bytes_is_equality(
            a in proptest::collection::vec(0u8..3, 0..=FRONT_KEY),
            at in any::<prop::sample::Index>(),
            to in 0u8..3,
        ) {
            let mut b = a.clone();
            if !b.is_empty() {
                let i = at.index(b.len());
                b[i] = to;
            }
            prop_assert_eq!(same_bytes(&a, &b), a == b);
        }
    }

    #[test]
    fn front_table_holds_words_up_to_its_width() {
        let mut memo = StepMemo::default();
        memo.front.resize(StepMemo::FRONT, FrontWord::EMPTY);
        let step = Step {
            common: true,
            ..FrontWord::EMPTY.step
        };
        for key in ["", "a", "kyiv", "zaporizhzhia", "abcdefghijklmnopqrstuvwx"] {
            assert!(memo.front_step(7, key.as_bytes()).is_none(), "{key}");
            memo.set_front(7, key.as_bytes(), step);
            assert!(memo.front_step(7, key.as_bytes()).is_some(), "{key}");
            assert!(memo.front_step(7, b"kyjv").is_none());
        }
        let long = "abcdefghijklmnopqrstuvwxy";
        memo.set_front(9, long.as_bytes(), step);
        assert!(memo.front_step(9, long.as_bytes()).is_none());
    }

    /// Two words of one slot (or of slots of one pair) are both held; a third puts out the
    /// one put in first, and a word of another pair leaves them.
    #[test]
    fn front_table_holds_two_words_per_pair() {
        let mut memo = StepMemo::default();
        memo.front.resize(StepMemo::FRONT, FrontWord::EMPTY);
        let step = |common| Step {
            common,
            ..FrontWord::EMPTY.step
        };
        for slot in [0, 7, 8, 4095, 16383] {
            let other = slot ^ 1 << 3;
            assert_eq!(StepMemo::front_pair(slot), StepMemo::front_pair(slot | 7));
            assert_ne!(StepMemo::front_pair(slot), StepMemo::front_pair(other));
            memo.set_front(slot, b"as", step(true));
            memo.set_front(slot | 7, b"military", step(false));
            assert!(memo.front_step(slot, b"as").is_some_and(|s| s.common));
            assert!(memo
                .front_step(slot, b"military")
                .is_some_and(|s| !s.common));
            memo.set_front(other, b"kyiv", step(false));
            assert!(memo.front_step(slot, b"as").is_some());
            // "as" was put in first: it is put out.
            memo.set_front(slot, b"said", step(true));
            assert!(memo.front_step(slot, b"as").is_none());
            assert!(memo.front_step(slot, b"military").is_some());
            assert!(memo.front_step(slot, b"said").is_some_and(|s| s.common));
            assert!(memo.front_step(other, b"kyiv").is_some());
        }
    }
}
