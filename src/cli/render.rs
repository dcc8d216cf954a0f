//! `eventmap render`: redraw a map from GeoJSON files.

use std::path::Path;

use anyhow::Context;

use eventmap::output;
use eventmap::render;

use super::args::RenderArgs;
use super::{default_title, map_options, Outcome};

pub(super) fn render_cmd(args: RenderArgs) -> anyhow::Result<Outcome> {
    let read = |p: &Path| {
        std::fs::read_to_string(p).with_context(|| format!("{}: cannot read", p.display()))
    };
    let places = read(&args.places)?;
    let events = args.events.as_deref().map(read).transpose()?;
    let (ps, es) = render::map_data_from_geojson(&places, events.as_deref()).map_err(|e| {
        anyhow::anyhow!(
            "{}: not a GeoJSON FeatureCollection: {e}",
            args.places.display()
        )
    })?;
    let opts = map_options(&args.map, default_title(std::slice::from_ref(&args.places)))?;
    let png = render::render_png(&ps, &es, &opts)?;
    output::write_atomic(&args.out, &png)?;
    eprintln!(
        "eventmap: wrote {} ({} places, {} events)",
        args.out.display(),
        ps.len(),
        es.len()
    );
    Ok(Outcome::Ok)
}
