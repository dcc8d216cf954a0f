//! Resolving each mention to one gazetteer entry, with an explicit, documented score.
//!
//! Every candidate of a mention gets a score, the sum of these features:
//!
//! | feature | value |
//! |---|---|
//! | `prominence` | `ln(1 + population) / ln(1 + 10^7)`, at most 1.2 |
//! | `kind` | country +1.0, admin1 +0.5 by its own name (−0.5 by a bare short form such as "Kharkiv"), capital +0.8, landmark +1.2, admin2 −0.4, district −0.3 |
//! | `name` | +0.3 when the mention is the entry's canonical name, not an alternate |
//! | `namesake` | −0.5 for a city named like a country among the candidates ("China", Texas) or a region named like its own country; −1.0 for a region named like a city of 500,000+ inside it ("New York" state) unless a cue asks for a region |
//! | `cue` | +2.0 when a cue word asks for the entry's kind ("X Oblast" → admin1, "X district" → district/admin2, "city of X" → city), −1.0 when it asks for another |
//! | `containment` | +3.0 when the text says where it is ("Alexandria, Louisiana"), +2.5 when another mention of the document contains it (a district of a city the story names) |
//! | `country` | +1.0 × the share of the document's other mentions in the entry's country, +0.5 if that country is named |
//! | `admin1` | +0.8 when the entry's first-level division is named |
//! | `distance` | +1.0 × exp(−d / 300 km), d the distance to the nearest other resolved place |
//!
//! Resolution runs in rounds: the first uses only the mention's own features, later rounds add
//! the context of the previous round's choices. One sense per name per document: all
//! mentions with the same name and cue get the candidate with the best summed score.
//!
//! `confidence` is the softmax probability of the chosen candidate over all candidates
//! (temperature 0.5), scaled by how plausible it is on its own (prominence and cue).
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

use std::collections::HashMap;

use crate::gazetteer::{Gazetteer, Kind, PlaceId};
use crate::recognize::{Cue, Mention};
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
}

/// Chooses one gazetteer entry per mention.
pub struct Resolver<'g> {
    gaz: &'g Gazetteer,
    rounds: usize,
}

const EARTH_RADIUS_KM: f64 = 6371.0088;

/// Great-circle distance in kilometres between two (lat, lon) points in degrees.
pub fn haversine_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * a.sqrt().min(1.0).asin()
}

/// A place on the unit sphere (x towards 0°N 0°E, z towards the north pole): the chord
/// between two such points is 2·sin(d/2R) for great-circle distance d.
fn unit_vector(p: &crate::gazetteer::Place) -> [f64; 3] {
    let (la, lo) = (p.lat.to_radians(), p.lon.to_radians());
    let (sla, cla) = la.sin_cos();
    let (slo, clo) = lo.sin_cos();
    [cla * clo, cla * slo, sla]
}

