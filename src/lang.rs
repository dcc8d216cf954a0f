//! The language of a document, from its letters: Latin text is English (the only Latin
//! lexicon), Cyrillic text is Ukrainian when it uses letters only Ukrainian has (і, ї, є, ґ)
//! more often than letters only Russian has (ы, э, ъ, ё), Russian otherwise. A JSONL record's
//! `lang` field overrides the guess ([`crate::text::Document::lang`]).
//!
//! One pass over the bytes, no allocation; ASCII text returns at once.
//!
//! ```
//! use eventmap::lang::detect;
//! use eventmap::lexicon::Lang;
//! assert_eq!(detect("Russia struck Kharkiv."), Lang::En);
//! assert_eq!(detect("Вночі росіяни вдарили по Харкову."), Lang::Uk);
//! assert_eq!(detect("Ночью российские войска ударили по Харькову."), Lang::Ru);
//! ```

use crate::lexicon::Lang;
use crate::text::Document;

/// The language of a text (see the module docs).
pub fn detect(text: &str) -> Lang {
    if is_english(text) {
        return Lang::En;
    }
    let (uk, ru) = uk_ru_letters(text.as_bytes());
    if uk >= ru && uk > 0 {
        Lang::Uk
    } else {
        Lang::Ru
    }
}

/// Whether [`detect`] says English: the first of its two passes alone. The rules that only
/// ask "English or not?" of each sentence call this, so a Cyrillic sentence is not also
/// scanned for the letters that tell Ukrainian from Russian.
pub fn is_english(text: &str) -> bool {
    if text.is_ascii() {
        return true;
    }
    // Over the bytes: U+0400 to U+04FF are the two-byte sequences led by 0xD0 to 0xD3.
    // By chunks, stopping once the bytes left cannot change the answer (each adds one to
    // at most one count): English news is told after about half its text.
    let (mut latin, mut cyrillic) = (0usize, 0usize);
    let mut left = text.len();
    for chunk in text.as_bytes().chunks(256) {
        let (l, c) = letter_counts(chunk);
        latin += l;
        cyrillic += c;
        left -= chunk.len();
        if cyrillic + left <= latin {
            return true;
        }
        if latin + left < cyrillic {
            return false;
        }
    }
    cyrillic <= latin
}

/// The Latin and the Cyrillic lead bytes of `chunk`: a loop without branches, counted in
/// bytes by halves of at most 128 (a byte count cannot overflow), so the compiler adds
/// sixteen bytes at a time; counted in `usize` it added two (a ninth of the instructions).
#[inline(always)]
fn letter_counts(chunk: &[u8]) -> (usize, usize) {
    let (mut latin, mut cyrillic) = (0usize, 0usize);
    for half in chunk.chunks(128) {
        let (mut l, mut c) = (0u8, 0u8);
        for &b in half {
            l += u8::from((b | 0x20).wrapping_sub(b'a') < 26);
            c += u8::from(b.wrapping_sub(0xD0) < 4);
        }
        latin += usize::from(l);
        cyrillic += usize::from(c);
    }
    (latin, cyrillic)
}

/// Whether the span `span` (bytes) of a document is English: the document's `lang` field
/// where the input gave one, else [`is_english`] of the span (a sentence).
pub fn is_english_span(doc: &Document, span: (usize, usize)) -> bool {
    match doc.lang {
        Some(lang) => lang == Lang::En,
        None => is_english(&doc.text[span.0..span.1]),
    }
}

