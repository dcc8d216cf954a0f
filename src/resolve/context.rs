//! A per-document summary of the places chosen so far, so that each candidate's context costs
//! a few hash and R-tree look-ups instead of a pass over every other mention.

use std::cell::{Cell, RefCell};

use geo::Point;
use rstar::primitives::GeomWithData;
use rstar::RTree;

use super::countries::Countries;
use super::nearest::{Distances, Points};
use super::own::Facts;
use crate::gazetteer::{Gazetteer, Kind, Place, PlaceId};
use crate::lexicon::{FastHash, FastMap};
use crate::recognize::Mention;

/// A place on the unit sphere: chord distance grows with great-circle distance, so the R-tree's
/// nearest neighbour is the nearest on the globe.
type Entry = GeomWithData<[f64; 3], usize>;

/// Who named a country or region: the first name (its number, see [`name_ids`]), and whether
/// other names did too.
#[derive(Clone, Copy)]
pub(super) struct Named {
    key: u32,
    many_names: bool,
}

impl Named {
    pub(super) fn add(slot: Option<&mut Named>, key: u32) -> Option<Named> {
        match slot {
            Some(n) => {
                n.many_names |= n.key != key;
                None
            }
            None => Some(Named {
                key,
                many_names: false,
            }),
        }
    }

    /// Whether a name other than `key` named it (a name is not its own evidence).
    pub(super) fn by_other(&self, key: u32) -> bool {
        self.many_names || self.key != key
    }
}

/// One distinct chosen place.
struct Chosen {
    place: PlaceId,
    /// Its point on the unit sphere, and whether it is a settlement or finer.
    unit: [f64; 3],
    /// The cosine of its latitude, for the haversine (see [`cos_lat`]), and its latitude and
    /// longitude.
    cos_lat: f64,
    lat: f64,
    lon: f64,
    fine: bool,
    /// Whether it is a second-level division or finer.
    admin2_or_finer: bool,
    /// The name of the first mention that chose it, and whether others with other names did.
    key: u32,
    many_names: bool,
}

/// What the document's current choices say, built once per round.
pub(super) struct Summary<'a> {
    gaz: &'a Gazetteer,
    n_chosen: f64,
    /// The choices per country (by the numbers of the candidates' [`Facts`]), and per name
    /// and country (a name is not its own evidence: "Athens" four times is no Greek context
    /// for "Athens"), and the countries named.
    countries: Countries,
    /// Per name (by number): its mentions with a choice.
    name_count: Vec<f64>,
    named_admin1: FastMap<u32, Named>,
    chosen: Vec<Chosen>,
    /// The points of every chosen place, and of those at settlement level or finer.
    points: Points,
    fine_points: Points,
    by_place: FastMap<PlaceId, usize>,
    admin2_by_code: FastMap<u32, usize>,
    /// The distances worked out so far ([`Distances`]).
    distances: Distances,
    /// A bit per chosen place of second level or finer, and per first-level region in
    /// `named_admin1` ([`bit`]): most candidates' look-ups miss, and a clear bit says so
    /// without a hash look-up.
    fine_bits: u64,
    admin1_bits: u64,
    /// Every chosen place, and those at settlement level or finer, when there are more than
    /// [`SCAN`] (fewer are scanned).
    trees: Option<(RTree<Entry>, RTree<Entry>)>,
}

/// A [`Summary`]'s tables, kept per thread from one summary to the next (a document's
/// rounds build one each): emptied, not allocated and freed again.
#[derive(Default)]
struct Tables {
    countries: Countries,
    name_count: Vec<f64>,
    named_admin1: FastMap<u32, Named>,
    chosen: Vec<Chosen>,
    points: Points,
    fine_points: Points,
    by_place: FastMap<PlaceId, usize>,
    admin2_by_code: FastMap<u32, usize>,
    distances: Distances,
}

