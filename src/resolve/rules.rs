//! The resolver's named rules: each computes some of a candidate's [`Features`] (see the table
//! in [`crate::resolve`]).

use std::cell::RefCell;
use std::rc::Rc;

use crate::lexicon::FastMap;

use super::containment;
use super::context::{Context, Local};
use super::own::Facts;
use super::own::{Ctx, Own, Total};
use super::{Features, Weights};
use crate::gazetteer::{Gazetteer, Kind, Place};
use crate::recognize::{Cue, Mention};

/// GeoNames feature codes of physical and special features: islands, seas, gulfs, rivers,
/// mountains, deserts, peninsulas, regions, and special areas.
const FEATURE_CODES: &[&str] = &[
    "ISL", "ISLS", "ISLET", "ATOL", "SEA", "GULF", "BAY", "STRT", "OCN", "LK", "STM", "MTS", "MT",
    "DSRT", "PEN", "RGN", "RGNE", "PLN", "VAL", "TERR", "ZN", "CNL",
];

/// Whether an entry is a physical or special feature (island, sea, river …).
pub(super) fn is_feature_place(p: &Place) -> bool {
    matches!(
        p.kind,
        Kind::Island | Kind::Sea | Kind::River | Kind::Mountains | Kind::Region
    ) || FEATURE_CODES.contains(&p.feature_code.as_str())
}

/// Whether a candidate is one a small namesake must not displace without evidence.
pub(super) fn is_prominent(p: &Place) -> bool {
    matches!(p.kind, Kind::Continent | Kind::Country | Kind::Admin1)
        || p.is_capital()
        || is_feature_place(p)
}

/// Rule: the candidate's own features (kind, prominence, name, cue).
pub(super) fn own_features(p: &Place, m: &Mention) -> Features {
    // The entry's name folded into one buffer per thread: asked for every candidate.
    thread_local!(static CANONICAL: RefCell<String> = const { RefCell::new(String::new()) });
    let (own_name, short_form) = CANONICAL.with_borrow_mut(|canonical| {
        crate::text::name_key_into(&p.name, canonical);
        let own_name =
            *canonical == m.key || super::skeleton::own_name_in_cyrillic(&m.key, &p.name);
        // A bare short form is the region's name without its type word ("Kharkiv" of
        // "Kharkiv Oblast"); an exonym ("Crete" for Kríti) is the region's own name.
        let short_form = canonical
            .strip_prefix(m.key.as_str())
            .is_some_and(|rest| rest.starts_with(' '));
        (own_name, short_form)
    });
    let kind = |k: Kind| (p.kind == k) as u8 as f64;
    let mut f = Features {
        prominence: prominence(p.population),
        country: matches!(p.kind, Kind::Continent | Kind::Country) as u8 as f64,
        admin1_own_name: (p.kind == Kind::Admin1 && !short_form) as u8 as f64,
        admin1_short: (p.kind == Kind::Admin1 && short_form) as u8 as f64,
        admin2: kind(Kind::Admin2),
        district: kind(Kind::District),
        landmark: kind(Kind::Landmark),
        feature: is_feature_place(p) as u8 as f64,
        capital: p.is_capital() as u8 as f64,
        canonical_name: own_name as u8 as f64,
        ..Features::default()
    };
    if let Some(cue) = m.cue {
        let fits = match cue {
            Cue::Region => p.kind == Kind::Admin1,
            Cue::District => matches!(p.kind, Kind::District | Kind::Admin2),
            Cue::City => p.kind == Kind::City,
        };
        if fits {
            f.cue_fits = 1.0;
        } else {
            f.cue_clashes = 1.0;
        }
    }
    f
}

/// Rule: a name shared by a country and smaller places means the country ("China", not China,
/// Texas; "Mexico", not the State of Mexico); a name shared by a region and a big city
/// inside it means the city ("New York") unless a cue asks for the region.
pub(super) fn namesakes(gaz: &Gazetteer, m: &Mention, fs: &mut [Features]) {
    let countries: Vec<&str> = m
        .candidates
        .iter()
        .map(|&c| gaz.place(c))
        .filter(|p| p.kind == Kind::Country)
        .map(|p| p.country_code.as_str())
        .collect();
    for (k, &c) in m.candidates.iter().enumerate() {
        let p = gaz.place(c);
        // A region only yields to its own country ("Mexico" state, not Georgia the state).
        let yields = match p.kind {
            Kind::Admin1 | Kind::Admin2 => countries.contains(&p.country_code.as_str()),
            k => k > Kind::Country && !countries.is_empty(),
        };
        if yields && m.cue.is_none() {
            fs[k].namesake_country = 1.0;
        }
        if p.kind == Kind::Admin1 && m.cue != Some(Cue::Region) {
            let big_city_inside = m.candidates.iter().any(|&o| {
                let q = gaz.place(o);
                q.kind == Kind::City && q.population >= 500_000 && gaz.contains(c, o)
            });
            if big_city_inside {
                fs[k].namesake_big_city = 1.0;
            }
        }
    }
}

