//! Reading documents: `.txt` files, folders of them, JSONL/NDJSON files with one article per
//! line, and standard input.
//!
//! Bad input never stops the run: a file that cannot be read, a binary file, an over-large
//! file or a malformed JSONL line becomes a [`Problem`] naming the file (and line), and every
//! other document is still read. Invalid UTF-8 is decoded lossily (U+FFFD) with a warning.
//!
//! ```
//! use eventmap::input::{InputReader, Source};
//! let mut reader = InputReader::new();
//! let jsonl = "{\"id\": \"a\", \"text\": \"Kharkiv\", \"published\": \"2024-01-06\"}\nnot json\n";
//! let report = reader.read_source(Source::Bytes("feed.jsonl".into(), jsonl.as_bytes().to_vec()));
//! assert_eq!(report.documents.len(), 1);
//! assert_eq!(report.problems.len(), 1);
//! assert!(report.problems[0].error.to_string().starts_with("feed.jsonl:2: invalid JSON"));
//! ```

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Error, ErrorKind, Location};
use crate::text::{Date, Document};

/// Where documents come from.
#[derive(Clone, Debug)]
pub enum Source {
    /// A file or folder.
    Path(PathBuf),
    /// Bytes already read, with the name to report them under (standard input is
    /// `Bytes("-", …)`); a name ending in `.jsonl`/`.ndjson` is read as JSONL, `-` is sniffed.
    Bytes(PathBuf, Vec<u8>),
}

/// Something wrong with one input.
#[derive(Debug)]
pub struct Problem {
    /// What and where.
    pub error: Error,
    /// `true` if a document (or line) was lost; `false` for a warning (e.g. lossy UTF-8).
    pub failed: bool,
}

/// Documents read and the problems met.
#[derive(Debug, Default)]
pub struct InputReport {
    /// The documents, in input order (folders sorted by path).
    pub documents: Vec<Document>,
    /// Problems, in the order met.
    pub problems: Vec<Problem>,
    /// Bytes read.
    pub bytes: u64,
}

/// Reads documents from files, folders and bytes.
#[derive(Clone, Debug)]
pub struct InputReader {
    max_bytes: u64,
    published: Option<Date>,
}

impl Default for InputReader {
    fn default() -> Self {
        InputReader::new()
    }
}

#[derive(Deserialize)]
struct JsonDoc {
    id: Option<serde_json::Value>,
    text: Option<String>,
    published: Option<String>,
    title: Option<String>,
    url: Option<String>,
    source: Option<String>,
    lang: Option<String>,
}

impl InputReader {
    /// A reader with the default size limit (256 MiB per file).
    pub fn new() -> InputReader {
        InputReader {
            max_bytes: 256 << 20,
            published: None,
        }
    }

    /// Files larger than this are skipped with an error.
    pub fn max_bytes(&mut self, n: u64) -> &mut Self {
        self.max_bytes = n;
        self
    }

    /// Publication date for documents that do not give their own.
    pub fn published(&mut self, date: Option<Date>) -> &mut Self {
        self.published = date;
        self
    }

    /// Reads several sources into one report.
    pub fn read_all(&mut self, sources: Vec<Source>) -> InputReport {
        let mut report = InputReport::default();
        for s in sources {
            let r = self.read_source(s);
            report.documents.extend(r.documents);
            report.problems.extend(r.problems);
            report.bytes += r.bytes;
        }
        // Ids must be unique: later duplicates get a suffix, with a warning.
        let mut seen = std::collections::HashSet::new();
        for d in &mut report.documents {
            if !seen.insert(d.id.clone()) {
                let mut k = 2;
                while !seen.insert(format!("{}#{k}", d.id)) {
                    k += 1;
                }
                let new = format!("{}#{k}", d.id);
                report.problems.push(Problem {
                    error: Error::new(
                        ErrorKind::Input(format!(
                            "duplicate document id {:?}, renamed {new:?}",
                            d.id
                        )),
                        Location::default(),
                    ),
                    failed: false,
                });
                d.id = new;
            }
        }
        report
    }

    /// Reads one source.
    pub fn read_source(&mut self, source: Source) -> InputReport {
        let mut report = InputReport::default();
        match source {
            Source::Path(p) => self.read_path(&p, &mut report),
            Source::Bytes(name, bytes) => {
                report.bytes += bytes.len() as u64;
                self.read_bytes(&name, bytes, &mut report)
            }
        }
        report
    }

