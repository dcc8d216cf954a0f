//! Rules `places` and `containers` of a sentence: which of its places are event places.

use super::*;

/// Mentions of a sentence, held inline: a sentence names a few places, and its rules build
/// several such lists per event sentence.
pub(super) type Mentions<'a> = smallvec::SmallVec<[&'a ResolvedMention; 4]>;
/// Places of a sentence with their mentions, held inline ([`Mentions`]).
pub(super) type Placed<'a> = smallvec::SmallVec<[(&'a ResolvedMention, PlaceId); 4]>;

impl<'a> Sentence<'a> {
    /// Rules `places` and `containers`: the event places of the sentence, one per place.
    pub(super) fn places(&self) -> Placed<'a> {
        let chosen = self.inner_places(self.candidate_places());
        let chosen = self.without_governments(chosen);
        // "Kurakhove, Pokrovsk district, Donetsk region": a name written as a division after a
        // town and a comma says where the town is, even where the gazetteer's divisions differ.
        let chosen: Mentions<'a> = chosen
            .iter()
            .copied()
            .filter(|m| !chosen.iter().any(|o| self.divides(o, m)))
            .collect();
        let places: Placed<'a> = chosen
            .into_iter()
            .filter_map(|m| Some((m, self.settlement_of(m)?)))
            .collect();
        self.without_containers(&places)
    }

    /// The mentions that may be event places: those of role `event`, with the located places
    /// inside them when they are only countries or regions; else the located places; else,
    /// with neither, the places after a locative (in Ukrainian and Russian, any place).
    fn candidate_places(&self) -> Mentions<'a> {
        let here: Mentions<'a> = self
            .mentions
            .iter()
            .filter(|m| m.mention.sentence == self.index && m.resolution.is_some())
            .filter(|m| !self.is_source(m))
            .collect();
        // Not a dateline ("KIEV (Reuters) -"): datelines are written in capitals.
        let plain = || {
            here.iter()
                .copied()
                .filter(|m| m.role == Role::Mention && !is_capitals(&m.mention.text))
        };
        let located: Mentions<'a> = plain().filter(|m| self.located(m)).collect();

        let mut chosen: Mentions<'a> = here
            .iter()
            .copied()
            .filter(|m| m.role == Role::Event)
            .collect();
        if chosen.is_empty() && located.is_empty() {
            // A report names its place after a locative, over any words ("тривали бої на
            // північних околицях Мар'їнки"), or in Ukrainian and Russian anywhere: its most
            // specific place, after the rules below.
            chosen = plain()
                .filter(|m| !self.english() || self.after_locative(m))
                .collect();
        } else if chosen.is_empty() {
            chosen = located;
        } else {
            let more = self.inside_coarse(&chosen, plain());
            chosen.extend(more);
        }
        chosen
    }

    /// "in Ukraine's Donetsk": a located place inside an event place that is only a country or
    /// region is more specific. Those of `plain` after a locative (over the possessive) inside
    /// one of `chosen`, when all of `chosen` are that coarse.
    fn inside_coarse(
        &self,
        chosen: &[&'a ResolvedMention],
        plain: impl Iterator<Item = &'a ResolvedMention>,
    ) -> Mentions<'a> {
        let id = |m: &ResolvedMention| m.resolution.as_ref().map(|r| r.place);
        let coarse = chosen
            .iter()
            .all(|c| id(c).is_some_and(|c| self.gaz.place(c).kind <= Kind::Admin2));
        let inside = |m: &&ResolvedMention| {
            coarse
                && chosen.iter().any(|c| match (id(c), id(m)) {
                    (Some(c), Some(m)) => self.gaz.contains(c, m),
                    _ => false,
                })
        };
        plain
            .filter(|m| self.after_locative(m))
            .filter(inside)
            .collect()
    }

    /// "Lyman, in the Donetsk region": the container only says where its inner place is.
    fn inner_places(&self, mut chosen: Mentions<'a>) -> Mentions<'a> {
        for m in chosen.iter_mut() {
            *m = m
                .resolution
                .as_ref()
                .and_then(|r| r.container_of)
                .and_then(|j| self.mentions.get(j))
                .filter(|inner| inner.resolution.is_some())
                .unwrap_or(m);
        }
        chosen
    }

    /// "Kiev says", "Kiev military", "Kiev's shelling of Donetsk": a government, not a place,
    /// when the sentence names another or it is a country or national capital.
    fn without_governments(&self, chosen: Mentions<'a>) -> Mentions<'a> {
        let seat = |m: &ResolvedMention| {
            m.resolution.as_ref().is_some_and(|r| {
                let p = self.gaz.place(r.place);
                p.kind == Kind::Country || p.is_capital()
            })
        };
        let placed: Mentions<'a> = chosen
            .iter()
            .copied()
            .filter(|m| !self.is_actor_like(m))
            .collect();
        if placed.is_empty() {
            chosen.into_iter().filter(|m| !seat(m)).collect()
        } else {
            placed
        }
    }

    /// Rule `containers`: the places, once each, without those that contain another of them
    /// or that name the region of the place before them ("Selydove, Donetsk").
    fn without_containers(&self, places: &[(&'a ResolvedMention, PlaceId)]) -> Placed<'a> {
        let gaz = self.gaz;
        let mut kept = Placed::new();
        for (i, &(m, id)) in places.iter().enumerate() {
            let shadowed = places.iter().any(|&(_, other)| {
                other != id
                    && (gaz.contains(id, other)
                        || self.city_holds(id, other)
                        || (gaz.place(id).kind == Kind::Country
                            && gaz.place(other).country_code == gaz.place(id).country_code))
            });
            let container = i > 0 && self.names_container_of(places[i - 1], (m, id));
            if !shadowed && !container && !kept.iter().any(|&(_, k)| k == id) {
                kept.push((m, id));
            }
        }
        kept
    }

    /// "по Киеву… в Дарницком районе": a city that is its own first-level division (Kyiv,
    /// Sevastopol) holds that division's districts, which the gazetteer does not put in it.
    fn city_holds(&self, city: PlaceId, part: PlaceId) -> bool {
        let gaz = self.gaz;
        let (c, d) = (gaz.place(city), gaz.place(part));
        c.kind == Kind::City
            && d.kind == Kind::Admin2
            && c.country_code == d.country_code
            && c.admin1_code == d.admin1_code
            && gaz
                .admin1(&c.country_code, &c.admin1_code)
                .is_some_and(|r| c.is_capital() || gaz.place(r).name == c.name)
    }
}
