//! Events: what happened, where and when, merged across articles, coded as ACLED codes them.
//!
//! [`extract`](extract::extract) reads one document's sentences through a chain of named rules
//! (see [`extract`]): a sentence with a trigger word (`data/lexicon/<lang>/events_triggers.tsv`
//! and `events_triggers_stems.tsv`, English, Ukrainian and Russian, every inflected form) and an
//! event place yields an [`EventReport`]: ACLED type and sub-type ([`EventType`],
//! [`EventFamily`]), place and `geo_precision`, date, actors ([`actors`]), casualties
//! ([`casualties`]) and weapons ([`weapons`]). A sentence with casualty figures but no place
//! ("Two people were killed and 62 more injured") adds them to the report of one of the two
//! sentences before it.
//!
//! `geo_precision` follows ACLED: 1 the named town, village, city district or site; 2 near one
//! ("near Avdiivka", "on the outskirts of", "під Харковом") or a second-level division; 3 only
//! the region or country. A settlement the gazetteer lacks, placed in a known region ("the
//! village of Krynky, Kherson Oblast"), gives an event at the region, precision 3, with the
//! name in `location_text`.
//!
//! [`merge`](merge::merge) joins reports with the same type (or a generic one), compatible
//! dates and places that are the same, contain one another or are towns within 15 km (an
//! R-tree), into [`Event`]s that list every source; [`AdminContext`] gives each its country,
//! admin1 and admin2 from the gazetteer hierarchy.
//!
//! Adding an event type: a line in the `event_types!` table of [`types`] (its place is its
//! priority) and rows in the lexicon files.
//!
//! ```
//! use eventmap::{Document, Pipeline};
//! use eventmap::events::EventType;
//! let p = Pipeline::builder().build();
//! let a = Document::new("a", "A missile strike hit Kharkiv on January 2, 2024, killing two people.");
//! let b = Document::new("b", "Russia fired a KN-23 missile at Kharkiv on Jan. 2; 62 were injured.");
//! let run = p.run(&[a, b]);
//! assert_eq!(run.events.len(), 1);
//! let e = &run.events[0];
//! assert_eq!(e.event_type, EventType::ShellingArtilleryMissile);
//! assert_eq!(e.event_type.family().acled_name(), "Explosions/Remote violence");
//! assert_eq!(e.date.map(|d| d.iso()).as_deref(), Some("2024-01-02"));
//! assert_eq!((e.fatalities, e.injured), (Some(2), Some(62)));
//! assert_eq!(e.sources.len(), 2);
//! assert_eq!(e.admin.admin1, "Kharkiv Oblast");
//! ```

pub mod actors;
pub(crate) mod build;
pub mod casualties;
pub mod classify;
pub mod dates;
pub mod extract;
pub mod merge;
pub(crate) mod stream;
pub mod types;
mod vocab;
pub mod weapons;
mod word_cache;

pub use casualties::{casualties, parse_number};
pub use merge::merge;
pub use types::{AdminContext, Event, EventFamily, EventReport, EventType};
pub use weapons::weapons;

use crate::gazetteer::Gazetteer;
use crate::roles::ResolvedMention;
use crate::text::{Analysed, Date};

/// The event reports of one document (a `&Document` or an already [`Analysed`] one; see
/// [`extract::extract`]) and its publication date (given, or inferred and so marked).
pub fn extract<'d>(
    gaz: &Gazetteer,
    doc: impl Into<Analysed<'d>>,
    mentions: &[ResolvedMention],
) -> (Vec<EventReport>, Option<(Date, bool)>) {
    let analysed = doc.into();
    extract::extract(gaz, analysed.doc, &analysed, mentions)
}

