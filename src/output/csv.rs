//! `mentions.csv` (streamed: rows written as each document finishes, made by
//! [`mention_rows`] where the caller likes), `events.csv` and
//! `evidence.csv` (every report of every event). Columns are in [`super::schema`].

use std::cell::RefCell;
use std::io::Write;

use super::digits::push_decimal;
use super::schema::{
    event_feature, event_row, evidence_fields_past_id, mention_fields_past_doc, mention_fields_to,
    place_fields, MentionSink, EVENT_COLUMNS, EVIDENCE_COLUMNS, MENTION_COLUMNS,
};
use super::{write_error, Context, IntoInner, Writer};
use crate::error::Result;
use crate::gazetteer::{Gazetteer, PlaceId};
use crate::lexicon::FastMap;
use crate::result::{DocRecord, MentionView, Summary};

/// A CSV file with a header row written before the first row. Rows are written straight
/// into a byte buffer, quoted as the `csv` crate's writer quotes (see [`push_field`]):
/// no writer record or `String` per field.
pub(crate) struct Table<W: Write> {
    out: W,
    buf: Vec<u8>,
    name: String,
    header: &'static [&'static str],
    started: bool,
}

/// How many buffered bytes are handed to the output at once.
const TABLE_BUFFER: usize = 1 << 16;

impl<W: Write> Table<W> {
    pub(crate) fn new(out: W, name: &str, header: &'static [&'static str]) -> Self {
        Table {
            out,
            buf: Vec::new(),
            name: name.to_string(),
            header,
            started: false,
        }
    }

    /// Writes one row whose fields `fields` hands, one at a time, to its argument.
    pub(crate) fn row_with(&mut self, fields: impl FnOnce(&mut dyn FnMut(&str))) -> Result<()> {
        self.row_into(None, |row| fields(&mut |f: &str| row.field(f)))
    }

    /// Writes one row that `fields` writes into the [`Row`] it is handed, after `first` (the
    /// first field, written already: see [`first_field`]) if it is given.
    fn row_into(&mut self, first: Option<&[u8]>, fields: impl FnOnce(&mut Row)) -> Result<()> {
        self.start();
        let mut row = match first {
            Some(f) => Row::first(&mut self.buf, f),
            None => Row::new(&mut self.buf),
        };
        fields(&mut row);
        row.end();
        if self.buf.len() >= TABLE_BUFFER {
            self.drain()?;
        }
        Ok(())
    }

    pub(crate) fn row<I: IntoIterator<Item = String>>(&mut self, row: Option<I>) -> Result<()> {
        match row {
            Some(r) => self.row_with(|field| r.into_iter().for_each(|f| field(&f))),
            None => {
                self.start();
                Ok(())
            }
        }
    }

    /// Writes the header if it is not written yet.
    fn start(&mut self) {
        if !self.started {
            self.started = true;
            push_row(&mut self.buf, self.header.iter().copied());
        }
    }

    fn drain(&mut self) -> Result<()> {
        let r = self.out.write_all(&self.buf);
        self.buf.clear();
        r.map_err(|e| write_error(&self.name, e))
    }

    pub(crate) fn flush(&mut self) -> Result<()> {
        self.start();
        self.drain()?;
        self.out.flush().map_err(|e| write_error(&self.name, e))
    }
}

