//! Extraction: one document's sentences to [`EventReport`]s.
//!
//! A sentence goes through these rules, in order; the first that fails ends it:
//!
//! | rule | what it checks or sets |
//! |------|------------------------|
//! | `trigger` | a strong or weak word of `events_triggers` (any form: "slammed into", "set fire", "обстріляли", "прилёт") |
//! | `specific` | no word of `events_generic` ("previously", "зазвичай"): attacks in general are not one event |
//! | `type` | the sub-event type: the first in [`EventType`] order among strong and cue words, else among weak ones |
//! | `places` | the sentence's `event`-role places; else places after a locative or a trigger word ("rallied in Tbilisi", "recaptured Robotyne"); none: the casualty figures go to a report of the two sentences before |
//! | `containers` | drop places containing another place of the sentence ("Kharkiv" beside its district, "Donetsk" in "Selydove, Donetsk") |
//! | `precision` | ACLED `geo_precision`: 1 a town, village, district or site; 2 near one (`events_near`) or a second-level division; 3 a region or country, keeping an unknown settlement's name in `location_text` |
//! | `date` | the date nearest before the place, else after it, not one of saying ("said on Jan. 4") |
//! | `figures` | actors, casualties and weapons of the sentence |
//!
//! [`EventType`]: super::EventType

use std::sync::OnceLock;

use crate::gazetteer::{Gazetteer, Kind, PlaceId};
use crate::roles::{ResolvedMention, Role};
use crate::text::{is_calendar_word, Analysis, Case, Date, Document, Token};

use super::actors::actors_in;
use super::casualties::casualties_in;
use super::dates::{
    document_date, find_dates, infer_published, DateMention, DateSource, PartialDate,
};
use super::types::{AdminContext, EventReport, EventType};
use super::vocab::{Hit, Matcher};
use super::weapons::weapons_in;

struct Words {
    triggers: Matcher,
    generic: Matcher,
    near: Matcher,
    locatives: Matcher,
    place_words: Matcher,
    saying: Matcher,
}

fn words() -> &'static Words {
    static W: OnceLock<Words> = OnceLock::new();
    W.get_or_init(|| Words {
        triggers: Matcher::load("events_triggers"),
        generic: Matcher::load("events_generic"),
        near: Matcher::load("events_near"),
        locatives: Matcher::load("events_locatives"),
        place_words: Matcher::load("events_place_words"),
        saying: Matcher::load("events_saying"),
    })
}

/// The trigger vocabulary (`events_triggers`), for the other event modules.
pub(crate) fn trigger_words() -> &'static Matcher {
    &words().triggers
}

/// How a trigger word counts (third column of `events_triggers.tsv`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Strength {
    Strong,
    Cue,
    Weak,
}

fn parse_trigger(value: &str) -> Option<(EventType, Strength)> {
    let mut cols = value.split('\t');
    let t = EventType::parse(cols.next()?.trim())?;
    let s = match cols.next().map(str::trim) {
        Some("weak") => Strength::Weak,
        Some("cue") => Strength::Cue,
        _ => Strength::Strong,
    };
    Some((t, s))
}

/// The event type of a sentence's trigger hits and whether a specific word gave it; `None`
/// when no hit reports an event (no strong or weak word).
fn classify(hits: &[Hit]) -> Option<(EventType, bool)> {
    let parsed: Vec<(EventType, Strength)> =
        hits.iter().filter_map(|h| parse_trigger(h.value)).collect();
    if !parsed.iter().any(|(_, s)| *s != Strength::Cue) {
        return None;
    }
    let best =
        |f: &dyn Fn(Strength) -> bool| parsed.iter().filter(|(_, s)| f(*s)).map(|(t, _)| *t).min();
    let found = match best(&|s| s != Strength::Weak) {
        Some(t) => Some((t, true)),
        None => best(&|_| true).map(|t| (t, false)),
    };
    // A protest whose people were detained is a protest with intervention (ACLED).
    let arrests = parsed.iter().any(|(t, _)| *t == EventType::Arrests);
    found.map(|(t, specific)| match t {
        EventType::PeacefulProtest if arrests => (EventType::ProtestWithIntervention, specific),
        t => (t, specific),
    })
}

