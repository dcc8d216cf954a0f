//! Ukrainian and Russian text end to end: inflected names, region forms, register villages,
//! language detection, dates and roles, on sentences in the style of news sites and
//! regional administrations' posts about publicly reported strikes.

use std::sync::OnceLock;

use eventmap::events::dates::find_dates;
use eventmap::lang::{detect, of_document};
use eventmap::lexicon::Lang;
use eventmap::{Date, Document, Gazetteer, Pipeline, Role};

fn pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(|| Pipeline::builder().gazetteer(Gazetteer::bundled()).build())
}

/// (mention as written, canonical English name, role) of every resolved mention.
fn resolved(text: &str) -> Vec<(String, String, Role)> {
    let p = pipeline();
    p.resolve_document(&Document::new("t", text))
        .into_iter()
        .filter_map(|r| {
            let res = r.resolution?;
            let name = p.gazetteer().place(res.place).name.clone();
            Some((r.mention.text.clone(), name, r.role))
        })
        .collect()
}

#[test]
fn inflected_names_resolve_to_canonical_english_names() {
    let cases: &[(&str, &[(&str, &str)])] = &[
        (
            "Вночі російські війська завдали ракетного удару по Харкову.",
            &[("Харкову", "Kharkiv")],
        ),
        (
            "У Шевченківському районі Харкова загинули двоє людей, ще 62 отримали поранення.",
            &[
                ("Шевченківському районі", "Shevchenkivskyi District"),
                ("Харкова", "Kharkiv"),
            ],
        ),
        (
            "Внаслідок удару по Одесі постраждали троє людей, повідомили в Одеській ОВА.",
            &[("Одесі", "Odesa")],
        ),
        (
            "Ракета влучила у вокзал у Краматорську Донецької області.",
            &[
                ("Краматорську", "Kramatorsk"),
                ("Донецької області", "Donetsk Oblast"),
            ],
        ),
        (
            "На Харківщині пролунали вибухи.",
            &[("Харківщині", "Kharkiv Oblast")],
        ),
        (
            "Бої тривають біля с. Кліщіївка поблизу Бахмута.",
            &[("Кліщіївка", "Klishchiivka"), ("Бахмута", "Bakhmut")],
        ),
        (
            "Вибухи в Умані та Дніпрі.",
            &[("Умані", "Uman"), ("Дніпрі", "Dnipro")],
        ),
        (
            "Вчера вечером в Белгороде прогремели взрывы.",
            &[("Белгороде", "Belgorod")],
        ),
        (
            "В Харькове и Харьковской области объявлена воздушная тревога.",
            &[
                ("Харькове", "Kharkiv"),
                ("Харьковской области", "Kharkiv Oblast"),
            ],
        ),
        (
            "Обстрел Одесской области продолжился.",
            &[("Одесской области", "Odesa Oblast")],
        ),
        // A capitalised common word is not a place: "Доля" (fate) is Dole, France in Russian.
        ("Доля мешканців села невідома.", &[]),
    ];
    for (text, want) in cases {
        let got: Vec<(String, String)> =
            resolved(text).into_iter().map(|(m, n, _)| (m, n)).collect();
        let want: Vec<(String, String)> = want
            .iter()
            .map(|(m, n)| (m.to_string(), n.to_string()))
            .collect();
        assert_eq!(got, want, "{text}");
    }
}

#[test]
fn given_names_in_any_case_are_not_places() {
    let got = resolved("За словами голови ОВА Олега Синєгубова, у Харкові пошкоджено будинки.");
    let names: Vec<&str> = got.iter().map(|(m, _, _)| m.as_str()).collect();
    assert_eq!(names, ["Харкові"]);
}

#[test]
fn roles_in_ukrainian_and_russian() {
    let got = resolved("Москва заявила, что ударила по Харькову.");
    let roles: Vec<(&str, Role)> = got.iter().map(|(m, _, r)| (m.as_str(), *r)).collect();
    assert_eq!(roles, [("Москва", Role::Actor), ("Харькову", Role::Event)]);
    // The trigger after the place counts in Cyrillic text.
    let got = resolved("У Харкові внаслідок ракетного удару загинули двоє людей.");
    assert_eq!(got[0].2, Role::Event);
}

