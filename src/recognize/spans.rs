//! Where a name sits in the raw text: at the start of a line, inside quotes, inside a URL;
//! whether the gap before a word joins it to a name.
//!
//! All offsets are byte offsets into the document's text, at character boundaries.

use super::Ctx;
use crate::text::joinable_gap;

/// Whether token `j` continues a name of tokens from `i` in `i`'s sentence: the gap before it
/// is one a name's words are joined across. Inlined into `longest_name` (a call per word
/// read cost more than the test).
#[inline(always)]
pub(super) fn joins(ctx: &Ctx<'_>, i: usize, j: usize) -> bool {
    let (tokens, text) = (ctx.tokens, ctx.text);
    if j >= tokens.len() || ctx.sent_of[j] != ctx.sent_of[i] {
        return false;
    }
    let (a, b) = (tokens[j - 1].end, tokens[j].start);
    // Most gaps inside a name are one space: told from its byte, no characters read.
    (b == a + 1 && text.as_bytes()[a] == b' ') || joinable_gap(&text[a..b])
}

/// Whether the text before `at` on its line holds only blanks, quotes and brackets.
pub(super) fn starts_line(text: &str, at: usize) -> bool {
    text[..at]
        .trim_end_matches([' ', '\t', '"', '\u{201c}', '('])
        .ends_with('\n')
}

/// Whether the name `start..end` opens a name in angle or low quotes that closes a few words
/// later ("корабль «Новочеркасск»", "РСЗВ «Торнадо-С»", "нафтобаза «Кристал»"): the name of a
/// ship, weapon, firm or building, not of the place it was named after.
pub(super) fn quoted_name(text: &str, start: usize, end: usize) -> bool {
    // An ASCII byte before the name (most names) is no quote's last byte: no char decoded.
    if text.as_bytes()[..start].last().is_none_or(u8::is_ascii)
        || !text[..start].ends_with(['«', '„'])
    {
        return false;
    }
    let rest = &text[end..];
    let window = &rest[..rest.char_indices().nth(40).map_or(rest.len(), |(p, _)| p)];
    window
        .find(['»', '“', '”'])
        .is_some_and(|p| !window[..p].contains(['.', '!', '?', '«', '„', '\n']))
}

/// Whether the white-space-delimited chunk around a span is a URL, domain or e-mail address.
/// `one_token`: the span is one token's, a run of word characters (no ASCII byte in it but
/// letters and digits), so its own bytes need not be searched.
pub(super) fn in_url(text: &str, start: usize, end: usize, one_token: bool) -> bool {
    let scan_from = if one_token { end } else { start };
    if plainly_no_url(text.as_bytes(), start, end, scan_from) {
        return false;
    }
    chunk_is_url(text, start, end)
}

/// Whether the run of bytes from the ASCII white space before `start` to the one after `end`
/// can hold no URL, domain or address: no ':' or '@', no '.' but as the run's last byte (a
/// full stop), and not ending "www.". The chunk [`chunk_is_url`] reads lies within the run
/// (white space outside ASCII only cuts it shorter), so it holds none either: most names
/// ("Kyiv", "Kyiv,", "Kyiv.", "(Kyiv") are told so without finding the chunk's ends and
/// searching it. The run is searched from `scan_from` (`start`, or `end` when the span's
/// own bytes hold no ASCII white space, ':', '@' or '.', as one token's do not).
fn plainly_no_url(bytes: &[u8], start: usize, end: usize, scan_from: usize) -> bool {
    let special = |b: u8| matches!(b, b'.' | b':' | b'@');
    for &b in bytes[..start].iter().rev() {
        if b.is_ascii_whitespace() {
            break;
        }
        if special(b) {
            return false;
        }
    }
    // The span itself is read whole (a name of several words holds spaces), then the run
    // after it.
    let run_end = bytes[end..]
        .iter()
        .position(u8::is_ascii_whitespace)
        .map_or(bytes.len(), |p| end + p);
    match bytes[scan_from..run_end].iter().position(|&b| special(b)) {
        None => true,
        Some(p) => {
            let at = scan_from + p;
            bytes[at] == b'.' && at + 1 == run_end && !bytes[..run_end].ends_with(b"www.")
        }
    }
}

