//! The first-level division (state, province, oblast) at a point, from the bundled Natural
//! Earth admin-1 polygons (`data/admin1-50m.bin`, the `EMA1` layout written by
//! `data/build/basemap_admin1.py`; the renderer draws the same file). Events use it for
//! `admin1` where the gazetteer's hierarchy does not name one.
//!
//! Points are `geo::Point` with x = longitude, y = latitude in degrees (WGS84). Candidate
//! regions are found through an R-tree of polygon bounding boxes, then tested with
//! [`geo::Contains`]. The polygons are simplified to about 3 km, so a point within a few
//! kilometres of a boundary may fall on either side, or in no region on a coast.
//!
//! ```
//! use eventmap::geo_admin::admin1_at;
//! use geo::Point;
//! let r = admin1_at(Point::new(35.14, 47.84)).unwrap(); // Zaporizhzhia (lon, lat)
//! assert_eq!((r.country_code.as_str(), r.geonames_id), ("UA", 687699));
//! assert!(admin1_at(Point::new(-30.0, 40.0)).is_none()); // the Atlantic
//! ```

use std::sync::OnceLock;

use geo::{BoundingRect, Contains, LineString, Point, Polygon};
use rstar::primitives::{GeomWithData, Rectangle};
use rstar::{RTree, AABB};

use crate::binary::Reader;

/// A first-level division.
#[derive(Debug)]
pub struct Region {
    /// GeoNames id (0 where Natural Earth gives none): `geonames:<id>` in the gazetteer.
    pub geonames_id: u32,
    /// ISO 3166-1 alpha-2 code of its country.
    pub country_code: String,
    /// Natural Earth's name ("Zaporizhzhya").
    pub name: String,
    /// Its polygons, with holes (x = longitude, y = latitude).
    pub polygons: Vec<Polygon<f64>>,
}

/// A polygon's bounding box and its (region index, polygon index).
type PolygonBox = GeomWithData<Rectangle<[f64; 2]>, (usize, usize)>;

/// The regions with an R-tree over the bounding box of each polygon.
struct Index {
    regions: Vec<Region>,
    /// (region index, polygon index) per bounding box.
    tree: RTree<PolygonBox>,
}

/// The bundled admin-1 layer (`EMA1` layout), also drawn by the renderer's basemap.
pub(crate) static BYTES: &[u8] = include_bytes!("../data/admin1-50m.bin");

fn index() -> &'static Index {
    static I: OnceLock<Index> = OnceLock::new();
    I.get_or_init(|| {
        // The file is bundled and checked by the tests below: a broken one is a build defect.
        let regions = parse(BYTES).unwrap_or_default();
        let mut boxes = Vec::new();
        for (ri, r) in regions.iter().enumerate() {
            for (pi, p) in r.polygons.iter().enumerate() {
                if let Some(b) = p.bounding_rect() {
                    let rect =
                        Rectangle::from_corners([b.min().x, b.min().y], [b.max().x, b.max().y]);
                    boxes.push(GeomWithData::new(rect, (ri, pi)));
                }
            }
        }
        Index {
            regions,
            tree: RTree::bulk_load(boxes),
        }
    })
}

/// Every bundled region, sorted by country and GeoNames id.
pub fn regions() -> &'static [Region] {
    &index().regions
}

/// The region containing a point (x = longitude, y = latitude), if any. Of overlapping
/// regions (disputed areas drawn by two countries), the first in [`regions`] order.
pub fn admin1_at(at: Point<f64>) -> Option<&'static Region> {
    let idx = index();
    // Rings crossing the antimeridian run past ±180: try the point shifted by 360° too.
    [0.0, 360.0, -360.0].iter().find_map(|shift| {
        let p = Point::new(at.x() + shift, at.y());
        let q = AABB::from_point([p.x(), p.y()]);
        let mut hits: Vec<(usize, usize)> = idx
            .tree
            .locate_in_envelope_intersecting(&q)
            .map(|g| g.data)
            .collect();
        hits.sort_unstable();
        hits.into_iter()
            .find(|&(ri, pi)| idx.regions[ri].polygons[pi].contains(&p))
            .map(|(ri, _)| &idx.regions[ri])
    })
}