impl Table<Vec<u8>> {
    pub(crate) fn take(&mut self) -> Vec<u8> {
        self.out.append(&mut self.buf);
        std::mem::take(&mut self.out)
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

/// `mentions.csv`: every mention, written as its document finishes.
pub struct MentionsCsv<W: Write> {
    out: W,
    name: String,
    started: bool,
}

impl<W: Write> MentionsCsv<W> {
    /// A writer to `out`.
    pub fn new(out: W) -> Self {
        Self::named(out, "mentions.csv")
    }

    /// A writer to `out`, named `name` in errors.
    pub fn named(out: W, name: &str) -> Self {
        MentionsCsv {
            out,
            name: name.to_string(),
            started: false,
        }
    }

    /// Writes rows made by [`mention_rows`], after the header if it is not written yet.
    fn write_rows(&mut self, rows: &[u8]) -> Result<()> {
        if !self.started {
            self.started = true;
            let mut header = Vec::new();
            push_row(&mut header, MENTION_COLUMNS.iter().copied());
            self.out
                .write_all(&header)
                .map_err(|e| write_error(&self.name, e))?;
        }
        self.out
            .write_all(rows)
            .map_err(|e| write_error(&self.name, e))
    }
}

/// The `mentions.csv` rows (without the header) of one record, as [`MentionsCsv`] writes
/// them: made apart from the writer so that the workers can make them, in parallel, once
/// for however many writers take them (see [`Writer::record_with_rows`]).
pub fn mention_rows(ctx: &Context, rec: &DocRecord) -> Vec<u8> {
    // The text fields and room for the others: the rows are written without growing.
    let size = rec
        .mentions
        .iter()
        .map(|m| m.doc.len() + m.text.len() + m.sentence.len() + 160);
    let mut out = Vec::with_capacity(size.sum());
    let mut num = String::new();
    for m in &rec.mentions {
        push_mention_row(ctx, &m.view(), &mut num, &mut out);
    }
    out
}

/// Appends one mention's row of `mentions.csv` to `out`, as [`mention_rows`] writes it
/// (`num` is a buffer for numbers).
pub fn push_mention_row(ctx: &Context, m: &MentionView, num: &mut String, out: &mut Vec<u8>) {
    let mut row = Row::new(out);
    mention_fields_to(ctx.gaz, m, num, &mut row);
    row.end();
}

/// A row's first field as [`push_field`] writes it: a document's `mentions.csv` rows all
/// start with its id, and an event's `evidence.csv` rows with the event's, quoted (or not)
/// once (see [`push_mention_row_of`]).
pub fn first_field(f: &str) -> Vec<u8> {
    let mut out = Vec::new();
    push_field(&mut out, f.as_bytes());
    out
}

/// [`push_mention_row`] for a mention of the document whose id [`first_field`] made `doc`.
pub fn push_mention_row_of(
    ctx: &Context,
    doc: &[u8],
    m: &MentionView,
    num: &mut String,
    out: &mut Vec<u8>,
) {
    let mut row = Row::first(out, doc);
    mention_fields_past_doc(ctx.gaz, m, num, &mut row);
    row.end();
}

impl MentionSink for Row<'_> {
    fn field(&mut self, f: &str) {
        Row::field(self, f);
    }

    fn plain(&mut self, f: &str) {
        self.comma();
        self.out.extend_from_slice(f.as_bytes());
    }

    fn plain_ascii(&mut self, f: &[u8]) {
        self.comma();
        self.out.extend_from_slice(f);
    }

    fn number(&mut self, n: usize) {
        self.comma();
        push_decimal(n, self.out);
    }

    /// A place recurs in many rows: its five fields are written, quoted, once per thread and
    /// copied from then on.
    fn place(&mut self, gaz: &Gazetteer, place: Option<PlaceId>) {
        let Some(id) = place else {
            (0..5).for_each(|_| self.field(""));
            return;
        };
        type Memo = (u64, FastMap<PlaceId, Box<[u8]>>);
        thread_local!(static PLACES: RefCell<Memo> = RefCell::new((u64::MAX, Default::default())));
        PLACES.with_borrow_mut(|(of, memo)| {
            if *of != gaz.id() || memo.len() >= 1 << 16 {
                memo.clear();
                *of = gaz.id();
            }
            let bytes = memo.entry(id).or_insert_with(|| {
                let mut bytes = Vec::new();
                let mut row = Row::new(&mut bytes);
                place_fields(gaz, place, |f| row.field(f));
                bytes.into_boxed_slice()
            });
            self.comma();
            self.out.extend_from_slice(bytes);
        });
    }
}

/// One row being appended to a buffer: fields separated by commas, then a line break.
struct Row<'a> {
    out: &'a mut Vec<u8>,
    first: bool,
}

impl<'a> Row<'a> {
    fn new(out: &'a mut Vec<u8>) -> Self {
        Row { out, first: true }
    }

    /// A row whose first field is `field`, written already (see [`first_field`]).
    fn first(out: &'a mut Vec<u8>, field: &[u8]) -> Self {
        out.extend_from_slice(field);
        Row { out, first: false }
    }

    // Inlined with the short fields' test: a row per mention and per report has several.
    #[inline]
    fn field(&mut self, f: &str) {
        self.comma();
        push_field(self.out, f.as_bytes());
    }

