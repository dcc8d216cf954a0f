//! Ukrainian and Russian text end to end: inflected names, region forms, register villages,
//! language detection, dates and roles, on sentences in the style of news sites and
//! regional administrations' posts about publicly reported strikes.

mod common;

use eventmap::events::dates::find_dates;
use eventmap::lang::{detect, of_document};
use eventmap::lexicon::Lang;
use eventmap::{Date, Document, Role};

use common::pipeline;

/// (mention as written, canonical English name, role) of every resolved mention.
fn resolved(text: &str) -> Vec<(String, String, Role)> {
    let p = pipeline();
    p.resolve_document(&Document::new("t", text))
        .into_iter()
        .filter_map(|r| {
            let res = r.resolution?;
            let name = p.gazetteer().place(res.place).name.clone();
            Some((r.mention.text.to_string(), name, r.role))
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
        ("по которой накануне был нанесён удар", "2024-01-04"),
        ("напередодні ворог обстріляв місто", "2024-01-04"),
        (
            "Вечером 22 марта вооружённые люди открыли огонь",
            "2023-03-22",
        ),
        ("у ніч проти 2 січня ворог атакував", "2024-01-02"),
        ("позавчора ворог обстріляв місто", "2024-01-03"),
        ("позавчера ВСУ обстреляли город", "2024-01-03"),
        ("минулої неділі ворог атакував місто", "2023-12-31"),
        ("в прошлое воскресенье ВСУ обстреляли город", "2023-12-31"),
        ("у ніч на неділю ворог атакував", "2023-12-31"),
        // The night before publication, dated by its morning.
        ("минулої ночі росіяни атакували місто", "2024-01-05"),
        ("прошлой ночью беспилотники атаковали город", "2024-01-05"),
        // A holiday night, a weekend (its Saturday).
        ("удар був нанесений у новорічну ніч", "2024-01-01"),
        ("удар был нанесён в новогоднюю ночь", "2024-01-01"),
        ("на вихідних ворог атакував місто", "2023-12-30"),
        ("на выходных ВСУ обстреляли город", "2023-12-30"),
        ("8 квітня 2022 р. ракета влучила", "2022-04-08"),
        // "Yesterday's" and "today's" as adjectives.
        ("загиблих унаслідок учорашнього обстрілу", "2024-01-04"),
        ("після вчорашньої атаки дронів", "2024-01-04"),
        ("внаслідок сьогоднішньої атаки дронів", "2024-01-05"),
        ("в результате вчерашнего ракетного удара", "2024-01-04"),
        ("после вчерашней атаки беспилотников", "2024-01-04"),
        ("последствия сегодняшнего обстрела", "2024-01-05"),
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

#[test]
fn casualty_figures_in_ukrainian_and_russian() {
    let cases: &[(&str, Figures)] = &[
        // Counts after the verb, collective numerals, oblique cases of number words.
        ("Загинули 23 людини, серед них троє дітей.", (Some(23), None)),
        ("За попередніми даними, загинули семеро людей, 22 поранені.", (Some(7), Some(22))),
        ("З-під завалів дістали тіла чотирьох людей.", (Some(4), None)),
        ("Загинули 17 людей, ще 61 людина дістала поранення.", (Some(17), Some(61))),
        ("Ранения получили 109 человек.", (None, Some(109))),
        ("Погибли пять человек, ещё пятеро ранены.", (Some(5), Some(5))),
        // A running total, not the subset that follows.
        (
            "Кількість загиблих унаслідок удару по Львову 6 липня зросла до десяти.",
            (Some(10), None),
        ),
        (
            "Число погибших в результате обстрела 30 декабря выросло до 25, среди них пятеро детей.",
            (Some(25), None),
        ),
        ("Серед загиблих п'ятеро дітей.", (None, None)),
        ("Выросло до 40, среди погибших трое детей.", (None, None)),
        // None killed or hurt.
        ("Загиблих немає, повідомив голова ОВА.", (Some(0), None)),
        ("Обійшлося без загиблих і поранених.", (Some(0), Some(0))),
        ("Пострадавших нет.", (Some(0), Some(0))),
        ("Ракета впала у полі, жертв не було.", (Some(0), None)),
        ("Никто не пострадал.", (Some(0), Some(0))),
    ];
    check_casualties(cases);
}

#[test]
fn casualty_figures_of_persons_and_groups() {
    let cases: &[(&str, Figures)] = &[
        // An age is not a count; persons joined by "та"/"и" add up.
        (
            "Загинули 31-річна жінка та її дворічна донька.",
            (Some(2), None),
        ),
        (
            "Погиб 65-летний мужчина, его жена ранена.",
            (Some(1), Some(1)),
        ),
        // One person: a singular noun or verb with no number.
        (
            "В Раменском погибла женщина, ещё три человека пострадали.",
            (Some(1), Some(3)),
        ),
        ("Погиб военкор Владлен Татарский.", (Some(1), None)),
        (
            "Загинула 21 людина, ще 38 людей поранені.",
            (Some(21), Some(38)),
        ),
        ("Погибли двое, ранен 11-летний мальчик.", (Some(2), Some(1))),
        // An aside closes the killed clause: the injured figure follows its own word.
        (
            "Погибли 34 человека, в том числе двое детей, ранены 117.",
            (Some(34), Some(117)),
        ),
        (
            "Загинули 34 людини, серед них двоє дітей, поранені 117.",
            (Some(34), Some(117)),
        ),
        // Help sought is an injury.
        (
            "Двое жителей обратились за медицинской помощью.",
            (None, Some(2)),
        ),
        // Counts split by group, after or before the casualty word.
        ("Загинули двоє дітей і жінка.", (Some(3), None)),
        ("Двоє дітей і жінка загинули.", (Some(3), None)),
        ("Погибли двое детей и женщина.", (Some(3), None)),
        ("Двое детей и женщина погибли.", (Some(3), None)),
        (
            "Погибли мужчина и женщина, еще трое ранены.",
            (Some(2), Some(3)),
        ),
        (
            "Загинули засновник агрокомпанії «Нібулон» Олексій Вадатурський та його дружина Раїса.",
            (Some(2), None),
        ),
        // A group that is the next clause's subject is not part of the list.
        (
            "Загинули двоє людей і ще п'ятеро отримали поранення.",
            (Some(2), Some(5)),
        ),
        ("Загинули двоє людей у Харкові та Києві.", (Some(2), None)),
        // Family and pair words.
        (
            "Погибли супруги из Белгородской области, их дочь получила ранения.",
            (Some(2), Some(1)),
        ),
        (
            "Загинуло подружжя, їхній син отримав поранення.",
            (Some(2), Some(1)),
        ),
    ];
    check_casualties(cases);
}

#[test]
fn casualty_figures_of_bounds_asides_and_other_victims() {
    let cases: &[(&str, Figures)] = &[
        // Lower bounds and upper bounds read as the figure; numerals in oblique cases.
        ("Поранено не менше 10 людей.", (None, Some(10))),
        ("Ранены до 15 человек.", (None, Some(15))),
        ("Поранення отримали до 10 людей.", (None, Some(10))),
        ("Поранено трьох людей.", (None, Some(3))),
        ("Ранены трех человек.", (None, Some(3))),
        ("Загинули щонайменше п'ятеро людей.", (Some(5), None)),
        // An aside between commas, one unknown word after the number.
        (
            "24 людини, серед них троє дітей, загинули.",
            (Some(24), None),
        ),
        ("Двое военнопленных погибли.", (Some(2), None)),
        // Not this event's victims: totals since the war began, daily summaries, a wake.
        (
            "З початку повномасштабного вторгнення загинули понад 500 дітей.",
            (None, None),
        ),
        ("С начала войны погибли более 500 детей.", (None, None)),
        (
            "За минулу добу на Донеччині загинули троє мирних жителів.",
            (None, None),
        ),
        (
            "За сутки в результате обстрелов погибли 3 человека.",
            (None, None),
        ),
        (
            "У кафе проходили поминки за загиблим військовим.",
            (None, None),
        ),
        ("Прошла акция памяти погибших.", (None, None)),
        // A dash joins a figure to its word; singular participles and persons count one.
        ("Загиблих — четверо, поранених — 12.", (Some(4), Some(12))),
        ("Погибших — трое, раненых – 12.", (Some(3), Some(12))),
        (
            "Загинули дві людини, ще чотири — поранені.",
            (Some(2), Some(4)),
        ),
        ("Є загиблий.", (Some(1), None)),
        ("Поранено 14-річного підлітка.", (None, Some(1))),
        ("Пострадал мужчина 1980 года рождения.", (None, Some(1))),
        // Rescued, evacuated and prisoners are not casualties.
        (
            "Рятувальники врятували 12 людей, загинули двоє.",
            (Some(2), None),
        ),
        ("Эвакуированы 100 человек, ранены четверо.", (None, Some(4))),
        ("Україна повернула з полону 95 захисників.", (None, None)),
    ];
    check_casualties(cases);
}

/// (killed, injured) as `casualties` reads them.
type Figures = (Option<u32>, Option<u32>);

fn check_casualties(cases: &[(&str, Figures)]) {
    for (s, want) in cases {
        assert_eq!(eventmap::events::casualties(s), *want, "{s}");
    }
}

#[test]
fn event_dates_come_from_the_document_when_the_sentence_has_none() {
    // (text, published, place, its date, number of events)
    for (text, published, place, day, n) in [
        // The date of an earlier sentence.
        (
            "У ніч на 28 квітня російська ракета влучила в житловий будинок в Умані. Того ж ранку \
             в Дніпрі внаслідок ракетного удару по приватному будинку загинули двоє людей.",
            Date::new(2023, 5, 1),
            "Dnipro",
            "2023-04-28",
            2,
        ),
        // A later one.
        (
            "Число погибших при обрушении дома в Белгороде выросло до 17. Дом был повреждён 12 \
             мая обломками ракеты.",
            Date::new(2024, 5, 14),
            "Belgorod",
            "2024-05-12",
            1,
        ),
        // A holiday night in a later sentence.
        (
            "Число погибших военнослужащих в результате удара по пункту дислокации в Макеевке \
             выросло. Удар был нанесён в новогоднюю ночь.",
            Date::new(2023, 1, 4),
            "Makiyivka",
            "2023-01-01",
            1,
        ),
        // None at all: the day of publication.
        (
            "Российские войска ударили по телебашне в Киеве. Погибли пять человек.",
            Date::new(2022, 3, 1),
            "Kyiv",
            "2022-03-01",
            1,
        ),
    ] {
        let got = events_of(text, published);
        assert_eq!(got.len(), n, "{text}: {got:?}");
        assert!(
            got.contains(&(place.to_string(), Some(day.to_string()))),
            "{text}: {got:?}"
        );
    }
}

#[test]
fn dictionary_forms_of_irregular_and_plural_names() {
    let gaz = pipeline().gazetteer();
    for (form, want) in [
        ("Кривому Розі", "Kryvyy Rih"),
        ("Кривого Рогу", "Kryvyy Rih"),
        ("Білої Церкви", "Bila Tserkva"),
        ("Нової Каховки", "Nova Kakhovka"),
        ("Сумах", "Sumy"),
        ("Часовому Яру", "Chasiv Yar"),
        ("Кременчуці", "Kremenchuk"),
        ("Белгороде", "Belgorod"),
        ("Суджи", "Sudzha"),
        ("Ростове-на-Дону", "Rostov-on-Don"),
        // A raion of 2020 by its KATOTTG name.
        ("Куп'янського району", "Kupiansk Raion"),
    ] {
        let names: Vec<&str> = gaz
            .lookup(form)
            .iter()
            .map(|&id| gaz.place(id).name.as_str())
            .collect();
        assert!(names.contains(&want), "{form}: {names:?}");
    }
}

/// The events of one document, each as `f(canonical place name, event)`.
fn events_as<T>(
    text: &str,
    published: Option<Date>,
    f: impl Fn(String, &eventmap::Event) -> T,
) -> Vec<T> {
    let p = pipeline();
    let mut d = Document::new("d", text);
    d.published = published;
    p.run(&[d])
        .events
        .iter()
        .map(|e| f(p.gazetteer().place(e.place).name.clone(), e))
        .collect()
}

/// (canonical name, date) of the events of one document.
fn events_of(text: &str, published: Option<Date>) -> Vec<(String, Option<String>)> {
    events_as(text, published, |name, e| (name, e.date.map(|d| d.iso())))
}

#[test]
fn event_places_behind_sites_and_before_verbs() {
    let day = Date::new(2024, 1, 5);
    for (text, want) in [
        // A site between the preposition and the town.
        (
            "Вчера ракета «Точка-У» попала в железнодорожный вокзал Краматорска.",
            "Kramatorsk",
        ),
        (
            "Росіяни випустили по центру Вінниці крилаті ракети.",
            "Vinnytsya",
        ),
        (
            "Ракета впала у відкритому полі в Запорізькій області, жертв не було.",
            "Zaporizhzhia Oblast",
        ),
        // The last of a list joined by "та" takes the list's role.
        (
            "Вранці 10 жовтня ракети влучили у Києві, Львові, Дніпрі та Запоріжжі.",
            "Zaporizhzhya",
        ),
        // An oblast administration stands in the oblast's centre.
        (
            "Вранці російська ракета влучила в будівлю Миколаївської обласної державної адміністрації.",
            "Mykolayiv",
        ),
        (
            "Утром российская ракета попала в здание Харьковской областной администрации.",
            "Kharkiv",
        ),
        // The object first: "Москву атаковали беспилотники".
        ("Утром Москву атаковали беспилотники.", "Moscow"),
        (
            "Вчора ввечері російська ракета влучила в житловий будинок у Сумах.",
            "Sumy",
        ),
    ] {
        let got = events_of(text, day);
        assert!(got.iter().any(|(n, _)| n == want), "{text}: {got:?}");
    }
}

#[test]
fn street_names_are_not_places() {
    let day = Date::new(2024, 5, 14);
    for (text, not) in [
        (
            "Росіяни випустили по центру Вінниці ракети з підводного човна в Чорному морі.",
            "Chorne",
        ),
        (
            "У Білому домі заявили, що ракета впала у полі в Запорізькій області.",
            "Bile",
        ),
        (
            "В Белгороде обрушился подъезд дома на улице Щорса после попадания ракеты.",
            "Snovsk",
        ),
        (
            "Беспилотники упали на здания на Комсомольском проспекте в Москве.",
            "Horishni Plavni",
        ),
    ] {
        let got = events_of(text, day);
        assert!(!got.is_empty(), "{text}");
        assert!(got.iter().all(|(n, _)| n != not), "{text}: {got:?}");
    }
}

/// (canonical name, killed, injured) of the events of one document.
fn figures_of(text: &str, published: Option<Date>) -> Vec<(String, Option<u32>, Option<u32>)> {
    events_as(text, published, |name, e| (name, e.fatalities, e.injured))
}

#[test]
fn a_source_is_no_event_place_and_its_figures_join_the_event() {
    let day = Date::new(2022, 4, 8);
    for (text, want) in [
        (
            "Ракета влучила у вокзал у Краматорську. За даними Донецької обласної військової \
             адміністрації, загинули 50 людей, ще 98 отримали поранення.",
            ("Kramatorsk", Some(50), Some(98)),
        ),
        (
            "Ракета попала в вокзал Краматорска. По данным Донецкой областной администрации, \
             погибли 50 человек, ещё 98 ранены.",
            ("Kramatorsk", Some(50), Some(98)),
        ),
        // "Серед" opens the sentence: not the village of Seredy.
        (
            "Вночі дрон влучив у будинок в Одесі, загинули 12 людей. Серед загиблих п'ятеро дітей.",
            ("Odesa", Some(12), None),
        ),
    ] {
        let got = figures_of(text, day);
        let want = vec![(want.0.to_string(), want.1, want.2)];
        assert_eq!(got, want, "{text}");
    }
}

/// A city another name of the text already stands for (an oblast administration is placed at
/// its centre) is the nearest context for the city's own name: no namesake village beside it
/// wins on distance (Zaporizhzhia has namesake villages all around it).
#[test]
fn a_city_another_name_chose_is_nearest_to_its_own_name() {
    for (text, name, want) in [
        (
            "Вранці голова Запорізької обласної військової адміністрації повідомив, що після удару по Запоріжжю поранені семеро.",
            "Запоріжжю",
            "Zaporizhzhya",
        ),
        (
            "Глава Днепропетровской областной администрации сообщил об ударе по Днепру.",
            "Днепру",
            "Dnipro",
        ),
        (
            "Голова Житомирської обласної військової адміністрації повідомив про удар по Житомиру.",
            "Житомиру",
            "Zhytomyr",
        ),
    ] {
        let got = places_named(text, name);
        assert!(
            got.iter()
                .all(|pl| pl.name == want && pl.population > 200_000),
            "{text}: {:?}",
            got.iter().map(|pl| (&pl.name, pl.population)).collect::<Vec<_>>()
        );
        assert!(!got.is_empty(), "{text}: {name} unresolved");
    }
}

/// A region named as another place's container ("у Павлограді Дніпропетровської області")
/// locates that place only: a known town the text leaves bare keeps its own region, not a
/// namesake village in the container's.
#[test]
fn a_container_region_does_not_pull_the_other_names() {
    for (text, name, want_admin1) in [
        (
            "Увечері окупанти вдарили по Костянтинівці, є загиблі. Вночі дрон атакував будинок у Павлограді Дніпропетровської області.",
            "Костянтинівці",
            "Donetsk Oblast",
        ),
        (
            "Вечером войска ударили по Константиновке. Ночью беспилотник атаковал дом в Павлограде Днепропетровской области.",
            "Константиновке",
            "Donetsk Oblast",
        ),
        (
            "Увечері окупанти вдарили по Добропіллю, загинули двоє. Також дрон атакував будинок у Чугуєві Харківської області.",
            "Добропіллю",
            "Donetsk Oblast",
        ),
        // The contained place itself still lies in its container.
        (
            "Увечері окупанти вдарили по Добропіллю, загинули двоє. Також дрон атакував будинок у Чугуєві Харківської області.",
            "Чугуєві",
            "Kharkiv Oblast",
        ),
    ] {
        let got = places_named(text, name);
        assert!(!got.is_empty(), "{text}: {name} unresolved");
        for pl in &got {
            let gaz = pipeline().gazetteer();
            let admin1 = gaz
                .admin1(&pl.country_code, &pl.admin1_code)
                .map(|a| gaz.place(a).name.clone());
            assert_eq!(
                admin1.as_deref(),
                Some(want_admin1),
                "{text}: {name} -> {}",
                pl.name
            );
        }
    }
}

/// The places the mentions written `name` in a text resolve to.
fn places_named(text: &str, name: &str) -> Vec<eventmap::Place> {
    let p = pipeline();
    p.resolve_document(&Document::new("t", text))
        .into_iter()
        .filter(|r| r.mention.text == name)
        .filter_map(|r| r.resolution)
        .map(|res| p.gazetteer().place(res.place).clone())
        .collect()
}
