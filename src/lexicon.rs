//! Vocabulary as data: one [`Lexicon`] per language, read from the embedded files
//! `data/lexicon/<lang>/<list>.tsv`.
//!
//! Every word list the stages use (given names, titles, stop words, calendar words, number
//! words, event triggers, casualty words, weapons, cue words …) is a file. A row is a term, and
//! optionally a tab and a value (a month number, an event type, a weapon's canonical name);
//! `#` starts a comment line; blank lines are skipped. Terms are stored under their folded key
//! ([`crate::text::name_key`]), so "Kharkiv's" and "KHARKIV" look up the same entry and
//! multi-word terms ("city of") are joined by single spaces. Look-ups are hash look-ups: in
//! the embedded lists, into tables `build.rs` wrote and the binary holds (`src/lexicon_table.rs`),
//! so start-up parses no list.
//!
//! Adding a language: a folder `data/lexicon/<code>/` and a variant in [`Lang`] (one line in
//! [`Lang::ALL`]). Adding a list: a file; the build script embeds every `.tsv` it finds.
//!
//! ```
//! use eventmap::lexicon::{Lang, Lexicon};
//! let en = Lexicon::get(Lang::En);
//! assert!(en.list("months").contains("january"));
//! assert_eq!(en.list("months").value("Jan"), Some("1"));
//! assert!(!en.list("months").contains("kharkiv"));
//! ```

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::OnceLock;

use crate::lexicon_table::{self as table, Table};
use crate::text::name_key_into;

/// The hash of the word lists and the stages' per-document maps: keys are our own words, not
/// an attacker's choice of collisions, so a fast fixed hash serves (SipHash cost a tenth of
/// all time), and a fixed seed keeps any iteration order the same from run to run.
pub(crate) type FastHash = foldhash::fast::FixedState;
/// A [`HashMap`] with [`FastHash`].
pub(crate) type FastMap<K, V> = HashMap<K, V, FastHash>;

include!(concat!(env!("OUT_DIR"), "/lexicon_files.rs"));

/// A row of `LEXICON_TABLES` (language or "*", list name, text start and end, slots start,
/// slot bits, gate start, entries, most words in a key; see `build.rs`).
type EmbeddedRow = (
    &'static str,
    &'static str,
    usize,
    usize,
    usize,
    u32,
    usize,
    usize,
    usize,
);

/// A language eventmap has a lexicon for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Lang {
    /// English.
    En,
    /// Ukrainian.
    Uk,
    /// Russian.
    Ru,
}

impl Lang {
    /// Every language, in a fixed order: (variant, ISO 639-1 code, folder name).
    pub const ALL: &'static [(Lang, &'static str)] =
        &[(Lang::En, "en"), (Lang::Uk, "uk"), (Lang::Ru, "ru")];

    /// The ISO 639-1 code ("en").
    pub fn code(self) -> &'static str {
        Lang::ALL
            .iter()
            .find(|(l, _)| *l == self)
            .map(|(_, c)| *c)
            .unwrap_or("en")
    }

    /// The language with this ISO 639-1 code.
    pub fn from_code(code: &str) -> Option<Lang> {
        Lang::ALL
            .iter()
            .find(|(_, c)| c.eq_ignore_ascii_case(code))
            .map(|(l, _)| *l)
    }
}

/// A cheap test before a hash look-up: one bit per (length, first two bytes, last byte) of
/// each key. Most words of a text are in no given list, and this tells most of them so from
/// a few bytes, where hashing the whole word and probing the table costs several times more.
/// No false negatives: a key that was inserted always passes.
#[derive(Clone, Debug, Default)]
pub(crate) struct KeyGate {
    /// 16,384 bits, or none before the first key; an embedded list's are read in place.
    bits: Cow<'static, [u8]>,
}

impl KeyGate {
    /// A key's bit (below 16,384).
    #[inline]
    pub(crate) fn slot(key: &[u8]) -> u16 {
        Self::slot_mapped(key, |b| b)
    }

    /// The slot of the key "`a` `b`", without building that key.
    pub(crate) fn pair_slot(a: &str, b: &str) -> u16 {
        let mut head = a.bytes().chain(*b" ").chain(b.bytes());
        let (first, second) = (head.next().unwrap_or(0), head.next().unwrap_or(0));
        let last = b.bytes().last().unwrap_or(b' ');
        table::gate_slot_of(first, second, last, a.len() + 1 + b.len())
    }

