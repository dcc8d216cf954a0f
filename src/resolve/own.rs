//! Each mention's own features and namesakes (see [`own_features`], [`namesakes`]), which
//! depend only on its name, cue and candidates: computed once per such triple in a document,
//! and remembered per thread across documents (the same places recur in story after story).

use std::cell::RefCell;
use std::collections::hash_map::Entry;
use std::hash::BuildHasher;

use super::rules::{namesakes, own_features};
use super::{Features, Own};
use crate::gazetteer::{Gazetteer, PlaceId};
use crate::lexicon::{FastHash, FastMap};
use crate::recognize::{Cue, Mention};

/// A remembered triple and its features.
type Remembered = (Box<str>, Option<Cue>, Box<[PlaceId]>, Vec<Features>);

/// Triples remembered per thread before the memo starts again (a few MB at most).
const MEMO_LIMIT: usize = 1 << 11;

/// The own features of every mention, in order.
pub(super) fn own_of(gaz: &Gazetteer, mentions: &[Mention]) -> Own {
    // Keyed by the triple's hash, each entry checked in full: a borrowed triple cannot look
    // up an owned key.
    type Memo = (u64, usize, FastMap<u64, Vec<Remembered>>);
    thread_local!(static MEMO: RefCell<Memo> = RefCell::new((u64::MAX, 0, FastMap::default())));
    let mut first: FastMap<(&str, Option<Cue>, &[PlaceId]), usize> = FastMap::default();
    let mut own: Own = Vec::with_capacity(mentions.len());
    MEMO.with_borrow_mut(|(of, len, memo)| {
        if *of != gaz.id() || *len >= MEMO_LIMIT {
            memo.clear();
            (*of, *len) = (gaz.id(), 0);
        }
        for (i, m) in mentions.iter().enumerate() {
            let triple = (m.key.as_str(), m.cue, m.candidates.as_slice());
            let fs = match first.entry(triple) {
                Entry::Occupied(e) => own[*e.get()].clone(),
                Entry::Vacant(e) => {
                    e.insert(i);
                    let bucket = memo
                        .entry(FastHash::default().hash_one(triple))
                        .or_default();
                    let known = bucket
                        .iter()
                        .find(|r| (&*r.0, r.1, &*r.2) == triple)
                        .map(|r| r.3.clone());
                    known.unwrap_or_else(|| {
                        let fs = features(gaz, m);
                        bucket.push((
                            m.key.as_str().into(),
                            m.cue,
                            m.candidates.clone().into(),
                            fs.clone(),
                        ));
                        *len += 1;
                        fs
                    })
                }
            };
            own.push(fs);
        }
    });
    own
}

fn features(gaz: &Gazetteer, m: &Mention) -> Vec<Features> {
    let mut fs: Vec<Features> = m
        .candidates
        .iter()
        .map(|&c| own_features(gaz.place(c), m))
        .collect();
    namesakes(gaz, m, &mut fs);
    fs
}
