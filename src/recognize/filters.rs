//! The recogniser's rules for names that read as something other than a place, and for
//! demonyms (see `crate::recognize`): organisations, armed groups and parties named like towns
//! ("Wagner", "Hamas", "United Russia"), holidays ("Independence Day"), generic phrases
//! ("The city"), people (a middle initial, a frequent surname or given name that is only a
//! small place, without evidence), and small places inside longer capitalised names ("Mercy
//! Medical Center"). The word lists are data: `data/lexicon/en/organisations.tsv`,
//! `holiday_heads.tsv`, `surnames.tsv`, `first_names.tsv`, `place_nouns.tsv`,
//! `demonym_heads.tsv`.

use super::memo::StepMemo;
use super::{is_cue_token, Ctx, Cue, Mention, Recognizer, Seen, Verdict};
use crate::gazetteer::{Kind, PlaceId};
use crate::lexicon::{KeyGate, WordList};
use crate::text::{Case, Token};
use std::cell::RefCell;
use std::sync::OnceLock;

use super::DEMONYMS;

/// The country (ISO alpha-2) a folded demonym or its plural belongs to: "canadian",
/// "canadians" → "CA" (the first listed where several share it).
pub fn demonym_country(key: &str) -> Option<&'static str> {
    demonym_countries(key).first().copied()
}

/// Every country a folded demonym or its plural may belong to ("french" → FR, MQ, …).
pub fn demonym_countries(key: &str) -> &'static [&'static str] {
    let d = demonyms();
    // Most keys asked are no demonym: a few bytes of the key tell most so, before a hash.
    if !d.gate.may_contain(key) {
        return &[];
    }
    d.map.get(key).map_or(&[], |v| v.as_slice())
}

/// The demonyms and their plurals by folded key, and the first words of those keys.
fn demonyms() -> &'static Demonyms {
    static MAP: OnceLock<Demonyms> = OnceLock::new();
    MAP.get_or_init(|| {
        let mut m = DemonymMap::default();
        for line in DEMONYMS.lines() {
            if let Some((d, cc)) = line.split_once('\t') {
                let k = crate::text::name_key(d);
                m.entry(format!("{k}s")).or_default().push(cc);
                m.entry(k).or_default().push(cc);
            }
        }
        let mut d = Demonyms::default();
        for k in m.keys() {
            let first = k.split(' ').next().unwrap_or(k);
            d.gate.insert(k);
            d.first_gate.insert(first);
            d.firsts.insert(first.to_string());
        }
        d.map = m;
        d
    })
}

type DemonymMap = crate::lexicon::FastMap<String, Vec<&'static str>>;

/// The demonyms and their plurals by folded key, the first words of those keys, and a gate
/// over each (see [`KeyGate`]).
#[derive(Default)]
struct Demonyms {
    map: DemonymMap,
    gate: KeyGate,
    firsts: std::collections::HashSet<String, crate::lexicon::FastHash>,
    first_gate: KeyGate,
}

impl Demonyms {
    /// Whether a folded word starts a demonym.
    #[cfg(test)]
    fn starts(&self, word: &str) -> bool {
        self.first_gate.may_contain(word) && self.firsts.contains(word)
    }

    /// [`Demonyms::starts`] of a token's key, the gate read at the slot the tokeniser computed.
    fn starts_token(&self, t: &Token) -> bool {
        self.first_gate.may_contain_slot(t.gate_slot) && self.firsts.contains(t.key.as_str())
    }
}

