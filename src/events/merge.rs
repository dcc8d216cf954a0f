//! Merging: reports of one event, from any number of documents, into [`Event`]s.
//!
//! Two reports are of one event when their types agree (or one is only generic: "hit",
//! "killed"), their dates are compatible and their places are the same, contain one another
//! (a district and its city; a city and its region), or are towns less than 15 km apart.
//! Candidate events for a report are found without comparing it with every event: by place,
//! by ancestor and through an R-tree of event points on the unit sphere (so 15 km is 15 km at
//! every latitude, across the antimeridian and at the poles).

use crate::lexicon::{FastHash, FastMap};
use std::collections::{HashMap, HashSet};

use geo::{Distance, Haversine, Point};
use rstar::primitives::GeomWithData;
use rstar::RTree;

use crate::gazetteer::{Gazetteer, Kind, PlaceId};
use crate::text::Date;

use super::dates::PartialDate;
use super::types::{Event, EventReport, EventType};

/// Towns closer than this may be one event's place (km).
pub const NEARBY_KM: f64 = 15.0;

const EARTH_RADIUS_KM: f64 = 6371.0088;

pub(crate) fn specificity(kind: Kind) -> u8 {
    match kind {
        Kind::Landmark | Kind::District => 5,
        Kind::City | Kind::Other => 4,
        Kind::Admin2 => 3,
        Kind::Admin1 => 2,
        Kind::Country | Kind::Island | Kind::Sea | Kind::River | Kind::Mountains => 1,
        Kind::Region => 1,
        Kind::Continent => 0,
    }
}

/// The places that contain a place: its parents, its admin1 and its country.
pub(crate) fn ancestors(gaz: &Gazetteer, id: PlaceId) -> Vec<PlaceId> {
    let p = gaz.place(id);
    let mut out = Vec::new();
    let mut cur = p.parent;
    while let Some(a) = cur {
        if out.contains(&a) || out.len() > 8 {
            break;
        }
        out.push(a);
        cur = gaz.place(a).parent;
    }
    if p.kind > Kind::Admin1 {
        out.extend(gaz.admin1(&p.country_code, &p.admin1_code));
    }
    if p.kind > Kind::Country {
        out.extend(gaz.country(&p.country_code));
    }
    out
}

fn point(gaz: &Gazetteer, id: PlaceId) -> Point {
    let p = gaz.place(id);
    Point::new(p.lon, p.lat)
}

fn places_compatible(gaz: &Gazetteer, a: PlaceId, b: PlaceId) -> bool {
    if a == b {
        return true;
    }
    let (pa, pb) = (gaz.place(a), gaz.place(b));
    gaz.contains(a, b)
        || gaz.contains(b, a)
        || (pa.kind >= Kind::City
            && pb.kind >= Kind::City
            && Haversine::distance(point(gaz, a), point(gaz, b)) / 1000.0 < NEARBY_KM)
}

/// A point on the unit sphere: Euclidean distance there grows with great-circle distance
/// everywhere, unlike degrees of longitude.
fn unit_vector(p: Point) -> [f64; 3] {
    let (lat, lon) = (p.y().to_radians(), p.x().to_radians());
    [lat.cos() * lon.cos(), lat.cos() * lon.sin(), lat.sin()]
}

/// The squared distance of two points as the R-tree finds it for its leaves (the same
/// operations in the same order, so both agree to the last bit).
fn distance2(p: &[f64; 3], q: &[f64; 3]) -> f64 {
    let d = [p[0] - q[0], p[1] - q[1], p[2] - q[2]];
    d.iter().fold(0.0, |acc, &c| c * c + acc)
}

/// Squared chord length of a great-circle distance on the unit sphere.
fn chord2(km: f64) -> f64 {
    let c = 2.0 * (km / EARTH_RADIUS_KM / 2.0).sin();
    c * c
}

