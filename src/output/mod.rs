//! Writers: GeoJSON (RFC 7946), GeoJSON text sequences (RFC 8142), CSV and JSON.
//!
//! Writers render to bytes; [`write_atomic`] is the one place that puts bytes in a file (a
//! temporary file in the same folder, then a rename, so a reader never sees half a file).
//! Output is deterministic: features are in the run's sorted order, properties in a fixed
//! order, coordinates rounded to 5 decimals (about 1 m). GeoJSON positions are `[lon, lat]`.
//!
//! ```
//! use eventmap::{Document, Pipeline, output};
//! let p = Pipeline::builder().build();
//! let docs = [Document::new("a", "Shelling hit Kherson.")];
//! let run = p.run(&docs);
//! let bytes = output::places_geojson(&run, p.gazetteer());
//! let v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
//! assert_eq!(v["type"], "FeatureCollection");
//! assert_eq!(v["features"][0]["properties"]["name"], "Kherson");
//! ```

use std::io::Write;
use std::path::Path;

use geojson::{Feature, FeatureCollection, Geometry, JsonObject, Value as GeoValue};
use serde_json::{json, Value};

use crate::error::{Error, Result};
use crate::events::Event;
use crate::gazetteer::Gazetteer;
use crate::pipeline::{PlaceSummary, RunResult};
use crate::text::{CharOffsets, Document};

/// Rounds a coordinate to 5 decimals.
pub fn round5(x: f64) -> f64 {
    (x * 1e5).round() / 1e5
}

fn point(lat: f64, lon: f64) -> Geometry {
    Geometry::new(GeoValue::Point(vec![round5(lon), round5(lat)]))
}

fn feature(geometry: Geometry, properties: JsonObject) -> Feature {
    Feature {
        bbox: None,
        geometry: Some(geometry),
        id: None,
        properties: Some(properties),
        foreign_members: None,
    }
}

fn obj(v: Value) -> JsonObject {
    match v {
        Value::Object(m) => m,
        _ => JsonObject::new(),
    }
}

/// Marks a place whose point stands for a nearby one (a register village at its hromada's
/// seat, see `data/README.md`); exact places carry no such property.
fn with_approximate(mut props: JsonObject, p: &crate::gazetteer::Place) -> JsonObject {
    if p.is_approximate() {
        props.insert("approximate".into(), Value::Bool(true));
    }
    props
}

/// The GeoJSON feature of one place.
pub fn place_feature(run: &RunResult, gaz: &Gazetteer, s: &PlaceSummary) -> Feature {
    let p = gaz.place(s.place);
    let evidence: Vec<Value> = s
        .evidence
        .iter()
        .map(|&i| {
            let m = &run.mentions[i];
            json!({"doc": m.doc, "start": m.start, "end": m.end, "text": m.text, "role": m.role.as_str(), "sentence": m.sentence})
        })
        .collect();
    let props = obj(json!({
        "id": p.id,
        "name": p.name,
        "kind": p.kind.as_str(),
        "country_code": p.country_code,
        "admin1": p.admin1_name,
        "population": p.population,
        "mention_count": s.mention_count,
        "documents": s.documents,
        "confidence": s.confidence,
        "role": s.main_role().as_str(),
        "role_counts": {"event": s.role_counts[0], "actor": s.role_counts[1], "mention": s.role_counts[2]},
        "evidence": evidence,
    }));
    feature(point(p.lat, p.lon), with_approximate(props, p))
}

/// The GeoJSON feature of one event. `docs` gives the texts for code point offsets.
pub fn event_feature(gaz: &Gazetteer, e: &Event, docs: &[Document]) -> Feature {
    let p = gaz.place(e.place);
    let evidence: Vec<Value> = e
        .reports
        .iter()
        .map(|r| {
            let doc = docs.iter().find(|d| d.id == r.doc);
            let (start, end) = doc
                .map(|d| {
                    let o = CharOffsets::new(&d.text);
                    (o.char_offset(r.sentence.0), o.char_offset(r.sentence.1))
                })
                .unwrap_or((0, 0));
            let lang = doc.map(|d| crate::lang::of_document(d).code());
            json!({
                "doc": r.doc, "lang": lang, "start": start, "end": end, "sentence": r.sentence_text,
                "place_id": gaz.place(r.place).id, "date": r.date.map(|d| d.iso()),
                "fatalities": r.fatalities, "injured": r.injured,
            })
        })
        .collect();
    let props = obj(json!({
        "id": e.id,
        "event_type": e.event_type.as_str(),
        "date": e.date,
        "date_precision": e.date_precision,
        "date_inferred": e.date_inferred,
        "place": p.name,
        "place_id": p.id,
        "kind": p.kind.as_str(),
        "country_code": p.country_code,
        "geo_precision": e.geo_precision,
        "fatalities": e.fatalities,
        "injured": e.injured,
        "weapons": e.weapons,
        "sources": e.sources,
        "confidence": e.confidence,
        "evidence": evidence,
    }));
    feature(point(p.lat, p.lon), with_approximate(props, p))
}

