//! Command-line argument definitions (clap derive). Each command's behaviour lives in its own
//! file beside this one; adding a command means a variant here, a file, and a line in
//! [`super::dispatch`].

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

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
    /// Map step: one JSON record per document (mentions, resolutions, event reports) on
    /// standard output, for `merge`. Stateless, so any engine can run it over partitions.
    ///
    /// Example: eventmap extract corpus.jsonl > records.jsonl
    Extract(super::extract::ExtractArgs),
    /// Reduce step: records of `extract` (any partitioning, any order) in, the output set of
    /// `run` out, byte for byte.
    ///
    /// Example: eventmap merge records.jsonl --out output
    Merge(super::merge::MergeArgs),
}

#[derive(Subcommand, Debug)]
pub enum GazetteerCommand {
    /// Print the candidates for a name: id, kind, country, admin1, population, coordinates.
    ///
    /// Example: eventmap gazetteer lookup Kharkiv
    Lookup {
        /// The name (any case, with or without diacritics; Latin or Cyrillic).
        name: String,
        /// A text that mentions the name: print each candidate's score features there.
        ///
        /// Example: eventmap gazetteer lookup Donetsk --context "Shelling hit Selydove, Donetsk."
        #[arg(long)]
        context: Option<String>,
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
    /// Events as CSV with ACLED's columns (event_date, event_type, sub_event_type, actor1…).
    Acled,
    /// Places and events as two layers of one GeoPackage (redirect to a .gpkg file).
    Gpkg,
}

#[derive(Args, Debug)]
pub struct RunArgs {
    /// .txt files, folders of them, .jsonl/.ndjson files ({"id","text","published"?…} per
    /// line), or - for standard input.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// Folder to write places.geojson, events.geojson, mentions.csv, events.csv, evidence.csv,
    /// map.png and map.html.
    #[arg(long, short, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Also (or only, without --out) write this format to standard output.
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Publication date (YYYY-MM-DD) for documents that do not give one; anchors "on
    /// Tuesday" and the year of "Jan. 2".
    #[arg(long, value_name = "DATE")]
    pub published: Option<String>,
    /// Skip any input larger than this many bytes: a file, standard input, a device or one
    /// JSONL line.
    #[arg(long, default_value_t = 256 << 20, value_name = "BYTES")]
    pub max_bytes: u64,
    /// Skip any single document (a text file, standard input, one JSONL record's text) longer
    /// than this many bytes: one document's analysis is held in memory at once.
    #[arg(long, default_value_t = eventmap::input::MAX_DOC_BYTES, value_name = "BYTES")]
    pub max_doc_bytes: u64,
    /// Do not draw map.png and map.html.
    #[arg(long)]
    pub no_map: bool,
    /// Evidence entries (and source ids) per place and event feature; the full evidence is in
    /// mentions.csv and evidence.csv.
    #[arg(long, default_value_t = 3, value_name = "N")]
    pub evidence: usize,
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
    /// The PNG to write.
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
