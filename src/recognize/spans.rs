//! Where a name sits in the raw text: at the start of a line, inside quotes, inside a URL.
//!
//! All offsets are byte offsets into the document's text, at character boundaries.

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
    if !text[..start].ends_with(['«', '„']) {
        return false;
    }
    let rest = &text[end..];
    let window = &rest[..rest.char_indices().nth(40).map_or(rest.len(), |(p, _)| p)];
    window
        .find(['»', '“', '”'])
        .is_some_and(|p| !window[..p].contains(['.', '!', '?', '«', '„', '\n']))
}

/// Whether the white-space-delimited chunk around a span is a URL, domain or e-mail address.
pub(super) fn in_url(text: &str, start: usize, end: usize) -> bool {
    // A name between spaces is its own chunk, and a chunk without '.', ':' or '@' is no URL,
    // domain or address: most names are told so without a scan for the chunk's ends.
    let bytes = text.as_bytes();
    if start > 0
        && bytes[start - 1] == b' '
        && bytes.get(end).is_none_or(|&b| b == b' ')
        && !bytes[start..end]
            .iter()
            .any(|&b| matches!(b, b'.' | b':' | b'@'))
    {
        return false;
    }
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
