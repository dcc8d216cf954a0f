//! Each mention's own features and namesakes (see [`own_features`], [`namesakes`]), which
//! depend only on its name, cue and candidates: computed once per such triple in a document,
//! and remembered per thread across documents (the same places recur in story after story),
//! with the [`Facts`] of its candidates the later rules ask for in every document and round.

use std::cell::RefCell;
use std::collections::hash_map::Entry;
use std::hash::BuildHasher;
use std::ops::Range;
use std::rc::Rc;

use super::context::{cos_lat, fine, unit};
use super::rules::{is_prominent, namesakes, own_features, small_namesakes};
use super::scratch::{emptied, ByHash, Spare};
use super::{Features, Weights};
use crate::gazetteer::{Gazetteer, Kind, PlaceId};
use crate::lexicon::{FastHash, FastMap};
use crate::recognize::{Cue, Mention};

/// What the rules read of a candidate's entry in every document and round, read once: its
/// kind, whether it is prominent ([`is_prominent`]) or a capital, its population, its
/// point on the unit sphere and latitude cosine (as [`super::context`] computes them), and
/// its country and divisions as numbers.
#[derive(Clone, Copy, Debug)]
pub(super) struct Facts {
    pub kind: Kind,
    pub prominent: bool,
    pub capital: bool,
    pub population: u64,
    pub unit: [f64; 3],
    pub cos_lat: f64,
    /// Its (country, first-level, second-level) codes, interned ([`code_id`]), when the
    /// entry has both division codes: equal codes, equal numbers (on one thread).
    pub division: Option<u32>,
    /// Its country code ([`country_id`]), (country, first-level) codes and, when it has a
    /// second-level code, (country, first-level, second-level) codes, interned likewise.
    pub country: u32,
    pub admin1: u32,
    pub admin2: Option<u32>,
    /// Its parent entry and point, as the entry has them (read per candidate and round).
    pub parent: Option<PlaceId>,
    pub lat: f64,
    pub lon: f64,
    /// For a settlement or finer: its first [`UP`] ancestors of second level or finer, the
    /// only ones that can be chosen places containing it ([`super::context`]), among the
    /// eight nearest (the first `up_len`; `None`: more than three, walk the parents).
    pub up: [PlaceId; 3],
    pub up_len: Option<u8>,
}

/// Ancestors a candidate's facts hold (more are found by walking its parents).
const UP: usize = 3;

impl Facts {
    pub(super) fn of(gaz: &Gazetteer, c: PlaceId) -> Facts {
        let p = gaz.place(c);
        let (cc, a1, a2) = (&*p.country_code, &*p.admin1_code, &*p.admin2_code);
        let admin2 = (!a2.is_empty()).then(|| code_id(&[cc, a1, a2]));
        let (up, up_len) = if fine(p.kind) {
            fine_ancestors(gaz, p.parent)
        } else {
            ([PlaceId(0); UP], Some(0))
        };
        Facts {
            kind: p.kind,
            prominent: is_prominent(p),
            capital: p.is_capital(),
            population: p.population,
            unit: unit(p),
            cos_lat: cos_lat(p.lat),
            division: admin2.filter(|_| !a1.is_empty()),
            country: country_id(cc),
            admin1: code_id(&[cc, a1]),
            admin2,
            parent: p.parent,
            lat: p.lat,
            lon: p.lon,
            up,
            up_len,
        }
    }
}

/// The ancestors of second level or finer among the eight from `parent` up, when there are
/// at most [`UP`] (`None` otherwise): the rounds test them for a chosen place without
/// reading a gazetteer record.
fn fine_ancestors(gaz: &Gazetteer, parent: Option<PlaceId>) -> ([PlaceId; UP], Option<u8>) {
    let mut up = [PlaceId(0); UP];
    let mut n = 0;
    let mut cur = parent;
    for _ in 0..8 {
        let Some(a) = cur else { break };
        let q = gaz.place(a);
        if q.kind >= Kind::Admin2 {
            if n == UP {
                return (up, None);
            }
            up[n] = a;
            n += 1;
        }
        cur = q.parent;
    }
    (up, Some(n as u8))
}

