//! Dates in news text: absolute ("Jan. 2", "January 2, 2024", "2 January 2024", "Dec. 30"),
//! weekdays ("on Tuesday", "last Tuesday") and "yesterday"/"today", anchored to a
//! publication date. A date whose year cannot be known stays partial.

use std::cell::RefCell;
use std::collections::HashSet;
use std::sync::OnceLock;

use crate::lexicon::{FastHash, FastMap, KeyGate, Lexicon, WordList};
use crate::text::{fold, fold_into, month_of, weekday_of, Date};

/// A date as precise as the text allows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PartialDate {
    /// A full date.
    Day(Date),
    /// Month and day known, year not.
    MonthDay(u8, u8),
}

impl PartialDate {
    /// A month and day without a year, if that day exists in some year ("Feb. 29" does,
    /// "Feb. 30" does not).
    pub fn from_month_day(month: u8, day: u8) -> Option<PartialDate> {
        Date::new(2000, month, day).map(|_| PartialDate::MonthDay(month, day))
    }

    /// ISO 8601 form: `2024-01-02`, or `--01-02` when the year is unknown.
    pub fn iso(self) -> String {
        match self {
            PartialDate::Day(d) => d.to_string(),
            PartialDate::MonthDay(m, d) => format!("--{m:02}-{d:02}"),
        }
    }

    /// `day` or `month_day` (year unknown).
    pub fn precision(self) -> &'static str {
        match self {
            PartialDate::Day(_) => "day",
            PartialDate::MonthDay(..) => "month_day",
        }
    }

    /// Whether two dates can be the same day.
    pub fn compatible(self, other: PartialDate) -> bool {
        self.month_day() == other.month_day()
            && match (self, other) {
                (PartialDate::Day(a), PartialDate::Day(b)) => a == b,
                _ => true,
            }
    }

    fn month_day(self) -> (u8, u8) {
        match self {
            PartialDate::Day(d) => (d.month, d.day),
            PartialDate::MonthDay(m, d) => (m, d),
        }
    }

    /// The full date nearest to `anchor` (within half a year) for a month-day, or itself.
    pub fn anchored(self, anchor: Date) -> PartialDate {
        self.anchored_within(anchor, |c| (c.days() - anchor.days()).abs() <= 183)
    }

    /// The full date for a month-day in a text published on `published`: news reports what
    /// has happened, so the latest such day no later than two days after publication ("March
    /// 22" in a story of 5 January is last March), within a year; or itself.
    pub fn anchored_past(self, published: Date) -> PartialDate {
        let p = published.days();
        self.anchored_within(published, |c| c.days() <= p + 2 && p - c.days() <= 366)
    }

    /// The candidate (year before, of or after the anchor) nearest the anchor among those
    /// `ok` accepts.
    fn anchored_within(self, anchor: Date, ok: impl Fn(Date) -> bool) -> PartialDate {
        match self {
            PartialDate::Day(_) => self,
            PartialDate::MonthDay(m, d) => [anchor.year - 1, anchor.year, anchor.year + 1]
                .into_iter()
                .filter_map(|y| Date::new(y, m, d))
                .filter(|&c| ok(c))
                .min_by_key(|c| (c.days() - anchor.days()).abs())
                .map_or(self, PartialDate::Day),
        }
    }
}

/// A date expression found in text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DateMention {
    /// Byte offset of the expression.
    pub start: usize,
    /// Byte offset one past its end.
    pub end: usize,
    /// The date, if it could be placed (a weekday needs a publication date).
    pub date: Option<PartialDate>,
    /// True when the expression is relative ("on Tuesday", "yesterday").
    pub relative: bool,
}

/// The offset in days of a word naming a day relative to publication ("yesterday" → -1).
fn relative_day(key: &str) -> Option<i64> {
    static DAYS: OnceLock<&'static WordList> = OnceLock::new();
    DAYS.get_or_init(|| list("relative_days"))
        .value_key(key)?
        .parse()
        .ok()
}

fn list(name: &str) -> &'static WordList {
    Lexicon::all().list(name)
}

