//! Events: what happened, where and when, merged across articles.
//!
//! [`extract`] reads one document's sentences. A sentence that reports an occurrence (an
//! attack word: strike, hit, shelling, explosion, launch…) and has an `event`-role place
//! yields an [`EventReport`] with its type, place (the most specific event place of the
//! sentence: district over city over region over country), date, casualties and weapons. A
//! sentence with casualty figures but no place ("Two people were killed and 62 more
//! injured") adds them to the report of one of the two sentences before it.
//!
//! Event types (`event_type`): `missile_strike`, `drone_strike`, `airstrike`, `shelling`,
//! `explosion`, `other_attack`.
//!
//! `geo_precision` follows ACLED: 1 the place itself (city, district), 2 near a place or a
//! second-level division, 3 only a region or country.
//!
//! [`merge`] joins reports with the same type (or one `other_attack`), compatible dates and
//! places that are the same or contain one another, into [`Event`]s that list every source.
//!
//! ```
//! use eventmap::{Document, Pipeline};
//! let p = Pipeline::builder().build();
//! let mut a = Document::new("a", "A missile strike hit Kharkiv on January 2, 2024, killing two people.");
//! let mut b = Document::new("b", "Russia fired a KN-23 missile at Kharkiv on Jan. 2; 62 were injured.");
//! let run = p.run(&[a, b]);
//! assert_eq!(run.events.len(), 1);
//! let e = &run.events[0];
//! assert_eq!(e.date.map(|d| d.iso()).as_deref(), Some("2024-01-02"));
//! assert_eq!((e.fatalities, e.injured), (Some(2), Some(62)));
//! assert_eq!(e.sources.len(), 2);
//! ```

pub mod dates;

use std::collections::{BTreeSet, HashMap};

use crate::gazetteer::{Gazetteer, Kind, PlaceId};
use crate::roles::{is_attack_word, ResolvedMention, Role};
use crate::text::{Analysis, Date, Document};
use dates::{find_dates, infer_published, PartialDate};

/// The kind of event.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum EventType {
    /// Missiles: ballistic, cruise, "missile attack".
    MissileStrike,
    /// Drones (UAVs, Shaheds).
    DroneStrike,
    /// Aircraft: air strikes, bombing.
    Airstrike,
    /// Artillery, mortars, rocket launchers.
    Shelling,
    /// An explosion of unstated cause.
    Explosion,
    /// Any other attack.
    OtherAttack,
}

impl EventType {
    /// The name used in outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            EventType::MissileStrike => "missile_strike",
            EventType::DroneStrike => "drone_strike",
            EventType::Airstrike => "airstrike",
            EventType::Shelling => "shelling",
            EventType::Explosion => "explosion",
            EventType::OtherAttack => "other_attack",
        }
    }

    /// Parses the output name.
    pub fn parse(s: &str) -> Option<EventType> {
        Some(match s {
            "missile_strike" => EventType::MissileStrike,
            "drone_strike" => EventType::DroneStrike,
            "airstrike" => EventType::Airstrike,
            "shelling" => EventType::Shelling,
            "explosion" => EventType::Explosion,
            "other_attack" => EventType::OtherAttack,
            _ => return None,
        })
    }
}

/// One sentence's report of an event, before merging.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct EventReport {
    /// Document id.
    pub doc: String,
    /// Event type.
    pub event_type: EventType,
    /// Where.
    pub place: PlaceId,
    /// ACLED geo-precision (1–3).
    pub geo_precision: u8,
    /// When, as precisely as known.
    pub date: Option<PartialDate>,
    /// Whether the date's year or day came from an inferred publication date.
    pub date_inferred: bool,
    /// People killed, as reported.
    pub fatalities: Option<u32>,
    /// People injured, as reported.
    pub injured: Option<u32>,
    /// Weapons named.
    pub weapons: BTreeSet<String>,
    /// Evidence sentence, byte range into the document text (code points once the pipeline
    /// has converted it, see [`crate::result`]).
    pub sentence: (usize, usize),
    /// The sentence text (in results, clipped to a window around the place).
    pub sentence_text: String,
}

