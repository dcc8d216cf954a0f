use super::*;

#[test]
fn fold_table() {
    for (input, want) in [
        ("Kharkiv", "kharkiv"),
        ("Charków", "charkow"),
        ("Харків", "харків"),
        ("ХАРКІВ", "харків"),
        ("Łódź", "lodz"),
        ("Zürich", "zurich"),
        ("Zu\u{308}rich", "zurich"),
        ("Khar\u{200d}kiv", "kharkiv"),
        ("Khar\u{ad}kiv", "kharkiv"),
        ("\u{feff}Kyiv\u{200c}", "kyiv"),
    ] {
        assert_eq!(fold(input), want, "{input}");
    }
}

proptest::proptest! {
    #[test]
    fn name_key_is_folded_tokens_joined(s in "[a-zA-Zà-ÿА-яіїєґ’'., \u{ad}\u{200b}-\u{200d}\u{feff}-]{0,40}") {
        let joined: Vec<String> = tokenize(&s).into_iter().map(|t| t.key.to_string()).collect();
        proptest::prop_assert_eq!(name_key(&s), joined.join(" "));
    }
}

#[test]
fn only_calendar_dates_parse() {
    assert_eq!(Date::parse_iso("2024-02-29"), Date::new(2024, 2, 29));
    assert!(Date::parse_iso("2024-02-29").is_some());
    for bad in [
        "0000-01-01",
        "2023-02-29",
        "2024-02-30",
        "2024-13-01",
        "2024-1-01",
    ] {
        assert_eq!(Date::parse_iso(bad), None, "{bad}");
    }
}

#[test]
fn invisible_characters_join_words_and_keep_offsets() {
    let text = "\u{feff}Shelling hit Khar\u{200d}kiv\u{ad}.";
    let toks = tokenize(text);
    let keys: Vec<&str> = toks.iter().map(|t| t.key.as_str()).collect();
    assert_eq!(keys, ["shelling", "hit", "kharkiv"]);
    assert_eq!(&text[toks[0].start..toks[0].end], "Shelling");
    assert_eq!(&text[toks[2].start..toks[2].end], "Khar\u{200d}kiv");
}

#[test]
fn name_keys_ignore_punctuation_style() {
    assert_eq!(name_key("Khar’kov"), name_key("Khar'kov"));
    assert_eq!(name_key("U.S."), "u s");
    assert_eq!(name_key("Ivano-Frankivsk"), "ivano frankivsk");
    assert_eq!(name_key("  New   York "), "new york");
}

#[test]
fn tokens_have_original_offsets() {
    let text = "In «Київ», 2024";
    let toks = tokenize(text);
    assert_eq!(&text[toks[1].start..toks[1].end], "Київ");
    assert_eq!(toks[1].case, Case::Title);
    assert_eq!(toks[2].case, Case::Other);
}

#[test]
fn sentence_split_respects_abbreviations() {
    let text = "Russia hit Kharkiv on Jan. 2, the U.S. said. Two died.\nNext line";
    let s: Vec<&str> = sentences(text)
        .into_iter()
        .map(|(a, b)| &text[a..b])
        .collect();
    assert_eq!(
        s,
        [
            "Russia hit Kharkiv on Jan. 2, the U.S. said.",
            "Two died.",
            "Next line"
        ]
    );
}

#[test]
fn text_without_full_stops_is_cut_at_clause_breaks() {
    for clause in [
        "shelling hit Kharkiv and Kyiv and Odesa, ",
        "обстріл Харкова і Києва та Одеси; ",
        "обстрел Харькова и Киева и Одессы ",
    ] {
        let text = clause.repeat(500);
        let s = sentences(&text);
        assert!(s.len() > 5, "{clause}: {} pieces", s.len());
        let words: usize = s.iter().map(|&(a, b)| tokenize(&text[a..b]).len()).sum();
        assert_eq!(
            words,
            tokenize(&text).len(),
            "{clause}: no word lost or cut"
        );
        for (i, &(a, b)) in s.iter().enumerate() {
            assert!(b - a <= MAX_SENTENCE_BYTES);
            assert!(i + 1 == s.len() || b - a > MAX_SENTENCE_BYTES / 2 - 50);
            let brk = clause
                .trim()
                .chars()
                .last()
                .filter(|c| c.is_ascii_punctuation());
            if let Some(brk) = brk {
                assert!(text[a..b].ends_with(brk), "{clause}: cut at a clause break");
            }
        }
    }
    // No space at all: cut on a character boundary.
    let text = "Київ".repeat(1000);
    assert!(sentences(&text)
        .iter()
        .all(|&(a, b)| b - a <= MAX_SENTENCE_BYTES));
}

#[test]
fn urls_do_not_split() {
    let text = "(photo: khar.gp.gov.ua) more";
    assert_eq!(sentences(text).len(), 1);
}

