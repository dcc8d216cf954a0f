//! A record's mentions folded per place where the record is made, so that the one thread that
//! reduces the records does per place of a document what it did per mention, and frees few
//! mentions.

use std::sync::RwLock;

use super::{DocRecord, MentionRow, MentionView, RoleCounts};
use crate::gazetteer::PlaceId;
use crate::lexicon::FastMap;

/// Per place whose evidence is full, the largest (document, start) a reducer keeps: shared
/// with the workers that fold records, so that they drop the mentions it would pass over
/// instead of handing them on. A place's bar only falls as records are added, so one read
/// before the reducer comes to a mention never drops a mention it would keep.
#[derive(Debug, Default)]
pub struct EvidenceBar(RwLock<FastMap<PlaceId, (String, usize)>>);

impl EvidenceBar {
    /// Lowers `place`'s bar to `(doc, start)`.
    pub(super) fn set(&self, place: PlaceId, doc: &str, start: usize) {
        let mut bars = self.0.write().unwrap_or_else(|e| e.into_inner());
        let bar = bars.entry(place).or_default();
        bar.0.clear();
        bar.0.push_str(doc);
        bar.1 = start;
    }
}

/// One document's mentions folded for [`super::Reducer::add_folded`]: counts per place and,
/// of its mentions, only those that a reducer might keep as evidence. The reducer's summary
/// is the same as from the whole record (see [`MentionFold::take`]).
#[derive(Debug, Default)]
pub struct MentionFold {
    /// Every mention of the record, resolved or not.
    pub(super) mentions: u64,
    /// Per place mentioned, in order of first mention.
    pub(super) places: Vec<PlaceFold>,
    /// The mentions that may be evidence, in record order.
    pub(super) evidence: Vec<MentionRow>,
}

/// One place's mentions in one document.
#[derive(Debug)]
pub(super) struct PlaceFold {
    pub(super) place: PlaceId,
    pub(super) count: u64,
    /// The highest confidence (from 0, as the reducer starts).
    pub(super) confidence: f64,
    pub(super) roles: RoleCounts,
    /// Mentions passed on as evidence so far, and the largest start among them.
    passed: usize,
    last_start: usize,
    /// Where the place's bar cuts the document's mentions, once read (by [`MentionFold::add`]).
    cut: Option<Cut>,
}

/// Where a place's bar, read once, cuts one document's mentions: all of them, none, or
/// those from a start on.
#[derive(Clone, Copy, Debug)]
enum Cut {
    All,
    None,
    From(usize),
}

impl Cut {
    fn of(bars: &FastMap<PlaceId, (String, usize)>, place: PlaceId, doc: &str) -> Cut {
        match bars.get(&place) {
            None => Cut::None,
            Some((bar_doc, start)) => match doc.cmp(bar_doc) {
                std::cmp::Ordering::Less => Cut::None,
                std::cmp::Ordering::Equal => Cut::From(*start),
                std::cmp::Ordering::Greater => Cut::All,
            },
        }
    }

    fn drops(self, start: usize) -> bool {
        match self {
            Cut::All => true,
            Cut::None => false,
            Cut::From(s) => start >= s,
        }
    }
}

impl MentionFold {
    /// Takes the mentions out of `rec` (leaving none) and folds them for a reducer that keeps
    /// `evidence` mentions per place and, if given, publishes its `bar`.
    ///
    /// A reducer keeps the smallest mentions by (document, start) it was given. When
    /// `evidence` earlier mentions of the same document and place start no later than a
    /// mention, the reducer holds `evidence` mentions no larger when it comes to it, whatever
    /// else it was given, and passes it over: such a mention is dropped here; every other one
    /// is passed on, in order, so the reducer does exactly what it would have done. So is a
    /// mention at or above its place's bar.
    pub fn take(rec: &mut DocRecord, evidence: usize, bar: Option<&EvidenceBar>) -> MentionFold {
        let mentions = std::mem::take(&mut rec.mentions);
        let bars = bar.map(|b| b.0.read().unwrap_or_else(|e| e.into_inner()));
        let mut fold = MentionFold::default();
        for m in mentions {
            let over_bar = |p, _: &mut Option<Cut>| {
                bars.as_ref()
                    .is_some_and(|b| Cut::of(b, p, &m.doc).drops(m.start))
            };
            if fold.count(&m.view(), evidence, over_bar) {
                fold.evidence.push(m);
            }
        }
        fold
    }

