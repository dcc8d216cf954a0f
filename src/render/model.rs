//! What the map shows: places and events with the facts their symbols and labels need, built
//! from a pipeline run (or read from GeoJSON, see [`super::read`]), and the words written on
//! the map: event labels with casualties, and a title made from the content.

use geo::Point;

use crate::events::dates::PartialDate;
use crate::events::{EventFamily, EventType};
use crate::gazetteer::{Gazetteer, Kind};
use crate::result::Summary;
use crate::roles::Role;

/// A place to draw.
#[derive(Clone, Debug, PartialEq)]
pub struct MapPlace {
    /// Label.
    pub name: String,
    /// Kind (sets the marker shape).
    pub kind: Kind,
    /// Position: x = longitude, y = latitude, degrees.
    pub point: Point,
    /// Mentions (sets the marker size).
    pub mentions: usize,
    /// Main role (sets the colour).
    pub role: Role,
}

/// A sentence that reports an event.
#[derive(Clone, Debug, PartialEq)]
pub struct Evidence {
    /// Source document id.
    pub doc: String,
    /// The sentence.
    pub sentence: String,
    /// The document's URL, where the input gave one.
    pub url: Option<String>,
}

/// An event to draw.
#[derive(Clone, Debug, PartialEq)]
pub struct MapEvent {
    /// Id within the run (`E1`).
    pub id: String,
    /// Name of its place.
    pub place: String,
    /// Gazetteer id of its place (`geonames:687699`), which finds the region to shade.
    pub place_id: String,
    /// Kind of its place.
    pub kind: Kind,
    /// ACLED geo-precision: 1 a town or finer, 2 near one, 3 a region.
    pub geo_precision: u8,
    /// Type.
    pub event_type: EventType,
    /// When, as precisely as known.
    pub date: Option<PartialDate>,
    /// Position of its place: x = longitude, y = latitude, degrees.
    pub point: Point,
    /// People killed (largest reported figure).
    pub fatalities: Option<u32>,
    /// People injured (largest reported figure).
    pub injured: Option<u32>,
    /// Source document ids.
    pub sources: Vec<String>,
    /// Weapons named.
    pub weapons: Vec<String>,
    /// Some of the sentences reporting it (at most [`EVIDENCE_PER_EVENT`]).
    pub evidence: Vec<Evidence>,
}

/// How many evidence sentences an event carries to the maps.
pub const EVIDENCE_PER_EVENT: usize = 5;

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// "2 Jan 2024", or "30 Dec" when the year is unknown.
pub fn format_date(d: PartialDate) -> String {
    let month = |m: u8| MONTHS[usize::from(m.clamp(1, 12)) - 1];
    match d {
        PartialDate::Day(d) => format!("{} {} {}", d.day, month(d.month), d.year),
        PartialDate::MonthDay(m, day) => format!("{day} {}", month(m)),
    }
}

/// "missile strike".
pub fn type_name(t: EventType) -> String {
    t.label().to_string()
}

impl MapEvent {
    /// Whether the event is only known to a region (ACLED geo-precision 3, or a place that
    /// is a division or a country): drawn as its region shaded, not as a point.
    pub fn is_regional(&self) -> bool {
        self.geo_precision >= 3 || self.kind <= Kind::Admin2
    }

    /// "2 killed, 62 injured", or `None` without figures.
    pub fn casualties(&self) -> Option<String> {
        casualty_text(self.fatalities, self.injured)
    }

    /// The measure an event symbol's area shows: people killed plus injured.
    pub fn size_measure(&self) -> u32 {
        self.fatalities.unwrap_or(0) + self.injured.unwrap_or(0)
    }

    /// The label's second line: "2 Jan 2024 · missile/artillery attack · 2 killed, 62 injured".
    pub fn details(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        parts.extend(self.date.map(format_date));
        parts.push(type_name(self.event_type));
        parts.extend(self.casualties());
        parts.join(" · ")
    }
}

/// The label's second line for several events at one place: "7 events · 30 Dec 2023 – 12
/// Jan 2024 · 14 killed, 434 injured" (figures summed over the events that give them).
pub fn group_details(events: &[&MapEvent]) -> String {
    let mut parts = vec![format!("{} events", events.len())];
    parts.extend(date_span(events.iter().filter_map(|e| e.date)));
    let sum = |f: fn(&MapEvent) -> Option<u32>| {
        let known: Vec<u32> = events.iter().filter_map(|e| f(e)).collect();
        (!known.is_empty()).then(|| known.iter().sum::<u32>())
    };
    parts.extend(casualty_text(sum(|e| e.fatalities), sum(|e| e.injured)));
    parts.join(" · ")
}

