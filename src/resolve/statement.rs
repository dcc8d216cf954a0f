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
//! | part | the same ending in `in the (northern …) part of` |
//! | location | `is located in`, `is situated in`, `lies in`, `lies within` (+ `the`) |
//! | division | X carries a district cue and `of`, `of the` or nothing stands between: "the Kyivskyi district of Kharkiv", "Київського району Донецька" |
//!
//! Place nouns: city, town, village, hamlet, community, place, municipality, settlement,
//! suburb, borough, township, neighbourhood, locality, commune, parish, seat, capital,
//! district, county, port, area, quarter, resort, woreda, barangay, barrio (and their plurals).
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

use std::cell::Cell;

use super::own::Total;
use crate::gazetteer::{Gazetteer, Kind, PlaceId};
use crate::recognize::{Cue, Mention};
use opening::opens;
#[cfg(test)]
use opening::{opening, opening_ascii, opening_chars};

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
    "area",
    "quarter",
    "resort",
    "woreda",
    "barangay",
    "barrio",
];

/// At most this many bytes between X and Y once parentheses are dropped.
const MAX_BETWEEN: usize = 90;

/// Bytes of a plain run read before its [`opening`](opening::opening) is asked, while it is not known (an
/// opening word has at most five letters).
const OPENING_READ: usize = 16;

/// At most this many bytes between X and Y with the parentheses.
const MAX_SPAN: usize = 400;

/// A settlement as container ("a district of east Leeds", "the central city of the East
/// Valley"): places within this many kilometres of it count as inside it.
const NEAR_SETTLEMENT_KM: f64 = 30.0;

/// How far below the container's chosen candidate another of its candidates may score and
/// still be taken when only it contains one of X's candidates (joint choice of X and Y).
const JOINT_MARGIN: f64 = 2.0;

/// Whether `c` lies inside the container `y`: by the data's containment, or near a
/// settlement.
/// A city named with a region cue ("Orenburg Oblast" where the gazetteer knows only the city)
/// stands for its first-level region.
fn inside(gaz: &Gazetteer, y: PlaceId, c: PlaceId, region_cue: bool) -> bool {
    let (yp, cp) = (gaz.place(y), gaz.place(c));
    let settlement = matches!(yp.kind, Kind::City | Kind::District);
    holds(gaz, y, c)
        || (settlement && super::distance_km(yp, cp) <= NEAR_SETTLEMENT_KM)
        || (settlement
            && region_cue
            && !yp.admin1_code.is_empty()
            && cp.country_code == yp.country_code
            && cp.admin1_code == yp.admin1_code)
}

/// Whether a place can contain another: not a continent, not a physical feature.
fn may_contain(gaz: &Gazetteer, y: PlaceId) -> bool {
    let yp = gaz.place(y);
    yp.kind != Kind::Continent && !super::rules::is_feature_place(yp)
}

/// Rule: a stated containment is kept. For each (inner, outer) pair whose outer mention
/// resolved to Y: when inner's choice is not inside Y, every mention of inner's name takes its
/// best-scoring candidate inside Y; when it has none but another candidate Y' of the outer
/// mention (scoring at most [`JOINT_MARGIN`] below Y) contains one of inner's, both take that
/// pair ("Buzuluk is a town in Orenburg" with the city of Orenburg chosen); otherwise they are
/// placed at Y (returned per mention). A continent or a physical feature is no container. The first statement about a name decides ("Mesa is
/// a city in Maricopa County … Mesa is the central city of the East Valley").
pub(super) fn apply(
    (gaz, text, mentions): (&Gazetteer, &str, &[Mention]),
    pairs: &[(usize, usize)],
    total: &Total,
    choice: &mut [Option<usize>],
    mut at: Vec<Option<PlaceId>>,
) -> Vec<Option<PlaceId>> {
    // `at`: a buffer, emptied.
    at.clear();
    at.resize(mentions.len(), None);
    let mut settled: Vec<&str> = Vec::new();
    for &(i, o) in pairs {
        let m = &mentions[i];
        if settled.contains(&m.key.as_str()) {
            continue;
        }
        let Some(y) = container(gaz, text, mentions, choice, o) else {
            continue;
        };
        if !may_contain(gaz, y) {
            continue;
        }
        if gaz.place(y).kind > Kind::Country {
            settled.push(&m.key);
        }
        // Reached only when no candidate lies inside Y: a country's point is coarse, but
        // nearer than a namesake abroad ("Maji is a town in southern Ethiopia").
        let may_place_at = gaz.place(y).kind >= Kind::Country;
        let region_cue = mentions[o].cue == Some(Cue::Region);
        if choice[i].is_some_and(|k| inside(gaz, y, m.candidates[k], region_cue)) {
            continue;
        }
        let score = |n: usize, k: usize| total.score(n, k);
        let best = m
            .candidates
            .iter()
            .enumerate()
            .filter(|&(_, &c)| inside(gaz, y, c, region_cue))
            .max_by(|a, b| score(i, a.0).total_cmp(&score(i, b.0)))
            .map(|(k, _)| k);
        let joint = if best.is_none() && choice[o].is_some_and(|k| mentions[o].candidates[k] == y) {
            joint_choice(
                gaz,
                mentions,
                i,
                o,
                &score,
                score(o, choice[o].unwrap_or(0)),
            )
        } else {
            None
        };
        if let Some((_, ko)) = joint {
            choice[o] = Some(ko);
        }
        for (n, other) in mentions.iter().enumerate() {
            if other.key == m.key && other.candidates == m.candidates {
                match (best, joint) {
                    (Some(k), _) | (None, Some((k, _))) => choice[n] = Some(k),
                    (None, None) if may_place_at => at[n] = Some(y),
                    (None, None) => {}
                }
            }
        }
    }
    at
}

