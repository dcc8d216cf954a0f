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
        // Validation first, the lossy decoding only for lines that need it.
        let text = match utf8(bytes) {
            Some(s) => std::borrow::Cow::Borrowed(s),
            None => String::from_utf8_lossy(bytes),
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

/// `std::str::from_utf8(bytes).ok()`, in a few instructions a byte where the standard
/// library decodes each character by its width (about ten a byte of Ukrainian or Russian
/// text): runs of characters of up to three bytes are checked eight bytes at a time, and
/// only what such a run cannot take is checked one character at a time.
fn utf8(bytes: &[u8]) -> Option<&str> {
    if !mostly_past_ascii(bytes) {
        // English: the standard library's check is as quick on ASCII, and quicker on the
        // odd quote or dash.
        return std::str::from_utf8(bytes).ok();
    }
    if !by_words(bytes) {
        return None;
    }
    // SAFETY: `by_words` stepped over all of `bytes` in pieces that start on a character:
    // each a run that `word_run` vouches for or one character that `char_len` accepted.
    // Valid pieces end to end are valid UTF-8.
    Some(unsafe { std::str::from_utf8_unchecked(bytes) })
}

/// Whether `bytes` are valid UTF-8, by runs of words ([`word_run`]) and the characters
/// between them ([`char_len`]).
fn by_words(bytes: &[u8]) -> bool {
    let mut i = 0;
    while i < bytes.len() {
        i += word_run(&bytes[i..]);
        if i == bytes.len() {
            break;
        }
        match char_len(&bytes[i..]) {
            Some(n) => i += n,
            None => return false,
        }
    }
    true
}

/// Whether at least a quarter of 32 bytes from the middle of a line are not ASCII (a line
/// of Ukrainian or Russian text): which check is quicker, not what it answers.
fn mostly_past_ascii(bytes: &[u8]) -> bool {
    let mid = bytes.len() / 2;
    bytes.get(mid..mid + 32).is_some_and(|sample| {
        let high = sample.iter().filter(|&&b| b >= 0x80).count();
        high >= 8
    })
}

/// The length of the character that starts `bytes` (not empty), if it is valid UTF-8: the
/// standard library's check of that one character.
fn char_len(bytes: &[u8]) -> Option<usize> {
    let width = match bytes[0] {
        0..=0x7F => 1,
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        _ => 4,
    };
    std::str::from_utf8(bytes.get(..width)?).ok().map(|_| width)
}

/// Eight copies of a byte.
const fn lanes(b: u8) -> u64 {
    u64::from_ne_bytes([b; 8])
}

/// The high bit of each lane of `w` that holds `b`, and maybe of lanes above such a lane
/// (a borrow): not zero exactly when some lane holds `b`.
#[inline(always)]
fn lanes_equal(w: u64, b: u8) -> u64 {
    let x = w ^ lanes(b);
    x.wrapping_sub(lanes(1)) & !x & lanes(0x80)
}

/// The length of a prefix of `bytes` in whole eight-byte words, less a character cut at its
/// end, that is valid UTF-8 of characters of one to three bytes, and whose three-byte
/// characters start with E1 to EC or EE to EF (the leads E0 and ED, which need a test of
/// the next byte, are left to [`char_len`]). ASCII is skipped sixteen bytes at a time.
fn word_run(bytes: &[u8]) -> usize {
    const HIGH: u64 = lanes(0x80);
    let word = |w: &[u8]| u64::from_le_bytes(w.try_into().expect("eight bytes"));
    let mut n = 0;
    // The continuation bytes that the leads of the last word announce for the next one
    // (their high bits, in the lanes where they must be).
    let mut carry = 0u64;
    let mut pairs = bytes.chunks_exact(16);
    for pair in &mut pairs {
        let (a, b) = (word(&pair[..8]), word(&pair[8..]));
        if (a | b) & HIGH | carry == 0 {
            n += 16;
            continue;
        }
        for w in [a, b] {
            if !word_ok(w, &mut carry) {
                return open_start(bytes, n, carry);
            }
            n += 8;
        }
    }
    if let Some(last) = pairs.remainder().get(..8) {
        if word_ok(word(last), &mut carry) {
            n += 8;
        }
    }
    open_start(bytes, n, carry)
}

/// Whether a word continues valid UTF-8 as [`word_run`] takes it, given the continuation
/// bytes `carry` that the last word announced (then set to what this one announces). Every
/// lead byte must be followed by the continuation bytes it announces, and every
/// continuation byte follow such a lead.
#[inline(always)]
fn word_ok(w: u64, carry: &mut u64) -> bool {
    const HIGH: u64 = lanes(0x80);
    // Per lane, in its high bit (bits 6, 5 and 4 of a lane shifted up to its bit 7;
    // nothing shifted in from the lane below reaches bit 7): 10xxxxxx, 11xxxxxx, 110xxxxx.
    let (w1, w2) = (w << 1, w << 2);
    let cont = w & !w1 & HIGH;
    let lead = w & w1 & HIGH;
    let lead2 = lead & !w2;
    // C0 and C1 (overlong): a two-byte lead whose bits 4 to 1 are all zero. The sum stays
    // in its lane (0x1E + 0x7E < 0x100) and sets bit 7 unless those bits are zero.
    let overlong = lead2 & !((w & lanes(0x1E)) + lanes(0x7E));
    // Little-endian: the byte after lane k is lane k + 1, eight bits up.
    let longer = lead ^ lead2;
    if longer == 0 {
        // ASCII and two-byte characters (most Ukrainian and Russian text).
        if overlong | (cont ^ (lead2 << 8 | *carry)) != 0 {
            return false;
        }
        *carry = lead2 >> 56;
        return true;
    }
    let lead3 = longer & !(w << 3);
    let expected = (lead2 | lead3) << 8 | lead3 << 16 | *carry;
    let bad = (longer ^ lead3)
        | overlong
        | (cont ^ expected)
        | lanes_equal(w, 0xE0)
        | lanes_equal(w, 0xED);
    if bad != 0 {
        return false;
    }
    *carry = (lead2 | lead3) >> 56 | lead3 >> 48;
    true
}

/// `n`, or if the words before it end inside a character (`carry` is not zero), the start
/// of that character: one of the last two bytes, the bytes after it continuation bytes.
fn open_start(bytes: &[u8], mut n: usize, carry: u64) -> usize {
    if carry != 0 {
        n -= 1;
        while bytes[n] & 0xC0 == 0x80 {
            n -= 1;
        }
    }
    n
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

    /// The word-at-a-time check answers as the standard library does.
    #[test]
    fn utf8_agrees_with_the_standard_library() {
        let mut cases: Vec<Vec<u8>> = [
            "",
            "a",
            "Харків і Київ, 2024 — «так» ’ “quoted” 😀 ok",
            "ЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯЯ",
            "a\u{7ff}\u{80}\u{800}\u{ffff}\u{10000}\u{10ffff}é",
        ]
        .iter()
        .map(|s| s.as_bytes().to_vec())
        .collect();
        for bad in [
            &[0xC0, 0x80][..],
            &[0xC1, 0xBF],
            &[0xC2],
            &[0x80],
            &[0xE0, 0x80, 0x80],
            &[0xED, 0xA0, 0x80],
            &[0xF4, 0x90, 0x80, 0x80],
            &[0xF8, 0x88, 0x80, 0x80, 0x80],
            &[0xFF],
            &[0xD0, 0xD0],
        ] {
            // At every offset in and across the eight-byte words.
            for pad in 0..17 {
                for tail in [0, 1, 7, 9] {
                    let mut v = "Я".repeat(pad / 2).into_bytes();
                    v.resize(v.len() + pad % 2, b'x');
                    v.extend_from_slice(bad);
                    v.extend("ж".repeat(tail).bytes());
                    cases.push(v);
                }
            }
        }
        for v in cases {
            assert_eq!(utf8(&v), std::str::from_utf8(&v).ok(), "{v:x?}");
            assert_eq!(by_words(&v), std::str::from_utf8(&v).is_ok(), "{v:x?}");
        }
    }

    /// Every lead byte with every next byte and some third ones, at every lane of a word and
    /// across words, after ASCII and after two-byte characters.
    #[test]
    fn utf8_agrees_on_every_short_sequence() {
        for b0 in 0x80..=0xFFu8 {
            for b1 in 0..=0xFFu8 {
                for b2 in [0x00, 0x41, 0x80, 0x9F, 0xA0, 0xBF, 0xC0, 0xD0, 0xE2] {
                    for at in 0..10 {
                        let mut v = vec![b'a'; at];
                        if at % 3 == 2 {
                            v.splice(..2, "ж".bytes());
                        }
                        v.extend([b0, b1, b2, 0x80, 0x80]);
                        v.resize(24, b'z');
                        assert_eq!(by_words(&v), std::str::from_utf8(&v).is_ok(), "{v:x?}");
                        v.truncate(at + 3);
                        assert_eq!(by_words(&v), std::str::from_utf8(&v).is_ok(), "{v:x?}");
                    }
                }
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn utf8_agrees_on_any_bytes(v in proptest::collection::vec(
            proptest::prop_oneof![0x20u8..0x7F, 0x80u8..0xC0, 0xC0u8..0xE0, 0xE0u8..=0xFF],
            0..40,
        )) {
            proptest::prop_assert_eq!(utf8(&v), std::str::from_utf8(&v).ok());
            proptest::prop_assert_eq!(by_words(&v), std::str::from_utf8(&v).is_ok());
        }

        #[test]
        fn utf8_agrees_on_text_with_a_byte_changed(
            s in "[a-zЯяєі’—😀\u{800}\u{d7ff}\u{e000}\u{ffff} ]{0,40}",
            at in 0usize..200,
            byte in proptest::num::u8::ANY,
        ) {
            let mut v = s.into_bytes();
            proptest::prop_assert_eq!(by_words(&v), std::str::from_utf8(&v).is_ok());
            if !v.is_empty() {
                let k = at % v.len();
                v[k] = byte;
            }
            proptest::prop_assert_eq!(utf8(&v), std::str::from_utf8(&v).ok());
            proptest::prop_assert_eq!(by_words(&v), std::str::from_utf8(&v).is_ok());
            proptest::prop_assert_eq!(by_words(&v), std::str::from_utf8(&v).is_ok());
        }
    }

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
