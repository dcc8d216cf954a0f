//! The interactive map: one self-contained HTML file (no network, no tile server). It embeds
//! Leaflet 1.9.4 (BSD-2-Clause, from npm, see `data/web/`), eventmap's own script and style,
//! the Natural Earth countries (1:50m, simplified to about 3 km) and first-level boundaries
//! around the events as inline GeoJSON, and the events and places. Events and places are
//! layers; each event's popup shows its date, type, casualties, sources, weapons and evidence
//! sentences with links where the input gave URLs; a panel filters by date range and event
//! type, and a time slider shows the events up to a day. The same input gives the same bytes.
//!
//! ```
//! use eventmap::render::{html, MapOptions};
//! let page = html::render_html(&[], &[], &MapOptions::default());
//! assert!(page.starts_with("<!DOCTYPE html>"));
//! assert!(!page.contains("<script src"));
//! ```

use geo::{BoundingRect, Intersects, LineString, MultiPoint, Point, Rect, Simplify};
use serde::Serialize;
use serde_json::{json, Value};

use super::basemap;
use super::model::{content_title, type_name, MapEvent, MapPlace};
use super::options::MapOptions;
use super::regions::event_region;
use super::ATTRIBUTION;
use crate::events::dates::PartialDate;

static LEAFLET_JS: &str = include_str!("../../data/web/leaflet.js");
static LEAFLET_CSS: &str = include_str!("../../data/web/leaflet.css");
static MAP_JS: &str = include_str!("../../data/web/map.js");
static MAP_CSS: &str = include_str!("../../data/web/map.css");

/// Simplification tolerance for the inline basemap, degrees (about 3 km).
const SIMPLIFY_DEG: f64 = 0.03;

#[derive(Serialize)]
struct EvidenceOut<'a> {
    doc: &'a str,
    sentence: &'a str,
    url: Option<&'a str>,
}

#[derive(Serialize)]
struct EventOut<'a> {
    id: &'a str,
    place: &'a str,
    kind: &'a str,
    #[serde(rename = "type")]
    event_type: &'a str,
    type_label: String,
    /// `YYYY-MM-DD` for a full date (the filters use it), else `None`.
    date: Option<String>,
    date_label: Option<String>,
    lon: f64,
    lat: f64,
    regional: bool,
    killed: Option<u32>,
    injured: Option<u32>,
    casualties: Option<String>,
    radius: f64,
    sources: &'a [String],
    weapons: &'a [String],
    evidence: Vec<EvidenceOut<'a>>,
}

#[derive(Serialize)]
struct PlaceOut<'a> {
    name: &'a str,
    kind: &'a str,
    role: &'a str,
    mentions: usize,
    lon: f64,
    lat: f64,
}

fn r4(x: f64) -> f64 {
    (x * 1e4).round() / 1e4
}

fn ring_json(line: &LineString<f64>) -> Value {
    let simple = line.simplify(&SIMPLIFY_DEG);
    Value::Array(
        simple
            .coords()
            .map(|c| json!([(c.x * 1e3).round() / 1e3, (c.y * 1e3).round() / 1e3]))
            .collect(),
    )
}

fn polygon_feature(rings: Vec<Value>, props: Value) -> Value {
    json!({"type": "Feature", "properties": props, "geometry": {"type": "Polygon", "coordinates": rings}})
}

/// Countries as a FeatureCollection of simplified exterior rings.
fn countries_json() -> Value {
    let mut features = Vec::new();
    for c in &basemap::detailed().countries {
        for sh in &c.shapes {
            let ring = ring_json(sh.polygon.exterior());
            if ring.as_array().is_some_and(|r| r.len() >= 4) {
                features.push(polygon_feature(vec![ring], json!({"name": c.name})));
            }
        }
    }
    json!({"type": "FeatureCollection", "features": features})
}

/// First-level boundaries within `area`, as one MultiLineString feature.
fn admin1_json(area: Option<Rect>) -> Value {
    let lines: Vec<Value> = match area {
        None => Vec::new(),
        Some(a) => basemap::admin1()
            .boundaries
            .iter()
            .filter(|l| l.bbox.intersects(&a))
            .map(|l| ring_json(&l.line))
            .collect(),
    };
    json!({"type": "Feature", "properties": {}, "geometry": {"type": "MultiLineString", "coordinates": lines}})
}

fn event_out(e: &MapEvent, regional: bool) -> EventOut<'_> {
    EventOut {
        id: &e.id,
        place: &e.place,
        kind: e.kind.as_str(),
        event_type: e.event_type.as_str(),
        type_label: type_name(e.event_type),
        date: match e.date {
            Some(PartialDate::Day(d)) => Some(d.to_string()),
            _ => None,
        },
        date_label: e.date.map(super::model::format_date),
        lon: r4(e.point.x()),
        lat: r4(e.point.y()),
        regional,
        killed: e.fatalities,
        injured: e.injured,
        casualties: e.casualties(),
        radius: super::model::event_radius(e.size_measure()),
        sources: &e.sources,
        weapons: &e.weapons,
        evidence: e
            .evidence
            .iter()
            .map(|v| EvidenceOut {
                doc: &v.doc,
                sentence: &v.sentence,
                url: v
                    .url
                    .as_deref()
                    .filter(|u| u.starts_with("https://") || u.starts_with("http://")),
            })
            .collect(),
    }
}