#[cfg(test)]
mod acled_tests;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::Pipeline;
    use crate::text::Document;

    fn pipeline() -> &'static Pipeline {
        crate::testing::pipeline()
    }

    #[test]
    fn generic_sentences_are_not_events() {
        let mut a = Document::new(
            "a",
            "These differ from the Iskander missiles which we previously saw during strikes on Kharkiv.",
        );
        a.published = Date::new(2024, 1, 6);
        assert!(pipeline().run(&[a]).events.is_empty());
    }

    #[test]
    fn two_strikes_same_day_stay_two() {
        let mut a = Document::new(
            "a",
            "A missile strike hit Kharkiv on January 2, 2024, killing two people.",
        );
        a.published = Date::new(2024, 1, 3);
        let mut b = Document::new(
            "b",
            "A missile strike hit Lviv on January 2, 2024, injuring five people.",
        );
        b.published = Date::new(2024, 1, 3);
        let run = pipeline().run(&[a, b]);
        assert_eq!(run.events.len(), 2, "{:?}", run.events);
        let g = pipeline().gazetteer();
        let names: Vec<&str> = run
            .events
            .iter()
            .map(|e| g.place(e.place).name.as_str())
            .collect();
        assert_eq!(names, ["Kharkiv", "Lviv"]);
    }

    #[test]
    fn district_merges_into_city_and_casualties_attach() {
        let mut a = Document::new(
            "a",
            "On January 2, Russian forces launched a missile attack on Kharkiv. Three missile hits were recorded in the Shevchenkivskyi district.\nTwo people were killed and 62 more injured as a result of the enemy shelling.",
        );
        a.published = Date::new(2024, 1, 6);
        let mut b = Document::new("b", "On Tuesday, a missile struck Kharkiv.");
        b.published = Date::new(2024, 1, 5);
        let run = pipeline().run(&[a, b]);
        assert_eq!(run.events.len(), 1, "{:?}", run.events);
        let e = &run.events[0];
        let g = pipeline().gazetteer();
        assert_eq!(g.place(e.place).id, "curated:kharkiv-shevchenkivskyi");
        assert_eq!(e.date.map(|d| d.iso()).as_deref(), Some("2024-01-02"));
        assert_eq!((e.fatalities, e.injured), (Some(2), Some(62)));
        assert_eq!(e.sources, ["a", "b"]);
        assert_eq!(e.event_type, EventType::ShellingArtilleryMissile);
    }

    #[test]
    fn no_event_at_a_speaking_capital() {
        let mut a = Document::new("a", "Washington said on Jan. 4 that Russia launched missiles on Dec. 30, hitting an open field in Zaporizhzhia Oblast.");
        a.published = Date::new(2024, 1, 5);
        let run = pipeline().run(&[a]);
        assert_eq!(run.events.len(), 1);
        let e = &run.events[0];
        let g = pipeline().gazetteer();
        assert_eq!(g.place(e.place).name, "Zaporizhzhia Oblast");
        assert_eq!(e.date.map(|d| d.iso()).as_deref(), Some("2023-12-30"));
        assert_eq!(e.geo_precision, 3);
    }
}

#[cfg(test)]
mod issue_tests {
    use super::*;
    use crate::pipeline::Pipeline;
    use crate::text::Document;

