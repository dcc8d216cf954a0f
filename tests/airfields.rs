//! Military airfields and airports named in strike reports (issue 11): "атака на аэродром
//! Дягилево", "на аэродроме «Балтимор» в Воронеже", "удар по аеродрому Бельбек", "Russia's
//! Shaykovka air base". Each is a curated landmark (data/curated/features.tsv) at the point of
//! its Wikipedia article; sentences in English, Ukrainian and Russian in the style of news
//! reports, each with the airfield's point. The US city Baltimore stays Baltimore, Maryland.

mod common;

use eventmap::{Date, Document, Role};

use common::{km, pipeline, resolved_points as resolved};

/// The points (lat, lon) of the events of one document.
fn event_points(text: &str) -> Vec<(f64, f64)> {
    let p = pipeline();
    let mut d = Document::new("d", text);
    d.published = Date::new(2024, 12, 5);
    p.run(&[d])
        .events
        .iter()
        .map(|e| {
            let place = p.gazetteer().place(e.place);
            (place.lat, place.lon)
        })
        .collect()
}

const DYAGILEVO: (f64, f64) = (54.6417, 39.5717);
const BALTIMOR: (f64, f64) = (51.6190, 39.1396);
const KHALINO: (f64, f64) = (51.7517, 36.2967);
const SHAYKOVKA: (f64, f64) = (54.2267, 34.3717);
const OLENYA: (f64, f64) = (68.1517, 33.4700);
const BELBEK: (f64, f64) = (44.6833, 33.5833);
const ENGELS_2: (f64, f64) = (51.4811, 46.2106);
const SOLTSY_2: (f64, f64) = (58.1389, 30.3292);
const BELAYA: (f64, f64) = (52.9150, 103.5750);
const UKRAINKA: (f64, f64) = (51.1700, 128.4450);
const MARINOVKA: (f64, f64) = (48.6830, 43.8190);
const KHARKIV_AIRPORT: (f64, f64) = (49.9247, 36.2900);

/// (text, mention as written, airfield's point): the mention resolves within 3 km of it, and
/// the document's events include one within 3 km of it.
const CASES: &[(&str, &str, (f64, f64))] = &[
    // Russian.
    (
        "В ночь на 5 декабря беспилотники атаковали аэродром Дягилево в Рязанской области, \
         сообщил губернатор.",
        "Дягилево",
        DYAGILEVO,
    ),
    (
        "Ночью беспилотники атаковали Воронеж. Обломки упали на аэродроме «Балтимор» в \
         Воронеже, сообщил губернатор Александр Гусев.",
        "Балтимор",
        BALTIMOR,
    ),
    (
        "Беспилотник атаковал аэродром Халино под Курском, сообщил губернатор Курской области.",
        "Халино",
        KHALINO,
    ),
    (
        "На аэродроме в Шайковке Калужской области после атаки дронов начался пожар.",
        "Шайковке",
        SHAYKOVKA,
    ),
    (
        "Дроны атаковали аэродром Оленья в Мурманской области, где базируются бомбардировщики \
         Ту-22М3.",
        "Оленья",
        OLENYA,
    ),
    (
        "Беспилотники атаковали аэродром Энгельс-2 в Саратовской области.",
        "Энгельс-2",
        ENGELS_2,
    ),
    (
        "В Иркутской области атакован аэродром Белая, где базируются бомбардировщики Ту-22М3.",
        "Белая",
        BELAYA,
    ),
    (
        "Губернатор Амурской области сообщил об атаке дронов на аэродром Украинка.",
        "Украинка",
        UKRAINKA,
    ),
    (
        "Беспилотники атаковали аэродром Мариновка в Волгоградской области, сообщил губернатор \
         Андрей Бочаров.",
        "Мариновка",
        MARINOVKA,
    ),
    // Ukrainian.
    (
        "Уламки впали на аеродромі Бельбек у Севастополі, повідомили окупаційні органи влади.",
        "Бельбек",
        BELBEK,
    ),
    (
        "Дрони атакували аеродром Дягілево в Рязанській області Росії.",
        "Дягілево",
        DYAGILEVO,
    ),
    (
        "Вночі безпілотники атакували аеродром Шайковка в Калузькій області Росії.",
        "Шайковка",
        SHAYKOVKA,
    ),
    // English.
    (
        "Drones hit Russia's Baltimor air base in Voronezh overnight, the regional governor said.",
        "Baltimor air base",
        BALTIMOR,
    ),
    (
        "Ukraine hit Russia's Shaykovka air base in Kaluga Oblast on Tuesday, destroying a \
         Tu-22M3 bomber.",
        "Shaykovka air base",
        SHAYKOVKA,
    ),
    (
        "Explosions were reported at the Dyagilevo air base near Ryazan after a drone attack on \
         Monday.",
        "Dyagilevo air base",
        DYAGILEVO,
    ),
    (
        "Ukrainian missiles hit the Belbek airfield near Sevastopol, destroying two fighter jets.",
        "Belbek airfield",
        BELBEK,
    ),
    (
        "Drones attacked the Soltsy-2 air base in the Novgorod region, damaging a Tu-22M3.",
        "Soltsy-2 air base",
        SOLTSY_2,
    ),
    (
        "A Russian missile struck Kharkiv International Airport on Tuesday, the regional \
         governor said.",
        "Kharkiv International Airport",
        KHARKIV_AIRPORT,
    ),
];

