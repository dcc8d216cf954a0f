//! `eventmap run`: read inputs, run the pipeline, write the output set and/or standard output.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};

use eventmap::input::{InputReader, InputReport, Source};
use eventmap::output;
use eventmap::render::{self, MapOptions};
use eventmap::{Date, Document, Gazetteer, Pipeline, RunResult};

use super::args::{Format, RunArgs};
use super::outdir::OutputSet;
use super::{build_gazetteer, default_title, map_options, stdout_is_closed, write_stdout, Outcome};

/// Every file `run --out` may write: files of an older set with these names are replaced or
/// removed, never left beside the new ones.
const SET_FILES: [&str; 5] = [
    "places.geojson",
    "events.geojson",
    "mentions.csv",
    "events.csv",
    "map.png",
];

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
    let report = read_inputs(&args.inputs, args.max_bytes, published);
    let mut failed = report_problems(&report, args.quiet) + gaz_problems;
    if report.documents.is_empty() && failed == 0 {
        eprintln!("eventmap: no documents in the input; give .txt, .jsonl or .ndjson files or folders of them");
        failed += 1;
    }
    let pipeline = Pipeline::builder().gazetteer(gaz).build();
    let docs = &report.documents;
    let result = run_pipeline(&pipeline, docs, report.bytes, args.quiet);
    let gaz = pipeline.gazetteer();
    let mut written = Vec::new();
    if let Some(mut set) = set {
        written = write_set(
            &mut set,
            &result,
            gaz,
            docs,
            (!args.no_map).then_some(&map_opts),
        )?;
        set.commit(&SET_FILES)?;
    }
    if let Some(format) = args.format {
        let bytes = match format {
            Format::Json => output::json_all(&result, gaz, docs),
            Format::Geojson => output::places_geojson(&result, gaz),
            Format::Geojsonseq => output::geojsonseq(&result, gaz, docs),
            Format::Csv => output::mentions_csv(&result, gaz),
        };
        write_stdout(&bytes)?;
    }
    if !args.quiet {
        eprintln!(
            "eventmap: {} document{} read ({} bytes), {} mentions, {} places, {} events{}",
            result.documents,
            if result.documents == 1 { "" } else { "s" },
            report.bytes,
            result.mentions.len(),
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

fn read_inputs(inputs: &[PathBuf], max_bytes: u64, published: Option<Date>) -> InputReport {
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
    reader.read_all(sources)
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

fn run_pipeline(pipeline: &Pipeline, docs: &[Document], bytes: u64, quiet: bool) -> RunResult {
    let show_progress =
        !quiet && std::io::stderr().is_terminal() && (docs.len() >= 200 || bytes >= 2 << 20);
    let bar = if show_progress {
        let b = indicatif::ProgressBar::new(docs.len() as u64);
        b.set_style(
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} documents {elapsed}")
                .expect("valid template"),
        );
        Some(b)
    } else {
        None
    };
    let tick = || {
        if let Some(b) = &bar {
            b.inc(1);
        }
    };
    let result = pipeline.run_with_progress(docs, &tick);
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    result
}

/// Writes the files of the set into its temporary folder; returns their final paths.
fn write_set(
    set: &mut OutputSet,
    result: &RunResult,
    gaz: &Gazetteer,
    docs: &[Document],
    map: Option<&MapOptions>,
) -> anyhow::Result<Vec<PathBuf>> {
    let mut written = vec![
        set.write("places.geojson", &output::places_geojson(result, gaz))?,
        set.write("events.geojson", &output::events_geojson(result, gaz, docs))?,
        set.write("mentions.csv", &output::mentions_csv(result, gaz))?,
        set.write("events.csv", &output::events_csv(result, gaz))?,
    ];
    if let Some(opts) = map {
        let (places, events) = render::map_data(result, gaz);
        let png = render::render_png(&places, &events, opts).context("drawing map.png")?;
        written.push(set.write("map.png", &png)?);
    }
    Ok(written)
}
