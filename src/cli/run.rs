//! `eventmap run`: read inputs, run the pipeline, write the output set and/or standard output.
//!
//! Documents stream from a reader thread through the pipeline into the writers: memory holds
//! a few batches of documents and the bounded summary, not the input.

use std::path::{Path, PathBuf};
use std::sync::mpsc::SyncSender;
use std::time::Instant;

use anyhow::bail;

use eventmap::input::{InputReader, InputReport, Source};
use eventmap::output;
use eventmap::result::{DocRecord, EvidenceBar, MentionFold};
use eventmap::{Date, Document, Pipeline, Summary};

use super::args::RunArgs;
use super::outdir::OutputSet;
use super::outputs::{write_maps, Outputs, SET_FILES};
use super::progress::Progress;
use super::{build_gazetteer, map_options, stdout_is_closed, Outcome};

/// Batches of documents read ahead of the pipeline (of [`eventmap::input::SEND_DOCS`] documents
/// each at most): enough to keep it fed (parsing a batch takes a small part of the time
/// extracting one does), few enough that documents waiting in the channel do not add a batch's
/// worth of memory.
pub(super) const READ_AHEAD: usize = 4;

/// Bytes reserved per mention for a document's `mentions.csv` rows (a row with a whole
/// clipped sentence is about 300).
const MENTION_ROW_BYTES: usize = 320;

pub(super) fn run(args: RunArgs) -> anyhow::Result<Outcome> {
    let started = Instant::now();
    if args.out.is_none() && args.format.is_none() {
        bail!("nothing to write: give --out DIR, --format FORMAT for standard output, or both");
    }
    if args.format.is_some() && stdout_is_closed() {
        bail!("standard output is closed, so --format output would be lost: redirect it to a file or drop --format");
    }
    let published = parse_published(args.published.as_deref())?;
    let map_opts = map_options(&args.map)?;
    // Take the lock before the work, so a second run on the same folder fails at once.
    let mut set = args.out.as_deref().map(OutputSet::begin).transpose()?;
    let (gaz, gaz_problems) = build_gazetteer(&args.gaz)?;
    let pipeline = Pipeline::builder()
        .gazetteer(gaz)
        .evidence(args.evidence)
        .build();
    let ctx = output::Context {
        gaz: pipeline.gazetteer(),
        evidence: args.evidence,
    };
    let mut outputs = Outputs::new(set.as_mut(), args.format)?;
    let progress = Progress::new(input_size(&args.inputs), args.quiet, started);
    let mut reducer = pipeline.reducer();
    let (streamed, report) = std::thread::scope(|s| {
        let (tx, rx) = std::sync::mpsc::sync_channel(READ_AHEAD);
        let inputs = &args.inputs;
        let reader = s.spawn(move || {
            read_inputs(inputs, (args.max_bytes, args.max_doc_bytes), published, tx)
        });
        // The rows of mentions.csv are made in the workers, in parallel, once for every
        // writer of them: this thread only copies them out.
        let rows = outputs.wants_mention_rows();
        let ctx = &ctx;
        let bar = reducer.evidence_bar();
        let streamed = pipeline.map_batches(
            rx,
            |doc| extract_for_run(&pipeline, ctx, doc, rows, &bar),
            |(rec, made, fold)| {
                progress.document(rec.bytes);
                outputs.record(ctx, &rec, made.as_deref())?;
                reducer.add_folded(rec, fold);
                Ok(())
            },
        );
        let report = reader.join().expect("the input thread does not panic");
        (streamed, report)
    });
    progress.finish();
    streamed?;
    super::release_free_memory();
    let summary = reducer.finish()?;
    let mut failed = report_problems(&report, args.quiet) + gaz_problems;
    if summary.documents == 0 && failed == 0 {
        eprintln!("eventmap: no documents in the input; give .txt, .jsonl or .ndjson files or folders of them");
        failed += 1;
    }
    let mut written = outputs.finish(&ctx, &summary)?;
    if let Some(mut set) = set {
        if !args.no_map {
            written.extend(write_maps(&mut set, &summary, ctx.gaz, &map_opts)?);
        }
        set.commit(&SET_FILES)?;
    }
    if !args.quiet {
        print_summary(&summary, report.bytes, failed, &written);
    }
    Ok(if failed > 0 {
        Outcome::SomeFailed
    } else {
        Outcome::Ok
    })
}