/// Items near each other within `km`, found through an R-tree: what merging uses for towns.
#[derive(Default)]
pub struct NearIndex {
    tree: RTree<GeomWithData<[f64; 3], usize>>,
    /// The items as inserted, in order (see [`NearIndex::within_since`]).
    log: Vec<([f64; 3], usize)>,
}

/// Items inserted since a point was last asked about, past which the tree is asked again
/// rather than each checked.
const RESCAN: usize = 256;

impl NearIndex {
    /// Adds an item at a point (x = lon, y = lat, degrees).
    pub fn insert(&mut self, at: Point, item: usize) {
        let v = unit_vector(at);
        self.tree.insert(GeomWithData::new(v, item));
        self.log.push((v, item));
    }

    /// [`NearIndex::within`] for a point asked about again and again: `found` holds the
    /// items within `km` among the first `seen` inserted; those inserted since are added
    /// (each checked as the tree checks it, or the tree asked again if they are many), and
    /// `seen` counts them all.
    pub fn within_since(&self, at: Point, km: f64, seen: &mut usize, found: &mut Vec<usize>) {
        let new = self.log.get(*seen..).unwrap_or_default();
        if new.len() > RESCAN {
            found.clear();
            found.extend(self.within(at, km));
        } else if !new.is_empty() {
            let (q, max) = (unit_vector(at), chord2(km) * 1.0001);
            let near = new.iter().filter(|(p, _)| distance2(p, &q) <= max);
            found.extend(near.map(|&(_, item)| item));
        }
        *seen = self.log.len();
    }

    /// Items within `km` of a point (a little more, never less: compare exact distances after).
    pub fn within(&self, at: Point, km: f64) -> impl Iterator<Item = usize> + '_ {
        self.tree
            .locate_within_distance(unit_vector(at), chord2(km) * 1.0001)
            .map(|g| g.data)
    }
}

/// A date in 32 bits: 0 none, bit 30 a month-day, bit 31 a full date (year from bit 9, month
/// from bit 5, day).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PackedDate(u32);

impl PackedDate {
    /// Packs a date (years 1–9999, as [`Date::new`] makes them).
    pub fn new(d: Option<PartialDate>) -> PackedDate {
        PackedDate(match d {
            None => 0,
            Some(PartialDate::MonthDay(m, d)) => 1 << 30 | u32::from(m) << 5 | u32::from(d),
            Some(PartialDate::Day(x)) => {
                let year = u32::try_from(x.year).unwrap_or(0).min((1 << 21) - 1);
                1 << 31 | year << 9 | u32::from(x.month) << 5 | u32::from(x.day)
            }
        })
    }

    /// The 32 bits (for the spill of keys).
    pub fn bits(self) -> u32 {
        self.0
    }

    /// A date from its 32 bits (see [`PackedDate::bits`]).
    pub fn from_bits(bits: u32) -> PackedDate {
        PackedDate(bits)
    }

    /// The date.
    pub fn get(self) -> Option<PartialDate> {
        let (m, d) = ((self.0 >> 5 & 15) as u8, (self.0 & 31) as u8);
        if self.0 & 1 << 31 != 0 {
            let year = (self.0 >> 9 & ((1 << 21) - 1)) as i32;
            Some(PartialDate::Day(Date {
                year,
                month: m,
                day: d,
            }))
        } else if self.0 & 1 << 30 != 0 {
            Some(PartialDate::MonthDay(m, d))
        } else {
            None
        }
    }
}

/// What merging needs of a report: a few numbers, no strings (what a run keeps in memory per
/// report: 20 bytes; the full reports wait on disk, see [`crate::result::Reducer`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ReportKey {
    /// Where.
    pub place: PlaceId,
    /// When, as precisely as known.
    pub date: PackedDate,
    /// The document's rank among the run's document ids in byte order (equal ids, equal ranks).
    pub doc: u32,
    /// Start of the evidence sentence (bytes; saturates at 4 GiB).
    pub sentence: u32,
    /// Event type.
    pub event_type: EventType,
    /// Whether a specific word gave the type.
    pub type_specific: bool,
    /// Whether the date rests on an inferred publication date.
    pub date_inferred: bool,
    /// ACLED geo-precision.
    pub geo_precision: u8,
}