impl Recognizer<'_> {
    /// A demonym at token `i` ("Russian forces", "South African"): a mention of its country,
    /// as the gold standards annotate it (GeoWebNews's modifiers), unless it starts an
    /// organisation's name ("American Airlines"). With the number of tokens it spans.
    pub(super) fn demonym(
        &self,
        ctx: &Ctx<'_>,
        memo: &mut StepMemo,
        i: usize,
    ) -> Option<(Mention, usize)> {
        let tokens = ctx.tokens;
        // Most capitalised words start no demonym: one look-up tells them, before any key
        // of two words is built.
        if tokens[i].case != Case::Title || !ctx.latin || !demonyms().starts_token(&tokens[i]) {
            return None;
        }
        let joined = |n: usize| {
            (i + n <= tokens.len()
                && (1..n).all(|k| {
                    ctx.sent_of[i + k] == ctx.sent_of[i]
                        && tokens[i + k].case == Case::Title
                        && matches!(&ctx.text[tokens[i + k - 1].end..tokens[i + k].start], " ")
                }))
            .then(|| super::name_of(&tokens[i..i + n]))
        };
        // Part of a longer name: "Central American", "Latin American".
        if i > 0
            && ctx.sent_of[i - 1] == ctx.sent_of[i]
            && tokens[i - 1].case == Case::Title
            && &ctx.text[tokens[i - 1].end..tokens[i].start] == " "
            && !stop_article(&tokens[i - 1].key)
        {
            return None;
        }
        let (n, key, codes) = [2, 1].into_iter().find_map(|n| {
            // One word's key is its token's (no key built for it).
            let key = if n == 1 {
                tokens[i].key.clone()
            } else {
                joined(n)?
            };
            let codes = demonym_countries(&key);
            (!codes.is_empty()).then_some((n, key, codes))
        })?;
        // Where several countries share a demonym ("French"), the most populous: remembered
        // per list of codes (a static list's address), as reading a code is an index walk.
        let country = *memo
            .countries
            .entry(codes.as_ptr() as usize)
            .or_insert_with(|| {
                codes
                    .iter()
                    .filter_map(|cc| self.gaz.country(cc))
                    .max_by_key(|&id| self.gaz.place(id).population)
            });
        let country = country?;
        // "American Airlines", "Russian Embassy", "Indian Ocean".
        if let Some(x) = tokens.get(i + n) {
            if ctx.sent_of[i + n] == ctx.sent_of[i]
                && x.case == Case::Title
                && (ctx.w.org_heads.contains_token(x) || ctx.w.demonym_heads.contains_token(x))
            {
                return None;
            }
        }
        let (start, end) = (tokens[i].start, tokens[i + n - 1].end);
        let m = Mention {
            start,
            end,
            text: ctx.text[start..end].into(),
            key,
            candidates: smallvec::smallvec![country],
            cue: None,
            sentence: ctx.sent_of[i],
        };
        Some((m, n))
    }
}

/// Population from which a place named like a frequent surname needs no evidence.
const SURNAME_PLACE_POPULATION: u64 = 100_000;

impl Recognizer<'_> {
    /// Rules for names that read as something other than a place: an organisation, a
    /// holiday, a generic phrase ("The city"), a person with a middle initial ("Roy A.
    /// Nelson"), or a frequent surname that is only a small place, without evidence.
    /// `seen`: whether the name is one word that is a common word, or a frequent surname or
    /// given name (the step memo knew: the large lists are not probed again).
    pub(super) fn not_a_place(
        &self,
        ctx: &Ctx<'_>,
        (i, n): (usize, usize),
        key: &str,
        end: usize,
        candidates: &[PlaceId],
        (cue, seen): (Option<Cue>, Seen),
    ) -> Option<Verdict> {
        let common = seen.common;
        let name = NameAt { ctx, i, n, key };
        if name.is_organisation() || name.before_holiday_head() || name.is_generic_phrase() {
            return Some(Verdict::Not);
        }
        if name.after_middle_initial() {
            return Some(Verdict::Person(vec![key.to_string()]));
        }
        // Read only for a word-like name (most names are not): the places are looked up.
        let prominent = || {
            candidates.iter().any(|&id| {
                let p = self.gaz.place(id);
                p.kind <= Kind::Country
                    || p.is_capital()
                    || p.population >= SURNAME_PLACE_POPULATION
            })
        };
        // One capitalised word that is a frequent surname or given name.
        let frequent = name.is_one_title_word() && seen.frequent;
        // A word-like name (one capitalised word that is also a surname, a given name or a
        // common word) that is only a small place, inside a longer capitalised name:
        // "Mercy Medical Center", "Drug Enforcement Administration", "Chapman Valve".
        let word_like = frequent || (name.is_one_title_word() && common);
        if !word_like {
            return None;
        }
        let prominent = prominent();
        if !prominent && end == ctx.tokens[i].end && self.starts_name(&name) {
            return Some(Verdict::Not);
        }
        // A frequent surname or given name that is only a small place needs evidence.
        if frequent {
            let evidence = prominent
                || name.after_locative()
                || self.comma_place(&name, end)
                || cue.is_some()
                || described_as_place(ctx, i + n);
            if !evidence {
                return Some(Verdict::Unsure(None));
            }
        }
        None
    }

    /// Whether the capitalised word right after the name continues it as a longer name
    /// rather than being a cue or a place of its own.
    fn starts_name(&self, name: &NameAt<'_, '_>) -> bool {
        let w = name.ctx.w;
        name.next()
            .filter(|x| {
                x.case == Case::Title && matches!(name.gap(name.i, name.i + 1), " " | "\u{a0}")
            })
            .is_some_and(|x| {
                !is_cue_token(w, x)
                    && !w.city_cues.contains_token(x)
                    && self.gaz.lookup_key(&x.key).is_empty()
            })
    }

    /// "X, Y", and the containment "X, in the Y region": a comma after the name, then a
    /// capitalised place name in the same sentence.
    fn comma_place(&self, name: &NameAt<'_, '_>, end: usize) -> bool {
        let (ctx, tokens) = (name.ctx, name.ctx.tokens);
        let mut k = name.i + name.n;
        while tokens
            .get(k)
            .is_some_and(|t| t.case == Case::Lower && matches!(t.key.as_str(), "in" | "the"))
        {
            k += 1;
        }
        ctx.text[end..].starts_with(", ")
            && tokens.get(k).is_some_and(|x| {
                name.same(k)
                    && matches!(x.case, Case::Title | Case::Upper)
                    && !self.gaz.lookup_key(&x.key).is_empty()
            })
    }
}

