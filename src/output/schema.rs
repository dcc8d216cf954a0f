//! What eventmap writes: the one definition of its GeoJSON features and table columns.
//!
//! [`PlaceFeature`] and [`EventFeature`] are serde structs ([`Feature`] with a point, written
//! through the `geojson` crate's serde support, and typed properties), used to write and to
//! read the files back (see [`read_places`]). Every
//! property has one type in every run: lists are always arrays (possibly empty), numbers that
//! may be unknown are a number or null, never a string; nothing is JSON inside a string. A
//! feature carries counts and at most a few evidence entries (parallel arrays `evidence_doc`,
//! `evidence_start`, … so GIS tools read them as typed lists); the full evidence is in
//! `mentions.csv` and `evidence.csv`.
//!
//! Dates are ISO `YYYY-MM-DD` or null, with `year`, `month`, `day` (each a number or null)
//! and `date_precision` (`day`, `month_day` when the year is unknown, `unknown`) beside them:
//! a date without a year is never given a made-up one. Positions are `[lon, lat]` in WGS 84
//! degrees, rounded to 5 decimals (about 1 m).
//!
//! ```
//! use eventmap::{Document, Pipeline};
//! use eventmap::output::schema::{place_feature, PlaceFeature, Layer};
//! let p = Pipeline::builder().build();
//! let run = p.run(&[Document::new("a", "Shelling hit Kherson.")]);
//! let f: PlaceFeature = place_feature(p.gazetteer(), &run.places[0]);
//! let props = &f.properties;
//! assert_eq!((props.name.as_str(), props.layer, props.mention_count), ("Kherson", Layer::Places, 1));
//! assert!(f.geometry.x() > 32.0 && f.geometry.y() > 46.0); // x = lon, y = lat
//! ```

use std::collections::HashMap;

use geo::Point;
use serde::{Deserialize, Serialize};

use crate::events::dates::PartialDate;
use crate::events::{Event, EventType};
use crate::gazetteer::{Gazetteer, Kind, PlaceId};
use crate::result::{MentionRow, PlaceSummary};
use crate::roles::Role;

/// Rounds a coordinate to 5 decimals.
pub fn round5(x: f64) -> f64 {
    (x * 1e5).round() / 1e5
}

fn point_of(gaz: &Gazetteer, id: PlaceId) -> Point {
    let p = gaz.place(id);
    Point::new(round5(p.lon), round5(p.lat))
}

/// Which layer a feature belongs to (a property of every feature, so a GeoJSON text
/// sequence of both can be split).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Layer {
    /// `places.geojson`.
    Places,
    /// `events.geojson`.
    Events,
}

/// A date in parts: ISO date when complete, null elsewhere.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateFields {
    /// `YYYY-MM-DD`, or null when the year (or the whole date) is unknown.
    pub date: Option<String>,
    /// Year, if known.
    pub year: Option<i32>,
    /// Month (1–12), if known.
    pub month: Option<u8>,
    /// Day of the month, if known.
    pub day: Option<u8>,
    /// `day`, `month_day` (no year) or `unknown`.
    pub date_precision: String,
}

impl DateFields {
    /// The fields of a date as precise as known.
    pub fn of(d: Option<PartialDate>) -> DateFields {
        match d {
            Some(PartialDate::Day(d)) => DateFields {
                date: Some(d.to_string()),
                year: Some(d.year),
                month: Some(d.month),
                day: Some(d.day),
                date_precision: "day".into(),
            },
            Some(PartialDate::MonthDay(m, day)) => DateFields {
                date: None,
                year: None,
                month: Some(m),
                day: Some(day),
                date_precision: "month_day".into(),
            },
            None => DateFields {
                date_precision: "unknown".into(),
                ..DateFields::default()
            },
        }
    }

    /// The date back, as precise as the fields say.
    pub fn partial(&self) -> Option<PartialDate> {
        match (self.year, self.month, self.day) {
            (Some(y), Some(m), Some(d)) => crate::text::Date::new(y, m, d).map(PartialDate::Day),
            (None, Some(m), Some(d)) => Some(PartialDate::MonthDay(m, d)),
            _ => None,
        }
    }
}

/// Evidence entries as parallel lists (one element per entry).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EvidenceLists {
    /// Document ids.
    pub evidence_doc: Vec<String>,
    /// Sentence (event) or mention (place) start, in code points.
    pub evidence_start: Vec<u64>,
    /// End (exclusive), in code points.
    pub evidence_end: Vec<u64>,
    /// The sentence, clipped around the place.
    pub evidence_sentence: Vec<String>,
}

impl EvidenceLists {
    fn push(&mut self, doc: &str, start: usize, end: usize, sentence: &str) {
        self.evidence_doc.push(doc.to_string());
        self.evidence_start.push(start as u64);
        self.evidence_end.push(end as u64);
        self.evidence_sentence.push(sentence.to_string());
    }
}

/// `"Feature"`, the `type` of every feature.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum FeatureTag {
    /// The only value.
    #[default]
    Feature,
}

/// `"FeatureCollection"`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum CollectionTag {
    /// The only value.
    #[default]
    FeatureCollection,
}

