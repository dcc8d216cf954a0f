//! Merging: reports of one event, from any number of documents, into [`Event`]s.
//!
//! Two reports are of one event when their types agree (or one is only generic: "hit",
//! "killed"), their dates are compatible and their places are the same, contain one another
//! (a district and its city; a city and its region), or are towns less than 15 km apart.
//! Candidate events for a report are found without comparing it with every event: by place,
//! by ancestor and through an R-tree of event points on the unit sphere (so 15 km is 15 km at
//! every latitude, across the antimeridian and at the poles).

use std::collections::{BTreeSet, HashMap, HashSet};

use geo::{Distance, Haversine, Point};
use rstar::primitives::GeomWithData;
use rstar::RTree;

use crate::gazetteer::{Gazetteer, Kind, PlaceId};
use crate::text::Date;

use super::dates::PartialDate;
use super::types::{AdminContext, Event, EventReport, EventType};

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

/// Squared chord length of a great-circle distance on the unit sphere.
fn chord2(km: f64) -> f64 {
    let c = 2.0 * (km / EARTH_RADIUS_KM / 2.0).sin();
    c * c
}

/// Items near each other within `km`, found through an R-tree: what merging uses for towns.
#[derive(Default)]
pub struct NearIndex {
    tree: RTree<GeomWithData<[f64; 3], usize>>,
}

impl NearIndex {
    /// Adds an item at a point (x = lon, y = lat, degrees).
    pub fn insert(&mut self, at: Point, item: usize) {
        self.tree.insert(GeomWithData::new(unit_vector(at), item));
    }

    /// Items within `km` of a point (a little more, never less: compare exact distances after).
    pub fn within(&self, at: Point, km: f64) -> impl Iterator<Item = usize> + '_ {
        self.tree
            .locate_within_distance(unit_vector(at), chord2(km) * 1.0001)
            .map(|g| g.data)
    }
}

/// Reports of one event being merged, with what a new report is compared with: the most
/// specific place, the most precise date and the first specific type.
struct Cluster {
    reports: Vec<EventReport>,
    place: PlaceId,
    date: Option<PartialDate>,
    kind: Option<EventType>,
}

impl Cluster {
    fn fits(&self, gaz: &Gazetteer, r: &EventReport) -> bool {
        (!r.type_specific || self.kind.is_none_or(|k| k == r.event_type))
            && places_compatible(gaz, self.place, r.place)
            && match (r.date, self.date) {
                (Some(d), Some(c)) => d.compatible(c),
                _ => true,
            }
    }

    fn add(&mut self, gaz: &Gazetteer, r: EventReport) {
        if self.reports.is_empty()
            || specificity(gaz.place(r.place).kind) > specificity(gaz.place(self.place).kind)
        {
            self.place = r.place;
        }
        if let Some(d) = r.date {
            if self.date.is_none() || matches!(d, PartialDate::Day(_)) {
                self.date = Some(d);
            }
        }
        if r.type_specific {
            self.kind.get_or_insert(r.event_type);
        }
        self.reports.push(r);
    }
}

/// Finds the clusters a report's place may be compatible with: clusters at the place itself,
/// at its ancestors, inside it, and towns nearby.
#[derive(Default)]
struct ClusterIndex {
    at: HashMap<PlaceId, Vec<usize>>,
    under: HashMap<PlaceId, Vec<usize>>,
    near: NearIndex,
    registered: HashSet<(usize, PlaceId)>,
}

