//! JSONL/NDJSON input: one JSON object per line, read line by line so that a file of any
//! size needs memory for one line at a time, and `--max-bytes` limits each line.

use std::io::BufRead;
use std::path::Path;

use serde::Deserialize;

use super::{fail, stem, InputReader, InputReport, Problem};
use crate::error::{Error, ErrorKind, Location};
use crate::text::{Date, Document};

/// A line with only the fields eventmap reads, each once. The first parse takes a line
/// straight into these fields, not into a tree of values; anything else (another key, a key
/// twice, a field of the wrong type) fails it and is parsed again the general way, as a tree
/// whose other keys are dropped, which accepts or rejects it and words the message.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonDoc {
    id: Option<serde_json::Value>,
    text: Option<String>,
    published: Option<String>,
    title: Option<String>,
    url: Option<String>,
    source: Option<String>,
    lang: Option<String>,
}

/// The keys of [`JsonDoc`].
const KNOWN_KEYS: [&str; 7] = ["id", "text", "published", "title", "url", "source", "lang"];

/// One line as read: its number, the byte where it starts, and its bytes, or its length if it
/// was over the limit (and not kept).
pub(super) struct Line<'a> {
    pub number: u64,
    pub start: u64,
    pub bytes: Result<&'a [u8], u64>,
}

/// Splits a reader into lines of at most `max` bytes; longer lines are skipped, not stored.
pub(super) struct Lines<R> {
    reader: R,
    max: u64,
    byte: u64,
    number: u64,
    /// The current line: one buffer for every line, not one grown from nothing per line.
    buf: Vec<u8>,
}

impl<R: BufRead> Lines<R> {
    pub fn new(reader: R, first_byte: u64, max: u64) -> Lines<R> {
        Lines {
            reader,
            max,
            byte: first_byte,
            number: 0,
            buf: Vec::new(),
        }
    }

    /// Bytes consumed so far (counting from the first byte given to [`Lines::new`]).
    pub fn bytes_read(&self) -> u64 {
        self.byte
    }

    /// The next line, or `None` at the end; an I/O error ends the file.
    pub fn next_line(&mut self) -> std::io::Result<Option<Line<'_>>> {
        let buf = &mut self.buf;
        buf.clear();
        if buf.capacity() > 1 << 20 {
            // A huge line's room is not kept for the rest of the file.
            *buf = Vec::new();
        }
        let n = std::io::Read::take(&mut self.reader, self.max.saturating_add(1))
            .read_until(b'\n', buf)?;
        if n == 0 {
            return Ok(None);
        }
        self.number += 1;
        let start = self.byte;
        let mut len = n as u64;
        let ended = buf.last() == Some(&b'\n');
        if !ended && len > self.max {
            // Over the limit: skip the rest of the line without keeping it.
            let (more, newline) = skip_line(&mut self.reader)?;
            len += more;
            self.byte += len;
            return Ok(Some(Line {
                number: self.number,
                start,
                bytes: Err(len - u64::from(newline)),
            }));
        }
        self.byte += len;
        Ok(Some(Line {
            number: self.number,
            start,
            bytes: Ok(&self.buf),
        }))
    }
}

/// Skips to just after the next newline; returns the bytes skipped and whether a newline
/// ended them.
fn skip_line(r: &mut impl BufRead) -> std::io::Result<(u64, bool)> {
    let mut skipped = 0u64;
    loop {
        let chunk = r.fill_buf()?;
        if chunk.is_empty() {
            return Ok((skipped, false));
        }
        match chunk.iter().position(|&b| b == b'\n') {
            Some(i) => {
                r.consume(i + 1);
                return Ok((skipped + i as u64 + 1, true));
            }
            None => {
                let n = chunk.len();
                r.consume(n);
                skipped += n as u64;
            }
        }
    }
}

impl InputReader {
    /// Reads every line of a JSONL source into documents and problems.
    pub(super) fn read_jsonl<R: BufRead>(
        &self,
        name: &Path,
        lines: &mut Lines<R>,
        report: &mut InputReport,
    ) {
        loop {
            let line = match lines.next_line() {
                Ok(Some(l)) => l,
                Ok(None) => return,
                Err(e) => return fail(report, Error::io(name, e)),
            };
            let loc = Location::file(name).at_line(line.number, line.start);
            match line.bytes {
                Ok(bytes) => self.jsonl_line(name, line.number, bytes, loc, report),
                Err(len) => fail(
                    report,
                    Error::new(
                        ErrorKind::Input(format!(
                            "line is {len} bytes, over the limit of {}, skipped (raise it with --max-bytes)",
                            self.max_bytes
                        )),
                        loc,
                    ),
                ),
            }
        }
    }

