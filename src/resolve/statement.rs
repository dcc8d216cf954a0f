//! Containment stated as a sentence or an apposition: "Paris is a city in Monroe County",
//! "Marinka, a town in the Donetsk region", "Salem is the county seat of Dent County",
//! "Aurora is a town located in Brookings County".
//!
//! Unlike the neighbour patterns of [`super::containment`] ("X, Y", "X in Y"), which also
//! occur in lists and are only a feature, such a statement is specific evidence: the resolver
//! keeps X's candidates inside the place Y resolved to, and when the gazetteer has no X
//! there (a hamlet under 500 people), X is placed at Y, the finest point the text gives
//! (as ACLED codes an event in an unlisted village to the named district).
//!
//! | form | words between X and Y (parentheses dropped) |
//! |---|---|
//! | predicate | `is`/`was` + `a`/`an`/`the`/`one of the` + up to 6 words ending in a place noun + (`located`/`situated`) + `in`/`of`/`within` (+ `the`) |
//! | apposition | `,` + the same from the article on |
//! | location | `is located in`, `is situated in`, `lies in`, `lies within` (+ `the`) |
//! | division | X carries a district cue and `of`, `of the` or nothing stands between: "the Kyivskyi district of Kharkiv", "Київського району Донецька" |
//!
//! Place nouns: city, town, village, hamlet, community, place, municipality, settlement,
//! suburb, borough, township, neighbourhood, locality, commune, parish, seat, capital,
//! district, county, port (and their plurals).
//!
//! ```
//! use eventmap::resolve::statement::stated;
//! use eventmap::{Document, Gazetteer, Recognizer};
//! let gaz = Gazetteer::bundled();
//! let text = "Waka, a small community in Ochiltree County, Texas, lost power.";
//! let ms = Recognizer::new(&gaz).recognize(&Document::new("d", text));
//! let (inner, outer) = stated(text, &ms)[0];
//! assert_eq!((ms[inner].text.as_str(), ms[outer].text.as_str()), ("Waka", "Ochiltree County"));
//! ```

use super::{Features, Weights};
use crate::gazetteer::{Gazetteer, Kind, PlaceId};
use crate::recognize::{Cue, Mention};

/// Nouns that say X is a settlement or a division.
const PLACE_NOUNS: &[&str] = &[
    "city",
    "town",
    "village",
    "hamlet",
    "community",
    "place",
    "municipality",
    "settlement",
    "suburb",
    "borough",
    "township",
    "neighbourhood",
    "neighborhood",
    "locality",
    "commune",
    "parish",
    "seat",
    "capital",
    "district",
    "county",
    "port",
];

/// At most this many bytes between X and Y once parentheses are dropped.
const MAX_BETWEEN: usize = 90;
/// At most this many bytes between X and Y with the parentheses.
const MAX_SPAN: usize = 400;

/// Rule: a stated containment is kept. For each (inner, outer) pair whose outer mention
/// resolved to Y: when inner's choice is not inside Y, every mention of inner's name takes its
/// best-scoring candidate inside Y; when it has none, they are placed at Y (returned per
/// mention). A continent or a physical feature is no container, and a country no place to put
/// a mention at.
pub(super) fn apply(
    gaz: &Gazetteer,
    text: &str,
    mentions: &[Mention],
    pairs: &[(usize, usize)],
    total: &[Vec<Features>],
    w: &Weights,
    choice: &mut [Option<usize>],
) -> Vec<Option<PlaceId>> {
    let mut at = vec![None; mentions.len()];
    for &(i, o) in pairs {
        let Some(y) = container(gaz, text, mentions, choice, o) else {
            continue;
        };
        let yp = gaz.place(y);
        if yp.kind == Kind::Continent || super::rules::is_feature_place(yp) {
            continue;
        }
        // A country's point is no place for a village: keep the mention's own choice unless
        // it has a candidate inside the country.
        let may_place_at = yp.kind > Kind::Country;
        let m = &mentions[i];
        if choice[i].is_some_and(|k| holds(gaz, y, m.candidates[k])) {
            continue;
        }
        let best = m
            .candidates
            .iter()
            .enumerate()
            .filter(|&(_, &c)| holds(gaz, y, c))
            .max_by(|a, b| total[i][a.0].score(w).total_cmp(&total[i][b.0].score(w)))
            .map(|(k, _)| k);
        for (n, other) in mentions.iter().enumerate() {
            if other.key == m.key && other.candidates == m.candidates {
                match best {
                    Some(k) => choice[n] = Some(k),
                    None if may_place_at => at[n] = Some(y),
                    None => {}
                }
            }
        }
    }
    at
}