    fn read_path(&self, path: &Path, report: &mut InputReport) {
        let meta = match std::fs::metadata(path) {
            Ok(m) => m,
            Err(e) => return fail(report, Error::io(path, e)),
        };
        if meta.is_dir() {
            let mut entries: Vec<PathBuf> = match std::fs::read_dir(path) {
                Ok(rd) => rd.filter_map(|e| e.ok().map(|e| e.path())).collect(),
                Err(e) => return fail(report, Error::io(path, e)),
            };
            entries.sort();
            for e in entries {
                // Linked folders are not followed: a link to a parent would never end.
                let linked_dir = e.is_dir()
                    && std::fs::symlink_metadata(&e).is_ok_and(|m| m.file_type().is_symlink());
                if linked_dir {
                    report.problems.push(Problem {
                        error: Error::new(
                            ErrorKind::Input("linked folder not followed".into()),
                            Location::file(&e),
                        ),
                        failed: false,
                    });
                    continue;
                }
                let is_doc = e.is_dir() || matches!(ext(&e).as_str(), "txt" | "jsonl" | "ndjson");
                let hidden = e
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with('.'));
                if is_doc && !hidden {
                    self.read_path(&e, report);
                }
            }
            return;
        }
        if meta.len() > self.max_bytes {
            return fail(
                report,
                Error::new(
                    ErrorKind::Input(format!(
                        "file is {} bytes, over the limit of {} (raise it with --max-bytes)",
                        meta.len(),
                        self.max_bytes
                    )),
                    Location::file(path),
                ),
            );
        }
        match std::fs::read(path) {
            Ok(bytes) => {
                report.bytes += bytes.len() as u64;
                self.read_bytes(path, bytes, report)
            }
            Err(e) => fail(report, Error::io(path, e)),
        }
    }

    fn read_bytes(&self, name: &Path, bytes: Vec<u8>, report: &mut InputReport) {
        if bytes.contains(&0) {
            return fail(
                report,
                Error::new(
                    ErrorKind::Input("binary file (contains NUL bytes), skipped".into()),
                    Location::file(name),
                ),
            );
        }
        let jsonl = match ext(name).as_str() {
            "jsonl" | "ndjson" => true,
            _ if name == Path::new("-") => {
                bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{')
            }
            _ => false,
        };
        let text = match String::from_utf8(bytes) {
            Ok(s) => s,
            Err(e) => {
                let at = e.utf8_error().valid_up_to();
                report.problems.push(Problem {
                    error: Error::new(
                        ErrorKind::Input(format!(
                            "invalid UTF-8 at byte {at}, decoded with replacement characters"
                        )),
                        Location {
                            byte: Some(at as u64),
                            ..Location::file(name)
                        },
                    ),
                    failed: false,
                });
                String::from_utf8_lossy(e.as_bytes()).into_owned()
            }
        };
        let text = text
            .strip_prefix('\u{feff}')
            .map(str::to_string)
            .unwrap_or(text);
        if text.trim().is_empty() {
            report.problems.push(Problem {
                error: Error::new(
                    ErrorKind::Input("empty file, nothing to read".into()),
                    Location::file(name),
                ),
                failed: false,
            });
            return;
        }
        if jsonl {
            self.read_jsonl(name, &text, report);
        } else {
            let id = stem(name);
            let mut doc = Document::new(id, text);
            doc.published = self.published;
            report.documents.push(doc);
        }
    }

    fn read_jsonl(&self, name: &Path, text: &str, report: &mut InputReport) {
        let mut byte = 0u64;
        for (i, line) in text.split('\n').enumerate() {
            let start = byte;
            byte += line.len() as u64 + 1;
            let line = line.trim();
            if line.is_empty() {
                continue;
            }
            let loc = Location::file(name).at_line(i as u64 + 1, start);
            let parsed: JsonDoc = match serde_json::from_str(line) {
                Ok(d) => d,
                Err(e) => {
                    fail(report, Error::new(ErrorKind::Json(e.to_string()), loc));
                    continue;
                }
            };
            let Some(body) = parsed.text else {
                fail(
                    report,
                    Error::new(
                        ErrorKind::Input("no \"text\" field, line skipped".into()),
                        loc,
                    ),
                );
                continue;
            };
            let id = match parsed.id {
                Some(serde_json::Value::String(s)) if !s.is_empty() => s,
                Some(serde_json::Value::Number(n)) => n.to_string(),
                _ => format!("{}:{}", stem(name), i + 1),
            };
            let published = match parsed.published.as_deref() {
                None | Some("") => self.published,
                Some(s) => match Date::parse_iso(s) {
                    Some(d) => Some(d),
                    None => {
                        report.problems.push(Problem {
                            error: Error::new(
                                ErrorKind::Input(format!(
                                    "\"published\" {s:?} is not a YYYY-MM-DD date, ignored"
                                )),
                                loc.clone(),
                            ),
                            failed: false,
                        });
                        self.published
                    }
                },
            };
            report.documents.push(Document {
                id,
                text: body,
                published,
                title: parsed.title,
                url: parsed.url,
                source: parsed.source,
                lang: parsed
                    .lang
                    .as_deref()
                    .and_then(crate::lexicon::Lang::from_code),
            });
        }
    }
}

