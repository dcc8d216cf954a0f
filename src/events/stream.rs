//! The events' merge from sorted streams, for a run whose reports' keys wait on disk: the
//! keys are sorted into merge order by an external sort, clustered in one pass over them
//! (see [`assign_sorted`]), sorted again by event, and the events' heads, year anchors and
//! figures are gathered in passes over that order. What stays in memory grows with the number
//! of events, not of reports; the results are those of [`super::merge::assign`],
//! [`super::merge::year_anchors`] and [`super::build::Grouped::events`].

use std::cmp::{Ordering, Reverse};
use std::collections::HashMap;
use std::iter::Peekable;
use std::path::PathBuf;

use crate::error::{Error, Result};
use crate::gazetteer::Gazetteer;
use crate::spill::sort::{ExtSort, Fixed, Log, LogIter, Sorted};
use crate::spill::{Loc, Member};
use crate::text::Date;

use super::build::{order_key, Fold, Head};
use super::dates::PartialDate;
use super::merge::{merge_class, specificity, Clusters, ReportKey, DROPPED};
use super::types::{Event, EventReport};

impl Fixed for ReportKey {
    const BYTES: usize = ReportKey::BYTES;
    fn put(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.to_bytes());
    }
    fn get(b: &[u8]) -> Option<ReportKey> {
        ReportKey::from_bytes(b.try_into().ok()?)
    }
}

/// A report's key, where the report is (in arrival order, as an index would be) and its
/// cluster; before clustering, `cluster` holds the report's class in merge order (see
/// [`Rec::new`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rec {
    /// The key, `doc` the document's rank.
    pub key: ReportKey,
    /// Where the report is.
    pub loc: Loc,
    /// Its cluster (or class).
    pub cluster: u32,
}

impl Fixed for Rec {
    const BYTES: usize = ReportKey::BYTES + Loc::BYTES + 4;
    fn put(&self, out: &mut Vec<u8>) {
        self.key.put(out);
        self.loc.put(out);
        self.cluster.put(out);
    }
    fn get(b: &[u8]) -> Option<Rec> {
        let (n, l) = (ReportKey::BYTES, ReportKey::BYTES + Loc::BYTES);
        Some(Rec {
            key: ReportKey::get(&b[..n])?,
            loc: Loc::get(&b[n..l])?,
            cluster: u32::get(&b[l..l + 4])?,
        })
    }
}

impl Rec {
    /// A record to sort into merge order: its class (undated after dated, then the most
    /// specific places first) is computed once, not in every comparison.
    pub fn new(gaz: &Gazetteer, key: ReportKey, loc: Loc) -> Rec {
        Rec {
            cluster: merge_class(gaz, &key),
            key,
            loc,
        }
    }
}

/// Merge order (see [`super::merge::merge_order`]) of records made by [`Rec::new`].
pub fn merge_cmp(a: &Rec, b: &Rec) -> Ordering {
    (a.cluster, a.key.doc, a.key.sentence, a.loc).cmp(&(
        b.cluster,
        b.key.doc,
        b.key.sentence,
        b.loc,
    ))
}

/// What both [`merge_cmp`] and [`group_cmp`] order by first, as one number (a key for
/// [`ExtSort::with_prefix`]).
pub fn sort_prefix(r: &Rec) -> u128 {
    u128::from(r.cluster) << 64 | u128::from(r.key.doc) << 32 | u128::from(r.key.sentence)
}

/// Event order: by cluster, then as [`super::build::Grouped::new`] orders an event's reports.
pub fn group_cmp(gaz: &Gazetteer) -> impl Fn(&Rec, &Rec) -> Ordering + '_ {
    move |a, b| {
        let rest = |r: &Rec| (merge_class(gaz, &r.key), r.loc);
        (a.cluster, a.key.doc, a.key.sentence)
            .cmp(&(b.cluster, b.key.doc, b.key.sentence))
            .then_with(|| rest(a).cmp(&rest(b)))
    }
}

/// Bytes of a class's (document, cluster) log kept in memory before it goes to disk.
const CLASS_LOG: usize = 32 << 10;

/// Adds to `own` the clusters of `doc` in a log sorted by document, read up to `doc`.
fn join(log: &mut Peekable<LogIter<'_, (u32, u32)>>, doc: u32, own: &mut Vec<u32>) -> Result<()> {
    while let Some(x) = log.peek() {
        let (d, c) = match x {
            Ok(p) => *p,
            Err(_) => return log.next().map_or(Ok(()), |e| e.map(|_| ())),
        };
        if d > doc {
            break;
        }
        log.next();
        if d == doc && !own.contains(&c) {
            own.push(c);
        }
    }
    Ok(())
}

