//! The language of a document, from its letters: Latin text is English (the only Latin
//! lexicon), Cyrillic text is Ukrainian when it uses letters only Ukrainian has (і, ї, є, ґ)
//! more often than letters only Russian has (ы, э, ъ, ё), Russian otherwise. A JSONL record's
//! `lang` field overrides the guess ([`crate::text::Document::lang`]).
//!
//! One pass over the characters, no allocation; ASCII text returns at once.
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
    let (mut latin, mut cyrillic, mut uk, mut ru) = (0usize, 0usize, 0usize, 0usize);
    for c in text.chars() {
        match c {
            'a'..='z' | 'A'..='Z' => latin += 1,
            'і' | 'ї' | 'є' | 'ґ' | 'І' | 'Ї' | 'Є' | 'Ґ' => {
                cyrillic += 1;
                uk += 1;
            }
            'ы' | 'э' | 'ъ' | 'ё' | 'Ы' | 'Э' | 'Ъ' | 'Ё' => {
                cyrillic += 1;
                ru += 1;
            }
            '\u{400}'..='\u{4ff}' => cyrillic += 1,
            _ => {}
        }
    }
    if cyrillic <= latin {
        Lang::En
    } else if uk >= ru && uk > 0 {
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

    #[test]
    fn field_overrides_detection() {
        let mut doc = Document::new("d", "Вчера в Белгороде прогремели взрывы.");
        assert_eq!(of_document(&doc), Lang::Ru);
        doc.lang = Some(Lang::Uk);
        assert_eq!(of_document(&doc), Lang::Uk);
    }
}
