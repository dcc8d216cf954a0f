//! The gazetteer: places with names, kinds, containment and coordinates.
//!
//! The bundled table (`data/places.tsv`, built by `data/build/build.py` from GeoNames-derived
//! registry packages, see `data/README.md`) is compiled into the binary, so eventmap works
//! offline with no set-up. Users can add their own data: GeoNames dumps in the standard
//! formats and a TSV of extra places ([`GazetteerBuilder`]).
//!
//! Coordinates are WGS84 decimal degrees, latitude and longitude as separate fields.
//!
//! ```
//! use eventmap::gazetteer::{Gazetteer, Kind};
//! let gaz = Gazetteer::bundled();
//! let kharkiv = gaz
//!     .lookup("Kharkiv")
//!     .into_iter()
//!     .map(|id| gaz.place(id))
//!     .find(|p| p.kind == Kind::City)
//!     .unwrap();
//! assert!((kharkiv.lat - 49.98).abs() < 0.05 && (kharkiv.lon - 36.25).abs() < 0.05);
//! ```

mod geonames;

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use crate::error::{Error, ErrorKind, Location, Result};
use crate::text::name_key;

pub use geonames::read_admin1_codes;

const BUCKET_BITS: u32 = 20;

fn key_hash(key: &str) -> u64 {
    // `DefaultHasher::new()` has fixed keys: the same hash for the same key in a process.
    let mut h = std::collections::hash_map::DefaultHasher::new();
    key.hash(&mut h);
    h.finish()
}

/// The bundled places table.
pub static BUNDLED_PLACES: &str = include_str!("../../data/places.tsv");

/// What sort of place an entry is, from largest to smallest.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// A continent.
    Continent,
    /// A sovereign state or dependent territory.
    Country,
    /// A first-level division: oblast, state, province, region.
    Admin1,
    /// A second-level division: raion, county, district of a region.
    Admin2,
    /// A populated place: city, town, village.
    City,
    /// A part of a city: a city district or neighbourhood.
    District,
    /// A building or site standing for an institution ("the Kremlin").
    Landmark,
    /// Anything else a user's data brings.
    Other,
}

impl Kind {
    /// The name used in tables and outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Continent => "continent",
            Kind::Country => "country",
            Kind::Admin1 => "admin1",
            Kind::Admin2 => "admin2",
            Kind::City => "city",
            Kind::District => "district",
            Kind::Landmark => "landmark",
            Kind::Other => "other",
        }
    }

    /// Parses the name used in tables.
    pub fn parse(s: &str) -> Option<Kind> {
        Some(match s {
            "continent" => Kind::Continent,
            "country" => Kind::Country,
            "admin1" => Kind::Admin1,
            "admin2" => Kind::Admin2,
            "city" => Kind::City,
            "district" => Kind::District,
            "landmark" => Kind::Landmark,
            "other" => Kind::Other,
            _ => return None,
        })
    }
}

/// An index into a [`Gazetteer`]'s places.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PlaceId(pub u32);

/// One gazetteer entry.
#[derive(Clone, Debug, PartialEq)]
pub struct Place {
    /// Stable id: `geonames:<id>` or `curated:<slug>` (or the user's own).
    pub id: String,
    /// Canonical English name.
    pub name: String,
    /// Alternate names (Latin and Cyrillic), `|`-separated: one string, not one per name,
    /// keeps loading fast. [`Place::alternate_names`] iterates them.
    pub alt_names: String,
    /// What sort of place.
    pub kind: Kind,
    /// GeoNames feature code where known (`PPLC` marks a capital).
    pub feature_code: String,
    /// ISO 3166-1 alpha-2 country code.
    pub country_code: String,
    /// GeoNames admin1 code within the country ("07" for Kharkiv Oblast).
    pub admin1_code: String,
    /// Name of the first-level division.
    pub admin1_name: String,
    /// GeoNames admin2 code within the admin1, where known.
    pub admin2_code: String,
    /// The place that contains this one (a district's city, a city's admin1, an admin1's
    /// country), where known.
    pub parent: Option<PlaceId>,
    /// Population (for divisions, the sum over the places inside them in the source).
    pub population: u64,
    /// Latitude in degrees north.
    pub lat: f64,
    /// Longitude in degrees east.
    pub lon: f64,
}

