//! Where a run's full event reports wait while only their keys are in memory: each document's
//! reports, language and URL as one length-prefixed binary record (see [`encode`]), kept in
//! memory up to [`BUFFER`] bytes and then in an unnamed temporary file in the system's
//! temporary folder (`TMPDIR`), which the system removes when the run ends, however it ends.
//! The reports' keys wait the same way in a [`KeyLog`], and the documents' ids in an
//! [`IdLog`], until the events are merged, so nothing a run holds while documents stream in
//! grows with their number.

use std::fs::File;
use std::io::Write;
use std::path::PathBuf;
use std::sync::Mutex;

use crate::error::{Error, ErrorKind, Location, Result};

use crate::events::EventReport;
use crate::result::DocInfo;

mod blocks;
mod codec;
pub(crate) mod ids;
mod keys;
pub(crate) mod sort;
use blocks::OnDisk;
#[cfg(test)]
use codec::decode;
use codec::encode;
pub use codec::Fields;
pub use ids::IdLog;
pub use keys::{KeyLog, Loc, Member};
use sort::Log;

/// Bytes kept in memory before they go to the temporary file.
pub const BUFFER: usize = 256 << 10;

/// One document's part of the spill, decoded whole (for tests: a run reads one report at a
/// time, see [`ReportStore::report`]).
#[cfg(test)]
#[derive(Debug, Default)]
pub struct SpilledDoc {
    /// Document id.
    pub doc: String,
    /// Language code.
    pub lang: String,
    /// URL, if any.
    pub url: Option<String>,
    /// The document's event reports, in extraction order.
    pub reports: Vec<EventReport>,
}

/// Bytes buffered in memory, then appended to an unnamed temporary file.
struct Buffered {
    mem: Vec<u8>,
    /// Bytes held in memory before they go to the file.
    cap: usize,
    file: Option<File>,
    on_disk: u64,
    /// The folder of the temporary file, if there may be one.
    dir: Option<PathBuf>,
}

impl Buffered {
    fn new(dir: Option<PathBuf>, cap: usize) -> Buffered {
        Buffered {
            mem: Vec::new(),
            cap,
            file: None,
            on_disk: 0,
            dir,
        }
    }

    /// Bytes written so far.
    fn len(&self) -> u64 {
        self.on_disk + self.mem.len() as u64
    }

    /// Moves the buffer to the file once it holds `cap` bytes (if there is a folder).
    fn spill_if_full(&mut self) -> Result<()> {
        if self.mem.len() < self.cap {
            return Ok(());
        }
        let Some(dir) = &self.dir else { return Ok(()) };
        let file = match &mut self.file {
            Some(f) => f,
            None => self
                .file
                .insert(tempfile::tempfile_in(dir).map_err(|e| Error::io(dir, e))?),
        };
        file.write_all(&self.mem).map_err(|e| Error::io(dir, e))?;
        self.on_disk += self.mem.len() as u64;
        self.mem.clear();
        Ok(())
    }
}

/// Records being written.
pub struct Spill(Buffered);

impl Spill {
    /// A spill that moves to a temporary file in `dir` past [`BUFFER`] bytes, or (`None`)
    /// stays in memory.
    pub fn new(dir: Option<PathBuf>) -> Spill {
        Spill(Buffered::new(dir, BUFFER))
    }

    /// Adds a document's reports; returns where they are, and puts where each report is in
    /// `locs` (after what it held).
    pub fn push(
        &mut self,
        doc: &str,
        lang: &str,
        url: Option<&str>,
        reports: &[EventReport],
        locs: &mut Vec<Loc>,
    ) -> Result<u64> {
        let b = &mut self.0;
        let at = b.len();
        let start = b.mem.len();
        b.mem.extend_from_slice(&[0; 4]);
        let first = locs.len();
        encode(&mut b.mem, doc, lang, url, reports, locs);
        for l in &mut locs[first..] {
            l.set_at(at);
        }
        let len = u32::try_from(b.mem.len() - start - 4).map_err(|_| {
            Error::new(
                ErrorKind::Input("a document's event reports exceed 4 GiB".into()),
                Location::file(doc),
            )
        })?;
        b.mem[start..start + 4].copy_from_slice(&len.to_le_bytes());
        b.spill_if_full()?;
        Ok(at)
    }

    /// Bytes held in memory (for tests of bounded memory).
    pub fn bytes_in_memory(&self) -> usize {
        self.0.mem.capacity()
    }

