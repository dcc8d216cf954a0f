//! A run's results, as the pipeline hands them to the writers: typed values (gazetteer ids,
//! roles, event types, dates as dates), offsets in Unicode code points of the original text,
//! evidence sentences clipped to a window around the mention.
//!
//! Per document the pipeline makes one [`DocRecord`] (mentions and event reports); `eventmap
//! extract` writes these as JSON lines. A [`Reducer`] folds records into the [`Summary`] that
//! is kept for the end: per place counts and at most a few evidence entries, and the merged
//! events. It gives the same summary whatever the order and grouping of the records, so a
//! run, and a merge of records made in any partitioning, agree.
//!
//! ```
//! use eventmap::{Document, Pipeline};
//! let p = Pipeline::builder().build();
//! let run = p.run(&[Document::new("a", "Explosions were heard in Odesa. Odesa is calm now.")]);
//! let odesa = &run.summary.places[0];
//! assert_eq!((odesa.name.as_str(), odesa.mention_count), ("Odesa", 2));
//! assert_eq!(odesa.role_counts.event, 1);
//! assert_eq!(odesa.document_count, 1);
//! ```

use crate::lexicon::FastMap;
use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::events::merge::ReportKey;
use crate::events::{Event, EventReport};
use crate::gazetteer::{Gazetteer, PlaceId};
use crate::roles::Role;
use crate::spill::{DocCache, Fields, IdLog, KeyLog, Loc, ReportStore, Spill};
mod finish;
mod fold;
mod json;
mod view;

pub use fold::{EvidenceBar, MentionFold};
pub use view::{clip_sentence, clip_sentence_into, MentionView};

/// Code points kept on each side of a mention in an evidence sentence.
pub const SENTENCE_WINDOW: usize = 100;

/// Evidence entries a place or event feature carries by default (`--evidence`).
pub const DEFAULT_EVIDENCE: usize = 3;

/// One mention: offsets in code points of the original text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MentionRow {
    /// Document id.
    pub doc: String,
    /// Start, in Unicode code points.
    pub start: usize,
    /// End (exclusive), in Unicode code points.
    pub end: usize,
    /// The mention as written.
    pub text: String,
    /// The resolved place (an index into the gazetteer in use).
    pub place: Option<PlaceId>,
    /// Resolution confidence in [0, 1] (0 when unresolved).
    pub confidence: f64,
    /// Role in its sentence.
    pub role: Role,
    /// The sentence, clipped to [`SENTENCE_WINDOW`] code points around the mention.
    pub sentence: String,
}

/// Mentions of a place per role.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleCounts {
    /// Where something happened.
    pub event: u64,
    /// A government or its capital acting or speaking.
    pub actor: u64,
    /// Any other mention.
    pub mention: u64,
}

impl RoleCounts {
    /// Counts one mention.
    pub fn add(&mut self, role: Role) {
        match role {
            Role::Event => self.event += 1,
            Role::Actor => self.actor += 1,
            Role::Mention => self.mention += 1,
        }
    }

    /// `event` if at least a quarter of the mentions are events, else the more common of
    /// `actor` and `mention` (actor wins ties).
    pub fn main_role(&self) -> Role {
        let (e, a, m) = (self.event, self.actor, self.mention);
        // Where something happened matters most on a map: a quarter of the mentions is enough.
        if e > 0 && 4 * e >= e + a + m {
            Role::Event
        } else if a > 0 && a >= m {
            Role::Actor
        } else {
            Role::Mention
        }
    }
}

/// One place with its counts and a few evidence mentions.
#[derive(Clone, Debug, PartialEq)]
pub struct PlaceSummary {
    /// The gazetteer entry.
    pub place: PlaceId,
    /// Its canonical name.
    pub name: String,
    /// Number of mentions.
    pub mention_count: u64,
    /// Number of documents mentioning it.
    pub document_count: u64,
    /// Highest confidence among its mentions.
    pub confidence: f64,
    /// Mentions per role.
    pub role_counts: RoleCounts,
    /// At most the evidence limit of its mentions: the first by document id and offset.
    pub evidence: Vec<MentionRow>,
}

impl PlaceSummary {
    /// The role a map shows it in (see [`RoleCounts::main_role`]).
    pub fn main_role(&self) -> Role {
        self.role_counts.main_role()
    }
}