    fn jsonl_line(
        &self,
        name: &Path,
        number: u64,
        bytes: &[u8],
        loc: Location,
        report: &mut InputReport,
    ) {
        // Validation first (it skips ASCII a word at a time), the lossy decoding only for
        // lines that need it.
        let text = match std::str::from_utf8(bytes) {
            Ok(s) => std::borrow::Cow::Borrowed(s),
            Err(_) => String::from_utf8_lossy(bytes),
        };
        if let std::borrow::Cow::Owned(_) = text {
            report.problems.push(Problem {
                error: Error::new(
                    ErrorKind::Input("invalid UTF-8, decoded with replacement characters".into()),
                    loc.clone(),
                ),
                failed: false,
            });
        }
        let line = text.trim().trim_start_matches('\u{feff}');
        if line.is_empty() {
            return;
        }
        let parsed = match parse_json_line(line) {
            Ok(d) => d,
            Err(kind) => return fail(report, Error::new(kind, loc)),
        };
        let Some(body) = parsed.text else {
            return fail(
                report,
                Error::new(
                    ErrorKind::Input("no \"text\" field, line skipped".into()),
                    loc,
                ),
            );
        };
        let id = match parsed.id {
            Some(serde_json::Value::String(s)) if !s.is_empty() => s,
            Some(serde_json::Value::Number(n)) => n.to_string(),
            _ => format!("{}:{number}", stem(name)),
        };
        let published = match parsed.published.as_deref() {
            None | Some("") => self.published,
            Some(s) => match Date::parse_iso(s) {
                Some(d) => Some(d),
                None => {
                    report.problems.push(Problem {
                        error: Error::new(
                            ErrorKind::Input(format!(
                                "\"published\" {s:?} is not a YYYY-MM-DD date, ignored"
                            )),
                            loc.clone(),
                        ),
                        failed: false,
                    });
                    self.published
                }
            },
        };
        let doc = Document {
            id,
            text: body,
            published,
            title: parsed.title,
            url: parsed.url,
            source: parsed.source,
            lang: parsed
                .lang
                .as_deref()
                .and_then(crate::lexicon::Lang::from_code),
        };
        self.accept(doc, loc, report);
    }
}

/// Parses one JSONL line, with messages that say what the line should look like.
fn parse_json_line(line: &str) -> Result<JsonDoc, ErrorKind> {
    if let Ok(d) = serde_json::from_str::<JsonDoc>(line) {
        return Ok(d);
    }
    let mut value: serde_json::Value =
        serde_json::from_str(line).map_err(|e| ErrorKind::Json(e.to_string()))?;
    let what = match &mut value {
        serde_json::Value::Object(o) => {
            if let Some(t) = o.get("text").filter(|t| !t.is_string() && !t.is_null()) {
                return Err(ErrorKind::Input(format!(
                    "\"text\" is {}, not a string; line skipped",
                    json_kind(t)
                )));
            }
            o.retain(|k, _| KNOWN_KEYS.contains(&k.as_str()));
            return serde_json::from_value(value).map_err(|e| {
                ErrorKind::Input(format!(
                    "{e} (fields \"text\", \"title\", \"url\", \"source\", \"published\" are strings); line skipped"
                ))
            });
        }
        v => json_kind(v),
    };
    Err(ErrorKind::Input(format!(
        "line is {what}, not a JSON object like {{\"id\": \"a\", \"text\": \"…\"}}; line skipped"
    )))
}

fn json_kind(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The parse of known fields gives what the general parse gives, and leaves to it what
    /// it does not take.
    #[test]
    fn known_fields_parse_as_the_general_way() {
        for line in [
            r#"{"id": "a", "text": "Kharkiv", "published": "2024-01-06"}"#,
            r#"{"id": 7, "text": "K\u0445", "title": null, "url": "u", "source": "s", "lang": "uk"}"#,
            r#"{"te\u0078t": "x"}"#,
            r#"{}"#,
            r#"{"text": null}"#,
            r#"{"id": {"a": [1, 2]}, "text": "x"}"#,
        ] {
            let known: JsonDoc = serde_json::from_str(line).expect(line);
            let general: JsonDoc =
                serde_json::from_value(serde_json::from_str(line).unwrap()).unwrap();
            assert_eq!(known.id, general.id, "{line}");
            assert_eq!(known.text, general.text, "{line}");
            assert_eq!(known.published, general.published, "{line}");
            assert_eq!(known.lang, general.lang, "{line}");
        }
        for line in [
            r#"{"text": "x", "other": 1e400}"#,
            r#"{"text": "x", "text": "y"}"#,
            r#"{"text": 5}"#,
            r#"{"text": "x", "title": 5}"#,
            r#"[1]"#,
        ] {
            assert!(serde_json::from_str::<JsonDoc>(line).is_err(), "{line}");
        }
        // The general way drops other keys and keeps the last of a key given twice.
        for (line, text) in [
            (r#"{"text": "x", "other": [1, null]}"#, "x"),
            (r#"{"text": "x", "other": {"text": 5}}"#, "x"),
            (r#"{"text": "x", "text": "y"}"#, "y"),
        ] {
            let doc = parse_json_line(line).unwrap_or_else(|e| panic!("{line}: {e:?}"));
            assert_eq!(doc.text.as_deref(), Some(text), "{line}");
        }
    }
}
