//! The binary on the seeds and on hostile input.

use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

fn eventmap() -> Command {
    Command::cargo_bin("eventmap").unwrap()
}

fn km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let a = ((p2 - p1) / 2.0).sin().powi(2)
        + p1.cos() * p2.cos() * ((lon2 - lon1).to_radians() / 2.0).sin().powi(2);
    2.0 * 6371.0 * a.sqrt().asin()
}

fn seeds_run() -> (tempfile::TempDir, Value, Value) {
    let dir = tempfile::tempdir().unwrap();
    eventmap()
        .args(["run", "seeds", "--out"])
        .arg(dir.path())
        .assert()
        .success();
    let places: Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("places.geojson")).unwrap()).unwrap();
    let events: Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("events.geojson")).unwrap()).unwrap();
    (dir, places, events)
}

/// The rows of `mentions.csv`, by column name.
fn mention_rows(dir: &tempfile::TempDir) -> Vec<std::collections::HashMap<String, String>> {
    let mut r = csv::Reader::from_path(dir.path().join("mentions.csv")).unwrap();
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    r.records()
        .map(|row| {
            header
                .iter()
                .cloned()
                .zip(row.unwrap().iter().map(str::to_string))
                .collect()
        })
        .collect()
}

fn find<'a>(fc: &'a Value, id: &str) -> Option<&'a Value> {
    fc["features"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["properties"]["id"] == id)
}

#[test]
fn seeds_places_are_right() {
    let (_dir, places, _) = seeds_run();
    // Kharkiv, hand-checked: 49.98 N, 36.25 E.
    let kh = find(&places, "geonames:706483").expect("Kharkiv");
    let c = &kh["geometry"]["coordinates"];
    assert!(km(c[1].as_f64().unwrap(), c[0].as_f64().unwrap(), 49.98, 36.25) < 5.0);
    assert_eq!(kh["properties"]["role"], "event");
    // Kharkiv's Shevchenkivskyi district, not Kyiv's.
    let d = find(&places, "curated:kharkiv-shevchenkivskyi")
        .expect("Shevchenkivskyi district of Kharkiv");
    let c = &d["geometry"]["coordinates"];
    assert!(km(c[1].as_f64().unwrap(), c[0].as_f64().unwrap(), 49.99, 36.23) < 10.0);
    for (id, what) in [
        ("geonames:706482", "Kharkiv Oblast"),
        ("geonames:698738", "Odesa Oblast"),
        ("geonames:687699", "Zaporizhzhia Oblast"),
        ("geonames:703448", "Kyiv"),
        ("geonames:524901", "Moscow, Russia"),
        ("geonames:4140963", "Washington, D.C."),
        ("geonames:1871859", "Pyongyang"),
        ("geonames:690791", "Ukraine"),
        ("geonames:2017370", "Russia"),
        ("geonames:1873107", "North Korea"),
        ("geonames:6252001", "United States"),
        ("geonames:1835841", "South Korea"),
    ] {
        assert!(find(&places, id).is_some(), "{what} ({id}) missing");
    }
    assert!(find(&places, "curated:kyiv-shevchenkivskyi").is_none());
}

#[test]
fn seeds_people_outlets_and_urls_are_not_places() {
    let (dir, _, _) = seeds_run();
    // Nothing from names of people, outlets, URLs, "X" or the language switcher (the full
    // evidence is in mentions.csv).
    let mentions = mention_rows(&dir);
    let texts: Vec<String> = mentions.iter().map(|r| r["text"].clone()).collect();
    for bad in [
        "Antony",
        "Blinken",
        "Richardson",
        "Alex",
        "Angus",
        "MacSwan",
        "Kirby",
        "X",
        "ua",
        "en",
        "ru",
        "khar",
        "Post",
        "Iskander",
    ] {
        assert!(
            !texts.iter().any(|t| t == bad),
            "{bad} recognised as a place"
        );
    }
}

