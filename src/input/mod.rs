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

use crate::error::{Error, ErrorKind, Location};
use crate::text::{Date, Document};

mod ids;
mod jsonl;
mod stream;

use ids::IdSet;
use stream::Sink;
pub use stream::SEND_DOCS;

/// Where documents come from.
#[derive(Clone, Debug)]
pub enum Source {
    /// A file or folder.
    Path(PathBuf),
    /// Bytes already read, with the name to report them under (standard input is
    /// `Bytes("-", …)`); a name ending in `.jsonl`/`.ndjson` is read as JSONL, `-` is sniffed.
    Bytes(PathBuf, Vec<u8>),
    /// Standard input, read up to the size limit and sniffed like `Bytes("-", …)`.
    Stdin,
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
    /// Where documents go as they are read instead of `documents` (see
    /// [`InputReader::stream`]), with the ids seen so far.
    sink: Option<Sink>,
}

impl InputReport {
    /// Keeps a document, or sends it on when streaming (renaming a duplicate id there, as
    /// [`InputReader::read_all`] does).
    fn push(&mut self, mut doc: Document) {
        let Some(sink) = &mut self.sink else {
            self.documents.push(doc);
            return;
        };
        if let Some(problem) = unique_id(&mut sink.seen, &mut doc) {
            self.problems.push(problem);
        }
        sink.push(doc);
    }
}

/// Makes `doc.id` unique among `seen` (a later duplicate gets a `#2`, `#3`… suffix) and
/// returns the warning saying so.
fn unique_id(seen: &mut IdSet, doc: &mut Document) -> Option<Problem> {
    if seen.insert(&doc.id) {
        return None;
    }
    let new = (2..)
        .map(|k| format!("{}#{k}", doc.id))
        .find(|n| seen.insert(n))
        .expect("a free suffix");
    let problem = Problem {
        error: Error::new(
            ErrorKind::Input(format!(
                "duplicate document id {:?}, renamed {new:?}",
                doc.id
            )),
            Location::default(),
        ),
        failed: false,
    };
    doc.id = new;
    Some(problem)
}

/// Reads documents from files, folders and bytes.
#[derive(Clone, Debug)]
pub struct InputReader {
    max_bytes: u64,
    max_doc_bytes: u64,
    published: Option<Date>,
}

/// The default largest single document (12 MiB): a document's analysis holds every token and
/// mention at once (about 40–60 bytes of memory per byte of text), so this keeps one document
/// under about 1 GB. Longer texts are refused with a message naming `--max-doc-bytes`.
pub const MAX_DOC_BYTES: u64 = 12 << 20;

/// Bytes read from a JSONL file at once (the default 8 KiB made 600 system calls for 5 MB).
const READ_BUFFER: usize = 128 << 10;

impl Default for InputReader {
    fn default() -> Self {
        InputReader::new()
    }
}

impl InputReader {
    /// A reader with the default size limit (256 MiB per file).
    pub fn new() -> InputReader {
        InputReader {
            max_bytes: 256 << 20,
            max_doc_bytes: MAX_DOC_BYTES,
            published: None,
        }
    }

    /// Files (and standard input, devices, JSONL lines) larger than this are skipped with an
    /// error.
    pub fn max_bytes(&mut self, n: u64) -> &mut Self {
        self.max_bytes = n;
        self
    }

    /// Documents (a text file, standard input or one JSONL record's text) longer than this
    /// are refused with an error (default [`MAX_DOC_BYTES`]).
    pub fn max_doc_bytes(&mut self, n: u64) -> &mut Self {
        self.max_doc_bytes = n;
        self
    }

    /// Keeps a document, or refuses it with an error at `loc` if it is over the
    /// per-document limit.
    fn accept(&self, doc: Document, loc: Location, report: &mut InputReport) {
        let len = doc.text.len() as u64;
        if len > self.max_doc_bytes {
            return fail(report, self.too_long(&doc.id, len, loc));
        }
        report.push(doc);
    }

    fn too_long(&self, id: &str, len: u64, loc: Location) -> Error {
        Error::new(
            ErrorKind::Input(format!(
                "document {id:?} is {len} bytes, over the {} a single document may have \
                 (memory grows with one document's length), skipped: split it into several \
                 documents or raise --max-doc-bytes",
                self.max_doc_bytes
            )),
            loc,
        )
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
        let mut seen = IdSet::default();
        for d in &mut report.documents {
            if let Some(problem) = unique_id(&mut seen, d) {
                report.problems.push(problem);
            }
        }
        report
    }

