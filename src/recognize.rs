//! Recognising place mentions: a dictionary match over the gazetteer's names, then filters.
//!
//! Matching works on tokens (see [`crate::text::tokenize`]): at each capitalised token the
//! recogniser tries the longest run of up to [`Gazetteer::max_name_tokens`] tokens whose
//! folded form is an indexed name, so "New York City" wins over "York" (leftmost-longest,
//! as with aho-corasick's `MatchKind::LeftmostLongest`, but looked up in the gazetteer's hash
//! index: building an automaton over 1.5 million names would cost seconds at every start).
//! Tokens join into one name only across a single space, hyphen, apostrophe or abbreviation
//! period, never across a comma or sentence end.
//!
//! A match is then filtered. It is kept only if it is written as a proper noun and is not:
//! part of a person's name ("Antony Blinken", "Alex Richardson"), an outlet or organisation
//! ("The Washington Post", "Kyiv Independent"), inside a URL or e-mail address, a one- or
//! two-letter word that is not an upper-case abbreviation ("X", "ua"), a month or weekday, or a
//! common English word that is also a small place ("Police", "Bar", "March") without evidence.
//! The rules in `recognize/filters.rs` add organisations, armed groups and parties ("Wagner", "Hamas"),
//! holidays ("Independence Day"), generic phrases ("The city"), and frequent surnames and given
//! names that are only small places ("Nelson said"), which need evidence: a locative, a cue,
//! "X, State", "X is a town …", or the same name as a place elsewhere in the document.
//! A demonym ("Russian forces") is a mention of its country, as the gold standards annotate
//! it.
//!
//! ```
//! use eventmap::{Document, Gazetteer, Recognizer};
//! let gaz = Gazetteer::bundled();
//! let rec = Recognizer::new(&gaz);
//! let doc = Document::new("d", "Secretary Antony Blinken said Kharkiv and Odesa oblasts were hit.");
//! let mentions = rec.recognize(&doc);
//! let found: Vec<&str> = mentions.iter().map(|m| m.text.as_str()).collect();
//! assert_eq!(found, ["Kharkiv", "Odesa"]);
//! ```

mod cues;
mod filters;
mod form;
mod memo;
mod spans;

use std::collections::HashSet;
use std::sync::OnceLock;

use crate::gazetteer::{Gazetteer, Kind, NameCursor, Place, PlaceId};
use crate::lexicon::{FastHash, Lang, Lexicon, WordList};
use crate::text::{is_alphabetic, is_calendar_word, is_uppercase, Analysed, Case, Token};
use cues::cue_of;
pub use filters::{demonym_countries, demonym_country};
use filters::{described_as_place, is_generic_tail};
use memo::{StepMemo, STEP_MEMO};
use spans::{in_url, joins, quoted_name, starts_line};

/// The kind of place the text itself asks for ("X Oblast", "the city of X").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Cue {
    /// "X Oblast", "X region", "X province", "the region of X".
    Region,
    /// "X district", "X raion", "X County".
    District,
    /// "the city of X", "X city".
    City,
}

/// A mention's candidates: inline up to four, as most names have.
pub type Candidates = smallvec::SmallVec<[PlaceId; 4]>;

/// One recognised place mention.
#[derive(Clone, Debug, PartialEq)]
pub struct Mention {
    /// Byte offset of the mention in the document text.
    pub start: usize,
    /// Byte offset one past the end.
    pub end: usize,
    /// The mention as written (held inline up to 24 bytes, as most names are: no
    /// allocation per mention).
    pub text: compact_str::CompactString,
    /// Its folded lookup key (inline up to 24 bytes).
    pub key: compact_str::CompactString,
    /// Gazetteer entries with that name (held inline up to four: no allocation per mention
    /// for most names).
    pub candidates: Candidates,
    /// The kind the context asks for.
    pub cue: Option<Cue>,
    /// Index of the sentence (see [`crate::text::sentences`]) the mention is in.
    pub sentence: usize,
}

