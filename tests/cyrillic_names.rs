//! Russian spellings of Ukrainian villages (data/build/ru_names.py), a Cyrillic mention of a
//! place's own name preferred over a place that lists it as a former name, and Russian districts
//! at their centres (data/build/ru_raions.py): sentences in the style of Russian outlets,
//! Russian governors' posts and Ukrainian news sites, with each place's expected point.

mod common;

use common::{km, resolved_points as resolved};

/// Each sentence's mention `written` resolves within `max_km` of `point`.
fn check(cases: &[(&str, &str, (f64, f64), f64)]) {
    for &(text, written, point, max_km) in cases {
        let got = resolved(text);
        let hit = got.iter().find(|(w, _, _)| w == written);
        let Some((_, _, at)) = hit else {
            panic!("{text}: {written} not resolved; got {got:?}");
        };
        let d = km(*at, point);
        assert!(
            d <= max_km,
            "{text}: {written} at {at:?}, {d:.0} km from {point:?}"
        );
    }
}

#[test]
fn russian_spellings_of_ukrainian_villages() {
    // Points: GeoNames (places.tsv) or, for register villages, the hromada seat (approximate),
    // hence the radius.
    check(&[
        (
            "В ночь на 29 июля в колонии в Еленовке погибли военнопленные.",
            "Еленовке",
            (47.8272, 37.6598),
            5.0,
        ),
        (
            "Бои у Клещеевки под Артёмовском продолжаются, сообщили в Минобороны.",
            "Клещеевки",
            (48.5281, 37.9583),
            25.0,
        ),
        (
            "ВСУ заявили о продвижении у села Работино в Запорожской области.",
            "Работино",
            (47.4447, 35.8372),
            25.0,
        ),
        (
            "Российские войска ударили по Новоалександровке Донецкой области.",
            "Новоалександровке",
            (48.0, 37.5),
            160.0,
        ),
    ]);
}

#[test]
fn a_cyrillic_own_name_beats_a_former_name() {
    // Nikopol (Dnipropetrovsk Oblast) was once "Слов'янськ" too and is as populous.
    check(&[
        (
            "У Слов'янську завершили пошуково-рятувальну операцію після ракетного удару.",
            "Слов'янську",
            (48.8497, 37.5974),
            5.0,
        ),
        (
            "Ракета влучила в житловий будинок у Слов'янську, загинули люди.",
            "Слов'янську",
            (48.8497, 37.5974),
            5.0,
        ),
        (
            "Вечером в Славянске прогремели взрывы, сообщили местные власти.",
            "Славянске",
            (48.8497, 37.5974),
            5.0,
        ),
        (
            "У Нікополі пошкоджено будинки після обстрілу.",
            "Нікополі",
            (47.5683, 34.3913),
            5.0,
        ),
    ]);
}

#[test]
fn russian_districts_at_their_centres() {
    // GeoNames puts these districts at their oblast's point; Климово, Суджа, Шебекино.
    check(&[
        (
            "В Климовском районе Брянской области диверсанты обстреляли автомобиль.",
            "Климовском районе",
            (52.3788, 32.1963),
            15.0,
        ),
        (
            "Губернатор сообщил об обстреле Суджанского района Курской области.",
            "Суджанского района",
            (51.191, 35.271),
            15.0,
        ),
        (
            "В Шебекинском районе Белгородской области ранены двое мирных жителей.",
            "Шебекинском районе",
            (50.4134, 36.9254),
            15.0,
        ),
    ]);
}

#[test]
fn hromadas_name_their_seat_towns() {
    // data/build/hromadas.py: Марганецька громада -> Marhanets, Хотінська -> Khotin.
    check(&[
        (
            "У четвер окупанти обстріляли Марганецьку громаду Нікопольського району.",
            "Марганецьку громаду",
            (47.6309, 34.6245),
            5.0,
        ),
        (
            "У Хотінській громаді внаслідок удару дрона постраждав чоловік.",
            "Хотінській громаді",
            (51.0800, 34.7730),
            5.0,
        ),
        (
            "ВСУ обстреляли объекты в Марганецкой общине, сообщили местные власти.",
            "Марганецкой общине",
            (47.6309, 34.6245),
            5.0,
        ),
    ]);
}

#[test]
fn hyphenated_names_in_every_case() {
    // data/build/hyphenated.py: both parts inflect (Кам'янка-Дніпровська), or only the last
    // after a linking -о (Івано-Франківськ); Russian spellings likewise.
    check(&[
        (
            "Вчора в Кам'янці-Дніпровській унаслідок обстрілу поранено трьох людей.",
            "Кам'янці-Дніпровській",
            (47.4963, 34.4103),
            5.0,
        ),
        (
            "Вчера в Каменке-Днепровской в результате обстрела ранены три человека.",
            "Каменке-Днепровской",
            (47.4963, 34.4103),
            5.0,
        ),
        (
            "Ракета влучила в Кам'янці-Подільському, повідомили в ОВА.",
            "Кам'янці-Подільському",
            (48.6788, 26.5852),
            5.0,
        ),
        (
            "Вечером в Ивано-Франковске прогремели взрывы.",
            "Ивано-Франковске",
            (48.9231, 24.7125),
            5.0,
        ),
    ]);
}

/// An adjectival form of a small place right before a lower-case noun it agrees with is an
/// adjective ("Северной стороны", "Бахмутському напрямку"), not a village hundreds of km away;
/// with a cue or before a verb it stays the village.
#[test]
fn adjective_of_a_small_place_before_its_noun() {
    let not_places = [
        (
            "Обломки сбитой ракеты упали в районе Северной стороны Севастополя, пострадали два человека.",
            "Северной",
            Some("Севастополя"),
        ),
        (
            "Сили оборони просунулися на Бахмутському напрямку, повідомив Генштаб.",
            "Бахмутському",
            None,
        ),
    ];
    for (text, word, place) in not_places {
        let got = resolved(text);
        assert!(
            got.iter().all(|(w, _, _)| w != word),
            "{text}: {word} is no place; got {got:?}"
        );
        if let Some(place) = place {
            assert!(
                got.iter().any(|(w, _, _)| w == place),
                "{text}: {place} is still found; got {got:?}"
            );
        }
    }
    let places = [
        ("У селі Зеленому загинула жінка.", "Зеленому"),
        ("У Зеленому загинула жінка, ще двоє поранені.", "Зеленому"),
        (
            "В селе Северном Белгородской области ранен мужчина.",
            "Северном",
        ),
    ];
    for (text, word) in places {
        let got = resolved(text);
        assert!(
            got.iter().any(|(w, _, _)| w == word),
            "{text}: {word} is a place; got {got:?}"
        );
    }
}
