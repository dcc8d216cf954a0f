//! The end of a reduction: the events merged from the reports' keys waiting on disk, in
//! sorted passes (see [`crate::events::stream`]), so that memory does not grow with the
//! number of reports; then the places sorted.

use std::collections::HashMap;

use crate::error::{Error, Result};
use crate::events::merge::{self, PackedDate, ReportKey};
use crate::events::stream::{self, Rec};
use crate::events::Event;
use crate::gazetteer::Gazetteer;
use crate::spill::sort::{ExtSort, Log, Sorted};
use crate::spill::{DocCache, KeyLog, ReportStore, Spill, BUFFER};

use super::{DocInfo, PlaceSummary, Reducer, Summary};

/// Report keys sorted in memory at once by default: about a megabyte, enough for the reports
/// of several megabytes of news, so runs of that size never sort on disk.
pub const SORT_BUFFER: usize = 32 << 10;

/// The events' clusters: keys (their `doc` made a rank, dates re-anchored in `anchors`)
/// sorted into merge order, clustered, and sorted again by event.
fn cluster<'g>(
    gaz: &'g Gazetteer,
    keys: &Log<ReportKey>,
    (ranks, anchors): (&[u32], Option<&HashMap<u32, crate::text::Date>>),
    cap: usize,
) -> Result<Sorted<Rec, impl Fn(&Rec, &Rec) -> std::cmp::Ordering + 'g>> {
    let dir = keys.dir();
    let mut order = ExtSort::new(dir.clone(), cap, stream::merge_cmp);
    for (i, k) in keys.iter().enumerate() {
        let mut k = k?;
        k.doc = ranks[k.doc as usize];
        if let Some(new) = anchors.and_then(|a| merge::reanchored(k.date(), a.get(&k.doc))) {
            k.date = PackedDate::new(Some(new));
            k.date_inferred = true;
        }
        order.push(Rec::new(gaz, k, i as u32))?;
    }
    let order = order.finish()?;
    let mut events = ExtSort::new(dir.clone(), cap, stream::group_cmp(gaz));
    stream::assign_sorted(gaz, &order, dir, &mut events)?;
    events.finish()
}

/// Each document ordinal's first report index, from keys whose `doc` is the ordinal (every
/// document given has reports, and its reports are consecutive).
fn first_reports(keys: &Log<ReportKey>, docs: usize) -> Result<Vec<u32>> {
    let mut first = Vec::with_capacity(docs);
    for (i, k) in keys.iter().enumerate() {
        if first.len() as u32 == k?.doc {
            first.push(i as u32);
        }
    }
    debug_assert_eq!(first.len(), docs);
    Ok(first)
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
    let doc_first = first_reports(&keys, r.id_ends.len())?;
    let ranks = r.rank_ids();
    // The ids are ranked: only the ranks are needed from here on.
    r.ids = String::new();
    r.id_ends = Vec::new();
    let first = cluster(gaz, &keys, (&ranks, None), r.sort_buffer)?;
    let anchors = stream::year_anchors(gaz, &first)?;
    drop(first);
    let clusters = cluster(gaz, &keys, (&ranks, Some(&anchors)), r.sort_buffer)?;
    let mut members = Log::new(keys.dir(), BUFFER);
    drop(keys);
    let mut store = ReportStore {
        spill,
        doc_at: std::mem::take(&mut r.doc_at),
        doc_first,
        ranks,
        anchors,
        members: Log::default(),
    };
    let mut cache = DocCache::default();
    let events = stream::events(gaz, &clusters, r.evidence, &mut members, |i, k| {
        let (mut rep, _) = store.report(i, &mut cache)?;
        rep.date = k.date();
        rep.date_inferred = k.date_inferred;
        Ok::<_, Error>(rep)
    })?;
    drop(clusters);
    store.members = members;
    let docs = kept_docs(&events, &store)?;
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
fn kept_docs(events: &[Event], store: &ReportStore) -> Result<HashMap<String, DocInfo>> {
    let kept = |e: &Event| {
        let members = store.members.range(e.members.clone());
        members.take(e.reports.len()).collect::<Result<Vec<u32>>>()
    };
    // The ranks of the kept reports' documents, then where each one's first record is.
    let mut first: HashMap<u32, Option<u64>> = HashMap::new();
    for e in events {
        for i in kept(e)? {
            first.insert(store.ranks[store.ordinal(i)], None);
        }
    }
    for (&rank, &at) in store.ranks.iter().zip(&store.doc_at) {
        if let Some(f @ None) = first.get_mut(&rank) {
            *f = Some(at);
        }
    }
    let mut docs = HashMap::new();
    for e in events {
        for (i, r) in kept(e)?.into_iter().zip(&e.reports) {
            if docs.contains_key(&r.doc) {
                continue;
            }
            let at = first[&store.ranks[store.ordinal(i)]].expect("every rank has a document");
            let rec = store.spill.read(at)?;
            let info = DocInfo {
                lang: rec.lang,
                url: rec.url,
            };
            docs.insert(r.doc.clone(), info);
        }
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
