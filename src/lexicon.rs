//! Vocabulary as data: one [`Lexicon`] per language, read from the embedded files
//! `data/lexicon/<lang>/<list>.tsv`.
//!
//! Every word list the stages use (given names, titles, stop words, calendar words, number
//! words, event triggers, casualty words, weapons, cue words …) is a file. A row is a term, and
//! optionally a tab and a value (a month number, an event type, a weapon's canonical name);
//! `#` starts a comment line; blank lines are skipped. Terms are stored under their folded key
//! ([`crate::text::name_key`]), so "Kharkiv's" and "KHARKIV" look up the same entry and
//! multi-word terms ("city of") are joined by single spaces. Look-ups are hash-set look-ups.
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

use crate::text::{name_key, name_key_into};

/// The hash of the word lists and the stages' per-document maps: keys are our own words, not
/// an attacker's choice of collisions, so a fast fixed hash serves (SipHash cost a tenth of
/// all time), and a fixed seed keeps any iteration order the same from run to run.
pub(crate) type FastHash = foldhash::fast::FixedState;
/// A [`HashMap`] with [`FastHash`].
pub(crate) type FastMap<K, V> = HashMap<K, V, FastHash>;

include!(concat!(env!("OUT_DIR"), "/lexicon_files.rs"));

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
    bits: Vec<u64>,
}

impl KeyGate {
    const WORDS: usize = 256; // 16,384 bits

    /// A key's bit (below 16,384).
    pub(crate) fn slot(key: &[u8]) -> u16 {
        Self::slot_mapped(key, |b| b)
    }

    /// The slot of `key` with its ASCII letters lower-cased, without building that key.
    pub(crate) fn slot_ascii_lowercase(key: &[u8]) -> u16 {
        Self::slot_mapped(key, |b| b.to_ascii_lowercase())
    }

    #[inline]
    fn slot_mapped(key: &[u8], f: impl Fn(u8) -> u8) -> u16 {
        let n = key.len();
        let (a, b, z) = match n {
            0 => (0, 0, 0),
            _ => (f(key[0]), key.get(1).copied().map_or(0, &f), f(key[n - 1])),
        };
        let x = u32::from(a) | u32::from(b) << 8 | u32::from(z) << 16 | (n.min(255) as u32) << 24;
        (x.wrapping_mul(0x9E37_79B1) >> 18) as u16
    }

    /// Records a key.
    pub(crate) fn insert(&mut self, key: impl AsRef<[u8]>) {
        if self.bits.is_empty() {
            self.bits = vec![0; Self::WORDS];
        }
        let s = usize::from(Self::slot(key.as_ref()));
        self.bits[s / 64] |= 1 << (s % 64);
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
            .get(s / 64)
            .is_some_and(|w| w & (1 << (s % 64)) != 0)
    }
}

/// Whether a term is its own key ([`name_key`] would give it back): folded words joined by
/// single spaces. Most terms of the lists are written so, and folding them character by
/// character was most of the cost of reading the lists at start.
fn is_own_key(term: &str) -> bool {
    !term.is_empty()
        && term
            .split(' ')
            .all(|w| !w.is_empty() && crate::text::is_folded(w))
}

/// One word list: folded terms with an optional value each.
#[derive(Clone, Debug, Default)]
pub struct WordList {
    entries: FastMap<String, String>,
    gate: KeyGate,
    max_words: usize,
}

impl WordList {
    /// Parses a list file (see the module docs).
    pub fn parse(contents: &str) -> WordList {
        let mut list = WordList::default();
        list.entries
            .reserve(contents.bytes().filter(|&b| b == b'\n').count());
        for line in contents.lines() {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let (term, value) = line.split_once('\t').unwrap_or((line, ""));
            let key = if is_own_key(term) {
                term.to_string()
            } else {
                name_key(term)
            };
            if key.is_empty() {
                continue;
            }
            list.max_words = list.max_words.max(key.split(' ').count());
            list.insert(key, || value.trim().to_string());
        }
        list
    }

    /// Adds a term under its key unless the key is there already.
    fn insert(&mut self, key: String, value: impl FnOnce() -> String) {
        self.gate.insert(&key);
        self.entries.entry(key).or_insert_with(value);
    }

