//! The role of each mention in its sentence: where something happened, a government
//! speaking, or a plain mention.
//!
//! Rules, checked in this order on the words around the mention:
//! 1. `event`: passive of an attack verb after it ("Kharkiv was hit"), a trigger noun after
//!    it ("the Kharkiv strike"), or a target/locative word before it ("struck Kharkiv", "an
//!    attack on the city of Kharkiv", "hit an open field in Zaporizhzhia Oblast"), skipping
//!    articles and adjectives, with an event trigger earlier in the same sentence.
//! 2. `actor`: the mention is a subject followed by a verb ("Washington said", "Moscow has
//!    deployed", "Russia launched"), a possessive ("Moscow's weapons"), or a building that
//!    houses a government ("the Kremlin", "the White House": [`Place::is_seat_of_government`];
//!    an airfield or a power plant is a place like any other).
//! 3. `mention`: anything else (datelines, bylines, captions, background).
//!
//! A mention joined to the previous one by "and", "or" or a comma ("Kharkiv and Odesa
//! oblasts") takes that one's role.
//!
//! ```
//! use eventmap::{Document, Gazetteer, Recognizer, Role};
//! use eventmap::roles::roles;
//! let gaz = Gazetteer::bundled();
//! let doc = Document::new("d", "Washington said Russia struck Kharkiv.");
//! let ms = Recognizer::new(&gaz).recognize(&doc);
//! let seats: Vec<_> = ms.iter().map(|m| gaz.place(m.candidates[0]).is_seat_of_government()).collect();
//! assert_eq!(roles(&doc, &ms, &seats), [Role::Actor, Role::Actor, Role::Event]);
//! ```

use crate::recognize::Mention;
use std::sync::OnceLock;

use crate::lexicon::{KeyGate, Lexicon, WordList};
use crate::text::{Analysed, Document, Token};

/// What a mention does in its sentence.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    /// Where a reported thing happened.
    Event,
    /// A capital, country or building standing for a government that acts or speaks.
    Actor,
    /// Anything else.
    Mention,
}

impl Role {
    /// The name used in outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Event => "event",
            Role::Actor => "actor",
            Role::Mention => "mention",
        }
    }
}

/// One of the role rules' word lists, with its bit in [`Words::slots`].
#[derive(Clone, Copy)]
struct List {
    terms: &'static WordList,
    bit: u16,
}

/// The role rules' word lists (`data/lexicon/<lang>/<name>.tsv`, all languages merged).
struct Words {
    /// Words that say an attack or its effects happened ("struck", "shelling", "killed").
    attack: List,
    /// Weapon nouns: with an attack word they make a sentence an event sentence.
    weapons: List,
    /// Target or locative words before a place ("struck", "in").
    target: List,
    /// Words before a target word that make it provenance ("made in").
    provenance: List,
    /// Articles and adjectives between a target word and its place.
    skippable: List,
    /// Verbs whose subject acts or speaks ("said").
    verbs: List,
    passive: List,
    perfect: List,
    /// The participle of "be" in the perfect passive ("has been struck").
    been: List,
    /// Past participles of attack verbs ("Kharkiv was hit").
    participles: List,
    /// Nouns after a possessive that make the place an actor ("Moscow's weapons").
    actor_nouns: List,
    /// Trigger nouns right after a place ("the Kharkiv strike").
    attack_nouns: List,
    /// Words between an actor and its verb ("Washington is still assessing").
    adverbs: List,
    conjunctions: List,
    /// The word joining two subjects ("Pyongyang and Moscow have accused").
    and: List,
    /// Per gate slot (a key's `KeyGate::slot`, a token's `gate_slot`), the bits of the
    /// lists holding a key with that slot: a mention asks a few dozen questions of the
    /// tokens around it, and most are answered no by one load, without the list's gate
    /// worked out again from the key's bytes and a call per list.
    slots: Box<[u16; SLOTS]>,
    /// The bits of the lists holding the empty key (asked of a token past the sentence).
    empty: u16,
    /// The length of the longest conjunction, in bytes.
    conjunction_len: usize,
}