/// The best pair (inner's candidate, outer's candidate) with the first inside the second,
/// among outer's candidates scoring at least `chosen - JOINT_MARGIN`.
fn joint_choice(
    gaz: &Gazetteer,
    mentions: &[Mention],
    i: usize,
    o: usize,
    score: &dyn Fn(usize, usize) -> f64,
    chosen: f64,
) -> Option<(usize, usize)> {
    let mut best: Option<(f64, usize, usize)> = None;
    for (ko, &y) in mentions[o].candidates.iter().enumerate() {
        let sy = score(o, ko);
        if sy < chosen - JOINT_MARGIN || !may_contain(gaz, y) || gaz.place(y).kind <= Kind::Country
        {
            continue;
        }
        for (ki, &c) in mentions[i].candidates.iter().enumerate() {
            let s = sy + score(i, ki);
            if best.is_none_or(|b| s > b.0)
                && inside(gaz, y, c, mentions[o].cue == Some(Cue::Region))
            {
                best = Some((s, ki, ko));
            }
        }
    }
    best.map(|(_, ki, ko)| (ki, ko))
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
        let comma = text.get(mentions[n].end..next.start).is_some_and(chain_gap);
        let Some(z) = chosen(n + 1).filter(|_| comma && next.sentence == mentions[n].sentence)
        else {
            break;
        };
        if gaz.place(z).kind > Kind::Admin2 {
            break;
        }
        if !gaz.contains(z, y) && gaz.place(y).kind >= gaz.place(z).kind {
            y = z;
        }
        n += 1;
    }
    Some(y)
}

/// Whether the text between two mentions of a chain joins them: a comma, or a division word
/// the mention did not take and a comma ("Stockton Township, Greene County").
fn chain_gap(between: &str) -> bool {
    let trimmed = between.trim();
    let trimmed = trimmed.strip_suffix(" in").unwrap_or(trimmed);
    let Some(head) = trimmed.strip_suffix(',') else {
        return false;
    };
    let word = head.trim().to_ascii_lowercase();
    word.is_empty() || word == "township" || DIVISIONS.contains(&singular(&word).as_str())
}

/// Pairs (inner, outer) of mention indexes whose text states that inner lies in outer.
pub fn stated(text: &str, mentions: &[Mention]) -> Vec<(usize, usize)> {
    stated_with(text, mentions, true)
}

/// [`stated`], reading every gap in full unless `gate` (see [`opening`](opening::opening)).
fn stated_with(text: &str, mentions: &[Mention], gate: bool) -> Vec<(usize, usize)> {
    // The gaps' buffer, kept per thread from one document to the next (not allocated again).
    thread_local!(static BETWEEN: Cell<String> = const { Cell::new(String::new()) });
    let mut out = Vec::new();
    // Room for the longest gap read (a few bytes past the bound at most): never grown.
    let mut between = BETWEEN.take();
    between.clear();
    between.reserve(2 * MAX_BETWEEN);
    for (i, a) in mentions.iter().enumerate() {
        // A statement stays in its sentence: when the next mention past this one is in a later
        // sentence, so is every one after it, and the gap is not read.
        let next = mentions[i + 1..].iter().find(|b| b.start >= a.end);
        if next.is_none_or(|b| b.sentence != a.sentence) {
            continue;
        }
        // Only a district's gap is read for a division ("of"): any other's is given up at its
        // first word when that word opens no statement.
        let district = a.cue == Some(Cue::District);
        let Some(j) =
            next_outside_parentheses(text, mentions, i, (&mut between, gate && !district))
        else {
            continue;
        };
        let division_of = district && names_its_place(&a.text, &between);
        if mentions[j].sentence != a.sentence || !(division_of || states(&between)) {
            continue;
        }
        // "Stanton is a community in Stanton Township, Goodhue County": the namesake
        // division is passed over for the next link of the chain.
        let j = match mentions.get(j + 1) {
            Some(z) if mentions[j].key == a.key => {
                let gap = text.get(mentions[j].end..z.start).unwrap_or("");
                if z.sentence != a.sentence || !chain_gap(gap) {
                    continue;
                }
                j + 1
            }
            _ if mentions[j].key == a.key => continue,
            _ => j,
        };
        out.push((i, division_named_after(text, mentions, j)));
    }
    BETWEEN.set(between);
    out
}

