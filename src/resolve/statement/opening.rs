//! How the words between two mentions start: whether they may still open a statement
//! ([`super::stated`]), asked as soon as their first word is read.

/// How the words between X and Y start, as far as [`super::states`] asks: with a comma or a word
/// (`is`, `was`, `lies`, `which`) that may open a statement (`Some(true)`), with another
/// word (`Some(false)`: no statement, whatever follows), or not known yet (`None`: no word
/// ended so far, and the one begun may still become such a word).
pub(super) fn opening(between: &str) -> Option<bool> {
    if between.is_ascii() {
        opening_ascii(between.as_bytes())
    } else {
        opening_chars(between)
    }
}

/// [`opening`] of ASCII words, read as bytes (ASCII whitespace is `char::is_whitespace`'s
/// there).
pub(super) fn opening_ascii(between: &[u8]) -> Option<bool> {
    const OPENERS: [&[u8]; 4] = [b"is", b"was", b"lies", b"which"];
    let space = |b: &u8| matches!(b, b' ' | b'\t' | b'\n' | b'\x0B' | b'\x0C' | b'\r');
    let t = &between[between
        .iter()
        .position(|b| !space(b))
        .unwrap_or(between.len())..];
    if t.first() == Some(&b',') {
        return Some(true);
    }
    match t.iter().position(|b| *b == b',' || space(b)) {
        Some(end) => Some(OPENERS.contains(&&t[..end])),
        None => OPENERS.iter().all(|w| !w.starts_with(t)).then_some(false),
    }
}

/// [`opening`] of any words.
pub(super) fn opening_chars(between: &str) -> Option<bool> {
    const OPENERS: [&str; 4] = ["is", "was", "lies", "which"];
    let t = between.trim_start();
    if t.starts_with(',') {
        return Some(true);
    }
    match t.find(|c: char| c == ',' || c.is_whitespace()) {
        Some(end) => Some(OPENERS.contains(&&t[..end])),
        None => OPENERS.iter().all(|w| !w.starts_with(t)).then_some(false),
    }
}

/// Whether the words read so far may still state something; `open` becomes false once
/// their [`opening`] is known to allow it (not asked again).
pub(super) fn opens(between: &str, open: &mut bool) -> bool {
    match opening(between) {
        Some(may) => {
            *open = false;
            may
        }
        None => true,
    }
}
