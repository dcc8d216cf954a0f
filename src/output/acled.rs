//! `--format acled`: events as a CSV with ACLED's column names, so eventmap's events can be put
//! beside ACLED's in the tools analysts already use.
//!
//! Columns: `event_id_cnty` (eventmap's event id), `event_date` (ISO 8601; `--MM-DD` when the
//! year is unknown), `time_precision` (ACLED: 1 day; 3 unknown), `event_type` and
//! `sub_event_type` (ACLED's spelling, plus eventmap's `Disaster` family), `actor1`, `actor2`,
//! `country`, `admin1`, `admin2`, `location` (the gazetteer name), `latitude`, `longitude`
//! (5 decimals, WGS 84), `geo_precision` (1–3), `source` (document ids, `; `-separated), `notes`
//! (the evidence sentence that gave the place; an unresolved place name first, as
//! `location_text: … | `),
//! `fatalities` (0 when none reported, as ACLED writes it).
//!
//! ```
//! use eventmap::{Document, Pipeline, output::{self, acled::AcledCsv}};
//! let p = Pipeline::builder().build();
//! let run = p.run(&[Document::new("a", "Russian forces shelled Kherson on 3 May 2024, killing two.")]);
//! let mut w = AcledCsv::new(Vec::new(), "events.acled.csv");
//! let csv = String::from_utf8(output::to_bytes(&mut w, p.gazetteer(), &run.summary, 3).unwrap()).unwrap();
//! let row = csv.lines().nth(1).unwrap();
//! assert!(row.starts_with("E1,2024-05-03,1,Explosions/Remote violence,Shelling/artillery/missile attack,Military Forces of Russia,"), "{row}");
//! ```

use std::io::Write;

use super::csv::Table;
use super::{Context, IntoInner, Writer};
use crate::error::Result;
use crate::events::Event;
use crate::gazetteer::Gazetteer;
use crate::result::Summary;

/// ACLED's column names, in the order written.
pub const ACLED_COLUMNS: &[&str] = &[
    "event_id_cnty",
    "event_date",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "country",
    "admin1",
    "admin2",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "notes",
    "fatalities",
];

/// The ACLED row of one event; `summary` gives its reports (all its sources are listed).
pub fn acled_row(gaz: &Gazetteer, e: &Event, summary: &Summary) -> Result<Vec<String>> {
    let p = gaz.place(e.place);
    let date = e.date.map(|d| d.iso()).unwrap_or_default();
    let time_precision = if e.date_precision() == "day" {
        "1"
    } else {
        "3"
    };
    // The sentence of the report that gave the place (ACLED's notes are one report's).
    let (mut first, mut at_place) = (None, None);
    let mut sources = String::new();
    let mut last: Option<String> = None;
    summary.for_each_report(e, |r, _| {
        if first.is_none() {
            first = Some(r.sentence_text.trim().to_string());
        }
        if at_place.is_none() && r.place == e.place {
            at_place = Some(r.sentence_text.trim().to_string());
        }
        if last.as_deref() != Some(r.doc.as_str()) {
            if last.is_some() {
                sources.push_str("; ");
            }
            sources.push_str(&r.doc);
            last = Some(r.doc.clone());
        }
        Ok(())
    })?;
    let mut notes = at_place.or(first).unwrap_or_default();
    if let Some(t) = &e.location_text {
        notes = format!("location_text: {t} | {notes}");
    }
    Ok(vec![
        e.id.clone(),
        date,
        time_precision.to_string(),
        e.event_type.family().acled_name().to_string(),
        e.event_type.acled_name().to_string(),
        e.actor1.clone().unwrap_or_default(),
        e.actor2.clone().unwrap_or_default(),
        e.admin.country.clone(),
        e.admin.admin1.clone(),
        e.admin.admin2.clone(),
        p.name.clone(),
        format!("{:.5}", p.lat),
        format!("{:.5}", p.lon),
        e.geo_precision.to_string(),
        sources,
        notes,
        e.fatalities.unwrap_or(0).to_string(),
    ])
}

/// `--format acled`: the events of a run as ACLED-style CSV.
pub struct AcledCsv<W: Write> {
    table: Table<W>,
}

impl<W: Write> AcledCsv<W> {
    /// A writer to `out`, named `name` in errors.
    pub fn new(out: W, name: &str) -> Self {
        AcledCsv {
            table: Table::new(out, name, ACLED_COLUMNS),
        }
    }
}

impl<W: Write> Writer for AcledCsv<W> {
    fn finish(&mut self, ctx: &Context, summary: &Summary) -> Result<()> {
        for e in &summary.events {
            self.table.row(Some(acled_row(ctx.gaz, e, summary)?))?;
        }
        self.table.flush()
    }
}

impl IntoInner for AcledCsv<Vec<u8>> {
    fn take(&mut self) -> Vec<u8> {
        self.table.take()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Document;

    #[test]
    fn acled_columns_and_values() {
        let p = crate::testing::pipeline();
        let mut d = Document::new(
            "a",
            "Protesters rallied in Tbilisi against the law on 1 May 2024. Shelling hit the village of Zzyzxivka in Kherson Oblast on 2 May 2024.",
        );
        d.published = crate::Date::new(2024, 5, 3);
        let run = p.run(&[d]);
        let mut w = AcledCsv::new(Vec::new(), "acled.csv");
        let bytes = crate::output::to_bytes(&mut w, p.gazetteer(), &run.summary, 3).unwrap();
        let mut r = csv::Reader::from_reader(bytes.as_slice());
        assert_eq!(
            r.headers().unwrap().iter().collect::<Vec<_>>(),
            ACLED_COLUMNS
        );
        let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 2);
        let col = |row: &csv::StringRecord, name: &str| {
            row[ACLED_COLUMNS.iter().position(|c| *c == name).unwrap()].to_string()
        };
        assert_eq!(col(&rows[0], "event_type"), "Protests");
        assert_eq!(col(&rows[0], "sub_event_type"), "Peaceful protest");
        assert_eq!(col(&rows[0], "actor1"), "Protesters (Georgia)");
        assert_eq!(col(&rows[0], "country"), "Georgia");
        assert_eq!(col(&rows[0], "geo_precision"), "1");
        assert_eq!(col(&rows[0], "fatalities"), "0");
        assert_eq!(col(&rows[1], "location"), "Kherson Oblast");
        assert_eq!(col(&rows[1], "geo_precision"), "3");
        assert!(col(&rows[1], "notes").starts_with("location_text: Zzyzxivka | Shelling hit"));
    }
}
