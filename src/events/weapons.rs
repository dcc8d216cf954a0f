//! Weapons named in a sentence: known systems from `weapons.tsv` / `weapons_stems.tsv`
//! (with the name eventmap reports), and model designators ("KN-23", "Kh-101") in a sentence
//! with a word of `weapons_cues.tsv` (missile, rocket, drone …).
//!
//! ```
//! use eventmap::events::weapons::weapons;
//! let w = weapons("Russia fired a KN-23 ballistic missile.");
//! assert_eq!(w.into_iter().collect::<Vec<_>>(), ["KN-23", "ballistic missile"]);
//! ```

use std::collections::BTreeSet;
use std::sync::OnceLock;

use crate::text::{tokenize, Token};

use super::vocab::Matcher;

fn lists() -> &'static (Matcher, Matcher) {
    static W: OnceLock<(Matcher, Matcher)> = OnceLock::new();
    W.get_or_init(|| (Matcher::load("weapons"), Matcher::load("weapons_cues")))
}

/// Weapons named in a sentence.
pub fn weapons(sentence: &str) -> BTreeSet<String> {
    weapons_in(sentence, &tokenize(sentence))
}

/// [`weapons`] over the sentence's tokens (offsets into `text`).
pub fn weapons_in(text: &str, toks: &[Token]) -> BTreeSet<String> {
    let (names, cues) = lists();
    let mut out: BTreeSet<String> = names
        .find(toks)
        .into_iter()
        .map(|h| h.value.to_string())
        .collect();
    // A designator is two tokens joined by a hyphen: without one, the cues need no look.
    let hyphen = toks.windows(2).any(|w| is_hyphen(text, &w[0], &w[1]));
    if hyphen && cues.any(toks) {
        let named = |i: usize| names.at(toks, i).is_some();
        out.extend(
            designators(text, toks)
                .filter(|&(i, _)| !named(i))
                .map(|(_, d)| d),
        );
    }
    out
}

/// Whether the text between two tokens is one hyphen: a byte compare, not a string cut at
/// two character boundaries (this is asked of every pair of an event sentence's tokens).
#[inline]
fn is_hyphen(text: &str, a: &Token, b: &Token) -> bool {
    // Both tests read (`&`, not `&&`): no branch on the gap's length, which varies.
    (b.start == a.end + 1) & (text.as_bytes().get(a.end) == Some(&b'-'))
}

/// Letters-hyphen-digits designators: 1–3 letters (the first a capital), a hyphen, 1–3 digits
/// and at most one more letter ("KN-23", "Kh-101", "Х-101"); a plural "s" is dropped.
fn designators<'a>(text: &'a str, toks: &'a [Token]) -> impl Iterator<Item = (usize, String)> + 'a {
    toks.windows(2).enumerate().filter_map(move |(i, w)| {
        let (a, b) = (&w[0], &w[1]);
        if !is_hyphen(text, a, b) {
            return None;
        }
        let letters = &text[a.start..a.end];
        let n = letters.chars().count();
        let letters_ok = (1..=3).contains(&n)
            && letters.chars().all(char::is_alphabetic)
            && letters.chars().next().is_some_and(char::is_uppercase);
        let tail = text[b.start..b.end].trim_end_matches('s');
        let digits: String = tail.chars().take_while(char::is_ascii_digit).collect();
        let rest = tail[digits.len()..].chars().count();
        (letters_ok && (1..=3).contains(&digits.len()) && rest <= 1)
            .then(|| (i, format!("{letters}-{tail}")))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weapon_names() {
        let w =
            weapons("It matches North Korea's KN-23 short-range ballistic missiles, not Iskander.");
        assert_eq!(
            w.into_iter().collect::<Vec<_>>(),
            ["Iskander", "KN-23", "ballistic missile"]
        );
        assert!(weapons("The COVID-19 wave hit.").is_empty());
        let w = weapons("Росіяни атакували місто шахедами та балістичними ракетами.");
        assert_eq!(
            w.into_iter().collect::<Vec<_>>(),
            ["Shahed", "ballistic missile"]
        );
        // A hyphen with spaces, a dash or two hyphens joins no designator.
        for s in [
            "KN -23 hit.",
            "KN–23 hit.",
            "KN--23 hit.",
            "KN- 23 hit.",
            "-23 KN-",
        ] {
            assert!(weapons(s).is_empty(), "{s}");
        }
        let w = weapons("Ракета Х-101 попала в дом.");
        assert_eq!(w.into_iter().collect::<Vec<_>>(), ["Kh-101"]);
    }
}
