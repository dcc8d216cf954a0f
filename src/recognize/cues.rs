//! The kind of place the words around a name ask for ("Kharkiv Oblast", "the city of X",
//! "м. Харків"): see [`Cue`].

use super::filters::stop_article;
use super::{Ctx, Cue, Words};
use crate::text::{Case, Token};

/// The cue of the name of tokens `i..i + n`, if the words around it give one.
pub(super) fn cue_of(ctx: &Ctx<'_>, i: usize, n: usize) -> Option<Cue> {
    let tokens = ctx.tokens;
    let same = |t: usize| ctx.sent_of[t] == ctx.sent_of[i];
    let w = ctx.w;
    let word_cue = |t: &Token| word_cue(w, t);
    // The name itself ends in a cue word ("Kharkiv Oblast", "Cook County").
    if n > 1 {
        if let Some(c) = word_cue(&tokens[i + n - 1]) {
            return Some(c);
        }
    }
    // "X Oblast", "X region", "X district", "X city".
    if let Some(nx) = tokens.get(i + n) {
        if same(i + n) {
            // Read only after a cue word (most names have none after them).
            let of_follows = || {
                tokens
                    .get(i + n + 1)
                    .is_some_and(|t| w.of_words.contains_token(t))
            };
            // "the Texas city": a city in Texas, not a city named Texas.
            let adjective = || i >= 1 && same(i - 1) && stop_article(&tokens[i - 1].key);
            if let Some(c) = word_cue(nx)
                .filter(|_| !of_follows())
                .filter(|&c| !(c == Cue::City && adjective()))
            {
                return Some(c);
            }
            // "Kharkiv and Odesa oblasts": the plural cue after the next name applies too.
            if w.conjunctions.contains_token(nx) {
                if let (Some(a), Some(b)) = (tokens.get(i + n + 1), tokens.get(i + n + 2)) {
                    if same(i + n + 2) && a.case == Case::Title && b.key.ends_with('s') {
                        if let Some(c) = word_cue(b) {
                            return Some(c);
                        }
                    }
                }
            }
        }
    }
    // "м. Харків", "місто Харків", "с. Кліщіївка", "г. Белгород".
    if i >= 1 && same(i - 1) && w.city_before_cues.contains_token(&tokens[i - 1]) {
        return Some(Cue::City);
    }
    // "the city of X", "the region of X", "the Shevchenkivskyi district of X" (region words).
    if i >= 2 && same(i - 2) && w.of_words.contains_token(&tokens[i - 1]) {
        if let Some(c) = word_cue(&tokens[i - 2]) {
            return Some(c);
        }
        if w.city_of_cues.contains_token(&tokens[i - 2]) {
            return Some(Cue::City);
        }
    }
    None
}

/// The cue a word itself gives ("oblast", "district", "city"). Inlined into `cue_of`: a call
/// per word asked cost more than its three gates.
#[inline(always)]
fn word_cue(w: &Words, t: &Token) -> Option<Cue> {
    if w.region_cues.contains_token(t) {
        Some(Cue::Region)
    } else if w.district_cues.contains_token(t) {
        Some(Cue::District)
    } else if w.city_cues.contains_token(t) {
        Some(Cue::City)
    } else {
        None
    }
}
