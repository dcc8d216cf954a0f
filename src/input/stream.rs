//! Streaming: the documents an [`InputReader::stream`] reads go on in batches.
//!
//! [`InputReader::stream`]: super::InputReader::stream

use super::ids::IdSet;
use crate::text::Document;

/// Documents sent on together when streaming: a batch per send, not a document, so the
/// reading thread and the one taking the documents wake each other a sixteenth as often.
pub const SEND_DOCS: usize = 16;

/// Text bytes that end a batch early: a batch of long documents is sent as soon as it holds
/// this much, so the documents waiting in a channel of batches stay few in bytes too.
const SEND_BYTES: usize = 256 << 10;

/// Where streamed documents go: the channel, the ids seen so far and the batch being filled.
#[derive(Debug)]
pub(super) struct Sink {
    tx: std::sync::mpsc::SyncSender<Vec<Document>>,
    pub(super) seen: IdSet,
    batch: Vec<Document>,
    bytes: usize,
}

impl Sink {
    pub(super) fn new(tx: std::sync::mpsc::SyncSender<Vec<Document>>) -> Sink {
        Sink {
            tx,
            seen: IdSet::default(),
            batch: Vec::with_capacity(SEND_DOCS),
            bytes: 0,
        }
    }

    /// Adds a document to the batch, sent once full.
    pub(super) fn push(&mut self, doc: Document) {
        self.bytes += doc.text.len();
        self.batch.push(doc);
        if self.batch.len() >= SEND_DOCS || self.bytes >= SEND_BYTES {
            self.send();
        }
    }

    /// Sends the batch; a closed channel means the consumer stopped (an output error): the
    /// documents are dropped quietly.
    pub(super) fn send(&mut self) {
        if !self.batch.is_empty() {
            let batch = std::mem::replace(&mut self.batch, Vec::with_capacity(SEND_DOCS));
            let _ = self.tx.send(batch);
            self.bytes = 0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{InputReader, Source};
    use super::*;

    /// Every document arrives once, in input order and with its duplicate id renamed, in
    /// batches of at most [`SEND_DOCS`]; a long document ends its batch early.
    #[test]
    fn batches_keep_every_document_in_order() {
        let long = "Kharkiv. ".repeat(SEND_BYTES / 9 + 1);
        let mut jsonl = String::new();
        for i in 0..40 {
            let id = if i == 7 {
                "d3".to_string()
            } else {
                format!("d{i}")
            };
            let text = if i == 20 {
                long.clone()
            } else {
                format!("Shelling hit Kherson, {i}.")
            };
            jsonl.push_str(&serde_json::json!({"id": id, "text": text}).to_string());
            jsonl.push('\n');
        }
        let (tx, rx) = std::sync::mpsc::sync_channel(100);
        let source = Source::Bytes("news.jsonl".into(), jsonl.into_bytes());
        let report = InputReader::new().stream(vec![source], tx);
        let batches: Vec<Vec<Document>> = rx.into_iter().collect();
        assert!(batches
            .iter()
            .all(|b| !b.is_empty() && b.len() <= SEND_DOCS));
        let ids: Vec<&str> = batches.iter().flatten().map(|d| d.id.as_str()).collect();
        let want: Vec<String> = (0..40)
            .map(|i| {
                if i == 7 {
                    "d3#2".into()
                } else {
                    format!("d{i}")
                }
            })
            .collect();
        assert_eq!(ids, want);
        assert_eq!(report.problems.len(), 1, "the duplicate id is a warning");
        // The long document closes its batch: the next one starts after it.
        let ends: Vec<&str> = batches
            .iter()
            .map(|b| b.last().unwrap().id.as_str())
            .collect();
        assert!(ends.contains(&"d20"), "{ends:?}");
    }
}
