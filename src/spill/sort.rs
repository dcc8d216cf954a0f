//! Fixed-size records on disk: an append-only [`Log`] read back in order or by range, and an
//! external sort ([`ExtSort`]) that sorts up to a buffer of records in memory and, past it,
//! writes sorted runs to a temporary file and merges them while they are read. What merging
//! the events uses so that its memory does not grow with the number of reports.

use std::cmp::Ordering;
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// A record of a fixed number of bytes.
pub trait Fixed: Copy {
    /// Bytes of a record on disk.
    const BYTES: usize;
    /// Appends the record's bytes.
    fn put(&self, out: &mut Vec<u8>);
    /// The record from its bytes (`None` if damaged).
    fn get(b: &[u8]) -> Option<Self>;
}

impl Fixed for u32 {
    const BYTES: usize = 4;
    fn put(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.to_le_bytes());
    }
    fn get(b: &[u8]) -> Option<u32> {
        Some(u32::from_le_bytes(b.try_into().ok()?))
    }
}

impl Fixed for (u32, u32) {
    const BYTES: usize = 8;
    fn put(&self, out: &mut Vec<u8>) {
        self.0.put(out);
        self.1.put(out);
    }
    fn get(b: &[u8]) -> Option<(u32, u32)> {
        Some((u32::get(&b[..4])?, u32::get(&b[4..8])?))
    }
}

/// Bytes read from a file at once when records are read back in order.
const CHUNK: usize = 32 << 10;

/// Bytes read at once from all the runs being merged together (each run's share, at most
/// [`CHUNK`]): the buffers of a merge do not grow with the number of runs.
const MERGE_READ: usize = 128 << 10;

/// Runs merged at once: past this many, runs are first merged into longer ones, in passes,
/// so that a merge's buffers and its scan for the smallest head stay bounded.
const MAX_RUNS: usize = 32;