impl ReportKey {
    /// The key of a report whose document has rank `doc`.
    pub fn of(r: &EventReport, doc: u32) -> ReportKey {
        ReportKey {
            place: r.place,
            date: PackedDate::new(r.date),
            doc,
            sentence: u32::try_from(r.sentence.0).unwrap_or(u32::MAX),
            event_type: r.event_type,
            type_specific: r.type_specific,
            date_inferred: r.date_inferred,
            geo_precision: r.geo_precision,
        }
    }

    /// When, as precisely as known.
    pub fn date(&self) -> Option<PartialDate> {
        self.date.get()
    }

    /// The key in [`ReportKey::BYTES`] little-endian bytes (for the spill of keys).
    pub fn to_bytes(&self) -> [u8; ReportKey::BYTES] {
        let mut b = [0; ReportKey::BYTES];
        b[0..4].copy_from_slice(&self.place.0.to_le_bytes());
        b[4..8].copy_from_slice(&self.date.bits().to_le_bytes());
        b[8..12].copy_from_slice(&self.doc.to_le_bytes());
        b[12..16].copy_from_slice(&self.sentence.to_le_bytes());
        b[16] = self.event_type as u8;
        b[17] = u8::from(self.type_specific) | u8::from(self.date_inferred) << 1;
        b[18] = self.geo_precision;
        b
    }

    /// A key from [`ReportKey::to_bytes`]'s bytes (`None` if they are not a key's).
    pub fn from_bytes(b: &[u8; ReportKey::BYTES]) -> Option<ReportKey> {
        let u = |i: usize| u32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]);
        Some(ReportKey {
            place: PlaceId(u(0)),
            date: PackedDate::from_bits(u(4)),
            doc: u(8),
            sentence: u(12),
            event_type: *EventType::ALL.get(usize::from(b[16]))?,
            type_specific: b[17] & 1 != 0,
            date_inferred: b[17] & 2 != 0,
            geo_precision: b[18],
        })
    }

    /// Bytes of a key on disk.
    pub const BYTES: usize = 19;
}

/// The reports of each document, by rank: what tells whether an event already has a report
/// of a document (without a set of (event, document) pairs).
pub struct ByDoc<'a> {
    /// Where each rank's entries start in `entries` (one more than there are ranks).
    pub starts: Vec<u32>,
    /// Report indexes, or document ordinals when `spans` is given.
    pub entries: Vec<u32>,
    /// Each document ordinal's first report index (reports of a document are consecutive).
    pub spans: Option<&'a [u32]>,
}

impl ByDoc<'_> {
    /// Report indexes and ranks of the reports (the rank of report `i` is `ranks[i]`).
    pub fn of_reports(ranks: &[u32]) -> ByDoc<'static> {
        let mut entries: Vec<u32> = (0..ranks.len() as u32).collect();
        entries.sort_by_key(|&i| ranks[i as usize]);
        let n = ranks.iter().max().map_or(0, |&m| m as usize + 1);
        let mut starts = vec![0u32; n + 1];
        for &r in ranks {
            starts[r as usize + 1] += 1;
        }
        for i in 0..n {
            starts[i + 1] += starts[i];
        }
        ByDoc {
            starts,
            entries,
            spans: None,
        }
    }

    fn any(&self, rank: u32, total: usize, mut f: impl FnMut(u32) -> bool) -> bool {
        let range = self.starts[rank as usize] as usize..self.starts[rank as usize + 1] as usize;
        self.entries[range].iter().any(|&e| match self.spans {
            None => f(e),
            Some(first) => {
                let end = first.get(e as usize + 1).map_or(total as u32, |&x| x);
                (first[e as usize]..end).any(&mut f)
            }
        })
    }
}

