//! The words of a text as the date rules read them.

/// The words of a text (runs of letters and digits, and an apostrophe between Cyrillic
/// letters) as (start, end, word), split as they are asked for.
pub(super) struct WordSpans<'t> {
    text: &'t str,
    /// Where splitting goes on, and the character before it.
    pub(super) at: usize,
    pub(super) prev: char,
}

impl<'t> WordSpans<'t> {
    pub(super) fn new(text: &'t str) -> WordSpans<'t> {
        WordSpans {
            text,
            at: 0,
            prev: ' ',
        }
    }
}

impl<'t> Iterator for WordSpans<'t> {
    type Item = (usize, usize, &'t str);

    fn next(&mut self) -> Option<Self::Item> {
        let text = self.text;
        let bytes = text.as_bytes();
        let char_at = |i: usize| match bytes.get(i) {
            Some(&b) if b < 0x80 => (char::from(b), 1),
            Some(_) => text[i..]
                .chars()
                .next()
                .map_or((' ', 1), |c| (c, c.len_utf8())),
            None => (' ', 1),
        };
        let mut start = None;
        while self.at < bytes.len() {
            let (i, b) = (self.at, bytes[self.at]);
            let (w, len) = if b < 0x80 && b != b'\'' {
                // ASCII other than an apostrophe: a word character when a letter or digit.
                self.prev = char::from(b);
                (b.is_ascii_alphanumeric(), 1)
            } else {
                let (c, len) = char_at(i);
                // An apostrophe between Cyrillic letters is part of the word ("п'ятницю").
                let cyr = |x: char| matches!(x, '\u{400}'..='\u{4ff}');
                let apostrophe = matches!(c, '\'' | '\u{2019}' | '\u{2bc}')
                    && cyr(self.prev)
                    && cyr(char_at(i + len).0);
                self.prev = c;
                (crate::text::is_alphanumeric(c) || apostrophe, len)
            };
            self.at += len;
            match (w, start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => return Some((s, i, &text[s..i])),
                _ => {}
            }
        }
        start.map(|s| (s, text.len(), &text[s..]))
    }
}
