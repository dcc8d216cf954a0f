//! Unit tests of the resolver ([`super::Resolver`]).

use super::*;
use crate::recognize::Recognizer;
use context::name_ids;
use rules::name_groups;

fn gaz() -> &'static Gazetteer {
    crate::testing::gazetteer()
}

fn resolved(text: &str) -> Vec<(String, String, String)> {
    let g = gaz();
    let doc = Document::new("t", text);
    let ms = Recognizer::new(g).recognize(&doc);
    let rs = Resolver::new(g).resolve(&doc, &ms);
    ms.iter()
        .zip(rs)
        .map(|(m, r)| {
            let p = g.place(r.unwrap().place);
            (
                m.text.to_string(),
                p.kind.as_str().to_string(),
                p.id.clone(),
            )
        })
        .collect()
}

#[test]
fn district_follows_the_city_of_the_story() {
    let r = resolved(
        "Russia struck Kharkiv. Three hits were recorded in the Shevchenkivskyi district.",
    );
    assert_eq!(r[2].2, "curated:kharkiv-shevchenkivskyi", "{r:?}");
    let r = resolved("Explosions in Kyiv. Damage in the Shevchenkivskyi district.");
    assert_eq!(r[1].2, "curated:kyiv-shevchenkivskyi", "{r:?}");
}

/// A town and the county it lies in, both named: the namesakes that nest win over a
/// famous city abroad (sentences written for this rule).
#[test]
fn nested_candidates_support_each_other() {
    let g = gaz();
    for (text, name, admin1) in [
        (
            "The fair in Dresden drew farmers from across Weakley County.",
            "Dresden",
            "TN",
        ),
        (
            "Voters in Athens and the rest of McMinn County backed the levy.",
            "Athens",
            "TN",
        ),
    ] {
        let r = resolved(text);
        let (_, _, id) = r.iter().find(|x| x.0 == name).expect(text);
        let p = g.place(g.by_id(id).unwrap());
        assert_eq!(
            (p.country_code.as_str(), p.admin1_code.as_str()),
            ("US", admin1),
            "{text}: {r:?}"
        );
    }
}

#[test]
fn oblast_cue_and_two_oblasts() {
    let r = resolved("Attacks against Kharkiv and Odesa oblasts.");
    assert_eq!(r[0].1, "admin1");
    assert_eq!(r[1].1, "admin1");
    assert_eq!(r[1].2, "geonames:698738");
}

#[test]
fn prominent_senses_and_containment() {
    let r = resolved("Moscow and Washington traded barbs.");
    assert_eq!(r[0].2, "geonames:524901", "Moscow, Russia, not Idaho");
    assert_eq!(r[1].2, "geonames:4140963", "Washington, D.C.");
    let r = resolved("The storm hit Moscow, Idaho, on Friday.");
    let g = gaz();
    let moscow = g.place(g.by_id(&r[0].2).unwrap());
    assert_eq!(
        (moscow.country_code.as_str(), moscow.admin1_code.as_str()),
        ("US", "ID")
    );
}

/// (text, mention, kind of the chosen place, its country code) for each class of issue 13.
const PROMINENT_CASES: &[(&str, &str, &str, &str)] = &[
    // A namesake next to its country.
    (
        "Oil prices in Brazil and Congo rose.",
        "Congo",
        "country",
        "CD",
    ),
    (
        "Aid reached Kinshasa, the capital of Congo.",
        "Congo",
        "country",
        "CD",
    ),
    // A state beside another state's town named like it.
    (
        "The senator from New Jersey flew to California.",
        "California",
        "admin1",
        "US",
    ),
    // An island in its country's story.
    (
        "Floods hit Java, the most populous island of Indonesia.",
        "Java",
        "island",
        "ID",
    ),
    (
        "Migrants landed on Crete, Greek officials said.",
        "Crete",
        "admin1",
        "GR",
    ),
    (
        "Ships sailed past Sumatra to Java.",
        "Sumatra",
        "island",
        "ID",
    ),
    // A river beside its city, and the city.
    (
        "The Dnipro River rose near Dnipro.",
        "Dnipro River",
        "river",
        "UA",
    ),
    ("The Dnipro River rose near Dnipro.", "Dnipro", "city", "UA"),
    (
        "Shells fell on Kherson across the Dnipro River.",
        "Dnipro River",
        "river",
        "UA",
    ),
    // Seas, regions and special areas news names.
    (
        "Drones attacked ships in the Black Sea near Odesa.",
        "Black Sea",
        "sea",
        "",
    ),
    (
        "Strikes hit the Gaza Strip and the West Bank.",
        "Gaza Strip",
        "admin1",
        "PS",
    ),
    (
        "Israel holds the Golan Heights.",
        "Golan Heights",
        "region",
        "SY",
    ),
    ("Fighting in Donbas intensified.", "Donbas", "region", "UA"),
    // A demonym is its most populous country ("French": France, not its territories).
    ("French troops landed in Mali.", "French", "country", "FR"),
    ("Chinese ships sailed.", "Chinese", "country", "CN"),
    // Words that are not places leave the real ones alone.
    (
        "Flooding hit the Texas city on Monday.",
        "Texas",
        "admin1",
        "US",
    ),
    ("Wagner fighters left Bakhmut.", "Bakhmut", "city", "UA"),
    ("The Taliban took Kabul.", "Kabul", "city", "AF"),
    (
        "Crowds celebrated Independence Day in Kyiv.",
        "Kyiv",
        "city",
        "UA",
    ),
    (
        "Sanctions hit Russia and the Middle East.",
        "Middle East",
        "region",
        "",
    ),
];