/// Rule: the text says the inner mention lies in the outer one ("Selydove, Donetsk").
pub(super) fn text_containment(
    gaz: &Gazetteer,
    mentions: &[Mention],
    l: containment::Link,
    own: &mut Own,
) {
    let (inner, outer) = (&mentions[l.inner], &mentions[l.outer]);
    for (k, &c) in inner.candidates.iter().enumerate() {
        if outer.candidates.iter().any(|&o| gaz.contains(o, c)) {
            own.set_contained_in_text(l.inner, k);
        }
    }
    for (k, &o) in outer.candidates.iter().enumerate() {
        if inner.candidates.iter().any(|&c| gaz.contains(o, c)) {
            own.set_container_in_text(l.outer, k);
        }
    }
}

/// Rule: candidates of two names of the document that nest ("Paris and Henry County": Paris,
/// Tennessee lies in Henry County, Tennessee) support each other: a second-level division
/// among one name's candidates that holds a candidate of another name, and that candidate,
/// get `nested_candidate` (the division only when its name is no town's: "Houston" is not
/// Houston County). Only second-level divisions count: a first-level region holds too many
/// namesakes to be evidence. Costs one hash look-up per candidate.
///
/// `same[i]`: an earlier mention with mention `i`'s name, cue and candidates (see
/// [`super::own::own_of`]): its records are that one's, so they take that one's flags
/// instead of being looked up again (a name recurs in a story).
pub(super) fn nested_candidates(
    names: &[u32],
    facts: &[Rc<[Facts]>],
    same: &[Option<usize>],
    own: &mut Own,
) {
    // Division -> the names with a division candidate there; division -> the names of its
    // towns (per thread, cleared for each document: no table grown again and again).
    thread_local!(static TABLES: RefCell<[FastMap<u32, Names>; 2]> = RefCell::default());
    // A repeated mention adds the same names to the tables again and is set as its first
    // is: passed over while they are built, then copied (when the document has any).
    let repeats = same.iter().any(Option::is_some);
    TABLES.with_borrow_mut(|[divisions, held]| {
        divisions.clear();
        held.clear();
        let same = &same[..names.len()];
        let set = if repeats {
            nested_in((names, facts, |i| same[i].is_none()), own, divisions, held)
        } else {
            nested_in((names, facts, |_| true), own, divisions, held)
        };
        if set && repeats {
            for (i, j) in same.iter().enumerate() {
                if let Some(j) = *j {
                    own.nested_as(i, j);
                }
            }
        }
    });
}