    /// The records, for reading: those in memory go to the file if there is one.
    pub fn finish(self) -> Result<Store> {
        let mut b = self.0;
        if let (Some(dir), Some(file)) = (&b.dir, &mut b.file) {
            file.write_all(&b.mem).map_err(|e| Error::io(dir, e))?;
            b.on_disk += b.mem.len() as u64;
            b.mem = Vec::new();
        }
        b.mem.shrink_to_fit();
        Ok(Store {
            mem: b.mem,
            file: b.file.map(|f| Mutex::new(OnDisk::new(f))),
            on_disk: b.on_disk,
            dir: b.dir.unwrap_or_default(),
        })
    }
}

/// Records for reading back.
#[derive(Debug, Default)]
pub struct Store {
    mem: Vec<u8>,
    file: Option<Mutex<OnDisk>>,
    on_disk: u64,
    dir: PathBuf,
}

impl Store {
    /// The record written at `at`.
    #[cfg(test)]
    pub fn read(&self, at: u64) -> Result<SpilledDoc> {
        self.with_body(at, decode)
    }

    /// The body (after its length) of the record written at `at`, if it is in memory.
    fn in_mem(&self, at: u64) -> Option<&[u8]> {
        let at = usize::try_from(at.checked_sub(self.on_disk)?).ok()?;
        let len = u32::from_le_bytes(self.mem.get(at..at + 4)?.try_into().ok()?) as usize;
        self.mem.get(at + 4..at + 4 + len)
    }

    /// What `f` reads from the body of the record written at `at` (`None`: the record is
    /// damaged), the body where it is, in memory or in a block kept from the file, not
    /// copied out: most reports read back are of another record than the one before.
    fn with_body<T>(&self, at: u64, f: impl FnOnce(&[u8]) -> Option<T>) -> Result<T> {
        if at >= self.on_disk {
            let b = self.in_mem(at).ok_or_else(|| self.damaged())?;
            return f(b).ok_or_else(|| self.damaged());
        }
        let file = self
            .file
            .as_ref()
            .expect("records before on_disk are in the file");
        // The lock is uncontended: one reader.
        let mut d = file.lock().unwrap_or_else(|e| e.into_inner());
        let record = d.record(at).map_err(|e| Error::io(&self.dir, e))?;
        f(&record[4..]).ok_or_else(|| self.damaged())
    }

    fn damaged(&self) -> Error {
        Error::new(
            ErrorKind::Input("a temporary file of event reports is damaged".into()),
            Location::file(&self.dir),
        )
    }
}

/// The reports of a run's events as they wait in the spill (see [`crate::spill`]).
#[derive(Debug, Default)]
pub struct ReportStore {
    pub spill: Store,
    /// The reports by event (see [`crate::events::Event::members`]).
    pub members: Log<Member>,
}

/// The last document read back: its header, so that the next report of the same record
/// does not read it again.
#[derive(Default)]
pub struct DocCache {
    at: Option<u64>,
    doc: String,
    info: DocInfo,
}

impl ReportStore {
    /// What `f` reads of the report at `loc` (given its record's body, the report's offset
    /// in it and the record's document id), the record's header read into `cache` unless it
    /// is the one before's.
    fn read<T>(
        &self,
        loc: Loc,
        cache: &mut DocCache,
        f: impl FnOnce(&[u8], usize, &str) -> Option<T>,
    ) -> Result<T> {
        let at = loc.at();
        self.spill.with_body(at, |body| {
            if cache.at != Some(at) {
                cache.at = None;
                codec::header_into(body, &mut cache.doc, &mut cache.info)?;
                cache.at = Some(at);
            }
            f(body, loc.off as usize, &cache.doc)
        })
    }