/// A number per distinct tuple of codes, the same for the thread's life: the rules compare
/// divisions by number instead of hashing and comparing their code strings in every
/// document. The codes seen are the gazetteer's divisions, so the table stays small.
fn code_id(parts: &[&str]) -> u32 {
    thread_local!(static CODES: RefCell<(FastMap<Box<str>, u32>, String)> =
        RefCell::new((FastMap::default(), String::new())));
    CODES.with_borrow_mut(|(ids, joined)| {
        joined.clear();
        for (n, part) in parts.iter().enumerate() {
            if n > 0 {
                // No code holds a NUL: the joined tuple is unambiguous.
                joined.push('\0');
            }
            joined.push_str(part);
        }
        intern(ids, joined)
    })
}

/// A number per distinct country code, the same for the thread's life, counted from 0 (a
/// few hundred at most: the rounds count choices per country in a table at that index).
pub(super) fn country_id(code: &str) -> u32 {
    thread_local!(static COUNTRIES: RefCell<FastMap<Box<str>, u32>> =
        RefCell::new(FastMap::default()));
    COUNTRIES.with_borrow_mut(|ids| intern(ids, code))
}

/// `key`'s number in `ids`, the next one if it has none yet.
fn intern(ids: &mut FastMap<Box<str>, u32>, key: &str) -> u32 {
    if let Some(&id) = ids.get(key) {
        return id;
    }
    let id = ids.len() as u32;
    ids.insert(key.into(), id);
    id
}

/// The facts of each mention's candidates, in order (shared with the memo).
pub(super) type AllFacts = Vec<Rc<[Facts]>>;

/// A remembered triple, its features with what the rounds read of each candidate
/// ([`Slim`]), and its candidates' facts.
type Remembered = (Box<str>, Option<Cue>, Box<[PlaceId]>, Memoised, Rc<[Facts]>);

/// A triple's features (shared by every document that has it) and its candidates' [`Slim`]
/// records, as the own rules leave them.
type Memoised = (Rc<[Features]>, Vec<Slim>);

/// Triples remembered per thread before the memo starts again (a few MB at most).
const MEMO_LIMIT: usize = 1 << 11;

/// What the rules read of a candidate's features in every round, beside its
/// [`Features::own_score`]: copied per candidate instead of its whole [`Features`], which
/// stay in the memo ([`Own::features`] rebuilds them).
#[derive(Clone, Copy, Debug)]
pub(super) struct Slim {
    head: f64,
    nested: f64,
    flags: u8,
}

/// [`Slim::flags`]: `canonical_name` > 0; `contained_in_text` or `cue_fits` > 0 in the memo's
/// features; `contained_in_text` and `container_in_text` set (1) by a rule of the document;
/// a small namesake whose context needs evidence ([`small_namesakes`]).
const CANONICAL: u8 = 1;
const EVIDENCE: u8 = 2;
const CONTAINED: u8 = 4;
const CONTAINER: u8 = 8;
const SMALL: u8 = 16;

impl Slim {
    /// `small`: the candidate is a small namesake ([`small_namesakes`]).
    fn of(f: &Features, w: &Weights, small: bool) -> Slim {
        let evidence = f.contained_in_text > 0.0 || f.cue_fits > 0.0;
        Slim {
            head: f.own_score(w),
            nested: f.nested_candidate,
            flags: (f.canonical_name > 0.0) as u8 * CANONICAL
                + evidence as u8 * EVIDENCE
                + small as u8 * SMALL,
        }
    }

    /// Whether the candidate has its own name (`canonical_name` > 0).
    #[inline]
    pub(super) fn canonical(&self) -> bool {
        self.flags & CANONICAL != 0
    }

    /// Whether the candidate's context is withheld without local evidence: a small
    /// namesake ([`small_namesakes`]) with neither `contained_in_text` nor `cue_fits`.
    #[inline]
    pub(super) fn gated(&self) -> bool {
        self.flags & (SMALL | EVIDENCE | CONTAINED) == SMALL
    }

    /// Context `c` with the candidate's score with it ([`Slim::score_with`]).
    #[inline]
    pub(super) fn sealed(&self, c: Ctx, w: &Weights) -> Ctx {
        Ctx {
            score: self.score_with(&c, w),
            ..c
        }
    }

    /// The same record, to the bit.
    fn same(&self, o: &Slim) -> bool {
        self.head.to_bits() == o.head.to_bits()
            && self.nested.to_bits() == o.nested.to_bits()
            && self.flags == o.flags
    }
}

