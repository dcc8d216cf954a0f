//! The bundled Ukrainian additions (built by `data/build/ukraine.py`): every settlement of
//! Ukraine missing from `places.tsv`, and extra names (case forms, transliterations, former
//! names) for places already there; and the `gazetteer lookup` explanation of a match.

use std::path::Path;

use super::{read_places_tsv, row_error, Gazetteer, Place, PlaceId, BUNDLED_PLACES};
use crate::error::Error;
use crate::text::name_key;

/// Every settlement of Ukraine missing from `places.tsv` (same columns).
static PLACES_UA: &str = include_str!("../../data/places-ua.tsv");

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
    // Names from the bundled tables are the written forms; the rest came from data/names/.
    let row = [BUNDLED_PLACES, PLACES_UA].iter().find_map(|t| {
        let at = t.find(&format!("\n{}\t", place.id))?;
        t[at + 1..].lines().next()
    });
    let written: Vec<&str> = row
        .map(|r| r.split('\t').collect::<Vec<_>>())
        .map(|f| {
            let mut v = vec![f[1]];
            v.extend(f.last().unwrap_or(&"").split('|'));
            v
        })
        .unwrap_or_default();
    if written.iter().any(|w| name_key(w) == key) {
        return format!("alternate name {alt}{note}");
    }
    let shared = |w: &str| {
        w.chars()
            .zip(alt.chars())
            .take_while(|(a, b)| a.to_lowercase().eq(b.to_lowercase()))
            .count()
    };
    // A Ukrainian form comes from a Ukrainian name (Харкові from Харків, not Харков).
    let uk = |w: &str| w.contains(['і', 'ї', 'є', 'ґ', 'І', 'Ї', 'Є']);
    let base = written
        .iter()
        .filter(|w| shared(w) >= 3)
        .max_by_key(|w| (uk(w) == uk(alt), shared(w), std::cmp::Reverse(w.len())));
    match base {
        Some(b) => format!("{alt}: a case form of {b} (data/names/){note}"),
        None => format!("{alt}: an added name (data/names/){note}"),
    }
}

/// The bundled additions built by `data/build/ukraine.py`: every settlement of Ukraine
/// missing from `places.tsv` (`data/places-ua.tsv`, same columns), then extra names
/// (`data/names/*.tsv`, rows `id<TAB>name|name|…`: case forms, official transliterations,
/// former names) appended to the alternate names of the place with that id.
pub(super) fn read_bundled_extras(
    gaz: &mut Gazetteer,
    pending: &mut Vec<(PlaceId, String)>,
    problems: &mut Vec<Error>,
) {
    static NAMES: &[(&str, &str)] = &[
        ("data/names/uk.tsv", include_str!("../../data/names/uk.tsv")),
        ("data/names/ru.tsv", include_str!("../../data/names/ru.tsv")),
        (
            "data/names/latin.tsv",
            include_str!("../../data/names/latin.tsv"),
        ),
    ];
    let ua = Path::new("data/places-ua.tsv");
    read_places_tsv(PLACES_UA, Some(ua), gaz, pending, problems);
    for (path, text) in NAMES {
        for (n, line) in text.lines().enumerate() {
            let Some((id, names)) = line.split_once('\t') else {
                continue;
            };
            match gaz.by_id.get(id).copied() {
                Some(pid) => {
                    let p = &mut gaz.places[pid.0 as usize];
                    if !p.alt_names.is_empty() {
                        p.alt_names.push('|');
                    }
                    p.alt_names.push_str(names);
                }
                None => problems.push(row_error(
                    Some(Path::new(path)),
                    n + 1,
                    0,
                    format!("unknown place id {id}"),
                )),
            }
        }
    }
}