/// Slots of a [`KeyGate`] (16,384).
const SLOTS: usize = 1 << 14;

impl Words {
    /// Whether list `l` holds the key of token `t` (the empty key when there is none).
    #[inline]
    fn has(&self, l: List, t: Option<&Token>) -> bool {
        match t {
            Some(t) => {
                // The list's look-up by the token's gate slot (worked out by the tokeniser),
                // not by its key's bytes again.
                self.slots[usize::from(t.gate_slot) % SLOTS] & l.bit != 0
                    && l.terms.contains_token(t)
            }
            None => self.empty & l.bit != 0,
        }
    }
}

fn words() -> &'static Words {
    static W: OnceLock<Words> = OnceLock::new();
    W.get_or_init(|| {
        let lex = Lexicon::all();
        let mut slots: Box<[u16; SLOTS]> = Box::new([0u16; SLOTS]);
        let mut empty = 0;
        let mut n = 0;
        let mut list = |name: &str| {
            let terms = lex.list(name);
            let bit = 1 << n;
            n += 1;
            for (key, _) in terms.iter() {
                slots[usize::from(KeyGate::slot(key.as_bytes())) % SLOTS] |= bit;
            }
            if terms.contains_key("") {
                empty |= bit;
            }
            List { terms, bit }
        };
        Words {
            attack: list("attack_words"),
            weapons: list("weapon_triggers"),
            target: list("target_words"),
            provenance: list("provenance"),
            skippable: list("skippable"),
            verbs: list("actor_verbs"),
            passive: list("passive_aux"),
            perfect: list("perfect_aux"),
            been: list("been"),
            participles: list("participles"),
            actor_nouns: list("actor_nouns"),
            attack_nouns: list("attack_nouns"),
            adverbs: list("verb_adverbs"),
            conjunctions: list("conjunctions"),
            and: list("and_words"),
            slots,
            empty,
            conjunction_len: lex
                .list("conjunctions")
                .iter()
                .map(|(k, _)| k.len())
                .max()
                .unwrap_or(0),
        }
    })
}

/// Whether a folded word says an attack or its effects happened ("struck", "shelling",
/// "killed"; `data/lexicon/<lang>/attack_words.tsv`): the events stage reads a sentence with
/// one as an event report.
pub fn is_attack_word(key: &str) -> bool {
    words().attack.terms.contains_key(key)
}

/// Whether a token is an attack word or a weapon noun.
fn is_trigger(w: &Words, t: &Token) -> bool {
    w.has(w.attack, Some(t)) || w.has(w.weapons, Some(t))
}

/// The role of every mention of a document (a `&Document` or an already [`Analysed`] one);
/// `seats` says of each mention whether its resolved place (its first candidate if
/// unresolved) is a building standing for a government ([`Place::is_seat_of_government`]).
///
/// [`Place::is_seat_of_government`]: crate::gazetteer::Place::is_seat_of_government
pub fn roles<'d>(doc: impl Into<Analysed<'d>>, mentions: &[Mention], seats: &[bool]) -> Vec<Role> {
    let analysis = doc.into();
    let doc = analysis.doc;
    let tokens = &analysis.tokens;
    let sents = &analysis.sentences;
    let mut out: Vec<Role> = Vec::with_capacity(mentions.len());
    for (i, m) in mentions.iter().enumerate() {
        let first = tokens.partition_point(|t| t.start < m.start);
        let after = tokens.partition_point(|t| t.start < m.end);
        let seat = seats.get(i).copied().unwrap_or(false);
        let coordinated = i > 0 && {
            let prev = &mentions[i - 1];
            prev.sentence == m.sentence
                && prev.end <= m.start
                && is_coordination(&doc.text[prev.end..m.start])
        };
        let role = if coordinated {
            out[i - 1]
        } else {
            let sent = sents
                .get(m.sentence)
                .copied()
                .unwrap_or((0, doc.text.len()));
            let site = Site {
                doc,
                tokens,
                sent,
                m,
                first,
                after,
            };
            classify(&site, seat)
        };
        out.push(role);
    }
    out
}