/// The event type of one sentence as extraction sees it (`None`: not an event report).
///
/// ```
/// use eventmap::events::{extract::sentence_type, EventType};
/// assert_eq!(sentence_type("Aircraft bombed the main square of the town of Izium."), Some(EventType::AirDroneStrike));
/// assert_eq!(sentence_type("The minister visited Izium."), None);
/// ```
pub fn sentence_type(sentence: &str) -> Option<EventType> {
    let toks = crate::text::tokenize(sentence);
    classify(&words().triggers.find(&toks)).map(|(t, _)| t)
}

/// The event reports of one document. `mentions` are its resolved mentions in text order.
/// The second value is the publication date used (given or inferred) and whether inferred.
pub fn extract(
    gaz: &Gazetteer,
    doc: &Document,
    analysis: &Analysis,
    mentions: &[ResolvedMention],
) -> (Vec<EventReport>, Option<(Date, bool)>) {
    let anchor = match doc.published {
        Some(d) => Some((d, false)),
        None => infer_published(&doc.text).map(|d| (d, true)),
    };
    let dates = find_dates(&doc.text, anchor.map(|a| a.0));
    let mut out: Vec<EventReport> = Vec::new();
    let mut last_event_sentence: Option<(usize, usize)> = None; // (sentence index, report index)
    for (si, &span) in analysis.sentences.iter().enumerate() {
        let s = Sentence {
            gaz,
            doc,
            span,
            toks: analysis.tokens_in(span),
            mentions,
            index: si,
        };
        let hits = words().triggers.find(s.toks);
        let text = &doc.text;
        // Casualty figures with no event place ("Ранения получили 109 человек."): they
        // belong to a report just before.
        let add_to_last = |out: &mut Vec<EventReport>| {
            let (killed, hurt) = casualties_in(text, s.toks);
            if let (Some((psi, ri)), true) = (last_event_sentence, killed.or(hurt).is_some()) {
                if si - psi <= 2 {
                    let r = &mut out[ri];
                    r.fatalities = r.fatalities.or(killed);
                    r.injured = r.injured.or(hurt);
                    r.weapons.extend(weapons_in(text, s.toks));
                }
            }
        };
        let Some((event_type, type_specific)) = classify(&hits) else {
            add_to_last(&mut out);
            continue;
        };
        if words().generic.any(s.toks) {
            continue;
        }
        let places = s.places();
        if places.is_empty() {
            add_to_last(&mut out);
            continue;
        }
        let (killed, hurt) = casualties_in(text, s.toks);
        let weapons = weapons_in(text, s.toks);
        let first_trigger = hits.first().map_or(0, |h| h.at);
        for (m, place) in places {
            let (geo_precision, location_text) = s.precision(m, place);
            let (mut date, mut date_inferred) = s.date(&dates, m, anchor.is_some_and(|a| a.1));
            if date.is_none() {
                // A sentence with no date of its own: the document's (see `document_date`).
                if let Some((d, from)) = document_date(&dates, m.mention.start, anchor.map(|a| a.0))
                {
                    date = Some(d);
                    date_inferred = from == DateSource::Published || anchor.is_some_and(|a| a.1);
                }
            }
            let country = AdminContext::of(gaz, place).country;
            let (actor1, actor2) = actors_in(s.toks, first_trigger, &country);
            out.push(EventReport {
                doc: doc.id.clone(),
                event_type,
                type_specific,
                place,
                geo_precision,
                location_text,
                date,
                date_inferred,
                actor1,
                actor2,
                fatalities: killed,
                injured: hurt,
                weapons: weapons.clone(),
                sentence: span,
                sentence_text: text[span.0..span.1].to_string(),
            });
            last_event_sentence = Some((si, out.len() - 1));
        }
    }
    (out, anchor)
}

fn is_capitals(text: &str) -> bool {
    text.chars().filter(|c| c.is_alphabetic()).count() > 1 && !text.chars().any(char::is_lowercase)
}

/// One sentence and what the rules read from it.
struct Sentence<'a> {
    gaz: &'a Gazetteer,
    doc: &'a Document,
    span: (usize, usize),
    toks: &'a [Token],
    mentions: &'a [ResolvedMention],
    index: usize,
}

impl<'a> Sentence<'a> {
    /// Index in `toks` of the first token at or after a byte offset.
    fn token_at(&self, byte: usize) -> usize {
        self.toks.partition_point(|t| t.start < byte)
    }

