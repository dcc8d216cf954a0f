//! The map under the symbols: sea, land (lighter for countries holding events), regions
//! shaded for region-level events, graticule, first-level boundaries, coastlines and borders;
//! and the furniture around it: degree labels and a scale bar.

use geo::{Contains, Intersects, LineString, Point, Rect};
use plotters::prelude::*;

use super::basemap::{self, Basemap, Line};
use super::projection::Projection;
use super::regions::EventRegion;
use super::style::{
    font, halo_text, rerr, shaded, text, Area, ADMIN1, BORDER, COAST, EVENT, GRID, INK, LAND,
    LAND_FOCUS, MUTED, SEA,
};
use crate::error::Result;

/// Views wider than this many degrees use the 1:110m countries and no first-level boundaries.
pub const WORLD_VIEW_DEG: f64 = 60.0;

/// The world basemap for wide views, the detailed one otherwise.
pub fn basemap_for(proj: &Projection) -> &'static Basemap {
    if proj.bounds().width() > WORLD_VIEW_DEG {
        basemap::world()
    } else {
        basemap::detailed()
    }
}

/// What the background shows besides the countries.
pub(crate) struct Background<'a> {
    /// Points whose countries are drawn lighter.
    pub focus: &'a [Point],
    /// Regions to shade.
    pub regions: &'a [EventRegion],
    /// Whether to draw the graticule.
    pub graticule: bool,
}

/// Longitude shifts under which a box shows inside the view (copies across the antimeridian).
fn shifts(view: Rect, bbox: Rect) -> impl Iterator<Item = f64> {
    [-360.0, 0.0, 360.0].into_iter().filter(move |&d| {
        bbox.max().x + d >= view.min().x
            && bbox.min().x + d <= view.max().x
            && bbox.max().y >= view.min().y
            && bbox.min().y <= view.max().y
    })
}

fn pixels(proj: &Projection, ring: &LineString<f64>, shift: f64) -> Vec<(i32, i32)> {
    let (l, t) = (f64::from(proj.frame.left), f64::from(proj.frame.top));
    ring.coords()
        .map(|c| {
            let (x, y) = proj.project(Point::new(c.x + shift, c.y));
            ((x - l).round() as i32, (y - t).round() as i32)
        })
        .collect()
}

/// The map area: the frame as its own drawing area (pixels relative to the frame).
fn frame_area<'a>(area: &Area<'a>, proj: &Projection) -> Area<'a> {
    let f = proj.frame;
    area.clone().shrink(
        (f.left as u32, f.top as u32),
        (f.width as u32, f.height as u32),
    )
}

/// Draws the background. Returns the graticule step in degrees.
pub(crate) fn draw_background(
    area: &Area<'_>,
    proj: &Projection,
    bg: &Background<'_>,
    s: f64,
) -> Result<f64> {
    let map = frame_area(area, proj);
    map.fill(&SEA).map_err(rerr)?;
    let view = proj.bounds();
    let base = basemap_for(proj);
    let mut shapes: Vec<(&basemap::Shape, bool)> = Vec::new();
    for c in &base.countries {
        let focus = c.shapes.iter().any(|sh| {
            bg.focus
                .iter()
                .any(|p| sh.bbox.intersects(p) && sh.polygon.contains(p))
        });
        shapes.extend(c.shapes.iter().map(|sh| (sh, focus)));
    }
    shapes.sort_by(|a, b| b.0.area.total_cmp(&a.0.area));
    for &(sh, focus) in &shapes {
        for d in shifts(view, sh.bbox) {
            let fill = if focus { LAND_FOCUS } else { LAND };
            map.draw(&Polygon::new(
                pixels(proj, sh.polygon.exterior(), d),
                fill.filled(),
            ))
            .map_err(rerr)?;
        }
    }
    shade_regions(&map, proj, bg.regions, false, s)?;
    let step = graticule_step(view);
    if bg.graticule {
        draw_graticule(&map, proj, step)?;
    }
    let thin = (0.8 * s).max(1.0) as u32;
    if view.width() <= WORLD_VIEW_DEG {
        draw_lines(&map, proj, &basemap::admin1().boundaries, ADMIN1, thin)?;
    }
    let line_w = (1.0 * s).max(1.0) as u32;
    draw_lines(&map, proj, &base.coasts, COAST, line_w)?;
    draw_lines(&map, proj, &base.borders, BORDER, line_w)?;
    shade_regions(&map, proj, bg.regions, true, s)?;
    Ok(step)
}

/// Fills each region (holes in the land colour) or, with `outline`, draws its edge.
fn shade_regions(
    map: &Area<'_>,
    proj: &Projection,
    regions: &[EventRegion],
    outline: bool,
    s: f64,
) -> Result<()> {
    let view = proj.bounds();
    let edge = ShapeStyle::from(&EVENT).stroke_width((1.5 * s).max(1.0) as u32);
    for sh in regions.iter().flat_map(|r| &r.shapes) {
        for d in shifts(view, sh.bbox) {
            let mut ext = pixels(proj, sh.polygon.exterior(), d);
            if outline {
                ext.push(ext[0]);
                map.draw(&PathElement::new(ext, edge)).map_err(rerr)?;
                continue;
            }
            map.draw(&Polygon::new(ext, shaded(LAND_FOCUS).filled()))
                .map_err(rerr)?;
            for hole in sh.polygon.interiors() {
                map.draw(&Polygon::new(pixels(proj, hole, d), LAND_FOCUS.filled()))
                    .map_err(rerr)?;
            }
        }
    }
    Ok(())
}

