//! Build script:
//! - hashes every lexicon file under `data/lexicon/<lang>/<list>.tsv` (and each list of all
//!   languages merged) into the tables `src/lexicon_table.rs` reads in place, so adding a list
//!   or a language needs no code change here (see `src/lexicon.rs`);
//! - hashes `data/common_words.txt` into the table `src/common_words.rs` reads in place;
//! - compiles the gazetteer tables into the index that `src/gazetteer` reads in place, so
//!   start-up parses nothing (format in `src/gazetteer/table.rs`).

use std::fmt::Write as _;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

// The folding and the index code the library uses, so both agree by construction.
#[allow(dead_code)]
#[path = "src/fold.rs"]
mod text;

/// `fold.rs`'s tables, made on first use from its rules (the library's are made below).
mod fold_tables {
    use std::sync::LazyLock;
    pub(super) static CLASS_TABLE: LazyLock<[u8; 0x500]> =
        LazyLock::new(super::text::class_table_by_rules);
    pub(super) static FOLD_ONE: LazyLock<[char; 0x480]> =
        LazyLock::new(super::text::fold_one_by_rules);
}

#[allow(dead_code)]
#[path = "src/gazetteer/table.rs"]
mod table;

#[allow(dead_code)]
#[path = "src/common_words.rs"]
mod common_words;

#[allow(dead_code)]
#[path = "src/lexicon_table.rs"]
mod lexicon_table;

/// Places tables (columns of `data/places.tsv`), in load order: a later row with the same id
/// replaces an earlier one. Besides these, every `data/places-*.tsv` is loaded, in name order.
const PLACE_TABLES: &[&str] = &["data/places.tsv"];

/// Tables of extra names, `id<TAB>name|name|…` (more columns are ignored, a header row whose
/// first column is `id` is skipped). Besides these, every `data/names/*.tsv`, in name order.
const NAME_TABLES: &[&str] = &["data/curated/aliases.tsv"];

fn main() {
    // Read at run time, not with env!(): a build script compiled in another checkout (a copied
    // target folder) must not read that checkout's files.
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let root = manifest.as_path();
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap());
    fold_tables(&out);
    lexicon(root, &out);
    common_word_table(root, &out);
    gazetteer(root, &out);
}

/// The folding's character tables from `fold.rs`'s rules, as Rust source: made at start-up,
/// they cost a run on a small input a tenth of its instructions.
fn fold_tables(out_dir: &Path) {
    println!("cargo:rerun-if-changed=src/fold.rs");
    let mut rs = String::new();
    let class = text::class_table_by_rules();
    writeln!(
        rs,
        "pub(super) static CLASS_TABLE: [u8; {}] = {class:?};",
        class.len()
    )
    .unwrap();
    let one = text::fold_one_by_rules();
    writeln!(
        rs,
        "pub(super) static FOLD_ONE: [char; {}] = {one:?};",
        one.len()
    )
    .unwrap();
    let two = text::two_byte_table_by_rules();
    writeln!(
        rs,
        "pub(super) const TWO_BYTE: [(u8, u8, [u8; 2]); {}] = {two:?};",
        two.len()
    )
    .unwrap();
    std::fs::write(out_dir.join("fold_tables.rs"), rs).unwrap();
}

/// Hashes the common-words list into the table `src/common_words.rs` reads in place.
fn common_word_table(root: &Path, out_dir: &Path) {
    println!("cargo:rerun-if-changed=data/common_words.txt");
    let text = std::fs::read_to_string(root.join("data/common_words.txt")).unwrap();
    let (bits, slots) = common_words::build(&text);
    let bytes: Vec<u8> = slots.iter().flat_map(|s| s.to_le_bytes()).collect();
    std::fs::write(out_dir.join("common_words.bin"), bytes).unwrap();
    let rs = format!(
        "pub(crate) const COMMON_BITS: u32 = {bits};\n\
         pub(crate) static COMMON_TABLE: &[u8] = \
         include_bytes!(concat!(env!(\"OUT_DIR\"), \"/common_words.bin\"));\n"
    );
    std::fs::write(out_dir.join("common_words.rs"), rs).unwrap();
}

