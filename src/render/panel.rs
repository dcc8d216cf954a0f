//! The side panel: a legend listing only what the map shows, the detail inset, the places
//! mentioned outside the map and the labels that found no room on it.

use plotters::prelude::*;

use super::background::{draw_background, draw_scale_bar, Background};
use super::inset::Inset;
use super::labels::Placer;
use super::model::{event_radius, MapPlace};
use super::options::MapOptions;
use super::projection::{sizes, Frame, Projection};
use super::style::{
    font, rerr, role_colour, shaded, text, text_size, Area, EVENT, INK, LAND_FOCUS, MUTED,
};
use super::symbols::{
    draw_event_marker, draw_place_marker, draw_shape_key, draw_symbols, Layer, Leftovers,
};
use crate::error::Result;
use crate::gazetteer::Kind;
use crate::roles::Role;

/// What the main map ended up showing, for a legend that is true for it.
#[derive(Default)]
pub(crate) struct Shown {
    pub point_events: bool,
    pub region_events: bool,
    pub roles: Vec<Role>,
    pub kinds: Vec<Kind>,
    /// Dots stand for countries or other places that are not towns, too (in the lists).
    pub non_city_dots: bool,
    /// Country names drawn, and whether the view is a world view (names of countries with
    /// events only).
    pub country_names: Option<bool>,
}

impl Shown {
    /// Notes a place marker drawn on the map or in the side panel's lists: its colour (role)
    /// and its shape (kind) then need a legend entry.
    pub fn add_place(&mut self, role: Role, kind: Kind) {
        if !self.roles.contains(&role) {
            self.roles.push(role);
        }
        let shape = match kind {
            Kind::Admin1 | Kind::Admin2 => Kind::Admin1,
            Kind::District | Kind::Landmark => Kind::District,
            _ => Kind::City,
        };
        if !self.kinds.contains(&shape) {
            self.kinds.push(shape);
        }
        self.non_city_dots |= shape == Kind::City && kind != Kind::City;
    }
}

pub(crate) struct Panel<'a> {
    pub shown: Shown,
    pub inset: Option<(&'a Inset, Layer<'a>)>,
    /// Whether the inset's box is drawn on the main map.
    pub inset_marked: bool,
    pub focus: &'a [geo::Point],
    pub left: Leftovers<'a>,
}

struct Cursor<'a, 'b> {
    area: &'a Area<'b>,
    x: i32,
    y: i32,
    s: f64,
    bottom: i32,
}

impl Cursor<'_, '_> {
    fn px(&self, v: f64) -> i32 {
        (v * self.s).round() as i32
    }
    fn heading(&mut self, t: &str) -> Result<()> {
        text(
            self.area,
            t,
            (self.x, self.y),
            &font(16.0 * self.s, true, INK),
        )?;
        self.y += self.px(26.0);
        Ok(())
    }
    fn note(&mut self, t: &str) -> Result<()> {
        text(
            self.area,
            t,
            (self.x, self.y),
            &font(12.0 * self.s, false, MUTED),
        )?;
        self.y += self.px(20.0);
        Ok(())
    }
    /// A legend row: the symbol is drawn by `symbol` at the row's centre.
    fn item(&mut self, label: &str, symbol: impl FnOnce((f64, f64)) -> Result<()>) -> Result<()> {
        let c = (
            f64::from(self.x) + 10.0 * self.s,
            f64::from(self.y) + 8.0 * self.s,
        );
        symbol(c)?;
        let st = font(14.0 * self.s, false, INK);
        let room = f64::from(self.px(sizes::PANEL_W - 50.0));
        let label = fit_text(self.area, label, &st, room)?;
        text(self.area, &label, (self.x + self.px(28.0), self.y), &st)?;
        self.y += self.px(22.0);
        Ok(())
    }
}

/// `t`, cut with an ellipsis to fit `room` pixels.
fn fit_text(area: &Area<'_>, t: &str, st: &TextStyle<'_>, room: f64) -> Result<String> {
    if text_size(area, t, st)?.0 <= room {
        return Ok(t.to_string());
    }
    let chars: Vec<char> = t.chars().collect();
    let mut n = chars.len();
    while n > 1 {
        n -= 1;
        let cut: String = chars[..n].iter().collect::<String>().trim_end().to_string() + "…";
        if text_size(area, &cut, st)?.0 <= room {
            return Ok(cut);
        }
    }
    Ok("…".into())
}