/// Reports of one event being merged, with what a new report is compared with: the most
/// specific place, the most precise date and the first specific type.
struct Cluster {
    len: usize,
    place: PlaceId,
    date: Option<PartialDate>,
    kind: Option<EventType>,
}

/// Places that agree for a report that carries no date: one place, or one inside the other
/// where both are at least a first-level division ("the Kharkiv region" and Kharkiv), never a
/// country and a place somewhere in it, nor two towns near each other.
fn same_place(gaz: &Gazetteer, a: PlaceId, b: PlaceId) -> bool {
    let divided = |x: PlaceId| specificity(gaz.place(x).kind) >= specificity(Kind::Admin1);
    a == b || (divided(a) && divided(b) && (gaz.contains(a, b) || gaz.contains(b, a)))
}

impl Cluster {
    /// Whether a report may join: compatible types, and places and dates that agree. A report
    /// without a date says nothing of when: it joins an event of its own document at a
    /// compatible place ("Ukraine" beside "Kharkiv"), else only one whose place agrees (see
    /// [`same_place`]): never another source's event somewhere else in its country.
    fn fits(&self, gaz: &Gazetteer, r: &ReportKey, own_doc: bool) -> bool {
        let type_ok = !r.type_specific || self.kind.is_none_or(|k| k == r.event_type);
        type_ok
            && match (r.date(), self.date) {
                (Some(d), Some(c)) => {
                    d.compatible(c) && places_compatible(gaz, self.place, r.place)
                }
                (Some(_), None) => places_compatible(gaz, self.place, r.place),
                (None, _) => {
                    same_place(gaz, self.place, r.place)
                        || (own_doc && places_compatible(gaz, self.place, r.place))
                }
            }
    }

    fn add(&mut self, gaz: &Gazetteer, r: &ReportKey) {
        if self.len == 0
            || specificity(gaz.place(r.place).kind) > specificity(gaz.place(self.place).kind)
        {
            self.place = r.place;
        }
        if let Some(d) = r.date() {
            if self.date.is_none() || matches!(d, PartialDate::Day(_)) {
                self.date = Some(d);
            }
        }
        if r.type_specific {
            self.kind.get_or_insert(r.event_type);
        }
        self.len += 1;
    }
}

/// Finds the clusters a report's place may be compatible with: clusters at the place itself,
/// at its ancestors, inside it, and towns nearby.
#[derive(Default)]
struct ClusterIndex {
    /// What is known of each place, found through one lookup per report (see [`Node`]).
    nodes: Vec<Node>,
    // Looked up for every report when events merge: the fast hasher (never iterated).
    of: FastMap<PlaceId, u32>,
    near: NearIndex,
    registered: HashSet<(usize, PlaceId), FastHash>,
}

/// A place of the index: a run's reports name few places, each many times.
#[derive(Default)]
struct Node {
    /// The clusters at the place, and those at places inside it.
    at: Vec<usize>,
    under: Vec<usize>,
    /// Its [`ancestors`]' nodes, found once (a first-level division is a formatted code
    /// looked up); `None` until the place itself is asked about or registered.
    up: Option<Vec<u32>>,
    /// A town's point.
    town: Option<Point>,
    /// A town's clusters nearby, and how many of the near index's items they were found
    /// among: a town is asked about for each of its reports, as clusters are added.
    nearby: (usize, Vec<usize>),
}

impl ClusterIndex {
    /// The node of a place, made empty (without its ancestors) if there is none yet.
    fn slot(&mut self, place: PlaceId) -> usize {
        let next = self.nodes.len();
        let i = *self.of.entry(place).or_insert(next as u32) as usize;
        if i == next {
            self.nodes.push(Node::default());
        }
        i
    }

