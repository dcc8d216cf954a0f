//! Where a run's full event reports wait while only their keys are in memory: each document's
//! reports, language and URL as one length-prefixed JSON record, kept in memory up to
//! [`BUFFER`] bytes and then in an unnamed temporary file in the system's temporary folder
//! (`TMPDIR`), which the system removes when the run ends, however it ends.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::error::{Error, ErrorKind, Location, Result};
use crate::events::EventReport;
use crate::result::DocInfo;
use crate::text::Date;

/// Bytes kept in memory before they go to the temporary file.
pub const BUFFER: usize = 256 << 10;

/// One document's part of the spill.
#[derive(Debug, Default, Serialize, Deserialize)]
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

#[derive(Serialize)]
struct SpilledRef<'a> {
    doc: &'a str,
    lang: &'a str,
    url: Option<&'a str>,
    reports: &'a [EventReport],
}

/// Records being written.
pub struct Spill {
    mem: Vec<u8>,
    file: Option<File>,
    on_disk: u64,
    /// The folder of the temporary file, if the spill may use one.
    dir: Option<PathBuf>,
}

impl Spill {
    /// A spill that moves to a temporary file in `dir` past [`BUFFER`] bytes, or (`None`)
    /// stays in memory.
    pub fn new(dir: Option<PathBuf>) -> Spill {
        Spill {
            mem: Vec::new(),
            file: None,
            on_disk: 0,
            dir,
        }
    }

    /// Adds a document's reports; returns where they are.
    pub fn push(
        &mut self,
        doc: &str,
        lang: &str,
        url: Option<&str>,
        reports: &[EventReport],
    ) -> Result<u64> {
        let at = self.on_disk + self.mem.len() as u64;
        let start = self.mem.len();
        self.mem.extend_from_slice(&[0; 4]);
        let rec = SpilledRef {
            doc,
            lang,
            url,
            reports,
        };
        serde_json::to_writer(&mut self.mem, &rec).expect("reports serialize");
        let len = u32::try_from(self.mem.len() - start - 4).map_err(|_| {
            Error::new(
                ErrorKind::Input("a document's event reports exceed 4 GiB".into()),
                Location::file(doc),
            )
        })?;
        self.mem[start..start + 4].copy_from_slice(&len.to_le_bytes());
        if self.mem.len() >= BUFFER {
            if let Some(dir) = self.dir.clone() {
                self.flush(&dir)?;
            }
        }
        Ok(at)
    }

    fn flush(&mut self, dir: &Path) -> Result<()> {
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

    /// Bytes held in memory (for tests of bounded memory).
    pub fn bytes_in_memory(&self) -> usize {
        self.mem.capacity()
    }

    /// The records, for reading.
    pub fn finish(mut self) -> Result<Store> {
        self.mem.shrink_to_fit();
        Ok(Store {
            mem: self.mem,
            file: self.file.map(Mutex::new),
            on_disk: self.on_disk,
            dir: self.dir.unwrap_or_default(),
        })
    }
}

/// Records for reading back.
#[derive(Debug, Default)]
pub struct Store {
    mem: Vec<u8>,
    file: Option<Mutex<File>>,
    on_disk: u64,
    dir: PathBuf,
}

impl Store {
    /// The record written at `at`.
    pub fn read(&self, at: u64) -> Result<SpilledDoc> {
        let bytes = if at >= self.on_disk {
            let at = (at - self.on_disk) as usize;
            let len = u32::from_le_bytes(self.mem[at..at + 4].try_into().expect("4 bytes"));
            std::borrow::Cow::Borrowed(&self.mem[at + 4..at + 4 + len as usize])
        } else {
            let file = self
                .file
                .as_ref()
                .expect("records before on_disk are in the file");
            let mut f = file.lock().unwrap_or_else(|e| e.into_inner());
            let read = |f: &mut File| -> std::io::Result<Vec<u8>> {
                f.seek(SeekFrom::Start(at))?;
                let mut len = [0; 4];
                f.read_exact(&mut len)?;
                let mut buf = vec![0; u32::from_le_bytes(len) as usize];
                f.read_exact(&mut buf)?;
                Ok(buf)
            };
            std::borrow::Cow::Owned(read(&mut f).map_err(|e| Error::io(&self.dir, e))?)
        };
        serde_json::from_slice(&bytes)
            .map_err(|e| Error::new(ErrorKind::Json(e.to_string()), Location::file(&self.dir)))
    }
}

/// The reports of a run's events as they wait in the spill (see [`crate::spill`]).
#[derive(Debug, Default)]
pub struct ReportStore {
    pub spill: Store,
    /// Where each document's record is.
    pub doc_at: Vec<u64>,
    /// Each document's first report (report indexes are in arrival order).
    pub doc_first: Vec<u32>,
    /// Each document's rank among the ids.
    pub ranks: Vec<u32>,
    /// Years for month-day dates, by document rank (see [`crate::events::merge::year_anchors`]).
    pub anchors: HashMap<u32, Date>,
    /// Report indexes by event (see [`Event::members`]).
    pub members: Vec<u32>,
}

/// The last document read back.
#[derive(Default)]
pub struct DocCache {
    at: Option<usize>,
    doc: SpilledDoc,
    info: DocInfo,
}

impl ReportStore {
    fn ordinal(&self, report: u32) -> usize {
        self.doc_first.partition_point(|&f| f <= report) - 1
    }

    /// A report (its date anchored as the merge anchored it) and its document's language
    /// and URL.
    pub fn report<'c>(
        &self,
        i: u32,
        cache: &'c mut DocCache,
    ) -> Result<(EventReport, &'c DocInfo)> {
        let d = self.ordinal(i);
        if cache.at != Some(d) {
            cache.doc = self.spill.read(self.doc_at[d])?;
            cache.info = DocInfo {
                lang: std::mem::take(&mut cache.doc.lang),
                url: cache.doc.url.take(),
            };
            cache.at = Some(d);
        }
        let mut r = cache.doc.reports[(i - self.doc_first[d]) as usize].clone();
        if let Some(new) =
            crate::events::merge::reanchored(r.date, self.anchors.get(&self.ranks[d]))
        {
            r.date = Some(new);
            r.date_inferred = true;
        }
        Ok((r, &cache.info))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::dates::PartialDate;
    use crate::events::EventType;
    use crate::gazetteer::Gazetteer;
    use crate::result::{DocRecord, Reducer};

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
            .map(|id| spill.push(id, "uk", Some("https://a"), &[]).unwrap())
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
            .map(|id| spill.push(id, "en", None, &[]))
            .find_map(Result::err)
            .expect("the folder does not exist");
        assert!(
            err.to_string().contains(&*missing.to_string_lossy()),
            "{err}"
        );
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

    /// The reducer holds a fixed-size key per report, not the report: its memory grows by
    /// the same few dozen bytes per report whether sentences are short or long, while the
    /// reports (and their text) wait on disk and all come back in the outputs.
    #[test]
    fn reducer_keeps_keys_not_reports() {
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
        let per_report = long as f64 / 16_000.0;
        assert!(
            long <= short + crate::spill::BUFFER,
            "{long} bytes held for long sentences, {short} for short"
        );
        assert!(per_report < 120.0, "{per_report} bytes per report");
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