    /// Reads several sources, sending the documents to `tx` as they are read, in batches of
    /// at most [`SEND_DOCS`] (in input order, ids made unique) instead of keeping them;
    /// returns the problems and bytes read. Memory holds one file's bytes (or one JSONL line)
    /// and one batch at a time, not the documents.
    pub fn stream(
        &mut self,
        sources: Vec<Source>,
        tx: std::sync::mpsc::SyncSender<Vec<Document>>,
    ) -> InputReport {
        let mut report = InputReport {
            sink: Some(Sink::new(tx)),
            ..InputReport::default()
        };
        for s in sources {
            self.read_into(s, &mut report);
        }
        if let Some(sink) = &mut report.sink {
            sink.send();
        }
        report.sink = None;
        report
    }

    /// Reads one source.
    pub fn read_source(&mut self, source: Source) -> InputReport {
        let mut report = InputReport::default();
        self.read_into(source, &mut report);
        report
    }

    fn read_into(&mut self, source: Source, report: &mut InputReport) {
        match source {
            Source::Path(p) => self.read_path(&p, report),
            Source::Bytes(name, bytes) => {
                report.bytes += bytes.len() as u64;
                self.read_bytes(&name, bytes, report)
            }
            Source::Stdin => {
                let name = Path::new("-");
                match read_limited(std::io::stdin().lock(), self.max_bytes) {
                    Ok(Some(bytes)) => {
                        report.bytes += bytes.len() as u64;
                        self.read_bytes(name, bytes, report)
                    }
                    Ok(None) => fail(report, self.too_large(name, None)),
                    Err(e) => fail(report, Error::io(name, e)),
                }
            }
        }
    }

    fn too_large(&self, path: &Path, len: Option<u64>) -> Error {
        let size = match len {
            Some(n) => format!("file is {n} bytes, over"),
            None => "input is larger than".into(),
        };
        Error::new(
            ErrorKind::Input(format!(
                "{size} the limit of {} (raise it with --max-bytes)",
                self.max_bytes
            )),
            Location::file(path),
        )
    }

