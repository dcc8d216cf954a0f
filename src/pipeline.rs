//! The whole pipeline: documents in, resolved mentions, places and events out.
//!
//! [`Pipeline::extract`] turns one document into a [`DocRecord`] (stateless: mentions with
//! code point offsets and clipped sentences, event reports). [`Pipeline::stream`] reads
//! documents from an iterator, extracts them in parallel (rayon, one task per document, or per
//! batch with [`Pipeline::map_batches`]), hands
//! every record to a callback in input order as soon as it and those before it are done, and
//! folds it into a [`Reducer`]; only the bounded [`Summary`] is kept to the end, so memory does not grow with
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

use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, Ordering};

use rayon::prelude::*;

use crate::error::Result;
use crate::events::{self, EventReport};
use crate::gazetteer::Gazetteer;
use crate::recognize::Recognizer;
use crate::resolve::Resolver;
use crate::result::{
    clip_sentence, clip_sentence_into, MentionView, DEFAULT_EVIDENCE, SENTENCE_WINDOW,
};
pub use crate::result::{
    DocRecord, MentionRow, PlaceSummary, Reducer, RoleCounts, RunResult, Summary,
};
use crate::roles::{roles, ResolvedMention};
use crate::text::{Analysed, CharOffsets, Document};

/// Documents in flight at most in [`Pipeline::stream`]: read, but not yet handed on.
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
        let mut mentions = Vec::new();
        let mut rec = self.extract_with(doc, |n, m| {
            if mentions.is_empty() {
                mentions.reserve_exact(n);
            }
            mentions.push(m.to_row());
        });
        rec.mentions = mentions;
        rec
    }

    /// [`Pipeline::extract`] with each mention given, borrowed, to `each` in order (with the
    /// number of the document's mentions) instead of kept: the record has no mentions, and
    /// no mention is copied unless `each` copies it.
    pub fn extract_with(
        &self,
        doc: &Document,
        mut each: impl FnMut(usize, &MentionView<'_>),
    ) -> DocRecord {
        let analysed = Analysed::new(doc);
        let resolved = self.resolve_document(&analysed);
        let (reports, _anchor) = events::extract(&self.gaz, &analysed, &resolved);
        let offsets = CharOffsets::new(&doc.text);
        let sents = &analysed.sentences;
        // One buffer for every mention's clipped sentence.
        let mut sentence = String::new();
        for r in &resolved {
            let m = &r.mention;
            let within = sents.get(m.sentence).copied().unwrap_or((0, 0));
            let focus = (m.start, m.end);
            clip_sentence_into(&doc.text, within, focus, SENTENCE_WINDOW, &mut sentence);
            let view = MentionView {
                doc: &doc.id,
                start: offsets.char_offset(m.start),
                end: offsets.char_offset(m.end),
                text: &m.text,
                place: r.resolution.as_ref().map(|x| x.place),
                confidence: r.resolution.as_ref().map_or(0.0, |x| x.confidence),
                role: r.role,
                sentence: &sentence,
            };
            each(resolved.len(), &view);
        }
        let reports = reports
            .into_iter()
            .map(|r| typed_report(doc, &offsets, &resolved, r))
            .collect();
        DocRecord {
            doc: doc.id.clone(),
            mentions: Vec::new(),
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

    /// Runs all stages on documents as they come: documents are extracted in parallel (at
    /// most [`BATCH`] in flight), each record is given to `on_record` in input order, then
    /// folded into the summary. Stops at the first error `on_record` returns.
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

    /// The map step alone: extracts documents as they come, in parallel, and gives each
    /// record to `on_record` in input order; nothing is kept.
    pub fn extract_each<I, F>(&self, docs: I, on_record: F) -> Result<()>
    where
        I: IntoIterator<Item = Document>,
        F: FnMut(DocRecord) -> Result<()>,
    {
        self.extract_map(docs, |rec| rec, on_record)
    }

    /// Like [`Pipeline::extract_each`], with `prepare` run on each record in the worker that
    /// made it (e.g. to format its output rows in parallel), its result given to `on_item` in
    /// input order. At most [`BATCH`] documents are in flight (read but not yet given on).
    pub fn extract_map<I, T, P, F>(&self, docs: I, prepare: P, on_item: F) -> Result<()>
    where
        I: IntoIterator<Item = Document>,
        T: Send,
        P: Fn(DocRecord) -> T + Sync,
        F: FnMut(T) -> Result<()>,
    {
        self.map_documents(docs, |doc| prepare(self.extract(doc)), on_item)
    }

    /// Like [`Pipeline::extract_map`], with `work` given the document itself (to extract it
    /// its own way, e.g. with [`Pipeline::extract_with`]).
    pub fn map_documents<I, T, P, F>(&self, docs: I, work: P, on_item: F) -> Result<()>
    where
        I: IntoIterator<Item = Document>,
        T: Send,
        P: Fn(&Document) -> T + Sync,
        F: FnMut(T) -> Result<()>,
    {
        // Each document is its own task, taken by whichever worker is free, so no core waits
        // for a batch's slowest document and none waits for the iterator to give a batch.
        self.map_batches(docs.into_iter().map(|d| vec![d]), work, on_item)
    }

    /// Like [`Pipeline::map_documents`], on documents that come in batches (e.g. as
    /// [`crate::input::InputReader::stream`] sends them): a batch is one task, so a worker
    /// takes, and this thread is woken for, a batch at a time rather than each document.
    pub fn map_batches<I, T, P, F>(&self, batches: I, work: P, on_item: F) -> Result<()>
    where
        I: IntoIterator<Item = Vec<Document>>,
        T: Send,
        P: Fn(&Document) -> T + Sync,
        F: FnMut(T) -> Result<()>,
    {
        let stop = AtomicBool::new(false);
        let (tx, rx) = std::sync::mpsc::channel();
        let mut order = InOrder::new(rx, on_item);
        // Whichever worker is free takes the next task; this thread reads the documents and
        // hands the finished ones on, in input order, while the workers go on.
        rayon::in_place_scope_fifo(|s| {
            for batch in batches.into_iter().filter(|b| !b.is_empty()) {
                if !order.wait_below(BATCH) {
                    break;
                }
                let (tx, stop, work) = (tx.clone(), &stop, &work);
                let seq = order.issue(batch.len());
                s.spawn_fifo(move |_| {
                    if stop.load(Ordering::Relaxed) {
                        return;
                    }
                    let done = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        batch.iter().map(&work).collect::<Vec<T>>()
                    }));
                    // The receiver is gone only once this thread stopped taking results.
                    let _ = tx.send((seq, done));
                });
                if !order.take_ready() {
                    break;
                }
            }
            order.wait_below(1);
            // Whatever is still queued is not wanted after an error or a panic.
            stop.store(true, Ordering::Relaxed);
        });
        if let Some(panic) = order.panic {
            std::panic::resume_unwind(panic);
        }
        order.result
    }
}

