//! The recogniser's per-thread memo of what the name index says of words (see
//! `crate::recognize`): a word recurs in every document, and reading it into the index is a
//! node decoded per byte.

use crate::gazetteer::Gazetteer;
use crate::lexicon::FastMap;
use crate::text::Token;

/// What [`super::Recognizer::first_step`] remembers of a word: whether it is a common word,
/// whether a name starts with it, its value in the name index if it is a name, and the index's
/// state after it and a space (`None`: no longer name starts with it). Most words are read
/// from here alone, without a step into the index.
#[derive(Clone, Copy)]
pub(super) struct Step {
    pub(super) common: bool,
    pub(super) starts: bool,
    pub(super) value: Option<u64>,
    pub(super) then: Option<(usize, u64)>,
}

/// The first steps of the words a thread has met, for one gazetteer. Before the map, a small
/// table by the token's gate slot holds the last word seen there: the frequent words ("the",
/// "said") stay in it and in the cache.
#[derive(Default)]
pub(super) struct StepMemo {
    gaz: Option<u64>,
    pub(super) words: FastMap<compact_str::CompactString, Step>,
    pub(super) front: Vec<Option<(compact_str::CompactString, Step)>>,
    /// The second words of names read lately, by the index's node after the first word and
    /// a space and the word's gate slot (the last pair seen in each slot): a pair ("New
    /// York", "Donetsk Oblast", "The government") recurs across documents, and reading the
    /// word into the index is a node decoded per byte.
    pairs: Vec<Option<PairStep>>,
    /// The buffer of [`super::sentence_map`], kept between documents.
    pub(super) sent_of: Vec<usize>,
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
            self.gaz = Some(gaz.id());
        }
        self.front.resize(Self::FRONT, None);
        self.pairs.resize(Self::PAIRS, None);
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

thread_local!(pub(super) static STEP_MEMO: std::cell::Cell<StepMemo> = std::cell::Cell::default());