/// An event merged from one or more reports.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    /// Stable id within a run: `E1`, `E2`… in output order.
    pub id: String,
    /// Event type.
    pub event_type: EventType,
    /// The most precise date its reports give (a month and day when the year is unknown).
    pub date: Option<PartialDate>,
    /// `day`, `month_day` or `unknown`.
    pub date_precision: &'static str,
    /// Whether the date rests on an inferred publication date.
    pub date_inferred: bool,
    /// The most specific place its reports give.
    pub place: PlaceId,
    /// ACLED geo-precision of that place.
    pub geo_precision: u8,
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

/// Words that make a sentence speak of attacks in general rather than of one event.
const GENERIC_WORDS: &[&str] = &[
    "previously",
    "usually",
    "often",
    "regularly",
    "repeatedly",
    "frequently",
    "typically",
    "routinely",
    "sometimes",
];

const NUMBER_WORDS: &[(&str, u32)] = &[
    ("one", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
    ("eleven", 11),
    ("twelve", 12),
    ("thirteen", 13),
    ("fourteen", 14),
    ("fifteen", 15),
    ("sixteen", 16),
    ("seventeen", 17),
    ("eighteen", 18),
    ("nineteen", 19),
    ("twenty", 20),
    ("thirty", 30),
    ("forty", 40),
    ("fifty", 50),
    ("sixty", 60),
    ("seventy", 70),
    ("eighty", 80),
    ("ninety", 90),
    ("hundred", 100),
    ("a", 1),
    ("an", 1),
];

const KNOWN_WEAPONS: &[(&str, &str)] = &[
    ("iskander", "Iskander"),
    ("kinzhal", "Kinzhal"),
    ("kalibr", "Kalibr"),
    ("shahed", "Shahed"),
    ("himars", "HIMARS"),
    ("atacms", "ATACMS"),
    ("storm shadow", "Storm Shadow"),
    ("tochka", "Tochka-U"),
    ("ballistic missile", "ballistic missile"),
    ("cruise missile", "cruise missile"),
    ("glide bomb", "glide bomb"),
    ("artillery", "artillery"),
    ("mortar", "mortar"),
    ("srbm", "SRBM"),
    ("s-300", "S-300"),
    ("s-400", "S-400"),
];

/// Parses a number written as digits ("62", "1,200") or words ("two", "twenty-one").
pub fn parse_number(word: &str) -> Option<u32> {
    let w = word.to_ascii_lowercase();
    if let Ok(n) = w.replace(',', "").parse::<u32>() {
        return Some(n);
    }
    let mut total = 0;
    for part in w.split('-') {
        total += NUMBER_WORDS
            .iter()
            .find(|(n, _)| *n == part && *n != "a" && *n != "an")?
            .1;
    }
    Some(total)
}

/// Casualty figures of a sentence: (killed, injured).
pub fn casualties(sentence: &str) -> (Option<u32>, Option<u32>) {
    let words: Vec<&str> = sentence
        .split(|c: char| c.is_whitespace() || matches!(c, '.' | ';' | ':' | '(' | ')' | '"'))
        .map(|w| w.trim_end_matches(','))
        .filter(|w| !w.is_empty())
        .collect();
    let lower: Vec<String> = words.iter().map(|w| w.to_ascii_lowercase()).collect();
    let killed = |w: &str| {
        matches!(
            w,
            "killed" | "killing" | "dead" | "died" | "deaths" | "fatalities"
        )
    };
    let hurt = |w: &str| {
        matches!(
            w,
            "injured" | "injuring" | "wounded" | "wounding" | "hurt" | "injuries"
        )
    };
    let mut k = None;
    let mut h = None;
    for (i, w) in lower.iter().enumerate() {
        let is_k = killed(w);
        let is_h = hurt(w);
        if !is_k && !is_h {
            continue;
        }
        // "two people were killed", "62 more injured", "62 wounded"
        let mut found = None;
        // "killing two people" takes its number after it; "two were killed" before.
        let backward = if w.ends_with("ing") { 0 } else { 4 };
        for back in 1..=backward {
            let Some(j) = i.checked_sub(back) else { break };
            if is_date_number(&lower, j) {
                break;
            }
            if let Some(n) = parse_number(&lower[j]) {
                found = Some(n);
                break;
            }
            if !matches!(
                lower[j].as_str(),
                "people"
                    | "persons"
                    | "civilians"
                    | "more"
                    | "were"
                    | "was"
                    | "others"
                    | "other"
                    | "have"
                    | "been"
                    | "children"
                    | "residents"
                    | "at"
                    | "least"
            ) {
                break;
            }
        }
        // "killed two people", "wounded 62"
        if found.is_none() {
            for fwd in 1..=3 {
                let Some(x) = lower.get(i + fwd) else { break };
                if is_date_number(&lower, i + fwd) {
                    break;
                }
                if let Some(n) = parse_number(x).filter(|_| x != "a" && x != "an") {
                    found = Some(n);
                    break;
                }
                if !matches!(
                    x.as_str(),
                    "at" | "least" | "about" | "some" | "nearly" | "around"
                ) {
                    break;
                }
            }
        }
        if let Some(n) = found {
            if is_k && k.is_none() {
                k = Some(n);
            } else if is_h && h.is_none() {
                h = Some(n);
            }
        }
    }
    (k, h)
}

/// Whether word `j` is the day of a date ("January 2", "2 Jan."), not a count.
fn is_date_number(words: &[String], j: usize) -> bool {
    let is_month = |k: Option<usize>| {
        k.and_then(|k| words.get(k))
            .is_some_and(|w| crate::text::month_of(w).is_some())
    };
    words[j].bytes().all(|b| b.is_ascii_digit())
        && (is_month(j.checked_sub(1)) || is_month(Some(j + 1)))
}

/// Weapons named in a sentence: known systems and model designators ("KN-23", "Kh-101").
pub fn weapons(sentence: &str) -> BTreeSet<String> {
    let lower = sentence.to_ascii_lowercase();
    let mut out = BTreeSet::new();
    for (needle, name) in KNOWN_WEAPONS {
        if lower.contains(needle) {
            out.insert(name.to_string());
        }
    }
    // Designators: 1–3 letters, a hyphen, 1–3 digits, an optional letter, in a sentence about
    // missiles, rockets or drones.
    if ["missile", "rocket", "drone", "launcher", "srbm"]
        .iter()
        .any(|w| lower.contains(w))
    {
        for word in sentence.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-')) {
            let word = word.trim_end_matches('s');
            if let Some((a, b)) = word.split_once('-') {
                let letters_ok = (1..=3).contains(&a.len())
                    && a.chars().all(|c| c.is_ascii_alphabetic())
                    && a.chars().next().is_some_and(|c| c.is_ascii_uppercase());
                let digits: String = b.chars().take_while(char::is_ascii_digit).collect();
                let rest = &b[digits.len()..];
                if letters_ok && (1..=3).contains(&digits.len()) && rest.len() <= 1 {
                    out.insert(word.to_string());
                }
            }
        }
    }
    out
}

