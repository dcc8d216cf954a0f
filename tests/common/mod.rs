//! The one test pipeline (and so the one test gazetteer: the bundled one) of the integration
//! tests, loaded once per test binary. `mod common;` in a test file brings it in.

use std::sync::OnceLock;

use eventmap::{Document, Pipeline, Role};

/// The shared pipeline over the bundled gazetteer.
pub fn pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(|| Pipeline::builder().build())
}

/// Great-circle distance in km between two (lat, lon) points in degrees.
#[allow(dead_code)] // not every test binary measures distances
pub fn km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (la1, lo1, la2, lo2) = (
        a.0.to_radians(),
        a.1.to_radians(),
        b.0.to_radians(),
        b.1.to_radians(),
    );
    let h = ((la2 - la1) / 2.0).sin().powi(2)
        + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().asin()
}

/// (mention as written, role, point (lat, lon)) of every resolved mention of a text.
#[allow(dead_code)] // not every test binary reads points
pub fn resolved_points(text: &str) -> Vec<(String, Role, (f64, f64))> {
    let p = pipeline();
    p.resolve_document(&Document::new("t", text))
        .into_iter()
        .filter_map(|r| {
            let place = p.gazetteer().place(r.resolution?.place);
            Some((r.mention.text.to_string(), r.role, (place.lat, place.lon)))
        })
        .collect()
}
