//! The role of each mention in its sentence: where something happened, a government
//! speaking, or a plain mention.
//!
//! Rules, checked in this order on the words around the mention:
//! 1. `event`: passive of an attack verb after it ("Kharkiv was hit"), a trigger noun after
//!    it ("the Kharkiv strike"), or a target/locative word before it ("struck Kharkiv", "an
//!    attack on the city of Kharkiv", "hit an open field in Zaporizhzhia Oblast"), skipping
//!    articles and adjectives, with an event trigger earlier in the same sentence.
//! 2. `actor`: the mention is a subject followed by a verb ("Washington said", "Moscow has
//!    deployed", "Russia launched"), a possessive ("Moscow's weapons"), or a seat of government
//!    ("the Kremlin", "the White House").
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
//! let kinds: Vec<_> = ms.iter().map(|m| gaz.place(m.candidates[0]).kind).collect();
//! assert_eq!(roles(&doc, &ms, &kinds), [Role::Actor, Role::Actor, Role::Event]);
//! ```

use crate::gazetteer::Kind;
use crate::recognize::Mention;
use crate::text::{Analysis, Document, Token};

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

/// Words that say an attack or its effects happened ("struck", "shelling", "killed"); the
/// events stage reads a sentence with one of them as an event report.
pub const ATTACK_WORDS: &[&str] = &[
    "strike",
    "strikes",
    "struck",
    "striking",
    "hit",
    "hits",
    "hitting",
    "attack",
    "attacks",
    "attacked",
    "attacking",
    "shelling",
    "shelled",
    "shell",
    "bombardment",
    "bombarded",
    "bombing",
    "bombed",
    "explosion",
    "explosions",
    "exploded",
    "blast",
    "blasts",
    "airstrike",
    "airstrikes",
    "launched",
    "fired",
    "killed",
    "wounded",
    "injured",
    "landed",
    "crater",
    "aftermath",
    "impact",
    "raid",
    "raids",
    "offensive",
    "assault",
    "fighting",
    "clashes",
    "destroyed",
    "damaged",
    "targeted",
];

/// Weapon nouns: with an attack word they make a sentence an event sentence for roles.
const WEAPON_WORDS: &[&str] = &[
    "missile", "missiles", "drone", "drones", "rocket", "rockets",
];

fn is_trigger(word: &str) -> bool {
    ATTACK_WORDS.contains(&word) || WEAPON_WORDS.contains(&word)
}

const TARGET_WORDS: &[&str] = &[
    "in",
    "on",
    "at",
    "against",
    "into",
    "near",
    "outside",
    "over",
    "toward",
    "towards",
    "hit",
    "hits",
    "hitting",
    "struck",
    "strike",
    "strikes",
    "striking",
    "attack",
    "attacked",
    "attacking",
    "attacks",
    "shelled",
    "shelling",
    "bombed",
    "bombing",
    "targeted",
    "targeting",
    "across",
    "around",
    "bombardment",
    "bombardments",
    "airstrike",
    "airstrikes",
    "raid",
    "raids",
    "assault",
    "offensive",
];

const PROVENANCE: &[&str] = &[
    "produced",
    "made",
    "manufactured",
    "built",
    "sourced",
    "supplied",
    "received",
    "based",
    "born",
    "developed",
    "designed",
    "imported",
    "acquired",
    "bought",
    "purchased",
];

const SKIPPABLE: &[&str] = &[
    "the",
    "a",
    "an",
    "central",
    "eastern",
    "western",
    "northern",
    "southern",
    "northeastern",
    "northwestern",
    "southeastern",
    "southwestern",
    "north",
    "south",
    "east",
    "west",
    "city",
    "of",
    "region",
    "town",
    "village",
    "capital",
    "regional",
    "provincial",
    "ukrainian",
    "russian",
    "frontline",
    "front",
    "line",
    "port",
    "downtown",
    "suburbs",
    "outskirts",
    "centre",
    "center",
    "heart",
    "part",
    "parts",
    "province",
    "oblast",
    "district",
    "area",
    "areas",
    "territory",
    "open",
    "field",
    "fields",
];

