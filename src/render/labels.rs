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
    placed: RectGrid,
    obstacles: RectGrid,
    halo: i32,
}

/// Boxes filed by the grid cells of the frame they cover, so that asking whether a label
/// overlaps any reads only the boxes near it: placing n labels among n markers is not n².
struct RectGrid {
    rects: Vec<Rect>,
    /// Box indices per cell, row by row.
    cells: Vec<Vec<u32>>,
    origin: (f64, f64),
    cols: usize,
    rows: usize,
}

/// Grid cell side in pixels: about a short label's height, so a box spans a few cells.
const CELL_PX: f64 = 32.0;

impl RectGrid {
    fn new(frame: &Rect) -> RectGrid {
        let cols = (frame.width() / CELL_PX).ceil().clamp(1.0, 4096.0) as usize;
        let rows = (frame.height() / CELL_PX).ceil().clamp(1.0, 4096.0) as usize;
        RectGrid {
            rects: Vec::new(),
            cells: vec![Vec::new(); cols * rows],
            origin: (frame.min().x, frame.min().y),
            cols,
            rows,
        }
    }

    /// The cells a box covers, clamped to the frame (a label outside it is never free, so
    /// only overlaps inside the frame matter).
    fn span(&self, r: &Rect) -> (std::ops::Range<usize>, std::ops::Range<usize>) {
        let cell =
            |v: f64, o: f64, n: usize| (((v - o) / CELL_PX).floor().max(0.0) as usize).min(n - 1);
        let (x0, x1) = (
            cell(r.min().x, self.origin.0, self.cols),
            cell(r.max().x, self.origin.0, self.cols),
        );
        let (y0, y1) = (
            cell(r.min().y, self.origin.1, self.rows),
            cell(r.max().y, self.origin.1, self.rows),
        );
        (x0..x1 + 1, y0..y1 + 1)
    }

    fn push(&mut self, r: Rect) {
        let i = self.rects.len() as u32;
        let (xs, ys) = self.span(&r);
        for y in ys {
            for x in xs.clone() {
                self.cells[y * self.cols + x].push(i);
            }
        }
        self.rects.push(r);
    }

    /// Whether a stored box (other than one equal to `except`) strictly overlaps `r`.
    fn any_overlap(&self, r: &Rect, except: Option<&Rect>) -> bool {
        let (xs, ys) = self.span(r);
        ys.flat_map(|y| xs.clone().map(move |x| y * self.cols + x))
            .flat_map(|c| &self.cells[c])
            .map(|&i| &self.rects[i as usize])
            .any(|o| Some(o) != except && strictly_overlap(o, r))
    }
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
            placed: RectGrid::new(&f),
            obstacles: RectGrid::new(&f),
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
        inside && !self.placed.any_overlap(rect, None) && !self.obstacles.any_overlap(rect, own)
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

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The grid answers as a scan of every box would, for boxes inside, across and
        /// outside the frame.
        #[test]
        fn grid_overlap_is_a_full_scan(
            boxes in proptest::collection::vec((-100.0..900.0f64, -100.0..700.0f64, 0.0..300.0f64, 0.0..80.0f64), 0..60),
            q in (-50.0..850.0f64, -50.0..650.0f64, 0.0..200.0f64, 0.0..60.0f64),
        ) {
            let frame = Rect::new(coord! { x: 0.0, y: 0.0 }, coord! { x: 800.0, y: 600.0 });
            let rect = |(x, y, w, h): (f64, f64, f64, f64)| Rect::new(coord! { x: x, y: y }, coord! { x: x + w, y: y + h });
            let mut grid = RectGrid::new(&frame);
            let all: Vec<Rect> = boxes.into_iter().map(rect).collect();
            for r in &all {
                grid.push(*r);
            }
            let q = rect(q);
            let inside = q.min().x >= 0.0 && q.max().x <= 800.0 && q.min().y >= 0.0 && q.max().y <= 600.0;
            if inside {
                let scan = all.iter().any(|o| strictly_overlap(o, &q));
                proptest::prop_assert_eq!(grid.any_overlap(&q, None), scan);
                let except = all.first();
                let scan = all.iter().any(|o| Some(o) != except && strictly_overlap(o, &q));
                proptest::prop_assert_eq!(grid.any_overlap(&q, except), scan);
            }
        }
    }
}
