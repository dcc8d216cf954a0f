//! The resolver's weights as data: `data/weights/resolver.tsv`, one `name<TAB>value` row per
//! feature of the table in [`crate::resolve`], written by `bench/train.sh`.
//!
//! [`Features`] and [`Weights`] have the same fields; a candidate's score is their dot product.

use std::sync::OnceLock;

use crate::error::{Error, ErrorKind, Location, Result};

static BUNDLED: &str = include_str!("../../data/weights/resolver.tsv");

macro_rules! feature_table {
    ($($name:ident: $doc:literal,)*) => {
        /// One candidate's features (see the table in [`crate::resolve`]).
        #[derive(Clone, Copy, Debug, Default, PartialEq)]
        pub struct Features {
            $(#[doc = $doc] pub $name: f64,)*
        }

        /// The weight of each feature, and the model's fixed settings.
        #[derive(Clone, Debug, PartialEq)]
        pub struct Weights {
            $(#[doc = $doc] pub $name: f64,)*
            /// Kilometres over which the `distance` feature falls by a factor e.
            pub distance_scale_km: f64,
            /// Softmax temperature of the confidence.
            pub temperature: f64,
            /// A non-capital candidate under this population is a "small namesake": beside a
            /// country, region or feature of the same name it gets context only with evidence.
            pub small_namesake_population: f64,
        }

        impl Features {
            /// The feature names, in table order.
            pub const NAMES: &'static [&'static str] = &[$(stringify!($name)),*];

            /// The values in the order of [`Features::NAMES`].
            pub fn values(&self) -> Vec<f64> {
                vec![$(self.$name),*]
            }

            /// The candidate's score under `w`.
            pub fn score(&self, w: &Weights) -> f64 {
                0.0 $(+ self.$name * w.$name)*
            }

            /// Features from values in the order of [`Features::NAMES`].
            #[cfg(test)]
            pub(super) fn from_values(v: &[f64]) -> Features {
                let mut it = v.iter().copied();
                Features { $($name: it.next().unwrap_or(0.0),)* }
            }
        }

        impl Weights {
            fn set(&mut self, name: &str, value: f64) -> bool {
                match name {
                    $(stringify!($name) => self.$name = value,)*
                    "distance_scale_km" => self.distance_scale_km = value,
                    "temperature" => self.temperature = value,
                    "small_namesake_population" => self.small_namesake_population = value,
                    _ => return false,
                }
                true
            }

            fn zero() -> Weights {
                Weights {
                    $($name: f64::NAN,)*
                    distance_scale_km: f64::NAN,
                    temperature: f64::NAN,
                    small_namesake_population: f64::NAN,
                }
            }

            fn missing(&self) -> Option<&'static str> {
                $(if self.$name.is_nan() { return Some(stringify!($name)); })*
                if self.distance_scale_km.is_nan() { return Some("distance_scale_km"); }
                if self.temperature.is_nan() { return Some("temperature"); }
                if self.small_namesake_population.is_nan() {
                    return Some("small_namesake_population");
                }
                None
            }
        }
    };
}

feature_table! {
    prominence: "`ln(1 + population) / ln(1 + 10^7)`, at most 1.2.",
    country: "1 for a country or continent.",
    admin1_own_name: "1 for a first-level division named by its own name (\"California\").",
    admin1_short: "1 for a first-level division named by a bare short form (\"Kharkiv\").",
    admin2: "1 for a second-level division.",
    district: "1 for a part of a city.",
    landmark: "1 for a curated landmark (\"the White House\").",
    feature: "1 for a physical or special feature: island, sea, river, mountains, region.",
    capital: "1 for a national capital.",
    canonical_name: "1 when the mention is the entry's canonical name, not an alternate.",
    cue_fits: "1 when a cue word asks for the entry's kind (\"X Oblast\", \"city of X\").",
    cue_clashes: "1 when a cue word asks for another kind.",
    namesake_country: "1 for a smaller place named like a country among the candidates.",
    namesake_big_city: "1 for a region named like a city of 500,000+ inside it.",
    contained_in_text: "1 when the text places it in another mention (\"Selydove, Donetsk\").",
    container_in_text: "1 when the text places another mention in it (the \"Donetsk\" there).",
    contained_in_doc: "1 when another mention's place contains it (a district of the city).",
    nested_candidate: "1 when it and a candidate of another name nest (a county and a town in it).",
    country_share: "Share of the document's other mentions in the entry's country.",
    country_named: "1 when the entry's country is named in the document.",
    admin1_named: "1 when the entry's first-level division is named in the document.",
    distance: "`exp(-d / distance_scale_km)`, d the distance to the nearest other place.",
}