/// Polygons: per polygon a ring count, then rings (exterior first).
fn polygons(r: &mut Reader) -> Option<Vec<Polygon<f64>>> {
    let mut out = Vec::new();
    for _ in 0..r.count()? {
        let rings: Option<Vec<LineString<f64>>> = (0..r.count()?)
            .map(|_| Some(LineString::new(r.coords()?)))
            .collect();
        let mut rings = rings?.into_iter();
        match rings.next() {
            Some(exterior) if exterior.0.len() >= 3 => {
                out.push(Polygon::new(exterior, rings.collect()))
            }
            _ => {}
        }
    }
    Some(out)
}

/// Parses the regions of the `EMA1` layout; `None` if it is truncated or not one.
fn parse(b: &[u8]) -> Option<Vec<Region>> {
    let mut r = Reader::new(b);
    if r.take(4)? != b"EMA1" {
        return None;
    }
    (0..r.count()?)
        .map(|_| {
            let geonames_id = r.u32()?;
            let country_code = String::from_utf8_lossy(r.take(2)?).into_owned();
            let name = r.name()?;
            let polygons = polygons(&mut r)?;
            Some(Region {
                geonames_id,
                country_code,
                name,
                polygons,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Hand-checked points (x = lon, y = lat) and the region around each: cities, one beside
    /// a boundary, one across the antimeridian, and sea.
    #[test]
    fn regions_at_hand_checked_points() {
        assert!(regions().len() > 4000, "{}", regions().len());
        for (lon, lat, want) in [
            (35.14, 47.84, Some(("UA", 687699))), // Zaporizhzhia
            (36.25, 49.99, Some(("UA", 706482))), // Kharkiv
            (37.55, 47.10, Some(("UA", 709716))), // Mariupol, Donetsk Oblast
            (37.60, 48.85, Some(("UA", 709716))), // Sloviansk, Donetsk Oblast
            (38.07, 48.69, Some(("UA", 709716))), // Soledar, Donetsk Oblast
            (37.62, 49.71, Some(("UA", 706482))), // Kupiansk, Kharkiv Oblast
            (34.10, 44.95, Some(("UA", 703883))), // Simferopol, Crimea
            (46.11, 51.48, Some(("RU", 498671))), // Engels, Saratov Oblast
            (6.96, 50.94, Some(("DE", 2861876))), // Cologne, Nordrhein-Westfalen
            (33.52, 14.40, Some(("SD", 408648))), // Wad Madani, Al Jazirah (Gezira)
            (-118.24, 34.05, None),               // Los Angeles: California has no id
            (-30.0, 40.0, None),                  // the Atlantic
            (31.0, 43.5, None),                   // the Black Sea
        ] {
            let got = admin1_at(Point::new(lon, lat))
                .filter(|r| r.geonames_id != 0)
                .map(|r| (r.country_code.as_str(), r.geonames_id));
            assert_eq!(got, want, "({lon}, {lat})");
        }
        let la = admin1_at(Point::new(-118.24, 34.05)).map(|r| r.name.as_str());
        assert_eq!(la, Some("California"));
        // Chukotka spans the antimeridian: a point at 179.5° W is in it.
        let chukotka = admin1_at(Point::new(-179.5, 66.5)).map(|r| r.country_code.as_str());
        assert_eq!(chukotka, Some("RU"));
    }

    #[test]
    fn truncated_input_is_rejected() {
        assert!(parse(&BYTES[..BYTES.len() / 3]).is_none());
        assert!(parse(b"EMB1\0\0\0\0").is_none());
        assert!(parse(b"EMA1").is_none());
    }
}