/// One document's record without its mentions, its `mentions.csv` rows if `rows`, and its
/// mentions folded for the reducer that keeps `bar`: the writers of a run use the rows made
/// here, and no writer of a run looks at a record's mentions otherwise. A mention is written
/// and folded borrowed from its document: only those that may be evidence are copied.
fn extract_for_run(
    pipeline: &Pipeline,
    ctx: &output::Context,
    doc: &Document,
    rows: bool,
    bar: &EvidenceBar,
) -> (DocRecord, Option<Vec<u8>>, MentionFold) {
    let (mut made, mut num) = (Vec::new(), String::new());
    // Every row starts with the document's id: quoted (or not) once.
    let id = if rows {
        output::csv::first_field(&doc.id)
    } else {
        Vec::new()
    };
    let mut fold = MentionFold::default();
    let rec = pipeline.extract_with(doc, |n, m| {
        if rows {
            if made.is_empty() {
                // Room for a typical row each: few documents' rows grow.
                made.reserve(n * MENTION_ROW_BYTES);
            }
            output::csv::push_mention_row_of(ctx, &id, m, &mut num, &mut made);
        }
        fold.add(m, pipeline.evidence(), Some(bar));
    });
    // Records wait in order to be written: they hold no spare room meanwhile.
    made.shrink_to_fit();
    (rec, rows.then_some(made), fold)
}

/// The closing lines: counts, failures and the files written.
pub(super) fn print_summary(summary: &Summary, bytes: u64, failed: usize, written: &[PathBuf]) {
    eprintln!(
        "eventmap: {} document{} read ({} bytes), {} mentions, {} places, {} events{}",
        summary.documents,
        if summary.documents == 1 { "" } else { "s" },
        bytes,
        summary.mentions,
        summary.places.len(),
        summary.events.len(),
        if failed > 0 {
            format!(", {failed} input(s) failed")
        } else {
            String::new()
        }
    );
    print_written(written);
}

/// One line per file written.
pub(super) fn print_written(written: &[PathBuf]) {
    for p in written {
        eprintln!("eventmap: wrote {}", p.display());
    }
}

pub(super) fn parse_published(s: Option<&str>) -> anyhow::Result<Option<Date>> {
    let Some(s) = s else { return Ok(None) };
    match Date::parse_iso(s) {
        Some(d) if (1..=9999).contains(&d.year) => Ok(Some(d)),
        _ => bail!("--published {s:?} is not a valid YYYY-MM-DD date (year 0001–9999)"),
    }
}

/// The total size of the inputs when they are all plain files (for the progress bar).
fn input_size(inputs: &[PathBuf]) -> Option<u64> {
    inputs
        .iter()
        .map(|p| {
            std::fs::metadata(p)
                .ok()
                .filter(|m| m.is_file())
                .map(|m| m.len())
        })
        .sum()
}

/// The sources of the command line's inputs (`-` is standard input).
pub(super) fn sources(inputs: &[PathBuf]) -> Vec<Source> {
    inputs
        .iter()
        .map(|p| {
            if p == Path::new("-") {
                Source::Stdin
            } else {
                Source::Path(p.clone())
            }
        })
        .collect()
}

fn read_inputs(
    inputs: &[PathBuf],
    (max_bytes, max_doc_bytes): (u64, u64),
    published: Option<Date>,
    tx: SyncSender<Vec<Document>>,
) -> InputReport {
    let mut reader = InputReader::new();
    reader
        .max_bytes(max_bytes)
        .max_doc_bytes(max_doc_bytes)
        .published(published);
    reader.stream(sources(inputs), tx)
}

/// Prints the problems (failures always, warnings unless quiet); returns how many failed.
pub(super) fn report_problems(report: &InputReport, quiet: bool) -> usize {
    let mut failed = 0;
    for p in &report.problems {
        if p.failed {
            failed += 1;
        }
        if !quiet || p.failed {
            eprintln!(
                "eventmap: {}{}",
                if p.failed { "" } else { "warning: " },
                p.error
            );
        }
    }
    failed
}
