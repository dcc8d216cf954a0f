//! Throughput and memory of the pipeline's stages, printed as MB/s, documents/s and peak RSS.
//!
//!     cargo bench --bench throughput            # 20 MB generated corpus
//!     EVENTMAP_BENCH_MB=50 cargo bench --bench throughput
//!
//! The corpus is made in memory from the seed articles' paragraphs, shuffled with a fixed
//! seed (the same as bench/make_corpus.py), so runs are comparable across machines.

use std::time::Instant;

use eventmap::events;
use eventmap::render::{self, MapOptions};
use eventmap::{Document, Gazetteer, Pipeline};

fn peak_rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

/// CPU seconds (user + system) this process has used, from /proc/self/stat (clock ticks of
/// 1/100 s on Linux).
fn cpu_secs() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map_or(vec![], |(_, rest)| rest.split_whitespace().collect());
    let ticks = |i: usize| fields.get(i).and_then(|s| s.parse::<f64>().ok());
    match (ticks(11), ticks(12)) {
        (Some(u), Some(s)) => (u + s) / 100.0,
        _ => f64::NAN,
    }
}

/// A small deterministic generator (xorshift), so the corpus needs no extra crate.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

fn corpus(mb: f64) -> Vec<Document> {
    let mut paras = Vec::new();
    let mut names: Vec<_> = std::fs::read_dir("seeds")
        .expect("run from the repository root")
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    for p in names {
        let text = std::fs::read_to_string(p).unwrap();
        paras.extend(
            text.lines()
                .map(str::trim)
                .filter(|l| l.len() > 40)
                .map(str::to_string),
        );
    }
    let mut rng = Rng(0x9E3779B97F4A7C15);
    let mut docs = Vec::new();
    let mut size = 0usize;
    while (size as f64) < mb * 1e6 {
        let text: Vec<&str> = (0..8)
            .map(|_| paras[(rng.next() % paras.len() as u64) as usize].as_str())
            .collect();
        let mut d = Document::new(format!("doc{}", docs.len()), text.join("\n"));
        d.published = eventmap::Date::new(2024, 1, 12);
        size += d.text.len();
        docs.push(d);
    }
    docs
}

fn main() {
    let mb: f64 = std::env::var("EVENTMAP_BENCH_MB")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20.0);
    let t = Instant::now();
    let gaz = Gazetteer::bundled();
    let load = t.elapsed().as_secs_f64();
    println!(
        "gazetteer load: {:.3} s, {} places, peak RSS {:.0} MB",
        load,
        gaz.len(),
        peak_rss_mb()
    );

    let docs = corpus(mb);
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let mbytes = bytes as f64 / 1e6;
    let pipeline = Pipeline::builder().gazetteer(gaz).build();

    let t = Instant::now();
    let cpu = cpu_secs();
    let run = pipeline.run(&docs);
    let secs = t.elapsed().as_secs_f64();
    let cpu = cpu_secs() - cpu;
    println!(
        "pipeline (all stages, {} threads): {:.1} MB in {} documents, {:.2} s: {:.2} MB/s, {:.0} documents/s; {} mentions, {} events; peak RSS {:.0} MB",
        rayon::current_num_threads(),
        mbytes,
        docs.len(),
        secs,
        mbytes / secs,
        docs.len() as f64 / secs,
        run.mentions.len(),
        run.events.len(),
        peak_rss_mb()
    );
    println!(
        "per core: {:.1} CPU s, {:.2} MB per CPU second",
        cpu,
        mbytes / cpu
    );

    stages(&pipeline, &docs);
    render_seeds(&pipeline);
}

/// The events stage alone, on one thread, beside recognition + resolution + roles.
fn stages(pipeline: &Pipeline, docs: &[Document]) {
    let sample = &docs[..docs.len().min(2000)];
    let sample_mb = sample.iter().map(|d| d.text.len()).sum::<usize>() as f64 / 1e6;
    let gaz = pipeline.gazetteer();
    let t = Instant::now();
    let resolved: Vec<_> = sample
        .iter()
        .map(|d| pipeline.resolve_document(d))
        .collect();
    let resolve_secs = t.elapsed().as_secs_f64();
    // Tokens and sentences are shared by the stages; the events stage is timed without them.
    let analyses: Vec<_> = sample.iter().map(eventmap::text::Analysed::new).collect();
    let t = Instant::now();
    let mut reports = Vec::new();
    for (a, r) in analyses.iter().zip(&resolved) {
        reports.extend(events::extract(gaz, a, r).0);
    }
    let extract_secs = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let merged = events::merge(gaz, reports);
    let merge_secs = t.elapsed().as_secs_f64();
    println!(
        "one thread, {:.1} MB: recognise+resolve+roles {:.2} MB/s; events extract {:.2} MB/s; merge {:.3} s ({} events)",
        sample_mb,
        sample_mb / resolve_secs,
        sample_mb / extract_secs,
        merge_secs,
        merged.len()
    );
}

/// The seeds map, rendered a few times once fonts and basemap are loaded.
fn render_seeds(pipeline: &Pipeline) {
    let gaz = pipeline.gazetteer();
    let seeds: Vec<Document> = {
        let mut v: Vec<_> = std::fs::read_dir("seeds")
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        v.sort();
        v.iter()
            .map(|p| {
                Document::new(
                    p.file_stem().unwrap().to_string_lossy(),
                    std::fs::read_to_string(p).unwrap(),
                )
            })
            .collect()
    };
    let run = pipeline.run(&seeds);
    let (places, events) = render::map_data(&run, gaz).unwrap();
    let opts = MapOptions::default();
    let _ = render::render_png(&places, &events, &opts).unwrap(); // warm-up: fonts, basemap
    let n = 5;
    let t = Instant::now();
    for _ in 0..n {
        render::render_png(&places, &events, &opts).unwrap();
    }
    println!(
        "render seeds map 1600x1000: {:.3} s per map (mean of {n})",
        t.elapsed().as_secs_f64() / n as f64
    );
}
