//! Label placement: each label tries a few positions (eight around a marker, or the middle
//! of a region and a little above and below it) and takes the first inside the frame that
//! covers no placed label and no other marker. A label that fits nowhere is dropped and
//! reported, so the side panel can list it.

use geo::{coord, Intersects, Rect};
use plotters::style::TextStyle;

use super::projection::Frame;
use super::style::{halo_text, text_size, Area};
use crate::error::Result;

/// One line of a label with its style.
pub(crate) type Line = (String, TextStyle<'static>);

/// Where a label goes.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Anchor {
    /// Beside a marker of radius `r` at `(x, y)`.
    Around(f64, f64, f64),
    /// Centred on `(x, y)` (inside a shaded region).
    Centred(f64, f64),
}

/// Labels placed so far and what they must avoid, in pixels.
pub(crate) struct Placer {
    frame: Rect,
    placed: Vec<Rect>,
    obstacles: Vec<Rect>,
    halo: i32,
}

/// A pixel box around a marker.
pub(crate) fn marker_box(x: f64, y: f64, r: f64) -> Rect {
    Rect::new(coord! { x: x - r, y: y - r }, coord! { x: x + r, y: y + r })
}

fn strictly_overlap(a: &Rect, b: &Rect) -> bool {
    a.intersects(b)
        && a.min().x < b.max().x
        && b.min().x < a.max().x
        && a.min().y < b.max().y
        && b.min().y < a.max().y
}

impl Placer {
    pub(crate) fn new(frame: Frame, s: f64) -> Placer {
        let f = Rect::new(
            coord! { x: f64::from(frame.left), y: f64::from(frame.top) },
            coord! { x: f64::from(frame.left + frame.width), y: f64::from(frame.top + frame.height) },
        );
        Placer {
            frame: f,
            placed: Vec::new(),
            obstacles: Vec::new(),
            halo: (2.0 * s).round() as i32,
        }
    }

    /// Something labels must not cover (a marker, a country name).
    pub(crate) fn avoid(&mut self, r: Rect) {
        self.obstacles.push(r);
    }

    /// An area already labelled.
    pub(crate) fn taken(&mut self, r: Rect) {
        self.placed.push(r);
    }

    fn free(&self, rect: &Rect, own: Option<&Rect>) -> bool {
        let inside = rect.min().x >= self.frame.min().x
            && rect.max().x <= self.frame.max().x
            && rect.min().y >= self.frame.min().y
            && rect.max().y <= self.frame.max().y;
        inside
            && !self.placed.iter().any(|p| strictly_overlap(p, rect))
            && !self
                .obstacles
                .iter()
                .any(|o| Some(o) != own && strictly_overlap(o, rect))
    }

    /// Places and draws a label; `false` if it fits nowhere (nothing drawn).
    pub(crate) fn place(
        &mut self,
        area: &Area<'_>,
        anchor: Anchor,
        lines: &[Line],
    ) -> Result<bool> {
        let mut sizes = Vec::with_capacity(lines.len());
        for (t, st) in lines {
            sizes.push(text_size(area, t, st)?);
        }
        let tw = sizes.iter().map(|s| s.0).fold(0.0, f64::max);
        let th: f64 = sizes.iter().map(|s| s.1 + 2.0).sum();
        let (candidates, own) = match anchor {
            Anchor::Around(x, y, r) => {
                let g = 3.0 + r;
                let d = g * 0.7;
                (
                    vec![
                        (x + g, y - th / 2.0),
                        (x - g - tw, y - th / 2.0),
                        (x + d, y - d - th),
                        (x + d, y + d),
                        (x - d - tw, y - d - th),
                        (x - d - tw, y + d),
                        (x - tw / 2.0, y - g - th),
                        (x - tw / 2.0, y + g),
                    ],
                    Some(marker_box(x, y, r)),
                )
            }
            Anchor::Centred(x, y) => (
                [0.0, -1.0, 1.0, -2.0, 2.0]
                    .iter()
                    .map(|k| (x - tw / 2.0, y - th / 2.0 + k * th))
                    .collect(),
                None,
            ),
        };
        for (lx, ly) in candidates {
            let rect = Rect::new(
                coord! { x: lx - 2.0, y: ly - 2.0 },
                coord! { x: lx + tw + 2.0, y: ly + th + 2.0 },
            );
            if !self.free(&rect, own.as_ref()) {
                continue;
            }
            let mut y = ly;
            for ((t, st), (_, h)) in lines.iter().zip(&sizes) {
                // Lines of a centred label are centred on each other.
                let x = match anchor {
                    Anchor::Centred(cx, _) => cx - text_size(area, t, st)?.0 / 2.0,
                    Anchor::Around(cx, ..) if lx < cx => lx + tw - text_size(area, t, st)?.0,
                    Anchor::Around(..) => lx,
                };
                halo_text(area, t, (x as i32, y as i32), st, self.halo)?;
                y += h + 2.0;
            }
            self.placed.push(rect);
            return Ok(true);
        }
        Ok(false)
    }
}