    /// Rules `places` and `containers`: the event places of the sentence, one per place.
    fn places(&self) -> Vec<(&'a ResolvedMention, PlaceId)> {
        let here = |m: &&ResolvedMention| m.mention.sentence == self.index;
        let resolved = |m: &'a ResolvedMention| m.resolution.as_ref().map(|r| (m, r.place));
        let mut places: Vec<_> = self
            .mentions
            .iter()
            .filter(here)
            .filter(|m| m.role == Role::Event)
            .filter_map(resolved)
            .collect();
        if places.is_empty() {
            places = self
                .mentions
                .iter()
                .filter(here)
                // Not a dateline ("KIEV (Reuters) -"): datelines are written in capitals.
                .filter(|m| m.role == Role::Mention && !is_capitals(&m.mention.text))
                .filter(|m| self.located(m))
                .filter_map(resolved)
                .collect();
        }
        let gaz = self.gaz;
        let mut kept: Vec<(&ResolvedMention, PlaceId)> = Vec::new();
        for (i, &(m, id)) in places.iter().enumerate() {
            let shadowed = places.iter().any(|&(_, other)| {
                other != id
                    && (gaz.contains(id, other)
                        || (gaz.place(id).kind == Kind::Country
                            && gaz.place(other).country_code == gaz.place(id).country_code))
            });
            let container = i > 0 && self.names_container_of(places[i - 1], (m, id));
            if !shadowed && !container && !kept.iter().any(|&(_, k)| k == id) {
                kept.push((m, id));
            }
        }
        kept
    }

    /// "Selydove, Donetsk": a town right after a comma that names the region of the place
    /// before it is that region, not a second place.
    fn names_container_of(
        &self,
        (pm, pid): (&ResolvedMention, PlaceId),
        (m, _): (&ResolvedMention, PlaceId),
    ) -> bool {
        let gap = self
            .doc
            .text
            .get(pm.mention.end..m.mention.start)
            .unwrap_or("");
        if gap.trim() != "," {
            return false;
        }
        let p = self.gaz.place(pid);
        let Some(region) = self.gaz.admin1(&p.country_code, &p.admin1_code) else {
            return false;
        };
        let region_key = crate::text::name_key(&self.gaz.place(region).name);
        region != pid && region_key.starts_with(&m.mention.key)
    }

    /// Whether a mention stands where a clause puts its event: after a locative ("in", "near",
    /// "of", "у", "под") or right after a trigger ("recaptured Robotyne"), over place words
    /// ("the town of", "село").
    fn located(&self, m: &ResolvedMention) -> bool {
        let w = words();
        let mut k = self.token_at(m.mention.start);
        for _ in 0..5 {
            let Some(prev) = k.checked_sub(1) else {
                return false;
            };
            let key = &self.toks[prev].key;
            if w.locatives.word(key).is_some() || w.triggers.word(key).is_some() {
                return true;
            }
            // "shelled Krynky, Kherson Oblast": over an unknown name and its comma.
            let unknown_name = matches!(self.toks[prev].case, Case::Title | Case::Upper)
                && !self.in_mention(&self.toks[prev])
                && self.toks.get(prev + 1).is_some_and(|t| {
                    self.doc.text[self.toks[prev].end..t.start.min(m.mention.start)].trim() == ","
                });
            if w.place_words.word(key).is_none() && !unknown_name {
                return false;
            }
            k = prev;
        }
        false
    }

    /// Rule `precision`: ACLED geo-precision, and the unknown settlement behind a region.
    fn precision(&self, m: &ResolvedMention, place: PlaceId) -> (u8, Option<String>) {
        let kind = self.gaz.place(place).kind;
        match kind {
            Kind::City | Kind::District | Kind::Landmark | Kind::Other => {
                // "the Mawasi area of Khan Younis": a part of the town the gazetteer lacks,
                // placed at the town (approximate coordinates).
                let part = self.unknown_place(m, true);
                let near = self.is_near(m) || part.is_some();
                (if near { 2 } else { 1 }, part)
            }
            Kind::Admin2 => (2, self.unknown_place(m, false)),
            Kind::Admin1 | Kind::Country | Kind::Continent => (3, self.unknown_place(m, false)),
            // A sea, river, island or macro-region: only the area is known.
            Kind::Island | Kind::Sea | Kind::River | Kind::Mountains | Kind::Region => {
                (3, self.unknown_place(m, false))
            }
        }
    }

