//! Command-line flags and the commands behind them. Only this module and `main.rs` touch
//! argv, the terminal and exit codes.

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use clap::{Args, Parser, Subcommand, ValueEnum};

use eventmap::gazetteer::GazetteerBuilder;
use eventmap::input::{InputReader, Source};
use eventmap::output;
use eventmap::render::{self, Extent, MapOptions};
use eventmap::{Date, Gazetteer, Pipeline};

/// Turns news articles into maps: place mentions, events, GeoJSON, CSV and a PNG map.
#[derive(Parser, Debug)]
#[command(name = "eventmap", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Read articles, find places and events, write GeoJSON, CSV and a map.
    ///
    /// Example: eventmap run seeds --out output
    Run(RunArgs),
    /// Look things up in the gazetteer.
    #[command(subcommand)]
    Gazetteer(GazetteerCommand),
    /// Redraw a map from GeoJSON files (eventmap's own, or edited in a GIS tool).
    ///
    /// Example: eventmap render output/places.geojson output/events.geojson --out map.png
    Render(RenderArgs),
    /// Run the pipeline on a gold corpus (JSONL with "id" and "text") and write predictions in
    /// the format of ../shared/eval/score.py.
    ///
    /// Example: eventmap eval ../shared/eval/lgl.jsonl --out /tmp/lgl.pred.jsonl
    Eval(EvalArgs),
}

#[derive(Subcommand, Debug)]
pub enum GazetteerCommand {
    /// Print the candidates for a name: id, kind, country, admin1, population, coordinates.
    ///
    /// Example: eventmap gazetteer lookup Kharkiv
    Lookup {
        /// The name (any case, with or without diacritics; Latin or Cyrillic).
        name: String,
        /// Show at most this many candidates (most populous first).
        #[arg(long, default_value_t = 20)]
        limit: usize,
        #[command(flatten)]
        gaz: GazArgs,
    },
}

/// Where the gazetteer comes from.
#[derive(Args, Debug, Clone, Default)]
pub struct GazArgs {
    /// Also load a GeoNames dump (allCountries.txt, cities15000.txt…). Repeatable.
    #[arg(long, value_name = "FILE")]
    pub geonames: Vec<PathBuf>,
    /// Also load GeoNames alternate names (alternateNamesV2.txt). Repeatable.
    #[arg(long, value_name = "FILE")]
    pub alternate_names: Vec<PathBuf>,
    /// GeoNames admin1CodesASCII.txt, to name the regions of --geonames places.
    #[arg(long, value_name = "FILE")]
    pub admin1_codes: Vec<PathBuf>,
    /// Also load a TSV of extra places with the columns of data/places.tsv. Repeatable.
    #[arg(long, value_name = "FILE")]
    pub places: Vec<PathBuf>,
    /// Do not load the bundled gazetteer (use only the files given).
    #[arg(long)]
    pub no_bundled: bool,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Places and events as one GeoJSON FeatureCollection each, in a JSON object.
    Json,
    /// Places as a GeoJSON FeatureCollection.
    Geojson,
    /// Places then events as GeoJSON text sequences (RFC 8142).
    Geojsonseq,
    /// Mentions as CSV.
    Csv,
}

#[derive(Args, Debug)]
pub struct RunArgs {
    /// .txt files, folders of them, .jsonl/.ndjson files ({"id","text","published"?…} per
    /// line), or - for standard input.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// Folder to write places.geojson, events.geojson, mentions.csv, events.csv, map.png and map.html.
    #[arg(long, short, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Also (or only, without --out) write this format to standard output.
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Publication date (YYYY-MM-DD) for documents that do not give one; anchors "on
    /// Tuesday" and the year of "Jan. 2".
    #[arg(long, value_name = "DATE")]
    pub published: Option<String>,
    /// Skip files larger than this many bytes.
    #[arg(long, default_value_t = 256 << 20, value_name = "BYTES")]
    pub max_bytes: u64,
    /// Do not draw map.png and map.html.
    #[arg(long)]
    pub no_map: bool,
    /// Do not print the summary and warnings.
    #[arg(long, short)]
    pub quiet: bool,
    #[command(flatten)]
    pub map: MapArgs,
    #[command(flatten)]
    pub gaz: GazArgs,
}