/// What one document gives: its mentions and event reports. `eventmap extract` writes one
/// per line; any number of them, in any order, reduce to a run's [`Summary`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DocRecord {
    /// Document id.
    pub doc: String,
    /// Mentions, by offset.
    pub mentions: Vec<MentionRow>,
    /// Event reports (offsets in code points, sentences clipped).
    pub reports: Vec<EventReport>,
    /// The document's language code (`en`, `uk`, `ru`).
    #[serde(default)]
    pub lang: String,
    /// The document's URL, if the input gave one (evidence links in `map.html`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The document's size in bytes (for progress).
    #[serde(default)]
    pub bytes: u64,
}

/// What the outputs need to know of a source document of an event.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DocInfo {
    /// Language code (`en`, `uk`, `ru`).
    pub lang: String,
    /// URL, if the input gave one.
    pub url: Option<String>,
}

/// What a run keeps for the end: bounded per place, merged events.
#[derive(Debug, Default)]
pub struct Summary {
    /// Number of documents.
    pub documents: u64,
    /// Number of mentions.
    pub mentions: u64,
    /// Places, sorted by mention count (descending), then name and id.
    pub places: Vec<PlaceSummary>,
    /// Merged events, numbered in output order.
    pub events: Vec<Event>,
    /// Language and URL of the documents of the events' kept reports.
    pub docs: HashMap<String, DocInfo>,
    /// Every event report, for reading back in order.
    store: Option<ReportStore>,
}

impl Summary {
    /// The language and URL of a source document of an event's kept reports (empty if
    /// unknown).
    pub fn doc(&self, id: &str) -> DocInfo {
        self.docs.get(id).cloned().unwrap_or_default()
    }

    /// Gives every report of an event (not only the kept ones), by document and offset, with
    /// its document's language and URL; stops at the first error.
    pub fn for_each_report(
        &self,
        e: &Event,
        f: impl FnMut(&EventReport, &DocInfo) -> Result<()>,
    ) -> Result<()> {
        self.for_each_report_with(e, Fields::All, f)
    }

    /// [`Summary::for_each_report`] for `evidence.csv`: the reports read back from the
    /// spill without their location text, actors and weapons, which it does not write.
    pub(crate) fn for_each_evidence(
        &self,
        e: &Event,
        f: impl FnMut(&EventReport, &DocInfo) -> Result<()>,
    ) -> Result<()> {
        self.for_each_report_with(e, Fields::Evidence, f)
    }

    fn for_each_report_with(
        &self,
        e: &Event,
        fields: Fields,
        mut f: impl FnMut(&EventReport, &DocInfo) -> Result<()>,
    ) -> Result<()> {
        let Some(store) = &self.store else {
            for r in &e.reports {
                f(r, &self.doc(&r.doc))?;
            }
            return Ok(());
        };
        let mut cache = DocCache::default();
        // One report's buffers for all: most reports are written out and forgotten.
        let mut r: Option<EventReport> = None;
        for m in store.members.range(e.members.clone()) {
            let m = m?;
            match &mut r {
                Some(r) => {
                    let info = store.member_into(&m, &mut cache, r, fields)?;
                    f(r, info)?;
                }
                None => {
                    let (first, info) = store.member(&m, &mut cache, true)?;
                    f(r.insert(first), info)?;
                }
            }
        }
        Ok(())
    }
}

/// A whole run in memory: the summary and every mention (for library callers and tests; the
/// command line streams mentions instead).
#[derive(Debug, Default)]
pub struct RunResult {
    /// All mentions, by document (input order) and offset.
    pub mentions: Vec<MentionRow>,
    /// Places and events.
    pub summary: Summary,
}

impl std::ops::Deref for RunResult {
    type Target = Summary;
    fn deref(&self) -> &Summary {
        &self.summary
    }
}

struct PlaceAcc {
    summary: PlaceSummary,
}

/// Folds [`DocRecord`]s into a [`Summary`]. Memory per place is bounded (counts and
/// `evidence` entries); of each event report only a fixed-size key stays in memory (see
/// [`ReportKey`]), the report itself waits in a spill (see [`crate::spill`]) until the
/// events are built and written.
pub struct Reducer<'g> {
    gaz: &'g Gazetteer,
    evidence: usize,
    documents: u64,
    mentions: u64,
    /// Added to for every mention; sorted by a total order when read.
    places: FastMap<PlaceId, PlaceAcc>,
    /// Each report's key, its `doc` the document's ordinal, and where the report is (waiting
    /// on disk like the reports).
    keys: KeyLog,
    /// The ids of the documents with reports, by ordinal (waiting on disk too).
    ids: IdLog,
    spill: Spill,
    /// Where the reports of the document being added are (a buffer kept between documents).
    locs: Vec<Loc>,
    error: Option<Error>,
    /// Kept up to date once asked for (see [`Reducer::evidence_bar`]).
    bar: Option<std::sync::Arc<EvidenceBar>>,
    /// Report keys sorted in memory at once when the events merge (see
    /// [`Reducer::sort_buffer`]).
    sort_buffer: usize,
}

