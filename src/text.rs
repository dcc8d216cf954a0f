//! Documents, tokens, sentences and the text folding shared by the gazetteer and the recogniser.
//!
//! eventmap never rewrites a document's text: every token and sentence is a byte span into the
//! original, and outputs convert those spans to Unicode code point offsets (what Python's
//! `str` indexing and most annotation tools use). Normalisation happens per token instead:
//! [`fold`] removes case and diacritics (after canonical decomposition, so NFC and NFD input
//! fold alike), and the tokeniser treats curly and straight apostrophes, hyphens and
//! non-breaking spaces alike.
//!
//! ```
//! use eventmap::text::{fold, tokenize};
//! assert_eq!(fold("Charków"), "charkow");
//! let toks = tokenize("Kharkiv’s Shevchenkivskyi district");
//! assert_eq!(toks.len(), 4); // Kharkiv, s, Shevchenkivskyi, district
//! assert_eq!(toks[0].key, "kharkiv");
//! ```

use std::collections::HashSet;
use std::sync::OnceLock;

use crate::lexicon::{FastHash, Lang, Lexicon, WordList};

/// The month number of a word: a month's name or news abbreviation in any language ("Jan",
/// "January", "січня", "апреля"; `data/lexicon/<lang>/months.tsv`).
pub fn month_of(word: &str) -> Option<u8> {
    static MONTHS: OnceLock<&'static WordList> = OnceLock::new();
    let months = MONTHS.get_or_init(|| Lexicon::all().list("months"));
    months.value(word).and_then(|v| v.parse().ok())
}

/// The weekday of a word, 0 for Monday ("tuesday" → 1; `data/lexicon/<lang>/weekdays.tsv`
/// numbers them from 1).
pub fn weekday_of(word: &str) -> Option<u8> {
    static DAYS: OnceLock<&'static WordList> = OnceLock::new();
    let days = DAYS.get_or_init(|| Lexicon::all().list("weekdays"));
    days.value(word)
        .and_then(|v| v.parse::<u8>().ok())
        .and_then(|d| d.checked_sub(1))
}

/// Whether a folded word is the full name of a month or a weekday ("march", "tuesday"; not
/// the abbreviations "mar", "tue"): a month's full name is its longest name in its language.
pub fn is_calendar_word(key: &str) -> bool {
    static SET: OnceLock<HashSet<String, FastHash>> = OnceLock::new();
    SET.get_or_init(|| {
        let mut set = HashSet::default();
        for &(lang, _) in Lang::ALL {
            let lex = Lexicon::get(lang);
            let months: Vec<(&str, &str)> = lex.list("months").iter().collect();
            for &(name, month) in &months {
                let longest = months
                    .iter()
                    .filter(|&&(_, m)| m == month)
                    .all(|&(other, _)| other.chars().count() <= name.chars().count());
                if longest {
                    set.insert(name.to_string());
                }
            }
            set.extend(lex.list("weekdays").iter().map(|(k, _)| k.to_string()));
        }
        set
    })
    .contains(key)
}

/// A calendar date (proleptic Gregorian).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Year, e.g. 2024.
    pub year: i32,
    /// Month, 1 to 12.
    pub month: u8,
    /// Day of the month, 1 to 31.
    pub day: u8,
}