#[test]
fn seeds_roles_and_evidence() {
    let (dir, places, _) = seeds_run();
    let mentions = mention_rows(&dir);
    // Kharkiv where a sentence says it was struck is an event location.
    let struck: Vec<&std::collections::HashMap<String, String>> = mentions
        .iter()
        .filter(|m| m["place_id"] == "geonames:706483")
        .filter(|m| {
            let s = &m["sentence"];
            [
                "strike on",
                "attack on",
                "hit Kharkiv",
                "strike Kharkiv",
                "bombardment of the city of Kharkiv",
                "against central Kharkiv",
            ]
            .iter()
            .any(|w| s.contains(w))
        })
        .collect();
    assert!(struck.len() >= 6, "{}", struck.len());
    for m in struck {
        assert_eq!(m["role"], "event", "{}", m["sentence"]);
    }
    // Features carry at most three evidence entries, whatever the number of mentions.
    let kh_props = &find(&places, "geonames:706483").expect("Kharkiv")["properties"];
    assert!(kh_props["mention_count"].as_u64().unwrap() > 3);
    assert_eq!(kh_props["evidence_doc"].as_array().unwrap().len(), 3);
    // Governments speaking are actors.
    assert_eq!(
        find(&places, "geonames:4140963").unwrap()["properties"]["role"],
        "actor"
    );
    assert_eq!(
        find(&places, "curated:moscow-kremlin").unwrap()["properties"]["role"],
        "actor"
    );
}

#[test]
fn seeds_events_are_right() {
    let (_dir, _, events) = seeds_run();
    let evs = events["features"].as_array().unwrap();
    let jan2: Vec<&Value> = evs
        .iter()
        .filter(|e| e["properties"]["date"] == "2024-01-02")
        .collect();
    assert_eq!(jan2.len(), 1, "one event for the Jan. 2 strike");
    let e = &jan2[0]["properties"];
    assert!(["geonames:706483", "curated:kharkiv-shevchenkivskyi"]
        .contains(&e["place_id"].as_str().unwrap()));
    assert_eq!(e["event_type"], "explosions_remote_violence");
    assert_eq!(e["fatalities"], 2);
    assert_eq!(e["injured"], 62);
    assert!(e["weapons"]
        .as_array()
        .unwrap()
        .iter()
        .any(|w| w == "KN-23"));
    assert!(e["source_count"].as_u64().unwrap() >= 4);
    assert_eq!(
        e["sources"].as_array().unwrap().len(),
        3,
        "bounded by --evidence"
    );
    let dec30: Vec<&Value> = evs
        .iter()
        .filter(|e| e["properties"]["date"] == "2023-12-30")
        .collect();
    assert_eq!(dec30.len(), 1);
    assert_eq!(dec30[0]["properties"]["place_id"], "geonames:687699");
    assert_eq!(dec30[0]["properties"]["geo_precision"], 3);
    for e in evs {
        let id = e["properties"]["place_id"].as_str().unwrap();
        for bad in [
            "geonames:4140963",
            "geonames:524901",
            "geonames:1871859",
            "geonames:2800866",
        ] {
            assert_ne!(id, bad, "event at a speaking capital");
        }
    }
}

#[test]
fn committed_output_is_fresh_and_deterministic() {
    let (dir, _, _) = seeds_run();
    for f in [
        "places.geojson",
        "events.geojson",
        "mentions.csv",
        "events.csv",
        "evidence.csv",
        "map.png",
        "map.html",
    ] {
        let fresh = std::fs::read(dir.path().join(f)).unwrap();
        let committed = std::fs::read(Path::new("output").join(f)).unwrap_or_default();
        assert!(
            fresh == committed,
            "output/{f} is stale: run `cargo run --release -- run seeds --out output` and commit"
        );
    }
}

