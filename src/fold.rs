//! Case and diacritic folding, and the lookup key of a name.
//!
//! A file of its own, free of other crate modules, because `build.rs` includes it too: the
//! gazetteer's name index is built at compile time with exactly the folding used at run time.

use unicode_normalization::char::is_combining_mark;

/// Case- and diacritic-folds a word: canonical decomposition, combining marks removed,
/// lower-cased, and a few letters that do not decompose mapped to their base ("ł" → "l").
pub fn fold(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        fold_char_into(c, &mut out);
    }
    out
}

/// [`fold`] into a buffer (cleared first), for look-ups that need no new `String`.
pub fn fold_into(s: &str, out: &mut String) {
    out.clear();
    for c in s.chars() {
        fold_char_into(c, out);
    }
}

/// Folds one character onto `out` (canonical decomposition is per character, so folding a
/// word is folding its characters).
pub(crate) fn fold_char_into(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    // Latin with diacritics, Greek and Cyrillic: the folded form from a table made once by
    // the general rule below (decomposing every character of a word cost a sixth of the time
    // on Ukrainian and Russian text). Most fold to one character, pushed as such (a string
    // of two bytes cost a copy call per character).
    let at = (c as usize).wrapping_sub(TABLE_FROM);
    match FOLD_ONE.get(at) {
        Some('\0') => {}
        Some(&SEVERAL) => {
            out.push_str(FOLD_TABLE[at].get_or_init(|| {
                let mut s = String::new();
                fold_char_slow(c, &mut s);
                s.into_boxed_str()
            }));
        }
        Some(&one) => out.push(one),
        None => fold_char_slow(c, out),
    }
}

/// In [`FOLD_ONE`], a character that folds to several (its fold is in [`FOLD_TABLE`]).
pub(crate) const SEVERAL: char = '\u{FFFF}';

/// The fold of each character of the table's range when it is one character; `'\0'` when it
/// folds to none (an invisible character), [`SEVERAL`] when to more than one. The library's
/// table is made by `build.rs` with this rule (making it at start-up cost a run on a small
/// input a tenth of its instructions, with the other tables here).
// Called by `build.rs` and the tests only.
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) fn fold_one_by_rules() -> [char; TABLE_TO - TABLE_FROM] {
    let mut t = [SEVERAL; TABLE_TO - TABLE_FROM];
    for (i, one) in t.iter_mut().enumerate() {
        let Some(c) = char::from_u32((TABLE_FROM + i) as u32) else {
            continue;
        };
        let mut folded = String::new();
        fold_char_slow(c, &mut folded);
        let mut chars = folded.chars();
        *one = match (chars.next(), chars.next()) {
            (None, _) => '\0',
            (Some(f), None) => f,
            _ => SEVERAL,
        };
    }
    t
}

// The tables made from the rules of this file: by `build.rs` for the library, on first use
// when `build.rs` includes this file itself.
use super::fold_tables::{CLASS_TABLE, FOLD_ONE};

/// The first code point of the fold table, and one past its last: U+0080 to U+04FF.
pub(crate) const TABLE_FROM: usize = 0x80;
pub(crate) const TABLE_TO: usize = 0x500;

static FOLD_TABLE: [std::sync::OnceLock<Box<str>>; TABLE_TO - TABLE_FROM] =
    [const { std::sync::OnceLock::new() }; TABLE_TO - TABLE_FROM];

fn fold_char_slow(c: char, out: &mut String) {
    if is_invisible(c) {
        return;
    }
    unicode_normalization::char::decompose_canonical(c, |d| {
        if is_combining_mark(d) {
            return;
        }
        match d {
            'ł' | 'Ł' => out.push('l'),
            'ø' | 'Ø' => out.push('o'),
            'ß' => out.push_str("ss"),
            'đ' | 'Đ' => out.push('d'),
            'æ' | 'Æ' => out.push_str("ae"),
            'ı' => out.push('i'),
            'ё' | 'Ё' => out.push('е'),
            d if d.is_ascii() => out.push(d.to_ascii_lowercase()),
            d => out.extend(d.to_lowercase()),
        }
    });
}

/// Invisible format characters that pasted text carries inside words: soft hyphen, zero-width
/// space, non-joiner and joiner, word joiner, and the byte order mark. They neither split a
/// word nor fold into it ("Khar\u{200d}kiv" is "kharkiv"), and offsets still count them.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
    )
}

