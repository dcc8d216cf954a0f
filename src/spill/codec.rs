//! The spill's record format: a document's id, language and URL, then its reports. Strings
//! are a u32 length and UTF-8 bytes, options a 0/1 tag and the value, numbers little-endian.
//! A report is its numbers and flags at fixed places (see [`FIXED`]), then its sentence's
//! text (after the text's hash, see [`text_into`]), then its strings: its document id only
//! when it is not the record's, the optional ones only when set. About a third of the
//! JSON's size, and read back without parsing text.

use crate::binary::Reader;
use crate::events::dates::PartialDate;
use crate::events::{EventReport, EventType};
use crate::gazetteer::PlaceId;
use crate::result::DocInfo;
use crate::text::Date;

use super::Loc;
#[cfg(test)]
use super::SpilledDoc;

fn put_u32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    // A record over 4 GiB is refused as a whole (see `Spill::push`).
    put_u32(out, s.len() as u32);
    out.extend_from_slice(s.as_bytes());
}

fn put_opt_str(out: &mut Vec<u8>, s: Option<&str>) {
    match s {
        None => out.push(0),
        Some(s) => {
            out.push(1);
            put_str(out, s);
        }
    }
}

/// Bytes of a report's fixed part, read with one bounds check (a report is read back twice
/// per run; a dozen reads of a byte or a number each, each checked, cost more than its
/// text): event type, flags (see [`flags`]), date kind, geo-precision, place (at 4), year
/// (8), month (12), day (13), fatalities (14), injured (18), weapons (22), sentence start
/// (26) and end (34), then the text's hash (42, just before the text's length and bytes).
const FIXED: usize = 50;

/// Flags of a report's fixed part: booleans and which of its options are set.
mod flags {
    pub const TYPE_SPECIFIC: u8 = 1;
    pub const DATE_INFERRED: u8 = 2;
    pub const OWN_DOC: u8 = 4;
    pub const LOCATION_TEXT: u8 = 8;
    pub const ACTOR1: u8 = 16;
    pub const ACTOR2: u8 = 32;
    pub const FATALITIES: u8 = 64;
    pub const INJURED: u8 = 128;
}

/// A report's fixed part (see [`FIXED`]).
fn fixed_part(r: &EventReport, own_doc: bool) -> [u8; FIXED] {
    use flags::*;
    let mut f = [0u8; FIXED];
    let set = |on: bool, flag: u8| if on { flag } else { 0 };
    f[0] = r.event_type as u8;
    f[1] = set(r.type_specific, TYPE_SPECIFIC)
        | set(r.date_inferred, DATE_INFERRED)
        | set(own_doc, OWN_DOC)
        | set(r.location_text.is_some(), LOCATION_TEXT)
        | set(r.actor1.is_some(), ACTOR1)
        | set(r.actor2.is_some(), ACTOR2)
        | set(r.fatalities.is_some(), FATALITIES)
        | set(r.injured.is_some(), INJURED);
    match r.date {
        None => {}
        Some(PartialDate::MonthDay(m, d)) => (f[2], f[12], f[13]) = (1, m, d),
        Some(PartialDate::Day(d)) => {
            (f[2], f[12], f[13]) = (2, d.month, d.day);
            f[8..12].copy_from_slice(&d.year.to_le_bytes());
        }
    }
    f[3] = r.geo_precision;
    f[4..8].copy_from_slice(&r.place.0.to_le_bytes());
    f[14..18].copy_from_slice(&r.fatalities.unwrap_or(0).to_le_bytes());
    f[18..22].copy_from_slice(&r.injured.unwrap_or(0).to_le_bytes());
    // A record over 4 GiB is refused as a whole (see `Spill::push`).
    f[22..26].copy_from_slice(&(r.weapons.len() as u32).to_le_bytes());
    f[26..34].copy_from_slice(&(r.sentence.0 as u64).to_le_bytes());
    f[34..42].copy_from_slice(&(r.sentence.1 as u64).to_le_bytes());
    f[42..50].copy_from_slice(&text_hash(&r.sentence_text).to_le_bytes());
    f
}