#[derive(Args, Debug, Clone)]
pub struct MapArgs {
    /// Map title (default: from the content, e.g. "Strikes in Ukraine, 30 Dec 2023 – 2 Jan 2024").
    #[arg(long)]
    pub title: Option<String>,
    /// Map width in pixels at scale 1.
    #[arg(long, default_value_t = 1600)]
    pub width: u32,
    /// Map height in pixels at scale 1.
    #[arg(long, default_value_t = 1000)]
    pub height: u32,
    /// Scale the whole map: the PNG is width×scale by height×scale pixels (2 for print).
    #[arg(long, default_value_t = 1.0)]
    pub scale: f64,
    /// auto (fit the events), world, or W,S,E,N in degrees.
    #[arg(long, default_value = "auto", allow_hyphen_values = true)]
    pub extent: String,
}

#[derive(Args, Debug)]
pub struct RenderArgs {
    /// places.geojson
    pub places: PathBuf,
    /// events.geojson (optional)
    pub events: Option<PathBuf>,
    /// The PNG to write (the interactive map goes beside it, as FILE with .html).
    #[arg(long, short, value_name = "FILE")]
    pub out: PathBuf,
    #[command(flatten)]
    pub map: MapArgs,
}

#[derive(Args, Debug)]
pub struct EvalArgs {
    /// Gold corpus in the JSONL format of ../shared/eval.
    pub gold: PathBuf,
    /// Where to write predictions (JSONL: {"id", "toponyms": [{"start","end","lat","lon"}]}).
    #[arg(long, short, value_name = "FILE")]
    pub out: PathBuf,
}

/// What a command achieved: everything, or with some inputs failing.
pub enum Outcome {
    Ok,
    SomeFailed,
}

fn build_gazetteer(args: &GazArgs, quiet: bool) -> anyhow::Result<Gazetteer> {
    let mut b = GazetteerBuilder::new();
    b.bundled(!args.no_bundled);
    for p in &args.geonames {
        b.geonames(p);
    }
    for p in &args.alternate_names {
        b.alternate_names(p);
    }
    for p in &args.admin1_codes {
        b.admin1_codes(p);
    }
    for p in &args.places {
        b.extra(p);
    }
    let (gaz, problems) = b.build()?;
    if !quiet {
        for p in problems.iter().take(20) {
            eprintln!("eventmap: warning: {p} (row skipped)");
        }
        if problems.len() > 20 {
            eprintln!(
                "eventmap: warning: {} more malformed gazetteer rows skipped",
                problems.len() - 20
            );
        }
    }
    Ok(gaz)
}

fn map_options(m: &MapArgs) -> anyhow::Result<MapOptions> {
    let extent: Extent = m.extent.parse()?;
    let opts = MapOptions {
        width: m.width,
        height: m.height,
        scale: m.scale,
        title: m.title.clone(),
        extent,
    };
    opts.validate()?;
    Ok(opts)
}

