//! `eventmap gazetteer …`: look things up in the gazetteer.

use super::args::GazetteerCommand;
use super::{build_gazetteer, write_stdout, Outcome};

pub(super) fn gazetteer(cmd: GazetteerCommand) -> anyhow::Result<Outcome> {
    match cmd {
        GazetteerCommand::Lookup { name, limit, gaz } => {
            let (gaz, _) = build_gazetteer(&gaz, false)?;
            let mut ids = gaz.lookup(&name);
            ids.sort_by(|a, b| {
                let (pa, pb) = (gaz.place(*a), gaz.place(*b));
                pa.kind
                    .cmp(&pb.kind)
                    .then(pb.population.cmp(&pa.population))
                    .then(pa.id.cmp(&pb.id))
            });
            if ids.is_empty() {
                eprintln!("eventmap: no place named {name:?} in the gazetteer");
                return Ok(Outcome::SomeFailed);
            }
            let mut s =
                String::from("id\tname\tkind\tcountry\tadmin1\tpopulation\tlat\tlon\tmatched\n");
            for id in ids.iter().take(limit) {
                let p = gaz.place(*id);
                s.push_str(&format!(
                    "{}\t{}\t{}\t{}\t{}\t{}\t{:.5}\t{:.5}\t{}\n",
                    p.id,
                    p.name,
                    p.kind.as_str(),
                    p.country_code,
                    p.admin1_name,
                    p.population,
                    p.lat,
                    p.lon,
                    eventmap::gazetteer::explain_match(p, &name)
                ));
            }
            if ids.len() > limit {
                s.push_str(&format!("# {} more (raise --limit)\n", ids.len() - limit));
            }
            write_stdout(s.as_bytes())?;
            Ok(Outcome::Ok)
        }
    }
}
