//! The document ids seen so far, for finding duplicates in a stream of any length: 128-bit
//! fingerprints (16 bytes per document whatever the id's length) in sorted runs rather than a
//! hash table, so memory is 16 bytes per document (at most twice that while two runs merge)
//! instead of a table's 20–40 plus a copy while it grows.

use std::collections::HashSet;
use std::hash::BuildHasher;

use foldhash::quality::FixedState;

/// Fingerprints gathered in a small table before they are sorted into a run.
const RECENT: usize = 4096;

/// A set of id fingerprints.
#[derive(Debug, Default)]
pub(super) struct IdSet {
    /// The latest fingerprints (fewer than [`RECENT`]).
    recent: HashSet<u128, FixedState>,
    /// Sorted runs, largest first: each at least twice the next (a binary counter of
    /// [`RECENT`]-sized blocks), so there are about log2(n / RECENT) of them to search.
    runs: Vec<Vec<u128>>,
}

fn fingerprint(id: &str) -> u128 {
    let half = |seed: u64| FixedState::with_seed(seed).hash_one(id);
    u128::from(half(0x9e37_79b9_7f4a_7c15)) << 64 | u128::from(half(0x2545_f491))
}

/// The two sorted runs as one.
fn merge(a: Vec<u128>, b: Vec<u128>) -> Vec<u128> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        if a[i] <= b[j] {
            out.push(a[i]);
            i += 1;
        } else {
            out.push(b[j]);
            j += 1;
        }
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
    out
}

impl IdSet {
    /// Adds an id; false if it was there.
    pub(super) fn insert(&mut self, id: &str) -> bool {
        let print = fingerprint(id);
        if self.runs.iter().any(|r| r.binary_search(&print).is_ok()) {
            return false;
        }
        if !self.recent.insert(print) {
            return false;
        }
        if self.recent.len() >= RECENT {
            let mut run: Vec<u128> = self.recent.drain().collect();
            run.sort_unstable();
            while self.runs.last().is_some_and(|last| last.len() <= run.len()) {
                let last = self.runs.pop().expect("a last run");
                run = merge(last, run);
            }
            self.runs.push(run);
        }
        true
    }

    /// Fingerprints held.
    #[cfg(test)]
    fn len(&self) -> usize {
        self.recent.len() + self.runs.iter().map(Vec::len).sum::<usize>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every id is new once and a duplicate ever after, across many runs; runs stay few and
    /// sorted.
    #[test]
    fn finds_every_duplicate_across_runs() {
        let mut set = IdSet::default();
        let n = 5 * RECENT + 123;
        for i in 0..n {
            assert!(set.insert(&format!("doc{i}")), "doc{i} is new");
        }
        assert_eq!(set.len(), n);
        assert!(set.runs.len() <= 3, "{} runs", set.runs.len());
        assert!(set.runs.windows(2).all(|w| w[0].len() > w[1].len()));
        assert!(set.runs.iter().all(|r| r.windows(2).all(|w| w[0] < w[1])));
        for i in (0..n).step_by(37) {
            assert!(!set.insert(&format!("doc{i}")), "doc{i} was seen");
        }
        assert!(set.insert("doc#2"));
        assert!(!set.insert("doc#2"));
        assert_eq!(set.len(), n + 1);
    }
}