impl Tables {
    /// The thread's last summary's tables, emptied and sized once for `n` choices and
    /// `names` name numbers (a table grown insert by insert is allocated again at each
    /// doubling); the distances kept for the places of gazetteer `gazetteer` alone.
    fn take(n: usize, names: usize, gazetteer: u64) -> Tables {
        let mut t = TABLES.with_borrow_mut(Option::take).unwrap_or_default();
        t.countries.clear(names);
        t.name_count.clear();
        t.name_count.resize(names, 0.0);
        t.named_admin1.clear();
        t.chosen.clear();
        t.chosen.reserve(n);
        t.points.clear();
        t.fine_points.clear();
        t.by_place.clear();
        t.by_place.reserve(n);
        t.admin2_by_code.clear();
        t.distances.for_gazetteer(gazetteer);
        t
    }
}

thread_local!(static TABLES: RefCell<Option<Tables>> = const { RefCell::new(None) });

impl Drop for Summary<'_> {
    fn drop(&mut self) {
        let t = Tables {
            countries: std::mem::take(&mut self.countries),
            name_count: std::mem::take(&mut self.name_count),
            named_admin1: std::mem::take(&mut self.named_admin1),
            chosen: std::mem::take(&mut self.chosen),
            points: std::mem::take(&mut self.points),
            fine_points: std::mem::take(&mut self.fine_points),
            by_place: std::mem::take(&mut self.by_place),
            admin2_by_code: std::mem::take(&mut self.admin2_by_code),
            distances: std::mem::take(&mut self.distances),
        };
        // `try_with`: a summary dropped while the thread's locals are torn down frees them.
        let _ = TABLES.try_with(|cell| *cell.borrow_mut() = Some(t));
    }
}

/// One of 64 bits for a number (a place or an interned code), for [`Summary`]'s pre-tests.
fn bit(v: u32) -> u64 {
    1 << ((v as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 58)
}

/// Chosen places up to which the nearest is found by a scan: a story names a few dozen places,
/// and a scan of them costs less than building two R-trees and walking one per candidate.
const SCAN: usize = 64;

/// The context of one candidate.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(super) struct Context {
    pub country_share: f64,
    pub country_named: bool,
    pub admin1_named: bool,
    /// Kilometres to the nearest place another name chose (infinite when none qualifies, and
    /// for a country, whose distance is not looked for).
    pub nearest_km: f64,
    pub contained_in_doc: bool,
}

/// What of a candidate's context is specific evidence for it (see
/// [`super::rules::local_evidence`]): asked first, and for a gated candidate without it,
/// alone.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(super) struct Local {
    pub admin1_named: bool,
    pub contained_in_doc: bool,
}

impl Context {
    pub(super) fn local(&self) -> Local {
        Local {
            admin1_named: self.admin1_named,
            contained_in_doc: self.contained_in_doc,
        }
    }
}

/// Each mention's name (its key) as a number, equal keys equal numbers (numbered as first
/// seen): the rounds compare and count names by number instead of hashing their strings.
/// `same[i]`, when known, is an earlier mention with mention `i`'s name: its number is
/// taken from there without hashing the name (a name recurs in a story).
#[cfg(test)]
pub(super) fn name_ids(mentions: &[Mention], same: &[Option<usize>]) -> Vec<u32> {
    name_ids_in(mentions, same, Vec::new())
}

/// [`name_ids`] in buffer `out` (emptied).
pub(super) fn name_ids_in(
    mentions: &[Mention],
    same: &[Option<usize>],
    mut out: Vec<u32>,
) -> Vec<u32> {
    let mut ids: FastMap<&str, u32> =
        FastMap::with_capacity_and_hasher(mentions.len(), FastHash::default());
    out.clear();
    out.reserve(mentions.len());
    for (i, m) in mentions.iter().enumerate() {
        let id = match same.get(i).copied().flatten() {
            Some(j) => out[j],
            None => {
                let next = ids.len() as u32;
                *ids.entry(m.key.as_str()).or_insert(next)
            }
        };
        out.push(id);
    }
    out
}

