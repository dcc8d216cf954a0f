//! The end of a reduction: the events merged from the reports' keys waiting on disk, in
//! sorted passes (see [`crate::events::stream`]), so that memory does not grow with the
//! number of reports; then the places sorted.

use std::cmp::Ordering;
use std::collections::HashMap;

use crate::error::{Error, ErrorKind, Location, Result};
use crate::events::merge::{self, PackedDate, ReportKey};
use crate::events::stream::{self, Rec};
use crate::events::Event;
use crate::gazetteer::Gazetteer;
use crate::spill::ids::{Ids, Ranks};
use crate::spill::sort::{ExtSort, Log, Sorted};
use crate::spill::{DocCache, Fields, IdLog, KeyLog, Loc, ReportStore, Spill, BUFFER};

use super::{DocInfo, PlaceSummary, Reducer, Summary};

/// Report keys sorted in memory at once by default: about half a megabyte, enough for the
/// reports of several megabytes of news, so runs of that size never sort on disk.
pub const SORT_BUFFER: usize = 16 << 10;

/// Records sorted into merge order (see [`stream::merge_cmp`]).
type InMergeOrder = Sorted<Rec, fn(&Rec, &Rec) -> Ordering>;

/// The keys (their `doc` made a rank) sorted into merge order: the keys come by ordinal, and
/// so do the ranks.
fn merge_order(
    gaz: &Gazetteer,
    keys: &Log<(ReportKey, Loc)>,
    ranks: &Ranks,
    cap: usize,
) -> Result<InMergeOrder> {
    let cmp: fn(&Rec, &Rec) -> Ordering = stream::merge_cmp;
    let mut order = ExtSort::with_prefix(keys.dir(), cap, cmp, stream::sort_prefix);
    let mut ranks = ranks.iter();
    let mut rank: Option<(u32, u32)> = None;
    for k in keys.iter() {
        let (mut k, loc) = k?;
        while rank.is_none_or(|(ordinal, _)| ordinal < k.doc) {
            rank = Some(ranks.next().ok_or_else(lost)??);
        }
        match rank {
            Some((ordinal, r)) if ordinal == k.doc => k.doc = r,
            _ => return Err(lost()),
        }
        order.push(Rec::new(gaz, k, loc))?;
    }
    order.finish()
}

fn lost() -> Error {
    Error::new(
        ErrorKind::Input("the events' merge lost a document".into()),
        Location::default(),
    )
}

/// The events' clusters: records in merge order clustered and sorted by event.
fn cluster<C: Fn(&Rec, &Rec) -> Ordering>(
    gaz: &Gazetteer,
    order: impl Iterator<Item = Result<Rec>>,
    dir: Option<std::path::PathBuf>,
    mut events: ExtSort<Rec, C>,
) -> Result<Sorted<Rec, C>> {
    stream::assign_sorted(gaz, order, dir, &mut events)?;
    events.finish()
}

/// A key's date anchored in its document's year (see [`merge::year_anchors`]).
fn anchor(mut r: Rec, anchors: &HashMap<u32, crate::text::Date>) -> Rec {
    if let Some(new) = merge::reanchored(r.key.date(), anchors.get(&r.key.doc)) {
        r.key.date = PackedDate::new(Some(new));
        r.key.date_inferred = true;
    }
    r
}

/// Merges the events (twice: the first merge dates documents, see
/// [`merge::year_anchors`]) and sorts the places.
pub(super) fn finish(mut r: Reducer) -> Result<Summary> {
    if let Some(e) = r.error.take() {
        return Err(e);
    }
    let gaz = r.gaz;
    let keys = std::mem::replace(&mut r.keys, KeyLog::new(None)).finish()?;
    let spill = std::mem::replace(&mut r.spill, Spill::new(None)).finish()?;
    let ids = std::mem::replace(&mut r.ids, IdLog::new(None)).finish()?;
    r.locs = Vec::new();
    let dir = keys.dir();
    let order = merge_order(gaz, &keys, &ids.ranks()?, r.sort_buffer)?;
    drop(keys);
    let by_event = || {
        let cmp = stream::group_cmp(gaz);
        ExtSort::with_prefix(dir.clone(), r.sort_buffer, cmp, stream::sort_prefix)
    };
    let first = cluster(gaz, order.iter(), dir.clone(), by_event())?;
    let heads = stream::Heads::of(gaz, &first)?;
    let anchors = stream::year_anchors(&first, &heads)?;
    // Anchoring makes month-days full dates: no record changes class or place in merge
    // order, so the second merge reads the first's order, and is the first without anchors.
    let (clusters, heads) = if anchors.is_empty() {
        (first, heads)
    } else {
        drop(first);
        let anchored = order.iter().map(|x| x.map(|x| anchor(x, &anchors)));
        let clusters = cluster(gaz, anchored, dir.clone(), by_event())?;
        let heads = stream::Heads::of(gaz, &clusters)?;
        (clusters, heads)
    };
    drop(order);
    let mut members = Log::new(dir, BUFFER);
    let mut store = ReportStore {
        spill,
        members: Log::default(),
    };
    let mut cache = DocCache::default();
    let events = stream::events(
        gaz,
        (&clusters, heads),
        r.evidence,
        &mut members,
        |m, text, out| match out {
            Some(r) => (store.member_into(m, &mut cache, r, Fields::with_text(text))).map(drop),
            None => {
                *out = Some(store.member(m, &mut cache, text)?.0);
                Ok(())
            }
        },
    )?;
    drop(clusters);
    store.members = members;
    let docs = kept_docs(&events, &store, &ids)?;
    let mut places: Vec<PlaceSummary> = r.places.into_values().map(|a| a.summary).collect();
    places.sort_by(|a, b| {
        b.mention_count
            .cmp(&a.mention_count)
            .then_with(|| a.name.cmp(&b.name))
            .then_with(|| gaz.place(a.place).id.cmp(&gaz.place(b.place).id))
    });
    Ok(Summary {
        documents: r.documents,
        mentions: r.mentions,
        places,
        events,
        docs,
        store: Some(store),
    })
}