/// Clusters records given in merge order (as [`super::merge::assign`] does) and gives each
/// one that joins an event, with its cluster, to `out`. Whether an event already has a report of
/// a document is told by the clusters the document's reports joined earlier: those of the
/// same class come just before (a class is sorted by document), those of earlier classes
/// from each class's log of (document, cluster), itself sorted by document and read along.
pub fn assign_sorted<B>(
    gaz: &Gazetteer,
    input: impl Iterator<Item = Result<Rec>>,
    dir: Option<PathBuf>,
    out: &mut ExtSort<Rec, B>,
) -> Result<()>
where
    B: Fn(&Rec, &Rec) -> Ordering,
{
    let mut clusters = Clusters::default();
    let mut done: Vec<Log<(u32, u32)>> = Vec::new();
    let mut current = Log::new(dir.clone(), CLASS_LOG);
    let (mut class, mut doc) = (None, None);
    let mut own: Vec<u32> = Vec::new();
    let mut logs: Vec<Peekable<LogIter<'_, (u32, u32)>>> = Vec::new();
    for r in input {
        let r = r?;
        if class != Some(r.cluster) {
            logs.clear();
            if class.is_some() {
                done.push(std::mem::replace(
                    &mut current,
                    Log::new(dir.clone(), CLASS_LOG),
                ));
            }
            logs = done.iter().map(|l| l.iter().peekable()).collect();
            (class, doc) = (Some(r.cluster), None);
        }
        if doc != Some(r.key.doc) {
            doc = Some(r.key.doc);
            own.clear();
            for log in &mut logs {
                join(log, r.key.doc, &mut own)?;
            }
        }
        let c = clusters.place(gaz, &r.key, |i| own.contains(&(i as u32)));
        if c != DROPPED {
            if !own.contains(&c) {
                own.push(c);
            }
            current.push(&(r.key.doc, c))?;
            out.push(Rec { cluster: c, ..r })?;
        }
    }
    Ok(())
}

/// An event's head as its reports stream by (what [`Head::of`] finds in a run), with the
/// first full date (what [`super::merge::year_anchors`] anchors with) and its reports' range.
struct HeadAcc {
    best: (u8, Reverse<u8>),
    head: Head,
    /// Each date seen and whether all its reports' dates were inferred.
    dates: Vec<(PartialDate, bool)>,
    typed: bool,
    first_full: Option<Date>,
}

impl HeadAcc {
    fn new(gaz: &Gazetteer, k: &ReportKey) -> HeadAcc {
        HeadAcc {
            best: (
                specificity(gaz.place(k.place).kind),
                Reverse(k.geo_precision),
            ),
            head: Head {
                place: k.place,
                geo_precision: k.geo_precision,
                date: None,
                date_inferred: false,
                event_type: k.event_type,
            },
            dates: Vec::new(),
            typed: false,
            first_full: None,
        }
    }

    fn add(&mut self, gaz: &Gazetteer, k: &ReportKey) {
        // The last of the most specific places, the last of the most precise dates: as
        // `max_by_key` picks.
        let best = (
            specificity(gaz.place(k.place).kind),
            Reverse(k.geo_precision),
        );
        if best >= self.best {
            self.best = best;
            (self.head.place, self.head.geo_precision) = (k.place, k.geo_precision);
        }
        if let Some(d) = k.date() {
            let day = matches!(d, PartialDate::Day(_));
            if self
                .head
                .date
                .is_none_or(|c| day >= matches!(c, PartialDate::Day(_)))
            {
                self.head.date = Some(d);
            }
            match self.dates.iter_mut().find(|(x, _)| *x == d) {
                Some((_, all)) => *all &= k.date_inferred,
                None => self.dates.push((d, k.date_inferred)),
            }
            if let (None, PartialDate::Day(full)) = (self.first_full, d) {
                self.first_full = Some(full);
            }
        }
        if k.type_specific && !self.typed {
            (self.typed, self.head.event_type) = (true, k.event_type);
        }
    }

    fn finish(mut self) -> (Head, Option<Date>) {
        self.head.date_inferred = self
            .head
            .date
            .is_some_and(|d| self.dates.iter().any(|&(x, all)| x == d && all));
        (self.head, self.first_full)
    }
}

/// The events' heads and first full dates, by cluster, from records in event order.
fn heads<C: Fn(&Rec, &Rec) -> Ordering>(
    gaz: &Gazetteer,
    events: &Sorted<Rec, C>,
) -> Result<Vec<(Head, Option<Date>)>> {
    let mut out = Vec::new();
    let mut acc: Option<HeadAcc> = None;
    for r in events.iter() {
        let r = r?;
        // Clusters are numbered from 0 in the order they were made, each with a report.
        if acc.is_none() || r.cluster as usize != out.len() {
            out.extend(acc.take().map(HeadAcc::finish));
            acc = Some(HeadAcc::new(gaz, &r.key));
        }
        acc.as_mut().expect("an event").add(gaz, &r.key);
    }
    out.extend(acc.map(HeadAcc::finish));
    Ok(out)
}