impl Place {
    /// Whether the place is a national capital.
    pub fn is_capital(&self) -> bool {
        self.feature_code == "PPLC"
    }

    /// The alternate names.
    pub fn alternate_names(&self) -> impl Iterator<Item = &str> {
        self.alt_names.split('|').filter(|s| !s.is_empty())
    }
}

/// The places and an index from folded names to them.
#[derive(Debug, Default)]
pub struct Gazetteer {
    places: Vec<Place>,
    by_id: HashMap<String, PlaceId>,
    /// Sorted hashes of folded names, parallel to `name_places`.
    name_hashes: Vec<u64>,
    name_places: Vec<PlaceId>,
    /// `name_buckets[b]..name_buckets[b + 1]`: the hashes whose top bits are `b`.
    name_buckets: Vec<u32>,
    country_by_code: HashMap<String, PlaceId>,
    admin1_by_code: HashMap<(String, String), PlaceId>,
    max_tokens: usize,
}

impl Gazetteer {
    /// The bundled gazetteer. Panics only if the compiled-in table is corrupt, which the
    /// test suite rules out.
    pub fn bundled() -> Gazetteer {
        let mut b = GazetteerBuilder::new();
        b.bundled(true);
        let (gaz, problems) = b.build().expect("the bundled gazetteer loads");
        assert!(
            problems.is_empty(),
            "bundled gazetteer has malformed rows: {problems:?}"
        );
        gaz
    }

    /// Number of places.
    pub fn len(&self) -> usize {
        self.places.len()
    }

    /// Whether there are no places.
    pub fn is_empty(&self) -> bool {
        self.places.is_empty()
    }

    /// The place with an index.
    pub fn place(&self, id: PlaceId) -> &Place {
        &self.places[id.0 as usize]
    }

    /// All places in table order.
    pub fn places(&self) -> impl Iterator<Item = (PlaceId, &Place)> {
        self.places
            .iter()
            .enumerate()
            .map(|(i, p)| (PlaceId(i as u32), p))
    }

    /// The place with a stable id such as `geonames:706483`.
    pub fn by_id(&self, id: &str) -> Option<PlaceId> {
        self.by_id.get(id).copied()
    }

    /// The country with an ISO alpha-2 code.
    pub fn country(&self, code: &str) -> Option<PlaceId> {
        self.country_by_code.get(code).copied()
    }

    /// The first-level division with a country and admin1 code.
    pub fn admin1(&self, country: &str, admin1: &str) -> Option<PlaceId> {
        self.admin1_by_code
            .get(&(country.to_string(), admin1.to_string()))
            .copied()
    }

    /// Candidates whose name or alternate name folds to the same key as `name`.
    pub fn lookup(&self, name: &str) -> Vec<PlaceId> {
        self.lookup_key(&name_key(name)).to_vec()
    }

    /// Candidates for an already folded key (see [`name_key`]).
    pub fn lookup_key(&self, key: &str) -> &[PlaceId] {
        if self.name_buckets.is_empty() {
            return &[];
        }
        let h = key_hash(key);
        let b = (h >> (64 - BUCKET_BITS)) as usize;
        let (lo, hi) = (
            self.name_buckets[b] as usize,
            self.name_buckets[b + 1] as usize,
        );
        let bucket = &self.name_hashes[lo..hi];
        let start = lo + bucket.partition_point(|&x| x < h);
        let end = lo + bucket.partition_point(|&x| x <= h);
        &self.name_places[start..end]
    }