fn legend(c: &mut Cursor<'_, '_>, shown: &Shown) -> Result<()> {
    let s = c.s;
    text(c.area, "Legend", (c.x, c.y), &font(17.0 * s, true, INK))?;
    c.y += c.px(28.0);
    if shown.point_events {
        c.item("Event: place, date · type · casualties", |p| {
            draw_event_marker(c.area, p, 10.0 * s, s)
        })?;
        let (small, big) = (event_radius(0), event_radius(100));
        c.item("Area grows with killed + injured", |(x, y)| {
            // Two bursts in the ratio of no figures to 100 people, at half size.
            draw_event_marker(c.area, (x - 6.0 * s, y), small * 0.45 * s, s)?;
            draw_event_marker(c.area, (x + 8.0 * s, y), big * 0.36 * s, s)
        })?;
    }
    if shown.region_events {
        c.item("Event known only to its region", |(x, y)| {
            let r = 9.0 * s;
            let corners = [
                ((x - r) as i32, (y - r * 0.7) as i32),
                ((x + r) as i32, (y + r * 0.7) as i32),
            ];
            c.area
                .draw(&Rectangle::new(corners, shaded(LAND_FOCUS).filled()))
                .map_err(rerr)?;
            c.area
                .draw(&Rectangle::new(
                    corners,
                    ShapeStyle::from(&EVENT).stroke_width((1.5 * s) as u32),
                ))
                .map_err(rerr)
        })?;
    }
    for (role, label) in [
        (Role::Event, "Colour: place where something happened"),
        (Role::Actor, "Colour: government speaking or acting"),
        (Role::Mention, "Colour: other mention"),
    ] {
        if shown.roles.contains(&role) {
            c.item(label, |p| {
                draw_place_marker(c.area, Kind::City, p, 7.0 * s, role_colour(role), s)
            })?;
        }
    }
    let dots = match shown.non_city_dots {
        true => "Shape: city, town, country or other",
        false => "Shape: city or town",
    };
    for (kind, label) in [
        (Kind::City, dots),
        (Kind::Admin1, "Shape: region (oblast, state, province)"),
        (Kind::District, "Shape: city district or landmark"),
    ] {
        if shown.kinds.contains(&kind) {
            c.item(label, |p| draw_shape_key(c.area, kind, p, 7.0 * s, s))?;
        }
    }
    if !shown.roles.is_empty() {
        c.note("Place marker size grows with the number of mentions.")?;
    }
    match shown.country_names {
        Some(true) => c.note("Country names: countries with events.")?,
        Some(false) => c.note("Country names: countries with events or named.")?,
        None => {}
    }
    c.y += c.px(14.0);
    Ok(())
}

fn draw_inset(
    c: &mut Cursor<'_, '_>,
    inset: &Inset,
    layer: &Layer<'_>,
    focus: &[geo::Point],
    marked: bool,
) -> Result<()> {
    let s = c.s;
    c.heading("Detail")?;
    let st = font(14.0 * s, true, INK);
    let room = f64::from(c.px(sizes::PANEL_W - 20.0));
    text(
        c.area,
        &fit_text(c.area, &inset.title, &st, room)?,
        (c.x, c.y - c.px(4.0)),
        &st,
    )?;
    c.y += c.px(16.0);
    let sub = match marked {
        true => format!("{:.0} km across, the box on the map", inset.km),
        false => format!("{:.0} km across", inset.km),
    };
    c.note(&sub)?;
    let frame = Frame {
        left: c.x,
        top: c.y,
        width: c.px(300.0),
        height: c.px(230.0),
    };
    let proj = Projection::fit(inset.bbox, frame);
    let regions: Vec<_> = layer.regions.iter().flatten().cloned().collect();
    let bg = Background {
        focus,
        regions: &regions,
        graticule: false,
    };
    draw_background(c.area, &proj, &bg, s)?;
    draw_symbols(c.area, &proj, layer, &mut Placer::new(frame, s), s)?;
    let corners = [
        (frame.left, frame.top),
        (frame.left + frame.width, frame.top + frame.height),
    ];
    c.area
        .draw(&Rectangle::new(
            corners,
            ShapeStyle::from(&MUTED).stroke_width(1),
        ))
        .map_err(rerr)?;
    draw_scale_bar(c.area, &proj, s * 0.8)?;
    c.y += frame.height + c.px(30.0);
    Ok(())
}