/// The letters only Ukrainian has (і ї є ґ and capitals) and only Russian has (ъ ы э ё and
/// capitals) in `bytes`: each byte and the next, as one two-byte UTF-8 sequence compared
/// with the letters', without branches (a Cyrillic text's lead bytes come in no predictable
/// order). Counted in bytes by runs of at most 128 pairs, so the compiler compares many
/// pairs at a time (a look-up table per pair took three times the instructions; comparing
/// the pair as a `u16` with each of the sixteen letters made `detect` half as costly again on
/// Cyrillic news as these byte compares do).
fn uk_ru_letters(bytes: &[u8]) -> (usize, usize) {
    let (mut uk, mut ru) = (0usize, 0usize);
    let Some(last) = bytes.len().checked_sub(1) else {
        return (0, 0);
    };
    let (leads, nexts) = (&bytes[..last], &bytes[1..]);
    for (leads, nexts) in leads.chunks(128).zip(nexts.chunks(128)) {
        let (mut u, mut r) = (0u8, 0u8);
        for (&a, &b) in leads.iter().zip(nexts) {
            // By lead byte, then the continuation bytes, paired by `| 1` where two differ
            // only in the lowest bit: fewer compares than one per letter of the two-byte
            // pair. Non-short-circuit `&` and `|` keep the loop branch-free.
            let (d0, d1, d2) = (a == 0xD0, a == 0xD1, a == 0xD2);
            let b1 = b | 1;
            // і ї є (D1 96 97 94), Ґ ґ (D2 90 91), І Ї Є (D0 86 87 84).
            u += u8::from(
                (d1 & ((b1 == 0x97) | (b == 0x94)))
                    | (d2 & (b1 == 0x91))
                    | (d0 & ((b1 == 0x87) | (b == 0x84))),
            );
            // ъ ы э ё (D1 8A 8B 8D 91), Ё Ъ Ы Э (D0 81 AA AB AD).
            r += u8::from(
                (d1 & ((b1 == 0x8B) | (b == 0x8D) | (b == 0x91)))
                    | (d0 & ((b == 0x81) | (b1 == 0xAB) | (b == 0xAD))),
            );
        }
        uk += usize::from(u);
        ru += usize::from(r);
    }
    (uk, ru)
}