    /// The node of a place, with its ancestors and point.
    fn node(&mut self, gaz: &Gazetteer, place: PlaceId) -> usize {
        let i = self.slot(place);
        if self.nodes[i].up.is_none() {
            let up = ancestors(gaz, place).into_iter();
            let up = up.map(|a| self.slot(a) as u32).collect();
            let town = (gaz.place(place).kind >= Kind::City).then(|| point(gaz, place));
            (self.nodes[i].up, self.nodes[i].town) = (Some(up), town);
        }
        i
    }

    fn register(&mut self, gaz: &Gazetteer, cluster: usize, place: PlaceId) {
        // A cluster keeps its place for most reports: index each (cluster, place) once.
        if !self.registered.insert((cluster, place)) {
            return;
        }
        let push = |v: &mut Vec<usize>| {
            if v.last() != Some(&cluster) {
                v.push(cluster);
            }
        };
        let i = self.node(gaz, place);
        push(&mut self.nodes[i].at);
        let up = self.nodes[i].up.take().unwrap_or_default();
        for &a in &up {
            push(&mut self.nodes[a as usize].under);
        }
        self.nodes[i].up = Some(up);
        if let Some(at) = self.nodes[i].town {
            self.near.insert(at, cluster);
        }
    }

    /// The candidates of `place` into `out` (emptied first: one buffer for every report).
    fn candidates(&mut self, gaz: &Gazetteer, place: PlaceId, out: &mut Vec<usize>) {
        out.clear();
        let i = self.node(gaz, place);
        let node = &self.nodes[i];
        out.extend_from_slice(&node.at);
        out.extend_from_slice(&node.under);
        for &a in node.up.iter().flatten() {
            out.extend_from_slice(&self.nodes[a as usize].at);
        }
        let node = &mut self.nodes[i];
        if let Some(at) = node.town {
            let (seen, found) = &mut node.nearby;
            self.near.within_since(at, NEARBY_KM, seen, found);
            out.extend_from_slice(found);
        }
        out.sort_unstable();
        out.dedup();
    }
}

/// A report that joins no event (see [`assign`]).
pub const DROPPED: u32 = u32::MAX;

/// The order reports are merged in (indexes into `keys`): dated first, the most specific
/// places first, then by document and offset; ties keep the order of `keys`.
pub fn merge_order(gaz: &Gazetteer, keys: &[ReportKey]) -> Vec<u32> {
    let mut order: Vec<u32> = (0..keys.len() as u32).collect();
    // Unstable with the index last is the stable order, without a stable sort's scratch copy.
    order.sort_unstable_by_key(|&i| {
        let k = &keys[i as usize];
        (merge_class(gaz, k), k.doc, k.sentence, i)
    });
    order
}

/// A report's class in merge order: dated before undated, then the most specific places
/// first (smaller is earlier).
pub(crate) fn merge_class(gaz: &Gazetteer, k: &ReportKey) -> u32 {
    let undated = u32::from(k.date == PackedDate::default());
    undated << 8 | (8 - u32::from(specificity(gaz.place(k.place).kind)))
}

/// Merges reports of the same event: the cluster of each report (by index into `keys`), or
/// [`DROPPED`], visiting them in `order` (see [`merge_order`]). Reports with a date merge when
/// type, date and place are compatible; a report without a date joins an event of its own
/// document it is compatible with, or one at the same place (of several, the one with the
/// most specific place, then the most reports). Country-level reports that join no event are
/// dropped: they say only that something happened somewhere in a country.
pub fn assign(gaz: &Gazetteer, keys: &[ReportKey], order: &[u32], docs: &ByDoc) -> Vec<u32> {
    let mut of = vec![DROPPED; keys.len()];
    let mut clusters = Clusters::default();
    for &ri in order {
        let r = &keys[ri as usize];
        let own = |i: usize| docs.any(r.doc, keys.len(), |j| of[j as usize] == i as u32);
        of[ri as usize] = clusters.place(gaz, r, own);
    }
    of
}

