//! Phrase and stem matching over tokens, for the event word lists of every language.
//!
//! A [`Matcher`] joins a list of phrases (`<list>.tsv`: whole words and multi-word terms,
//! "set fire", "п'ятеро") with a list of stems (`<list>_stems.tsv`: a Ukrainian or Russian
//! stem matches every word that starts with it, so "обстріл" covers "обстрілу",
//! "обстрілом", "обстріляли"). All languages' lists are merged: a sentence's words are in one
//! script or another and the lists of different languages do not share words.

use super::word_cache::WordCache;
use crate::lexicon::{FastMap, KeyGate, Lang, Lexicon};
use crate::text::Token;
use std::cell::RefCell;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The number of matchers loaded: each takes the next as its [`Matcher::id`].
static LOADED: AtomicUsize = AtomicUsize::new(0);

/// Most words in a memo of [`Matcher::stem`]: past it the memo starts again, so it stays
/// small however long the input.
const MEMO_WORDS: usize = 8192;

thread_local! {
    /// Per matcher (by id − 1), the longest stem of each word past the gates: the same
    /// words recur from sentence to sentence and are asked of again ("обстрілу", "людей"),
    /// and a look-up costs a fraction of reading the word's prefixes.
    static STEM_MEMO: RefCell<StemMemo> = const {
        RefCell::new(StemMemo {
            recent: WordCache::new(),
            maps: Vec::new(),
        })
    };
}

/// [`STEM_MEMO`]: the maps, and in front of them the stems asked of most recently, by
/// matcher id (most words asked of are a few, asked again and again).
struct StemMemo {
    recent: WordCache<Option<&'static str>>,
    maps: Vec<FastMap<Box<str>, Option<&'static str>>>,
}

/// A sentence's matches ([`Matcher::find`]): most sentences have a few or none, held
/// inline, not allocated (a list is scanned in every event sentence).
pub type Hits<'a> = smallvec::SmallVec<[Hit<'a>; 4]>;

/// A match: the first token, the number of tokens and the value of the term.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hit<'a> {
    /// Index of the first token.
    pub at: usize,
    /// Number of tokens.
    pub len: usize,
    /// The term's value (the text after its first tab).
    pub value: &'a str,
}

/// Phrases and stems of one list over all languages.
#[derive(Debug, Default)]
pub struct Matcher {
    /// Every phrase with its value, and every start (of whole words) of a longer phrase: one
    /// look-up per token tells both (value, whether a longer phrase may start here).
    /// Keys and values borrow the lexicon's (static) text: building a matcher allocates no
    /// string per term.
    phrases: FastMap<&'static str, (Option<&'static str>, bool)>,
    /// Per [`KeyGate`] slot, the one key of `phrases` with that slot (0: none, [`MANY`]:
    /// several, looked up by hash), as an index + 1 into `slot_keys`: a token's slot and
    /// one comparison of its key tell its entry, without hashing the key.
    slot_key: SlotKeys,
    /// The entries `slot_key` points at: each key with its value in `phrases`.
    slot_keys: Vec<(&'static str, (Option<&'static str>, bool))>,
    max_words: usize,
    /// Every prefix of every stem, with the stem's value where the prefix is a stem itself:
    /// a word's longest stem is found by reading it a character at a time until no stem
    /// continues, not by looking up each of its prefixes.
    stem_prefixes: FastMap<&'static str, Option<&'static str>>,
    /// Every key of `stem_prefixes`: a prefix of a word that fails it is no key, and neither
    /// is any longer one, told without hashing the prefix.
    prefix_gate: KeyGate,
    /// The [`KeyGate`] slot of every one-word key of `phrases`: most tokens are in no list,
    /// and the gate says so before the look-up (a matcher is asked about every token of
    /// every sentence).
    word_bits: SlotBits,
    /// The [`KeyGate`] slot of every word after the first of a phrase (and of its runs of
    /// words, as keys joined from tokens end): a phrase goes on through a token only when its
    /// slot is here, told before the words are joined and looked up (most first words of a
    /// phrase also stand alone: "set", "opened", "russian").
    next_bits: SlotBits,
    /// The first bytes of every stem (as many as the shortest stem's, at most 8): a word
    /// whose first bytes no stem starts with has no stem.
    stem_gate: HeadGate,
    /// The shortest stem's length in bytes: shorter prefixes of a word are not looked up
    /// (every stem's prefixes are keys, so the first prefix of this length tells whether
    /// any stem can follow).
    stem_min: usize,
    /// `stem_min`, or `usize::MAX` when the list has no stems: one length test tells both.
    stem_floor: usize,
    /// `stem_floor` from 1 to 255: the least [`Token::wide_len`] of a token with a stem.
    wide_floor: usize,
    /// Whether a token's [`Token::head`] is its bit in `stem_gate`
    /// ([`Matcher::token_head_passes`]).
    heads_in_tokens: bool,
    /// Whether some stem starts with an ASCII byte: when none does (Cyrillic stems), a word
    /// starting with one has no stem, told by its first byte.
    ascii_stems: bool,
    /// The matcher's memo of stems ([`STEM_MEMO`]): 1 for the first loaded; 0 (none) for
    /// the empty default.
    id: usize,
}