    fn get(&self, key: &str) -> Option<&str> {
        if !self.gate.may_contain(key) {
            return None;
        }
        self.entries.get(key).map(String::as_str)
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
    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// The value of an already folded key.
    pub fn value_key(&self, key: &str) -> Option<&str> {
        self.get(key)
    }

    /// Number of terms.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the list is empty.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The longest term, in words (for phrase matching over tokens).
    pub fn max_words(&self) -> usize {
        self.max_words
    }

    /// Every (folded term, value), in no fixed order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.entries.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }
}

/// All word lists of one language.
#[derive(Debug)]
pub struct Lexicon {
    lang: Lang,
    /// Each list is read (or merged) on first use: a run reads only the lists its stages ask
    /// for (English text never needs the Ukrainian and Russian event vocabularies).
    lists: FastMap<&'static str, LazyList>,
}

/// A list and where it comes from, read when first asked for.
#[derive(Debug)]
struct LazyList {
    source: Source,
    /// A list of one language is borrowed from that language's lexicon, not copied: most
    /// terms (surnames, first names) are in one language's lists only.
    list: OnceLock<Cow<'static, WordList>>,
}

#[derive(Debug)]
enum Source {
    /// An embedded file's contents.
    File(&'static str),
    /// The list of the same name in each of these languages (in this order), merged.
    Merged(Vec<Lang>),
}

impl LazyList {
    fn new(source: Source) -> LazyList {
        LazyList {
            source,
            list: OnceLock::new(),
        }
    }

    fn get(&self, name: &str) -> &WordList {
        self.list.get_or_init(|| match &self.source {
            Source::File(contents) => Cow::Owned(WordList::parse(contents)),
            Source::Merged(langs) => merge_list(name, langs),
        })
    }
}

/// The list `name` of several languages merged (the first language's value wins where a term
/// is in two); borrowed when only one of them has it.
fn merge_list(name: &str, langs: &[Lang]) -> Cow<'static, WordList> {
    let with: Vec<&'static Lexicon> = langs
        .iter()
        .map(|&l| Lexicon::get(l))
        .filter(|lex| lex.has_list(name))
        .collect();
    if let [only] = with[..] {
        return Cow::Borrowed(only.list(name));
    }
    let mut into = WordList::default();
    for lex in with {
        let list = lex.list(name);
        into.entries.reserve(list.len());
        for (k, v) in list.iter() {
            into.insert(k.to_string(), || v.to_string());
        }
        into.max_words = into.max_words.max(list.max_words);
    }
    Cow::Owned(into)
}

static EMPTY: OnceLock<WordList> = OnceLock::new();

impl Lexicon {
    /// The lexicon of a language, made once on first use (its lists are read when first
    /// asked for).
    pub fn get(lang: Lang) -> &'static Lexicon {
        static CELLS: [OnceLock<Lexicon>; 3] = [OnceLock::new(), OnceLock::new(), OnceLock::new()];
        let i = Lang::ALL.iter().position(|(l, _)| *l == lang).unwrap_or(0);
        CELLS[i].get_or_init(|| Lexicon::load(lang))
    }

    /// Every language's lists merged: a list holds the terms of that list in all languages
    /// (the first language's value wins where a term is in two). Stages that need no language
    /// (a Cyrillic stop word can never match a Latin token) look words up here.
    pub fn all() -> &'static Lexicon {
        static ALL: OnceLock<Lexicon> = OnceLock::new();
        ALL.get_or_init(|| {
            let langs: Vec<Lang> = Lang::ALL.iter().map(|(l, _)| *l).collect();
            Lexicon::merged(&langs)
        })
    }

    /// The lists of several languages merged (see [`Lexicon::all`]); `lang` is the first's.
    pub fn merged(langs: &[Lang]) -> Lexicon {
        let mut lists: FastMap<&'static str, LazyList> = FastMap::default();
        for &lang in langs {
            for &name in Lexicon::get(lang).lists.keys() {
                lists
                    .entry(name)
                    .or_insert_with(|| LazyList::new(Source::Merged(langs.to_vec())));
            }
        }
        Lexicon {
            lang: langs.first().copied().unwrap_or(Lang::En),
            lists,
        }
    }

    fn load(lang: Lang) -> Lexicon {
        let lists = LEXICON_FILES
            .iter()
            .filter(|(code, _, _)| *code == lang.code())
            .map(|(_, name, contents)| (*name, LazyList::new(Source::File(contents))))
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
            .map(|l| l.get(name))
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

#[cfg(test)]
mod tests {
    use super::*;

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
    fn a_term_taken_as_its_own_key_is_its_key() {
        let mut own = 0;
        for (_, _, contents) in LEXICON_FILES {
            for line in contents.lines().filter(|l| !l.starts_with('#')) {
                let term = line.split_once('\t').map_or(line, |(t, _)| t);
                if is_own_key(term) {
                    assert_eq!(name_key(term), term);
                    own += 1;
                }
            }
        }
        assert!(own > 1000, "only {own} terms are their own keys");
        for term in ["Kyiv", "city  of", " of", "of ", "п'ять", "u.s.", ""] {
            assert!(!is_own_key(term), "{term:?}");
        }
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