    /// The slot of `key` with its ASCII letters lower-cased, without building that key.
    pub(crate) fn slot_ascii_lowercase(key: &[u8]) -> u16 {
        Self::slot_mapped(key, |b| b.to_ascii_lowercase())
    }

    #[inline]
    fn slot_mapped(key: &[u8], f: impl Fn(u8) -> u8) -> u16 {
        table::gate_slot(key, f)
    }

    /// Records a key.
    pub(crate) fn insert(&mut self, key: impl AsRef<[u8]>) {
        if self.bits.is_empty() {
            self.bits = Cow::Owned(vec![0; table::GATE_BYTES]);
        }
        let s = usize::from(Self::slot(key.as_ref()));
        self.bits.to_mut()[s / 8] |= 1 << (s % 8);
    }

    /// False when the key was never inserted (true may still be a miss).
    #[inline]
    pub(crate) fn may_contain(&self, key: impl AsRef<[u8]>) -> bool {
        self.may_contain_slot(Self::slot(key.as_ref()))
    }

    /// [`KeyGate::may_contain`] of a key whose [`KeyGate::slot`] is known.
    #[inline]
    pub(crate) fn may_contain_slot(&self, slot: u16) -> bool {
        let s = usize::from(slot);
        self.bits
            .get(s / 8)
            .is_some_and(|w| w & (1 << (s % 8)) != 0)
    }
}

/// One word list: folded terms with an optional value each.
#[derive(Clone, Debug, Default)]
pub struct WordList {
    entries: Entries,
    gate: KeyGate,
    max_words: usize,
}

/// A list's terms: an embedded list's table read in place, or a map of a list parsed or
/// merged at run time.
#[derive(Clone, Debug)]
enum Entries {
    Map(FastMap<String, String>),
    Table(Table),
}

impl Default for Entries {
    fn default() -> Self {
        Entries::Map(FastMap::default())
    }
}

impl WordList {
    /// Parses a list file (see the module docs).
    pub fn parse(contents: &str) -> WordList {
        let (entries, max_words) = table::parse(contents);
        let mut list = WordList {
            max_words,
            ..WordList::default()
        };
        for (key, value) in entries {
            list.insert(key, || value);
        }
        list
    }

    /// An embedded list: `LEXICON_TABLES`' row (see `build.rs`).
    fn embedded(row: &EmbeddedRow) -> WordList {
        let &(_, _, start, end, slots, bits, gate, len, max_words) = row;
        let slots = &LEXICON_SLOTS[slots..slots + (8 << bits)];
        let entries = Table::new(&LEXICON_TEXT[start..end], slots, bits, len);
        let gate = KeyGate {
            bits: Cow::Borrowed(&LEXICON_GATES[gate..gate + table::GATE_BYTES]),
        };
        WordList {
            entries: Entries::Table(entries),
            gate,
            max_words,
        }
    }

    /// Adds a term under its key unless the key is there already (a list parsed or merged at
    /// run time only).
    fn insert(&mut self, key: String, value: impl FnOnce() -> String) {
        self.gate.insert(&key);
        if let Entries::Map(map) = &mut self.entries {
            map.entry(key).or_insert_with(value);
        } else {
            unreachable!("an embedded list is not added to");
        }
    }

    /// The gate is inlined into every caller and the probe is not: most look-ups are turned
    /// away by the gate, and a call that saves and restores registers cost more than the gate.
    #[inline(always)]
    fn get(&self, key: &str) -> Option<&str> {
        if !self.gate.may_contain(key) {
            return None;
        }
        self.probe(key)
    }

    /// The look-up behind the gate.
    #[inline(never)]
    fn probe(&self, key: &str) -> Option<&str> {
        match &self.entries {
            Entries::Table(t) => t.get(key),
            Entries::Map(m) => m.get(key).map(String::as_str),
        }
    }

    /// Whether the term is in the list (the argument is folded first unless it already is).
    pub fn contains(&self, term: &str) -> bool {
        self.value(term).is_some()
    }