/// Reads at `at` until `buf` is full or the file ends; returns the bytes read.
#[cfg(unix)]
pub(super) fn read_at(file: &File, at: u64, buf: &mut [u8]) -> std::io::Result<usize> {
    use std::os::unix::fs::FileExt;
    let mut n = 0;
    while n < buf.len() {
        match file.read_at(&mut buf[n..], at + n as u64) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

/// Reads at `at` until `buf` is full or the file ends; returns the bytes read.
#[cfg(not(unix))]
pub(super) fn read_at(mut file: &File, at: u64, buf: &mut [u8]) -> std::io::Result<usize> {
    use std::io::{Read, Seek, SeekFrom};
    file.seek(SeekFrom::Start(at))?;
    let mut n = 0;
    while n < buf.len() {
        match file.read(&mut buf[n..])? {
            0 => break,
            k => n += k,
        }
    }
    Ok(n)
}

fn damaged(dir: &Path) -> Error {
    Error::new(
        crate::error::ErrorKind::Input("a temporary file of the events' merge is damaged".into()),
        crate::error::Location::file(dir),
    )
}

fn append(file: &mut Option<File>, dir: &Path, bytes: &[u8]) -> Result<()> {
    let f = match file {
        Some(f) => f,
        None => file.insert(tempfile::tempfile_in(dir).map_err(|e| Error::io(dir, e))?),
    };
    f.write_all(bytes).map_err(|e| Error::io(dir, e))
}

/// Records of bytes `start..end` of a file, read in chunks with positioned reads (so several
/// readers of one file do not disturb each other).
struct FileRecords<'a, T> {
    file: &'a File,
    pos: u64,
    end: u64,
    /// Bytes read at once.
    chunk: usize,
    buf: Vec<u8>,
    at: usize,
    _t: std::marker::PhantomData<T>,
}

impl<'a, T: Fixed> FileRecords<'a, T> {
    fn new(file: &'a File, (start, end): (u64, u64), chunk: usize) -> FileRecords<'a, T> {
        FileRecords {
            file,
            pos: start,
            end,
            chunk: (chunk / T::BYTES).max(1) * T::BYTES,
            buf: Vec::new(),
            at: 0,
            _t: std::marker::PhantomData,
        }
    }

    fn next(&mut self, dir: &Path) -> Result<Option<T>> {
        if self.at == self.buf.len() {
            if self.pos >= self.end {
                return Ok(None);
            }
            let want = ((self.end - self.pos) as usize).min(self.chunk);
            self.buf.resize(want, 0);
            let n = read_at(self.file, self.pos, &mut self.buf).map_err(|e| Error::io(dir, e))?;
            if n < want {
                return Err(damaged(dir));
            }
            self.pos += want as u64;
            self.at = 0;
        }
        let b = &self.buf[self.at..self.at + T::BYTES];
        self.at += T::BYTES;
        T::get(b).map(Some).ok_or_else(|| damaged(dir))
    }
}

/// Records appended in order: in memory up to a number of bytes, then in a temporary file
/// (or, without a folder, in memory only).
#[derive(Debug)]
pub struct Log<T> {
    mem: Vec<u8>,
    cap: usize,
    file: Option<File>,
    on_disk: u64,
    dir: Option<PathBuf>,
    _t: std::marker::PhantomData<T>,
}

impl<T: Fixed> Default for Log<T> {
    fn default() -> Log<T> {
        Log::new(None, 0)
    }
}

impl<T: Fixed> Log<T> {
    /// A log moving to a temporary file in `dir` past `cap` bytes in memory.
    pub fn new(dir: Option<PathBuf>, cap: usize) -> Log<T> {
        Log {
            mem: Vec::new(),
            cap: cap.max(T::BYTES),
            file: None,
            on_disk: 0,
            dir,
            _t: std::marker::PhantomData,
        }
    }

    /// Bytes held in memory.
    pub fn bytes_in_memory(&self) -> usize {
        self.mem.capacity()
    }

    /// The folder of its temporary file, if it may have one.
    pub fn dir(&self) -> Option<PathBuf> {
        self.dir.clone()
    }

    /// Records appended so far.
    pub fn len(&self) -> usize {
        (self.on_disk as usize + self.mem.len()) / T::BYTES
    }

    /// Appends a record.
    pub fn push(&mut self, x: &T) -> Result<()> {
        if self.mem.capacity() == 0 && self.dir.is_some() {
            // The buffer fills up to `cap` and empties: sized once, never copied to grow.
            self.mem.reserve_exact(self.cap + T::BYTES);
        }
        x.put(&mut self.mem);
        if self.mem.len() < self.cap {
            return Ok(());
        }
        let Some(dir) = &self.dir else { return Ok(()) };
        append(&mut self.file, dir, &self.mem)?;
        self.on_disk += self.mem.len() as u64;
        self.mem.clear();
        Ok(())
    }

    /// Moves the records in memory to the file if there is one already (a log that never
    /// outgrew its buffer stays in memory).
    pub fn flush(&mut self) -> Result<()> {
        if let (Some(dir), Some(_)) = (&self.dir, &self.file) {
            append(&mut self.file, dir, &self.mem)?;
            self.on_disk += self.mem.len() as u64;
            self.mem = Vec::new();
        }
        Ok(())
    }

    /// Records `range` (by number), in order.
    pub fn range(&self, range: std::ops::Range<usize>) -> LogIter<'_, T> {
        let (start, end) = (
            (range.start * T::BYTES) as u64,
            (range.end * T::BYTES) as u64,
        );
        let file_end = end.min(self.on_disk);
        let in_mem = |x: u64| (x.max(self.on_disk) - self.on_disk) as usize;
        LogIter {
            file: self
                .file
                .as_ref()
                .filter(|_| start < file_end)
                .map(|f| FileRecords::new(f, (start, file_end), CHUNK)),
            mem: &self.mem[in_mem(start)..in_mem(end)],
            dir: self.dir.as_deref().unwrap_or(Path::new("")),
        }
    }

    /// Every record, in order.
    pub fn iter(&self) -> LogIter<'_, T> {
        self.range(0..self.len())
    }
}

