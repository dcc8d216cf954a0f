//! The columns of `evidence.csv` and how a report's fields are made.

use super::mentions::MentionSink;
#[cfg(doc)]
use super::DateFields;
use crate::events::dates::PartialDate;
use crate::events::{Event, EventReport};
use crate::gazetteer::Gazetteer;
use crate::result::DocInfo;

/// The columns of `evidence.csv`: every report of every event.
pub const EVIDENCE_COLUMNS: &[&str] = &[
    "event_id",
    "doc",
    "start",
    "end",
    "place_id",
    "date",
    "year",
    "month",
    "day",
    "date_precision",
    "fatalities",
    "injured",
    "lang",
    "url",
    "sentence",
];

/// The fields of the `evidence.csv` row of one report of an event, handed to `field` in order.
pub fn evidence_fields(
    gaz: &Gazetteer,
    e: &Event,
    r: &EventReport,
    info: &DocInfo,
    field: &mut dyn FnMut(&str),
) {
    struct Fields<'a>(&'a mut dyn FnMut(&str));
    impl MentionSink for Fields<'_> {
        fn field(&mut self, f: &str) {
            (self.0)(f)
        }
    }
    evidence_fields_to(gaz, e, r, info, &mut Fields(field));
}

/// [`evidence_fields`] into a sink: a row per report is written at the end, on one thread,
/// so numbers and the date go to it without a `String` (nor [`DateFields`]) per row.
pub(crate) fn evidence_fields_to(
    gaz: &Gazetteer,
    e: &Event,
    r: &EventReport,
    info: &DocInfo,
    sink: &mut impl MentionSink,
) {
    sink.field(&e.id);
    evidence_fields_past_id(gaz, r, info, sink);
}

/// [`evidence_fields_to`] past the event's id (a writer of an event's rows may write it
/// once).
pub(crate) fn evidence_fields_past_id(
    gaz: &Gazetteer,
    r: &EventReport,
    info: &DocInfo,
    sink: &mut impl MentionSink,
) {
    sink.field(&r.doc);
    sink.number(r.sentence.0);
    sink.number(r.sentence.1);
    sink.field(&gaz.place(r.place).id);
    date_fields_to(r.date, sink);
    for n in [r.fatalities, r.injured] {
        match n {
            Some(n) => sink.number(n as usize),
            None => sink.plain(""),
        }
    }
    sink.field(&info.lang);
    sink.field(info.url.as_deref().unwrap_or_default());
    sink.field(&r.sentence_text);
}

/// The fields `date` to `date_precision` of a date as [`DateFields::of`] has them.
fn date_fields_to(d: Option<PartialDate>, sink: &mut impl MentionSink) {
    match d {
        Some(PartialDate::Day(d)) => {
            match iso_date(&d) {
                Some(iso) => sink.plain_ascii(&iso),
                None => sink.field(&d.to_string()),
            }
            // Years are not negative here; one that were is written as `Display` writes it.
            match usize::try_from(d.year) {
                Ok(y) => sink.number(y),
                Err(_) => sink.field(&d.year.to_string()),
            }
            sink.number(usize::from(d.month));
            sink.number(usize::from(d.day));
            sink.plain("day");
        }
        Some(PartialDate::MonthDay(m, day)) => {
            sink.plain("");
            sink.plain("");
            sink.number(usize::from(m));
            sink.number(usize::from(day));
            sink.plain("month_day");
        }
        None => {
            (0..4).for_each(|_| sink.plain(""));
            sink.plain("unknown");
        }
    }
}

/// `d` as its `Display` writes it (`YYYY-MM-DD`, ASCII bytes: written without a UTF-8
/// check), when each part has as many digits as that pads it to (else `None`).
fn iso_date(d: &crate::text::Date) -> Option<[u8; 10]> {
    let y = u32::try_from(d.year).ok().filter(|&y| y <= 9999)?;
    let (m, day) = (u32::from(d.month), u32::from(d.day));
    if m > 99 || day > 99 {
        return None;
    }
    let parts = [
        y / 1000,
        y / 100 % 10,
        y / 10 % 10,
        y % 10,
        m / 10,
        m % 10,
        day / 10,
        day % 10,
    ];
    let at = [0, 1, 2, 3, 5, 6, 8, 9];
    let mut buf = [b'-'; 10];
    for (i, p) in at.into_iter().zip(parts) {
        buf[i] = b'0' + p as u8;
    }
    Some(buf)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::schema::DateFields;
    use crate::text::Date;

    /// The date fields as they were written from [`DateFields`].
    fn from_date_fields(date: Option<PartialDate>) -> Vec<String> {
        let d = DateFields::of(date);
        let num = |n: Option<i64>| n.map(|n| n.to_string()).unwrap_or_default();
        vec![
            d.date.unwrap_or_default(),
            num(d.year.map(i64::from)),
            num(d.month.map(i64::from)),
            num(d.day.map(i64::from)),
            d.date_precision,
        ]
    }

    /// The date fields are [`DateFields::of`]'s, awkward years and parts included.
    #[test]
    fn date_fields_are_date_fields_of() {
        struct Fields(Vec<String>);
        impl MentionSink for Fields {
            fn field(&mut self, f: &str) {
                self.0.push(f.to_string())
            }
        }
        let day = |year, month, day| Some(PartialDate::Day(Date { year, month, day }));
        let dates = [
            None,
            Some(PartialDate::MonthDay(2, 29)),
            Some(PartialDate::MonthDay(12, 1)),
            day(2024, 2, 29),
            day(2022, 12, 31),
            day(1, 1, 1),
            day(0, 10, 9),
            day(999, 1, 10),
            day(9999, 12, 31),
            day(10000, 1, 1),
            day(-5, 3, 4),
            day(-12345, 3, 4),
            day(2024, 100, 255),
            day(i32::MAX, 1, 1),
            day(i32::MIN, 1, 1),
        ];
        for d in dates {
            let mut got = Fields(Vec::new());
            date_fields_to(d, &mut got);
            assert_eq!(got.0, from_date_fields(d), "{d:?}");
        }
    }
}
