//! The nearest of a few chosen places by a scan ([`Points::nearest`]): every squared chord
//! first, in one pass over the points stored coordinate by coordinate (which the compiler
//! vectorises), then the least of them, instead of one place after another with a total
//! order comparison each.

use std::cell::{Cell, RefCell};

/// Points on the unit sphere (of chosen places), with each one's index among the chosen.
#[derive(Default)]
pub(super) struct Points {
    x: Vec<f64>,
    y: Vec<f64>,
    z: Vec<f64>,
    at: Vec<u32>,
    /// Whether every coordinate is finite (then so is every squared chord to a finite point,
    /// and `<` orders them as `f64::total_cmp` does: none is NaN or −0).
    finite: bool,
    /// The squared chords of the last scan (kept: no allocation per scan).
    chords: RefCell<Vec<f64>>,
}

/// The squared chord between two points on the unit sphere, as rstar computes it.
pub(super) fn chord_2(a: &[f64; 3], b: &[f64; 3]) -> f64 {
    (0..3).fold(0.0, |acc, k| (a[k] - b[k]) * (a[k] - b[k]) + acc)
}

/// Whether every coordinate is finite, by their sum (not finite when one is not; an overflow
/// of finite ones only sends a scan the slower way).
fn finite(u: &[f64; 3]) -> bool {
    (u[0] + u[1] + u[2]).is_finite()
}

impl Points {
    pub(super) fn clear(&mut self) {
        self.x.clear();
        self.y.clear();
        self.z.clear();
        self.at.clear();
        self.finite = true;
    }

    /// Chosen place `i` at point `u`.
    #[inline]
    pub(super) fn push(&mut self, u: [f64; 3], i: usize) {
        self.x.push(u[0]);
        self.y.push(u[1]);
        self.z.push(u[2]);
        self.at.push(i as u32);
        self.finite &= finite(&u);
    }

    /// The index of the first point at the least squared chord ([`chord_2`], in
    /// `f64::total_cmp`'s order) from `u` among those `counts` accepts (asked only of a point
    /// nearer than the best so far), as [`Points::nearest_by_scan`] finds it.
    pub(super) fn nearest(&self, u: &[f64; 3], counts: impl Fn(usize) -> bool) -> Option<usize> {
        if !self.finite || !finite(u) {
            return self.nearest_by_scan(u, counts);
        }
        let n = self.at.len();
        let (x, y, z) = (&self.x[..n], &self.y[..n], &self.z[..n]);
        let mut chords = self.chords.borrow_mut();
        chords.clear();
        chords.extend((0..n).map(|k| chord_2(&[x[k], y[k], z[k]], u)));
        let mut best = (f64::INFINITY, None);
        for (&d, &i) in chords.iter().zip(&self.at) {
            if d < best.0 && counts(i as usize) {
                best = (d, Some(i as usize));
            }
        }
        best.1
    }

    /// [`Points::nearest`] one point after another.
    pub(super) fn nearest_by_scan(
        &self,
        u: &[f64; 3],
        counts: impl Fn(usize) -> bool,
    ) -> Option<usize> {
        let mut best: Option<(f64, usize)> = None;
        for (k, &i) in self.at.iter().enumerate() {
            let d = chord_2(&[self.x[k], self.y[k], self.z[k]], u);
            if best.is_none_or(|(b, _)| d.total_cmp(&b).is_lt()) && counts(i as usize) {
                best = Some((d, i as usize));
            }
        }
        best.map(|(_, i)| i)
    }
}

/// Kilometres between a candidate and a chosen place, remembered per thread from round to
/// round and document to document (the same places are chosen story after story, and a
/// candidate's nearest is mostly the same in a document's rounds): a table of
/// [`DISTANCES`] slots, each keyed by the pair, a new pair taking its slot. Kept for one
/// gazetteer (the places' numbers and points are its).
#[derive(Default)]
pub(super) struct Distances {
    gazetteer: u64,
    slots: Box<[Cell<Slot>]>,
}

/// A pair of places (`u32::MAX`: none) and the distance between them.
#[derive(Clone, Copy)]
struct Slot {
    pair: (u32, u32),
    km: f64,
}

