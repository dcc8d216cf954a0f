//! Writes the resolver's features for every candidate of every recognised mention that
//! overlaps a gold toponym, for `bench/train.py` to fit the weights on. Mentions the resolver
//! placed at a stated container rather than at one of their candidates are left out.
//!
//!     cargo run --release --example resolver_features -- [--weights W.tsv] GOLD.jsonl... > F.tsv
//!
//! One row per candidate: corpus, document, mention number, candidate number, distance in km
//! from the gold point, then the features in the order of `Features::NAMES`.

use std::io::{BufRead, Write};

use eventmap::resolve::{haversine_km, Weights};
use eventmap::{Document, Gazetteer, Recognizer, Resolver};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let weights = match args.iter().position(|a| a == "--weights") {
        Some(i) => {
            let path = args.remove(i + 1);
            args.remove(i);
            Weights::parse(&std::fs::read_to_string(&path)?, &path)?
        }
        None => Weights::bundled().clone(),
    };
    let gaz = Gazetteer::bundled();
    let resolver = Resolver::with_weights(&gaz, &weights);
    let out = std::io::stdout();
    let mut out = std::io::BufWriter::new(out.lock());
    writeln!(
        out,
        "corpus\tdoc\tmention\tcandidate\tkm\t{}",
        eventmap::resolve::Features::NAMES.join("\t")
    )?;
    for path in &args {
        let corpus = std::path::Path::new(path)
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("corpus")
            .to_string();
        for line in std::io::BufReader::new(std::fs::File::open(path)?).lines() {
            let v: serde_json::Value = serde_json::from_str(&line?)?;
            let id = v["id"].as_str().unwrap_or("").to_string();
            let text = v["text"].as_str().unwrap_or("").to_string();
            // Gold offsets count characters; mentions count bytes.
            let chars: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
            let byte = |c: u64| chars.get(c as usize).copied().unwrap_or(text.len());
            let gold: Vec<(usize, usize, f64, f64)> = v["toponyms"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|t| !t["optional"].as_bool().unwrap_or(false))
                .filter_map(|t| {
                    Some((
                        byte(t["start"].as_u64()?),
                        byte(t["end"].as_u64()?),
                        t["lat"].as_f64()?,
                        t["lon"].as_f64()?,
                    ))
                })
                .collect();
            let doc = Document::new(&id, &text);
            let mentions = Recognizer::new(&gaz).recognize(&doc);
            let explained = resolver.explain(&doc, &mentions);
            let resolved = resolver.resolve(&doc, &mentions);
            for (i, (m, cands)) in mentions.iter().zip(&explained).enumerate() {
                let Some(g) = gold.iter().find(|g| g.0 < m.end && m.start < g.1) else {
                    continue;
                };
                // Placed at its stated container, not at a candidate: the weights did not
                // choose it, so it says nothing about them.
                if resolved[i]
                    .as_ref()
                    .is_some_and(|r| !m.candidates.contains(&r.place))
                {
                    continue;
                }
                for (k, c) in cands.iter().enumerate() {
                    let p = gaz.place(c.place);
                    let km = haversine_km(p.lat, p.lon, g.2, g.3);
                    let vals: Vec<String> = c
                        .features
                        .values()
                        .iter()
                        .map(|x| format!("{x:.4}"))
                        .collect();
                    writeln!(
                        out,
                        "{corpus}\t{id}\t{i}\t{k}\t{km:.1}\t{}",
                        vals.join("\t")
                    )?;
                }
            }
        }
    }
    Ok(())
}