/// The mention of the division when mention `j` (a country) is followed by words ending in
/// a division noun and "of", then the division: "the U.S. state of Iowa", "the British
/// Overseas Territory of Bermuda" (Z's index); else `j`.
fn division_named_after(text: &str, mentions: &[Mention], j: usize) -> usize {
    let Some(z) = mentions.get(j + 1) else {
        return j;
    };
    let gap = text.get(mentions[j].end..z.start).unwrap_or("");
    let words: Vec<String> = gap
        .split_whitespace()
        .map(|w| w.to_ascii_lowercase())
        .collect();
    let division_of = matches!(words.as_slice(), [head @ .., noun, of]
        if of == "of" && head.len() <= 2
            && DIVISIONS.contains(&singular(noun).as_str())
            && head.iter().all(|w| w.chars().all(|c| c.is_ascii_alphabetic())));
    if z.sentence == mentions[j].sentence && division_of {
        j + 1
    } else {
        j
    }
}

/// The next mention after `i` that is not inside parentheses opened after `i`; `between`
/// receives the lower-cased words between them with the parentheses dropped. With `gate`,
/// `None` as soon as the words' [`opening`](opening::opening) says they state nothing.
fn next_outside_parentheses(
    text: &str,
    mentions: &[Mention],
    i: usize,
    (between, gate): (&mut String, bool),
) -> Option<usize> {
    let a = &mentions[i];
    between.clear();
    let mut open = gate;
    let mut depth = 0usize;
    let mut slash = false;
    let mut pos = a.end;
    for (j, b) in mentions.iter().enumerate().skip(i + 1) {
        if b.start < pos {
            continue;
        }
        // Bounded work per mention whatever the text (an unclosed parenthesis).
        if b.start - a.end > MAX_SPAN {
            return None;
        }
        let mut prev = ' ';
        let gap = text.get(pos..b.start)?;
        let mut at = 0;
        while at < gap.len() {
            if depth == 0 && !slash {
                // Scanned no further than one byte past the room left; while the first word
                // is not known, a chunk at a time (most gaps are given up at their first word,
                // whose opening a longer read does not change).
                let rest = &gap.as_bytes()[at..];
                let room = rest.len().min(MAX_BETWEEN + 1 - between.len());
                let room = if open { room.min(OPENING_READ) } else { room };
                let run = plain_run(&rest[..room]);
                if run > 0 {
                    // The same as pushing its characters one by one, each checked.
                    if between.len() + run > MAX_BETWEEN {
                        return None;
                    }
                    let from = between.len();
                    between.push_str(&gap[at..at + run]);
                    between[from..].make_ascii_lowercase();
                    prev = char::from(gap.as_bytes()[at + run - 1]);
                    at += run;
                    if open && !opens(between, &mut open) {
                        return None;
                    }
                    continue;
                }
            }
            let Some(ch) = gap[at..].chars().next() else {
                break;
            };
            at += ch.len_utf8();
            match ch {
                '(' | '[' => depth += 1,
                ')' | ']' => depth = depth.saturating_sub(1),
                // A pronunciation between slashes: "Cairo /ˈkeɪ.roʊ/ is a city in".
                '/' if slash => slash = false,
                '/' if depth == 0 && prev.is_whitespace() => slash = true,
                _ if slash => {}
                '.' | ';' | ':' | '!' | '?' if depth == 0 => return None,
                c if depth == 0 && c.is_ascii() => between.push(c.to_ascii_lowercase()),
                c if depth == 0 => between.extend(c.to_lowercase()),
                _ => {}
            }
            prev = ch;
            // Too far apart to be one statement: stop lower-casing the rest of the gap.
            if between.len() > MAX_BETWEEN || (open && !opens(between, &mut open)) {
                return None;
            }
        }
        pos = b.end;
        if depth == 0 && !slash {
            return Some(j);
        }
    }
    None
}