/// A GeoJSON Feature with a point and typed properties (fields in declaration order).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Feature<P> {
    /// Always `Feature`.
    #[serde(rename = "type")]
    pub tag: FeatureTag,
    /// The point (x = lon, y = lat), through the `geojson` crate's serde support.
    #[serde(
        serialize_with = "geojson::ser::serialize_geometry",
        deserialize_with = "geojson::de::deserialize_geometry"
    )]
    pub geometry: Point,
    /// The properties.
    pub properties: P,
}

/// A GeoJSON FeatureCollection of one kind of feature (for reading files back).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FeatureCollection<P> {
    /// Always `FeatureCollection`.
    #[serde(rename = "type")]
    pub tag: CollectionTag,
    /// The features.
    pub features: Vec<Feature<P>>,
}

/// A feature of `places.geojson`.
pub type PlaceFeature = Feature<PlaceProperties>;

/// A feature of `events.geojson`.
pub type EventFeature = Feature<EventProperties>;

/// The properties of a place.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlaceProperties {
    /// Always `places`.
    pub layer: Layer,
    /// Gazetteer id (`geonames:706483`).
    pub id: String,
    /// Canonical name.
    pub name: String,
    /// Kind of place.
    pub kind: Kind,
    /// ISO 3166-1 alpha-2.
    pub country_code: String,
    /// First-level division name ("" if none).
    pub admin1: String,
    /// Population (0 if unknown).
    pub population: u64,
    /// Whether the point stands for a nearby one (a register village at its hromada's seat,
    /// see `data/README.md`).
    pub approximate: bool,
    /// Mentions in all documents.
    pub mention_count: u64,
    /// Documents mentioning it.
    pub document_count: u64,
    /// Highest resolution confidence.
    pub confidence: f64,
    /// The role the map shows it in.
    pub role: Role,
    /// Mentions where something happened.
    pub role_event: u64,
    /// Mentions as an actor (a government speaking).
    pub role_actor: u64,
    /// Other mentions.
    pub role_mention: u64,
    /// The mention texts of the evidence entries.
    pub evidence_text: Vec<String>,
    /// The first mentions by document id and offset.
    #[serde(flatten)]
    pub evidence: EvidenceLists,
}

/// The properties of an event.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EventProperties {
    /// Always `events`.
    pub layer: Layer,
    /// `E1`, `E2`… in output order.
    pub id: String,
    /// Event type.
    pub event_type: EventType,
    /// When.
    #[serde(flatten)]
    pub date: DateFields,
    /// Whether the date rests on an inferred publication date.
    pub date_inferred: bool,
    /// Place name.
    pub place: String,
    /// Gazetteer id of the place.
    pub place_id: String,
    /// Kind of place.
    pub kind: Kind,
    /// ISO 3166-1 alpha-2.
    pub country_code: String,
    /// ACLED geo-precision: 1 the place, 2 near it or a district, 3 a region or country.
    pub geo_precision: u8,
    /// Whether the place's point stands for a nearby one.
    pub approximate: bool,
    /// Largest number of people killed any source reported, or null.
    pub fatalities: Option<u32>,
    /// Largest number of people injured any source reported, or null.
    pub injured: Option<u32>,
    /// Weapons any source named.
    pub weapons: Vec<String>,
    /// Number of source documents.
    pub source_count: u64,
    /// Number of sentences reporting it.
    pub report_count: u64,
    /// The first source document ids (at most the evidence limit).
    pub sources: Vec<String>,
    /// In [0, 1].
    pub confidence: f64,
    /// The first reports by document and offset.
    #[serde(flatten)]
    pub evidence: EvidenceLists,
    /// The language of each evidence entry's document.
    pub evidence_lang: Vec<String>,
}

/// The feature of a place.
pub fn place_feature(gaz: &Gazetteer, s: &PlaceSummary) -> PlaceFeature {
    let p = gaz.place(s.place);
    let mut evidence = EvidenceLists::default();
    for m in &s.evidence {
        evidence.push(&m.doc, m.start, m.end, &m.sentence);
    }
    let properties = PlaceProperties {
        layer: Layer::Places,
        id: p.id.clone(),
        name: p.name.clone(),
        kind: p.kind,
        country_code: p.country_code.clone(),
        admin1: p.admin1_name.clone(),
        population: p.population,
        approximate: p.is_approximate(),
        mention_count: s.mention_count,
        document_count: s.document_count,
        confidence: s.confidence,
        role: s.main_role(),
        role_event: s.role_counts.event,
        role_actor: s.role_counts.actor,
        role_mention: s.role_counts.mention,
        evidence_text: s.evidence.iter().map(|m| m.text.clone()).collect(),
        evidence,
    };
    Feature {
        tag: FeatureTag::Feature,
        geometry: point_of(gaz, s.place),
        properties,
    }
}

