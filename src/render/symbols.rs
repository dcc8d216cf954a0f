//! Event and place symbols and their labels, and the country names under them.
//!
//! An event at a point is a red burst whose area grows with the people killed and injured
//! ([`super::model::event_radius`]); a region-level event is its region shaded (drawn by
//! [`super::background`]) with its label inside. Places are circles (towns), squares
//! (divisions) or triangles (districts, landmarks), coloured by role, sized by mentions.

use geo::Point;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::background::basemap_for;
use super::labels::{marker_box, Anchor, Line, Placer};
use super::model::{event_radius, group_details, MapEvent, MapPlace};
use super::projection::Projection;
use super::regions::{label_point, EventRegion};
use super::style::{font, rerr, role_colour, text_size, Area, COUNTRY_NAME, EVENT, INK};
use crate::error::Result;
use crate::gazetteer::Kind;
use crate::roles::Role;

/// What one map (main or inset) draws on top of the background.
pub(crate) struct Layer<'a> {
    pub places: &'a [MapPlace],
    pub events: &'a [MapEvent],
    /// Per event, the region it is drawn as (`None`: a point).
    pub regions: &'a [Option<EventRegion>],
    /// Labels with the place only (a small inset has no room for more).
    pub short: bool,
}

/// What did not fit: places outside the frame and labels with no room.
#[derive(Default)]
pub(crate) struct Leftovers<'a> {
    pub outside: Vec<&'a MapPlace>,
    pub dropped: Vec<String>,
}

pub(crate) fn place_radius(mentions: usize) -> f64 {
    (4.0 + 2.5 * (mentions as f64).sqrt()).min(16.0)
}

pub(crate) fn draw_place_marker(
    area: &Area<'_>,
    kind: Kind,
    xy: (f64, f64),
    r: f64,
    c: RGBColor,
    s: f64,
) -> Result<()> {
    let outline = ShapeStyle::from(&WHITE).stroke_width((1.5 * s).max(1.0) as u32);
    match kind {
        Kind::Admin1 | Kind::Admin2 => {
            let fill = RGBAColor(c.0, c.1, c.2, 0.35).filled();
            let edge = ShapeStyle::from(&c).stroke_width((2.0 * s).max(1.0) as u32);
            draw_shape(area, kind, xy, r, fill, edge)
        }
        _ => draw_shape(area, kind, xy, r, c.filled(), outline),
    }
}

/// The legend's key to a kind: the place marker's shape, hollow, so that it reads as a shape
/// of any colour rather than as one more role colour.
pub(crate) fn draw_shape_key(
    area: &Area<'_>,
    kind: Kind,
    xy: (f64, f64),
    r: f64,
    s: f64,
) -> Result<()> {
    let edge = ShapeStyle::from(&INK).stroke_width((1.5 * s).max(1.0) as u32);
    draw_shape(area, kind, xy, r, WHITE.filled(), edge)
}

/// A kind's shape at `(x, y)` with radius `r` px: a square (divisions), a triangle (districts,
/// landmarks) or a circle, filled, then edged.
fn draw_shape(
    area: &Area<'_>,
    kind: Kind,
    (x, y): (f64, f64),
    r: f64,
    fill: ShapeStyle,
    edge: ShapeStyle,
) -> Result<()> {
    let (xi, yi, ri) = (x.round() as i32, y.round() as i32, r.round() as i32);
    match kind {
        Kind::Admin1 | Kind::Admin2 => {
            let corners = [(xi - ri, yi - ri), (xi + ri, yi + ri)];
            area.draw(&Rectangle::new(corners, fill)).map_err(rerr)?;
            area.draw(&Rectangle::new(corners, edge)).map_err(rerr)
        }
        Kind::District | Kind::Landmark => {
            let pts = vec![
                (xi, yi - ri),
                (xi + ri, yi + ri * 3 / 4),
                (xi - ri, yi + ri * 3 / 4),
            ];
            area.draw(&Polygon::new(pts.clone(), fill)).map_err(rerr)?;
            let mut closed = pts;
            closed.push((xi, yi - ri));
            area.draw(&PathElement::new(closed, edge)).map_err(rerr)
        }
        _ => {
            area.draw(&Circle::new((xi, yi), ri, fill)).map_err(rerr)?;
            area.draw(&Circle::new((xi, yi), ri, edge)).map_err(rerr)
        }
    }
}

/// A burst: an eight-pointed star.
pub(crate) fn draw_event_marker(area: &Area<'_>, (x, y): (f64, f64), r: f64, s: f64) -> Result<()> {
    let pts: Vec<(i32, i32)> = (0..16)
        .map(|i| {
            let a = std::f64::consts::PI * f64::from(i) / 8.0;
            let rr = if i % 2 == 0 { r } else { r * 0.5 };
            (
                (x + rr * a.sin()).round() as i32,
                (y - rr * a.cos()).round() as i32,
            )
        })
        .collect();
    area.draw(&Polygon::new(pts.clone(), EVENT.filled()))
        .map_err(rerr)?;
    let mut closed = pts.clone();
    closed.push(pts[0]);
    let edge = ShapeStyle::from(&WHITE).stroke_width((1.5 * s).max(1.0) as u32);
    area.draw(&PathElement::new(closed, edge)).map_err(rerr)
}