/// The events in output order (see [`super::build::Grouped::in_output_order`]): by date,
/// place name and type, then by their sources, read only for events that tie.
fn output_order<C: Fn(&Rec, &Rec) -> Ordering>(
    gaz: &Gazetteer,
    events: &Sorted<Rec, C>,
    heads: &[(Head, Option<Date>)],
) -> Result<Vec<usize>> {
    let sort_key: Vec<_> = heads.iter().map(|(h, _)| order_key(gaz, h)).collect();
    let mut order: Vec<usize> = (0..heads.len()).collect();
    order.sort_by(|&a, &b| sort_key[a].cmp(&sort_key[b]));
    let mut sources: HashMap<u32, Vec<u32>> = HashMap::new();
    for w in order.windows(2) {
        if sort_key[w[0]] == sort_key[w[1]] {
            for &i in w {
                sources.entry(i as u32).or_default();
            }
        }
    }
    if sources.is_empty() {
        return Ok(order);
    }
    for r in events.iter() {
        let r = r?;
        if let Some(docs) = sources.get_mut(&r.cluster) {
            if docs.last() != Some(&r.key.doc) {
                docs.push(r.key.doc);
            }
        }
    }
    let mut order: Vec<usize> = (0..heads.len()).collect();
    order.sort_by(|&a, &b| {
        sort_key[a]
            .cmp(&sort_key[b])
            .then_with(|| sources[&(a as u32)].cmp(&sources[&(b as u32)]))
    });
    Ok(order)
}

/// The events' heads and first full dates (by cluster) and their output order, from records
/// clustered in event order: found once for [`year_anchors`] and [`events`] when the second
/// merge is the first (no document anchored).
pub struct Heads {
    heads: Vec<(Head, Option<Date>)>,
    order: Vec<usize>,
}

impl Heads {
    /// The heads of the events of records in event order.
    pub fn of<C: Fn(&Rec, &Rec) -> Ordering>(
        gaz: &Gazetteer,
        events: &Sorted<Rec, C>,
    ) -> Result<Heads> {
        let heads = heads(gaz, events)?;
        let order = output_order(gaz, events, &heads)?;
        Ok(Heads { heads, order })
    }
}

/// Each document's year (by rank) from records clustered a first time, in event order, and
/// their [`Heads`]: what [`super::merge::year_anchors`] gives.
pub fn year_anchors<C: Fn(&Rec, &Rec) -> Ordering>(
    events: &Sorted<Rec, C>,
    Heads { heads, order }: &Heads,
) -> Result<HashMap<u32, Date>> {
    let mut at = vec![0; heads.len()];
    for (n, &i) in order.iter().enumerate() {
        at[i] = n;
    }
    // The first event in output order with a full date and a month-day of the document.
    let mut first: HashMap<u32, (usize, Date)> = HashMap::new();
    for r in events.iter() {
        let r = r?;
        let c = r.cluster as usize;
        if let (Some(full), Some(PartialDate::MonthDay(..))) = (heads[c].1, r.key.date()) {
            let e = first.entry(r.key.doc).or_insert((at[c], full));
            if at[c] < e.0 {
                *e = (at[c], full);
            }
        }
    }
    Ok(first.into_iter().map(|(d, (_, full))| (d, full)).collect())
}

/// The events, in output order and numbered `E1`, `E2`…, from records clustered in event
/// order (see [`super::build::Grouped::events`]); each report's place and merged date go to
/// `members` in that order (an event's `members` is its range there). `read` puts the full
/// report of a member, its date as merged, as they stream by, in the buffer it is handed
/// (`None` the first time); the sentence's text only when asked for (for the reports the
/// event keeps: an event keeps its first reports).
pub fn events<C: Fn(&Rec, &Rec) -> Ordering>(
    gaz: &Gazetteer,
    (events, Heads { heads, order }): (&Sorted<Rec, C>, Heads),
    keep: usize,
    members: &mut Log<Member>,
    mut read: impl FnMut(&Member, bool, &mut Option<EventReport>) -> Result<()>,
) -> Result<Vec<Event>> {
    let mut built: Vec<Option<Event>> = Vec::with_capacity(heads.len());
    let mut fold: Option<(Fold, usize)> = None;
    // One report's buffers for all: most reports are folded in and forgotten.
    let mut report = None;
    let finish = |(f, start): (Fold, usize), end: usize, built: &mut Vec<Option<Event>>| {
        let head = &heads[built.len()].0;
        built.push(Some(f.finish(gaz, head, start..end)));
    };
    for (at, r) in events.iter().enumerate() {
        let r = r?;
        if r.cluster as usize != built.len() || fold.is_none() {
            if let Some(f) = fold.take() {
                finish(f, at, &mut built);
            }
            fold = Some((Fold::new(&heads[built.len()].0, keep), at));
        }
        let m = Member {
            loc: r.loc,
            date: r.key.date,
            date_inferred: r.key.date_inferred,
        };
        members.push(&m)?;
        let (f, _) = fold.as_mut().expect("an event");
        read(&m, f.keeps_next(), &mut report)?;
        f.add_ref(report.as_ref().ok_or_else(broken)?);
    }
    if let Some(f) = fold.take() {
        finish(f, members.len(), &mut built);
    }
    let mut out = Vec::with_capacity(order.len());
    for (n, i) in order.into_iter().enumerate() {
        let mut e = built[i].take().ok_or_else(broken)?;
        e.id = format!("E{}", n + 1);
        out.push(e);
    }
    Ok(out)
}

fn broken() -> Error {
    Error::new(
        crate::error::ErrorKind::Input("the events' merge lost an event".into()),
        crate::error::Location::default(),
    )
}
