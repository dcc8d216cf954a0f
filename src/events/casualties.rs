//! Casualty figures and number words, in every language with a lexicon.
//!
//! Words come from `casualty.tsv` / `casualty_stems.tsv` (killed or injured, and whether the
//! number follows the word: "killing two"), `casualty_fillers.tsv` (words that may stand
//! between: "two *people were* killed") and `numbers.tsv` (cardinals and collective numerals:
//! "two", "двоє", "п'ятеро").
//!
//! ```
//! use eventmap::events::casualties::casualties;
//! assert_eq!(casualties("That attack killed two people and wounded 62."), (Some(2), Some(62)));
//! assert_eq!(casualties("Загинули п'ятеро дітей, ще 12 людей поранено."), (Some(5), Some(12)));
//! ```

use std::sync::OnceLock;

use crate::lexicon::{Lexicon, WordList};
use crate::text::{tokenize, Token};

use super::vocab::Matcher;

mod groups;

struct Words {
    casualty: Matcher,
    fillers: Matcher,
    numbers: Matcher,
    subsets: Matcher,
    totals: Matcher,
    none: Matcher,
    ages: Matcher,
    persons: Matcher,
    singular: Matcher,
    not_counts: Matcher,
    not_this_event: Matcher,
    asides: Matcher,
    /// Plain lists, looked up by name once: a look-up by name hashes the name, and these are
    /// asked about several words of every sentence with a casualty word.
    lists: Lists,
}

/// The plain word lists the casualty rules read.
struct Lists {
    and_words: &'static WordList,
    given_names: &'static WordList,
    modifiers: &'static WordList,
    more: &'static WordList,
    locatives: &'static WordList,
    months: &'static WordList,
}

fn words() -> &'static Words {
    static W: OnceLock<Words> = OnceLock::new();
    W.get_or_init(|| Words {
        casualty: Matcher::load("casualty"),
        fillers: Matcher::load("casualty_fillers"),
        numbers: Matcher::load("numbers"),
        subsets: Matcher::load("casualty_subsets"),
        totals: Matcher::load("casualty_totals"),
        none: Matcher::load("casualty_none"),
        ages: Matcher::load("casualty_ages"),
        persons: Matcher::load("casualty_persons"),
        singular: Matcher::load("casualty_singular"),
        not_counts: Matcher::load("casualty_not_counts"),
        not_this_event: Matcher::load("casualty_not_this_event"),
        asides: Matcher::load("casualty_asides"),
        lists: {
            let lex = Lexicon::all();
            Lists {
                and_words: lex.list("and_words"),
                given_names: lex.list("given_names"),
                modifiers: lex.list("casualty_modifiers"),
                more: lex.list("casualty_more"),
                locatives: lex.list("locatives"),
                months: lex.list("months"),
            }
        },
    })
}

/// Parses a number written as digits ("62", "1,200") or words ("two", "twenty-one", "двоє").
pub fn parse_number(word: &str) -> Option<u32> {
    let toks = tokenize(word);
    match number_at(word, &toks, 0) {
        Some((n, len)) if len == toks.len() => Some(n),
        _ => None,
    }
}

/// The number starting at token `i` and how many tokens it takes: digits with thousands
/// separators ("1,200"), number words, and tens joined to units ("twenty-one", "двадцять два").
fn number_at(text: &str, toks: &[Token], i: usize) -> Option<(u32, usize)> {
    let t = toks.get(i)?;
    let gap = |j: usize| toks.get(j + 1).map(|n| &text[toks[j].end..n.start]);
    if t.key.bytes().all(|b| b.is_ascii_digit()) {
        let mut n: u32 = t.key.parse().ok()?;
        let mut len = 1;
        // "1,200": a comma and exactly three digits.
        while let (Some(","), Some(next)) = (gap(i + len - 1), toks.get(i + len)) {
            if next.key.len() != 3 || !next.key.bytes().all(|b| b.is_ascii_digit()) {
                break;
            }
            n = n.checked_mul(1000)?.checked_add(next.key.parse().ok()?)?;
            len += 1;
        }
        return Some((n, len));
    }
    let hit = words().numbers.at(toks, i)?;
    let n: u32 = hit.value.parse().ok()?;
    if (20..100).contains(&n) && n % 10 == 0 {
        let end = i + hit.len - 1;
        if matches!(gap(end), Some("-" | " ")) {
            if let Some(unit) = words().numbers.at(toks, end + 1) {
                if let Some(u) = unit
                    .value
                    .parse::<u32>()
                    .ok()
                    .filter(|u| (1..10).contains(u))
                {
                    return Some((n + u, hit.len + unit.len));
                }
            }
        }
    }
    Some((n, hit.len))
}