/// Whether name `key` is a demonym ("Ukrainian": [`demonym_country`](crate::recognize::demonym_country)),
/// remembered in `slot` when there is one (`None` until asked): a name's mentions ask in
/// every round.
fn demonym(slot: Option<&Cell<Option<bool>>>, key: &str) -> bool {
    if let Some(d) = slot.and_then(Cell::get) {
        return d;
    }
    let d = crate::recognize::demonym_country(key).is_some();
    if let Some(s) = slot {
        s.set(Some(d));
    }
    d
}

/// Whether a place of kind `kind` counts as a settlement or finer for distances and
/// containment.
pub(super) fn fine(kind: Kind) -> bool {
    matches!(
        kind,
        Kind::City | Kind::District | Kind::Landmark | Kind::Other
    )
}

pub(super) fn unit(p: &Place) -> [f64; 3] {
    let (la, lo) = (p.lat.to_radians(), p.lon.to_radians());
    [la.cos() * lo.cos(), la.cos() * lo.sin(), la.sin()]
}

/// Great-circle distance between two places in kilometres (geo's haversine).
pub fn distance_km(a: &Place, b: &Place) -> f64 {
    use geo::{Distance, Haversine};
    Haversine::distance(Point::new(a.lon, a.lat), Point::new(b.lon, b.lat)) / 1000.0
}

/// The cosine of a latitude in degrees, computed as [`distance_km`] computes it (geo's
/// haversine; not inlined, so that it is never fused with the sine of the unit vector and
/// rounds the same).
#[inline(never)]
pub(super) fn cos_lat(lat: f64) -> f64 {
    lat.to_radians().cos()
}

/// [`distance_km`] from `a` to `b` (latitude, longitude) with the cosines of their latitudes
/// already known: the same operations in the same order, so the same bits.
fn distance_km_with(a: (f64, f64), cos_a: f64, b: (f64, f64), cos_b: f64) -> f64 {
    let delta_theta = (b.0 - a.0).to_radians();
    let delta_lambda = (b.1 - a.1).to_radians();
    let h = (delta_theta / 2.0).sin().powi(2) + cos_a * cos_b * (delta_lambda / 2.0).sin().powi(2);
    let c = 2.0 * h.sqrt().asin();
    MEAN_EARTH_RADIUS_M * c / 1000.0
}

/// geo's mean earth radius in metres (its haversine's).
const MEAN_EARTH_RADIUS_M: f64 = 6371008.8;

/// Population from which a settlement another name chose is its own nearest context.
const SELF_CONTEXT_POPULATION: u64 = 100_000;

impl<'a> Summary<'a> {
    /// `container[i]`: mention `i` is the stated container of another mention ("в Богодухове
    /// Харьковской области"); a region so named locates that place, and names no region for
    /// the document's other names. `picks[i]`: the facts of `chosen[i]`. `names`: the
    /// mentions' [`name_ids`]. `demonyms[n]`: whether name `n` is a demonym, once asked
    /// ([`demonym`]).
    pub fn new(
        gaz: &'a Gazetteer,
        (mentions, names): (&[Mention], &[u32]),
        (chosen, picks): (&[Option<PlaceId>], &[Option<&Facts>]),
        (container, demonyms): (&[bool], &[Cell<Option<bool>>]),
    ) -> Self {
        let n = chosen.iter().flatten().count();
        let names_len = names.iter().max().map_or(0, |&n| n as usize + 1);
        let t = Tables::take(n, names_len, gaz.id());
        let mut s = Summary {
            gaz,
            n_chosen: n as f64,
            countries: t.countries,
            name_count: t.name_count,
            named_admin1: t.named_admin1,
            chosen: t.chosen,
            points: t.points,
            fine_points: t.fine_points,
            by_place: t.by_place,
            admin2_by_code: t.admin2_by_code,
            distances: t.distances,
            fine_bits: 0,
            admin1_bits: 0,
            trees: None,
        };
        for (i, ((m, c), x)) in mentions.iter().zip(chosen).zip(picks).enumerate() {
            let (Some(c), Some(x)) = (*c, *x) else {
                continue;
            };
            let key = names[i];
            s.name_count[key as usize] += 1.0;
            // "A Ukrainian drone": a nationality names who acted, not where; it is no
            // evidence for a namesake inside that country. (`x.kind`: the entry's kind.)
            if x.kind == Kind::Country && demonym(demonyms.get(key as usize), &m.key) {
                continue;
            }
            s.countries.add(x.country, key);
            match (x.kind, x.admin2) {
                (Kind::Country, _) => s.countries.name(x.country, key),
                (Kind::Admin1, _) if !container.get(i).copied().unwrap_or(false) => {
                    let k = x.admin1;
                    if let Some(n) = Named::add(s.named_admin1.get_mut(&k), key) {
                        s.named_admin1.insert(k, n);
                        s.admin1_bits |= bit(k);
                    }
                }
                (Kind::Admin2, Some(k)) => {
                    s.admin2_by_code.entry(k).or_insert(s.chosen.len());
                }
                _ => {}
            }
            s.add_chosen(c, x, key);
        }
        if s.chosen.len() > SCAN {
            let entries = |only_fine: bool| -> Vec<Entry> {
                s.chosen
                    .iter()
                    .enumerate()
                    .filter(|(_, e)| !only_fine || e.fine)
                    .map(|(i, e)| GeomWithData::new(e.unit, i))
                    .collect()
            };
            s.trees = Some((
                RTree::bulk_load(entries(false)),
                RTree::bulk_load(entries(true)),
            ));
        }
        s
    }

