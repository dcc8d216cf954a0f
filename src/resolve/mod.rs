//! Resolving each mention to one gazetteer entry, with an explicit, documented score.
//!
//! Every candidate of a mention gets features; its score is their sum weighted by
//! [`Weights`] (`data/weights/resolver.tsv`, fitted by `bench/train.sh` with k-fold
//! cross-validation on the development corpora; the field names are the rows below):
//!
//! | feature | value | rule |
//! |---|---|---|
//! | `prominence` | `ln(1 + population) / ln(1 + 10^7)`, at most 1.2 | [`own_features`](rules::own_features) |
//! | `country`, `admin1_own_name`, `admin1_short`, `admin2`, `district`, `landmark`, `feature` | 1 for the entry's kind (a region by its own name or exonym, "California", "Crete", or by its name without the type word, "Kharkiv" of "Kharkiv Oblast"; `feature`: island, sea, river, mountains, macro-region) | [`own_features`](rules::own_features) |
//! | `capital` | 1 for a national capital | [`own_features`](rules::own_features) |
//! | `canonical_name` | 1 when the mention is the entry's canonical name, not an alternate | [`own_features`](rules::own_features) |
//! | `cue_fits`, `cue_clashes` | 1 when a cue word asks for the entry's kind ("X Oblast" → admin1, "X district" → district/admin2, "city of X" → city), or for another | [`own_features`](rules::own_features) |
//! | `namesake_country` | 1 for a smaller place named like a country among the candidates ("China", Texas), or a region named like its own country | [`namesakes`](rules::namesakes) |
//! | `namesake_big_city` | 1 for a region named like a city of 500,000+ inside it ("New York" state) unless a cue asks for a region | [`namesakes`](rules::namesakes) |
//! | `contained_in_text`, `container_in_text` | 1 when the text says X lies in Y ("Selydove, Donetsk", "X in the Y region", "the Texas city of Austin", "X (Y Oblast)"; see [`containment`]), for X's candidates inside some Y candidate and Y's candidates around some X candidate | [`text_containment`](rules::text_containment) |
//! | `nested_candidate` | 1 when a second-level division among one name's candidates holds a candidate of another name of the document, for both ("Paris and Henry County") | [`nested_candidates`](rules::nested_candidates) |
//! | `contained_in_doc` | 1 when a place another name of the document resolved to (admin2 or finer) contains it (a district of a city the story names) | [`Summary::context`] |
//! | `country_share` | share of the mentions of the document's other names in the entry's country (a name's own repetitions are no evidence for it) | [`Summary::context`] |
//! | `country_named`, `admin1_named` | 1 when the entry's country (first-level division) is named (a Cyrillic region named only as another place's container, "в Богодухове Харьковской области", names none) | [`Summary::context`] |
//! | `distance` | `exp(−d / distance_scale_km)`, d the distance to the nearest place another name resolved to (0 for a settlement of 100,000+ that another name chose itself) | [`Summary::context`] |
//!
//! **Prominence needs evidence to be overturned** ([`small_namesakes`](rules::small_namesakes)): when a name's
//! candidates include a country, first-level region, national capital or physical feature, a
//! small namesake
//! (under `small_namesake_population`, not a capital) gets no context features (country share,
//! named country or region, distance) unless there is specific evidence for it: containment in
//! the text, a cue word that fits it, a place of the story that contains it, or its own name
//! inside a first-level region the text names. "Congo" beside
//! "Brazil" stays the country; "Moscow, Idaho" is the town.
//!
//! **Stated containment is kept** ([`statement`]): when a sentence or an apposition says
//! where a place is ("Paris is a city in Monroe County", "Marinka, a town in the Donetsk
//! region"), the mention takes its best candidate inside the place the container resolved to
//! (for a settlement: within 30 km), or the best pair of its candidates and the container's
//! with one inside the other; when the gazetteer has none there (a hamlet under 500 people) it
//! is placed at the container (confidence halved; a country only when no candidate lies in it).
//!
//! Resolution runs in rounds: the first uses only the mention's own features, later rounds add
//! the context of the previous round's choices, read from a per-document [`Summary`] (country
//! counts, named countries and regions, an R-tree of the chosen places), so a round costs
//! O(mentions × candidates × log places), not O(mentions²). One sense per name per document:
//! all mentions with the same name, cue and containment role get the candidate with the best
//! summed score.
//!
//! `confidence` is the softmax probability of the chosen candidate over all candidates
//! (temperature `temperature`), scaled by how plausible it is on its own (prominence and cue).
//! Distances are great-circle kilometres on `geo::Point`s (x = longitude, y = latitude).
//!
//! ```
//! use eventmap::{Document, Gazetteer, Recognizer, Resolver};
//! let gaz = Gazetteer::bundled();
//! let doc = Document::new("d", "Moscow denied it. Russia said its troops in Kharkiv were safe.");
//! let mentions = Recognizer::new(&gaz).recognize(&doc);
//! let res = Resolver::new(&gaz).resolve(&doc, &mentions);
//! let moscow = gaz.place(res[0].as_ref().unwrap().place);
//! assert_eq!(moscow.country_code, "RU");
//! ```

