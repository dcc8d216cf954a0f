//! Table tests of ACLED coding on real sentences in English, Ukrainian and Russian: types
//! refined by actors and outcomes, event places by containment, `geo_precision` levels, and
//! which reports merge.

use super::*;
use crate::testing::pipeline;
use crate::text::Document;

fn run(texts: &[&str]) -> Vec<Event> {
    let docs: Vec<Document> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| Document::new(format!("d{i}"), *t))
        .collect();
    pipeline().run(&docs).summary.events
}

/// (place name, type, geo_precision, location_text) of each event of one text, alone.
fn events(text: &str) -> Vec<(String, EventType, u8, Option<String>)> {
    let g = pipeline().gazetteer();
    run(&[text])
        .into_iter()
        .map(|e| {
            let name = g.place(e.place).name.clone();
            (name, e.event_type, e.geo_precision, e.location_text)
        })
        .collect()
}

/// Every trigger family and refinement: the one event's type.
#[test]
fn types_by_words_actors_and_outcomes() {
    use EventType::*;
    for (text, want) in [
        // Taking a place: by whom.
        ("Russian forces captured Ocheretyne on 5 May 2024.", ArmedClash),
        ("Ukrainian forces captured Kupiansk on 10 September 2022.", GovernmentRegainsTerritory),
        ("Wagner Group fighters took control of Soledar on 13 January 2023.", NonStateActorOvertakesTerritory),
        ("Rebels seized Aleppo on 30 November 2024.", NonStateActorOvertakesTerritory),
        ("Russian forces liberated Avdiivka on 17 February 2024.", ArmedClash),
        ("Ukrainian forces liberated Kherson on 11 November 2022.", GovernmentRegainsTerritory),
        ("Ukrainian troops entered Kherson on 11 November 2022 after Russian forces withdrew.", NonViolentTransferOfTerritory),
        ("The Rapid Support Forces took control of Wad Madani on 18 December 2023 after the army withdrew.", NonStateActorOvertakesTerritory),
        ("Російські війська встановили контроль над Очеретиним 5 травня 2024 року.", ArmedClash),
        ("Сили оборони увійшли до Херсона 11 листопада 2022 року після відходу російських військ.", NonViolentTransferOfTerritory),
        ("Российские войска установили контроль над Очеретино 5 мая 2024 года.", ArmedClash),
        ("1 октября 2024 года командование вывело войска из Угледара, город перешёл под контроль российской армии.", NonViolentTransferOfTerritory),
        // Outcomes.
        ("Russians blew up the dam in Nova Kakhovka on 6 June 2023, flooding dozens of villages.", RemoteExplosive),
        ("Floods swept through Derna in eastern Libya on 11 September 2023.", Flood),
        ("A drone was shot down over Engels on 26 December 2022; falling debris killed three servicemen.", AirDroneStrike),
        ("Air defence shot down 20 drones over Kyiv on 3 May 2023.", DisruptedWeaponsUse),
        ("Gunmen abducted and killed a village head in Kaduna on 3 May 2023.", Attack),
        ("Gunmen abducted 30 students in Kaduna on 3 May 2023.", Abduction),
        ("Police fired tear gas at protesters in Tbilisi on 1 May 2024, injuring 20.", ExcessiveForce),
        ("Police dispersed a rally in Tbilisi on 1 May 2024.", ProtestWithIntervention),
        ("Protesters rallied in Tbilisi on 1 May 2024.", PeacefulProtest),
        ("21 сентября 2022 года в Москве прошла акция против мобилизации; полиция задержала сотни участников.", ProtestWithIntervention),
        ("Russia and Ukraine signed separate deals in Istanbul on 22 July 2022.", Agreement),
        ("Ukrainian forces launched an incursion near Sudzha on 6 August 2024, attacking Russian positions.", ArmedClash),
        ("12 марта 2024 года формирования попытались прорваться через границу в районе Тёткино.", ArmedClash),
        ("On 5 May 2024 Russian troops opened fire on Ukrainian positions near Kupiansk.", ArmedClash),
        ("On 22 March 2024, gunmen opened fire on concertgoers in Krasnogorsk, killing 145 people.", Attack),
        ("Russian forces advanced toward Chasiv Yar on 5 May 2024.", ArmedClash),
        ("30 грудня 2023 року балістична ракета впала у полі в Запорізькій області.", ShellingArtilleryMissile),
    ] {
        let got: Vec<EventType> = events(text).into_iter().map(|e| e.1).collect();
        assert_eq!(got, [want], "{text}");
    }
}

/// Each precision level, in three languages: 1 the named town, 2 near it or a second-level
/// division, 3 only the region (an unknown village kept in `location_text`).
#[test]
fn precision_levels_in_three_languages() {
    for (text, place, precision, location) in [
        ("A drone struck Kherson on 5 May 2024.", "Kherson", 1, None),
        (
            "Fighting raged near Avdiivka on 5 May 2024.",
            "Avdiyivka",
            2,
            None,
        ),
        (
            "Shelling hit the outskirts of Kherson on 5 May 2024.",
            "Kherson",
            2,
            None,
        ),
        (
            "Russian drones attacked Kherson Oblast on 5 May 2024.",
            "Kherson Oblast",
            3,
            None,
        ),
        (
            "Shelling hit the village of Zzyzxivka in Kherson Oblast on 5 May 2024.",
            "Kherson Oblast",
            3,
            Some("Zzyzxivka"),
        ),
        (
            "5 травня 2024 року дрон атакував Херсон.",
            "Kherson",
            1,
            None,
        ),
        (
            "5 травня 2024 року тривали бої під Авдіївкою.",
            "Avdiyivka",
            2,
            None,
        ),
        (
            "5 травня 2024 року ворог обстріляв Херсонську область.",
            "Kherson Oblast",
            3,
            None,
        ),
        (
            "5 мая 2024 года беспилотник атаковал Белгород.",
            "Belgorod",
            1,
            None,
        ),
        (
            "5 мая 2024 года шли бои под Авдеевкой.",
            "Avdiyivka",
            2,
            None,
        ),
        (
            "5 мая 2024 года беспилотники атаковали Белгородскую область.",
            "Belgorodskaya oblast'",
            3,
            None,
        ),
    ] {
        let got = events(text);
        let got: Vec<(&str, u8, Option<&str>)> = got
            .iter()
            .map(|e| (e.0.as_str(), e.2, e.3.as_deref()))
            .collect();
        assert_eq!(got, [(place, precision, location)], "{text}");
    }
}

