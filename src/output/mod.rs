//! Writers: GeoJSON (RFC 7946), GeoJSON text sequences (RFC 8142), CSV, JSON, GeoPackage and
//! the per-document records of `eventmap extract`.
//!
//! Every format is one file here behind the [`Writer`] trait (as hyperfine's exporters are):
//! [`Writer::record`] gets each document's record in input order as soon as it is done (so
//! `mentions.csv` streams), [`Writer::finish`] gets the bounded [`Summary`] at the end (places,
//! events). What the files contain is defined once, in [`schema`]. Output is deterministic:
//! features in the summary's sorted order, properties in a fixed order, coordinates rounded to
//! 5 decimals (about 1 m). GeoJSON positions are `[lon, lat]`.
//!
//! ```
//! use eventmap::{Document, Pipeline, output};
//! let p = Pipeline::builder().build();
//! let run = p.run(&[Document::new("a", "Shelling hit Kherson.")]);
//! let bytes = output::to_bytes(&mut output::PlacesGeojson::new(Vec::new()), p.gazetteer(), &run.summary, 3).unwrap();
//! let v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
//! assert_eq!(v["type"], "FeatureCollection");
//! assert_eq!(v["features"][0]["properties"]["name"], "Kherson");
//! ```

pub mod acled;
pub mod csv;
mod digits;
pub mod geojson;
pub mod geojsonseq;
#[cfg(feature = "gpkg")]
pub mod gpkg;
pub mod json;
mod jsonline;
pub mod records;
pub mod schema;

use std::io::Write;
use std::path::Path;

use crate::error::{Error, ErrorKind, Location, Result};
use crate::gazetteer::Gazetteer;
use crate::result::{DocRecord, Summary};

pub use self::acled::AcledCsv;
pub use self::csv::{EventsCsv, EvidenceCsv, MentionsCsv};
pub use self::geojson::{EventsGeojson, PlacesGeojson};
pub use self::geojsonseq::GeojsonSeq;
#[cfg(feature = "gpkg")]
pub use self::gpkg::Gpkg;
pub use self::json::JsonAll;
pub use self::records::Records;
pub use schema::round5;

/// What every writer is given.
#[derive(Clone, Copy)]
pub struct Context<'a> {
    /// The gazetteer the run used.
    pub gaz: &'a Gazetteer,
    /// Evidence entries (and source ids) per event feature.
    pub evidence: usize,
}

/// One output format.
pub trait Writer {
    /// One document's record, in input order, as soon as it is done.
    fn record(&mut self, _ctx: &Context, _rec: &DocRecord) -> Result<()> {
        Ok(())
    }

    /// [`Writer::record`] with the record's `mentions.csv` rows already made by
    /// [`csv::mention_rows`] (`None` if they were not): a writer of those rows writes them as
    /// given instead of making them again.
    fn record_with_rows(
        &mut self,
        ctx: &Context,
        rec: &DocRecord,
        _rows: Option<&[u8]>,
    ) -> Result<()> {
        self.record(ctx, rec)
    }

    /// Whether [`Writer::record_with_rows`] uses the rows made ahead.
    fn wants_mention_rows(&self) -> bool {
        false
    }

    /// What was kept for the end. Called once, last.
    fn finish(&mut self, ctx: &Context, summary: &Summary) -> Result<()>;
}

/// A writer's output bytes for a summary alone (no per-document records): for tests and
/// library callers.
pub fn to_bytes<W: Writer + IntoInner>(
    w: &mut W,
    gaz: &Gazetteer,
    summary: &Summary,
    evidence: usize,
) -> Result<Vec<u8>> {
    w.finish(&Context { gaz, evidence }, summary)?;
    Ok(w.take())
}

/// Writers over a `Vec<u8>` give their bytes back.
pub trait IntoInner {
    /// The bytes written so far (the writer is left empty).
    fn take(&mut self) -> Vec<u8>;
}

/// An error while writing to `what` (a file name or "standard output").
pub(crate) fn write_error(what: &str, e: std::io::Error) -> Error {
    Error::new(ErrorKind::Io(e), Location::file(what))
}

/// Writes bytes to a file atomically: a temporary file beside it, then a rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let tmp = temp_path(path);
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    result.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        Error::io(path, e)
    })
}

/// The temporary file a file is written to before it is renamed into place.
pub fn temp_path(path: &Path) -> std::path::PathBuf {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    dir.join(format!(".{name}.tmp{}", std::process::id()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_and_reports_errors() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.txt");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temp file left"
        );
        let err = write_atomic(&dir.path().join("missing/a.txt"), b"x").unwrap_err();
        assert!(err.to_string().contains("missing/a.txt"), "{err}");
    }
}