/// Appends one document's record, and to `locs` where each report starts in it (its offset
/// in the record, the record's position left 0).
pub(super) fn encode(
    out: &mut Vec<u8>,
    doc: &str,
    lang: &str,
    url: Option<&str>,
    reports: &[EventReport],
    locs: &mut Vec<Loc>,
) {
    let start = out.len();
    put_str(out, doc);
    put_str(out, lang);
    put_opt_str(out, url);
    put_u32(out, reports.len() as u32);
    for r in reports {
        // A record over 4 GiB is refused as a whole (see `Spill::push`).
        locs.push(Loc::new(0, (out.len() - start) as u32));
        let own_doc = r.doc == doc;
        out.extend_from_slice(&fixed_part(r, own_doc));
        put_str(out, &r.sentence_text);
        if !own_doc {
            put_str(out, &r.doc);
        }
        for s in [&r.location_text, &r.actor1, &r.actor2]
            .into_iter()
            .flatten()
        {
            put_str(out, s);
        }
        for w in &r.weapons {
            put_str(out, w);
        }
    }
}

/// A sentence's text's 64-bit hash, written before it and checked when it is read back in
/// place of checking that it is UTF-8 (see [`text_into`]); 0 for ASCII text, which is as
/// quick to check as to hash.
fn text_hash(text: &str) -> u64 {
    if text.is_ascii() {
        return 0;
    }
    hash(text.as_bytes())
}

fn hash(b: &[u8]) -> u64 {
    use std::hash::BuildHasher;
    foldhash::fast::FixedState::with_seed(0x5eed).hash_one(b)
}

/// Reads a sentence's text (its bytes, `stored` its hash) into `s`. The text is most of a
/// record's bytes, and checking that it is UTF-8 most of the cost of reading a report back
/// (Cyrillic text takes the slow path): its hash is checked instead, several times cheaper
/// (a text whose hash is 0, ASCII or not, is checked as UTF-8).
/// The bytes are those this run wrote from a `&str` into its own unnamed temporary file (or
/// memory); a damaged file fails the hash (a 64-bit hash: a damaged text passes once in
/// 2^64), and a text that fails it is checked as UTF-8 as any other string, never trusted.
fn text_into(bytes: &[u8], stored: u64, s: &mut String) -> Option<()> {
    s.clear();
    if stored == 0 || hash(bytes) != stored {
        // ASCII, or damaged: the text is kept only if it is UTF-8 (read as it is).
        s.push_str(std::str::from_utf8(bytes).ok()?);
        return Some(());
    }
    // SAFETY: the bytes hash as those of the `&str` this run encoded (see `encode`): they
    // are that string's bytes, so UTF-8, but with a chance of 2^-64 for a damaged file.
    s.push_str(unsafe { std::str::from_utf8_unchecked(bytes) });
    Some(())
}

fn get_str(r: &mut Reader) -> Option<String> {
    let n = r.count()?;
    String::from_utf8(r.take(n)?.to_vec()).ok()
}

fn get_opt<T>(r: &mut Reader, f: impl FnOnce(&mut Reader) -> Option<T>) -> Option<Option<T>> {
    match r.u8()? {
        0 => Some(None),
        1 => f(r).map(Some),
        _ => None,
    }
}

/// Reads a string into `s`, reusing its buffer.
fn str_into(r: &mut Reader, s: &mut String) -> Option<()> {
    let n = r.count()?;
    let text = std::str::from_utf8(r.take(n)?).ok()?;
    s.clear();
    s.push_str(text);
    Some(())
}

/// Reads an option set (`set`) or not into `s`.
fn opt_into(r: &mut Reader, s: &mut Option<String>, set: bool) -> Option<()> {
    match set {
        true => str_into(r, s.get_or_insert_with(String::new)),
        false => {
            *s = None;
            Some(())
        }
    }
}

/// What of a report is read back (see [`report_into`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fields {
    /// Every field.
    All,
    /// Every field but the sentence's text, left empty (its bytes not checked): for the
    /// reports an event folds in past those it keeps.
    NoText,
    /// What `evidence.csv` writes: the location text, actors and weapons are left empty
    /// (their bytes skipped, not checked), as every report of every event is read for it.
    Evidence,
}

