//! Pixel tests of the whole figure: symbols, shaded regions and labels where they belong.

use geo::Point;

use super::labels::{Anchor, Placer};
use super::model::event_radius;
use super::model::tests::event;
use super::projection::map_frame;
use super::style::{font, register_fonts, shaded, Area, LAND_FOCUS, SEA};
use super::*;
use crate::events::dates::PartialDate;
use crate::text::Date;
use plotters::prelude::*;

fn place(name: &str, kind: Kind, lon: f64, lat: f64, mentions: usize, role: Role) -> MapPlace {
    MapPlace {
        name: name.into(),
        kind,
        point: Point::new(lon, lat),
        mentions,
        role,
    }
}

struct Image {
    width: u32,
    height: u32,
    rgb: Vec<u8>,
}

fn decode(png: &[u8]) -> Image {
    let mut r = png::Decoder::new(png).read_info().unwrap();
    let mut rgb = vec![0; r.output_buffer_size()];
    let info = r.next_frame(&mut rgb).unwrap();
    Image {
        width: info.width,
        height: info.height,
        rgb,
    }
}

impl Image {
    fn at(&self, (x, y): (f64, f64)) -> (u8, u8, u8) {
        let i = ((y as u32 * self.width + x as u32) * 3) as usize;
        (self.rgb[i], self.rgb[i + 1], self.rgb[i + 2])
    }
}

fn rgb(c: RGBColor) -> (u8, u8, u8) {
    (c.0, c.1, c.2)
}

/// The seeds' three events as the pipeline gives them.
fn seed_events() -> Vec<MapEvent> {
    let mut z = event("Zaporizhzhia Oblast", Kind::Admin1, 35.70836, 47.25554);
    z.place_id = "geonames:687699".into();
    z.date = Some(PartialDate::Day(Date::new(2023, 12, 30).unwrap()));
    let mut k = event("Shevchenkivskyi District", Kind::District, 36.225, 50.015);
    k.date = Some(PartialDate::Day(Date::new(2024, 1, 2).unwrap()));
    (k.fatalities, k.injured) = (Some(2), Some(62));
    let mut o = event("Odesa Oblast", Kind::Admin1, 29.80864, 46.88964);
    o.place_id = "geonames:698738".into();
    o.event_type = crate::events::EventType::Attack;
    vec![z, k, o]
}

#[test]
fn marker_is_drawn_at_its_projected_position() {
    let places = [
        place("Kharkiv", Kind::City, 36.25, 49.98, 9, Role::Event),
        place("Odesa", Kind::City, 30.73, 46.48, 1, Role::Event),
        place("Washington", Kind::City, -77.04, 38.9, 1, Role::Actor),
    ];
    let opts = MapOptions::default();
    let png = render_png(&places, &[], &opts).unwrap();
    let img = decode(&png);
    let proj = layout(&places, &[], &opts);
    for p in &places[..2] {
        assert_eq!(img.at(proj.project(p.point)), rgb(ROLE_EVENT), "{}", p.name);
    }
    // Washington lies outside the fitted extent: not squeezed in.
    assert!(proj.project(places[2].point).0 < 0.0);
    assert_eq!(
        png,
        render_png(&places, &[], &opts).unwrap(),
        "deterministic"
    );
}

#[test]
fn region_events_are_shaded_regions_not_points() {
    let events = seed_events();
    let opts = MapOptions::default();
    let img = decode(&render_png(&[], &events, &opts).unwrap());
    let proj = layout(&[], &events, &opts);
    let tint = rgb(shaded(LAND_FOCUS));
    // Inside each oblast, away from its label: shaded. (lon, lat) hand-picked inside.
    for (lon, lat) in [(36.6, 47.0), (35.0, 47.7), (30.3, 47.6), (29.2, 46.0)] {
        assert_eq!(
            img.at(proj.project(Point::new(lon, lat))),
            tint,
            "({lon}, {lat})"
        );
    }
    // Outside them (Dnipropetrovsk and Kirovohrad oblasts): plain land.
    for (lon, lat) in [(33.7, 48.3), (32.3, 48.3)] {
        assert_eq!(
            img.at(proj.project(Point::new(lon, lat))),
            rgb(LAND_FOCUS),
            "({lon}, {lat})"
        );
    }
    // The point event is a burst at its place.
    assert_eq!(img.at(proj.project(events[1].point)), rgb(EVENT));
    // The sea stays sea.
    let south = proj.bounds().min().y + 0.05;
    assert_eq!(img.at(proj.project(Point::new(32.5, south))), rgb(SEA));
}

