//! The tokeniser: a text's maximal runs of word characters, with their folded keys.
//!
//! Most bytes of news are ASCII (all of English news but its quotes and dashes, the spaces
//! and digits of Cyrillic news): they are classed by a 128-entry table, and only the other
//! bytes are decoded into characters. A token all of whose bytes are ASCII also has its case
//! from the same table's bits, gathered while it is scanned.

#[cfg(test)]
use super::fold_impl::is_uppercase;
use super::fold_impl::{self, is_alphabetic, is_invisible, is_lowercase};
use super::{Case, Token};

/// Splits text into tokens: maximal runs of letters, digits and combining marks (with any
/// [invisible](is_invisible) characters between them). Everything else (spaces, punctuation,
/// apostrophes) separates tokens.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    tokenize_into(text, &mut out);
    out
}

/// An ASCII byte's class: a word character (a letter or digit), an upper-case letter, a
/// lower-case letter.
const WORD: u8 = 1;
const UPPER: u8 = 2;
const LOWER: u8 = 4;

const ASCII_CLASS: [u8; 128] = {
    let mut t = [0u8; 128];
    let mut i = 0;
    while i < 128 {
        let b = i as u8;
        t[i] = if b.is_ascii_alphanumeric() { WORD } else { 0 }
            | if b.is_ascii_uppercase() { UPPER } else { 0 }
            | if b.is_ascii_lowercase() { LOWER } else { 0 };
        i += 1;
    }
    t
};

/// The character that starts at byte `i` (not ASCII) of `text`, and its length. The two-byte
/// sequences (Latin with diacritics, Greek, Cyrillic) are decoded here, the rest by `chars`.
#[inline(always)]
fn char_at(text: &str, i: usize) -> (char, usize) {
    let b = text.as_bytes();
    if b[i] < 0xE0 {
        let cp = u32::from(b[i] & 0x1F) << 6 | u32::from(b[i + 1] & 0x3F);
        return (char::from_u32(cp).unwrap_or(char::REPLACEMENT_CHARACTER), 2);
    }
    let c = text[i..]
        .chars()
        .next()
        .unwrap_or(char::REPLACEMENT_CHARACTER);
    (c, c.len_utf8())
}

/// [`tokenize`] into an empty vector, whose allocation is reused.
pub(super) fn tokenize_into(text: &str, out: &mut Vec<Token>) {
    // News averages six to seven bytes a token: one allocation for most documents.
    out.reserve(text.len() / 5 + 1);
    let is_word_char = fold_impl::word_char_test();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // Between tokens: to the next word character.
        let b = bytes[i];
        if b < 0x80 {
            if ASCII_CLASS[usize::from(b)] & WORD == 0 {
                i += 1;
                continue;
            }
        } else {
            let (c, len) = char_at(text, i);
            if !is_word_char(c) {
                i += len;
                continue;
            }
        }
        // A token: to the end of its last word character, over invisible characters.
        let start = i;
        let mut end = i;
        // The ASCII classes of its bytes, ORed, and whether any byte was not ASCII.
        let mut classes = 0u8;
        let mut other = false;
        while i < bytes.len() {
            let b = bytes[i];
            if b < 0x80 {
                let class = ASCII_CLASS[usize::from(b)];
                if class & WORD == 0 {
                    break;
                }
                classes |= class;
                i += 1;
                end = i;
            } else {
                let (c, len) = char_at(text, i);
                if is_word_char(c) {
                    i += len;
                    end = i;
                    other = true;
                } else if is_invisible(c) {
                    i += len;
                    other = true;
                } else {
                    break;
                }
            }
        }
        // An invisible character after the last word character is not the token's.
        if !other || text[start..end].is_ascii() {
            push_ascii_token(out, text, start, end, classes);
        } else {
            push_token(out, text, start, end);
        }
    }
}

/// A word's case from whether its first character is a letter and lower-case, and whether
/// the rest has no lower-case letter.
#[inline(always)]
fn case_of(first_letter: bool, first_lower: bool, all_upper: bool) -> Case {
    if !first_letter {
        Case::Other
    } else if first_lower {
        Case::Lower
    } else if all_upper {
        Case::Upper
    } else {
        Case::Title
    }
}

/// Pushes the token of an ASCII word whose bytes' classes ORed are `classes`.
#[inline(always)]
fn push_ascii_token(out: &mut Vec<Token>, text: &str, start: usize, end: usize, classes: u8) {
    let word = &text[start..end];
    let first = ASCII_CLASS[usize::from(word.as_bytes()[0])];
    let case = case_of(
        first & (UPPER | LOWER) != 0,
        first & LOWER != 0,
        classes & LOWER == 0,
    );
    // The key is copied into the vector, then lower-cased there: lower-cased on the stack
    // first, the move's wide loads of the bytes just written stalled on those stores.
    out.push(Token {
        start,
        end,
        gate_slot: crate::lexicon::KeyGate::slot_ascii_lowercase(word.as_bytes()),
        key: compact_str::CompactString::from(word),
        case,
    });
    if classes & UPPER != 0 {
        out.last_mut()
            .expect("just pushed")
            .key
            .make_ascii_lowercase();
    }
}