#[test]
fn evidence_offsets_are_code_points() {
    let (dir, places, _) = seeds_run();
    let text_of = |doc: &str| std::fs::read_to_string(format!("seeds/{doc}.txt")).unwrap();
    let mut checked = 0;
    for f in places["features"].as_array().unwrap() {
        let p = &f["properties"];
        for (i, doc) in p["evidence_doc"].as_array().unwrap().iter().enumerate() {
            let chars: Vec<char> = text_of(doc.as_str().unwrap()).chars().collect();
            let s = p["evidence_start"][i].as_u64().unwrap() as usize;
            let t = p["evidence_end"][i].as_u64().unwrap() as usize;
            assert_eq!(
                chars[s..t].iter().collect::<String>(),
                p["evidence_text"][i]
            );
            checked += 1;
        }
    }
    assert!(checked > 20, "{checked}");
    // Event evidence: whole sentences, offsets in code points too.
    let mut r = csv::Reader::from_path(dir.path().join("evidence.csv")).unwrap();
    let mut sentences = 0;
    for row in r.records() {
        let row = row.unwrap();
        let chars: Vec<char> = text_of(&row[1]).chars().collect();
        let (s, t): (usize, usize) = (row[2].parse().unwrap(), row[3].parse().unwrap());
        let sentence: String = chars[s..t].iter().collect();
        let clipped = row[row.len() - 1]
            .trim_start_matches('…')
            .trim_end_matches('…');
        assert!(
            sentence.contains(clipped),
            "{clipped:?} not in {sentence:?}"
        );
        sentences += 1;
    }
    assert!(sentences >= 5, "{sentences}");
}

#[test]
fn hostile_inputs_do_not_stop_the_run() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("empty.txt"), b"").unwrap();
    std::fs::write(d.join("binary.txt"), b"\x7fELF\x00\x00\x01").unwrap();
    std::fs::write(
        d.join("latin1.txt"),
        b"Missiles hit Odesa caf\xe9 on Monday.",
    )
    .unwrap();
    std::fs::write(d.join("feed.jsonl"), b"{\"id\":\"a\",\"text\":\"Shelling hit Kherson.\"}\n{broken\n{\"id\":\"b\",\"text\":\"Drones struck Lviv.\"}\n").unwrap();
    let out = d.join("out");
    eventmap()
        .args(["run"])
        .arg(d)
        .arg(d.join("missing.txt"))
        .arg("--out")
        .arg(&out)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("binary.txt: binary file"))
        .stderr(predicate::str::contains("feed.jsonl:2: invalid JSON"))
        .stderr(predicate::str::contains("missing.txt: No such file"))
        .stderr(predicate::str::contains("latin1.txt: invalid UTF-8"))
        .stderr(predicate::str::contains("empty.txt: empty file"));
    let csv = std::fs::read_to_string(out.join("mentions.csv")).unwrap();
    for place in ["Odesa", "Kherson", "Lviv"] {
        assert!(csv.contains(place), "{place} missing from {csv}");
    }
}

