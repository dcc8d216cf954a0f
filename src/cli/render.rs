//! `eventmap render`: redraw a map from GeoJSON files.

use std::path::Path;

use anyhow::Context;

use eventmap::render;

use super::args::RenderArgs;
use super::{default_title, map_options, Outcome};

pub(super) fn render_cmd(args: RenderArgs) -> anyhow::Result<Outcome> {
    let read = |p: &Path| {
        std::fs::read_to_string(p).with_context(|| format!("{}: cannot read", p.display()))
    };
    let places = read(&args.places)?;
    let events = args.events.as_deref().map(read).transpose()?;
    let not_geojson =
        |p: &Path, e| anyhow::anyhow!("{}: not a GeoJSON FeatureCollection: {e}", p.display());
    // Read the places alone first, so an error in the events file is blamed on that file.
    let (ps, _) =
        render::map_data_from_geojson(&places, None).map_err(|e| not_geojson(&args.places, e))?;
    let (ps, es) = match (&events, &args.events) {
        (Some(text), Some(path)) => {
            let (_, es) = render::map_data_from_geojson(
                "{\"type\":\"FeatureCollection\",\"features\":[]}",
                Some(text),
            )
            .map_err(|e| not_geojson(path, e))?;
            (ps, es)
        }
        _ => (ps, Vec::new()),
    };
    let opts = map_options(&args.map, default_title(std::slice::from_ref(&args.places)))?;
    let png = render::render_png(&ps, &es, &opts)?;
    super::outdir::write_file(&args.out, &png)?;
    eprintln!(
        "eventmap: wrote {} ({} places, {} events)",
        args.out.display(),
        ps.len(),
        es.len()
    );
    Ok(Outcome::Ok)
}
