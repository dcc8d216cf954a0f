//! Unit tests of date finding.

use super::*;

fn one(text: &str, anchor: Option<Date>) -> String {
    let d = find_dates(text, anchor);
    assert_eq!(d.len(), 1, "{text}: {d:?}");
    d[0].date.map(|p| p.iso()).unwrap_or_else(|| "?".into())
}

#[test]
fn date_forms() {
    let pub_ = Date::new(2024, 1, 5); // a Friday
    for (text, want) in [
        ("on Jan. 2 Russia", "2024-01-02"),
        ("on January 2, 2024, Russia", "2024-01-02"),
        ("on 2 January 2024", "2024-01-02"),
        ("on Dec. 30 Russia", "2023-12-30"),
        ("on Tuesday", "2024-01-02"),
        ("last Friday", "2023-12-29"),
        ("on Friday", "2024-01-05"),
        ("yesterday", "2024-01-04"),
        ("today", "2024-01-05"),
        // Phrases: a holiday, a weekend (its Saturday).
        ("on New Year's Day", "2024-01-01"),
        ("on Christmas Day", "2023-12-25"),
        ("over the weekend", "2023-12-30"),
    ] {
        assert_eq!(one(text, pub_), want, "{text}");
    }
    assert_eq!(one("on Dec. 30 Russia", None), "--12-30");
    assert_eq!(one("on Tuesday", None), "?");
    assert_eq!(one("over the weekend", None), "?");
    assert_eq!(one("on New Year's Day", None), "--01-01");
    assert_eq!(one("on January 2, 2024", None), "2024-01-02");
    assert!(find_dates("We may go.", pub_).is_empty());
}

#[test]
fn publication_inference() {
    assert_eq!(
        infer_published("Photo taken on Jan. 11, 2024, shows. Jan. 2 strike."),
        Date::new(2024, 1, 11)
    );
    assert_eq!(
        infer_published("provided today, January 6, on Jan. 2, 2024"),
        Date::new(2024, 1, 6)
    );
    assert_eq!(infer_published("on Jan. 2 only"), None);
}

#[test]
fn compatibility() {
    let full = PartialDate::Day(Date::new(2024, 1, 2).unwrap());
    assert!(full.compatible(PartialDate::MonthDay(1, 2)));
    assert!(!full.compatible(PartialDate::MonthDay(1, 3)));
    assert!(!full.compatible(PartialDate::Day(Date::new(2023, 1, 2).unwrap())));
}

#[test]
fn impossible_days_are_not_dates() {
    let found = |t: &str| {
        find_dates(t, None)
            .into_iter()
            .filter_map(|m| m.date)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        found("Shelling on Feb. 30 and on 31 April hit Kharkiv."),
        []
    );
    assert_eq!(found("on Feb. 29"), [PartialDate::MonthDay(2, 29)]);
    assert_eq!(
        found("on 2 January 2024"),
        [PartialDate::Day(Date::new(2024, 1, 2).unwrap())]
    );
}

/// The scan that reads words from the tokens finds what splitting the text finds, also where
/// tokens and the splitter's words differ (apostrophes between Cyrillic letters, invisible
/// characters and combining marks inside a token) and when scanned in steps.
#[test]
fn token_scan_finds_what_the_split_finds() {
    let anchor = Date::new(2024, 1, 5);
    let texts = [
        "Russia struck Kharkiv last Tuesday, Jan. 2, 2024; on 3 January 2024 again.",
        "У п'ятницю, 2 січня, ворог атакував Одесу. Минулої ночі в п’ятницю вибухи.",
        "в п\u{2bc}ятницю і 'вівторок' та ' середа, в ніч на 2 січня",
        "Jan\u{ad}uary 2 and Janu\u{200b}ary 3, Tue\u{301}sday, 5 Ja\u{301}n",
        "\u{482}'\u{482}Tuesday and \u{482}'вівторок' later; on New Year's Day, over the weekend",
        "в новогоднюю ночь и на вихідних, yesterday, today 12abc 2024 Х-101 31 грудня 2023",
        "last\u{ad} Friday; ' Friday; вчора; сьогодні о 5:30 11.01.2024 Dec. 30",
    ];
    for text in texts {
        let toks = crate::text::tokenize(text);
        let mut whole = DateScan::new(text, anchor, None);
        whole.scan_until(text.len() + 1);
        for step in [1, 7, 13, text.len() + 1] {
            let mut split = DateScan::new(text, anchor, None);
            let mut read = DateScan::new(text, anchor, None).with_tokens(&toks);
            for end in (step..text.len() + step + 1).step_by(step) {
                split.scan_until(end);
                read.scan_until(end);
                assert_eq!(split.found(), read.found(), "{text} {end}");
                split.scan_to_full_date_from(end);
                read.scan_to_full_date_from(end);
                assert_eq!(split.found(), read.found(), "{text} {end}");
            }
            assert_eq!(whole.found(), read.found(), "{text}");
        }
    }
}

