//! The event gold sets under `bench/gold/` are well formed: every line parses, ids are unique,
//! required fields are present with the right types, coordinates are WGS84 degrees in range,
//! dates are ISO days, and each set keeps the size and coverage its issue asks for.
//! `bench/events.sh` scores eventmap against these files; this test only guards their shape.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

fn gold(name: &str) -> Vec<(usize, Map<String, Value>)> {
    let path = format!("{}/bench/gold/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut ids = BTreeSet::new();
    text.lines()
        .enumerate()
        .map(|(i, line)| {
            let at = format!("{path}:{}", i + 1);
            let rec: Map<String, Value> =
                serde_json::from_str(line).unwrap_or_else(|e| panic!("{at}: {e}"));
            let id = rec["id"].as_str().unwrap_or_else(|| panic!("{at}: id"));
            assert!(ids.insert(id.to_string()), "{at}: duplicate id {id}");
            let lang = rec["lang"].as_str();
            assert!(matches!(lang, Some("en" | "uk" | "ru")), "{at}: lang");
            assert!(!rec["text"].as_str().unwrap_or("").is_empty(), "{at}: text");
            (i + 1, rec)
        })
        .collect()
}

/// `YYYY-MM-DD` with a real month and day.
fn is_day(v: &Value) -> bool {
    let Some(s) = v.as_str() else { return false };
    let parts: Vec<&str> = s.split('-').collect();
    let num = |p: &str, len: usize| p.len() == len && p.bytes().all(|b| b.is_ascii_digit());
    parts.len() == 3
        && num(parts[0], 4)
        && num(parts[1], 2)
        && num(parts[2], 2)
        && (1..=12).contains(&parts[1].parse::<u32>().unwrap())
        && (1..=31).contains(&parts[2].parse::<u32>().unwrap())
}

fn count_or_null(v: &Value) -> bool {
    v.is_null() || v.as_u64().is_some()
}

/// The fields every gold event shares, under the names its file uses.
fn check_event(at: &str, e: &Map<String, Value>, date: &str, killed: &str) {
    let lat = e["lat"].as_f64().unwrap_or(f64::NAN);
    let lon = e["lon"].as_f64().unwrap_or(f64::NAN);
    assert!((-90.0..=90.0).contains(&lat), "{at}: lat {lat}");
    assert!((-180.0..=180.0).contains(&lon), "{at}: lon {lon}");
    assert!(is_day(&e[date]), "{at}: {date}");
    assert!(count_or_null(&e[killed]), "{at}: {killed}");
    assert!(
        matches!(e["geo_precision"].as_u64(), Some(1..=3)),
        "{at}: geo_precision"
    );
    for key in ["location", "admin1", "event_type", "sub_event_type"] {
        assert!(e[key].is_string(), "{at}: {key}");
    }
}

/// A set of Ukrainian and Russian paragraphs (`{id, lang, published, text, events}`) with at
/// least `min_per_lang` paragraphs in each language, `min_two` with two events or more and
/// `min_region` region-only events.
fn paragraphs_are_well_formed(name: &str, min_per_lang: usize, min_two: usize, min_region: usize) {
    let recs = gold(name);
    let mut per_lang = BTreeMap::new();
    let (mut two, mut region) = (0, 0);
    for (line, rec) in &recs {
        let at = format!("{name}:{line}");
        assert!(is_day(&rec["published"]), "{at}: published");
        let events = rec["events"]
            .as_array()
            .unwrap_or_else(|| panic!("{at}: events"));
        assert!(!events.is_empty(), "{at}: no events");
        two += usize::from(events.len() > 1);
        for e in events {
            let e = e.as_object().unwrap_or_else(|| panic!("{at}: event"));
            check_event(&at, e, "date", "killed");
            assert!(count_or_null(&e["injured"]), "{at}: injured");
            region += usize::from(e["geo_precision"] == 3);
            assert!(
                e["date"].as_str() <= rec["published"].as_str(),
                "{at}: event after publication"
            );
        }
        *per_lang.entry(rec["lang"].as_str().unwrap()).or_insert(0) += 1;
    }
    assert!(
        per_lang.get("uk") >= Some(&min_per_lang),
        "{name}: {per_lang:?}"
    );
    assert!(
        per_lang.get("ru") >= Some(&min_per_lang),
        "{name}: {per_lang:?}"
    );
    assert!(
        two >= min_two && region >= min_region,
        "{name}: two-event paragraphs {two}, region-only events {region}"
    );
}

#[test]
fn ukrainian_and_russian_paragraphs_are_well_formed() {
    paragraphs_are_well_formed("uk_ru.jsonl", 30, 2, 2);
}

/// The check set of the fifth pass (issue 11): at least 20 paragraphs per language.
#[test]
fn ukrainian_and_russian_check_paragraphs_are_well_formed() {
    paragraphs_are_well_formed("uk_ru_check.jsonl", 20, 2, 0);
}

#[test]
fn acled_style_reports_are_well_formed_and_cover_every_event_type() {
    let recs = gold("acled_style.jsonl");
    let mut per_lang = BTreeMap::new();
    let mut types = BTreeSet::new();
    let mut precisions = BTreeSet::new();
    for (line, rec) in &recs {
        let at = format!("acled_style.jsonl:{line}");
        check_event(&at, rec, "event_date", "fatalities");
        for key in ["actor1", "actor2", "country"] {
            assert!(rec[key].is_string(), "{at}: {key}");
        }
        types.insert(rec["event_type"].as_str().unwrap().to_string());
        precisions.insert(rec["geo_precision"].as_u64().unwrap());
        *per_lang.entry(rec["lang"].as_str().unwrap()).or_insert(0) += 1;
    }
    assert!(recs.len() >= 100, "{} reports", recs.len());
    for lang in ["en", "uk", "ru"] {
        assert!(per_lang.get(lang) >= Some(&20), "{per_lang:?}");
    }
    let acled = [
        "Battles",
        "Explosions/Remote violence",
        "Violence against civilians",
        "Protests",
        "Riots",
        "Strategic developments",
    ];
    for t in acled {
        assert!(types.contains(t), "no {t} report");
    }
    assert_eq!(precisions.len(), 3, "geo_precision levels {precisions:?}");
}