fn event_type(sentence_lower: &str) -> EventType {
    // Whole words by their start ("oblasts" must not count as "blast").
    let words: Vec<&str> = sentence_lower
        .split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .collect();
    let has = |w: &str| {
        if w.contains(' ') {
            sentence_lower.contains(w)
        } else {
            words.iter().any(|x| x.starts_with(w))
        }
    };
    if has("missile") || has("iskander") || has("kinzhal") || has("kalibr") || has("kn-23") {
        EventType::MissileStrike
    } else if has("drone") || has("shahed") || has("uav") {
        EventType::DroneStrike
    } else if has("air strike") || has("airstrike") || has("bomb") || has("aerial") {
        EventType::Airstrike
    } else if has("shelling") || has("shelled") || has("artillery") || has("mortar") {
        EventType::Shelling
    } else if has("explosion") || has("blast") || has("exploded") {
        EventType::Explosion
    } else {
        EventType::OtherAttack
    }
}

fn precision_of(kind: Kind, near: bool) -> u8 {
    match kind {
        Kind::City | Kind::District | Kind::Landmark | Kind::Other => {
            if near {
                2
            } else {
                1
            }
        }
        Kind::Admin2 => 2,
        Kind::Admin1 | Kind::Country | Kind::Continent => 3,
    }
}

fn specificity(kind: Kind) -> u8 {
    match kind {
        Kind::Landmark | Kind::District => 5,
        Kind::City | Kind::Other => 4,
        Kind::Admin2 => 3,
        Kind::Admin1 => 2,
        Kind::Country => 1,
        Kind::Continent => 0,
    }
}

