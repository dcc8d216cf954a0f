//! How a name finds a place, for `gazetteer lookup`. The bundled Ukrainian additions
//! themselves (`data/places-ua.tsv`, `data/names/*.tsv`, built by `data/build/ukraine.py`) are
//! compiled into the index by `build.rs`.

use super::Place;
use crate::text::name_key;

/// Why a name finds a place, for `gazetteer lookup`: which of its names matched and what
/// sort of name that is ("alternate name Харкові, a case form of Харків").
pub fn explain_match(place: &Place, query: &str) -> String {
    let key = name_key(query);
    let note = if place.is_approximate() {
        "; coordinates approximate (hromada seat)"
    } else {
        ""
    };
    if name_key(&place.name) == key {
        return format!("name {}{note}", place.name);
    }
    let Some(alt) = place.alternate_names().find(|a| name_key(a) == key) else {
        return format!("no name folds to {key:?}{note}");
    };
    // The base of a case form: the shortest other name of the place in the same alphabet
    // sharing its first letters (Харкові → Харків, not Харков).
    let shared = |w: &str| {
        w.chars()
            .zip(alt.chars())
            .take_while(|(a, b)| a.to_lowercase().eq(b.to_lowercase()))
            .count()
    };
    let uk = |w: &str| w.contains(['і', 'ї', 'є', 'ґ', 'І', 'Ї', 'Є']);
    let base = std::iter::once(place.name.as_str())
        .chain(place.alternate_names())
        .filter(|w| name_key(w) != key && shared(w) >= 3 && w.len() <= alt.len())
        .filter(|w| w.split(' ').count() == alt.split(' ').count())
        // An abbreviation ("Харківська обл.") is not the base form: each word is at most three
        // letters shorter than the form's.
        .filter(|w| {
            w.split(' ')
                .zip(alt.split(' '))
                .all(|(b, f)| b.chars().count() + 3 >= f.chars().count())
        })
        .filter(|_| {
            alt.chars()
                .any(|c| matches!(c, 'а'..='я' | 'А'..='Я' | 'і' | 'ї' | 'є'))
        })
        .min_by_key(|w| {
            (
                uk(w) != uk(alt),
                w.chars().count(),
                std::cmp::Reverse(shared(w)),
            )
        });
    match base {
        Some(b) => {
            format!("alternate name {alt}, a case form of {b}{note}")
        }
        None => format!("alternate name {alt}{note}"),
    }
}
