//! Russia's regions by the English names news uses ("Kursk Oblast", "the Belgorod region",
//! "Krasnodar Krai"), which GeoNames gives many of only in transliteration ("Kurskaya
//! oblast'"): the region, while the city's name alone stays the city.

mod common;

use eventmap::Document;

use common::pipeline;

/// (mention as written, gazetteer kind) of every resolved mention.
fn kinds(text: &str) -> Vec<(String, String, String)> {
    let p = pipeline();
    p.resolve_document(&Document::new("t", text))
        .into_iter()
        .filter_map(|r| {
            let place = p.gazetteer().place(r.resolution?.place);
            Some((
                r.mention.text.to_string(),
                place.id.clone(),
                format!("{:?}", place.kind),
            ))
        })
        .collect()
}

#[test]
fn english_names_of_russian_regions() {
    let cases = [
        (
            "Ukrainian troops advanced in Kursk Oblast on Tuesday.",
            "Kursk Oblast",
            "geonames:538555",
        ),
        (
            "Shelling of the Belgorod region killed two people, the governor said.",
            "Belgorod",
            "geonames:578071",
        ),
        (
            "A drone hit an oil refinery in Krasnodar Krai overnight.",
            "Krasnodar Krai",
            "geonames:542415",
        ),
        (
            "Drones attacked an ammunition depot in the Tver region.",
            "Tver",
            "geonames:480041",
        ),
        // The city's name alone is the city.
        (
            "Drones attacked Kursk overnight.",
            "Kursk",
            "geonames:538560",
        ),
        (
            "Missiles hit Belgorod on Saturday, killing 25 people.",
            "Belgorod",
            "geonames:578072",
        ),
    ];
    for (text, written, want) in cases {
        let got = kinds(text);
        assert!(
            got.iter().any(|(w, id, _)| w == written && id == want),
            "{text}: {written} should be {want}; got {got:?}"
        );
    }
}