impl Fields {
    /// Every field, the sentence's text only if `text`.
    pub fn with_text(text: bool) -> Fields {
        if text {
            Fields::All
        } else {
            Fields::NoText
        }
    }
}

fn decode_report(r: &mut Reader, doc: &str, text: bool) -> Option<EventReport> {
    let mut out = EventReport {
        doc: String::new(),
        event_type: EventType::ALL[0],
        type_specific: false,
        place: PlaceId(0),
        geo_precision: 0,
        location_text: None,
        date: None,
        date_inferred: false,
        actor1: None,
        actor2: None,
        fatalities: None,
        injured: None,
        weapons: Default::default(),
        sentence: (0, 0),
        sentence_text: String::new(),
    };
    decode_report_into(r, doc, &mut out, Fields::with_text(text))?;
    Some(out)
}

/// The `N` bytes at `i` of a report's fixed part.
fn le<const N: usize>(f: &[u8; FIXED], i: usize) -> [u8; N] {
    f[i..i + N].try_into().expect("N bytes")
}

/// Decodes a report into `out`, reusing its strings' buffers (every field is set, those
/// `fields` leaves out empty).
fn decode_report_into(
    r: &mut Reader,
    doc: &str,
    out: &mut EventReport,
    fields: Fields,
) -> Option<()> {
    use flags::*;
    let f: &[u8; FIXED] = r.take(FIXED)?.try_into().ok()?;
    let flag = |x: u8| f[1] & x != 0;
    out.event_type = *EventType::ALL.get(usize::from(f[0]))?;
    (out.type_specific, out.date_inferred) = (flag(TYPE_SPECIFIC), flag(DATE_INFERRED));
    out.date = match f[2] {
        0 => None,
        1 => Some(PartialDate::MonthDay(f[12], f[13])),
        2 => Some(PartialDate::Day(Date {
            year: i32::from_le_bytes(le(f, 8)),
            month: f[12],
            day: f[13],
        })),
        _ => return None,
    };
    out.geo_precision = f[3];
    out.place = PlaceId(u32::from_le_bytes(le(f, 4)));
    out.fatalities = flag(FATALITIES).then(|| u32::from_le_bytes(le(f, 14)));
    out.injured = flag(INJURED).then(|| u32::from_le_bytes(le(f, 18)));
    let weapons = u32::from_le_bytes(le(f, 22));
    let offset = |i| usize::try_from(u64::from_le_bytes(le(f, i))).ok();
    out.sentence = (offset(26)?, offset(34)?);
    let n = r.count()?;
    let text = r.take(n)?;
    match fields {
        Fields::NoText => out.sentence_text.clear(),
        _ => text_into(text, u64::from_le_bytes(le(f, 42)), &mut out.sentence_text)?,
    }
    if flag(OWN_DOC) {
        out.doc.clear();
        out.doc.push_str(doc);
    } else {
        str_into(r, &mut out.doc)?;
    }
    // Clearing a set walks it even when empty, and most reports name no weapon.
    if !out.weapons.is_empty() {
        out.weapons.clear();
    }
    if fields == Fields::Evidence {
        // The rest of the report is not read at all.
        (out.location_text, out.actor1, out.actor2) = (None, None, None);
        return Some(());
    }
    opt_into(r, &mut out.location_text, flag(LOCATION_TEXT))?;
    opt_into(r, &mut out.actor1, flag(ACTOR1))?;
    opt_into(r, &mut out.actor2, flag(ACTOR2))?;
    for _ in 0..weapons {
        out.weapons.insert(get_str(r)?);
    }
    Some(())
}

/// Decodes the report starting at byte `at` of a record of document `doc` into `out`
/// (see [`report_at`]), reusing its buffers.
pub(super) fn report_into(
    bytes: &[u8],
    at: usize,
    doc: &str,
    out: &mut EventReport,
    fields: Fields,
) -> Option<()> {
    decode_report_into(&mut Reader::at(bytes, at), doc, out, fields)
}

