//! The countries of a round's choices ([`super::context::Summary`]), counted in tables at
//! their numbers ([`super::own::country_id`], a few hundred at most) instead of hash maps:
//! every candidate asks for its country's count and its name's count there.

use super::context::Named;
use crate::lexicon::FastMap;

/// No country (a name with no choice counted yet).
const NONE: u32 = u32::MAX;

/// Choices per country and per (country, name), and who named each country.
#[derive(Default)]
pub(super) struct Countries {
    /// Per country number: the choices in it, and the names that chose it itself.
    count: Vec<f64>,
    named: Vec<Option<Named>>,
    /// The countries with a count (their entries are emptied for the next summary).
    seen: Vec<u32>,
    /// Per name number: the first country its choices lie in and their number there, and
    /// (rarely) its choices in other countries.
    by_name: Vec<(u32, f64)>,
    more: FastMap<(u32, u32), f64>,
}

impl Countries {
    /// Empty, for names numbered below `names`.
    pub(super) fn clear(&mut self, names: usize) {
        for &c in &self.seen {
            self.count[c as usize] = 0.0;
            self.named[c as usize] = None;
        }
        self.seen.clear();
        self.by_name.clear();
        self.by_name.resize(names, (NONE, 0.0));
        self.more.clear();
    }

    /// A choice in country `cc` by a mention named `key`.
    pub(super) fn add(&mut self, cc: u32, key: u32) {
        let c = cc as usize;
        if c >= self.count.len() {
            self.count.resize(c + 1, 0.0);
            self.named.resize(c + 1, None);
        }
        if self.count[c] == 0.0 {
            self.seen.push(cc);
        }
        self.count[c] += 1.0;
        let first = &mut self.by_name[key as usize];
        if first.0 == cc {
            first.1 += 1.0;
        } else if first.0 == NONE {
            *first = (cc, 1.0);
        } else {
            *self.more.entry((cc, key)).or_default() += 1.0;
        }
    }

    /// Country `cc` (counted by [`Countries::add`]) chosen itself by a mention named `key`.
    pub(super) fn name(&mut self, cc: u32, key: u32) {
        let slot = &mut self.named[cc as usize];
        if let Some(n) = Named::add(slot.as_mut(), key) {
            *slot = Some(n);
        }
    }

    /// The choices in country `cc`.
    pub(super) fn count(&self, cc: u32) -> f64 {
        self.count.get(cc as usize).copied().unwrap_or(0.0)
    }

    /// The choices in country `cc` by mentions named `key`.
    pub(super) fn of_name(&self, cc: u32, key: u32) -> f64 {
        match self.by_name.get(key as usize) {
            Some(&(c, n)) if c == cc => n,
            Some(&(c, _)) if c != NONE && !self.more.is_empty() => {
                self.more.get(&(cc, key)).copied().unwrap_or(0.0)
            }
            _ => 0.0,
        }
    }

    /// Whether a name other than `key` chose country `cc` itself.
    pub(super) fn named_by_other(&self, cc: u32, key: u32) -> bool {
        self.named
            .get(cc as usize)
            .and_then(Option::as_ref)
            .is_some_and(|n| n.by_other(key))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tables count as hash maps keyed by country and (country, name) would, across
    /// clears, for names with choices in one country or several.
    #[test]
    fn counts_as_maps() {
        let mut c = Countries::default();
        let mut x = 0x9E37_79B9u64;
        for round in 0..20 {
            let names = 1 + round % 7;
            c.clear(names);
            let mut count: FastMap<u32, f64> = FastMap::default();
            let mut of_name: FastMap<(u32, u32), f64> = FastMap::default();
            for _ in 0..(round * 3) {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                let (cc, key) = (
                    (x % 5) as u32 * (1 + round as u32),
                    (x >> 8) as u32 % names as u32,
                );
                c.add(cc, key);
                *count.entry(cc).or_default() += 1.0;
                *of_name.entry((cc, key)).or_default() += 1.0;
            }
            for cc in 0..120 {
                assert_eq!(c.count(cc), count.get(&cc).copied().unwrap_or(0.0));
                for key in 0..names as u32 + 1 {
                    let want = of_name.get(&(cc, key)).copied().unwrap_or(0.0);
                    assert_eq!(c.of_name(cc, key), want, "{round} {cc} {key}");
                }
                assert!(!c.named_by_other(cc, 0));
            }
        }
        c.clear(3);
        c.add(4, 0);
        c.name(4, 0);
        assert!(!c.named_by_other(4, 0) && c.named_by_other(4, 1));
        c.add(4, 2);
        c.name(4, 2);
        assert!(c.named_by_other(4, 0));
    }
}