/// The length of the ASCII run at the start of `gap` with no bracket, slash or stop: at
/// depth 0 outside a pronunciation, [`next_outside_parentheses`] only lower-cases it into
/// its words (most gaps between two mentions are such runs). Tested 16 bytes at a time
/// without an early exit inside a chunk, so the compiler compares them all at once; the
/// chunk with the first such byte is then searched byte by byte.
fn plain_run(gap: &[u8]) -> usize {
    const LANES: usize = 16;
    // In Cyrillic text the run ends at once, and the scan is asked again after each letter.
    if gap.first().is_none_or(|&b| ends_run(b)) {
        return 0;
    }
    let mut at = 0;
    for chunk in gap.chunks_exact(LANES) {
        if chunk.iter().fold(false, |any, &b| any | ends_run(b)) {
            break;
        }
        at += LANES;
    }
    let rest = &gap[at..];
    at + rest.iter().position(|&b| ends_run(b)).unwrap_or(rest.len())
}

/// Whether a byte ends a [`plain_run`]: outside ASCII, a bracket, a slash or a stop. Written
/// as comparisons, not `matches!` (a bit test per byte, which does not vectorise).
#[inline]
fn ends_run(b: u8) -> bool {
    (b >= 0x80)
        | (b == b'(')
        | (b == b'[')
        | (b == b')')
        | (b == b']')
        | (b == b'/')
        | (b == b'.')
        | (b == b';')
        | (b == b':')
        | (b == b'!')
        | (b == b'?')
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
    if !may_state(between) {
        return false;
    }
    let spaced = between.replace(',', " , ");
    let mut w: Vec<&str> = spaced.split_whitespace().collect();
    drop_division_tail(&mut w);
    // "… in the northeastern part of Columbus".
    if let [head @ .., "part" | "portion" | "section", "of"] = w.as_slice() {
        let mut k = head.len();
        if k > 0 && DIRECTIONS.contains(&head[k - 1]) {
            k -= 1;
        }
        if k > 0 && head[k - 1] == "the" {
            w.truncate(k - 1);
        }
    }
    // "… in western Ochiltree County": a direction word before the container's name.
    // Up to two: "in south central Outagamie County", "in inner southeast Portland".
    for _ in 0..2 {
        if w.last().is_some_and(|x| DIRECTIONS.contains(x)) {
            w.pop();
        }
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

/// What [`states`] needs at the least, read without building its word list (most gaps between
/// two places state nothing): a preposition ("in", "of", "within"), and a comma first or a verb.
fn may_state(between: &str) -> bool {
    // Each preposition holds "in" or "of": a gap with neither is passed over on its bytes.
    if !has_in_or_of(between.as_bytes()) {
        return false;
    }
    let (mut preposition, mut verb) = (false, false);
    let mut word = |w: &[u8]| match w {
        b"in" | b"of" | b"within" => preposition = true,
        b"is" | b"was" | b"lies" => verb = true,
        _ => {}
    };
    if between.is_ascii() {
        // Split on bytes: ASCII's white space is `char::is_whitespace`'s there.
        let space = |b: &u8| matches!(b, b',' | b' ' | b'\t' | b'\n' | b'\x0B' | b'\x0C' | b'\r');
        between.as_bytes().split(space).for_each(&mut word);
    } else {
        for w in between.split(|c: char| c == ',' || c.is_whitespace()) {
            word(w.as_bytes());
        }
    }
    preposition && (verb || between.trim_start().starts_with(','))
}

/// Whether "in" or "of" occurs in `b`: 16 byte pairs at a time without an early exit inside
/// a chunk (compared all at once), the rest pair by pair.
fn has_in_or_of(b: &[u8]) -> bool {
    const LANES: usize = 16;
    let pair = |x: u8, y: u8| ((x == b'i') & (y == b'n')) | ((x == b'o') & (y == b'f'));
    let mut at = 0;
    while at + LANES < b.len() {
        let (x, y) = (&b[at..at + LANES], &b[at + 1..at + LANES + 1]);
        if x.iter()
            .zip(y)
            .fold(false, |any, (&p, &q)| any | pair(p, q))
        {
            return true;
        }
        at += LANES;
    }
    b[at..].windows(2).any(|w| pair(w[0], w[1]))
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
    "north",
    "south",
    "east",
    "west",
    "northeast",
    "northwest",
    "southeast",
    "southwest",
    "inner",
    "outer",
    "upper",
    "lower",
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

mod opening;
#[cfg(test)]
mod tests;