/// Finds place mentions in documents.
pub struct Recognizer<'g> {
    gaz: &'g Gazetteer,
}

static COMMON_WORDS: &str = include_str!("../data/common_words.txt");
// The hash table over COMMON_WORDS that build.rs makes (see `crate::common_words`).
include!(concat!(env!("OUT_DIR"), "/common_words.rs"));
static DEMONYMS: &str = include_str!("../data/demonyms.tsv");

/// Whether a folded word is a common lower-case English word.
pub fn is_common_word(key: &str) -> bool {
    // The list is ASCII: Ukrainian and Russian text never needs it made.
    key.is_ascii() && crate::common_words::contains(COMMON_WORDS, COMMON_BITS, COMMON_TABLE, key)
}

/// The recogniser's word lists (`data/lexicon/<lang>/<name>.tsv`, all languages merged: a
/// Cyrillic list can never match a Latin token, so English text sees English lists only).
struct Words {
    /// Words after a place name that make it an organisation's ("Washington Post").
    org_heads: &'static WordList,
    /// Given names: a capitalised word after one is a surname.
    given_names: &'static WordList,
    /// Titles and honorifics ("Mr", "President").
    titles: &'static WordList,
    /// Capitalised words that are never places on their own.
    stop: &'static WordList,
    region_cues: &'static WordList,
    district_cues: &'static WordList,
    city_cues: &'static WordList,
    city_of_cues: &'static WordList,
    /// Words right before a name that ask for a settlement ("м. Харків", "село").
    city_before_cues: &'static WordList,
    /// Prepositions that make a following capitalised common word likely a place.
    locatives: &'static WordList,
    /// Nouns after which a place name names a weapon ("Iskander missiles").
    weapon_heads: &'static WordList,
    conjunctions: &'static WordList,
    of_words: &'static WordList,
    /// Frequent surnames: alone and only a small place, a person without evidence.
    surnames: &'static WordList,
    /// Frequent given names (census): before a capitalised word they start a person's name;
    /// alone and only a small place, a person without evidence.
    first_names: &'static WordList,
    /// Organisations, armed groups, parties and brands named like places ("Hamas", "Wagner",
    /// "United Russia"), one or two words.
    organisations: &'static WordList,
    /// Words after a name (or its possessive) that make it a holiday ("Independence Day").
    holiday_heads: &'static WordList,
    /// Nouns that describe a place ("X is a town in …").
    place_nouns: &'static WordList,
    /// Capitalised words after a demonym that make it part of a name ("Indian Ocean").
    demonym_heads: &'static WordList,
    /// Month and weekday names: every calendar word ([`is_calendar_word`]) is one.
    months: &'static WordList,
    weekdays: &'static WordList,
}

fn words() -> &'static Words {
    static W: OnceLock<Words> = OnceLock::new();
    W.get_or_init(|| {
        let lex = Lexicon::all();
        Words {
            org_heads: lex.list("org_heads"),
            given_names: lex.list("given_names"),
            titles: lex.list("titles"),
            stop: lex.list("stop_words"),
            region_cues: lex.list("region_cues"),
            district_cues: lex.list("district_cues"),
            city_cues: lex.list("city_cues"),
            city_of_cues: lex.list("city_of_cues"),
            city_before_cues: lex.list("city_before_cues"),
            locatives: lex.list("locatives"),
            weapon_heads: lex.list("named_weapon_heads"),
            conjunctions: lex.list("conjunctions"),
            of_words: lex.list("of_words"),
            surnames: lex.list("surnames"),
            first_names: lex.list("first_names"),
            organisations: lex.list("organisations"),
            holiday_heads: lex.list("holiday_heads"),
            place_nouns: lex.list("place_nouns"),
            demonym_heads: lex.list("demonym_heads"),
            months: lex.list("months"),
            weekdays: lex.list("weekdays"),
        }
    })
}

