//! The output set of `run` and `merge`: the files of `--out DIR` and the `--format` on
//! standard output, driven through the library's [`Writer`]s as records stream by, and the
//! maps drawn at the end.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;

use anyhow::Context as _;

use eventmap::output::{self, Context, Writer};
use eventmap::render::{self, MapOptions};
use eventmap::result::{DocRecord, Summary};

use super::args::Format;
use super::outdir::OutputSet;

/// Every file `--out` may write (the maps are drawn at the end, see [`write_maps`]): files of
/// an older set with these names are replaced or removed, never left beside the new ones.
pub const SET_FILES: [&str; 7] = [
    "places.geojson",
    "events.geojson",
    "mentions.csv",
    "events.csv",
    "evidence.csv",
    "map.png",
    "map.html",
];

/// Standard output that treats a closed pipe (`| head`) as the end of the reader's interest.
struct Stdout {
    closed: bool,
    out: std::io::Stdout,
}

impl Write for Stdout {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.closed {
            return Ok(buf.len());
        }
        match self.out.write(buf) {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(buf.len())
            }
            r => r,
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self.out.flush() {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
            r => r,
        }
    }
}

fn stdout() -> BufWriter<Stdout> {
    BufWriter::with_capacity(
        1 << 16,
        Stdout {
            closed: false,
            out: std::io::stdout(),
        },
    )
}

/// The writers of one run (files of the output set, which is moved into place as a whole by
/// its [`OutputSet`], and standard output).
pub struct Outputs {
    writers: Vec<Box<dyn Writer>>,
    written: Vec<PathBuf>,
    gpkg_to_stdout: Option<PathBuf>,
}

fn file_writer(
    set: &mut OutputSet,
    name: &str,
    written: &mut Vec<PathBuf>,
) -> anyhow::Result<BufWriter<File>> {
    let (f, path) = set.create(name)?;
    written.push(path);
    Ok(BufWriter::with_capacity(1 << 16, f))
}

impl Outputs {
    /// Writers for `--out DIR` (every file of [`SET_FILES`]) and `--format` on standard output.
    pub fn new(set: Option<&mut OutputSet>, format: Option<Format>) -> anyhow::Result<Outputs> {
        let mut writers: Vec<Box<dyn Writer>> = Vec::new();
        let mut written = Vec::new();
        let mut gpkg_to_stdout = None;
        if let Some(dir) = set {
            let r = &mut written;
            writers.push(Box::new(output::PlacesGeojson::new(file_writer(
                dir,
                SET_FILES[0],
                r,
            )?)));
            writers.push(Box::new(output::EventsGeojson::new(file_writer(
                dir,
                SET_FILES[1],
                r,
            )?)));
            writers.push(Box::new(output::MentionsCsv::new(file_writer(
                dir,
                SET_FILES[2],
                r,
            )?)));
            writers.push(Box::new(output::EventsCsv::new(file_writer(
                dir,
                SET_FILES[3],
                r,
            )?)));
            writers.push(Box::new(output::EvidenceCsv::new(file_writer(
                dir,
                SET_FILES[4],
                r,
            )?)));
        }
        const OUT: &str = "standard output";
        match format {
            None => {}
            Some(Format::Json) => writers.push(Box::new(output::JsonAll::new(stdout(), OUT))),
            Some(Format::Geojson) => {
                writers.push(Box::new(output::PlacesGeojson::named(stdout(), OUT)))
            }
            Some(Format::Geojsonseq) => {
                writers.push(Box::new(output::GeojsonSeq::new(stdout(), OUT)))
            }
            Some(Format::Csv) => writers.push(Box::new(output::MentionsCsv::named(stdout(), OUT))),
            Some(Format::Acled) => writers.push(Box::new(output::AcledCsv::new(stdout(), OUT))),
            Some(Format::Gpkg) => {
                let tmp =
                    std::env::temp_dir().join(format!("eventmap-{}.gpkg", std::process::id()));
                writers.push(Box::new(output::Gpkg::new(&tmp)));
                gpkg_to_stdout = Some(tmp);
            }
        }
        Ok(Outputs {
            writers,
            written,
            gpkg_to_stdout,
        })
    }

    /// Whether a writer takes `mentions.csv` rows made ahead (see [`Outputs::record`]).
    pub fn wants_mention_rows(&self) -> bool {
        self.writers.iter().any(|w| w.wants_mention_rows())
    }

    /// Gives one document's record, and its `mentions.csv` rows if they were made ahead, to
    /// every writer.
    pub fn record(
        &mut self,
        ctx: &Context,
        rec: &DocRecord,
        rows: Option<&[u8]>,
    ) -> eventmap::Result<()> {
        for w in &mut self.writers {
            w.record_with_rows(ctx, rec, rows)?;
        }
        Ok(())
    }

    /// Finishes every writer; returns the final paths of the set's files.
    pub fn finish(mut self, ctx: &Context, summary: &Summary) -> anyhow::Result<Vec<PathBuf>> {
        for mut w in self.writers.drain(..) {
            w.finish(ctx, summary)?;
        }
        if let Some(tmp) = self.gpkg_to_stdout.take() {
            let bytes = std::fs::read(&tmp);
            let _ = std::fs::remove_file(&tmp);
            super::write_stdout(&bytes.context("reading the GeoPackage back")?)?;
        }
        Ok(std::mem::take(&mut self.written))
    }
}

/// Draws `map.png` and `map.html` into the set; returns their final paths.
pub fn write_maps(
    set: &mut OutputSet,
    summary: &Summary,
    gaz: &eventmap::Gazetteer,
    opts: &MapOptions,
) -> anyhow::Result<Vec<PathBuf>> {
    let (places, events) = render::map_data(summary, gaz).context("reading the events back")?;
    let png = render::render_png(&places, &events, opts).context("drawing map.png")?;
    let html = render::html::render_html(&places, &events, opts);
    Ok(vec![
        set.write("map.png", &png)?,
        set.write("map.html", html.as_bytes())?,
    ])
}

impl Drop for Outputs {
    fn drop(&mut self) {
        if let Some(tmp) = &self.gpkg_to_stdout {
            let _ = std::fs::remove_file(tmp);
        }
    }
}