    /// The value of a term ("" for a term without one).
    pub fn value(&self, term: &str) -> Option<&str> {
        // A word that is its own key ("харків", "kyiv"): one look-up, nothing folded.
        if crate::text::is_folded(term) {
            return self.get(term);
        }
        // ASCII letters and digits only: the key is the lower-cased term, one look-up.
        if term.len() <= 32 && term.bytes().all(|b| b.is_ascii_alphanumeric()) {
            let mut buf = [0u8; 32];
            let key = &mut buf[..term.len()];
            key.copy_from_slice(term.as_bytes());
            key.make_ascii_lowercase();
            let key = std::str::from_utf8(key).ok()?;
            return self.get(key);
        }
        if let Some(v) = self.get(term) {
            return Some(v);
        }
        thread_local!(static KEY: RefCell<String> = const { RefCell::new(String::new()) });
        KEY.with_borrow_mut(|key| {
            name_key_into(term, key);
            self.get(key.as_str())
        })
    }

    /// Whether an already folded key is in the list (no folding: the fast path for tokens).
    #[inline]
    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// Whether a token's key is in the list: the gate reads the slot the tokeniser computed
    /// (`Token::gate_slot`, the key's [`KeyGate::slot`]), so most tokens are turned away by
    /// one bit, without the key's bytes read.
    #[inline(always)]
    pub(crate) fn contains_token(&self, t: &crate::text::Token) -> bool {
        debug_assert_eq!(t.gate_slot, KeyGate::slot(t.key.as_bytes()));
        self.gate.may_contain_slot(t.gate_slot) && self.probe(&t.key).is_some()
    }

    /// False when the key "`a` `b`" (two folded words and a space) is not in the list, told
    /// by the gate before the key is built (most pairs asked are turned away so).
    pub(crate) fn may_contain_pair(&self, a: &str, b: &str) -> bool {
        self.gate.may_contain_slot(KeyGate::pair_slot(a, b))
    }

    /// The value of an already folded key.
    #[inline]
    pub fn value_key(&self, key: &str) -> Option<&str> {
        self.get(key)
    }

    /// Number of terms.
    pub fn len(&self) -> usize {
        match &self.entries {
            Entries::Table(t) => t.len(),
            Entries::Map(m) => m.len(),
        }
    }

    /// Whether the list is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The longest term, in words (for phrase matching over tokens).
    pub fn max_words(&self) -> usize {
        self.max_words
    }

    /// Every (folded term, value), in no fixed order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        let (table, map) = match &self.entries {
            Entries::Table(t) => (Some(t), None),
            Entries::Map(m) => (None, Some(m)),
        };
        let map = map.into_iter().flatten();
        let table = table.into_iter().flat_map(|t| t.iter());
        table.chain(map.map(|(k, v)| (k.as_str(), v.as_str())))
    }
}

/// All word lists of one language.
#[derive(Debug)]
pub struct Lexicon {
    lang: Lang,
    /// A list of one language is borrowed from that language's lexicon, not copied: most
    /// terms (surnames, first names) are in one language's lists only.
    lists: FastMap<&'static str, Cow<'static, WordList>>,
}

static EMPTY: OnceLock<WordList> = OnceLock::new();

