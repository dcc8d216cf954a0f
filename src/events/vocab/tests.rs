//! Tests of the matchers: gated look-ups agree with plain ones.

use super::*;
use crate::text::tokenize;

#[test]
fn phrases_and_stems_in_every_language() {
    let m = Matcher::load("events_triggers");
    let t = tokenize("Troops set fire to tents");
    let hits = m.find(&t);
    assert_eq!((hits[0].at, hits[0].len), (1, 2), "{hits:?}");
    for s in ["обстрілами", "обстрелом", "вибухи", "взрывов"] {
        let t = tokenize(s);
        assert!(m.at(&t, 0).is_some(), "{s}");
    }
    assert!(m.at(&tokenize("table"), 0).is_none());
}

/// The gated read back of [`Matcher::longest_stem`] agrees with reading every prefix
/// forward, on stems, their prefixes and inflected forms, and words of every language.
#[test]
fn longest_stem_agrees_with_reading_every_prefix() {
    let slow = |m: &Matcher, key: &str| {
        let mut longest = None;
        let ends = key.char_indices().map(|(i, c)| i + c.len_utf8());
        for end in ends.skip_while(|&end| end < m.stem_min) {
            match m.stem_prefixes.get(&key[..end]) {
                None => break,
                Some(Some(v)) => longest = Some(*v),
                Some(None) => {}
            }
        }
        longest
    };
    let text = "Внаслідок обстрілу загинули двоє людей, п'ятеро поранені. В результате \
                обстрела погибли трое мирных жителей, ранены 12 человек. Two people were \
                killed and 62 wounded in shelling of the town; вибухи, взрывов, прилёт.";
    for name in [
        "events_triggers",
        "casualty",
        "events_generic",
        "casualty_persons",
        "weapons",
        "events_acled",
        "casualty_ages",
        "weapons_cues",
    ] {
        let m = Matcher::load(name);
        let mut words: Vec<String> = tokenize(text).iter().map(|t| t.key.to_string()).collect();
        for (&k, _) in m.stem_prefixes.iter() {
            words.push(k.to_string());
            for end in ["ами", "ові", "ого", "ы", "ли", "x", "ю"] {
                words.push(format!("{k}{end}"));
            }
        }
        for w in &words {
            assert_eq!(m.longest_stem(w), slow(&m, w), "{name}: {w}");
            // The gates before it let every word with a stem through; asked again, the
            // memo answers the same.
            assert_eq!(m.stem(w), slow(&m, w), "{name}: {w}");
            assert_eq!(m.stem(w), slow(&m, w), "{name}: {w}");
        }
    }
}

/// A key found by its slot ([`Matcher::phrase_of`]) is the hash map's entry: every key
/// of a list (of one word or more), its prefixes and longer keys, and other words.
#[test]
fn slot_keys_agree_with_the_map() {
    for name in ["events_triggers", "casualty", "numbers", "weapons"] {
        let m = Matcher::load(name);
        let mut keys: Vec<String> = ["", "a", "ё", "обстрілу"].map(String::from).into();
        for k in m.phrases.keys() {
            let half: String = k.chars().take(k.chars().count() / 2).collect();
            keys.extend([k.to_string(), format!("{k}s"), half, format!("x {k}")]);
        }
        for k in &keys {
            let got = m.phrase_of(k, KeyGate::slot(k.as_bytes()));
            assert_eq!(got, m.phrases.get(k.as_str()), "{name}: {k}");
        }
    }
}

