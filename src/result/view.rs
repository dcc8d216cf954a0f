//! A mention borrowed from its document ([`MentionView`]) and the clipping of its sentence:
//! what a [`MentionRow`] holds, before anything is copied, so that the rows a run writes
//! and folds need no strings of their own per mention.

use super::MentionRow;
use crate::gazetteer::PlaceId;
use crate::roles::Role;

/// One mention as [`MentionRow`] has it, its text fields borrowed (and written in JSON as
/// the row is: the same fields in the same order).
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct MentionView<'a> {
    /// Document id.
    pub doc: &'a str,
    /// Start, in Unicode code points.
    pub start: usize,
    /// End (exclusive), in Unicode code points.
    pub end: usize,
    /// The mention as written.
    pub text: &'a str,
    /// The resolved place.
    pub place: Option<PlaceId>,
    /// Resolution confidence in [0, 1] (0 when unresolved).
    pub confidence: f64,
    /// Role in its sentence.
    pub role: Role,
    /// The sentence, clipped around the mention.
    pub sentence: &'a str,
}

impl MentionView<'_> {
    /// The owned row.
    pub fn to_row(&self) -> MentionRow {
        MentionRow {
            doc: self.doc.to_string(),
            start: self.start,
            end: self.end,
            text: self.text.to_string(),
            place: self.place,
            confidence: self.confidence,
            role: self.role,
            sentence: self.sentence.to_string(),
        }
    }
}

impl MentionRow {
    /// The row, borrowed.
    pub fn view(&self) -> MentionView<'_> {
        MentionView {
            doc: &self.doc,
            start: self.start,
            end: self.end,
            text: &self.text,
            place: self.place,
            confidence: self.confidence,
            role: self.role,
            sentence: &self.sentence,
        }
    }
}

/// The part of `text[sentence]` within `window` code points of `focus` (byte ranges), cut at
/// word boundaries, with "…" where it was cut. Falls back to the start of the sentence if
/// `focus` lies outside.
pub fn clip_sentence(
    text: &str,
    sentence: (usize, usize),
    focus: (usize, usize),
    window: usize,
) -> String {
    let mut out = String::new();
    clip_sentence_into(text, sentence, focus, window, &mut out);
    out
}

/// [`clip_sentence`] into `out` (cleared first), so that a buffer serves many mentions.
pub fn clip_sentence_into(
    text: &str,
    sentence: (usize, usize),
    focus: (usize, usize),
    window: usize,
    out: &mut String,
) {
    let (ss, se) = sentence;
    let (fs, fe) = if focus.0 >= ss && focus.1 <= se && focus.0 <= focus.1 {
        focus
    } else {
        (ss, ss)
    };
    let mut start = nth_char_back(&text.as_bytes()[ss..fs], window).map_or(ss, |i| ss + i);
    if start > ss && !text[..start].ends_with(char::is_whitespace) {
        // Not in the middle of a word: from the next space on, if there is one before focus.
        if let Some(i) = find_space(&text[start..fs]) {
            start += i;
        }
    }
    let mut end = nth_char(&text.as_bytes()[fe..se], window).map_or(se, |i| fe + i);
    if end < se && !text[end..].starts_with(char::is_whitespace) {
        if let Some(i) = rfind_space(&text[fe..end]) {
            end = fe + i;
        }
    }
    out.clear();
    // Room for the text and both ellipses: no growing while it is built.
    out.reserve(end - start + 2 * '…'.len_utf8());
    if start > ss {
        out.push('…');
    }
    out.push_str(trim(&text[start..end]));
    if end < se {
        out.push('…');
    }
}

/// Whether a byte starts a UTF-8 character (is not a continuation byte).
fn starts_char(b: u8) -> bool {
    (b as i8) >= -0x40
}

/// Eight bytes with 0x01 in each.
const LOW: u64 = u64::from_ne_bytes([0x01; 8]);