/// Casualty figures of a sentence: (killed, injured).
pub fn casualties(sentence: &str) -> (Option<u32>, Option<u32>) {
    casualties_in(sentence, &tokenize(sentence))
}

/// [`casualties`] over the sentence's tokens (offsets into `text`).
///
/// A sentence that counts beyond one event gives nothing (`casualty_not_this_event.tsv`: "з
/// початку війни", "за добу", "since the start of the war"). Then per casualty word, in this
/// order: a word of a subset before it ("серед загиблих п'ятеро дітей") or of a non-count
/// ("поминки за загиблим військовим", `casualty_not_counts.tsv`) gives nothing; a word of none
/// around it ("загиблих немає", "без жертв") gives 0 (both figures for a word of victims of
/// any kind: "пострадавших нет"); a running total ("кількість загиблих зросла до 23") gives
/// the new total; a list of groups before or after it ("двоє дітей і жінка", see
/// [`groups`]) their sum; else the number before it, else the number after it, else 1 for a
/// verb in the singular ("погиб военкор").
pub fn casualties_in(text: &str, toks: &[Token]) -> (Option<u32>, Option<u32>) {
    let w = words();
    let (mut killed, mut injured) = (None, None);
    // Most sentences have no casualty word: they need no look for words of another event.
    let hits = w.casualty.find(toks);
    if hits.is_empty() || w.not_this_event.any(toks) {
        return (None, None);
    }
    for hit in hits {
        let mut cols = hit.value.split('\t');
        let is_killed = cols.next() == Some("killed");
        let forward_only = cols.next() == Some("forward");
        let any_victim = cols.next() == Some("any");
        let slot = if is_killed { &mut killed } else { &mut injured };
        if slot.is_some() {
            continue;
        }
        let before = |k: usize| hit.at.checked_sub(k).map(|j| &toks[j]);
        if before(1).is_some_and(|t| {
            w.subsets.token_word(t).is_some() || w.not_counts.token_word(t).is_some()
        }) {
            continue;
        }
        if no_casualties(text, toks, hit.at, hit.len) {
            *slot = Some(0);
            if any_victim {
                killed = killed.or(Some(0));
            }
            continue;
        }
        let after = hit.at + hit.len;
        let total = before(1)
            .is_some_and(|t| w.totals.token_word(t) == Some("count"))
            .then(|| running_total(text, toks, after))
            .flatten();
        let (group, before) = if forward_only {
            (None, None)
        } else {
            (
                groups::group_before(text, toks, hit.at),
                number_before(text, toks, hit.at, false),
            )
        };
        let one = (hit.len == 1 && w.singular.token_word(&toks[hit.at]).is_some()).then_some(1);
        *slot = total
            .or(group)
            .or_else(|| groups::group_after(text, toks, after))
            .or(before)
            .or_else(|| number_after(text, toks, after))
            .or_else(|| {
                (!forward_only)
                    .then(|| number_before(text, toks, hit.at, true))
                    .flatten()
            })
            .or(one);
    }
    (killed, injured)
}