/// "2 killed, 62 injured", or `None` without figures.
fn casualty_text(killed: Option<u32>, injured: Option<u32>) -> Option<String> {
    let parts: Vec<String> = [(killed, "killed"), (injured, "injured")]
        .into_iter()
        .filter_map(|(n, w)| n.map(|n| format!("{n} {w}")))
        .collect();
    (!parts.is_empty()).then(|| parts.join(", "))
}

/// Radius in pixels (at scale 1) of an event symbol: its area grows with the people killed
/// and injured (radius 9 px without figures, 9 + 1.6·√n, at most 26 px).
pub fn event_radius(measure: u32) -> f64 {
    (9.0 + 1.6 * f64::from(measure).sqrt()).min(26.0)
}

/// Map data from a pipeline run (each event's sources and evidence read from all its
/// reports, see [`Summary::for_each_report`]).
pub fn map_data(
    run: &Summary,
    gaz: &Gazetteer,
) -> crate::error::Result<(Vec<MapPlace>, Vec<MapEvent>)> {
    let places = run
        .places
        .iter()
        .map(|s| {
            let p = gaz.place(s.place);
            MapPlace {
                name: p.name.clone(),
                kind: p.kind,
                point: Point::new(p.lon, p.lat),
                mentions: usize::try_from(s.mention_count).unwrap_or(usize::MAX),
                role: s.main_role(),
            }
        })
        .collect();
    let mut events = Vec::with_capacity(run.events.len());
    for e in &run.events {
        let p = gaz.place(e.place);
        let mut evidence: Vec<Evidence> = Vec::new();
        let mut sources: Vec<String> = Vec::new();
        run.for_each_report(e, |r, info| {
            if evidence.len() < EVIDENCE_PER_EVENT
                && !evidence.iter().any(|x| x.sentence == r.sentence_text)
            {
                evidence.push(Evidence {
                    doc: r.doc.clone(),
                    sentence: r.sentence_text.clone(),
                    url: info.url.clone(),
                });
            }
            if sources.last() != Some(&r.doc) {
                sources.push(r.doc.clone());
            }
            Ok(())
        })?;
        events.push(MapEvent {
            id: e.id.clone(),
            place: p.name.clone(),
            place_id: p.id.clone(),
            kind: p.kind,
            geo_precision: e.geo_precision,
            event_type: e.event_type,
            date: e.date,
            point: Point::new(p.lon, p.lat),
            fatalities: e.fatalities,
            injured: e.injured,
            sources,
            weapons: e.weapons.clone(),
            evidence,
        });
    }
    Ok((places, events))
}

/// Sets each evidence sentence's URL from its document id (documents read from JSON Lines
/// may carry one).
pub fn link_sources<'a>(events: &mut [MapEvent], url_of: impl Fn(&str) -> Option<&'a str>) {
    for e in events {
        for ev in &mut e.evidence {
            ev.url = url_of(&ev.doc).map(str::to_string);
        }
    }
}

/// The noun a title uses for a kind of event.
fn title_noun(t: EventType) -> &'static str {
    match t {
        EventType::ShellingArtilleryMissile | EventType::AirDroneStrike => "Strikes",
        EventType::RemoteExplosive | EventType::SuicideBomb => "Explosions",
        t => match t.family() {
            EventFamily::Battles => "Fighting",
            EventFamily::Protests => "Protests",
            EventFamily::Riots => "Riots",
            EventFamily::Disaster => "Disasters",
            _ => "Attacks",
        },
    }
}

/// "30 Dec 2023 – 2 Jan 2024" over the dates with a year (or, without any, those without).
pub fn date_range(events: &[MapEvent]) -> Option<String> {
    date_span(events.iter().filter_map(|e| e.date))
}

/// [`date_range`] over dates.
fn date_span(dates: impl Iterator<Item = PartialDate>) -> Option<String> {
    let all: Vec<PartialDate> = dates.collect();
    let full: Vec<PartialDate> = all
        .iter()
        .copied()
        .filter(|d| matches!(d, PartialDate::Day(_)))
        .collect();
    let dates = if full.is_empty() { all } else { full };
    let (lo, hi) = (dates.iter().min()?, dates.iter().max()?);
    Some(if lo == hi {
        format_date(*lo)
    } else {
        format!("{} – {}", format_date(*lo), format_date(*hi))
    })
}

