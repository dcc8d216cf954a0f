//! The bundled Natural Earth basemaps (country polygons, borders and coastlines), in the
//! binary layout written by `data/build/build.py`. Points are `(lon, lat)` in degrees;
//! longitudes of rings that cross the antimeridian run past ±180 to stay continuous.

use std::sync::OnceLock;

/// One country's polygons (exterior rings only; holes are other countries drawn on top).
#[derive(Debug)]
pub struct Country {
    /// ISO 3166-1 numeric code (0 where Natural Earth gives none).
    pub iso_numeric: u16,
    /// English name.
    pub name: String,
    /// Exterior rings with their bounding boxes `(w, s, e, n)` and planar areas.
    pub rings: Vec<Ring>,
}

/// A closed ring.
#[derive(Debug)]
pub struct Ring {
    /// `(lon, lat)` points.
    pub points: Vec<(f32, f32)>,
    /// `(west, south, east, north)`.
    pub bbox: (f32, f32, f32, f32),
    /// Area in square degrees (for drawing large rings first).
    pub area: f32,
}

/// A basemap at one scale.
#[derive(Debug)]
pub struct Basemap {
    /// Countries.
    pub countries: Vec<Country>,
    /// Land borders (arcs shared by two countries).
    pub borders: Vec<Vec<(f32, f32)>>,
    /// Coastlines (arcs of one country).
    pub coasts: Vec<Vec<(f32, f32)>>,
}

static BYTES_110M: &[u8] = include_bytes!("../../data/basemap-110m.bin");
static BYTES_50M: &[u8] = include_bytes!("../../data/basemap-50m.bin");

/// The 1:110m basemap (world views).
pub fn world() -> &'static Basemap {
    static B: OnceLock<Basemap> = OnceLock::new();
    B.get_or_init(|| parse(BYTES_110M).expect("bundled basemap-110m.bin is valid"))
}

/// The 1:50m basemap (regional views).
pub fn detailed() -> &'static Basemap {
    static B: OnceLock<Basemap> = OnceLock::new();
    B.get_or_init(|| parse(BYTES_50M).expect("bundled basemap-50m.bin is valid"))
}

struct Reader<'a> {
    b: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Option<&[u8]> {
        let s = self.b.get(self.at..self.at + n)?;
        self.at += n;
        Some(s)
    }
    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    fn u16(&mut self) -> Option<u16> {
        Some(u16::from_le_bytes(self.take(2)?.try_into().ok()?))
    }
    fn u8(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }
    fn f32(&mut self) -> Option<f32> {
        Some(f32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    fn line(&mut self) -> Option<Vec<(f32, f32)>> {
        let n = self.u32()? as usize;
        if n > self.b.len() {
            return None;
        }
        (0..n).map(|_| Some((self.f32()?, self.f32()?))).collect()
    }
}

/// Parses the binary layout; `None` if it is truncated or not a basemap.
pub fn parse(b: &[u8]) -> Option<Basemap> {
    let mut r = Reader { b, at: 0 };
    if r.take(4)? != b"EMB1" {
        return None;
    }
    let n = r.u32()?;
    let mut countries = Vec::new();
    for _ in 0..n {
        let iso_numeric = r.u16()?;
        let len = r.u8()? as usize;
        let name = String::from_utf8_lossy(r.take(len)?).into_owned();
        let mut rings = Vec::new();
        for _ in 0..r.u32()? {
            let n_rings = r.u32()?;
            for k in 0..n_rings {
                let points = r.line()?;
                if k == 0 && points.len() >= 3 {
                    rings.push(ring(points));
                }
            }
        }
        countries.push(Country {
            iso_numeric,
            name,
            rings,
        });
    }
    let borders = (0..r.u32()?)
        .map(|_| r.line())
        .collect::<Option<Vec<_>>>()?;
    let coasts = (0..r.u32()?)
        .map(|_| r.line())
        .collect::<Option<Vec<_>>>()?;
    Some(Basemap {
        countries,
        borders,
        coasts,
    })
}

fn ring(points: Vec<(f32, f32)>) -> Ring {
    let mut bbox = (f32::MAX, f32::MAX, f32::MIN, f32::MIN);
    let mut area = 0.0;
    for (i, &(x, y)) in points.iter().enumerate() {
        bbox.0 = bbox.0.min(x);
        bbox.1 = bbox.1.min(y);
        bbox.2 = bbox.2.max(x);
        bbox.3 = bbox.3.max(y);
        let (x2, y2) = points[(i + 1) % points.len()];
        area += x * y2 - x2 * y;
    }
    Ring {
        points,
        bbox,
        area: (area / 2.0).abs(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let (west, south, east, north) = ua
            .rings
            .iter()
            .max_by(|a, b| a.area.total_cmp(&b.area))
            .unwrap()
            .bbox;
        assert!(west > 21.0 && east < 41.0 && south > 44.0 && north < 53.0);
        assert!(!detailed().borders.is_empty() && !detailed().coasts.is_empty());
    }

    #[test]
    fn truncated_input_is_rejected() {
        assert!(parse(b"EMB1\x05\x00").is_none());
        assert!(parse(b"nope").is_none());
        assert!(parse(&BYTES_110M[..BYTES_110M.len() / 2]).is_none());
    }
}