#[test]
fn prominent_places_beat_small_namesakes() {
    let g = gaz();
    for &(text, name, kind, cc) in PROMINENT_CASES {
        let r = resolved(text);
        let hit = r.iter().find(|(t, _, _)| t == name);
        let Some((_, k, id)) = hit else {
            panic!("{name} not found in {text:?}: {r:?}");
        };
        let p = g.place(g.by_id(id).unwrap());
        assert_eq!(
            (k.as_str(), p.country_code.as_str()),
            (kind, cc),
            "{text}: {r:?}"
        );
    }
}

/// The mention's resolution and the index of each mention by its text.
fn links(text: &str) -> (Vec<Mention>, Vec<Option<Resolution>>) {
    let g = gaz();
    let doc = Document::new("t", text);
    let ms = Recognizer::new(g).recognize(&doc);
    let rs = Resolver::new(g).resolve(&doc, &ms);
    (ms, rs)
}

/// (text, inner, outer, kind of the outer place, admin1 code of the inner one).
const CONTAINMENT_CASES: &[(&str, &str, &str, &str, &str)] = &[
    (
        "Russian forces shelled Selydove, Donetsk, on Monday.",
        "Selydove",
        "Donetsk",
        "admin1",
        "05",
    ),
    (
        "Shelling hit Izium in the Kharkiv region.",
        "Izium",
        "Kharkiv",
        "admin1",
        "07",
    ),
    (
        "Kupiansk of the Kharkiv region was shelled.",
        "Kupiansk",
        "Kharkiv",
        "admin1",
        "07",
    ),
    (
        "Troops shelled Kupiansk in Kharkiv Oblast.",
        "Kupiansk",
        "Kharkiv",
        "admin1",
        "07",
    ),
    (
        "Avdiivka (Donetsk Oblast) was shelled.",
        "Avdiivka",
        "Donetsk",
        "admin1",
        "05",
    ),
    (
        "The storm hit Moscow, Idaho, on Friday.",
        "Moscow",
        "Idaho",
        "admin1",
        "ID",
    ),
    (
        "The storm hit the Idaho town of Moscow.",
        "Moscow",
        "Idaho",
        "admin1",
        "ID",
    ),
    (
        "Російські війська обстріляли Селидове, Донецька область.",
        "Селидове",
        "Донецька",
        "admin1",
        "05",
    ),
    (
        "Российские войска обстреляли Селидово, Донецкая область.",
        "Селидово",
        "Донецкая",
        "admin1",
        "05",
    ),
];

#[test]
fn containment_patterns_resolve_the_inner_place_and_mark_the_container() {
    let g = gaz();
    for &(text, inner, outer, outer_kind, admin1) in CONTAINMENT_CASES {
        let (ms, rs) = links(text);
        let i = ms.iter().position(|m| m.text == inner);
        let o = ms.iter().position(|m| m.text.starts_with(outer));
        let (Some(i), Some(o)) = (i, o) else {
            panic!("{text}: mentions {ms:?}");
        };
        let (ri, ro) = (rs[i].as_ref().unwrap(), rs[o].as_ref().unwrap());
        assert_eq!(
            (ri.contained_in, ro.container_of),
            (Some(o), Some(i)),
            "{text}"
        );
        assert_eq!(g.place(ro.place).kind.as_str(), outer_kind, "{text}");
        assert_eq!(g.place(ri.place).admin1_code, admin1, "{text}");
        assert!(g.contains(ro.place, ri.place), "{text}");
    }
}

#[test]
fn lists_and_neighbours_are_not_containment() {
    for text in [
        "Strikes hit Kharkiv, Kyiv and Odesa.",
        "Russia, Ukraine and Belarus met.",
        "Talks in Paris near Lyon failed.",
    ] {
        let (ms, rs) = links(text);
        assert!(ms.len() >= 2, "{text}: {ms:?}");
        for r in rs.iter().flatten() {
            assert_eq!((r.contained_in, r.container_of), (None, None), "{text}");
        }
    }
}

#[test]
fn explain_gives_every_candidate_its_features_best_first() {
    let g = gaz();
    let doc = Document::new("t", "Russian forces shelled Selydove, Donetsk.");
    let ms = Recognizer::new(g).recognize(&doc);
    let resolver = Resolver::new(g);
    let ex = resolver.explain(&doc, &ms);
    let rs = resolver.resolve(&doc, &ms);
    assert_eq!(ex.len(), ms.len());
    for ((m, cands), r) in ms.iter().zip(&ex).zip(&rs) {
        assert_eq!(cands.len(), m.candidates.len());
        assert_eq!(cands[0].place, r.as_ref().unwrap().place, "{}", m.text);
        assert!(cands.windows(2).all(|w| w[0].score >= w[1].score));
    }
    let donetsk = &ex[ms.iter().position(|m| m.text == "Donetsk").unwrap()][0];
    assert_eq!(donetsk.features.container_in_text, 1.0);
}