/// How many characters start in `s`: its bytes less its continuation bytes (`10xxxxxx`),
/// counted eight at a time, a 1 per such byte added up in each byte of a word (at most 31
/// words at once, so that the sum of a word's bytes fits in one).
fn char_starts(s: &[u8]) -> usize {
    let (mut continued, mut acc) = (0, 0u64);
    let mut words = s.chunks_exact(8);
    for (i, w) in words.by_ref().enumerate() {
        let w = u64::from_ne_bytes(w.try_into().expect("eight bytes"));
        acc += (w & !(w << 1) & (LOW << 7)) >> 7;
        if i % 31 == 30 {
            continued += (acc.wrapping_mul(LOW) >> 56) as usize;
            acc = 0;
        }
    }
    continued += (acc.wrapping_mul(LOW) >> 56) as usize;
    let rest = words.remainder();
    s.len() - continued - rest.iter().filter(|&&b| !starts_char(b)).count()
}

/// The byte offset of the `n`-th character of `s` from its end (1 is the last), if it has
/// that many: `char_indices().rev().nth(n - 1)`; `n` of 0 is taken as 1. The last `n` bytes
/// hold at most `n` characters, and as many bytes before them as characters are missing
/// hold at most the missing ones: the window grows by what is missing until it holds `n`
/// (at once in ASCII, in a few counts of bytes otherwise), then starts at its first
/// character.
fn nth_char_back(s: &[u8], n: usize) -> Option<usize> {
    let n = n.max(1);
    // Fewer bytes than n hold fewer characters than n.
    if s.len() < n {
        return None;
    }
    let mut at = s.len() - n;
    let mut seen = char_starts(&s[at..]);
    while seen < n {
        let from = at.checked_sub(n - seen)?;
        seen += char_starts(&s[from..at]);
        at = from;
    }
    // `s[at..]` holds n characters: the first starts at or just after `at`.
    s[at..].iter().position(|&b| starts_char(b)).map(|i| at + i)
}

/// The byte offset of the character after the first `n` of `s`, if it has more than `n`:
/// `char_indices().nth(n)`, found as [`nth_char_back`] finds it, forwards.
fn nth_char(s: &[u8], n: usize) -> Option<usize> {
    if s.len() <= n {
        return None;
    }
    let mut at = n;
    let mut seen = char_starts(&s[..at]);
    while seen < n {
        let to = at + (n - seen);
        if to > s.len() {
            return None;
        }
        seen += char_starts(&s[at..to]);
        at = to;
    }
    // `s[..at]` holds n characters (the last maybe cut): the next starts at or after `at`.
    s[at..].iter().position(|&b| starts_char(b)).map(|i| at + i)
}

/// Whether `c` is whitespace (`char::is_whitespace`), for an ASCII byte.
fn ascii_space(c: u8) -> bool {
    c == b' ' || (b'\t'..=b'\r').contains(&c)
}

/// `s.find(char::is_whitespace)`, on bytes while they are ASCII (as most are), a character
/// decoded only where one is not.
fn find_space(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii() {
            if ascii_space(b[i]) {
                return Some(i);
            }
            i += 1;
        } else {
            let c = s[i..].chars().next()?;
            if c.is_whitespace() {
                return Some(i);
            }
            i += c.len_utf8();
        }
    }
    None
}

/// `s.rfind(char::is_whitespace)`, as [`find_space`] finds it, backwards.
fn rfind_space(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let mut end = b.len();
    while end > 0 {
        let c = b[end - 1];
        if c.is_ascii() {
            if ascii_space(c) {
                return Some(end - 1);
            }
            end -= 1;
        } else {
            let c = s[..end].chars().next_back()?;
            end -= c.len_utf8();
            if c.is_whitespace() {
                return Some(end);
            }
        }
    }
    None
}