    /// The most tokens any indexed name has.
    pub fn max_name_tokens(&self) -> usize {
        self.max_tokens
    }

    /// Whether `inner` lies inside `outer` by the containment the data records (parent
    /// links, admin codes, country codes).
    pub fn contains(&self, outer: PlaceId, inner: PlaceId) -> bool {
        if outer == inner {
            return false;
        }
        let o = self.place(outer);
        let i = self.place(inner);
        match o.kind {
            Kind::Continent => false,
            Kind::Country => i.country_code == o.country_code && i.kind > Kind::Country,
            Kind::Admin1 => {
                i.country_code == o.country_code
                    && i.admin1_code == o.admin1_code
                    && i.kind > Kind::Admin1
            }
            _ => {
                let mut cur = i.parent;
                let mut depth = 0;
                while let Some(p) = cur {
                    if p == outer {
                        return true;
                    }
                    depth += 1;
                    if depth > 8 {
                        break;
                    }
                    cur = self.place(p).parent;
                }
                o.kind == Kind::Admin2
                    && i.kind > Kind::Admin2
                    && i.country_code == o.country_code
                    && i.admin1_code == o.admin1_code
                    && !o.admin2_code.is_empty()
                    && i.admin2_code == o.admin2_code
            }
        }
    }

    pub(crate) fn push(
        &mut self,
        place: Place,
        parent_id: &str,
        pending: &mut Vec<(PlaceId, String)>,
    ) {
        // A later source replaces an earlier entry with the same id.
        let existing = self.by_id.get(&place.id).copied();
        let id = existing.unwrap_or(PlaceId(self.places.len() as u32));
        if !parent_id.is_empty() {
            pending.push((id, parent_id.to_string()));
        }
        match existing {
            Some(old) => self.places[old.0 as usize] = place,
            None => {
                self.by_id.insert(place.id.clone(), id);
                self.places.push(place);
            }
        }
    }

    fn finish(&mut self, pending: Vec<(PlaceId, String)>) {
        for (child, parent) in pending {
            let parent = self.by_id.get(&parent).copied();
            if let Some(p) = self.places.get_mut(child.0 as usize) {
                p.parent = parent;
            }
        }
        // The index is a sorted list of (hash of folded name, place): one allocation instead
        // of one per name, which halves start-up. With a 64-bit SipHash over 1.5 million
        // names, the chance that any lookup meets a colliding hash is about 10^-13.
        let mut entries: Vec<(u64, PlaceId)> = Vec::with_capacity(self.places.len() * 6);
        let mut max_tokens = 1;
        for (i, p) in self.places.iter().enumerate() {
            let id = PlaceId(i as u32);
            for name in std::iter::once(p.name.as_str()).chain(p.alternate_names()) {
                let key = name_key(name);
                if key.is_empty() {
                    continue;
                }
                max_tokens = max_tokens.max(key.split(' ').count());
                entries.push((key_hash(&key), id));
            }
            match p.kind {
                Kind::Country => {
                    self.country_by_code
                        .entry(p.country_code.clone())
                        .or_insert(id);
                }
                Kind::Admin1 => {
                    self.admin1_by_code
                        .entry((p.country_code.clone(), p.admin1_code.clone()))
                        .or_insert(id);
                }
                _ => {}
            }
        }
        entries.sort_unstable();
        entries.dedup();
        self.name_hashes = entries.iter().map(|e| e.0).collect();
        self.name_places = entries.into_iter().map(|e| e.1).collect();
        // Where each run of hashes with the same top bits starts: a lookup reads one short
        // run instead of binary-searching 1.5 million hashes.
        let mut buckets = vec![0u32; (1 << BUCKET_BITS) + 1];
        for &h in &self.name_hashes {
            buckets[(h >> (64 - BUCKET_BITS)) as usize + 1] += 1;
        }
        for i in 1..buckets.len() {
            buckets[i] += buckets[i - 1];
        }
        self.name_buckets = buckets;
        self.max_tokens = max_tokens.min(8);
    }
}