fn kind_rank(k: Kind) -> u8 {
    match k {
        Kind::City => 5,
        Kind::District => 4,
        Kind::Admin1 => 3,
        Kind::Landmark | Kind::Admin2 => 2,
        Kind::Country => 1,
        Kind::Island | Kind::Sea | Kind::River | Kind::Mountains | Kind::Region => 1,
        Kind::Other | Kind::Continent => 0,
    }
}

fn event_lines(e: &MapEvent, s: f64, short: bool) -> Vec<Line> {
    let mut lines = vec![(e.place.clone(), font(15.0 * s, true, EVENT))];
    if !short {
        lines.push((e.details(), font(13.0 * s, false, RGBColor(150, 20, 35))));
    }
    lines
}

/// Draws the event symbols, then places, then labels (events first, then places by
/// importance). Returns what did not fit.
pub(crate) fn draw_symbols<'p>(
    area: &Area<'_>,
    proj: &Projection,
    layer: &Layer<'p>,
    placer: &mut Placer,
    s: f64,
) -> Result<Leftovers<'p>> {
    let mut left = Leftovers::default();
    let mut labels: Vec<(Anchor, Vec<Line>, Option<String>)> = Vec::new();
    let mut place_labels = Vec::new();
    place_symbols(area, proj, layer, placer, s, &mut place_labels, &mut left)?;
    let (group_of, groups) = colocated(layer.events);
    for (i, (e, region)) in layer.events.iter().zip(layer.regions).enumerate() {
        // Events at one place share one label, on the first of them.
        let group = &groups[group_of[i]];
        if group.first() != Some(&i) && region.is_some() {
            continue;
        }
        let lead = group.first() == Some(&i);
        let (lines, full) = if group.len() > 1 {
            let members: Vec<&MapEvent> = group.iter().map(|&j| &layer.events[j]).collect();
            let details = group_details(&members);
            let mut lines = event_lines(e, s, true);
            if !layer.short {
                lines.push((
                    details.clone(),
                    font(13.0 * s, false, RGBColor(150, 20, 35)),
                ));
            }
            (lines, format!("{} · {details}", e.place))
        } else {
            (
                event_lines(e, s, layer.short),
                format!("{} · {}", e.place, e.details()),
            )
        };
        if let Some(region) = region {
            let spot = region
                .largest()
                .and_then(|sh| label_point(&sh.polygon, proj.bounds()))
                .filter(|p| proj.shows(*p));
            match spot {
                Some(p) => {
                    let (x, y) = proj.project(p);
                    labels.push((Anchor::Centred(x, y), lines, Some(full)));
                }
                None if region
                    .bbox()
                    .is_some_and(|b| geo::Intersects::intersects(&b, &proj.bounds())) =>
                {
                    left.dropped.push(full)
                }
                None => {}
            }
            continue;
        }
        let xy = proj.project(e.point);
        if !proj.frame.contains(xy) {
            continue;
        }
        let r = event_radius(e.size_measure()) * s;
        draw_event_marker(area, xy, r, s)?;
        placer.avoid(marker_box(xy.0, xy.1, r));
        if lead {
            labels.push((Anchor::Around(xy.0, xy.1, r), lines, Some(full)));
        }
    }
    labels.extend(place_labels);
    for (anchor, lines, name) in labels {
        if !placer.place(area, anchor, &lines)? {
            left.dropped.extend(name);
        }
    }
    Ok(left)
}

/// The events drawn at one place (same name, same point to about 10 m), as groups of
/// indexes in order, and each event's group; the first of a group carries its label.
fn colocated(events: &[MapEvent]) -> (Vec<usize>, Vec<Vec<usize>>) {
    fn key(e: &MapEvent) -> (&str, bool, i64, i64) {
        let q = |v: f64| (v * 1e4).round() as i64;
        (
            e.place.as_str(),
            e.is_regional(),
            q(e.point.x()),
            q(e.point.y()),
        )
    }
    let mut index = std::collections::HashMap::new();
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut of = Vec::with_capacity(events.len());
    for (i, e) in events.iter().enumerate() {
        let g = *index.entry(key(e)).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[g].push(i);
        of.push(g);
    }
    (of, groups)
}

