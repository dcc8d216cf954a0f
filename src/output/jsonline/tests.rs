use super::*;

use crate::{Document, Pipeline};

fn ours<T: Serialize + ?Sized>(v: &T) -> Vec<u8> {
    let mut out = Vec::new();
    write(v, &mut out).expect("supported");
    out
}

/// Every byte that serde_json escapes, at every place in and around a 16-byte block.
#[test]
fn strings_are_escaped_as_serde_json_escapes_them() {
    let specials: Vec<char> = (0u8..0x20)
        .map(char::from)
        .chain(['"', '\\', '/', '\u{7f}', 'é', 'ї', '€', '😀'])
        .collect();
    for len in [0, 1, 15, 16, 17, 31, 32, 33, 40] {
        for at in 0..len {
            for &c in &specials {
                let s: String = (0..len).map(|i| if i == at { c } else { 'a' }).collect();
                assert_eq!(ours(&s), serde_json::to_vec(&s).unwrap(), "{s:?}");
            }
        }
    }
}

#[derive(serde::Serialize)]
struct Mixed {
    a: Option<u8>,
    b: Option<i64>,
    c: (usize, usize),
    d: Vec<f64>,
    e: f32,
    f: bool,
    g: char,
    h: std::collections::BTreeSet<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    i: Option<String>,
    j: Vec<()>,
    k: Unit,
}

#[derive(serde::Serialize)]
enum Unit {
    Only,
}

#[test]
fn values_are_written_as_serde_json_writes_them() {
    let m = Mixed {
        a: None,
        b: Some(i64::MIN),
        c: (0, usize::MAX),
        d: vec![
            0.0,
            -0.0,
            0.1,
            1e300,
            1.5e-7,
            f64::NAN,
            f64::INFINITY,
            0.875,
        ],
        e: 0.3,
        f: true,
        g: '\n',
        h: ["b\"", "a"].map(String::from).into(),
        i: None,
        j: vec![(), ()],
        k: Unit::Only,
    };
    assert_eq!(ours(&m), serde_json::to_vec(&m).unwrap());
    let mut out = Vec::new();
    let map: std::collections::BTreeMap<u8, u8> = [(1, 2)].into();
    assert!(write(&map, &mut out).is_err());
}

/// Real records, with reports, quotes and line breaks in their sentences.
#[test]
fn records_are_written_as_serde_json_writes_them() {
    let p = Pipeline::builder().build();
    let texts = [
        "Shelling hit Kherson on 3 March. \"Two people were killed in Kharkiv,\" the governor said.\nA drone struck Odesa\tport; 4 injured.",
        "Обстріл Херсона 3 березня: загинули двоє людей у Харкові. «Дрон» атакував Одесу.",
        "",
    ];
    for (i, t) in texts.iter().enumerate() {
        let mut doc = Document::new(format!("d\"{i}\\"), t.to_string());
        doc.url = (i == 0).then(|| "https://x.test/a?b=\"c\"".to_string());
        let rec = p.extract(&doc);
        assert_eq!(ours(&rec), serde_json::to_vec(&rec).unwrap());
        let mut line = serde_json::to_vec(&rec).unwrap();
        line.push(b'\n');
        assert_eq!(crate::output::records::extract_line(&p, &doc), line);
    }
}

proptest::proptest! {
    #[test]
    fn any_string_is_escaped_as_serde_json_escapes_it(s in "(?s).{0,70}", t in "[\\x00-\\x7f]{0,70}") {
        proptest::prop_assert_eq!(ours(&s), serde_json::to_vec(&s).unwrap());
        proptest::prop_assert_eq!(ours(&t), serde_json::to_vec(&t).unwrap());
    }
}
