//! Hostile input and faults, through the binary: every case finishes (each command runs under a
//! generous timeout that guards against hangs; these are not speed tests), with the right exit
//! code and a message naming the file, the line and the fix.

use std::io::Write;
use std::path::Path;
use std::time::Duration;

use assert_cmd::Command;
use predicates::prelude::*;

/// Hang guard for small inputs.
const QUICK: Duration = Duration::from_secs(60);
/// Hang guard for large generated inputs (release build on 2 shared cores).
const SLOW: Duration = Duration::from_secs(300);

fn eventmap() -> Command {
    let mut c = Command::cargo_bin("eventmap").unwrap();
    c.timeout(QUICK);
    c
}

fn write(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap();
}

#[test]
fn fifo_inside_a_folder_is_skipped_not_waited_for() {
    let dir = tempfile::tempdir().unwrap();
    write(
        &dir.path().join("a.txt"),
        "Shelling hit Kherson on Tuesday.",
    );
    let fifo = dir.path().join("x.txt");
    let status = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(status.success());
    eventmap()
        .args(["run", "--format", "csv", "--no-map"])
        .arg(dir.path())
        .assert()
        .code(1)
        .stdout(predicate::str::contains("Kherson"))
        .stderr(predicate::str::contains("x.txt: special file"));
}

#[test]
fn max_bytes_holds_for_devices_and_standard_input() {
    eventmap()
        .args([
            "run",
            "/dev/zero",
            "--format",
            "csv",
            "--max-bytes",
            "100000",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "/dev/zero: input is larger than the limit of 100000 (raise it with --max-bytes)",
        ));
    eventmap()
        .args(["run", "-", "--format", "csv", "--max-bytes", "100"])
        .write_stdin("Shelling hit Kharkiv. ".repeat(20))
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "<stdin>: input is larger than the limit of 100",
        ));
}

#[test]
fn jsonl_lines_have_their_own_limit_and_messages() {
    let dir = tempfile::tempdir().unwrap();
    let feed = dir.path().join("feed.jsonl");
    let long = "Shelling hit Kharkiv. ".repeat(50);
    write(
        &feed,
        &format!(
            "{{\"id\":\"a\",\"text\":\"Drones struck Odesa.\"}}\n[1,2,3]\n{{\"id\":\"b\",\"text\":\"{long}\"}}\n{{\"id\":\"c\",\"text\":\"Shelling hit Lviv.\"}}\n"
        ),
    );
    // The file is larger than the limit; each line but one is not.
    eventmap()
        .args(["run", "--format", "csv", "--max-bytes", "200"])
        .arg(&feed)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("Odesa").and(predicate::str::contains("Lviv")))
        .stderr(predicate::str::contains(
            "feed.jsonl:2: line is an array, not a JSON object",
        ))
        .stderr(predicate::str::contains(
            "feed.jsonl:3: line is 1120 bytes, over the limit of 200",
        ));
}

#[test]
fn a_document_over_the_per_document_limit_is_refused_and_the_rest_processed() {
    let dir = tempfile::tempdir().unwrap();
    // Over the default limit (12 MiB): refused before any analysis, so this is quick.
    let big = "Shelling hit Kharkiv. ".repeat(600_000);
    write(&dir.path().join("big.txt"), &big);
    write(
        &dir.path().join("small.txt"),
        "Drones struck Odesa on 3 May 2024.",
    );
    eventmap()
        .args(["run", "--format", "csv", "-q"])
        .arg(dir.path())
        .timeout(Duration::from_secs(120))
        .assert()
        .code(1)
        .stdout(predicate::str::contains("Odesa").and(predicate::str::contains("Kharkiv").not()))
        .stderr(predicate::str::contains(
            "big.txt: document \"big\" is 13200000 bytes",
        ))
        .stderr(predicate::str::contains("--max-doc-bytes"));
    // The same limit holds for one JSONL record's text, with its line.
    let feed = dir.path().join("feed.jsonl");
    let long = "Shelling hit Kyiv. ".repeat(10);
    write(
        &feed,
        &format!("{{\"id\":\"a\",\"text\":\"{long}\"}}\n{{\"id\":\"b\",\"text\":\"Shelling hit Sumy.\"}}\n"),
    );
    eventmap()
        .args(["run", "--format", "csv", "--max-doc-bytes", "100"])
        .arg(&feed)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("Sumy").and(predicate::str::contains("Kyiv").not()))
        .stderr(predicate::str::contains(
            "feed.jsonl:1: document \"a\" is 190 bytes, over the 100",
        ));
}

#[test]
fn empty_input_fails_even_when_quiet() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.txt");
    write(&empty, "");
    eventmap()
        .args(["run", "-q", "--format", "csv"])
        .arg(&empty)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("empty.txt: empty file"));
}

