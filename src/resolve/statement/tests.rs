use super::*;
use crate::recognize::Recognizer;
use crate::text::Document;

#[test]
fn forms_that_state_containment() {
    for between in [
        " is a city in ",
        " is a small unincorporated community in ",
        " is a census-designated place in the ",
        " is the county seat of ",
        " is a town located in ",
        " is located in the ",
        ", a town in the ",
        " was a village in ",
        " is one of the villages of ",
        " lies in ",
        " is a fifth class municipality in the province of ",
        " is a city in the u.s. state of ",
        " is a city and a municipal board in ",
        " is an unincorporated community in western ",
        " is a town in south central ",
        " is a neighborhood located in inner southeast ",
        " is a village in the northwestern portion of the city of ",
        " is a neighbourhood in the northern part of ",
    ] {
        assert!(states(&between.to_lowercase()), "{between:?}");
    }
    for between in [
        " is a member of the ",
        " and ",
        " is a city near ",
        " is the president of ",
        ", ",
        " in ",
        " is a country in ",
        " said troops in ",
        " is a village located on the southwest coast of the ",
    ] {
        assert!(!states(between), "{between:?}");
    }
}

/// The (inner, outer) mention texts a text's statements link.
fn linked(gaz: &crate::gazetteer::Gazetteer, text: &str) -> Vec<(String, String)> {
    let ms = Recognizer::new(gaz).recognize(&Document::new("t", text));
    stated(text, &ms)
        .iter()
        .map(|&(i, o)| (ms[i].text.to_string(), ms[o].text.to_string()))
        .collect()
}

/// Sentences written for this rule, in the styles of an encyclopaedia and of news.
#[test]
fn statements_link_inner_and_outer() {
    let gaz = crate::testing::gazetteer();
    for (text, inner, outer) in [
        (
            "Paris is a city in Monroe County, Missouri, United States.",
            "Paris",
            "Monroe County",
        ),
        (
            "Rio Grande (/ˈraɪoʊ ɡrænd/ RY-oh GRAND) is a village in Gallia County, Ohio.",
            "Rio Grande",
            "Gallia County",
        ),
        (
            "Shelling hit Marinka, a town in the Donetsk region, overnight.",
            "Marinka",
            "Donetsk region",
        ),
        (
            "Russian shelling hit the Kyivskyi district of Kharkiv.",
            "Kyivskyi district",
            "Kharkiv",
        ),
        (
            "У Шевченківському районі Харкова поранено трьох людей.",
            "Шевченківському районі",
            "Харкова",
        ),
        (
            "В результате обстрела Куйбышевского района Донецка погибли двое.",
            "Куйбышевского района",
            "Донецка",
        ),
    ] {
        let got = linked(gaz, text);
        let want = (inner.to_string(), outer.to_string());
        assert!(got.contains(&want), "{text}: {got:?}");
    }
    for text in [
        "Kharkiv and Kyiv were shelled.",
        "Talks in Paris. Berlin is a city in Germany.",
        "Kharkiv is a member of the Eurocities network.",
        // English puts "of" between a division and its place; nothing between is a name.
        "He pleaded guilty in Greene County Drug Court.",
    ] {
        let got = linked(gaz, text);
        assert!(
            !got.iter()
                .any(|p| ["Paris", "Kharkiv", "Greene County"].contains(&p.0.as_str())),
            "{text}: {got:?}"
        );
    }
}

/// An unclosed parenthesis: no statement reaches past `MAX_SPAN` bytes.
#[test]
fn unclosed_parenthesis_links_nothing_far() {
    let gaz = crate::testing::gazetteer();
    let text = format!(
        "Kharkiv (see {} is a city in Ukraine.",
        "Kyiv and Odesa, ".repeat(100)
    );
    let ms = Recognizer::new(gaz).recognize(&Document::new("t", &text));
    assert!(ms.len() > 100);
    let pairs = stated(&text, &ms);
    assert!(
        pairs
            .iter()
            .all(|&(i, o)| ms[o].start - ms[i].end <= MAX_SPAN),
        "{pairs:?}"
    );
}