/// A slot of [`Matcher::slot_key`] shared by several keys of a list.
const MANY: u16 = u16::MAX;
/// [`Matcher::slot_key`]: one entry per slot below 16,384, of fixed size (no bounds test).
#[derive(Debug)]
struct SlotKeys(Box<[u16; 16384]>);

impl Default for SlotKeys {
    fn default() -> SlotKeys {
        SlotKeys(Box::new([0; 16384]))
    }
}

/// One bit per slot below 16,384, as a [`KeyGate`] holds them, in a table of fixed size:
/// read without a bounds test or the indirection of the gate's storage.
#[derive(Debug)]
struct SlotBits(Box<[u64; 256]>);

impl Default for SlotBits {
    fn default() -> SlotBits {
        SlotBits(Box::new([0; 256]))
    }
}

impl SlotBits {
    fn insert(&mut self, slot: u16) {
        let s = usize::from(slot);
        self.0[(s >> 6) & 255] |= 1 << (s & 63);
    }

    /// Whether a slot was inserted.
    #[inline(always)]
    fn has(&self, slot: u16) -> bool {
        let s = usize::from(slot);
        (self.0[(s >> 6) & 255] >> (s & 63)) & 1 != 0
    }
}

/// The first `n` bytes (at most 8) of every stem, hashed into 8,192 bits: a word whose
/// first bytes start no stem has none. Eight bytes (four Cyrillic letters, every stem's
/// least) tell far more words apart than the two letters a [`KeyGate`] slot reads, and one
/// multiply hashes them.
#[derive(Debug, Default)]
struct HeadGate {
    n: usize,
    bits: SlotBits,
}

impl HeadGate {
    const BITS: u32 = 13;

    fn new(n: usize, stems: &[&[u8]]) -> HeadGate {
        let mut gate = HeadGate {
            n,
            bits: SlotBits::default(),
        };
        for stem in stems {
            let b = gate.bit(stem);
            gate.bits.0[b / 64] |= 1 << (b % 64);
        }
        gate
    }

    /// The bit of a key of at least `n` bytes.
    #[inline(always)]
    fn bit(&self, key: &[u8]) -> usize {
        // Eight bytes: the hash the tokenizer keeps in a token ([`Token::head`]).
        if self.n == 8 && key.len() >= 8 {
            return usize::from(Token::head_of(key));
        }
        let mut b = [0u8; 8];
        b[..self.n].copy_from_slice(&key[..self.n]);
        (u64::from_le_bytes(b).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - Self::BITS)) as usize
    }

    /// Whether some stem may start `key` (of at least `n` bytes).
    #[inline(always)]
    fn may_start(&self, key: &[u8]) -> bool {
        // The bit is below 2^13, a slot of the table.
        self.bits.has(self.bit(key) as u16)
    }
}

impl Matcher {
    /// The list `name` (phrases) and `name_stems` (stems) of every language.
    pub fn load(name: &str) -> Matcher {
        Matcher::load_lists(&[name])
    }