    /// "near Avdiivka", "on the outskirts of the town of X", "під Харковом".
    fn is_near(&self, m: &ResolvedMention) -> bool {
        let w = words();
        let mut k = self.token_at(m.mention.start);
        for _ in 0..5 {
            let Some(prev) = k.checked_sub(1) else {
                return false;
            };
            if w.near.word(&self.toks[prev].key).is_some()
                || (prev > 0 && w.near.at(self.toks, prev - 1).is_some_and(|h| h.len == 2))
            {
                return true;
            }
            if w.place_words.word(&self.toks[prev].key).is_none() {
                return false;
            }
            k = prev;
        }
        false
    }

    fn in_mention(&self, t: &Token) -> bool {
        self.mentions
            .iter()
            .filter(|m| m.mention.sentence == self.index)
            .any(|m| t.start < m.mention.end && t.end > m.mention.start)
    }

    /// A capitalised name that is no mention: "Krynky" in "Krynky, Kherson Oblast", "Krynky in
    /// Kherson Oblast", "Krynky (Kherson Oblast)", "the Mawasi area of Khan Younis", or after
    /// a settlement word anywhere in the sentence ("the village of Krynky", "село Кринки").
    /// For a town (`inside_town`) only "the X area of" counts: "Zelensky in Kyiv" is a person.
    fn unknown_place(&self, m: &ResolvedMention, inside_town: bool) -> Option<String> {
        let w = words();
        let name_token = |i: usize| {
            let t = &self.toks[i];
            i > 0
                && matches!(t.case, Case::Title | Case::Upper)
                && !self.in_mention(t)
                && !is_calendar_word(&t.key)
                && w.place_words.word(&t.key).is_none()
                && w.triggers.word(&t.key).is_none()
        };
        let name_from = |end: usize| {
            let mut start = end;
            while start > 0 && end - start < 2 && name_token(start - 1) {
                start -= 1;
            }
            self.doc.text[self.toks[start].start..self.toks[end].end].to_string()
        };
        let first = self.token_at(m.mention.start);
        // Right before the place: "Krynky, " / "Krynky in " / "Krynky (" / "Mawasi area of ".
        if let Some(before) = first.checked_sub(1) {
            let gap = &self.doc.text[self.toks[before].end..m.mention.start];
            let mut end = match gap.trim() {
                "," | "(" if !inside_town => Some(before),
                "" if w.locatives.word(&self.toks[before].key).is_some() => before.checked_sub(1),
                _ => None,
            };
            let mut skipped = 0;
            while let Some(e) =
                end.filter(|&e| e > 0 && w.place_words.word(&self.toks[e].key).is_some())
            {
                end = Some(e - 1);
                skipped += 1;
            }
            if let Some(e) = end.filter(|&e| name_token(e) && (skipped > 0 || !inside_town)) {
                return Some(name_from(e));
            }
        }
        if inside_town {
            return None;
        }
        // After a settlement word: "the village of Krynky".
        let settlement = |i: usize| {
            w.place_words
                .word(&self.toks[i].key)
                .is_some_and(|v| v == "settlement")
        };
        let name_after = |i: usize| {
            let j = if self.toks.get(i + 1).is_some_and(|t| t.key == "of") {
                i + 2
            } else {
                i + 1
            };
            (j < self.toks.len() && name_token(j)).then_some(j)
        };
        let j = (0..self.toks.len())
            .filter(|&i| settlement(i))
            .find_map(name_after)?;
        let mut end = j;
        while end + 1 < self.toks.len() && end - j < 2 && name_token(end + 1) {
            end += 1;
        }
        Some(self.doc.text[self.toks[j].start..self.toks[end].end].to_string())
    }