impl ClusterIndex {
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
        push(self.at.entry(place).or_default());
        for a in ancestors(gaz, place) {
            push(self.under.entry(a).or_default());
        }
        if gaz.place(place).kind >= Kind::City {
            self.near.insert(point(gaz, place), cluster);
        }
    }

    fn candidates(&self, gaz: &Gazetteer, place: PlaceId) -> Vec<usize> {
        let mut out = Vec::new();
        let mut take = |v: Option<&Vec<usize>>| out.extend(v.into_iter().flatten().copied());
        take(self.at.get(&place));
        take(self.under.get(&place));
        for a in ancestors(gaz, place) {
            take(self.at.get(&a));
        }
        if gaz.place(place).kind >= Kind::City {
            out.extend(self.near.within(point(gaz, place), NEARBY_KM));
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// Merges reports of the same event. Reports with a date merge when type, date and place are
/// compatible; a report without a date joins the event it is compatible with (of several,
/// the one with the most specific place, then the most reports). Country-level reports that
/// join no event are dropped: they say only that something happened somewhere in a country.
/// Output is sorted by date, place name and type, and numbered `E1`, `E2`…
pub fn merge(gaz: &Gazetteer, mut reports: Vec<EventReport>) -> Vec<Event> {
    reports.sort_by_cached_key(|r| {
        (
            r.date.is_none(),
            std::cmp::Reverse(specificity(gaz.place(r.place).kind)),
            r.doc.clone(),
            r.sentence,
        )
    });
    let mut clusters: Vec<Cluster> = Vec::new();
    let mut index = ClusterIndex::default();
    for r in reports {
        let matching: Vec<usize> = index
            .candidates(gaz, r.place)
            .into_iter()
            .filter(|&i| clusters[i].fits(gaz, &r))
            .collect();
        let target = match (r.date, matching.as_slice()) {
            (Some(_), [first, ..]) => Some(*first),
            (None, [only]) => Some(*only),
            // Several events fit an undated report: the one with the most specific place,
            // then the one with most reports, then the first.
            (None, [_, _, ..]) => matching.iter().copied().max_by_key(|&i| {
                let c = &clusters[i];
                (
                    specificity(gaz.place(c.place).kind),
                    c.reports.len(),
                    std::cmp::Reverse(i),
                )
            }),
            // Country-level reports only add sources to a more precise event.
            _ if gaz.place(r.place).kind <= Kind::Country => continue,
            _ => None,
        };
        let i = target.unwrap_or_else(|| {
            clusters.push(Cluster {
                reports: vec![],
                place: r.place,
                date: None,
                kind: None,
            });
            clusters.len() - 1
        });
        clusters[i].add(gaz, r);
        index.register(gaz, i, clusters[i].place);
    }
    let mut events: Vec<Event> = clusters
        .into_iter()
        .map(|c| build_event(gaz, c.reports))
        .collect();
    events.sort_by_cached_key(|e| {
        (
            e.date.is_none(),
            e.date.map(PartialDate::iso),
            gaz.place(e.place).name.clone(),
            e.event_type,
            e.sources.clone(),
        )
    });
    for (i, e) in events.iter_mut().enumerate() {
        e.id = format!("E{}", i + 1);
    }
    events
}

fn build_event(gaz: &Gazetteer, mut reports: Vec<EventReport>) -> Event {
    reports.sort_by(|a, b| (&a.doc, a.sentence).cmp(&(&b.doc, b.sentence)));
    let best = reports
        .iter()
        .max_by_key(|r| {
            (
                specificity(gaz.place(r.place).kind),
                std::cmp::Reverse(r.geo_precision),
            )
        })
        .expect("a cluster has a report");
    let (place, geo_precision) = (best.place, best.geo_precision);
    let location_text = reports
        .iter()
        .filter(|r| r.place == place)
        .find_map(|r| r.location_text.clone());
    let date = reports
        .iter()
        .filter_map(|r| r.date)
        .max_by_key(|d| matches!(d, PartialDate::Day(_)));
    let date_inferred = date.is_some_and(|d| {
        reports
            .iter()
            .filter(|r| r.date == Some(d))
            .all(|r| r.date_inferred)
    });
    let event_type = reports
        .iter()
        .find(|r| r.type_specific)
        .unwrap_or(&reports[0])
        .event_type;
    let sources: Vec<String> = reports
        .iter()
        .map(|r| r.doc.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let weapons: Vec<String> = reports
        .iter()
        .flat_map(|r| r.weapons.iter().cloned())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let actor1 = reports.iter().find_map(|r| r.actor1.clone());
    let n = sources.len() as f64;
    let confidence = ((1.0 - 0.5f64.powf(n)) * (1.0 - 0.1 * f64::from(geo_precision - 1)) * 1000.0)
        .round()
        / 1000.0;
    Event {
        id: String::new(),
        event_type,
        date,
        date_inferred,
        place,
        geo_precision,
        location_text,
        admin: AdminContext::of(gaz, place),
        actor2: reports
            .iter()
            .filter_map(|r| r.actor2.clone())
            .find(|a| Some(a) != actor1.as_ref()),
        actor1,
        fatalities: reports.iter().filter_map(|r| r.fatalities).max(),
        injured: reports.iter().filter_map(|r| r.injured).max(),
        weapons,
        sources,
        reports,
        confidence,
    }
}

/// Fills in years of month-day dates from the events they merged into: a document whose
/// partial date joined an event with a full date lies in that date's year, so its other
/// month-day dates are anchored there. Returns the re-anchored reports (marked inferred).
pub fn propagate_years(events: &[Event], reports: Vec<EventReport>) -> Vec<EventReport> {
    let mut anchor: HashMap<String, Date> = HashMap::new();
    for e in events {
        let Some(PartialDate::Day(full)) = e
            .reports
            .iter()
            .filter_map(|r| r.date)
            .find(|d| matches!(d, PartialDate::Day(_)))
        else {
            continue;
        };
        for r in &e.reports {
            if matches!(r.date, Some(PartialDate::MonthDay(..))) {
                anchor.entry(r.doc.clone()).or_insert(full);
            }
        }
    }
    reports
        .into_iter()
        .map(|mut r| {
            if let (Some(d @ PartialDate::MonthDay(..)), Some(a)) = (r.date, anchor.get(&r.doc)) {
                let new = d.anchored(*a);
                if new != d {
                    r.date = Some(new);
                    r.date_inferred = true;
                }
            }
            r
        })
        .collect()
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
}
