//! Events from merged reports: what the reports' keys decide (place, date, type, order of
//! events), and what is folded from the full reports as they stream by in order (sources,
//! weapons, actors, figures, the first few reports), so a run need not hold every report.

use std::collections::BTreeSet;
use std::ops::Range;

use crate::gazetteer::{Gazetteer, PlaceId};

use super::dates::PartialDate;
use super::merge::{specificity, ReportKey, DROPPED};
use super::types::{AdminContext, Event, EventReport, EventType};

/// Reports grouped by event: `members` holds report indexes, each event's run sorted by
/// document and offset (ties in merge order).
pub struct Grouped {
    /// Report indexes, event after event.
    pub members: Vec<u32>,
    /// Each event's range of `members`, in the order the events were made.
    pub runs: Vec<Range<usize>>,
}

/// What an event's keys decide.
pub(super) struct Head {
    pub(super) place: PlaceId,
    pub(super) geo_precision: u8,
    pub(super) date: Option<PartialDate>,
    pub(super) date_inferred: bool,
    pub(super) event_type: EventType,
}

impl Head {
    fn of(gaz: &Gazetteer, keys: &[ReportKey], run: &[u32]) -> Head {
        let k = |i: &u32| &keys[*i as usize];
        let best = run
            .iter()
            .map(k)
            .max_by_key(|r| {
                (
                    specificity(gaz.place(r.place).kind),
                    std::cmp::Reverse(r.geo_precision),
                )
            })
            .expect("an event has a report");
        let date = run
            .iter()
            .filter_map(|i| k(i).date())
            .max_by_key(|d| matches!(d, PartialDate::Day(_)));
        let date_inferred = date.is_some_and(|d| {
            run.iter()
                .map(k)
                .filter(|r| r.date() == Some(d))
                .all(|r| r.date_inferred)
        });
        let event_type = run
            .iter()
            .map(k)
            .find(|r| r.type_specific)
            .unwrap_or(k(&run[0]))
            .event_type;
        Head {
            place: best.place,
            geo_precision: best.geo_precision,
            date,
            date_inferred,
            event_type,
        }
    }
}

/// What orders events before their sources do: dated first, by date, place name and type.
pub(super) fn order_key<'g>(
    gaz: &'g Gazetteer,
    h: &Head,
) -> (bool, Option<String>, &'g str, EventType) {
    (
        h.date.is_none(),
        h.date.map(PartialDate::iso),
        gaz.place(h.place).name.as_str(),
        h.event_type,
    )
}

/// The distinct document ranks of a run, in order.
fn source_ranks<'a>(keys: &'a [ReportKey], run: &'a [u32]) -> impl Iterator<Item = u32> + 'a {
    let mut last = None;
    run.iter().filter_map(move |&i| {
        let d = keys[i as usize].doc;
        (last != Some(d)).then(|| {
            last = Some(d);
            d
        })
    })
}

impl Grouped {
    /// Groups the reports by their cluster (see [`super::merge::assign`]).
    pub fn new(gaz: &Gazetteer, keys: &[ReportKey], clusters: &[u32]) -> Grouped {
        let mut members: Vec<u32> = (0..keys.len() as u32)
            .filter(|&i| clusters[i as usize] != DROPPED)
            .collect();
        // By document and offset; ties as they were merged (dated, then specific, then first;
        // the index last makes an unstable sort stable without a scratch copy).
        members.sort_unstable_by_key(|&i| {
            let k = &keys[i as usize];
            (
                clusters[i as usize],
                k.doc,
                k.sentence,
                k.date().is_none(),
                std::cmp::Reverse(specificity(gaz.place(k.place).kind)),
                i,
            )
        });
        let mut runs: Vec<Range<usize>> = Vec::new();
        for (at, &i) in members.iter().enumerate() {
            let c = clusters[i as usize];
            match runs.last_mut() {
                Some(r) if clusters[members[r.start] as usize] == c => r.end = at + 1,
                _ => runs.push(at..at + 1),
            }
        }
        Grouped { members, runs }
    }