/// The language and URL of the documents of the events' kept reports (an event's kept
/// reports are the first of its members; of documents with one id, the first given).
fn kept_docs(events: &[Event], store: &ReportStore, ids: &Ids) -> Result<HashMap<String, DocInfo>> {
    // The id of each kept report's record, by the report's own id (the first one decides).
    let mut record_id: HashMap<String, String> = HashMap::new();
    for e in events {
        let members = store.members.range(e.members.clone());
        for (m, r) in members.zip(&e.reports) {
            if !record_id.contains_key(&r.doc) {
                let (id, _) = store.header(m?.loc.at())?;
                record_id.insert(r.doc.clone(), id);
            }
        }
    }
    // Where the first record of each of those ids is.
    let mut first: HashMap<&[u8], Option<u64>> = HashMap::new();
    for id in record_id.values() {
        first.insert(id.as_bytes(), None);
    }
    ids.for_each(|at, id| {
        if let Some(f @ None) = first.get_mut(id) {
            *f = Some(at);
        }
        Ok(())
    })?;
    let mut docs = HashMap::new();
    for (doc, id) in &record_id {
        let at = first[id.as_bytes()].ok_or_else(lost)?;
        docs.insert(doc.clone(), store.header(at)?.1);
    }
    Ok(docs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::build::Grouped;
    use crate::events::merge::{assign, doc_ranks, merge_order, year_anchors, ByDoc};
    use crate::events::EventReport;
    use crate::input::{InputReader, Source};
    use crate::result::DocRecord;

    /// The events as merging every report's key in memory gives them (sorted arrays of all
    /// keys, the first merge's year anchors, the second merge), with each event's reports.
    fn in_memory(gaz: &Gazetteer, recs: &[DocRecord]) -> Vec<(Event, Vec<EventReport>)> {
        let reports: Vec<EventReport> = recs.iter().flat_map(|r| r.reports.clone()).collect();
        let ids: Vec<&str> = recs
            .iter()
            .flat_map(|r| r.reports.iter().map(|_| r.doc.as_str()))
            .collect();
        let ranks = doc_ranks(ids.iter().copied());
        let mut keys: Vec<ReportKey> = reports
            .iter()
            .zip(&ranks)
            .map(|(r, &d)| ReportKey::of(r, d))
            .collect();
        let by_doc = ByDoc::of_reports(&ranks);
        let first = assign(gaz, &keys, &merge_order(gaz, &keys), &by_doc);
        let anchors = year_anchors(gaz, &keys, &first);
        for k in &mut keys {
            if let Some(new) = merge::reanchored(k.date(), anchors.get(&k.doc)) {
                k.date = PackedDate::new(Some(new));
                k.date_inferred = true;
            }
        }
        let clusters = assign(gaz, &keys, &merge_order(gaz, &keys), &by_doc);
        let grouped = Grouped::new(gaz, &keys, &clusters);
        let read = |i: u32, k: &ReportKey| {
            let mut r = reports[i as usize].clone();
            (r.date, r.date_inferred) = (k.date(), k.date_inferred);
            r
        };
        let events = grouped.events(gaz, &keys, 3, |i, k| Ok::<_, Error>(read(i, k)));
        let events = events.unwrap();
        events
            .into_iter()
            .map(|e| {
                let all = grouped.members[e.members.clone()]
                    .iter()
                    .map(|&i| read(i, &keys[i as usize]))
                    .collect();
                (e, all)
            })
            .collect()
    }

    /// Real inputs (the seeds and the event gold sets, some documents given twice): the
    /// events merged in sorted passes, with any sort buffer (one key: a run on disk per
    /// key), are those of the merge in memory, and so are all their reports.
    #[test]
    fn sorted_passes_merge_as_memory_does() {
        let p = crate::testing::pipeline();
        let gaz = p.gazetteer();
        for input in [
            "seeds",
            "bench/gold/acled_style.jsonl",
            "bench/gold/uk_ru.jsonl",
        ] {
            let docs = InputReader::new()
                .read_source(Source::Path(input.into()))
                .documents;
            let mut recs: Vec<DocRecord> = docs.iter().map(|d| p.extract(d)).collect();
            let again: Vec<DocRecord> = recs.iter().step_by(3).cloned().collect();
            recs.extend(again);
            let want = in_memory(gaz, &recs);
            assert!(want.len() > 2, "{input}: {} events", want.len());
            for buffer in [1, 7, 100, SORT_BUFFER] {
                let mut reducer = Reducer::new(gaz, 3).sort_buffer(buffer);
                for r in &recs {
                    reducer.add(r.clone());
                }
                let summary = reducer.finish().unwrap();
                assert_eq!(summary.events.len(), want.len(), "{input}, {buffer}");
                for (e, (w, all)) in summary.events.iter().zip(&want) {
                    assert_eq!(e, w, "{input}, buffer {buffer}");
                    let mut got = Vec::new();
                    summary
                        .for_each_report(e, |r, _| {
                            got.push(r.clone());
                            Ok(())
                        })
                        .unwrap();
                    assert!(&got == all, "{input}, buffer {buffer}: {}", e.id);
                }
            }
        }
    }
}
