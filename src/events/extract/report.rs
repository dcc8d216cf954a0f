//! A sentence's event reports: one per event place, and the rule that keeps an official's
//! town ("повідомив міський голова Києва", "Kharkiv Governor … said") from being one.

use super::*;

impl<'a> Sentence<'a> {
    /// The report of the event at one of the sentence's places.
    pub(super) fn report(
        &self,
        said: &Said<'_>,
        m: &ResolvedMention,
        place: PlaceId,
    ) -> EventReport {
        let (text, span, anchor) = (&self.doc.text, self.span, said.anchor);
        let (killed, hurt) = said.casualties;
        let (geo_precision, location_text) = self.precision(m, place);
        let (mut date, mut date_inferred) = self.date(m, anchor.is_some_and(|a| a.1));
        if date.is_none() {
            // A sentence with no date of its own: the document's (see `document_date`).
            if let Some((d, from)) =
                document_date(said.full_dates, m.mention.start, anchor.map(|a| a.0))
            {
                date = Some(d);
                date_inferred = from == DateSource::Published || anchor.is_some_and(|a| a.1);
            }
        }
        let country = country_name(self.gaz, place, said.countries);
        let first_trigger = said.hits.first().map_or(0, |h| h.at);
        let (actor1, actor2) = actors_in(self.toks, first_trigger, country);
        let cx = Context {
            toks: self.toks,
            country,
            actor1: actor1.as_deref(),
            actor2: actor2.as_deref(),
            fatalities: killed,
            injured: hurt,
        };
        let event_type = refine(said.event_type, said.triggers, &cx);
        EventReport {
            doc: self.doc.id.clone(),
            event_type,
            type_specific: said.type_specific,
            place,
            geo_precision,
            location_text,
            date,
            date_inferred,
            actor1,
            actor2,
            fatalities: killed,
            injured: hurt,
            weapons: said.weapons.clone(),
            sentence: span,
            sentence_text: text[span.0..span.1].to_string(),
        }
    }

    /// Rule `titles`: a place named in an official's title ("повідомив міський голова Києва",
    /// "Kharkiv Governor Oleh Syniehubov said") says whose official speaks. It is no event
    /// place when the sentence has another, nor when a report just before can take the
    /// sentence's figures; otherwise (the official's own town is the only place) it is.
    pub(super) fn untitled(&self, places: Placed<'a>, recent_report: bool) -> Placed<'a> {
        let titled: smallvec::SmallVec<[bool; 8]> =
            places.iter().map(|(m, _)| self.is_titled(m)).collect();
        if !titled.contains(&true) {
            return places;
        }
        if titled.iter().all(|&t| t) {
            return if recent_report { Placed::new() } else { places };
        }
        places
            .into_iter()
            .zip(titled)
            .filter(|(_, t)| !t)
            .map(|(p, _)| p)
            .collect()
    }

    /// Whether an official's title stands right before the mention ("губернатора Курской
    /// области", "mayor of Kyiv"; `events_titles`) or right after it ("Kyiv Mayor";
    /// `events_titles_after`).
    fn is_titled(&self, m: &ResolvedMention) -> bool {
        let w = words();
        let k = self.token_at(m.mention.start);
        let after = self.token_at(m.mention.end);
        self.phrase_ends_at(&w.titles, k) || w.titles_after.at(self.toks, after).is_some()
    }
}

/// The country of the last country code asked in one document (the code packed by
/// [`packed_code`]): a document's reports are most often in one country, and a look-up of
/// the country by its code costs hundreds of instructions.
pub(super) type Countries = Cell<Option<(u32, Option<PlaceId>)>>;

/// A country code of at most three bytes, with its length, in one number.
fn packed_code(code: &str) -> Option<u32> {
    let b = code.as_bytes();
    (b.len() <= 3).then(|| {
        b.iter()
            .enumerate()
            .fold((b.len() as u32) << 24, |x, (i, &c)| {
                x | u32::from(c) << (8 * i)
            })
    })
}

/// [`super::super::types::AdminContext::country_of`] borrowed from the gazetteer (no name copied per report),
/// through the document's memo of its last country: a place's country is the country place
/// itself or the one of its code, and none has the empty name.
fn country_name<'g>(gaz: &'g Gazetteer, place: PlaceId, memo: &Countries) -> &'g str {
    let p = gaz.place(place);
    if p.kind == Kind::Country {
        return &p.name;
    }
    let country = match packed_code(&p.country_code) {
        Some(code) => match memo.get() {
            Some((c, id)) if c == code => id,
            _ => {
                let id = gaz.country(&p.country_code);
                memo.set(Some((code, id)));
                id
            }
        },
        None => gaz.country(&p.country_code),
    };
    country.map_or("", |c| &gaz.place(c).name)
}

#[cfg(test)]
mod country_tests {
    use super::packed_code;

    /// Codes of up to three bytes pack to distinct numbers; longer ones are not packed.
    #[test]
    fn packed_codes_are_distinct() {
        let codes = ["", "U", "UA", "AU", "UAX", "RU", "R\0", "Ж"];
        let packed: Vec<u32> = codes.iter().map(|c| packed_code(c).unwrap()).collect();
        for (i, a) in packed.iter().enumerate() {
            for b in &packed[i + 1..] {
                assert_ne!(a, b, "{codes:?}");
            }
        }
        assert_eq!(packed_code("ABCD"), None);
    }
}
