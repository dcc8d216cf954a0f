//! `eventmap run`: read inputs, run the pipeline, write the output set and/or standard output.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};

use eventmap::input::{InputReader, InputReport, Source};
use eventmap::output;
use eventmap::render::{self, MapOptions};
use eventmap::{Date, Document, Pipeline, RunResult, Summary};

use super::args::RunArgs;
use super::outdir::OutputSet;
use super::outputs::{Outputs, SET_FILES};
use super::{build_gazetteer, default_title, map_options, stdout_is_closed, Outcome};

pub(super) fn run(args: RunArgs) -> anyhow::Result<Outcome> {
    if args.out.is_none() && args.format.is_none() {
        bail!("nothing to write: give --out DIR, --format FORMAT for standard output, or both");
    }
    if args.format.is_some() && stdout_is_closed() {
        bail!("standard output is closed, so --format output would be lost: redirect it to a file or drop --format");
    }
    let published = parse_published(args.published.as_deref())?;
    let map_opts = map_options(&args.map, default_title(&args.inputs))?;
    // Take the lock before the work, so a second run on the same folder fails at once.
    let set = args.out.as_deref().map(OutputSet::begin).transpose()?;
    let (gaz, gaz_problems) = build_gazetteer(&args.gaz, args.quiet)?;
    let pipeline = Pipeline::builder()
        .gazetteer(gaz)
        .evidence(args.evidence)
        .build();
    let ctx = output::Context {
        gaz: pipeline.gazetteer(),
        evidence: args.evidence,
    };
    let mut set = set;
    let mut outputs = Outputs::new(set.as_mut(), args.format)?;
    // Documents stream from a reader thread through the pipeline into the writers: memory
    // holds a few batches of documents, not the input.
    let (summary, report) = std::thread::scope(|s| {
        let (tx, rx) = std::sync::mpsc::sync_channel(2 * eventmap::pipeline::BATCH);
        let inputs = &args.inputs;
        let reader = s.spawn(move || read_inputs(inputs, args.max_bytes, published, tx));
        let summary = run_pipeline(&pipeline, rx, args.quiet, |rec| outputs.record(&ctx, rec));
        (
            summary,
            reader.join().expect("the input thread does not panic"),
        )
    });
    let summary = summary?;
    let bytes = report.bytes;
    let mut failed = report_problems(&report, args.quiet) + gaz_problems;
    if summary.documents == 0 && failed == 0 {
        eprintln!("eventmap: no documents in the input; give .txt, .jsonl or .ndjson files or folders of them");
        failed += 1;
    }
    let mut written = outputs.finish(&ctx, &summary)?;
    let result = RunResult {
        mentions: Vec::new(),
        summary,
    };
    if let Some(mut set) = set {
        if !args.no_map {
            written.push(write_map(&mut set, &result, &pipeline, &map_opts)?);
        }
        set.commit(&SET_FILES)?;
    }
    if !args.quiet {
        eprintln!(
            "eventmap: {} document{} read ({} bytes), {} mentions, {} places, {} events{}",
            result.documents,
            if result.documents == 1 { "" } else { "s" },
            bytes,
            result.summary.mentions,
            result.places.len(),
            result.events.len(),
            if failed > 0 {
                format!(", {failed} input(s) failed")
            } else {
                String::new()
            }
        );
        for p in &written {
            eprintln!("eventmap: wrote {}", p.display());
        }
    }
    Ok(if failed > 0 {
        Outcome::SomeFailed
    } else {
        Outcome::Ok
    })
}

fn parse_published(s: Option<&str>) -> anyhow::Result<Option<Date>> {
    let Some(s) = s else { return Ok(None) };
    match Date::parse_iso(s) {
        Some(d) if (1..=9999).contains(&d.year) => Ok(Some(d)),
        _ => bail!("--published {s:?} is not a valid YYYY-MM-DD date (year 0001–9999)"),
    }
}

fn read_inputs(
    inputs: &[PathBuf],
    max_bytes: u64,
    published: Option<Date>,
    tx: std::sync::mpsc::SyncSender<Document>,
) -> InputReport {
    let mut reader = InputReader::new();
    reader.max_bytes(max_bytes).published(published);
    let sources = inputs
        .iter()
        .map(|p| {
            if p == Path::new("-") {
                Source::Stdin
            } else {
                Source::Path(p.clone())
            }
        })
        .collect();
    reader.stream(sources, tx)
}

/// Prints the problems (failures always, warnings unless quiet); returns how many failed.
fn report_problems(report: &InputReport, quiet: bool) -> usize {
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

/// Streams the documents through the pipeline, with a progress count on a terminal.
fn run_pipeline(
    pipeline: &Pipeline,
    docs: std::sync::mpsc::Receiver<Document>,
    quiet: bool,
    mut on_record: impl FnMut(&eventmap::DocRecord) -> eventmap::Result<()>,
) -> eventmap::Result<Summary> {
    let bar = (!quiet && std::io::stderr().is_terminal()).then(|| {
        let b = indicatif::ProgressBar::new_spinner();
        b.set_style(
            indicatif::ProgressStyle::with_template(
                "{spinner} {pos} documents, {per_sec}, {elapsed}",
            )
            .expect("valid template"),
        );
        b
    });
    let summary = pipeline.stream(docs, |rec| {
        if let Some(b) = &bar {
            b.inc(1);
        }
        on_record(rec)
    });
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    summary
}

/// Draws `map.png` into the set; returns its final path.
pub(super) fn write_map(
    set: &mut OutputSet,
    result: &RunResult,
    pipeline: &Pipeline,
    opts: &MapOptions,
) -> anyhow::Result<PathBuf> {
    let (places, events) = render::map_data(result, pipeline.gazetteer());
    let png = render::render_png(&places, &events, opts).context("drawing map.png")?;
    set.write("map.png", &png)
}