/// Whether `outer` holds `inner`: the gazetteer's containment, or, for a city, a district or
/// second-level division of its country within [`CITY_DISTRICT_KM`] of it (a capital's
/// districts are filed under the capital's region, not the city).
pub(super) fn holds(gaz: &Gazetteer, outer: PlaceId, inner: PlaceId) -> bool {
    if gaz.contains(outer, inner) {
        return true;
    }
    let (o, i) = (gaz.place(outer), gaz.place(inner));
    o.kind == Kind::City
        && matches!(i.kind, Kind::District | Kind::Admin2)
        && i.country_code == o.country_code
        && super::context::distance_km(o, i) <= CITY_DISTRICT_KM
}

/// How far from a city's point its districts' points may lie, in km.
const CITY_DISTRICT_KM: f64 = 25.0;

/// The place mention `o` resolved to, or, when a chain "Y, Z" follows it and Y's place is not
/// inside Z's ("Fairfield County, Connecticut" with Fairfield County resolved in Ohio), the
/// outermost place of the chain that the rest of the chain agrees with.
fn container(
    gaz: &Gazetteer,
    text: &str,
    mentions: &[Mention],
    choice: &[Option<usize>],
    o: usize,
) -> Option<PlaceId> {
    let chosen = |n: usize| choice[n].map(|k| mentions[n].candidates[k]);
    let mut y = chosen(o)?;
    let mut n = o;
    while let Some(next) = mentions.get(n + 1) {
        let comma = text
            .get(mentions[n].end..next.start)
            .is_some_and(|b| b.trim() == ",");
        let Some(z) = chosen(n + 1).filter(|_| comma && next.sentence == mentions[n].sentence)
        else {
            break;
        };
        if gaz.place(z).kind > Kind::Admin1 {
            break;
        }
        if !gaz.contains(z, y) && gaz.place(y).kind > gaz.place(z).kind {
            y = z;
        }
        n += 1;
    }
    Some(y)
}

/// Pairs (inner, outer) of mention indexes whose text states that inner lies in outer.
pub fn stated(text: &str, mentions: &[Mention]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for (i, a) in mentions.iter().enumerate() {
        let Some((j, between)) = next_outside_parentheses(text, mentions, i) else {
            continue;
        };
        let division_of = a.cue == Some(Cue::District) && names_its_place(&a.text, &between);
        if mentions[j].sentence == a.sentence
            && mentions[j].key != a.key
            && (division_of || states(&between))
        {
            out.push((i, j));
        }
    }
    out
}

/// The next mention after `i` that is not inside parentheses opened after `i`, and the
/// lower-cased words between them with the parentheses dropped.
fn next_outside_parentheses(text: &str, mentions: &[Mention], i: usize) -> Option<(usize, String)> {
    let a = &mentions[i];
    let mut between = String::new();
    let mut depth = 0usize;
    let mut pos = a.end;
    for (j, b) in mentions.iter().enumerate().skip(i + 1) {
        if b.start < pos {
            continue;
        }
        // Bounded work per mention whatever the text (an unclosed parenthesis).
        if b.start - a.end > MAX_SPAN {
            return None;
        }
        for ch in text.get(pos..b.start)?.chars() {
            match ch {
                '(' | '[' => depth += 1,
                ')' | ']' => depth = depth.saturating_sub(1),
                '.' | ';' | ':' | '!' | '?' if depth == 0 => return None,
                c if depth == 0 && c.is_ascii() => between.push(c.to_ascii_lowercase()),
                c if depth == 0 => between.extend(c.to_lowercase()),
                _ => {}
            }
            // Too far apart to be one statement: stop lower-casing the rest of the gap.
            if between.len() > MAX_BETWEEN {
                return None;
            }
        }
        pos = b.end;
        if depth == 0 {
            return Some((j, between));
        }
    }
    None
}

/// Whether the words after a district ("the Kyivskyi district of Kharkiv", "у Київському
/// районі Харкова", "Куйбышевского района Донецка") name the place it divides. Ukrainian and
/// Russian say it with a genitive, nothing between; English needs "of" ("Greene County Drug
/// Task Force" is no division of a place called Drug).
fn names_its_place(district: &str, between: &str) -> bool {
    match between.trim() {
        "of" | "of the" => true,
        "" => !district.is_ascii(),
        _ => false,
    }
}