impl<'g> Resolver<'g> {
    /// A resolver over a gazetteer.
    pub fn new(gaz: &'g Gazetteer) -> Resolver<'g> {
        Resolver { gaz, rounds: 3 }
    }

    /// One resolution per mention (`None` when it has no candidates).
    pub fn resolve(&self, doc: &Document, mentions: &[Mention]) -> Vec<Option<Resolution>> {
        let gaz = self.gaz;
        let own: Vec<Vec<f64>> = mentions
            .iter()
            .map(|m| {
                let mut scores: Vec<f64> =
                    m.candidates.iter().map(|&c| self.own_score(m, c)).collect();
                self.namesakes(m, &mut scores);
                scores
            })
            .collect();
        // "X, Y": Y names what contains X.
        let mut containment = vec![vec![0.0; 0]; mentions.len()];
        for (i, m) in mentions.iter().enumerate() {
            containment[i] = vec![0.0; m.candidates.len()];
            let Some(next) = mentions.get(i + 1) else {
                continue;
            };
            let between = &doc.text[m.end..next.start];
            if !(between == ", " || between == " in " || between == ",") {
                continue;
            }
            for (k, &c) in m.candidates.iter().enumerate() {
                if next.candidates.iter().any(|&outer| gaz.contains(outer, c)) {
                    containment[i][k] += 3.0;
                }
            }
        }
        let mut choice: Vec<Option<usize>> = own.iter().map(|s| argmax(s)).collect();
        let mut total = own.clone();
        for _ in 1..self.rounds {
            let chosen: Vec<Option<PlaceId>> = mentions
                .iter()
                .zip(&choice)
                .map(|(m, c)| c.map(|k| m.candidates[k]))
                .collect();
            let n_chosen = chosen.iter().flatten().count().max(1) as f64;
            // Unit vectors once per round: the nearest chosen place is then the smallest chord,
            // with no trigonometry per pair.
            let chosen_unit: Vec<Option<[f64; 3]>> = chosen
                .iter()
                .map(|c| c.map(|o| unit_vector(gaz.place(o))))
                .collect();
            let mut country_count: HashMap<&str, f64> = HashMap::new();
            let mut named_countries: Vec<&str> = Vec::new();
            let mut named_admin1: Vec<(&str, &str)> = Vec::new();
            for &p in chosen.iter().flatten() {
                let place = gaz.place(p);
                *country_count
                    .entry(place.country_code.as_str())
                    .or_default() += 1.0;
                match place.kind {
                    Kind::Country => named_countries.push(&place.country_code),
                    Kind::Admin1 => named_admin1.push((&place.country_code, &place.admin1_code)),
                    _ => {}
                }
            }
            for (i, m) in mentions.iter().enumerate() {
                for (k, &c) in m.candidates.iter().enumerate() {
                    let p = gaz.place(c);
                    let mut s = own[i][k] + containment[i][k];
                    let self_in_country = chosen[i]
                        .map(|x| gaz.place(x).country_code == p.country_code)
                        .unwrap_or(false) as u8 as f64;
                    let others = country_count
                        .get(p.country_code.as_str())
                        .copied()
                        .unwrap_or(0.0)
                        - self_in_country;
                    s += 1.0 * (others / n_chosen).max(0.0);
                    if p.kind != Kind::Country && named_countries.contains(&p.country_code.as_str())
                    {
                        s += 0.5;
                    }
                    if p.kind > Kind::Admin1
                        && named_admin1.contains(&(p.country_code.as_str(), p.admin1_code.as_str()))
                    {
                        s += 0.8;
                    }
                    let mut nearest_chord = f64::INFINITY;
                    let mut p_unit = None;
                    let mut contained = false;
                    for (j, other) in chosen.iter().enumerate() {
                        let Some(o) = *other else { continue };
                        if mentions[j].key == m.key || o == c {
                            continue;
                        }
                        let op = gaz.place(o);
                        if op.kind >= Kind::City || p.kind >= Kind::City {
                            let pu = *p_unit.get_or_insert_with(|| unit_vector(p));
                            let ou = chosen_unit[j].expect("chosen");
                            let d2 = (pu[0] - ou[0]).powi(2)
                                + (pu[1] - ou[1]).powi(2)
                                + (pu[2] - ou[2]).powi(2);
                            nearest_chord = nearest_chord.min(d2.sqrt());
                        }
                        if p.kind >= Kind::City && gaz.contains(o, c) && op.kind >= Kind::Admin2 {
                            contained = true;
                        }
                    }
                    if contained {
                        s += 2.5;
                    }
                    let nearest = EARTH_RADIUS_KM * 2.0 * (nearest_chord / 2.0).min(1.0).asin();
                    if nearest.is_finite() && p.kind != Kind::Country {
                        s += (-nearest / 300.0).exp();
                    }
                    total[i][k] = s;
                }
            }
            // One sense per name (and cue) per document.
            let mut groups: HashMap<(&str, Option<Cue>), Vec<usize>> = HashMap::new();
            for (i, m) in mentions.iter().enumerate() {
                groups.entry((m.key.as_str(), m.cue)).or_default().push(i);
            }
            for idx in groups.values() {
                let n = mentions[idx[0]].candidates.len();
                let mut sum = vec![0.0; n];
                for &i in idx {
                    for k in 0..n {
                        sum[k] += total[i][k];
                    }
                }
                let best = argmax(&sum);
                for &i in idx {
                    choice[i] = best;
                }
            }
        }
        mentions
            .iter()
            .enumerate()
            .map(|(i, m)| {
                let k = choice[i]?;
                let scores = &total[i];
                let top = scores[k];
                let z: f64 = scores.iter().map(|s| ((s - top) / 0.5).exp()).sum();
                let p = self.gaz.place(m.candidates[k]);
                let plausible = (0.4 + 0.6 * prominence(p.population).min(1.0)).min(1.0);
                let plausible = if m.cue.is_some() || p.kind <= Kind::Admin1 {
                    plausible.max(0.9)
                } else {
                    plausible
                };
                Some(Resolution {
                    place: m.candidates[k],
                    score: (top * 1000.0).round() / 1000.0,
                    confidence: ((plausible / z) * 1000.0).round() / 1000.0,
                })
            })
            .collect()
    }

    /// A name shared by a country and smaller places means the country ("China", not China,
    /// Texas; "Mexico", not the State of Mexico); a name shared by a region and a big city
    /// inside it means the city ("New York") unless a cue asks for the region.
    fn namesakes(&self, m: &Mention, scores: &mut [f64]) {
        let gaz = self.gaz;
        let countries: Vec<&str> = m
            .candidates
            .iter()
            .map(|&c| gaz.place(c))
            .filter(|p| p.kind == Kind::Country)
            .map(|p| p.country_code.as_str())
            .collect();
        for (k, &c) in m.candidates.iter().enumerate() {
            let p = gaz.place(c);
            // A region only yields to its own country ("Mexico" state, not Georgia the state).
            let yields = match p.kind {
                Kind::Admin1 | Kind::Admin2 => countries.contains(&p.country_code.as_str()),
                k => k > Kind::Country && !countries.is_empty(),
            };
            if yields && m.cue.is_none() {
                // Half a point: a story's context can still make it the Texas town.
                scores[k] -= 0.5;
            }
            if p.kind == Kind::Admin1 && m.cue != Some(Cue::Region) {
                let big_city_inside = m.candidates.iter().any(|&o| {
                    let q = gaz.place(o);
                    q.kind == Kind::City && q.population >= 500_000 && gaz.contains(c, o)
                });
                if big_city_inside {
                    scores[k] -= 1.0;
                }
            }
        }
    }

    fn own_score(&self, m: &Mention, c: PlaceId) -> f64 {
        let p = self.gaz.place(c);
        let mut s = prominence(p.population);
        s += match p.kind {
            Kind::Continent | Kind::Country => 1.0,
            // A region named by its bare short form ("Kharkiv") is usually its capital city;
            // the region needs its own name ("California") or a cue ("Kharkiv Oblast").
            Kind::Admin1 if crate::text::name_key(&p.name) == m.key => 0.5,
            Kind::Admin1 => -0.5,
            Kind::Admin2 => -0.4,
            Kind::District => -0.3,
            // Landmarks are hand-curated seats of government ("the White House").
            Kind::Landmark => 1.2,
            Kind::City | Kind::Other => 0.0,
        };
        if p.is_capital() {
            s += 0.8;
        }
        if crate::text::name_key(&p.name) == m.key {
            s += 0.3;
        }
        if let Some(cue) = m.cue {
            let fits = match cue {
                Cue::Region => p.kind == Kind::Admin1,
                Cue::District => matches!(p.kind, Kind::District | Kind::Admin2),
                Cue::City => p.kind == Kind::City,
            };
            s += if fits { 2.0 } else { -1.0 };
        }
        s
    }
}

fn prominence(population: u64) -> f64 {
    ((1.0 + population as f64).ln() / (1.0f64 + 1e7).ln()).min(1.2)
}

fn argmax(scores: &[f64]) -> Option<usize> {
    let mut best: Option<usize> = None;
    for (k, &s) in scores.iter().enumerate() {
        if best.is_none_or(|b| s > scores[b]) {
            best = Some(k);
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::recognize::Recognizer;
    use std::sync::OnceLock;

    fn gaz() -> &'static Gazetteer {
        static G: OnceLock<Gazetteer> = OnceLock::new();
        G.get_or_init(Gazetteer::bundled)
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

    #[test]
    fn haversine() {
        let d = haversine_km(49.98, 36.25, 50.45, 30.52);
        assert!((405.0..420.0).contains(&d), "{d}");
    }
    #[test]
    fn chord_of_unit_vectors_gives_haversine_distance() {
        let g = gaz();
        let (a, b) = (
            g.place(g.by_id("geonames:706483").unwrap()),
            g.place(g.by_id("geonames:703448").unwrap()),
        );
        let (ua, ub) = (unit_vector(a), unit_vector(b));
        let chord =
            ((ua[0] - ub[0]).powi(2) + (ua[1] - ub[1]).powi(2) + (ua[2] - ub[2]).powi(2)).sqrt();
        let d = EARTH_RADIUS_KM * 2.0 * (chord / 2.0).asin();
        assert!(
            (d - haversine_km(a.lat, a.lon, b.lat, b.lon)).abs() < 1e-6,
            "{d}"
        );
        assert!((400.0..430.0).contains(&d), "Kharkiv-Kyiv {d}");
    }
}
