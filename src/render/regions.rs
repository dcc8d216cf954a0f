//! Regions on the map: which country or first-level division an event covers, the countries
//! holding a set of points, and where inside a region its name fits.

use geo::{BoundingRect, Contains, Intersects, Point, Polygon, Rect};

use super::basemap::{self, Shape};
use super::model::MapEvent;
use crate::gazetteer::Kind;

/// The area a region-level event is drawn as.
#[derive(Clone, Debug)]
pub struct EventRegion {
    /// The region's polygons.
    pub shapes: Vec<&'static Shape>,
}

impl EventRegion {
    /// The largest polygon.
    pub fn largest(&self) -> Option<&'static Shape> {
        self.shapes
            .iter()
            .copied()
            .max_by(|a, b| a.area.total_cmp(&b.area))
    }

    /// The box around all its polygons.
    pub fn bbox(&self) -> Option<Rect> {
        let mut it = self.shapes.iter().map(|s| s.bbox);
        let first = it.next()?;
        Some(it.fold(first, |a, b| {
            Rect::new(
                geo::coord! { x: a.min().x.min(b.min().x), y: a.min().y.min(b.min().y) },
                geo::coord! { x: a.max().x.max(b.max().x), y: a.max().y.max(b.max().y) },
            )
        }))
    }
}

fn holds(shapes: &[Shape], p: Point) -> bool {
    shapes
        .iter()
        .any(|s| s.bbox.intersects(&p) && s.polygon.contains(&p))
}

/// The country (1:50m) whose polygons contain `p`.
pub fn country_at(p: Point) -> Option<&'static basemap::Country> {
    basemap::detailed()
        .countries
        .iter()
        .find(|c| holds(&c.shapes, p))
}

/// Names of the countries holding these points, most points first, then by name.
pub fn countries_by_count(pts: &[Point]) -> Vec<String> {
    // The PNG's and the HTML page's titles ask for the same points; with many points the
    // polygon tests are the renderer's largest cost, so the last answer is kept.
    type Last = std::sync::Mutex<Option<(Vec<(u64, u64)>, Vec<String>)>>;
    static LAST: Last = std::sync::Mutex::new(None);
    let key: Vec<(u64, u64)> = pts
        .iter()
        .map(|p| (p.x().to_bits(), p.y().to_bits()))
        .collect();
    let mut last = LAST.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((k, names)) = last.as_ref().filter(|(k, _)| *k == key) {
        debug_assert_eq!(k.len(), pts.len());
        return names.clone();
    }
    let names = count_countries(pts);
    *last = Some((key, names.clone()));
    names
}

fn count_countries(pts: &[Point]) -> Vec<String> {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for &p in pts {
        if let Some(c) = country_at(p) {
            match counts.iter_mut().find(|(n, _)| *n == c.name) {
                Some(x) => x.1 += 1,
                None => counts.push((&c.name, 1)),
            }
        }
    }
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    counts.into_iter().map(|(n, _)| n.to_string()).collect()
}

fn geonames_id(place_id: &str) -> u32 {
    place_id
        .strip_prefix("geonames:")
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

/// The region a region-level event covers: its country, or its first-level division (by
/// GeoNames id, else the one holding its point). `None` for an event at a point, and for a
/// second-level division (no boundaries bundled), which stays a point.
pub fn event_region(e: &MapEvent) -> Option<EventRegion> {
    if !e.is_regional() || e.kind == Kind::Admin2 {
        return None;
    }
    if e.kind <= Kind::Country {
        let c = country_at(e.point)?;
        return Some(EventRegion {
            shapes: c.shapes.iter().collect(),
        });
    }
    let a = basemap::admin1();
    let region = a
        .by_geonames_id(geonames_id(&e.place_id))
        .or_else(|| a.regions.iter().find(|r| holds(&r.shapes, e.point)))?;
    Some(EventRegion {
        shapes: region.shapes.iter().collect(),
    })
}

/// A point inside both `polygon` and `view` (shrunk by a margin so a name fits), for a label:
/// of a grid of candidates inside both, the one nearest to their mean.
pub fn label_point(polygon: &Polygon<f64>, view: Rect) -> Option<Point> {
    let (mw, mh) = (view.width() * 0.06, view.height() * 0.05);
    let b = polygon.bounding_rect()?;
    let (w, s) = (
        b.min().x.max(view.min().x + mw),
        b.min().y.max(view.min().y + mh),
    );
    let (e, n) = (
        b.max().x.min(view.max().x - mw),
        b.max().y.min(view.max().y - mh),
    );
    if w >= e || s >= n {
        return None;
    }
    let steps = 24;
    let mut inside = Vec::new();
    for i in 0..=steps {
        for j in 0..=steps {
            let p = Point::new(
                w + (e - w) * f64::from(i) / f64::from(steps),
                s + (n - s) * f64::from(j) / f64::from(steps),
            );
            if polygon.contains(&p) {
                inside.push(p);
            }
        }
    }
    let k = inside.len() as f64;
    let mean = inside
        .iter()
        .fold(Point::new(0.0, 0.0), |acc, p| acc + *p / k);
    inside.into_iter().min_by(|a, b| {
        let d = |p: &Point| (p.x() - mean.x()).powi(2) + (p.y() - mean.y()).powi(2);
        d(a).total_cmp(&d(b))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::model::tests::event;

    #[test]
    fn region_events_find_their_regions() {
        let mut z = event("Zaporizhzhia Oblast", Kind::Admin1, 35.70836, 47.25554);
        z.place_id = "geonames:687699".into();
        let r = event_region(&z).expect("Zaporizhzhia Oblast has a region");
        let b = r.bbox().unwrap();
        // The oblast spans about 34.2–37.3 E, 46.1–48.2 N.
        assert!(
            b.min().x > 33.5 && b.max().x < 38.0 && b.min().y > 45.5 && b.max().y < 48.6,
            "{b:?}"
        );
        // Without an id, the division holding the point.
        let mut o = event("Odesa Oblast", Kind::Admin1, 29.80864, 46.88964);
        o.place_id = "curated:x".into();
        let b = event_region(&o).unwrap().bbox().unwrap();
        assert!(
            b.min().x > 28.0 && b.max().x < 31.5 && b.min().y > 45.0,
            "{b:?}"
        );
        // A city event is a point.
        assert!(event_region(&event("Kharkiv", Kind::City, 36.25, 49.98)).is_none());
        // A country event is its country.
        let ua = event_region(&event("Ukraine", Kind::Country, 31.6, 49.1)).unwrap();
        assert!(ua.bbox().unwrap().width() > 15.0);
    }

    #[test]
    fn countries_of_points() {
        let pts = [
            Point::new(36.25, 49.98),
            Point::new(30.52, 50.45),
            Point::new(37.62, 55.75),
            // Simferopol: Crimea is drawn as part of Ukraine.
            Point::new(34.10, 44.95),
        ];
        assert_eq!(countries_by_count(&pts), ["Ukraine", "Russia"]);
    }
}
