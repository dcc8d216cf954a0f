//! Colours, the embedded font and text drawing shared by every part of the figure.

use std::sync::OnceLock;

use plotters::prelude::*;
use plotters::style::text_anchor::Pos;
use plotters::style::FontStyle;

use crate::error::{Error, ErrorKind, Location, Result};
use crate::roles::Role;

static FONT: &[u8] = include_bytes!("../../data/fonts/DejaVuSans.ttf");
static FONT_BOLD: &[u8] = include_bytes!("../../data/fonts/DejaVuSans-Bold.ttf");
const FAMILY: &str = "eventmap-sans";

/// The drawing surface: an RGB buffer.
pub(crate) type Area<'a> = DrawingArea<BitMapBackend<'a>, plotters::coord::Shift>;

/// Colours, chosen to read on print and screen and to stay distinct for common colour blindness.
pub(crate) const SEA: RGBColor = RGBColor(214, 230, 242);
pub(crate) const LAND: RGBColor = RGBColor(236, 233, 226);
pub(crate) const LAND_FOCUS: RGBColor = RGBColor(250, 248, 240);
pub(crate) const BORDER: RGBColor = RGBColor(150, 145, 140);
pub(crate) const ADMIN1: RGBColor = RGBColor(200, 192, 182);
pub(crate) const COAST: RGBColor = RGBColor(120, 160, 195);
pub(crate) const GRID: RGBColor = RGBColor(190, 205, 220);
pub(crate) const INK: RGBColor = RGBColor(40, 40, 40);
pub(crate) const MUTED: RGBColor = RGBColor(110, 110, 110);
pub(crate) const COUNTRY_NAME: RGBColor = RGBColor(175, 170, 160);
/// Event markers and labels.
pub const EVENT: RGBColor = RGBColor(200, 30, 45);
/// Regions shaded for a region-level event: [`EVENT`] at this opacity over the land.
pub const REGION_ALPHA: f64 = 0.22;
/// Places where something happened.
pub const ROLE_EVENT: RGBColor = RGBColor(230, 120, 20);
/// Governments speaking.
pub const ROLE_ACTOR: RGBColor = RGBColor(95, 80, 170);
/// Other mentions.
pub const ROLE_MENTION: RGBColor = RGBColor(100, 110, 120);

/// The colour of a place's main role.
pub fn role_colour(r: Role) -> RGBColor {
    match r {
        Role::Event => ROLE_EVENT,
        Role::Actor => ROLE_ACTOR,
        Role::Mention => ROLE_MENTION,
    }
}

/// The colour a region shaded for an event has over `base` (alpha blending, rounded).
pub fn shaded(base: RGBColor) -> RGBColor {
    let mix = |a: u8, b: u8| {
        (f64::from(a) * (1.0 - REGION_ALPHA) + f64::from(b) * REGION_ALPHA).round() as u8
    };
    RGBColor(
        mix(base.0, EVENT.0),
        mix(base.1, EVENT.1),
        mix(base.2, EVENT.2),
    )
}

pub(crate) fn register_fonts() {
    static DONE: OnceLock<()> = OnceLock::new();
    DONE.get_or_init(|| {
        plotters::style::register_font(FAMILY, FontStyle::Normal, FONT)
            .ok()
            .expect("bundled font");
        plotters::style::register_font(FAMILY, FontStyle::Bold, FONT_BOLD)
            .ok()
            .expect("bundled font");
    });
}

pub(crate) fn rerr<E: std::fmt::Debug>(e: E) -> Error {
    Error::new(ErrorKind::Render(format!("{e:?}")), Location::default())
}

pub(crate) fn font(size: f64, bold: bool, colour: RGBColor) -> TextStyle<'static> {
    let style = if bold {
        FontStyle::Bold
    } else {
        FontStyle::Normal
    };
    TextStyle {
        font: (FAMILY, size, style).into_font(),
        color: colour.to_backend_color(),
        pos: Pos::default(),
    }
}

/// Width and height of `text` in pixels.
pub(crate) fn text_size(area: &Area<'_>, text: &str, style: &TextStyle<'_>) -> Result<(f64, f64)> {
    let (w, h) = area.estimate_text_size(text, style).map_err(rerr)?;
    Ok((f64::from(w), f64::from(h)))
}

/// Draws text with a white halo.
pub(crate) fn halo_text(
    area: &Area<'_>,
    text: &str,
    (x, y): (i32, i32),
    style: &TextStyle<'_>,
    halo: i32,
) -> Result<()> {
    let white = TextStyle {
        color: WHITE.to_backend_color(),
        ..style.clone()
    };
    for dx in -halo..=halo {
        for dy in -halo..=halo {
            if dx != 0 || dy != 0 {
                area.draw_text(text, &white, (x + dx, y + dy))
                    .map_err(rerr)?;
            }
        }
    }
    area.draw_text(text, style, (x, y)).map_err(rerr)
}

/// Plain text at a pixel position (top left).
pub(crate) fn text(
    area: &Area<'_>,
    s: &str,
    (x, y): (i32, i32),
    style: &TextStyle<'_>,
) -> Result<()> {
    area.draw_text(s, style, (x, y)).map_err(rerr)
}