#[test]
fn register_villages_found_in_english_with_context_only() {
    let got = resolved("Ukrainian forces retook the village of Klishchiivka near Bakhmut.");
    let names: Vec<&str> = got.iter().map(|(_, n, _)| n.as_str()).collect();
    // "Ukrainian" is a mention of Ukraine (a demonym, issue 13).
    assert_eq!(names, ["Ukraine", "Klishchiivka", "Bakhmut"]);
    let gaz = pipeline().gazetteer();
    let id = gaz.lookup("Klishchiivka")[0];
    let place = gaz.place(id);
    assert_eq!(place.admin1_name, "Donetsk Oblast");
    assert!(place.is_approximate());
    // Within 25 km of the village's real position (48.533 N, 37.972 E).
    let d = eventmap::resolve::haversine_km(place.lat, place.lon, 48.533, 37.972);
    assert!(d < 25.0, "{d} km");
    // A first name that is also a register village's is not a place without context.
    let got = resolved("His daughters, Malia and Sasha, often join him.");
    assert!(!got.iter().any(|(m, _, _)| m == "Sasha"), "{got:?}");
    assert!(!resolved("Sasha said so.")
        .iter()
        .any(|(m, _, _)| m == "Sasha"));
}

#[test]
fn former_and_russian_spellings_map_to_todays_places() {
    let gaz = pipeline().gazetteer();
    for (old, now) in [
        ("Kharkov", "Kharkiv"),
        ("Dnepropetrovsk", "Dnipro"),
        ("Artemovsk", "Bakhmut"),
        ("Artemivsk", "Bakhmut"),
        ("Kirovograd", "Kropyvnytskyi"),
        ("Uglegorsk", "Vuhlehirsk"),
        ("Yasinovataya", "Yasynuvata"),
        ("Nikolaev", "Mykolaiv"),
    ] {
        let names: Vec<&str> = gaz
            .lookup(old)
            .iter()
            .map(|&id| gaz.place(id))
            .filter(|p| p.country_code == "UA")
            .map(|p| p.name.as_str())
            .collect();
        assert!(
            names.contains(&now) || (now == "Mykolaiv" && names.contains(&"Mykolayiv")),
            "{old}: {names:?}"
        );
    }
}

#[test]
fn lookup_explains_case_forms() {
    let gaz = pipeline().gazetteer();
    let id = gaz.lookup("Харкові")[0];
    let why = eventmap::gazetteer::explain_match(gaz.place(id), "Харкові");
    assert!(why.contains("case form"), "{why}");
    let id = gaz.lookup("Харківської області")[0];
    assert_eq!(gaz.place(id).name, "Kharkiv Oblast");
}

#[test]
fn dates_in_ukrainian_and_russian() {
    let published = Date::new(2024, 1, 5); // a Friday
    let cases = [
        ("8 квітня 2022 року ракета влучила у вокзал", "2022-04-08"),
        ("в ніч на 2 січня ворог атакував", "2024-01-02"),
        ("вчора ввечері пролунали вибухи", "2024-01-04"),
        ("у вівторок ворог обстріляв місто", "2024-01-02"),
        ("у п'ятницю вранці", "2024-01-05"),
        ("8 апреля 2022 года ракетный удар", "2022-04-08"),
        ("вчера вечером прогремели взрывы", "2024-01-04"),
        ("во вторник российские войска ударили", "2024-01-02"),
        ("в ночь на 30 декабря", "2023-12-30"),
    ];
    for (text, want) in cases {
        let dates = find_dates(text, published);
        assert_eq!(dates.len(), 1, "{text}");
        assert_eq!(
            dates[0].date.map(|d| d.iso()),
            Some(want.to_string()),
            "{text}"
        );
    }
}

#[test]
fn language_detected_and_overridden() {
    assert_eq!(detect("Вночі росіяни вдарили по Харкову."), Lang::Uk);
    assert_eq!(
        detect("Ночью российские войска ударили по Харькову."),
        Lang::Ru
    );
    assert_eq!(detect("Russia struck Kharkiv."), Lang::En);
    let mut doc = Document::new("d", "Харків");
    doc.lang = Some(Lang::Ru);
    assert_eq!(of_document(&doc), Lang::Ru);
}
