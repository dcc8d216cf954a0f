//! Map data from GeoJSON FeatureCollections written by eventmap (or edited in a GIS tool),
//! read through serde-derived structs (geometries are `geojson`'s). Only Point features are
//! drawn; a missing property takes its default. This is the one place that knows the written
//! property names.

use geo::Point;
use serde::de::DeserializeOwned;
use serde::Deserialize;

use super::model::{Evidence, MapEvent, MapPlace, EVIDENCE_PER_EVENT};
use crate::events::dates::PartialDate;
use crate::events::EventType;
use crate::gazetteer::Kind;
use crate::roles::Role;
use crate::text::Date;

#[derive(Deserialize)]
struct Collection<P> {
    features: Vec<Feature<P>>,
}

#[derive(Deserialize)]
struct Feature<P> {
    geometry: Option<geojson::Geometry>,
    properties: Option<P>,
}

#[derive(Deserialize, Default)]
struct PlaceProps {
    #[serde(default)]
    name: String,
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    mention_count: Option<u64>,
    #[serde(default)]
    role: Option<String>,
}

#[derive(Deserialize)]
struct EvidenceProps {
    #[serde(default)]
    doc: String,
    #[serde(default)]
    sentence: String,
    #[serde(default)]
    url: Option<String>,
}

#[derive(Deserialize, Default)]
struct EventProps {
    #[serde(default)]
    id: String,
    #[serde(default)]
    place: String,
    #[serde(default)]
    place_id: String,
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    geo_precision: Option<u8>,
    #[serde(default)]
    event_type: Option<String>,
    sub_event_type: Option<String>,
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    fatalities: Option<u32>,
    #[serde(default)]
    injured: Option<u32>,
    #[serde(default)]
    sources: Vec<String>,
    #[serde(default)]
    weapons: Vec<String>,
    #[serde(default)]
    evidence: Vec<EvidenceProps>,
}

/// `YYYY-MM-DD` or `--MM-DD` (year unknown).
pub fn parse_date(s: &str) -> Option<PartialDate> {
    if let Some(md) = s.strip_prefix("--") {
        let (m, d) = md.split_once('-')?;
        let (m, d) = (m.parse().ok()?, d.parse().ok()?);
        // Any leap year accepts every month-day that exists.
        Date::new(2000, m, d)?;
        return Some(PartialDate::MonthDay(m, d));
    }
    Date::parse_iso(s).map(PartialDate::Day)
}

/// The Point features of a FeatureCollection with their properties (others are skipped).
fn point_features<P: DeserializeOwned + Default>(text: &str) -> Result<Vec<(Point, P)>, String> {
    let c: Collection<P> = serde_json::from_str(text).map_err(|e| e.to_string())?;
    Ok(c.features
        .into_iter()
        .filter_map(|f| {
            let point = match &f.geometry?.value {
                // Only points on the globe: a position such as [1e20, 1e20] would make the
                // view (and the graticule over it) unbounded.
                geojson::Value::Point(c)
                    if c.len() >= 2
                        && (-180.0..=180.0).contains(&c[0])
                        && (-90.0..=90.0).contains(&c[1]) =>
                {
                    Point::new(c[0], c[1])
                }
                _ => return None,
            };
            Some((point, f.properties.unwrap_or_default()))
        })
        .collect())
}

/// Places from a FeatureCollection of eventmap's `places.geojson` shape.
pub fn places_from_geojson(text: &str) -> Result<Vec<MapPlace>, String> {
    let fs: Vec<(Point, PlaceProps)> = point_features(text)?;
    Ok(fs
        .into_iter()
        .map(|(point, f)| MapPlace {
            point,
            name: f.name,
            kind: f
                .kind
                .as_deref()
                .and_then(Kind::parse)
                .unwrap_or(Kind::Other),
            mentions: f.mention_count.unwrap_or(1) as usize,
            role: match f.role.as_deref() {
                Some("event") => Role::Event,
                Some("actor") => Role::Actor,
                _ => Role::Mention,
            },
        })
        .collect())
}

