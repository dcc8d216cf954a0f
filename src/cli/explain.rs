//! `eventmap gazetteer lookup NAME --context TEXT`: why a name resolved as it did. Prints, for
//! each mention of NAME in TEXT, every candidate with its score and the features behind it.

use eventmap::resolve::Features;
use eventmap::{Document, Gazetteer, Recognizer, Resolver};

use super::{write_stdout, Outcome};

pub(super) fn explain(
    gaz: &Gazetteer,
    name: &str,
    text: &str,
    limit: usize,
) -> anyhow::Result<Outcome> {
    let doc = Document::new("context", text);
    let mentions = Recognizer::new(gaz).recognize(&doc);
    let resolver = Resolver::new(gaz);
    let resolved = resolver.resolve(&doc, &mentions);
    let explained = resolver.explain(&doc, &mentions);
    let key = eventmap::text::name_key(name);
    let mut s = String::new();
    let mut found = false;
    for (i, m) in mentions.iter().enumerate() {
        // "Donetsk" also matches the mention "Donetsk Oblast".
        let named = m.key == key || m.key.starts_with(&format!("{key} "));
        if !named {
            continue;
        }
        found = true;
        let r = resolved[i].as_ref();
        s.push_str(&format!(
            "# mention {i} {:?} at byte {}; cue {:?}; contained in mention {:?}; container of mention {:?}\n",
            m.text,
            m.start,
            m.cue,
            r.and_then(|r| r.contained_in),
            r.and_then(|r| r.container_of),
        ));
        s.push_str("chosen\tid\tname\tkind\tcountry\tadmin1\tscore\tfeatures\n");
        for c in explained[i].iter().take(limit) {
            let p = gaz.place(c.place);
            let chosen = r.is_some_and(|r| r.place == c.place);
            s.push_str(&format!(
                "{}\t{}\t{}\t{}\t{}\t{}\t{:.3}\t{}\n",
                if chosen { "*" } else { "" },
                p.id,
                p.name,
                p.kind.as_str(),
                p.country_code,
                p.admin1_name,
                c.score,
                nonzero(&c.features),
            ));
        }
        if explained[i].len() > limit {
            s.push_str(&format!(
                "# {} more (raise --limit)\n",
                explained[i].len() - limit
            ));
        }
    }
    if !found {
        eprintln!("eventmap: {name:?} is not recognised as a place in the context text");
        return Ok(Outcome::SomeFailed);
    }
    write_stdout(s.as_bytes())?;
    Ok(Outcome::Ok)
}

/// "prominence=0.81 capital=1 …": the features that are not zero.
fn nonzero(f: &Features) -> String {
    Features::NAMES
        .iter()
        .zip(f.values())
        .filter(|(_, v)| *v != 0.0)
        .map(|(n, v)| format!("{n}={}", (v * 1000.0).round() / 1000.0))
        .collect::<Vec<_>>()
        .join(" ")
}