/// A name of tokens `i..i + n` (folded `key`) and the words around it in its sentence, which
/// the rules of `not_a_place` read.
struct NameAt<'c, 'a> {
    ctx: &'c Ctx<'a>,
    i: usize,
    n: usize,
    key: &'c str,
}

impl NameAt<'_, '_> {
    fn same(&self, t: usize) -> bool {
        self.ctx.sent_of[t] == self.ctx.sent_of[self.i]
    }

    /// The text between tokens `a` and `b`.
    fn gap(&self, a: usize, b: usize) -> &str {
        let tokens = self.ctx.tokens;
        &self.ctx.text[tokens[a].end..tokens[b].start]
    }

    fn prev(&self) -> Option<&Token> {
        let i = self.i;
        (i > 0 && self.same(i - 1)).then(|| &self.ctx.tokens[i - 1])
    }

    fn next(&self) -> Option<&Token> {
        let j = self.i + self.n;
        (j < self.ctx.tokens.len() && self.same(j)).then(|| &self.ctx.tokens[j])
    }

    /// An organisation by its name, or by the name and the word before or after it.
    fn is_organisation(&self) -> bool {
        let (w, key) = (self.ctx.w, self.key);
        let pair = |a: &str, b: &str| pair_in(w.organisations, a, b);
        // A one-word name's key is its token's.
        let alone = match self.n {
            1 => w.organisations.contains_token(&self.ctx.tokens[self.i]),
            _ => w.organisations.contains_key(key),
        };
        alone
            || self
                .prev()
                .is_some_and(|p| p.case != Case::Lower && pair(&p.key, key))
            || self
                .next()
                .is_some_and(|x| x.case != Case::Lower && pair(key, &x.key))
    }

    /// "Independence Day", "St. Patrick's Day".
    fn before_holiday_head(&self) -> bool {
        let tokens = self.ctx.tokens;
        let mut h = self.i + self.n;
        if h + 1 < tokens.len()
            && tokens[h].key == "s"
            && matches!(self.gap(h - 1, h), "'" | "\u{2019}")
        {
            h += 1;
        }
        h < tokens.len()
            && self.same(h)
            && tokens[h].case == Case::Title
            && matches!(self.gap(h - 1, h), " " | "\u{a0}")
            && self.ctx.w.holiday_heads.contains_token(&tokens[h])
    }

    /// "The city was prepared": an article and a lower-case common word.
    fn is_generic_phrase(&self) -> bool {
        let (tokens, i, n) = (self.ctx.tokens, self.i, self.n);
        n > 1
            && stop_article(&tokens[i].key)
            && tokens[i + 1..i + n].iter().any(|t| t.case == Case::Lower)
    }

    /// "Roy A. Nelson": a name after a middle initial is a surname.
    fn after_middle_initial(&self) -> bool {
        let (tokens, i) = (self.ctx.tokens, self.i);
        if self.n != 1 || i < 2 || !self.same(i - 2) {
            return false;
        }
        let (initial, before) = (&tokens[i - 1], &tokens[i - 2]);
        initial.case == Case::Upper
            && initial.end - initial.start == 1
            && self.gap(i - 1, i) == ". "
            && before.case == Case::Title
            && self.gap(i - 2, i - 1) == " "
    }

    fn is_one_title_word(&self) -> bool {
        self.n == 1 && self.ctx.tokens[self.i].case == Case::Title
    }

    fn after_locative(&self) -> bool {
        self.prev()
            .is_some_and(|p| self.ctx.w.locatives.contains_token(p))
    }
}

