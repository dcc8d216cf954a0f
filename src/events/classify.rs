//! The ACLED sub-event type of a sentence: from its trigger words (`events_triggers`,
//! `events_acled`: term, type, strength), then refined by actors and outcomes as ACLED's
//! codebook does (the table in [`super::types`]).
//!
//! A sentence with words of several types takes the first in [`EventType`] order among its
//! strong and cue words, else among its weak ones; a disaster word yields to a strong word of
//! an attack ("the dam was blown up, flooding villages").

use super::actors::{names_armed_group, state_forces_of};
use super::extract::trigger_words;
use super::types::{EventFamily, EventType};
use super::vocab::Hit;
use crate::lexicon::FastMap;
use crate::text::Token;
use std::sync::OnceLock;

/// How a trigger word counts (third column of `events_triggers.tsv`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Strength {
    Strong,
    Cue,
    Weak,
}

/// The type and strength of a trigger value ([`parse_trigger`]). The trigger list's values
/// are parsed once: a sentence's hits are read for every sentence with a place and again for
/// every report, and parsing the text each time was as costly as finding the words.
/// A value is found by its address and length: a hit's value is the list's own text, and
/// hashing two numbers costs less than hashing and comparing the text (the same address
/// and length are the same text; any other value is parsed).
fn parsed_trigger(value: &str) -> Option<(EventType, Strength)> {
    type Parsed = FastMap<(usize, usize), Option<(EventType, Strength)>>;
    static PARSED: OnceLock<Parsed> = OnceLock::new();
    let parsed = PARSED.get_or_init(|| {
        trigger_words()
            .values()
            .map(|v| (text_at(v), parse_trigger(v)))
            .collect()
    });
    match parsed.get(&text_at(value)) {
        Some(&p) => p,
        None => parse_trigger(value),
    }
}

