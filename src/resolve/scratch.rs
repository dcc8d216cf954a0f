//! The resolver's per-document buffers, kept per thread from one document to the next: a
//! document fills a few dozen vectors, and allocating and freeing each of them per document
//! cost more than most of the work done in them.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::rc::Rc;

use super::own::{AllFacts, Ctx, Slim};
use super::rules::Groups;
use super::{ByName, Features, Resolution, Shared};
use crate::gazetteer::PlaceId;

/// Every buffer a document's resolution empties and fills again.
#[derive(Default)]
pub(super) struct Scratch {
    pub own: Spare,
    pub names: Vec<u32>,
    pub contained_in: Vec<Option<usize>>,
    pub container_of: Vec<Option<usize>>,
    pub choice: Vec<Option<usize>>,
    pub at_container: Vec<Option<PlaceId>>,
    pub base: Vec<Option<Resolution>>,
    pub rounds: Rounds,
}

/// The buffers of a document's rounds of context.
#[derive(Default)]
pub(super) struct Rounds {
    pub unplaced: Vec<bool>,
    pub is_container: Vec<bool>,
    pub last: Vec<Option<PlaceId>>,
    pub chosen: Vec<Option<PlaceId>>,
    pub by_name: ByName,
    pub contexts: Vec<Shared>,
    pub groups: Groups,
    /// Per name number: whether it is a demonym, once asked ([`super::context::Summary`]).
    pub demonyms: Vec<Cell<Option<bool>>>,
}

thread_local!(static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default()));

impl Scratch {
    /// The thread's buffers (empty ones the first time, or while another holds them).
    pub(super) fn take() -> Scratch {
        SCRATCH.with_borrow_mut(std::mem::take)
    }

    /// Kept for the thread's next document.
    pub(super) fn keep(self) {
        // `try_with`: buffers given back while the thread's locals are torn down are freed.
        let _ = SCRATCH.try_with(|cell| *cell.borrow_mut() = self);
    }
}

impl Rounds {
    /// Emptied for a document of `mentions` mentions and `names` name numbers: the choices'
    /// buffers empty, the shared contexts' groups none.
    pub(super) fn emptied(&mut self, names: usize, mentions: usize) {
        self.last.clear();
        self.chosen.clear();
        self.chosen.reserve(mentions);
        self.by_name.reset(names, mentions);
        self.contexts.clear();
    }
}

/// `v` emptied and `n` long, each `x`.
pub(super) fn filled<T: Clone>(v: &mut Vec<T>, n: usize, x: T) -> Vec<T> {
    let mut v = emptied(v);
    v.resize(n, x);
    v
}

/// The buffers of a document's [`Own`](super::own::Own), [`Total`](super::own::Total) and
/// [`own_of`](super::own::own_of), kept for the next document (emptied, not freed and
/// allocated again).
#[derive(Default)]
pub(super) struct Spare {
    pub(super) memo: Vec<Rc<[Features]>>,
    pub(super) slim: Vec<Slim>,
    pub(super) at: Vec<usize>,
    pub(super) ctx: Vec<Ctx>,
    pub(super) facts: AllFacts,
    pub(super) same: Vec<Option<usize>>,
    pub(super) first: ByHash<usize>,
}

impl Spare {
    /// The facts and earlier mentions [`own_of`](super::own::own_of) gave, kept.
    pub(super) fn keep(&mut self, facts: AllFacts, same: Vec<Option<usize>>) {
        (self.facts, self.same) = (facts, same);
    }
}

/// `v` emptied, its room kept.
pub(super) fn emptied<T>(v: &mut Vec<T>) -> Vec<T> {
    let mut v = std::mem::take(v);
    v.clear();
    v
}

/// A map keyed by hashes already worked out (of own-feature triples, [`super::own`]): a key
/// is its own hash (hashing a hash again adds nothing but work).
pub(super) type ByHash<V> = HashMap<u64, V, BuildHasherDefault<Prehashed>>;

/// The [`Hasher`] of [`ByHash`]: a `u64` written is the hash.
#[derive(Default)]
pub(super) struct Prehashed(u64);

impl Hasher for Prehashed {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }

    /// Not written by a `u64` key; folded in for any other, all the same.
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }
}