impl Date {
    /// A date, if it exists in the calendar (years 1 to 9999, which ISO 8601 writes in four
    /// digits).
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        if !(1..=9999).contains(&year)
            || !(1..=12).contains(&month)
            || day == 0
            || day > days_in_month(year, month)
        {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// Parses `YYYY-MM-DD` (a longer ISO 8601 timestamp is cut to its date).
    pub fn parse_iso(s: &str) -> Option<Date> {
        let s = s.trim();
        let b = s.as_bytes();
        if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let y = s.get(0..4)?.parse().ok()?;
        let m = s.get(5..7)?.parse().ok()?;
        let d = s.get(8..10)?.parse().ok()?;
        Date::new(y, m, d)
    }

    /// Days since 1970-01-01.
    pub fn days(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = if y >= 0 { y } else { y - 399 } / 400;
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146097 + doe - 719468
    }

    /// The date `days` days since 1970-01-01.
    pub fn from_days(z: i64) -> Date {
        let z = z + 719468;
        let era = if z >= 0 { z } else { z - 146096 } / 146097;
        let doe = z - era * 146097;
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        let y = yoe + era * 400;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let m = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        Date {
            year: (y + i64::from(m <= 2)) as i32,
            month: m,
            day: d,
        }
    }

    /// Day of the week, 0 = Monday … 6 = Sunday.
    pub fn weekday(self) -> u8 {
        // 1970-01-01 was a Thursday (3).
        ((self.days() + 3).rem_euclid(7)) as u8
    }

    /// The date `n` days later (earlier if negative).
    pub fn add_days(self, n: i64) -> Date {
        Date::from_days(self.days() + n)
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

/// One article.
#[derive(Clone, Debug, Default)]
pub struct Document {
    /// The id: a file stem or the `id` field of a JSONL record.
    pub id: String,
    /// The original text, untouched.
    pub text: String,
    /// Publication date, if the input gave one.
    pub published: Option<Date>,
    /// Title, if the input gave one.
    pub title: Option<String>,
    /// URL, if the input gave one.
    pub url: Option<String>,
    /// Language, if the input gave one (a JSONL `lang` field); otherwise
    /// [`crate::lang::of_document`] detects it from the text.
    pub lang: Option<Lang>,
    /// Outlet, if the input gave one.
    pub source: Option<String>,
}

impl Document {
    /// A document with an id and a text and nothing else.
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Document {
        Document {
            id: id.into(),
            text: text.into(),
            ..Document::default()
        }
    }
}

/// A document's tokens and sentences, computed once and shared by the stages.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Analysis {
    /// All tokens of the text (see [`tokenize`]).
    pub tokens: Vec<Token>,
    /// Sentence byte ranges (see [`sentences`]).
    pub sentences: Vec<(usize, usize)>,
}

impl Analysis {
    /// Tokenises and splits a text.
    pub fn new(text: &str) -> Analysis {
        // Into the buffers the thread's last analysis left (see `Drop`): a document's token
        // vector is tens of kilobytes, a fresh one each time cost an allocation from the
        // allocator's large bins (and its consolidation) and cold memory to write to.
        let (mut tokens, mut sents) = SPARE.take();
        tokenize_into(text, &mut tokens);
        sentences_into(text, &tokens, &mut sents);
        Analysis {
            tokens,
            sentences: sents,
        }
    }

    /// The tokens inside a byte range.
    pub fn tokens_in(&self, (start, end): (usize, usize)) -> &[Token] {
        let a = self.tokens.partition_point(|t| t.start < start);
        let b = self.tokens.partition_point(|t| t.start < end);
        &self.tokens[a..b]
    }
}

/// The buffers of the thread's last dropped [`Analysis`], emptied, for the next one.
type Spare = (Vec<Token>, Vec<(usize, usize)>);
thread_local!(static SPARE: std::cell::Cell<Spare> = const { std::cell::Cell::new((Vec::new(), Vec::new())) });

impl Drop for Analysis {
    fn drop(&mut self) {
        // A buffer sized for an unusually long document is not kept for the thread's life.
        const KEEP: usize = 1 << 16;
        let (mut tokens, mut sents) = (
            std::mem::take(&mut self.tokens),
            std::mem::take(&mut self.sentences),
        );
        if tokens.capacity() > KEEP || sents.capacity() > KEEP {
            return;
        }
        tokens.clear();
        sents.clear();
        // `try_with`: a thread that is ending has no spare to give it to.
        let _ = SPARE.try_with(|spare| spare.set((tokens, sents)));
    }
}

/// A document with its tokens and sentences: what every stage reads, so they are computed
/// once per document. Stages take `impl Into<Analysed>`: a `&Document` (analysed on the spot)
/// or an `&Analysed` (borrowed, nothing recomputed).
///
/// ```
/// use eventmap::text::{Analysed, Document};
/// let doc = Document::new("a", "Shelling hit Kherson. Kyiv was calm.");
/// let a = Analysed::new(&doc);
/// assert_eq!(a.sentences.len(), 2);
/// assert_eq!(a.doc.id, "a");
/// ```
#[derive(Clone, Debug)]
pub struct Analysed<'a> {
    /// The document.
    pub doc: &'a Document,
    analysis: std::borrow::Cow<'a, Analysis>,
    /// The document's language, read once (recognition and the record both ask).
    lang: crate::lexicon::Lang,
}

impl<'a> Analysed<'a> {
    /// Tokenises and splits a document.
    pub fn new(doc: &'a Document) -> Analysed<'a> {
        Analysed {
            doc,
            analysis: std::borrow::Cow::Owned(Analysis::new(&doc.text)),
            lang: crate::lang::of_document(doc),
        }
    }

    /// The document's language ([`crate::lang::of_document`]).
    pub fn lang(&self) -> crate::lexicon::Lang {
        self.lang
    }
}

impl std::ops::Deref for Analysed<'_> {
    type Target = Analysis;
    fn deref(&self) -> &Analysis {
        &self.analysis
    }
}

impl<'a> From<&'a Document> for Analysed<'a> {
    fn from(doc: &'a Document) -> Analysed<'a> {
        Analysed::new(doc)
    }
}

impl<'b, 'a: 'b> From<&'b Analysed<'a>> for Analysed<'b> {
    fn from(a: &'b Analysed<'a>) -> Analysed<'b> {
        Analysed {
            doc: a.doc,
            analysis: std::borrow::Cow::Borrowed(&*a.analysis),
            lang: a.lang,
        }
    }
}

