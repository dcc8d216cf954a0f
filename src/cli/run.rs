//! `eventmap run`: read inputs, run the pipeline, write the output set and/or standard output.

use std::io::Read;
use std::path::Path;

use anyhow::{bail, Context};

use eventmap::input::{InputReader, Source};
use eventmap::output;
use eventmap::render;
use eventmap::{Date, Pipeline};

use super::args::{Format, RunArgs};
use super::progress::Progress;
use super::{build_gazetteer, default_title, map_options, write_stdout, Outcome};

pub(super) fn run(args: RunArgs) -> anyhow::Result<Outcome> {
    let started = std::time::Instant::now();
    if args.out.is_none() && args.format.is_none() {
        bail!("nothing to write: give --out DIR, --format FORMAT for standard output, or both");
    }
    let published = match &args.published {
        Some(s) => Some(
            Date::parse_iso(s)
                .with_context(|| format!("--published {s:?} is not a YYYY-MM-DD date"))?,
        ),
        None => None,
    };
    let map_opts = map_options(&args.map, default_title(&args.inputs))?;
    if let Some(out) = &args.out {
        std::fs::create_dir_all(out)
            .with_context(|| format!("{}: cannot create the --out folder", out.display()))?;
        let probe = out.join(".eventmap-write-test");
        std::fs::write(&probe, b"")
            .with_context(|| format!("{}: the --out folder is not writable", out.display()))?;
        let _ = std::fs::remove_file(probe);
    }
    let mut reader = InputReader::new();
    reader.max_bytes(args.max_bytes).published(published);
    let mut sources = Vec::new();
    for p in &args.inputs {
        if p == Path::new("-") {
            let mut buf = Vec::new();
            std::io::stdin()
                .read_to_end(&mut buf)
                .context("reading standard input")?;
            sources.push(Source::Bytes(p.clone(), buf));
        } else {
            sources.push(Source::Path(p.clone()));
        }
    }
    let report = reader.read_all(sources);
    let mut failed = 0;
    for p in &report.problems {
        if p.failed {
            failed += 1;
        }
        if !args.quiet || p.failed {
            eprintln!(
                "eventmap: {}{}",
                if p.failed { "" } else { "warning: " },
                p.error
            );
        }
    }
    let gaz = build_gazetteer(&args.gaz, args.quiet)?;
    let pipeline = Pipeline::builder().gazetteer(gaz).build();
    let docs = &report.documents;
    let progress = Progress::new(Some(report.bytes as u64), args.quiet, started);
    let per_doc = report.bytes as u64 / (docs.len() as u64).max(1);
    let result = pipeline.run_with_progress(docs, &|| progress.document(per_doc));
    progress.finish();
    let gaz = pipeline.gazetteer();
    let mut written = Vec::new();
    if let Some(out) = &args.out {
        let files: Vec<(&str, Vec<u8>)> = vec![
            ("places.geojson", output::places_geojson(&result, gaz)),
            ("events.geojson", output::events_geojson(&result, gaz, docs)),
            ("mentions.csv", output::mentions_csv(&result, gaz)),
            ("events.csv", output::events_csv(&result, gaz)),
        ];
        for (name, bytes) in files {
            let path = out.join(name);
            output::write_atomic(&path, &bytes)?;
            written.push(path);
        }
        if !args.no_map {
            let (places, events) = render::map_data(&result, gaz);
            let png = render::render_png(&places, &events, &map_opts)?;
            let path = out.join("map.png");
            output::write_atomic(&path, &png)?;
            written.push(path);
        }
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
