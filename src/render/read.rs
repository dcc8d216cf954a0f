//! Map data from GeoJSON FeatureCollections written by eventmap (or edited in a GIS tool),
//! read through the schema's own property structs ([`crate::output::schema`], the one place
//! that defines the written names). Only Point features on the globe are drawn; a missing
//! property takes its default.

use geo::Point;

use super::model::{Evidence, MapEvent, MapPlace, EVIDENCE_PER_EVENT};
use crate::gazetteer::Kind;
use crate::output::schema::{read_points, EventProperties, PlaceProperties};

/// Places from a FeatureCollection of eventmap's `places.geojson` shape.
pub fn places_from_geojson(text: &str) -> Result<Vec<MapPlace>, String> {
    let fs: Vec<(Point, PlaceProperties)> = read_points(text).map_err(|e| e.to_string())?;
    Ok(fs
        .into_iter()
        .map(|(point, f)| MapPlace {
            point,
            name: f.name,
            kind: f.kind,
            mentions: usize::try_from(f.mention_count).unwrap_or(usize::MAX),
            role: f.role,
        })
        .collect())
}

/// Events from a FeatureCollection of eventmap's `events.geojson` shape.
pub fn events_from_geojson(text: &str) -> Result<Vec<MapEvent>, String> {
    let fs: Vec<(Point, EventProperties)> = read_points(text).map_err(|e| e.to_string())?;
    Ok(fs
        .into_iter()
        .map(|(point, f)| {
            let ev = f.evidence;
            let evidence = ev
                .evidence_doc
                .into_iter()
                .zip(ev.evidence_sentence)
                .enumerate()
                .filter(|(_, (_, sentence))| !sentence.is_empty())
                .take(EVIDENCE_PER_EVENT)
                .map(|(i, (doc, sentence))| Evidence {
                    doc,
                    sentence,
                    url: f.evidence_url.get(i).filter(|u| !u.is_empty()).cloned(),
                })
                .collect();
            MapEvent {
                point,
                id: f.id,
                place: f.place,
                place_id: f.place_id,
                kind: f.kind,
                geo_precision: match f.geo_precision {
                    0 if f.kind <= Kind::Admin2 => 3,
                    0 => 1,
                    p => p,
                },
                event_type: f.sub_event_type,
                date: f.date.partial(),
                fatalities: f.fatalities,
                injured: f.injured,
                sources: f.sources,
                weapons: f.weapons,
                evidence,
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
        // Features carry the first three sources (all five are counted in `source_count`).
        assert_eq!(kharkiv.sources.len(), 3);
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
    fn bad_input() {
        assert!(places_from_geojson("{\"type\": \"Feature\"").is_err());
        // Non-point geometries are skipped, not fatal.
        let line = r#"{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"LineString","coordinates":[[0,0],[1,1]]},"properties":{"name":"a"}}]}"#;
        assert!(places_from_geojson(line).unwrap().is_empty());
        // A point with only a name (a file made in a GIS tool) reads with defaults.
        let bare = r#"{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[36.25,49.98]},"properties":{"name":"Kharkiv"}}]}"#;
        let ps = places_from_geojson(bare).unwrap();
        assert_eq!((ps[0].name.as_str(), ps[0].mentions), ("Kharkiv", 1));
        let es = events_from_geojson(bare).unwrap();
        assert_eq!((es[0].geo_precision, es[0].date), (1, None));
        // An empty collection is empty, not an error; a collection without features is one.
        let empty = "{\"type\":\"FeatureCollection\",\"features\":[]}";
        assert!(events_from_geojson(empty).unwrap().is_empty());
        assert!(places_from_geojson("{\"type\": 3}").is_err());
    }
}
