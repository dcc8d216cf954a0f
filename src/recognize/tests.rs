//! Recognition tests: what is and is not a place mention.

use super::*;
use crate::gazetteer::Gazetteer;
use crate::text::Document;

fn gaz() -> &'static Gazetteer {
    crate::testing::gazetteer()
}

pub(super) fn found(text: &str) -> Vec<String> {
    let rec = Recognizer::new(gaz());
    rec.recognize(&Document::new("t", text))
        .into_iter()
        .map(|m| m.text.into())
        .collect()
}

#[test]
fn recogniser_table() {
    let cases: &[(&str, &[&str])] = &[
        (
            "Russia hit central Kharkiv on Jan. 2.",
            &["Russia", "Kharkiv"],
        ),
        (
            "Attacks against Kharkiv and Odesa oblasts.",
            &["Kharkiv", "Odesa"],
        ),
        (
            "An open field in Zaporizhzhia Oblast.",
            &["Zaporizhzhia Oblast"],
        ),
        (
            "Three hits in the Shevchenkivskyi district.",
            &["Shevchenkivskyi district"],
        ),
        ("On January 4, The Washington Post reported it.", &[]),
        ("Secretary of State Antony Blinken said so.", &[]),
        ("Editing by Alex Richardson, Angus MacSwan", &[]),
        ("The statement on social media platform X came.", &[]),
        ("ua en ru", &[]),
        ("(photo: khar.gp.gov.ua)", &[]),
        ("Write to news@kyiv.example.com today.", &[]),
        ("The Kyiv Independent reported it.", &[]),
        ("Police said the Bar was closed in March.", &[]),
        (
            "He flew from New York City to Washington, D.C.",
            &["New York City", "Washington", "D.C."],
        ),
        (
            "The U.S. and North Korea talked in Харків.",
            &["U.S.", "North Korea", "Харків"],
        ),
        ("Officials in Mobile, Ala., said so.", &["Mobile", "Ala."]),
        (
            "Washington said on Jan. 4 that Moscow lied.",
            &["Washington", "Moscow"],
        ),
        ("The Kremlin did not respond.", &["Kremlin"]),
        ("kyiv said on Tuesday.", &["kyiv"]),
        (
            "Kharkiv Oblast Governor Oleh Syniehubov said.",
            &["Kharkiv Oblast"],
        ),
        ("Ukraine’s air force said.", &["Ukraine"]),
    ];
    for (text, want) in cases {
        assert_eq!(found(text), *want, "in {text:?}");
    }
}

