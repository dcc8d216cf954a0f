//! Predictions of the recogniser and resolver under given weights, for the documents of one
//! cross-validation fold, in the format of `../shared/eval/score.py`: `bench/train.sh` runs it
//! once per fold with the weights fitted without that fold, for end-to-end cross-validated
//! figures.
//!
//!     cargo run --release --example resolver_eval -- --weights W.tsv --ids IDS.txt GOLD.jsonl > PRED.jsonl
//!
//! `IDS.txt` lists the documents to run, one id a line (all documents without it).

use std::collections::HashSet;
use std::io::{BufRead, Write};

use eventmap::resolve::Weights;
use eventmap::{Document, Gazetteer, Recognizer, Resolver};

fn take(args: &mut Vec<String>, flag: &str) -> Option<String> {
    let i = args.iter().position(|a| a == flag)?;
    let v = args.remove(i + 1);
    args.remove(i);
    Some(v)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let weights = match take(&mut args, "--weights") {
        Some(path) => Weights::parse(&std::fs::read_to_string(&path)?, &path)?,
        None => Weights::bundled().clone(),
    };
    let ids: Option<HashSet<String>> = match take(&mut args, "--ids") {
        Some(path) => Some(
            std::fs::read_to_string(path)?
                .lines()
                .map(String::from)
                .collect(),
        ),
        None => None,
    };
    let gaz = Gazetteer::bundled();
    let resolver = Resolver::with_weights(&gaz, &weights);
    let recognizer = Recognizer::new(&gaz);
    let out = std::io::stdout();
    let mut out = std::io::BufWriter::new(out.lock());
    for path in &args {
        for line in std::io::BufReader::new(std::fs::File::open(path)?).lines() {
            let v: serde_json::Value = serde_json::from_str(&line?)?;
            let id = v["id"].as_str().unwrap_or("").to_string();
            if ids.as_ref().is_some_and(|s| !s.contains(&id)) {
                continue;
            }
            let text = v["text"].as_str().unwrap_or("").to_string();
            let doc = Document::new(&id, &text);
            let mentions = recognizer.recognize(&doc);
            let resolved = resolver.resolve(&doc, &mentions);
            // Mentions count bytes; the scorer counts characters.
            let chars = |b: usize| text[..b].chars().count();
            let toponyms: Vec<serde_json::Value> = mentions
                .iter()
                .zip(&resolved)
                .filter_map(|(m, r)| {
                    let p = gaz.place(r.as_ref()?.place);
                    Some(serde_json::json!({
                        "start": chars(m.start), "end": chars(m.end), "lat": p.lat, "lon": p.lon,
                    }))
                })
                .collect();
            serde_json::to_writer(
                &mut out,
                &serde_json::json!({"id": id, "toponyms": toponyms}),
            )?;
            out.write_all(b"\n")?;
        }
    }
    Ok(())
}