/// Whether the words from token `j` describe the name before them as a place: "is a town",
/// "was a small village" (a copula, then a place noun within a few words, in one sentence).
pub(super) fn described_as_place(ctx: &Ctx<'_>, j: usize) -> bool {
    let tokens = ctx.tokens;
    let Some(copula) = tokens.get(j) else {
        return false;
    };
    if !matches!(copula.key.as_str(), "is" | "was") || ctx.sent_of[j] != ctx.sent_of[j - 1] {
        return false;
    }
    tokens[j + 1..]
        .iter()
        .take(6)
        .take_while(|t| t.case == Case::Lower || t.case == Case::Other)
        .any(|t| ctx.w.place_nouns.contains_token(t))
}

/// Whether a token ending a longer name is a lower-case cue word ("city", "town") standing
/// for itself rather than being part of the name ("Texas city" is not "Texas City").
pub(super) fn is_generic_tail(t: &Token) -> bool {
    t.case == Case::Lower && t.key.is_ascii() && super::words().city_cues.contains_token(t)
}

/// Whether the key "a b" is in a list: the two words are joined in a buffer the thread
/// keeps, not a `String` made per name and neighbour.
fn pair_in(list: &WordList, a: &str, b: &str) -> bool {
    thread_local!(static PAIR: RefCell<String> = const { RefCell::new(String::new()) });
    if !list.may_contain_pair(a, b) {
        return false;
    }
    PAIR.with_borrow_mut(|key| {
        key.clear();
        key.push_str(a);
        key.push(' ');
        key.push_str(b);
        list.contains_key(key)
    })
}

/// Whether a folded word is an article that starts generic phrases ("the city").
pub(super) fn stop_article(key: &str) -> bool {
    matches!(key, "the" | "a" | "an" | "this" | "that")
}

#[cfg(test)]
mod tests {
    use super::super::tests::found;
    use super::{demonym_countries, demonyms};

    /// The gates before the demonym maps let every demonym and first word through.
    #[test]
    fn demonym_gates_pass_every_key() {
        let d = demonyms();
        assert!(d.map.len() > 100);
        for (key, codes) in &d.map {
            assert_eq!(demonym_countries(key), codes.as_slice(), "{key}");
            assert!(d.starts(key.split(' ').next().unwrap()), "{key}");
        }
        for t in crate::text::tokenize("Russian forces, the Canadians and South Africans; Kharkiv")
        {
            assert_eq!(d.starts_token(&t), d.starts(&t.key), "{}", t.key);
        }
        assert!(demonym_countries("kharkiv").is_empty());
        assert!(!d.starts("kharkiv"));
    }

    /// Words that are not places (issue 13): organisations, armed groups, holidays, generic
    /// phrases, people, and names inside longer names; each with a place that must stay.
    #[test]
    fn non_places_need_evidence() {
        let cases: &[(&str, &[&str])] = &[
            ("Wagner fighters left Bakhmut.", &["Bakhmut"]),
            ("The Taliban took Kabul.", &["Kabul"]),
            ("Hamas fighters crossed into Israel.", &["Israel"]),
            ("United Russia won the vote in Murmansk.", &["Murmansk"]),
            ("The village was shelled overnight.", &[]),
            ("The city was prepared for a flood.", &[]),
            ("Crowds celebrated Independence Day in Kyiv.", &["Kyiv"]),
            ("Safety first on St. Patrick's Day in Boston.", &["Boston"]),
            ("Police Capt. Roy A. Nelson said the road was closed.", &[]),
            ("Smith said the fire started in Clifton.", &["Clifton"]),
            ("Kristina and Tim Jones refer to their daughter.", &[]),
            (
                "He drove himself to Mercy Medical Center in Urbana.",
                &["Urbana"],
            ),
            ("Their red 1991 Honda broke down in Dallas.", &["Dallas"]),
            (
                "Clifton is a town in Greenlee County, Arizona.",
                &["Clifton", "Greenlee County", "Arizona"],
            ),
            ("Flooding hit the Texas city on Monday.", &["Texas"]),
            // An institution named after its place names the place; an outlet does not.
            (
                "Gainesville Police said the road was closed.",
                &["Gainesville"],
            ),
            ("The Ohio Department of Education agreed.", &["Ohio"]),
            ("The Washington Post reported it.", &[]),
            // Demonyms are mentions of their country, unless part of a longer name.
            ("Russian forces shelled Kharkiv.", &["Russian", "Kharkiv"]),
            ("American Airlines flew to Kyiv.", &["Kyiv"]),
            ("Central American migrants reached Texas.", &["Texas"]),
            ("Ships crossed the Indian Ocean to Mombasa.", &["Mombasa"]),
        ];
        for (text, want) in cases {
            assert_eq!(found(text), *want, "in {text:?}");
        }
    }
}