    fn read_path(&self, path: &Path, report: &mut InputReport) {
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => self.read_folder(path, report),
            Ok(meta) => self.read_file(path, &meta, report),
            Err(e) => fail(report, Error::io(path, e)),
        }
    }

    /// The documents of a folder's files and folders, in name order: `.txt`, `.jsonl` and
    /// `.ndjson` files that are not hidden.
    fn read_folder(&self, path: &Path, report: &mut InputReport) {
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
            if !is_doc || hidden {
                continue;
            }
            // A FIFO would block the run forever and a device may never end: inside a
            // folder only regular files and folders are read.
            let special = std::fs::metadata(&e).is_ok_and(|m| !m.is_file() && !m.is_dir());
            if special {
                fail(
                    report,
                    Error::new(
                        ErrorKind::Input(
                            "special file (FIFO, socket or device) inside a folder, skipped; name it on the command line to read it".into(),
                        ),
                        Location::file(&e),
                    ),
                );
                continue;
            }
            self.read_path(&e, report);
        }
    }

    /// The documents of a file (or a device or pipe named on the command line): a JSON lines
    /// file's lines, or the whole text of any other.
    fn read_file(&self, path: &Path, meta: &std::fs::Metadata, report: &mut InputReport) {
        if meta.is_file() && matches!(ext(path).as_str(), "jsonl" | "ndjson") {
            // Read line by line: the limit applies to each line, memory to one line.
            let file = match std::fs::File::open(path) {
                Ok(f) => f,
                Err(e) => return fail(report, Error::io(path, e)),
            };
            let file = std::io::BufReader::with_capacity(READ_BUFFER, file);
            let mut lines = jsonl::Lines::new(file, 0, self.max_bytes);
            self.read_jsonl(path, &mut lines, report);
            report.bytes += lines.bytes_read();
            return;
        }
        if meta.is_file() && meta.len() > self.max_bytes {
            return fail(report, self.too_large(path, Some(meta.len())));
        }
        // A text file is one document, and its text is at least half its bytes (UTF-16): one
        // far over the per-document limit is refused before it is read.
        if meta.is_file() && meta.len() / 2 > self.max_doc_bytes {
            let loc = Location::file(path);
            return fail(report, self.too_long(&stem(path), meta.len(), loc));
        }
        // Devices and pipes report no length: the limit is applied while reading.
        let read = std::fs::File::open(path).and_then(|f| read_limited(f, self.max_bytes));
        match read {
            Ok(Some(bytes)) => {
                report.bytes += bytes.len() as u64;
                self.read_bytes(path, bytes, report)
            }
            Ok(None) => fail(report, self.too_large(path, None)),
            Err(e) => fail(report, Error::io(path, e)),
        }
    }

    fn read_bytes(&self, name: &Path, bytes: Vec<u8>, report: &mut InputReport) {
        if let Some(text) = decode_utf16(&bytes) {
            return match text {
                Ok(text) => self.read_text(name, text, false, report),
                Err(at) => fail(
                    report,
                    Error::new(
                        ErrorKind::Input(format!(
                            "invalid UTF-16 at byte {at} (the file starts with a UTF-16 byte order mark), skipped; convert it to UTF-8"
                        )),
                        Location {
                            byte: Some(at as u64),
                            ..Location::file(name)
                        },
                    ),
                ),
            };
        }
        if bytes.contains(&0) {
            return fail(
                report,
                Error::new(
                    ErrorKind::Input("binary file (contains NUL bytes), skipped".into()),
                    Location::file(name),
                ),
            );
        }
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
        self.read_text(name, text, true, report)
    }

    /// Reads decoded text as a document or, by name or sniffing, as JSONL.
    fn read_text(&self, name: &Path, text: String, utf8: bool, report: &mut InputReport) {
        let body = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let jsonl = match ext(name).as_str() {
            "jsonl" | "ndjson" => true,
            _ if name == Path::new("-") => body.trim_start().starts_with('{'),
            _ => false,
        };
        if body.trim().is_empty() {
            return fail(
                report,
                Error::new(
                    ErrorKind::Input("empty file, nothing to read".into()),
                    Location::file(name),
                ),
            );
        }
        if jsonl {
            // Byte offsets in messages count from the file's start, BOM included.
            let bom = if utf8 { text.len() - body.len() } else { 0 };
            let mut lines = jsonl::Lines::new(body.as_bytes(), bom as u64, self.max_bytes);
            self.read_jsonl(name, &mut lines, report);
        } else {
            // A byte order mark stays in the text (folding ignores it) so that character
            // offsets count from the file's first character.
            let id = stem(name);
            let mut doc = Document::new(id, text);
            doc.published = self.published;
            self.accept(doc, Location::file(name), report);
        }
    }
}

/// Reads at most `max` bytes; `None` if there was more.
fn read_limited(r: impl std::io::Read, max: u64) -> std::io::Result<Option<Vec<u8>>> {
    use std::io::Read;
    let mut buf = Vec::new();
    r.take(max.saturating_add(1)).read_to_end(&mut buf)?;
    Ok((buf.len() as u64 <= max).then_some(buf))
}