pub mod containment;
mod context;
mod countries;
mod nearest;
mod own;
mod rules;
mod scratch;
mod skeleton;
pub mod statement;
mod weights;

use std::cell::Cell;

pub use context::distance_km;
use context::{name_ids_in, Summary};
use own::{AllFacts, Own, Total};
use rules::{
    argmax, distance_feature, local_evidence, name_groups_in, nested_candidates,
    one_sense_per_name, text_containment, with_context,
};
use scratch::{emptied, filled, Scratch};
pub use weights::{Features, Weights};

use crate::gazetteer::{Gazetteer, Kind, PlaceId};
use crate::recognize::Mention;
use crate::text::Document;

/// The entry chosen for a mention.
#[derive(Clone, Debug, PartialEq)]
pub struct Resolution {
    /// The gazetteer entry.
    pub place: PlaceId,
    /// The total score of the chosen candidate.
    pub score: f64,
    /// How sure the resolver is, in [0, 1].
    pub confidence: f64,
    /// The mention the text places this one in ("Donetsk" for "Selydove, Donetsk"), by index.
    pub contained_in: Option<usize>,
    /// The mention this one is the container of, by index: this mention only says where that
    /// one is and is not a place of its own (not a second event place).
    pub container_of: Option<usize>,
}

/// One candidate of a mention with its features and score, as [`Resolver::explain`] gives it.
#[derive(Clone, Debug, PartialEq)]
pub struct Candidate {
    /// The gazetteer entry.
    pub place: PlaceId,
    /// Its features in the last round.
    pub features: Features,
    /// Its score under the resolver's weights.
    pub score: f64,
}

/// Chooses one gazetteer entry per mention.
pub struct Resolver<'g> {
    gaz: &'g Gazetteer,
    weights: &'g Weights,
    rounds: usize,
}

/// Great-circle distance in kilometres between two (lat, lon) points in degrees.
pub fn haversine_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    use geo::{Distance, Haversine};
    Haversine::distance(geo::Point::new(lon1, lat1), geo::Point::new(lon2, lat2)) / 1000.0
}

impl<'g> Resolver<'g> {
    /// A resolver over a gazetteer with the bundled weights.
    pub fn new(gaz: &'g Gazetteer) -> Resolver<'g> {
        Resolver::with_weights(gaz, Weights::bundled())
    }

    /// A resolver with other weights (training, experiments).
    pub fn with_weights(gaz: &'g Gazetteer, weights: &'g Weights) -> Resolver<'g> {
        Resolver {
            gaz,
            weights,
            rounds: 3,
        }
    }

    /// One resolution per mention (`None` when it has no candidates).
    pub fn resolve(&self, doc: &Document, mentions: &[Mention]) -> Vec<Option<Resolution>> {
        let mut s = Scratch::take();
        let (out, total) = self.run(doc, mentions, &mut s);
        total.keep(&mut s.own);
        s.keep();
        out
    }