    /// Place `c`, chosen for a mention named `key`, once per place (with whether more than
    /// one name chose it).
    /// (`x`: its facts, whose point and cosine are those [`unit`] and [`cos_lat`] give.)
    fn add_chosen(&mut self, c: PlaceId, x: &Facts, key: u32) {
        if let Some(&i) = self.by_place.get(&c) {
            let e = &mut self.chosen[i];
            e.many_names |= e.key != key;
            return;
        }
        self.by_place.insert(c, self.chosen.len());
        if x.kind >= Kind::Admin2 {
            self.fine_bits |= bit(c.0);
        }
        self.points.push(x.unit, self.chosen.len());
        if fine(x.kind) {
            self.fine_points.push(x.unit, self.chosen.len());
        }
        self.chosen.push(Chosen {
            place: c,
            unit: x.unit,
            cos_lat: x.cos_lat,
            lat: x.lat,
            lon: x.lon,
            fine: fine(x.kind),
            admin2_or_finer: x.kind >= Kind::Admin2,
            key,
            many_names: false,
        });
    }

    /// Whether the chosen place `i` counts as context for a mention named `key`: it was chosen
    /// by another name (a name is not its own evidence).
    fn other(&self, i: usize, key: u32) -> bool {
        let e = &self.chosen[i];
        e.many_names || e.key != key
    }

    /// The mentions of names other than `key` with a choice (for [`Summary::context`]).
    pub fn others_than(&self, key: u32) -> f64 {
        self.n_chosen - self.name_count.get(key as usize).copied().unwrap_or(0.0)
    }

    /// The local evidence of candidate `c` of a mention named `key` (`x`: its facts).
    pub fn local(&self, key: u32, c: PlaceId, x: &Facts) -> Local {
        Local {
            admin1_named: x.kind > Kind::Admin1
                && self.admin1_bits & bit(x.admin1) != 0
                && self
                    .named_admin1
                    .get(&x.admin1)
                    .is_some_and(|n| n.by_other(key)),
            contained_in_doc: fine(x.kind) && self.contained(key, c, x),
        }
    }

    /// The context of candidate `c` of a mention named `key` (`x`: its facts; `n_others`:
    /// [`Summary::others_than`] the name, asked once for all its candidates; `local`: its
    /// [`Summary::local`]).
    pub fn context(&self, key: u32, c: PlaceId, x: &Facts, n_others: f64, local: Local) -> Context {
        let (cc, countries) = (x.country, &self.countries);
        // The share among the mentions of other names.
        let others = countries.count(cc) - countries.of_name(cc, key);
        Context {
            country_share: (others / n_others.max(1.0)).max(0.0),
            country_named: x.kind != Kind::Country && countries.named_by_other(cc, key),
            admin1_named: local.admin1_named,
            // A country's distance says nothing ([`super::rules::distance_feature`]): none is
            // looked for.
            nearest_km: if x.kind == Kind::Country {
                f64::INFINITY
            } else {
                self.nearest_km(key, c, x)
            },
            contained_in_doc: local.contained_in_doc,
        }
    }

