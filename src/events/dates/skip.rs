//! The words of a date scan read from the text's tokens: most words start no date, and the
//! tokenizer has already split them (splitting the text again was most of the dates' cost).

use super::{fact_gate, word_facts, DateScan};

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

/// Whether no rule of [`super::date_at`] starts a date at word `w`: not a number, and no
/// month, weekday, relative day or first word of a date phrase.
fn inert(w: &str) -> bool {
    if w.as_bytes()[0].is_ascii_digit() {
        return false;
    }
    let facts = word_facts(w);
    facts.month.is_none()
        && !facts.phrase_start
        && facts.weekday.is_none()
        && facts.relative.is_none()
}

impl<'t> DateScan<'t> {
    /// Passes the inert words before byte `end`: those split ahead, then those read from the
    /// tokens. A token is one word of [`super::WordSpans`] when all its characters
    /// are letters or digits (the tokenizer also keeps combining marks and invisible characters
    /// in a token, the splitter does not) and no apostrophe is next to it (the splitter joins
    /// "п'ятницю"); the text between tokens holds no letter or digit, so no word but through an
    /// apostrophe. An inert word moves the scan on by one word and finds nothing
    /// ([`super::date_at`]), so passing it here finds what scanning it would. The last word
    /// passed stays in the window (a weekday reads the word before it) and the splitter goes
    /// on after it, as after splitting it.
    pub(super) fn skip_inert(&mut self, end: usize) {
        // The words split ahead first (the rules read four words after the one scanned).
        while let Some(&(s, _, w)) = self.words.get(self.next) {
            if s >= end || !inert(w) {
                return;
            }
            self.next += 1;
        }
        if self.tokens.is_empty() {
            return;
        }
        let (text, toks) = (self.text, self.tokens);
        let at = self.splitter.at;
        while self.token < toks.len() && toks[self.token].start < at {
            self.token += 1;
        }
        // A token the splitter is inside of (split into several words) is left to it.
        if self.token > 0 && toks[self.token - 1].end > at {
            return;
        }
        let (gate, bytes) = (fact_gate(), text.as_bytes());
        let mut pos = at;
        let mut last = None;
        // Read as bytes: token bounds are character bounds, and most tokens and the text
        // between them are ASCII.
        while let Some(t) = toks.get(self.token) {
            if t.start >= end {
                break;
            }
            let wb = &bytes[t.start..t.end];
            let ascii = wb.is_ascii();
            let word = || &text[t.start..t.end];
            // An ASCII token is letters and digits (invisible characters are not ASCII), and
            // its key is the word lower-cased: the token's gate slot is the word's.
            let plain = ascii || word().chars().all(crate::text::is_alphanumeric);
            let joins_after = match bytes.get(t.end) {
                Some(&b) if b < 0x80 => b == b'\'',
                Some(_) => text[t.end..].chars().next().is_some_and(apostrophe),
                None => false,
            };
            if !plain || joins_after || has_apostrophe(&bytes[pos..t.start], text, pos) {
                break;
            }
            let quiet = if ascii {
                !wb[0].is_ascii_digit() && (!gate.may_contain_slot(t.gate_slot) || inert(word()))
            } else {
                inert(word())
            };
            if !quiet {
                break;
            }
            last = Some((t.start, t.end));
            pos = t.end;
            self.token += 1;
        }
        if let Some((s, e)) = last {
            let word = (s, e, &text[s..e]);
            self.words.clear();
            self.words.push(word);
            self.next = 1;
            self.splitter.at = word.1;
            self.splitter.prev = word.2.chars().next_back().unwrap_or(' ');
        }
    }
}
