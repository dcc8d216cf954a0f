//! The words of a date scan read from the text's tokens: most words start no date, and the
//! tokenizer has already split them (splitting the text again was most of the dates' cost).

use super::{fact_gate, DateScan, RecentFacts};
use crate::lexicon::KeyGate;
use crate::text::Token;

/// The characters [`super::WordSpans`] may keep inside a word between Cyrillic letters.
fn apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{2bc}')
}

/// Whether `gap`, the bytes of `text` between tokens from byte `from`, holds a character
/// that may join a word.
fn has_apostrophe(gap: &[u8], text: &str, from: usize) -> bool {
    gap.iter().any(|&b| b == b'\'' || b >= 0x80)
        && text[from..from + gap.len()].chars().any(apostrophe)
}

/// Whether a byte of the text is of an ASCII character other than an apostrophe, or of a
/// character from U+0400 to U+047F (lead bytes 0xD0 and 0xD1, and continuation bytes): in a
/// stretch of such bytes every character of a token is a letter or a digit (a token's ASCII
/// characters are) and none is an apostrophe. Any other character's lead byte ends the
/// stretch (a stretch starts at a character boundary).
pub(super) fn plain_byte(b: u8) -> bool {
    (b < 0x80 && b != b'\'') || matches!(b, 0x80..=0xbf | 0xd0 | 0xd1)
}

/// The end of the stretch of plain bytes ([`plain_byte`]) from byte `from`, read at most to
/// `limit`: sixteen bytes at a time ([`has_special`]), then eight, then one at a time.
fn plain_until(bytes: &[u8], from: usize, limit: usize) -> usize {
    let limit = limit.min(bytes.len());
    let mut i = from;
    while let Some(chunk) = bytes.get(i..i + 16).filter(|_| i + 16 <= limit) {
        let (a, b) = chunk.split_at(8);
        let a = u64::from_le_bytes(a.try_into().expect("eight bytes"));
        let b = u64::from_le_bytes(b.try_into().expect("eight bytes"));
        if has_special(a, b) {
            break;
        }
        i += 16;
    }
    // The eight bytes next, whose special byte may be in the second half.
    if let Some(chunk) = bytes.get(i..i + 8).filter(|_| i + 8 <= limit) {
        if special_bytes(u64::from_le_bytes(chunk.try_into().expect("eight bytes"))) == 0 {
            i += 8;
        }
    }
    while i < limit && plain_byte(bytes[i]) {
        i += 1;
    }
    i
}

const HIGH: u64 = 0x8080_8080_8080_8080;
const LOW: u64 = 0x0101_0101_0101_0101;

/// Whether some byte of `x` is zero (exact for "some", not for which: the flags above the
/// first zero byte may be wrong).
#[inline(always)]
fn has_zero_byte(x: u64) -> bool {
    x.wrapping_sub(LOW) & !x & HIGH != 0
}

/// Whether some byte of the sixteen bytes `a`, `b` is no [`plain_byte`] ([`special_bytes`]
/// of either is not zero): a stretch of ASCII (most of English text) is told by its high
/// bits and a test for an apostrophe, without the test of lead bytes.
#[inline(always)]
pub(super) fn has_special(a: u64, b: u64) -> bool {
    const QUOTE: u64 = 0x2727_2727_2727_2727;
    if (a | b) & HIGH == 0 {
        return has_zero_byte(a ^ QUOTE) | has_zero_byte(b ^ QUOTE);
    }
    special_bytes(a) | special_bytes(b) != 0
}

/// The high bit of each byte of `x` that is not zero.
fn nonzero_bytes(x: u64) -> u64 {
    (((x & !HIGH) + !HIGH) | x) & HIGH
}

/// The high bit of each byte of `x` that is no [`plain_byte`]: an apostrophe, or a lead byte
/// (0xC0 and above) other than 0xD0 and 0xD1.
pub(super) fn special_bytes(x: u64) -> u64 {
    let lead = x & (x << 1) & HIGH;
    let not_d0_d1 = nonzero_bytes((x & 0xfefe_fefe_fefe_fefe) ^ 0xd0d0_d0d0_d0d0_d0d0);
    let apostrophe = !nonzero_bytes(x ^ 0x2727_2727_2727_2727) & HIGH;
    (lead & not_d0_d1) | apostrophe
}

/// Whether no rule of [`super::date_at`] starts a date at word `w`: not a number, and no
/// month, weekday, relative day or first word of a date phrase.
fn inert(word: (usize, usize, &str), recent: &mut RecentFacts) -> bool {
    if word.2.as_bytes()[0].is_ascii_digit() {
        return false;
    }
    let facts = recent.of(word);
    facts.month.is_none()
        && !facts.phrase_start
        && facts.weekday.is_none()
        && facts.relative.is_none()
}

/// [`inert`] of a word that is a whole token of gate slot `slot` ([`DateScan::token_word`]).
/// Such a token's characters are all letters or digits, so its key (its slot's) is the
/// word's key in every list [`word_facts`] reads (lower-cased or folded, the same for such
/// a word): when the gate has no key in that slot, the word has no facts.
#[inline(always)]
fn inert_token(word: (usize, usize, &str), slot: u16, recent: &mut RecentFacts) -> bool {
    !word.2.as_bytes()[0].is_ascii_digit()
        && (!fact_gate().may_contain_slot(slot) || inert(word, recent))
}

/// [`inert_token`] of token `t` of `text`, its word cut from the text only when its facts
/// are read.
#[inline(always)]
fn inert_at_token(text: &str, t: &Token, gate: &KeyGate, recent: &mut RecentFacts) -> bool {
    !text.as_bytes()[t.start].is_ascii_digit()
        && (!gate.may_contain_slot(t.gate_slot)
            || inert((t.start, t.end, &text[t.start..t.end]), recent))
}

