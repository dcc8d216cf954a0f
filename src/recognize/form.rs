//! What the written form of a name and the words around it say before any place is weighed:
//! an abbreviation's final period, stop words, short and lower-case words, URLs, and the
//! names of people, organisations and weapons ("Washington Post", "President Nelson", "Alex
//! Richardson", "Iskander missiles").

use super::*;

impl Recognizer<'_> {
    /// The end of the name of tokens `i..i + n` (with an abbreviation's final period), or
    /// why its written form is no place name (a stop word, too short, lower case, in a URL).
    pub(super) fn written_form(
        &self,
        ctx: &Ctx<'_>,
        memo: &mut StepMemo,
        (i, n): (usize, usize),
        (key, not_alone): (&str, bool),
        candidates: &[PlaceId],
    ) -> Result<usize, Verdict> {
        let tokens = ctx.tokens;
        let first = &tokens[i];
        // A one-word name's stop word and demonym answers are the step memo's (`not_alone`).
        if (n == 1 && not_alone) || (n > 1 && demonym_country(key).is_some()) {
            return Err(Verdict::Not);
        }
        let end = self.name_end(ctx, memo, (i, n), key, candidates);
        let surface = &ctx.text[first.start..end];
        let letters = letters_up_to_four(surface);
        if quoted_name(ctx.text, first.start, end) && !self.named_in_quotes(candidates) {
            return Err(Verdict::Not);
        }
        // Short words: only upper-case abbreviations of countries and regions ("US", "UK").
        if letters <= 1 {
            return Err(Verdict::Not);
        }
        // The candidates are read only for an abbreviation's form (most names are not).
        let abbreviation = || {
            let upper = surface
                .chars()
                .filter(|&c| is_alphabetic(c))
                .all(is_uppercase);
            (upper || surface.ends_with('.'))
                && candidates.iter().any(|&id| {
                    matches!(
                        self.gaz.place(id).kind,
                        Kind::Continent | Kind::Country | Kind::Admin1 | Kind::Other
                    )
                })
        };
        // Three letters or fewer is mostly a word, an initialism or a name part in English; in
        // Ukrainian and Russian it is also a case form of a city ("центр Сум", "в Уфе") or a
        // short city name ("Рим"): kept mid-sentence for a city of 100,000 or more.
        let short_city = || {
            !ctx.latin
                && !ctx.sentence_start(i)
                && n == 1
                && first.case == Case::Title
                && !surface.is_ascii()
                && candidates.iter().any(|&id| {
                    let p = self.gaz.place(id);
                    p.kind == Kind::City && p.population >= 100_000
                })
        };
        if letters <= 3 && !abbreviation() && !short_city() {
            return Err(Verdict::Not);
        }
        // Lower-case: only as a typo of a major place ("kyiv said"), never a word.
        if first.case == Case::Lower {
            let big = candidates.iter().any(|&id| is_big(self.gaz.place(id)));
            if n > 1 || !big || letters <= 3 {
                return Err(Verdict::Not);
            }
        }
        // A one-word name without a final period is one token's bytes, none a URL's.
        if in_url(ctx.text, first.start, end, n == 1 && end == first.end) {
            return Err(Verdict::Not);
        }
        Ok(end)
    }

    /// The end of the name of tokens `i..i + n`, keeping the final period of an abbreviation
    /// ("U.S.", "Calif.") when a place is written so.
    fn name_end(
        &self,
        ctx: &Ctx<'_>,
        memo: &mut StepMemo,
        (i, n): (usize, usize),
        key: &str,
        candidates: &[PlaceId],
    ) -> usize {
        let (first, last) = (&ctx.tokens[i], &ctx.tokens[i + n - 1]);
        let end = last.end;
        if !(ctx.text.as_bytes().get(end) == Some(&b'.')
            && (n > 1 || last.case == Case::Upper || key.len() <= 5))
        {
            return end;
        }
        let name_with_dot = &ctx.text[first.start..end + 1];
        // The answer for these places (their postings' address and length) is remembered.
        let asked = (candidates.as_ptr() as usize, candidates.len());
        let written_so = match memo.dotted.get(name_with_dot) {
            Some(&(at, len, so)) if (at, len) == asked => so,
            _ => {
                let so = self.written_with_dot(name_with_dot, candidates);
                memo.dotted
                    .insert(name_with_dot.into(), (asked.0, asked.1, so));
                so
            }
        };
        if written_so {
            end + 1
        } else {
            end
        }
    }

    /// Whether one of the places is written `name_with_dot` (a name and its period).
    fn written_with_dot(&self, name_with_dot: &str, candidates: &[PlaceId]) -> bool {
        // The candidates are the key's places. A major place has hundreds of alternate
        // names (inflected forms): one search of them all tells most that none is written so.
        candidates.iter().any(|&id| {
            let p = self.gaz.place(id);
            p.name == name_with_dot
                || (p.alt_names.contains(name_with_dot)
                    && p.alternate_names().any(|a| a == name_with_dot))
        })
    }

    /// Whether a name in quotes can still be one of these places: a major place, or a site,
    /// which is named in quotes too ("аэродром «Балтимор»", "«Азовсталь»").
    fn named_in_quotes(&self, candidates: &[PlaceId]) -> bool {
        candidates.iter().any(|&id| {
            let p = self.gaz.place(id);
            matches!(
                p.kind,
                Kind::Continent | Kind::Country | Kind::Admin1 | Kind::Landmark
            ) || p.is_capital()
                || p.population >= 1_000_000
        })
    }

    /// Whether the words around the name make it part of a person's or an organisation's
    /// name ("Washington Post", "President Nelson", "Alex Richardson") or a weapon's.
    pub(super) fn person_or_thing(
        &self,
        ctx: &Ctx<'_>,
        (i, n): (usize, usize),
        key: &str,
        end: usize,
        candidates: &[PlaceId],
        prev_accepted: bool,
    ) -> Result<(), Verdict> {
        self.word_after(ctx, (i, n), key, end, candidates)?;
        if self.after_title(ctx, (i, n), candidates) || after_given_name(ctx, i, prev_accepted) {
            return Err(Verdict::Person(vec![key.to_string()]));
        }
        Ok(())
    }

    /// Followed by an organisation head or a surname: not a place ("Washington Post",
    /// "Antony Blinken"); nor followed by a weapon ("Iskander missiles").
    fn word_after(
        &self,
        ctx: &Ctx<'_>,
        (i, n): (usize, usize),
        key: &str,
        end: usize,
        candidates: &[PlaceId],
    ) -> Result<(), Verdict> {
        let last = &ctx.tokens[i + n - 1];
        let Some(nx) = ctx.tokens.get(i + n) else {
            return Ok(());
        };
        if ctx.sent_of[i + n] != ctx.sent_of[i]
            || !is_space(ctx.text, last.end, nx.start)
            || end != last.end
        {
            return Ok(());
        }
        if matches!(nx.case, Case::Title | Case::Upper) {
            if ctx.w.org_heads.contains_token(nx) {
                return Err(Verdict::Not);
            }
            if self.surname_after(ctx, (i, n), nx) {
                return Err(Verdict::Person(vec![key.to_string(), nx.key.to_string()]));
            }
        }
        // "Iskander missiles": a weapon named after a place.
        if n == 1
            && ctx.w.weapon_heads.contains_token(nx)
            && !candidates.iter().any(|&id| {
                let p = self.gaz.place(id);
                matches!(p.kind, Kind::Country | Kind::Admin1) || p.population >= 200_000
            })
        {
            return Err(Verdict::Not);
        }
        Ok(())
    }

    /// Whether the capitalised word `nx` after a name of `n` words is a surname: after a given
    /// name, or in English any word that is not ordinary and not a major region.
    fn surname_after(&self, ctx: &Ctx<'_>, (i, n): (usize, usize), nx: &Token) -> bool {
        // Asked in order of cost: the name index is read last, for English text only.
        // A one-word name's key is its token's.
        let cue_word = is_cue_token(ctx.w, nx);
        if n == 1 && ctx.w.given_names.contains_token(&ctx.tokens[i]) && !cue_word {
            return true;
        }
        let ordinary = cue_word
            || is_common_word(&nx.key)
            || is_stop_token(ctx.w, nx)
            || !nx.key.chars().all(is_alphabetic);
        if !ctx.latin || ordinary {
            return false;
        }
        let next_is_region = nx.case == Case::Title && is_known_major(self.gaz, &nx.key);
        !next_is_region
    }

    /// After a title: a person ("Mr Johnson", "President Nelson"). Ukrainian and Russian
    /// name an official's city in the genitive ("мер Харкова", "мэр Горловки"): a city of
    /// 100,000 or more is that city there.
    fn after_title(&self, ctx: &Ctx<'_>, (i, n): (usize, usize), candidates: &[PlaceId]) -> bool {
        let Some(pv) = i.checked_sub(1).map(|p| &ctx.tokens[p]) else {
            return false;
        };
        let gap = &ctx.text.as_bytes()[pv.end..ctx.tokens[i].start];
        ctx.sent_of[i - 1] == ctx.sent_of[i]
            && (gap == b" " || gap == b". ")
            && ctx.w.titles.contains_token(pv)
            && n == 1
            && !candidates.iter().any(|&id| {
                let p = self.gaz.place(id);
                matches!(p.kind, Kind::Country | Kind::Admin1)
                    || p.is_capital()
                    || (!ctx.latin && p.kind == Kind::City && p.population >= 100_000)
            })
    }
}

