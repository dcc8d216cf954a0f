//! Invariants on arbitrary input, the same surfaces as the fuzz harness (`fuzz/`): the text
//! pipeline, JSONL input, gazetteer rows and render's GeoJSON reader never panic, and what
//! they return is consistent with what they were given.

mod common;

use eventmap::input::{InputReader, Source};
use eventmap::{Document, GazetteerBuilder};
use proptest::prelude::*;

use common::pipeline;

/// News-like text: place names in three scripts, numbers, dates, invisible characters.
fn news_text() -> impl Strategy<Value = String> {
    let words = prop::sample::select(vec![
        "Kharkiv",
        "Khar\u{200d}kiv",
        "Kyiv",
        "Харків",
        "Харькове",
        "Odesa",
        "shelling",
        "hit",
        "killed",
        "12",
        "January",
        "2",
        "Feb.",
        "30",
        "on",
        "Tuesday",
        ".",
        ",",
        "\u{feff}",
        "\u{ad}",
        "\n\n",
        "missile",
        "strike",
        "Oblast",
        "district",
        "injured",
        "two",
    ]);
    prop::collection::vec(words, 0..60).prop_map(|w| w.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn mentions_point_into_their_text(text in news_text()) {
        let doc = Document::new("d", text.clone());
        let result = pipeline().run(std::slice::from_ref(&doc));
        let chars: Vec<char> = text.chars().collect();
        for m in &result.mentions {
            prop_assert!(m.start < m.end && m.end <= chars.len(), "{m:?} in {text:?}");
            let span: String = chars[m.start..m.end].iter().collect();
            prop_assert_eq!(&span, &m.text);
        }
    }

    #[test]
    fn every_jsonl_line_is_a_document_or_a_problem(lines in prop::collection::vec(
        prop_oneof![
            Just("{\"text\":\"Shelling hit Kyiv.\"}".to_string()),
            Just("[1,2,3]".to_string()),
            Just("{\"text\": 5}".to_string()),
            "[ -~]{1,30}",
        ],
        0..20,
    )) {
        let data = lines.join("\n");
        let r = InputReader::new().read_source(Source::Bytes("p.jsonl".into(), data.into_bytes()));
        let nonblank = lines.iter().filter(|l| !l.trim().is_empty()).count();
        let failed = r.problems.iter().filter(|p| p.failed).count();
        if nonblank == 0 {
            prop_assert_eq!(failed, 1); // an empty file
        } else {
            prop_assert_eq!(r.documents.len() + failed, nonblank);
        }
    }

    #[test]
    fn gazetteer_rows_never_panic(rows in prop::collection::vec("[a-zA-Z0-9:.\\-\t|]{0,60}", 0..8)) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.tsv");
        let header = "id\tname\tkind\tfeature_code\tcountry_code\tadmin1_code\tadmin1_name\tadmin2_code\tparent_id\tpopulation\tlat\tlon\talt_names";
        std::fs::write(&path, format!("{header}\n{}\n", rows.join("\n"))).unwrap();
        let mut b = GazetteerBuilder::new();
        b.bundled(false).extra(&path);
        let (gaz, problems) = b.build().unwrap();
        for (_, p) in gaz.places() {
            prop_assert!((-90.0..=90.0).contains(&p.lat) && (-180.0..=180.0).contains(&p.lon));
        }
        prop_assert!(gaz.len() + problems.len() <= rows.len());
    }

    #[test]
    fn render_reads_only_points_on_the_globe(coords in prop::collection::vec((any::<f64>(), any::<f64>()), 0..10)) {
        let feats: Vec<String> = coords.iter().map(|(x, y)| format!(
            r#"{{"type":"Feature","geometry":{{"type":"Point","coordinates":[{x:e},{y:e}]}},"properties":{{}}}}"#
        )).collect();
        let fc = format!(r#"{{"type":"FeatureCollection","features":[{}]}}"#, feats.join(","));
        if let Ok((ps, _)) = eventmap::render::map_data_from_geojson(&fc, None) {
            for p in ps {
                prop_assert!((-90.0..=90.0).contains(&p.point.y()) && (-180.0..=180.0).contains(&p.point.x()));
            }
        }
    }
}
