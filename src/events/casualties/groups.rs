//! Casualty counts given by group: "загинули двоє дітей і жінка" (3), "погибли мужчина и
//! женщина" (2), "a woman and her two children were killed" (3), "загинули 31-річна жінка та
//! її дворічна донька" (2).
//!
//! A group list is two or more conjuncts joined by "і"/"та"/"и"/"and" (`and_words.tsv`), each
//! worth its number ("двоє дітей": 2) or one person (`casualty_persons.tsv`: "жінка",
//! "донька"; a pair word such as "супруги" is worth 2; a given name: "Олексій Вадатурський").
//! A conjunct worth nothing known ("у Харкові та Києві") makes the whole list no count, and
//! the sentence falls back to the plain number rules. A conjunct followed by another casualty
//! word is that word's subject ("загинули двоє і троє поранені"), not part of the list, and a
//! list before a casualty word starts after "ще"/"ещё" (`casualty_more.tsv`: "погиб один
//! человек и ещё двое ранены" counts 2 injured, not 3).

use crate::text::Token;

use super::{is_age, is_date_number, number_at, plain_gap, words};

/// Longest list read, in tokens.
const MAX_LIST: usize = 16;
/// Longest conjunct, in tokens ("засновник агрокомпанії «Нібулон» Олексій Вадатурський").
const MAX_CONJUNCT: usize = 6;

/// Whether punctuation that ends a list stands between token `j` and the next: anything
/// but spaces, apostrophes, hyphens and quotation marks.
fn clause_break(text: &str, toks: &[Token], j: usize) -> bool {
    toks.get(j + 1).is_some_and(|n| {
        !plain_gap(text, toks[j].end, n.start)
            && text[toks[j].end..n.start].chars().any(|c| {
                !(c.is_whitespace()
                    || matches!(c, '\'' | '’' | '-' | '«' | '»' | '"' | '“' | '”' | '„'))
            })
    })
}

fn is_and(t: &Token) -> bool {
    words().lists.and_words.contains_token(t)
}

/// How many people one conjunct names: its number (not an age or a date), else the value of
/// a person word ("жінка" 1, "супруги" 2), else 1 for a given name; `None` for anything else.
fn conjunct_value(text: &str, toks: &[Token], (a, b): (usize, usize)) -> Option<u32> {
    if a >= b || b - a > MAX_CONJUNCT {
        return None;
    }
    let w = words();
    let mut j = a;
    while j < b {
        if let Some((n, len)) = number_at(text, toks, j) {
            if !is_age(text, toks, j + len - 1) && !is_date_number(toks, j) && j + len <= b {
                return Some(n);
            }
            j += len;
            continue;
        }
        j += 1;
    }
    let given = w.lists.given_names;
    toks[a..b].iter().find_map(|t| {
        w.persons
            .token_word(t)
            .map(|v| v.parse().unwrap_or(1))
            .or_else(|| {
                (t.case != crate::text::Case::Lower && given.contains_token(t)).then_some(1)
            })
    })
}

/// Whether a word says an age ("річна", "дворічна", "11-летний" after its hyphen).
fn is_age_word(key: &str) -> bool {
    key.char_indices()
        .any(|(i, _)| words().ages.word(&key[i..]).is_some())
}

/// The conjuncts of one list, on the stack: a list has at most [`MAX_LIST`] and-words, so
/// at most one more conjunct (a vector allocated for them twice per casualty word).
struct Conjuncts {
    spans: [(usize, usize); MAX_LIST + 1],
    len: usize,
}

impl Conjuncts {
    fn new() -> Conjuncts {
        Conjuncts {
            spans: [(0, 0); MAX_LIST + 1],
            len: 0,
        }
    }

    fn push(&mut self, span: (usize, usize)) {
        self.spans[self.len] = span;
        self.len += 1;
    }

    fn pop(&mut self) {
        self.len = self.len.saturating_sub(1);
    }

    fn as_slice(&self) -> &[(usize, usize)] {
        &self.spans[..self.len]
    }
}

/// The sum over two or more conjuncts, each worth something.
fn sum(text: &str, toks: &[Token], conjuncts: &[(usize, usize)]) -> Option<u32> {
    if conjuncts.len() < 2 {
        return None;
    }
    conjuncts
        .iter()
        .map(|&c| conjunct_value(text, toks, c))
        .try_fold(0u32, |acc, v| acc.checked_add(v?))
}

/// A group list right after a casualty word ending at token `from`: "загинули двоє дітей і
/// жінка".
pub(super) fn group_after(text: &str, toks: &[Token], from: usize) -> Option<u32> {
    let w = words();
    if from == 0 || clause_break(text, toks, from - 1) {
        return None;
    }
    let mut conjuncts = Conjuncts::new();
    let (mut start, mut j) = (from, from);
    let mut before_casualty = false;
    while j < toks.len() && j < from + MAX_LIST {
        if w.casualty.at(toks, j).is_some() {
            before_casualty = true;
            break;
        }
        if is_and(&toks[j]) {
            conjuncts.push((start, j));
            start = j + 1;
        }
        let end = clause_break(text, toks, j);
        j += 1;
        if end {
            break;
        }
    }
    conjuncts.push((start, j));
    if before_casualty {
        // "загинули двоє і троє поранені": the last conjunct is the next word's subject.
        conjuncts.pop();
    }
    sum(text, toks, conjuncts.as_slice())
}

/// A group list right before the casualty word at token `at`, over fillers ("were",
/// "були"): "двоє дітей і жінка загинули", "a man and his wife were killed".
pub(super) fn group_before(text: &str, toks: &[Token], at: usize) -> Option<u32> {
    let w = words();
    let (modifiers, given, more) = (w.lists.modifiers, w.lists.given_names, w.lists.more);
    let end = at;
    let fits = |t: &Token| {
        w.fillers.token_word(t).is_some()
            || w.persons.token_word(t).is_some()
            || modifiers.contains_token(t)
            || is_age_word(&t.key)
            || is_and(t)
            || t.key.bytes().all(|b| b.is_ascii_digit())
            || given.contains_token(t)
            || t.case != crate::text::Case::Lower
    };
    let mut start = end;
    while start > 0
        && start + MAX_LIST > end
        && !clause_break(text, toks, start - 1)
        && w.casualty.at(toks, start - 1).is_none()
        && !more.contains_token(&toks[start - 1])
        && (fits(&toks[start - 1]) || number_at(text, toks, start - 1).is_some())
    {
        start -= 1;
    }
    while start < end && is_and(&toks[start]) {
        start += 1;
    }
    let mut conjuncts = Conjuncts::new();
    let mut a = start;
    for (j, t) in toks.iter().enumerate().take(end).skip(start) {
        if is_and(t) {
            conjuncts.push((a, j));
            a = j + 1;
        }
    }
    conjuncts.push((a, end));
    sum(text, toks, conjuncts.as_slice())
}