fn is_stop(key: &str) -> bool {
    let w = words();
    // Every calendar word is a month's or a weekday's key: two gates tell most words are
    // neither, before the calendar set's hash.
    w.stop.contains_key(key)
        || ((w.months.contains_key(key) || w.weekdays.contains_key(key)) && is_calendar_word(key))
}

/// [`is_stop`] of a token, its lists' gates read at the token's slot.
fn is_stop_token(w: &Words, t: &Token) -> bool {
    w.stop.contains_token(t)
        || ((w.months.contains_token(t) || w.weekdays.contains_token(t))
            && is_calendar_word(&t.key))
}

/// Whether a token is a region's or a district's cue word ("oblast", "district").
fn is_cue_token(w: &Words, t: &Token) -> bool {
    w.region_cues.contains_token(t) || w.district_cues.contains_token(t)
}

impl<'g> Recognizer<'g> {
    /// A recogniser over a gazetteer.
    pub fn new(gaz: &'g Gazetteer) -> Recognizer<'g> {
        Recognizer { gaz }
    }

    /// The place mentions of a document (a `&Document` or an already [`Analysed`] one), in
    /// text order, without overlaps.
    pub fn recognize<'d>(&self, doc: impl Into<Analysed<'d>>) -> Vec<Mention> {
        let analysis = doc.into();
        let doc = analysis.doc;
        let text = doc.text.as_str();
        let tokens = &analysis.tokens;
        let sents = &analysis.sentences;
        // The thread's memo of first steps, taken for the document (not borrowed per token),
        // with the buffers of the sentence maps.
        let mut memo = STEP_MEMO.take();
        memo.reset_for(self.gaz);
        let mut sent_of = std::mem::take(&mut memo.sent_of);
        sentence_map(tokens, sents, &mut sent_of);
        let ctx = Ctx {
            w: words(),
            latin: analysis.lang() == Lang::En,
            text,
            tokens,
            sent_of: &sent_of,
        };

        // Room for the mentions of most documents (news has about one per 12 tokens, Ukrainian
        // and Russian a little more): growing a vector of mentions one doubling at a time cost
        // more than the mentions' strings.
        let mut found = Found {
            out: Vec::with_capacity(tokens.len() / 8),
            key_buf: std::mem::take(&mut memo.key_buf),
            ..Found::default()
        };
        let mut i = 0;
        while i < tokens.len() {
            let t = &tokens[i];
            // Lower case starts a name only in Latin text ("kyiv said"): Cyrillic lower-case
            // words are never checked (no word list tells them from names).
            let Some(first) = self.first_step(&mut memo, t) else {
                i += 1;
                continue;
            };
            i += self.name_at(&ctx, &mut memo, (i, first), &mut found);
        }
        let Found {
            mut out,
            person_words,
            unsure,
            key_buf,
        } = found;
        // Buffers sized for an unusually long document are not kept for the thread's life.
        if sent_of.capacity() <= 1 << 16 {
            memo.sent_of = sent_of;
        }
        memo.key_buf = key_buf;
        STEP_MEMO.set(memo);
        // One sense per document: an unsure name is a place if the same name is one elsewhere
        // ("in Clifton … Clifton's mayor").
        restore_unsure(&mut out, unsure);
        self.without_surnames(out, &person_words)
    }