/// Whether the text between two mentions joins them: "and", "or", a comma, ", and".
fn is_coordination(gap: &str) -> bool {
    let gap = trim(gap);
    let word = gap.strip_prefix(',').map_or(gap, trim_start);
    let w = words();
    // A word longer than every conjunction is none (most gaps are a clause).
    gap == ","
        || (!word.is_empty()
            && word.len() <= w.conjunction_len
            && w.conjunctions.terms.contains_key(word))
}

/// White space as `char::is_whitespace` has it, among ASCII bytes.
fn ascii_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | b'\x0B' | b'\x0C' | b'\r' | b' ')
}

/// `str::trim`: ASCII white space dropped by bytes, `str::trim` asked only when an end is
/// not ASCII (most gaps between two names end in ASCII, most often a space).
fn trim(s: &str) -> &str {
    let b = s.as_bytes();
    let start = b.iter().position(|&c| !ascii_space(c)).unwrap_or(b.len());
    let end = b
        .iter()
        .rposition(|&c| !ascii_space(c))
        .map_or(start, |e| e + 1);
    if b.get(start).is_some_and(|&c| c >= 0x80) || (end > start && b[end - 1] >= 0x80) {
        return s.trim();
    }
    &s[start..end]
}

/// `str::trim_start`, as [`trim`] reads it.
fn trim_start(s: &str) -> &str {
    let b = s.as_bytes();
    let start = b.iter().position(|&c| !ascii_space(c)).unwrap_or(b.len());
    if b.get(start).is_some_and(|&c| c >= 0x80) {
        return s.trim_start();
    }
    &s[start..]
}

/// One mention in its sentence: what the cues below look at.
struct Site<'a> {
    doc: &'a Document,
    tokens: &'a [Token],
    sent: (usize, usize),
    m: &'a Mention,
    /// The mention's first token and the token after it.
    first: usize,
    after: usize,
}

impl<'a> Site<'a> {
    fn in_sent(&self, t: &Token) -> bool {
        t.start >= self.sent.0 && t.end <= self.sent.1
    }

