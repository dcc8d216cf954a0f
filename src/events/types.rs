//! The event vocabulary of types and the records extraction and merging exchange.
//!
//! [`EventType`] is ACLED's `sub_event_type` (plus eventmap's own disaster types); its
//! [`EventFamily`] is ACLED's `event_type`. The declaration order of [`EventType`] is the
//! priority when a sentence has words of several types ("a magnitude 6.8 earthquake struck":
//! earthquake before the generic "struck"). Which words give which type is data:
//! `data/lexicon/<lang>/events_triggers.tsv` and `events_stems.tsv`.

use std::collections::BTreeSet;

use crate::gazetteer::{Gazetteer, Kind, PlaceId};

use super::dates::PartialDate;

/// ACLED's `event_type`, plus `Disaster`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EventFamily {
    /// Battles.
    Battles,
    /// Explosions/Remote violence.
    ExplosionsRemoteViolence,
    /// Violence against civilians.
    ViolenceAgainstCivilians,
    /// Protests.
    Protests,
    /// Riots.
    Riots,
    /// Strategic developments.
    StrategicDevelopments,
    /// Natural and industrial disasters (eventmap's own; not in ACLED).
    Disaster,
}

impl EventFamily {
    /// The name used in outputs (`battles`, `explosions_remote_violence` …).
    pub fn as_str(self) -> &'static str {
        match self {
            EventFamily::Battles => "battles",
            EventFamily::ExplosionsRemoteViolence => "explosions_remote_violence",
            EventFamily::ViolenceAgainstCivilians => "violence_against_civilians",
            EventFamily::Protests => "protests",
            EventFamily::Riots => "riots",
            EventFamily::StrategicDevelopments => "strategic_developments",
            EventFamily::Disaster => "disaster",
        }
    }

    /// ACLED's own spelling ("Explosions/Remote violence").
    pub fn acled_name(self) -> &'static str {
        match self {
            EventFamily::Battles => "Battles",
            EventFamily::ExplosionsRemoteViolence => "Explosions/Remote violence",
            EventFamily::ViolenceAgainstCivilians => "Violence against civilians",
            EventFamily::Protests => "Protests",
            EventFamily::Riots => "Riots",
            EventFamily::StrategicDevelopments => "Strategic developments",
            EventFamily::Disaster => "Disaster",
        }
    }
}

macro_rules! event_types {
    ($($variant:ident => $name:literal, $acled:literal, $family:ident, $label:literal;)*) => {
        /// ACLED's `sub_event_type` (and eventmap's disaster types), in priority order.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum EventType {
            $(
                #[doc = $acled]
                $variant,
            )*
        }

        impl EventType {
            /// Every type, in priority order.
            pub const ALL: &'static [EventType] = &[$(EventType::$variant),*];

            /// The name used in outputs and lexicon files (`shelling_artillery_missile`).
            pub fn as_str(self) -> &'static str {
                match self { $(EventType::$variant => $name),* }
            }

            /// ACLED's own spelling ("Shelling/artillery/missile attack").
            pub fn acled_name(self) -> &'static str {
                match self { $(EventType::$variant => $acled),* }
            }

            /// ACLED's `event_type` of this sub-type.
            pub fn family(self) -> EventFamily {
                match self { $(EventType::$variant => EventFamily::$family),* }
            }

            /// A short label for maps ("missile/artillery attack").
            pub fn label(self) -> &'static str {
                match self { $(EventType::$variant => $label),* }
            }

            /// Parses the output name.
            pub fn parse(s: &str) -> Option<EventType> {
                match s { $($name => Some(EventType::$variant),)* _ => None }
            }
        }
    };
}

event_types! {
    Earthquake => "earthquake", "Earthquake", Disaster, "earthquake";
    Flood => "flood", "Flood", Disaster, "flood";
    Storm => "storm", "Storm", Disaster, "storm";
    Wildfire => "wildfire", "Wildfire", Disaster, "wildfire";
    IndustrialAccident => "industrial_accident", "Industrial accident", Disaster, "industrial accident";
    SuicideBomb => "suicide_bomb", "Suicide bomb", ExplosionsRemoteViolence, "suicide bomb";
    RemoteExplosive => "remote_explosive_landmine_ied", "Remote explosive/landmine/IED", ExplosionsRemoteViolence, "explosive/landmine";
    DisruptedWeaponsUse => "disrupted_weapons_use", "Disrupted weapons use", StrategicDevelopments, "interception";
    ViolentDemonstration => "violent_demonstration", "Violent demonstration", Riots, "riot";
    MobViolence => "mob_violence", "Mob violence", Riots, "mob violence";
    ExcessiveForce => "excessive_force_against_protesters", "Excessive force against protesters", Protests, "force against protesters";
    ProtestWithIntervention => "protest_with_intervention", "Protest with intervention", Protests, "protest dispersed";
    PeacefulProtest => "peaceful_protest", "Peaceful protest", Protests, "protest";
    NonViolentTransferOfTerritory => "non_violent_transfer_of_territory", "Non-violent transfer of territory", StrategicDevelopments, "territory handed over";
    GovernmentRegainsTerritory => "government_regains_territory", "Government regains territory", Battles, "territory regained";
    ShellingArtilleryMissile => "shelling_artillery_missile_attack", "Shelling/artillery/missile attack", ExplosionsRemoteViolence, "missile/artillery attack";
    AirDroneStrike => "air_drone_strike", "Air/drone strike", ExplosionsRemoteViolence, "air/drone strike";
    ArmedClash => "armed_clash", "Armed clash", Battles, "armed clash";
    Abduction => "abduction_forced_disappearance", "Abduction/forced disappearance", ViolenceAgainstCivilians, "abduction";
    SexualViolence => "sexual_violence", "Sexual violence", ViolenceAgainstCivilians, "sexual violence";
    Arrests => "arrests", "Arrests", StrategicDevelopments, "arrests";
    Attack => "attack", "Attack", ViolenceAgainstCivilians, "attack";
    PropertyDestruction => "looting_property_destruction", "Looting/property destruction", StrategicDevelopments, "property destruction";
}