fn collection(features: Vec<Feature>) -> Vec<u8> {
    let fc = FeatureCollection {
        bbox: None,
        features,
        foreign_members: None,
    };
    let mut out = serde_json::to_vec_pretty(&fc).expect("GeoJSON serialises");
    out.push(b'\n');
    out
}

/// `places.geojson`.
pub fn places_geojson(run: &RunResult, gaz: &Gazetteer) -> Vec<u8> {
    collection(
        run.places
            .iter()
            .map(|s| place_feature(run, gaz, s))
            .collect(),
    )
}

/// `events.geojson`.
pub fn events_geojson(run: &RunResult, gaz: &Gazetteer, docs: &[Document]) -> Vec<u8> {
    collection(
        run.events
            .iter()
            .map(|e| event_feature(gaz, e, docs))
            .collect(),
    )
}

/// Places then events as a GeoJSON text sequence (RFC 8142: each feature after an RS byte).
pub fn geojsonseq(run: &RunResult, gaz: &Gazetteer, docs: &[Document]) -> Vec<u8> {
    let mut out = Vec::new();
    let features = run
        .places
        .iter()
        .map(|s| place_feature(run, gaz, s))
        .chain(run.events.iter().map(|e| event_feature(gaz, e, docs)));
    for f in features {
        out.push(0x1e);
        serde_json::to_writer(&mut out, &f).expect("GeoJSON serialises");
        out.push(b'\n');
    }
    out
}

/// One JSON object with `places` and `events` FeatureCollections.
pub fn json_all(run: &RunResult, gaz: &Gazetteer, docs: &[Document]) -> Vec<u8> {
    let places: Value = serde_json::from_slice(&places_geojson(run, gaz)).expect("valid");
    let events: Value = serde_json::from_slice(&events_geojson(run, gaz, docs)).expect("valid");
    let mut out =
        serde_json::to_vec_pretty(&json!({"places": places, "events": events})).expect("valid");
    out.push(b'\n');
    out
}

/// The columns of `mentions.csv`.
pub const MENTION_COLUMNS: &[&str] = &[
    "doc",
    "start",
    "end",
    "text",
    "place_id",
    "name",
    "kind",
    "lat",
    "lon",
    "confidence",
    "role",
];

/// `mentions.csv`: one row per mention (unresolved mentions have empty place columns).
pub fn mentions_csv(run: &RunResult, gaz: &Gazetteer) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(MENTION_COLUMNS).expect("in-memory write");
    for m in &run.mentions {
        let (id, name, kind, lat, lon) = match m.place {
            Some(p) => {
                let p = gaz.place(p);
                (
                    p.id.clone(),
                    p.name.clone(),
                    p.kind.as_str().to_string(),
                    format!("{:.5}", p.lat),
                    format!("{:.5}", p.lon),
                )
            }
            None => Default::default(),
        };
        w.write_record([
            m.doc.as_str(),
            &m.start.to_string(),
            &m.end.to_string(),
            &m.text,
            &id,
            &name,
            &kind,
            &lat,
            &lon,
            &format!("{:.3}", m.confidence),
            m.role.as_str(),
        ])
        .expect("in-memory write");
    }
    w.into_inner().expect("in-memory flush")
}

/// `events.csv`: one row per event; lists are `;`-separated.
pub fn events_csv(run: &RunResult, gaz: &Gazetteer) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "id",
        "event_type",
        "date",
        "date_precision",
        "place",
        "place_id",
        "lat",
        "lon",
        "geo_precision",
        "fatalities",
        "injured",
        "weapons",
        "sources",
        "confidence",
    ])
    .expect("in-memory write");
    let opt = |x: Option<u32>| x.map(|n| n.to_string()).unwrap_or_default();
    for e in &run.events {
        let p = gaz.place(e.place);
        w.write_record([
            e.id.as_str(),
            e.event_type.as_str(),
            e.date.as_deref().unwrap_or(""),
            e.date_precision,
            &p.name,
            &p.id,
            &format!("{:.5}", p.lat),
            &format!("{:.5}", p.lon),
            &e.geo_precision.to_string(),
            &opt(e.fatalities),
            &opt(e.injured),
            &e.weapons.join(";"),
            &e.sources.join(";"),
            &format!("{:.3}", e.confidence),
        ])
        .expect("in-memory write");
    }
    w.into_inner().expect("in-memory flush")
}

/// Writes bytes to a file atomically: a temporary file beside it, then a rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.tmp{}", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    result.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        Error::io(path, e)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_and_reports_errors() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.txt");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temp file left"
        );
        let err = write_atomic(&dir.path().join("missing/a.txt"), b"x").unwrap_err();
        assert!(err.to_string().contains("missing/a.txt"), "{err}");
    }
}
