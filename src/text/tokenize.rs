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

/// Indexed by any byte (0 past ASCII), so a byte needs no test before its look-up.
const ASCII_CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
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

// Classes of a character of [`TWO`] (see there).
use super::fold_impl::{T_ALPHA, T_INVISIBLE, T_LOWER, T_NOT_UPPER, T_SIMPLE, T_WORD};

/// A character's fold when that is one character of one or two bytes, as the bytes to push
/// onto a key (not encoded again for each character of each word); `len` is 0 when it folds
/// to nothing, [`Fold::SEVERAL`] when to more than one character or a longer one.
#[derive(Clone, Copy)]
struct Fold {
    len: u8,
    bytes: [u8; 2],
}

impl Fold {
    const SEVERAL: u8 = fold_impl::FOLD_SEVERAL;

    /// Pushes the fold onto a key (`len` 0, 1 or 2).
    #[inline(always)]
    fn push_onto(self, key: &mut String) {
        // SAFETY: a `Fold` is only made from `fold_impl::short_fold`, whose `bytes[..len]` for
        // `len` 1 or 2 is the whole UTF-8 encoding of one character, so the string stays
        // valid UTF-8.
        let v = unsafe { key.as_mut_vec() };
        if self.len > 0 {
            v.push(self.bytes[0]);
            if self.len > 1 {
                v.push(self.bytes[1]);
            }
        }
    }
}

/// For each two-byte character (U+0080 to U+07FF, indexed by code point: Latin with
/// diacritics, Greek, Cyrillic, …), its classes and its fold: one look-up per character of
/// a Cyrillic word gives all the scan needs, from the code point assembled from its two
/// bytes, where decoding it for the word's end and again for its fold cost twice as much.
/// Made by `build.rs` (`fold_impl::two_byte_table_by_rules`): made at start-up, this table
/// and the class tables it reads cost a run on a small input a tenth of its instructions.
static TWO: [(u8, Fold); 0x800] = {
    let raw = &super::fold_tables::TWO_BYTE;
    let mut t = [(
        0,
        Fold {
            len: 0,
            bytes: [0; 2],
        },
    ); 0x800];
    let mut i = 0;
    while i < 0x800 {
        let (class, len, bytes) = raw[i];
        t[i] = (class, Fold { len, bytes });
        i += 1;
    }
    t
};

/// [`tokenize`] into an empty vector, whose allocation is reused.
#[inline(never)]
pub(super) fn tokenize_into(text: &str, out: &mut Vec<Token>) {
    // News averages six to seven bytes a token: one allocation for most documents.
    out.reserve(text.len() / 5 + 1);
    let scan = Scan {
        text,
        is_word_char: fold_impl::word_char_test(),
        two: &TWO,
    };
    let bytes = text.as_bytes();
    // The fold buffer is the thread's, taken out for the scan: borrowed in place, every byte
    // pushed onto it stored its length back to thread-local memory (a byte store may alias it).
    thread_local!(static KEY: std::cell::Cell<String> = const { std::cell::Cell::new(String::new()) });
    let mut key = KEY.take();
    {
        let key = &mut key;
        let mut i = 0;
        while i < bytes.len() {
            // Between tokens: to the next word character.
            let b = bytes[i];
            if b >= 0x80 {
                let (class, len) = scan.class_at(i);
                i = if class & T_WORD == 0 {
                    i + len
                } else {
                    scan.letter_token(i, class, key, out)
                };
                continue;
            }
            if ASCII_CLASS[usize::from(b)] & WORD == 0 {
                i += 1;
                continue;
            }
            // A token: its ASCII bytes, and the rest of it by `mixed_token` if a character
            // that is not ASCII follows them.
            let start = i;
            let first = ASCII_CLASS[usize::from(b)];
            // The ASCII classes of its bytes after the first, ORed, kept apart from the first's
            // so a capitalised word's key is lowered by one byte.
            // (The byte that ends them adds no bits: it is no ASCII word character.)
            let mut classes = 0u8;
            let rest = &bytes[i + 1..];
            i += 1 + rest
                .iter()
                .position(|&b| {
                    let class = ASCII_CLASS[usize::from(b)];
                    classes |= class;
                    class & WORD == 0
                })
                .unwrap_or(rest.len());
            i = if i < bytes.len() && bytes[i] >= 0x80 {
                scan.mixed_token(start, i, first | classes, key, out)
            } else {
                push_ascii_token(out, text, start, i, first, classes);
                i
            };
        }
    }
    KEY.set(key);
}

