//! Whether a Cyrillic mention is written as a place's own (canonical) name: the consonants of
//! the mention and of the entry's Latin name agree ("Слов'янську" and Slovyansk, "Киеве" and
//! Kyiv), unlike a former or foreign name the entry also lists (Nikopol, once "Слов'янськ").
//!
//! Both spellings are reduced to a skeleton of Cyrillic consonant classes: vowels, й, soft and
//! hard signs and apostrophes drop; Latin digraphs (kh, zh, ch, sh, shch, ts) are one consonant;
//! г, ґ, h and g are one class (Ukrainian г is romanised h, Russian г g). The mention's case
//! ending may add one consonant (Харковом).
//!
//! ```text
//! assert!(own_name_in_cyrillic("слов'янську", "Slovyansk"));
//! assert!(!own_name_in_cyrillic("слов'янську", "Nikopol"));
//! ```

/// Whether `key` (a folded mention, lower case) is Cyrillic and its consonants are those of
/// `canonical` (the entry's Latin name), up to one more consonant of a case ending.
pub(super) fn own_name_in_cyrillic(key: &str, canonical: &str) -> bool {
    if !key
        .chars()
        .any(|c| ('а'..='я').contains(&c) || "іїєґё".contains(c))
    {
        return false;
    }
    // Both skeletons are walked side by side with nothing collected: most candidates differ
    // in their first consonants (this is asked for every candidate of every Cyrillic name).
    let mut m = key.chars().filter_map(cyrillic);
    let mut n = 0;
    let prefix = if canonical.is_ascii() {
        let b = canonical.as_bytes();
        latin(
            b.len(),
            |i| char::from(b[i].to_ascii_lowercase()),
            |c| {
                n += 1;
                m.next() == Some(c)
            },
        )
    } else {
        let low: Vec<char> = canonical.to_lowercase().chars().collect();
        latin(
            low.len(),
            |i| low[i],
            |c| {
                n += 1;
                m.next() == Some(c)
            },
        )
    };
    prefix && n >= 2 && m.nth(1).is_none()
}

fn cyrillic(ch: char) -> Option<char> {
    match ch {
        'ґ' | 'г' => Some('г'),
        'ё' => None,
        'б' | 'в' | 'д' | 'ж' | 'з' | 'к' | 'л' | 'м' | 'н' | 'п' | 'р' | 'с' | 'т' | 'ф' | 'х'
        | 'ц' | 'ч' | 'ш' | 'щ' => Some(ch),
        _ => None,
    }
}

/// Gives `emit` the consonant classes of the lower-case Latin text of `len` characters
/// (`low(i)`: the i-th), in order; false as soon as `emit` says false.
fn latin(len: usize, low: impl Fn(usize) -> char, mut emit: impl FnMut(char) -> bool) -> bool {
    let mut i = 0;
    while i < len {
        let at =
            |d: &[char]| i + d.len() <= len && d.iter().enumerate().all(|(k, &c)| low(i + k) == c);
        let (ch, n) = if at(&['s', 'h', 'c', 'h']) {
            (Some('щ'), 4)
        } else if at(&['k', 'h']) {
            (Some('х'), 2)
        } else if at(&['z', 'h']) {
            (Some('ж'), 2)
        } else if at(&['c', 'h']) {
            (Some('ч'), 2)
        } else if at(&['s', 'h']) {
            (Some('ш'), 2)
        } else if at(&['t', 's']) || at(&['t', 'z']) {
            (Some('ц'), 2)
        } else {
            let one = match low(i) {
                'b' => Some('б'),
                'v' | 'w' => Some('в'),
                'g' | 'h' => Some('г'),
                'd' => Some('д'),
                'z' => Some('з'),
                'k' | 'c' | 'q' => Some('к'),
                'l' => Some('л'),
                'm' => Some('м'),
                'n' => Some('н'),
                'p' => Some('п'),
                'r' => Some('р'),
                's' => Some('с'),
                't' => Some('т'),
                'f' => Some('ф'),
                _ => None,
            };
            (one, 1)
        };
        if ch.is_some_and(|c| !emit(c)) {
            return false;
        }
        i += n;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::own_name_in_cyrillic as own;

    #[test]
    fn cyrillic_mentions_of_own_names() {
        // (mention key, canonical Latin name, expected)
        let cases = [
            ("слов'янську", "Slovyansk", true),
            ("слов'янську", "Nikopol", false),
            ("киеве", "Kyiv", true),
            ("києві", "Kyiv", true),
            ("харковом", "Kharkiv", true),
            ("харькове", "Kharkiv", true),
            ("нікополі", "Slovyansk", false),
            ("запоріжжі", "Zaporizhzhia", true),
            ("белгороде", "Belgorod", true),
            ("бахмуте", "Bakhmut", true),
            ("артемовске", "Bakhmut", false),
            ("одесі", "Odesa", true),
            ("kharkiv", "Kharkiv", false), // Latin mentions keep the exact-name rule
        ];
        for (key, canonical, want) in cases {
            assert_eq!(own(key, canonical), want, "{key} / {canonical}");
        }
    }
}