/// Letter case of a token as written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Case {
    /// "kharkiv"
    Lower,
    /// "Kharkiv"
    Title,
    /// "KHARKIV", "U" (of "U.S.")
    Upper,
    /// Starts with a digit or other non-letter.
    Other,
}

/// A maximal run of letters and digits, with its folded form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    /// Byte offset of the first byte in the original text.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
    /// The folded form (see [`fold`]); held inline up to 24 bytes, so a document's tokens
    /// cost no allocation each.
    pub key: compact_str::CompactString,
    /// How it was written.
    pub case: Case,
    /// The key's slot in every word-list gate, computed once: a token is asked about by
    /// several lists.
    pub(crate) gate_slot: u16,
    /// The key's length in bytes (at most 255) when its first byte is not ASCII, else 0
    /// ([`Token::wide_of`]): the event lists' stems are Cyrillic, and a token with no
    /// stem is told by this byte without reading its key (in the struct's padding).
    pub(crate) wide_len: u8,
    /// The key's first eight bytes hashed to 13 bits ([`Token::head_of`]) when its first
    /// byte is not ASCII, else 0: the stem gates' bit of the token, read without its key
    /// (in the struct's padding).
    pub(crate) head: u16,
}

// A token stays 48 bytes: the fields above fill the padding after its key.
const _: () = assert!(std::mem::size_of::<Token>() <= 48);

impl Token {
    /// [`Token::wide_len`] and [`Token::head`] of a key.
    #[inline]
    pub(crate) fn wide_of(key: &[u8]) -> (u8, u16) {
        match key.first() {
            Some(&b) if b >= 0x80 => (key.len().min(255) as u8, Token::head_of(key)),
            _ => (0, 0),
        }
    }

    /// The first eight bytes of a key hashed to 13 bits (0 for a shorter key).
    #[inline(always)]
    pub(crate) fn head_of(key: &[u8]) -> u16 {
        match key.first_chunk::<8>() {
            Some(&b) => (u64::from_le_bytes(b).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 51) as u16,
            None => 0,
        }
    }
}

#[path = "fold.rs"]
mod fold_impl;
/// The folding's character tables, made by `build.rs` from `fold.rs`'s rules.
mod fold_tables {
    include!(concat!(env!("OUT_DIR"), "/fold_tables.rs"));
}
pub use fold_impl::{fold, fold_into, is_invisible, name_key, name_key_into};
/// Character classes (as `char`'s methods answer) from a table for U+0000 to U+04FF: the
/// standard library searches Unicode's tables for every character outside ASCII.
pub(crate) use fold_impl::{is_alphabetic, is_alphanumeric, is_folded, is_lowercase, is_uppercase};

mod tokenize;
pub use tokenize::tokenize;
use tokenize::tokenize_into;

/// Whether the text between two tokens lets them belong to one name: a single space (also
/// non-breaking), a hyphen, an apostrophe, or a period of an abbreviation ("U.S.", "St. Louis").
pub fn joinable_gap(gap: &str) -> bool {
    if gap.is_empty() || gap.chars().count() > 2 {
        return false;
    }
    gap.chars().all(|c| {
        matches!(
            c,
            ' ' | '\u{a0}' | '\u{202f}' | '-' | '\u{2010}' | '\u{2011}' | '\'' | '\u{2019}' | '.'
        )
    })
}

/// The longest sentence in bytes (see [`sentences`]): about 250 words of English, far above
/// what news prose writes in one sentence, so only text without full stops is cut.
pub const MAX_SENTENCE_BYTES: usize = 2000;

/// Splits text into sentences, as byte ranges into it. A sentence ends at `.`, `!` or `?`
/// followed by white space and an upper-case letter, digit or quote (not after a known
/// abbreviation such as "Jan." or a single initial such as "U.S."), and at blank lines and
/// line breaks. A longer run than [`MAX_SENTENCE_BYTES`] is cut into pieces at a clause break
/// (`,`, `;`, `:`) or else a space, so the work per sentence and the evidence written for a
/// mention stay bounded however the text is punctuated.
pub fn sentences(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    sentences_into(text, &[], &mut out);
    out
}