/// A title from the content: "Strikes in Ukraine, 30 Dec 2023 – 2 Jan 2024" (the most common
/// kind of event, the countries holding events, most events first, and the dates), or
/// "Places mentioned" with the countries of the places when there are no events.
pub fn content_title(events: &[MapEvent], places: &[MapPlace]) -> String {
    let countries = |pts: Vec<Point>| {
        let names = super::regions::countries_by_count(&pts);
        match names.len() {
            0 => None,
            1 | 2 => Some(names.join(" and ")),
            n => Some(format!("{} and {} other countries", names[0], n - 1)),
        }
    };
    if events.is_empty() {
        let pts = places
            .iter()
            .filter(|p| p.kind > Kind::Country)
            .map(|p| p.point)
            .collect();
        return match countries(pts) {
            Some(c) => format!("Places mentioned in {c}"),
            None => "Places mentioned".into(),
        };
    }
    let mut nouns: Vec<(&str, usize)> = Vec::new();
    for e in events {
        let n = title_noun(e.event_type);
        match nouns.iter_mut().find(|(k, _)| *k == n) {
            Some(c) => c.1 += 1,
            None => nouns.push((n, 1)),
        }
    }
    let noun = nouns
        .iter()
        .max_by_key(|(_, c)| *c)
        .map_or("Events", |(n, _)| n);
    let mut title = noun.to_string();
    if let Some(c) = countries(events.iter().map(|e| e.point).collect()) {
        title = format!("{title} in {c}");
    }
    if let Some(d) = date_range(events) {
        title = format!("{title}, {d}");
    }
    title
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::text::Date;

    pub(crate) fn event(place: &str, kind: Kind, lon: f64, lat: f64) -> MapEvent {
        MapEvent {
            id: "E1".into(),
            place: place.into(),
            place_id: String::new(),
            kind,
            geo_precision: if kind <= Kind::Admin2 { 3 } else { 1 },
            event_type: EventType::ShellingArtilleryMissile,
            date: None,
            point: Point::new(lon, lat),
            fatalities: None,
            injured: None,
            sources: vec!["a".into()],
            weapons: vec![],
            evidence: vec![],
        }
    }

    #[test]
    fn labels_carry_dates_and_casualties() {
        let mut e = event("Shevchenkivskyi District", Kind::District, 36.2, 50.0);
        e.date = Some(PartialDate::Day(Date::new(2024, 1, 2).unwrap()));
        e.fatalities = Some(2);
        e.injured = Some(62);
        assert_eq!(
            e.details(),
            "2 Jan 2024 · missile/artillery attack · 2 killed, 62 injured"
        );
        assert_eq!(e.size_measure(), 64);
        assert!(!e.is_regional());
        let mut o = event("Odesa Oblast", Kind::Admin1, 30.0, 46.9);
        o.event_type = EventType::Attack;
        o.date = Some(PartialDate::MonthDay(12, 30));
        assert_eq!(o.details(), "30 Dec · attack");
        assert!(o.is_regional());
        assert!(event_radius(64) > event_radius(0));
        assert!(event_radius(1_000_000) <= 26.0);
    }

    /// Several events at one place: one label with their number, date range and summed
    /// figures (an event without figures adds none).
    #[test]
    fn a_group_label_sums_figures_over_its_events() {
        let day = |d| Some(PartialDate::Day(Date::new(2024, 1, d).unwrap()));
        let mut a = event("Kharkiv", Kind::City, 36.25, 49.98);
        (a.date, a.fatalities, a.injured) = (day(2), Some(2), Some(62));
        let mut b = a.clone();
        (b.date, b.fatalities, b.injured) = (day(9), Some(1), None);
        let mut c = a.clone();
        (c.date, c.fatalities, c.injured) = (day(5), None, None);
        assert_eq!(
            group_details(&[&a, &b, &c]),
            "3 events · 2 Jan 2024 – 9 Jan 2024 · 3 killed, 62 injured"
        );
        c.date = None;
        assert_eq!(group_details(&[&c, &c]), "2 events");
    }

    #[test]
    fn title_from_content() {
        let mut a = event("Zaporizhzhia Oblast", Kind::Admin1, 35.7, 47.3);
        a.date = Some(PartialDate::Day(Date::new(2023, 12, 30).unwrap()));
        let mut b = event("Kharkiv", Kind::City, 36.25, 49.98);
        b.date = Some(PartialDate::Day(Date::new(2024, 1, 2).unwrap()));
        let mut c = event("Odesa Oblast", Kind::Admin1, 30.0, 46.9);
        c.event_type = EventType::Attack;
        assert_eq!(
            content_title(&[a, b, c], &[]),
            "Strikes in Ukraine, 30 Dec 2023 – 2 Jan 2024"
        );
        let mut s = event("Belgorod", Kind::City, 36.6, 50.6);
        s.event_type = EventType::ArmedClash;
        assert_eq!(content_title(&[s], &[]), "Fighting in Russia");
        assert_eq!(content_title(&[], &[]), "Places mentioned");
    }
}