/// The first words of the date phrases [`phrase_date`] knows, folded: a word that starts none
/// is not tried (joining and folding two to four words at every word was most of the dates'
/// cost).
fn phrase_starts() -> &'static (HashSet<String, FastHash>, KeyGate) {
    static STARTS: OnceLock<(HashSet<String, FastHash>, KeyGate)> = OnceLock::new();
    STARTS.get_or_init(|| {
        let set: HashSet<String, FastHash> = PHRASE_LISTS
            .iter()
            .flat_map(|n| list(n).iter())
            .map(|(key, _)| crate::text::name_key(key.split(' ').next().unwrap_or(key)))
            .collect();
        let mut gate = KeyGate::default();
        set.iter().for_each(|k| gate.insert(k));
        (set, gate)
    })
}

/// Every key of the lists [`word_facts`] reads (months, weekdays, relative days, first words
/// of date phrases).
fn fact_gate() -> &'static KeyGate {
    static GATE: OnceLock<KeyGate> = OnceLock::new();
    GATE.get_or_init(|| {
        let mut gate = KeyGate::default();
        for name in ["months", "weekdays", "relative_days"] {
            list(name).iter().for_each(|(key, _)| gate.insert(key));
        }
        phrase_starts().0.iter().for_each(|key| gate.insert(key));
        gate
    })
}

/// Whether a word starts a date phrase; `buf` receives its key (ASCII letters and digits are
/// only lower-cased, as [`WordList::value`] does).
fn starts_phrase(word: &str, buf: &mut String) -> bool {
    buf.clear();
    if word.bytes().all(|b| b.is_ascii_alphanumeric()) {
        buf.push_str(word);
        buf.make_ascii_lowercase();
    } else {
        crate::text::name_key_into(word, buf);
    }
    let (set, gate) = phrase_starts();
    gate.may_contain(buf.as_str()) && set.contains(buf.as_str())
}

/// What the rules of [`find_dates`] read from one word alone: its month, whether it starts a
/// date phrase, its weekday and its day relative to publication.
#[derive(Clone, Copy, Default)]
struct WordFacts {
    month: Option<u8>,
    phrase_start: bool,
    weekday: Option<u8>,
    relative: Option<i64>,
}

/// The [`WordFacts`] of a word, remembered per thread: a word recurs in every document, and
/// reading it takes two or three foldings and five look-ups.
fn word_facts(w: &str) -> WordFacts {
    // An ASCII word's key in every list is itself lower-cased: when no list has a key in its
    // gate slot, it has no facts (most words), and the memo is not asked.
    if w.is_ascii() && !fact_gate().may_contain_slot(KeyGate::slot_ascii_lowercase(w.as_bytes())) {
        return WordFacts::default();
    }
    thread_local!(static MEMO: RefCell<FastMap<String, WordFacts>> = RefCell::default());
    MEMO.with_borrow_mut(|memo| {
        if let Some(&facts) = memo.get(w) {
            return facts;
        }
        if memo.len() >= 1 << 15 {
            memo.clear();
        }
        let mut key = String::new();
        let phrase_start = starts_phrase(w, &mut key);
        fold_into(w, &mut key);
        let facts = WordFacts {
            month: month_of(w),
            phrase_start,
            weekday: weekday_of(&key),
            relative: relative_day(&key),
        };
        memo.insert(w.to_string(), facts);
        facts
    })
}

/// Finds the date expressions of a text. `anchor` is the publication date, used for
/// weekdays, "yesterday"/"today" and the year of a month-day.
pub fn find_dates(text: &str, anchor: Option<Date>) -> Vec<DateMention> {
    let words: Vec<(usize, usize, &str)> = word_spans(text);
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let (s, e, w) = words[i];
        let facts = word_facts(w);
        let found = facts
            .month
            .and_then(|m| month_day_date(text, &words, i, m, anchor))
            .or_else(|| day_month_date(&words, i, anchor))
            .or_else(|| {
                facts
                    .phrase_start
                    .then(|| phrase_date(text, &words, i, anchor))
                    .flatten()
            });
        if let Some((n, m)) = found {
            out.push(m);
            i += n;
            continue;
        }
        let date = match (facts.weekday, facts.relative) {
            (Some(wd), _) => Some(weekday_date(&words, i, wd, anchor)),
            (None, Some(offset)) => Some(anchor.map(|a| PartialDate::Day(a.add_days(offset)))),
            (None, None) => None,
        };
        if let Some(date) = date {
            out.push(DateMention {
                start: s,
                end: e,
                date,
                relative: true,
            });
        }
        i += 1;
    }
    out
}