fn lexicon(root: &Path, out_dir: &Path) {
    println!("cargo:rerun-if-changed=data/lexicon");
    // The tables are built by this file's shared code: a change to it must rebuild them.
    println!("cargo:rerun-if-changed=src/lexicon_table.rs");
    let root = root.join("data/lexicon");
    let mut files = Vec::new();
    if let Ok(langs) = std::fs::read_dir(&root) {
        for lang in langs.flatten() {
            let Ok(lists) = std::fs::read_dir(lang.path()) else {
                continue;
            };
            for list in lists.flatten() {
                let path = list.path();
                if path.extension().and_then(|e| e.to_str()) != Some("tsv") {
                    continue;
                }
                let lang = lang.file_name().to_string_lossy().into_owned();
                let name = path.file_stem().unwrap().to_string_lossy().into_owned();
                println!("cargo:rerun-if-changed={}", path.display());
                files.push((lang, name, path));
            }
        }
    }
    files.sort();
    let mut out = String::from("/// (language, list name, file contents), sorted.\n#[cfg(test)]\n");
    out.push_str("pub(crate) static LEXICON_FILES: &[(&str, &str, &str)] = &[\n");
    for (lang, name, path) in &files {
        writeln!(
            out,
            "    ({lang:?}, {name:?}, include_str!({:?})),",
            path.display().to_string()
        )
        .unwrap();
    }
    out.push_str("];\n");
    lexicon_tables(&files, out_dir, &mut out);
    std::fs::write(out_dir.join("lexicon_files.rs"), out).unwrap();
}

/// A parsed list: language (or "*"), name, (key, value) entries, most words in a key.
type ParsedList = (String, String, Vec<(String, String)>, usize);

/// Parses every list and hashes it, and each list of all languages merged (the first
/// language's value wins), into `lexicon.txt`, `lexicon_slots.bin` and `lexicon_gates.bin`,
/// described by `LEXICON_TABLES` in `out`.
fn lexicon_tables(files: &[(String, String, PathBuf)], out_dir: &Path, out: &mut String) {
    let mut lists: Vec<ParsedList> = Vec::new();
    for (lang, name, path) in files {
        let contents = std::fs::read_to_string(path).unwrap();
        let (entries, max_words) = lexicon_table::parse(&contents);
        lists.push((lang.clone(), name.clone(), entries, max_words));
    }
    let mut names: Vec<&String> = lists.iter().map(|l| &l.1).collect();
    names.sort();
    names.dedup();
    let mut merged = Vec::new();
    for name in names {
        let (mut entries, mut max_words) = (Vec::new(), 0);
        let mut seen = std::collections::HashSet::new();
        for lang in lexicon_table::MERGE_ORDER {
            for list in lists.iter().filter(|l| &l.0 == lang && &l.1 == name) {
                max_words = max_words.max(list.3);
                let new = list.2.iter().filter(|(k, _)| seen.insert(k.clone()));
                entries.extend(new.cloned());
            }
        }
        merged.push((
            lexicon_table::MERGED.to_string(),
            name.clone(),
            entries,
            max_words,
        ));
    }
    lists.extend(merged);
    let (mut text, mut slots, mut gates) = (String::new(), Vec::new(), Vec::new());
    out.push_str(
        "/// (language, or \"*\" for all merged; list name; text start and end; slots start; \
         slot bits; gate start; entries; most words in a key)\n\
         pub(crate) static LEXICON_TABLES: &[EmbeddedRow] = &[\n",
    );
    for (lang, name, entries, max_words) in &lists {
        let (start, slots_start, gate) = (text.len(), slots.len(), gates.len());
        let bits = lexicon_table::build(entries, &mut text, &mut slots, &mut gates);
        let (end, n) = (text.len(), entries.len());
        writeln!(
            out,
            "    ({lang:?}, {name:?}, {start}, {end}, {slots_start}, {bits}, {gate}, {n}, {max_words}),"
        )
        .unwrap();
    }
    out.push_str("];\n");
    std::fs::write(out_dir.join("lexicon.txt"), &text).unwrap();
    std::fs::write(out_dir.join("lexicon_slots.bin"), &slots).unwrap();
    std::fs::write(out_dir.join("lexicon_gates.bin"), &gates).unwrap();
    out.push_str(
        "pub(crate) static LEXICON_TEXT: &str = \
         include_str!(concat!(env!(\"OUT_DIR\"), \"/lexicon.txt\"));\n\
         pub(crate) static LEXICON_SLOTS: &[u8] = \
         include_bytes!(concat!(env!(\"OUT_DIR\"), \"/lexicon_slots.bin\"));\n\
         pub(crate) static LEXICON_GATES: &[u8] = \
         include_bytes!(concat!(env!(\"OUT_DIR\"), \"/lexicon_gates.bin\"));\n",
    );
}