/// Every mention's candidates' features: the memo's (mention `i`'s at `memo[i]`) and, in one
/// buffer, each candidate's [`Slim`] record (mention `i`'s at `at[i]..at[i + 1]`) with its
/// [`Features::own_score`] ([`Own::reseal`] a mention whose own terms a rule changed) and the
/// document's changes: the context rules change only the later terms, so a score with
/// context keeps the own score.
#[derive(Debug)]
pub(super) struct Own {
    memo: Vec<Rc<[Features]>>,
    slim: Vec<Slim>,
    at: Vec<usize>,
}

impl Own {
    /// Room for the features of `mentions` (no buffer grown and copied again on the way), in
    /// the spare buffers.
    fn for_mentions(mentions: &[Mention], spare: &mut Spare) -> Own {
        let mut at = emptied(&mut spare.at);
        at.reserve(mentions.len() + 1);
        at.push(0);
        let candidates = mentions.iter().map(|m| m.candidates.len()).sum();
        let (mut memo, mut slim) = (emptied(&mut spare.memo), emptied(&mut spare.slim));
        memo.reserve(mentions.len());
        slim.reserve(candidates);
        Own { memo, slim, at }
    }

    /// The next mention's features.
    fn push(&mut self, (fs, slim): &Memoised) {
        self.memo.push(fs.clone());
        self.slim.extend_from_slice(slim);
        self.at.push(self.slim.len());
    }

    /// The next mention's features, those of mention `j`.
    fn push_again(&mut self, j: usize) {
        self.memo.push(self.memo[j].clone());
        self.slim.extend_from_within(self.range(j));
        self.at.push(self.slim.len());
    }

    /// Where mention `i`'s candidates are in the buffer (and in any parallel to it).
    pub(super) fn range(&self, i: usize) -> Range<usize> {
        self.at[i]..self.at[i + 1]
    }

    /// Candidate `k` of mention `i`'s features as the memo has them: right for those no rule
    /// of the document changes (all but `nested_candidate`, `contained_in_text` and
    /// `container_in_text`, see [`Own::features`]), without a copy.
    pub(super) fn remembered(&self, i: usize, k: usize) -> &Features {
        &self.memo[i][k]
    }

    /// Every mention's candidates, in all.
    pub(super) fn n_candidates(&self) -> usize {
        self.slim.len()
    }

    /// Mention `i`'s number of candidates.
    pub(super) fn len(&self, i: usize) -> usize {
        self.range(i).len()
    }

    fn slim_mut(&mut self, i: usize, k: usize) -> &mut Slim {
        let j = self.at[i] + k;
        &mut self.slim[j]
    }

    /// Candidate `k` of mention `i` is nested ([`super::rules::nested_candidates`]).
    pub(super) fn set_nested(&mut self, i: usize, k: usize) {
        self.slim_mut(i, k).nested = 1.0;
    }

    /// Mention `i`'s candidates nested as mention `j`'s, of the same candidates.
    pub(super) fn nested_as(&mut self, i: usize, j: usize) {
        let (to, from) = (self.range(i), self.range(j));
        debug_assert_eq!(to.len(), from.len());
        for (t, f) in to.zip(from) {
            self.slim[t].nested = self.slim[f].nested;
        }
    }

    /// Candidate `k` of mention `i` is contained in a place the text links it to.
    pub(super) fn set_contained_in_text(&mut self, i: usize, k: usize) {
        self.slim_mut(i, k).flags |= CONTAINED;
    }

    /// Candidate `k` of mention `i` contains a place the text links it to.
    pub(super) fn set_container_in_text(&mut self, i: usize, k: usize) {
        self.slim_mut(i, k).flags |= CONTAINER;
    }

    /// Mention `i`'s candidates' records.
    pub(super) fn slims(&self, i: usize) -> &[Slim] {
        &self.slim[self.range(i)]
    }