/// Preceded by a given name: part of a person's name ("Alex Richardson").
fn after_given_name(ctx: &Ctx<'_>, i: usize, prev_accepted: bool) -> bool {
    let Some(pv) = i.checked_sub(1).map(|p| &ctx.tokens[p]) else {
        return false;
    };
    ctx.sent_of[i - 1] == ctx.sent_of[i]
        && is_space(ctx.text, pv.end, ctx.tokens[i].start)
        && pv.case == Case::Title
        && !prev_accepted
        && (ctx.w.given_names.contains_token(pv)
            || ctx.w.first_names.contains_token(pv)
            || (ctx.latin
                && !is_common_word(&pv.key)
                && !is_stop_token(ctx.w, pv)
                && !ctx.w.region_cues.contains_token(pv)
                && pv.key.chars().all(is_alphabetic)))
}

/// The letters of `s`, counted up to four (only "one or fewer" and "three or fewer" are
/// asked). ASCII bytes and two-byte Cyrillic letters (U+0400..U+047F, all alphabetic) are
/// told from their bytes; anything else from its char.
fn letters_up_to_four(s: &str) -> usize {
    let b = s.as_bytes();
    // Most names open with four ASCII letters ("Kyiv") or four two-byte Cyrillic letters
    // ("Київ": a 0xD0 or 0xD1 byte always leads one): told from one load, no byte loop.
    if b.first_chunk::<4>()
        .is_some_and(|h| ascii_letters4(u32::from_le_bytes(*h)))
    {
        return 4;
    }
    if b.first_chunk::<8>()
        .is_some_and(|h| u64::from_le_bytes(*h) & 0x00FE_00FE_00FE_00FE == 0x00D0_00D0_00D0_00D0)
    {
        return 4;
    }
    let (mut k, mut count) = (0, 0);
    while k < b.len() && count < 4 {
        match b[k] {
            x if x.is_ascii() => {
                count += usize::from(x.is_ascii_alphabetic());
                k += 1;
            }
            0xD0 | 0xD1 => {
                count += 1;
                k += 2;
            }
            _ => {
                // `k` is a char boundary: every byte before it was read whole.
                let rest = s[k..].chars().filter(|&c| is_alphabetic(c));
                return count + rest.take(4 - count).count();
            }
        }
    }
    count
}