/// Builds a [`Gazetteer`] from the bundled table and the user's own files.
///
/// ```no_run
/// use eventmap::gazetteer::GazetteerBuilder;
/// let (gaz, problems) = GazetteerBuilder::new()
///     .geonames("cities15000.txt")
///     .alternate_names("alternateNamesV2.txt")
///     .build()?;
/// for p in &problems {
///     eprintln!("skipped: {p}");
/// }
/// # Ok::<(), eventmap::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct GazetteerBuilder {
    bundled: bool,
    geonames: Vec<PathBuf>,
    alternate_names: Vec<PathBuf>,
    admin1_codes: Vec<PathBuf>,
    extra: Vec<PathBuf>,
}

impl Default for GazetteerBuilder {
    fn default() -> Self {
        GazetteerBuilder::new()
    }
}

impl GazetteerBuilder {
    /// A builder that loads the bundled table and nothing else.
    pub fn new() -> GazetteerBuilder {
        GazetteerBuilder {
            bundled: true,
            geonames: vec![],
            alternate_names: vec![],
            admin1_codes: vec![],
            extra: vec![],
        }
    }

    /// Whether to load the bundled table (default yes).
    pub fn bundled(&mut self, yes: bool) -> &mut Self {
        self.bundled = yes;
        self
    }

    /// A GeoNames dump in the standard 19-column format (`allCountries.txt`, `cities*.txt`).
    pub fn geonames(&mut self, path: impl Into<PathBuf>) -> &mut Self {
        self.geonames.push(path.into());
        self
    }

    /// A GeoNames `alternateNamesV2.txt` (or `alternateNames.txt`) file.
    pub fn alternate_names(&mut self, path: impl Into<PathBuf>) -> &mut Self {
        self.alternate_names.push(path.into());
        self
    }

    /// A GeoNames `admin1CodesASCII.txt` file (names the admin1 of imported places).
    pub fn admin1_codes(&mut self, path: impl Into<PathBuf>) -> &mut Self {
        self.admin1_codes.push(path.into());
        self
    }

    /// A TSV of extra places with the columns of `data/places.tsv` (header required).
    pub fn extra(&mut self, path: impl Into<PathBuf>) -> &mut Self {
        self.extra.push(path.into());
        self
    }

    /// Loads everything. Returns the gazetteer and the malformed rows that were skipped
    /// (each an error naming file and line). An unreadable file is a fatal error.
    pub fn build(&self) -> Result<(Gazetteer, Vec<Error>)> {
        let mut gaz = Gazetteer::default();
        let mut problems = Vec::new();
        let mut pending = Vec::new();
        if self.bundled {
            read_places_tsv(BUNDLED_PLACES, None, &mut gaz, &mut pending, &mut problems);
        }
        for path in &self.extra {
            let text = read_text(path)?;
            read_places_tsv(&text, Some(path), &mut gaz, &mut pending, &mut problems);
        }
        let mut admin1 = HashMap::new();
        for path in &self.admin1_codes {
            let text = read_text(path)?;
            geonames::read_admin1_codes(&text, path, &mut admin1, &mut problems);
        }
        for path in &self.geonames {
            let text = read_text(path)?;
            geonames::read_dump(&text, path, &admin1, &mut gaz, &mut pending, &mut problems);
        }
        for path in &self.alternate_names {
            let text = read_text(path)?;
            geonames::read_alternate_names(&text, path, &mut gaz, &mut problems);
        }
        gaz.finish(pending);
        Ok((gaz, problems))
    }
}