    /// The name (or demonym) starting at token `i`, whose first word is `first`, added to
    /// `found`: how many tokens it takes (at least one).
    fn name_at(
        &self,
        ctx: &Ctx<'_>,
        memo: &mut StepMemo,
        (i, first): (usize, Option<FirstWord<'g>>),
        found: &mut Found,
    ) -> usize {
        let tokens = ctx.tokens;
        let t = &tokens[i];
        let common = first.as_ref().is_some_and(|f| f.common);
        let not_alone = first.as_ref().is_some_and(|f| f.not_alone);
        let frequent = first.as_ref().is_some_and(|f| f.frequent);
        let matched = first.and_then(|first| self.longest_name(ctx, memo, i, first));
        let Some((mut n, mut candidates)) = matched else {
            match self.demonym(ctx, memo, i) {
                Some((m, n)) => {
                    found.out.push(m);
                    return n;
                }
                None => return 1,
            }
        };
        if let Some(shorter) = self.without_generic_tail(&tokens[i..i + n]) {
            (n, candidates) = (n - 1, shorter);
        }
        // A lower-case name is only ever a major place's, alone ("kyiv said"): anything
        // else is no mention (as `check` would find), told before the places are read.
        if t.case == Case::Lower
            && (n > 1 || !candidates.iter().any(|&id| is_big(self.gaz.place(id))))
        {
            return n;
        }
        // A one-word name's key is the token's: no string is built for the many names
        // `check` turns down; a longer name's is joined in the document's buffer.
        let key = match n {
            1 => t.key.as_str(),
            _ => {
                name_into(&tokens[i..i + n], &mut found.key_buf);
                found.key_buf.as_str()
            }
        };
        let prev_accepted = found
            .out
            .last()
            .is_some_and(|m: &Mention| i > 0 && m.end >= tokens[i - 1].end);
        let seen = Seen {
            prev_accepted,
            common: n == 1 && common,
            not_alone: n == 1 && not_alone,
            frequent: n == 1 && frequent,
        };
        match self.check(ctx, memo, (i, n), key, candidates, seen) {
            Ok(m) => found.out.push(m),
            Err(Verdict::Person(words)) => found.person_words.extend(words),
            Err(Verdict::Unsure(m)) => found.unsure.extend(m.map(|m| *m)),
            Err(Verdict::Not) => {}
        }
        n
    }

    /// "the Texas city": a lower-case "city" closing a name is the cue word, not part of
    /// "Texas City": the name's candidates without it, if it is a name without it.
    fn without_generic_tail(&self, name: &[Token]) -> Option<&'g [PlaceId]> {
        let (last, head) = name.split_last()?;
        if head.is_empty() || !is_generic_tail(last) {
            return None;
        }
        let found = self.gaz.lookup_key(&name_of(head));
        (!found.is_empty()).then_some(found)
    }

    /// A surname met in a full name ("John Kirby") is a person later on too ("Kirby said").
    /// Only where every sense is small: "George Washington" must not remove Washington.
    fn without_surnames(
        &self,
        mut out: Vec<Mention>,
        person_words: &HashSet<String, FastHash>,
    ) -> Vec<Mention> {
        // Most documents name no person whose words are places: no mention's key is hashed.
        if person_words.is_empty() {
            return out;
        }
        // A person's words' lengths and last bytes, one bit each: most mentions' keys are
        // told to be none of them without a hash.
        let mask = person_words
            .iter()
            .fold(0, |mask, w| mask | word_bit(w.as_bytes()));
        out.retain(|m| {
            word_bit(m.key.as_bytes()) & mask == 0
                || !person_words.contains(m.key.as_str())
                || m.candidates.iter().any(|&id| {
                    let p = self.gaz.place(id);
                    matches!(p.kind, Kind::Country | Kind::Admin1) || p.is_capital()
                })
        });
        out
    }