    /// Several lists as one (a term of an earlier list wins).
    pub fn load_lists(names: &[&str]) -> Matcher {
        let mut m = Matcher::default();
        for name in names {
            m.add(name);
        }
        for key in m.phrases.keys().filter(|k| !k.contains(' ')) {
            m.word_bits.insert(KeyGate::slot(key.as_bytes()));
        }
        m.index_slots();
        let stems: Vec<&[u8]> = m
            .stem_prefixes
            .iter()
            .filter(|(_, v)| v.is_some())
            .map(|(k, _)| k.as_bytes())
            .collect();
        let shortest = stems.iter().map(|k| k.len()).min().unwrap_or(0);
        m.ascii_stems = stems.iter().any(|k| k.first().is_some_and(u8::is_ascii));
        for key in m.stem_prefixes.keys() {
            m.prefix_gate.insert(key);
        }
        m.stem_gate = HeadGate::new(shortest.min(8), &stems);
        m.stem_min = shortest;
        m.stem_floor = if stems.is_empty() {
            usize::MAX
        } else {
            shortest
        };
        // At most 255, as `wide_len` is: a longer stem is left to `stem`'s test of length.
        m.wide_floor = m.stem_floor.clamp(1, 255);
        m.heads_in_tokens = m.stem_gate.n == 8 && !m.ascii_stems && m.wide_floor >= 8;
        m.id = LOADED.fetch_add(1, Ordering::Relaxed) + 1;
        m
    }

    /// [`Matcher::slot_key`] and [`Matcher::slot_keys`] of every key of `phrases` (of any
    /// number of words: a key is found by its slot only when no other key shares it).
    fn index_slots(&mut self) {
        // A slot of one key holds that key, of several none, in whatever order they come.
        for (&key, &entry) in &self.phrases {
            let s = usize::from(KeyGate::slot(key.as_bytes())) & 16383;
            let at = &mut self.slot_key.0[s];
            if *at != 0 || self.slot_keys.len() + 1 >= usize::from(MANY) {
                *at = MANY;
            } else {
                self.slot_keys.push((key, entry));
                *at = self.slot_keys.len() as u16;
            }
        }
    }

    /// The entry of `key` in `phrases`, `slot` its [`KeyGate::slot`].
    #[inline(always)]
    fn phrase_of(&self, key: &str, slot: u16) -> Option<&(Option<&'static str>, bool)> {
        match self.slot_key.0[usize::from(slot) & 16383] {
            0 => None,
            MANY => self.phrase_past_gate(key),
            k => {
                let (at, entry) = &self.slot_keys[usize::from(k) - 1];
                (*at == key).then_some(entry)
            }
        }
    }

    #[inline(always)]
    fn phrase(&self, key: &str) -> Option<&(Option<&'static str>, bool)> {
        let slot = KeyGate::slot(key.as_bytes());
        if !self.word_bits.has(slot) {
            return None;
        }
        self.phrase_of(key, slot)
    }

    #[inline(never)]
    fn phrase_past_gate(&self, key: &str) -> Option<&(Option<&'static str>, bool)> {
        self.phrases.get(key)
    }

    fn add(&mut self, name: &str) {
        let m = self;
        let stems_name = format!("{name}_stems");
        for &(lang, _) in Lang::ALL {
            let lex = Lexicon::get(lang);
            let (phrases, stems) = (lex.list(name), lex.list(&stems_name));
            // Sized once: grown a term at a time, the maps were rehashed many times over.
            m.phrases.reserve(phrases.len());
            m.stem_prefixes.reserve(stems.len() * 4);
            for (term, value) in phrases.iter() {
                // A space is one byte: its byte offsets are the words' boundaries.
                let bytes = term.as_bytes();
                let spaces = || (0..bytes.len()).filter(|&i| bytes[i] == b' ');
                m.max_words = m.max_words.max(spaces().count() + 1);
                // Every first word and every longer start of a phrase says a longer phrase
                // may follow: a match stops reading words where none can.
                for space in spaces() {
                    m.phrases.entry(&term[..space]).or_default().1 = true;
                    // A key joined up to a token ends with the token's key after a space:
                    // the words from each space to each later one or the end.
                    let rest = &bytes[space + 1..];
                    for end in (0..rest.len()).filter(|&i| rest[i] == b' ') {
                        m.next_bits.insert(KeyGate::slot(&rest[..end]));
                    }
                    m.next_bits.insert(KeyGate::slot(rest));
                }
                m.phrases.entry(term).or_default().0.get_or_insert(value);
            }
            for (stem, value) in stems.iter() {
                for (i, _) in stem.char_indices().skip(1) {
                    m.stem_prefixes.entry(&stem[..i]).or_default();
                }
                m.stem_prefixes
                    .entry(stem)
                    .or_default()
                    .get_or_insert(value);
            }
        }
    }

    /// Every value of the list's terms (phrases and stems), some more than once.
    pub(crate) fn values(&self) -> impl Iterator<Item = &str> {
        let phrases = self.phrases.values().filter_map(|(v, _)| *v);
        phrases.chain(self.stem_prefixes.values().filter_map(|v| *v))
    }

