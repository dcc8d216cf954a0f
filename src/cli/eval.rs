//! `eventmap eval`: predictions on a gold corpus in the format of ../shared/eval/score.py.

use eventmap::input::{InputReader, Source};
use eventmap::output;
use eventmap::Pipeline;

use super::args::EvalArgs;
use super::Outcome;

pub(super) fn eval(args: EvalArgs) -> anyhow::Result<Outcome> {
    let mut reader = InputReader::new();
    let report = reader.read_source(Source::Path(args.gold.clone()));
    let failed = report.problems.iter().filter(|p| p.failed).count();
    for p in &report.problems {
        eprintln!("eventmap: {}", p.error);
    }
    let pipeline = Pipeline::builder().build();
    let gaz = pipeline.gazetteer();
    let run = pipeline.run(&report.documents);
    let mut by_doc: std::collections::BTreeMap<&str, Vec<serde_json::Value>> =
        std::collections::BTreeMap::new();
    for m in &run.mentions {
        let Some(p) = m.place else { continue };
        let p = gaz.place(p);
        by_doc.entry(m.doc.as_str()).or_default().push(serde_json::json!({
            "start": m.start, "end": m.end, "lat": output::round5(p.lat), "lon": output::round5(p.lon),
            "confidence": m.confidence, "role": m.role.as_str(), "place_id": p.id,
        }));
    }
    let mut out = Vec::new();
    for d in &report.documents {
        let line = serde_json::json!({"id": d.id, "lang": eventmap::lang::of_document(d).code(), "toponyms": by_doc.remove(d.id.as_str()).unwrap_or_default()});
        serde_json::to_writer(&mut out, &line)?;
        out.push(b'\n');
    }
    super::outdir::write_file(&args.out, &out)?;
    eprintln!(
        "eventmap: {} documents, {} mentions; wrote {}",
        run.documents,
        run.mentions.len(),
        args.out.display()
    );
    Ok(if failed > 0 {
        Outcome::SomeFailed
    } else {
        Outcome::Ok
    })
}
