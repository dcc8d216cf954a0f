//! The whole pipeline: documents in, resolved mentions, places and events out.
//!
//! Documents are processed in parallel (rayon); results keep input order, and everything the
//! outputs see is sorted, so a run is deterministic.
//!
//! ```
//! use eventmap::{Document, Pipeline};
//! let p = Pipeline::builder().build();
//! let run = p.run(&[Document::new("a", "Explosions were heard in Odesa.")]);
//! assert_eq!(run.mentions[0].text, "Odesa");
//! assert_eq!(run.mentions[0].role.as_str(), "event");
//! ```

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;

use crate::events::{self, Event, EventReport};
use crate::gazetteer::{Gazetteer, Kind, PlaceId};
use crate::recognize::Recognizer;
use crate::resolve::Resolver;
use crate::roles::{roles_analysed, ResolvedMention, Role};
use crate::text::{Analysis, CharOffsets, Date, Document};

/// Builds a [`Pipeline`].
#[derive(Default)]
pub struct PipelineBuilder {
    gazetteer: Option<Gazetteer>,
}

impl PipelineBuilder {
    /// Uses this gazetteer instead of the bundled one.
    pub fn gazetteer(mut self, gaz: Gazetteer) -> Self {
        self.gazetteer = Some(gaz);
        self
    }

    /// The pipeline (loads the bundled gazetteer if none was given).
    pub fn build(self) -> Pipeline {
        Pipeline {
            gaz: self.gazetteer.unwrap_or_else(Gazetteer::bundled),
        }
    }
}

/// Runs every stage on documents.
pub struct Pipeline {
    gaz: Gazetteer,
}

/// One mention as the outputs see it: offsets in code points of the original text.
#[derive(Clone, Debug, PartialEq)]
pub struct MentionRow {
    /// Document id.
    pub doc: String,
    /// Start, in Unicode code points.
    pub start: usize,
    /// End (exclusive), in Unicode code points.
    pub end: usize,
    /// The mention as written.
    pub text: String,
    /// The resolved place.
    pub place: Option<PlaceId>,
    /// Resolution confidence in [0, 1] (0 when unresolved).
    pub confidence: f64,
    /// Role in its sentence.
    pub role: Role,
    /// The sentence, as written.
    pub sentence: String,
}

/// One place with all its mentions.
#[derive(Clone, Debug, PartialEq)]
pub struct PlaceSummary {
    /// The gazetteer entry.
    pub place: PlaceId,
    /// Its canonical name.
    pub name: String,
    /// Number of mentions.
    pub mention_count: usize,
    /// Documents mentioning it, sorted.
    pub documents: Vec<String>,
    /// Highest confidence among its mentions.
    pub confidence: f64,
    /// Mentions per role: event, actor, mention.
    pub role_counts: [usize; 3],
    /// Indexes into [`RunResult::mentions`].
    pub evidence: Vec<usize>,
}

