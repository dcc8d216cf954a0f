//! Dates in news text: absolute ("Jan. 2", "January 2, 2024", "2 January 2024", "Dec. 30"),
//! weekdays ("on Tuesday", "last Tuesday") and "yesterday"/"today", anchored to a
//! publication date. A date whose year cannot be known stays partial.

use std::cell::RefCell;
use std::collections::HashSet;
use std::sync::OnceLock;

use super::word_cache::WordCache;
use crate::lexicon::{FastHash, FastMap, KeyGate, Lexicon, WordList};
use crate::text::{fold, fold_into, month_of, weekday_of, Date, Token};

mod recent;
mod skip;
mod words;
use recent::RecentFacts;
use words::WordSpans;

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

/// The words after the first of the date phrases [`phrase_date`] knows (their keys' second
/// to last words).
fn phrase_rest() -> &'static HashSet<String, FastHash> {
    static REST: OnceLock<HashSet<String, FastHash>> = OnceLock::new();
    REST.get_or_init(|| {
        PHRASE_LISTS
            .iter()
            .flat_map(|n| list(n).iter())
            .flat_map(|(key, _)| key.split(' ').skip(1).map(str::to_string))
            .collect()
    })
}

/// Whether a word may be the second of a date phrase: the first word of its key is one of
/// [`phrase_rest`] (a phrase's key is its words' keys joined). Most words after "в", "на",
/// "on" are not, and the phrase is then not joined and folded three ways.
fn continues_phrase(w: &str) -> bool {
    continues_phrase_or(w, || word_facts(w))
}

/// [`continues_phrase`], with `facts` giving the [`word_facts`] of a word not in ASCII.
#[inline(always)]
fn continues_phrase_or(w: &str, facts: impl FnOnce() -> WordFacts) -> bool {
    if w.len() <= 32 && w.bytes().all(|b| b.is_ascii_alphanumeric()) {
        // An ASCII word's key is itself lower-cased.
        let mut buf = [0u8; 32];
        let key = &mut buf[..w.len()];
        key.copy_from_slice(w.as_bytes());
        key.make_ascii_lowercase();
        return std::str::from_utf8(key).is_ok_and(|k| phrase_rest().contains(k));
    }
    if w.is_ascii() {
        return rest_of_phrase(w, &mut String::new());
    }
    facts().continues_phrase
}

/// [`continues_phrase`] read from the word's key (`buf` receives it).
fn rest_of_phrase(w: &str, buf: &mut String) -> bool {
    crate::text::name_key_into(w, buf);
    let first = buf.split(' ').next().unwrap_or("");
    first.is_empty() || phrase_rest().contains(first) || phrase_rest().contains(w)
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
#[derive(Clone, Copy, Default, PartialEq, Eq)]
struct WordFacts {
    month: Option<u8>,
    phrase_start: bool,
    /// [`continues_phrase`], remembered for words not in ASCII.
    continues_phrase: bool,
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
    thread_local!(static RECENT: RefCell<WordCache<WordFacts>> = RefCell::default());
    WordCache::or_else(&RECENT, 0, w.as_bytes(), || {
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
            let continues_phrase = rest_of_phrase(w, &mut key);
            fold_into(w, &mut key);
            let facts = WordFacts {
                month: month_of(w),
                phrase_start,
                continues_phrase,
                weekday: weekday_of(&key),
                relative: relative_day(&key),
            };
            memo.insert(w.to_string(), facts);
            facts
        })
    })
}

/// Finds the date expressions of a text. `anchor` is the publication date, used for
/// weekdays, "yesterday"/"today" and the year of a month-day.
pub fn find_dates(text: &str, anchor: Option<Date>) -> Vec<DateMention> {
    let mut scan = DateScan::new(text, anchor, None);
    scan.scan_until(text.len() + 1);
    scan.found
}

/// [`find_dates`] read only as far as it is asked: extraction needs a document's dates up to
/// its last event sentence (and the first full date after a sentence that has none before
/// it), and events are often told early. Resuming the same left-to-right scan finds exactly
/// the dates [`find_dates`] finds, in the same order.
pub(crate) struct DateScan<'t> {
    text: &'t str,
    anchor: Option<Date>,
    /// A window of the text's words: from the one before the next to scan to the last split
    /// so far; and where the splitting goes on.
    words: Vec<(usize, usize, &'t str)>,
    /// The gate slot of each word of `words` read from a token ([`DateScan::token_word`]):
    /// whether it may start a date is told without its facts.
    slots: Vec<Option<u16>>,
    splitter: WordSpans<'t>,
    /// The text's tokens, if known, and the first of them not yet passed: the words no date
    /// can start at are read from them ([`DateScan::skip_inert`]) instead of split again.
    tokens: &'t [Token],
    token: usize,
    /// The end of the last stretch of plain bytes found ([`skip::plain_byte`]): tokens
    /// before it are words of the splitter, told without reading their characters.
    plain_to: usize,
    /// The next word to scan, in `words`.
    next: usize,
    /// The dates found so far, by start.
    found: Vec<DateMention>,
    /// Those of them that name a full day ([`full_day_dates`]).
    full: Vec<DateMention>,
    /// Days after this date are dropped as found.
    drop_after: Option<Date>,
    /// The facts of the words read last.
    recent: RecentFacts,
}

/// The words [`DateScan`] makes room for at first.
const WINDOW: usize = 16;