#[test]
fn utf16_and_byte_order_marks() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Shelling hit Kharkiv on Tuesday.";
    let mut utf16 = vec![0xFF, 0xFE];
    for u in text.encode_utf16() {
        utf16.extend(u.to_le_bytes());
    }
    std::fs::write(dir.path().join("u16.txt"), utf16).unwrap();
    std::fs::write(
        dir.path().join("bom.txt"),
        format!("\u{feff}{text}").as_bytes(),
    )
    .unwrap();
    let out = eventmap()
        .args(["run", "--format", "csv"])
        .arg(dir.path())
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let csv = String::from_utf8(out).unwrap();
    // Character offsets count from the file's first character, the BOM included.
    assert!(csv.contains("bom,14,21,Kharkiv,geonames:706483"), "{csv}");
    assert!(csv.contains("u16,13,20,Kharkiv,geonames:706483"), "{csv}");
}

#[test]
fn invisible_characters_do_not_split_names() {
    for (text, place) in [
        (
            "Shelling hit Khar\u{200d}kiv on Tuesday.",
            "geonames:706483",
        ),
        ("Вибухи у Хар\u{ad}ків вночі.", "geonames:706483"),
        ("Удар по Оде\u{200c}ссе ночью.", "geonames:698740"),
    ] {
        eventmap()
            .args(["run", "-", "--format", "csv"])
            .write_stdin(text)
            .assert()
            .success()
            .stdout(predicate::str::contains(place));
    }
}

#[test]
fn figures_from_odd_text() {
    let out = eventmap()
        .args(["run", "-", "--format", "json", "--published", "2024-01-05"])
        .write_stdin(
            "A Russian missile strike on Kharkiv on January 2 killed 12 people.\n\nShelling hit Kherson on Feb. 30.",
        )
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let text = v.to_string();
    assert!(text.contains("\"fatalities\":12"), "{text}");
    assert!(!text.contains("02-30"), "{text}");
    eventmap()
        .args([
            "run",
            "seeds",
            "--format",
            "csv",
            "--published",
            "0000-01-01",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--published \"0000-01-01\""));
}

#[test]
fn gazetteer_flags_are_checked() {
    eventmap()
        .args(["run", "seeds", "--format", "csv", "--no-bundled"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--no-bundled leaves an empty gazetteer",
        ));
    let dir = tempfile::tempdir().unwrap();
    let places = dir.path().join("extra.tsv");
    std::fs::write(&places, "\u{feff}id\tname\nx:1\tY\n").unwrap();
    eventmap()
        .args(["run", "seeds", "--format", "csv", "-q", "--places"])
        .arg(&places)
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("extra.tsv:1:")
                .and(predicate::str::contains("(file skipped)")),
        );
}

#[test]
fn render_blames_the_file_at_fault() {
    let dir = tempfile::tempdir().unwrap();
    let places = dir.path().join("places.geojson");
    let events = dir.path().join("events.geojson");
    write(
        &places,
        r#"{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[36.25,49.98]},"properties":{"name":"Kharkiv"}}]}"#,
    );
    write(&events, "{ not json");
    eventmap()
        .args(["render"])
        .arg(&places)
        .arg(&events)
        .arg("--out")
        .arg(dir.path().join("m.png"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("events.geojson: not a GeoJSON"));
}

#[test]
fn render_point_far_outside_the_world_finishes() {
    let dir = tempfile::tempdir().unwrap();
    let places = dir.path().join("far.geojson");
    write(
        &places,
        r#"{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[1e20,1e20]},"properties":{"name":"Far"}}]}"#,
    );
    let assert = eventmap()
        .args(["render"])
        .arg(&places)
        .arg("--out")
        .arg(dir.path().join("m.png"))
        .assert();
    let code = assert.get_output().status.code();
    assert!(
        matches!(code, Some(0) | Some(1)),
        "{:?}",
        assert.get_output()
    );
}

#[test]
fn render_with_100k_points_finishes() {
    let dir = tempfile::tempdir().unwrap();
    let places = dir.path().join("many.geojson");
    let mut s = String::from(r#"{"type":"FeatureCollection","features":["#);
    for i in 0..100_000u32 {
        let (lon, lat) = (
            30.0 + f64::from(i % 400) * 0.01,
            46.0 + f64::from(i / 400) * 0.01,
        );
        if i > 0 {
            s.push(',');
        }
        s.push_str(&format!(
            r#"{{"type":"Feature","geometry":{{"type":"Point","coordinates":[{lon:.4},{lat:.4}]}},"properties":{{"name":"P{i}","kind":"village","role":"mention"}}}}"#
        ));
    }
    s.push_str("]}");
    write(&places, &s);
    eventmap()
        .timeout(SLOW)
        .args(["render"])
        .arg(&places)
        .arg("--out")
        .arg(dir.path().join("m.png"))
        .assert()
        .success();
}

#[test]
fn closed_standard_output_is_an_error_but_a_closed_pipe_is_not() {
    // `>&-`: nothing could be written, so the data would be lost.
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "{} run seeds --format csv -q >&-",
            assert_cmd::cargo::cargo_bin("eventmap").display()
        ))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("standard output is closed"));
    // `| head -c 10`: the reader chose to stop.
    let out = std::process::Command::new("bash")
        .arg("-c")
        .arg(format!(
            "{} run seeds --format csv -q | head -c 10 >/dev/null; exit ${{PIPESTATUS[0]}}",
            assert_cmd::cargo::cargo_bin("eventmap").display()
        ))
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
}