fn draw_lines(
    map: &Area<'_>,
    proj: &Projection,
    lines: &[Line],
    colour: RGBColor,
    width: u32,
) -> Result<()> {
    let view = proj.bounds();
    let style = ShapeStyle::from(&colour).stroke_width(width);
    for l in lines {
        for d in shifts(view, l.bbox) {
            map.draw(&PathElement::new(pixels(proj, &l.line, d), style))
                .map_err(rerr)?;
        }
    }
    Ok(())
}

fn graticule_step(view: Rect) -> f64 {
    [0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 30.0]
        .into_iter()
        .find(|st| view.width() / st <= 10.0)
        .unwrap_or(30.0)
}

fn draw_graticule(map: &Area<'_>, proj: &Projection, step: f64) -> Result<()> {
    let view = proj.bounds();
    let grid = ShapeStyle::from(&GRID).stroke_width(1);
    let (w, so, e, n) = (view.min().x, view.min().y, view.max().x, view.max().y);
    let mut lon = (w / step).ceil() * step;
    while lon <= e {
        let pts: Vec<_> = (0..=40)
            .map(|i| (lon, so + (n - so) * f64::from(i) / 40.0).into())
            .collect();
        map.draw(&PathElement::new(
            pixels(proj, &LineString::new(pts), 0.0),
            grid,
        ))
        .map_err(rerr)?;
        lon += step;
    }
    let mut lat = (so / step).ceil() * step;
    while lat <= n {
        let line = LineString::from(vec![(w, lat), (e, lat)]);
        map.draw(&PathElement::new(pixels(proj, &line, 0.0), grid))
            .map_err(rerr)?;
        lat += step;
    }
    Ok(())
}

/// Degree labels along the bottom and left edges of the frame.
pub(crate) fn draw_degree_labels(
    area: &Area<'_>,
    proj: &Projection,
    step: f64,
    s: f64,
) -> Result<()> {
    let view = proj.bounds();
    let f = proj.frame;
    let st = font(11.0 * s, false, MUTED);
    let fmt = |v: f64, pos: char, neg: char| {
        let d = if step < 1.0 {
            format!("{:.1}", v.abs())
        } else {
            format!("{:.0}", v.abs())
        };
        format!("{d}°{}", if v >= 0.0 { pos } else { neg })
    };
    let mut lon = (view.min().x / step).ceil() * step;
    while lon <= view.max().x {
        let (x, _) = proj.project(Point::new(lon, view.max().y));
        if x > f64::from(f.left) + 20.0 * s && x < f64::from(f.left + f.width) - 30.0 * s {
            let y = f.top + f.height - (16.0 * s) as i32;
            halo_text(area, &fmt(lon, 'E', 'W'), (x as i32 + 3, y), &st, 1)?;
        }
        lon += step;
    }
    let mut lat = (view.min().y / step).ceil() * step;
    while lat <= view.max().y {
        let (_, y) = proj.project(Point::new(view.min().x, lat));
        if y > f64::from(f.top) + 15.0 * s && y < f64::from(f.top + f.height) - 25.0 * s {
            let pos = (f.left + 4, y as i32 - (14.0 * s) as i32);
            halo_text(area, &fmt(lat, 'N', 'S'), pos, &st, 1)?;
        }
        lat += step;
    }
    Ok(())
}

/// A scale bar in km at the bottom right of the frame, for the centre latitude.
pub(crate) fn draw_scale_bar(area: &Area<'_>, proj: &Projection, s: f64) -> Result<()> {
    let f = proj.frame;
    let km_per_px = proj.km_per_px(proj.bounds().center().y);
    let target = km_per_px * f64::from(f.width) / 5.0;
    let nice = [
        1.0, 2.0, 5.0, 10.0, 20.0, 25.0, 50.0, 100.0, 200.0, 250.0, 500.0, 1000.0, 2000.0, 5000.0,
    ]
    .into_iter()
    .rev()
    .find(|&v| v <= target)
    .unwrap_or(1.0);
    let len = (nice / km_per_px).round() as i32;
    let x = f.left + f.width - len - (20.0 * s) as i32;
    let y = f.top + f.height - (30.0 * s) as i32;
    let h = (6.0 * s) as i32;
    let back = RGBAColor(255, 255, 255, 0.8).filled();
    area.draw(&Rectangle::new(
        [(x - 6, y - (20.0 * s) as i32), (x + len + 6, y + h + 4)],
        back,
    ))
    .map_err(rerr)?;
    area.draw(&Rectangle::new(
        [(x, y), (x + len / 2, y + h)],
        INK.filled(),
    ))
    .map_err(rerr)?;
    area.draw(&Rectangle::new(
        [(x + len / 2, y), (x + len, y + h)],
        WHITE.filled(),
    ))
    .map_err(rerr)?;
    area.draw(&Rectangle::new(
        [(x, y), (x + len, y + h)],
        ShapeStyle::from(&INK).stroke_width(1),
    ))
    .map_err(rerr)?;
    text(
        area,
        &format!("{nice:.0} km"),
        (x, y - (16.0 * s) as i32),
        &font(12.0 * s, false, INK),
    )
}