fn read_text(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

fn row_error(path: Option<&Path>, line: usize, byte: usize, msg: String) -> Error {
    let loc = match path {
        Some(p) => Location::file(p),
        None => Location {
            path: Some(PathBuf::from("data/places.tsv")),
            ..Location::default()
        },
    };
    Error::new(ErrorKind::Row(msg), loc.at_line(line as u64, byte as u64))
}

/// The columns of `data/places.tsv`.
pub const PLACES_COLUMNS: &[&str] = &[
    "id",
    "name",
    "kind",
    "feature_code",
    "country_code",
    "admin1_code",
    "admin1_name",
    "admin2_code",
    "parent_id",
    "population",
    "lat",
    "lon",
    "alt_names",
];

fn read_places_tsv(
    text: &str,
    path: Option<&Path>,
    gaz: &mut Gazetteer,
    pending: &mut Vec<(PlaceId, String)>,
    problems: &mut Vec<Error>,
) {
    let mut byte = 0;
    for (n, line) in text.split('\n').enumerate() {
        let line_start = byte;
        byte += line.len() + 1;
        let line = line.strip_suffix('\r').unwrap_or(line);
        if n == 0 {
            // A byte order mark (saved by some spreadsheet programs) is not part of the header.
            let header: Vec<&str> = line.trim_start_matches('\u{feff}').split('\t').collect();
            if header != PLACES_COLUMNS {
                problems.push(row_error(
                    path,
                    1,
                    0,
                    format!(
                        "header must be the tab-separated columns {} (file skipped)",
                        PLACES_COLUMNS.join(",")
                    ),
                ));
                return;
            }
            continue;
        }
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        match parse_place_row(line) {
            Ok((place, parent)) => gaz.push(place, parent, pending),
            Err(msg) => problems.push(row_error(path, n + 1, line_start, msg)),
        }
    }
}

/// Parses a latitude and longitude in degrees, each named as its column is, and checks
/// their range.
fn parse_coordinates(
    (lat_name, lat): (&str, &str),
    (lon_name, lon): (&str, &str),
) -> std::result::Result<(f64, f64), String> {
    let lat: f64 = lat
        .parse()
        .map_err(|_| format!("{lat_name} {lat:?} is not a number"))?;
    let lon: f64 = lon
        .parse()
        .map_err(|_| format!("{lon_name} {lon:?} is not a number"))?;
    if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
        return Err(format!("coordinates {lat},{lon} out of range"));
    }
    Ok((lat, lon))
}

fn parse_place_row(line: &str) -> std::result::Result<(Place, &str), String> {
    let c: Vec<&str> = line.split('\t').collect();
    if c.len() != PLACES_COLUMNS.len() {
        return Err(format!(
            "{} columns, expected {}",
            c.len(),
            PLACES_COLUMNS.len()
        ));
    }
    if c[0].is_empty() || c[1].is_empty() {
        return Err("empty id or name".into());
    }
    let kind = Kind::parse(c[2]).ok_or_else(|| format!("unknown kind {:?}", c[2]))?;
    let population = if c[9].is_empty() {
        0
    } else {
        c[9].parse()
            .map_err(|_| format!("population {:?} is not a whole number", c[9]))?
    };
    let (lat, lon) = parse_coordinates(("lat", c[10]), ("lon", c[11]))?;
    let place = Place {
        id: c[0].to_string(),
        name: c[1].to_string(),
        alt_names: c[12].to_string(),
        kind,
        feature_code: c[3].to_string(),
        country_code: c[4].to_string(),
        admin1_code: c[5].to_string(),
        admin1_name: c[6].to_string(),
        admin2_code: c[7].to_string(),
        parent: None,
        population,
        lat,
        lon,
    };
    Ok((place, c[8]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::OnceLock;

    pub(crate) fn gaz() -> &'static Gazetteer {
        static G: OnceLock<Gazetteer> = OnceLock::new();
        G.get_or_init(Gazetteer::bundled)
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
        let mut g = Gazetteer::default();
        let mut pending = vec![];
        let mut problems = vec![];
        read_places_tsv(
            &text,
            Some(Path::new("extra.tsv")),
            &mut g,
            &mut pending,
            &mut problems,
        );
        g.finish(pending);
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
}
