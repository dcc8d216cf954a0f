//! Extraction: one document's sentences to [`EventReport`]s.
//!
//! A sentence goes through these rules, in order; the first that fails ends it:
//!
//! | rule | what it checks or sets |
//! |------|------------------------|
//! | `trigger` | a strong or weak word of `events_triggers` (any form: "slammed into", "set fire", "обстріляли", "прилёт") |
//! | `specific` | no word of `events_generic` ("previously", "зазвичай"): attacks in general are not one event |
//! | `type` | the sub-event type: the first in [`EventType`] order among strong and cue words, else among weak ones, refined by actors and outcomes ([`super::classify`]) |
//! | `places` | the sentence's `event`-role places; else places after a locative or a trigger word ("rallied in Tbilisi", "recaptured Robotyne"); none: the place of a heading ("Ізюм.") with no report since, else the casualty figures go to a report of the two sentences before (a sentence that gives figures or reports the event again keeps that report open for two more) |
//! | `containers` | drop places containing another place of the sentence ("Kharkiv" beside its district, "Donetsk" in "Selydove, Donetsk"; a city that is its own first-level division beside one of that division's districts: "по Киеву… в Дарницком районе") |
//! | `precision` | ACLED `geo_precision`: 1 a town, village, district or site; 2 near one (`events_near`) or a second-level division; 3 a region or country, keeping an unknown settlement's name in `location_text` |
//! | `date` | the date nearest before the place, else after it, not one of saying ("said on Jan. 4"), never a day after the given publication date ("29 серпня оголошено днем жалоби") |
//! | `figures` | actors, casualties and weapons of the sentence; with several places, each takes the figures of its own clause between semicolons when it has any; a death with no weapon of its own ("загинула одна людина") takes the type of the report just before |
//!
//! [`EventType`]: super::EventType

use std::cell::Cell;
use std::collections::BTreeSet;
use std::sync::OnceLock;

use crate::gazetteer::{Gazetteer, Kind, PlaceId};
use crate::roles::{ResolvedMention, Role};
use crate::text::{Analysis, Case, Date, Document, Token};

use super::actors::actors_in;
use super::casualties::casualties_in;
pub use super::classify::sentence_type;
use super::classify::{classify_parsed, parsed_hits, refine, Context, Triggers};
use super::dates::{
    document_date, infer_published, DateMention, DateScan, DateSource, PartialDate,
};
use super::types::EventReport;
use super::types::EventType;
use super::vocab::{Hit, Hits, Matcher};
use super::weapons::weapons_in;

mod places;
mod precision;
mod report;

use places::Placed;
use report::Countries;

struct Words {
    triggers: Matcher,
    generic: Matcher,
    near: Matcher,
    locatives: Matcher,
    place_words: Matcher,
    saying: Matcher,
    subject: Matcher,
    sources: Matcher,
    titles: Matcher,
    titles_after: Matcher,
    /// Words a heading may have beside its place names ("місто", "область", "г").
    heading_words: Matcher,
    /// `actor_nouns`, looked up by name once ("military", "forces").
    actor_nouns: &'static crate::lexicon::WordList,
}

fn words() -> &'static Words {
    static W: OnceLock<Words> = OnceLock::new();
    W.get_or_init(|| Words {
        triggers: Matcher::load_lists(&["events_triggers", "events_acled"]),
        generic: Matcher::load("events_generic"),
        near: Matcher::load("events_near"),
        locatives: Matcher::load("events_locatives"),
        place_words: Matcher::load("events_place_words"),
        saying: Matcher::load("events_saying"),
        subject: Matcher::load("events_subject"),
        sources: Matcher::load("events_sources"),
        titles: Matcher::load("events_titles"),
        titles_after: Matcher::load("events_titles_after"),
        heading_words: Matcher::load_lists(&[
            "city_before_cues",
            "events_place_words",
            "region_cues",
            "district_cues",
        ]),
        actor_nouns: crate::lexicon::Lexicon::all().list("actor_nouns"),
    })
}

/// The trigger vocabulary (`events_triggers`), for the other event modules.
pub(crate) fn trigger_words() -> &'static Matcher {
    &words().triggers
}