/// [`sentences`] into an empty vector, whose allocation is reused. `tokens` are the text's
/// tokens (or none): the word before a period looked up as an abbreviation is most often one
/// of them, whose key and gate slot are ready (folding the word again cost as much as
/// finding the rest of the sentence's end).
fn sentences_into(text: &str, tokens: &[Token], out: &mut Vec<(usize, usize)>) {
    let mut words = Words(tokens);
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut i = 0;
    let push = |out: &mut Vec<(usize, usize)>, mut s: usize, e: usize| {
        while s < e {
            let cut = if e - s > MAX_SENTENCE_BYTES {
                sentence_cut(text, s)
            } else {
                e
            };
            let piece = &text[s..cut];
            let lead = piece.len() - piece.trim_start().len();
            let trail = piece.len() - piece.trim_end().len();
            if lead + trail < piece.len() {
                out.push((s + lead, cut - trail));
            }
            s = cut;
        }
    };
    while i < bytes.len() {
        i += plain_bytes(&bytes[i..]);
        let Some(&b) = bytes.get(i) else { break };
        if b == b'\n' {
            push(out, start, i);
            start = i + 1;
        } else if matches!(b, b'.' | b'!' | b'?') && ends_sentence(text, i, &mut words) {
            // Keep closing quotes with the sentence.
            let mut e = i + 1;
            while let Some(c) = text[e..].chars().next() {
                if matches!(c, '"' | '\u{201d}' | '\'' | '\u{2019}' | ')') {
                    e += c.len_utf8();
                } else {
                    break;
                }
            }
            push(out, start, e);
            start = e;
            i = e;
            continue;
        }
        i += 1;
    }
    push(out, start, text.len());
}

/// How many of the first bytes are, eight at a time, none of `\n . ! ?` (the bytes that may
/// end a sentence): most of a text is skipped a word at a time, not tested a byte at a time.
fn plain_bytes(bytes: &[u8]) -> usize {
    const ONES: u64 = u64::from_ne_bytes([1; 8]);
    const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);
    // Non-zero when some byte of `w` is `b` (exact: a zero byte of `w ^ b` sets its high bit).
    let has = |w: u64, b: u8| {
        let x = w ^ (ONES * u64::from(b));
        x.wrapping_sub(ONES) & !x & HIGH
    };
    let mut n = 0;
    for chunk in bytes.chunks_exact(8) {
        let w = u64::from_ne_bytes(chunk.try_into().expect("eight bytes"));
        if has(w, b'\n') | has(w, b'.') | has(w, b'!') | has(w, b'?') != 0 {
            break;
        }
        n += 8;
    }
    n
}

/// Where to cut an over-long sentence starting at `s` (which has more than
/// [`MAX_SENTENCE_BYTES`] bytes left): after the last clause break in the second half of the
/// allowed length, else after its last space, else at the last character boundary.
fn sentence_cut(text: &str, s: usize) -> usize {
    let limit = s + MAX_SENTENCE_BYTES;
    let window = &text.as_bytes()[s + MAX_SENTENCE_BYTES / 2..limit];
    let after = |p: Option<usize>| p.map(|p| s + MAX_SENTENCE_BYTES / 2 + p + 1);
    after(window.iter().rposition(|b| matches!(b, b',' | b';' | b':')))
        .or_else(|| after(window.iter().rposition(|b| b.is_ascii_whitespace())))
        .unwrap_or_else(|| {
            let mut cut = limit;
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            cut
        })
}

fn ends_sentence(text: &str, i: usize, words: &mut Words) -> bool {
    let after = &text[i + 1..];
    let after = after.trim_start_matches(['"', '\u{201d}', '\'', '\u{2019}', ')']);
    let rest = after.trim_start_matches([' ', '\u{a0}', '\t']);
    if rest.len() == after.len() && !rest.is_empty() && !rest.starts_with('\n') {
        return false; // no white space after the period: "khar.gp.gov.ua", "3.5"
    }
    let next = rest.chars().next();
    let starts_ok = match next {
        None | Some('\n') | Some('\r') => true,
        Some(c) => {
            is_uppercase(c) || c.is_ascii_digit() || matches!(c, '"' | '\u{201c}' | '(' | '\'')
        }
    };
    if !starts_ok {
        return false;
    }
    if text.as_bytes()[i] != b'.' {
        return true;
    }
    let before = &text[..i];
    let word_start = before
        .char_indices()
        .rev()
        .find(|&(_, c)| !(is_alphanumeric(c) || c == '.'))
        .map_or(0, |(p, c)| p + c.len_utf8());
    let word = &before[word_start..];
    if word.contains('.') {
        return false; // "U.S." "D.C."
    }
    if word.chars().count() == 1 && word.chars().all(is_uppercase) {
        return false; // an initial: "John F. Kennedy"
    }
    !words.is_abbreviation(word, word_start)
}

