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
    let report = InputReader::new().read_all(vec![Source::Bytes("fuzz.txt".into(), data.to_vec())]);
    run_docs(&report.documents);
}

/// JSONL input: every line a document or a problem, then the pipeline.
pub fn jsonl(data: &[u8]) {
    // read_all, as the binary does: it makes document ids unique, which the pipeline needs.
    let report =
        InputReader::new().read_all(vec![Source::Bytes("fuzz.jsonl".into(), data.to_vec())]);
    run_docs(&report.documents);
}

fn run_docs(docs: &[eventmap::Document]) {
    use eventmap::output::{self, Context, Writer};
    let p = pipeline();
    let gaz = p.gazetteer();
    let ctx = Context { gaz, evidence: 3 };
    let mut mentions = output::MentionsCsv::new(Vec::new());
    let mut records = output::Records::new(Vec::new(), "fuzz.jsonl");
    // Every document's record goes through the streaming writers, as `run` and `extract` do.
    let mut reducer = p.reducer();
    for doc in docs {
        let rec = p.extract(doc);
        let _ = mentions.record(&ctx, &rec);
        let _ = records.record(&ctx, &rec);
        reducer.add(rec);
    }
    let summary = reducer.finish();
    finish(output::PlacesGeojson::new(Vec::new()), gaz, &summary);
    finish(output::EventsGeojson::new(Vec::new()), gaz, &summary);
    finish(output::EventsCsv::new(Vec::new()), gaz, &summary);
    finish(output::EvidenceCsv::new(Vec::new()), gaz, &summary);
    finish(
        output::AcledCsv::new(Vec::new(), "acled.csv"),
        gaz,
        &summary,
    );
    // The library's one-call path must agree with the streaming one and never panic.
    let _ = p.run(docs);
}

fn finish<W>(mut w: W, gaz: &Gazetteer, summary: &eventmap::result::Summary)
where
    W: eventmap::output::Writer + eventmap::output::IntoInner,
{
    let _ = eventmap::output::to_bytes(&mut w, gaz, summary, 3);
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
    let Ok((ps, es)) = eventmap::render::map_data_from_geojson(&places, events.as_deref()) else {
        return;
    };
    let opts = eventmap::render::MapOptions {
        width: 400,
        height: 300,
        scale: 1.0,
        title: Some("fuzz".into()),
        extent: eventmap::render::Extent::Auto,
    };
    let _ = eventmap::render::render_png(&ps, &es, &opts);
    // The same GeoJSON must read the same way twice (no hidden state).
    let again = eventmap::render::map_data_from_geojson(&places, events.as_deref());
    assert!(again.is_ok(), "second read failed");
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