/// What the scan of a text reads: the text and the class and fold tables.
struct Scan<'a, W> {
    text: &'a str,
    is_word_char: W,
    two: &'static [(u8, Fold); 0x800],
}

impl<W: Fn(char) -> bool> Scan<'_, W> {
    /// The classes ([`TWO`]'s bits) of the character that starts at byte `i` (not ASCII),
    /// its fold (as [`TWO`] gives it, [`Fold::SEVERAL`] past its range), and its length.
    #[inline(always)]
    fn char_info(&self, i: usize) -> (u8, Fold, usize) {
        let b = self.text.as_bytes();
        if b[i] < 0xE0 {
            // Eleven bits: always inside the table.
            let cp = usize::from(b[i] & 0x1F) << 6 | usize::from(b[i + 1] & 0x3F);
            let (class, fold) = self.two[cp];
            return (class, fold, 2);
        }
        let (c, len) = char_at(self.text, i);
        let class = if (self.is_word_char)(c) {
            T_WORD
                | if is_alphabetic(c) { T_ALPHA } else { 0 }
                | if is_lowercase(c) { T_LOWER } else { 0 }
                | if is_alphabetic(c) && !fold_impl::is_uppercase(c) {
                    T_NOT_UPPER
                } else {
                    0
                }
        } else if is_invisible(c) {
            T_INVISIBLE
        } else {
            0
        };
        let several = Fold {
            len: Fold::SEVERAL,
            bytes: [0; 2],
        };
        (class, several, len)
    }

    /// The classes and length of the character that starts at byte `i` (not ASCII).
    #[inline(always)]
    fn class_at(&self, i: usize) -> (u8, usize) {
        let (class, _, len) = self.char_info(i);
        (class, len)
    }

    /// Scans and pushes the token that starts at byte `start` and whose ASCII bytes before
    /// `i` (a character that is not ASCII, or the token's first character) have the classes
    /// `classes` ORed: folded as it is scanned, each character decoded once. Returns where
    /// the scan stopped. Not inlined: the scan of ASCII words, most of English text, keeps
    /// its registers.
    #[inline(never)]
    fn mixed_token(
        &self,
        start: usize,
        mut i: usize,
        classes: u8,
        key: &mut String,
        out: &mut Vec<Token>,
    ) -> usize {
        let bytes = self.text.as_bytes();
        key.clear();
        key.push_str(&self.text[start..i]);
        key.make_ascii_lowercase();
        let (first_letter, first_lower) = if start < i {
            let first = ASCII_CLASS[usize::from(bytes[start])];
            (first & (UPPER | LOWER) != 0, first & LOWER != 0)
        } else {
            let (class, _, _) = self.char_info(i);
            (class & T_ALPHA != 0, class & T_LOWER != 0)
        };
        let mut not_upper = classes & LOWER != 0;
        let ascii_end = i;
        let mut end = i;
        while i < bytes.len() {
            let b = bytes[i];
            if b < 0x80 {
                let class = ASCII_CLASS[usize::from(b)];
                if class & WORD == 0 {
                    break;
                }
                not_upper |= class & LOWER != 0;
                key.push(char::from(b.to_ascii_lowercase()));
                i += 1;
                end = i;
                continue;
            }
            let (j, run) = two_byte_run(bytes, i, key);
            if j > i {
                not_upper |= run & T_NOT_UPPER != 0;
                i = j;
                end = i;
                continue;
            }
            let (class, fold, len) = self.char_info(i);
            if class & T_WORD != 0 {
                not_upper |= class & T_NOT_UPPER != 0;
                if fold.len == Fold::SEVERAL {
                    fold_impl::fold_char_into(char_at(self.text, i).0, key);
                } else {
                    fold.push_onto(key);
                }
                i += len;
                end = i;
            } else if class & T_INVISIBLE != 0 {
                i += len;
            } else {
                break;
            }
        }
        if end <= ascii_end {
            // Only invisible characters after ASCII ones: an ASCII word.
            // The first byte's classes also counted in the rest's: lowered whole if upper.
            let first = ASCII_CLASS[usize::from(bytes[start])];
            push_ascii_token(out, self.text, start, end, first, classes);
        } else {
            let case = case_of(first_letter, first_lower, !not_upper);
            push_wide_token(out, start, end, key, case);
        }
        i
    }

    /// Scans and pushes the token at byte `start`, whose first character is not ASCII and has
    /// the classes `class`. Most Ukrainian and Russian words are two-byte letters with short
    /// folds (`T_SIMPLE`) only, folded by [`two_byte_run`] alone; any other word, or one
    /// that goes on past such letters, is left to [`Self::mixed_token`], from its start.
    /// Returns where the scan stopped.
    #[inline(never)]
    fn letter_token(
        &self,
        start: usize,
        class: u8,
        key: &mut String,
        out: &mut Vec<Token>,
    ) -> usize {
        if class & T_SIMPLE == 0 {
            return self.mixed_token(start, start, 0, key, out);
        }
        let bytes = self.text.as_bytes();
        key.clear();
        let (end, run) = fold_run(bytes, start, key);
        // What `mixed_token` would stop at: the text's end, or a character that neither is
        // a word character nor an invisible one.
        let ends = match bytes.get(end) {
            None => true,
            Some(&b) if b < 0x80 => ASCII_CLASS[usize::from(b)] & WORD == 0,
            Some(_) => self.class_at(end).0 & (T_WORD | T_INVISIBLE) == 0,
        };
        if !ends || end == start {
            return self.mixed_token(start, start, 0, key, out);
        }
        let all_upper = run & T_NOT_UPPER == 0;
        let case = case_of(class & T_ALPHA != 0, class & T_LOWER != 0, all_upper);
        push_wide_token(out, start, end, key, case);
        end
    }
}