    /// Distance to the nearest place chosen by another name (a settlement or finer unless the
    /// candidate itself is one).
    fn nearest_km(&self, key: u32, c: PlaceId, x: &Facts) -> f64 {
        let (u, any) = (x.unit, fine(x.kind));
        // A city of 100,000 or more counts itself (distance 0) when another name chose it
        // first ("Запорожской областной администрации … по Запорожью"): otherwise its namesake
        // villages around it are nearer to it than it is to itself.
        let itself = any && x.population >= SELF_CONTEXT_POPULATION;
        let counts = |i: usize| {
            let e = &self.chosen[i];
            self.other(i, key) && (e.place != c || (itself && e.key != key))
        };
        let nearest = match &self.trees {
            Some((all, only_fine)) => {
                let tree = if any { all } else { only_fine };
                tree.nearest_neighbor_iter(&u)
                    .map(|e| e.data)
                    .find(|&i| counts(i))
            }
            // The R-tree's order: the least squared chord, summed as rstar sums it (places
            // at the same distance are at the same point, so which one is first does not
            // change the distance).
            // The first of the least, as `min_by`; whether a place counts is asked only of
            // one nearer than the best so far.
            None => {
                let points = if any { &self.points } else { &self.fine_points };
                points.nearest(&u, counts)
            }
        };
        nearest.map_or(f64::INFINITY, |i| {
            let e = &self.chosen[i];
            let km = || distance_km_with((x.lat, x.lon), x.cos_lat, (e.lat, e.lon), e.cos_lat);
            self.distances.km((c.0, e.place.0), km)
        })
    }

