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
    let m = cyrillic(key);
    let c = latin(canonical);
    c.len() >= 2 && m.starts_with(&c) && m.len() <= c.len() + 1
}

fn cyrillic(s: &str) -> Vec<char> {
    s.chars()
        .filter_map(|ch| match ch {
            'ґ' | 'г' => Some('г'),
            'ё' => None,
            'б' | 'в' | 'д' | 'ж' | 'з' | 'к' | 'л' | 'м' | 'н' | 'п' | 'р' | 'с' | 'т' | 'ф'
            | 'х' | 'ц' | 'ч' | 'ш' | 'щ' => Some(ch),
            _ => None,
        })
        .collect()
}

fn latin(s: &str) -> Vec<char> {
    let low: Vec<char> = s.to_lowercase().chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < low.len() {
        // Compared as slices of chars, with no string built per position.
        let at = |d: &[char]| low[i..].starts_with(d);
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
            let one = match low[i] {
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
        out.extend(ch);
        i += n;
    }
    out
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
