//! A first-level division's point (`data/places-regions.tsv`, `data/build/admin1_points.py`):
//! the mean of the middle of its places and the middle of its area, inside the division, so
//! that a region whose towns sit on one side (Nevada's in the west, Western Australia's on the
//! coast) is placed near its middle, and a region around a city that is its own division (Kyiv
//! Oblast, Moscow Oblast) is not placed in that city.

mod common;

use common::{km, resolved_points};
use eventmap::geo_admin::{admin1_at, regions};
use geo::{Centroid, MultiPolygon, Point};

/// The region of `name` in the admin-1 layer.
fn region(name: &str) -> &'static eventmap::geo_admin::Region {
    regions()
        .iter()
        .find(|r| r.name == name)
        .unwrap_or_else(|| panic!("{name} not in the admin-1 layer"))
}

/// The point the text resolves `mention` to.
fn point(text: &str, mention: &str) -> (f64, f64) {
    resolved_points(text)
        .into_iter()
        .find(|(m, _, _)| m == mention)
        .unwrap_or_else(|| panic!("{mention:?} not resolved in {text:?}"))
        .2
}

/// Whether the point lies in the region called `name` in the admin-1 layer.
fn in_region(p: (f64, f64), name: &str) -> bool {
    admin1_at(Point::new(p.1, p.0)).is_some_and(|r| r.name == name)
}

#[test]
fn a_region_is_placed_near_the_middle_of_its_area() {
    let text = "Wildfires spread across Nevada and Western Australia this week.";
    for (mention, name, within_km) in [
        ("Nevada", "Nevada", 100.0),
        ("Western Australia", "Western Australia", 300.0),
    ] {
        let p = point(text, mention);
        assert!(in_region(p, name), "{mention}: {p:?} outside {name}");
        let c = MultiPolygon::new(region(name).polygons.clone())
            .centroid()
            .expect("a region has an area");
        let d = km(p, (c.y(), c.x()));
        assert!(
            d < within_km,
            "{mention}: {p:?} is {d:.0} km from its area's middle"
        );
    }
}

#[test]
fn a_region_around_its_city_is_not_placed_in_the_city() {
    for (text, mention, name) in [
        (
            "Дрони атакували Київську область уночі.",
            "Київську область",
            "Kiev",
        ),
        (
            "Беспилотники сбиты над Московской областью.",
            "Московской областью",
            "Moskovsskaya",
        ),
        (
            "Drones were shot down over Kyiv Oblast overnight.",
            "Kyiv Oblast",
            "Kiev",
        ),
    ] {
        let p = point(text, mention);
        assert!(in_region(p, name), "{mention}: {p:?} outside {name}");
    }
}