/// [`is_word_char`] with the class table looked up once: a loop over a text's characters
/// otherwise checks the table's lazy initialisation again at every character.
pub(crate) fn word_char_test() -> impl Fn(char) -> bool + Copy {
    let table: &'static [u8; TABLE_TO] = &CLASS_TABLE;
    move |c| match table.get(c as usize) {
        Some(&class) => class & WORD != 0,
        None => c.is_alphanumeric() || is_combining_mark(c),
    }
}

pub(crate) fn is_word_char(c: char) -> bool {
    match CLASS_TABLE.get(c as usize) {
        Some(&class) => class & WORD != 0,
        None => c.is_alphanumeric() || is_combining_mark(c),
    }
}

/// `char::is_alphabetic`, from the table below U+0500.
pub(crate) fn is_alphabetic(c: char) -> bool {
    match CLASS_TABLE.get(c as usize) {
        Some(&class) => class & ALPHA != 0,
        None => c.is_alphabetic(),
    }
}

/// `char::is_alphanumeric`, from the table below U+0500.
pub(crate) fn is_alphanumeric(c: char) -> bool {
    match CLASS_TABLE.get(c as usize) {
        Some(&class) => class & ALNUM != 0,
        None => c.is_alphanumeric(),
    }
}

/// `char::is_uppercase`, from the table below U+0500.
pub(crate) fn is_uppercase(c: char) -> bool {
    match CLASS_TABLE.get(c as usize) {
        Some(&class) => class & UPPER != 0,
        None => c.is_uppercase(),
    }
}

/// `char::is_lowercase`, from the table below U+0500.
pub(crate) fn is_lowercase(c: char) -> bool {
    match CLASS_TABLE.get(c as usize) {
        Some(&class) => class & LOWER != 0,
        None => c.is_lowercase(),
    }
}

/// Whether a word is its own key: every character a word character that folds to itself,
/// so [`name_key`] would return it unchanged (conservative: false past U+04FF).
pub(crate) fn is_folded(word: &str) -> bool {
    word.chars().all(|c| {
        CLASS_TABLE
            .get(c as usize)
            .is_some_and(|&class| class & FIXED != 0)
    })
}

const WORD: u8 = 1;
const ALPHA: u8 = 2;
const UPPER: u8 = 4;
const LOWER: u8 = 8;
const FIXED: u8 = 16;
const ALNUM: u8 = 32;

/// The character classes of U+0000 to U+04FF (ASCII, Latin with diacritics, Greek and
/// Cyrillic), from the general rules: outside ASCII the standard library searches Unicode's
/// tables for each character, which took a fifth of the time on Cyrillic text.
// Called by `build.rs` and the tests only.
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) fn class_table_by_rules() -> [u8; TABLE_TO] {
    let mut t = [0u8; TABLE_TO];
    for (i, class) in t.iter_mut().enumerate() {
        let Some(c) = char::from_u32(i as u32) else {
            continue;
        };
        let bit = |yes: bool, b: u8| if yes { b } else { 0 };
        *class = bit(c.is_alphanumeric() || is_combining_mark(c), WORD)
            | bit(c.is_alphabetic(), ALPHA)
            | bit(c.is_uppercase(), UPPER)
            | bit(c.is_lowercase(), LOWER)
            | bit(c.is_alphanumeric(), ALNUM)
            | bit(
                !is_invisible(c) && (c.is_alphanumeric() || is_combining_mark(c)) && {
                    let mut folded = String::new();
                    fold_char_slow(c, &mut folded);
                    folded.chars().eq([c])
                },
                FIXED,
            );
    }
    t
}

/// Classes of a two-byte character in [`two_byte_table_by_rules`], for the tokeniser's scan
/// of a word that is not all ASCII: a word character, an invisible one, a letter, a
/// lower-case letter, a letter that is not upper-case, and a word character whose fold is
/// one character of one or two bytes.
pub(crate) const T_WORD: u8 = 1;
pub(crate) const T_INVISIBLE: u8 = 2;
pub(crate) const T_ALPHA: u8 = 4;
pub(crate) const T_LOWER: u8 = 8;
pub(crate) const T_NOT_UPPER: u8 = 16;
pub(crate) const T_SIMPLE: u8 = 32;

/// In a fold's length, a fold to more than one character or to a longer one.
pub(crate) const FOLD_SEVERAL: u8 = 3;