/// Lines of a list, as many as fit above the bottom, then "… and N more".
fn list(
    c: &mut Cursor<'_, '_>,
    title: &str,
    rows: &[(String, Option<(&MapPlace, RGBColor)>)],
) -> Result<()> {
    if rows.is_empty() || c.y + c.px(60.0) > c.bottom {
        return Ok(());
    }
    c.heading(title)?;
    let s = c.s;
    for (i, (label, marker)) in rows.iter().enumerate() {
        if c.y + c.px(22.0) > c.bottom {
            let rest = format!("… and {} more", rows.len() - i);
            let at = (c.x + c.px(28.0), c.y);
            text(c.area, &rest, at, &font(13.0 * s, false, MUTED))?;
            c.y += c.px(22.0);
            break;
        }
        c.item(label, |p| match marker {
            Some((place, colour)) => draw_place_marker(c.area, place.kind, p, 5.0 * s, *colour, s),
            None => Ok(()),
        })?;
    }
    c.y += c.px(10.0);
    Ok(())
}

pub(crate) fn draw_panel(area: &Area<'_>, opts: &MapOptions, panel: &Panel<'_>) -> Result<()> {
    let s = opts.scale;
    let (w, h) = opts.pixels();
    let mut c = Cursor {
        area,
        x: w as i32 - ((sizes::PANEL_W - 8.0) * s).round() as i32,
        y: (sizes::TITLE_H * s).round() as i32 - (6.0 * s) as i32,
        s,
        bottom: h as i32 - ((sizes::FOOT_H + 10.0) * s).round() as i32,
    };
    legend(&mut c, &panel.shown)?;
    if let Some((inset, layer)) = &panel.inset {
        draw_inset(&mut c, inset, layer, panel.focus, panel.inset_marked)?;
    }
    let dropped: Vec<_> = panel
        .left
        .dropped
        .iter()
        .map(|d| (d.clone(), None))
        .collect();
    list(&mut c, "Not labelled on the map (no room)", &dropped)?;
    let outside: Vec<_> = panel
        .left
        .outside
        .iter()
        .map(|p| {
            let label = format!("{} ({}×, {})", p.name, p.mentions, p.kind.as_str());
            (label, Some((*p, role_colour(p.role))))
        })
        .collect();
    list(&mut c, "Also mentioned (outside the map)", &outside)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Markers in the side panel's lists need legend entries too: a government's capital
    /// listed outside the map is purple, a landmark a triangle, a country a dot.
    /// Markers noted; then the legend's roles, shapes and whether dots stand for non-towns.
    type Case = (
        &'static [(Role, Kind)],
        &'static [Role],
        &'static [Kind],
        bool,
    );

    #[test]
    fn listed_places_get_legend_entries_for_their_colour_and_shape() {
        let cases: [Case; 4] = [
            (
                &[(Role::Event, Kind::City)],
                &[Role::Event],
                &[Kind::City],
                false,
            ),
            (
                &[(Role::Actor, Kind::City), (Role::Mention, Kind::Landmark)],
                &[Role::Actor, Role::Mention],
                &[Kind::City, Kind::District],
                false,
            ),
            (
                &[(Role::Mention, Kind::Country)],
                &[Role::Mention],
                &[Kind::City],
                true,
            ),
            (
                &[(Role::Event, Kind::Admin2), (Role::Event, Kind::Admin1)],
                &[Role::Event],
                &[Kind::Admin1],
                false,
            ),
        ];
        for (places, roles, kinds, other_dots) in cases {
            let mut sh = Shown::default();
            for &(role, kind) in places {
                sh.add_place(role, kind);
            }
            assert_eq!(sh.roles, roles, "{places:?}");
            assert_eq!(sh.kinds, kinds, "{places:?}");
            assert_eq!(sh.non_city_dots, other_dots, "{places:?}");
        }
    }
}