/// The event reports of one document. `mentions` are its resolved mentions in text order.
/// The second value is the publication date used (given or inferred) and whether inferred.
pub fn extract(
    gaz: &Gazetteer,
    doc: &Document,
    analysis: &Analysis,
    mentions: &[ResolvedMention],
) -> (Vec<EventReport>, Option<(Date, bool)>) {
    let anchor = match doc.published {
        Some(d) => Some((d, false)),
        None => infer_published(&doc.text).map(|d| (d, true)),
    };
    let mut x = Extraction {
        anchor,
        out: Vec::new(),
        last_event_sentence: None,
        heading: None,
        countries: Cell::default(),
    };
    // The document's dates, found as far as the event sentences need them (most documents
    // have no event sentence and need none). Each sentence reads only its own dates and
    // mentions: the work stays linear however many sentences there are.
    let mut scan: Option<DateScan> = None;
    let mut m_lo = 0;
    for (si, &span) in analysis.sentences.iter().enumerate() {
        while m_lo < mentions.len() && mentions[m_lo].mention.sentence < si {
            m_lo += 1;
        }
        let m_hi = m_lo + mentions[m_lo..].partition_point(|m| m.mention.sentence <= si);
        let s = Sentence {
            gaz,
            doc,
            span,
            toks: analysis.tokens_in(span),
            mentions: &mentions[m_lo..m_hi],
            dates: &[],
            index: si,
        };
        if !x.may_use(&s) {
            continue;
        }
        let Some(event) = x.event(&s) else {
            continue;
        };
        let scan = scan
            .get_or_insert_with(|| document_dates(&doc.text, anchor).with_tokens(&analysis.tokens));
        scan.scan_until(span.1);
        if scan.found().1.first().is_none_or(|d| d.end > span.0) {
            // No full date ends before the sentence: a place with no date of its own takes
            // the first one after it (`document_date`).
            scan.scan_to_full_date_from(span.1);
        }
        let (dates, full_dates) = scan.found();
        let d_lo = dates.partition_point(|d| d.start < span.0);
        let s = Sentence {
            dates: &dates[d_lo..d_lo + dates[d_lo..].partition_point(|d| d.start < span.1)],
            ..s
        };
        x.push_reports(&s, event, full_dates);
    }
    (x.out, anchor)
}

/// What extraction carries from one sentence of a document to the next.
struct Extraction<'a> {
    /// The publication date used, and whether it was inferred.
    anchor: Option<(Date, bool)>,
    out: Vec<EventReport>,
    /// (sentence index, report index) of the report that later figures may still join.
    last_event_sentence: Option<(usize, usize)>,
    /// The last sentence that names a place and nothing else ("Ізюм.", "Харьковская область,
    /// город Лозовая."), with its place.
    heading: Option<(usize, (&'a ResolvedMention, PlaceId))>,
    /// The country of the document's reports so far ([`Countries`]).
    countries: Countries,
}

/// An event sentence before its dates are read: its trigger hits, type and places.
struct Event<'a> {
    hits: Hits<'static>,
    /// The hits' types and strengths.
    triggers: Triggers,
    event_type: EventType,
    type_specific: bool,
    places: Placed<'a>,
}

impl<'a> Extraction<'a> {
    /// Whether sentence `s` can make or change a report (see [`Extraction::event`]): one with
    /// no resolved place only while a heading may place its event or a report close before
    /// may take its figures. Elsewhere its words are not read (most sentences name no place).
    fn may_use(&self, s: &Sentence<'_>) -> bool {
        let last = self.last_event_sentence;
        s.mentions.iter().any(|m| m.resolution.is_some())
            || last.is_some_and(|(psi, _)| s.index - psi <= 2)
            || self
                .heading
                .is_some_and(|(hi, _)| last.is_none_or(|(psi, _)| psi < hi))
    }

