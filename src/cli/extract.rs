//! `eventmap extract`: the map step. Documents in, one JSON record per document out
//! (mentions with their resolutions, event reports), in input order, as documents finish.

use std::path::PathBuf;

use clap::Args;

use eventmap::input::InputReader;
use eventmap::output::{self, Context, Writer};
use eventmap::Pipeline;

use super::args::GazArgs;
use super::{build_gazetteer, stdout_is_closed, Outcome};

#[derive(Args, Debug)]
pub struct ExtractArgs {
    /// .txt files, folders of them, .jsonl/.ndjson files, or - for standard input.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// Publication date (YYYY-MM-DD) for documents that do not give one.
    #[arg(long, value_name = "DATE")]
    pub published: Option<String>,
    /// Skip any input larger than this many bytes: a file, standard input, a device or one
    /// JSONL line.
    #[arg(long, default_value_t = 256 << 20, value_name = "BYTES")]
    pub max_bytes: u64,
    /// Skip any single document (a text file, standard input, one JSONL record's text) longer
    /// than this many bytes: one document's analysis is held in memory at once.
    #[arg(long, default_value_t = eventmap::input::MAX_DOC_BYTES, value_name = "BYTES")]
    pub max_doc_bytes: u64,
    /// Do not print warnings.
    #[arg(long, short)]
    pub quiet: bool,
    #[command(flatten)]
    pub gaz: GazArgs,
}

pub(super) fn extract(args: ExtractArgs) -> anyhow::Result<Outcome> {
    if stdout_is_closed() {
        anyhow::bail!(
            "standard output is closed, so the records would be lost: redirect it to a file"
        );
    }
    let published = super::run::parse_published(args.published.as_deref())?;
    let mut reader = InputReader::new();
    reader
        .max_bytes(args.max_bytes)
        .max_doc_bytes(args.max_doc_bytes)
        .published(published);
    let sources = super::run::sources(&args.inputs);
    let (gaz, gaz_problems) = build_gazetteer(&args.gaz)?;
    let pipeline = Pipeline::builder().gazetteer(gaz).build();
    let ctx = Context {
        gaz: pipeline.gazetteer(),
        evidence: pipeline.evidence(),
    };
    let out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let mut records = output::Records::new(out, "standard output");
    let (result, report) = std::thread::scope(|s| {
        let (tx, rx) = std::sync::mpsc::sync_channel(super::run::READ_AHEAD);
        let reader = s.spawn(move || reader.stream(sources, tx));
        // Lines are made in the workers, in parallel: this thread only copies them out.
        let result = pipeline.map_batches(
            rx,
            |doc| output::records::extract_line(&pipeline, doc),
            |line| records.write_line(&line),
        );
        (
            result,
            reader.join().expect("the input thread does not panic"),
        )
    });
    let flushed = result.and_then(|_| records.finish(&ctx, &eventmap::result::Summary::default()));
    match flushed {
        Err(e) if is_broken_pipe(&e) => {}
        r => r?,
    }
    let failed = gaz_problems + super::run::report_problems(&report, args.quiet);
    Ok(if failed > 0 {
        Outcome::SomeFailed
    } else {
        Outcome::Ok
    })
}

pub(super) fn is_broken_pipe(e: &eventmap::Error) -> bool {
    matches!(&e.kind, eventmap::ErrorKind::Io(io) if io.kind() == std::io::ErrorKind::BrokenPipe)
}
