//! Containment written in the text: "Selydove, Donetsk", "Izium in the Kharkiv region",
//! "the Texas city of Austin", "Avdiivka (Donetsk Oblast)", "Покровськ Донецької області".
//!
//! Two neighbouring mentions form a link when the words between them are one of the patterns
//! below and some candidate of the outer mention contains some candidate of the inner one in
//! the gazetteer. The outer mention is then the container used to resolve the inner one, and
//! is not a place of its own (the events stage reads [`super::Resolution::container_of`]).
//!
//! | pattern | between the names | order |
//! |---|---|---|
//! | "X, Y" / "X, Y Oblast" | `,` | inner, outer |
//! | "X in Y" / "X in the Y region" / "X, in the Y region" / "X у Y" / "X в Y" | `in`, `in the`, `, in`, `, in the`, `у`, `в`, `во`, `на` | inner, outer |
//! | "X of the Y region" | `of the`, `of` (Y with a region or district cue) | inner, outer |
//! | "X (Y Oblast)" | `(` | inner, outer |
//! | "X Y області" / "X Y области" | a space (Y with a region or district cue) | inner, outer |
//! | "the Y city of X" | `city of`, `town of`, `village of` | outer, inner |

use crate::gazetteer::{Gazetteer, PlaceId};
use crate::recognize::{Cue, Mention};

/// A containment the text states: mention `inner` lies in mention `outer`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Link {
    /// Index of the contained mention (X).
    pub inner: usize,
    /// Index of the container (Y).
    pub outer: usize,
}

/// Words between an inner mention and its container, in this order ("X in Y").
const INNER_FIRST: &[&str] = &[
    ",", ", in", ", in the", "in", "in the", "у", "в", "во", "на", "(", ", у", ", в",
];
/// The same, but only when the container carries a region or district cue ("X of the Y region").
const INNER_FIRST_WITH_CUE: &[&str] = &["of the", "of", ""];
/// Words between a container and the mention it contains ("the Texas city of Austin").
const OUTER_FIRST: &[&str] = &["city of", "town of", "village of"];

/// The containment links of a document's mentions (sorted by inner mention).
pub fn links(gaz: &Gazetteer, text: &str, mentions: &[Mention]) -> Vec<Link> {
    let mut out = Vec::new();
    for (i, pair) in mentions.windows(2).enumerate() {
        let (a, b) = (&pair[0], &pair[1]);
        if a.sentence != b.sentence || a.end > b.start || a.key == b.key {
            continue;
        }
        let Some(between) = text.get(a.end..b.start) else {
            continue;
        };
        if between.len() > 16 || !may_be_pattern(between) {
            continue;
        }
        let words = between_words(between);
        let region_cue = matches!(b.cue, Some(Cue::Region | Cue::District));
        let link = if INNER_FIRST.contains(&words.as_str())
            || (region_cue && INNER_FIRST_WITH_CUE.contains(&words.as_str()))
        {
            Some(Link {
                inner: i,
                outer: i + 1,
            })
        } else if OUTER_FIRST.contains(&words.as_str()) {
            Some(Link {
                inner: i + 1,
                outer: i,
            })
        } else {
            None
        };
        if let Some(l) = link {
            if any_contains(
                gaz,
                &mentions[l.outer].candidates,
                &mentions[l.inner].candidates,
            ) {
                out.push(l);
            }
        }
    }
    out.sort_by_key(|l| l.inner);
    out
}

/// Whether every character of `between` is white space or folds to characters the
/// patterns have: the words between two names are most often no pattern ("and", "-"), and
/// one character none has tells so without folding them (folding keeps every character
/// that is not white space, lower-cased).
fn may_be_pattern(between: &str) -> bool {
    between
        .chars()
        .all(|c| c.is_whitespace() || folds_into_patterns(c))
}