    /// The separator before a field, if it is not the first.
    fn comma(&mut self) {
        if !self.first {
            self.out.push(b',');
        }
        self.first = false;
    }

    fn end(self) {
        self.out.push(b'\n');
    }
}

/// Appends a whole row of `fields`.
fn push_row<'a>(out: &mut Vec<u8>, fields: impl IntoIterator<Item = &'a str>) {
    let mut row = Row::new(out);
    fields.into_iter().for_each(|f| row.field(f));
    row.end();
}

/// Appends one field as the `csv` crate's writer (default settings) writes it: quoted, with
/// quotes doubled, only if it holds a comma, a quote or a line break. A row per mention is
/// written: this skips that writer's buffer and record, made per document.
#[inline]
fn push_field(out: &mut Vec<u8>, f: &[u8]) {
    if f.len() >= LONG_FIELD {
        return push_long_field(out, f);
    }
    let special =
        |w| eq_bytes(w, b',') | eq_bytes(w, b'"') | eq_bytes(w, b'\n') | eq_bytes(w, b'\r');
    if !any_word(f, special) {
        out.extend_from_slice(f);
        return;
    }
    // A sentence often holds a comma, seldom a quote.
    let quote = any_word(f, |w| eq_bytes(w, b'"'));
    push_quoted(out, f, quote);
}

/// Fields from this many bytes on (sentences) are searched with `memchr`'s vector
/// search, several times quicker than eight bytes at a time on them, slower on short ones.
const LONG_FIELD: usize = 32;

/// [`push_field`] for a long field: the first special byte, then a quote only after it
/// (none is before it).
#[inline(never)]
fn push_long_field(out: &mut Vec<u8>, f: &[u8]) {
    let first = memchr::memchr3(b',', b'"', b'\n', f).or_else(|| memchr::memchr(b'\r', f));
    let Some(at) = first else {
        out.extend_from_slice(f);
        return;
    };
    let quote = f[at] == b'"' || memchr::memchr(b'"', &f[at + 1..]).is_some();
    push_quoted(out, f, quote);
}

/// Appends `f` quoted, its quotes doubled (`quote`: whether it holds one).
fn push_quoted(out: &mut Vec<u8>, f: &[u8], quote: bool) {
    out.push(b'"');
    if !quote {
        out.extend_from_slice(f);
    } else {
        for (i, part) in f.split(|&b| b == b'"').enumerate() {
            if i > 0 {
                out.extend_from_slice(b"\"\"");
            }
            out.extend_from_slice(part);
        }
    }
    out.push(b'"');
}

/// Eight bytes with 0x01 in each.
const LOW: u64 = u64::from_ne_bytes([0x01; 8]);

/// Flags, in the high bit of each byte, the bytes of `w` that are `b`: the first such byte
/// is always flagged, and a flag is set only if some byte is `b` (a borrow may flag a byte
/// after a true one), so whether any flag is set is exact. Plain arithmetic on eight bytes
/// at once: comparisons per byte, however written, the compiler turns back into a bit test.
#[inline]
fn eq_bytes(w: u64, b: u8) -> u64 {
    let v = w ^ (LOW * u64::from(b));
    v.wrapping_sub(LOW) & !v & (LOW << 7)
}

/// Whether `flags` (as [`eq_bytes`] makes them) flags a byte of `f`: eight bytes at a time,
/// the last eight overlapping the word before; a field under eight bytes is padded with
/// zeros (which no flagged byte is).
#[inline]
fn any_word(f: &[u8], flags: impl Fn(u64) -> u64 + Copy) -> bool {
    let word = |c: &[u8]| {
        let mut w = [0; 8];
        w[..c.len()].copy_from_slice(c);
        flags(u64::from_ne_bytes(w)) != 0
    };
    if f.len() < 8 {
        return word(f);
    }
    let mut whole = f.chunks_exact(8);
    whole.by_ref().any(word) || word(&f[f.len() - 8..])
}

impl IntoInner for MentionsCsv<Vec<u8>> {
    fn take(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.out)
    }
}

impl<W: Write> Writer for MentionsCsv<W> {
    fn record(&mut self, ctx: &Context, rec: &DocRecord) -> Result<()> {
        self.write_rows(&mention_rows(ctx, rec))
    }