/// "загиблих немає", "жертв не було", "без загиблих і поранених", "никто не пострадал": a word
/// of none right after the casualty word (and no number after it), or right before it, over
/// other casualty words and "і"/"и".
fn no_casualties(text: &str, toks: &[Token], at: usize, len: usize) -> bool {
    let w = words();
    let none_at = |j: usize| w.none.at(toks, j);
    let after = at + len;
    if none_at(after).is_some() && !breaks(text, toks, after - 1) {
        let number_follows =
            (after..after + 4).any(|j| j < toks.len() && number_at(text, toks, j).is_some());
        if !number_follows {
            return true;
        }
    }
    let mut j = at;
    for _ in 0..3 {
        let Some(prev) = j.checked_sub(1) else {
            return false;
        };
        if breaks(text, toks, prev) {
            return false;
        }
        // "ніхто не постраждав": a two-word phrase ends right before.
        if none_at(prev).is_some_and(|h| prev + h.len == j)
            || prev
                .checked_sub(1)
                .and_then(none_at)
                .is_some_and(|h| prev - 1 + h.len == j)
        {
            return true;
        }
        let joins = matches!(toks[prev].key.as_str(), "і" | "й" | "та" | "и");
        if !joins && w.casualty.token_word(&toks[prev]).is_none() {
            return false;
        }
        j = prev;
    }
    false
}

/// "зросла до 23": the number after the first "до" of the clause (not a date: "до 2 березня").
fn running_total(text: &str, toks: &[Token], from: usize) -> Option<u32> {
    let w = words();
    let mut j = from;
    while j + 1 < toks.len() && j < from + 30 {
        if j > from && text[toks[j - 1].end..toks[j].start].contains([';', '.']) {
            return None;
        }
        if w.totals.token_word(&toks[j]) == Some("to") && !is_date_number(toks, j + 1) {
            if let Some((n, _)) = number_at(text, toks, j + 1) {
                return Some(n);
            }
        }
        j += 1;
    }
    None
}

/// Whether token `j` is the day of a date ("January 2", "2 Jan."), not a count.
fn is_date_number(toks: &[Token], j: usize) -> bool {
    let calendar = |k: Option<usize>| {
        k.and_then(|k| toks.get(k))
            .is_some_and(|t| crate::text::is_calendar_word(&t.key))
    };
    toks[j].key.bytes().all(|b| b.is_ascii_digit())
        && (calendar(j.checked_sub(1)) || calendar(Some(j + 1)))
}

fn is_month(t: &Token) -> bool {
    words().lists.months.contains_token(t)
}

/// Whether the number at token `j` is an age ("31-річна жінка", "11-летний мальчик").
fn is_age(text: &str, toks: &[Token], j: usize) -> bool {
    toks.get(j + 1)
        .is_some_and(|n| &text[toks[j].end..n.start] == "-" && words().ages.token_word(n).is_some())
}

/// Whether the text from byte `from` to `to` between two tokens is nothing or one space: most
/// gaps are, and neither breaks a clause, told without decoding the gap's characters.
#[inline]
fn plain_gap(text: &str, from: usize, to: usize) -> bool {
    to == from || (to == from + 1 && text.as_bytes()[from] == b' ')
}

/// Whether punctuation other than an apostrophe, a hyphen or a dash stands between token `j`
/// and the next (a dash joins a figure to its word: "поранених — 12", "ще чотири — поранені").
fn breaks(text: &str, toks: &[Token], j: usize) -> bool {
    toks.get(j + 1).is_some_and(|n| {
        !plain_gap(text, toks[j].end, n.start)
            && text[toks[j].end..n.start]
                .chars()
                .any(|c| !(c.is_whitespace() || matches!(c, '\'' | '’' | '-' | '–' | '—')))
    })
}