/// One sentence's report of an event, before merging.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct EventReport {
    /// Document id.
    pub doc: String,
    /// Event type.
    pub event_type: EventType,
    /// Whether a specific word gave the type (not only a generic "hit", "killed"): a report
    /// with a generic type merges with a report of any type.
    pub type_specific: bool,
    /// Where.
    pub place: PlaceId,
    /// ACLED geo-precision (1–3).
    pub geo_precision: u8,
    /// The place as written when it is not in the gazetteer and the event sits at the region
    /// around it ("Krynky" in "the village of Krynky, Kherson Oblast").
    pub location_text: Option<String>,
    /// When, as precisely as known.
    pub date: Option<PartialDate>,
    /// Whether the date's year or day came from an inferred publication date.
    pub date_inferred: bool,
    /// Who acted ("Military Forces of Russia"), if the sentence says.
    pub actor1: Option<String>,
    /// Who was acted on ("Civilians (Ukraine)"), if the sentence says.
    pub actor2: Option<String>,
    /// People killed, as reported.
    pub fatalities: Option<u32>,
    /// People injured, as reported.
    pub injured: Option<u32>,
    /// Weapons named.
    pub weapons: BTreeSet<String>,
    /// Evidence sentence, byte range into the document text.
    pub sentence: (usize, usize),
    /// The sentence text.
    pub sentence_text: String,
}

/// An event merged from one or more reports.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    /// Stable id within a run: `E1`, `E2`… in output order.
    pub id: String,
    /// ACLED sub-event type (its family is `event_type.family()`).
    pub event_type: EventType,
    /// The most precise date its reports give (month and day only when the year is
    /// unknown); writers format it.
    pub date: Option<PartialDate>,
    /// Whether the date rests on an inferred publication date.
    pub date_inferred: bool,
    /// The most specific place its reports give.
    pub place: PlaceId,
    /// ACLED geo-precision of that place.
    pub geo_precision: u8,
    /// The unresolved place name behind a region-level event, if any.
    pub location_text: Option<String>,
    /// Administrative context of the place, from the gazetteer hierarchy.
    pub admin: AdminContext,
    /// Who acted, as the first report naming one says.
    pub actor1: Option<String>,
    /// Who was acted on.
    pub actor2: Option<String>,
    /// Largest figure any source reported (every source's own figure is in `reports`).
    pub fatalities: Option<u32>,
    /// Largest figure any source reported.
    pub injured: Option<u32>,
    /// Weapons any source named.
    pub weapons: Vec<String>,
    /// Source document ids, sorted.
    pub sources: Vec<String>,
    /// The reports, sorted by document and offset.
    pub reports: Vec<EventReport>,
    /// In [0, 1]: grows with the number of sources and with place precision.
    pub confidence: f64,
}

impl Event {
    /// `day`, `month_day` (year unknown) or `unknown`.
    pub fn date_precision(&self) -> &'static str {
        self.date.map_or("unknown", PartialDate::precision)
    }
}

/// Country, first- and second-level division names of a place ("" where unknown).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AdminContext {
    /// Country name.
    pub country: String,
    /// First-level division (oblast, state, province).
    pub admin1: String,
    /// Second-level division (raion, county), where the gazetteer knows it.
    pub admin2: String,
}

impl AdminContext {
    /// The context of a place: its own name at its level, and its ancestors' above it.
    pub fn of(gaz: &Gazetteer, id: PlaceId) -> AdminContext {
        let p = gaz.place(id);
        let name_of = |x: Option<PlaceId>| x.map(|x| gaz.place(x).name.clone());
        let mut ctx = AdminContext {
            country: name_of(gaz.country(&p.country_code)).unwrap_or_default(),
            admin1: p.admin1_name.clone(),
            admin2: String::new(),
        };
        if p.kind == Kind::Country {
            ctx.country = p.name.clone();
            ctx.admin1.clear();
        }
        if p.kind == Kind::Admin1 {
            ctx.admin1 = p.name.clone();
        }
        if p.kind == Kind::Admin2 {
            ctx.admin2 = p.name.clone();
        }
        if p.kind > Kind::Admin2 {
            ctx.admin2 = super::merge::ancestors(gaz, id)
                .into_iter()
                .find(|&a| gaz.place(a).kind == Kind::Admin2)
                .map(|a| gaz.place(a).name.clone())
                .unwrap_or_default();
        }
        if ctx.admin1.is_empty() && p.kind > Kind::Admin1 {
            ctx.admin1 = name_of(gaz.admin1(&p.country_code, &p.admin1_code)).unwrap_or_default();
        }
        ctx
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_families() {
        for &t in EventType::ALL {
            assert_eq!(EventType::parse(t.as_str()), Some(t));
        }
        assert_eq!(
            EventType::ShellingArtilleryMissile.family().acled_name(),
            "Explosions/Remote violence"
        );
        assert_eq!(EventType::ArmedClash.family(), EventFamily::Battles);
        assert_eq!(EventType::Earthquake.family(), EventFamily::Disaster);
        assert_eq!(EventType::parse("missile_strike"), None);
    }
}
