//! The bundled Natural Earth basemaps: countries (polygons, land borders, coastlines) at
//! 1:110m and 1:50m, and first-level divisions (states, provinces, oblasts) from the 1:10m
//! admin-1 set simplified to about 3 km, in the binary layouts written by
//! `data/build/build.py` (`EMB1`) and `data/build/basemap_admin1.py` (`EMA1`). Coordinates
//! are `geo` types with x = longitude, y = latitude in degrees; longitudes of rings that
//! cross the antimeridian run past ±180 to stay continuous.
//!
//! ```
//! use eventmap::render::basemap;
//! let odesa = basemap::admin1().by_geonames_id(698738).unwrap();
//! assert_eq!(odesa.country_code, "UA");
//! ```

use std::sync::OnceLock;

use crate::binary::Reader;

use geo::{Area, BoundingRect, Coord, LineString, Polygon, Rect};

/// A polygon with its bounding box and area (square degrees, for drawing large ones first).
#[derive(Debug)]
pub struct Shape {
    /// Exterior and holes.
    pub polygon: Polygon<f64>,
    /// Bounding box.
    pub bbox: Rect<f64>,
    /// Planar area in square degrees.
    pub area: f64,
}

/// A line with its bounding box.
#[derive(Debug)]
pub struct Line {
    /// Points.
    pub line: LineString<f64>,
    /// Bounding box.
    pub bbox: Rect<f64>,
}

/// One country (exterior rings only; holes are other countries drawn on top).
#[derive(Debug)]
pub struct Country {
    /// ISO 3166-1 numeric code (0 where Natural Earth gives none).
    pub iso_numeric: u16,
    /// English name.
    pub name: String,
    /// Its polygons.
    pub shapes: Vec<Shape>,
}

/// A basemap of countries at one scale.
#[derive(Debug)]
pub struct Basemap {
    /// Countries.
    pub countries: Vec<Country>,
    /// Land borders (arcs shared by two countries).
    pub borders: Vec<Line>,
    /// Coastlines (arcs of one country).
    pub coasts: Vec<Line>,
}

/// A first-level division.
#[derive(Debug)]
pub struct Region {
    /// GeoNames id (0 where Natural Earth gives none).
    pub geonames_id: u32,
    /// ISO 3166-1 alpha-2 code of its country.
    pub country_code: String,
    /// Natural Earth's name ("Zaporizhzhya").
    pub name: String,
    /// Its polygons, with holes.
    pub shapes: Vec<Shape>,
}

/// First-level divisions of every country.
#[derive(Debug)]
pub struct Admin1 {
    /// Regions, sorted by country and GeoNames id.
    pub regions: Vec<Region>,
    /// Boundaries between two regions of one country.
    pub boundaries: Vec<Line>,
}

impl Admin1 {
    /// The region with this GeoNames id.
    pub fn by_geonames_id(&self, id: u32) -> Option<&Region> {
        if id == 0 {
            return None;
        }
        self.regions.iter().find(|r| r.geonames_id == id)
    }
}

static BYTES_110M: &[u8] = include_bytes!("../../data/basemap-110m.bin");
static BYTES_50M: &[u8] = include_bytes!("../../data/basemap-50m.bin");

/// The 1:110m countries (world views).
pub fn world() -> &'static Basemap {
    static B: OnceLock<Basemap> = OnceLock::new();
    B.get_or_init(|| parse(BYTES_110M).expect("bundled basemap-110m.bin is valid"))
}

/// The 1:50m countries (regional views).
pub fn detailed() -> &'static Basemap {
    static B: OnceLock<Basemap> = OnceLock::new();
    B.get_or_init(|| parse(BYTES_50M).expect("bundled basemap-50m.bin is valid"))
}

/// The first-level divisions.
pub fn admin1() -> &'static Admin1 {
    static B: OnceLock<Admin1> = OnceLock::new();
    B.get_or_init(|| {
        parse_admin1(crate::geo_admin::BYTES).expect("bundled admin1-50m.bin is valid")
    })
}

/// Polygons: per polygon a ring count, then rings (exterior first).
fn shapes(r: &mut Reader, holes: bool) -> Option<Vec<Shape>> {
    let mut shapes = Vec::new();
    for _ in 0..r.count()? {
        let mut rings = Vec::new();
        for _ in 0..r.count()? {
            rings.push(LineString::new(r.coords()?));
        }
        let mut rings = rings.into_iter();
        let Some(exterior) = rings.next() else {
            continue;
        };
        if exterior.0.len() < 3 {
            continue;
        }
        let interiors = if holes { rings.collect() } else { vec![] };
        shapes.push(shape(Polygon::new(exterior, interiors)));
    }
    Some(shapes)
}