impl<'t> DateScan<'t> {
    /// Whether word `k` of the window starts no date ([`inert`]).
    fn inert_at(&mut self, k: usize) -> bool {
        match self.slots[k] {
            Some(slot) => inert_token(self.words[k], slot, &mut self.recent),
            None => inert(self.words[k], &mut self.recent),
        }
    }

    /// Moves the first token not yet passed to the one at or after byte `at`, where the
    /// splitter goes on; false when the splitter is inside a token (one it split into several
    /// words), which is then left to it.
    fn sync_tokens(&mut self, at: usize) -> bool {
        let toks = self.tokens;
        while self.token < toks.len() && toks[self.token].start < at {
            self.token += 1;
        }
        self.token == 0 || toks[self.token - 1].end <= at
    }

    /// Whether token `t` is the word [`super::WordSpans`] splits next from byte `from` (no
    /// token is inside `from..t.start`): all its characters are letters or digits (the
    /// tokenizer also keeps combining marks and invisible characters in a token, the splitter
    /// does not) and no apostrophe is next to it (the splitter joins "п'ятницю"); the text
    /// between tokens holds no letter or digit, so no word but through an apostrophe.
    /// Told at once inside a stretch of plain bytes ([`plain_byte`]) that holds the token and
    /// the byte after it, else read from its characters ([`DateScan::reads_as_word`]).
    #[inline(always)]
    fn is_next_word(&mut self, t: &Token, from: usize) -> bool {
        t.end < self.plain_to || self.is_next_word_past(t, from)
    }

    /// [`DateScan::is_next_word`] of a token not inside the stretch read so far: the stretch
    /// read on (it starts at or before `from`, as the scan only goes on), a little past the
    /// token at a time, as the scan may soon stop.
    #[inline(never)]
    fn is_next_word_past(&mut self, t: &Token, from: usize) -> bool {
        let bytes = self.text.as_bytes();
        self.plain_to = self.plain_to.max(from);
        while t.end >= self.plain_to
            && self.plain_to < bytes.len()
            && plain_byte(bytes[self.plain_to])
        {
            self.plain_to = plain_until(bytes, self.plain_to, t.end + 256);
        }
        t.end < self.plain_to || self.reads_as_word(t, from)
    }

    /// [`DateScan::is_next_word`] read from the token's characters and those around it.
    #[inline(never)]
    fn reads_as_word(&self, t: &Token, from: usize) -> bool {
        let (text, bytes) = (self.text, self.text.as_bytes());
        // Read as bytes: token bounds are character bounds, and most tokens and the text
        // between them are ASCII. An ASCII token is letters and digits (invisible
        // characters are not ASCII).
        let plain = bytes[t.start..t.end].is_ascii()
            || text[t.start..t.end]
                .chars()
                .all(crate::text::is_alphanumeric);
        let joins_after = match bytes.get(t.end) {
            Some(&b) if b < 0x80 => b == b'\'',
            Some(_) => text[t.end..].chars().next().is_some_and(apostrophe),
            None => false,
        };
        plain && !joins_after && !has_apostrophe(&bytes[from..t.start], text, from)
    }

    /// The splitter's next word read from the tokens, with its token's gate slot, when a
    /// token is that word ([`DateScan::is_next_word`]); the splitter then goes on after it.
    pub(super) fn token_word(&mut self) -> Option<((usize, usize, &'t str), u16)> {
        let at = self.splitter.at;
        if self.tokens.is_empty() || !self.sync_tokens(at) {
            return None;
        }
        let t = self.tokens.get(self.token)?;
        if !self.is_next_word(t, at) {
            return None;
        }
        self.token += 1;
        let word = &self.text[t.start..t.end];
        self.splitter.at = t.end;
        self.splitter.prev = word.chars().next_back().unwrap_or(' ');
        Some(((t.start, t.end, word), t.gate_slot))
    }

    /// Passes the inert words before byte `end`: those split ahead, then those read from the
    /// tokens. An inert word moves the scan on by one word and finds nothing
    /// ([`super::date_at`]), so passing it here finds what scanning it would. The last word
    /// passed stays in the window (a weekday reads the word before it) and the splitter goes
    /// on after it, as after splitting it.
    pub(super) fn skip_inert(&mut self, end: usize) {
        // The words split ahead first (the rules read four words after the one scanned).
        while let Some(&(s, _, _)) = self.words.get(self.next) {
            if s >= end || !self.inert_at(self.next) {
                return;
            }
            self.next += 1;
        }
        let at = self.splitter.at;
        if self.tokens.is_empty() || !self.sync_tokens(at) {
            return;
        }
        let (text, toks, gate) = (self.text, self.tokens, fact_gate());
        let mut pos = at;
        let mut last = None;
        while let Some(t) = toks.get(self.token) {
            if t.start >= end
                || !self.is_next_word(t, pos)
                || !inert_at_token(text, t, gate, &mut self.recent)
            {
                break;
            }
            last = Some(t);
            pos = t.end;
            self.token += 1;
        }
        if let Some(t) = last {
            let word = (t.start, t.end, &text[t.start..t.end]);
            self.words.clear();
            self.slots.clear();
            self.words.push(word);
            self.slots.push(Some(t.gate_slot));
            self.next = 1;
            self.splitter.at = word.1;
            self.splitter.prev = word.2.chars().next_back().unwrap_or(' ');
        }
    }
}