/// The events being merged (see [`assign`]): each report visited in merge order joins one
/// or starts one.
#[derive(Default)]
pub(crate) struct Clusters {
    clusters: Vec<Cluster>,
    index: ClusterIndex,
    /// A report's candidates and the clusters among them it fits, reused from report to
    /// report (not two new vectors for each).
    candidates: Vec<usize>,
    matching: Vec<usize>,
}

impl Clusters {
    /// The cluster report `r` joins (or [`DROPPED`]); `own(i)` tells whether cluster `i`
    /// already has a report of `r`'s document.
    pub(crate) fn place(
        &mut self,
        gaz: &Gazetteer,
        r: &ReportKey,
        own: impl Fn(usize) -> bool,
    ) -> u32 {
        let clusters = &mut self.clusters;
        let (candidates, matching) = (&mut self.candidates, &mut self.matching);
        self.index.candidates(gaz, r.place, candidates);
        let fits = |i: usize| clusters[i].fits(gaz, r, own(i));
        matching.clear();
        if r.date().is_some() {
            // A dated report joins the first event it fits (candidates are in order): those
            // after it are not asked.
            matching.extend(candidates.iter().copied().find(|&i| fits(i)));
        } else {
            matching.extend(candidates.iter().copied().filter(|&i| fits(i)));
        }
        let target = match (r.date(), matching.as_slice()) {
            (Some(_), [first, ..]) => Some(*first),
            (None, [only]) => Some(*only),
            // Several events fit an undated report: one of its own document, then the one
            // with the most specific place, then the one with most reports, then the first.
            (None, [_, _, ..]) => matching.iter().copied().max_by_key(|&i| {
                let c = &clusters[i];
                (
                    own(i),
                    specificity(gaz.place(c.place).kind),
                    c.len,
                    std::cmp::Reverse(i),
                )
            }),
            // Country-level reports only add sources to a more precise event.
            _ if gaz.place(r.place).kind <= Kind::Country => return DROPPED,
            _ => None,
        };
        let i = target.unwrap_or_else(|| {
            clusters.push(Cluster {
                len: 0,
                place: r.place,
                date: None,
                kind: None,
            });
            clusters.len() - 1
        });
        clusters[i].add(gaz, r);
        self.index.register(gaz, i, clusters[i].place);
        i as u32
    }
}

/// Merges reports of the same event (see [`assign`]), keeping every report and source.
/// Output is sorted by date, place name, type and sources, and numbered `E1`, `E2`…
pub fn merge(gaz: &Gazetteer, reports: Vec<EventReport>) -> Vec<Event> {
    let ranks = doc_ranks(reports.iter().map(|r| r.doc.as_str()));
    let keys: Vec<ReportKey> = reports
        .iter()
        .zip(&ranks)
        .map(|(r, &d)| ReportKey::of(r, d))
        .collect();
    let order = merge_order(gaz, &keys);
    let clusters = assign(gaz, &keys, &order, &ByDoc::of_reports(&ranks));
    let grouped = super::build::Grouped::new(gaz, &keys, &clusters);
    let built: Result<_, std::convert::Infallible> =
        grouped.events(gaz, &keys, usize::MAX, |i, _| {
            Ok(reports[i as usize].clone())
        });
    let Ok(events) = built;
    events
}

/// The rank of each id among the distinct ids in byte order.
pub fn doc_ranks<'a>(ids: impl Iterator<Item = &'a str> + Clone) -> Vec<u32> {
    let mut sorted: Vec<&str> = ids.clone().collect();
    sorted.sort_unstable();
    sorted.dedup();
    ids.map(|d| sorted.binary_search(&d).map_or(0, |i| i as u32))
        .collect()
}

