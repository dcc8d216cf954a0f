//! The ids of the documents with reports, in arrival order, waiting on disk like the reports,
//! and ranked at the end by an external sort: neither the ids nor their ranks are held in
//! memory per document, however many documents a run reads.

use std::cmp::Ordering;
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::sort::{read_at, ExtSort, Sorted};
use super::Buffered;
use crate::error::{Error, ErrorKind, Location, Result};

/// Bytes of ids held in memory while they come in, and while they are sorted.
const ID_BUFFER: usize = 64 << 10;

/// (ordinal, rank) pairs sorted in memory at once when the ranks go back to arrival order.
const RANK_BUFFER: usize = 16 << 10;

/// Bytes read at once from a file.
const CHUNK: usize = 32 << 10;

/// Each document's ordinal and rank, by ordinal.
pub type Ranks = Sorted<(u32, u32), fn(&(u32, u32), &(u32, u32)) -> Ordering>;

fn damaged(dir: &Path) -> Error {
    Error::new(
        ErrorKind::Input("a temporary file of document ids is damaged".into()),
        Location::file(dir),
    )
}

/// Ids being written: each the position of its document's record (8 bytes), its length
/// (4 bytes) and its bytes.
pub struct IdLog {
    b: Buffered,
    count: u32,
}

impl IdLog {
    /// A log that moves to a temporary file in `dir` past a few dozen kilobytes, or (`None`)
    /// stays in memory.
    pub fn new(dir: Option<PathBuf>) -> IdLog {
        IdLog {
            b: Buffered::new(dir, ID_BUFFER),
            count: 0,
        }
    }

    /// Adds the id of a document whose record is at `at`; returns its ordinal.
    pub fn push(&mut self, id: &str, at: u64) -> Result<u32> {
        let m = &mut self.b.mem;
        m.extend_from_slice(&at.to_le_bytes());
        // A longer id's record is refused by the spill (see `Spill::push`).
        m.extend_from_slice(&(id.len() as u32).to_le_bytes());
        m.extend_from_slice(id.as_bytes());
        self.b.spill_if_full()?;
        self.count += 1;
        Ok(self.count - 1)
    }

    /// Bytes held in memory (for tests of bounded memory).
    pub fn bytes_in_memory(&self) -> usize {
        self.b.mem.capacity()
    }

    /// The ids, for reading: those in memory go to the file if there is one.
    pub fn finish(self) -> Result<Ids> {
        let mut b = self.b;
        if let (Some(dir), Some(file)) = (&b.dir, &mut b.file) {
            file.write_all(&b.mem).map_err(|e| Error::io(dir, e))?;
            b.on_disk += b.mem.len() as u64;
            b.mem = Vec::new();
        }
        Ok(Ids {
            mem: b.mem,
            file: b.file,
            on_disk: b.on_disk,
            dir: b.dir,
        })
    }
}

/// Ids for reading back, in order.
pub struct Ids {
    mem: Vec<u8>,
    file: Option<File>,
    on_disk: u64,
    dir: Option<PathBuf>,
}

/// Bytes of a file's range and then of a slice, read in order a few at a time.
struct Bytes<'a> {
    file: Option<&'a File>,
    pos: u64,
    end: u64,
    mem: &'a [u8],
    buf: Vec<u8>,
    at: usize,
    dir: &'a Path,
}

