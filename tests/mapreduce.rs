//! The map/reduce split: records of `extract`, in any partitioning and order, merge into the
//! same places and events as a run; the binary's `extract | merge` gives `run`'s files.

mod common;

use std::sync::OnceLock;

use assert_cmd::Command;
use eventmap::input::{InputReader, Source};
use eventmap::output;
use eventmap::{DocRecord, Document, Summary};
use proptest::prelude::*;

use common::pipeline;

/// The seeds plus short reports in three languages, so records hold events and places that
/// recur across documents.
fn documents() -> Vec<Document> {
    let mut docs = InputReader::new()
        .read_source(Source::Path("seeds".into()))
        .documents;
    let extra = [
        "A missile strike hit Kharkiv on January 2, 2024, killing two people.",
        "Russia fired a KN-23 missile at Kharkiv on Jan. 2; 62 were injured.",
        "Вночі 2 січня росіяни вдарили ракетами по Харкову, загинули двоє людей.",
        "2 января ракетный удар по Харькову, погибли два человека.",
        "Shelling hit Kherson on Dec. 30. Drones struck Odesa.",
        "Explosions were heard in Odesa on Dec. 30, officials in Kyiv said.",
    ];
    for (i, t) in extra.iter().enumerate() {
        let mut d = Document::new(format!("x{i}"), *t);
        d.published = eventmap::Date::new(2024, 1, 3);
        docs.push(d);
    }
    docs
}

fn records() -> &'static Vec<DocRecord> {
    static R: OnceLock<Vec<DocRecord>> = OnceLock::new();
    R.get_or_init(|| documents().iter().map(|d| pipeline().extract(d)).collect())
}

/// The order-independent files of a summary.
fn files(summary: &Summary) -> Vec<Vec<u8>> {
    let gaz = pipeline().gazetteer();
    vec![
        output::to_bytes(&mut output::PlacesGeojson::new(Vec::new()), gaz, summary, 3).unwrap(),
        output::to_bytes(&mut output::EventsGeojson::new(Vec::new()), gaz, summary, 3).unwrap(),
        output::to_bytes(&mut output::EventsCsv::new(Vec::new()), gaz, summary, 3).unwrap(),
        output::to_bytes(&mut output::EvidenceCsv::new(Vec::new()), gaz, summary, 3).unwrap(),
    ]
}

fn reference() -> &'static Vec<Vec<u8>> {
    static F: OnceLock<Vec<Vec<u8>>> = OnceLock::new();
    F.get_or_init(|| files(&pipeline().run(&documents()).summary))
}

#[test]
fn records_survive_json() {
    for r in records() {
        let line = serde_json::to_string(r).unwrap();
        let back =
            output::records::read_record(&line, pipeline().gazetteer().len(), Default::default())
                .unwrap();
        assert_eq!(&back, r);
    }
    assert!(
        records().iter().any(|r| !r.reports.is_empty()),
        "no event reports to merge"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn merge_is_independent_of_order_and_partitioning(
        order in Just((0..records().len()).collect::<Vec<usize>>()).prop_shuffle(),
        cuts in proptest::collection::vec(0..records().len(), 0..4),
    ) {
        // Partitions are reduced separately, as Spark would extract them, then concatenated
        // in a shuffled order: the reducer sees records in any order.
        let mut bounds = cuts.clone();
        bounds.sort_unstable();
        let mut parts: Vec<Vec<usize>> = Vec::new();
        let mut start = 0;
        for b in bounds.into_iter().chain([order.len()]) {
            parts.push(order[start..b.max(start)].to_vec());
            start = b.max(start);
        }
        parts.reverse();
        let mut reducer = pipeline().reducer();
        for part in parts {
            for i in part {
                reducer.add(records()[i].clone());
            }
        }
        let got = files(&reducer.finish().unwrap());
        for (g, want) in got.iter().zip(reference()) {
            prop_assert!(g == want, "{}", String::from_utf8_lossy(g));
        }
    }
}

#[test]
fn extract_then_merge_gives_runs_files() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let corpus: String = documents()
        .iter()
        .map(|doc| {
            serde_json::json!({"id": doc.id, "text": doc.text, "published": doc.published.map(|p| p.to_string())})
                .to_string()
                + "\n"
        })
        .collect();
    std::fs::write(d.join("corpus.jsonl"), &corpus).unwrap();
    let run_out = d.join("run");
    Command::cargo_bin("eventmap")
        .unwrap()
        .args(["run", "--no-map", "-q", "--out"])
        .arg(&run_out)
        .arg(d.join("corpus.jsonl"))
        .assert()
        .success();
    // Three partitions, extracted separately (as RDD.pipe runs them).
    let lines: Vec<&str> = corpus.lines().collect();
    let mut parts = Vec::new();
    for (k, chunk) in lines.chunks(lines.len().div_ceil(3)).enumerate() {
        let out = Command::cargo_bin("eventmap")
            .unwrap()
            .args(["extract", "-", "-q"])
            .write_stdin(chunk.join("\n") + "\n")
            .assert()
            .success();
        let path = d.join(format!("part-{k}"));
        std::fs::write(&path, &out.get_output().stdout).unwrap();
        parts.push(path);
    }
    let merged = d.join("merged");
    Command::cargo_bin("eventmap")
        .unwrap()
        .args(["merge", "--no-map", "-q", "--out"])
        .arg(&merged)
        .args(&parts)
        .assert()
        .success();
    for f in [
        "places.geojson",
        "events.geojson",
        "mentions.csv",
        "events.csv",
        "evidence.csv",
    ] {
        let a = std::fs::read(run_out.join(f)).unwrap();
        let b = std::fs::read(merged.join(f)).unwrap();
        assert!(a == b, "{f} differs between run and extract | merge");
    }
    // A bad record is reported with its file and line, and the rest still merge.
    std::fs::write(d.join("bad"), "{\"doc\": 1}\n").unwrap();
    Command::cargo_bin("eventmap")
        .unwrap()
        .args(["merge", "--no-map", "--format", "csv"])
        .arg(&parts[0])
        .arg(d.join("bad"))
        .assert()
        .code(1)
        .stderr(predicates::str::contains("bad:1"));
}

#[test]
fn run_gives_the_same_files_whatever_the_worker_count() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let corpus: String = documents()
        .iter()
        .map(|doc| serde_json::json!({"id": doc.id, "text": doc.text}).to_string() + "\n")
        .collect();
    std::fs::write(d.join("corpus.jsonl"), &corpus).unwrap();
    let run = |threads: Option<&str>, out: &str| {
        let mut cmd = Command::cargo_bin("eventmap").unwrap();
        if let Some(t) = threads {
            cmd.env("RAYON_NUM_THREADS", t);
        }
        cmd.args(["run", "--no-map", "-q", "--out"])
            .arg(d.join(out))
            .arg(d.join("corpus.jsonl"))
            .assert()
            .success();
        [
            "places.geojson",
            "events.geojson",
            "mentions.csv",
            "evidence.csv",
        ]
        .map(|f| std::fs::read(d.join(out).join(f)).unwrap())
    };
    // The default pool (two workers more than cores), one worker, many, and a value rayon
    // cannot read (it falls back to its default).
    let default = run(None, "default");
    assert!(!default[2].is_empty());
    for (threads, out) in [("1", "one"), ("7", "seven"), ("many", "unreadable")] {
        assert!(
            run(Some(threads), out) == default,
            "RAYON_NUM_THREADS={threads} changed the files"
        );
    }
}
