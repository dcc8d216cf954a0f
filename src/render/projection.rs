//! Degrees to pixels: Web Mercator fitted into the map frame, and the layout that decides
//! where the frame lies on the canvas. Points are `geo::Point` (x = longitude, y = latitude,
//! degrees); pixel positions are `(x, y)` from the canvas' top left.

use geo::{coord, Point, Rect};

use super::model::{MapEvent, MapPlace};
use super::options::{Extent, MapOptions};
use crate::gazetteer::Kind;
use crate::roles::Role;

/// Latitudes beyond this are not shown (Web Mercator's usual limit).
pub const MAX_LAT: f64 = 85.0;

/// A rectangle on the canvas in pixels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Frame {
    /// Left edge.
    pub left: i32,
    /// Top edge.
    pub top: i32,
    /// Width.
    pub width: i32,
    /// Height.
    pub height: i32,
}

impl Frame {
    /// Whether a pixel position lies inside (edges included).
    pub fn contains(&self, (x, y): (f64, f64)) -> bool {
        x >= f64::from(self.left)
            && x <= f64::from(self.left + self.width)
            && y >= f64::from(self.top)
            && y <= f64::from(self.top + self.height)
    }
}

/// A projection of the map frame: degrees to pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Projection {
    /// Projected centre (longitude, Mercator y in degrees).
    centre: (f64, f64),
    /// Pixels per projected degree.
    k: f64,
    /// Where the map is drawn.
    pub frame: Frame,
}

fn merc_y(lat: f64) -> f64 {
    let lat = lat.clamp(-MAX_LAT, MAX_LAT).to_radians();
    (std::f64::consts::FRAC_PI_4 + lat / 2.0)
        .tan()
        .ln()
        .to_degrees()
}

fn merc_lat(y: f64) -> f64 {
    (2.0 * y.to_radians().exp().atan() - std::f64::consts::FRAC_PI_2).to_degrees()
}

impl Projection {
    /// The projection that fits `bbox` into `frame`, centred; the frame may show more than
    /// the box along one axis, never less, and never latitudes past ±[`MAX_LAT`] where the
    /// box allows.
    pub fn fit(bbox: Rect, frame: Frame) -> Projection {
        let (y0, y1) = (merc_y(bbox.min().y), merc_y(bbox.max().y));
        let (w, h) = (f64::from(frame.width), f64::from(frame.height));
        let k = (w / bbox.width()).min(h / (y1 - y0));
        let mut cy = (y0 + y1) / 2.0;
        let (half, top) = (h / 2.0 / k, merc_y(MAX_LAT));
        if 2.0 * half <= 2.0 * top {
            cy = cy.clamp(-top + half, top - half);
        }
        Projection {
            centre: (bbox.center().x, cy),
            k,
            frame,
        }
    }

    /// Pixel position of a point; may lie outside the frame.
    pub fn project(&self, p: Point) -> (f64, f64) {
        let f = self.frame;
        (
            f64::from(f.left) + f64::from(f.width) / 2.0 + (p.x() - self.centre.0) * self.k,
            f64::from(f.top) + f64::from(f.height) / 2.0 - (merc_y(p.y()) - self.centre.1) * self.k,
        )
    }

    /// The area the frame shows.
    pub fn bounds(&self) -> Rect {
        let dx = f64::from(self.frame.width) / 2.0 / self.k;
        let dy = f64::from(self.frame.height) / 2.0 / self.k;
        Rect::new(
            coord! { x: self.centre.0 - dx, y: merc_lat(self.centre.1 - dy) },
            coord! { x: self.centre.0 + dx, y: merc_lat(self.centre.1 + dy) },
        )
    }

    /// Whether a point projects inside the frame.
    pub fn shows(&self, p: Point) -> bool {
        self.frame.contains(self.project(p))
    }

    /// Kilometres per pixel along the parallel at `lat`.
    pub fn km_per_px(&self, lat: f64) -> f64 {
        111.32 * lat.to_radians().cos() / self.k
    }
}

/// Pixel sizes of the fixed parts of the layout at scale 1.
pub(crate) mod sizes {
    pub const TITLE_H: f64 = 64.0;
    pub const FOOT_H: f64 = 30.0;
    pub const PANEL_W: f64 = 330.0;
    pub const PAD: f64 = 12.0;
}