impl<'t> DateScan<'t> {
    /// A scan of `text` with publication date `anchor` (see [`find_dates`]) that drops the
    /// days after `drop_after`.
    pub(crate) fn new(
        text: &'t str,
        anchor: Option<Date>,
        drop_after: Option<Date>,
    ) -> DateScan<'t> {
        DateScan {
            text,
            anchor,
            // Room for the words a date's rules read past the one scanned, and a few more:
            // the window grows little, as passing inert words empties it.
            words: Vec::with_capacity(WINDOW),
            slots: Vec::with_capacity(WINDOW),
            splitter: WordSpans::new(text),
            tokens: &[],
            token: 0,
            plain_to: 0,
            next: 0,
            found: Vec::new(),
            full: Vec::new(),
            drop_after,
            recent: RecentFacts::default(),
        }
    }

    /// The same scan, reading words from `tokens`, the text's tokens, where it can.
    pub(crate) fn with_tokens(mut self, tokens: &'t [Token]) -> DateScan<'t> {
        self.tokens = tokens;
        self
    }

    /// The dates found so far, by start, and those of them that name a full day.
    pub(crate) fn found(&self) -> (&[DateMention], &[DateMention]) {
        (&self.found, &self.full)
    }

    /// Scans on until a full date (a day) starts at or after byte `from`, or the text ends:
    /// what [`document_date`] reads for a sentence with no full date before it.
    pub(crate) fn scan_to_full_date_from(&mut self, from: usize) {
        while self.full.last().is_none_or(|d| d.start < from) {
            self.skip_inert(usize::MAX);
            self.split_words(self.next + 5);
            if self.next >= self.words.len() {
                break;
            }
            self.step();
        }
    }

    /// Scans the words starting before byte `end`: every date starting before it is then
    /// found.
    pub(crate) fn scan_until(&mut self, end: usize) {
        loop {
            self.skip_inert(end);
            // The rules read up to four words from the one scanned, and one before it.
            self.split_words(self.next + 5);
            match self.words.get(self.next) {
                Some(&(s, _, _)) if s < end => self.step(),
                _ => break,
            }
        }
    }

    /// Scans one word: a date there, or none.
    fn step(&mut self) {
        let (text, words, i, anchor) = (self.text, &self.words[..], self.next, self.anchor);
        let (n, found) = date_at(text, (words, i), anchor, &mut self.recent);
        // A day after the given publication date is no event's ("29 серпня оголошено днем
        // жалоби" in a report of 28 August).
        let late = |d: &DateMention| matches!((d.date, self.drop_after), (Some(PartialDate::Day(day)), Some(p)) if day > p);
        if let Some(d) = found.filter(|d| !late(d)) {
            if matches!(d.date, Some(PartialDate::Day(_))) {
                self.full.push(d);
            }
            self.found.push(d);
        }
        self.next += n;
        // Only the word before the next is read again: the words before it go, so the
        // window stays small whatever the text's length.
        if self.next > 64 {
            self.words.drain(..self.next - 1);
            self.slots.drain(..self.next - 1);
            self.next = 1;
        }
    }

    /// Splits the text until `n` words are known or the text ends: a token that is the
    /// splitter's next word is taken as it is ([`DateScan::token_word`]).
    fn split_words(&mut self, n: usize) {
        while self.words.len() < n {
            let (w, slot) = match self.token_word() {
                Some((w, slot)) => (w, Some(slot)),
                None => match self.splitter.next() {
                    Some(w) => (w, None),
                    None => break,
                },
            };
            self.words.push(w);
            self.slots.push(slot);
        }
    }
}

/// The date at word `i`, if any, and the number of words to go on by.
fn date_at(
    text: &str,
    (words, i): (&[(usize, usize, &str)], usize),
    anchor: Option<Date>,
    recent: &mut RecentFacts,
) -> (usize, Option<DateMention>) {
    let (s, e, _) = words[i];
    let facts = recent.of(words[i]);
    let found = facts
        .month
        .and_then(|m| month_day_date(text, words, i, m, anchor))
        .or_else(|| day_month_date(words, i, anchor, recent))
        .or_else(|| {
            let next = |n: &(usize, usize, &str)| continues_phrase_or(n.2, || recent.of(*n));
            (facts.phrase_start && words.get(i + 1).is_some_and(next))
                .then(|| phrase_date(text, words, i, anchor))
                .flatten()
        });
    if let Some((n, m)) = found {
        return (n, Some(m));
    }
    let date = match (facts.weekday, facts.relative) {
        (Some(wd), _) => Some(weekday_date(words, i, wd, anchor)),
        (None, Some(offset)) => Some(anchor.map(|a| PartialDate::Day(a.add_days(offset)))),
        (None, None) => None,
    };
    let mention = date.map(|date| DateMention {
        start: s,
        end: e,
        date,
        relative: true,
    });
    (1, mention)
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
    recent: &mut RecentFacts,
) -> Option<(usize, DateMention)> {
    // Most words are not numbers: the first byte says so before a parse.
    if !words[i].2.as_bytes()[0].is_ascii_digit() {
        return None;
    }
    let d = words[i].2.parse::<u32>().ok()?;
    let month = words.get(i + 1).and_then(|&w| recent.of(w).month)?;
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
        // Every word of a phrase after its first continues one ([`continues_phrase`]; the
        // caller asked about the second): with one that does not, no list has the phrase,
        // and it is not joined and folded.
        if span[2..].iter().any(|w| !continues_phrase(w.2)) {
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
mod tests;