/// The number of word `k`, and where it ends.
fn number_at(words: &[(usize, usize, &str)], k: usize) -> Option<(usize, u32)> {
    words
        .get(k)
        .and_then(|&(_, e, w)| w.parse::<u32>().ok().map(|n| (e, n)))
}

/// The year of word `k`, and where it ends.
fn year_at(words: &[(usize, usize, &str)], k: usize) -> Option<(usize, u32)> {
    number_at(words, k).filter(|&(_, y)| (1900..=2100).contains(&y))
}

/// An absolute date from `start` to `end`, of a day and month and perhaps a year: a month-day
/// takes the year of the anchor's past.
fn absolute(
    (start, end): (usize, usize),
    (year, month, day): (Option<i32>, u8, u32),
    anchor: Option<Date>,
) -> DateMention {
    let date = match year {
        Some(y) => Date::new(y, month, day as u8).map(PartialDate::Day),
        None => PartialDate::from_month_day(month, day as u8),
    };
    DateMention {
        start,
        end,
        date: date.map(|d| anchor.map_or(d, |a| d.anchored_past(a))),
        relative: false,
    }
}

/// "Jan. 2", "January 2, 2024" at word `i`, of month `month` ("May" must be followed by a
/// day to count), and its length in words.
fn month_day_date(
    text: &str,
    words: &[(usize, usize, &str)],
    i: usize,
    month: u8,
    anchor: Option<Date>,
) -> Option<(usize, DateMention)> {
    let (mut end, d) = number_at(words, i + 1).filter(|&(_, d)| (1..=31).contains(&d))?;
    let mut year = None;
    if let Some((ye, y)) = year_at(words, i + 2) {
        let between = &text[end..words[i + 2].0];
        if between.trim() == "," || between.trim().is_empty() {
            year = Some(y as i32);
            end = ye;
        }
    }
    let n = if year.is_some() { 3 } else { 2 };
    Some((n, absolute((words[i].0, end), (year, month, d), anchor)))
}

/// "2 January", "2 January 2024" at word `i`, and its length in words.
fn day_month_date(
    words: &[(usize, usize, &str)],
    i: usize,
    anchor: Option<Date>,
) -> Option<(usize, DateMention)> {
    let d = words[i].2.parse::<u32>().ok()?;
    let month = words
        .get(i + 1)
        .and_then(|&(_, _, w)| word_facts(w).month)?;
    if !(1..=31).contains(&d) {
        return None;
    }
    let mut end = words[i + 1].1;
    let mut year = None;
    if let Some((ye, y)) = year_at(words, i + 2) {
        year = Some(y as i32);
        end = ye;
    }
    let n = if year.is_some() { 3 } else { 2 };
    Some((n, absolute((words[i].0, end), (year, month, d), anchor)))
}

/// The day of weekday `wd` named at word `i`: the most recent such weekday on or before the
/// anchor ("on Tuesday" in a Friday story is three days back), the one before it after "last"
/// on the anchor's own weekday; "next Tuesday" is in the future.
fn weekday_date(
    words: &[(usize, usize, &str)],
    i: usize,
    wd: u8,
    anchor: Option<Date>,
) -> Option<PartialDate> {
    let shift = i
        .checked_sub(1)
        .and_then(|p| list("weekday_shifts").value_key(&fold(words[p].2)))
        .unwrap_or("");
    anchor.map(|a| {
        let back = (i64::from(a.weekday()) - wd as i64).rem_euclid(7);
        let back = if shift == "-1" && back == 0 { 7 } else { back };
        if shift == "1" {
            PartialDate::Day(a.add_days((wd as i64 - i64::from(a.weekday())).rem_euclid(7).max(1)))
        } else {
            PartialDate::Day(a.add_days(-back))
        }
    })
}