    /// The event sentence `s` reports, with its places (rules `trigger` to `containers`); or
    /// none, after its casualty figures joined the last report or it became the heading.
    fn event(&mut self, s: &Sentence<'a>) -> Option<Event<'a>> {
        let si = s.index;
        let hits = words().triggers.find(s.toks);
        let triggers = parsed_hits(&hits);
        let Some((mut event_type, type_specific)) = classify_parsed(&triggers) else {
            if let Some((k, place)) = s.heading() {
                self.heading = Some((si, (&s.mentions[k], place)));
            }
            self.join_figures(s, false);
            return None;
        };
        if words().generic.any(s.toks) {
            return None;
        }
        let last = self.last_event_sentence;
        let recent = last.is_some_and(|(psi, _)| si - psi <= 2);
        // "Чугуївський район: у м. Вовчанськ загинула одна людина" after a report of shelling:
        // a death with no weapon of its own, in a list of one attack's places, is of that attack.
        if !type_specific && event_type == EventType::Attack {
            if let Some((_, ri)) = last.filter(|_| recent) {
                event_type = self.out[ri].event_type;
            }
        }
        let mut places = s.untitled(s.places(), recent);
        if places.is_empty() {
            // "Ізюм. О 11:35 окупанти вдарили балістичною ракетою по центру міста.": a post
            // headed by its place alone reports there until a report is made.
            match self.heading {
                Some((hi, h)) if last.is_none_or(|(psi, _)| psi < hi) => places.push(h),
                _ => {
                    self.join_figures(s, true);
                    return None;
                }
            }
        }
        Some(Event {
            hits,
            triggers,
            event_type,
            type_specific,
            places,
        })
    }

    /// Figures of sentence `s` join the last report ([`join_last`]), which stays open from `s`
    /// when they do or when `trigger`.
    fn join_figures(&mut self, s: &Sentence<'_>, trigger: bool) {
        let open = join_last(
            &mut self.out,
            self.last_event_sentence,
            (s.index, s.toks),
            &s.doc.text,
            trigger,
        );
        if let Some(open) = open {
            self.last_event_sentence = Some(open);
        }
    }

    /// The reports of `event`, one per place, read from sentence `s` (rules `precision` to
    /// `figures`); the last stays open for later figures.
    fn push_reports(&mut self, s: &Sentence<'_>, event: Event<'_>, full_dates: &[DateMention]) {
        let text = &s.doc.text;
        let said = Said {
            hits: &event.hits,
            triggers: &event.triggers,
            event_type: event.event_type,
            type_specific: event.type_specific,
            casualties: casualties_in(text, s.toks),
            weapons: weapons_in(text, s.toks),
            anchor: self.anchor,
            full_dates,
            countries: &self.countries,
        };
        if let Some(last) = s.push_reports(&mut self.out, &said, event.places) {
            self.last_event_sentence = Some(last);
        }
    }
}

/// The document's dates, to be scanned as far as needed. A day after the given publication
/// date is no event's ("29 серпня оголошено днем жалоби" in a report of 28 August).
fn document_dates(text: &str, anchor: Option<(Date, bool)>) -> DateScan<'_> {
    let given = anchor.filter(|a| !a.1).map(|a| a.0);
    DateScan::new(text, anchor.map(|a| a.0), given)
}

/// Casualty figures of sentence `si` (tokens `toks`) with no event place ("Ранения получили
/// 109 человек."): they belong to the report `last` made at most two sentences before. A
/// sentence that gives figures or reports the event again (`trigger`: "у місті пролунали
/// вибухи") keeps that report open for the sentences after it, as the figures of a post often
/// come last: the (sentence, report) it stays open from.
fn join_last(
    out: &mut [EventReport],
    last: Option<(usize, usize)>,
    (si, toks): (usize, &[Token]),
    text: &str,
    trigger: bool,
) -> Option<(usize, usize)> {
    // Casualties are read only where a report close before can take them.
    let (_, ri) = last.filter(|&(psi, _)| si - psi <= 2)?;
    let (killed, hurt) = casualties_in(text, toks);
    if killed.or(hurt).is_some() {
        let r = &mut out[ri];
        r.fatalities = r.fatalities.or(killed);
        r.injured = r.injured.or(hurt);
        r.weapons.extend(weapons_in(text, toks));
    }
    (trigger || killed.or(hurt).is_some()).then_some((si, ri))
}

fn is_capitals(text: &str) -> bool {
    text.chars()
        .filter(|&c| crate::text::is_alphabetic(c))
        .count()
        > 1
        && !text.chars().any(crate::text::is_lowercase)
}

/// What an event sentence says once for all its places: its triggers and type, figures,
/// weapons, and the document's dates.
struct Said<'a> {
    hits: &'a [Hit<'a>],
    /// The hits' types and strengths.
    triggers: &'a [(EventType, super::classify::Strength)],
    event_type: EventType,
    type_specific: bool,
    /// (killed, injured).
    casualties: (Option<u32>, Option<u32>),
    weapons: BTreeSet<String>,
    /// The publication date used, and whether it was inferred.
    anchor: Option<(Date, bool)>,
    full_dates: &'a [DateMention],
    /// The document's memo of its country.
    countries: &'a Countries,
}