/// The event reports of one document. `mentions` are its resolved mentions in text order.
/// The second value is the publication date used (given or inferred) and whether inferred.
pub fn extract(
    gaz: &Gazetteer,
    doc: &Document,
    mentions: &[ResolvedMention],
) -> (Vec<EventReport>, Option<(Date, bool)>) {
    extract_analysed(gaz, doc, &Analysis::new(&doc.text), mentions)
}

/// [`extract`] with the document's tokens and sentences already computed.
pub fn extract_analysed(
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
    let sents = &analysis.sentences;
    let mut out: Vec<EventReport> = Vec::new();
    let mut last_event_sentence: Option<(usize, usize)> = None; // (sentence index, report index)
    for (si, &(s, e)) in sents.iter().enumerate() {
        let sentence = &doc.text[s..e];
        let lower = sentence.to_lowercase();
        let toks = analysis.tokens_in((s, e));
        let has_trigger = toks.iter().any(|t| is_attack_word(&t.key));
        // "which we previously saw during strikes on Kharkiv": attacks in general, not one.
        let generic = toks.iter().any(|t| GENERIC_WORDS.contains(&t.key.as_str()));
        if !has_trigger || generic {
            continue;
        }
        let places: Vec<(&ResolvedMention, PlaceId)> = mentions
            .iter()
            .filter(|m| m.mention.sentence == si && m.role == Role::Event)
            .filter_map(|m| m.resolution.as_ref().map(|r| (m, r.place)))
            .collect();
        let (killed, hurt) = casualties(sentence);
        if places.is_empty() {
            // Casualty figures with no place: they belong to a report just before.
            if killed.is_some() || hurt.is_some() {
                if let Some((psi, ri)) = last_event_sentence {
                    if si - psi <= 2 {
                        let r = &mut out[ri];
                        r.fatalities = r.fatalities.or(killed);
                        r.injured = r.injured.or(hurt);
                        r.weapons.extend(weapons(sentence));
                    }
                }
            }
            continue;
        }
        // One report per event place, leaving out places that contain another one of the
        // sentence ("Kharkiv" beside "the Shevchenkivskyi district", "Ukraine" beside
        // "Kharkiv"): "attacks against Kharkiv and Odesa oblasts" are two reports.
        let mut kept: Vec<(&ResolvedMention, PlaceId)> = Vec::new();
        for &(m, id) in &places {
            let shadowed = places.iter().any(|&(_, other)| {
                other != id
                    && (gaz.contains(id, other)
                        || (gaz.place(id).kind == Kind::Country
                            && gaz.place(other).country_code == gaz.place(id).country_code))
            });
            if !shadowed && !kept.iter().any(|&(_, k)| k == id) {
                kept.push((m, id));
            }
        }
        for (best_m, best) in kept {
            let kind = gaz.place(best).kind;
            let before = &doc.text[s..best_m.mention.start].to_ascii_lowercase();
            let near = [
                "near ",
                "outside ",
                "outskirts of ",
                "close to ",
                "suburb of ",
            ]
            .iter()
            .any(|w| before.trim_end().ends_with(w.trim_end()));
            // The date nearest before the place (not one of saying: "said on Jan. 4"), else the
            // nearest after it.
            let in_sentence: Vec<_> = dates
                .iter()
                .filter(|d| d.start >= s && d.end <= e && d.date.is_some())
                .filter(|d| {
                    let pre = doc.text[s..d.start].trim_end().to_ascii_lowercase();
                    let pre = pre.trim_end_matches(" on").trim_end_matches(" earlier");
                    !(pre.ends_with("said")
                        || pre.ends_with("reported")
                        || pre.ends_with("says")
                        || pre.ends_with("taken"))
                })
                .collect();
            let chosen = in_sentence
                .iter()
                .filter(|d| d.end <= best_m.mention.start)
                .max_by_key(|d| d.start)
                .or_else(|| {
                    in_sentence
                        .iter()
                        .filter(|d| d.start >= best_m.mention.end)
                        .min_by_key(|d| d.start)
                })
                .copied();
            // "On January 4, Kirby said that Russia … struck Ukraine": the date is the saying's.
            let chosen = chosen.filter(|d| {
                if d.end > best_m.mention.start {
                    return true;
                }
                let between = doc.text[d.end..best_m.mention.start].to_ascii_lowercase();
                ![
                    "said",
                    "reported",
                    "announced",
                    "told",
                    "stated",
                    "says",
                    "confirmed",
                ]
                .iter()
                .any(|w| between.split(|c: char| !c.is_alphabetic()).any(|x| x == *w))
            });
            let date = chosen.and_then(|d| d.date);
            let date_inferred = anchor.is_some_and(|a| a.1)
                && chosen
                    .is_some_and(|d| d.relative || matches!(d.date, Some(PartialDate::Day(_))));
            out.push(EventReport {
                doc: doc.id.clone(),
                event_type: event_type(&lower),
                place: best,
                geo_precision: precision_of(kind, near),
                date,
                date_inferred,
                fatalities: killed,
                injured: hurt,
                weapons: weapons(sentence),
                sentence: (s, e),
                sentence_text: sentence.to_string(),
            });
            last_event_sentence = Some((si, out.len() - 1));
        }
    }
    (out, anchor)
}