impl Lexicon {
    /// The lexicon of a language, parsed once on first use.
    pub fn get(lang: Lang) -> &'static Lexicon {
        static CELLS: [OnceLock<Lexicon>; 3] = [OnceLock::new(), OnceLock::new(), OnceLock::new()];
        let i = Lang::ALL.iter().position(|(l, _)| *l == lang).unwrap_or(0);
        CELLS[i].get_or_init(|| Lexicon::load(lang))
    }

    /// Every language's lists merged: a list holds the terms of that list in all languages
    /// (the first language's value wins where a term is in two). Stages that need no language
    /// (a Cyrillic stop word can never match a Latin token) look words up here. The same as
    /// [`Lexicon::merged`] of [`Lang::ALL`], merged by `build.rs` (a test compares the two).
    pub fn all() -> &'static Lexicon {
        static ALL: OnceLock<Lexicon> = OnceLock::new();
        ALL.get_or_init(|| Lexicon::embedded(Lang::En, table::MERGED))
    }

    /// The lists of several languages merged (see [`Lexicon::all`]); `lang` is the first's.
    pub fn merged(langs: &[Lang]) -> Lexicon {
        let mut lists: FastMap<&'static str, Cow<'static, WordList>> = FastMap::default();
        for &lang in langs {
            for (&name, list) in &Lexicon::get(lang).lists {
                let list: &'static WordList = list;
                let in_langs = langs
                    .iter()
                    .filter(|&&l| Lexicon::get(l).lists.contains_key(name))
                    .count();
                if in_langs == 1 {
                    lists.insert(name, Cow::Borrowed(list));
                    continue;
                }
                let into = lists.entry(name).or_default().to_mut();
                if let Entries::Map(map) = &mut into.entries {
                    map.reserve(list.len());
                }
                for (k, v) in list.iter() {
                    into.insert(k.to_string(), || v.to_string());
                }
                into.max_words = into.max_words.max(list.max_words);
            }
        }
        Lexicon {
            lang: langs.first().copied().unwrap_or(Lang::En),
            lists,
        }
    }

    fn load(lang: Lang) -> Lexicon {
        Lexicon::embedded(lang, lang.code())
    }

    /// The embedded lists of `code` (a language's, or [`table::MERGED`]).
    fn embedded(lang: Lang, code: &str) -> Lexicon {
        let lists = LEXICON_TABLES
            .iter()
            .filter(|row| row.0 == code)
            .map(|row| (row.1, Cow::Owned(WordList::embedded(row))))
            .collect();
        Lexicon { lang, lists }
    }

    /// This lexicon's language.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// The list with this file name (without `.tsv`); an empty list when the language has no
    /// such file (the test `every_list_used_exists` guards the names code asks for).
    pub fn list(&self, name: &str) -> &WordList {
        self.lists
            .get(name)
            .map(|l| &**l)
            .unwrap_or_else(|| EMPTY.get_or_init(WordList::default))
    }

    /// Whether the language has this list.
    pub fn has_list(&self, name: &str) -> bool {
        self.lists.contains_key(name)
    }

    /// The names of this language's lists, sorted.
    pub fn list_names(&self) -> Vec<&'static str> {
        let mut names: Vec<_> = self.lists.keys().copied().collect();
        names.sort_unstable();
        names
    }
}