type Done<T> = (usize, std::thread::Result<Vec<T>>);

/// Hands the results of tasks (a batch of documents each) that come in any order to a
/// callback in sequence order.
struct InOrder<T, F> {
    rx: std::sync::mpsc::Receiver<Done<T>>,
    on_item: F,
    /// Results that came early, by sequence number from `next`.
    waiting: VecDeque<Option<Vec<T>>>,
    next: usize,
    issued: usize,
    /// Documents of the tasks issued and not yet handed on.
    docs: usize,
    result: Result<()>,
    /// A task's panic, raised again once the other tasks are stopped.
    panic: Option<Box<dyn std::any::Any + Send>>,
}

impl<T, F: FnMut(T) -> Result<()>> InOrder<T, F> {
    fn new(rx: std::sync::mpsc::Receiver<Done<T>>, on_item: F) -> Self {
        InOrder {
            rx,
            on_item,
            waiting: VecDeque::new(),
            next: 0,
            issued: 0,
            docs: 0,
            result: Ok(()),
            panic: None,
        }
    }

    /// The sequence number of the next task, of `docs` documents.
    fn issue(&mut self, docs: usize) -> usize {
        self.issued += 1;
        self.docs += docs;
        self.issued - 1
    }

    fn going(&self) -> bool {
        self.result.is_ok() && self.panic.is_none()
    }