    /// The `k`-th token after the mention, inside the sentence.
    fn next_token(&self, k: usize) -> Option<&'a Token> {
        self.tokens.get(self.after + k).filter(|t| self.in_sent(t))
    }

    /// Passive ("Kharkiv was hit", "Kharkiv has been struck") or "the Kharkiv strike".
    fn passive_or_attack_noun(&self, w: &Words) -> bool {
        let n0 = self.next_token(0);
        let n1 = self.next_token(1);
        let n2 = self.next_token(2);
        let been_hit = w.has(w.been, n1) && w.has(w.participles, n2);
        (w.has(w.passive, n0) && (w.has(w.participles, n1) || been_hit))
            || (w.has(w.perfect, n0) && been_hit)
            || w.has(w.attack_nouns, n0)
    }

    /// A target or locative word before the mention, with a trigger in the sentence.
    fn targeted(&self, w: &Words) -> bool {
        let tokens = self.tokens;
        let mut k = self.first;
        let mut skipped = 0;
        while k > 0 && skipped < 6 {
            let t = &tokens[k - 1];
            if !self.in_sent(t) {
                return false;
            }
            let key = t.key.as_str();
            if w.has(w.target, Some(t)) {
                return self.trigger_around(w, k, t);
            }
            // Articles, adjectives, numbers and proper nouns used as adjectives ("a strike on
            // the eastern Ukraine city of Kharkiv") stand between a target word and its place,
            // and so does a possessive owner ("hit Russia's Baltimor air base": its "s").
            let proper = t.case == crate::text::Case::Title && k < self.first;
            let possessive = key == "s"
                && k >= 2
                && matches!(&self.doc.text[tokens[k - 2].end..t.start], "'" | "’");
            if w.has(w.skippable, Some(t))
                || t.key.chars().all(|c| c.is_ascii_digit())
                || proper
                || possessive
            {
                k -= 1;
                skipped += 1;
                continue;
            }
            return false;
        }
        false
    }

    /// Whether the target word `target` at token `k - 1` belongs to an attack: a trigger
    /// before it, the word itself, or (Ukrainian, Russian) one later in the sentence.
    fn trigger_around(&self, w: &Words, k: usize, target: &Token) -> bool {
        let tokens = self.tokens;
        // "missiles produced outside Russia", "made in North Korea": provenance, not where
        // something happened.
        if k >= 2 && self.in_sent(&tokens[k - 2]) && w.has(w.provenance, Some(&tokens[k - 2])) {
            return false;
        }
        let trigger_before = tokens[..k - 1]
            .iter()
            .rev()
            .take_while(|t| self.in_sent(t))
            .take(14)
            .any(|t| is_trigger(w, t));
        let trigger_word = is_trigger(w, target) && target.key != "in";
        // Ukrainian and Russian put the trigger after the place as often as before it
        // ("У Харкові внаслідок удару загинули…"): the whole sentence counts there.
        let (doc, sent) = (self.doc, self.sent);
        let trigger_after = || {
            !crate::lang::is_english_span(doc, sent)
                && tokens[k..]
                    .iter()
                    .take_while(|t| self.in_sent(t))
                    .take(20)
                    .any(|t| is_trigger(w, t))
        };
        trigger_before || trigger_word || trigger_after()
    }

    /// Possessive: "Moscow's weapons", "Ukraine's Air Force" (`None`: not a possessive).
    fn possessive(&self, w: &Words) -> Option<Role> {
        let rest = &self.doc.text[self.m.end..];
        if !(rest.starts_with("'s") || rest.starts_with("’s")) {
            return None;
        }
        let (noun, noun2) = (self.next_token(1), self.next_token(2));
        if w.has(w.actor_nouns, noun) || w.has(w.actor_nouns, noun2) {
            return Some(Role::Actor);
        }
        Some(Role::Mention)
    }

    /// Subject of a verb: "Washington said", "Pyongyang and Moscow have accused",
    /// "Washington is imposing".
    fn subject(&self, w: &Words) -> bool {
        let mut j = 0;
        if self.next_token(0).is_some_and(|t| w.has(w.and, Some(t))) {
            // "X and Y verb": skip the coordinated subject (one or two words).
            j = if self.next_token(2).is_some_and(|t| w.has(w.verbs, Some(t))) {
                2
            } else {
                3
            };
        }
        let Some(word) = self.next_token(j) else {
            return false;
        };
        let gap_ok = self.tokens.get(self.after + j).is_some_and(|t| {
            let prev_end = if j == 0 {
                self.m.end
            } else {
                self.tokens[self.after + j - 1].end
            };
            !self.doc.text[prev_end..t.start].contains([',', '.', ';', ':', '(', ')'])
        });
        if !gap_ok {
            return false;
        }
        w.has(w.verbs, Some(word))
            || (w.has(w.adverbs, Some(word))
                && self.next_token(j + 1).is_some_and(|t| {
                    let k = t.key.as_str();
                    w.has(w.verbs, Some(t)) || k.ends_with("ed") || k.ends_with("ing")
                }))
    }
}