    fn record_with_rows(
        &mut self,
        ctx: &Context,
        rec: &DocRecord,
        rows: Option<&[u8]>,
    ) -> Result<()> {
        match rows {
            Some(rows) => self.write_rows(rows),
            None => self.record(ctx, rec),
        }
    }

    fn wants_mention_rows(&self) -> bool {
        true
    }

    fn finish(&mut self, _ctx: &Context, _summary: &Summary) -> Result<()> {
        self.write_rows(&[])?;
        self.out.flush().map_err(|e| write_error(&self.name, e))
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
            let id = first_field(&e.id);
            summary.for_each_evidence(e, |r, info| {
                self.table.row_into(Some(&id), |row| {
                    evidence_fields_past_id(ctx.gaz, r, info, row)
                })
            })?;
        }
        self.table.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::{first_field, push_mention_row, push_mention_row_of, push_row};
    use crate::output::Context;
    use crate::result::MentionView;
    use crate::roles::Role;

    /// A row written after its document's id, made once, is the row written whole, whatever
    /// the id (quoted, with quotes, non-ASCII, empty, long).
    #[test]
    fn rows_after_a_first_field_are_whole_rows() {
        let gaz = crate::testing::gazetteer();
        let ctx = Context { gaz, evidence: 3 };
        let kharkiv = gaz.by_id("geonames:706483");
        let long = "a long document id, longer than thirty-two bytes \"quoted\"";
        for doc in ["d1", "", "a,b", "say \"hi\"", "Київ\n", long] {
            for place in [kharkiv, None] {
                let m = MentionView {
                    doc,
                    start: 12,
                    end: 18,
                    text: "Харків",
                    place,
                    confidence: 0.875,
                    role: Role::Event,
                    sentence: "…обстріл, \"Харків\"…",
                };
                let (mut whole, mut after) = (Vec::new(), Vec::new());
                push_mention_row(&ctx, &m, &mut String::new(), &mut whole);
                let id = first_field(doc);
                push_mention_row_of(&ctx, &id, &m, &mut String::new(), &mut after);
                assert_eq!(
                    String::from_utf8(after),
                    String::from_utf8(whole),
                    "{doc:?}"
                );
            }
        }
    }

    /// Fields are written as the `csv` crate writes them.
    #[test]
    fn fields_are_the_csv_writers() {
        let fields = [
            "",
            "plain",
            "a,b",
            "say \"hi\"",
            "\"",
            "line\nbreak",
            "cr\r",
            "…Київ, «так»…",
            "a long field of more than sixteen bytes, with a comma late",
            "sixteen bytes ok",
            "\"\"quoted\"\"",
            " spaced ",
            "#hash",
            "tab\there",
            "no quote for the first sixteen bytes, then \"one\"",
            "seventeen bytes,x",
            "exactly sixteen,",
            "\u{2c}\u{22}",
            "\u{ac}\u{a2}\u{8a} ÿ,",
            "a sentence long enough for the vector search, with a comma",
            "a sentence long enough for the vector search, no special byte",
            "a sentence long enough for the vector search\r and a carriage return",
            "a sentence long enough, then a \"quote\" after the comma",
            "\"quoted\" from the start of a sentence long enough, with a comma",
        ];
        // Each awkward byte at each place of fields of 1 to 20 bytes.
        let mut made = Vec::new();
        for len in (1..=20).chain([31, 32, 33, 47, 64, 65, 100]) {
            for at in 0..len {
                for c in [',', '"', '\n', '\r', '+', '\u{ac}'] {
                    let mut f: Vec<char> = "aЖ b-cdefghijklmnopqrstu"
                        .chars()
                        .cycle()
                        .take(len)
                        .collect();
                    f[at] = c;
                    made.push(f.into_iter().collect::<String>());
                }
            }
        }
        let fields = fields
            .iter()
            .copied()
            .chain(made.iter().map(String::as_str));
        for f in fields {
            let row = [f, "x", f];
            let mut w = ::csv::Writer::from_writer(Vec::new());
            w.write_record(row).unwrap();
            let want = w.into_inner().unwrap();
            let mut got = Vec::new();
            push_row(&mut got, row);
            assert_eq!(
                String::from_utf8(got).unwrap(),
                String::from_utf8(want).unwrap()
            );
        }
    }
}