/// Pushes the token from byte `start` to `end` of a word that is not all ASCII, whose folded
/// key is `key`.
#[inline(always)]
fn push_wide_token(out: &mut Vec<Token>, start: usize, end: usize, key: &str, case: Case) {
    let (wide_len, head) = Token::wide_of(key.as_bytes());
    out.push(Token {
        start,
        end,
        gate_slot: crate::lexicon::KeyGate::slot(key.as_bytes()),
        wide_len,
        head,
        key: compact_str::CompactString::from(key),
        case,
    });
}

/// [`TWO`]'s simple letters (`T_SIMPLE`) for [`two_byte_run`], indexed by a character's two
/// bytes read as a big-endian number less 0xC080 (the least two-byte sequence): the lead
/// byte's five bits, then the continuation byte's six in a row of 256, so that one compare
/// of the index tells a two-byte character from any other bytes. An entry holds, from its
/// lowest byte up, the fold's two bytes, the classes and the fold's length; 0 for anything
/// but a simple letter.
static RUN: [u32; 0x2000] = {
    let raw = &super::fold_tables::TWO_BYTE;
    let mut t = [0u32; 0x2000];
    let mut cp = 0x80;
    while cp < 0x800 {
        let (class, len, bytes) = raw[cp];
        if class & T_SIMPLE != 0 {
            t[(cp >> 6) << 8 | (cp & 0x3F)] = bytes[0] as u32
                | (bytes[1] as u32) << 8
                | (class as u32) << 16
                | (len as u32) << 24;
        }
        cp += 1;
    }
    t
};

