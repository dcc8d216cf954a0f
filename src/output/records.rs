//! The records of `eventmap extract`: one JSON object per document per line (a
//! [`DocRecord`]), written as documents finish; `eventmap merge` reads them back with
//! [`read_record`].

use std::io::Write;

use super::{write_error, Context, Writer};
use crate::error::{Error, ErrorKind, Location, Result};
use crate::result::{DocRecord, Summary};
use crate::text::Document;
use crate::Pipeline;

/// The record writer.
pub struct Records<W: Write> {
    out: W,
    name: String,
}

impl<W: Write> Records<W> {
    /// A writer to `out`, named `name` in errors.
    pub fn new(out: W, name: &str) -> Self {
        Records {
            out,
            name: name.to_string(),
        }
    }

    /// Writes a line made by [`record_line`].
    pub fn write_line(&mut self, line: &[u8]) -> Result<()> {
        self.out
            .write_all(line)
            .map_err(|e| write_error(&self.name, e))
    }
}

/// One record's line as [`Records`] writes it, newline included: made apart from the writer
/// so that the workers can make the lines in parallel.
pub fn record_line(rec: &DocRecord) -> Vec<u8> {
    // Written into a buffer kept per thread, then copied once at its size: a line grown from
    // nothing was copied at each doubling.
    thread_local!(static BUF: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) });
    BUF.with_borrow_mut(|buf| {
        buf.clear();
        if super::jsonline::write(rec, buf).is_err() {
            buf.clear();
            serde_json::to_writer(&mut *buf, rec).expect("a record serialises to JSON");
        }
        let mut line = Vec::with_capacity(buf.len() + 1);
        line.extend_from_slice(buf);
        line.push(b'\n');
        // A rare huge record does not keep its room in every worker.
        if buf.capacity() > 1 << 20 {
            *buf = Vec::new();
        }
        line
    })
}

/// The line of `record_line(&pipeline.extract(doc))`, with each mention written as it comes
/// instead of copied into a [`crate::result::MentionRow`] (three strings) first.
pub fn extract_line(pipeline: &Pipeline, doc: &Document) -> Vec<u8> {
    let (mut mentions, mut written) = (Vec::new(), true);
    let rec = pipeline.extract_with(doc, |n, m| {
        if mentions.is_empty() {
            // Room for a typical mention each (its clipped sentence is most of it).
            mentions.reserve(n * 400);
        } else {
            mentions.push(b',');
        }
        written &= super::jsonline::write(m, &mut mentions).is_ok();
    });
    let mut rest = Vec::with_capacity(1024);
    written &= super::jsonline::write(&rec, &mut rest).is_ok();
    // The record without mentions is `{"doc":…,"mentions":[],…`: the mentions go between
    // the brackets. Anything else (never so far) is made the slow way.
    let mut head = b"{\"doc\":".to_vec();
    super::jsonline::push_str(&mut head, &rec.doc);
    head.extend_from_slice(b",\"mentions\":[");
    if !written || !rest.starts_with(&head) || rest.get(head.len()) != Some(&b']') {
        return record_line(&pipeline.extract(doc));
    }
    let mut line = Vec::with_capacity(rest.len() + mentions.len() + 1);
    line.extend_from_slice(&head);
    line.extend_from_slice(&mentions);
    line.extend_from_slice(&rest[head.len()..]);
    line.push(b'\n');
    line
}

impl<W: Write> Writer for Records<W> {
    fn record(&mut self, _ctx: &Context, rec: &DocRecord) -> Result<()> {
        self.write_line(&record_line(rec))
    }

    fn finish(&mut self, _ctx: &Context, _summary: &Summary) -> Result<()> {
        self.out.flush().map_err(|e| write_error(&self.name, e))
    }
}

/// Parses one record line; `gaz_len` bounds the place indexes (records must come from the
/// same gazetteer).
pub fn read_record(line: &str, gaz_len: usize, loc: Location) -> Result<DocRecord> {
    let rec: DocRecord = serde_json::from_str(line)
        .map_err(|e| Error::new(ErrorKind::Json(e.to_string()), loc.clone()))?;
    let bad = rec
        .mentions
        .iter()
        .filter_map(|m| m.place)
        .chain(rec.reports.iter().map(|r| r.place))
        .any(|p| p.0 as usize >= gaz_len);
    if bad {
        return Err(Error::new(
            ErrorKind::Input(
                "place index outside the gazetteer: records must be made with the same gazetteer flags as merge".into(),
            ),
            loc,
        ));
    }
    Ok(rec)
}