    /// Rule `date`: the date nearest before the place (not one of saying: "said on Jan. 4"),
    /// else the nearest after it. Returns the date and whether it rests on an inferred
    /// publication date.
    fn date(
        &self,
        dates: &[DateMention],
        m: &ResolvedMention,
        anchor_inferred: bool,
    ) -> (Option<PartialDate>, bool) {
        let (s, e) = self.span;
        let said = |from: usize, to: usize| {
            let (a, b) = (self.token_at(from), self.token_at(to));
            self.toks[a..b]
                .iter()
                .any(|t| words().saying.word(&t.key).is_some())
        };
        let in_sentence: Vec<&DateMention> = dates
            .iter()
            .filter(|d| d.start >= s && d.end <= e && d.date.is_some())
            .filter(|d| {
                // "said on Jan. 4", "reported earlier on Jan. 4".
                let mut k = self.token_at(d.start);
                while k > 0 && matches!(self.toks[k - 1].key.as_str(), "on" | "earlier") {
                    k -= 1;
                }
                k == 0 || words().saying.word(&self.toks[k - 1].key).is_none()
            })
            .collect();
        let chosen = in_sentence
            .iter()
            .filter(|d| d.end <= m.mention.start)
            .max_by_key(|d| d.start)
            .or_else(|| {
                in_sentence
                    .iter()
                    .filter(|d| d.start >= m.mention.end)
                    .min_by_key(|d| d.start)
            })
            .copied()
            // "On January 4, Kirby said that Russia … struck Ukraine": the saying's date.
            .filter(|d| d.end > m.mention.start || !said(d.end, m.mention.start));
        let date = chosen.and_then(|d| d.date);
        let inferred = anchor_inferred
            && chosen.is_some_and(|d| d.relative || matches!(d.date, Some(PartialDate::Day(_))));
        (date, inferred)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The event type of a sentence, for every trigger family and language.
    #[test]
    fn event_type_of_a_sentence() {
        use EventType::*;
        for (sentence, want) in [
            (
                "Rockets slammed into a school in Sumy on Monday, killing two.",
                Some(ShellingArtilleryMissile),
            ),
            (
                "Aircraft bombed the main square of the town of Izium.",
                Some(AirDroneStrike),
            ),
            (
                "Troops set fire to tents in the Mawasi area of Khan Younis.",
                Some(PropertyDestruction),
            ),
            (
                "Ukrainian forces recaptured Robotyne.",
                Some(GovernmentRegainsTerritory),
            ),
            (
                "Protesters rallied in Tbilisi against the law.",
                Some(PeacefulProtest),
            ),
            (
                "A magnitude 6.8 earthquake struck near Marrakesh.",
                Some(Earthquake),
            ),
            ("There was fierce fighting near Avdiivka.", Some(ArmedClash)),
            (
                "Russian forces shelled Selydove, Donetsk.",
                Some(ShellingArtilleryMissile),
            ),
            (
                "A Shahed drone hit an apartment block in Odesa.",
                Some(AirDroneStrike),
            ),
            ("A car bomb exploded in Mogadishu.", Some(RemoteExplosive)),
            (
                "Air defence shot down 20 drones over Kyiv.",
                Some(DisruptedWeaponsUse),
            ),
            ("Floods swept through the valley.", Some(Flood)),
            ("Gunmen kidnapped 30 students in Kaduna.", Some(Abduction)),
            (
                "Rioters clashed with police in Dakar.",
                Some(ViolentDemonstration),
            ),
            (
                "A gas explosion at a chemical plant killed four.",
                Some(IndustrialAccident),
            ),
            ("Two people were killed in Kherson.", Some(Attack)),
            (
                "Russia struck Kharkiv on Tuesday.",
                Some(ShellingArtilleryMissile),
            ),
            ("The minister visited Kharkiv on Tuesday.", None),
            ("A missile museum opened in Kyiv.", None),
            // Ukrainian.
            (
                "Росіяни завдали ракетного удару по Харкову.",
                Some(ShellingArtilleryMissile),
            ),
            (
                "Вночі ворог атакував Одесу ударними БпЛА типу Шахед.",
                Some(AirDroneStrike),
            ),
            ("Окупанти скинули КАБ на Куп'янськ.", Some(AirDroneStrike)),
            (
                "У Запоріжжі пролунали вибухи.",
                Some(ShellingArtilleryMissile),
            ),
            ("Тривають запеклі бої під Авдіївкою.", Some(ArmedClash)),
            (
                "Сили оборони звільнили Роботине.",
                Some(GovernmentRegainsTerritory),
            ),
            ("Сили ППО збили 15 шахедів.", Some(DisruptedWeaponsUse)),
            // Russian.
            (
                "Беспилотник атаковал нефтебазу в Брянске.",
                Some(AirDroneStrike),
            ),
            (
                "В результате обстрела Донецка погибли двое.",
                Some(ShellingArtilleryMissile),
            ),
            (
                "В Белгороде прогремел взрыв.",
                Some(ShellingArtilleryMissile),
            ),
            ("Прилёт в Херсоне.", Some(ShellingArtilleryMissile)),
            (
                "В Тбилиси прошёл митинг против закона.",
                Some(PeacefulProtest),
            ),
            (
                "Землетрясение магнитудой 5 произошло в Турции.",
                Some(Earthquake),
            ),
        ] {
            assert_eq!(sentence_type(sentence), want, "{sentence}");
        }
    }
}