/// The gated [`Matcher::at`] and [`Matcher::word`] agree with plain look-ups of the
/// phrase table and the stems, on words of every script, short, long and empty.
#[test]
fn gates_agree_with_plain_look_ups() {
    let text = "Troops set fire to tents; обстрілу обстріляли п'ятеро людей, погибли трое.                     a I в и ё 1 22 killed wounded Killing прилёт «Шахед»                     надзвичайнодовгеслововякомунемаєсенсужодного x-y COVID-19 ";
    let toks = tokenize(text);
    for name in [
        "events_triggers",
        "casualty",
        "numbers",
        "weapons",
        "actors",
        "events_near",
    ] {
        let m = Matcher::load(name);
        for (i, t) in toks.iter().enumerate() {
            let key = t.key.as_str();
            let plain = match m.phrases.get(key) {
                Some((Some(v), _)) => Some(*v),
                _ => m.longest_stem(key),
            };
            assert_eq!(m.word(key), plain, "{name}: {key}");
            assert_eq!(m.token_word(t), plain, "{name}: {key}");
            // A token the byte gate rejects has no stem.
            assert!(
                m.may_have_stem(t) || m.longest_stem(key).is_none(),
                "{name}: {key}"
            );
            let hit = m.at(&toks, i);
            if m.phrases.get(key).is_none_or(|e| !e.1) {
                assert_eq!(hit.map(|h| h.value), plain, "{name}: {key}");
            }
            assert!(hit.is_none() || m.may_start(t), "{name}: {key}");
        }
        assert_eq!(m.word(""), None);
    }
}

/// [`Matcher::at`], with the gate on the words a phrase goes on with, agrees with joining
/// every run of words and looking it up, on every phrase of several lists, cut short,
/// run on and after other words.
#[test]
fn phrases_agree_with_joining_every_run_of_words() {
    fn slow<'m>(m: &'m Matcher, toks: &[Token], i: usize) -> Option<(usize, &'m str)> {
        let mut key = String::new();
        let mut best = None;
        for n in 1..=m.max_words.min(toks.len() - i) {
            if n > 1 {
                key.push(' ');
            }
            key.push_str(&toks[i + n - 1].key);
            if let Some((Some(v), _)) = m.phrases.get(key.as_str()) {
                best = Some((n, *v));
            }
        }
        best.filter(|&(n, _)| n > 1)
            .or_else(|| m.word(&toks[i].key).map(|v| (1, v)))
    }
    for name in [
        "events_triggers",
        "actors",
        "casualty",
        "weapons",
        "casualty_not_this_event",
        "events_sources",
        "numbers",
        "events_titles",
    ] {
        let m = Matcher::load(name);
        let mut texts: Vec<String> = Vec::new();
        for key in m.phrases.keys() {
            texts.push(format!("the {key} of x"));
            texts.push(format!("{key} {key}"));
            if let Some((head, _)) = key.rsplit_once(' ') {
                texts.push(format!("{head} xyz {key}"));
            }
        }
        for text in &texts {
            let toks = tokenize(text);
            for i in 0..toks.len() {
                let hit = m.at(&toks, i).map(|h| (h.len, h.value));
                assert_eq!(hit, slow(&m, &toks, i), "{name}: {text} at {i}");
            }
            // The scans (of a list with no stems, by the word gate alone) find what
            // asking at each word does.
            let (mut want, mut i) = (Vec::new(), 0);
            while i < toks.len() {
                match m.at(&toks, i) {
                    Some(h) => {
                        i += h.len;
                        want.push(h);
                    }
                    None => i += 1,
                }
            }
            assert_eq!(m.find(&toks).as_slice(), want, "{name}: {text}");
            assert_eq!(m.any(&toks), !want.is_empty(), "{name}: {text}");
        }
    }
}

/// The memo of stems starts again when full and answers as the word's prefixes do,
/// before and after.
#[test]
fn stem_memo_past_its_size() {
    let m = Matcher::load("events_triggers");
    let words: Vec<String> = (0..MEMO_WORDS + 100)
        .map(|i| format!("обстріл{i}"))
        .chain(["обстрілу", "вибухи", "стіл"].map(String::from))
        .collect();
    for _ in 0..2 {
        for w in &words {
            assert_eq!(m.stem(w), m.longest_stem(w), "{w}");
        }
    }
    assert!(m.stem("обстрілу").is_some());
}