    /// The events' runs in output order: by date, place name, type and sources.
    pub fn in_output_order<'a>(
        &'a self,
        gaz: &Gazetteer,
        keys: &[ReportKey],
    ) -> impl Iterator<Item = &'a [u32]> + 'a {
        let heads: Vec<Head> = self
            .runs
            .iter()
            .map(|r| Head::of(gaz, keys, &self.members[r.clone()]))
            .collect();
        self.order(gaz, keys, &heads)
            .into_iter()
            .map(|i| &self.members[self.runs[i].clone()])
    }

    fn order(&self, gaz: &Gazetteer, keys: &[ReportKey], heads: &[Head]) -> Vec<usize> {
        let sort_key: Vec<_> = heads.iter().map(|h| order_key(gaz, h)).collect();
        let mut order: Vec<usize> = (0..heads.len()).collect();
        order.sort_by(|&a, &b| {
            sort_key[a].cmp(&sort_key[b]).then_with(|| {
                let (ra, rb) = (&self.runs[a], &self.runs[b]);
                source_ranks(keys, &self.members[ra.clone()])
                    .cmp(source_ranks(keys, &self.members[rb.clone()]))
            })
        });
        order
    }

    /// The events, in output order and numbered `E1`, `E2`…; each keeps its first `keep`
    /// reports and sources and counts them all. `read` gives the full report of an index
    /// (with its key's date) as the reports stream by in order.
    pub fn events<E>(
        &self,
        gaz: &Gazetteer,
        keys: &[ReportKey],
        keep: usize,
        mut read: impl FnMut(u32, &ReportKey) -> Result<EventReport, E>,
    ) -> Result<Vec<Event>, E> {
        let heads: Vec<Head> = self
            .runs
            .iter()
            .map(|r| Head::of(gaz, keys, &self.members[r.clone()]))
            .collect();
        let order = self.order(gaz, keys, &heads);
        let mut events = Vec::with_capacity(order.len());
        for (n, i) in order.into_iter().enumerate() {
            let run = self.runs[i].clone();
            let mut fold = Fold::new(&heads[i], keep);
            for &ri in &self.members[run.clone()] {
                let k = &keys[ri as usize];
                fold.add(read(ri, k)?);
            }
            let mut e = fold.finish(gaz, &heads[i], run);
            e.id = format!("E{}", n + 1);
            events.push(e);
        }
        Ok(events)
    }
}

/// An event's figures folded from its reports in order.
pub(super) struct Fold {
    keep: usize,
    place: PlaceId,
    location_text: Option<String>,
    actor1: Option<String>,
    /// The first actor2 named, and the first one different from it.
    actor2: (Option<String>, Option<String>),
    fatalities: Option<u32>,
    injured: Option<u32>,
    weapons: BTreeSet<String>,
    sources: Vec<String>,
    source_count: usize,
    last_source: Option<String>,
    reports: Vec<EventReport>,
    report_count: usize,
}

impl Fold {
    pub(super) fn new(head: &Head, keep: usize) -> Fold {
        Fold {
            keep,
            place: head.place,
            location_text: None,
            actor1: None,
            actor2: (None, None),
            fatalities: None,
            injured: None,
            weapons: BTreeSet::new(),
            sources: Vec::new(),
            source_count: 0,
            last_source: None,
            reports: Vec::new(),
            report_count: 0,
        }
    }

    pub(super) fn add(&mut self, r: EventReport) {
        self.note(&r);
        if self.reports.len() < self.keep {
            self.reports.push(r);
        }
    }

    /// Whether the next report added is kept (an event keeps its first reports).
    pub(super) fn keeps_next(&self) -> bool {
        self.reports.len() < self.keep
    }

    /// Adds a report borrowed: copied only if it is kept (see [`Fold::keeps_next`]), so that
    /// one buffer serves the reports that stream by.
    pub(super) fn add_ref(&mut self, r: &EventReport) {
        self.note(r);
        if self.keeps_next() {
            self.reports.push(r.clone());
        }
    }

    /// Folds a report's figures and source in, and counts it.
    fn note(&mut self, r: &EventReport) {
        if self.location_text.is_none() && r.place == self.place {
            self.location_text = r.location_text.clone();
        }
        if self.actor1.is_none() {
            self.actor1 = r.actor1.clone();
        }
        if let Some(a) = &r.actor2 {
            match &self.actor2 {
                (None, _) => self.actor2.0 = Some(a.clone()),
                (Some(first), None) if first != a => self.actor2.1 = Some(a.clone()),
                _ => {}
            }
        }
        self.fatalities = self.fatalities.max(r.fatalities);
        self.injured = self.injured.max(r.injured);
        for w in &r.weapons {
            if !self.weapons.contains(w) {
                self.weapons.insert(w.clone());
            }
        }
        if self.last_source.as_deref() != Some(r.doc.as_str()) {
            self.source_count += 1;
            if self.sources.len() < self.keep {
                self.sources.push(r.doc.clone());
            }
            match &mut self.last_source {
                Some(last) => last.clone_from(&r.doc),
                None => self.last_source = Some(r.doc.clone()),
            }
        }
        self.report_count += 1;
    }

    pub(super) fn finish(self, gaz: &Gazetteer, head: &Head, members: Range<usize>) -> Event {
        let n = self.source_count as f64;
        let confidence =
            ((1.0 - 0.5f64.powf(n)) * (1.0 - 0.1 * f64::from(head.geo_precision - 1)) * 1000.0)
                .round()
                / 1000.0;
        // The first actor2 that is not actor1.
        let actor2 = match self.actor2 {
            (Some(first), _) if Some(&first) != self.actor1.as_ref() => Some(first),
            (_, second) => second,
        };
        Event {
            id: String::new(),
            event_type: head.event_type,
            date: head.date,
            date_inferred: head.date_inferred,
            place: head.place,
            geo_precision: head.geo_precision,
            location_text: self.location_text,
            admin: AdminContext::of(gaz, head.place),
            actor1: self.actor1,
            actor2,
            fatalities: self.fatalities,
            injured: self.injured,
            weapons: self.weapons.into_iter().collect(),
            sources: self.sources,
            source_count: self.source_count,
            reports: self.reports,
            report_count: self.report_count,
            members,
            confidence,
        }
    }
}
