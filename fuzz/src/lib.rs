//! Fuzz targets for eventmap: each takes arbitrary bytes and must neither panic nor hang.
//!
//! One function per input surface; [`all`] picks one by the first byte so that a single
//! AFL++ instance (one core) covers them all. The same functions are used by the
//! proptest suite in `tests/hostile.rs` through the library API, so a crash found here can be
//! replayed with `cargo afl run eventmap-all < crash`.

use std::sync::OnceLock;

use eventmap::input::{InputReader, Source};
use eventmap::{Gazetteer, GazetteerBuilder, Pipeline};

/// Loads the bundled gazetteer once. Call before `afl::fuzz!`, so the fork server starts
/// after it and each run does not pay for it.
pub fn init() {
    let _ = pipeline();
}

fn pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(|| Pipeline::builder().build())
}

/// Plain text through the whole pipeline and every writer.
pub fn text(data: &[u8]) {
    let report = InputReader::new().read_source(Source::Bytes("fuzz.txt".into(), data.to_vec()));
    run_docs(&report.documents);
}

/// JSONL input: every line a document or a problem, then the pipeline.
pub fn jsonl(data: &[u8]) {
    let report =
        InputReader::new().read_source(Source::Bytes("fuzz.jsonl".into(), data.to_vec()));
    run_docs(&report.documents);
}

fn run_docs(docs: &[eventmap::Document]) {
    let p = pipeline();
    let result = p.run(docs);
    let gaz = p.gazetteer();
    let _ = eventmap::output::places_geojson(&result, gaz);
    let _ = eventmap::output::events_geojson(&result, gaz, docs);
    let _ = eventmap::output::mentions_csv(&result, gaz);
    let _ = eventmap::output::events_csv(&result, gaz);
}

/// Gazetteer rows: a `--places` TSV (and the same bytes as a GeoNames dump).
pub fn gazetteer_rows(data: &[u8]) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("places.tsv");
    std::fs::write(&path, data).expect("write");
    for geonames in [false, true] {
        let mut b = GazetteerBuilder::new();
        b.bundled(false);
        if geonames {
            b.geonames(&path);
        } else {
            b.extra(&path);
        }
        if let Ok((gaz, _problems)) = b.build() {
            lookups(&gaz);
        }
    }
}

fn lookups(gaz: &Gazetteer) {
    for (id, place) in gaz.places().take(50) {
        let _ = gaz.lookup(&place.name);
        let _ = gaz.contains(id, id);
    }
}

/// `render`'s GeoJSON input: places (first half) and events (second half), drawn small.
pub fn render_geojson(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let (places, events) = match text.split_once('\u{1e}') {
        Some((p, e)) => (p.to_string(), Some(e.to_string())),
        None => (text.into_owned(), None),
    };
    let Ok((ps, es)) = eventmap::render::map_data_from_geojson(&places, events.as_deref())
    else {
        return;
    };
    let opts = eventmap::render::MapOptions {
        width: 200,
        height: 120,
        scale: 1.0,
        title: "fuzz".into(),
        extent: eventmap::render::Extent::Auto,
    };
    let _ = eventmap::render::render_png(&ps, &es, &opts);
}

/// Dispatches on the first byte: 0 text, 1 JSONL, 2 gazetteer rows, 3 render GeoJSON.
pub fn all(data: &[u8]) {
    let Some((&which, rest)) = data.split_first() else {
        return;
    };
    match which % 4 {
        0 => text(rest),
        1 => jsonl(rest),
        2 => gazetteer_rows(rest),
        _ => render_geojson(rest),
    }
}