/// The map frame on a canvas with these options (left of the side panel, below the title).
pub fn map_frame(opts: &MapOptions) -> Frame {
    let s = opts.scale;
    let (w, h) = opts.pixels();
    let px = |v: f64| (v * s).round() as i32;
    Frame {
        left: px(sizes::PAD),
        top: px(sizes::TITLE_H),
        width: w as i32 - px(sizes::PANEL_W) - 2 * px(sizes::PAD),
        height: h as i32 - px(sizes::TITLE_H) - px(sizes::FOOT_H),
    }
}

/// The whole world from [`MAX_LAT`] north down as far south as fills the frame.
fn world_box(frame: Frame) -> Rect {
    let y_top = merc_y(84.0);
    let y_bottom =
        (y_top - 360.0 * f64::from(frame.height) / f64::from(frame.width)).max(merc_y(-MAX_LAT));
    Rect::new(
        coord! { x: -180.0, y: merc_lat(y_bottom) },
        coord! { x: 180.0, y: 84.0 },
    )
}

/// What an automatic extent is fitted to: events and event places; else event places; else
/// every place finer than a country.
fn focus_points(places: &[MapPlace], events: &[MapEvent]) -> Vec<Point> {
    let event_places = places
        .iter()
        .filter(|p| p.role == Role::Event && p.kind > Kind::Country)
        .map(|p| p.point);
    let pts: Vec<Point> = events.iter().map(|e| e.point).chain(event_places).collect();
    if !pts.is_empty() {
        return pts;
    }
    places
        .iter()
        .filter(|p| p.kind > Kind::Country)
        .map(|p| p.point)
        .collect()
}

/// The layout of a map with these options: where the map frame is and its projection.
pub fn layout(places: &[MapPlace], events: &[MapEvent], opts: &MapOptions) -> Projection {
    let frame = map_frame(opts);
    let bbox = match opts.extent {
        Extent::World => world_box(frame),
        Extent::Bbox(w, s, e, n) => Rect::new(coord! { x: w, y: s }, coord! { x: e, y: n }),
        Extent::Auto => {
            let pts = focus_points(places, events);
            match geo::BoundingRect::bounding_rect(&geo::MultiPoint::from(pts)) {
                None => world_box(frame),
                Some(b) => {
                    // A margin of a third of the span, and at least 8 degrees across, so a
                    // single city shows its region.
                    let (sx, sy) = ((b.width() * 1.6).max(8.0), (b.height() * 1.6).max(5.0));
                    let c = b.center();
                    Rect::new(
                        coord! { x: (c.x - sx / 2.0).max(-180.0), y: (c.y - sy / 2.0).max(-80.0) },
                        coord! { x: (c.x + sx / 2.0).min(180.0), y: (c.y + sy / 2.0).min(84.0) },
                    )
                }
            }
        }
    };
    Projection::fit(bbox, frame)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn projection_round_trip() {
        let frame = Frame {
            left: 0,
            top: 0,
            width: 1000,
            height: 800,
        };
        let bbox = Rect::new(coord! { x: 30.0, y: 45.0 }, coord! { x: 40.0, y: 52.0 });
        let p = Projection::fit(bbox, frame);
        let b = p.bounds();
        assert!(
            b.min().x <= 30.0 && b.max().x >= 40.0 && b.min().y <= 45.01 && b.max().y >= 51.99,
            "{b:?}"
        );
        let (x, y) = p.project(Point::new(35.0, 48.5));
        assert!((x - 500.0).abs() < 1.0 && y > 0.0 && y < 800.0);
    }

    #[test]
    fn world_fills_the_frame() {
        let opts = MapOptions {
            extent: Extent::World,
            ..MapOptions::default()
        };
        let p = layout(&[], &[], &opts);
        let b = p.bounds();
        assert!(b.min().x >= -180.5 && b.max().x <= 180.5, "{b:?}");
        assert!(b.min().y >= -MAX_LAT - 0.5 && b.max().y <= 84.5, "{b:?}");
        // Both edges of the world touch the frame: no blank band.
        let f = p.frame;
        let (x0, y0) = p.project(Point::new(-180.0, 84.0));
        let (x1, y1) = p.project(Point::new(180.0, b.min().y));
        assert!((x0 - f64::from(f.left)).abs() < 1.0 && (y0 - f64::from(f.top)).abs() < 1.0);
        assert!((x1 - f64::from(f.left + f.width)).abs() < 1.0);
        assert!((y1 - f64::from(f.top + f.height)).abs() < 1.0);
    }
}