    /// Whether mentions `i` and `j` have the same records, to the bit (then, with the same
    /// name, candidates and choice, the same contexts and scores in every round).
    pub(super) fn alike(&self, i: usize, j: usize) -> bool {
        let (a, b) = (self.slims(i), self.slims(j));
        a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.same(y))
    }

    /// Candidate `k` of mention `i`'s own features: the memo's with the document's changes.
    pub(super) fn features(&self, i: usize, k: usize) -> Features {
        let s = &self.slim[self.at[i] + k];
        let mut f = self.memo[i][k];
        f.nested_candidate = s.nested;
        if s.flags & CONTAINED != 0 {
            f.contained_in_text = 1.0;
        }
        if s.flags & CONTAINER != 0 {
            f.container_in_text = 1.0;
        }
        f
    }

    /// Sums mention `i`'s candidates' own terms again: called for a mention whose own terms
    /// a rule changed (see [`super::rules::text_containment`]).
    pub(super) fn reseal(&mut self, i: usize, w: &Weights) {
        for k in 0..self.len(i) {
            let head = self.features(i, k).own_score(w);
            self.slim_mut(i, k).head = head;
        }
    }

    /// The score of candidate `k` of mention `i` ([`Features::score`], the same bits): the
    /// own features have no context (all zero, as [`Ctx::default`]).
    pub(super) fn score(&self, i: usize, k: usize, w: &Weights) -> f64 {
        self.slim[self.at[i] + k].score_with(&Ctx::default(), w)
    }
}

impl Slim {
    /// [`Features::score`] of the candidate's features with context `c`, the same bits: its
    /// own score, then the later terms in [`Features::score`]'s order.
    fn score_with(&self, c: &Ctx, w: &Weights) -> f64 {
        self.head
            + c.contained_in_doc * w.contained_in_doc
            + self.nested * w.nested_candidate
            + c.country_share * w.country_share
            + c.country_named * w.country_named
            + c.admin1_named * w.admin1_named
            + c.distance * w.distance
    }
}

/// The features the context rounds set; a candidate's others are its own ([`Own`]).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(super) struct Ctx {
    pub contained_in_doc: f64,
    pub country_share: f64,
    pub country_named: f64,
    pub admin1_named: f64,
    pub distance: f64,
    /// The candidate's score with this context, kept by [`Total::seal`] (kept beside the
    /// context, not in a buffer of its own: no allocation more per document).
    pub score: f64,
}

impl Ctx {
    /// `own` with this context: the candidate's features.
    pub(super) fn on(&self, own: &Features) -> Features {
        Features {
            contained_in_doc: self.contained_in_doc,
            country_share: self.country_share,
            country_named: self.country_named,
            admin1_named: self.admin1_named,
            distance: self.distance,
            ..*own
        }
    }
}

/// Every candidate's features in a round: its own features and, beside them, its context
/// (a round writes a few numbers per candidate instead of copying all its features) with
/// its score once the round is over ([`Total::seal`]).
#[derive(Debug)]
pub(super) struct Total {
    pub own: Own,
    pub ctx: Vec<Ctx>,
}

impl Total {
    /// The own features with no context yet (the own rules set none of the context's): room
    /// for every candidate's, written by the rounds in buffer order ([`Total::no_context`]
    /// fills what no round wrote).
    #[cfg(test)]
    pub(super) fn of(own: Own) -> Total {
        Total::with(own, Vec::new())
    }

    /// [`Total::of`] in buffer `ctx` (emptied).
    pub(super) fn with(own: Own, mut ctx: Vec<Ctx>) -> Total {
        ctx.clear();
        ctx.reserve(own.slim.len());
        Total { own, ctx }
    }

    /// Its buffers, kept in `spare` for the next document.
    pub(super) fn keep(self, spare: &mut Spare) {
        let Own { memo, slim, at } = self.own;
        (spare.memo, spare.slim, spare.at, spare.ctx) = (memo, slim, at, self.ctx);
    }

    /// A context buffer from `spare` ([`Total::with`]).
    pub(super) fn spare_ctx(spare: &mut Spare) -> Vec<Ctx> {
        std::mem::take(&mut spare.ctx)
    }

    /// Every candidate with no context written gets none (no round ran), and its score.
    pub(super) fn no_context(&mut self, w: &Weights) {
        if self.ctx.len() != self.own.slim.len() {
            self.ctx.resize(self.own.slim.len(), Ctx::default());
            self.seal(w);
        }
    }

    /// Every candidate's score with the context the round wrote, kept: the rules after it
    /// ask for scores again and again ([`Total::score`]).
    pub(super) fn seal(&mut self, w: &Weights) {
        for (s, c) in self.own.slim.iter().zip(self.ctx.iter_mut()) {
            c.score = s.score_with(c, w);
        }
    }

    /// The score of candidate `k` of mention `i`: [`Features::score`] of its features, the
    /// same bits ([`Slim::score_with`]), as the last [`Total::seal`] kept it.
    pub(super) fn score(&self, i: usize, k: usize) -> f64 {
        self.ctx[self.own.at[i] + k].score
    }