const VERBS: &[&str] = &[
    "said",
    "says",
    "say",
    "saying",
    "denied",
    "denies",
    "deny",
    "announced",
    "announces",
    "accused",
    "accuses",
    "warned",
    "warns",
    "claimed",
    "claims",
    "confirmed",
    "confirms",
    "cited",
    "cites",
    "stated",
    "states",
    "reported",
    "reports",
    "insisted",
    "insists",
    "rejected",
    "rejects",
    "responded",
    "declined",
    "vowed",
    "pledged",
    "imposed",
    "imposes",
    "condemned",
    "condemns",
    "urged",
    "urges",
    "would",
    "will",
    "has",
    "have",
    "had",
    "is",
    "was",
    "did",
    "does",
    "launched",
    "launches",
    "fired",
    "fires",
    "used",
    "uses",
    "hit",
    "struck",
    "attacked",
    "attacks",
    "deployed",
    "sent",
    "sends",
    "supplied",
    "supplies",
    "wants",
    "believes",
    "agreed",
    "agrees",
    "called",
    "calls",
    "demanded",
    "demands",
    "threatened",
    "threatens",
    "plans",
    "planned",
    "may",
    "might",
    "could",
    "should",
    "must",
    "can",
    "sanctioned",
    "blamed",
    "blames",
    "acknowledged",
    "admitted",
    "refused",
    "refuses",
    "continues",
    "continued",
    "invaded",
    "invades",
    "began",
    "begins",
    "told",
    "tells",
];

const PASSIVE: &[&str] = &["was", "were", "is", "are", "been", "being"];

/// Past participles of attack verbs ("Kharkiv was hit"); "Russia is attacking" is not passive.
const PARTICIPLES: &[&str] = &[
    "hit",
    "struck",
    "attacked",
    "shelled",
    "bombed",
    "bombarded",
    "targeted",
    "damaged",
    "destroyed",
    "rocked",
    "pounded",
    "raided",
];

const ACTOR_NOUNS: &[&str] = &[
    "government",
    "military",
    "forces",
    "troops",
    "army",
    "ministry",
    "officials",
    "official",
    "support",
    "weapons",
    "air",
    "foreign",
    "defense",
    "defence",
    "ambassador",
    "president",
    "statement",
    "leader",
    "leadership",
    "regime",
    "authorities",
    "envoy",
    "spokesman",
    "spokeswoman",
    "navy",
    "invasion",
    "war",
    "allies",
    "intelligence",
];

/// The role of every mention of a document; `kinds` is the kind of each mention's resolved
/// place (its first candidate if unresolved).
pub fn roles(doc: &Document, mentions: &[Mention], kinds: &[Kind]) -> Vec<Role> {
    roles_analysed(doc, &Analysis::new(&doc.text), mentions, kinds)
}

/// [`roles`] with the document's tokens and sentences already computed.
pub fn roles_analysed(
    doc: &Document,
    analysis: &Analysis,
    mentions: &[Mention],
    kinds: &[Kind],
) -> Vec<Role> {
    let tokens = &analysis.tokens;
    let sents = &analysis.sentences;
    let mut out: Vec<Role> = Vec::with_capacity(mentions.len());
    for (i, m) in mentions.iter().enumerate() {
        let first = tokens.partition_point(|t| t.start < m.start);
        let after = tokens.partition_point(|t| t.start < m.end);
        let kind = kinds.get(i).copied().unwrap_or(Kind::City);
        let coordinated = i > 0 && {
            let prev = &mentions[i - 1];
            prev.sentence == m.sentence
                && prev.end <= m.start
                && matches!(
                    doc.text[prev.end..m.start].trim(),
                    "and" | "or" | "," | ", and"
                )
        };
        let role = if coordinated {
            out[i - 1]
        } else {
            let sent = sents
                .get(m.sentence)
                .copied()
                .unwrap_or((0, doc.text.len()));
            classify(doc, tokens, sent, m, first, after, kind)
        };
        out.push(role);
    }
    out
}