/// Slots of [`Distances`].
const DISTANCES: usize = 1 << 12;

impl Distances {
    /// Ready for the places of gazetteer `id` (emptied for another).
    pub(super) fn for_gazetteer(&mut self, id: u64) {
        if self.slots.is_empty() || self.gazetteer != id {
            let none = Slot {
                pair: (u32::MAX, u32::MAX),
                km: 0.0,
            };
            self.slots = (0..DISTANCES).map(|_| Cell::new(none)).collect();
            self.gazetteer = id;
        }
    }

    /// The distance between places `a` and `b`: the remembered one, or `km()`'s
    /// (remembered).
    #[inline]
    pub(super) fn km(&self, (a, b): (u32, u32), km: impl FnOnce() -> f64) -> f64 {
        let h = (u64::from(a) << 32 | u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        let slot = &self.slots[(h >> 52) as usize % DISTANCES];
        let s = slot.get();
        if s.pair == (a, b) {
            return s.km;
        }
        let km = km();
        slot.set(Slot { pair: (a, b), km });
        km
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn points(us: &[[f64; 3]]) -> Points {
        let mut p = Points::default();
        p.clear();
        for (i, &u) in us.iter().enumerate() {
            p.push(u, i * 3 + 1);
        }
        p
    }

    proptest::proptest! {
        /// Vectorised and one by one, the same place, on points with ties (repeated points)
        /// and places that do not count.
        #[test]
        fn nearest_is_the_scan(
            pool in proptest::collection::vec(
                (-1.0f64..1.0, -1.0f64..1.0, -1.0f64..1.0), 1..6),
            picks in proptest::collection::vec(0usize..6, 0..70),
            skip in 0usize..5,
            u in (-1.0f64..1.0, -1.0f64..1.0, -1.0f64..1.0),
        ) {
            let us: Vec<[f64; 3]> = picks
                .iter()
                .map(|&k| { let (a, b, c) = pool[k % pool.len()]; [a, b, c] })
                .collect();
            let p = points(&us);
            let u = [u.0, u.1, u.2];
            let counts = |i: usize| skip == 0 || i % (skip + 1) != 0;
            proptest::prop_assert_eq!(p.nearest(&u, counts), p.nearest_by_scan(&u, counts));
        }
    }

    /// A remembered distance is the one first worked out for its pair, for every pair
    /// (slots shared by pairs included), and a new gazetteer forgets them.
    #[test]
    fn distances_remember_each_pair() {
        let mut d = Distances::default();
        d.for_gazetteer(1);
        let km = |a: u32, b: u32| f64::from(a) * 1000.0 + f64::from(b);
        for round in 0..3 {
            for a in 0..200u32 {
                for b in (0..9000u32).step_by(97) {
                    assert_eq!(d.km((a, b), || km(a, b)), km(a, b), "{round} {a} {b}");
                }
            }
        }
        // Just worked out: remembered (the same gazetteer keeps it).
        assert_eq!(d.km((3, 5), || km(3, 5)), km(3, 5));
        d.for_gazetteer(1);
        assert_eq!(d.km((3, 5), || -1.0), km(3, 5));
        d.for_gazetteer(2);
        assert_eq!(d.km((3, 5), || -1.0), -1.0);
    }

    /// NaN and infinite points take the scan's answer.
    #[test]
    fn nearest_of_points_not_finite_is_the_scan() {
        let us = [
            [0.5, 0.5, 0.5],
            [f64::NAN, 0.0, 0.0],
            [-f64::NAN, 0.0, 0.0],
            [f64::INFINITY, 0.0, 0.0],
            [0.0, 0.0, -0.0],
        ];
        for u in [[0.0, 0.0, 0.0], [0.4, 0.5, 0.5], [f64::NAN, 0.0, 0.0]] {
            for n in 0..=us.len() {
                let p = points(&us[..n]);
                assert_eq!(p.nearest(&u, |_| true), p.nearest_by_scan(&u, |_| true));
                assert_eq!(p.nearest(&u, |i| i != 1), p.nearest_by_scan(&u, |i| i != 1));
            }
        }
    }
}