/// Fills in years of month-day dates from the events they merged into: a document whose
/// partial date joined an event with a full date lies in that date's year, so its other
/// month-day dates are anchored there (the first such event in output order decides).
/// Returns each document's anchor (by rank).
pub fn year_anchors(gaz: &Gazetteer, keys: &[ReportKey], clusters: &[u32]) -> HashMap<u32, Date> {
    let grouped = super::build::Grouped::new(gaz, keys, clusters);
    let mut anchor: HashMap<u32, Date> = HashMap::new();
    for run in grouped.in_output_order(gaz, keys) {
        let Some(PartialDate::Day(full)) = run
            .iter()
            .filter_map(|&i| keys[i as usize].date())
            .find(|d| matches!(d, PartialDate::Day(_)))
        else {
            continue;
        };
        for &i in run {
            let k = &keys[i as usize];
            if matches!(k.date(), Some(PartialDate::MonthDay(..))) {
                anchor.entry(k.doc).or_insert(full);
            }
        }
    }
    anchor
}

/// A report's date re-anchored in its document's year (see [`year_anchors`]): the new date
/// and whether it is now inferred, or `None` when it stays.
pub fn reanchored(date: Option<PartialDate>, anchor: Option<&Date>) -> Option<PartialDate> {
    match (date, anchor) {
        (Some(d @ PartialDate::MonthDay(..)), Some(a)) => {
            let new = d.anchored(*a);
            (new != d).then_some(new)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two places 14 km apart above 60° N straddle a 0.25° longitude cell boundary: a grid of
    /// degree cells with "neighbouring cells within 15 km" misses them; the R-tree does not.
    #[test]
    fn finds_places_14_km_apart_in_the_far_north() {
        let a = Point::new(63.99, 67.5);
        // 14 km east along the parallel at 67.5° N is about 0.329° of longitude.
        let b = Point::new(63.99 + 0.3291, 67.5);
        let d = Haversine::distance(a, b) / 1000.0;
        assert!((13.9..14.1).contains(&d), "{d} km");
        let mut idx = NearIndex::default();
        idx.insert(a, 0);
        assert_eq!(idx.within(b, NEARBY_KM).collect::<Vec<_>>(), [0]);
        // And not one 16 km away.
        let c = Point::new(63.99 + 0.3762, 67.5);
        assert!(Haversine::distance(a, c) / 1000.0 > 15.5);
        assert_eq!(idx.within(c, NEARBY_KM).count(), 0);
        // Across the antimeridian.
        idx.insert(Point::new(179.95, 65.0), 1);
        assert_eq!(
            idx.within(Point::new(-179.95, 65.0), NEARBY_KM)
                .collect::<Vec<_>>(),
            [1]
        );
    }

    /// Asked again as items come, a point's items nearby are the tree's, whether found
    /// item by item or by the tree again, at the edge of the distance too.
    #[test]
    fn items_found_since_are_the_trees() {
        let mut idx = NearIndex::default();
        let queries = [(30.5, 50.45), (30.5 + 0.2116, 50.45), (36.25, 49.99)];
        let mut found = vec![(0, Vec::new()); queries.len()];
        let mut seed = 7u64;
        for round in 0..40 {
            let batch = [1, 3, 300, 0, 17][round % 5];
            for _ in 0..batch {
                seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                let (dx, dy) = (
                    (seed >> 40) as f64 / 2e7,
                    (seed >> 20 & 0xfffff) as f64 / 4e6,
                );
                let at = queries[(seed >> 60) as usize % 3];
                let n = idx.log.len();
                idx.insert(Point::new(at.0 + dx - 0.4, at.1 + dy - 0.13), n);
            }
            for (q, (seen, got)) in queries.iter().zip(&mut found) {
                let at = Point::new(q.0, q.1);
                idx.within_since(at, NEARBY_KM, seen, got);
                let mut want: Vec<usize> = idx.within(at, NEARBY_KM).collect();
                let mut have = got.clone();
                want.sort_unstable();
                have.sort_unstable();
                assert_eq!(have, want, "round {round}");
            }
        }
        assert!(found.iter().all(|(_, got)| !got.is_empty()));
    }
}
