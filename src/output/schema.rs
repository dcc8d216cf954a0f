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

use geo::Point;
use serde::{Deserialize, Serialize};

use crate::events::dates::PartialDate;
use crate::events::{Event, EventFamily, EventType};
use crate::gazetteer::{Gazetteer, Kind, PlaceId};
use crate::result::{PlaceSummary, Summary};
use crate::roles::Role;

mod evidence;
mod mentions;
pub(crate) use evidence::evidence_fields_past_id;
pub use evidence::{evidence_fields, EVIDENCE_COLUMNS};
pub use mentions::{mention_fields, mention_row, MENTION_COLUMNS};
pub(crate) use mentions::{mention_fields_past_doc, mention_fields_to, place_fields, MentionSink};

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
#[serde(default)]
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

    /// The date back, as precise as the fields say (from `date` alone when the parts are
    /// missing, as in a file edited in a GIS tool).
    pub fn partial(&self) -> Option<PartialDate> {
        match (self.year, self.month, self.day) {
            (Some(y), Some(m), Some(d)) => crate::text::Date::new(y, m, d).map(PartialDate::Day),
            (None, Some(m), Some(d)) => PartialDate::from_month_day(m, d),
            _ => self
                .date
                .as_deref()
                .and_then(crate::text::Date::parse_iso)
                .map(PartialDate::Day),
        }
    }
}

/// Evidence entries as parallel lists (one element per entry).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
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
#[serde(default)]
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
    /// The role of each evidence mention.
    pub evidence_role: Vec<Role>,
    /// The first mentions by document id and offset.
    #[serde(flatten)]
    pub evidence: EvidenceLists,
}

impl Default for PlaceProperties {
    fn default() -> Self {
        PlaceProperties {
            layer: Layer::Places,
            id: String::new(),
            name: String::new(),
            kind: Kind::Other,
            country_code: String::new(),
            admin1: String::new(),
            population: 0,
            approximate: false,
            mention_count: 1,
            document_count: 1,
            confidence: 0.0,
            role: Role::Mention,
            role_event: 0,
            role_actor: 0,
            role_mention: 0,
            evidence_text: Vec::new(),
            evidence_role: Vec::new(),
            evidence: EvidenceLists::default(),
        }
    }
}

/// The properties of an event: ACLED's fields (`event_type` is ACLED's event type, the
/// family; `sub_event_type` the type), counts and the first few reports.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct EventProperties {
    /// Always `events`.
    pub layer: Layer,
    /// `E1`, `E2`… in output order.
    pub id: String,
    /// ACLED `event_type` (`explosions_remote_violence` …).
    pub event_type: EventFamily,
    /// ACLED `sub_event_type` (`shelling_artillery_missile_attack` …).
    pub sub_event_type: EventType,
    /// Who acted, or null.
    pub actor1: Option<String>,
    /// Who was acted on, or null.
    pub actor2: Option<String>,
    /// Country name of the place.
    pub country: String,
    /// First-level division of the place ("" if unknown).
    pub admin1: String,
    /// Second-level division of the place ("" if unknown).
    pub admin2: String,
    /// The place as written when the gazetteer lacks it and the event sits at its region.
    pub location_text: Option<String>,
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
    /// The URL of each evidence entry's document ("" where the input gave none).
    pub evidence_url: Vec<String>,
}

impl Default for EventProperties {
    fn default() -> Self {
        EventProperties {
            layer: Layer::Events,
            id: String::new(),
            event_type: EventType::Attack.family(),
            sub_event_type: EventType::Attack,
            actor1: None,
            actor2: None,
            country: String::new(),
            admin1: String::new(),
            admin2: String::new(),
            location_text: None,
            date: DateFields::default(),
            date_inferred: false,
            place: String::new(),
            place_id: String::new(),
            kind: Kind::Other,
            country_code: String::new(),
            geo_precision: 0,
            approximate: false,
            fatalities: None,
            injured: None,
            weapons: Vec::new(),
            source_count: 0,
            report_count: 0,
            sources: Vec::new(),
            confidence: 0.0,
            evidence: EvidenceLists::default(),
            evidence_lang: Vec::new(),
            evidence_url: Vec::new(),
        }
    }
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
        evidence_role: s.evidence.iter().map(|m| m.role).collect(),
        evidence,
    };
    Feature {
        tag: FeatureTag::Feature,
        geometry: point_of(gaz, s.place),
        properties,
    }
}