/// A character's fold when that is one character of one or two bytes: its length (0 when it
/// folds to nothing, [`FOLD_SEVERAL`] otherwise) and its bytes.
// Called by `build.rs` and the tests only.
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) fn short_fold(c: char) -> (u8, [u8; 2]) {
    let mut folded = String::new();
    fold_char_into(c, &mut folded);
    let mut chars = folded.chars();
    match (chars.next(), chars.next()) {
        (None, _) => (0, [0; 2]),
        (Some(f), None) if f.len_utf8() <= 2 => {
            let mut bytes = [0; 4];
            f.encode_utf8(&mut bytes);
            (f.len_utf8() as u8, [bytes[0], bytes[1]])
        }
        _ => (FOLD_SEVERAL, [0; 2]),
    }
}

/// For each two-byte character (U+0080 to U+07FF, indexed by code point; zeros below), its
/// `T_` classes, its fold's length and its fold's bytes ([`short_fold`]). The library's table
/// is made by `build.rs` with this rule.
// Called by `build.rs` and the tests only.
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) fn two_byte_table_by_rules() -> Vec<(u8, u8, [u8; 2])> {
    let mut t = vec![(0, 0, [0; 2]); 0x800];
    for (i, entry) in t.iter_mut().enumerate().skip(0x80) {
        let Some(c) = char::from_u32(i as u32) else {
            continue;
        };
        let bit = |yes: bool, b: u8| if yes { b } else { 0 };
        let class = bit(is_word_char(c), T_WORD)
            | bit(is_invisible(c), T_INVISIBLE)
            | bit(is_alphabetic(c), T_ALPHA)
            | bit(is_lowercase(c), T_LOWER)
            | bit(is_alphabetic(c) && !is_uppercase(c), T_NOT_UPPER);
        let (len, bytes) = short_fold(c);
        let simple = class & T_WORD != 0 && matches!(len, 1 | 2);
        *entry = (class | bit(simple, T_SIMPLE), len, bytes);
    }
    t
}

/// The folded lookup key of a name: its tokens' folded forms joined by single spaces.
/// "Khar’kov" and "Khar'kov" both give "khar kov"; "U.S." gives "u s".
pub fn name_key(name: &str) -> String {
    let mut key = String::with_capacity(name.len());
    name_key_into(name, &mut key);
    key
}

/// [`name_key`] into a buffer (cleared first), for look-ups that need no new `String`.
pub fn name_key_into(name: &str, key: &mut String) {
    // The same as joining the folded tokens of `tokenize(name)`, in one pass.
    key.clear();
    let mut gap = false;
    for c in name.chars() {
        if is_invisible(c) {
            continue;
        }
        if is_word_char(c) {
            if gap && !key.is_empty() {
                key.push(' ');
            }
            gap = false;
            fold_char_into(c, key);
        } else {
            gap = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The table answers as the general rule does, for every character it holds (twice: the
    /// second read comes from the table).
    #[test]
    fn fold_table_is_the_general_rule() {
        for _ in 0..2 {
            for c in (TABLE_FROM as u32..TABLE_TO as u32).filter_map(char::from_u32) {
                let (mut fast, mut slow) = (String::new(), String::new());
                fold_char_into(c, &mut fast);
                fold_char_slow(c, &mut slow);
                assert_eq!(fast, slow, "{c:?}");
            }
        }
        assert_eq!(fold("Харків Київ Ĳssel Łódź"), "харків киів ĳssel lodz");
    }

    /// The tables `build.rs` made are the rules' (and the rules are checked below).
    #[test]
    fn built_tables_are_the_rules() {
        assert_eq!(CLASS_TABLE, class_table_by_rules());
        assert_eq!(FOLD_ONE, fold_one_by_rules());
    }

    /// The class table answers as the standard library does, inside and past its range.
    #[test]
    fn class_table_is_the_general_rule() {
        for c in (0..0x800u32).filter_map(char::from_u32) {
            assert_eq!(
                is_word_char(c),
                c.is_alphanumeric() || is_combining_mark(c),
                "{c:?}"
            );
            assert_eq!(is_alphabetic(c), c.is_alphabetic(), "{c:?}");
            assert_eq!(is_uppercase(c), c.is_uppercase(), "{c:?}");
            assert_eq!(is_lowercase(c), c.is_lowercase(), "{c:?}");
            assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
            let s = c.to_string();
            if is_folded(&s) {
                assert_eq!(name_key(&s), s, "{c:?}");
            }
        }
        assert!(is_folded("харків") && is_folded("kyiv2") && is_folded(""));
        assert!(!is_folded("Харків") && !is_folded("київ") && !is_folded("kyiv city"));
    }
}