/// The event place is the most specific place: the inner place of a containment, a town
/// named by a bare region name, never a capital standing for its government.
#[test]
fn event_places_by_containment_and_convention() {
    for (text, place) in [
        ("Lyman, in the Donetsk region, was cleared of Russian troops on 1 October 2022.", "Lyman"),
        ("Russian forces shelled Selydove, Donetsk, on 5 May 2024.", "Selydove"),
        ("Drones hit Kupiansk (Kharkiv Oblast) on 5 May 2024.", "Kupyansk"),
        ("Russian forces shelled Kurakhove, Pokrovsk district, Donetsk region, on 5 May 2024.", "Kurakhove"),
        ("Overnight on 31 July 2022, Russian shelling of Mykolaiv killed two people.", "Mykolayiv"),
        ("Woman killed in Kiev shelling in Donetsk on 5 May 2024.", "Donetsk"),
        ("Two civilians killed as fighting rages in Ukraine's Donetsk on 5 May 2024.", "Donetsk"),
        ("Two dams collapsed above Derna in eastern Libya during Storm Daniel on 11 September 2023.", "Darnah"),
        ("On 5 December 2022, drones attacked the Engels air base in Saratov oblast.", "Engels"),
        ("25 грудня 2023 року тривали бої на північних околицях Мар'їнки (Донецька область).", "Mar'yinka"),
        ("13 березня 2022 року російські військові викрали міського голову Дніпрорудного Запорізької області.", "Dniprorudne"),
    ] {
        let names: Vec<String> = events(text).into_iter().map(|e| e.0).collect();
        assert_eq!(names, [place], "{text}");
    }
    // "- Kiev military": a government speaking, and no other place: no event.
    assert!(
        events("Three Ukrainian servicemen killed in separatist east - Kiev military").is_empty()
    );
}

/// Undated reports: they join an event of their own document, or one whose place agrees,
/// never another source's event elsewhere in the country.
#[test]
fn undated_reports_merge_only_where_place_agrees() {
    let g = pipeline().gazetteer();
    let dated = "A missile struck Kharkiv on 2 January 2024, killing two people.";
    // A country-wide undated report of another source stays apart (and alone it is dropped).
    let ev = run(&[dated, "Fighting kills five in eastern Ukraine."]);
    assert_eq!(ev.len(), 1, "{ev:?}");
    assert_eq!(ev[0].sources, ["d0"]);
    // An undated report at another town stays apart.
    let ev = run(&[dated, "Shelling hit Lviv, killing one."]);
    assert_eq!(ev.len(), 2, "{ev:?}");
    // Undated at the same city, or at its region, joins.
    for other in [
        "Two people died when a rocket hit Kharkiv.",
        "Russia has attacked the Kharkiv region with missiles.",
    ] {
        let ev = run(&[dated, other]);
        assert_eq!(ev.len(), 1, "{other}: {ev:?}");
        assert_eq!(ev[0].sources, ["d0", "d1"], "{other}");
        assert_eq!(g.place(ev[0].place).name, "Kharkiv");
    }
    // In its own document an undated country-level sentence joins the dated event.
    let ev = run(&[
        "A missile struck Kharkiv on 2 January 2024. Russia keeps attacking Ukraine, killing civilians.",
    ]);
    assert_eq!(ev.len(), 1, "{ev:?}");
    assert_eq!(ev[0].reports.len(), 2, "{ev:?}");
}

/// Trigger words in every form: passive and active verbs, nouns, phrasal verbs, the place
/// before the verb or in the next clause.
#[test]
fn trigger_forms_find_their_place() {
    for (text, place) in [
        (
            "On 5 May 2024 rescuers worked in Kupiansk, where a guided bomb tore through a clinic.",
            "Kupyansk",
        ),
        (
            "Kherson came under heavy shelling on 5 May 2024.",
            "Kherson",
        ),
        ("Kharkiv came under fire on 5 May 2024.", "Kharkiv"),
        ("Sumy was hit by a missile on 5 May 2024.", "Sumy"),
        ("On 5 May 2024 explosions were heard in Odesa.", "Odesa"),
        (
            "A Ukrainian drone crashed into an oil depot in Novorossiysk on 5 May 2024.",
            "Novorossiysk",
        ),
        (
            "Rockets slammed into a school in Sumy on 5 May 2024, killing two.",
            "Sumy",
        ),
        (
            "5 травня 2024 року окупанти скинули КАБ на Куп'янськ.",
            "Kupyansk",
        ),
        ("5 мая 2024 года в Белгороде прогремел взрыв.", "Belgorod"),
    ] {
        let names: Vec<String> = events(text).into_iter().map(|e| e.0).collect();
        assert_eq!(names, [place], "{text}");
    }
}