/// Records of a [`Log`], in order.
pub struct LogIter<'a, T> {
    file: Option<FileRecords<'a, T>>,
    mem: &'a [u8],
    dir: &'a Path,
}

impl<T: Fixed> Iterator for LogIter<'_, T> {
    type Item = Result<T>;

    fn next(&mut self) -> Option<Result<T>> {
        if let Some(f) = &mut self.file {
            match f.next(self.dir) {
                Ok(Some(x)) => return Some(Ok(x)),
                Ok(None) => self.file = None,
                Err(e) => return Some(Err(e)),
            }
        }
        let (b, rest) = self.mem.split_at_checked(T::BYTES)?;
        self.mem = rest;
        Some(T::get(b).ok_or_else(|| damaged(self.dir)))
    }
}

/// An external sort: records sorted by `cmp` (a total order), in memory up to `cap` records,
/// past that in sorted runs in a temporary file, merged as they are read back.
pub struct ExtSort<T, C> {
    buf: Vec<T>,
    cap: usize,
    dir: Option<PathBuf>,
    file: Option<File>,
    /// Where each run ends in the file (bytes).
    ends: Vec<u64>,
    cmp: C,
    /// A key under 2^96 that orders as `cmp` does where the keys differ (see
    /// [`ExtSort::with_prefix`]).
    prefix: Option<fn(&T) -> u128>,
}

impl<T: Fixed, C: Fn(&T, &T) -> Ordering> ExtSort<T, C> {
    /// A sort keeping at most `cap` records in memory when there is a folder `dir` for runs.
    pub fn new(dir: Option<PathBuf>, cap: usize, cmp: C) -> ExtSort<T, C> {
        ExtSort {
            buf: Vec::new(),
            cap: cap.max(1),
            dir,
            file: None,
            ends: Vec::new(),
            cmp,
            prefix: None,
        }
    }

    /// A sort as [`ExtSort::new`] makes, told that `cmp` orders first by `prefix` (a key
    /// under 2^96): records are sorted as (key, index) pairs, `cmp` only breaks ties of keys,
    /// and each record moves once, not in every swap of the sort.
    pub fn with_prefix(
        dir: Option<PathBuf>,
        cap: usize,
        cmp: C,
        prefix: fn(&T) -> u128,
    ) -> ExtSort<T, C> {
        ExtSort {
            prefix: Some(prefix),
            ..ExtSort::new(dir, cap, cmp)
        }
    }

    /// Sorts the buffer. With a prefix, the order is the same (`cmp` is a total order:
    /// records it finds equal are equal), only found moving pairs of numbers.
    fn sort_buf(&mut self) {
        let Some(prefix) = self.prefix else {
            self.buf.sort_unstable_by(&self.cmp);
            return;
        };
        let buf = &self.buf;
        let mut keys: Vec<u128> = (buf.iter().enumerate())
            .map(|(i, x)| prefix(x) << 32 | i as u128)
            .collect();
        keys.sort_unstable();
        let at = |k: &u128| *k as u32 as usize;
        for run in keys.chunk_by_mut(|a, b| a >> 32 == b >> 32) {
            if run.len() > 1 {
                run.sort_unstable_by(|a, b| (self.cmp)(&buf[at(a)], &buf[at(b)]));
            }
        }
        self.buf = keys.iter().map(|k| buf[at(k)]).collect();
    }

    /// Adds a record.
    pub fn push(&mut self, x: T) -> Result<()> {
        self.buf.push(x);
        if self.buf.len() >= self.cap && self.dir.is_some() {
            self.write_run()?;
        }
        Ok(())
    }

    fn write_run(&mut self) -> Result<()> {
        if self.dir.is_none() {
            return Ok(());
        }
        self.sort_buf();
        let Some(dir) = &self.dir else { return Ok(()) };
        let mut bytes = Vec::with_capacity(CHUNK + T::BYTES);
        let mut end = self.ends.last().copied().unwrap_or(0);
        for x in &self.buf {
            x.put(&mut bytes);
            if bytes.len() >= CHUNK {
                append(&mut self.file, dir, &bytes)?;
                end += bytes.len() as u64;
                bytes.clear();
            }
        }
        append(&mut self.file, dir, &bytes)?;
        self.ends.push(end + bytes.len() as u64);
        self.buf.clear();
        Ok(())
    }