/// Pushes the token of a word that is not all ASCII: its case and folded key from one pass
/// over its characters.
#[inline(always)]
fn push_token(out: &mut Vec<Token>, text: &str, start: usize, end: usize) {
    let word = &text[start..end];
    let first = word.chars().next().unwrap_or(' ');
    thread_local!(static KEY: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) });
    KEY.with_borrow_mut(|buf| {
        buf.clear();
        let not_upper = fold_impl::fold_onto_not_upper(word, buf);
        let case = case_of(is_alphabetic(first), is_lowercase(first), !not_upper);
        out.push(Token {
            start,
            end,
            gate_slot: crate::lexicon::KeyGate::slot(buf.as_bytes()),
            key: compact_str::CompactString::from(buf.as_str()),
            case,
        });
    });
}

/// The token of a word that is not all ASCII, as [`tokenize`] made it before the byte scan
/// (the reference the tests compare with).
#[cfg(test)]
fn make_token(text: &str, start: usize, end: usize) -> Token {
    let word = &text[start..end];
    let first = word.chars().next().unwrap_or(' ');
    let case = if !is_alphabetic(first) {
        Case::Other
    } else if is_lowercase(first) {
        Case::Lower
    } else if word.chars().filter(|&c| is_alphabetic(c)).all(is_uppercase) {
        Case::Upper
    } else {
        Case::Title
    };
    let key: compact_str::CompactString = super::fold(word).into();
    Token {
        start,
        end,
        gate_slot: crate::lexicon::KeyGate::slot(key.as_bytes()),
        key,
        case,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tokeniser as it was, a character at a time: the reference the byte scan must
    /// agree with.
    fn tokenize_by_chars(text: &str) -> Vec<Token> {
        let mut out = Vec::new();
        let mut open: Option<(usize, usize)> = None;
        let token = |s: usize, e: usize| {
            let word = &text[s..e];
            if word.is_ascii() {
                let b = word.as_bytes();
                let case = if !b[0].is_ascii_alphabetic() {
                    Case::Other
                } else if b[0].is_ascii_lowercase() {
                    Case::Lower
                } else if b.iter().all(|c| !c.is_ascii_lowercase()) {
                    Case::Upper
                } else {
                    Case::Title
                };
                return Token {
                    start: s,
                    end: e,
                    gate_slot: crate::lexicon::KeyGate::slot_ascii_lowercase(b),
                    key: word.to_ascii_lowercase().into(),
                    case,
                };
            }
            make_token(text, s, e)
        };
        for (i, c) in text.char_indices() {
            if fold_impl::is_word_char(c) {
                let s = open.map_or(i, |(s, _)| s);
                open = Some((s, i + c.len_utf8()));
            } else if is_invisible(c) {
                continue;
            } else if let Some((s, e)) = open.take() {
                out.push(token(s, e));
            }
        }
        if let Some((s, e)) = open {
            out.push(token(s, e));
        }
        out
    }

    #[test]
    fn byte_scan_agrees_on_awkward_text() {
        for text in [
            "",
            "a",
            "Kharkiv’s Shevchenkivskyi district, U.S.-led «Київ» 2024",
            "Khar\u{ad}kiv \u{ad}Kyiv\u{ad} \u{200b}x\u{200b}y\u{200b} \u{feff}\u{200d}",
            "Zu\u{308}rich \u{301}abc e\u{301}\u{301} ÉCOLE École éCOLE",
            "Харків ХАРКІВ харків Київ-Пасажирський п'ять п’ять Ёлки ЁЛКИ",
            "emoji 🇺🇦 flag 👍🏽 ok 😀x😀 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ＡＢＣ ｷｮｳﾄ 東京 ٣٤ १२",
            "dash—em–en…ellipsis “quoted” ‘single’ non\u{a0}breaking\u{202f}narrow",
            "ABC123 123abc A1 a1 1A MIXEDcase mixedCASE ΑΘΗΝΑ Αθήνα ß ẞ İstanbul",
            "averyveryverylongwordthatgoespasttwentyfourbytes AVERYVERYVERYLONGWORDTHATGOESPAST",
            "ǅemal ǈubljana ǋegoš Ⅻ ⅻ ½ ² ³ x² ₂",
            "trailing\u{ad}",
            "\u{ad}",
            "\u{2060}word\u{2060}joined\u{2060}",
        ] {
            assert_eq!(tokenize(text), tokenize_by_chars(text), "{text:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn byte_scan_agrees_with_char_scan(s in "[a-zA-Z0-9à-ÿА-яіїєґЁё’'.,;:!? \u{a0}\u{ad}\u{200b}-\u{200d}\u{2060}\u{feff}\u{300}-\u{36f}\u{2014}\u{1f600}-\u{1f64f}-]{0,60}") {
            proptest::prop_assert_eq!(tokenize(&s), tokenize_by_chars(&s));
        }

        #[test]
        fn byte_scan_agrees_on_any_text(s in "\\PC{0,40}") {
            proptest::prop_assert_eq!(tokenize(&s), tokenize_by_chars(&s));
        }
    }
}