/// [`nested_candidates`] with its two tables, empty, for the mentions `first` accepts (by
/// index): whether it set any candidate nested.
fn nested_in(
    (names, facts, first): (&[u32], &[Rc<[Facts]>], impl Fn(usize) -> bool),
    own: &mut Own,
    divisions: &mut FastMap<u32, Names>,
    held: &mut FastMap<u32, Names>,
) -> bool {
    let is_town = |x: &Facts| matches!(x.kind, Kind::City | Kind::District);
    // Most documents have no division candidate: then nothing else is looked at. Divisions
    // are compared by their interned codes, names by their numbers.
    for (i, (&key, xs)) in names.iter().zip(facts).enumerate() {
        if !first(i) {
            continue;
        }
        for x in xs.iter().filter(|x| x.kind == Kind::Admin2) {
            if let Some(d) = x.division {
                Names::add(divisions.entry(d), key);
            }
        }
    }
    if divisions.is_empty() {
        return false;
    }
    let mut set = false;
    // A bit per division in each table: most towns' divisions are in neither, told without
    // a hash look-up.
    let (in_divisions, mut in_held) = (Bloom::of(divisions.keys()), Bloom::default());
    // Towns inside a division of another name; and, per division, the names of its towns.
    for (i, (&key, xs)) in names.iter().zip(facts).enumerate() {
        if !first(i) {
            continue;
        }
        for (k, x) in xs.iter().enumerate() {
            let Some(d) = x
                .division
                .filter(|&d| is_town(x) && in_divisions.may_hold(d))
            else {
                continue;
            };
            if let Some(names) = divisions.get(&d) {
                if names.other_than(key) {
                    own.set_nested(i, k);
                    set = true;
                }
                Names::add(held.entry(d), key);
                in_held.add(d);
            }
        }
    }
    for (i, (&key, xs)) in names.iter().zip(facts).enumerate() {
        // A name that is also a town ("Houston", "Montreal") is not supported as a county.
        if !first(i) || xs.iter().any(is_town) {
            continue;
        }
        for (k, x) in xs.iter().enumerate() {
            if x.kind == Kind::Admin2
                && x.division
                    .filter(|&d| in_held.may_hold(d))
                    .and_then(|d| held.get(&d))
                    .is_some_and(|names| names.other_than(key))
            {
                own.set_nested(i, k);
                set = true;
            }
        }
    }
    set
}

/// A bit of 256 per interned division code: a clear bit says a table holds no such code.
#[derive(Default)]
struct Bloom([u64; 4]);

impl Bloom {
    fn of<'a>(codes: impl Iterator<Item = &'a u32>) -> Bloom {
        let mut b = Bloom::default();
        codes.for_each(|&d| b.add(d));
        b
    }

    fn slot(d: u32) -> (usize, u64) {
        let h = u64::from(d).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 56;
        ((h >> 6) as usize, 1 << (h & 63))
    }

    fn add(&mut self, d: u32) {
        let (w, bit) = Bloom::slot(d);
        self.0[w] |= bit;
    }

    fn may_hold(&self, d: u32) -> bool {
        let (w, bit) = Bloom::slot(d);
        self.0[w] & bit != 0
    }
}

/// The distinct names seen at a division, as much as [`nested_candidates`] asks: the first
/// (by number, see [`super::context::name_ids`]), and whether there was another (no list to
/// allocate).
struct Names {
    first: u32,
    many: bool,
}

impl Names {
    fn add(slot: std::collections::hash_map::Entry<'_, u32, Names>, key: u32) {
        slot.and_modify(|n| n.many |= n.first != key)
            .or_insert(Names {
                first: key,
                many: false,
            });
    }

    /// Whether a name other than `key` is among them.
    fn other_than(&self, key: u32) -> bool {
        self.many || self.first != key
    }
}

/// Rule: a small namesake of a country, region or feature among the candidates gets context
/// only with specific evidence: per candidate (`facts`: a mention's candidates'), whether it
/// is such a namesake, its context withheld unless there is evidence ([`super::own::Own::gated`]:
/// containment in the text or a fitting cue; [`local_evidence`] in each round). A function of
/// the candidates and weights alone, so worked out once per remembered triple.
pub(super) fn small_namesakes<'a>(
    w: &'a Weights,
    facts: &'a [Facts],
) -> impl Iterator<Item = bool> + 'a {
    let any_prominent = facts.iter().any(|x| x.prominent);
    facts.iter().map(move |x| {
        let small =
            !x.prominent && !x.capital && (x.population as f64) < w.small_namesake_population;
        any_prominent && small
    })
}

/// Whether a gated candidate's context holds specific evidence after all: a place of the story
/// contains it, or it is named by its own name inside a region the text names.
pub(super) fn local_evidence(canonical: bool, local: &Local) -> bool {
    local.contained_in_doc || (canonical && local.admin1_named)
}

/// The `distance` feature of a candidate of kind `kind` with context `ctx` (`None`: no place
/// qualifies, or a country, whose distance says nothing): the same for every mention sharing
/// the context, so computed once for them.
pub(super) fn distance_feature(ctx: &Context, kind: Kind, w: &Weights) -> Option<f64> {
    (ctx.nearest_km.is_finite() && kind != Kind::Country)
        .then(|| (-ctx.nearest_km / w.distance_scale_km).exp())
}

