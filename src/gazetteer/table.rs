//! Places as rows, and the compact index they are turned into.
//!
//! This file depends on nothing in the crate but `crate::text::name_key`, because `build.rs`
//! includes it (with `src/fold.rs` as its `text`) to compile the bundled tables into the
//! index at build time; the library uses the same code for gazetteers built at run time
//! (`--places`, GeoNames dumps). So the bundled index and a run-time one cannot disagree.
//!
//! The index ([`Encoded`]) has six parts, all little-endian:
//! - `names`: an `fst` map from folded name ([`name_key`]) to `start << 32 | count`, a run of
//!   `postings`;
//! - `postings`: place indices (`u32`), ascending within each run;
//! - `ids`: an `fst` map from stable id (`geonames:706483`) to place index;
//! - `codes`: an `fst` map from `CC` (a country) and `CC\tADMIN1` (a first-level division) to
//!   place index;
//! - `records`: [`RECORD_BYTES`] per place: latitude and longitude in degrees (`f64`),
//!   population (`u64`), parent index (`u32`, `u32::MAX` for none), offset and length (`u32`)
//!   of its text in `strings`, kind (`u8`), 3 bytes of padding;
//! - `strings`: per place, its text fields joined by tabs in the order of [`TEXT_FIELDS`].

use std::collections::HashMap;

use crate::text::name_key;

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
    /// An island or archipelago ("Java", "Crete").
    Island,
    /// A sea, gulf, bay, strait or lake ("Black Sea").
    Sea,
    /// A river ("the Dnipro River").
    River,
    /// A mountain range ("the Carpathians").
    Mountains,
    /// A macro-region, desert, peninsula or disputed area ("Middle East", "Gaza Strip").
    Region,
}

const KINDS: [Kind; 13] = [
    Kind::Continent,
    Kind::Country,
    Kind::Admin1,
    Kind::Admin2,
    Kind::City,
    Kind::District,
    Kind::Landmark,
    Kind::Other,
    Kind::Island,
    Kind::Sea,
    Kind::River,
    Kind::Mountains,
    Kind::Region,
];

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
            Kind::Island => "island",
            Kind::Sea => "sea",
            Kind::River => "river",
            Kind::Mountains => "mountains",
            Kind::Region => "region",
        }
    }

    /// Parses the name used in tables.
    pub fn parse(s: &str) -> Option<Kind> {
        KINDS.iter().copied().find(|k| k.as_str() == s)
    }
}

/// An index into a [`Gazetteer`](super::Gazetteer)'s places.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[repr(transparent)]
pub struct PlaceId(pub u32);

/// One gazetteer entry.
#[derive(Clone, Debug, PartialEq)]
pub struct Place {
    /// Stable id: `geonames:<id>` or `curated:<slug>` (or the user's own).
    pub id: String,
    /// Canonical English name.
    pub name: String,
    /// Alternate names (Latin and Cyrillic), `|`-separated: one string, not one per name.
    /// [`Place::alternate_names`] iterates them.
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

    /// Whether the place is a building that stands for the government it houses ("the
    /// Kremlin said", "the White House announced"): a landmark with the GeoNames code of a
    /// building, castle, palace or government office (`BLDG`, `CSTL`, `PAL`, `GOVL`). Other
    /// landmarks (airfields, power plants, dams, bridges, works) are places like any other.
    pub fn is_seat_of_government(&self) -> bool {
        self.kind == Kind::Landmark
            && matches!(self.feature_code.as_str(), "BLDG" | "CSTL" | "PAL" | "GOVL")
    }

    /// Whether the coordinates stand for a nearby place: a settlement from Ukraine's register
    /// (`katottg:` ids, `data/places-ua.tsv`) placed at the seat of its hromada.
    pub fn is_approximate(&self) -> bool {
        self.id.starts_with("katottg:")
    }

    /// The alternate names.
    pub fn alternate_names(&self) -> impl Iterator<Item = &str> {
        self.alt_names.split('|').filter(|s| !s.is_empty())
    }

