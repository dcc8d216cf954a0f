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
    if text.is_ascii() {
        return Lang::En;
    }
    // Over the bytes: U+0400 to U+04FF are the two-byte sequences led by 0xD0 to 0xD3.
    // First the two counts alone (a loop without branches, which the compiler vectorises):
    // most texts are decided by them, and only Cyrillic ones need the second pass.
    let bytes = text.as_bytes();
    let (mut latin, mut cyrillic) = (0usize, 0usize);
    for &b in bytes {
        latin += usize::from((b | 0x20).wrapping_sub(b'a') < 26);
        cyrillic += usize::from(b.wrapping_sub(0xD0) < 4);
    }
    if cyrillic <= latin {
        return Lang::En;
    }
    let (mut uk, mut ru) = (0usize, 0usize);
    for (i, &b) in bytes.iter().enumerate() {
        match (b, bytes.get(i + 1).copied().unwrap_or(0)) {
            // і ї є, ґ, І Ї Є, Ґ
            (0xD1, 0x94 | 0x96 | 0x97) | (0xD2, 0x90 | 0x91) | (0xD0, 0x84 | 0x86 | 0x87) => {
                uk += 1
            }
            // ъ ы э ё, Ё Ъ Ы Э
            (0xD1, 0x8A | 0x8B | 0x8D | 0x91) | (0xD0, 0x81 | 0xAA | 0xAB | 0xAD) => ru += 1,
            _ => {}
        }
    }
    if uk >= ru && uk > 0 {
        Lang::Uk
    } else {
        Lang::Ru
    }
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