/// The context features of a candidate with context `ctx` (`canonical`: it has its own
/// name, `canonical_name` > 0; `distance` from [`distance_feature`]).
pub(super) fn with_context(
    canonical: bool,
    ctx: &Context,
    distance: Option<f64>,
    gated: bool,
) -> Ctx {
    let mut f = Ctx {
        contained_in_doc: ctx.contained_in_doc as u8 as f64,
        ..Ctx::default()
    };
    if gated && !local_evidence(canonical, &ctx.local()) {
        return f;
    }
    f.country_share = ctx.country_share;
    f.country_named = ctx.country_named as u8 as f64;
    f.admin1_named = ctx.admin1_named as u8 as f64;
    if let Some(d) = distance {
        f.distance = d;
    }
    f
}

/// The mentions of each name, cue and containment role, for [`one_sense_per_name`] (the same
/// in every round): each mention's group by number, and where each group's summed scores
/// are in one buffer (`at[g]..at[g + 1]`, as many as its first mention's candidates).
#[derive(Default)]
pub(super) struct Groups {
    pub(super) of: Vec<u32>,
    pub(super) at: Vec<usize>,
    /// Each round's summed scores and each group's best candidate (buffers kept for the
    /// document's rounds), and the group of each (name, cue, role) slot while they are
    /// numbered.
    sum: Vec<f64>,
    best: Vec<Option<usize>>,
    ids: Vec<u32>,
}

/// The [`Groups`] of a document's mentions (`names`: the mentions' names by number).
#[cfg(test)]
pub(super) fn name_groups(
    mentions: &[Mention],
    names: &[u32],
    container_of: &[Option<usize>],
) -> Groups {
    name_groups_in(mentions, names, container_of, Groups::default())
}

/// [`name_groups`] in the buffers of `g` (emptied).
pub(super) fn name_groups_in(
    mentions: &[Mention],
    names: &[u32],
    container_of: &[Option<usize>],
    mut g: Groups,
) -> Groups {
    // A (name, cue, role) triple as one index: names are numbered densely from 0
    // ([`super::context::name_ids`]), a cue is one of four, a role one of two; a table read
    // at that index instead of a hash map.
    let n_names = names.iter().max().map_or(0, |&n| n as usize + 1);
    let Groups { of, at, ids, .. } = &mut g;
    ids.clear();
    ids.resize(n_names * 8, u32::MAX);
    at.clear();
    at.reserve(mentions.len() + 1);
    at.push(0);
    of.clear();
    of.extend(mentions.iter().enumerate().map(|(i, m)| {
        let cue = match m.cue {
            None => 0,
            Some(Cue::Region) => 1,
            Some(Cue::District) => 2,
            Some(Cue::City) => 3,
        };
        let slot = names[i] as usize * 8 + cue * 2 + usize::from(container_of[i].is_some());
        if ids[slot] == u32::MAX {
            ids[slot] = at.len() as u32 - 1;
            at.push(at[at.len() - 1] + m.candidates.len());
        }
        ids[slot]
    }));
    g
}

/// Rule: one sense per name (cue and containment role) per document: all its mentions take
/// the candidate with the best summed score (`groups` from [`name_groups`]). Each group's sums
/// add its mentions' scores in mention order.
pub(super) fn one_sense_per_name(total: &Total, groups: &mut Groups, choice: &mut [Option<usize>]) {
    let Groups {
        of, at, sum, best, ..
    } = groups;
    sum.clear();
    sum.resize(at[at.len() - 1], 0.0);
    for (i, &g) in of.iter().enumerate() {
        let g = g as usize;
        for (s, x) in sum[at[g]..at[g + 1]].iter_mut().zip(total.scores(i)) {
            *s += x;
        }
    }
    best.clear();
    best.extend(
        at.windows(2)
            .map(|r| argmax(sum[r[0]..r[1]].iter().copied())),
    );
    for (c, &g) in choice.iter_mut().zip(of.iter()) {
        *c = best[g as usize];
    }
}

pub(super) fn prominence(population: u64) -> f64 {
    ((1.0 + population as f64).ln() / (1.0f64 + 1e7).ln()).min(1.2)
}

pub(super) fn argmax(scores: impl Iterator<Item = f64>) -> Option<usize> {
    let mut best: Option<(usize, f64)> = None;
    for (k, s) in scores.enumerate() {
        if best.is_none_or(|(_, b)| s > b) {
            best = Some((k, s));
        }
    }
    best.map(|(k, _)| k)
}