    /// Whether a place chosen by another name (a second-level division or finer) contains `c`.
    fn contained(&self, key: u32, c: PlaceId, x: &Facts) -> bool {
        let gaz = self.gaz;
        let hit = |i: usize| self.other(i, key) && self.chosen[i].admin2_or_finer;
        let held = |a: &PlaceId| {
            self.fine_bits & bit(a.0) != 0 && self.by_place.get(a).is_some_and(|&i| hit(i))
        };
        // Only an ancestor of second level or finer can be a hit: those the facts hold.
        let by_parents = match x.up_len {
            Some(n) => x.up[..n as usize].iter().any(held),
            None => {
                let mut cur = x.parent;
                let mut found = false;
                for _ in 0..8 {
                    let Some(a) = cur else { break };
                    if held(&a) {
                        found = true;
                        break;
                    }
                    cur = gaz.place(a).parent;
                }
                found
            }
        };
        by_parents
            || (x.kind > Kind::Admin2
                && !self.admin2_by_code.is_empty()
                && x.admin2
                    .and_then(|k| self.admin2_by_code.get(&k))
                    .is_some_and(|&i| self.chosen[i].place != c && hit(i)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The haversine with known cosines is geo's to the bit.
    #[test]
    fn distance_with_cosines_is_geos() {
        let gaz = crate::testing::gazetteer();
        let step = gaz.len() / 300;
        let places: Vec<&Place> = (0..300)
            .map(|i| gaz.place(PlaceId((i * step) as u32)))
            .collect();
        for (a, b) in places.iter().zip(places.iter().rev()) {
            let with = distance_km_with(
                (a.lat, a.lon),
                cos_lat(a.lat),
                (b.lat, b.lon),
                cos_lat(b.lat),
            );
            assert_eq!(with.to_bits(), distance_km(a, b).to_bits());
        }
    }

    /// The nearest place by scan (a few chosen places) and by R-tree (many) is the same.
    #[test]
    fn scan_and_trees_find_the_same_nearest() {
        let gaz = crate::testing::gazetteer();
        let step = gaz.len() / 200;
        let ids: Vec<PlaceId> = (0..200).map(|i| PlaceId((i * step) as u32)).collect();
        let mentions: Vec<Mention> = ids
            .iter()
            .enumerate()
            .map(|(i, &c)| Mention {
                start: i,
                end: i + 1,
                text: Default::default(),
                key: format!("name{}", i % 9).into(),
                candidates: smallvec::smallvec![c],
                cue: None,
                sentence: 0,
            })
            .collect();
        let chosen: Vec<Option<PlaceId>> = ids.iter().map(|&c| Some(c)).collect();
        let facts: Vec<Facts> = ids.iter().map(|&c| Facts::of(gaz, c)).collect();
        let picks: Vec<Option<&Facts>> = facts.iter().map(Some).collect();
        let names = name_ids(&mentions, &[]);
        let with_trees = Summary::new(gaz, (&mentions, &names), (&chosen, &picks), (&[], &[]));
        assert!(with_trees.trees.is_some());
        let mut scanned = Summary::new(gaz, (&mentions, &names), (&chosen, &picks), (&[], &[]));
        scanned.trees = None;
        for (i, &c) in ids.iter().enumerate().step_by(3) {
            let key = names[i];
            let x = Facts::of(gaz, c);
            let (a, b) = (
                with_trees.nearest_km(key, c, &x),
                scanned.nearest_km(key, c, &x),
            );
            assert_eq!(a.to_bits(), b.to_bits(), "{i}: {a} {b}");
        }
    }

    /// A demonym asked through a slot is the one asked directly, the first time and after.
    #[test]
    fn demonyms_remembered_are_the_asked_ones() {
        for key in [
            "ukrainian",
            "russian",
            "french",
            "kharkiv",
            "",
            "україна",
            "paris",
        ] {
            let want = crate::recognize::demonym_country(key).is_some();
            let slot = Cell::new(None);
            for _ in 0..2 {
                assert_eq!(demonym(Some(&slot), key), want, "{key}");
                assert_eq!(demonym(None, key), want, "{key}");
            }
            assert_eq!(slot.get(), Some(want));
        }
        assert!(crate::recognize::demonym_country("french").is_some());
    }

    /// A name is not its own evidence: its other mentions give no share to its country.
    #[test]
    fn country_share_counts_only_other_names() {
        let gaz = crate::testing::gazetteer();
        let id = |s: &str| gaz.by_id(s).unwrap();
        let (athens_gr, athens_us) = (id("geonames:264371"), id("geonames:4180386"));
        let moscow = id("geonames:524901");
        let mention = |key: &str, c: PlaceId| Mention {
            start: 0,
            end: 1,
            text: Default::default(),
            key: key.into(),
            candidates: smallvec::smallvec![c],
            cue: None,
            sentence: 0,
        };
        let mentions = vec![
            mention("athens", athens_gr),
            mention("athens", athens_gr),
            mention("athens", athens_gr),
            mention("moscow", moscow),
        ];
        let chosen = [
            Some(athens_gr),
            Some(athens_gr),
            Some(athens_gr),
            Some(moscow),
        ];
        let facts: Vec<Facts> = chosen.iter().map(|c| Facts::of(gaz, c.unwrap())).collect();
        let picks: Vec<Option<&Facts>> = facts.iter().map(Some).collect();
        let names = name_ids(&mentions, &[]);
        let s = Summary::new(gaz, (&mentions, &names), (&chosen, &picks), (&[], &[]));
        let share = |key: &str, c: PlaceId| {
            let key = names[mentions.iter().position(|m| m.key == key).unwrap()];
            let x = Facts::of(gaz, c);
            let local = s.local(key, c, &x);
            s.context(key, c, &x, s.others_than(key), local)
                .country_share
        };
        assert_eq!(share("athens", athens_gr), 0.0);
        assert_eq!(share("athens", athens_us), 0.0);
        assert_eq!(share("moscow", moscow), 0.0);
        assert_eq!(share("moscow", athens_gr), 1.0);
    }
}