    /// The records, sorted: in memory if they fit in the buffer, else all in runs on disk
    /// (what is sorted next need not share the memory with them).
    pub fn finish(mut self) -> Result<Sorted<T, C>> {
        if self.ends.is_empty() {
            self.sort_buf();
        } else {
            if !self.buf.is_empty() {
                self.write_run()?;
            }
            self.buf = Vec::new();
            while self.ends.len() > MAX_RUNS {
                self.merge_pass()?;
            }
        }
        Ok(Sorted {
            mem: self.buf,
            file: self.file,
            ends: self.ends,
            dir: self.dir.unwrap_or_default(),
            cmp: self.cmp,
        })
    }
}

impl<T: Fixed, C: Fn(&T, &T) -> Ordering> ExtSort<T, C> {
    /// Merges the runs, [`MAX_RUNS`] at a time, into longer runs in a new file.
    fn merge_pass(&mut self) -> Result<()> {
        let (Some(dir), Some(file)) = (self.dir.clone(), self.file.take()) else {
            return Ok(());
        };
        let bounds = run_bounds(&self.ends);
        let (mut out, mut ends) = (None, Vec::new());
        let mut bytes = Vec::with_capacity(CHUNK + T::BYTES);
        let mut end = 0;
        for group in bounds.chunks(MAX_RUNS) {
            for x in merged(&file, group, &[], &self.cmp, &dir) {
                x?.put(&mut bytes);
                if bytes.len() >= CHUNK {
                    append(&mut out, &dir, &bytes)?;
                    end += bytes.len() as u64;
                    bytes.clear();
                }
            }
            append(&mut out, &dir, &bytes)?;
            end += bytes.len() as u64;
            bytes.clear();
            ends.push(end);
        }
        (self.file, self.ends) = (out, ends);
        Ok(())
    }
}

/// Each run's (start, end) in the file, from where each ends.
fn run_bounds(ends: &[u64]) -> Vec<(u64, u64)> {
    let starts = std::iter::once(0).chain(ends.iter().copied());
    starts.zip(ends.iter().copied()).collect()
}

/// The runs `bounds` of `file` and the sorted records `mem`, merged.
fn merged<'a, T: Fixed, C>(
    file: &'a File,
    bounds: &[(u64, u64)],
    mem: &'a [T],
    cmp: &'a C,
    dir: &'a Path,
) -> Merged<'a, T, C> {
    let chunk = (MERGE_READ / bounds.len().max(1)).min(CHUNK);
    Merged {
        mem: mem.iter().peekable(),
        runs: (bounds.iter())
            .map(|&b| (FileRecords::new(file, b, chunk), None))
            .collect(),
        primed: false,
        cmp,
        dir,
    }
}

/// Sorted records of an [`ExtSort`], to be read any number of times.
pub struct Sorted<T, C> {
    mem: Vec<T>,
    file: Option<File>,
    ends: Vec<u64>,
    dir: PathBuf,
    cmp: C,
}

impl<T: Fixed, C: Fn(&T, &T) -> Ordering> Sorted<T, C> {
    /// The records in order.
    pub fn iter(&self) -> Merged<'_, T, C> {
        match &self.file {
            Some(f) => merged(f, &run_bounds(&self.ends), &self.mem, &self.cmp, &self.dir),
            None => Merged {
                mem: self.mem.iter().peekable(),
                runs: Vec::new(),
                primed: false,
                cmp: &self.cmp,
                dir: &self.dir,
            },
        }
    }

    /// Runs written to disk (for tests).
    #[cfg(test)]
    pub fn runs_on_disk(&self) -> usize {
        self.ends.len()
    }
}

