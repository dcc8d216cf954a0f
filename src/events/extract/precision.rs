//! Rule `precision` of a sentence: ACLED geo-precision of an event place, and the name of a
//! settlement or part of a town the gazetteer lacks ("the village of Krynky", "the Mawasi area of
//! Khan Younis").

use super::*;
use crate::text::is_calendar_word;

impl Sentence<'_> {
    /// Rule `precision`: ACLED geo-precision, and the unknown settlement behind a region.
    pub(super) fn precision(&self, m: &ResolvedMention, place: PlaceId) -> (u8, Option<String>) {
        let kind = self.gaz.place(place).kind;
        match kind {
            Kind::City | Kind::District | Kind::Landmark | Kind::Other => {
                // "the Mawasi area of Khan Younis": a part of the town the gazetteer lacks,
                // placed at the town (approximate coordinates).
                let part = self.unknown_place(m, true);
                let near = self.is_near(m) || part.is_some();
                (if near { 2 } else { 1 }, part)
            }
            Kind::Admin2 => (2, self.unknown_place(m, false)),
            Kind::Admin1 | Kind::Country | Kind::Continent => (3, self.unknown_place(m, false)),
            // A sea, river, island or macro-region: only the area is known.
            Kind::Island | Kind::Sea | Kind::River | Kind::Mountains | Kind::Region => {
                (3, self.unknown_place(m, false))
            }
        }
    }

    /// "near Avdiivka", "on the outskirts of the town of X", "під Харковом".
    fn is_near(&self, m: &ResolvedMention) -> bool {
        let w = words();
        let mut k = self.token_at(m.mention.start);
        for _ in 0..5 {
            let Some(prev) = k.checked_sub(1) else {
                return false;
            };
            if w.near.token_word(&self.toks[prev]).is_some()
                || (prev > 0 && w.near.at(self.toks, prev - 1).is_some_and(|h| h.len == 2))
            {
                return true;
            }
            if w.place_words.token_word(&self.toks[prev]).is_none() {
                return false;
            }
            k = prev;
        }
        false
    }

    /// A capitalised name that is no mention: "Krynky" in "Krynky, Kherson Oblast", "Krynky in
    /// Kherson Oblast", "Krynky (Kherson Oblast)", "the Mawasi area of Khan Younis", or after
    /// a settlement word anywhere in the sentence ("the village of Krynky", "село Кринки").
    /// For a town (`inside_town`) only "the X area of" counts: "Zelensky in Kyiv" is a person.
    fn unknown_place(&self, m: &ResolvedMention, inside_town: bool) -> Option<String> {
        let w = words();
        let name_token = |i: usize| {
            let t = &self.toks[i];
            i > 0
                && matches!(t.case, Case::Title | Case::Upper)
                && !self.in_mention(t)
                && !is_calendar_word(&t.key)
                && w.place_words.token_word(t).is_none()
                && w.triggers.token_word(t).is_none()
        };
        let name_from = |end: usize| {
            let mut start = end;
            while start > 0 && end - start < 2 && name_token(start - 1) {
                start -= 1;
            }
            self.doc.text[self.toks[start].start..self.toks[end].end].to_string()
        };
        let first = self.token_at(m.mention.start);
        // Right before the place: "Krynky, " / "Krynky in " / "Krynky (" / "Mawasi area of ".
        if let Some(before) = first.checked_sub(1) {
            let gap = &self.doc.text[self.toks[before].end..m.mention.start];
            let mut end = match gap.trim() {
                "," | "(" if !inside_town => Some(before),
                "" if w.locatives.token_word(&self.toks[before]).is_some() => before.checked_sub(1),
                _ => None,
            };
            let mut skipped = 0;
            while let Some(e) =
                end.filter(|&e| e > 0 && w.place_words.token_word(&self.toks[e]).is_some())
            {
                end = Some(e - 1);
                skipped += 1;
            }
            if let Some(e) = end.filter(|&e| name_token(e) && (skipped > 0 || !inside_town)) {
                return Some(name_from(e));
            }
        }
        if inside_town {
            return None;
        }
        // After a settlement word: "the village of Krynky".
        let settlement = |i: usize| {
            w.place_words
                .token_word(&self.toks[i])
                .is_some_and(|v| v == "settlement")
        };
        let name_after = |i: usize| {
            let j = if self.toks.get(i + 1).is_some_and(|t| t.key == "of") {
                i + 2
            } else {
                i + 1
            };
            (j < self.toks.len() && name_token(j)).then_some(j)
        };
        let j = (0..self.toks.len())
            .filter(|&i| settlement(i))
            .find_map(name_after)?;
        let mut end = j;
        while end + 1 < self.toks.len() && end - j < 2 && name_token(end + 1) {
            end += 1;
        }
        Some(self.doc.text[self.toks[j].start..self.toks[end].end].to_string())
    }
}
