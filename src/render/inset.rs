//! The detail inset: a zoomed view of symbols that lie too close together on the main map to
//! read (a city and its district), drawn in the side panel.

use geo::{coord, Point, Rect};

use super::model::{MapEvent, MapPlace};
use super::projection::Projection;
use crate::gazetteer::Kind;

/// A zoomed view.
#[derive(Clone, Debug, PartialEq)]
pub struct Inset {
    /// The area shown.
    pub bbox: Rect,
    /// What it shows: "Kharkiv and Shevchenkivskyi District".
    pub title: String,
    /// Its width in km.
    pub km: f64,
}

/// Symbols closer than this many pixels (at scale 1) on the main map go to an inset.
const CROWDED_PX: f64 = 18.0;

/// The inset a map needs, if any: the largest group of at least two distinct positions whose
/// symbols lie within 18 px of each other on the main map, if that group spans less than a
/// tenth of the main view (a wider group is readable without one).
pub fn find_inset(
    proj: &Projection,
    places: &[MapPlace],
    events: &[MapEvent],
    s: f64,
) -> Option<Inset> {
    let mut items: Vec<Item<'_>> = Vec::new();
    for p in places
        .iter()
        .filter(|p| p.kind > Kind::Country && proj.shows(p.point))
    {
        items.push((proj.project(p.point), p.point, &p.name, p.mentions));
    }
    for e in events
        .iter()
        .filter(|e| !e.is_regional() && proj.shows(e.point))
    {
        items.push((proj.project(e.point), e.point, &e.place, 0));
    }
    let group = crowded_group(&items, CROWDED_PX * s)?;
    let pts = geo::MultiPoint::from(group.iter().map(|&j| items[j].1).collect::<Vec<_>>());
    let b = geo::BoundingRect::bounding_rect(&pts)?;
    let c = b.center();
    let cos = c.y.to_radians().cos();
    let half_lat = (b.height() * 0.9).max(b.width() * 0.9 * cos).max(0.05);
    let half_lon = half_lat / cos * 1.3;
    let bbox = Rect::new(
        coord! { x: c.x - half_lon, y: c.y - half_lat },
        coord! { x: c.x + half_lon, y: c.y + half_lat },
    );
    if bbox.width() > proj.bounds().width() / 10.0 {
        return None;
    }
    let mut names: Vec<(&str, usize)> = Vec::new();
    for &j in &group {
        if !names.iter().any(|n| n.0 == items[j].2) {
            names.push((items[j].2, items[j].3));
        }
    }
    names.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let shown: Vec<&str> = names.iter().take(2).map(|n| n.0).collect();
    let more = names.len().saturating_sub(2);
    let km = (bbox.width() * 111.32 * cos).round();
    let title = match more {
        0 => shown.join(" and "),
        _ => format!("{} and {more} more", shown.join(", ")),
    };
    Some(Inset { bbox, title, km })
}

/// One symbol on the main map: pixel position, point, name, weight (mentions).
type Item<'a> = ((f64, f64), Point, &'a str, usize);

