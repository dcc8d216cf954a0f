//! `eventmap run`: read inputs, run the pipeline, write the output set and/or standard output.

use std::io::{IsTerminal, Read};
use std::path::Path;

use anyhow::{bail, Context};

use eventmap::input::{InputReader, Source};
use eventmap::output;
use eventmap::render;
use eventmap::{Date, Pipeline, RunResult};

use super::args::RunArgs;
use super::outputs::Outputs;
use super::{build_gazetteer, default_title, map_options, Outcome};

pub(super) fn run(args: RunArgs) -> anyhow::Result<Outcome> {
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
    let pipeline = Pipeline::builder()
        .gazetteer(gaz)
        .evidence(args.evidence)
        .build();
    let show_progress = !args.quiet
        && std::io::stderr().is_terminal()
        && (report.documents.len() >= 200 || report.bytes >= 2 << 20);
    let bar = if show_progress {
        let b = indicatif::ProgressBar::new(report.documents.len() as u64);
        b.set_style(
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} documents {elapsed}")
                .expect("valid template"),
        );
        Some(b)
    } else {
        None
    };
    let ctx = output::Context {
        gaz: pipeline.gazetteer(),
        evidence: args.evidence,
    };
    let mut outputs = Outputs::new(args.out.as_deref(), args.format)?;
    let summary = pipeline.stream(report.documents, |rec| {
        if let Some(b) = &bar {
            b.inc(1);
        }
        outputs.record(&ctx, rec)
    })?;
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    let mut written = outputs.finish(&ctx, &summary)?;
    let result = RunResult {
        mentions: Vec::new(),
        summary,
    };
    if let (Some(out), false) = (&args.out, args.no_map) {
        let (places, events) = render::map_data(&result, ctx.gaz);
        let png = render::render_png(&places, &events, &map_opts)?;
        let path = out.join("map.png");
        output::write_atomic(&path, &png)?;
        written.push(path);
    }
    if !args.quiet {
        eprintln!(
            "eventmap: {} document{} read ({} bytes), {} mentions, {} places, {} events{}",
            result.documents,
            if result.documents == 1 { "" } else { "s" },
            report.bytes,
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