/// Whether the four bytes of `w` are all ASCII letters: each byte, its case bit set, lies
/// in 'a'..='z' (sums without carries: a byte with its high bit set fails by itself).
fn ascii_letters4(w: u32) -> bool {
    let x = w | 0x2020_2020;
    let at_least_a = x.wrapping_add(0x1F1F_1F1F);
    let past_z = x.wrapping_add(0x0505_0505);
    at_least_a & !past_z & !x & 0x8080_8080 == 0x8080_8080
}

/// Whether the text between two words (`a..b`, char boundaries) is a single space: told
/// from its bytes, without a str slice's boundary checks.
fn is_space(text: &str, a: usize, b: usize) -> bool {
    let gap = &text.as_bytes()[a..b];
    gap == b" " || gap == "\u{a0}".as_bytes()
}

/// Population from which an adjectival place form before a noun is still the place
/// ("Покровської лікарні" stays Pokrovsk's hospital only with evidence below this).
const ADJECTIVE_PLACE_POPULATION: u64 = 10_000;

impl Recognizer<'_> {
    /// Whether a one-word Cyrillic name is an adjective modifying the lower-case noun right
    /// after it ("в районе Северной стороны", "на Північному вокзалі") and names only small
    /// places: then it needs evidence (a cue, the name elsewhere in the document). The
    /// agreeing endings are `data/lexicon/{uk,ru}/adjective_agreement.tsv`.
    pub(super) fn modifies_next_noun(
        &self,
        ctx: &Ctx<'_>,
        (i, n): (usize, usize),
        key: &str,
        candidates: &[PlaceId],
    ) -> bool {
        let tokens = ctx.tokens;
        let Some(nx) = tokens.get(i + n) else {
            return false;
        };
        if ctx.latin
            || n != 1
            || key.is_ascii()
            || ctx.sent_of[i + n] != ctx.sent_of[i]
            || !is_space(ctx.text, tokens[i].end, nx.start)
            || nx.case != Case::Lower
            || nx.key.is_ascii()
            || nx.key.chars().count() < 4
            || is_cue_token(ctx.w, nx)
            || is_stop_token(ctx.w, nx)
            || ctx.w.city_cues.contains_token(nx)
            || looks_like_verb(&nx.key)
        {
            return false;
        }
        let small = candidates.iter().all(|&id| {
            let p = self.gaz.place(id);
            p.kind == Kind::City && !p.is_capital() && p.population < ADJECTIVE_PLACE_POPULATION
        });
        small && agrees(key, &nx.key)
    }
}