    /// The report at `loc` and its document's language and URL (its date as written; its
    /// sentence's text only if `text`).
    pub fn report<'c>(
        &self,
        loc: Loc,
        cache: &'c mut DocCache,
        text: bool,
    ) -> Result<(EventReport, &'c DocInfo)> {
        let r = self.read(loc, cache, |body, off, doc| {
            codec::report_at(body, off, doc, text)
        })?;
        Ok((r, &cache.info))
    }

    /// A member's report with its date as merged (its sentence's text only if `text`).
    pub fn member<'c>(
        &self,
        m: &Member,
        cache: &'c mut DocCache,
        text: bool,
    ) -> Result<(EventReport, &'c DocInfo)> {
        let (mut r, info) = self.report(m.loc, cache, text)?;
        (r.date, r.date_inferred) = (m.date.get(), m.date_inferred);
        Ok((r, info))
    }

    /// A member's report, with its date as merged, decoded into `out` (reusing its buffers;
    /// only its `fields`), and its document's language and URL.
    pub fn member_into<'c>(
        &self,
        m: &Member,
        cache: &'c mut DocCache,
        out: &mut EventReport,
        fields: Fields,
    ) -> Result<&'c DocInfo> {
        self.read(m.loc, cache, |body, off, doc| {
            codec::report_into(body, off, doc, out, fields)
        })?;
        (out.date, out.date_inferred) = (m.date.get(), m.date_inferred);
        Ok(&cache.info)
    }

    /// The document id, language and URL of the record at `at`.
    pub fn header(&self, at: u64) -> Result<(String, DocInfo)> {
        let h = self.spill.with_body(at, codec::header_of)?;
        let info = DocInfo {
            lang: h.lang,
            url: h.url,
        };
        Ok((h.doc, info))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::dates::PartialDate;
    use crate::events::merge::{PackedDate, ReportKey};
    use crate::events::EventType;
    use crate::gazetteer::Gazetteer;
    use crate::result::{DocRecord, Reducer};
    use crate::text::Date;
    use blocks::{BLOCK, BLOCKS};

    /// Records come back from memory and from the file alike; a temporary folder that cannot
    /// be written is an error naming it.
    #[test]
    fn records_come_back_and_errors_name_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        let mut spill = Spill::new(Some(dir.path().to_path_buf()));
        let ids: Vec<String> = (0..3000)
            .map(|i| format!("doc{i}{}", "x".repeat(500)))
            .collect();
        let at: Vec<u64> = ids
            .iter()
            .map(|id| {
                spill
                    .push(id, "uk", Some("https://a"), &[], &mut Vec::new())
                    .unwrap()
            })
            .collect();
        assert!(spill.bytes_in_memory() <= 2 * BUFFER);
        let store = spill.finish().unwrap();
        assert!(store.on_disk > 0, "past the buffer, records are on disk");
        for (i, &a) in at.iter().enumerate().step_by(97) {
            let d = store.read(a).unwrap();
            assert_eq!((d.doc.as_str(), d.lang.as_str()), (ids[i].as_str(), "uk"));
        }
        let last = store.read(*at.last().unwrap()).unwrap();
        assert_eq!(last.doc, ids[2999]);

        let missing = dir.path().join("missing");
        let mut spill = Spill::new(Some(missing.clone()));
        let err = ids
            .iter()
            .map(|id| spill.push(id, "en", None, &[], &mut Vec::new()))
            .find_map(Result::err)
            .expect("the folder does not exist");
        assert!(
            err.to_string().contains(&*missing.to_string_lossy()),
            "{err}"
        );
    }

    /// Records read back through the kept blocks: in file order, backwards, jumping between
    /// far parts of the file (more than [`BLOCKS`] blocks apart) and longer than a block,
    /// each comes back as written; a position past the end is an error.
    #[test]
    fn records_come_back_through_kept_blocks() {
        let dir = tempfile::tempdir().unwrap();
        let mut spill = Spill::new(Some(dir.path().to_path_buf()));
        // Sizes from a few bytes to three blocks, so records straddle blocks.
        let ids: Vec<String> = (0..2000)
            .map(|i| format!("doc{i}-{}", "я".repeat((i * 7919) % (3 * BLOCK / 2))))
            .collect();
        let at: Vec<u64> = ids
            .iter()
            .map(|id| spill.push(id, "uk", None, &[], &mut Vec::new()).unwrap())
            .collect();
        let store = spill.finish().unwrap();
        assert!(store.on_disk > (BLOCKS * BLOCK) as u64 * 4);
        let n = ids.len();
        let orders: [Vec<usize>; 3] = [
            (0..n).collect(),
            (0..n).rev().collect(),
            (0..n).map(|i| (i * 577) % n).collect(),
        ];
        for order in orders {
            for i in order {
                assert_eq!(store.read(at[i]).unwrap().doc, ids[i], "record {i}");
            }
        }
        let end = store.on_disk + store.mem.len() as u64;
        assert!(store.read(end).is_err());
        assert!(store.read(end + 10 * BLOCK as u64).is_err());
    }

    /// A damaged record (cut short anywhere, or with any byte changed) decodes to nothing or
    /// to some record, never a panic: a damaged temporary file is an error, not a crash.
    #[test]
    fn damaged_records_never_panic() {
        let gaz = crate::testing::gazetteer();
        let rec = strike_record(gaz, "d1", 30);
        let mut bytes = Vec::new();
        let mut locs = Vec::new();
        codec::encode(
            &mut bytes,
            "d1",
            "uk",
            Some("https://a"),
            &rec.reports,
            &mut locs,
        );
        assert!(codec::decode(&bytes).is_some());
        assert_eq!(locs.len(), rec.reports.len());
        for (k, l) in locs.iter().enumerate() {
            assert_eq!(
                codec::report_at(&bytes, l.off as usize, "d1", true),
                Some(rec.reports[k].clone())
            );
        }
        // Reading one report: the header and the report alone, whatever the bytes.
        let one = |b: &[u8]| {
            codec::header_of(b).map(|h| {
                locs.iter()
                    .filter_map(|l| codec::report_at(b, l.off as usize, &h.doc, true))
                    .count()
            })
        };
        for cut in 0..bytes.len() {
            assert!(codec::decode(&bytes[..cut]).is_none(), "cut at {cut}");
            assert!(one(&bytes[..cut]) < Some(locs.len()), "cut at {cut}");
        }
        for i in 0..bytes.len() {
            for v in [0u8, 0x7f, 0xff] {
                let mut b = bytes.clone();
                b[i] = v;
                let _ = codec::decode(&b);
                let _ = one(&b);
            }
        }
    }

    /// Every field of a report comes back as it went in, through memory and the file alike:
    /// optional fields set and unset, month-day and full dates, several weapons, a report
    /// whose document id is not its record's, Cyrillic text.
    #[test]
    fn reports_come_back_whole() {
        let gaz = crate::testing::gazetteer();
        let mut rec = strike_record(gaz, "d1", 30);
        let r = &mut rec.reports[1];
        r.location_text = Some("Шевченківський район".into());
        r.actor2 = Some("Civilians (Ukraine)".into());
        r.injured = Some(62);
        r.date = Some(PartialDate::MonthDay(12, 30));
        r.date_inferred = true;
        r.weapons = ["KN-23".to_string(), "Shahed".to_string()].into();
        r.sentence_text = "Вночі росіяни вдарили по Харкову".into();
        r.sentence = (5_000_000_000, 5_000_000_031);
        let r = &mut rec.reports[2];
        r.doc = "another".into();
        r.date = None;
        r.actor1 = None;
        r.fatalities = None;
        r.weapons.clear();
        r.event_type = EventType::ALL[EventType::ALL.len() - 1];
        r.type_specific = false;
        let dir = tempfile::tempdir().unwrap();
        let mut spill = Spill::new(Some(dir.path().to_path_buf()));
        let (mut at, mut locs) = (Vec::new(), Vec::new());
        for i in 0..2000 {
            let url = (i % 2 == 0).then_some("https://a/?q=Харків");
            at.push(
                spill
                    .push("d1", "uk", url, &rec.reports, &mut locs)
                    .unwrap(),
            );
        }
        let store = spill.finish().unwrap();
        assert!(store.on_disk > 0);
        for (i, &a) in at
            .iter()
            .enumerate()
            .step_by(333)
            .chain([(1999, &at[1999])])
        {
            let back = store.read(a).unwrap();
            assert_eq!(back.reports, rec.reports, "record {i}");
            assert_eq!(back.url.is_some(), i % 2 == 0);
            assert_eq!((back.doc.as_str(), back.lang.as_str()), ("d1", "uk"));
        }
        // One report at a time, alone or into the buffers of the one before, in any order.
        let store = ReportStore {
            spill: store,
            members: Log::default(),
        };
        let (mut cache, mut reused) = (DocCache::default(), None);
        for i in (0..at.len()).rev().step_by(7) {
            for (k, want) in rec.reports.iter().enumerate().rev() {
                let m = Member {
                    loc: locs[i * rec.reports.len() + k],
                    date: PackedDate::new(want.date),
                    date_inferred: want.date_inferred,
                };
                let (whole, info) = store.member(&m, &mut cache, true).unwrap();
                assert_eq!((&whole, info.url.is_some()), (want, i % 2 == 0));
                let (short, _) = store.member(&m, &mut cache, false).unwrap();
                assert_eq!(short.sentence_text, "");
                assert_eq!(short.sentence, want.sentence);
                let r = reused.get_or_insert_with(|| short.clone());
                store
                    .member_into(&m, &mut cache, r, Fields::NoText)
                    .unwrap();
                assert_eq!((r.sentence_text.as_str(), r.sentence), ("", want.sentence));
                store
                    .member_into(&m, &mut cache, r, Fields::Evidence)
                    .unwrap();
                let mut brief = want.clone();
                (brief.location_text, brief.actor1, brief.actor2) = (None, None, None);
                brief.weapons.clear();
                assert_eq!(r, &brief, "record {i}, report {k}");
                store.member_into(&m, &mut cache, r, Fields::All).unwrap();
                assert_eq!(r, want, "record {i}, report {k}");
            }
        }
    }

    /// Keys come back in order from memory and the file, and the log holds at most its
    /// buffer in memory however many keys it is given.
    #[test]
    fn keys_come_back_in_order_and_wait_on_disk() {
        let gaz = crate::testing::gazetteer();
        let rec = strike_record(gaz, "d", 10);
        let keys: Vec<(ReportKey, Loc)> = (0..60_000u32)
            .map(|i| {
                let mut k = ReportKey::of(&rec.reports[(i % 4) as usize], i / 3);
                k.sentence = i.wrapping_mul(2_654_435_761);
                k.date_inferred = i % 5 == 0;
                (k, Loc::new(u64::from(i) << 20 | u64::from(i % 7), i % 11))
            })
            .collect();
        let dir = tempfile::tempdir().unwrap();
        let mut log = KeyLog::new(Some(dir.path().to_path_buf()));
        for (k, l) in &keys {
            log.push(k, *l).unwrap();
        }
        assert!(
            log.bytes_in_memory() <= 2 * BUFFER,
            "{}",
            log.bytes_in_memory()
        );
        let log = log.finish().unwrap();
        for _ in 0..2 {
            let back: Vec<(ReportKey, Loc)> = log.iter().map(Result::unwrap).collect();
            assert!(back == keys, "keys differ");
        }
        let mut log = KeyLog::new(None);
        log.push(&keys[7].0, keys[7].1).unwrap();
        let back: Vec<_> = log.finish().unwrap().iter().map(Result::unwrap).collect();
        assert_eq!(back, [keys[7]]);
    }

    /// One document's record: reports of a strike in Kharkiv with a long sentence each.
    fn strike_record(gaz: &Gazetteer, doc: &str, sentence_len: usize) -> DocRecord {
        let kharkiv = gaz.by_id("geonames:706483").unwrap();
        let reports = (0..4)
            .map(|i| EventReport {
                doc: doc.into(),
                event_type: EventType::ShellingArtilleryMissile,
                type_specific: true,
                place: kharkiv,
                geo_precision: 1,
                location_text: None,
                date: Some(PartialDate::Day(Date::new(2024, 1, 2).unwrap())),
                date_inferred: false,
                actor1: Some("Military Forces of Russia".into()),
                actor2: None,
                fatalities: Some(i),
                injured: None,
                weapons: ["KN-23".to_string()].into(),
                sentence: (i as usize * sentence_len, (i as usize + 1) * sentence_len),
                sentence_text: "x".repeat(sentence_len),
            })
            .collect();
        DocRecord {
            doc: doc.into(),
            reports,
            lang: "en".into(),
            ..DocRecord::default()
        }
    }

    /// While records come in, the reducer holds neither reports nor their keys: its memory
    /// does not grow with the reports' number or length (a document id and a position per
    /// document with reports), while the reports wait on disk and all come back in the outputs.
    #[test]
    fn reducer_holds_neither_reports_nor_keys() {
        let gaz = crate::testing::gazetteer();
        let held = |sentence_len: usize, docs: usize| {
            let mut r = Reducer::new(gaz, 3);
            for d in 0..docs {
                r.add(strike_record(gaz, &format!("d{d:05}"), sentence_len));
            }
            (r.report_bytes(), r)
        };
        let (short, _) = held(10, 4000);
        let (long, reducer) = held(2000, 4000);
        // 16,000 reports of 2,000 characters: 32 MB of sentences.
        let per_report = long.saturating_sub(4 * BUFFER) as f64 / 16_000.0;
        assert!(
            long <= short + BUFFER,
            "{long} bytes held for long sentences, {short} for short"
        );
        assert!(per_report < 10.0, "{per_report} bytes per report");
        let summary = reducer.finish().unwrap();
        let e = &summary.events[0];
        assert_eq!(
            (summary.events.len(), e.report_count, e.source_count),
            (1, 16_000, 4000)
        );
        assert_eq!(
            (e.reports.len(), e.sources.len(), e.fatalities),
            (3, 3, Some(3))
        );
        let mut read = 0;
        summary
            .for_each_report(e, |r, info| {
                assert_eq!((r.sentence_text.len(), info.lang.as_str()), (2000, "en"));
                read += 1;
                Ok(())
            })
            .unwrap();
        assert_eq!(read, 16_000);
    }
}
