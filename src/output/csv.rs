//! `mentions.csv` (streamed: rows written as each document finishes), `events.csv` and
//! `evidence.csv` (every report of every event). Columns are in [`super::schema`].

use std::io::Write;

use super::schema::{
    event_feature, event_row, evidence_row, mention_fields, EVENT_COLUMNS, EVIDENCE_COLUMNS,
    MENTION_COLUMNS,
};
use super::{write_error, Context, IntoInner, Writer};
use crate::error::{Error, Result};
use crate::result::{DocRecord, Summary};

fn csv_error(name: &str, e: ::csv::Error) -> Error {
    write_error(name, std::io::Error::other(e))
}

/// A CSV file with a header row written before the first row.
pub(crate) struct Table<W: Write> {
    w: ::csv::Writer<W>,
    name: String,
    header: &'static [&'static str],
    started: bool,
}

impl<W: Write> Table<W> {
    pub(crate) fn new(out: W, name: &str, header: &'static [&'static str]) -> Self {
        Table {
            w: ::csv::Writer::from_writer(out),
            name: name.to_string(),
            header,
            started: false,
        }
    }

    pub(crate) fn row<I: IntoIterator<Item = String>>(&mut self, row: Option<I>) -> Result<()> {
        if !self.started {
            self.started = true;
            self.w
                .write_record(self.header)
                .map_err(|e| csv_error(&self.name, e))?;
        }
        match row {
            Some(r) => self.w.write_record(r).map_err(|e| csv_error(&self.name, e)),
            None => Ok(()),
        }
    }

    /// Writes a row given as a record (reused from row to row by the caller).
    pub(crate) fn record(&mut self, row: &::csv::ByteRecord) -> Result<()> {
        self.row(None::<Vec<String>>)?;
        self.w
            .write_byte_record(row)
            .map_err(|e| csv_error(&self.name, e))
    }

    pub(crate) fn flush(&mut self) -> Result<()> {
        self.row(None::<Vec<String>>)?;
        self.w.flush().map_err(|e| write_error(&self.name, e))
    }
}

impl Table<Vec<u8>> {
    pub(crate) fn take(&mut self) -> Vec<u8> {
        let w = std::mem::replace(&mut self.w, ::csv::Writer::from_writer(Vec::new()));
        w.into_inner().unwrap_or_default()
    }
}

macro_rules! table_writer {
    ($name:ident, $file:literal, $cols:expr, $doc:literal) => {
        #[doc = $doc]
        pub struct $name<W: Write> {
            table: Table<W>,
        }

        impl<W: Write> $name<W> {
            /// A writer to `out`.
            pub fn new(out: W) -> Self {
                Self::named(out, $file)
            }

            /// A writer to `out`, named `name` in errors.
            pub fn named(out: W, name: &str) -> Self {
                $name {
                    table: Table::new(out, name, $cols),
                }
            }
        }

        impl IntoInner for $name<Vec<u8>> {
            fn take(&mut self) -> Vec<u8> {
                self.table.take()
            }
        }
    };
}

table_writer!(
    MentionsCsv,
    "mentions.csv",
    MENTION_COLUMNS,
    "`mentions.csv`: every mention, written as its document finishes."
);
table_writer!(
    EventsCsv,
    "events.csv",
    EVENT_COLUMNS,
    "`events.csv`: one row per event; lists `;`-separated."
);
table_writer!(
    EvidenceCsv,
    "evidence.csv",
    EVIDENCE_COLUMNS,
    "`evidence.csv`: every report (sentence) of every event."
);

impl<W: Write> Writer for MentionsCsv<W> {
    fn record(&mut self, ctx: &Context, rec: &DocRecord) -> Result<()> {
        let (mut row, mut num) = (::csv::ByteRecord::new(), String::new());
        for m in &rec.mentions {
            row.clear();
            mention_fields(ctx.gaz, m, &mut num, |f| row.push_field(f.as_bytes()));
            self.table.record(&row)?;
        }
        Ok(())
    }

    fn finish(&mut self, _ctx: &Context, _summary: &Summary) -> Result<()> {
        self.table.flush()
    }
}

impl<W: Write> Writer for EventsCsv<W> {
    fn finish(&mut self, ctx: &Context, summary: &Summary) -> Result<()> {
        for e in &summary.events {
            let f = event_feature(ctx.gaz, e, ctx.evidence, summary);
            self.table.row(Some(event_row(&f)))?;
        }
        self.table.flush()
    }
}

impl<W: Write> Writer for EvidenceCsv<W> {
    fn finish(&mut self, ctx: &Context, summary: &Summary) -> Result<()> {
        for e in &summary.events {
            summary.for_each_report(e, |r, info| {
                self.table.row(Some(evidence_row(ctx.gaz, e, r, info)))
            })?;
        }
        self.table.flush()
    }
}