impl PlaceSummary {
    /// `event` if at least a quarter of its mentions are events, else the more common of
    /// `actor` and `mention` (actor wins ties).
    pub fn main_role(&self) -> Role {
        let [e, a, m] = self.role_counts;
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

/// Everything a run produced.
#[derive(Debug, Default)]
pub struct RunResult {
    /// Number of documents.
    pub documents: usize,
    /// All mentions, by document (input order) and offset.
    pub mentions: Vec<MentionRow>,
    /// Places, sorted by mention count (descending), then name and id.
    pub places: Vec<PlaceSummary>,
    /// Merged events.
    pub events: Vec<Event>,
    /// Publication date used per document (given or inferred) and whether inferred.
    pub published: BTreeMap<String, (Date, bool)>,
}

struct DocOutput {
    mentions: Vec<MentionRow>,
    reports: Vec<EventReport>,
    anchor: Option<(Date, bool)>,
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

    /// The resolved mentions of one document (byte offsets), for callers that need the
    /// stages' own types.
    pub fn resolve_document(&self, doc: &Document) -> Vec<ResolvedMention> {
        self.resolve_analysed(doc, &Analysis::new(&doc.text))
    }

    fn resolve_analysed(&self, doc: &Document, analysis: &Analysis) -> Vec<ResolvedMention> {
        let mentions = Recognizer::new(&self.gaz).recognize_analysed(doc, analysis);
        let res = Resolver::new(&self.gaz).resolve(doc, &mentions);
        let kinds: Vec<Kind> = mentions
            .iter()
            .zip(&res)
            .map(|(m, r)| {
                let id = r
                    .as_ref()
                    .map(|r| r.place)
                    .or(m.candidates.first().copied());
                id.map_or(Kind::Other, |id| self.gaz.place(id).kind)
            })
            .collect();
        let rs = roles_analysed(doc, analysis, &mentions, &kinds);
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

    fn run_document(&self, doc: &Document) -> DocOutput {
        let analysis = Analysis::new(&doc.text);
        let resolved = self.resolve_analysed(doc, &analysis);
        let (reports, anchor) = events::extract_analysed(&self.gaz, doc, &analysis, &resolved);
        let offsets = CharOffsets::new(&doc.text);
        let sents = &analysis.sentences;
        let mentions = resolved
            .iter()
            .map(|r| {
                let (ss, se) = sents.get(r.mention.sentence).copied().unwrap_or((0, 0));
                MentionRow {
                    doc: doc.id.clone(),
                    start: offsets.char_offset(r.mention.start),
                    end: offsets.char_offset(r.mention.end),
                    text: r.mention.text.clone(),
                    place: r.resolution.as_ref().map(|x| x.place),
                    confidence: r.resolution.as_ref().map_or(0.0, |x| x.confidence),
                    role: r.role,
                    sentence: doc.text[ss..se].to_string(),
                }
            })
            .collect();
        DocOutput {
            mentions,
            reports,
            anchor,
        }
    }

    /// Runs all stages on the documents.
    pub fn run(&self, docs: &[Document]) -> RunResult {
        self.run_with_progress(docs, &|| {})
    }

    /// Runs all stages, calling `tick` once per finished document (from worker threads).
    pub fn run_with_progress(&self, docs: &[Document], tick: &(dyn Fn() + Sync)) -> RunResult {
        let outputs: Vec<DocOutput> = docs
            .par_iter()
            .map(|d| {
                let out = self.run_document(d);
                tick();
                out
            })
            .collect();
        let mut result = RunResult {
            documents: docs.len(),
            ..RunResult::default()
        };
        let mut reports = Vec::new();
        for (doc, out) in docs.iter().zip(outputs) {
            result.mentions.extend(out.mentions);
            reports.extend(out.reports);
            if let Some(a) = out.anchor {
                result.published.insert(doc.id.clone(), a);
            }
        }
        let first = events::merge(&self.gaz, reports.clone());
        let reports = events::propagate_years(&first, reports);
        result.events = events::merge(&self.gaz, reports);
        result.places = self.aggregate(&result.mentions);
        result
    }

    fn aggregate(&self, mentions: &[MentionRow]) -> Vec<PlaceSummary> {
        let mut by_place: BTreeMap<PlaceId, PlaceSummary> = BTreeMap::new();
        for (i, m) in mentions.iter().enumerate() {
            let Some(p) = m.place else { continue };
            let s = by_place.entry(p).or_insert_with(|| PlaceSummary {
                place: p,
                name: self.gaz.place(p).name.clone(),
                mention_count: 0,
                documents: vec![],
                confidence: 0.0,
                role_counts: [0; 3],
                evidence: vec![],
            });
            s.mention_count += 1;
            s.confidence = s.confidence.max(m.confidence);
            s.role_counts[m.role as usize] += 1;
            s.evidence.push(i);
            s.documents.push(m.doc.clone());
        }
        let mut out: Vec<PlaceSummary> = by_place
            .into_values()
            .map(|mut s| {
                s.documents = s
                    .documents
                    .into_iter()
                    .collect::<BTreeSet<_>>()
                    .into_iter()
                    .collect();
                s
            })
            .collect();
        out.sort_by(|a, b| {
            b.mention_count
                .cmp(&a.mention_count)
                .then_with(|| a.name.cmp(&b.name))
                .then_with(|| self.gaz.place(a.place).id.cmp(&self.gaz.place(b.place).id))
        });
        out
    }
}