/// The listed files, then the `.tsv` files in `dir` whose names start with `prefix`, sorted.
fn tables(root: &Path, listed: &[&str], dir: &str, prefix: &str) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(root.join(dir))
        .map(|d| {
            d.flatten()
                .map(|e| e.path())
                .filter(|p| {
                    let name = p.file_name().unwrap().to_string_lossy();
                    name.starts_with(prefix) && name.ends_with(".tsv")
                })
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    let mut all: Vec<PathBuf> = listed.iter().map(|f| root.join(f)).collect();
    for p in found {
        if !all.contains(&p) {
            all.push(p);
        }
    }
    all
}

fn gazetteer(root: &Path, out_dir: &Path) {
    // Directories are watched so that a new table is noticed.
    for watch in ["data", "data/names", "data/curated", "src/fold.rs"] {
        println!("cargo:rerun-if-changed={watch}");
    }
    println!("cargo:rerun-if-changed=src/gazetteer/table.rs");
    let places = tables(root, PLACE_TABLES, "data", "places-");
    let names = tables(root, NAME_TABLES, "data/names", "");
    let texts: Vec<(PathBuf, String)> = places
        .iter()
        .chain(&names)
        .filter(|p| p.exists())
        .map(|p| (p.clone(), std::fs::read_to_string(p).unwrap()))
        .collect();
    // The index only changes when the tables or the code do: skip the work otherwise (this
    // script also runs for every lexicon change).
    let mut h = std::collections::hash_map::DefaultHasher::new();
    texts.hash(&mut h);
    include_str!("src/fold.rs").hash(&mut h);
    include_str!("src/gazetteer/table.rs").hash(&mut h);
    let stamp = format!("{:016x}", h.finish());
    let stamp_path = out_dir.join("gazetteer.stamp");
    if std::fs::read_to_string(&stamp_path).ok().as_deref() == Some(stamp.as_str()) {
        return;
    }
    let mut t = table::Table::default();
    for (path, text) in texts.iter().filter(|(p, _)| places.contains(p)) {
        read_places(root, path, text, &mut t);
    }
    for (path, text) in texts.iter().filter(|(p, _)| names.contains(p)) {
        read_names(root, path, text, &mut t);
    }
    let e = table::encode(&t.finish());
    let postings: Vec<u8> = e.postings.iter().flat_map(|p| p.to_le_bytes()).collect();
    let mut rs = String::new();
    writeln!(rs, "pub const MAX_TOKENS: usize = {};", e.max_tokens).unwrap();
    for (name, bytes) in [
        ("NAMES", &e.names),
        ("IDS", &e.ids),
        ("CODES", &e.codes),
        ("RECORDS", &e.records),
        ("STRINGS", &e.strings),
        ("POSTINGS", &postings),
    ] {
        let file = out_dir.join(format!("gazetteer_{}.bin", name.to_lowercase()));
        std::fs::write(&file, bytes).unwrap();
        writeln!(
            rs,
            "pub static {name}: &[u8] = &Aligned {{ _align: [], bytes: *include_bytes!({:?}) }}.bytes;",
            file.display().to_string()
        )
        .unwrap();
    }
    std::fs::write(out_dir.join("gazetteer_index.rs"), rs).unwrap();
    std::fs::write(stamp_path, stamp).unwrap();
}

fn shown(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string()
}

fn read_places(root: &Path, path: &Path, text: &str, t: &mut table::Table) {
    let header = text.split('\n').next().unwrap_or("").trim_end_matches('\r');
    if header.split('\t').collect::<Vec<_>>() != table::PLACES_COLUMNS {
        panic!(
            "{}:1: header must be the columns of data/places.tsv",
            shown(root, path)
        );
    }
    table::for_each_line(text, |n, _, line| {
        if n == 1 {
            return;
        }
        match table::parse_place_row(line) {
            Ok((place, parent)) => t.push(place, parent),
            Err(e) => panic!("{}:{n}: {e}", shown(root, path)),
        }
    });
}

fn read_names(root: &Path, path: &Path, text: &str, t: &mut table::Table) {
    table::for_each_line(text, |n, _, line| {
        let mut cols = line.split('\t');
        let (id, names) = (cols.next().unwrap_or(""), cols.next().unwrap_or(""));
        if id == "id" {
            return;
        }
        let Some(place) = t.get_mut(id) else {
            panic!("{}:{n}: no place has the id {id:?}", shown(root, path));
        };
        place.add_names(names.split('|'));
    });
}