    fn pipeline() -> &'static Pipeline {
        crate::testing::pipeline()
    }

    fn events_of(texts: &[&str]) -> Vec<Event> {
        let docs: Vec<Document> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let mut d = Document::new(format!("d{i}"), *t);
                d.published = Date::new(2024, 5, 10);
                d
            })
            .collect();
        pipeline().run(&docs).summary.events
    }

    /// (place name, sub-event type, geo_precision) of the one event of a text.
    fn one(text: &str) -> (String, EventType, u8, Option<String>) {
        let ev = events_of(&[text]);
        assert_eq!(ev.len(), 1, "{text}: {ev:?}");
        let e = &ev[0];
        let name = pipeline().gazetteer().place(e.place).name.clone();
        (name, e.event_type, e.geo_precision, e.location_text.clone())
    }

    #[test]
    fn sentences_of_the_issue() {
        use EventType::*;
        for (text, place, kind, precision) in [
            (
                "Rockets slammed into a school in Sumy on Monday, killing two.",
                "Sumy",
                ShellingArtilleryMissile,
                1,
            ),
            (
                "Aircraft bombed the main square of the town of Izium.",
                "Izyum",
                AirDroneStrike,
                1,
            ),
            (
                "Troops set fire to tents in the Mawasi area of Khan Younis.",
                "Khān Yūnis",
                PropertyDestruction,
                2,
            ),
            (
                "Protesters rallied in Tbilisi against the law.",
                "Tbilisi",
                PeacefulProtest,
                1,
            ),
            (
                "A magnitude 6.8 earthquake struck near Marrakesh.",
                "Marrakesh",
                Earthquake,
                2,
            ),
            (
                "There was fierce fighting near Avdiivka.",
                "Avdiyivka",
                ArmedClash,
                2,
            ),
            (
                "Russian forces shelled Selydove, Donetsk, killing three civilians.",
                "Selydove",
                ShellingArtilleryMissile,
                1,
            ),
        ] {
            let got = one(text);
            assert_eq!(
                (got.0.as_str(), got.1, got.2),
                (place, kind, precision),
                "{text}"
            );
        }
    }

    #[test]
    fn precision_levels_and_unknown_places() {
        let (name, _, p, loc) = one("Shelling hit the village of Zzyzxivka in Kherson Oblast.");
        assert_eq!(
            (name.as_str(), p, loc.as_deref()),
            ("Kherson Oblast", 3, Some("Zzyzxivka"))
        );
        let (name, _, p, loc) = one("Russian troops shelled Zzyzxivka, Kherson Oblast.");
        assert_eq!(
            (name.as_str(), p, loc.as_deref()),
            ("Kherson Oblast", 3, Some("Zzyzxivka"))
        );
        let (_, _, p, loc) = one("Russian drones attacked Kherson Oblast overnight.");
        assert_eq!((p, loc), (3, None));
        let (_, _, p, _) = one("A drone struck the outskirts of Kherson.");
        assert_eq!(p, 2);
        let (_, _, p, _) = one("A drone struck Kherson.");
        assert_eq!(p, 1);
        // "Zelensky in Kyiv" names a person, not a part of the town.
        let (_, _, p, loc) = one("Missiles hit Kyiv as Zelensky in Kyiv met envoys.");
        assert_eq!((p, loc), (1, None));
    }

    #[test]
    fn admin_context_and_actors() {
        let ev = events_of(&["Russian forces shelled Selydove, Donetsk, killing three civilians."]);
        let e = &ev[0];
        assert_eq!(e.admin.country, "Ukraine");
        assert_eq!(e.admin.admin1, "Donetsk Oblast");
        assert_eq!(e.actor1.as_deref(), Some("Military Forces of Russia"));
        assert_eq!(e.actor2.as_deref(), Some("Civilians (Ukraine)"));
        assert_eq!(e.fatalities, Some(3));
    }

    #[test]
    fn one_event_in_different_wordings_merges() {
        let ev = events_of(&[
            "Russian missiles struck Kharkiv on January 2, 2024, killing two people.",
            "Two people died when a Russian rocket attack hit the city of Kharkiv on 2 January 2024.",
            "Explosions rocked Kharkiv on Jan. 2, 2024; 62 were injured.",
        ]);
        assert_eq!(ev.len(), 1, "{ev:?}");
        assert_eq!(ev[0].sources, ["d0", "d1", "d2"]);
        assert_eq!((ev[0].fatalities, ev[0].injured), (Some(2), Some(62)));
        assert_eq!(ev[0].event_type, EventType::ShellingArtilleryMissile);
    }

    #[test]
    fn different_types_same_place_and_day_stay_apart() {
        let ev = events_of(&[
            "Russian missiles struck Kharkiv on January 2, 2024.",
            "Protesters rallied in Kharkiv on January 2, 2024.",
        ]);
        assert_eq!(ev.len(), 2, "{ev:?}");
    }

    #[test]
    fn towns_14_km_apart_in_the_arctic_merge() {
        // Vorkuta and Vorgashor (Komi, 67.5° N) are about 14 km apart.
        let ev = events_of(&[
            "A drone struck Vorkuta on January 5, 2024.",
            "A drone attack hit Vorgashor on January 5, 2024.",
        ]);
        assert_eq!(ev.len(), 1, "{ev:?}");
        assert_eq!(ev[0].sources.len(), 2);
    }
}