    /// Every candidate of every mention with its features and score in the last round, best
    /// first: why a name resolved as it did.
    pub fn explain(&self, doc: &Document, mentions: &[Mention]) -> Vec<Vec<Candidate>> {
        let mut s = Scratch::take();
        let (_, feats) = self.run(doc, mentions, &mut s);
        s.keep();
        mentions
            .iter()
            .zip(feats.into_lists())
            .map(|(m, fs)| {
                let mut cs: Vec<Candidate> = m
                    .candidates
                    .iter()
                    .zip(fs)
                    .map(|(&place, features)| Candidate {
                        place,
                        score: features.score(self.weights),
                        features,
                    })
                    .collect();
                cs.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.place.cmp(&b.place)));
                cs
            })
            .collect()
    }

    /// Every mention's resolution and the last round's features, in the thread's buffers
    /// `s` (given back but for the features').
    fn run(
        &self,
        doc: &Document,
        mentions: &[Mention],
        s: &mut Scratch,
    ) -> (Vec<Option<Resolution>>, Total) {
        let text = Containment::of(self.gaz, &doc.text, mentions, s);
        let w = self.weights;
        let (mut own, facts, same) = own::own_of(self.gaz, mentions, w, &mut s.own);
        let names = name_ids_in(mentions, &same, std::mem::take(&mut s.names));
        nested_candidates(&names, &facts, &same, &mut own);
        let stated_links = text
            .stated
            .iter()
            .map(|&(inner, outer)| containment::Link { inner, outer });
        let links: Vec<containment::Link> =
            text.links.iter().copied().chain(stated_links).collect();
        for &l in &links {
            text_containment(self.gaz, mentions, l, &mut own);
        }
        // The own scores of the mentions the text links, whose own terms changed.
        for l in &links {
            own.reseal(l.inner, w);
            own.reseal(l.outer, w);
        }
        // A mention with an earlier one's records scores its candidates as that one does.
        let mut choice = emptied(&mut s.choice);
        choice.reserve(mentions.len());
        for (i, j) in same.iter().enumerate() {
            let c = match j.filter(|&j| text.alike(&own, i, j)) {
                Some(j) => choice[j],
                None => argmax((0..own.len(i)).map(|k| own.score(i, k, w))),
            };
            choice.push(c);
        }
        let named = (mentions, &names[..]);
        let own = (own, &facts, &same[..]);
        let total = self.rounds_of_context(named, &text, own, &mut choice, s);
        let at_container = statement::apply(
            (self.gaz, &doc.text, mentions),
            &text.stated,
            &total,
            &mut choice,
            emptied(&mut s.at_container),
        );
        // A mention with an earlier one's name, cue and candidates, choice and scores has its
        // resolution (no softmax again).
        let mut base = emptied(&mut s.base);
        base.reserve(mentions.len());
        for (i, m) in mentions.iter().enumerate() {
            let earlier = same[i].filter(|&j| choice[j] == choice[i] && total.alike(i, j));
            let r = match earlier {
                Some(j) => base[j].clone(),
                None => choice[i].map(|k| self.resolution(m, &total, i, k)),
            };
            base.push(r);
        }
        let out = base
            .drain(..)
            .enumerate()
            .map(|(i, r)| self.resolved(mentions, (i, r?), &text, &choice, &at_container))
            .collect();
        (s.base, s.choice, s.at_container, s.names) = (base, choice, at_container, names);
        s.own.keep(facts, same);
        text.keep(s);
        (out, total)
    }

    /// Scores every candidate with the context of the other mentions' choices, round after
    /// round, updating `choice`; returns the last round's features.
    fn rounds_of_context(
        &self,
        (mentions, names): (&[Mention], &[u32]),
        text: &Containment,
        (own, facts, same): (Own, &AllFacts, &[Option<usize>]),
        choice: &mut [Option<usize>],
        s: &mut Scratch,
    ) -> Total {
        let n_candidates = own.n_candidates();
        let mut total = Total::with(own, Total::spare_ctx(&mut s.own));
        let mut b = std::mem::take(&mut s.rounds);
        let unplaced = stated_elsewhere(self.gaz, mentions, &text.stated, &mut b.unplaced);
        let container_of = &text.container_of;
        let mut groups =
            name_groups_in(mentions, names, container_of, std::mem::take(&mut b.groups));
        // Ukrainian and Russian news give a lesser-known place its oblast ("в Богодухове
        // Харьковской области") and leave a known town bare ("по Доброполью"): a Cyrillic
        // region named as a container names no region for the other names (in English it
        // does: "Smithville, Texas … Bastrop").
        let mut is_container = emptied(&mut b.is_container);
        is_container.extend(
            (container_of.iter().zip(mentions))
                .map(|(c, m)| c.is_some() && !crate::lang::is_english(&m.text)),
        );
        // The rounds' buffers, sized once: at most one shared context group per mention,
        // one context per candidate; the choices of this round and the last, and their facts.
        let n_names = names.iter().max().map_or(0, |&n| n as usize + 1);
        b.emptied(n_names, mentions.len());
        b.demonyms = filled(&mut b.demonyms, n_names, Cell::new(None));
        b.contexts.reserve(n_candidates);
        let mut shared = (std::mem::take(&mut b.by_name), emptied(&mut b.contexts));
        let mut last = emptied(&mut b.last);
        let mut chosen = emptied(&mut b.chosen);
        let mut picks: Vec<Option<&own::Facts>> = Vec::with_capacity(mentions.len());
        for _ in 1..self.rounds {
            chosen.clear();
            chosen.extend(
                mentions
                    .iter()
                    .zip(choice.iter())
                    .zip(&unplaced)
                    .map(|((m, c), &away)| c.filter(|_| !away).map(|k| m.candidates[k])),
            );
            // A round's totals and choices follow from the choices it starts from alone: the
            // same choices as the round before would give the same again.
            if chosen == last {
                break;
            }
            picks.clear();
            picks.extend(
                facts
                    .iter()
                    .zip(choice.iter())
                    .zip(&unplaced)
                    .map(|((xs, c), &away)| c.filter(|_| !away).map(|k| &xs[k])),
            );
            let features = (&total.own, facts, (same, text));
            let chosen_facts = (&chosen[..], &picks[..]);
            let named = (mentions, names);
            let out = (&mut shared, &mut total.ctx);
            let flags = (&is_container[..], &b.demonyms[..]);
            self.contexts(named, chosen_facts, flags, features, out);
            one_sense_per_name(&total, &mut groups, choice);
            std::mem::swap(&mut last, &mut chosen);
        }
        total.no_context(self.weights);
        (b.unplaced, b.groups, b.is_container) = (unplaced, groups, is_container);
        (b.by_name, b.contexts, b.last, b.chosen) = (shared.0, shared.1, last, chosen);
        s.rounds = b;
        total
    }

    /// Mention `i`'s resolution from its chosen candidate's ([`Resolver::resolution`]), with
    /// the containment links the chosen places agree with.
    fn resolved(
        &self,
        mentions: &[Mention],
        (i, mut r): (usize, Resolution),
        text: &Containment,
        choice: &[Option<usize>],
        at_container: &[Option<PlaceId>],
    ) -> Option<Resolution> {
        if let Some(y) = at_container[i] {
            // Placed at its stated container: as sure as the container, halved.
            r.place = y;
            r.confidence = (r.confidence.min(0.9) * 0.5 * 1000.0).round() / 1000.0;
            r.contained_in = text.contained_in[i];
            return Some(r);
        }
        // A link stands only if the chosen places agree with it.
        let inside = |inner: usize, outer: usize| match (choice[outer], choice[inner]) {
            (Some(a), Some(b)) => self
                .gaz
                .contains(mentions[outer].candidates[a], mentions[inner].candidates[b]),
            _ => false,
        };
        r.contained_in = text.contained_in[i].filter(|&o| inside(i, o));
        r.container_of =
            text.container_of[i].filter(|&n| inside(n, i) || at_container[n].is_some());
        Some(r)
    }

    /// Every candidate's features with the context of the document's current choices, and
    /// its score with them. `flags`: per mention, whether it is a stated container, and per
    /// name, whether it is a demonym once asked ([`Summary::new`]).
    fn contexts(
        &self,
        (mentions, names): (&[Mention], &[u32]),
        (chosen, picks): (&[Option<PlaceId>], &[Option<&own::Facts>]),
        flags: (&[bool], &[Cell<Option<bool>>]),
        (own, facts, (same, text)): (&Own, &AllFacts, (&[Option<usize>], &Containment)),
        ((at, contexts), total): (&mut SharedAt, &mut Vec<own::Ctx>),
    ) {
        // Written candidate by candidate in buffer order (mention by mention, each one's
        // candidates in order), not zeroed first.
        total.clear();
        let summary = Summary::new(self.gaz, (mentions, names), (chosen, picks), flags);
        let w = self.weights;
        // Mentions of one name with the same own choice share their context (and its
        // distance feature), kept one after another in one buffer.
        at.clear();
        contexts.clear();
        for (i, m) in mentions.iter().enumerate() {
            // A mention with an earlier one's name, cue, candidates, records and choice has
            // its contexts and scores, to the bit (its group was found or made by that one,
            // and a group's contexts are worked out once).
            let twin = same[i].filter(|&j| chosen[j] == chosen[i] && text.alike(own, i, j));
            if let Some(j) = twin {
                total.extend_from_within(own.range(j));
                continue;
            }
            let key = names[i];
            let new = contexts.len();
            let found = at.find(key, chosen[i], m.candidates.len(), new);
            let from = found.unwrap_or_else(|| {
                let n_others = summary.others_than(key);
                let candidates = m.candidates.iter().zip(facts[i].iter());
                contexts.extend(candidates.map(|(&c, x)| Shared {
                    c,
                    first: i,
                    n_others,
                    local: summary.local(key, c, x),
                    full: None,
                }));
                new
            });
            let shared = &mut contexts[from..from + m.candidates.len()];
            for (k, (s, own)) in shared.iter_mut().zip(own.slims(i)).enumerate() {
                let (canonical, gated) = (own.canonical(), own.gated());
                // A gated candidate without local evidence takes no more of its context
                // (`with_context`): the rest, most of the cost, is not worked out for it.
                if gated && !local_evidence(canonical, &s.local) {
                    let ctx = own::Ctx {
                        contained_in_doc: s.local.contained_in_doc as u8 as f64,
                        ..own::Ctx::default()
                    };
                    total.push(own.sealed(ctx, w));
                    continue;
                }
                let (ctx, distance) = *s.full.get_or_insert_with(|| {
                    let x = &facts[s.first][k];
                    let ctx = summary.context(key, s.c, x, s.n_others, s.local);
                    (ctx, distance_feature(&ctx, x.kind, w))
                });
                total.push(own.sealed(with_context(canonical, &ctx, distance, gated), w));
            }
        }
    }

    fn resolution(&self, m: &Mention, total: &Total, i: usize, k: usize) -> Resolution {
        let w = self.weights;
        let top = total.score(i, k);
        // The chosen candidate's own term is exp(0) = 1, not asked of the exponential (unless
        // its exponent is not 0: a score not finite, a temperature 0 or NaN).
        let own_is_one = top.is_finite() && w.temperature.abs() > 0.0;
        let z: f64 = (total.scores(i).enumerate())
            .map(|(n, s)| {
                if n == k && own_is_one {
                    1.0
                } else {
                    ((s - top) / w.temperature).exp()
                }
            })
            .sum();
        let p = self.gaz.place(m.candidates[k]);
        // Its prominence and whether it is a feature, as its own features have them (the
        // same functions of the same entry: a logarithm and a list of codes not asked again).
        let own = total.own.remembered(i, k);
        let plausible = (0.4 + 0.6 * own.prominence.min(1.0)).min(1.0);
        let plausible = if m.cue.is_some() || p.kind <= Kind::Admin1 || own.feature > 0.0 {
            plausible.max(0.9)
        } else {
            plausible
        };
        Resolution {
            place: m.candidates[k],
            score: (top * 1000.0).round() / 1000.0,
            confidence: ((plausible / z) * 1000.0).round() / 1000.0,
            contained_in: None,
            container_of: None,
        }
    }
}