fn places_compatible(gaz: &Gazetteer, a: PlaceId, b: PlaceId) -> bool {
    if a == b {
        return true;
    }
    let (pa, pb) = (gaz.place(a), gaz.place(b));
    // A district and its city; a city and its region; anything and its country.
    gaz.contains(a, b)
        || gaz.contains(b, a)
        || (pa.kind >= Kind::City
            && pb.kind >= Kind::City
            && crate::resolve::haversine_km(pa.lat, pa.lon, pb.lat, pb.lon) < 15.0)
}

/// Reports of one event being merged, with what a new report is compared with: the most
/// specific place, the most precise date and the type other than `other_attack`.
struct Cluster {
    reports: Vec<EventReport>,
    place: PlaceId,
    date: Option<PartialDate>,
    kind: Option<EventType>,
}

impl Cluster {
    fn fits(&self, gaz: &Gazetteer, r: &EventReport) -> bool {
        self.kind.is_none_or(|k| types_compatible(k, r.event_type))
            && places_compatible(gaz, self.place, r.place)
            && match (r.date, self.date) {
                (Some(d), Some(c)) => d.compatible(c),
                _ => true,
            }
    }

    fn add(&mut self, gaz: &Gazetteer, r: EventReport) {
        if self.reports.is_empty()
            || specificity(gaz.place(r.place).kind) > specificity(gaz.place(self.place).kind)
        {
            self.place = r.place;
        }
        if let Some(d) = r.date {
            if self.date.is_none() || matches!(d, PartialDate::Day(_)) {
                self.date = Some(d);
            }
        }
        if r.event_type != EventType::OtherAttack {
            self.kind.get_or_insert(r.event_type);
        }
        self.reports.push(r);
    }
}

/// Finds the clusters a report's place may be compatible with, without comparing it to
/// every cluster: clusters at the place itself, at its ancestors, inside it, and nearby.
#[derive(Default)]
struct ClusterIndex {
    at: HashMap<PlaceId, Vec<usize>>,
    under: HashMap<PlaceId, Vec<usize>>,
    cell: HashMap<(i32, i32), Vec<usize>>,
}

fn ancestors(gaz: &Gazetteer, id: PlaceId) -> Vec<PlaceId> {
    let p = gaz.place(id);
    let mut out = Vec::new();
    let mut cur = p.parent;
    while let Some(a) = cur {
        if out.contains(&a) || out.len() > 8 {
            break;
        }
        out.push(a);
        cur = gaz.place(a).parent;
    }
    if p.kind > Kind::Admin1 {
        out.extend(gaz.admin1(&p.country_code, &p.admin1_code));
    }
    if p.kind > Kind::Country {
        out.extend(gaz.country(&p.country_code));
    }
    out
}

fn cell_of(gaz: &Gazetteer, id: PlaceId) -> Option<(i32, i32)> {
    let p = gaz.place(id);
    // Cells of 0.25 degrees: places within 15 km are in the same or a neighbouring cell.
    (p.kind >= Kind::City).then(|| ((p.lat * 4.0).floor() as i32, (p.lon * 4.0).floor() as i32))
}

impl ClusterIndex {
    fn register(&mut self, gaz: &Gazetteer, cluster: usize, place: PlaceId) {
        let push = |v: &mut Vec<usize>| {
            if v.last() != Some(&cluster) {
                v.push(cluster);
            }
        };
        push(self.at.entry(place).or_default());
        for a in ancestors(gaz, place) {
            push(self.under.entry(a).or_default());
        }
        if let Some(c) = cell_of(gaz, place) {
            push(self.cell.entry(c).or_default());
        }
    }

