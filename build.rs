//! Build script: embeds every lexicon file under `data/lexicon/<lang>/<list>.tsv`, so adding a
//! list or a language needs no code change here (see `src/lexicon.rs`).

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=data/lexicon");
    // Read at run time: a build script compiled in another checkout must not read that one's files.
    let manifest = std::env::var("CARGO_MANIFEST_DIR").unwrap();
    let root = Path::new(&manifest).join("data/lexicon");
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
    let mut out = String::from("/// (language, list name, file contents), sorted.\n");
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
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join("lexicon_files.rs");
    std::fs::write(dest, out).unwrap();
}