/// "two people were killed": up to four tokens back, over fillers and over an aside between
/// commas ("24 civilians, including 13 children, were killed"). `loose` also passes one other
/// word right after the number ("274 Palestinians were killed", "двоє українських військових
/// загинули"); it is tried after the number that follows the casualty word.
fn number_before(text: &str, toks: &[Token], at: usize, loose: bool) -> Option<u32> {
    let w = words();
    let mut j = at;
    let mut unknown: Option<usize> = None;
    let mut crossed_aside = false;
    for _ in 0..5 {
        j = j.checked_sub(1)?;
        if breaks(text, toks, j) {
            j = aside_start(text, toks, j)?.checked_sub(1)?;
            crossed_aside = true;
        }
        if is_date_number(toks, j) {
            return None;
        }
        // A number may take two tokens ("п'ятеро", "1,200"): try the one starting here and
        // the one starting a token earlier.
        for start in [j, j.saturating_sub(1), j.saturating_sub(2)] {
            if let Some((n, len)) = number_at(text, toks, start) {
                // Not a year after a preposition ("in 2022 soldiers were killed"); loosely, no
                // year at all, nor a day ("Jan. 2").
                let after_prep = start
                    .checked_sub(1)
                    .is_some_and(|p| w.lists.locatives.contains_token(&toks[p]));
                let year = ((1900..=2100).contains(&n) && (unknown.is_some() || after_prep))
                    || (unknown.is_some()
                        && start.checked_sub(1).is_some_and(|p| is_month(&toks[p])));
                if start + len == j + 1
                    && !is_age(text, toks, j)
                    && !year
                    && unknown.is_none_or(|u| u == j + 1)
                {
                    // Across an aside, a number that another casualty word already counts
                    // belongs to that clause ("Погибли 34 человека, в том числе двое детей,
                    // ранены 117": 117 injured, not 34).
                    if crossed_aside && counted_before(toks, start) {
                        return None;
                    }
                    return Some(n);
                }
            }
        }
        // "погибла женщина", "их дочь получила ранения": one person, over fillers.
        if let Some(v) = w.persons.token_word(&toks[j]).filter(|_| unknown.is_none()) {
            return Some(v.parse().unwrap_or(1));
        }
        if w.fillers.token_word(&toks[j]).is_none() {
            if !loose || unknown.is_some() {
                return None;
            }
            unknown = Some(j);
        }
    }
    None
}

/// Whether a casualty word ends right before token `start` ("погибли 34", "killed 34").
fn counted_before(toks: &[Token], start: usize) -> bool {
    (start.saturating_sub(3)..start).any(|k| {
        words()
            .casualty
            .at(toks, k)
            .is_some_and(|h| h.at + h.len == start)
    })
}

/// The first token of an aside that ends with token `last` and a comma: ", including 13
/// children,", ", five of them children,", ", серед них троє дітей," (`casualty_asides.tsv`).
fn aside_start(text: &str, toks: &[Token], last: usize) -> Option<usize> {
    let w = words();
    let mut s = last;
    for _ in 0..8 {
        let prev = s.checked_sub(1)?;
        if breaks(text, toks, prev) {
            return (s..=last)
                .any(|k| w.asides.at(toks, k).is_some())
                .then_some(s);
        }
        s = prev;
    }
    None
}