    /// The value of one folded word, as a phrase or by its longest stem. Inline: most words
    /// asked about are in no list, and the gates tell so in fewer instructions than a call.
    #[inline]
    pub fn word(&self, key: &str) -> Option<&str> {
        match self.phrase(key) {
            Some((Some(v), _)) => Some(v),
            _ => self.stem(key),
        }
    }

    /// [`Matcher::word`] of a token's key, its gate slot read from the token (the slot of
    /// its key, computed once by the tokenizer) rather than from the key again. Inline at
    /// each caller, as [`Matcher::word`] is: one shared copy of its gate tests predicted worse.
    #[inline(always)]
    pub fn token_word(&self, tok: &Token) -> Option<&str> {
        if self.word_bits.has(tok.gate_slot) {
            if let Some((Some(v), _)) = self.phrase_of(&tok.key, tok.gate_slot) {
                return Some(v);
            }
        }
        if !self.may_have_stem(tok) {
            return None;
        }
        self.stem(&tok.key)
    }

    /// Whether a token may have a stem of the list, told before [`Matcher::stem`]: with no
    /// stem starting with an ASCII byte, a token has one only when its key starts with
    /// another byte and is no shorter than the shortest stem ([`Token::wide_len`]), told
    /// without reading the key. A false answer is sure; a true one is [`Matcher::stem`]'s
    /// to check.
    #[inline(always)]
    fn may_have_stem(&self, tok: &Token) -> bool {
        self.ascii_stems || usize::from(tok.wide_len) >= self.wide_floor
    }

    /// Whether a term may start at token `tok`: its gate slot may hold a phrase's first word,
    /// or the word passes the stem gates of [`Matcher::stem`]. Tested inline before
    /// [`Matcher::at`] in the scans of whole sentences, where most tokens start no term and
    /// the call cost more than the test.
    #[inline(always)]
    fn may_start(&self, tok: &Token) -> bool {
        self.word_bits.has(tok.gate_slot)
            || (self.may_have_stem(tok) && self.token_head_passes(tok))
    }

    /// [`Matcher::may_start`]'s stem gates of a token that passed
    /// [`Matcher::may_have_stem`]: with stems of eight bytes or more and none starting with
    /// an ASCII byte, such a token's key has eight bytes (as many as the shortest stem), and
    /// its [`Token::head`] is the gate's bit of them; else the key is read.
    #[inline(always)]
    fn token_head_passes(&self, tok: &Token) -> bool {
        if self.heads_in_tokens {
            return self.stem_gate.bits.has(tok.head);
        }
        let key = tok.key.as_bytes();
        key.len() >= self.stem_floor
            && (self.ascii_stems || !key.first().is_some_and(u8::is_ascii))
            && self.stem_gate.may_start(key)
    }

    /// The value of a word's longest stem. The tests that a word has none are read here,
    /// where the matcher is asked about each token; the look-ups behind them are not.
    #[inline(always)]
    fn stem(&self, key: &str) -> Option<&str> {
        // The first byte, then the gate, before the ASCII test: they read a byte or a few,
        // the test the whole word.
        let first_ascii = key.as_bytes().first().is_some_and(u8::is_ascii);
        if key.len() < self.stem_floor
            || (first_ascii && !self.ascii_stems)
            || !self.stem_gate.may_start(key.as_bytes())
        {
            return None;
        }
        self.memo_stem(key)
    }