/// Three letters: a case form or name of a large city mid-sentence in Ukrainian and Russian;
/// a common word at a sentence start, in lower case, or in English stays a word.
#[test]
fn short_cyrillic_city_forms() {
    let cases: &[(&str, &[&str])] = &[
        ("Ракета влучила в центр Сум.", &["Сум"]),
        ("Взрыв прогремел в Уфе.", &["Уфе"]),
        ("Делегація прибула до міста Рим.", &["Рим"]),
        ("Сум охопив усе місто.", &[]),
        ("Він відчув сум.", &[]),
        ("Police said the Bar was closed.", &[]),
    ];
    for (text, want) in cases {
        assert_eq!(found(text), *want, "in {text:?}");
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
    #[test]
    fn recognise_never_panics(s in "[\\PC\u{2019}\u{201c}\u{a0} .,]{0,120}", name in "(Kharkiv|Kyiv|U\\.S\\.|Odesa)") {
        let text = format!("{s} {name}{s}.");
        let rec = Recognizer::new(gaz());
        for m in rec.recognize(&Document::new("t", text.clone())) {
            proptest::prop_assert_eq!(&text[m.start..m.end], m.text.as_str());
        }
    }
}

#[test]
fn cues() {
    let rec = Recognizer::new(gaz());
    let ms = rec.recognize(&Document::new(
        "t",
        "Attacks on Kharkiv and Odesa oblasts, the city of Lviv and the Shevchenkivskyi district.",
    ));
    let cues: Vec<_> = ms.iter().map(|m| (m.text.as_str(), m.cue)).collect();
    assert_eq!(
        cues,
        [
            ("Kharkiv", Some(Cue::Region)),
            ("Odesa", Some(Cue::Region)),
            ("Lviv", Some(Cue::City)),
            ("Shevchenkivskyi district", Some(Cue::District)),
        ]
    );
}

#[test]
fn spans_point_into_original_text() {
    let text = "Удар по Харкову? No: a strike on Kharkiv.";
    let rec = Recognizer::new(gaz());
    for m in rec.recognize(&Document::new("t", text)) {
        assert_eq!(&text[m.start..m.end], m.text);
    }
}

/// A common word that is also a place, at a sentence start (issue 13): a place when the
/// sentence describes it as one or when the same name is a place elsewhere in the document;
/// a word otherwise. Sentences written for this rule.
#[test]
fn sentence_initial_common_words() {
    let cases: &[(&str, &[&str])] = &[
        (
            "Reading is a city in Berks County, Pennsylvania.",
            &["Reading", "Berks County", "Pennsylvania"],
        ),
        (
            "Turkey said the talks would go on. Envoys flew to Turkey on Monday.",
            &["Turkey", "Turkey"],
        ),
        ("Reading the report took an hour.", &[]),
        ("Turkey was served at the dinner.", &[]),
    ];
    for (text, want) in cases {
        assert_eq!(found(text), *want, "in {text:?}");
    }
}

#[test]
fn remembered_words_belong_to_their_gazetteer() {
    // The first step of each word into the name index is remembered per thread: a second
    // gazetteer in the same thread must not see the first one's names, nor the first lose
    // them after the second ran.
    let text = "Russia struck Kharkiv and kyiv said so.";
    let bundled = found(text);
    assert_eq!(bundled, ["Russia", "Kharkiv", "kyiv"]);
    let empty = Gazetteer::default();
    let rec = Recognizer::new(&empty);
    assert!(rec.recognize(&Document::new("t", text)).is_empty());
    assert_eq!(found(text), bundled);
}

/// `is_stop` asks the calendar set only for a month's or weekday's key: every calendar word
/// of every language is one of the merged lists' keys.
#[test]
fn calendar_words_pass_the_month_and_weekday_gates() {
    let w = words();
    let mut calendar = 0;
    for &(lang, _) in crate::lexicon::Lang::ALL {
        let lex = Lexicon::get(lang);
        for (key, _) in lex.list("months").iter().chain(lex.list("weekdays").iter()) {
            if is_calendar_word(key) {
                calendar += 1;
                assert!(
                    w.months.contains_key(key) || w.weekdays.contains_key(key),
                    "{key}"
                );
                assert!(is_stop(key), "{key}");
            }
        }
    }
    assert!(calendar > 20);
}

/// The sentence map agrees with a plain search for each token's sentence: no sentences,
/// tokens before, between, at and past the sentences' ends, and an empty sentence.
#[test]
fn sentence_map_matches_plain_search() {
    let token = |start: usize| Token {
        start,
        end: start + 1,
        key: "x".into(),
        case: Case::Lower,
        gate_slot: 0,
        wide_len: 0,
        head: 0,
    };
    let plain = |tokens: &[Token], sents: &[(usize, usize)]| -> Vec<usize> {
        let last = sents.len().saturating_sub(1);
        let of = |t: &Token| (0..last).find(|&s| t.start < sents[s].1).unwrap_or(last);
        tokens.iter().map(of).collect()
    };
    let sentence_sets: &[&[(usize, usize)]] = &[
        &[],
        &[(0, 10)],
        &[(0, 4), (4, 4), (5, 9)],
        &[(2, 3), (3, 8), (8, 12), (12, 40)],
    ];
    let token_sets: &[&[usize]] = &[&[], &[0], &[0, 1, 3, 4, 5, 8, 9, 12, 30, 50], &[60, 70]];
    let mut buf = vec![7; 3];
    for sents in sentence_sets {
        for starts in token_sets {
            let tokens: Vec<Token> = starts.iter().map(|&s| token(s)).collect();
            sentence_map(&tokens, sents, &mut buf);
            assert_eq!(buf, plain(&tokens, sents), "{sents:?} {starts:?}");
        }
    }
}
