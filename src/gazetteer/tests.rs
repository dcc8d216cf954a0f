use super::*;

pub(crate) fn gaz() -> &'static Gazetteer {
    crate::testing::gazetteer()
}

fn find<'a>(g: &'a Gazetteer, name: &str, kind: Kind, cc: &str) -> &'a Place {
    g.lookup(name)
        .into_iter()
        .map(|id| g.place(id))
        .filter(|p| p.kind == kind && p.country_code == cc)
        .max_by_key(|p| p.population)
        .unwrap_or_else(|| panic!("{name} {kind:?} {cc} not found"))
}

#[test]
fn counts_per_kind() {
    let g = gaz();
    let mut counts: HashMap<Kind, usize> = HashMap::new();
    for (_, p) in g.places() {
        *counts.entry(p.kind).or_default() += 1;
    }
    assert!(counts[&Kind::Country] >= 240, "{counts:?}");
    assert!(counts[&Kind::Admin1] >= 3900, "{counts:?}");
    assert!(counts[&Kind::City] >= 230_000, "{counts:?}");
    assert!(counts[&Kind::District] >= 9, "{counts:?}");
    let ua_oblasts = g
        .places()
        .filter(|(_, p)| p.kind == Kind::Admin1 && p.country_code == "UA")
        .count();
    assert_eq!(ua_oblasts, 27, "24 oblasts + Crimea + Kyiv + Sevastopol");
}

#[test]
fn known_coordinates() {
    let g = gaz();
    for (name, kind, cc, lat, lon) in [
        ("Kharkiv", Kind::City, "UA", 49.98, 36.25),
        ("Moscow", Kind::City, "RU", 55.75, 37.62),
        ("Pyongyang", Kind::City, "KP", 39.03, 125.75),
        ("Washington", Kind::City, "US", 38.90, -77.04),
    ] {
        let p = find(g, name, kind, cc);
        assert!(
            (p.lat - lat).abs() < 0.1 && (p.lon - lon).abs() < 0.1,
            "{name}: {} {}",
            p.lat,
            p.lon
        );
    }
    let d = g.place(g.by_id("curated:kharkiv-shevchenkivskyi").unwrap());
    assert!((d.lat - 50.01).abs() < 0.05 && (d.lon - 36.22).abs() < 0.05);
    let ukraine = find(g, "Ukraine", Kind::Country, "UA");
    assert!((44.0..53.0).contains(&ukraine.lat) && (22.0..40.0).contains(&ukraine.lon));
}

#[test]
fn alternate_and_cyrillic_names() {
    let g = gaz();
    let kharkiv = find(g, "Kharkiv", Kind::City, "UA").id.clone();
    for alt in ["Kharkov", "Charkiw", "Харків", "Харьков", "KHARKIV"] {
        assert!(
            g.lookup(alt).iter().any(|&id| g.place(id).id == kharkiv),
            "{alt} does not find Kharkiv"
        );
    }
    assert_eq!(
        find(g, "Kharkiv Oblast", Kind::Admin1, "UA").name,
        "Kharkiv Oblast"
    );
    assert_eq!(
        find(g, "Kharkiv region", Kind::Admin1, "UA").name,
        "Kharkiv Oblast"
    );
}

#[test]
fn containment() {
    let g = gaz();
    let city = g.by_id("geonames:706483").unwrap();
    let oblast = g.by_id("geonames:706482").unwrap();
    let ukraine = g.by_id("geonames:690791").unwrap();
    let district = g.by_id("curated:kharkiv-shevchenkivskyi").unwrap();
    assert!(g.contains(oblast, city));
    assert!(g.contains(ukraine, city));
    assert!(g.contains(city, district));
    assert!(!g.contains(city, oblast));
    let kyiv = g.by_id("geonames:703448").unwrap();
    assert!(!g.contains(kyiv, district));
}