    /// Mention `i`'s candidates' scores ([`Total::score`]).
    pub(super) fn scores(&self, i: usize) -> impl Iterator<Item = f64> + '_ {
        self.ctx[self.own.range(i)].iter().map(|c| c.score)
    }

    /// Whether mentions `i` and `j` score their candidates alike, to the bit.
    pub(super) fn alike(&self, i: usize, j: usize) -> bool {
        let (a, b) = (&self.ctx[self.own.range(i)], &self.ctx[self.own.range(j)]);
        a.len() == b.len()
            && a.iter()
                .zip(b)
                .all(|(x, y)| x.score.to_bits() == y.score.to_bits())
    }

    /// The features per mention.
    pub(super) fn into_lists(self) -> Vec<Vec<Features>> {
        (0..self.own.at.len() - 1)
            .map(|i| {
                let cs = &self.ctx[self.own.range(i)];
                cs.iter()
                    .enumerate()
                    .map(|(k, c)| c.on(&self.own.features(i, k)))
                    .collect()
            })
            .collect()
    }
}

/// The own features of every mention (with their own scores under `w`), its candidates'
/// facts, and the earlier mention with the same name, cue and candidates, if any, in order.
pub(super) fn own_of(
    gaz: &Gazetteer,
    mentions: &[Mention],
    w: &Weights,
    spare: &mut Spare,
) -> (Own, AllFacts, Vec<Option<usize>>) {
    // Keyed by the triple's hash, each entry checked in full: a borrowed triple cannot look
    // up an owned key. Kept for one gazetteer and one set of weights (the own scores).
    type Memo = (u64, Option<Weights>, usize, ByHash<Vec<Remembered>>);
    thread_local!(static MEMO: RefCell<Memo> =
        RefCell::new((u64::MAX, None, 0, ByHash::default())));
    let mut own = Own::for_mentions(mentions, spare);
    let mut facts: AllFacts = emptied(&mut spare.facts);
    facts.reserve(mentions.len());
    let mut same = emptied(&mut spare.same);
    same.reserve(mentions.len());
    // The first mention of each triple's hash (a later one with the hash is checked in full).
    let first = &mut spare.first;
    first.clear();
    first.reserve(mentions.len());
    MEMO.with_borrow_mut(|(of, weights, len, memo)| {
        // Weights compared by value (NaN weights never equal: the memo starts again).
        if *of != gaz.id() || weights.as_ref() != Some(w) || *len >= MEMO_LIMIT {
            memo.clear();
            (*of, *len) = (gaz.id(), 0);
            if weights.as_ref() != Some(w) {
                *weights = Some(w.clone());
            }
        }
        for (i, m) in mentions.iter().enumerate() {
            let triple = (m.key.as_str(), m.cue, m.candidates.as_slice());
            let hash = triple_hash(triple);
            // The first mention of the hash is kept (a later one with another triple is not).
            let earlier = match first.entry(hash) {
                Entry::Occupied(e) => Some(*e.get()).filter(|&j| {
                    let o = &mentions[j];
                    (o.key.as_str(), o.cue, o.candidates.as_slice()) == triple
                }),
                Entry::Vacant(e) => {
                    e.insert(i);
                    None
                }
            };
            same.push(earlier);
            if let Some(j) = earlier {
                own.push_again(j);
                facts.push(facts[j].clone());
                continue;
            }
            let bucket = memo.entry(hash).or_default();
            if let Some(r) = bucket.iter().find(|r| (&*r.0, r.1, &*r.2) == triple) {
                own.push(&r.3);
                facts.push(r.4.clone());
                continue;
            }
            let fs = features(gaz, m);
            let xs: Rc<[Facts]> = m.candidates.iter().map(|&c| Facts::of(gaz, c)).collect();
            let small = small_namesakes(w, &xs);
            let slim = fs
                .iter()
                .zip(small)
                .map(|(f, s)| Slim::of(f, w, s))
                .collect();
            let fs: Memoised = (fs.into(), slim);
            own.push(&fs);
            facts.push(xs.clone());
            let key = m.key.as_str().into();
            bucket.push((key, m.cue, m.candidates.as_slice().into(), fs, xs));
            *len += 1;
        }
    });
    (own, facts, same)
}