pub fn run(args: RunArgs) -> anyhow::Result<Outcome> {
    if args.out.is_none() && args.format.is_none() {
        bail!("nothing to write: give --out DIR, --format FORMAT for standard output, or both");
    }
    let published = match &args.published {
        Some(s) => Some(
            Date::parse_iso(s)
                .with_context(|| format!("--published {s:?} is not a YYYY-MM-DD date"))?,
        ),
        None => None,
    };
    let map_opts = map_options(&args.map)?;
    if let Some(out) = &args.out {
        std::fs::create_dir_all(out)
            .with_context(|| format!("{}: cannot create the --out folder", out.display()))?;
        let probe = out.join(".eventmap-write-test");
        std::fs::write(&probe, b"")
            .with_context(|| format!("{}: the --out folder is not writable", out.display()))?;
        let _ = std::fs::remove_file(probe);
    }
    let mut reader = InputReader::new();
    reader.max_bytes(args.max_bytes).published(published);
    let mut sources = Vec::new();
    for p in &args.inputs {
        if p == Path::new("-") {
            let mut buf = Vec::new();
            std::io::stdin()
                .read_to_end(&mut buf)
                .context("reading standard input")?;
            sources.push(Source::Bytes(p.clone(), buf));
        } else {
            sources.push(Source::Path(p.clone()));
        }
    }
    let report = reader.read_all(sources);
    let mut failed = 0;
    for p in &report.problems {
        if p.failed {
            failed += 1;
        }
        if !args.quiet || p.failed {
            eprintln!(
                "eventmap: {}{}",
                if p.failed { "" } else { "warning: " },
                p.error
            );
        }
    }
    let gaz = build_gazetteer(&args.gaz, args.quiet)?;
    let pipeline = Pipeline::builder().gazetteer(gaz).build();
    let docs = &report.documents;
    let show_progress = !args.quiet
        && std::io::stderr().is_terminal()
        && (docs.len() >= 200 || report.bytes >= 2 << 20);
    let bar = if show_progress {
        let b = indicatif::ProgressBar::new(docs.len() as u64);
        b.set_style(
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} documents {elapsed}")
                .expect("valid template"),
        );
        Some(b)
    } else {
        None
    };
    let tick = || {
        if let Some(b) = &bar {
            b.inc(1);
        }
    };
    let result = pipeline.run_with_progress(docs, &tick);
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    let gaz = pipeline.gazetteer();
    let mut written = Vec::new();
    if let Some(out) = &args.out {
        let files: Vec<(&str, Vec<u8>)> = vec![
            ("places.geojson", output::places_geojson(&result, gaz)),
            ("events.geojson", output::events_geojson(&result, gaz, docs)),
            ("mentions.csv", output::mentions_csv(&result, gaz)),
            ("events.csv", output::events_csv(&result, gaz)),
        ];
        for (name, bytes) in files {
            let path = out.join(name);
            output::write_atomic(&path, &bytes)?;
            written.push(path);
        }
        if !args.no_map {
            let (places, mut events) = render::map_data(&result, gaz);
            let urls: std::collections::HashMap<&str, &str> = docs
                .iter()
                .filter_map(|d| Some((d.id.as_str(), d.url.as_deref()?)))
                .collect();
            render::link_sources(&mut events, |doc| urls.get(doc).copied());
            let png = render::render_png(&places, &events, &map_opts)?;
            let html = render::html::render_html(&places, &events, &map_opts);
            for (name, bytes) in [("map.png", png), ("map.html", html.into_bytes())] {
                let path = out.join(name);
                output::write_atomic(&path, &bytes)?;
                written.push(path);
            }
        }
    }
    if let Some(format) = args.format {
        let bytes = match format {
            Format::Json => output::json_all(&result, gaz, docs),
            Format::Geojson => output::places_geojson(&result, gaz),
            Format::Geojsonseq => output::geojsonseq(&result, gaz, docs),
            Format::Csv => output::mentions_csv(&result, gaz),
        };
        write_stdout(&bytes)?;
    }
    if !args.quiet {
        eprintln!(
            "eventmap: {} document{} read ({} bytes), {} mentions, {} places, {} events{}",
            result.documents,
            if result.documents == 1 { "" } else { "s" },
            report.bytes,
            result.mentions.len(),
            result.places.len(),
            result.events.len(),
            if failed > 0 {
                format!(", {failed} input(s) failed")
            } else {
                String::new()
            }
        );
        for p in &written {
            eprintln!("eventmap: wrote {}", p.display());
        }
    }
    Ok(if failed > 0 {
        Outcome::SomeFailed
    } else {
        Outcome::Ok
    })
}

/// Writes to standard output; a closed pipe (`| head`) is not an error.
fn write_stdout(bytes: &[u8]) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|_| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        r => Ok(r?),
    }
}