/// Whether the words between X and Y state that X lies in Y (the forms of the table above).
fn states(between: &str) -> bool {
    let spaced = between.replace(',', " , ");
    let mut w: Vec<&str> = spaced.split_whitespace().collect();
    drop_division_tail(&mut w);
    // "… in western Ochiltree County": a direction word before the container's name.
    if w.last().is_some_and(|x| DIRECTIONS.contains(x)) {
        w.pop();
    }
    // The preposition (and "the") at the end.
    if w.last() == Some(&"the") {
        w.pop();
    }
    if !matches!(w.pop(), Some("in" | "of" | "within")) {
        return false;
    }
    let comma = w.first() == Some(&",");
    let mut rest: &[&str] = if comma { &w[1..] } else { &w };
    if rest.first() == Some(&"which") {
        rest = &rest[1..];
    }
    let verb = matches!(rest.first(), Some(&("is" | "was" | "lies")));
    if verb {
        rest = &rest[1..];
    }
    if !verb && !comma {
        return false;
    }
    if let [head @ .., "located" | "situated"] = rest {
        rest = head;
    }
    if rest.is_empty() {
        return verb;
    }
    let article = match rest {
        ["one", "of", "the", ..] => 3,
        ["a" | "an" | "the", ..] => 1,
        _ => return false,
    };
    let words = &rest[article..];
    !words.is_empty()
        && words.len() <= 6
        && words
            .iter()
            .all(|x| x.chars().all(|c| c.is_alphabetic() || c == '-') && !NOT_IN_NAME.contains(x))
        && words
            .iter()
            .any(|x| PLACE_NOUNS.contains(&singular(x).as_str()))
}

/// Words that end a noun phrase: "a village located on the coast of Y" does not say X is in Y.
const NOT_IN_NAME: &[&str] = &[
    "on", "near", "along", "at", "by", "from", "with", "for", "to", "off", "across", "between",
    "in", "of", "within", "outside", "north", "south", "east", "west",
];

/// Adjectives of direction that may stand between the preposition and the container.
const DIRECTIONS: &[&str] = &[
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
    "northeastern",
    "northwestern",
    "southeastern",
    "southwestern",
    "north-eastern",
    "north-western",
    "south-eastern",
    "south-western",
    "rural",
];

/// Division words of "… in the province of Y", "… in the U.S. state of Y".
const DIVISIONS: &[&str] = &[
    "province",
    "state",
    "region",
    "county",
    "district",
    "department",
    "municipality",
    "oblast",
    "prefecture",
    "governorate",
    "canton",
    "shire",
    "city",
    "town",
    "borough",
    "parish",
    "territory",
    "republic",
];

/// Drops a trailing "the [word] [word] DIVISION of", so that "X is a town in the province of Y"
/// reads as "X is a town in Y".
fn drop_division_tail(w: &mut Vec<&str>) {
    let n = w.len();
    if n < 3 || w[n - 1] != "of" || !DIVISIONS.contains(&singular(w[n - 2]).as_str()) {
        return;
    }
    for back in 3..=5.min(n) {
        if w[n - back] == "the" {
            w.truncate(n - back);
            return;
        }
    }
}

