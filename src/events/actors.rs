//! Actors (ACLED's `actor1`, `actor2`) from the short vocabulary in `actors.tsv`: words as
//! written ("Russian forces", "окупанти", "мирных жителей") with the actor name reported
//! ("Military Forces of Russia", "Civilians ({country})", the event's country filled in).
//!
//! `actor1` is the first actor named before the sentence's first trigger word or as it
//! ("Protesters rallied") — who acted; `actor2` the first other actor after it (who was acted on); either is `None` when the
//! sentence does not say.
//!
//! ```
//! use eventmap::events::actors::actors;
//! let (a1, a2) = actors("Russian forces shelled the town, killing two civilians.", "Ukraine");
//! assert_eq!(a1.as_deref(), Some("Military Forces of Russia"));
//! assert_eq!(a2.as_deref(), Some("Civilians (Ukraine)"));
//! ```

use std::sync::OnceLock;

use crate::text::{tokenize, Token};

use super::extract::trigger_words;
use super::vocab::Matcher;

fn list() -> &'static Matcher {
    static A: OnceLock<Matcher> = OnceLock::new();
    A.get_or_init(|| Matcher::load("actors"))
}

/// (actor1, actor2) of a sentence; `country` fills in `{country}`.
pub fn actors(sentence: &str, country: &str) -> (Option<String>, Option<String>) {
    let toks = tokenize(sentence);
    let first_trigger = trigger_words()
        .find(&toks)
        .first()
        .map_or(toks.len(), |h| h.at);
    actors_in(&toks, first_trigger, country)
}

/// [`actors`] over tokens, with the index of the first trigger token.
pub fn actors_in(
    toks: &[Token],
    first_trigger: usize,
    country: &str,
) -> (Option<String>, Option<String>) {
    let name = |v: &str| {
        if country.is_empty() {
            v.replace(" ({country})", "").replace(" of {country}", "")
        } else {
            fill_country(v, country)
        }
    };
    let hits = list().find(toks);
    let actor1 = hits
        .iter()
        .find(|h| h.at <= first_trigger)
        .map(|h| name(h.value));
    let actor2 = hits
        .iter()
        .filter(|h| h.at > first_trigger)
        .map(|h| name(h.value))
        .find(|a| Some(a) != actor1.as_ref());
    (actor1, actor2)
}

/// `v` with every "{country}" replaced by `country`, as `str::replace` does, without the set-up
/// of its pattern search (hundreds of instructions for a value of a few words, once per
/// actor of every report): the pattern's only brace is its first byte, so each brace of
/// `v` starts a match or none.
fn fill_country(v: &str, country: &str) -> String {
    const PATTERN: &str = "{country}";
    let mut out = String::with_capacity(v.len() + country.len());
    let mut rest = v;
    while let Some(i) = memchr::memchr(b'{', rest.as_bytes()) {
        let (head, tail) = rest.split_at(i);
        out.push_str(head);
        match tail.strip_prefix(PATTERN) {
            Some(after) => {
                out.push_str(country);
                rest = after;
            }
            None => {
                out.push('{');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Whether a sentence names a non-state armed group: any actor of the vocabulary that is not
/// a state's forces ("Military Forces of …", "Police Forces of …", "Government of …"),
/// civilians, protesters or rioters ("Wagner Group", "Rapid Support Forces", "Rebels").
pub fn names_armed_group(toks: &[Token]) -> bool {
    list().find(toks).iter().any(|h| is_armed_group(h.value))
}

fn is_armed_group(actor: &str) -> bool {
    const NOT: &[&str] = &[
        "Military Forces of",
        "Police Forces of",
        "Government of",
        "Civilians",
        "Protesters",
        "Rioters",
    ];
    !NOT.iter().any(|p| actor.starts_with(p))
}

/// Whether an actor is the state forces of a country ("Military Forces of Ukraine" for
/// "Ukraine"), or of another one (`Some(false)`), or no state's forces (`None`).
pub fn state_forces_of(actor: &str, country: &str) -> Option<bool> {
    ["Military Forces of ", "Police Forces of "]
        .iter()
        .find_map(|p| actor.strip_prefix(p))
        .map(|c| !country.is_empty() && c == country)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actors_in_three_languages() {
        for (s, country, want1, want2) in [
            (
                "Ukrainian forces recaptured Robotyne.",
                "Ukraine",
                Some("Military Forces of Ukraine"),
                None,
            ),
            (
                "Protesters rallied in Tbilisi against the law.",
                "Georgia",
                Some("Protesters (Georgia)"),
                None,
            ),
            (
                "Rockets slammed into a school in Sumy.",
                "Ukraine",
                None,
                None,
            ),
            (
                "Окупанти обстріляли Херсон, поранено трьох мирних жителів.",
                "Ukraine",
                Some("Military Forces of Russia"),
                Some("Civilians (Ukraine)"),
            ),
            (
                "ВСУ атаковали Белгород, пострадали мирные жители.",
                "Russia",
                Some("Military Forces of Ukraine"),
                Some("Civilians (Russia)"),
            ),
        ] {
            let (a1, a2) = actors(s, country);
            assert_eq!((a1.as_deref(), a2.as_deref()), (want1, want2), "{s}");
        }
    }

    /// The fill agrees with `str::replace` on values with no, one, several and broken
    /// patterns, braces alone and text not in ASCII.
    #[test]
    fn fill_is_replace() {
        for v in [
            "",
            "Wagner Group",
            "Civilians ({country})",
            "Police Forces of {country}",
            "{country}{country}",
            "{countr{country}}",
            "{",
            "}{",
            "a {count",
            "{{country}",
            "Мирні жителі ({country}) {country}ї",
        ] {
            for country in ["Ukraine", "", "{country}", "Україна"] {
                assert_eq!(
                    fill_country(v, country),
                    v.replace("{country}", country),
                    "{v} {country}"
                );
            }
        }
    }

    #[test]
    fn armed_groups_and_state_forces() {
        for (s, want) in [
            ("Wagner Group fighters took control of Soledar.", true),
            ("The Rapid Support Forces took control of Wad Madani.", true),
            ("Rebels seized most of Aleppo.", true),
            ("Ukrainian forces recaptured Robotyne.", false),
            ("Protesters rallied in Tbilisi.", false),
            (
                "Russian troops shelled Kherson, killing two civilians.",
                false,
            ),
        ] {
            assert_eq!(names_armed_group(&tokenize(s)), want, "{s}");
        }
        assert_eq!(
            state_forces_of("Military Forces of Ukraine", "Ukraine"),
            Some(true)
        );
        assert_eq!(
            state_forces_of("Military Forces of Russia", "Ukraine"),
            Some(false)
        );
        assert_eq!(state_forces_of("Wagner Group", "Ukraine"), None);
    }
}