impl Features {
    /// The first terms of [`Features::score`], those of the features a candidate has of its
    /// own (through `container_in_text`), summed in the same order: they do not change
    /// between the resolver's rounds, so they are summed once per candidate.
    pub(super) fn own_score(&self, w: &Weights) -> f64 {
        0.0 + self.prominence * w.prominence
            + self.country * w.country
            + self.admin1_own_name * w.admin1_own_name
            + self.admin1_short * w.admin1_short
            + self.admin2 * w.admin2
            + self.district * w.district
            + self.landmark * w.landmark
            + self.feature * w.feature
            + self.capital * w.capital
            + self.canonical_name * w.canonical_name
            + self.cue_fits * w.cue_fits
            + self.cue_clashes * w.cue_clashes
            + self.namesake_country * w.namesake_country
            + self.namesake_big_city * w.namesake_big_city
            + self.contained_in_text * w.contained_in_text
            + self.container_in_text * w.container_in_text
    }

    /// [`Features::score`] from its first terms ([`Features::own_score`]): the rest added in
    /// the same order, so the same bits.
    /// (The rounds add them the same way to [`super::own::Slim`] records.)
    #[cfg(test)]
    pub(super) fn score_after(&self, own_score: f64, w: &Weights) -> f64 {
        own_score
            + self.contained_in_doc * w.contained_in_doc
            + self.nested_candidate * w.nested_candidate
            + self.country_share * w.country_share
            + self.country_named * w.country_named
            + self.admin1_named * w.admin1_named
            + self.distance * w.distance
    }
}

impl Weights {
    /// The bundled weights (`data/weights/resolver.tsv`).
    pub fn bundled() -> &'static Weights {
        static W: OnceLock<Weights> = OnceLock::new();
        W.get_or_init(|| {
            Weights::parse(BUNDLED, "data/weights/resolver.tsv")
                .expect("the bundled weights parse (checked by a unit test)")
        })
    }

    /// Reads weights from TSV text (`name<TAB>value`, `#` comments); every weight is required.
    pub fn parse(text: &str, path: &str) -> Result<Weights> {
        let mut w = Weights::zero();
        let err = |line: usize, msg: String| {
            let mut at = Location::file(path);
            at.line = (line > 0).then_some(line as u64);
            Error::new(ErrorKind::Row(msg), at)
        };
        for (n, raw) in text.lines().enumerate() {
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut cells = line.split('\t');
            let (name, value) = (cells.next().unwrap_or(""), cells.next().unwrap_or(""));
            let value: f64 = value
                .trim()
                .parse()
                .map_err(|_| err(n + 1, format!("weight {name:?}: {value:?} is not a number")))?;
            if !w.set(name.trim(), value) {
                return Err(err(n + 1, format!("unknown weight {name:?}")));
            }
        }
        if let Some(name) = w.missing() {
            return Err(err(0, format!("weight {name:?} missing")));
        }
        Ok(w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_weights_parse_and_name_every_feature() {
        let w = Weights::parse(BUNDLED, "resolver.tsv").unwrap();
        assert!(w.temperature > 0.0 && w.distance_scale_km > 0.0);
        let f = Features {
            cue_fits: 1.0,
            ..Features::default()
        };
        assert_eq!(f.score(&w), w.cue_fits);
        assert_eq!(Features::NAMES.len(), f.values().len());
    }

    /// The score from its own terms is the score, to the bit, whatever the features.
    #[test]
    fn score_after_own_score_is_score() {
        let w = Weights::bundled();
        let mut x = 0x9E37_79B9_7F4A_7C15u64;
        for _ in 0..500 {
            let v: Vec<f64> = (0..Features::NAMES.len())
                .map(|_| {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    (x % 100_000) as f64 / 7.0 - 4000.0
                })
                .collect();
            let f = Features::from_values(&v);
            assert_eq!(f.values(), v);
            let split = f.score_after(f.own_score(w), w);
            assert_eq!(split.to_bits(), f.score(w).to_bits(), "{f:?}");
        }
    }

    #[test]
    fn bad_weights_name_the_line() {
        let e = Weights::parse("prominence\t1\nbogus\t2\n", "w.tsv").unwrap_err();
        assert!(e.to_string().contains("bogus"), "{e}");
        let e = Weights::parse("prominence\tx\n", "w.tsv").unwrap_err();
        assert!(e.to_string().contains("not a number"), "{e}");
        let e = Weights::parse("prominence\t1\n", "w.tsv").unwrap_err();
        assert!(e.to_string().contains("missing"), "{e}");
    }
}