/// `s.trim()`, with nothing to trim found by the first and last characters alone (as a
/// clipped sentence mostly has), not through `trim`'s searches.
fn trim(s: &str) -> &str {
    let solid = |c: Option<char>| c.is_some_and(|c| !c.is_whitespace());
    if solid(s.chars().next()) && solid(s.chars().next_back()) {
        return s;
    }
    s.trim()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The byte counts agree with the char iterators they replace.
    #[test]
    fn counting_on_bytes_is_counting_chars() {
        let long = "Вночі росіяни вдарили по Харкову (Kharkiv), a€b𝄞c and more plain text";
        let ascii = "plain text long enough for the ascii paths, with no other byte at all";
        let tails = "ascii first, for the forward path's test, then Київ і Харків at the end";
        let texts = [
            "",
            "a",
            "abc def",
            "Київ і Харків",
            "a€b𝄞c д",
            "𝄞𝄞",
            long,
            ascii,
            tails,
        ];
        for t in texts {
            for n in 0..80 {
                let back = t.char_indices().rev().nth(n.max(1) - 1).map(|(i, _)| i);
                assert_eq!(nth_char_back(t.as_bytes(), n), back, "{t:?} {n}");
                let fwd = t.char_indices().nth(n).map(|(i, _)| i);
                assert_eq!(nth_char(t.as_bytes(), n), fwd, "{t:?} {n}");
            }
        }
    }

    /// The byte searches for whitespace and the trim agree with `str`'s, on every kind of
    /// whitespace (ASCII, two-byte, three-byte) and none.
    #[test]
    fn spaces_on_bytes_are_strs() {
        let texts = [
            "",
            " ",
            "word",
            " lead",
            "trail ",
            "a\u{b}b\u{c}c\td\re\nf",
            "a\u{1c}b\u{1f}c\u{7f}d",
            "Київ\u{a0}і\u{85}Харків",
            "x\u{2009}y\u{3000}z\u{1680}w\u{202f}v\u{205f}u\u{2028}",
            "\u{a0}nbsp both\u{a0}",
            "\u{3000}ideographic\u{3000}",
            "𝄞 a€b 𝄞",
            "Вночі росіяни вдарили по Харкову",
        ];
        for t in texts {
            assert_eq!(find_space(t), t.find(char::is_whitespace), "{t:?}");
            assert_eq!(rfind_space(t), t.rfind(char::is_whitespace), "{t:?}");
            assert_eq!(trim(t), t.trim(), "{t:?}");
        }
    }

    proptest::proptest! {
        /// Characters counted on words are those `chars` counts, in text of any length.
        #[test]
        fn char_starts_counts_chars(t in "[a Ж€𝄞]{0,400}", cut in 0usize..8) {
            let b = &t.as_bytes()[cut.min(t.len())..];
            let want = b.iter().filter(|&&c| starts_char(c)).count();
            proptest::prop_assert_eq!(char_starts(b), want);
        }

        /// Whitespace of every width among other characters.
        #[test]
        fn spaces_agree_on_any_text(t in "[a Ж€𝄞\t\u{b}\u{85}\u{a0}\u{2009}\u{3000}\u{1f}]{0,40}") {
            proptest::prop_assert_eq!(find_space(&t), t.find(char::is_whitespace));
            proptest::prop_assert_eq!(rfind_space(&t), t.rfind(char::is_whitespace));
            proptest::prop_assert_eq!(trim(&t), t.trim());
        }

        /// Any mix of one- to four-byte characters, any count.
        #[test]
        fn counting_agrees_on_any_text(t in "[a-c é€𝄞Ж]{0,90}", n in 0usize..100) {
            let back = t.char_indices().rev().nth(n.max(1) - 1).map(|(i, _)| i);
            proptest::prop_assert_eq!(nth_char_back(t.as_bytes(), n), back);
            let fwd = t.char_indices().nth(n).map(|(i, _)| i);
            proptest::prop_assert_eq!(nth_char(t.as_bytes(), n), fwd);
        }
    }
}