/// Whether every character `c` lower-cases to is one the patterns have: an ASCII one and a
/// Cyrillic one (which lower-cases to a Cyrillic one, "у" only from "У") told without the
/// case tables.
fn folds_into_patterns(c: char) -> bool {
    if c.is_ascii() {
        return in_patterns(c.to_ascii_lowercase());
    }
    if ('\u{400}'..='\u{4ff}').contains(&c) {
        return matches!(c, 'у' | 'в' | 'о' | 'н' | 'а' | 'У' | 'В' | 'О' | 'Н' | 'А');
    }
    c.to_lowercase().all(in_patterns)
}

/// Whether a character is one of those the patterns are written with.
fn in_patterns(c: char) -> bool {
    matches!(
        c,
        ' ' | ','
            | '('
            | 'a'
            | 'c'
            | 'e'
            | 'f'
            | 'g'
            | 'h'
            | 'i'
            | 'l'
            | 'n'
            | 'o'
            | 't'
            | 'v'
            | 'w'
            | 'y'
            | 'у'
            | 'в'
            | 'о'
            | 'н'
            | 'а'
    )
}

/// The folded words between two mentions: "`, `" → ",", "` in the `" → "in the", "` (`" → "(".
fn between_words(between: &str) -> String {
    let mut out = String::with_capacity(between.len() + 2);
    for part in between.split_whitespace() {
        for (k, piece) in part.split_inclusive([',', '(']).enumerate() {
            if !out.is_empty() || k > 0 {
                out.push(' ');
            }
            // ASCII lower-cased in place; anything else as `str::to_lowercase` folds it.
            if piece.is_ascii() {
                let from = out.len();
                out.push_str(piece);
                out[from..].make_ascii_lowercase();
            } else {
                out.push_str(&piece.to_lowercase());
            }
        }
    }
    // "X, in Y" and "X ,Y" read as their plain forms (each pattern replaced only where it
    // occurs: the words between two names are a few bytes, and most hold none).
    for (from, to) in [(" ,", ","), (" (", "("), ("  ", " ")] {
        // Two ASCII bytes each: a window test, not a substring searcher.
        if out.as_bytes().windows(2).any(|w| w == from.as_bytes()) {
            out = out.replace(from, to);
        }
    }
    match out.trim() {
        t if t.len() == out.len() => out,
        t => t.to_string(),
    }
}