#[test]
fn bad_flags_and_unwritable_out() {
    eventmap()
        .args(["run", "seeds"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--out"));
    eventmap()
        .args(["run", "seeds", "--format", "nope"])
        .assert()
        .code(2);
    eventmap()
        .args(["run", "seeds", "--format", "csv", "--extent", "1,2"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--extent"));
    eventmap()
        .args([
            "run",
            "seeds",
            "--format",
            "csv",
            "--published",
            "yesterday",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--published"));
    let dir = tempfile::tempdir().unwrap();
    // A bad map size is refused before anything is written.
    let out = dir.path().join("never");
    eventmap()
        .args(["run", "seeds", "--width", "10", "--out"])
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--width"));
    assert!(!out.exists());
    eventmap()
        .args([
            "gazetteer",
            "lookup",
            "Kharkiv",
            "--geonames",
            "/nonexistent/cities.txt",
        ])
        .assert()
        .code(2)
        .stderr(
            "eventmap: error: /nonexistent/cities.txt: No such file or directory (os error 2)\n",
        );
    let file = dir.path().join("a-file");
    std::fs::write(&file, b"x").unwrap();
    eventmap()
        .args(["run", "seeds", "--out"])
        .arg(file.join("sub"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("a-file"));
}

#[test]
fn stdin_and_formats() {
    let assert = eventmap()
        .args(["run", "-", "--format", "geojsonseq", "-q"])
        .write_stdin("Russia struck Kharkiv on Tuesday, officials in Kyiv said.")
        .assert()
        .success();
    let out = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    let records: Vec<&str> = out.split('\x1e').filter(|s| !s.is_empty()).collect();
    assert!(records.len() >= 3);
    for r in records {
        let v: Value = serde_json::from_str(r.trim()).unwrap();
        assert_eq!(v["type"], "Feature");
    }
    eventmap()
        .args(["run", "-", "--format", "csv", "-q"])
        .write_stdin("Shelling hit Kherson.")
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "doc,start,end,text,place_id,name,kind,lat,lon,confidence,role,sentence\nstdin,13,20,Kherson,",
        ));
}

#[test]
fn gazetteer_lookup() {
    eventmap()
        .args(["gazetteer", "lookup", "Kharkiv"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "geonames:706483\tKharkiv\tcity\tUA",
        ))
        .stdout(predicate::str::contains(
            "geonames:706482\tKharkiv Oblast\tadmin1",
        ));
    eventmap()
        .args(["gazetteer", "lookup", "Shevchenkivskyi"])
        .assert()
        .success()
        .stdout(predicate::str::contains("curated:kharkiv-shevchenkivskyi"))
        .stdout(predicate::str::contains("Kyiv"));
    eventmap()
        .args(["gazetteer", "lookup", "Харків"])
        .assert()
        .success()
        .stdout(predicate::str::contains("geonames:706483"));
    eventmap()
        .args(["gazetteer", "lookup", "Nowhereville Qqq"])
        .assert()
        .code(1);
    let dir = tempfile::tempdir().unwrap();
    let extra = dir.path().join("extra.tsv");
    std::fs::write(
        &extra,
        format!(
            "{}\nx:1\tQqqville\tcity\t\tUA\t07\t\t\t\t10\t50\t36\t\nx:2\tBroken\n",
            eventmap::gazetteer::PLACES_COLUMNS.join("\t")
        ),
    )
    .unwrap();
    eventmap()
        .args(["gazetteer", "lookup", "Qqqville", "--places"])
        .arg(&extra)
        .assert()
        .success()
        .stdout(predicate::str::contains("x:1\tQqqville"))
        .stderr(predicate::str::contains("extra.tsv:3: malformed row"));
}

#[test]
fn render_from_geojson() {
    let dir = tempfile::tempdir().unwrap();
    let png = dir.path().join("m.png");
    eventmap()
        .args([
            "render",
            "output/places.geojson",
            "output/events.geojson",
            "--title",
            "Редагована мапа",
            "--out",
        ])
        .arg(&png)
        .assert()
        .success();
    assert_eq!(&std::fs::read(&png).unwrap()[1..4], b"PNG");
    // The interactive map beside it, with the given title.
    let html = std::fs::read_to_string(dir.path().join("m.html")).unwrap();
    assert!(html.contains("<title>Редагована мапа</title>"));
    std::fs::write(dir.path().join("bad.geojson"), b"{\"type\": 3}").unwrap();
    eventmap()
        .args(["render"])
        .arg(dir.path().join("bad.geojson"))
        .arg("--out")
        .arg(&png)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("bad.geojson"));
}

#[test]
fn seeds_snapshot() {
    // Beside the hand-checked coordinates of `seeds_places_are_right`: a snapshot of what the
    // seeds yield, so any change to them is seen in review.
    let (dir, places, _) = seeds_run();
    let summary: Vec<String> = places["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let p = &f["properties"];
            let c = &f["geometry"]["coordinates"];
            format!(
                "{} {} {} {} [{}, {}]",
                p["id"], p["name"], p["kind"], p["role"], c[0], c[1]
            )
        })
        .collect();
    insta::assert_snapshot!("seeds_places", summary.join("\n"));
    let events = std::fs::read_to_string(dir.path().join("events.csv")).unwrap();
    insta::assert_snapshot!("seeds_events_csv", events);
}

#[test]
fn oversized_files_are_skipped() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("big.txt"),
        "Shelling hit Kherson. ".repeat(100),
    )
    .unwrap();
    std::fs::write(dir.path().join("small.txt"), "Drones struck Lviv.").unwrap();
    eventmap()
        .args(["run"])
        .arg(dir.path())
        .args(["--max-bytes", "100", "--format", "csv"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "big.txt: file is 2200 bytes, over the limit of 100 (raise it with --max-bytes)",
        ))
        .stdout(predicate::str::contains("Lviv"))
        .stdout(predicate::str::contains("Kherson").not());
}