/// The data the page's script draws, as JSON.
fn page_data(places: &[MapPlace], events: &[MapEvent], title: &str) -> Value {
    let mut regions = Vec::new();
    let mut evs = Vec::new();
    for e in events {
        let region = event_region(e);
        if let Some(r) = &region {
            for sh in &r.shapes {
                let mut rings = vec![ring_json(sh.polygon.exterior())];
                rings.extend(sh.polygon.interiors().iter().map(ring_json));
                regions.push(polygon_feature(rings, json!({"event": e.id})));
            }
        }
        evs.push(event_out(e, region.is_some()));
    }
    let ps: Vec<PlaceOut> = places
        .iter()
        .map(|p| PlaceOut {
            name: &p.name,
            kind: p.kind.as_str(),
            role: p.role.as_str(),
            mentions: p.mentions,
            lon: r4(p.point.x()),
            lat: r4(p.point.y()),
        })
        .collect();
    let focus: Vec<Point> = events.iter().map(|e| e.point).collect();
    let area = MultiPoint::from(focus).bounding_rect().map(|b| {
        Rect::new(
            geo::coord! { x: b.min().x - 8.0, y: b.min().y - 6.0 },
            geo::coord! { x: b.max().x + 8.0, y: b.max().y + 6.0 },
        )
    });
    json!({
        "title": title,
        "attribution": ATTRIBUTION,
        "events": evs,
        "places": ps,
        "regions": {"type": "FeatureCollection", "features": regions},
        "countries": countries_json(),
        "admin1": admin1_json(area),
    })
}

fn escape_html(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The page: one HTML file with everything inline.
pub fn render_html(places: &[MapPlace], events: &[MapEvent], opts: &MapOptions) -> String {
    let title = opts
        .title
        .clone()
        .unwrap_or_else(|| content_title(events, places));
    // `<` escaped so no text in the data can close the script element.
    let data = page_data(places, events, &title)
        .to_string()
        .replace('<', "\\u003c");
    let mut page = String::with_capacity(data.len() + LEAFLET_JS.len() + 20_000);
    page.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    page.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    page.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:\">\n");
    page.push_str(&format!("<title>{}</title>\n", escape_html(&title)));
    for css in [LEAFLET_CSS, MAP_CSS] {
        page.push_str("<style>\n");
        page.push_str(css);
        page.push_str("\n</style>\n");
    }
    page.push_str("</head>\n<body>\n<div id=\"map\"></div>\n<pre id=\"em-status\" hidden></pre>\n");
    page.push_str("<script type=\"application/json\" id=\"em-data\">");
    page.push_str(&data);
    page.push_str("</script>\n");
    for js in [LEAFLET_JS, MAP_JS] {
        page.push_str("<script>\n");
        page.push_str(js);
        page.push_str("\n</script>\n");
    }
    page.push_str("</body>\n</html>\n");
    page
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::Kind;
    use crate::render::model::tests::event;
    use crate::render::model::Evidence;

    #[test]
    fn page_is_self_contained_and_deterministic() {
        let mut e = event("Odesa Oblast", Kind::Admin1, 29.80864, 46.88964);
        e.place_id = "geonames:698738".into();
        e.evidence.push(Evidence {
            doc: "d1".into(),
            sentence: "A strike </script><script>alert(1)</script> hit Odesa Oblast.".into(),
            url: Some("javascript:alert(1)".into()),
        });
        let k = event("Kharkiv", Kind::City, 36.25, 49.98);
        let opts = MapOptions::default();
        let page = render_html(&[], &[e.clone(), k.clone()], &opts);
        assert_eq!(page, render_html(&[], &[e, k], &opts));
        // Nothing to fetch: no external script, style, image or font.
        for needle in [
            "<script src",
            "<link",
            "@import",
            "sourceMappingURL",
            "<img",
        ] {
            assert!(!page.contains(needle), "{needle}");
        }
        for style in page.split("<style>").skip(1) {
            let css = &style[..style.find("</style>").unwrap()];
            assert!(!css.contains("url("), "a style refers to a file");
        }
        // Hostile text cannot end the data block, and a script URL is not a link.
        assert_eq!(page.matches("</script>").count(), 3);
        assert!(!page.contains("javascript:alert"));
        let start = page.find("id=\"em-data\">").unwrap() + "id=\"em-data\">".len();
        let end = start + page[start..].find("</script>").unwrap();
        let data: Value = serde_json::from_str(&page[start..end]).unwrap();
        assert_eq!(data["events"].as_array().unwrap().len(), 2);
        assert_eq!(data["events"][0]["regional"], true);
        assert_eq!(data["events"][1]["regional"], false);
        assert_eq!(data["regions"]["features"][0]["properties"]["event"], "E1");
        assert!(data["countries"]["features"].as_array().unwrap().len() > 200);
        assert!(!data["admin1"]["geometry"]["coordinates"]
            .as_array()
            .unwrap()
            .is_empty());
        assert!(page.len() < 3_000_000, "{} bytes", page.len());
    }
}
