//! The whole pipeline: documents in, resolved mentions, places and events out.
//!
//! [`Pipeline::extract`] turns one document into a [`DocRecord`] (stateless: mentions with
//! code point offsets and clipped sentences, event reports). [`Pipeline::stream`] reads
//! documents from an iterator in batches, extracts each batch in parallel (rayon), hands every
//! record to a callback in input order as soon as its batch is done, and folds it into a
//! [`Reducer`]; only the bounded [`Summary`] is kept to the end, so memory does not grow with
//! the number of documents beyond the event reports. [`Pipeline::run`] does the same on a
//! slice and keeps every mention.
//!
//! ```
//! use eventmap::{Document, Pipeline};
//! let p = Pipeline::builder().build();
//! let run = p.run(&[Document::new("a", "Explosions were heard in Odesa.")]);
//! assert_eq!(run.mentions[0].text, "Odesa");
//! assert_eq!(run.mentions[0].role.as_str(), "event");
//! ```

use rayon::prelude::*;

use crate::error::Result;
use crate::events::{self, EventReport};
use crate::gazetteer::Gazetteer;
use crate::recognize::Recognizer;
use crate::resolve::Resolver;
use crate::result::{clip_sentence, DEFAULT_EVIDENCE, SENTENCE_WINDOW};
pub use crate::result::{
    DocRecord, MentionRow, PlaceSummary, Reducer, RoleCounts, RunResult, Summary,
};
use crate::roles::{roles, ResolvedMention};
use crate::text::{Analysed, CharOffsets, Document};

/// Documents extracted in parallel at a time by [`Pipeline::stream`].
pub const BATCH: usize = 512;

/// Builds a [`Pipeline`].
#[derive(Default)]
pub struct PipelineBuilder {
    gazetteer: Option<Gazetteer>,
    evidence: Option<usize>,
}

impl PipelineBuilder {
    /// Uses this gazetteer instead of the bundled one.
    pub fn gazetteer(mut self, gaz: Gazetteer) -> Self {
        self.gazetteer = Some(gaz);
        self
    }

    /// Keeps at most this many evidence mentions per place (default 3).
    pub fn evidence(mut self, n: usize) -> Self {
        self.evidence = Some(n);
        self
    }

    /// The pipeline (loads the bundled gazetteer if none was given).
    pub fn build(self) -> Pipeline {
        Pipeline {
            gaz: self.gazetteer.unwrap_or_else(Gazetteer::bundled),
            evidence: self.evidence.unwrap_or(DEFAULT_EVIDENCE),
        }
    }
}

/// Runs every stage on documents.
pub struct Pipeline {
    gaz: Gazetteer,
    evidence: usize,
}

impl Pipeline {
    /// A builder.
    pub fn builder() -> PipelineBuilder {
        PipelineBuilder::default()
    }