fn evidence_key(m: &MentionRow) -> (&str, usize) {
    (m.doc.as_str(), m.start)
}

impl<'g> Reducer<'g> {
    /// A reducer keeping at most `evidence` mentions per place and reports per event; the
    /// reports wait in a temporary file past a megabyte.
    pub fn new(gaz: &'g Gazetteer, evidence: usize) -> Reducer<'g> {
        let dir = std::env::temp_dir();
        Reducer::with_spill(gaz, evidence, Some(dir))
    }

    /// A reducer that keeps the reports in memory (no temporary file).
    pub fn in_memory(gaz: &'g Gazetteer, evidence: usize) -> Reducer<'g> {
        Reducer::with_spill(gaz, evidence, None)
    }

    fn with_spill(
        gaz: &'g Gazetteer,
        evidence: usize,
        dir: Option<std::path::PathBuf>,
    ) -> Reducer<'g> {
        Reducer {
            gaz,
            evidence,
            documents: 0,
            mentions: 0,
            places: FastMap::default(),
            keys: KeyLog::new(dir.clone()),
            ids: IdLog::new(dir.clone()),
            spill: Spill::new(dir),
            locs: Vec::new(),
            error: None,
            bar: None,
            sort_buffer: finish::SORT_BUFFER,
        }
    }

    /// Sorts at most `keys` report keys in memory at once when the events merge (past that,
    /// in sorted runs on disk, when the reducer has a temporary folder): bounds the memory of
    /// the merge; the events are the same whatever the size.
    pub fn sort_buffer(mut self, keys: usize) -> Reducer<'g> {
        self.sort_buffer = keys.max(1);
        self
    }

    /// Adds one document's record.
    pub fn add(&mut self, mut rec: DocRecord) {
        let fold = MentionFold::take(&mut rec, self.evidence, None);
        self.add_folded(rec, fold);
    }

    /// The bar this reducer keeps up to date for [`MentionFold::take`] from here on.
    pub fn evidence_bar(&mut self) -> std::sync::Arc<EvidenceBar> {
        self.bar.get_or_insert_with(Default::default).clone()
    }

    /// Adds one document's record whose mentions were folded by [`MentionFold::take`] (for
    /// this reducer's evidence limit and bar): the same as [`Reducer::add`] on the whole
    /// record (`rec`'s own mentions are not looked at).
    pub fn add_folded(&mut self, rec: DocRecord, fold: MentionFold) {
        self.documents += 1;
        self.mentions += fold.mentions;
        for f in &fold.places {
            let s = self.place(f.place);
            s.mention_count += f.count;
            s.confidence = s.confidence.max(f.confidence);
            s.role_counts.event += f.roles.event;
            s.role_counts.actor += f.roles.actor;
            s.role_counts.mention += f.roles.mention;
            s.document_count += 1;
        }
        let bar = self.bar.clone();
        for m in fold.evidence {
            let Some(p) = m.place else { continue };
            let n = self.evidence;
            let kept = &mut self.place(p).evidence;
            if keep_smallest(kept, m, n) && kept.len() == n {
                if let (Some(bar), Some(last)) = (&bar, kept.last()) {
                    bar.set(p, &last.doc, last.start);
                }
            }
        }
        if rec.reports.is_empty() || self.error.is_some() {
            return;
        }
        if let Err(e) = self.add_reports(&rec) {
            self.error = Some(e);
        }
    }

    /// Puts a document's reports in the spill, its id in the log of ids and the reports'
    /// keys in the log of keys.
    fn add_reports(&mut self, rec: &DocRecord) -> Result<()> {
        self.locs.clear();
        let url = rec.url.as_deref();
        let at = (self.spill).push(&rec.doc, &rec.lang, url, &rec.reports, &mut self.locs)?;
        let ordinal = self.ids.push(&rec.doc, at)?;
        for (r, &loc) in rec.reports.iter().zip(&self.locs) {
            self.keys.push(&ReportKey::of(r, ordinal), loc)?;
        }
        Ok(())
    }