fn place_symbols<'p>(
    area: &Area<'_>,
    proj: &Projection,
    layer: &Layer<'p>,
    placer: &mut Placer,
    s: f64,
    labels: &mut Vec<(Anchor, Vec<Line>, Option<String>)>,
    left: &mut Leftovers<'p>,
) -> Result<()> {
    let mut sorted: Vec<&MapPlace> = layer.places.iter().collect();
    sorted.sort_by(|a, b| {
        (b.role == Role::Event, b.mentions, kind_rank(b.kind))
            .cmp(&(a.role == Role::Event, a.mentions, kind_rank(a.kind)))
            .then(a.name.cmp(&b.name))
    });
    let view = proj.bounds();
    // Event positions sorted by longitude: a place looks only at those within 1e-6° of its
    // own, not at every event.
    let mut event_at: Vec<(f64, f64)> = layer
        .events
        .iter()
        .map(|e| (e.point.x(), e.point.y()))
        .collect();
    event_at.sort_by(|a, b| a.0.total_cmp(&b.0));
    let has_event = |p: Point| {
        let from = event_at.partition_point(|e| e.0 <= p.x() - 1e-6);
        event_at[from..]
            .iter()
            .take_while(|e| e.0 < p.x() + 1e-6)
            .any(|e| (e.0 - p.x()).abs() < 1e-6 && (e.1 - p.y()).abs() < 1e-6)
    };
    for p in sorted {
        let xy = proj.project(p.point);
        if !proj.frame.contains(xy) {
            let named = p.kind == Kind::Country && country_visible(proj, &p.name, view);
            if !named {
                left.outside.push(p);
            }
            continue;
        }
        if p.kind <= Kind::Country {
            continue; // named on the basemap
        }
        if has_event(p.point) {
            continue; // the event's symbol stands for it, and its label names it
        }
        let r = place_radius(p.mentions) * s;
        draw_place_marker(area, p.kind, xy, r, role_colour(p.role), s)?;
        placer.avoid(marker_box(xy.0, xy.1, r));
        let size = match p.kind {
            Kind::Admin1 | Kind::Admin2 => 15.0,
            Kind::District | Kind::Landmark => 14.0,
            _ => 16.0,
        } * s;
        let colour = if p.kind == Kind::Admin1 {
            RGBColor(120, 70, 20)
        } else {
            INK
        };
        let line = (p.name.clone(), font(size, p.role == Role::Event, colour));
        labels.push((
            Anchor::Around(xy.0, xy.1, r),
            vec![line],
            Some(p.name.clone()),
        ));
    }
    Ok(())
}

fn country_visible(proj: &Projection, name: &str, view: geo::Rect) -> bool {
    basemap_for(proj)
        .countries
        .iter()
        .filter(|c| c.name == name)
        .flat_map(|c| &c.shapes)
        .any(|sh| geo::Intersects::intersects(&sh.bbox, &view))
}

/// Names of countries holding a focus point or named in the text (regional views only),
/// large and quiet, placed before any other label. Returns whether any was drawn.
pub(crate) fn draw_country_names(
    area: &Area<'_>,
    proj: &Projection,
    places: &[MapPlace],
    focus: &[Point],
    placer: &mut Placer,
    s: f64,
) -> Result<bool> {
    let view = proj.bounds();
    let world = view.width() > super::background::WORLD_VIEW_DEG;
    let named_countries: std::collections::HashSet<&str> = places
        .iter()
        .filter(|p| p.kind == Kind::Country)
        .map(|p| p.name.as_str())
        .collect();
    let mut any = false;
    for c in &basemap_for(proj).countries {
        let Some(big) = c.shapes.iter().max_by(|a, b| a.area.total_cmp(&b.area)) else {
            continue;
        };
        let has_focus = focus
            .iter()
            .any(|p| geo::Contains::contains(&big.polygon, p));
        let named = !world && named_countries.contains(c.name.as_str());
        if !(has_focus || named) {
            continue;
        }
        let Some(p) = label_point(&big.polygon, view) else {
            continue;
        };
        let (x, y) = proj.project(p);
        if !proj.frame.contains((x, y)) {
            continue;
        }
        let size = if world { 13.0 } else { 22.0 };
        let st = font(size * s, true, COUNTRY_NAME).pos(Pos::new(HPos::Center, VPos::Center));
        let name = c.name.to_uppercase();
        let (tw, th) = text_size(area, &name, &st)?;
        area.draw_text(&name, &st, (x as i32, y as i32))
            .map_err(rerr)?;
        placer.taken(geo::Rect::new(
            geo::coord! { x: x - tw / 2.0, y: y - th / 2.0 },
            geo::coord! { x: x + tw / 2.0, y: y + th / 2.0 },
        ));
        any = true;
    }
    Ok(any)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::model::tests::event;

    /// Events at one place share a group (the first labels it); a district beside its city,
    /// a namesake elsewhere and a region event with the city's name do not join it.
    #[test]
    fn colocated_events_form_one_group() {
        let events = [
            event("Kharkiv", Kind::City, 36.25475, 49.98177),
            event("Shevchenkivskyi District", Kind::District, 36.225, 50.015),
            event("Kharkiv", Kind::City, 36.25475, 49.98177),
            event("Kharkiv", Kind::City, 30.0, 46.0),
            event("Kharkiv", Kind::Admin1, 36.25475, 49.98177),
            event("Kharkiv", Kind::City, 36.25475, 49.98177),
        ];
        let (of, groups) = colocated(&events);
        assert_eq!(groups, vec![vec![0, 2, 5], vec![1], vec![3], vec![4]]);
        assert_eq!(of, vec![0, 1, 0, 2, 3, 0]);
    }
}