    /// Adds alternate names it does not have yet (one set of known names for the whole list,
    /// not a scan of the names per name: tables of inflected forms give hundreds per place).
    #[allow(dead_code)] // build.rs reads the name tables with it
    pub(crate) fn add_names<'a>(&mut self, names: impl IntoIterator<Item = &'a str>) {
        let mut known: std::collections::HashSet<String> = std::iter::once(self.name.as_str())
            .chain(self.alternate_names())
            .map(str::to_string)
            .collect();
        for name in names {
            let name = name.trim();
            if name.is_empty() || name.contains(['|', '\t', '\n']) || !known.insert(name.into()) {
                continue;
            }
            if !self.alt_names.is_empty() {
                self.alt_names.push('|');
            }
            self.alt_names.push_str(name);
        }
    }

    /// Adds an alternate name unless the place already has it.
    pub(crate) fn add_name(&mut self, name: &str) {
        let name = name.trim();
        if name.is_empty()
            || name.contains(['|', '\t', '\n'])
            || self.name == name
            || self.alternate_names().any(|a| a == name)
        {
            return;
        }
        if !self.alt_names.is_empty() {
            self.alt_names.push('|');
        }
        self.alt_names.push_str(name);
    }
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

/// Parses a latitude and longitude in degrees, each named as its column is, and checks
/// their range.
pub(crate) fn parse_coordinates(
    (lat_name, lat): (&str, &str),
    (lon_name, lon): (&str, &str),
) -> Result<(f64, f64), String> {
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

/// Parses one row of a places table: the place and its parent's id (may be empty).
pub(crate) fn parse_place_row(line: &str) -> Result<(Place, &str), String> {
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

/// Calls `f(line number from 1, byte offset, line)` for each line of a table that is not
/// empty or a `#` comment.
pub(crate) fn for_each_line(text: &str, mut f: impl FnMut(usize, usize, &str)) {
    let mut byte = 0;
    for (i, line) in text.split('\n').enumerate() {
        let start = byte;
        byte += line.len() + 1;
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        f(i + 1, start, line);
    }
}

/// Places being collected from tables: a later place with the same id replaces the earlier
/// one, and parents are linked by id once everything is read.
#[derive(Default)]
pub(crate) struct Table {
    pub places: Vec<Place>,
    pub by_id: HashMap<String, PlaceId>,
    pending: Vec<(PlaceId, String)>,
}

impl Table {
    pub fn push(&mut self, place: Place, parent_id: &str) {
        let existing = self.by_id.get(&place.id).copied();
        let id = existing.unwrap_or(PlaceId(self.places.len() as u32));
        if !parent_id.is_empty() {
            self.pending.push((id, parent_id.to_string()));
        }
        match existing {
            Some(old) => self.places[old.0 as usize] = place,
            None => {
                self.by_id.insert(place.id.clone(), id);
                self.places.push(place);
            }
        }
    }

    /// The place with a stable id, to add names to.
    pub fn get_mut(&mut self, id: &str) -> Option<&mut Place> {
        let i = self.by_id.get(id)?.0 as usize;
        self.places.get_mut(i)
    }

    /// Links parents; a parent id that names no place leaves the parent unknown.
    pub fn finish(mut self) -> Vec<Place> {
        for (child, parent) in std::mem::take(&mut self.pending) {
            let parent = self.by_id.get(&parent).copied();
            self.places[child.0 as usize].parent = parent;
        }
        self.places
    }
}

/// Bytes per place in `records`.
pub const RECORD_BYTES: usize = 40;

/// The text fields of a place, in the order they are stored.
pub const TEXT_FIELDS: usize = 8;

/// The index of a list of places (see the module documentation).
#[derive(Clone, Debug, Default)]
pub struct Encoded {
    pub names: Vec<u8>,
    pub postings: Vec<u32>,
    pub ids: Vec<u8>,
    pub codes: Vec<u8>,
    pub records: Vec<u8>,
    pub strings: Vec<u8>,
    /// The most tokens any indexed name has (at most 8).
    pub max_tokens: usize,
}

fn fst_map(mut entries: Vec<(Vec<u8>, u64)>) -> Vec<u8> {
    entries.sort_unstable();
    entries.dedup_by(|a, b| a.0 == b.0);
    fst::Map::from_iter(entries)
        .expect("keys are sorted and unique")
        .into_fst()
        .into_inner()
}

fn clean(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains(['\t', '\n']) {
        s.replace(['\t', '\n'], " ").into()
    } else {
        s.into()
    }
}

/// Builds the index of places whose parents are already linked.
pub fn encode(places: &[Place]) -> Encoded {
    let mut out = Encoded {
        max_tokens: 1,
        ..Encoded::default()
    };
    let mut keys: Vec<(String, u32)> = Vec::with_capacity(places.len() * 8);
    let mut ids = Vec::with_capacity(places.len());
    let mut codes = Vec::new();
    out.records.reserve(places.len() * RECORD_BYTES);
    for (i, p) in places.iter().enumerate() {
        let i = i as u32;
        for name in std::iter::once(p.name.as_str()).chain(p.alternate_names()) {
            let key = name_key(name);
            if !key.is_empty() {
                out.max_tokens = out.max_tokens.max(key.split(' ').count());
                keys.push((key, i));
            }
        }
        ids.push((p.id.as_bytes().to_vec(), i as u64));
        match p.kind {
            Kind::Country => codes.push((p.country_code.as_bytes().to_vec(), i as u64)),
            Kind::Admin1 => codes.push((
                format!("{}\t{}", p.country_code, p.admin1_code).into_bytes(),
                i as u64,
            )),
            _ => {}
        }
        let start = out.strings.len();
        let fields = [
            &p.id,
            &p.name,
            &p.feature_code,
            &p.country_code,
            &p.admin1_code,
            &p.admin1_name,
            &p.admin2_code,
            &p.alt_names,
        ];
        for (n, f) in fields.into_iter().enumerate() {
            if n > 0 {
                out.strings.push(b'\t');
            }
            out.strings.extend_from_slice(clean(f).as_bytes());
        }
        let r = &mut out.records;
        r.extend_from_slice(&p.lat.to_le_bytes());
        r.extend_from_slice(&p.lon.to_le_bytes());
        r.extend_from_slice(&p.population.to_le_bytes());
        r.extend_from_slice(&p.parent.map_or(u32::MAX, |p| p.0).to_le_bytes());
        r.extend_from_slice(&(start as u32).to_le_bytes());
        r.extend_from_slice(&((out.strings.len() - start) as u32).to_le_bytes());
        r.extend_from_slice(&[p.kind as u8, 0, 0, 0]);
    }
    out.max_tokens = out.max_tokens.min(8);
    // Sorted by key, then place: each key's places form one ascending run.
    keys.sort_unstable();
    keys.dedup();
    let mut builder = fst::MapBuilder::memory();
    let mut run = 0;
    while run < keys.len() {
        let key = &keys[run].0;
        let end = run + keys[run..].partition_point(|(k, _)| k == key);
        let start = out.postings.len() as u64;
        out.postings.extend(keys[run..end].iter().map(|(_, i)| *i));
        builder
            .insert(key.as_bytes(), start << 32 | (end - run) as u64)
            .expect("keys are sorted and unique");
        run = end;
    }
    out.names = builder.into_inner().expect("in memory");
    out.ids = fst_map(ids);
    out.codes = fst_map(codes);
    out
}

/// Decodes place `i` from `records` and `strings` as [`encode`] wrote them.
pub fn decode(records: &[u8], strings: &[u8], i: usize) -> Place {
    let r = &records[i * RECORD_BYTES..(i + 1) * RECORD_BYTES];
    let u32_at = |o: usize| u32::from_le_bytes(r[o..o + 4].try_into().unwrap());
    let u64_at = |o: usize| u64::from_le_bytes(r[o..o + 8].try_into().unwrap());
    let (start, len) = (u32_at(28) as usize, u32_at(32) as usize);
    let text = std::str::from_utf8(&strings[start..start + len]).expect("index text is UTF-8");
    let mut f = text.splitn(TEXT_FIELDS, '\t').map(str::to_string);
    let mut next = || f.next().unwrap_or_default();
    let parent = u32_at(24);
    Place {
        id: next(),
        name: next(),
        feature_code: next(),
        country_code: next(),
        admin1_code: next(),
        admin1_name: next(),
        admin2_code: next(),
        alt_names: next(),
        kind: KINDS[(r[36] as usize).min(KINDS.len() - 1)],
        parent: (parent != u32::MAX).then_some(PlaceId(parent)),
        population: u64_at(16),
        lat: f64::from_bits(u64_at(0)),
        lon: f64::from_bits(u64_at(8)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_added_once_and_cleaned() {
        let header = PLACES_COLUMNS.join("\t");
        let row = "x:1\tKharkiv\tcity\tPPLA\tUA\t07\t\t\t\t1\t50.0\t36.2\tKharkov|Харків";
        assert!(header.starts_with("id\tname"));
        let (mut p, parent) = parse_place_row(row).unwrap();
        assert_eq!(parent, "");
        p.add_names([
            "Харкові",
            " Kharkov ",
            "Kharkiv",
            "",
            "Харкові",
            "a|b",
            "Харкова",
        ]);
        assert_eq!(p.alt_names, "Kharkov|Харків|Харкові|Харкова");
        p.add_name("Charkiw");
        p.add_name("Харкова");
        assert_eq!(p.alternate_names().count(), 5);
        let e = encode(std::slice::from_ref(&p));
        assert_eq!(decode(&e.records, &e.strings, 0), p);
    }
}