    /// Hands on results until fewer than `n` documents are in flight; `false` after an
    /// error.
    fn wait_below(&mut self, n: usize) -> bool {
        while self.going() && self.issued > self.next && self.docs >= n {
            match self.rx.recv() {
                Ok(done) => self.put(done),
                // The caller holds a sender: cannot happen.
                Err(_) => break,
            }
        }
        self.going()
    }

    /// Hands on the results that are ready without waiting; `false` after an error.
    fn take_ready(&mut self) -> bool {
        while self.going() {
            match self.rx.try_recv() {
                Ok(done) => self.put(done),
                Err(_) => break,
            }
        }
        self.going()
    }

    fn put(&mut self, (seq, done): Done<T>) {
        let item = match done {
            Ok(item) => item,
            Err(panic) => {
                self.panic = Some(panic);
                return;
            }
        };
        let at = seq - self.next;
        if self.waiting.len() <= at {
            self.waiting.resize_with(at + 1, || None);
        }
        self.waiting[at] = Some(item);
        while let Some(Some(_)) = self.waiting.front() {
            let items = self.waiting.pop_front().flatten().expect("checked");
            self.next += 1;
            self.docs -= items.len();
            for item in items {
                self.result = (self.on_item)(item);
                if self.result.is_err() {
                    return;
                }
            }
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{Error, ErrorKind, Location};

    fn docs(n: usize) -> Vec<Document> {
        (0..n)
            .map(|i| Document::new(format!("d{i}"), format!("Shelling hit Kherson on day {i}.")))
            .collect()
    }

    /// Batches of any size (empty, one, more than [`BATCH`]) give their items one by one in
    /// input order; an error in the middle of a batch stops at that item; a panic in one
    /// document's work is raised again.
    #[test]
    fn batches_give_items_in_input_order() {
        let p = Pipeline::builder().build();
        let sizes = [3, 0, 1, 17, BATCH + 88, 5, 16];
        let batches = || {
            let mut all = docs(sizes.iter().sum()).into_iter();
            sizes.map(|n| all.by_ref().take(n).collect::<Vec<_>>())
        };
        let mut ids = Vec::new();
        let id = |d: &Document| d.id.clone();
        p.map_batches(batches(), id, |i| {
            ids.push(i);
            Ok(())
        })
        .unwrap();
        let want: Vec<String> = batches().into_iter().flatten().map(|d| d.id).collect();
        assert_eq!(ids, want);

        let mut seen = Vec::new();
        let result = p.map_batches(batches(), id, |i| {
            seen.push(i);
            if seen.len() == 10 {
                return Err(Error::new(
                    ErrorKind::Input("stop".into()),
                    Location::default(),
                ));
            }
            Ok(())
        });
        assert!(result.is_err());
        assert_eq!(seen, want[..10]);

        let panicked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            p.map_batches(
                batches(),
                |d| assert_ne!(d.id, "d30", "a task's panic"),
                |()| Ok(()),
            )
        }));
        assert!(panicked.is_err());
    }

    #[test]
    fn items_come_in_input_order_and_an_error_stops_them() {
        let p = Pipeline::builder().build();
        let mut ids = Vec::new();
        p.extract_map(
            docs(300),
            |rec| rec.doc,
            |id| {
                ids.push(id);
                Ok(())
            },
        )
        .unwrap();
        let want: Vec<String> = docs(300).into_iter().map(|d| d.id).collect();
        assert_eq!(ids, want);

        let mut seen = 0;
        let result = p.extract_each(docs(300), |_| {
            seen += 1;
            if seen == 5 {
                return Err(Error::new(
                    ErrorKind::Input("stop".into()),
                    Location::default(),
                ));
            }
            Ok(())
        });
        assert!(result.is_err());
        assert_eq!(seen, 5);
    }

    #[test]
    #[should_panic(expected = "a worker's panic")]
    fn a_workers_panic_reaches_the_caller() {
        let p = Pipeline::builder().build();
        let _ = p.extract_map(
            docs(50),
            |rec| assert!(rec.doc != "d7", "a worker's panic"),
            |_| Ok(()),
        );
    }
}