    fn candidates(&self, gaz: &Gazetteer, place: PlaceId) -> Vec<usize> {
        let mut out = Vec::new();
        let mut take = |v: Option<&Vec<usize>>| out.extend(v.into_iter().flatten().copied());
        take(self.at.get(&place));
        take(self.under.get(&place));
        for a in ancestors(gaz, place) {
            take(self.at.get(&a));
        }
        if let Some((y, x)) = cell_of(gaz, place) {
            for dy in -1..=1 {
                for dx in -1..=1 {
                    take(self.cell.get(&(y + dy, x + dx)));
                }
            }
        }
        out
    }
}

fn types_compatible(a: EventType, b: EventType) -> bool {
    a == b || a == EventType::OtherAttack || b == EventType::OtherAttack
}

/// Merges reports of the same event. Reports with a date merge when type, date and place are
/// compatible; a report without a date joins the event it is compatible with (of several,
/// the one with the most specific place, then the most reports). Country-level reports that join no event are dropped: they
/// say only that something happened somewhere in a country. Output is sorted by date, place
/// name and type, and numbered `E1`, `E2`…
pub fn merge(gaz: &Gazetteer, mut reports: Vec<EventReport>) -> Vec<Event> {
    reports.sort_by(|a, b| {
        let ka = (
            a.date.is_none(),
            std::cmp::Reverse(specificity(gaz.place(a.place).kind)),
            &a.doc,
            a.sentence,
        );
        let kb = (
            b.date.is_none(),
            std::cmp::Reverse(specificity(gaz.place(b.place).kind)),
            &b.doc,
            b.sentence,
        );
        ka.cmp(&kb)
    });
    let mut clusters: Vec<Cluster> = Vec::new();
    let mut index = ClusterIndex::default();
    for r in reports {
        let mut candidates = index.candidates(gaz, r.place);
        candidates.sort_unstable();
        candidates.dedup();
        let matching: Vec<usize> = candidates
            .into_iter()
            .filter(|&i| clusters[i].fits(gaz, &r))
            .collect();
        let target = match (r.date, matching.as_slice()) {
            (Some(_), [first, ..]) => Some(*first),
            (None, [only]) => Some(*only),
            // Several events fit an undated report: the one with the most specific place,
            // then the one with most reports, then the first.
            (None, [_, _, ..]) => matching.iter().copied().max_by_key(|&i| {
                let c = &clusters[i];
                (
                    specificity(gaz.place(c.place).kind),
                    c.reports.len(),
                    std::cmp::Reverse(i),
                )
            }),
            // Country-level reports only add sources to a more precise event.
            _ if gaz.place(r.place).kind <= Kind::Country => continue,
            _ => None,
        };
        let i = match target {
            Some(i) => i,
            None => {
                clusters.push(Cluster {
                    reports: vec![],
                    place: r.place,
                    date: None,
                    kind: None,
                });
                clusters.len() - 1
            }
        };
        clusters[i].add(gaz, r);
        index.register(gaz, i, clusters[i].place);
    }
    let clusters: Vec<Vec<EventReport>> = clusters.into_iter().map(|c| c.reports).collect();
    let mut events: Vec<Event> = clusters.into_iter().map(|c| build_event(gaz, c)).collect();
    events.sort_by(|a, b| {
        (
            a.date.is_none(),
            a.date.map(PartialDate::iso),
            &gaz.place(a.place).name,
            a.event_type,
            &a.sources,
        )
            .cmp(&(
                b.date.is_none(),
                b.date.map(PartialDate::iso),
                &gaz.place(b.place).name,
                b.event_type,
                &b.sources,
            ))
    });
    for (i, e) in events.iter_mut().enumerate() {
        e.id = format!("E{}", i + 1);
    }
    events
}