    /// Whether a name may start at a token (`None`: not tried), and if so what the name index
    /// says of its key (`Some(None)`: no name starts so). Lower case starts a name only in
    /// Latin text ("kyiv said"), and not a common word: Cyrillic lower-case words are never
    /// checked (no word list tells them from names). The answers are remembered per word and
    /// thread (a word recurs in every document; reading it into the index is a walk per byte).
    /// Inlined into the token loop: it runs for every token, and most calls are a hit in
    /// the front table that a call's saved registers and returned value would double.
    #[inline(always)]
    fn first_step(&self, memo: &mut StepMemo, t: &Token) -> Option<Option<FirstWord<'g>>> {
        let key = t.key.as_bytes();
        let lower = match t.case {
            Case::Title | Case::Upper => false,
            // A word whose first byte is not ASCII is not (most Cyrillic words, told before
            // any look-up); the others are told by the step's `ascii`.
            Case::Lower if key.first().is_none_or(u8::is_ascii) => true,
            _ => return None,
        };
        // A hit is read where it lies: copying the step out cost more than its few fields.
        let missed;
        let step = match memo.front_step(t.gate_slot, key) {
            Some(step) => step,
            None => {
                missed = self.step_missed(memo, t);
                &missed
            }
        };
        if lower && (step.common || !step.ascii) {
            return None;
        }
        Some(step.starts.then(|| FirstWord {
            places: step.value.map_or(&[], |v| self.gaz.postings_of(v)),
            then: step.then,
            common: step.common,
            not_alone: step.not_alone,
            frequent: step.frequent,
        }))
    }

    /// The longest name starting at token `i` (its length in tokens and its places), read
    /// token by token from `first` (what the name index says of token `i`): it stops at the
    /// first token no name continues with. The second word is read through the thread's memo
    /// of word pairs (see `StepMemo::pairs`); a cursor into the index is made only for a
    /// third word.
    fn longest_name(
        &self,
        ctx: &Ctx<'_>,
        memo: &mut StepMemo,
        i: usize,
        first: FirstWord<'g>,
    ) -> Option<(usize, &'g [PlaceId])> {
        let tokens = ctx.tokens;
        let mut matched = (!first.places.is_empty()).then_some((1, first.places));
        let Some(mut state) = first.then else {
            return matched;
        };
        let joins = |j: usize| joins(ctx, i, j);
        if self.gaz.max_name_tokens() < 2 || !joins(i + 1) {
            return matched;
        }
        let (then, value) = memo.second_step(self.gaz, state, &tokens[i + 1]);
        if let Some(v) = value {
            let found = self.gaz.postings_of(v);
            if !found.is_empty() {
                matched = Some((2, found));
            }
        }
        let Some(then) = then else {
            return matched;
        };
        state = then;
        let mut cursor: Option<NameCursor<'g>> = None;
        for n in 3..=self.gaz.max_name_tokens() {
            let j = i + n - 1;
            if !joins(j) {
                break;
            }
            let c = cursor.get_or_insert_with(|| self.gaz.name_cursor_at(state));
            if !c.push(" ") || !c.push(&tokens[j].key) {
                break;
            }
            let found = c.candidates();
            if !found.is_empty() {
                matched = Some((n, found));
            }
        }
        matched
    }

    /// The verdict on the name of tokens `i..i + n`, whose places (`candidates`) are those
    /// of `key`. Inlined into `name_at`, its one caller: the call's arguments, saved
    /// registers and returned mention (about 25,000 calls per 1.5 MB of news) cost more than
    /// the larger caller.
    #[inline(always)]
    fn check(
        &self,
        ctx: &Ctx<'_>,
        memo: &mut StepMemo,
        (i, n): (usize, usize),
        key: &str,
        candidates: &[PlaceId],
        seen: Seen,
    ) -> Result<Mention, Verdict> {
        let prev_accepted = seen.prev_accepted;
        let tokens = ctx.tokens;
        let first = &tokens[i];
        let end = self.written_form(ctx, memo, (i, n), (key, seen.not_alone), candidates)?;
        let surface = &ctx.text[first.start..end];
        self.person_or_thing(ctx, (i, n), key, end, candidates, prev_accepted)?;
        let prev = i.checked_sub(1).map(|p| &tokens[p]);
        let next = tokens.get(i + n);
        let same_sent = |t: usize| ctx.sent_of[t] == ctx.sent_of[i];
        let cue = cue_of(ctx, i, n);
        let after_locative =
            || prev.is_some_and(|p| same_sent(i - 1) && ctx.w.locatives.contains_token(p));
        // A village known only from Ukraine's register (approximate point) written in Latin
        // needs context: "in Klishchiivka", "the village of Klishchiivka"; not "Malia and Sasha".
        if cue.is_none()
            && candidates
                .iter()
                .all(|&id| self.gaz.place(id).is_approximate())
            && surface.is_ascii()
            && !after_locative()
        {
            return Err(Verdict::Not);
        }
        // A common word that is also a (small) place needs evidence.
        let mut needs_support = false;
        if seen.common {
            let prominent = candidates.iter().any(|&id| {
                let p = self.gaz.place(id);
                matches!(p.kind, Kind::Country | Kind::Admin1) || p.population >= 100_000
            });
            let followed_by_comma_place = ctx.text[end..].starts_with(", ")
                && next.is_some_and(|nx| {
                    matches!(nx.case, Case::Title | Case::Upper)
                        && !self.gaz.lookup_key(&nx.key).is_empty()
                });
            if ctx.sentence_start(i) {
                // "Reading is a city in Lyon County": described as a place. Otherwise ("China
                // said", "Reading the report") a place only if the name is one elsewhere.
                let sure = followed_by_comma_place
                    || (prominent && cue.is_some())
                    || described_as_place(ctx, i + n);
                needs_support = !sure;
            } else if !(prominent || after_locative() || followed_by_comma_place || cue.is_some()) {
                return Err(Verdict::Not);
            }
        }
        // "в районе Северной стороны": an adjective of a small place before its noun.
        if cue.is_none() && self.modifies_next_noun(ctx, (i, n), key, candidates) {
            needs_support = true;
        }
        // The mention is written out only for a verdict that keeps it.
        let unsure = match self.not_a_place(ctx, (i, n), key, end, candidates, (cue, seen)) {
            None => needs_support,
            Some(Verdict::Unsure(_)) => true,
            Some(v) => return Err(v),
        };
        let m = Mention {
            start: first.start,
            end,
            text: surface.into(),
            key: key_of(first, n, key),
            candidates: Candidates::from_slice(candidates),
            cue,
            sentence: ctx.sent_of[i],
        };
        if unsure {
            Err(Verdict::Unsure(Some(Box::new(m))))
        } else {
            Ok(m)
        }
    }
}