    /// The summary of a place, made on its first mention.
    fn place(&mut self, p: PlaceId) -> &mut PlaceSummary {
        let gaz = self.gaz;
        &mut self
            .places
            .entry(p)
            .or_insert_with(|| PlaceAcc {
                summary: PlaceSummary {
                    place: p,
                    name: gaz.place(p).name.clone(),
                    mention_count: 0,
                    document_count: 0,
                    confidence: 0.0,
                    role_counts: RoleCounts::default(),
                    evidence: Vec::new(),
                },
            })
            .summary
    }

    /// What the reducer holds in memory for its event reports, in bytes (the buffers of the
    /// keys, the ids and the spill): does not grow with the reports' number or text.
    pub fn report_bytes(&self) -> usize {
        self.keys.bytes_in_memory()
            + self.ids.bytes_in_memory()
            + self.locs.capacity() * std::mem::size_of::<Loc>()
            + self.spill.bytes_in_memory()
    }

    /// Merges the events (twice: the first merge dates documents, see
    /// [`crate::events::merge::year_anchors`]) and sorts the places.
    pub fn finish(self) -> Result<Summary> {
        finish::finish(self)
    }
}

/// Keeps the `n` smallest mentions by (document, offset), sorted, whatever the order they
/// come in; whether `m` was kept.
fn keep_smallest(kept: &mut Vec<MentionRow>, m: MentionRow, n: usize) -> bool {
    if n == 0 {
        return false;
    }
    if kept.len() == n && evidence_key(&m) >= evidence_key(&kept[n - 1]) {
        return false;
    }
    let at = kept.partition_point(|k| evidence_key(k) < evidence_key(&m));
    kept.insert(at, m);
    kept.truncate(n);
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::dates::PartialDate;
    use crate::text::Date;

    fn row(doc: &str, start: usize) -> MentionRow {
        MentionRow {
            doc: doc.into(),
            start,
            end: start + 1,
            text: "x".into(),
            place: Some(PlaceId(0)),
            confidence: 0.5,
            role: Role::Mention,
            sentence: String::new(),
        }
    }

    #[test]
    fn evidence_is_the_smallest_whatever_the_order() {
        let rows = [
            row("b", 3),
            row("a", 9),
            row("c", 0),
            row("a", 2),
            row("b", 1),
        ];
        let mut kept_fwd = Vec::new();
        let mut kept_rev = Vec::new();
        for r in rows.iter().cloned() {
            keep_smallest(&mut kept_fwd, r, 3);
        }
        for r in rows.iter().rev().cloned() {
            keep_smallest(&mut kept_rev, r, 3);
        }
        let keys: Vec<(&str, usize)> = kept_fwd.iter().map(evidence_key).collect();
        assert_eq!(keys, [("a", 2), ("a", 9), ("b", 1)]);
        assert_eq!(kept_fwd, kept_rev);
    }

    #[test]
    fn sentences_are_clipped_around_the_mention() {
        let text =
            "Вночі росіяни вдарили по Харкову, двоє людей загинули, а ще шістдесят два поранені.";
        let s = (0, text.len());
        let at = text.find("Харкову").unwrap();
        let clipped = clip_sentence(text, s, (at, at + "Харкову".len()), 10);
        assert_eq!(clipped, "…по Харкову, двоє…");
        assert_eq!(clip_sentence(text, s, (at, at), 1000), text);
        // A focus outside the sentence clips from its start.
        assert_eq!(clip_sentence(text, (0, 11), (50, 60), 3), "Вно…");
    }

    #[test]
    fn record_values_round_trip() {
        for d in [
            PartialDate::Day(Date::new(2024, 1, 2).unwrap()),
            PartialDate::MonthDay(12, 30),
        ] {
            let j = serde_json::to_string(&d).unwrap();
            assert_eq!(serde_json::from_str::<PartialDate>(&j).unwrap(), d);
        }
        assert_eq!(
            serde_json::to_string(&PartialDate::MonthDay(1, 2)).unwrap(),
            "\"--01-02\""
        );
        assert!(serde_json::from_str::<PartialDate>("\"--13-40\"").is_err());
        let r = row("d", 4);
        let j = serde_json::to_string(&r).unwrap();
        assert_eq!(serde_json::from_str::<MentionRow>(&j).unwrap(), r);
    }
}