/// The scan that reads its words from the tokens (its window too) finds what splitting the
/// text finds, scanned in steps of `step` bytes.
fn scan_agrees(text: &str, step: usize) {
    let anchor = Date::new(2024, 1, 5);
    let toks = crate::text::tokenize(text);
    let mut split = DateScan::new(text, anchor, None);
    let mut read = DateScan::new(text, anchor, None).with_tokens(&toks);
    for end in (step..text.len() + step + 1).step_by(step) {
        split.scan_until(end);
        read.scan_until(end);
        assert_eq!(split.found(), read.found(), "{text:?} {end}");
        split.scan_to_full_date_from(end);
        read.scan_to_full_date_from(end);
        assert_eq!(split.found(), read.found(), "{text:?} {end}");
    }
}

// Word sequences where dates and their neighbours meet every case of
// `token_scan_finds_what_the_split_finds`, and any text.
proptest::proptest! {
    #[test]
    fn token_scan_agrees_on_date_words(
        words in proptest::collection::vec(proptest::sample::select(vec![
            "on", "On", "the", "over", "weekend", "New", "Year", "s", "Day", "Christmas", "Jan",
            "January", "2", "31", "2024", "1,200", "Tuesday", "last", "next", "yesterday",
            "today", "в", "ніч", "на", "січня", "п'ятницю", "п’ятницю", "минулої", "ночі",
            "вихідних", "новогоднюю", "ночь", "сегодня", "Jan\u{ad}uary", "Tue\u{301}sday",
            "'", "’", ",", ".", ";", "—", "x", "Х-101", "вівторок", "\u{482}", "сі\u{483}чня",
            "ʼ", "ѿ", "Ґ", "grudnia\u{200b}", "ÿ",
        ]), 0..24),
        seps in proptest::collection::vec(proptest::sample::select(vec![
            " ", " ", " ", ", ", ". ", "'", "’", "\u{a0}", "-",
        ]), 24),
        step in 1usize..20,
    ) {
        let mut text = String::new();
        for (w, sep) in words.iter().zip(&seps) {
            text.push_str(w);
            text.push_str(sep);
        }
        scan_agrees(&text, step);
    }

    #[test]
    fn token_scan_agrees_on_any_text(text in "\\PC{0,60}", step in 1usize..20) {
        scan_agrees(&text, step);
    }
}

/// Every one-word key of the lists behind [`fact_gate`] is its own fold: a word that is a
/// whole token ([`DateScan::token_word`]) has facts only when its key (its fold) is in the
/// gate, also where a list finds the word as written.
#[test]
fn fact_keys_are_folded() {
    for name in ["months", "weekdays", "relative_days"] {
        for (key, _) in list(name).iter().filter(|(k, _)| !k.contains(' ')) {
            assert_eq!(fold(key), key, "{name}");
        }
    }
    for key in &phrase_starts().0 {
        assert_eq!(&fold(key), key);
    }
}

/// The characters of lead bytes 0xD0 and 0xD1 (U+0400 to U+047F), which a stretch of plain
/// bytes may hold, are letters: a token of them is one word of the splitter.
#[test]
fn plain_cyrillic_is_alphanumeric() {
    for c in '\u{400}'..='\u{47f}' {
        assert!(crate::text::is_alphanumeric(c), "{c}");
        assert!((0xd0..=0xd1).contains(&c.to_string().as_bytes()[0]));
    }
    assert!(!crate::text::is_alphanumeric('\u{482}'));
}

/// The eight-byte test of plain bytes agrees with the test of one byte, for every byte at
/// every place among others.
#[test]
fn special_bytes_agree_with_plain_byte() {
    use super::skip::{has_special, plain_byte, special_bytes};
    let fillers = [
        0u8, b'a', b' ', 0x80, 0xbf, 0xd0, 0xd1, 0x27, 0xc2, 0xff, 0x7f,
    ];
    for b in 0..=255u8 {
        for at in 0..8 {
            for &f in &fillers {
                let mut bytes = [f; 8];
                bytes[at] = b;
                let mask = special_bytes(u64::from_le_bytes(bytes));
                for (k, &x) in bytes.iter().enumerate() {
                    assert_eq!((mask >> (8 * k + 7)) & 1 == 1, !plain_byte(x), "{bytes:?}");
                }
                // The sixteen-byte test, with the bytes in either half and the other half
                // plain (ASCII or Cyrillic) or not.
                let x = u64::from_le_bytes(bytes);
                let special = bytes.iter().any(|&x| !plain_byte(x));
                for other in [
                    *b"abcdefgh",
                    [0xd0, 0xb0, 0xd1, 0x8f, b' ', b'1', 0xd0, 0x81],
                ] {
                    let y = u64::from_le_bytes(other);
                    assert_eq!(has_special(x, y), special, "{bytes:?}");
                    assert_eq!(has_special(y, x), special, "{bytes:?}");
                }
                let quote = u64::from_le_bytes(*b"ab'cdefg");
                assert!(has_special(x, quote) && has_special(quote, x), "{bytes:?}");
            }
        }
    }
}
