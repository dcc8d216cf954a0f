//! The spill's file as it is read back: the last few blocks read from it are kept, because an
//! event's reports are read in file order, one event after another, so the next report is
//! mostly in one of the last blocks read (a read per report would read the same blocks again
//! and again).

use std::fs::File;

use super::sort;

/// Bytes read from the file at once: most records are shorter, so one read brings a record's
/// length and its body, and often the records after it.
pub(super) const BLOCK: usize = 8 << 10;

/// Blocks kept once read.
pub(super) const BLOCKS: usize = 8;

/// The file of records and the last [`BLOCKS`] blocks read from it, most recent first.
#[derive(Debug)]
pub(super) struct OnDisk {
    file: File,
    blocks: Vec<(u64, Vec<u8>)>,
}

impl OnDisk {
    pub(super) fn new(file: File) -> OnDisk {
        OnDisk {
            file,
            blocks: Vec::with_capacity(BLOCKS),
        }
    }

    /// Where the record at `at` is in the first kept block, if a kept block holds all of it
    /// (that block made the first).
    fn find(&mut self, at: u64) -> Option<std::ops::Range<usize>> {
        let (i, range) = self
            .blocks
            .iter()
            .enumerate()
            .find_map(|(i, (start, bytes))| {
                Some((i, record_in(bytes, at.checked_sub(*start)?)?))
            })?;
        self.blocks[..=i].rotate_right(1);
        Some(range)
    }

    /// The record at `at` (its 4-byte length, then its body), from a kept block or a block
    /// read for it: looked for once, not again after it is read.
    pub(super) fn record(&mut self, at: u64) -> std::io::Result<&[u8]> {
        let range = match self.find(at) {
            Some(range) => range,
            None => {
                self.read_block(at)?;
                record_in(&self.blocks[0].1, 0).ok_or(std::io::ErrorKind::UnexpectedEof)?
            }
        };
        Ok(&self.blocks[0].1[range])
    }

    /// Reads a block at `at` (longer if the record there is) and keeps it first.
    fn read_block(&mut self, at: u64) -> std::io::Result<()> {
        let mut block = match self.blocks.len() {
            BLOCKS => self.blocks.pop().expect("BLOCKS > 0").1,
            _ => Vec::new(),
        };
        block.resize(BLOCK, 0);
        let n = sort::read_at(&self.file, at, &mut block)?;
        if n < 4 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        let len = u32::from_le_bytes(block[..4].try_into().expect("4 bytes")) as usize;
        if 4 + len > n {
            block.resize(4 + len, 0);
            let got = sort::read_at(&self.file, at + n as u64, &mut block[n..])?;
            if n + got < 4 + len {
                return Err(std::io::ErrorKind::UnexpectedEof.into());
            }
        } else {
            block.truncate(n);
        }
        self.blocks.insert(0, (at, block));
        Ok(())
    }
}

/// Where the record at `rel` of `bytes` is, its 4-byte length first, if all of it is there.
fn record_in(bytes: &[u8], rel: u64) -> Option<std::ops::Range<usize>> {
    let rel = usize::try_from(rel).ok()?;
    let len = bytes.get(rel..rel.checked_add(4)?)?;
    let end = rel + 4 + u32::from_le_bytes(len.try_into().ok()?) as usize;
    (end <= bytes.len()).then_some(rel..end)
}