/// One sentence and what the rules read from it.
struct Sentence<'a> {
    gaz: &'a Gazetteer,
    doc: &'a Document,
    span: (usize, usize),
    toks: &'a [Token],
    /// The mentions of this sentence.
    mentions: &'a [ResolvedMention],
    /// The dates starting in this sentence.
    dates: &'a [DateMention],
    index: usize,
}

impl<'a> Sentence<'a> {
    /// One report per place of an event sentence, appended to `out`; the (sentence, report)
    /// of the last, which later figures may join.
    fn push_reports(
        &self,
        out: &mut Vec<EventReport>,
        said: &Said<'_>,
        places: Placed<'_>,
    ) -> Option<(usize, usize)> {
        let (several, any) = (places.len() > 1, !places.is_empty());
        for (m, place) in places {
            let mut report = self.report(said, m, place);
            if several {
                // "у с. Новоосинове загинули двоє людей, п'ятеро поранені; у смт Ківшарівка
                // загинули четверо": each place takes the figures of its own clause.
                if let Some((killed, hurt)) = self.clause_casualties(m) {
                    (report.fatalities, report.injured) = (killed, hurt);
                }
            }
            out.push(report);
        }
        any.then(|| (self.index, out.len() - 1))
    }

    /// Index in `toks` of the first token at or after a byte offset.
    fn token_at(&self, byte: usize) -> usize {
        self.toks.partition_point(|t| t.start < byte)
    }

    /// A sentence that names a place and nothing else but place words ("Ізюм.", "Харьковская
    /// область, город Лозовая."): the heading of a post. Its most specific place (the index of
    /// its mention in the sentence's, and the place).
    fn heading(&self) -> Option<(usize, PlaceId)> {
        if self.toks.len() > 8 {
            return None;
        }
        let here: smallvec::SmallVec<[(usize, &ResolvedMention); 4]> = self
            .mentions
            .iter()
            .enumerate()
            .filter(|(_, m)| m.mention.sentence == self.index && m.resolution.is_some())
            .collect();
        if here.is_empty() {
            return None;
        }
        let named = |t: &Token| {
            here.iter()
                .any(|(_, m)| t.start >= m.mention.start && t.end <= m.mention.end)
        };
        if !self
            .toks
            .iter()
            .all(|t| named(t) || words().heading_words.token_word(t).is_some())
        {
            return None;
        }
        let (k, m) = here
            .iter()
            .copied()
            .rev()
            .max_by_key(|(_, m)| m.resolution.as_ref().map(|r| self.gaz.place(r.place).kind))?;
        Some((k, self.settlement_of(m)?))
    }

    /// The figures of the clause (between semicolons) that names `m`, when it gives any.
    fn clause_casualties(&self, m: &ResolvedMention) -> Option<(Option<u32>, Option<u32>)> {
        let text = &self.doc.text;
        let (s, e) = self.span;
        let from = text[s..m.mention.start].rfind(';').map_or(s, |p| s + p + 1);
        let to = text[m.mention.end..e]
            .find(';')
            .map_or(e, |p| m.mention.end + p);
        if from == s && to == e {
            return None;
        }
        let toks = &self.toks[self.token_at(from)..self.token_at(to)];
        let (killed, hurt) = casualties_in(text, toks);
        killed.or(hurt).is_some().then_some((killed, hurt))
    }

    /// A bare name resolved to a region whose seat has that name ("shelling of Mykolaiv")
    /// is the town: ACLED codes the most specific place, and a region is written with its
    /// cue ("Mykolaiv Oblast", "the Mykolaiv region").
    fn settlement_of(&self, m: &ResolvedMention) -> Option<PlaceId> {
        let r = m.resolution.as_ref()?;
        let region = self.gaz.place(r.place);
        if region.kind != Kind::Admin1 || m.mention.cue.is_some() {
            return Some(r.place);
        }
        // Candidates all bear the name: the largest town of that name in the region.
        let town = m
            .mention
            .candidates
            .iter()
            .copied()
            .filter(|&c| {
                let p = self.gaz.place(c);
                p.kind == Kind::City
                    && p.country_code == region.country_code
                    && p.admin1_code == region.admin1_code
            })
            .max_by_key(|&c| self.gaz.place(c).population);
        Some(town.unwrap_or(r.place))
    }