/// A date phrase of two to four words at word `i` and its length in words: a named day
/// (`named_days.tsv`: "в новогоднюю ночь" is 1 January), a day relative to publication
/// (`relative_days.tsv`: "минулої ночі", "прошлой ночью" are the night before publication,
/// dated by its morning as "в ніч на 2 січня" is), or a weekend (`weekend_words.tsv`: "на
/// вихідних", "over the weekend": the latest Saturday on or before publication).
/// The lists of [`phrase_date`]: named days, relative days, weekend words.
fn phrase_list(i: usize) -> &'static WordList {
    static LISTS: OnceLock<[&'static WordList; 3]> = OnceLock::new();
    LISTS.get_or_init(|| PHRASE_LISTS.map(list))[i]
}

const PHRASE_LISTS: [&str; 3] = ["named_days", "relative_days", "weekend_words"];

fn phrase_date(
    text: &str,
    words: &[(usize, usize, &str)],
    i: usize,
    anchor: Option<Date>,
) -> Option<(usize, DateMention)> {
    (2..=4).rev().find_map(|n| {
        let span = words.get(i..i + n)?;
        let joined = |gap: &str| {
            gap.chars()
                .all(|c| c.is_whitespace() || matches!(c, '\'' | '’'))
        };
        if span.windows(2).any(|p| !joined(&text[p[0].1..p[1].0])) {
            return None;
        }
        let phrase = span.iter().map(|w| w.2).collect::<Vec<_>>().join(" ");
        // Folded once for the three lists (what `WordList::value` does for each).
        let key = (!crate::text::is_folded(&phrase)).then(|| crate::text::name_key(&phrase));
        let value = |list: &'static WordList| {
            let found = list.value_key(&phrase);
            found.or_else(|| list.value_key(key.as_deref()?))
        };
        let (start, end) = (span[0].0, span[n - 1].1);
        let mention = |date: Option<PartialDate>, relative: bool| {
            Some((
                n,
                DateMention {
                    start,
                    end,
                    date,
                    relative,
                },
            ))
        };
        if let Some(md) = value(phrase_list(0)) {
            let (m, d) = md.split_once('-')?;
            let date = PartialDate::from_month_day(m.parse().ok()?, d.parse().ok()?)?;
            return mention(Some(anchor.map_or(date, |a| date.anchored_past(a))), false);
        }
        if let Some(offset) = value(phrase_list(1)) {
            let offset: i64 = offset.parse().ok()?;
            return mention(anchor.map(|a| PartialDate::Day(a.add_days(offset))), true);
        }
        value(phrase_list(2))?;
        let saturday = |a: Date| a.add_days(-(i64::from(a.weekday()) - 5).rem_euclid(7));
        mention(anchor.map(|a| PartialDate::Day(saturday(a))), true)
    })
}

/// Where the date of a sentence that gives none comes from (see [`document_date`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateSource {
    /// A date expression elsewhere in the document.
    Text,
    /// The publication date.
    Published,
}

/// The date of an event sentence that states none: news writes the date once ("В ніч на 2
/// січня росіяни атакували Харків. … У Харкові загинули…") or not at all, when the report is of
/// the day it is published. The nearest dated expression ending before `offset` in the
/// document, else the first one after it (full dates only), else the publication date
/// `anchor`.
///
/// ```
/// use eventmap::events::dates::{document_date, find_dates, full_day_dates, DateSource, PartialDate};
/// use eventmap::text::Date;
/// let text = "У ніч на 28 квітня ракета влучила в Умань. Того ж ранку в Дніпрі загинули двоє.";
/// let published = Date::new(2023, 5, 1);
/// let dates = full_day_dates(&find_dates(text, published));
/// let at = text.find("Дніпрі").unwrap();
/// let day = PartialDate::Day(Date::new(2023, 4, 28).unwrap());
/// assert_eq!(document_date(&dates, at, published), Some((day, DateSource::Text)));
/// let today = PartialDate::Day(Date::new(2023, 5, 1).unwrap());
/// assert_eq!(document_date(&[], at, published), Some((today, DateSource::Published)));
/// ```
pub fn document_date(
    full_dates: &[DateMention],
    offset: usize,
    anchor: Option<Date>,
) -> Option<(PartialDate, DateSource)> {
    // `full_dates` is sorted by start and its spans do not overlap, so the dates ending
    // before `offset` are a prefix: a binary search, not a scan per undated sentence.
    let before = full_dates.partition_point(|d| d.end <= offset);
    let after = full_dates.partition_point(|d| d.start < offset);
    before
        .checked_sub(1)
        .map(|i| &full_dates[i])
        .or_else(|| full_dates.get(after))
        .and_then(|d| d.date)
        .map(|x| (x, DateSource::Text))
        .or_else(|| anchor.map(|a| (PartialDate::Day(a), DateSource::Published)))
}