/// Whether some outer candidate contains some inner candidate.
pub fn any_contains(gaz: &Gazetteer, outer: &[PlaceId], inner: &[PlaceId]) -> bool {
    outer
        .iter()
        .any(|&o| inner.iter().any(|&i| gaz.contains(o, i)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::recognize::Recognizer;
    use crate::text::Document;

    /// One row per pattern of the table above, in English, Ukrainian and Russian: the link the
    /// text states, as (inner, outer) mention texts.
    #[test]
    fn every_pattern_links_inner_and_outer() {
        let gaz = crate::testing::gazetteer();
        for (text, inner, outer) in [
            (
                "Russian forces shelled Selydove, Donetsk.",
                "Selydove",
                "Donetsk",
            ),
            (
                "Drones hit Kupiansk, Kharkiv Oblast.",
                "Kupiansk",
                "Kharkiv Oblast",
            ),
            (
                "Lyman, in the Donetsk region, was cleared.",
                "Lyman",
                "Donetsk region",
            ),
            (
                "Shelling hit Izium in the Kharkiv region.",
                "Izium",
                "Kharkiv region",
            ),
            (
                "Troops shelled Kupiansk in Kharkiv Oblast.",
                "Kupiansk",
                "Kharkiv Oblast",
            ),
            (
                "Kupiansk of the Kharkiv region was shelled.",
                "Kupiansk",
                "Kharkiv region",
            ),
            (
                "Avdiivka (Donetsk Oblast) was shelled.",
                "Avdiivka",
                "Donetsk Oblast",
            ),
            ("The storm hit the Idaho town of Moscow.", "Moscow", "Idaho"),
            (
                "Ворог обстріляв Куп'янськ Харківської області.",
                "Куп'янськ",
                "Харківської області",
            ),
            (
                "Ракета влучила в Ізюм у Харківській області.",
                "Ізюм",
                "Харківській області",
            ),
            (
                "Удар по Селидове, Донецька область.",
                "Селидове",
                "Донецька область",
            ),
            (
                "Обстрел Шебекино Белгородской области.",
                "Шебекино",
                "Белгородской области",
            ),
            (
                "Беспилотник упал в Энгельсе в Саратовской области.",
                "Энгельсе",
                "Саратовской области",
            ),
        ] {
            let doc = Document::new("t", text);
            let ms = Recognizer::new(gaz).recognize(&doc);
            let got: Vec<(&str, &str)> = links(gaz, text, &ms)
                .iter()
                .map(|l| (ms[l.inner].text.as_str(), ms[l.outer].text.as_str()))
                .collect();
            assert_eq!(got, [(inner, outer)], "{text}: {ms:?}");
        }
    }

    #[test]
    fn lists_and_neighbours_are_not_links() {
        let gaz = crate::testing::gazetteer();
        for text in [
            "Strikes hit Kharkiv, Kyiv and Odesa.",
            "Talks in Paris near Lyon failed.",
            "Удари по Харкову, Києву та Одесі.",
            "Kharkiv, in the east, was shelled.",
        ] {
            let doc = Document::new("t", text);
            let ms = Recognizer::new(gaz).recognize(&doc);
            assert!(links(gaz, text, &ms).is_empty(), "{text}: {ms:?}");
        }
    }

    /// Every pattern is written with characters [`in_patterns`] knows; a gap with another
    /// folds to no pattern (awkward gaps: capitals, Cyrillic, other scripts, sigma, a dotted
    /// capital I, white space of all kinds).
    #[test]
    fn gaps_turned_away_are_no_pattern() {
        let patterns: Vec<&str> = [INNER_FIRST, INNER_FIRST_WITH_CUE, OUTER_FIRST].concat();
        for p in &patterns {
            assert!(p.chars().all(in_patterns), "{p:?}");
            assert!(may_be_pattern(p), "{p:?}");
        }
        let pieces = [
            ",", " ", "in", "IN", "the", "The", "of", "OF", "city", "Town", "VILLAGE", "у", "В",
            "во", "НА", "(", "and", "и", "та", "-", "—", "\u{a0}", "\t", "\n", "Σ", "İ", "ς", "d",
            ".", "'s", "Ο", "А", "ΝΑ", "\u{212a}", "ö",
        ];
        let mut x = 0x2545_F491_4F6C_DD1Du64;
        for _ in 0..20_000 {
            let mut gap = String::new();
            for _ in 0..(x % 6) {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                gap.push_str(pieces[(x >> 20) as usize % pieces.len()]);
            }
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            if !may_be_pattern(&gap) {
                let words = between_words(&gap);
                assert!(!patterns.contains(&words.as_str()), "{gap:?} {words:?}");
            }
        }
    }

    /// The quick answers for ASCII and Cyrillic are the case tables' answers.
    #[test]
    fn folds_into_patterns_as_the_case_tables() {
        for c in ('\0'..='\u{52f}').chain(['İ', '\u{212a}', 'ẞ', 'Σ']) {
            assert_eq!(
                folds_into_patterns(c),
                c.to_lowercase().all(in_patterns),
                "{c:?}"
            );
        }
    }

    #[test]
    fn between_words_fold() {
        assert_eq!(between_words(", "), ",");
        assert_eq!(between_words(" in the "), "in the");
        assert_eq!(between_words(" ("), "(");
        assert_eq!(between_words(" "), "");
        assert_eq!(between_words(" city of "), "city of");
        assert_eq!(between_words(" У "), "у");
        assert_eq!(between_words(", in the "), ", in the");
    }
}