    /// "Kiev says", "Kiev military", "Moscow's forces", "Kiev's shelling of east Ukraine": a
    /// place standing for its government or army (`actor_nouns`, `events_saying`), or one
    /// whose trigger noun is followed by the place it struck.
    fn is_actor_like(&self, m: &ResolvedMention) -> bool {
        let w = words();
        let nouns = w.actor_nouns;
        let after = self.token_at(m.mention.end);
        let rest = &self.doc.text[m.mention.end..];
        let possessive = rest.starts_with("'s") || rest.starts_with("\u{2019}s");
        let k = after + usize::from(possessive);
        let Some(next) = self.toks.get(k) else {
            return false;
        };
        if next.case != Case::Lower {
            return false;
        }
        // Only a seat of government speaks or has an army ("Kiev military", not "Engels air
        // base"), unless possessive ("Moscow's forces").
        let seat = m.resolution.as_ref().is_some_and(|r| {
            let p = self.gaz.place(r.place);
            p.kind == Kind::Country || p.is_capital()
        });
        if (seat || possessive)
            && (nouns.contains_token(next) || w.saying.token_word(next).is_some())
        {
            return true;
        }
        // "Kiev('s) shelling in/of <place>".
        w.triggers.token_word(next).is_some()
            && self
                .toks
                .get(k + 1)
                .is_some_and(|t| matches!(t.key.as_str(), "in" | "of" | "on"))
            && self.mentions.iter().any(|o| {
                o.mention.sentence == self.index
                    && o.mention.start >= self.toks[k + 1].end
                    && self.token_at(o.mention.start) <= k + 4
            })
    }

    /// Whether a phrase of `list` (of up to three words) ends right before token `k`.
    fn phrase_ends_at(&self, list: &Matcher, k: usize) -> bool {
        (1..=3).any(|n| {
            k.checked_sub(n)
                .and_then(|from| list.at(self.toks, from))
                .is_some_and(|h| h.at + h.len == k)
        })
    }

    /// Whether the mention names who reports, not where: after "за даними", "according to"
    /// (`events_sources`), or after a saying verb and a locative ("повідомили в Харківській
    /// ОВА", "сообщили в Курской области").
    fn is_source(&self, m: &ResolvedMention) -> bool {
        let w = words();
        let k = self.token_at(m.mention.start);
        self.phrase_ends_at(&w.sources, k)
            || (k >= 2
                && w.locatives.token_word(&self.toks[k - 1]).is_some()
                && w.saying.token_word(&self.toks[k - 2]).is_some())
    }

    /// Whether `m`, written with a region or district word, follows the town `o` after a
    /// comma (over other names and commas): "Kurakhove, Pokrovsk district".
    fn divides(&self, o: &ResolvedMention, m: &ResolvedMention) -> bool {
        use crate::recognize::Cue;
        let town = o
            .resolution
            .as_ref()
            .is_some_and(|r| self.gaz.place(r.place).kind >= Kind::City);
        let gap = self
            .doc
            .text
            .get(o.mention.end..m.mention.start)
            .unwrap_or("");
        matches!(m.mention.cue, Some(Cue::Region | Cue::District))
            && town
            && o.mention.end <= m.mention.start
            && gap.trim_start().starts_with(',')
            && gap.len() <= 40
            && !gap.contains([';', '.', '('])
            && !gap
                .split_whitespace()
                .any(|w| w == "and" || w == "і" || w == "и")
    }

    /// "Selydove, Donetsk": a town right after a comma that names the region of the place
    /// before it is that region, not a second place.
    fn names_container_of(
        &self,
        (pm, pid): (&ResolvedMention, PlaceId),
        (m, _): (&ResolvedMention, PlaceId),
    ) -> bool {
        let gap = self
            .doc
            .text
            .get(pm.mention.end..m.mention.start)
            .unwrap_or("");
        if gap.trim() != "," {
            return false;
        }
        let p = self.gaz.place(pid);
        let Some(region) = self.gaz.admin1(&p.country_code, &p.admin1_code) else {
            return false;
        };
        let region_key = crate::text::name_key(&self.gaz.place(region).name);
        region != pid && region_key.starts_with(m.mention.key.as_str())
    }