/// The address and length of a text.
fn text_at(value: &str) -> (usize, usize) {
    (value.as_ptr() as usize, value.len())
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

/// The types and strengths of a sentence's trigger hits ([`parsed_hits`]), held inline (a
/// sentence has a few).
pub(crate) type Triggers = smallvec::SmallVec<[(EventType, Strength); 16]>;

/// The types and strengths of a sentence's trigger hits: read once per sentence, for
/// [`classify_parsed`] and for every report's [`refine`].
pub(crate) fn parsed_hits(hits: &[Hit]) -> Triggers {
    hits.iter()
        .filter_map(|h| parsed_trigger(h.value))
        .collect()
}

/// The event type of a sentence's trigger hits and whether a specific word gave it; `None`
/// when no hit reports an event (no strong or weak word).
pub(crate) fn classify(hits: &[Hit]) -> Option<(EventType, bool)> {
    classify_parsed(&parsed_hits(hits))
}

/// [`classify`] of the hits' types and strengths ([`parsed_hits`]).
pub(crate) fn classify_parsed(parsed: &[(EventType, Strength)]) -> Option<(EventType, bool)> {
    if !parsed.iter().any(|(_, s)| *s != Strength::Cue) {
        return None;
    }
    let best =
        |f: &dyn Fn(Strength) -> bool| parsed.iter().filter(|(_, s)| f(*s)).map(|(t, _)| *t).min();
    let found = match best(&|s| s != Strength::Weak) {
        // "the dam was blown up, flooding dozens of villages": the attack, not the flood.
        Some(t) if t.family() == EventFamily::Disaster => parsed
            .iter()
            .filter(|(t, s)| *s == Strength::Strong && t.family() != EventFamily::Disaster)
            .map(|(t, _)| *t)
            .min()
            .or(Some(t))
            .map(|t| (t, true)),
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

/// What a sentence says beside its words, for [`refine`].
pub(crate) struct Context<'s> {
    pub toks: &'s [Token],
    pub country: &'s str,
    pub actor1: Option<&'s str>,
    pub actor2: Option<&'s str>,
    pub fatalities: Option<u32>,
    pub injured: Option<u32>,
}

/// The type as ACLED's codebook refines it from actors and outcomes (table in [`super::types`]).
/// `parsed` are the sentence's trigger hits read by [`parsed_hits`].
pub(crate) fn refine(t: EventType, parsed: &[(EventType, Strength)], cx: &Context) -> EventType {
    use EventType::*;
    let has = |x: EventType| parsed.iter().any(|&(t, s)| t == x && s == Strength::Strong);
    // "killed", "injured" (weak words of an attack) or figures.
    let harmed = parsed
        .iter()
        .any(|&(t, s)| t == Attack && s == Strength::Weak)
        || cx.fatalities.or(cx.injured).is_some_and(|n| n > 0);
    let killed = cx.fatalities.is_some_and(|n| n > 0);
    match t {
        NonStateActorOvertakesTerritory
        | GovernmentRegainsTerritory
        | NonViolentTransferOfTerritory => {
            let taking = has(NonStateActorOvertakesTerritory) || has(GovernmentRegainsTerritory);
            let own = cx.actor1.and_then(|a| state_forces_of(a, cx.country));
            if taking && names_armed_group(cx.toks) {
                NonStateActorOvertakesTerritory
            } else if has(NonViolentTransferOfTerritory) {
                NonViolentTransferOfTerritory
            } else if t == NonStateActorOvertakesTerritory {
                if own == Some(true) {
                    GovernmentRegainsTerritory
                } else {
                    ArmedClash
                }
            } else if t == GovernmentRegainsTerritory && own == Some(false) {
                ArmedClash
            } else {
                t
            }
        }
        // Debris of a downed drone that killed people: the strike, by its weapon.
        DisruptedWeaponsUse if killed => parsed
            .iter()
            .filter(|&&(x, s)| x != DisruptedWeaponsUse && s != Strength::Weak)
            .map(|&(x, _)| x)
            .filter(|x| x.family() == EventFamily::ExplosionsRemoteViolence)
            .min()
            .unwrap_or(ShellingArtilleryMissile),
        // "Russian troops opened fire on Ukrainian positions": fighting between armed actors,
        // not violence against civilians.
        Attack
            if cx.actor2.and_then(|a| state_forces_of(a, "")).is_some()
                && cx.actor1.is_some_and(|a| {
                    state_forces_of(a, "").is_some() || names_armed_group(cx.toks)
                }) =>
        {
            ArmedClash
        }
        Abduction if killed || cx.toks.iter().any(|t| t.key == "killed") => Attack,
        PeacefulProtest | ProtestWithIntervention if harmed => ExcessiveForce,
        t => t,
    }
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
    classify(&trigger_words().find(&toks)).map(|(t, _)| t)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A value found by its address reads as parsing its text does; a copy of it (another
    /// address) is parsed.
    #[test]
    fn parsed_triggers_agree_with_parsing() {
        for v in trigger_words().values() {
            assert_eq!(parsed_trigger(v), parse_trigger(v), "{v}");
            let copy = v.to_string();
            assert_eq!(parsed_trigger(&copy), parse_trigger(v), "{v}");
        }
        assert_eq!(parsed_trigger(""), None);
    }

    /// Each sentence has its event type.
    fn check_types(cases: &[(&str, Option<EventType>)]) {
        for &(sentence, want) in cases {
            assert_eq!(sentence_type(sentence), want, "{sentence}");
        }
    }

    /// The event type of an English sentence, for every trigger family.
    #[test]
    fn event_type_of_an_english_sentence() {
        use EventType::*;
        check_types(&[
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
        ]);
    }

    /// The event type of a Ukrainian sentence.
    #[test]
    fn event_type_of_a_ukrainian_sentence() {
        use EventType::*;
        check_types(&[
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
        ]);
    }

    /// The event type of a Russian sentence.
    #[test]
    fn event_type_of_a_russian_sentence() {
        use EventType::*;
        check_types(&[
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
        ]);
    }
}