/// Past-tense plural and reflexive verb endings ("загинули", "погибли", "сталося"), which some
/// noun endings of the agreement table would otherwise take for a noun.
fn looks_like_verb(key: &str) -> bool {
    ["ли", "ся", "сь", "ть"].iter().any(|e| key.ends_with(e))
}

/// Whether an adjective's ending and a noun's ending agree in case, in Ukrainian or Russian.
fn agrees(adjective: &str, noun: &str) -> bool {
    static TABLES: OnceLock<[&'static WordList; 2]> = OnceLock::new();
    let tables = TABLES.get_or_init(|| {
        [Lang::Uk, Lang::Ru].map(|lang| Lexicon::get(lang).list("adjective_agreement"))
    });
    tables.iter().any(|table| {
        // Endings of three letters, then two ("-ого" before "-ом").
        [3, 2].iter().any(|&len| {
            let Some((at, _)) = adjective.char_indices().rev().nth(len - 1) else {
                return false;
            };
            table
                .value_key(&adjective[at..])
                .is_some_and(|nouns| nouns.split('|').any(|e| noun.ends_with(e)))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The count by chars that `letters_up_to_four` stands for.
    fn letters_by_char(s: &str) -> usize {
        s.chars().filter(|&c| is_alphabetic(c)).take(4).count()
    }

    proptest! {
        #[test]
        fn letters_up_to_four_is_the_char_count(
            chars in proptest::collection::vec(proptest::sample::select(vec![
                'a', 'K', '.', ' ', '7', '-', 'Ѐ', 'я', 'Я', 'ѿ', 'Ҁ', '҂', '\u{483}', 'ґ', 'Ґ',
                'є', 'é', 'ß', '’', '«', '\u{a0}', '中', '😀', 'ӿ', '@', '[', '`', '{', 'Z', 'z',
                'A',
            ]), 0..12),
        ) {
            let s: String = chars.iter().collect();
            prop_assert_eq!(letters_up_to_four(&s), letters_by_char(&s), "{:?}", s);
        }
    }

    #[test]
    fn ascii_letters4_is_the_byte_test() {
        for b in 0..=255u8 {
            for at in 0..4 {
                let mut w = *b"KyiV";
                w[at] = b;
                let want = w.iter().all(u8::is_ascii_alphabetic);
                assert_eq!(ascii_letters4(u32::from_le_bytes(w)), want, "{w:?}");
            }
        }
    }

    #[test]
    fn letters_up_to_four_table() {
        for s in [
            "",
            "U.S.",
            "Kyiv",
            "Київ",
            "Рим",
            "a1b2c3",
            "ѠѡѢѣ",
            "҂҂я",
            "é",
            "Kraków",
            "中国",
            "Kyi",
            "K.yiv",
            "Київ-2",
            "Ки1в",
            "ґанок",
            "Ґ",
            "ЖЖЖЖЖЖЖЖ",
            "a\u{ff}bcd",
            "AZaz",
            "@[`{",
        ] {
            assert_eq!(letters_up_to_four(s), letters_by_char(s), "{s:?}");
        }
    }
}