/// A record's document id, language and URL.
pub(super) struct Header {
    pub doc: String,
    pub lang: String,
    pub url: Option<String>,
}

fn header(r: &mut Reader) -> Option<Header> {
    Some(Header {
        doc: get_str(r)?,
        lang: get_str(r)?,
        url: get_opt(r, get_str)?,
    })
}

/// Reads a record's header into `doc` and `info`, reusing their buffers: a language (or
/// URL) that is the one `info` holds already is neither checked nor copied again (a run's
/// documents share a few languages, and most reports read are of another record than the
/// one before).
pub(super) fn header_into(bytes: &[u8], doc: &mut String, info: &mut DocInfo) -> Option<()> {
    let mut r = Reader::new(bytes);
    str_into(&mut r, doc)?;
    new_str_into(&mut r, &mut info.lang)?;
    match r.u8()? {
        0 => info.url = None,
        1 => new_str_into(&mut r, info.url.get_or_insert_with(String::new))?,
        _ => return None,
    }
    Some(())
}

/// [`str_into`] unless `s` holds the string's bytes already (then it is UTF-8).
fn new_str_into(r: &mut Reader, s: &mut String) -> Option<()> {
    let n = r.count()?;
    let bytes = r.take(n)?;
    if s.as_bytes() != bytes {
        s.clear();
        s.push_str(std::str::from_utf8(bytes).ok()?);
    }
    Some(())
}

/// One document's record (`None` if the bytes are not one).
#[cfg(test)]
pub(super) fn decode(bytes: &[u8]) -> Option<SpilledDoc> {
    let mut r = Reader::new(bytes);
    let Header { doc, lang, url } = header(&mut r)?;
    let n = r.count()?;
    let reports = (0..n)
        .map(|_| decode_report(&mut r, &doc, true))
        .collect::<Option<_>>()?;
    Some(SpilledDoc {
        doc,
        lang,
        url,
        reports,
    })
}

/// A record's header.
pub(super) fn header_of(bytes: &[u8]) -> Option<Header> {
    header(&mut Reader::new(bytes))
}

/// The report starting at byte `at` of a record of document `doc` (see [`encode`]).
/// Without `text`, the sentence's text is left empty (its bytes are not checked).
pub(super) fn report_at(bytes: &[u8], at: usize, doc: &str, text: bool) -> Option<EventReport> {
    decode_report(&mut Reader::at(bytes, at), doc, text)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A sentence's text comes back when its hash holds; when the text or its hash is
    /// damaged the text is read as any string is: kept if it is UTF-8, refused if not.
    #[test]
    fn damaged_text_is_checked_as_utf8() {
        let text = "Вночі росіяни вдарили по Харкову";
        let want = EventReport {
            doc: "d".into(),
            event_type: EventType::ALL[0],
            type_specific: false,
            place: PlaceId(7),
            geo_precision: 1,
            location_text: None,
            date: None,
            date_inferred: false,
            actor1: None,
            actor2: None,
            fatalities: None,
            injured: None,
            weapons: Default::default(),
            sentence: (3, 3 + text.len()),
            sentence_text: text.into(),
        };
        let mut bytes = Vec::new();
        let mut locs = Vec::new();
        encode(
            &mut bytes,
            "d",
            "uk",
            None,
            std::slice::from_ref(&want),
            &mut locs,
        );
        let (at, text_at) = (locs[0].off as usize, bytes.len() - text.len());
        let read = |b: &[u8]| report_at(b, at, "d", true).map(|r| r.sentence_text);
        let with = |i: usize, v: u8| {
            let mut b = bytes.clone();
            b[i] = v;
            read(&b)
        };
        assert_eq!(report_at(&bytes, at, "d", true), Some(want.clone()));
        // "В" (D0 92) made "П" (D0 9F): still UTF-8, read as it is.
        assert_eq!(with(text_at + 1, 0x9f), Some(text.replacen('В', "П", 1)));
        assert_eq!(with(text_at, 0xff), None);
        // The hash damaged, the text whole.
        assert_eq!(with(text_at - 5, 0), Some(text.to_string()));
    }
}