impl<'a> Bytes<'a> {
    fn new(file: Option<&'a File>, range: (u64, u64), mem: &'a [u8], dir: &'a Path) -> Bytes<'a> {
        Bytes {
            file,
            pos: range.0,
            end: range.1,
            mem,
            buf: Vec::new(),
            at: 0,
            dir,
        }
    }

    /// The next `n` bytes; `None` at the end (before any of them).
    fn take(&mut self, n: usize) -> Result<Option<&[u8]>> {
        if self.buf.len() - self.at < n {
            self.buf.drain(..self.at);
            self.at = 0;
            while self.buf.len() < n {
                if !self.fill(n - self.buf.len())? {
                    return match self.buf.is_empty() {
                        true => Ok(None),
                        false => Err(damaged(self.dir)),
                    };
                }
            }
        }
        self.at += n;
        Ok(Some(&self.buf[self.at - n..self.at]))
    }

    /// Reads at least `want` more bytes, or what is left; whether there were any.
    fn fill(&mut self, want: usize) -> Result<bool> {
        let want = want.max(CHUNK);
        let old = self.buf.len();
        match self.file {
            Some(f) if self.pos < self.end => {
                let k = want.min((self.end - self.pos) as usize);
                self.buf.resize(old + k, 0);
                let got = read_at(f, self.pos, &mut self.buf[old..]);
                if got.map_err(|e| Error::io(self.dir, e))? < k {
                    return Err(damaged(self.dir));
                }
                self.pos += k as u64;
            }
            _ => {
                let k = want.min(self.mem.len());
                self.buf.extend_from_slice(&self.mem[..k]);
                self.mem = &self.mem[k..];
            }
        }
        Ok(self.buf.len() > old)
    }

    /// A `u32`, `u64`-sized value's bytes or a length-prefixed string: `None` at the end.
    fn entry(&mut self, head: usize) -> Result<Option<(u64, &[u8])>> {
        let Some(h) = self.take(head)? else {
            return Ok(None);
        };
        let (v, len) = match head {
            12 => (
                u64::from_le_bytes(h[..8].try_into().expect("8 bytes")),
                &h[8..],
            ),
            _ => (
                u64::from(u32::from_le_bytes(h[..4].try_into().expect("4"))),
                &h[4..],
            ),
        };
        let len = u32::from_le_bytes(len.try_into().expect("4 bytes")) as usize;
        let dir = self.dir;
        let id = self.take(len)?.ok_or_else(|| damaged(dir))?;
        Ok(Some((v, id)))
    }
}

/// Sorted runs of (id, ordinal) in a temporary file: the ordinal (4 bytes), the id's length
/// (4 bytes) and its bytes.
struct Runs {
    file: Option<File>,
    ends: Vec<u64>,
}

impl Ids {
    fn dir(&self) -> &Path {
        self.dir.as_deref().unwrap_or(Path::new(""))
    }

    /// Each document's record position and id, in arrival order (by ordinal).
    pub fn for_each(&self, mut f: impl FnMut(u64, &[u8]) -> Result<()>) -> Result<()> {
        let mut r = Bytes::new(self.file.as_ref(), (0, self.on_disk), &self.mem, self.dir());
        while let Some((at, id)) = r.entry(12)? {
            f(at, id)?;
        }
        Ok(())
    }

    /// Each document's rank among the distinct ids in byte order, by ordinal: the ids sorted
    /// in runs of a few dozen kilobytes, merged, and the ranks sorted back by ordinal.
    pub fn ranks(&self) -> Result<Ranks> {
        let by_ordinal: fn(&(u32, u32), &(u32, u32)) -> Ordering = |a, b| a.0.cmp(&b.0);
        let mut out = ExtSort::new(self.dir.clone(), RANK_BUFFER, by_ordinal);
        let mut runs = Runs {
            file: None,
            ends: Vec::new(),
        };
        let (mut bytes, mut items) = (Vec::new(), Vec::new());
        let mut ordinal = 0u32;
        let mut ranker = Ranker::default();
        self.for_each(|_, id| {
            items.push((bytes.len(), id.len(), ordinal));
            bytes.extend_from_slice(id);
            ordinal += 1;
            if bytes.len() + 16 * items.len() >= ID_BUFFER && self.dir.is_some() {
                self.write_run(&mut runs, &bytes, &mut items)?;
                bytes.clear();
                items.clear();
            }
            Ok(())
        })?;
        if runs.ends.is_empty() {
            sort_items(&bytes, &mut items);
            for &(s, n, o) in &items {
                ranker.rank(&bytes[s..s + n], o, &mut out)?;
            }
        } else {
            if !items.is_empty() {
                self.write_run(&mut runs, &bytes, &mut items)?;
            }
            drop((bytes, items));
            self.merge_runs(&runs, &mut ranker, &mut out)?;
        }
        out.finish()
    }

    fn write_run(
        &self,
        runs: &mut Runs,
        bytes: &[u8],
        items: &mut [(usize, usize, u32)],
    ) -> Result<()> {
        let dir = self.dir();
        sort_items(bytes, items);
        let mut run = Vec::with_capacity(bytes.len() + 8 * items.len());
        for &(s, n, o) in items.iter() {
            run.extend_from_slice(&o.to_le_bytes());
            run.extend_from_slice(&(n as u32).to_le_bytes());
            run.extend_from_slice(&bytes[s..s + n]);
        }
        let f = match &mut runs.file {
            Some(f) => f,
            None => runs
                .file
                .insert(tempfile::tempfile_in(dir).map_err(|e| Error::io(dir, e))?),
        };
        f.write_all(&run).map_err(|e| Error::io(dir, e))?;
        let start = runs.ends.last().copied().unwrap_or(0);
        runs.ends.push(start + run.len() as u64);
        Ok(())
    }

