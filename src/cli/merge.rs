//! `eventmap merge`: the reduce step. Records of `extract` in (files or standard input, any
//! partitioning, any order), the output set of `run` out.

use std::io::BufRead;
use std::path::PathBuf;

use anyhow::Context as _;
use clap::Args;

use eventmap::error::Location;
use eventmap::output::{records::read_record, Context};
use eventmap::{Pipeline, Reducer, Summary};

use super::args::{Format, GazArgs, MapArgs};
use super::outdir::OutputSet;
use super::outputs::{write_maps, Outputs, SET_FILES};
use super::{build_gazetteer, map_options, Outcome};

#[derive(Args, Debug)]
pub struct MergeArgs {
    /// Record files written by `extract` (JSON lines), or - for standard input.
    #[arg(required = true, value_name = "RECORDS")]
    pub inputs: Vec<PathBuf>,
    /// Folder to write the output set of `run` to.
    #[arg(long, short, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Also (or only, without --out) write this format to standard output.
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Evidence entries per place and event feature.
    #[arg(long, default_value_t = 3, value_name = "N")]
    pub evidence: usize,
    /// Do not draw map.png.
    #[arg(long)]
    pub no_map: bool,
    /// Do not print the summary.
    #[arg(long, short)]
    pub quiet: bool,
    #[command(flatten)]
    pub map: MapArgs,
    #[command(flatten)]
    pub gaz: GazArgs,
}

fn open(p: &PathBuf) -> anyhow::Result<Box<dyn BufRead>> {
    if p.as_os_str() == "-" {
        return Ok(Box::new(std::io::stdin().lock()));
    }
    let f = std::fs::File::open(p).with_context(|| format!("{}: cannot open", p.display()))?;
    Ok(Box::new(std::io::BufReader::with_capacity(1 << 16, f)))
}

pub(super) fn merge(args: MergeArgs) -> anyhow::Result<Outcome> {
    if args.out.is_none() && args.format.is_none() {
        anyhow::bail!(
            "nothing to write: give --out DIR, --format FORMAT for standard output, or both"
        );
    }
    let map_opts = map_options(&args.map)?;
    let mut set = args.out.as_deref().map(OutputSet::begin).transpose()?;
    let (gaz, gaz_problems) = build_gazetteer(&args.gaz)?;
    let pipeline = Pipeline::builder()
        .gazetteer(gaz)
        .evidence(args.evidence)
        .build();
    let ctx = Context {
        gaz: pipeline.gazetteer(),
        evidence: args.evidence,
    };
    let mut outputs = Outputs::new(set.as_mut(), args.format)?;
    let mut reducer = pipeline.reducer();
    let mut failed = gaz_problems;
    for p in &args.inputs {
        failed += read_records(p, &ctx, &mut outputs, &mut reducer)?;
    }
    super::release_free_memory();
    let summary = reducer.finish()?;
    let mut written = outputs.finish(&ctx, &summary)?;
    if let Some(mut set) = set {
        if !args.no_map {
            written.extend(write_maps(&mut set, &summary, ctx.gaz, &map_opts)?);
        }
        set.commit(&SET_FILES)?;
    }
    if !args.quiet {
        print_summary(&summary, failed, &written);
    }
    Ok(if failed > 0 {
        Outcome::SomeFailed
    } else {
        Outcome::Ok
    })
}

/// The records of one file (or standard input) to the outputs and the reducer; the number of
/// records that could not be read, each named on standard error and skipped.
fn read_records(
    p: &PathBuf,
    ctx: &Context,
    outputs: &mut Outputs,
    reducer: &mut Reducer,
) -> anyhow::Result<usize> {
    let mut r = open(p)?;
    let mut line = String::new();
    let (mut number, mut byte) = (0u64, 0u64);
    let mut failed = 0;
    loop {
        line.clear();
        let n = r
            .read_line(&mut line)
            .with_context(|| format!("{}: cannot read", p.display()))?;
        if n == 0 {
            return Ok(failed);
        }
        number += 1;
        let loc = Location::file(p).at_line(number, byte);
        byte += n as u64;
        if line.trim().is_empty() {
            continue;
        }
        match read_record(line.trim_end(), ctx.gaz.len(), loc) {
            Ok(rec) => {
                outputs.record(ctx, &rec, None)?;
                reducer.add(rec);
            }
            Err(e) => {
                failed += 1;
                eprintln!("eventmap: {e} (record skipped)");
            }
        }
    }
}

/// The closing lines: counts, failures and the files written.
fn print_summary(summary: &Summary, failed: usize, written: &[PathBuf]) {
    eprintln!(
        "eventmap: {} records, {} mentions, {} places, {} events{}",
        summary.documents,
        summary.mentions,
        summary.places.len(),
        summary.events.len(),
        if failed > 0 {
            format!(", {failed} record(s) failed")
        } else {
            String::new()
        }
    );
    super::run::print_written(written);
}