#[test]
fn airfields_resolve_to_their_point() {
    for &(text, written, point) in CASES {
        let got = resolved(text);
        let Some((_, _, at)) = got.iter().find(|(w, _, _)| w == written) else {
            panic!("{text}: {written} not resolved; got {got:?}");
        };
        let d = km(*at, point);
        assert!(
            d <= 3.0,
            "{text}: {written} at {at:?}, {d:.0} km from {point:?}"
        );
    }
}

#[test]
fn strikes_on_airfields_are_events_there() {
    for &(text, _, point) in CASES {
        let got = event_points(text);
        assert!(
            got.iter().any(|&at| km(at, point) <= 3.0),
            "{text}: no event within 3 km of {point:?}; events at {got:?}"
        );
    }
}

#[test]
fn an_airfield_named_after_its_town_stays_at_the_town() {
    // ACLED's convention, and the gazetteer's: "the Engels air base" is coded at Engels.
    const ENGELS: (f64, f64) = (51.4839, 46.1053);
    let got =
        resolved("On 5 December 2022, drones attacked the Engels air base in Saratov oblast.");
    let (_, _, at) = got.iter().find(|(w, _, _)| w == "Engels").unwrap();
    assert!(km(*at, ENGELS) <= 3.0, "{got:?}");
}

#[test]
fn an_airfield_is_not_an_actor() {
    // A landmark stands for a government only when it houses one ("the Kremlin said").
    for (text, written) in [
        (
            "Уламки впали на аеродромі Бельбек у Севастополі, повідомили окупаційні органи влади.",
            "Бельбек",
        ),
        ("В Иркутской области атакован аэродром Белая.", "Белая"),
    ] {
        let got = resolved(text);
        let (_, role, _) = got.iter().find(|(w, _, _)| w == written).unwrap();
        assert_ne!(*role, Role::Actor, "{text}: {written}");
    }
    let got = resolved("The Kremlin said the talks would continue.");
    assert_eq!(got[0].1, Role::Actor, "{got:?}");
}

#[test]
fn baltimore_in_a_us_story_stays_in_maryland() {
    const BALTIMORE_MD: (f64, f64) = (39.2904, -76.6122);
    for (text, written) in [
        (
            "A shooting in Baltimore, Maryland, left two people dead on Sunday, police said.",
            "Baltimore",
        ),
        (
            "The Baltimore Ravens beat the Pittsburgh Steelers as fans celebrated in downtown \
             Baltimore.",
            "Baltimore",
        ),
        (
            "Стрельба в Балтиморе, штат Мэриленд: погибли два человека, сообщила полиция.",
            "Балтиморе",
        ),
    ] {
        let got = resolved(text);
        let hits: Vec<_> = got.iter().filter(|(w, _, _)| w == written).collect();
        assert!(
            !hits.is_empty(),
            "{text}: {written} not resolved; got {got:?}"
        );
        for (_, _, at) in hits {
            let d = km(*at, BALTIMORE_MD);
            assert!(
                d <= 5.0,
                "{text}: {written} at {at:?}, {d:.0} km from Baltimore, MD"
            );
        }
    }
}
