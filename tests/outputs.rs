//! What the GIS outputs promise whatever the input: one JSON type per property in every run,
//! lists always arrays, no JSON inside strings, ISO dates or null with their parts beside,
//! bounded evidence, and the schema structs read back what was written.

mod common;

use std::collections::BTreeMap;

use eventmap::input::{InputReader, Source};
use eventmap::output::{self, schema};
use eventmap::{Document, Pipeline, Summary};
use serde_json::Value;

use common::pipeline;

/// Several runs unlike each other: the seeds, Ukrainian and Russian reports, events without a
/// date, with a month and day only, without weapons or casualties, and no events at all.
fn runs() -> Vec<Vec<Document>> {
    let seeds = InputReader::new()
        .read_source(Source::Path("seeds".into()))
        .documents;
    let doc = |id: &str, t: &str| Document::new(id, t);
    vec![
        seeds,
        vec![doc(
            "uk",
            "Вночі росіяни вдарили ракетами по Харкову, загинули двоє людей.",
        )],
        vec![doc(
            "ru",
            "Ракетный удар по Одессе: пострадали пять человек.",
        )],
        vec![doc(
            "md",
            "Shelling hit Kherson on Dec. 30. Drones struck Odesa.",
        )],
        vec![doc(
            "none",
            "Officials in Kyiv met their counterparts from Warsaw.",
        )],
        vec![
            doc("a", "An explosion hit Lviv."),
            doc(
                "b",
                "A Shahed drone struck Lviv on March 3, 2024, injuring four people.",
            ),
        ],
    ]
}

fn json_type(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(_) => "bool".into(),
        Value::Number(n) if n.is_f64() => "number".into(),
        Value::Number(_) => "integer".into(),
        Value::String(_) => "string".into(),
        Value::Array(a) => {
            let inner: Vec<String> = a.iter().map(json_type).collect();
            match inner.first() {
                Some(t) => {
                    assert!(inner.iter().all(|i| i == t), "mixed list {v}");
                    format!("array<{t}>")
                }
                None => "array".into(),
            }
        }
        Value::Object(_) => "object".into(),
    }
}

fn features(bytes: &[u8]) -> Vec<Value> {
    let v: Value = serde_json::from_slice(bytes).unwrap();
    v["features"].as_array().unwrap().clone()
}

fn write(summary: &Summary) -> (Vec<u8>, Vec<u8>) {
    let gaz = pipeline().gazetteer();
    (
        output::to_bytes(&mut output::PlacesGeojson::new(Vec::new()), gaz, summary, 3).unwrap(),
        output::to_bytes(&mut output::EventsGeojson::new(Vec::new()), gaz, summary, 3).unwrap(),
    )
}

/// Merges a type seen for a property into what was seen before: null goes with any one
/// type, an empty array with any array type.
fn note(seen: &mut BTreeMap<String, String>, key: &str, t: String, what: &str) {
    let e = seen.entry(key.to_string()).or_insert_with(|| t.clone());
    let compatible =
        |a: &str, b: &str| a == b || a == "null" || (a == "array" && b.starts_with("array"));
    if compatible(e, &t) {
        if e == "null" || e == "array" {
            *e = t;
        }
    } else if !compatible(&t, e) {
        panic!("{what}.{key} is {e} in one run and {t} in another");
    }
}

#[test]
fn every_property_has_one_type_in_every_run() {
    let mut place_types = BTreeMap::new();
    let mut event_types = BTreeMap::new();
    let mut place_keys: Option<Vec<String>> = None;
    let mut event_keys: Option<Vec<String>> = None;
    let mut events_seen = 0;
    for docs in runs() {
        let run = pipeline().run(&docs);
        let (places, events) = write(&run.summary);
        for (bytes, types, keys, what) in [
            (&places, &mut place_types, &mut place_keys, "places"),
            (&events, &mut event_types, &mut event_keys, "events"),
        ] {
            for f in features(bytes) {
                let props = f["properties"].as_object().unwrap();
                let names: Vec<String> = props.keys().cloned().collect();
                assert_eq!(keys.get_or_insert_with(|| names.clone()), &names);
                assert_eq!(props["layer"], what);
                for (k, v) in props {
                    assert_ne!(json_type(v), "object", "{what}.{k} is an object: {v}");
                    if let Value::String(s) = v {
                        let inner = serde_json::from_str::<Value>(s);
                        assert!(
                            !matches!(inner, Ok(Value::Object(_) | Value::Array(_))),
                            "{what}.{k} is JSON in a string"
                        );
                    }
                    note(types, k, json_type(v), what);
                }
            }
        }
        for f in features(&events) {
            events_seen += 1;
            check_event_dates(&f["properties"]);
        }
    }
    assert!(
        events_seen >= 5,
        "{events_seen} events: the runs should have events"
    );
    for (k, t) in [
        ("weapons", "array<string>"),
        ("fatalities", "integer"),
        ("date", "string"),
        ("year", "integer"),
    ] {
        assert_eq!(event_types[k], t, "events.{k}");
    }
    for (k, t) in [
        ("role_event", "integer"),
        ("evidence_start", "array<integer>"),
        ("confidence", "number"),
    ] {
        assert_eq!(place_types[k], t, "places.{k}");
    }
}