/// Folds the run of two-byte word characters at byte `i` whose folds are one character of
/// one or two bytes (a Cyrillic or accented word's letters) onto `key`; returns where the run
/// ends and its characters' classes ORed. A loop of its own, with the key's length in a
/// register: inside the general scan, each letter cost about three times as much.
#[inline(never)]
fn two_byte_run(bytes: &[u8], i: usize, key: &mut String) -> (usize, u8) {
    fold_run(bytes, i, key)
}

/// [`two_byte_run`], inlined into [`Scan::letter_token`], which calls it for every Ukrainian
/// or Russian word and keeps few registers: its call cost about a sixth of a word's letters.
#[inline(always)]
fn fold_run(bytes: &[u8], mut i: usize, key: &mut String) -> (usize, u8) {
    // SAFETY: only the bytes of a `RUN` entry's fold of length 1 or 2 are kept, which
    // `fold_impl::short_fold` made from one character's whole UTF-8 encoding, so the key
    // stays valid UTF-8.
    let v = unsafe { key.as_mut_vec() };
    let mut classes = 0u32;
    loop {
        // Up to 32 letters a round, each reading two bytes of the text and writing two into
        // the key's spare room: the room is an array, indexed without bounds checks.
        v.reserve(65);
        let len = v.len();
        let room: &mut [_; 65] = v
            .spare_capacity_mut()
            .first_chunk_mut()
            .expect("65 bytes reserved");
        let text = &bytes[i..];
        let pairs = text[..text.len().min(64)].chunks_exact(2);
        let mut n = 0;
        let mut stopped = false;
        for pair in pairs {
            let at = u32::from(u16::from_be_bytes([pair[0], pair[1]])).wrapping_sub(0xC080);
            let entry = RUN.get(at as usize).copied().unwrap_or(0);
            if entry == 0 {
                stopped = true;
                break;
            }
            classes |= entry;
            // Both bytes of a fold are written (the second is past the key when the fold has
            // one): no branch on its length, one store. `n` is at most 62 here (two a letter),
            // so the mask changes no index.
            let at = n % 64;
            room[at].write(entry as u8);
            room[at + 1].write((entry >> 8) as u8);
            n += (entry >> 24) as usize;
            i += 2;
        }
        // SAFETY: every byte below `n` of the spare capacity was written (a character writes
        // two and moves `n` by at most two).
        unsafe { v.set_len(len + n) };
        if stopped || bytes.len() - i < 2 {
            return (i, (classes >> 16) as u8);
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

/// Pushes the token of an ASCII word whose first byte's class is `first` and whose other
/// bytes' classes ORed are `rest`.
#[inline(always)]
fn push_ascii_token(
    out: &mut Vec<Token>,
    text: &str,
    start: usize,
    end: usize,
    first: u8,
    rest: u8,
) {
    let word = &text[start..end];
    let case = case_of(
        first & (UPPER | LOWER) != 0,
        first & LOWER != 0,
        (first | rest) & LOWER == 0,
    );
    // The key is copied into the vector, then lower-cased there: lower-cased on the stack
    // first, the move's wide loads of the bytes just written stalled on those stores.
    out.push(Token {
        start,
        end,
        gate_slot: crate::lexicon::KeyGate::slot_ascii_lowercase(word.as_bytes()),
        wide_len: 0,
        head: 0,
        key: compact_str::CompactString::from(word),
        case,
    });
    if (first | rest) & UPPER != 0 {
        let key = &mut out.last_mut().expect("just pushed").key;
        if rest & UPPER != 0 {
            key.make_ascii_lowercase();
        } else if let Some(head) = key.as_mut_str().get_mut(..1) {
            // Capitalised (most upper-case words): only the first byte is upper-case.
            head.make_ascii_lowercase();
        }
    }
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
        wide_len: Token::wide_of(key.as_bytes()).0,
        head: Token::wide_of(key.as_bytes()).1,
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
                    wide_len: 0,
                    head: 0,
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

    /// The table `build.rs` made is the rule's.
    #[test]
    fn two_byte_table_is_the_rule() {
        let rule = fold_impl::two_byte_table_by_rules();
        for (i, (&(class, fold), &(c, len, bytes))) in TWO.iter().zip(&rule).enumerate() {
            assert_eq!((class, fold.len, fold.bytes), (c, len, bytes), "{i:x}");
        }
    }

    /// `RUN` holds `TWO`'s simple letters where their two bytes put them, and nothing else.
    #[test]
    fn run_table_is_two_s_simple_letters() {
        let mut simple = 0;
        for (cp, &(class, fold)) in TWO.iter().enumerate() {
            let Some(c) = char::from_u32(cp as u32).filter(|c| c.len_utf8() == 2) else {
                continue;
            };
            let mut utf8 = [0; 2];
            c.encode_utf8(&mut utf8);
            let at = u16::from_be_bytes(utf8) - 0xC080;
            let entry = RUN[usize::from(at)].to_le_bytes();
            if class & T_SIMPLE == 0 {
                assert_eq!(entry, [0; 4], "{c:?}");
            } else {
                simple += 1;
                assert_eq!(
                    entry,
                    [fold.bytes[0], fold.bytes[1], class, fold.len],
                    "{c:?}"
                );
            }
        }
        assert_eq!(RUN.iter().filter(|&&e| e != 0).count(), simple);
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
            // Two-byte letters alone, then what ends a word or goes on with it.
            "«Київ» Київ\u{ad}ський Київ2 Київx КиївX Київ—Харків Київé Київ\u{200b}Львів Ї я",
            "emoji 🇺🇦 flag 👍🏽 ok 😀x😀 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ＡＢＣ ｷｮｳﾄ 東京 ٣٤ १२",
            "dash—em–en…ellipsis “quoted” ‘single’ non\u{a0}breaking\u{202f}narrow",
            "ABC123 123abc A1 a1 1A MIXEDcase mixedCASE ΑΘΗΝΑ Αθήνα ß ẞ İstanbul",
            "averyveryverylongwordthatgoespasttwentyfourbytes AVERYVERYVERYLONGWORDTHATGOESPAST",
            "ǅemal ǈubljana ǋegoš Ⅻ ⅻ ½ ² ³ x² ₂",
            "McCain NATO's Kyiv x X xY Xy XY A a Aé Éa AÉ aB1 1B B1b",
            "trailing\u{ad}",
            "\u{ad}",
            "\u{2060}word\u{2060}joined\u{2060}",
            "ДужеДовгеСловоЩоПеревищуєТридцятьДваБайтиАбоНавітьБільшеЗаДваРази ёЁёЁёЁёЁёЁёЁёЁёЁёЁёЁё",
            "ÀÉÎÕÜàéîõüßÆæØøŁłĐđıЁё̈ДовгеСловоÀÉÎÕÜàéîõüßÆæØøŁłĐđıЁё̈ДовгеСловоÀÉÎÕÜàéîõü",
        ] {
            assert_eq!(tokenize(text), tokenize_by_chars(text), "{text:?}");
        }
    }

    /// Every character of the two-byte table's range and past it, alone and next to ASCII
    /// letters of either case and to Cyrillic ones.
    #[test]
    fn byte_scan_agrees_on_every_two_byte_character() {
        for c in (0x80..0x900u32).filter_map(char::from_u32) {
            let text = format!("{c} A{c} {c}a b{c}B {c}{c}Я я{c} {c}\u{ad}x \u{ad}{c} Ab{c}\u{ad}");
            assert_eq!(tokenize(&text), tokenize_by_chars(&text), "{c:?}");
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
