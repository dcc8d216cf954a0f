//! The one error type of the library.
//!
//! Every error says *what* went wrong and *where*: the file, and where known the line (1-based)
//! and byte offset (0-based) inside it. The binary turns these into one-line messages.

use std::fmt;
use std::path::{Path, PathBuf};

/// A `Result` whose error is [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Where in an input an error happened.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Location {
    /// The file, or `None` (or `-`) for standard input and in-memory data.
    pub path: Option<PathBuf>,
    /// 1-based line number.
    pub line: Option<u64>,
    /// 0-based byte offset into the file.
    pub byte: Option<u64>,
}

impl Location {
    /// A location naming only a file.
    pub fn file(path: impl AsRef<Path>) -> Location {
        Location {
            path: Some(path.as_ref().to_path_buf()),
            line: None,
            byte: None,
        }
    }

    /// The same location at a line (and the byte where that line starts).
    pub fn at_line(mut self, line: u64, byte: u64) -> Location {
        self.line = Some(line);
        self.byte = Some(byte);
        self
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.path {
            Some(p) if p.as_os_str() != "-" => write!(f, "{}", p.display())?,
            _ => write!(f, "<stdin>")?,
        }
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        Ok(())
    }
}

/// What kind of error happened.
#[derive(Debug, thiserror::Error)]
pub enum ErrorKind {
    /// Reading or writing a file failed.
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// A row of a gazetteer or input table could not be parsed.
    #[error("malformed row: {0}")]
    Row(String),
    /// A JSON value could not be parsed.
    #[error("invalid JSON: {0}")]
    Json(String),
    /// The input is not something eventmap can read.
    #[error("{0}")]
    Input(String),
    /// A value given by the user (flag, extent, date) is not valid.
    #[error("{0}")]
    Invalid(String),
    /// Rendering the map failed.
    #[error("rendering failed: {0}")]
    Render(String),
}

/// An error with the place it happened.
#[derive(Debug)]
pub struct Error {
    /// What went wrong.
    pub kind: ErrorKind,
    /// Where it went wrong.
    pub location: Location,
}

impl Error {
    /// An error at a location.
    pub fn new(kind: ErrorKind, location: Location) -> Error {
        Error { kind, location }
    }

    /// An I/O error on a file.
    pub fn io(path: impl AsRef<Path>, err: std::io::Error) -> Error {
        Error::new(ErrorKind::Io(err), Location::file(path))
    }

    /// An error about a value the user gave, with no file involved.
    pub fn invalid(msg: impl Into<String>) -> Error {
        Error {
            kind: ErrorKind::Invalid(msg.into()),
            location: Location::default(),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.location == Location::default() {
            write!(f, "{}", self.kind)
        } else {
            write!(f, "{}: {}", self.location, self.kind)
        }
    }
}

// No `source`: the message already includes the I/O error's text, and a chain would print
// it twice.
impl std::error::Error for Error {}
