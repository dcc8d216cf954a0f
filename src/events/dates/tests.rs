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
