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
//! use eventmap::{Document, Pipeline, output::acled};
//! let p = Pipeline::builder().build();
//! let run = p.run(&[Document::new("a", "Russian forces shelled Kherson on 3 May 2024, killing two.")]);
//! let csv = String::from_utf8(acled::events_acled(&run, p.gazetteer())).unwrap();
//! let row = csv.lines().nth(1).unwrap();
//! assert!(row.starts_with("E1,2024-05-03,1,Explosions/Remote violence,Shelling/artillery/missile attack,Military Forces of Russia,"), "{row}");
//! ```

use crate::gazetteer::Gazetteer;
use crate::pipeline::RunResult;

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

/// The events of a run as ACLED-style CSV.
pub fn events_acled(run: &RunResult, gaz: &Gazetteer) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(ACLED_COLUMNS).expect("in-memory write");
    for e in &run.events {
        let p = gaz.place(e.place);
        let date = e.date.clone().unwrap_or_default();
        let time_precision = if e.date_precision == "day" { "1" } else { "3" };
        // The sentence of the report that gave the place (ACLED's notes are one report's).
        let best = e
            .reports
            .iter()
            .find(|r| r.place == e.place)
            .unwrap_or(&e.reports[0]);
        let mut notes = best.sentence_text.trim().to_string();
        if let Some(t) = &e.location_text {
            notes = format!("location_text: {t} | {notes}");
        }
        w.write_record([
            e.id.as_str(),
            &date,
            time_precision,
            e.event_type.family().acled_name(),
            e.event_type.acled_name(),
            e.actor1.as_deref().unwrap_or(""),
            e.actor2.as_deref().unwrap_or(""),
            &e.admin.country,
            &e.admin.admin1,
            &e.admin.admin2,
            &p.name,
            &format!("{:.5}", p.lat),
            &format!("{:.5}", p.lon),
            &e.geo_precision.to_string(),
            &e.sources.join("; "),
            &notes,
            &e.fatalities.unwrap_or(0).to_string(),
        ])
        .expect("in-memory write");
    }
    w.into_inner().expect("in-memory flush")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Document, Pipeline};

    #[test]
    fn acled_columns_and_values() {
        let p = Pipeline::builder().build();
        let mut d = Document::new(
            "a",
            "Protesters rallied in Tbilisi against the law on 1 May 2024. Shelling hit the village of Zzyzxivka in Kherson Oblast on 2 May 2024.",
        );
        d.published = crate::Date::new(2024, 5, 3);
        let run = p.run(&[d]);
        let bytes = events_acled(&run, p.gazetteer());
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