/// Where each group of mentions sharing contexts (name, own choice, number of candidates)
/// has them in a buffer, and the buffer.
type SharedAt = (ByName, Vec<Shared>);

/// The groups of mentions sharing contexts, chained per name (names are numbered densely,
/// [`name_ids`]; a name has one group or a few): found by walking its chain instead of
/// hashing the group's key.
#[derive(Default)]
struct ByName {
    /// Per name, its last group (`u32::MAX`: none).
    heads: Vec<u32>,
    /// Per group: the own choice, the number of candidates, where its contexts start in
    /// the buffer, and the name's group before it.
    groups: Vec<(Option<PlaceId>, usize, usize, u32)>,
}

impl ByName {
    /// Empty, with room for `names` names and `mentions` groups.
    fn reset(&mut self, names: usize, mentions: usize) {
        self.heads.clear();
        self.heads.resize(names, u32::MAX);
        self.groups.clear();
        self.groups.reserve(mentions);
    }

    fn clear(&mut self) {
        self.heads.fill(u32::MAX);
        self.groups.clear();
    }

    /// Where the contexts of name `key`'s group with this choice and number of candidates
    /// start; `None` for a group not seen before, added as starting at `new`.
    fn find(&mut self, key: u32, chosen: Option<PlaceId>, n: usize, new: usize) -> Option<usize> {
        let mut g = self.heads[key as usize];
        while let Some(&(c, len, from, before)) = self.groups.get(g as usize) {
            if c == chosen && len == n {
                return Some(from);
            }
            g = before;
        }
        self.groups.push((chosen, n, new, self.heads[key as usize]));
        self.heads[key as usize] = (self.groups.len() - 1) as u32;
        None
    }
}

