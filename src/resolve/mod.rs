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
//! **Prominence needs evidence to be overturned** ([`evidence_gate`](rules::evidence_gate)): when a name's
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
mod own;
mod rules;
mod skeleton;
pub mod statement;
mod weights;

use crate::lexicon::FastMap;

pub use context::distance_km;
use context::Summary;
use rules::{
    argmax, evidence_gate, is_feature_place, name_groups, nested_candidates, one_sense_per_name,
    prominence, text_containment, with_context,
};
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

/// A mention's own features per candidate, which do not change between rounds.
pub(super) type Own = Vec<Vec<Features>>;

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
        self.run(doc, mentions).0
    }

    /// Every candidate of every mention with its features and score in the last round, best
    /// first: why a name resolved as it did.
    pub fn explain(&self, doc: &Document, mentions: &[Mention]) -> Vec<Vec<Candidate>> {
        let (_, feats) = self.run(doc, mentions);
        mentions
            .iter()
            .zip(feats)
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

    fn run(&self, doc: &Document, mentions: &[Mention]) -> (Vec<Option<Resolution>>, Own) {
        let links = containment::links(self.gaz, &doc.text, mentions);
        let stated = statement::stated(&doc.text, mentions);
        let mut contained_in = vec![None; mentions.len()];
        let mut container_of = vec![None; mentions.len()];
        for &(i, o) in &stated {
            contained_in[i] = Some(o);
            container_of[o] = Some(i);
        }
        for l in &links {
            contained_in[l.inner] = Some(l.outer);
            container_of[l.outer] = Some(l.inner);
        }
        let mut own = own::own_of(self.gaz, mentions);
        nested_candidates(self.gaz, mentions, &mut own);
        for l in &links {
            text_containment(self.gaz, mentions, *l, &mut own);
        }
        for &(inner, outer) in &stated {
            let l = containment::Link { inner, outer };
            text_containment(self.gaz, mentions, l, &mut own);
        }
        let gated: Vec<Vec<bool>> = mentions
            .iter()
            .zip(&own)
            .map(|(m, fs)| evidence_gate(self.gaz, self.weights, m, fs))
            .collect();
        let w = self.weights;
        let mut choice: Vec<Option<usize>> = own
            .iter()
            .map(|fs| argmax(fs.iter().map(|f| f.score(w))))
            .collect();
        let mut total = own.clone();
        let unplaced = stated_elsewhere(self.gaz, mentions, &stated);
        let groups = name_groups(mentions, &container_of);
        // Ukrainian and Russian news give a lesser-known place its oblast ("в Богодухове
        // Харьковской области") and leave a known town bare ("по Доброполью"): a Cyrillic
        // region named as a container names no region for the other names (in English it
        // does: "Smithville, Texas … Bastrop").
        let is_container: Vec<bool> = container_of
            .iter()
            .zip(mentions)
            .map(|(c, m)| c.is_some() && !crate::lang::is_english(&m.text))
            .collect();
        let mut last: Vec<Option<PlaceId>> = Vec::new();
        for _ in 1..self.rounds {
            let chosen: Vec<Option<PlaceId>> = mentions
                .iter()
                .zip(&choice)
                .zip(&unplaced)
                .map(|((m, c), &away)| c.filter(|_| !away).map(|k| m.candidates[k]))
                .collect();
            // A round's totals and choices follow from the choices it starts from alone: the
            // same choices as the round before would give the same again.
            if chosen == last {
                break;
            }
            self.contexts(mentions, &chosen, &is_container, (&own, &gated), &mut total);
            one_sense_per_name(mentions, &total, &groups, w, &mut choice);
            last = chosen;
        }
        let at_container = statement::apply(
            self.gaz,
            &doc.text,
            mentions,
            &stated,
            &total,
            w,
            &mut choice,
        );
        let out = mentions
            .iter()
            .enumerate()
            .map(|(i, m)| {
                let k = choice[i]?;
                let mut r = self.resolution(m, &total[i], k);
                if let Some(y) = at_container[i] {
                    // Placed at its stated container: as sure as the container, halved.
                    r.place = y;
                    r.confidence = (r.confidence.min(0.9) * 0.5 * 1000.0).round() / 1000.0;
                    r.contained_in = contained_in[i];
                    return Some(r);
                }
                // A link stands only if the chosen places agree with it.
                let inside = |inner: usize, outer: usize| match (choice[outer], choice[inner]) {
                    (Some(a), Some(b)) => self
                        .gaz
                        .contains(mentions[outer].candidates[a], mentions[inner].candidates[b]),
                    _ => false,
                };
                r.contained_in = contained_in[i].filter(|&o| inside(i, o));
                r.container_of =
                    container_of[i].filter(|&n| inside(n, i) || at_container[n].is_some());
                Some(r)
            })
            .collect();
        (out, total)
    }

    /// Every candidate's features with the context of the document's current choices.
    fn contexts(
        &self,
        mentions: &[Mention],
        chosen: &[Option<PlaceId>],
        is_container: &[bool],
        (own, gated): (&Own, &[Vec<bool>]),
        total: &mut Own,
    ) {
        let summary = Summary::new(self.gaz, mentions, chosen, is_container);
        // Mentions of one name with the same own choice share their context.
        let mut cache: FastMap<(&str, Option<PlaceId>, usize), Vec<context::Context>> =
            FastMap::default();
        for (i, m) in mentions.iter().enumerate() {
            let ctx = cache
                .entry((m.key.as_str(), chosen[i], m.candidates.len()))
                .or_insert_with(|| {
                    m.candidates
                        .iter()
                        .map(|&c| summary.context(&m.key, c))
                        .collect()
                });
            for (k, &c) in m.candidates.iter().enumerate() {
                let p = self.gaz.place(c);
                total[i][k] = with_context(&own[i][k], &ctx[k], p, gated[i][k], self.weights);
            }
        }
    }

    fn resolution(&self, m: &Mention, fs: &[Features], k: usize) -> Resolution {
        let w = self.weights;
        let scores: Vec<f64> = fs.iter().map(|f| f.score(w)).collect();
        let top = scores[k];
        let z: f64 = scores
            .iter()
            .map(|s| ((s - top) / w.temperature).exp())
            .sum();
        let p = self.gaz.place(m.candidates[k]);
        let plausible = (0.4 + 0.6 * prominence(p.population).min(1.0)).min(1.0);
        let plausible = if m.cue.is_some() || p.kind <= Kind::Admin1 || is_feature_place(p) {
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

/// Mentions the text places inside another ("Куйбышевского района Донецка") although none of
/// their candidates lies in any candidate of the container: every candidate is a namesake
/// elsewhere, so the mention gives the others no context (it is placed at its container).
fn stated_elsewhere(gaz: &Gazetteer, mentions: &[Mention], stated: &[(usize, usize)]) -> Vec<bool> {
    let mut out = vec![false; mentions.len()];
    for &(i, o) in stated {
        let (outer, inner) = (&mentions[o].candidates, &mentions[i].candidates);
        out[i] |= !outer
            .iter()
            .any(|&y| inner.iter().any(|&c| statement::holds(gaz, y, c)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::recognize::Recognizer;

    fn gaz() -> &'static Gazetteer {
        crate::testing::gazetteer()
    }

    fn resolved(text: &str) -> Vec<(String, String, String)> {
        let g = gaz();
        let doc = Document::new("t", text);
        let ms = Recognizer::new(g).recognize(&doc);
        let rs = Resolver::new(g).resolve(&doc, &ms);
        ms.iter()
            .zip(rs)
            .map(|(m, r)| {
                let p = g.place(r.unwrap().place);
                (m.text.clone(), p.kind.as_str().to_string(), p.id.clone())
            })
            .collect()
    }

    #[test]
    fn district_follows_the_city_of_the_story() {
        let r = resolved(
            "Russia struck Kharkiv. Three hits were recorded in the Shevchenkivskyi district.",
        );
        assert_eq!(r[2].2, "curated:kharkiv-shevchenkivskyi", "{r:?}");
        let r = resolved("Explosions in Kyiv. Damage in the Shevchenkivskyi district.");
        assert_eq!(r[1].2, "curated:kyiv-shevchenkivskyi", "{r:?}");
    }

    /// A town and the county it lies in, both named: the namesakes that nest win over a
    /// famous city abroad (sentences written for this rule).
    #[test]
    fn nested_candidates_support_each_other() {
        let g = gaz();
        for (text, name, admin1) in [
            (
                "The fair in Dresden drew farmers from across Weakley County.",
                "Dresden",
                "TN",
            ),
            (
                "Voters in Athens and the rest of McMinn County backed the levy.",
                "Athens",
                "TN",
            ),
        ] {
            let r = resolved(text);
            let (_, _, id) = r.iter().find(|x| x.0 == name).expect(text);
            let p = g.place(g.by_id(id).unwrap());
            assert_eq!(
                (p.country_code.as_str(), p.admin1_code.as_str()),
                ("US", admin1),
                "{text}: {r:?}"
            );
        }
    }

    #[test]
    fn oblast_cue_and_two_oblasts() {
        let r = resolved("Attacks against Kharkiv and Odesa oblasts.");
        assert_eq!(r[0].1, "admin1");
        assert_eq!(r[1].1, "admin1");
        assert_eq!(r[1].2, "geonames:698738");
    }

    #[test]
    fn prominent_senses_and_containment() {
        let r = resolved("Moscow and Washington traded barbs.");
        assert_eq!(r[0].2, "geonames:524901", "Moscow, Russia, not Idaho");
        assert_eq!(r[1].2, "geonames:4140963", "Washington, D.C.");
        let r = resolved("The storm hit Moscow, Idaho, on Friday.");
        let g = gaz();
        let moscow = g.place(g.by_id(&r[0].2).unwrap());
        assert_eq!(
            (moscow.country_code.as_str(), moscow.admin1_code.as_str()),
            ("US", "ID")
        );
    }

    /// (text, mention, expected kind, expected country) for each class of issue 13.
    #[test]
    fn prominent_places_beat_small_namesakes() {
        let cases = [
            // A namesake next to its country.
            (
                "Oil prices in Brazil and Congo rose.",
                "Congo",
                "country",
                "CD",
            ),
            (
                "Aid reached Kinshasa, the capital of Congo.",
                "Congo",
                "country",
                "CD",
            ),
            // A state beside another state's town named like it.
            (
                "The senator from New Jersey flew to California.",
                "California",
                "admin1",
                "US",
            ),
            // An island in its country's story.
            (
                "Floods hit Java, the most populous island of Indonesia.",
                "Java",
                "island",
                "ID",
            ),
            (
                "Migrants landed on Crete, Greek officials said.",
                "Crete",
                "admin1",
                "GR",
            ),
            (
                "Ships sailed past Sumatra to Java.",
                "Sumatra",
                "island",
                "ID",
            ),
            // A river beside its city, and the city.
            (
                "The Dnipro River rose near Dnipro.",
                "Dnipro River",
                "river",
                "UA",
            ),
            ("The Dnipro River rose near Dnipro.", "Dnipro", "city", "UA"),
            (
                "Shells fell on Kherson across the Dnipro River.",
                "Dnipro River",
                "river",
                "UA",
            ),
            // Seas, regions and special areas news names.
            (
                "Drones attacked ships in the Black Sea near Odesa.",
                "Black Sea",
                "sea",
                "",
            ),
            (
                "Strikes hit the Gaza Strip and the West Bank.",
                "Gaza Strip",
                "admin1",
                "PS",
            ),
            (
                "Israel holds the Golan Heights.",
                "Golan Heights",
                "region",
                "SY",
            ),
            ("Fighting in Donbas intensified.", "Donbas", "region", "UA"),
            // A demonym is its most populous country ("French": France, not its territories).
            ("French troops landed in Mali.", "French", "country", "FR"),
            ("Chinese ships sailed.", "Chinese", "country", "CN"),
            // Words that are not places leave the real ones alone.
            (
                "Flooding hit the Texas city on Monday.",
                "Texas",
                "admin1",
                "US",
            ),
            ("Wagner fighters left Bakhmut.", "Bakhmut", "city", "UA"),
            ("The Taliban took Kabul.", "Kabul", "city", "AF"),
            (
                "Crowds celebrated Independence Day in Kyiv.",
                "Kyiv",
                "city",
                "UA",
            ),
            (
                "Sanctions hit Russia and the Middle East.",
                "Middle East",
                "region",
                "",
            ),
        ];
        let g = gaz();
        for (text, name, kind, cc) in cases {
            let r = resolved(text);
            let hit = r.iter().find(|(t, _, _)| t == name);
            let Some((_, k, id)) = hit else {
                panic!("{name} not found in {text:?}: {r:?}");
            };
            let p = g.place(g.by_id(id).unwrap());
            assert_eq!(
                (k.as_str(), p.country_code.as_str()),
                (kind, cc),
                "{text}: {r:?}"
            );
        }
    }

    /// The mention's resolution and the index of each mention by its text.
    fn links(text: &str) -> (Vec<Mention>, Vec<Option<Resolution>>) {
        let g = gaz();
        let doc = Document::new("t", text);
        let ms = Recognizer::new(g).recognize(&doc);
        let rs = Resolver::new(g).resolve(&doc, &ms);
        (ms, rs)
    }

    #[test]
    fn containment_patterns_resolve_the_inner_place_and_mark_the_container() {
        // (text, inner, outer, kind of the outer place, admin1 code of the inner one)
        let cases = [
            (
                "Russian forces shelled Selydove, Donetsk, on Monday.",
                "Selydove",
                "Donetsk",
                "admin1",
                "05",
            ),
            (
                "Shelling hit Izium in the Kharkiv region.",
                "Izium",
                "Kharkiv",
                "admin1",
                "07",
            ),
            (
                "Kupiansk of the Kharkiv region was shelled.",
                "Kupiansk",
                "Kharkiv",
                "admin1",
                "07",
            ),
            (
                "Troops shelled Kupiansk in Kharkiv Oblast.",
                "Kupiansk",
                "Kharkiv",
                "admin1",
                "07",
            ),
            (
                "Avdiivka (Donetsk Oblast) was shelled.",
                "Avdiivka",
                "Donetsk",
                "admin1",
                "05",
            ),
            (
                "The storm hit Moscow, Idaho, on Friday.",
                "Moscow",
                "Idaho",
                "admin1",
                "ID",
            ),
            (
                "The storm hit the Idaho town of Moscow.",
                "Moscow",
                "Idaho",
                "admin1",
                "ID",
            ),
            (
                "Російські війська обстріляли Селидове, Донецька область.",
                "Селидове",
                "Донецька",
                "admin1",
                "05",
            ),
            (
                "Российские войска обстреляли Селидово, Донецкая область.",
                "Селидово",
                "Донецкая",
                "admin1",
                "05",
            ),
        ];
        let g = gaz();
        for (text, inner, outer, outer_kind, admin1) in cases {
            let (ms, rs) = links(text);
            let i = ms.iter().position(|m| m.text == inner);
            let o = ms.iter().position(|m| m.text.starts_with(outer));
            let (Some(i), Some(o)) = (i, o) else {
                panic!("{text}: mentions {ms:?}");
            };
            let (ri, ro) = (rs[i].as_ref().unwrap(), rs[o].as_ref().unwrap());
            assert_eq!(
                (ri.contained_in, ro.container_of),
                (Some(o), Some(i)),
                "{text}"
            );
            assert_eq!(g.place(ro.place).kind.as_str(), outer_kind, "{text}");
            assert_eq!(g.place(ri.place).admin1_code, admin1, "{text}");
            assert!(g.contains(ro.place, ri.place), "{text}");
        }
    }

    #[test]
    fn lists_and_neighbours_are_not_containment() {
        for text in [
            "Strikes hit Kharkiv, Kyiv and Odesa.",
            "Russia, Ukraine and Belarus met.",
            "Talks in Paris near Lyon failed.",
        ] {
            let (ms, rs) = links(text);
            assert!(ms.len() >= 2, "{text}: {ms:?}");
            for r in rs.iter().flatten() {
                assert_eq!((r.contained_in, r.container_of), (None, None), "{text}");
            }
        }
    }

    #[test]
    fn explain_gives_every_candidate_its_features_best_first() {
        let g = gaz();
        let doc = Document::new("t", "Russian forces shelled Selydove, Donetsk.");
        let ms = Recognizer::new(g).recognize(&doc);
        let resolver = Resolver::new(g);
        let ex = resolver.explain(&doc, &ms);
        let rs = resolver.resolve(&doc, &ms);
        assert_eq!(ex.len(), ms.len());
        for ((m, cands), r) in ms.iter().zip(&ex).zip(&rs) {
            assert_eq!(cands.len(), m.candidates.len());
            assert_eq!(cands[0].place, r.as_ref().unwrap().place, "{}", m.text);
            assert!(cands.windows(2).all(|w| w[0].score >= w[1].score));
        }
        let donetsk = &ex[ms.iter().position(|m| m.text == "Donetsk").unwrap()][0];
        assert_eq!(donetsk.features.container_in_text, 1.0);
    }

    #[test]
    fn one_place_named_many_times_resolves_like_once() {
        let text = "Shelling hit Kharkiv. ".repeat(2000) + "Odesa and Kyiv too.";
        let (ms, rs) = links(&text);
        assert_eq!(ms.len(), 2002);
        let first = rs[0].as_ref().unwrap().place;
        assert!(rs[..2000]
            .iter()
            .all(|r| r.as_ref().unwrap().place == first));
        assert_eq!(gaz().place(first).id, "geonames:706483");
    }

    #[test]
    fn haversine() {
        let d = haversine_km(49.98, 36.25, 50.45, 30.52);
        assert!((405.0..420.0).contains(&d), "{d}");
    }
}