/// The tokens of a text not yet passed by [`sentences_into`]'s abbreviation checks (which go
/// forward through the text).
struct Words<'t>(&'t [Token]);

impl Words<'_> {
    /// Whether `word`, at byte `start` of the text, is an abbreviation whose period ends no
    /// sentence ("Jan.", "Gen."; the lexicon's lists). A word that is a whole token is looked
    /// up by the token's key: the same answer, as a word of letters and digits folds to its
    /// token's key and the list's keys are folded.
    fn is_abbreviation(&mut self, word: &str, start: usize) -> bool {
        static ABBREVIATIONS: OnceLock<&'static WordList> = OnceLock::new();
        let list = ABBREVIATIONS.get_or_init(|| Lexicon::all().list("abbreviations"));
        let end = start + word.len();
        self.0 = &self.0[self.0.partition_point(|t| t.end < end)..];
        match self.0.first() {
            Some(t) if t.start == start && t.end == end => list.contains_token(t),
            _ => list.contains(word),
        }
    }
}

/// Converts byte offsets into code point offsets for one text, in any order, in a few
/// instructions each: from the count of code points before each eight-byte word of the text
/// (made on the first query, one pass over it), plus those of the word's bytes before the
/// offset. Counted from the previous answer instead, a document's mentions and then its event
/// reports (which go back to their sentences' starts) crossed the text several times, much of
/// it in short runs that `chars` counts a byte at a time.
pub struct CharOffsets<'a> {
    text: &'a str,
    /// The code points before each whole word; empty for an ASCII text (where a byte offset
    /// is its code point offset) and for one too long for `u32` counts.
    words: std::cell::OnceCell<Vec<u32>>,
}

/// Each byte of a word whose top bits are `10` (a UTF-8 continuation byte) as a 1 in its
/// lane, every other byte as 0.
#[inline(always)]
fn continuation_lanes(w: u64) -> u64 {
    const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);
    (w & !(w << 1) & HIGH) >> 7
}

/// The sum of a word's byte lanes (at most 255 in all).
#[inline(always)]
fn lane_sum(w: u64) -> u32 {
    const ONES: u64 = u64::from_ne_bytes([1; 8]);
    (w.wrapping_mul(ONES) >> 56) as u32
}

impl<'a> CharOffsets<'a> {
    /// Offsets into `text`.
    pub fn new(text: &'a str) -> CharOffsets<'a> {
        CharOffsets {
            text,
            words: std::cell::OnceCell::new(),
        }
    }

    fn count_words(&self) -> Vec<u32> {
        let bytes = self.text.as_bytes();
        if bytes.is_ascii() || u32::try_from(bytes.len()).is_err() {
            return Vec::new();
        }
        let mut words = Vec::with_capacity(bytes.len() / 8 + 1);
        let mut before = 0u32;
        words.push(0);
        for w in bytes.chunks_exact(8) {
            let w = u64::from_le_bytes(w.try_into().expect("eight bytes"));
            before += 8 - lane_sum(continuation_lanes(w));
            words.push(before);
        }
        words
    }

    /// The code point offset of a byte offset that lies on a char boundary.
    pub fn char_offset(&self, byte: usize) -> usize {
        let words = self.words.get_or_init(|| self.count_words());
        if words.is_empty() {
            return if self.text.len() <= u32::MAX as usize {
                byte // an ASCII text
            } else {
                self.text[..byte].chars().count()
            };
        }
        let (k, r) = (byte / 8, byte % 8);
        if r == 0 {
            return words[k] as usize;
        }
        let bytes = self.text.as_bytes();
        let w = match bytes.get(k * 8..k * 8 + 8) {
            Some(w) => u64::from_le_bytes(w.try_into().expect("eight bytes")),
            None => {
                let mut w = [0u8; 8];
                w[..bytes.len() - k * 8].copy_from_slice(&bytes[k * 8..]);
                u64::from_le_bytes(w)
            }
        };
        // The word's first `r` bytes: its low lanes (little-endian).
        let w = w & ((1u64 << (8 * r)) - 1);
        (words[k] + r as u32 - lane_sum(continuation_lanes(w))) as usize
    }
}

#[cfg(test)]
mod tests;