    /// Merges the sorted runs (a linear scan for the smallest head: there are few runs).
    fn merge_runs<C: Fn(&(u32, u32), &(u32, u32)) -> Ordering>(
        &self,
        runs: &Runs,
        ranker: &mut Ranker,
        out: &mut ExtSort<(u32, u32), C>,
    ) -> Result<()> {
        let mut heads = Vec::new();
        let mut start = 0;
        for &end in &runs.ends {
            let r = Bytes::new(runs.file.as_ref(), (start, end), &[], self.dir());
            heads.push((r, Vec::new(), 0u32, true));
            start = end;
        }
        let advance = |h: &mut (Bytes, Vec<u8>, u32, bool)| -> Result<()> {
            match h.0.entry(8)? {
                Some((o, id)) => {
                    h.1.clear();
                    h.1.extend_from_slice(id);
                    h.2 = o as u32;
                }
                None => h.3 = false,
            }
            Ok(())
        };
        for h in &mut heads {
            advance(h)?;
        }
        loop {
            let mut best: Option<usize> = None;
            for (i, h) in heads.iter().enumerate() {
                let smaller = |b: usize| (&h.1, h.2) < (&heads[b].1, heads[b].2);
                if h.3 && best.is_none_or(smaller) {
                    best = Some(i);
                }
            }
            let Some(b) = best else { return Ok(()) };
            let h = &mut heads[b];
            ranker.rank(&h.1, h.2, out)?;
            advance(h)?;
        }
    }
}

fn sort_items(bytes: &[u8], items: &mut [(usize, usize, u32)]) {
    let id = |&(s, n, _): &(usize, usize, u32)| &bytes[s..s + n];
    items.sort_unstable_by(|a, b| id(a).cmp(id(b)).then(a.2.cmp(&b.2)));
}

/// Gives ids in sorted order their ranks: the rank goes up when the id changes.
#[derive(Default)]
struct Ranker {
    last: Option<Vec<u8>>,
    rank: u32,
}

impl Ranker {
    fn rank<C: Fn(&(u32, u32), &(u32, u32)) -> Ordering>(
        &mut self,
        id: &[u8],
        ordinal: u32,
        out: &mut ExtSort<(u32, u32), C>,
    ) -> Result<()> {
        match &mut self.last {
            Some(last) if last.as_slice() == id => {}
            Some(last) => {
                self.rank += 1;
                last.clear();
                last.extend_from_slice(id);
            }
            None => self.last = Some(id.to_vec()),
        }
        out.push((ordinal, self.rank))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The ranks are those of sorting every id in memory, whatever the ids' number,
        /// lengths and repeats, in memory and on disk alike; the ids come back in order.
        #[test]
        fn ranks_are_sorting_in_memory(
            ids in proptest::collection::vec("[a-c]{0,3}|[a-z0-9]{0,40}", 0..3000),
            on_disk in any::<bool>(),
        ) {
            let dir = tempfile::tempdir().unwrap();
            let mut log = IdLog::new(on_disk.then(|| dir.path().to_path_buf()));
            for (i, id) in ids.iter().enumerate() {
                prop_assert_eq!(log.push(id, 7 * i as u64).unwrap(), i as u32);
            }
            // Bounded only with a folder to move to; without one the log stays in memory.
            prop_assert!(!on_disk || log.bytes_in_memory() <= 2 * ID_BUFFER + 64);
            let ids_back = log.finish().unwrap();
            let mut back = Vec::new();
            ids_back
                .for_each(|at, id| {
                    back.push((at, String::from_utf8(id.to_vec()).unwrap()));
                    Ok(())
                })
                .unwrap();
            let want: Vec<(u64, String)> =
                ids.iter().enumerate().map(|(i, d)| (7 * i as u64, d.clone())).collect();
            prop_assert_eq!(back, want);
            let ranks: Vec<(u32, u32)> =
                ids_back.ranks().unwrap().iter().map(Result::unwrap).collect();
            let want = crate::events::merge::doc_ranks(ids.iter().map(String::as_str));
            let want: Vec<(u32, u32)> =
                want.into_iter().enumerate().map(|(i, r)| (i as u32, r)).collect();
            prop_assert_eq!(ranks, want);
        }
    }
}