/// Decodes text that starts with a UTF-16 byte order mark: `None` if there is none,
/// `Err(byte)` at an unpaired surrogate or odd length.
fn decode_utf16(bytes: &[u8]) -> Option<Result<String, usize>> {
    let le = match bytes {
        [0xFF, 0xFE, ..] => true,
        [0xFE, 0xFF, ..] => false,
        _ => return None,
    };
    let body = &bytes[2..];
    if body.len() % 2 == 1 {
        return Some(Err(bytes.len() - 1));
    }
    let units = body.chunks_exact(2).map(|c| {
        if le {
            u16::from_le_bytes([c[0], c[1]])
        } else {
            u16::from_be_bytes([c[0], c[1]])
        }
    });
    let mut out = String::with_capacity(body.len() / 2);
    for (i, ch) in char::decode_utf16(units).enumerate() {
        match ch {
            Ok(c) => out.push(c),
            Err(_) => return Some(Err(2 + 2 * i)),
        }
    }
    Some(Ok(out))
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
        assert!(r.documents.is_empty() && r.problems[0].failed);
        assert_eq!(
            r.problems[0].error.to_string(),
            "empty.txt: empty file, nothing to read"
        );
    }

    #[test]
    fn utf16_with_bom_is_decoded() {
        let text = "Shelling hit Kharkiv.";
        for le in [true, false] {
            let mut bytes = if le {
                vec![0xFF, 0xFE]
            } else {
                vec![0xFE, 0xFF]
            };
            for u in text.encode_utf16() {
                bytes.extend(if le { u.to_le_bytes() } else { u.to_be_bytes() });
            }
            let r = read("u16.txt", &bytes);
            assert!(r.problems.is_empty(), "{:?}", r.problems);
            assert_eq!(r.documents[0].text, text);
        }
        let r = read("odd.txt", &[0xFF, 0xFE, b'K', 0, b'h']);
        assert!(r.problems[0]
            .error
            .to_string()
            .contains("invalid UTF-16 at byte 4"));
    }

    #[test]
    fn utf8_bom_is_kept_in_text_and_skipped_in_jsonl() {
        let r = read("bom.txt", "\u{feff}Kharkiv".as_bytes());
        assert_eq!(r.documents[0].text, "\u{feff}Kharkiv");
        let r = read("bom.jsonl", "\u{feff}{\"text\":\"Kyiv\"}\n[1]\n".as_bytes());
        assert_eq!(r.documents[0].text, "Kyiv");
        assert_eq!(r.problems[0].error.location.byte, Some(19));
    }

    #[test]
    fn jsonl_messages_say_what_a_line_should_be() {
        let r = read(
            "f.jsonl",
            b"[1,2,3]\n\"text\"\n{\"text\": 5}\n{\"text\":\"a\",\"title\":[1]}\n",
        );
        let msgs: Vec<String> = r.problems.iter().map(|p| p.error.to_string()).collect();
        assert!(
            msgs[0].starts_with("f.jsonl:1: line is an array, not a JSON object"),
            "{msgs:?}"
        );
        assert!(
            msgs[1].starts_with("f.jsonl:2: line is a string"),
            "{msgs:?}"
        );
        assert!(
            msgs[2].starts_with("f.jsonl:3: \"text\" is a number"),
            "{msgs:?}"
        );
        assert!(msgs[3].starts_with("f.jsonl:4: invalid type"), "{msgs:?}");
        assert!(r.problems.iter().all(|p| p.failed));
    }

    #[test]
    fn limits_hold_for_jsonl_lines() {
        let mut reader = InputReader::new();
        reader.max_bytes(20);
        let data = b"{\"text\":\"Kyiv\"}\n{\"text\":\"Kharkiv and Odesa and Lviv\"}\n";
        let r = reader.read_source(Source::Bytes("f.jsonl".into(), data.to_vec()));
        assert_eq!(r.documents.len(), 1);
        let msg = r.problems[0].error.to_string();
        assert!(msg.starts_with("f.jsonl:2: line is 37 bytes"), "{msg}");
        assert!(msg.contains("--max-bytes"), "{msg}");
    }

    #[cfg(unix)]
    #[test]
    fn devices_are_read_up_to_the_limit() {
        let mut reader = InputReader::new();
        reader.max_bytes(1000);
        let r = reader.read_source(Source::Path("/dev/zero".into()));
        assert!(r.documents.is_empty());
        let msg = r.problems[0].error.to_string();
        assert!(
            msg.starts_with("/dev/zero: input is larger than the limit of 1000 (raise"),
            "{msg}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn fifos_inside_folders_are_skipped() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), "Shelling hit Kherson.").unwrap();
        let fifo = dir.path().join("x.txt");
        let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        // SAFETY: a valid path; mkfifo only creates the node.
        assert_eq!(unsafe { libc_mkfifo(c.as_ptr(), 0o644) }, 0);
        let r = InputReader::new().read_source(Source::Path(dir.path().to_path_buf()));
        assert_eq!(r.documents.len(), 1);
        assert!(r.problems[0].failed);
        assert!(r.problems[0]
            .error
            .to_string()
            .contains("x.txt: special file"));
    }

    #[cfg(unix)]
    extern "C" {
        #[link_name = "mkfifo"]
        fn libc_mkfifo(path: *const std::ffi::c_char, mode: u32) -> i32;
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