fn classify(
    doc: &Document,
    tokens: &[Token],
    sent: (usize, usize),
    m: &Mention,
    first: usize,
    after: usize,
    kind: Kind,
) -> Role {
    let in_sent = |t: &Token| t.start >= sent.0 && t.end <= sent.1;
    let next = |k: usize| {
        tokens
            .get(after + k)
            .filter(|t| in_sent(t))
            .map(|t| t.key.as_str())
    };
    // Passive: "Kharkiv was hit", "Kharkiv has been struck".
    let n0 = next(0).unwrap_or("");
    let n1 = next(1).unwrap_or("");
    let n2 = next(2).unwrap_or("");
    if (PASSIVE.contains(&n0)
        && (PARTICIPLES.contains(&n1) || (n1 == "been" && PARTICIPLES.contains(&n2))))
        || (matches!(n0, "has" | "have" | "had") && n1 == "been" && PARTICIPLES.contains(&n2))
    {
        return Role::Event;
    }
    // "the Kharkiv strike".
    if next(0).is_some_and(|w| {
        matches!(
            w,
            "strike" | "strikes" | "attack" | "attacks" | "shelling" | "bombing" | "explosion"
        )
    }) {
        return Role::Event;
    }
    // A target or locative word before it, with a trigger earlier in the sentence.
    let mut k = first;
    let mut skipped = 0;
    while k > 0 && skipped < 6 {
        let t = &tokens[k - 1];
        if !in_sent(t) {
            break;
        }
        let key = t.key.as_str();
        if TARGET_WORDS.contains(&key) {
            // "missiles produced outside Russia", "made in North Korea": provenance, not
            // where something happened.
            let provenance = k >= 2
                && in_sent(&tokens[k - 2])
                && PROVENANCE.contains(&tokens[k - 2].key.as_str());
            if provenance {
                break;
            }
            let trigger_before = tokens[..k - 1]
                .iter()
                .rev()
                .take_while(|t| in_sent(t))
                .take(14)
                .any(|t| is_trigger(&t.key));
            let trigger_word = is_trigger(key) && key != "in";
            if trigger_before || trigger_word {
                return Role::Event;
            }
            break;
        }
        // Articles, adjectives, numbers and proper nouns used as adjectives ("a strike on the
        // eastern Ukraine city of Kharkiv") stand between a target word and its place.
        let proper = t.case == crate::text::Case::Title && k < first;
        if SKIPPABLE.contains(&key) || t.key.chars().all(|c| c.is_ascii_digit()) || proper {
            k -= 1;
            skipped += 1;
            continue;
        }
        break;
    }
    if kind == Kind::Landmark {
        return Role::Actor;
    }
    // Possessive: "Moscow's weapons", "Ukraine's Air Force".
    let possessive = doc.text[m.end..].starts_with("'s") || doc.text[m.end..].starts_with("’s");
    if possessive {
        let noun = next(1).unwrap_or("");
        let noun2 = next(2).unwrap_or("");
        if ACTOR_NOUNS.contains(&noun) || ACTOR_NOUNS.contains(&noun2) {
            return Role::Actor;
        }
        return Role::Mention;
    }
    // Subject of a verb: "Washington said", "Pyongyang and Moscow have accused".
    let mut j = 0;
    if next(0) == Some("and") {
        // "X and Y verb": skip the coordinated subject (one or two words).
        j = if next(2).is_some_and(|w| VERBS.contains(&w)) {
            2
        } else {
            3
        };
    }
    if let Some(w) = next(j) {
        let gap_ok = tokens.get(after + j).is_some_and(|t| {
            let prev_end = if j == 0 {
                m.end
            } else {
                tokens[after + j - 1].end
            };
            !doc.text[prev_end..t.start].contains([',', '.', ';', ':', '(', ')'])
        });
        if gap_ok && VERBS.contains(&w) {
            return Role::Actor;
        }
        // "Washington is imposing", "Washington was still assessing".
        if gap_ok
            && matches!(w, "still" | "also" | "then" | "now" | "previously" | "has")
            && next(j + 1)
                .is_some_and(|w| VERBS.contains(&w) || w.ends_with("ed") || w.ends_with("ing"))
        {
            return Role::Actor;
        }
    }
    Role::Mention
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::Gazetteer;
    use crate::recognize::Recognizer;
    use std::sync::OnceLock;

    fn gaz() -> &'static Gazetteer {
        static G: OnceLock<Gazetteer> = OnceLock::new();
        G.get_or_init(Gazetteer::bundled)
    }

    fn role_table(text: &str) -> Vec<(String, Role)> {
        let g = gaz();
        let doc = Document::new("t", text);
        let ms = Recognizer::new(g).recognize(&doc);
        let kinds: Vec<Kind> = ms.iter().map(|m| g.place(m.candidates[0]).kind).collect();
        ms.iter()
            .map(|m| m.text.clone())
            .zip(roles(&doc, &ms, &kinds))
            .collect()
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
