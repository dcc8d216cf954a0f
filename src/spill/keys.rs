//! What a run keeps of each report while the events merge: where the report is in the spill
//! ([`Loc`]), its key waiting in a [`KeyLog`], and, once merged, a [`Member`] of its event.

use std::path::PathBuf;

use super::sort::{Fixed, Log};
use super::BUFFER;
use crate::error::Result;
use crate::events::merge::{PackedDate, ReportKey};

/// Where a report is in the spill: its document's record and the report's offset in the
/// record's body. Ordered as the reports arrived (records and their reports are written in
/// order), so it breaks ties as an arrival index would.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Loc {
    /// The record's position (two halves: 4-byte alignment keeps sorted records small).
    at_hi: u32,
    at_lo: u32,
    /// The report's offset in the record's body.
    pub off: u32,
}

impl Loc {
    /// A report at offset `off` of the record at `at`.
    pub fn new(at: u64, off: u32) -> Loc {
        Loc {
            at_hi: (at >> 32) as u32,
            at_lo: at as u32,
            off,
        }
    }

    /// The record's position.
    pub fn at(self) -> u64 {
        u64::from(self.at_hi) << 32 | u64::from(self.at_lo)
    }

    pub(super) fn set_at(&mut self, at: u64) {
        *self = Loc::new(at, self.off);
    }
}

impl Fixed for Loc {
    const BYTES: usize = 12;
    fn put(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.at().to_le_bytes());
        self.off.put(out);
    }
    fn get(b: &[u8]) -> Option<Loc> {
        let at = u64::from_le_bytes(b.get(..8)?.try_into().ok()?);
        Some(Loc::new(at, u32::get(b.get(8..12)?)?))
    }
}

impl Fixed for (ReportKey, Loc) {
    const BYTES: usize = ReportKey::BYTES + Loc::BYTES;
    fn put(&self, out: &mut Vec<u8>) {
        self.0.put(out);
        self.1.put(out);
    }
    fn get(b: &[u8]) -> Option<(ReportKey, Loc)> {
        let n = ReportKey::BYTES;
        Some((ReportKey::get(&b[..n])?, Loc::get(&b[n..])?))
    }
}

/// The keys of the reports, in arrival order, each with where its report is, waiting like
/// the reports (see [`Spill`]).
pub struct KeyLog(Log<(ReportKey, Loc)>);

impl KeyLog {
    /// A log that moves to a temporary file in `dir` past [`BUFFER`] bytes, or (`None`)
    /// stays in memory.
    pub fn new(dir: Option<PathBuf>) -> KeyLog {
        KeyLog(Log::new(dir, BUFFER))
    }

    /// Adds a key.
    pub fn push(&mut self, key: &ReportKey, loc: Loc) -> Result<()> {
        self.0.push(&(*key, loc))
    }

    /// Bytes held in memory (for tests of bounded memory).
    pub fn bytes_in_memory(&self) -> usize {
        self.0.bytes_in_memory()
    }

    /// The keys, to be read in the order written (any number of times); those in memory go
    /// to the file if there is one.
    pub fn finish(mut self) -> Result<Log<(ReportKey, Loc)>> {
        self.0.flush()?;
        Ok(self.0)
    }
}

/// A report as merged into an event: where it is and its date as the merge anchored it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Member {
    pub loc: Loc,
    pub date: PackedDate,
    pub date_inferred: bool,
}

impl Fixed for Member {
    const BYTES: usize = Loc::BYTES + 5;
    fn put(&self, out: &mut Vec<u8>) {
        self.loc.put(out);
        self.date.bits().put(out);
        out.push(u8::from(self.date_inferred));
    }
    fn get(b: &[u8]) -> Option<Member> {
        let n = Loc::BYTES;
        Some(Member {
            loc: Loc::get(&b[..n])?,
            date: PackedDate::from_bits(u32::get(&b[n..n + 4])?),
            date_inferred: *b.get(n + 4)? != 0,
        })
    }
}