proptest::proptest! {
    #[test]
    fn sentences_and_tokens_never_panic(s in "\\PC{0,200}") {
        for (a, b) in sentences(&s) {
            proptest::prop_assert!(a <= b && s.is_char_boundary(a) && s.is_char_boundary(b));
        }
        for t in tokenize(&s) {
            proptest::prop_assert!(s.is_char_boundary(t.start) && s.is_char_boundary(t.end));
        }
    }
}

#[test]
fn multibyte_before_periods() {
    let text = "the city\u{2019}s board. \u{201c}Next\u{201d} one. Caf\u{e9}. Done";
    assert_eq!(sentences(text).len(), 4);
}

#[test]
fn char_offsets_in_any_order() {
    let text = "Удар по Харкову, then Kyiv.";
    let o = CharOffsets::new(text);
    let kyiv = text.find("Kyiv").unwrap();
    let kharkiv = text.find("Харкову").unwrap();
    assert_eq!(o.char_offset(kyiv), 22);
    assert_eq!(o.char_offset(kharkiv), 8);
    assert_eq!(o.char_offset(kyiv), 22);
    assert_eq!(o.char_offset(text.len()), text.chars().count());
}

#[test]
fn calendar_words() {
    for w in ["march", "may", "june", "tuesday", "september"] {
        assert!(is_calendar_word(w), "{w}");
    }
    for w in ["mar", "sept", "kharkiv"] {
        assert!(!is_calendar_word(w), "{w}");
    }
}

#[test]
fn dates_arithmetic() {
    let d = Date::new(2024, 1, 2).unwrap();
    assert_eq!(d.weekday(), 1); // Tuesday
    assert_eq!(d.add_days(-3).to_string(), "2023-12-30");
    assert_eq!(Date::from_days(d.days()), d);
    assert_eq!(
        Date::parse_iso("2024-01-06T10:00:00Z"),
        Date::new(2024, 1, 6)
    );
    assert!(Date::new(2023, 2, 29).is_none());
}

/// The block index counts as `chars` does, at every boundary of awkward texts.
#[test]
fn char_offsets_match_chars_everywhere() {
    let long = "Київ — Kyiv 🇺🇦 ".repeat(20);
    for text in [
        "",
        "a",
        "й",
        "😀",
        "abcdefgh",
        long.as_str(),
        &long[..long.len() - 1],
    ] {
        let o = CharOffsets::new(text);
        for (i, _) in text.char_indices().rev().chain([(text.len(), ' ')]) {
            assert_eq!(o.char_offset(i), text[..i].chars().count(), "{text:?} {i}");
        }
    }
}

/// The abbreviation check by a token's key answers as the check by the word's text: the
/// list's keys are folded (so a word that is a key folds to itself).
#[test]
fn abbreviation_keys_are_folded() {
    for (key, _) in Lexicon::all().list("abbreviations").iter() {
        assert_eq!(name_key(key), key);
    }
}

#[test]
fn sentences_with_tokens_agree_on_abbreviations() {
    for text in [
        "Russia hit Kharkiv on Jan. 2, the U.S. said. Two died.\nNext line",
        "Gen. Smith met Dr. Who. St. Louis. Mr. X. Vs. Y. No. 5 came.",
        "У м. Харків. Вул. Сумська. Обл. Центр. Р-н. Тис. Грн. Ст. Київ.",
        "Напад на ВУЛ. Шевченка. Смт. Ворзель. Р-Н. Км.",
        "Jan\u{ad}. Next. Caf\u{e9}. Done. JAN. Feb. ḞEB. \u{2160}. Ⅰ.",
        ". . A. B. 1. 2. Ё. ё. Sept. Sept.. X",
    ] {
        let mut with = Vec::new();
        sentences_into(text, &tokenize(text), &mut with);
        assert_eq!(with, sentences(text), "{text}");
    }
}

const WORDS: [&str; 16] = [
    "Jan",
    "JAN",
    "jan",
    "Gen",
    "Вул",
    "вул",
    "ВУЛ",
    "Р-н",
    "ст",
    "Ст",
    "U",
    "Caf\u{e9}",
    "J\u{ad}an",
    "Kharkiv",
    "Київ",
    "2",
];
const GAPS: [&str; 8] = [". ", ".", " ", "\n", "! ", ". \"", ".\u{a0}", "-"];

proptest::proptest! {
    #[test]
    fn sentences_with_tokens_agree(s in "([A-Za-zА-Яа-яЁёІі\u{e9}\u{301}\u{ad}]{0,5}(\\. |\\.|-| |\n|! )){0,30}") {
        let mut with = Vec::new();
        sentences_into(&s, &tokenize(&s), &mut with);
        proptest::prop_assert_eq!(with, sentences(&s));
    }

    #[test]
    fn sentences_with_tokens_agree_on_list_words(
        parts in proptest::collection::vec(
            (proptest::sample::select(&WORDS[..]), proptest::sample::select(&GAPS[..])),
            0..24,
        )
    ) {
        let s: String = parts.iter().flat_map(|&(w, g)| [w, g]).collect();
        let mut with = Vec::new();
        sentences_into(&s, &tokenize(&s), &mut with);
        proptest::prop_assert_eq!(with, sentences(&s));
    }
}