pub fn gazetteer(cmd: GazetteerCommand) -> anyhow::Result<Outcome> {
    match cmd {
        GazetteerCommand::Lookup { name, limit, gaz } => {
            let gaz = build_gazetteer(&gaz, false)?;
            let mut ids = gaz.lookup(&name);
            ids.sort_by(|a, b| {
                let (pa, pb) = (gaz.place(*a), gaz.place(*b));
                pa.kind
                    .cmp(&pb.kind)
                    .then(pb.population.cmp(&pa.population))
                    .then(pa.id.cmp(&pb.id))
            });
            if ids.is_empty() {
                eprintln!("eventmap: no place named {name:?} in the gazetteer");
                return Ok(Outcome::SomeFailed);
            }
            let mut s = String::from("id\tname\tkind\tcountry\tadmin1\tpopulation\tlat\tlon\n");
            for id in ids.iter().take(limit) {
                let p = gaz.place(*id);
                s.push_str(&format!(
                    "{}\t{}\t{}\t{}\t{}\t{}\t{:.5}\t{:.5}\n",
                    p.id,
                    p.name,
                    p.kind.as_str(),
                    p.country_code,
                    p.admin1_name,
                    p.population,
                    p.lat,
                    p.lon
                ));
            }
            if ids.len() > limit {
                s.push_str(&format!("# {} more (raise --limit)\n", ids.len() - limit));
            }
            write_stdout(s.as_bytes())?;
            Ok(Outcome::Ok)
        }
    }
}

pub fn render_cmd(args: RenderArgs) -> anyhow::Result<Outcome> {
    let read = |p: &Path| {
        std::fs::read_to_string(p).with_context(|| format!("{}: cannot read", p.display()))
    };
    let places = read(&args.places)?;
    let events = args.events.as_deref().map(read).transpose()?;
    let (ps, es) = render::map_data_from_geojson(&places, events.as_deref()).map_err(|e| {
        anyhow::anyhow!(
            "{}: not a GeoJSON FeatureCollection: {e}",
            args.places.display()
        )
    })?;
    let opts = map_options(&args.map)?;
    let png = render::render_png(&ps, &es, &opts)?;
    output::write_atomic(&args.out, &png)?;
    let html_path = args.out.with_extension("html");
    output::write_atomic(
        &html_path,
        render::html::render_html(&ps, &es, &opts).as_bytes(),
    )?;
    eprintln!(
        "eventmap: wrote {} and {} ({} places, {} events)",
        args.out.display(),
        html_path.display(),
        ps.len(),
        es.len()
    );
    Ok(Outcome::Ok)
}

pub fn eval(args: EvalArgs) -> anyhow::Result<Outcome> {
    let mut reader = InputReader::new();
    let report = reader.read_source(Source::Path(args.gold.clone()));
    let failed = report.problems.iter().filter(|p| p.failed).count();
    for p in &report.problems {
        eprintln!("eventmap: {}", p.error);
    }
    let pipeline = Pipeline::builder().build();
    let gaz = pipeline.gazetteer();
    let run = pipeline.run(&report.documents);
    let mut by_doc: std::collections::BTreeMap<&str, Vec<serde_json::Value>> =
        std::collections::BTreeMap::new();
    for m in &run.mentions {
        let Some(p) = m.place else { continue };
        let p = gaz.place(p);
        by_doc.entry(m.doc.as_str()).or_default().push(serde_json::json!({
            "start": m.start, "end": m.end, "lat": output::round5(p.lat), "lon": output::round5(p.lon),
            "confidence": m.confidence, "role": m.role.as_str(), "place_id": p.id,
        }));
    }
    let mut out = Vec::new();
    for d in &report.documents {
        let line = serde_json::json!({"id": d.id, "toponyms": by_doc.remove(d.id.as_str()).unwrap_or_default()});
        serde_json::to_writer(&mut out, &line)?;
        out.push(b'\n');
    }
    output::write_atomic(&args.out, &out)?;
    eprintln!(
        "eventmap: {} documents, {} mentions; wrote {}",
        run.documents,
        run.mentions.len(),
        args.out.display()
    );
    Ok(if failed > 0 {
        Outcome::SomeFailed
    } else {
        Outcome::Ok
    })
}