/// "killed two people", "wounded at least 62": up to three tokens on, over fillers and ages
/// ("ранен 11-летний мальчик"); one person named in the singular counts 1 ("погибла женщина").
fn number_after(text: &str, toks: &[Token], from: usize) -> Option<u32> {
    let w = words();
    let mut j = from;
    let mut steps = 0;
    while steps < 3 {
        toks.get(j)?;
        if (j > 0 && breaks(text, toks, j - 1)) || is_date_number(toks, j) {
            return None;
        }
        if let Some((n, len)) = number_at(text, toks, j) {
            if is_age(text, toks, j + len - 1) {
                j += len + 1;
                steps += 1;
                continue;
            }
            return Some(n);
        }
        if let Some(v) = w.persons.token_word(&toks[j]) {
            return Some(v.parse().unwrap_or(1));
        }
        w.fillers.token_word(&toks[j])?;
        j += 1;
        steps += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_words() {
        for (w, n) in [
            ("two", 2),
            ("62", 62),
            ("1,200", 1200),
            ("twenty-one", 21),
            ("Three", 3),
            ("двоє", 2),
            ("п'ятеро", 5),
            ("п’ятеро", 5),
            ("двадцять два", 22),
            ("трое", 3),
            ("пятеро", 5),
        ] {
            assert_eq!(parse_number(w), Some(n), "{w}");
        }
        assert_eq!(parse_number("several"), None);
        assert_eq!(parse_number("a"), None);
    }

    /// The plain gap test agrees with the gap's text, on gaps of spaces, punctuation and
    /// nothing (the lists' token look-ups are tested with the lexicon, on this text too).
    #[test]
    fn gaps_agree_with_plain_ones() {
        let text = crate::lexicon::CASUALTY_TEXT;
        let toks = tokenize(text);
        for j in 0..toks.len() {
            let gap = toks.get(j + 1).map_or("x", |n| &text[toks[j].end..n.start]);
            let plain = gap.chars().all(|c| c == ' ') && gap.len() <= 1;
            assert_eq!(
                toks.get(j + 1)
                    .is_some_and(|n| plain_gap(text, toks[j].end, n.start)),
                plain,
                "{gap:?}"
            );
        }
    }

    /// (killed, injured).
    type Figures = (Option<u32>, Option<u32>);

    /// Each sentence has its figures.
    fn check(cases: &[(&str, Figures)]) {
        for &(s, want) in cases {
            assert_eq!(casualties(s), want, "{s}");
        }
    }

    /// English figures: killed and injured, in either order and voice.
    #[test]
    fn casualty_forms() {
        check(&[
            (
                "Two people were killed and 62 more injured as a result.",
                (Some(2), Some(62)),
            ),
            (
                "That attack killed two people and wounded 62, officials said.",
                (Some(2), Some(62)),
            ),
            ("At least five civilians were wounded.", (None, Some(5))),
            ("The strike killed at least 11 people.", (Some(11), None)),
            (
                "Rockets slammed into a school, killing two.",
                (Some(2), None),
            ),
            ("Missiles hit the city.", (None, None)),
            (
                "A Russian missile strike on Kharkiv on January 2 killed 12 people.",
                (Some(12), None),
            ),
            (
                "The strike on 2 Jan. killed three and injured 5.",
                (Some(3), Some(5)),
            ),
            ("The Jan. 2 strike killed nobody.", (None, None)),
        ]);
    }

    /// Ukrainian: collective numerals, inflected casualty words, either order.
    #[test]
    fn casualty_forms_in_ukrainian() {
        check(&[
            ("Загинули п'ятеро дітей.", (Some(5), None)),
            ("Троє людей загинули, семеро поранені.", (Some(3), Some(7))),
            (
                "Внаслідок удару загинула одна людина, 12 осіб поранено.",
                (Some(1), Some(12)),
            ),
        ]);
    }

    /// Counts by group, family and pair words, asides, one word after a number.
    #[test]
    fn counts_by_group_and_aside() {
        check(&[
            ("Two children and a woman were killed.", (Some(3), None)),
            ("A man and his wife were killed.", (Some(2), None)),
            (
                "The strike killed a woman and her two children.",
                (Some(3), None),
            ),
            (
                "Two people were killed and a woman was injured.",
                (Some(2), Some(1)),
            ),
            (
                "Two naval drones hit the bridge, killing a couple; their daughter was injured.",
                (Some(2), Some(1)),
            ),
            (
                "24 civilians, including 13 children, were killed.",
                (Some(24), None),
            ),
            (
                "12 residents, five of them children, died.",
                (Some(12), None),
            ),
            (
                "The ministry said 274 Palestinians were killed.",
                (Some(274), None),
            ),
            ("In 2022 soldiers were killed there.", (None, None)),
            (
                "Seven people were killed, among them a mother and her three daughters.",
                (Some(7), None),
            ),
            ("A 31-year-old woman was killed.", (Some(1), None)),
        ]);
    }

    /// Totals beyond this event are none of its figures.
    #[test]
    fn totals_beyond_the_event() {
        check(&[
            (
                "Since the start of the war, 500 children have been killed.",
                (None, None),
            ),
            (
                "Over the past day, Russian shelling killed three civilians across the region.",
                (None, None),
            ),
        ]);
    }

    /// Russian figures, and (in Russian and Ukrainian) additional and hospitalised counts.
    #[test]
    fn casualty_forms_in_russian() {
        check(&[
            ("Погибли двое, ранены 14 человек.", (Some(2), Some(14))),
            ("Пострадали не менее 20 жителей.", (None, Some(20))),
            // An additional count after "ещё"/"ще" is its own figure, not one more conjunct.
            (
                "В Горловке погиб мужчина и ещё двое были ранены.",
                (Some(1), Some(2)),
            ),
            (
                "У Херсоні загинула одна людина і ще двоє поранені.",
                (Some(1), Some(2)),
            ),
            // Hospitalised people are injured.
            (
                "Погибли шесть человек, ещё 20 госпитализированы.",
                (Some(6), Some(20)),
            ),
            ("Семеро людей шпиталізовані з пораненнями.", (None, Some(7))),
        ]);
    }
}