fn classify(site: &Site<'_>, seat: bool) -> Role {
    let w = words();
    if site.passive_or_attack_noun(w) || site.targeted(w) {
        return Role::Event;
    }
    if seat {
        return Role::Actor;
    }
    if let Some(role) = site.possessive(w) {
        return role;
    }
    match site.subject(w) {
        true => Role::Actor,
        false => Role::Mention,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::Gazetteer;
    use crate::recognize::Recognizer;

    fn gaz() -> &'static Gazetteer {
        crate::testing::gazetteer()
    }

    fn role_table(text: &str) -> Vec<(String, Role)> {
        let g = gaz();
        let doc = Document::new("t", text);
        let ms = Recognizer::new(g).recognize(&doc);
        let seats: Vec<bool> = ms
            .iter()
            .map(|m| g.place(m.candidates[0]).is_seat_of_government())
            .collect();
        ms.iter()
            .map(|m| m.text.to_string())
            .zip(roles(&doc, &ms, &seats))
            .collect()
    }

    /// The gap's trims are `str`'s, on ASCII and other white space at either end, all
    /// white space, empty gaps and words of other scripts.
    #[test]
    fn trims_are_strs() {
        let pieces = [
            "", " ", "\t", "\n", "\x0B", "\x0C", "\r", "\x1C", "\u{a0}", "\u{85}", "\u{3000}",
            "\u{2009}", ",", "and", "и", "та", "x", "é", "Kharkiv", "\u{200b}",
        ];
        let mut x = 0x9E37_79B9_7F4A_7C15u64;
        for _ in 0..20_000 {
            let mut gap = String::new();
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            for n in 0..(x % 7) {
                gap.push_str(pieces[((x >> (8 * n)) % pieces.len() as u64) as usize]);
            }
            assert_eq!(trim(&gap), gap.trim(), "{gap:?}");
            assert_eq!(trim_start(&gap), gap.trim_start(), "{gap:?}");
        }
        assert!(is_coordination(" and ") && is_coordination(", and ") && is_coordination(" , "));
        assert!(is_coordination("\u{a0}та\u{a0}") && !is_coordination(" and then some "));
    }

    #[test]
    fn roles_table() {
        use Role::*;
        let cases: &[(&str, &[(&str, Role)])] = &[
            (
                "Russia struck central Kharkiv on Jan. 2.",
                &[("Russia", Actor), ("Kharkiv", Event)],
            ),
            (
                "Washington said Moscow denied it.",
                &[("Washington", Actor), ("Moscow", Actor)],
            ),
            ("The Kremlin did not respond.", &[("Kremlin", Actor)]),
            (
                "Missiles hit an open field in Zaporizhzhia Oblast.",
                &[("Zaporizhzhia Oblast", Event)],
            ),
            (
                "Three missile hits were recorded in the Shevchenkivskyi district.",
                &[("Shevchenkivskyi district", Event)],
            ),
            (
                "Fragments were found after attacks against Kharkiv and Odesa oblasts.",
                &[("Kharkiv", Event), ("Odesa", Event)],
            ),
            (
                "Photo taken in Kyiv on Jan. 11 shows debris.",
                &[("Kyiv", Mention)],
            ),
            (
                "Photo taken in Kyiv shows debris from a Jan. 2 strike on the eastern Ukraine city of Kharkiv.",
                &[("Kyiv", Mention), ("Ukraine", Event), ("Kharkiv", Event)],
            ),
            ("Kharkiv was hit again overnight.", &[("Kharkiv", Event)]),
            (
                "Reporting by Vitalii Hnidyi in Kharkiv.",
                &[("Kharkiv", Mention)],
            ),
            (
                "Pyongyang and Moscow have accused Washington.",
                &[
                    ("Pyongyang", Actor),
                    ("Moscow", Actor),
                    ("Washington", Mention),
                ],
            ),
            (
                "It shows that Moscow's weapons stocks are short.",
                &[("Moscow", Actor)],
            ),
        ];
        for (text, want) in cases {
            let got = role_table(text);
            let want: Vec<(String, Role)> = want.iter().map(|(s, r)| (s.to_string(), *r)).collect();
            assert_eq!(got, want, "in {text:?}");
        }
    }
}

/// A mention with its resolution and role: what the events stage and the outputs consume.
#[derive(Clone, Debug, PartialEq)]
pub struct ResolvedMention {
    /// The mention (byte spans into the document text).
    pub mention: crate::recognize::Mention,
    /// The chosen place, if any.
    pub resolution: Option<crate::resolve::Resolution>,
    /// Its role in its sentence.
    pub role: Role,
}