    /// Folds one more mention, borrowed, as [`MentionFold::take`] folds each of a record's
    /// mentions (given in record order, all of one document, for the same `evidence` and
    /// `bar`): a mention that may be evidence is copied, no other.
    pub fn add(&mut self, m: &MentionView, evidence: usize, bar: Option<&EvidenceBar>) {
        // A place's bar is read once per document, when a mention first comes to it: the bar
        // only falls, so that read drops no mention a later read would keep.
        let over_bar = |p, cut: &mut Option<Cut>| {
            let Some(bar) = bar else { return false };
            cut.get_or_insert_with(|| {
                let bars = bar.0.read().unwrap_or_else(|e| e.into_inner());
                Cut::of(&bars, p, m.doc)
            })
            .drops(m.start)
        };
        if self.count(m, evidence, over_bar) {
            self.evidence.push(m.to_row());
        }
    }

    /// Counts `m` for its place; whether it is to be passed on as evidence (see
    /// [`MentionFold::take`]). `over_bar` says whether the place's bar drops it, given the
    /// place and its cut as far as known.
    fn count(
        &mut self,
        m: &MentionView,
        evidence: usize,
        over_bar: impl FnOnce(PlaceId, &mut Option<Cut>) -> bool,
    ) -> bool {
        self.mentions += 1;
        let Some(p) = m.place else { return false };
        // A document mentions few places: a scan beats hashing.
        let at = match self.places.iter().position(|f| f.place == p) {
            Some(at) => at,
            None => {
                self.places.push(PlaceFold {
                    place: p,
                    count: 0,
                    confidence: 0.0,
                    roles: RoleCounts::default(),
                    passed: 0,
                    last_start: 0,
                    cut: None,
                });
                self.places.len() - 1
            }
        };
        let f = &mut self.places[at];
        f.count += 1;
        f.confidence = f.confidence.max(m.confidence);
        f.roles.add(m.role);
        // Every mention passed on so far starts no later than this one only if it is not
        // before the last of them.
        if evidence > 0
            && (f.passed < evidence || m.start < f.last_start)
            && !over_bar(p, &mut f.cut)
        {
            f.passed += 1;
            f.last_start = f.last_start.max(m.start);
            return true;
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::result::keep_smallest;
    use crate::roles::Role;

    fn row(doc: &str, start: usize, place: u32) -> MentionRow {
        MentionRow {
            doc: doc.into(),
            start,
            end: start + 1,
            text: "x".into(),
            place: Some(PlaceId(place)),
            confidence: 0.5,
            role: Role::Mention,
            sentence: String::new(),
        }
    }

    /// Folded records, made a few ahead of the reducer as workers make them, give the evidence
    /// every mention given in turn gives: with repeated ids, unsorted starts and ties.
    #[test]
    fn folding_keeps_the_evidence_every_mention_keeps() {
        let ids = ["d5", "d1", "d9", "d1", "d3", "d0", "d7", "d2", "d0", "d4"];
        let mut seed = 7u64;
        let mut next = move |n: u64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) % n
        };
        let records: Vec<DocRecord> = (0..40)
            .map(|i| DocRecord {
                doc: ids[i % ids.len()].into(),
                mentions: (0..next(12))
                    .map(|_| row(ids[i % ids.len()], next(30) as usize, next(4) as u32))
                    .collect(),
                ..DocRecord::default()
            })
            .collect();
        for n in [0, 1, 3] {
            let mut want: FastMap<PlaceId, Vec<MentionRow>> = FastMap::default();
            for m in records.iter().flat_map(|r| &r.mentions) {
                keep_smallest(want.entry(m.place.unwrap()).or_default(), m.clone(), n);
            }
            let bar = EvidenceBar::default();
            let mut got: FastMap<PlaceId, Vec<MentionRow>> = FastMap::default();
            for chunk in records.chunks(4) {
                let folds: Vec<MentionFold> = chunk
                    .iter()
                    .map(|r| MentionFold::take(&mut r.clone(), n, Some(&bar)))
                    .collect();
                // Mentions added one at a time, borrowed, fold as the taken record does.
                for (r, f) in chunk.iter().zip(&folds) {
                    let mut one = MentionFold::default();
                    r.mentions
                        .iter()
                        .for_each(|m| one.add(&m.view(), n, Some(&bar)));
                    let sums = |f: &MentionFold| {
                        let places: Vec<_> = f
                            .places
                            .iter()
                            .map(|p| (p.place, p.count, p.confidence, p.roles))
                            .collect();
                        (f.mentions, places, f.evidence.clone())
                    };
                    assert_eq!(sums(&one), sums(f));
                }
                for m in folds.into_iter().flat_map(|f| f.evidence) {
                    let p = m.place.unwrap();
                    let kept = got.entry(p).or_default();
                    if keep_smallest(kept, m, n) && kept.len() == n {
                        let last = kept.last().unwrap();
                        bar.set(p, &last.doc, last.start);
                    }
                }
            }
            got.retain(|_, k| !k.is_empty());
            want.retain(|_, k| !k.is_empty());
            assert_eq!(got, want);
        }
    }
}
