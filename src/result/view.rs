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
        if let Some(i) = text[start..fs].find(char::is_whitespace) {
            start += i;
        }
    }
    let mut end = nth_char(&text.as_bytes()[fe..se], window).map_or(se, |i| fe + i);
    if end < se && !text[end..].starts_with(char::is_whitespace) {
        if let Some(i) = text[fe..end].rfind(char::is_whitespace) {
            end = fe + i;
        }
    }
    out.clear();
    // Room for the text and both ellipses: no growing while it is built.
    out.reserve(end - start + 2 * '…'.len_utf8());
    if start > ss {
        out.push('…');
    }
    out.push_str(text[start..end].trim());
    if end < se {
        out.push('…');
    }
}

/// Whether a byte starts a UTF-8 character (is not a continuation byte).
fn starts_char(b: u8) -> bool {
    (b as i8) >= -0x40
}

/// The byte offset of the `n`-th character of `s` from its end (1 is the last), if it has
/// that many: `char_indices().rev().nth(n - 1)`, counted on bytes, 16 at a time until the
/// chunk that holds it; `n` of 0 is taken as 1.
fn nth_char_back(s: &[u8], n: usize) -> Option<usize> {
    let n = n.max(1);
    // Fewer bytes than n hold fewer characters than n.
    if s.len() < n {
        return None;
    }
    // The last n bytes ASCII (as most are in English news): they are the last n characters.
    if s[s.len() - n..].is_ascii() {
        return Some(s.len() - n);
    }
    let (mut seen, mut end) = (0, s.len());
    while end >= 16 {
        let c = char_starts(&s[end - 16..end]);
        if seen + c >= n {
            break;
        }
        seen += c;
        end -= 16;
    }
    s[..end].iter().rposition(|&b| {
        seen += usize::from(starts_char(b));
        seen == n
    })
}

/// The byte offset of the character after the first `n` of `s`, if it has more than `n`:
/// `char_indices().nth(n)`, counted on bytes as [`nth_char_back`] counts them.
fn nth_char(s: &[u8], n: usize) -> Option<usize> {
    if s.len() <= n {
        return None;
    }
    // The first n bytes ASCII: they are the first n characters, and the next byte, after an
    // ASCII byte, starts one.
    if s[..n].is_ascii() {
        return Some(n);
    }
    let (mut seen, mut at) = (0, 0);
    while at + 16 <= s.len() {
        let c = char_starts(&s[at..at + 16]);
        if seen + c > n {
            break;
        }
        seen += c;
        at += 16;
    }
    let i = s[at..].iter().position(|&b| {
        if !starts_char(b) {
            return false;
        }
        seen += 1;
        seen > n
    })?;
    Some(at + i)
}

/// How many characters start in `chunk` (of 16 bytes).
fn char_starts(chunk: &[u8]) -> usize {
    usize::from(chunk.iter().fold(0u8, |a, &b| a + u8::from(starts_char(b))))
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

    proptest::proptest! {
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