/// The records of a [`Sorted`] in order: the runs merged (a linear scan for the smallest
/// head: there are few runs).
pub struct Merged<'a, T, C> {
    mem: std::iter::Peekable<std::slice::Iter<'a, T>>,
    runs: Vec<(FileRecords<'a, T>, Option<T>)>,
    primed: bool,
    cmp: &'a C,
    dir: &'a Path,
}

impl<T: Fixed, C: Fn(&T, &T) -> Ordering> Iterator for Merged<'_, T, C> {
    type Item = Result<T>;

    fn next(&mut self) -> Option<Result<T>> {
        if self.runs.is_empty() {
            return self.mem.next().map(|x| Ok(*x));
        }
        let dir = self.dir;
        if !self.primed {
            self.primed = true;
            for (r, head) in &mut self.runs {
                match r.next(dir) {
                    Ok(x) => *head = x,
                    Err(e) => return Some(Err(e)),
                }
            }
        }
        let cmp = self.cmp;
        let mut best: Option<(usize, T)> = None;
        for (i, (_, head)) in self.runs.iter().enumerate() {
            if let Some(h) = head {
                if best.is_none_or(|(_, b)| cmp(h, &b) == Ordering::Less) {
                    best = Some((i, *h));
                }
            }
        }
        let from_mem = match (&best, self.mem.peek()) {
            (Some((_, b)), Some(m)) => cmp(m, b) != Ordering::Greater,
            (Some(_), None) => false,
            (None, _) => true,
        };
        if from_mem {
            return self.mem.next().map(|x| Ok(*x));
        }
        let (i, b) = best?;
        let (r, head) = &mut self.runs[i];
        match r.next(dir) {
            Ok(x) => *head = x,
            Err(e) => return Some(Err(e)),
        }
        Some(Ok(b))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// An external sort with any buffer gives what sorting in memory gives, and reads the
        /// same twice; a log gives back what went in, whole and by range.
        #[test]
        fn external_sort_is_sorting(
            xs in proptest::collection::vec((0u32..50, 0u32..1000), 0..400),
            cap in 1usize..40,
            log_cap in 1usize..100,
        ) {
            let dir = tempfile::tempdir().unwrap();
            let by_first = |a: &(u32, u32), b: &(u32, u32)| a.0.cmp(&b.0).then(a.1.cmp(&b.1));
            let mut s = ExtSort::new(Some(dir.path().to_path_buf()), cap, by_first);
            for &x in &xs {
                s.push(x).unwrap();
            }
            let sorted = s.finish().unwrap();
            let mut want = xs.clone();
            want.sort();
            for _ in 0..2 {
                let got: Vec<(u32, u32)> = sorted.iter().map(Result::unwrap).collect();
                prop_assert_eq!(&got, &want);
            }
            prop_assert!(xs.len() < cap || sorted.runs_on_disk() > 0);
            // Sorted by (key, index) pairs, ties of the key broken by `cmp`: the same order,
            // on disk or in memory.
            for dir in [Some(dir.path().to_path_buf()), None] {
                let mut s = ExtSort::with_prefix(dir, cap, by_first, |x| u128::from(x.0));
                for &x in &xs {
                    s.push(x).unwrap();
                }
                let got: Vec<(u32, u32)> = s.finish().unwrap().iter().map(Result::unwrap).collect();
                prop_assert_eq!(&got, &want);
            }
            prop_assert!(sorted.runs_on_disk() <= MAX_RUNS);
            let mut log = Log::new(Some(dir.path().to_path_buf()), log_cap);
            for x in &xs {
                log.push(x).unwrap();
            }
            prop_assert_eq!(log.len(), xs.len());
            let back: Vec<(u32, u32)> = log.iter().map(Result::unwrap).collect();
            prop_assert_eq!(&back, &xs);
            let (a, b) = (xs.len() / 3, xs.len() * 2 / 3);
            let part: Vec<(u32, u32)> = log.range(a..b).map(Result::unwrap).collect();
            prop_assert_eq!(&part[..], &xs[a..b]);
        }
    }
}