#[test]
fn a_label_is_drawn_beside_its_marker_in_red() {
    let events = seed_events();
    let opts = MapOptions::default();
    let img = decode(&render_png(&[], &events[1..2], &opts).unwrap());
    let proj = layout(&[], &events[1..2], &opts);
    let (x, y) = proj.project(events[1].point);
    // Label text (red, with casualties on its second line) right or left of the marker.
    let r = event_radius(64);
    let reddish = |c: (u8, u8, u8)| c.0 > 120 && c.1 < 80 && c.2 < 90;
    let count = |x0: f64, x1: f64| {
        let mut n = 0;
        let mut px = x0;
        while px < x1 {
            for dy in -20..20 {
                n += usize::from(reddish(img.at((px, y + f64::from(dy)))));
            }
            px += 1.0;
        }
        n
    };
    let beside = count(x + r + 2.0, x + r + 300.0) + count(x - r - 300.0, x - r - 2.0);
    assert!(beside > 300, "{beside} red label pixels beside the marker");
}

#[test]
fn labels_that_fit_nowhere_are_dropped_and_reported() {
    register_fonts();
    let mut buf = vec![255u8; 400 * 300 * 3];
    let area: Area<'_> = BitMapBackend::with_buffer(&mut buf, (400, 300)).into_drawing_area();
    let frame = projection::Frame {
        left: 0,
        top: 0,
        width: 400,
        height: 300,
    };
    let mut placer = Placer::new(frame, 1.0);
    let line = || {
        vec![(
            "Shevchenkivskyi District".to_string(),
            font(15.0, true, EVENT),
        )]
    };
    let mut placed = 0;
    for _ in 0..12 {
        placed += usize::from(
            placer
                .place(&area, Anchor::Around(200.0, 150.0, 6.0), &line())
                .unwrap(),
        );
    }
    assert!((2..12).contains(&placed), "{placed} of 12 placed");
    // Past the frame's edge: nowhere to go.
    let mut p2 = Placer::new(frame, 1.0);
    assert!(!p2
        .place(&area, Anchor::Centred(-500.0, 150.0), &line())
        .unwrap());
}

#[test]
fn scale_keeps_the_layout() {
    let events = seed_events();
    let one = MapOptions::default();
    let two = MapOptions {
        scale: 2.0,
        ..MapOptions::default()
    };
    let (f1, f2) = (map_frame(&one), map_frame(&two));
    assert!((f2.width - 2 * f1.width).abs() <= 2 && (f2.height - 2 * f1.height).abs() <= 2);
    let img = decode(&render_png(&[], &events, &two).unwrap());
    assert_eq!((img.width, img.height), (3200, 2000));
    // The attribution is on the canvas: dark pixels in the foot band, under the frame.
    let foot_top = f64::from(f2.top + f2.height) + 8.0;
    let mut ink = 0;
    for y in foot_top as u32..img.height {
        for x in 0..img.width / 2 {
            let c = img.at((f64::from(x), f64::from(y)));
            ink += usize::from(c.0 < 160 && c.1 < 160 && c.2 < 160);
        }
    }
    assert!(ink > 500, "{ink} dark pixels in the footer");
    // The same point lands on the same relative spot.
    let p1 = layout(&[], &events, &one).project(events[1].point);
    let p2 = layout(&[], &events, &two).project(events[1].point);
    assert!((p2.0 - 2.0 * p1.0).abs() < 3.0 && (p2.1 - 2.0 * p1.1).abs() < 3.0);
}

#[test]
fn world_extent_fills_the_frame() {
    let opts = MapOptions {
        extent: Extent::World,
        ..MapOptions::default()
    };
    let img = decode(&render_png(&[], &seed_events(), &opts).unwrap());
    let f = map_frame(&opts);
    // Near all four corners of the frame: map (sea or land), not blank canvas.
    let white = (255, 255, 255);
    for (x, y) in [
        (f.left + 30, f.top + 30),
        (f.left + f.width - 30, f.top + 30),
        (f.left + 30, f.top + f.height - 40),
        (f.left + f.width - 40, f.top + f.height - 60),
    ] {
        assert_ne!(img.at((f64::from(x), f64::from(y))), white, "({x}, {y})");
    }
}