/// Stated containment: (text, mention, country, admin1 code, kind of the chosen place).
const STATED_CONTAINERS: &[(&str, &str, &str, &str, &str)] = &[
    (
        "Paris is a city in Lamar County, Texas. Paris lies northeast of Dallas.",
        "Paris",
        "US",
        "TX",
        "city",
    ),
    (
        "Waka, a small community in Ochiltree County, Texas, lost power.",
        "Waka",
        "US",
        "TX",
        "admin2",
    ),
    (
        "Shelling hit Marinka, a town in the Donetsk region, overnight.",
        "Marinka",
        "UA",
        "05",
        "city",
    ),
    // A pronunciation between slashes does not hide the statement.
    (
        "Lima /ˈlaɪmə/ is a city in Allen County, Ohio.",
        "Lima",
        "US",
        "OH",
        "city",
    ),
    // "Orenburg Oblast" where only the city is known: the city stands for its region.
    (
        "Orsk is a city in Orenburg Oblast, Russia.",
        "Orsk",
        "RU",
        "55",
        "city",
    ),
    // No Paris lies in Ethiopia: the country's point, not the French capital.
    (
        "Paris is a small village in southern Ethiopia.",
        "Paris",
        "ET",
        "",
        "country",
    ),
    // "the U.S. state of Maine": the state is the container.
    (
        "Portland is a city located in the U.S. state of Maine.",
        "Portland",
        "US",
        "ME",
        "city",
    ),
    // "in the northern part of Y": a neighbourhood of a city, not a namesake far away.
    (
        "Rosedale is a neighbourhood in the northern part of Toronto, Ontario.",
        "Rosedale",
        "CA",
        "08",
        "city",
    ),
    // A district of Donetsk the gazetteer lacks: its namesakes in Russia neither take
    // the mention nor pull the city to Donetsk, Rostov Oblast; it is placed at the city.
    (
        "В результате обстрела Куйбышевского района Донецка погибли два человека.",
        "Донецка",
        "UA",
        "05",
        "city",
    ),
    (
        "В результате обстрела Куйбышевского района Донецка погибли два человека.",
        "Куйбышевского района",
        "UA",
        "05",
        "city",
    ),
];

/// The resolver keeps a stated place inside its container, and places it at the container
/// when the gazetteer has no such place there (Waka, Texas is under 500 people; the
/// gazetteer's only Waka is in Ethiopia).
#[test]
fn resolver_keeps_stated_places_inside_their_container() {
    let gaz = crate::testing::gazetteer();
    for &(text, name, country, admin1, kind) in STATED_CONTAINERS {
        let doc = Document::new("t", text);
        let ms = Recognizer::new(gaz).recognize(&doc);
        let rs = crate::Resolver::new(gaz).resolve(&doc, &ms);
        let (m, r) = ms
            .iter()
            .zip(&rs)
            .find(|(m, _)| m.text == name)
            .unwrap_or_else(|| panic!("{text}: {ms:?}"));
        let p = gaz.place(r.as_ref().unwrap().place);
        assert_eq!(
            (
                p.country_code.as_str(),
                p.admin1_code.as_str(),
                p.kind.as_str()
            ),
            (country, admin1, kind),
            "{text}: {} {m:?}",
            p.id
        );
    }
}

/// The byte-by-byte run length [`plain_run`] replaced.
fn plain_run_by_bytes(gap: &[u8]) -> usize {
    gap.iter()
        .position(|&b| {
            !b.is_ascii()
                || matches!(
                    b,
                    b'(' | b'[' | b')' | b']' | b'/' | b'.' | b';' | b':' | b'!' | b'?'
                )
        })
        .unwrap_or(gap.len())
}

#[test]
fn plain_run_table() {
    let cases: &[&[u8]] = &[
        b"",
        b" is a town in ",
        b", a small community (pop. 12) in ",
        b"0123456789abcdef",
        b"0123456789abcdef(",
        b"0123456789abcdefg",
        b"0123456789abcdef0123456789abcdef.",
        "0123456789abcdef0123456789 – in".as_bytes(),
        b"?",
    ];
    for &gap in cases {
        assert_eq!(plain_run(gap), plain_run_by_bytes(gap), "{gap:?}");
    }
}

proptest::proptest! {
    /// Chunked and byte by byte, the same run on any bytes, stops placed anywhere.
    #[test]
    fn plain_run_is_the_byte_scan(
        gap in proptest::collection::vec(
            proptest::prop_oneof![
                8 => 0x20u8..0x7f,
                1 => proptest::sample::select(b"([)]/.;:!?".to_vec()),
                1 => proptest::num::u8::ANY,
            ],
            0..120,
        )
    ) {
        proptest::prop_assert_eq!(plain_run(&gap), plain_run_by_bytes(&gap));
    }
}

/// [`may_state`] with the byte-pair scan it had before the substring search.
fn may_state_by_pairs(between: &str) -> bool {
    between
        .as_bytes()
        .windows(2)
        .any(|w| w == b"in" || w == b"of")
        && may_state(between)
}