/// The dates of a document that name a full day, in text order: what [`document_date`]
/// carries over. Only full dates carry over: a bare month-day in a text of unknown year is
/// too weak a guess to date other sentences by.
pub fn full_day_dates(dates: &[DateMention]) -> Vec<DateMention> {
    let mut full: Vec<DateMention> = dates
        .iter()
        .filter(|d| matches!(d.date, Some(PartialDate::Day(_))))
        .cloned()
        .collect();
    full.sort_by_key(|d| d.start);
    full
}

fn word_spans(text: &str) -> Vec<(usize, usize, &str)> {
    // News averages six to seven bytes a word: one allocation, not a copy as it grows.
    let mut out = Vec::with_capacity(text.len() / 5 + 1);
    let mut start = None;
    let mut prev = ' ';
    let bytes = text.as_bytes();
    let char_at = |i: usize| match bytes.get(i) {
        Some(&b) if b < 0x80 => (char::from(b), 1),
        Some(_) => text[i..]
            .chars()
            .next()
            .map_or((' ', 1), |c| (c, c.len_utf8())),
        None => (' ', 1),
    };
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let (w, len) = if b < 0x80 && b != b'\'' {
            // ASCII other than an apostrophe: a word character when a letter or digit.
            prev = char::from(b);
            (b.is_ascii_alphanumeric(), 1)
        } else {
            let (c, len) = char_at(i);
            // An apostrophe between Cyrillic letters is part of the word ("п'ятницю").
            let cyr = |x: char| matches!(x, '\u{400}'..='\u{4ff}');
            let apostrophe =
                matches!(c, '\'' | '\u{2019}' | '\u{2bc}') && cyr(prev) && cyr(char_at(i + len).0);
            prev = c;
            (crate::text::is_alphanumeric(c) || apostrophe, len)
        };
        match (w, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, i, &text[s..i]));
                start = None;
            }
            _ => {}
        }
        i += len;
    }
    if let Some(s) = start {
        out.push((s, text.len(), &text[s..]));
    }
    out
}

/// A publication date inferred from a text: "today, January 6" with a year from a full date in
/// the text, or else the latest full date the text gives. `None` when the text gives no year.
pub fn infer_published(text: &str) -> Option<Date> {
    let dates = find_dates(text, None);
    let full: Vec<Date> = dates
        .iter()
        .filter_map(|d| match d.date {
            Some(PartialDate::Day(x)) if !d.relative => Some(x),
            _ => None,
        })
        .collect();
    let latest = full.iter().max().copied()?;
    // "today, January 6": the month-day after "today" is the publication day.
    for d in &dates {
        if let Some(PartialDate::MonthDay(..)) = d.date {
            let before = text[..d.start].trim_end().trim_end_matches(',').trim_end();
            let last_word = before.rsplit(|c: char| !c.is_alphanumeric()).next();
            if last_word.is_some_and(|w| relative_day(&fold(w)) == Some(0)) {
                if let Some(PartialDate::Day(x)) = d.date.map(|p| p.anchored(latest)) {
                    return Some(x);
                }
            }
        }
    }
    Some(latest)
}

#[cfg(test)]
mod tests {
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
}