    /// The gazetteer in use.
    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gaz
    }

    /// Evidence mentions kept per place.
    pub fn evidence(&self) -> usize {
        self.evidence
    }

    /// A reducer for this pipeline's records (what `merge` uses).
    pub fn reducer(&self) -> Reducer<'_> {
        Reducer::new(&self.gaz, self.evidence)
    }

    /// The resolved mentions of one document (a `&Document` or an already [`Analysed`] one;
    /// byte offsets), for callers that need the stages' own types.
    pub fn resolve_document<'d>(&self, doc: impl Into<Analysed<'d>>) -> Vec<ResolvedMention> {
        let analysed = doc.into();
        let analysed = &analysed;
        let doc = analysed.doc;
        let mentions = Recognizer::new(&self.gaz).recognize(analysed);
        let res = Resolver::new(&self.gaz).resolve(doc, &mentions);
        let seats: Vec<bool> = mentions
            .iter()
            .zip(&res)
            .map(|(m, r)| {
                let id = r
                    .as_ref()
                    .map(|r| r.place)
                    .or(m.candidates.first().copied());
                id.is_some_and(|id| self.gaz.place(id).is_seat_of_government())
            })
            .collect();
        let rs = roles(analysed, &mentions, &seats);
        mentions
            .into_iter()
            .zip(res)
            .zip(rs)
            .map(|((mention, resolution), role)| ResolvedMention {
                mention,
                resolution,
                role,
            })
            .collect()
    }

    /// One document's mentions and event reports: offsets converted to code points and
    /// sentences clipped here, once, so nothing after this needs the document's text.
    pub fn extract(&self, doc: &Document) -> DocRecord {
        let analysed = Analysed::new(doc);
        let resolved = self.resolve_document(&analysed);
        let (reports, _anchor) = events::extract(&self.gaz, &analysed, &resolved);
        let offsets = CharOffsets::new(&doc.text);
        let sents = &analysed.sentences;
        let mentions = resolved
            .iter()
            .map(|r| {
                let m = &r.mention;
                let sentence = sents.get(m.sentence).copied().unwrap_or((0, 0));
                MentionRow {
                    doc: doc.id.clone(),
                    start: offsets.char_offset(m.start),
                    end: offsets.char_offset(m.end),
                    text: m.text.clone(),
                    place: r.resolution.as_ref().map(|x| x.place),
                    confidence: r.resolution.as_ref().map_or(0.0, |x| x.confidence),
                    role: r.role,
                    sentence: clip_sentence(&doc.text, sentence, (m.start, m.end), SENTENCE_WINDOW),
                }
            })
            .collect();
        let reports = reports
            .into_iter()
            .map(|r| typed_report(doc, &offsets, &resolved, r))
            .collect();
        DocRecord {
            doc: doc.id.clone(),
            mentions,
            reports,
            lang: analysed.lang().code().to_string(),
            url: doc.url.clone(),
            bytes: doc.text.len() as u64,
        }
    }

    /// Runs all stages on the documents, keeping every mention.
    pub fn run(&self, docs: &[Document]) -> RunResult {
        let mut mentions = Vec::new();
        let mut reducer = Reducer::in_memory(&self.gaz, self.evidence);
        let records: Vec<DocRecord> = docs.par_iter().map(|d| self.extract(d)).collect();
        for rec in records {
            mentions.extend(rec.mentions.iter().cloned());
            reducer.add(rec);
        }
        RunResult {
            mentions,
            summary: reducer
                .finish()
                .expect("an in-memory reducer does not fail"),
        }
    }

    /// Runs all stages on documents as they come: batches of [`BATCH`] documents are
    /// extracted in parallel, each record is given to `on_record` in input order, then folded
    /// into the summary. Stops at the first error `on_record` returns.
    pub fn stream<I, F>(&self, docs: I, mut on_record: F) -> Result<Summary>
    where
        I: IntoIterator<Item = Document>,
        F: FnMut(&DocRecord) -> Result<()>,
    {
        let mut reducer = self.reducer();
        self.extract_each(docs, |rec| {
            on_record(&rec)?;
            reducer.add(rec);
            Ok(())
        })?;
        reducer.finish()
    }

    /// The map step alone: extracts documents as they come, in parallel batches of
    /// [`BATCH`], and gives each record to `on_record` in input order; nothing is kept.
    pub fn extract_each<I, F>(&self, docs: I, mut on_record: F) -> Result<()>
    where
        I: IntoIterator<Item = Document>,
        F: FnMut(DocRecord) -> Result<()>,
    {
        // While one batch is extracted in parallel, this thread hands the previous batch's
        // records to `on_record` and collects the next batch, so the serial writing overlaps
        // the extraction instead of leaving the cores idle.
        let mut docs = docs.into_iter();
        let mut batch: Vec<Document> = docs.by_ref().take(BATCH).collect();
        let mut done: Vec<DocRecord> = Vec::new();
        while !batch.is_empty() {
            let (records, next, written) = std::thread::scope(|s| {
                let batch = &batch;
                let worker = s.spawn(move || {
                    batch
                        .par_iter()
                        .map(|d| self.extract(d))
                        .collect::<Vec<DocRecord>>()
                });
                let written = done.drain(..).try_for_each(&mut on_record);
                let next: Vec<Document> = match written {
                    Ok(()) => docs.by_ref().take(BATCH).collect(),
                    Err(_) => Vec::new(),
                };
                let records = worker
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                (records, next, written)
            });
            written?;
            done = records;
            batch = next;
        }
        done.into_iter().try_for_each(on_record)
    }
}

/// A report with its sentence in code points and clipped around the report's place.
fn typed_report(
    doc: &Document,
    offsets: &CharOffsets,
    resolved: &[ResolvedMention],
    mut r: EventReport,
) -> EventReport {
    let (s, e) = r.sentence;
    // Mentions are in text order: start at the sentence's first, stop after its last.
    let from = resolved.partition_point(|m| m.mention.start < s);
    let focus = resolved[from..]
        .iter()
        .take_while(|m| m.mention.start <= e)
        .find(|m| {
            m.mention.start >= s
                && m.mention.end <= e
                && m.resolution.as_ref().is_some_and(|x| x.place == r.place)
        })
        .map_or((s, s), |m| (m.mention.start, m.mention.end));
    r.sentence_text = clip_sentence(&doc.text, (s, e), focus, SENTENCE_WINDOW);
    r.sentence = (offsets.char_offset(s), offsets.char_offset(e));
    r
}