/// One candidate's context shared by the mentions of a name with the same choice: its local
/// evidence, and the rest once a mention asks for it (worked out for the candidate `c` of
/// mention `first`, whose name has `n_others` mentions of other names).
struct Shared {
    c: PlaceId,
    first: usize,
    n_others: f64,
    local: context::Local,
    full: Option<(context::Context, Option<f64>)>,
}

/// Mentions the text places inside another ("Куйбышевского района Донецка") although none of
/// their candidates lies in any candidate of the container: every candidate is a namesake
/// elsewhere, so the mention gives the others no context (it is placed at its container).
fn stated_elsewhere(
    gaz: &Gazetteer,
    mentions: &[Mention],
    stated: &[(usize, usize)],
    buffer: &mut Vec<bool>,
) -> Vec<bool> {
    let mut out = filled(buffer, mentions.len(), false);
    for &(i, o) in stated {
        let (outer, inner) = (&mentions[o].candidates, &mentions[i].candidates);
        out[i] |= !outer
            .iter()
            .any(|&y| inner.iter().any(|&c| statement::holds(gaz, y, c)));
    }
    out
}

/// What the text says of which mention holds which: stated containers ("X, a town in Y",
/// "X is a city in Y") and written links ("Kharkiv, Ukraine"), by mention index.
struct Containment {
    stated: Vec<(usize, usize)>,
    links: Vec<containment::Link>,
    contained_in: Vec<Option<usize>>,
    container_of: Vec<Option<usize>>,
}