fn fail(report: &mut InputReport, error: Error) {
    report.problems.push(Problem {
        error,
        failed: true,
    });
}

fn ext(p: &Path) -> String {
    p.extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default()
}

fn stem(p: &Path) -> String {
    if p == Path::new("-") {
        return "stdin".into();
    }
    p.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "document".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(name: &str, bytes: &[u8]) -> InputReport {
        InputReader::new().read_source(Source::Bytes(name.into(), bytes.to_vec()))
    }

    #[test]
    fn hostile_bytes() {
        let r = read("bin.txt", b"\x00\x01\x02ELF");
        assert!(r.documents.is_empty());
        assert!(r.problems[0].failed);
        assert_eq!(
            r.problems[0].error.to_string(),
            "bin.txt: binary file (contains NUL bytes), skipped"
        );

        let r = read("latin1.txt", b"Kharkiv caf\xe9 attack");
        assert_eq!(r.documents.len(), 1);
        assert!(r.documents[0].text.contains('\u{fffd}'));
        assert!(!r.problems[0].failed);
        assert!(r.problems[0]
            .error
            .to_string()
            .contains("invalid UTF-8 at byte 11"));

        let r = read("empty.txt", b"  \n");
        assert!(r.documents.is_empty() && !r.problems[0].failed);
    }

    #[test]
    fn jsonl_lines() {
        let data = b"{\"id\":\"a\",\"text\":\"one\",\"published\":\"2024-01-06\"}\n{bad\n\n{\"id\":7,\"text\":\"two\",\"published\":\"Jan 6\"}\n{\"id\":\"c\"}\n";
        let r = read("feed.jsonl", data);
        let ids: Vec<&str> = r.documents.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["a", "7"]);
        assert_eq!(r.documents[0].published, Date::new(2024, 1, 6));
        let msgs: Vec<String> = r.problems.iter().map(|p| p.error.to_string()).collect();
        assert!(
            msgs[0].starts_with("feed.jsonl:2: invalid JSON"),
            "{msgs:?}"
        );
        assert!(
            msgs[1].starts_with("feed.jsonl:4: \"published\""),
            "{msgs:?}"
        );
        assert!(msgs[2].starts_with("feed.jsonl:5: no \"text\""), "{msgs:?}");
    }

    #[cfg(unix)]
    #[test]
    fn linked_folders_are_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), "Shelling hit Kherson.").unwrap();
        std::os::unix::fs::symlink(dir.path(), dir.path().join("loop")).unwrap();
        let r = InputReader::new().read_source(Source::Path(dir.path().to_path_buf()));
        assert_eq!(r.documents.len(), 1);
        assert!(r.problems[0]
            .error
            .to_string()
            .ends_with("loop: linked folder not followed"));
    }

    #[test]
    fn stdin_is_sniffed() {
        let r = read("-", b"{\"text\":\"Kyiv\"}\n");
        assert_eq!(r.documents[0].id, "stdin:1");
        let r = read("-", b"Plain Kyiv text");
        assert_eq!(r.documents[0].id, "stdin");
    }
}