/// A run whose input takes a few seconds, to interrupt or race.
/// Starts `eventmap run … -` reading standard input from the test, which holds the pipe open:
/// the run cannot finish before the test closes it (no timing assumptions). The first 3,000
/// JSONL lines are written at once.
fn held_run(args: &[&str], out: &Path) -> (std::process::Child, std::process::ChildStdin) {
    let bin = assert_cmd::cargo::cargo_bin("eventmap");
    let mut child = std::process::Command::new(&bin)
        .args(args)
        .arg("--out")
        .arg(out)
        .arg("-")
        .stdin(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let text = std::fs::read_to_string("seeds/000_c439da09afb881e8.txt").unwrap();
    let text = serde_json::to_string(&text).unwrap();
    for i in 0..3000 {
        writeln!(stdin, "{{\"id\":\"d{i}\",\"text\":{text}}}").unwrap();
    }
    (child, stdin)
}

/// Waits (at most 10 s) for a run to take the lock of its output folder.
fn wait_for_lock(out: &Path) {
    let lock = out.join(".eventmap.lock");
    for _ in 0..200 {
        if lock.exists() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("no lock at {}", lock.display());
}

fn listing(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn concurrent_runs_on_one_folder_do_not_mix() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let (mut first, stdin) = held_run(&["run", "--no-map", "-q"], &out);
    wait_for_lock(&out);
    eventmap()
        .args(["run", "seeds", "--no-map", "-q", "--out"])
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "another eventmap run is writing this folder",
        ));
    drop(stdin);
    assert!(first.wait().unwrap().success());
    let csv = std::fs::read_to_string(out.join("mentions.csv")).unwrap();
    assert!(csv.contains("d2999,"), "the first run's set is complete");
}

#[test]
fn interrupted_run_leaves_the_old_set_and_no_temporaries() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    eventmap()
        .args(["run", "seeds", "--no-map", "-q", "--out"])
        .arg(&out)
        .assert()
        .success();
    let before = std::fs::read(out.join("places.geojson")).unwrap();
    let (mut run, stdin) = held_run(&["run", "-q"], &out);
    wait_for_lock(&out);
    let pid = run.id().to_string();
    assert!(std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap()
        .success());
    let status = run.wait().unwrap();
    drop(stdin);
    assert_eq!(status.code(), Some(143), "{status:?}");
    assert_eq!(std::fs::read(out.join("places.geojson")).unwrap(), before);
    assert_eq!(listing(dir.path()), ["out"]);
}

#[test]
fn a_later_set_replaces_the_whole_earlier_one() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    write(
        &dir.path().join("a.txt"),
        "Shelling hit Kherson on Tuesday.",
    );
    eventmap()
        .args(["run", "seeds", "-q", "--out"])
        .arg(&out)
        .assert()
        .success();
    write(&out.join("README.md"), "my notes");
    eventmap()
        .args(["run", "--no-map", "-q", "--out"])
        .arg(&out)
        .arg(dir.path().join("a.txt"))
        .assert()
        .success();
    // No map.png of the old run beside the new files; the user's own file is kept.
    assert_eq!(
        listing(&out),
        [
            ".eventmap.lock",
            "README.md",
            "events.csv",
            "events.geojson",
            "evidence.csv",
            "mentions.csv",
            "places.geojson"
        ]
    );
    assert_eq!(listing(dir.path()), ["a.txt", "out"]);
}

#[test]
fn long_document_finishes() {
    let dir = tempfile::tempdir().unwrap();
    let k = dir.path().join("k.txt");
    write(&k, &"Shelling hit Kharkiv. ".repeat(100_000));
    let out = eventmap()
        .timeout(SLOW)
        .args(["run", "--format", "csv", "--no-map", "-q"])
        .arg(&k)
        .assert()
        .success();
    let csv = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    let kharkiv = csv.lines().filter(|l| l.contains(",Kharkiv,")).count();
    assert_eq!(kharkiv, 100_000, "every mention written");
}

#[test]
fn text_without_full_stops_gives_bounded_output() {
    let dir = tempfile::tempdir().unwrap();
    let n = dir.path().join("n.txt");
    write(
        &n,
        &"shelling hit Kharkiv and Kyiv and Odesa, ".repeat(5000),
    );
    let out = dir.path().join("o");
    eventmap()
        .timeout(SLOW)
        .args(["run", "--no-map", "-q", "--out"])
        .arg(&out)
        .arg(&n)
        .assert()
        .success();
    let size = std::fs::metadata(out.join("places.geojson")).unwrap().len();
    assert!(
        size < 50 << 20,
        "places.geojson is {size} bytes for 205 KB of text"
    );
}