fn lines(r: &mut Reader) -> Option<Vec<Line>> {
    (0..r.count()?)
        .map(|_| {
            let line = LineString::new(r.coords()?);
            let bbox = line.bounding_rect()?;
            Some(Line { line, bbox })
        })
        .collect()
}

fn shape(polygon: Polygon<f64>) -> Shape {
    let bbox = polygon
        .bounding_rect()
        .unwrap_or(Rect::new(Coord::zero(), Coord::zero()));
    let area = polygon.unsigned_area();
    Shape {
        polygon,
        bbox,
        area,
    }
}

/// Parses the countries layout; `None` if it is truncated or not a basemap.
pub fn parse(b: &[u8]) -> Option<Basemap> {
    let mut r = Reader::new(b);
    if r.take(4)? != b"EMB1" {
        return None;
    }
    let mut countries = Vec::new();
    for _ in 0..r.count()? {
        let iso_numeric = r.u16()?;
        let name = r.name()?;
        let shapes = shapes(&mut r, false)?;
        countries.push(Country {
            iso_numeric,
            name,
            shapes,
        });
    }
    let borders = lines(&mut r)?;
    let coasts = lines(&mut r)?;
    Some(Basemap {
        countries,
        borders,
        coasts,
    })
}

/// Parses the admin-1 layout; `None` if it is truncated or not one.
pub fn parse_admin1(b: &[u8]) -> Option<Admin1> {
    let mut r = Reader::new(b);
    if r.take(4)? != b"EMA1" {
        return None;
    }
    let mut regions = Vec::new();
    for _ in 0..r.count()? {
        let geonames_id = r.u32()?;
        let country_code = String::from_utf8_lossy(r.take(2)?).into_owned();
        let name = r.name()?;
        let shapes = shapes(&mut r, true)?;
        regions.push(Region {
            geonames_id,
            country_code,
            name,
            shapes,
        });
    }
    let boundaries = lines(&mut r)?;
    Some(Admin1 {
        regions,
        boundaries,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{Contains, Point};

    #[test]
    fn bundled_basemaps_load() {
        let w = world();
        assert!(w.countries.len() > 170);
        let ua = detailed()
            .countries
            .iter()
            .find(|c| c.name == "Ukraine")
            .unwrap();
        assert_eq!(ua.iso_numeric, 804);
        let big = ua
            .shapes
            .iter()
            .max_by(|a, b| a.area.total_cmp(&b.area))
            .unwrap();
        let (min, max) = (big.bbox.min(), big.bbox.max());
        assert!(min.x > 21.0 && max.x < 41.0 && min.y > 44.0 && max.y < 53.0);
        assert!(!detailed().borders.is_empty() && !detailed().coasts.is_empty());
    }

    #[test]
    fn admin1_regions_contain_their_cities() {
        let a = admin1();
        assert!(a.regions.len() > 4000, "{}", a.regions.len());
        // (GeoNames id of the region, a city in it as lon, lat).
        for (id, lon, lat) in [
            (687699, 35.14, 47.84), // Zaporizhzhia Oblast: Zaporizhzhia
            (698738, 30.73, 46.48), // Odesa Oblast: Odesa
            (706482, 36.25, 49.99), // Kharkiv Oblast: Kharkiv
            (703883, 34.10, 44.95), // Crimea (Ukraine): Simferopol
            (2861876, 6.96, 50.94), // Nordrhein-Westfalen: Cologne
        ] {
            let r = a
                .by_geonames_id(id)
                .unwrap_or_else(|| panic!("region {id}"));
            assert!(
                r.shapes
                    .iter()
                    .any(|s| s.polygon.contains(&Point::new(lon, lat))),
                "{} does not contain ({lon}, {lat})",
                r.name
            );
        }
        assert_eq!(a.by_geonames_id(703883).unwrap().country_code, "UA");
        // Some countries' regions carry no GeoNames id; they are found by containment.
        let la = Point::new(-118.24, 34.05);
        let ca = a
            .regions
            .iter()
            .find(|r| r.shapes.iter().any(|s| s.polygon.contains(&la)));
        assert_eq!(ca.map(|r| r.name.as_str()), Some("California"));
        assert!(!a.boundaries.is_empty());
    }

    #[test]
    fn truncated_input_is_rejected() {
        assert!(parse(b"EMB1\x05\x00").is_none());
        assert!(parse(b"nope").is_none());
        assert!(parse(&BYTES_110M[..BYTES_110M.len() / 2]).is_none());
        assert!(
            parse_admin1(&crate::geo_admin::BYTES[..crate::geo_admin::BYTES.len() / 3]).is_none()
        );
        assert!(parse_admin1(BYTES_110M).is_none());
    }
}