#[test]
fn one_place_named_many_times_resolves_like_once() {
    let text = "Shelling hit Kharkiv. ".repeat(2000) + "Odesa and Kyiv too.";
    let (ms, rs) = links(&text);
    assert_eq!(ms.len(), 2002);
    let first = rs[0].as_ref().unwrap().place;
    assert!(rs[..2000]
        .iter()
        .all(|r| r.as_ref().unwrap().place == first));
    assert_eq!(gaz().place(first).id, "geonames:706483");
}

#[test]
fn haversine() {
    let d = haversine_km(49.98, 36.25, 50.45, 30.52);
    assert!((405.0..420.0).contains(&d), "{d}");
}

/// The groups of one sense per name, numbered by first sight, as the hash map keyed by
/// (name, cue, role) numbered them before the table indexed by that triple.
#[test]
fn name_groups_number_triples_by_first_sight() {
    use crate::recognize::Cue;
    let cues = [
        None,
        Some(Cue::Region),
        Some(Cue::District),
        Some(Cue::City),
    ];
    let mut x = 0x9E37_79B9u64;
    let mut next = |n: u64| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        (x % n) as usize
    };
    for _ in 0..50 {
        let n = 1 + next(30);
        let mentions: Vec<Mention> = (0..n)
            .map(|i| Mention {
                start: i,
                end: i + 1,
                text: Default::default(),
                key: format!("name{}", next(6)).into(),
                candidates: smallvec::smallvec![PlaceId(0); 1 + next(4)],
                cue: cues[next(4)],
                sentence: 0,
            })
            .collect();
        let container_of: Vec<Option<usize>> =
            (0..n).map(|_| (next(3) == 0).then_some(0)).collect();
        let names = name_ids(&mentions, &[]);
        let groups = name_groups(&mentions, &names, &container_of);
        let mut ids: std::collections::HashMap<(u32, Option<Cue>, bool), u32> = Default::default();
        let mut at = vec![0];
        for (i, m) in mentions.iter().enumerate() {
            let next_id = at.len() as u32 - 1;
            let id = *ids
                .entry((names[i], m.cue, container_of[i].is_some()))
                .or_insert_with(|| {
                    at.push(at[at.len() - 1] + m.candidates.len());
                    next_id
                });
            assert_eq!(groups.of[i], id);
        }
        assert_eq!(groups.at, at);
    }
}

/// Name numbers taken from an earlier mention of the same name, cue and candidates are the
/// numbers hashing every name gives.
#[test]
fn name_numbers_from_earlier_mentions_are_the_hashed_ones() {
    let g = gaz();
    let text = "Kharkiv was hit. Kharkiv Oblast and Paris, Texas. Paris and Kharkiv again; \
                the Kharkiv region, Paris.";
    let doc = Document::new("t", text);
    let ms = Recognizer::new(g).recognize(&doc);
    let (_, _, same) = own::own_of(g, &ms, Weights::bundled(), &mut Default::default());
    assert!(same.iter().any(Option::is_some));
    assert_eq!(name_ids(&ms, &same), name_ids(&ms, &[]));
}

/// A document resolved in the thread's kept buffers, after others long and short, is
/// resolved as in fresh ones (and its features explained alike).
#[test]
fn kept_buffers_resolve_as_fresh_ones() {
    let g = gaz();
    let texts = [
        "Kharkiv was hit. Kharkiv Oblast and Paris, Texas. Paris and Kharkiv again; \
         the Kharkiv region, Paris.",
        "Marinka, a town in the Donetsk region, was shelled. Russia said Moscow was calm.",
        "",
        "Обстрел в Богодухове Харьковской области. По Доброполью ударили; Запорожье, Киев.",
        "Paris is a city in Monroe County. A Ukrainian drone hit Belgorod.",
    ];
    let docs: Vec<Document> = texts.iter().map(|&t| Document::new("t", t)).collect();
    let mentions: Vec<Vec<Mention>> = docs
        .iter()
        .map(|d| Recognizer::new(g).recognize(d))
        .collect();
    let r = Resolver::new(g);
    let first: Vec<_> = docs
        .iter()
        .zip(&mentions)
        .map(|(d, ms)| (r.resolve(d, ms), r.explain(d, ms)))
        .collect();
    for round in 0..3 {
        for k in (0..docs.len()).rev().chain(0..docs.len()) {
            let (d, ms) = (&docs[k], &mentions[k]);
            // Fresh buffers: the thread's kept ones taken away first.
            let fresh = (round == 1).then(scratch::Scratch::take);
            assert_eq!(r.resolve(d, ms), first[k].0, "{round} {k}");
            assert_eq!(r.explain(d, ms), first[k].1, "{round} {k}");
            drop(fresh);
        }
    }
}