    /// Whether a mention stands where a clause puts its event: after a locative ("in", "near",
    /// "of", "у", "под") or right after a trigger ("recaptured Robotyne"), over place words
    /// ("the town of", "село"), or before `events_subject` words ("Kherson came under").
    fn located(&self, m: &ResolvedMention) -> bool {
        let w = words();
        // "Kherson came under heavy shelling".
        if w.subject
            .at(self.toks, self.token_at(m.mention.end))
            .is_some()
        {
            return true;
        }
        let mut k = self.token_at(m.mention.start);
        for _ in 0..5 {
            let Some(prev) = k.checked_sub(1) else {
                return false;
            };
            // "Storm Daniel", "Operation Z": a capitalised trigger inside a sentence is a name.
            let named = prev > 0 && self.toks[prev].case != Case::Lower;
            let tok = &self.toks[prev];
            if w.locatives.token_word(tok).is_some()
                || (w.triggers.token_word(tok).is_some() && !named)
            {
                return true;
            }
            // "shelled Krynky, Kherson Oblast": over an unknown name and its comma.
            let unknown_name = matches!(self.toks[prev].case, Case::Title | Case::Upper)
                && !self.in_mention(&self.toks[prev])
                && self.toks.get(prev + 1).is_some_and(|t| {
                    self.doc.text[self.toks[prev].end..t.start.min(m.mention.start)].trim() == ","
                });
            if w.place_words.token_word(tok).is_none() && !unknown_name {
                return false;
            }
            k = prev;
        }
        false
    }

    /// Whether the sentence is English: Ukrainian and Russian name a place in the genitive
    /// anywhere in a clause ("викрали міського голову Дніпрорудного").
    fn english(&self) -> bool {
        crate::lang::is_english_span(self.doc, self.span)
    }

    /// A locative at most three words before the mention, whatever the words between
    /// ("на північних околицях Мар'їнки", "in the devastated centre of Kherson").
    fn after_locative(&self, m: &ResolvedMention) -> bool {
        let k = self.token_at(m.mention.start);
        (k.saturating_sub(4)..k).any(|i| words().locatives.token_word(&self.toks[i]).is_some())
    }

    fn in_mention(&self, t: &Token) -> bool {
        self.mentions
            .iter()
            .filter(|m| m.mention.sentence == self.index)
            .any(|m| t.start < m.mention.end && t.end > m.mention.start)
    }

    /// Rule `date`: the date nearest before the place (not one of saying: "said on Jan. 4"),
    /// else the nearest after it. Returns the date and whether it rests on an inferred
    /// publication date.
    fn date(&self, m: &ResolvedMention, anchor_inferred: bool) -> (Option<PartialDate>, bool) {
        let (s, e) = self.span;
        let said = |from: usize, to: usize| {
            let (a, b) = (self.token_at(from), self.token_at(to));
            self.toks[a..b]
                .iter()
                .any(|t| words().saying.token_word(t).is_some())
        };
        let in_sentence: smallvec::SmallVec<[&DateMention; 4]> = self
            .dates
            .iter()
            .filter(|d| d.start >= s && d.end <= e && d.date.is_some())
            .filter(|d| {
                // "said on Jan. 4", "reported earlier on Jan. 4".
                let mut k = self.token_at(d.start);
                while k > 0 && matches!(self.toks[k - 1].key.as_str(), "on" | "earlier") {
                    k -= 1;
                }
                k == 0 || words().saying.token_word(&self.toks[k - 1]).is_none()
            })
            .collect();
        let chosen = in_sentence
            .iter()
            .filter(|d| d.end <= m.mention.start)
            .max_by_key(|d| d.start)
            .or_else(|| {
                in_sentence
                    .iter()
                    .filter(|d| d.start >= m.mention.end)
                    .min_by_key(|d| d.start)
            })
            .copied()
            // "On January 4, Kirby said that Russia … struck Ukraine": the saying's date.
            .filter(|d| d.end > m.mention.start || !said(d.end, m.mention.start))
            // "Ukraine said on 27 July that its marines had liberated X": with no other date,
            // the day it was reported.
            .or_else(|| {
                let told = self
                    .dates
                    .iter()
                    .filter(|d| d.start >= s && d.end <= e && d.date.is_some());
                (in_sentence.is_empty())
                    .then(|| told.min_by_key(|d| d.start))
                    .flatten()
            });
        let date = chosen.and_then(|d| d.date);
        let inferred = anchor_inferred
            && chosen.is_some_and(|d| d.relative || matches!(d.date, Some(PartialDate::Day(_))));
        (date, inferred)
    }
}
