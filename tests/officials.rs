//! Places named in an official's title ("повідомив міський голова Києва", "сообщил губернатор
//! Курской области", "Kharkiv Governor Oleh Syniehubov said"): they say whose official
//! speaks, so the sentence's figures join the event just reported and no second event is made
//! at the official's town; when the official's town is the story's only place, it is the
//! event place. Sentences in English, Ukrainian and Russian in the style of news reports.

mod common;

use eventmap::{Date, Document};

use common::pipeline;

/// (canonical place name, killed, injured) of every event of one document.
fn events(text: &str) -> Vec<(String, Option<u32>, Option<u32>)> {
    let p = pipeline();
    let mut d = Document::new("d", text);
    d.published = Date::new(2024, 1, 2);
    p.run(&[d])
        .events
        .iter()
        .map(|e| {
            let name = p.gazetteer().place(e.place).name.clone();
            (name, e.fatalities, e.injured)
        })
        .collect()
}

#[test]
fn an_officials_town_is_no_second_event() {
    for (text, place, injured) in [
        (
            "Уламки збитої ракети впали на території Солом'янського району столиці. Постраждали \
             двоє людей, повідомив міський голова Києва Віталій Кличко.",
            "Solomianka Rayon",
            2,
        ),
        (
            "Ракета влучила в житловий будинок у Лозовій. Поранено трьох людей, повідомив \
             начальник Харківської ОВА Олег Синєгубов.",
            "Lozova",
            3,
        ),
        (
            "Беспилотник атаковал Рыльск. Ранены двое мирных жителей, сообщил врио губернатора \
             Курской области Алексей Смирнов.",
            "Ryl’sk",
            2,
        ),
        (
            "A missile struck a warehouse in Lozova. Two people were injured, Kharkiv Governor \
             Oleh Syniehubov said.",
            "Lozova",
            2,
        ),
        (
            "A drone hit an apartment block in Rylsk. Two people were injured, said the \
             governor of Kursk region, Alexei Smirnov.",
            "Ryl’sk",
            2,
        ),
    ] {
        let got = events(text);
        assert_eq!(got, [(place.to_string(), None, Some(injured))], "{text}");
    }
}

#[test]
fn an_officials_town_that_is_the_only_place_is_the_event_place() {
    for text in [
        "Russian drones struck overnight. Two people were injured, Kharkiv Mayor Ihor Terekhov \
         said.",
        "Вночі ворог атакував дронами. Поранено двох людей, повідомив мер Харкова Ігор Терехов.",
        "Ночью ВСУ атаковали беспилотниками. Ранены два человека, сообщил мэр Харькова Игорь \
         Терехов.",
    ] {
        let got = events(text);
        assert_eq!(got, [("Kharkiv".to_string(), None, Some(2))], "{text}");
    }
}