/// The language of a document: its `lang` field where the input gave one, else detected.
pub fn of_document(doc: &Document) -> Lang {
    doc.lang.unwrap_or_else(|| detect(&doc.text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detection_table() {
        let cases = [
            ("Kharkiv was hit on Jan. 2; two killed.", Lang::En),
            (
                "У Харкові внаслідок ракетного удару загинули двоє людей.",
                Lang::Uk,
            ),
            (
                "Внаслідок обстрілу Херсона поранено п'ятьох людей.",
                Lang::Uk,
            ),
            ("В Белгороде в результате обстрела погибли двое.", Lang::Ru),
            ("Вчера вечером в Донецке прогремели взрывы.", Lang::Ru),
            (
                "Kyiv Independent: удар по Одесі, загинули двоє людей",
                Lang::Uk,
            ),
            (
                "Zelensky said “Слава Україні” in Kyiv on Tuesday after meeting leaders.",
                Lang::En,
            ),
        ];
        for (text, want) in cases {
            assert_eq!(detect(text), want, "{text}");
            assert_eq!(is_english(text), want == Lang::En, "{text}");
        }
    }

    /// The byte scan counts as a scan of the characters would.
    #[test]
    fn letters_counted_by_bytes_as_by_characters() {
        for c in ('\u{400}'..='\u{4ff}').chain(['a', 'Z', 'é', 'ß', '€']) {
            let uk = matches!(c, 'і' | 'ї' | 'є' | 'ґ' | 'І' | 'Ї' | 'Є' | 'Ґ');
            let ru = matches!(c, 'ы' | 'э' | 'ъ' | 'ё' | 'Ы' | 'Э' | 'Ъ' | 'Ё');
            let cyrillic = ('\u{400}'..='\u{4ff}').contains(&c);
            let text = format!("{c}{c} x");
            let want = match (cyrillic, uk, ru) {
                (false, ..) => Lang::En,
                (true, true, _) => Lang::Uk,
                _ => Lang::Ru,
            };
            assert_eq!(detect(&text), want, "{c:?}");
        }
    }

    /// The counts of the bytes of a text, one by one in `usize` (the loop [`letter_counts`]
    /// replaced).
    fn counts_one_by_one(bytes: &[u8]) -> (usize, usize) {
        let latin = bytes
            .iter()
            .filter(|&&b| (b | 0x20).wrapping_sub(b'a') < 26);
        let cyrillic = bytes.iter().filter(|&&b| b.wrapping_sub(0xD0) < 4);
        (latin.count(), cyrillic.count())
    }

    /// Letters only Ukrainian has (1: і ї є ґ and capitals) or only Russian has (2: ъ ы э ё
    /// and capitals), by two-byte UTF-8 sequence: row = lead byte − 0xD0 (0 to 2; 3 is
    /// none), column = the continuation byte's low six bits.
    const LETTERS: [u8; 256] = {
        let mut t = [0u8; 256];
        let uk: [(usize, u8); 8] = [
            (1, 0x94),
            (1, 0x96),
            (1, 0x97),
            (2, 0x90),
            (2, 0x91),
            (0, 0x84),
            (0, 0x86),
            (0, 0x87),
        ];
        let ru: [(usize, u8); 8] = [
            (1, 0x8A),
            (1, 0x8B),
            (1, 0x8D),
            (1, 0x91),
            (0, 0x81),
            (0, 0xAA),
            (0, 0xAB),
            (0, 0xAD),
        ];
        let mut i = 0;
        while i < 8 {
            t[uk[i].0 * 64 + (uk[i].1 & 0x3F) as usize] = 1;
            t[ru[i].0 * 64 + (ru[i].1 & 0x3F) as usize] = 2;
            i += 1;
        }
        t
    };

    /// The letters by a table per pair (the loop [`uk_ru_letters`] replaced).
    fn uk_ru_by_table(bytes: &[u8]) -> (usize, usize) {
        let (mut uk, mut ru) = (0usize, 0usize);
        for w in bytes.windows(2) {
            let row = usize::from(w[0].wrapping_sub(0xD0).min(3));
            let t = LETTERS[row * 64 + usize::from(w[1] & 0x3F)];
            uk += usize::from(t & 1);
            ru += usize::from(t >> 1);
        }
        (uk, ru)
    }

    #[test]
    fn letters_of_long_texts() {
        for text in [
            "і".repeat(200),
            "ё".repeat(300),
            "Ґы".repeat(130),
            "aЭ".repeat(129),
        ] {
            let b = text.as_bytes();
            assert_eq!(uk_ru_letters(b), uk_ru_by_table(b), "{text}");
        }
    }

    #[test]
    fn byte_counts_of_full_chunks() {
        for text in [
            "a".repeat(256),
            "я".repeat(128),
            "ab".repeat(128),
            "é".repeat(100),
        ] {
            let b = text.as_bytes();
            assert_eq!(letter_counts(b), counts_one_by_one(b), "{text}");
        }
    }

    proptest::proptest! {
        #[test]
        fn byte_counts_agree_one_by_one(s in "[a-zA-Z0-9à-ÿЀ-ӿ .,]{0,300}") {
            for chunk in s.as_bytes().chunks(256) {
                proptest::prop_assert_eq!(letter_counts(chunk), counts_one_by_one(chunk));
            }
        }

        #[test]
        fn letters_agree_with_the_table(s in "[a-zA-Z0-9Ѐ-ӿ .,]{0,300}") {
            let b = s.as_bytes();
            proptest::prop_assert_eq!(uk_ru_letters(b), uk_ru_by_table(b));
        }
    }

    #[test]
    fn field_overrides_detection() {
        let mut doc = Document::new("d", "Вчера в Белгороде прогремели взрывы.");
        assert_eq!(of_document(&doc), Lang::Ru);
        assert!(!is_english_span(&doc, (0, doc.text.len())));
        doc.lang = Some(Lang::Uk);
        assert_eq!(of_document(&doc), Lang::Uk);
        doc.lang = Some(Lang::En);
        assert!(is_english_span(&doc, (0, doc.text.len())));
    }
}
