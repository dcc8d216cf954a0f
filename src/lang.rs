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
    // Over byte pairs, without branches (vectorised like the first pass).
    let (mut uk, mut ru) = (0usize, 0usize);
    for w in text.as_bytes().windows(2) {
        let (lead, b) = (w[0], w[1]);
        let (d0, d1, d2) = (lead == 0xD0, lead == 0xD1, lead == 0xD2);
        // і ї є, ґ, І Ї Є, Ґ
        let is_uk = (d1 & (b == 0x94 || b == 0x96 || b == 0x97))
            | (d2 & (b == 0x90 || b == 0x91))
            | (d0 & (b == 0x84 || b == 0x86 || b == 0x87));
        // ъ ы э ё, Ё Ъ Ы Э
        let is_ru = (d1 & (b == 0x8A || b == 0x8B || b == 0x8D || b == 0x91))
            | (d0 & (b == 0x81 || b == 0xAA || b == 0xAB || b == 0xAD));
        uk += usize::from(is_uk);
        ru += usize::from(is_ru);
    }
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
    // The two counts alone, a loop without branches, which the compiler vectorises.
    let (mut latin, mut cyrillic) = (0usize, 0usize);
    for &b in text.as_bytes() {
        latin += usize::from((b | 0x20).wrapping_sub(b'a') < 26);
        cyrillic += usize::from(b.wrapping_sub(0xD0) < 4);
    }
    cyrillic <= latin
}

/// The language of a document: its `lang` field where the input gave one, else detected.
pub fn of_document(doc: &Document) -> Lang {
    doc.lang.unwrap_or_else(|| detect(&doc.text))
}

/// Whether [`of_document`] says English, without telling Ukrainian from Russian.
pub fn is_english_document(doc: &Document) -> bool {
    doc.lang
        .map_or_else(|| is_english(&doc.text), |lang| lang == Lang::En)
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

    #[test]
    fn field_overrides_detection() {
        let mut doc = Document::new("d", "Вчера в Белгороде прогремели взрывы.");
        assert_eq!(of_document(&doc), Lang::Ru);
        doc.lang = Some(Lang::Uk);
        assert_eq!(of_document(&doc), Lang::Uk);
    }
}