/// An event's date fields agree with its `date_precision`, and its evidence is bounded.
fn check_event_dates(p: &Value) {
    match p["date_precision"].as_str().unwrap() {
        "day" => {
            let d = p["date"].as_str().unwrap();
            assert_eq!(
                d,
                format!(
                    "{}-{:02}-{:02}",
                    p["year"],
                    p["month"].as_u64().unwrap(),
                    p["day"].as_u64().unwrap()
                )
            );
        }
        "month_day" => {
            assert!(
                p["date"].is_null() && p["year"].is_null(),
                "a made-up year: {p}"
            );
            assert!(p["month"].is_u64() && p["day"].is_u64());
        }
        "unknown" => assert!(p["date"].is_null() && p["month"].is_null()),
        other => panic!("date_precision {other}"),
    }
    assert!(p["evidence_doc"].as_array().unwrap().len() <= 3);
    assert!(p["sources"].as_array().unwrap().len() <= 3);
}

#[test]
fn schema_structs_read_back_what_was_written() {
    let docs = runs().remove(0);
    let run = pipeline().run(&docs);
    let (places, events) = write(&run.summary);
    let ps = schema::read_places(std::str::from_utf8(&places).unwrap()).unwrap();
    let es = schema::read_events(std::str::from_utf8(&events).unwrap()).unwrap();
    let gaz = pipeline().gazetteer();
    assert_eq!(ps.len(), run.places.len());
    for (f, s) in ps.iter().zip(&run.places) {
        assert_eq!(f, &schema::place_feature(gaz, s));
    }
    for (f, e) in es.iter().zip(&run.events) {
        assert_eq!(f, &schema::event_feature(gaz, e, 3, &run.summary));
        assert_eq!(f.properties.date.partial(), e.date);
    }
}

#[test]
fn evidence_limit_bounds_features() {
    let docs = runs().remove(0);
    let gaz = pipeline().gazetteer();
    for n in [0, 1, 5] {
        let p = Pipeline::builder().evidence(n).build();
        let run = p.run(&docs);
        let places = output::to_bytes(
            &mut output::PlacesGeojson::new(Vec::new()),
            gaz,
            &run.summary,
            n,
        )
        .unwrap();
        let events = output::to_bytes(
            &mut output::EventsGeojson::new(Vec::new()),
            gaz,
            &run.summary,
            n,
        )
        .unwrap();
        for f in features(&places).iter().chain(&features(&events)) {
            let ev = f["properties"]["evidence_doc"].as_array().unwrap().len();
            assert!(ev <= n, "{ev} > {n}");
        }
        let kharkiv = features(&places)
            .into_iter()
            .find(|f| f["properties"]["id"] == "geonames:706483")
            .unwrap();
        assert_eq!(
            kharkiv["properties"]["evidence_doc"]
                .as_array()
                .unwrap()
                .len(),
            n
        );
    }
}

#[test]
fn documents_sharing_an_id_never_panic() {
    // Library callers may pass documents with the same id (the reader renames them, a caller
    // need not): offsets are converted per document before merging, so each report keeps its
    // own document's offsets and writing never looks a document up by id.
    let a = Document::new(
        "same",
        "Вночі 2 січня росіяни вдарили ракетами по Харкову, загинули двоє людей.",
    );
    let b = Document::new(
        "same",
        "A missile strike hit Kharkiv on January 2, 2024, killing two people. Later that day a much longer sentence followed in this second document about Odesa, where shelling hit the port.",
    );
    let run = pipeline().run(&[a.clone(), b.clone()]);
    assert!(!run.events.is_empty());
    let (places, events) = write(&run.summary);
    assert!(!features(&places).is_empty() && !features(&events).is_empty());
    for f in features(&events) {
        let p = &f["properties"];
        for (i, s) in p["evidence_start"].as_array().unwrap().iter().enumerate() {
            let (s, e) = (s.as_u64().unwrap(), p["evidence_end"][i].as_u64().unwrap());
            assert!(s <= e && e as usize <= b.text.chars().count(), "{p}");
        }
    }
    // The same with the order reversed.
    assert!(!pipeline().run(&[b, a]).events.is_empty());
}