#[test]
fn malformed_rows_are_reported_and_skipped() {
    let header = PLACES_COLUMNS.join("\t");
    let text = format!(
        "{header}\nx:1\tGood\tcity\t\tUA\t07\t\t\t\t10\t50.0\t36.0\tGoody\n\
         x:2\tBad\tcity\t\tUA\t07\t\t\t\t10\tnorth\t36.0\t\n\
         x:3\tShort\tcity\n\
         x:4\tFar\tcity\t\tUA\t07\t\t\t\t10\t95.0\t36.0\t\n\
         x:5\tOdd\tplanet\t\tUA\t07\t\t\t\t10\t5.0\t36.0\t\n"
    );
    let mut t = Table::default();
    let mut problems = vec![];
    read_places_tsv(&text, Some(Path::new("extra.tsv")), &mut t, &mut problems);
    let g = Gazetteer::from_encoded(table::encode(&t.finish()));
    assert_eq!(g.len(), 1);
    assert_eq!(g.lookup("goody").len(), 1);
    let msgs: Vec<String> = problems.iter().map(|e| e.to_string()).collect();
    assert_eq!(msgs.len(), 4, "{msgs:?}");
    assert!(
        msgs[0].starts_with("extra.tsv:3: malformed row: lat \"north\""),
        "{msgs:?}"
    );
    assert!(msgs[1].contains("extra.tsv:4:") && msgs[1].contains("3 columns"));
    assert!(msgs[2].contains("out of range"));
    assert!(msgs[3].contains("unknown kind"));
}

#[test]
fn places_file_with_byte_order_mark_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bom.tsv");
    let text = format!(
        "\u{feff}{}\nx:1\tBomtown\tcity\t\tUA\t07\t\t\t\t10\t50.0\t36.0\t\n",
        PLACES_COLUMNS.join("\t")
    );
    std::fs::write(&path, text).unwrap();
    let mut b = GazetteerBuilder::new();
    b.bundled(false).extra(&path);
    let (gaz, problems) = b.build().unwrap();
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(gaz.lookup("Bomtown").len(), 1);
}

#[test]
fn bundled_index_finds_every_name_by_run_time_folding() {
    // The index is built by build.rs; this checks it against the folding of this build.
    let g = gaz();
    let mut names = 0;
    for (id, p) in g.places() {
        for name in std::iter::once(p.name.as_str()).chain(p.alternate_names()) {
            if name_key(name).is_empty() {
                continue;
            }
            names += 1;
            assert!(
                g.lookup(name).contains(&id),
                "{name:?} does not find {}",
                p.id
            );
        }
        assert_eq!(g.by_id(&p.id), Some(id), "{}", p.id);
    }
    assert!(names > 800_000, "{names} names");
    assert_eq!(g.place(g.country("UA").unwrap()).name, "Ukraine");
    assert_eq!(
        g.place(g.admin1("UA", "07").unwrap()).name,
        "Kharkiv Oblast"
    );
}

#[test]
fn extra_table_is_added_to_the_bundled_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("extra.tsv");
    let header = PLACES_COLUMNS.join("\t");
    std::fs::write(
        &path,
        format!(
            "{header}\nx:saltivka\tSaltivka\tdistrict\tPPLX\tUA\t07\tKharkiv Oblast\t\t\
             geonames:706483\t0\t50.03\t36.30\tСалтівка|Салтовка\n"
        ),
    )
    .unwrap();
    let (g, problems) = GazetteerBuilder::new().extra(&path).build().unwrap();
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(g.len(), gaz().len() + 1);
    // Villages named Салтівка are "Салтовка" in Russian too (names/ru_rules.tsv).
    let s: Vec<_> = g
        .lookup("Салтовка")
        .into_iter()
        .filter(|&p| g.place(p).id == "x:saltivka")
        .collect();
    assert_eq!(s.len(), 1);
    let kharkiv = g.by_id("geonames:706483").unwrap();
    assert_eq!(g.place(s[0]).parent, Some(kharkiv));
    assert!(g.contains(kharkiv, s[0]));
    assert!(g.lookup("Kharkiv").contains(&kharkiv));
    assert_eq!(g.max_name_tokens(), gaz().max_name_tokens());
}

#[test]
fn name_cursor_agrees_with_lookup() {
    let g = gaz();
    for name in [
        "kharkiv",
        "kryvyi rih",
        "new york",
        "u s",
        "харків",
        "the hague",
        "qqq",
    ] {
        let mut c = g.name_cursor();
        let mut ok = true;
        for (n, piece) in name.split(' ').enumerate() {
            ok = (n == 0 || c.push(" ")) && c.push(piece);
        }
        assert_eq!(c.candidates(), g.lookup_key(name), "{name}");
        assert_eq!(ok, name != "qqq", "{name}");
    }
    let mut c = g.name_cursor();
    assert!(c.push("kharkiv"));
    assert!(!c.push(" zzzz"));
    assert!(c.candidates().is_empty());
}