/// The feature of an event, with at most `limit` evidence entries and sources.
pub fn event_feature(gaz: &Gazetteer, e: &Event, limit: usize, summary: &Summary) -> EventFeature {
    let p = gaz.place(e.place);
    let mut evidence = EvidenceLists::default();
    let (mut langs, mut urls) = (Vec::new(), Vec::new());
    for r in e.reports.iter().take(limit) {
        evidence.push(&r.doc, r.sentence.0, r.sentence.1, &r.sentence_text);
        let info = summary.doc(&r.doc);
        langs.push(info.lang);
        urls.push(info.url.unwrap_or_default());
    }
    let properties = EventProperties {
        layer: Layer::Events,
        id: e.id.clone(),
        event_type: e.event_type.family(),
        sub_event_type: e.event_type,
        actor1: e.actor1.clone(),
        actor2: e.actor2.clone(),
        country: e.admin.country.clone(),
        admin1: e.admin.admin1.clone(),
        admin2: e.admin.admin2.clone(),
        location_text: e.location_text.clone(),
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
        source_count: e.source_count as u64,
        report_count: e.report_count as u64,
        sources: e.sources.iter().take(limit).cloned().collect(),
        confidence: e.confidence,
        evidence,
        evidence_lang: langs,
        evidence_url: urls,
    };
    Feature {
        tag: FeatureTag::Feature,
        geometry: point_of(gaz, e.place),
        properties,
    }
}

/// A feature as read from a file that may hold any geometry and may lack properties.
#[derive(Deserialize)]
struct AnyFeature<P> {
    geometry: Option<geojson::Geometry>,
    properties: Option<P>,
}

#[derive(Deserialize)]
struct AnyCollection<P> {
    features: Vec<AnyFeature<P>>,
}

/// The Point features of a FeatureCollection (eventmap's, or one edited in a GIS tool) with
/// their properties: other geometries and points off the globe are skipped, missing
/// properties take their defaults.
pub fn read_points<P: serde::de::DeserializeOwned + Default>(
    geojson: &str,
) -> serde_json::Result<Vec<(Point, P)>> {
    let c: AnyCollection<P> = serde_json::from_str(geojson)?;
    Ok(c.features
        .into_iter()
        .filter_map(|f| {
            let point = match f.geometry?.value {
                // Only points on the globe: a position such as [1e20, 1e20] would make a
                // map's view (and the graticule over it) unbounded.
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

/// Reads `places.geojson` back into features.
pub fn read_places(geojson: &str) -> serde_json::Result<Vec<PlaceFeature>> {
    serde_json::from_str::<FeatureCollection<PlaceProperties>>(geojson).map(|c| c.features)
}

/// Reads `events.geojson` back into features.
pub fn read_events(geojson: &str) -> serde_json::Result<Vec<EventFeature>> {
    serde_json::from_str::<FeatureCollection<EventProperties>>(geojson).map(|c| c.features)
}

/// The columns of `events.csv` (lists `;`-separated, unknown numbers and dates empty).
pub const EVENT_COLUMNS: &[&str] = &[
    "id",
    "event_type",
    "sub_event_type",
    "date",
    "year",
    "month",
    "day",
    "date_precision",
    "date_inferred",
    "actor1",
    "actor2",
    "country",
    "admin1",
    "admin2",
    "place",
    "place_id",
    "location_text",
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
        f.sub_event_type.as_str().to_string(),
        f.date.date.clone().unwrap_or_default(),
        opt(f.date.year),
        opt(f.date.month),
        opt(f.date.day),
        f.date.date_precision.clone(),
        f.date_inferred.to_string(),
        opt(f.actor1.clone()),
        opt(f.actor2.clone()),
        f.country.clone(),
        f.admin1.clone(),
        f.admin2.clone(),
        f.place.clone(),
        f.place_id.clone(),
        opt(f.location_text.clone()),
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

impl Serialize for Kind {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Kind {
    /// Any kind the gazetteer does not know ("village" from another tool) reads as `other`.
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Kind, D::Error> {
        let s = String::deserialize(d)?;
        Ok(Kind::parse(&s).unwrap_or(Kind::Other))
    }
}