/// A text of casualty figures in three languages, with gaps of every kind, for the tests of
/// token look-ups here and in the casualty rules.
#[cfg(test)]
pub(crate) const CASUALTY_TEXT: &str = "Two children and a woman, ще двоє — і троє;  и ещё 5 \
    January «Олексій» загинули п'ятеро... among them Sept. 2 and 1,200 ЖІНКА та her";

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// A pair's slot is the joined key's, for empty, one-byte and non-ASCII words.
        #[test]
        fn pair_slot_is_the_joined_keys(a in "[aя' ]{0,4}", b in "[bї' ]{0,4}") {
            prop_assert_eq!(KeyGate::pair_slot(&a, &b), KeyGate::slot(format!("{a} {b}").as_bytes()));
        }
    }

    /// A token's list look-up answers as its key's: every token of texts with list words of
    /// every script, against the lists the recognizer and the casualty rules ask this way.
    #[test]
    fn contains_token_is_contains_key() {
        let text = format!(
            "In the Kharkiv Oblast, Mr. John Smith said Monday: CITY of Київ, село Ясне 2024. {}",
            super::CASUALTY_TEXT
        );
        let lex = Lexicon::all();
        let tokens = crate::text::tokenize(&text);
        let mut hits = 0;
        for name in [
            "stop_words",
            "titles",
            "given_names",
            "region_cues",
            "city_before_cues",
            "months",
            "weekdays",
            "of_words",
            "and_words",
            "casualty_modifiers",
            "casualty_more",
            "locatives",
        ] {
            let list = lex.list(name);
            for t in &tokens {
                assert_eq!(
                    list.contains_token(t),
                    list.contains_key(&t.key),
                    "{name} {}",
                    t.key
                );
                hits += usize::from(list.contains_token(t));
            }
        }
        assert!(hits >= 6, "{hits}");
    }

    #[test]
    fn key_gate_passes_every_key_and_stops_most_others() {
        let mut gate = KeyGate::default();
        assert!(!gate.may_contain("kharkiv"), "an empty gate passes nothing");
        let keys = ["january", "січня", "января", "set fire", "п'ятеро", "a", ""];
        keys.iter().for_each(|k| gate.insert(k));
        assert!(keys.iter().all(|k| gate.may_contain(k)));
        let others = [
            "the",
            "of",
            "said",
            "missile",
            "обстріл",
            "kharkiv",
            "jan",
            "januar",
        ];
        let passed = others.iter().filter(|k| gate.may_contain(k)).count();
        assert!(
            passed <= 1,
            "{passed} of {} words not in the list passed",
            others.len()
        );
    }

    #[test]
    fn parses_terms_values_and_comments() {
        let list = WordList::parse("# months\nJanuary\t1\n\nCity of\n");
        assert_eq!(list.len(), 2);
        assert_eq!(list.value("JANUARY"), Some("1"));
        assert!(list.contains("city of"));
        assert_eq!(list.max_words(), 2);
        assert!(!list.contains("february"));
    }

    #[test]
    fn every_language_folder_is_a_known_language() {
        for (code, name, _) in LEXICON_FILES {
            assert!(
                Lang::from_code(code).is_some(),
                "data/lexicon/{code}/{name}.tsv: unknown language"
            );
        }
    }

    #[test]
    fn every_list_used_exists() {
        // Every `list("name")` in the stages names an English file (a misspelt name would
        // silently be an empty list).
        let sources = [
            include_str!("recognize.rs"),
            include_str!("roles.rs"),
            include_str!("text.rs"),
            include_str!("events/dates.rs"),
        ];
        let en = Lexicon::get(Lang::En);
        let mut checked = 0;
        for src in sources {
            for piece in src.split("list(\"").skip(1) {
                let name = &piece[..piece.find('"').unwrap()];
                assert!(en.has_list(name), "data/lexicon/en/{name}.tsv is missing");
                checked += 1;
            }
        }
        assert!(checked >= 25, "found only {checked} list names");
    }

    /// The sorted (term, value) pairs of a list.
    fn pairs(list: &WordList) -> Vec<(&str, &str)> {
        let mut v: Vec<_> = list.iter().collect();
        v.sort_unstable();
        v
    }

    #[test]
    fn embedded_tables_agree_with_parsing_the_files() {
        let codes: Vec<&str> = Lang::ALL.iter().map(|(_, c)| *c).collect();
        assert_eq!(codes, table::MERGE_ORDER);
        let mut checked = 0;
        for &(code, name, contents) in LEXICON_FILES {
            let parsed = WordList::parse(contents);
            let embedded = Lexicon::get(Lang::from_code(code).unwrap()).list(name);
            assert_eq!(pairs(&parsed), pairs(embedded), "{code}/{name}");
            assert_eq!(parsed.len(), embedded.len(), "{code}/{name}");
            assert_eq!(parsed.max_words(), embedded.max_words(), "{code}/{name}");
            for (term, value) in parsed.iter() {
                assert_eq!(embedded.value_key(term), Some(value), "{code}/{name}");
                assert!(embedded.gate.may_contain(term), "{code}/{name}");
                checked += 1;
            }
            assert_eq!(embedded.value_key("no such term qq"), None);
        }
        assert!(checked > 10_000, "{checked}");
        let langs: Vec<Lang> = Lang::ALL.iter().map(|(l, _)| *l).collect();
        let merged = Lexicon::merged(&langs);
        let all = Lexicon::all();
        assert_eq!(merged.list_names(), all.list_names());
        for name in merged.list_names() {
            let (m, a) = (merged.list(name), all.list(name));
            assert_eq!(pairs(m), pairs(a), "{name}");
            assert_eq!(m.max_words(), a.max_words(), "{name}");
            assert!(m.iter().all(|(k, v)| a.value_key(k) == Some(v)), "{name}");
        }
    }

    #[test]
    fn merged_lists_hold_every_language() {
        let all = Lexicon::all();
        assert!(all.list("months").contains("january"));
        assert_eq!(all.list("months").value("Jan"), Some("1"));
    }

    #[test]
    fn english_lexicon_is_embedded() {
        let en = Lexicon::get(Lang::En);
        assert!(en.has_list("months"), "lists: {:?}", en.list_names());
        assert!(en.list("months").len() >= 12);
    }
}