/// The feature of an event, with at most `limit` evidence entries and sources.
pub fn event_feature(
    gaz: &Gazetteer,
    e: &Event,
    limit: usize,
    languages: &HashMap<String, String>,
) -> EventFeature {
    let p = gaz.place(e.place);
    let mut evidence = EvidenceLists::default();
    for r in e.reports.iter().take(limit) {
        evidence.push(&r.doc, r.sentence.0, r.sentence.1, &r.sentence_text);
    }
    let properties = EventProperties {
        layer: Layer::Events,
        id: e.id.clone(),
        event_type: e.event_type,
        date: DateFields::of(e.date),
        date_inferred: e.date_inferred,
        place: p.name.clone(),
        place_id: p.id.clone(),
        kind: p.kind,
        country_code: p.country_code.clone(),
        geo_precision: e.geo_precision,
        approximate: p.is_approximate(),
        fatalities: e.fatalities,
        injured: e.injured,
        weapons: e.weapons.clone(),
        source_count: e.sources.len() as u64,
        report_count: e.reports.len() as u64,
        sources: e.sources.iter().take(limit).cloned().collect(),
        confidence: e.confidence,
        evidence,
        evidence_lang: e
            .reports
            .iter()
            .take(limit)
            .map(|r| lang_of(languages, &r.doc))
            .collect(),
    };
    Feature {
        tag: FeatureTag::Feature,
        geometry: point_of(gaz, e.place),
        properties,
    }
}

fn lang_of(languages: &HashMap<String, String>, doc: &str) -> String {
    languages.get(doc).cloned().unwrap_or_default()
}

/// Reads `places.geojson` back into features.
pub fn read_places(geojson: &str) -> serde_json::Result<Vec<PlaceFeature>> {
    serde_json::from_str::<FeatureCollection<PlaceProperties>>(geojson).map(|c| c.features)
}

/// Reads `events.geojson` back into features.
pub fn read_events(geojson: &str) -> serde_json::Result<Vec<EventFeature>> {
    serde_json::from_str::<FeatureCollection<EventProperties>>(geojson).map(|c| c.features)
}

/// The columns of `mentions.csv` (one row per mention, unresolved ones with empty place
/// columns).
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
    "sentence",
];

/// A row of `mentions.csv`.
pub fn mention_row(gaz: &Gazetteer, m: &MentionRow) -> Vec<String> {
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
    vec![
        m.doc.clone(),
        m.start.to_string(),
        m.end.to_string(),
        m.text.clone(),
        id,
        name,
        kind,
        lat,
        lon,
        format!("{:.3}", m.confidence),
        m.role.as_str().to_string(),
        m.sentence.clone(),
    ]
}

/// The columns of `events.csv` (lists `;`-separated, unknown numbers empty).
pub const EVENT_COLUMNS: &[&str] = &[
    "id",
    "event_type",
    "date",
    "year",
    "month",
    "day",
    "date_precision",
    "date_inferred",
    "place",
    "place_id",
    "lat",
    "lon",
    "geo_precision",
    "fatalities",
    "injured",
    "weapons",
    "source_count",
    "report_count",
    "sources",
    "confidence",
];

fn opt<T: ToString>(x: Option<T>) -> String {
    x.map(|n| n.to_string()).unwrap_or_default()
}

/// A row of `events.csv`, from the event's feature.
pub fn event_row(f: &EventFeature) -> Vec<String> {
    let (g, f) = (f.geometry, &f.properties);
    vec![
        f.id.clone(),
        f.event_type.as_str().to_string(),
        f.date.date.clone().unwrap_or_default(),
        opt(f.date.year),
        opt(f.date.month),
        opt(f.date.day),
        f.date.date_precision.clone(),
        f.date_inferred.to_string(),
        f.place.clone(),
        f.place_id.clone(),
        format!("{:.5}", g.y()),
        format!("{:.5}", g.x()),
        f.geo_precision.to_string(),
        opt(f.fatalities),
        opt(f.injured),
        f.weapons.join(";"),
        f.source_count.to_string(),
        f.report_count.to_string(),
        f.sources.join(";"),
        format!("{:.3}", f.confidence),
    ]
}

/// The columns of `evidence.csv`: every report of every event.
pub const EVIDENCE_COLUMNS: &[&str] = &[
    "event_id",
    "doc",
    "start",
    "end",
    "place_id",
    "date",
    "month",
    "day",
    "fatalities",
    "injured",
    "lang",
    "sentence",
];

/// The rows of `evidence.csv` for one event.
pub fn evidence_rows(
    gaz: &Gazetteer,
    e: &Event,
    languages: &HashMap<String, String>,
) -> Vec<Vec<String>> {
    e.reports
        .iter()
        .map(|r| {
            let d = DateFields::of(r.date);
            vec![
                e.id.clone(),
                r.doc.clone(),
                r.sentence.0.to_string(),
                r.sentence.1.to_string(),
                gaz.place(r.place).id.clone(),
                d.date.unwrap_or_default(),
                opt(d.month),
                opt(d.day),
                opt(r.fatalities),
                opt(r.injured),
                lang_of(languages, &r.doc),
                r.sentence_text.clone(),
            ]
        })
        .collect()
}

impl Serialize for Kind {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Kind {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Kind, D::Error> {
        let s = String::deserialize(d)?;
        Kind::parse(&s).ok_or_else(|| serde::de::Error::custom(format!("unknown kind {s:?}")))
    }
}