/// The indices of the largest group of items with at least two distinct spots whose pixel
/// positions lie within `radius` of one item (the first such group on ties).
fn crowded_group(items: &[Item<'_>], radius: f64) -> Option<Vec<usize>> {
    // Each item's spot (its position to 1/200°) as a small number, to count a group's
    // distinct spots without sorting it.
    let mut spot_ids = std::collections::HashMap::new();
    let spot: Vec<usize> = items
        .iter()
        .map(|it| {
            let key = (
                (it.1.x() * 200.0).round() as i64,
                (it.1.y() * 200.0).round() as i64,
            );
            let next = spot_ids.len();
            *spot_ids.entry(key).or_insert(next)
        })
        .collect();
    let mut stamp = vec![usize::MAX; spot_ids.len()];
    let near = Neighbours::new(items.iter().map(|it| it.0), radius);
    let mut best: Option<Vec<usize>> = None;
    let mut best_spots = 0;
    let mut seen = std::collections::HashSet::new();
    for (ai, a) in items.iter().enumerate() {
        // The same pixel position gives the same group: each is counted once.
        if !seen.insert((a.0 .0.to_bits(), a.0 .1.to_bits())) {
            continue;
        }
        let mut n = 0;
        near.within(
            a.0,
            |j| items[j].0,
            |j| {
                if stamp[spot[j]] != ai {
                    stamp[spot[j]] = ai;
                    n += 1;
                }
            },
        );
        // The first group with the most spots wins.
        if n >= 2 && n > best_spots {
            let mut group = Vec::new();
            near.within(a.0, |j| items[j].0, |j| group.push(j));
            group.sort_unstable();
            best = Some(group);
            best_spots = n;
        }
    }
    best
}

/// Pixel positions filed by square cells of the search radius, so the positions within the
/// radius of one are found among the nine cells around it, not among all.
struct Neighbours {
    radius: f64,
    cells: std::collections::HashMap<(i64, i64), Vec<usize>>,
}

impl Neighbours {
    fn new(points: impl Iterator<Item = (f64, f64)>, radius: f64) -> Neighbours {
        let radius = radius.max(1e-9);
        let mut cells: std::collections::HashMap<(i64, i64), Vec<usize>> = Default::default();
        for (i, (x, y)) in points.enumerate() {
            let key = ((x / radius).floor() as i64, (y / radius).floor() as i64);
            cells.entry(key).or_default().push(i);
        }
        Neighbours { radius, cells }
    }

    /// Calls `f` with the index of each position within the radius of `(x, y)`.
    fn within(
        &self,
        (x, y): (f64, f64),
        at: impl Fn(usize) -> (f64, f64),
        mut f: impl FnMut(usize),
    ) {
        let (cx, cy) = (
            (x / self.radius).floor() as i64,
            (y / self.radius).floor() as i64,
        );
        for k in (-1..=1).flat_map(|dy| (-1..=1).map(move |dx| (cx + dx, cy + dy))) {
            for &j in self.cells.get(&k).into_iter().flatten() {
                let (px, py) = at(j);
                if (px - x).hypot(py - y) <= self.radius {
                    f(j);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::model::tests::event;
    use crate::render::options::MapOptions;
    use crate::render::projection::layout;
    use crate::roles::Role;

    fn place(name: &str, kind: Kind, lon: f64, lat: f64, mentions: usize) -> MapPlace {
        MapPlace {
            name: name.into(),
            kind,
            point: Point::new(lon, lat),
            mentions,
            role: Role::Event,
        }
    }

    #[test]
    fn close_symbols_get_a_detail_inset() {
        let places = [
            place("Kharkiv", Kind::City, 36.25, 49.98, 9),
            place(
                "Shevchenkivskyi District",
                Kind::District,
                36.225,
                50.015,
                1,
            ),
            place("Odesa", Kind::City, 30.73, 46.48, 1),
        ];
        let opts = MapOptions::default();
        let proj = layout(&places, &[], &opts);
        let inset = find_inset(&proj, &places, &[], opts.scale).expect("an inset");
        assert_eq!(inset.title, "Kharkiv and Shevchenkivskyi District");
        assert!(inset.km > 5.0 && inset.km < 40.0, "{}", inset.km);
        for p in &places[..2] {
            assert!(geo::Intersects::intersects(&inset.bbox, &p.point));
        }
        assert!(!geo::Intersects::intersects(&inset.bbox, &places[2].point));
        // Far apart, no inset.
        assert!(find_inset(&proj, &places[1..], &[], opts.scale).is_none());
    }

    #[test]
    fn no_inset_for_a_group_that_is_not_small() {
        // On a world map, two towns 50 km apart touch; an inset of them would cover a country
        // on the main map and say nothing a reader needs.
        let opts = MapOptions {
            extent: crate::render::Extent::World,
            ..MapOptions::default()
        };
        let places = [
            place("Kryvyi Rih", Kind::City, 33.39, 47.91, 3),
            place("Zaporizhzhia", Kind::City, 35.14, 47.84, 2),
        ];
        let proj = layout(&places, &[], &opts);
        let ev = [event("Kryvyi Rih", Kind::City, 33.39, 47.91)];
        if let Some(i) = find_inset(&proj, &places, &ev, opts.scale) {
            assert!(i.bbox.width() <= proj.bounds().width() / 10.0);
        }
    }
}