    /// [`Matcher::longest_stem`], remembered per thread ([`STEM_MEMO`]).
    #[inline(never)]
    fn memo_stem(&self, key: &str) -> Option<&'static str> {
        if self.id == 0 {
            return self.longest_stem(key);
        }
        STEM_MEMO.with_borrow_mut(|StemMemo { recent, maps }| {
            let tag = self.id as u16;
            if let Some(stem) = recent.get(tag, key.as_bytes()) {
                return stem;
            }
            if maps.len() < self.id {
                maps.resize_with(self.id, FastMap::default);
            }
            let memo = &mut maps[self.id - 1];
            let stem = match memo.get(key) {
                Some(&stem) => stem,
                None => {
                    if memo.len() >= MEMO_WORDS {
                        memo.clear();
                    }
                    let stem = self.longest_stem(key);
                    memo.insert(key.into(), stem);
                    stem
                }
            };
            recent.put(tag, key.as_bytes(), stem);
            stem
        })
    }

    /// [`Matcher::stem`] past its gates.
    fn longest_stem(&self, key: &str) -> Option<&'static str> {
        if key.is_ascii() {
            return None;
        }
        // Every prefix of a stem is a key, so the keys among the word's prefixes are the
        // shorter ones up to some length: the first prefix the gate rejects bounds them. The
        // longest stem is then found reading back from there, most often by one look-up
        // (a read forward hashed every prefix up to the first that was no key).
        // Prefixes shorter than any stem are not read; prefixes end at character boundaries,
        // told by their next byte (no continuation byte), without decoding characters.
        let bytes = key.as_bytes();
        let ends = (self.stem_min.max(1)..=bytes.len()).filter(|&e| key.is_char_boundary(e));
        let mut last = 0;
        for end in ends {
            if !self.prefix_gate.may_contain(&bytes[..end]) {
                break;
            }
            last = end;
        }
        (self.stem_min.max(1)..=last)
            .rev()
            .filter(|&e| key.is_char_boundary(e))
            .find_map(|end| self.stem_prefixes.get(&key[..end]).copied().flatten())
    }

    /// The term starting at token `i`, longest first. Inline: most tokens asked about start
    /// no term, and [`Matcher::may_start`] tells so in fewer instructions than a call (at
    /// each caller: left to the compiler, it was a call of its own).
    #[inline(always)]
    pub fn at<'a>(&'a self, toks: &[Token], i: usize) -> Option<Hit<'a>> {
        if !self.may_start(toks.get(i)?) {
            return None;
        }
        self.at_past_gate(toks, i)
    }

    /// [`Matcher::at`] of a token that passed [`Matcher::may_start`].
    #[inline(never)]
    fn at_past_gate<'a>(&'a self, toks: &[Token], i: usize) -> Option<Hit<'a>> {
        let tok = toks.get(i)?;
        let first = &tok.key;
        let entry = if self.word_bits.has(tok.gate_slot) {
            self.phrase_of(first, tok.gate_slot)
        } else {
            None
        };
        if self.max_words > 1 && entry.is_some_and(|e| e.1) {
            let mut key = first.clone();
            let mut found = None;
            for n in 2..=self.max_words.min(toks.len() - i) {
                if !self.next_bits.has(toks[i + n - 1].gate_slot) {
                    break;
                }
                key.push(' ');
                key.push_str(&toks[i + n - 1].key);
                let slot = KeyGate::slot(key.as_bytes());
                let Some((value, longer)) = self.phrase_of(&key, slot) else {
                    break;
                };
                if let Some(v) = value {
                    found = Some(Hit {
                        at: i,
                        len: n,
                        value: v,
                    });
                }
                if !longer {
                    break;
                }
            }
            if found.is_some() {
                return found;
            }
        }
        let value = match entry {
            Some((Some(v), _)) => Some(*v),
            _ => self.stem(first),
        };
        value.map(|value| Hit {
            at: i,
            len: 1,
            value,
        })
    }

    /// Every match in the tokens, left to right, longest first, not overlapping.
    pub fn find<'a>(&'a self, toks: &[Token]) -> Hits<'a> {
        // A list with no stems: a term starts only at a word of its gate, told from the
        // token's slot without reading its key (as `may_start` does for the stem gates).
        if self.stem_floor == usize::MAX {
            self.find_from(toks, |m, t| m.word_bits.has(t.gate_slot))
        } else {
            self.find_from(toks, Matcher::may_start)
        }
    }

    /// [`Matcher::find`] with `may_start` for [`Matcher::may_start`].
    #[inline(always)]
    fn find_from<'a>(
        &'a self,
        toks: &[Token],
        may_start: impl Fn(&Matcher, &Token) -> bool,
    ) -> Hits<'a> {
        let mut out = Hits::new();
        let mut i = 0;
        while let Some(k) = toks
            .get(i..)
            .and_then(|rest| rest.iter().position(|t| may_start(self, t)))
        {
            i += k;
            match self.at_past_gate(toks, i) {
                Some(h) => {
                    i += h.len;
                    out.push(h);
                }
                None => i += 1,
            }
        }
        out
    }

    /// Whether any token matches.
    pub fn any(&self, toks: &[Token]) -> bool {
        let past = |i: usize| self.at_past_gate(toks, i).is_some();
        if self.stem_floor == usize::MAX {
            (0..toks.len()).any(|i| self.word_bits.has(toks[i].gate_slot) && past(i))
        } else {
            (0..toks.len()).any(|i| self.may_start(&toks[i]) && past(i))
        }
    }
}

#[cfg(test)]
mod tests;