impl Containment {
    /// Whether mentions `i` and `j`, of the same name, cue and candidates, have the same
    /// records ([`Own::alike`]): they do unless the text links one of them (only a link's
    /// rule changes a record after the memo's; a name's nested candidates are its own).
    fn alike(&self, own: &Own, i: usize, j: usize) -> bool {
        let linked = |i: usize| self.contained_in[i].is_some() || self.container_of[i].is_some();
        let alike = !linked(i) && !linked(j) || own.alike(i, j);
        debug_assert_eq!(alike, own.alike(i, j));
        alike
    }

    fn of(gaz: &Gazetteer, text: &str, mentions: &[Mention], s: &mut Scratch) -> Containment {
        let links = containment::links(gaz, text, mentions);
        let stated = statement::stated(text, mentions);
        let mut contained_in = filled(&mut s.contained_in, mentions.len(), None);
        let mut container_of = filled(&mut s.container_of, mentions.len(), None);
        for &(i, o) in &stated {
            contained_in[i] = Some(o);
            container_of[o] = Some(i);
        }
        for l in &links {
            contained_in[l.inner] = Some(l.outer);
            container_of[l.outer] = Some(l.inner);
        }
        Containment {
            stated,
            links,
            contained_in,
            container_of,
        }
    }

    /// Its per-mention buffers, kept for the thread's next document.
    fn keep(self, s: &mut Scratch) {
        (s.contained_in, s.container_of) = (self.contained_in, self.container_of);
    }
}

#[cfg(test)]
mod tests;