/// Events from a FeatureCollection of eventmap's `events.geojson` shape.
pub fn events_from_geojson(text: &str) -> Result<Vec<MapEvent>, String> {
    let fs: Vec<(Point, EventProps)> = point_features(text)?;
    Ok(fs
        .into_iter()
        .map(|(point, f)| {
            let kind = f
                .kind
                .as_deref()
                .and_then(Kind::parse)
                .unwrap_or(Kind::Other);
            MapEvent {
                point,
                id: f.id,
                place: f.place,
                place_id: f.place_id,
                kind,
                geo_precision: f
                    .geo_precision
                    .unwrap_or(if kind <= Kind::Admin2 { 3 } else { 1 }),
                // The sub-type names the type; older files carry only `event_type`.
                event_type: f
                    .sub_event_type
                    .as_deref()
                    .or(f.event_type.as_deref())
                    .and_then(EventType::parse)
                    .unwrap_or(EventType::Attack),
                date: f.date.as_deref().and_then(parse_date),
                fatalities: f.fatalities,
                injured: f.injured,
                sources: f.sources,
                weapons: f.weapons,
                evidence: f
                    .evidence
                    .into_iter()
                    .filter(|e| !e.sentence.is_empty())
                    .take(EVIDENCE_PER_EVENT)
                    .map(|e| Evidence {
                        doc: e.doc,
                        sentence: e.sentence,
                        url: e.url,
                    })
                    .collect(),
            }
        })
        .collect())
}

/// Places and (if given) events from eventmap's GeoJSON files.
pub fn map_data_from_geojson(
    places: &str,
    events: Option<&str>,
) -> Result<(Vec<MapPlace>, Vec<MapEvent>), String> {
    let ps = places_from_geojson(places)?;
    let es = match events {
        Some(t) => events_from_geojson(t)?,
        None => Vec::new(),
    };
    Ok((ps, es))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_committed_seed_outputs() {
        let places = include_str!("../../output/places.geojson");
        let events = include_str!("../../output/events.geojson");
        let (ps, es) = map_data_from_geojson(places, Some(events)).unwrap();
        assert!(ps
            .iter()
            .any(|p| p.name == "Kharkiv" && p.kind == Kind::City));
        let kharkiv = es
            .iter()
            .find(|e| e.place == "Shevchenkivskyi District")
            .unwrap();
        assert_eq!((kharkiv.fatalities, kharkiv.injured), (Some(2), Some(62)));
        assert_eq!(kharkiv.sources.len(), 5);
        assert!((kharkiv.point.x() - 36.225).abs() < 1e-3);
        let z = es
            .iter()
            .find(|e| e.place == "Zaporizhzhia Oblast")
            .unwrap();
        assert!(z.is_regional());
        assert_eq!(z.place_id, "geonames:687699");
        assert!(!z.evidence.is_empty() && z.evidence.len() <= EVIDENCE_PER_EVENT);
    }

    #[test]
    fn dates_and_bad_input() {
        assert!(matches!(
            parse_date("2024-01-02"),
            Some(PartialDate::Day(_))
        ));
        assert_eq!(parse_date("--12-30"), Some(PartialDate::MonthDay(12, 30)));
        assert_eq!(parse_date("--02-30"), None);
        assert_eq!(parse_date("soon"), None);
        assert!(places_from_geojson("{\"type\": \"Feature\"").is_err());
        // Non-point geometries are skipped, not fatal.
        let line = r#"{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"LineString","coordinates":[[0,0],[1,1]]},"properties":{"name":"a"}}]}"#;
        assert!(places_from_geojson(line).unwrap().is_empty());
        // An empty collection is empty, not an error; a collection without features is one.
        let empty = "{\"type\":\"FeatureCollection\",\"features\":[]}";
        assert!(events_from_geojson(empty).unwrap().is_empty());
        assert!(places_from_geojson("{\"type\": 3}").is_err());
    }
}