/// A word that starts a name: the places it names alone, the name index's state after it
/// and a space, if a longer name starts so, and whether it is a common word.
struct FirstWord<'g> {
    places: &'g [PlaceId],
    then: Option<(usize, u64)>,
    common: bool,
    /// Whether the word alone is a stop word or a demonym (see `Step::not_alone`).
    not_alone: bool,
    /// Whether the word is a frequent surname or given name (see `Step::frequent`).
    frequent: bool,
}

/// What [`Recognizer::check`] is told of a name besides its tokens: whether the mention
/// before it was accepted and ends right before it, and whether the name is one word that is
/// a common word (the step memo knew: the word is not looked up again).
#[derive(Clone, Copy)]
struct Seen {
    prev_accepted: bool,
    common: bool,
    /// One word that alone is a stop word or a demonym (the step memo knew).
    not_alone: bool,
    /// One word that is a frequent surname or given name (the step memo knew).
    frequent: bool,
}

/// A mention's key: a one-word name's is its first token's, copied rather than built again
/// from `key` (the same bytes).
fn key_of(first: &Token, n: usize, key: &str) -> compact_str::CompactString {
    if n == 1 {
        first.key.clone()
    } else {
        key.into()
    }
}

/// The folded key of a name of tokens: their keys joined by single spaces, built in place
/// (inline up to 24 bytes) rather than collected and joined.
fn name_of(tokens: &[Token]) -> compact_str::CompactString {
    let len = tokens.iter().map(|t| t.key.len() + 1).sum::<usize>();
    let mut key = compact_str::CompactString::with_capacity(len.saturating_sub(1));
    for (k, t) in tokens.iter().enumerate() {
        if k > 0 {
            key.push(' ');
        }
        key.push_str(&t.key);
    }
    key
}