fn build_event(gaz: &Gazetteer, mut reports: Vec<EventReport>) -> Event {
    reports.sort_by(|a, b| (&a.doc, a.sentence).cmp(&(&b.doc, b.sentence)));
    let best = reports
        .iter()
        .max_by_key(|r| {
            (
                specificity(gaz.place(r.place).kind),
                std::cmp::Reverse(r.geo_precision),
            )
        })
        .expect("a cluster has a report");
    let place = best.place;
    let geo_precision = best.geo_precision;
    let date = reports
        .iter()
        .filter_map(|r| r.date)
        .max_by_key(|d| matches!(d, PartialDate::Day(_)));
    let date_inferred = date.is_some_and(|d| {
        reports
            .iter()
            .filter(|r| r.date == Some(d))
            .all(|r| r.date_inferred)
    });
    let event_type = reports
        .iter()
        .map(|r| r.event_type)
        .find(|t| *t != EventType::OtherAttack)
        .unwrap_or(EventType::OtherAttack);
    let sources: Vec<String> = reports
        .iter()
        .map(|r| r.doc.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let weapons: Vec<String> = reports
        .iter()
        .flat_map(|r| r.weapons.iter().cloned())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let n = sources.len() as f64;
    let confidence = ((1.0 - 0.5f64.powf(n)) * (1.0 - 0.1 * f64::from(geo_precision - 1)) * 1000.0)
        .round()
        / 1000.0;
    Event {
        id: String::new(),
        event_type,
        date,
        date_precision: date.map_or("unknown", PartialDate::precision),
        date_inferred,
        place,
        geo_precision,
        fatalities: reports.iter().filter_map(|r| r.fatalities).max(),
        injured: reports.iter().filter_map(|r| r.injured).max(),
        weapons,
        sources,
        reports,
        confidence,
    }
}

/// Fills in years of month-day dates from the events they merged into: a document whose
/// partial date joined an event with a full date lies in that date's year, so its other
/// month-day dates are anchored there. Returns the re-anchored reports (marked inferred).
pub fn propagate_years(events: &[Event], reports: Vec<EventReport>) -> Vec<EventReport> {
    let mut anchor: std::collections::BTreeMap<&str, Date> = std::collections::BTreeMap::new();
    for e in events {
        let Some(PartialDate::Day(full)) = e
            .reports
            .iter()
            .filter_map(|r| r.date)
            .find(|d| matches!(d, PartialDate::Day(_)))
        else {
            continue;
        };
        for r in &e.reports {
            if matches!(r.date, Some(PartialDate::MonthDay(..))) {
                anchor.entry(r.doc.as_str()).or_insert(full);
            }
        }
    }
    let anchor: std::collections::BTreeMap<String, Date> = anchor
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
    reports
        .into_iter()
        .map(|mut r| {
            if let (Some(d @ PartialDate::MonthDay(..)), Some(a)) = (r.date, anchor.get(&r.doc)) {
                let new = d.anchored(*a);
                if new != d {
                    r.date = Some(new);
                    r.date_inferred = true;
                }
            }
            r
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::Pipeline;
    use std::sync::OnceLock;

    fn pipeline() -> &'static Pipeline {
        static P: OnceLock<Pipeline> = OnceLock::new();
        P.get_or_init(|| Pipeline::builder().build())
    }

    #[test]
    fn number_words() {
        for (w, n) in [
            ("two", 2),
            ("62", 62),
            ("1,200", 1200),
            ("twenty-one", 21),
            ("Three", 3),
        ] {
            assert_eq!(parse_number(w), Some(n), "{w}");
        }
        assert_eq!(parse_number("several"), None);
    }

    #[test]
    fn casualty_forms() {
        for (s, want) in [
            (
                "Two people were killed and 62 more injured as a result.",
                (Some(2), Some(62)),
            ),
            (
                "That attack killed two people and wounded 62, officials said.",
                (Some(2), Some(62)),
            ),
            ("At least five civilians were wounded.", (None, Some(5))),
            ("The strike killed at least 11 people.", (Some(11), None)),
            ("Missiles hit the city.", (None, None)),
            (
                "A Russian missile strike on Kharkiv on January 2 killed 12 people.",
                (Some(12), None),
            ),
            (
                "The strike on 2 Jan. killed three and injured 5.",
                (Some(3), Some(5)),
            ),
            ("The Jan. 2 strike killed nobody.", (None, None)),
        ] {
            assert_eq!(casualties(s), want, "{s}");
        }
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
    fn weapon_names() {
        let w =
            weapons("It matches North Korea's KN-23 short-range ballistic missiles, not Iskander.");
        assert_eq!(
            w.into_iter().collect::<Vec<_>>(),
            ["Iskander", "KN-23", "ballistic missile"]
        );
        assert!(weapons("The COVID-19 wave hit.").is_empty());
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
        assert_eq!(e.event_type, EventType::MissileStrike);
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
