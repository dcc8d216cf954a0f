//! The facts of the last words a date scan read: a word that starts a date has its facts read
//! when the scan stops at it ([`super::DateScan::skip_inert`]) and again when it is scanned,
//! and the word after one is read by the rules of the one before it (a month after a day,
//! the second word of a phrase); each reading was a look-up of the word in the memo.

use super::{word_facts, WordFacts};

/// A word's span in the scan's text and its facts: in one text a span is one word.
type Entry = (usize, usize, WordFacts);

/// The facts of the two words read last, by span.
pub(super) struct RecentFacts([Entry; 2]);

impl Default for RecentFacts {
    fn default() -> RecentFacts {
        // No word ends before it starts.
        RecentFacts([(usize::MAX, 0, WordFacts::default()); 2])
    }
}

impl RecentFacts {
    /// The [`word_facts`] of word `w` from byte `s` to `e` of the scan's text.
    #[inline(always)]
    pub(super) fn of(&mut self, (s, e, w): (usize, usize, &str)) -> WordFacts {
        match self.0 {
            [(a, b, f), _] if a == s && b == e => f,
            [_, (a, b, f)] if a == s && b == e => f,
            _ => {
                let f = word_facts(w);
                self.0[1] = self.0[0];
                self.0[0] = (s, e, f);
                f
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recent_facts_are_word_facts() {
        let text = "в ніч на 2 січня May 3 Monday yesterday у п'ятницю";
        let words: Vec<(usize, usize, &str)> = super::super::WordSpans::new(text).collect();
        let mut recent = RecentFacts::default();
        // Each word read again right after, and again two and three words later.
        for (k, &w) in words.iter().enumerate() {
            for back in [0, 0, 1, 2, 3] {
                let w = words.get(k.wrapping_sub(back)).copied().unwrap_or(w);
                assert!(recent.of(w) == word_facts(w.2), "{w:?}");
            }
        }
    }
}