/// [`name_of`] into a buffer (emptied first).
fn name_into(tokens: &[Token], key: &mut String) {
    key.clear();
    for (k, t) in tokens.iter().enumerate() {
        if k > 0 {
            key.push(' ');
        }
        key.push_str(&t.key);
    }
}

/// Each token's sentence, into the buffer (emptied first).
fn sentence_map(tokens: &[Token], sents: &[(usize, usize)], sent_of: &mut Vec<usize>) {
    sent_of.clear();
    sent_of.resize(tokens.len(), 0);
    // The end of the current sentence is kept at hand: the last sentence has no end
    // (tokens past it are its own), so neither has an empty list.
    let last = sents.len().saturating_sub(1);
    let end_of = |s: usize| if s < last { sents[s].1 } else { usize::MAX };
    let (mut s, mut end) = (0, end_of(0));
    for (t, out) in tokens.iter().zip(sent_of.iter_mut()) {
        while t.start >= end {
            s += 1;
            end = end_of(s);
        }
        *out = s;
    }
}

/// A word's bit (of 64) by its length and last byte: equal words have equal bits.
fn word_bit(w: &[u8]) -> u64 {
    let last = w.last().map_or(0, |&b| u32::from(b));
    1 << (((w.len() as u32).wrapping_mul(7) ^ last) % 64)
}

/// The unsure mentions whose name is a sure mention elsewhere in the document, added back in
/// text order.
fn restore_unsure(out: &mut Vec<Mention>, unsure: Vec<Mention>) {
    if unsure.is_empty() {
        return;
    }
    let sure: HashSet<&str, FastHash> = out.iter().map(|m| m.key.as_str()).collect();
    let back: Vec<Mention> = unsure
        .into_iter()
        .filter(|m| sure.contains(m.key.as_str()))
        .collect();
    if !back.is_empty() {
        out.extend(back);
        out.sort_by_key(|m| m.start);
    }
}

/// Why a candidate is not a place.
enum Verdict {
    /// Only a place if another mention of the same name in the document is one.
    Unsure(Option<Box<Mention>>),
    /// Part of a person's name: these folded words are the person's.
    Person(Vec<String>),
    /// Anything else.
    Not,
}

/// What a document's names gave so far: mentions, words of people's names, unsure names.
#[derive(Default)]
struct Found {
    out: Vec<Mention>,
    person_words: HashSet<String, FastHash>,
    unsure: Vec<Mention>,
    /// The key of the name at hand when it has several words.
    key_buf: String,
}

struct Ctx<'a> {
    /// The word lists, read once per document rather than through their `OnceLock` at
    /// every look-up.
    w: &'static Words,
    /// Whether the document is in English: the person rules that need a dictionary of common
    /// words ("an unknown capitalised word next to a name is a name") apply only there.
    latin: bool,
    text: &'a str,
    tokens: &'a [Token],
    sent_of: &'a [usize],
}

impl Ctx<'_> {
    /// Whether token `i` starts a sentence or a line: asked of candidate names only, so
    /// answered on demand rather than stored for every token.
    fn sentence_start(&self, i: usize) -> bool {
        i == 0
            || self.sent_of[i - 1] != self.sent_of[i]
            || starts_line(self.text, self.tokens[i].start)
    }
}

/// A country, or a capital of a million or more: the only places a lower-case name can be.
fn is_big(p: &Place) -> bool {
    p.kind == Kind::Country || (p.is_capital() && p.population >= 1_000_000)
}

fn is_known_major(gaz: &Gazetteer, key: &str) -> bool {
    gaz.lookup_key(key).iter().any(|&id| {
        let p = gaz.place(id);
        matches!(p.kind, Kind::Country | Kind::Admin1)
    })
}

#[cfg(test)]
mod tests;
