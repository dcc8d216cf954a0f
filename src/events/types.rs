//! The event vocabulary of types and the records extraction and merging exchange.
//!
//! [`EventType`] is ACLED's `sub_event_type` (plus eventmap's own disaster types); its
//! [`EventFamily`] is ACLED's `event_type`. The declaration order of [`EventType`] is the
//! priority when a sentence has words of several types ("a magnitude 6.8 earthquake struck":
//! earthquake before the generic "struck"). Which words give which type is data:
//! `data/lexicon/<lang>/events_triggers.tsv`, `events_acled.tsv` and their `_stems` lists.
//!
//! After the words, the sentence refines the type as ACLED's codebook does (see
//! [`super::classify`]):
//!
//! | words | and | type |
//! |---|---|---|
//! | taking a place ("captured", "took control", "установили контроль") | a non-state armed group named (any actor not a state's forces, civilians, protesters or rioters: "Wagner Group", "RSF", "rebels") | non-state actor overtakes territory |
//! | taking a place | the forces of the place's own country | government regains territory |
//! | taking a place | another state's forces, or nobody named | armed clash |
//! | regaining a place ("recaptured", "liberated") | a non-state group / another state's forces | non-state actor overtakes territory / armed clash |
//! | taking or regaining a place | a withdrawal ("after the army withdrew"), no armed group | non-violent transfer of territory |
//! | a disaster word ("flooding") | a strong word of an attack ("blown up") | the attack |
//! | an interception ("shot down") | people killed | the weapon's strike (drone: air/drone strike, else shelling/missile) |
//! | an abduction | people killed ("abducted and killed") | attack |
//! | an attack ("opened fire on") | armed actors on both sides ("Russian troops … Ukrainian positions") | armed clash |
//! | a protest | people killed or injured | excessive force against protesters |

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
    NonStateActorOvertakesTerritory => "non_state_actor_overtakes_territory", "Non-state actor overtakes territory", Battles, "territory taken by armed group";
    GovernmentRegainsTerritory => "government_regains_territory", "Government regains territory", Battles, "territory regained";
    ShellingArtilleryMissile => "shelling_artillery_missile_attack", "Shelling/artillery/missile attack", ExplosionsRemoteViolence, "missile/artillery attack";
    AirDroneStrike => "air_drone_strike", "Air/drone strike", ExplosionsRemoteViolence, "air/drone strike";
    ArmedClash => "armed_clash", "Armed clash", Battles, "armed clash";
    NonViolentTransferOfTerritory => "non_violent_transfer_of_territory", "Non-violent transfer of territory", StrategicDevelopments, "territory handed over";
    Abduction => "abduction_forced_disappearance", "Abduction/forced disappearance", ViolenceAgainstCivilians, "abduction";
    SexualViolence => "sexual_violence", "Sexual violence", ViolenceAgainstCivilians, "sexual violence";
    Arrests => "arrests", "Arrests", StrategicDevelopments, "arrests";
    Attack => "attack", "Attack", ViolenceAgainstCivilians, "attack";
    PropertyDestruction => "looting_property_destruction", "Looting/property destruction", StrategicDevelopments, "property destruction";
    Agreement => "agreement", "Agreement", StrategicDevelopments, "agreement";
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
    /// The first source document ids, sorted (at most the run's evidence limit; all of them
    /// are in `evidence.csv`, see [`crate::Summary::for_each_report`]).
    pub sources: Vec<String>,
    /// Number of source documents.
    pub source_count: usize,
    /// The first reports by document and offset (at most the run's evidence limit).
    pub reports: Vec<EventReport>,
    /// Number of reports.
    pub report_count: usize,
    /// Where its reports are among the run's merged reports (what
    /// [`crate::Summary::for_each_report`] reads).
    pub members: std::ops::Range<usize>,
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
            country: AdminContext::country_of(gaz, id),
            admin1: p.admin1_name.clone(),
            admin2: String::new(),
        };
        if p.kind == Kind::Country {
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
        if ctx.admin1.is_empty() && p.kind > Kind::Admin1 {
            ctx.admin1 = admin1_by_polygon(gaz, p).unwrap_or_default();
        }
        ctx
    }

    /// The `country` of [`AdminContext::of`] alone (an event report needs only it: the
    /// ancestors and the polygon look-up are for the merged events).
    pub fn country_of(gaz: &Gazetteer, id: PlaceId) -> String {
        let p = gaz.place(id);
        if p.kind == Kind::Country {
            return p.name.clone();
        }
        gaz.country(&p.country_code)
            .map(|x| gaz.place(x).name.clone())
            .unwrap_or_default()
    }
}

/// The first-level division around a place by point-in-polygon ([`crate::geo_admin`]), named
/// as the gazetteer names it where it knows the region, else as Natural Earth does; only a
/// region of the place's own country.
fn admin1_by_polygon(gaz: &Gazetteer, p: &crate::gazetteer::Place) -> Option<String> {
    let r = crate::geo_admin::admin1_at(geo::Point::new(p.lon, p.lat))?;
    if !p.country_code.is_empty() && r.country_code != p.country_code {
        return None;
    }
    let known = (r.geonames_id != 0)
        .then(|| gaz.by_id(&format!("geonames:{}", r.geonames_id)))
        .flatten()
        .map(|id| gaz.place(id).name.clone());
    Some(known.unwrap_or_else(|| r.name.clone()))
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

    /// Admin context from the hierarchy, and by point-in-polygon where the gazetteer names no
    /// first-level division (Iraqi Kurdistan's cities in GeoNames).
    #[test]
    fn admin_context_from_hierarchy_and_polygons() {
        let gaz = crate::testing::gazetteer();
        let ctx = |id: &str| AdminContext::of(gaz, gaz.by_id(id).expect(id));
        let kharkiv = ctx("geonames:706483");
        assert_eq!(
            (kharkiv.country.as_str(), kharkiv.admin1.as_str()),
            ("Ukraine", "Kharkiv Oblast")
        );
        assert!(gaz
            .place(gaz.by_id("geonames:95446").unwrap())
            .admin1_name
            .is_empty());
        for (id, admin1) in [
            ("geonames:95446", "Arbil"),           // Erbil (36.19 N, 44.01 E)
            ("geonames:98463", "As-Sulaymaniyah"), // Sulaymaniyah (35.56 N, 45.43 E)
        ] {
            let c = ctx(id);
            assert_eq!(
                (c.country.as_str(), c.admin1.as_str()),
                ("Iraq", admin1),
                "{id}"
            );
        }
    }
}