proptest::proptest! {
    /// The substring search passes over exactly the gaps the byte-pair scan did.
    #[test]
    fn may_state_is_the_pair_scan(
        words in proptest::collection::vec(
            proptest::sample::select(vec![
                "in", "of", "is", "was", "lies", "within", ",", "a", "town", "the", "i", "n",
                "o", "f", "into", "offer", "район", "в",
            ]),
            0..12,
        ),
        glue in proptest::sample::select(vec![" ", "", ", ", "\t"]),
    ) {
        let between = words.join(glue);
        proptest::prop_assert_eq!(may_state(&between), may_state_by_pairs(&between));
    }
}

proptest::proptest! {
    /// Chunked and pair by pair, the same answer on any bytes.
    #[test]
    fn in_or_of_is_the_pair_scan(
        b in proptest::collection::vec(
            proptest::sample::select(b"inof ,ax".to_vec()),
            0..80,
        )
    ) {
        let by_pairs = b.windows(2).any(|w| w == b"in" || w == b"of");
        proptest::prop_assert_eq!(has_in_or_of(&b), by_pairs);
    }
}

/// Gaps between places from news and encyclopaedia styles, English and Cyrillic.
const GAPS: &[&str] = &[
    "",
    " ",
    ", ",
    " is a city in ",
    " Is a city in ",
    " which is a town in ",
    ", which lies in ",
    "\u{a0}is located in the ",
    " island, ",
    " and ",
    " said troops in ",
    " i",
    " lie",
    " isn't in ",
    " is, in ",
    " вблизи ",
    " і ",
    " (pop. 12) is a village in ",
    " /ˈkeɪ.roʊ/ is a city in ",
    " whichever in ",
    " was",
    // Words across the first chunk read while the opening is not known (16 bytes).
    "                    is a city in ",
    "              which is in ",
    "               was a town in ",
    " islandislandislandisland in ",
    "                                                                     is in ",
];

proptest::proptest! {
    /// The opening of ASCII words read as bytes is the opening read as characters.
    #[test]
    fn opening_ascii_is_opening_chars(
        pieces in proptest::collection::vec(
            proptest::sample::select(vec![
                "is", "was", "lies", "which", "whic", "w", "l", "isx", ",", " ", "\t", "\n",
                "\x0b", "\x0c", "\r", "a", "(", "\u{1f}", "\u{7f}",
            ]),
            0..8,
        ),
    ) {
        let between = pieces.concat();
        proptest::prop_assert_eq!(
            opening_ascii(between.as_bytes()),
            opening_chars(&between),
            "{:?}",
            between
        );
    }

    /// A gap whose opening says no states nothing, and what an opening says of a gap's
    /// start holds for the whole gap.
    #[test]
    fn opening_says_no_only_of_no_statement(
        words in proptest::collection::vec(
            proptest::sample::select(vec![
                "in", "of", "is", "was", "lies", "which", "whi", "i", ",", "a", "town", "the",
                "located", "Is", "район", "в", "(x)", ".", "\u{a0}",
            ]),
            0..10,
        ),
        glue in proptest::sample::select(vec![" ", "", ", ", "\t", "\u{2003}"]),
    ) {
        let between = words.join(glue).to_lowercase();
        if opening(&between) == Some(false) {
            proptest::prop_assert!(!states(&between));
        }
        for (cut, _) in between.char_indices() {
            if let Some(x) = opening(&between[..cut]) {
                proptest::prop_assert_eq!(opening(&between), Some(x), "{:?}", cut);
            }
        }
    }
}

/// Gated and read in full, the same statements.
#[test]
fn gated_gaps_state_the_same() {
    let gaz = crate::testing::gazetteer();
    let places = [
        "Paris",
        "Monroe County",
        "Kharkiv",
        "Donetsk",
        "Texas",
        "Marinka",
        "Bakhmut",
    ];
    let cyrillic = ["Харків", "Донецька", "Бахмут", "Київського району"];
    for gap in GAPS {
        for (a, b) in places.iter().zip(places.iter().skip(1)) {
            let text = format!("{a}{gap}{b}, near {b} (in {a}) is a town of {a}.");
            let ms = Recognizer::new(gaz).recognize(&Document::new("t", &text));
            assert_eq!(
                stated_with(&text, &ms, true),
                stated_with(&text, &ms, false),
                "{text}"
            );
        }
        for (a, b) in cyrillic.iter().zip(cyrillic.iter().skip(1)) {
            let text = format!("У {a}{gap}{b} та {a}.");
            let ms = Recognizer::new(gaz).recognize(&Document::new("t", &text));
            assert_eq!(
                stated_with(&text, &ms, true),
                stated_with(&text, &ms, false),
                "{text}"
            );
        }
    }
}