/// A hash of a (name, cue, candidates) triple: of the name, the cue and the candidates'
/// number, first and last (equal triples, equal hashes; each hit is checked in full). A
/// name's candidates are the same list in every mention of it, and a long one: hashing
/// every candidate cost more than the checks it spared.
fn triple_hash((key, cue, candidates): (&str, Option<Cue>, &[PlaceId])) -> u64 {
    let ends = (candidates.first(), candidates.last());
    FastHash::default().hash_one((key, cue, candidates.len(), ends))
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A score from own features and a context beside them is the score of the features the
    /// two make, to the bit.
    #[test]
    fn total_score_is_the_features_score() {
        let w = Weights::bundled();
        let mut x = 0x2545_F491_4F6C_DD1Du64;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x % 100_000) as f64 / 7.0 - 4000.0
        };
        let n = Features::NAMES.len();
        let feats: Vec<Features> = (0..300)
            .map(|_| Features::from_values(&(0..n).map(|_| next()).collect::<Vec<f64>>()))
            .collect();
        let mut total = Total::of(linked(feats, w, 3));
        total.no_context(w);
        for c in total.ctx.iter_mut() {
            *c = Ctx {
                contained_in_doc: next(),
                country_share: next(),
                country_named: next(),
                admin1_named: next(),
                distance: next(),
                ..Ctx::default()
            };
        }
        total.seal(w);
        for k in 0..total.own.len(0) {
            let f = total.ctx[k].on(&total.own.features(0, k));
            assert_eq!(total.score(0, k).to_bits(), f.score(w).to_bits(), "{f:?}");
        }
    }

    /// One mention's candidates with these features, every `step`-th (and the next two) set
    /// by the document's rules as contained, container and nested, then resealed.
    fn linked(feats: Vec<Features>, w: &Weights, step: usize) -> Own {
        let mut own = Own {
            at: vec![0, feats.len()],
            slim: feats.iter().map(|f| Slim::of(f, w, false)).collect(),
            memo: vec![feats.into()],
        };
        for k in (0..own.len(0)).step_by(step) {
            own.set_contained_in_text(0, k);
            own.set_container_in_text(0, k + 1);
            own.set_nested(0, k + 2);
        }
        own.reseal(0, w);
        own
    }

    /// A score of own features alone, from the slim records, is the score of the features
    /// as the own rules and the document's rules leave them (no context), to the bit.
    #[test]
    fn own_score_is_the_features_score() {
        let w = Weights::bundled();
        let feats: Vec<Features> = (0..40)
            .map(|n| Features {
                prominence: n as f64 / 7.0,
                canonical_name: (n % 2) as f64,
                cue_fits: (n % 3 == 0) as u8 as f64,
                cue_clashes: (n % 3 == 1) as u8 as f64,
                namesake_big_city: (n % 5 == 0) as u8 as f64,
                ..Features::default()
            })
            .collect();
        let own = linked(feats, w, 4);
        for k in 0..own.len(0) {
            let f = own.features(0, k);
            assert_eq!(own.score(0, k, w).to_bits(), f.score(w).to_bits(), "{f:?}");
            let s = &own.slims(0)[k];
            assert_eq!(s.canonical(), f.canonical_name > 0.0);
            assert!(!s.gated(), "not a small namesake: never gated");
            // As a small namesake: gated unless the text or a cue is evidence for it.
            let small = Slim {
                flags: s.flags | SMALL,
                ..*s
            };
            assert_eq!(
                small.gated(),
                !(f.contained_in_text > 0.0 || f.cue_fits > 0.0)
            );
        }
    }

    /// A context sealed with a record's score keeps the context and takes
    /// [`Slim::score_with`]'s bits; alike records are alike to the bit.
    #[test]
    fn sealed_is_score_with() {
        let w = Weights::bundled();
        let f = Features {
            prominence: 0.3,
            canonical_name: 1.0,
            ..Features::default()
        };
        let s = Slim::of(&f, w, true);
        let c = Ctx {
            contained_in_doc: 1.0,
            country_share: 0.25,
            distance: 0.5,
            ..Ctx::default()
        };
        let sealed = s.sealed(c, w);
        assert_eq!(sealed.score.to_bits(), s.score_with(&c, w).to_bits());
        assert_eq!(
            Ctx {
                score: 0.0,
                ..sealed
            },
            c
        );
        assert!(s.same(&Slim::of(&f, w, true)));
        assert!(!s.same(&Slim::of(&f, w, false)));
    }
}