fn singular(word: &str) -> String {
    match word.strip_suffix("ies") {
        Some(stem) => format!("{stem}y"),
        None => word.trim_end_matches('s').to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::recognize::Recognizer;
    use crate::text::Document;

    #[test]
    fn forms_that_state_containment() {
        for between in [
            " is a city in ",
            " is a small unincorporated community in ",
            " is a census-designated place in the ",
            " is the county seat of ",
            " is a town located in ",
            " is located in the ",
            ", a town in the ",
            " was a village in ",
            " is one of the villages of ",
            " lies in ",
            " is a fifth class municipality in the province of ",
            " is a city in the u.s. state of ",
            " is a city and a municipal board in ",
            " is an unincorporated community in western ",
        ] {
            assert!(states(&between.to_lowercase()), "{between:?}");
        }
        for between in [
            " is a member of the ",
            " and ",
            " is a city near ",
            " is the president of ",
            ", ",
            " in ",
            " is a country in ",
            " said troops in ",
            " is a village located on the southwest coast of the ",
        ] {
            assert!(!states(between), "{between:?}");
        }
    }

    /// The (inner, outer) mention texts a text's statements link.
    fn linked(gaz: &crate::gazetteer::Gazetteer, text: &str) -> Vec<(String, String)> {
        let ms = Recognizer::new(gaz).recognize(&Document::new("t", text));
        stated(text, &ms)
            .iter()
            .map(|&(i, o)| (ms[i].text.clone(), ms[o].text.clone()))
            .collect()
    }

    /// Sentences written for this rule, in the styles of an encyclopaedia and of news.
    #[test]
    fn statements_link_inner_and_outer() {
        let gaz = crate::testing::gazetteer();
        for (text, inner, outer) in [
            (
                "Paris is a city in Monroe County, Missouri, United States.",
                "Paris",
                "Monroe County",
            ),
            (
                "Rio Grande (/ˈraɪoʊ ɡrænd/ RY-oh GRAND) is a village in Gallia County, Ohio.",
                "Rio Grande",
                "Gallia County",
            ),
            (
                "Shelling hit Marinka, a town in the Donetsk region, overnight.",
                "Marinka",
                "Donetsk region",
            ),
            (
                "Russian shelling hit the Kyivskyi district of Kharkiv.",
                "Kyivskyi district",
                "Kharkiv",
            ),
            (
                "У Шевченківському районі Харкова поранено трьох людей.",
                "Шевченківському районі",
                "Харкова",
            ),
            (
                "В результате обстрела Куйбышевского района Донецка погибли двое.",
                "Куйбышевского района",
                "Донецка",
            ),
        ] {
            let got = linked(gaz, text);
            let want = (inner.to_string(), outer.to_string());
            assert!(got.contains(&want), "{text}: {got:?}");
        }
        for text in [
            "Kharkiv and Kyiv were shelled.",
            "Talks in Paris. Berlin is a city in Germany.",
            "Kharkiv is a member of the Eurocities network.",
            // English puts "of" between a division and its place; nothing between is a name.
            "He pleaded guilty in Greene County Drug Court.",
        ] {
            let got = linked(gaz, text);
            assert!(
                !got.iter()
                    .any(|p| ["Paris", "Kharkiv", "Greene County"].contains(&p.0.as_str())),
                "{text}: {got:?}"
            );
        }
    }

    /// An unclosed parenthesis: no statement reaches past `MAX_SPAN` bytes.
    #[test]
    fn unclosed_parenthesis_links_nothing_far() {
        let gaz = crate::testing::gazetteer();
        let text = format!(
            "Kharkiv (see {} is a city in Ukraine.",
            "Kyiv and Odesa, ".repeat(100)
        );
        let ms = Recognizer::new(gaz).recognize(&Document::new("t", &text));
        assert!(ms.len() > 100);
        let pairs = stated(&text, &ms);
        assert!(
            pairs
                .iter()
                .all(|&(i, o)| ms[o].start - ms[i].end <= MAX_SPAN),
            "{pairs:?}"
        );
    }

    /// The resolver keeps a stated place inside its container, and places it at the container
    /// when the gazetteer has no such place there (Waka, Texas is under 500 people; the
    /// gazetteer's only Waka is in Ethiopia).
    #[test]
    fn resolver_keeps_stated_places_inside_their_container() {
        let gaz = crate::testing::gazetteer();
        for (text, name, country, admin1, kind) in [
            (
                "Paris is a city in Lamar County, Texas. Paris lies northeast of Dallas.",
                "Paris",
                "US",
                "TX",
                "city",
            ),
            (
                "Waka, a small community in Ochiltree County, Texas, lost power.",
                "Waka",
                "US",
                "TX",
                "admin2",
            ),
            (
                "Shelling hit Marinka, a town in the Donetsk region, overnight.",
                "Marinka",
                "UA",
                "05",
                "city",
            ),
            // A district of Donetsk the gazetteer lacks: its namesakes in Russia neither take
            // the mention nor pull the city to Donetsk, Rostov Oblast; it is placed at the city.
            (
                "В результате обстрела Куйбышевского района Донецка погибли два человека.",
                "Донецка",
                "UA",
                "05",
                "city",
            ),
            (
                "В результате обстрела Куйбышевского района Донецка погибли два человека.",
                "Куйбышевского района",
                "UA",
                "05",
                "city",
            ),
        ] {
            let doc = Document::new("t", text);
            let ms = Recognizer::new(gaz).recognize(&doc);
            let rs = crate::Resolver::new(gaz).resolve(&doc, &ms);
            let (m, r) = ms
                .iter()
                .zip(&rs)
                .find(|(m, _)| m.text == name)
                .unwrap_or_else(|| panic!("{text}: {ms:?}"));
            let p = gaz.place(r.as_ref().unwrap().place);
            assert_eq!(
                (
                    p.country_code.as_str(),
                    p.admin1_code.as_str(),
                    p.kind.as_str()
                ),
                (country, admin1, kind),
                "{text}: {} {m:?}",
                p.id
            );
        }
    }
}