/// [`in_url`] itself: the chunk's ends found and the chunk searched.
fn chunk_is_url(text: &str, start: usize, end: usize) -> bool {
    let a = text[..start]
        .char_indices()
        .rev()
        .find(|&(_, c)| c.is_whitespace())
        .map_or(0, |(p, c)| p + c.len_utf8());
    let b = text[end..]
        .find(char::is_whitespace)
        .map(|p| end + p)
        .unwrap_or(text.len());
    let chunk = text[a..b].trim_matches(|c: char| matches!(c, '(' | ')' | ',' | ';' | '"'));
    if chunk.contains("://") || chunk.contains('@') || chunk.starts_with("www.") {
        return true;
    }
    // A domain: dot-separated lower-case labels, the last of two or more letters (read in
    // one pass, nothing collected: most chunks are a word with a comma or a full stop).
    let (mut labels, mut last, mut lower) = (0, "", false);
    for l in chunk.trim_end_matches('.').split('.') {
        if l.is_empty() || !l.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-') {
            return false;
        }
        (labels, last) = (labels + 1, l);
        lower |= l.bytes().any(|c| c.is_ascii_lowercase());
    }
    labels >= 2 && last.len() >= 2 && last.bytes().all(|c| c.is_ascii_lowercase()) && lower
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4096))]
        /// The quick answer never differs from reading the chunk: texts of URL bytes, white
        /// space in and out of ASCII, trimmed punctuation and two-byte letters, any span.
        #[test]
        fn in_url_is_the_chunk_test(
            chars in proptest::collection::vec(proptest::sample::select(vec![
                'a', 'K', 'w', 'W', 'u', 'a', '.', '.', ':', '/', '@', ' ', ' ', '\u{a0}',
                '\u{2003}', '\u{b}', '\n', '\t', ',', ';', '(', ')', '"', '-', 'я', '7',
            ]), 0..24),
            x in any::<prop::sample::Index>(),
            y in any::<prop::sample::Index>(),
        ) {
            let text: String = chars.iter().collect();
            let bounds: Vec<usize> = text.char_indices().map(|(p, _)| p).chain([text.len()]).collect();
            let (p, q) = (bounds[x.index(bounds.len())], bounds[y.index(bounds.len())]);
            let (start, end) = (p.min(q), p.max(q));
            prop_assert_eq!(in_url(&text, start, end, false), chunk_is_url(&text, start, end), "{:?} {}..{}", text, start, end);
        }

        /// A one-token span (letters, digits, two-byte letters only) read from its end gives
        /// the chunk's answer too, with URL bytes and white space around it.
        #[test]
        fn in_url_of_one_token_is_the_chunk_test(
            before in proptest::collection::vec(proptest::sample::select(vec![
                'a', 'w', '.', ':', '/', '@', ' ', '\u{a0}', '\n', ',', '(', '"', '-', 'я',
            ]), 0..10),
            word in proptest::collection::vec(proptest::sample::select(vec![
                'a', 'K', 'w', '7', 'я', 'é', '\u{ad}',
            ]), 1..8),
            after in proptest::collection::vec(proptest::sample::select(vec![
                'a', 'w', '.', '.', ':', '/', '@', ' ', '\u{2003}', '\t', ',', ';', ')', '"', 'я',
            ]), 0..10),
        ) {
            let (b, w, a): (String, String, String) =
                (before.iter().collect(), word.iter().collect(), after.iter().collect());
            let text = format!("{b}{w}{a}");
            let (start, end) = (b.len(), b.len() + w.len());
            prop_assert_eq!(in_url(&text, start, end, true), chunk_is_url(&text, start, end), "{:?}", text);
        }
    }

    #[test]
    fn in_url_table() {
        for (text, start, end, url) in [
            ("in Kyiv, said", 3, 7, false),
            ("in Kyiv.", 3, 7, false),
            ("see www.", 4, 7, true),
            ("see kyiv.ua now", 4, 8, true),
            ("mail kyiv@x.com", 5, 9, true),
            ("http://kyiv.gov.ua/x", 7, 11, true),
            ("Calif. said", 0, 6, false),
            ("U.S. forces", 0, 4, false),
            ("(Kyiv) and", 1, 5, false),
            ("", 0, 0, false),
        ] {
            assert_eq!(in_url(text, start, end, false), url, "{text}");
            let one_token = text[start..end].chars().all(char::is_alphanumeric);
            if one_token {
                assert_eq!(in_url(text, start, end, true), url, "{text}");
            }
            assert_eq!(chunk_is_url(text, start, end), url, "{text}");
        }
    }

    /// The byte test before the quote's char: names after ASCII, after another two-byte
    /// char and at the text's start, against the quotes.
    #[test]
    fn quoted_name_table() {
        let at = |text: &str, name: &str| text.find(name).map(|s| (s, s + name.len())).unwrap();
        for (text, name, quoted) in [
            ("аэродром «Балтимор» вчера", "Балтимор", true),
            ("„Kyiv“ said", "Kyiv", true),
            ("\"Kyiv\" said", "Kyiv", false),
            ("Kyiv said", "Kyiv", false),
            ("я Київ» так", "Київ", false),
            ("«Київ. так» і", "Київ", false),
            ("©Kyiv»", "Kyiv", false),
        ] {
            let (start, end) = at(text, name);
            assert_eq!(quoted_name(text, start, end), quoted, "{text}");
        }
    }
}
