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

mod extras;
mod geonames;
mod table;

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use fst::Map;

use crate::error::{Error, ErrorKind, Location, Result};
use crate::text::name_key;

pub use extras::explain_match;
pub use geonames::read_admin1_codes;
use table::{for_each_line, parse_place_row, Encoded, Table, RECORD_BYTES};
pub use table::{Kind, Place, PlaceId, PLACES_COLUMNS};

mod bundled {
    //! The index of the bundled tables, built by `build.rs` into `OUT_DIR`.

    /// Bytes aligned for `u32`, so the postings can be read in place.
    #[repr(C)]
    pub struct Aligned<T: ?Sized> {
        _align: [u32; 0],
        pub bytes: T,
    }

    include!(concat!(env!("OUT_DIR"), "/gazetteer_index.rs"));
}

/// Places whose slots are allocated together on first use: start-up allocates no slot, and a
/// place is decoded only when it is asked for (a text asks for a few places of each chunk it
/// touches, so decoding whole chunks spent most of its time on places nobody read).
const CHUNK: usize = 64;

/// A chunk's slots: one lazily decoded place each, boxed so that an untouched slot costs one
/// pointer rather than a whole [`Place`].
type Slots = Box<[OnceLock<Box<Place>>]>;

type Bytes = Cow<'static, [u8]>;

/// The places and an index from folded names to them.
///
/// The bundled gazetteer is read in place from the binary (an `fst` map of names and
/// fixed-width records, see `src/gazetteer/table.rs`); a place is decoded the first time it
/// is asked for.
pub struct Gazetteer {
    names: Map<Bytes>,
    postings: Cow<'static, [PlaceId]>,
    ids: Map<Bytes>,
    codes: Map<Bytes>,
    records: Bytes,
    strings: Bytes,
    max_tokens: usize,
    chunks: Box<[OnceLock<Slots>]>,
    /// Unique to this gazetteer in the process: caches of its name index are keyed by it.
    id: u64,
}

impl std::fmt::Debug for Gazetteer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Gazetteer")
            .field("places", &self.len())
            .field("names", &self.names.len())
            .finish()
    }
}

impl Default for Gazetteer {
    fn default() -> Self {
        Gazetteer::from_encoded(table::encode(&[]))
    }
}

impl Gazetteer {
    /// The bundled gazetteer: cheap (nothing is parsed or copied), so there is no need to
    /// keep one around.
    pub fn bundled() -> Gazetteer {
        let postings = bundled::POSTINGS;
        let postings: Cow<'static, [PlaceId]> = if cfg!(target_endian = "little") {
            debug_assert_eq!(postings.as_ptr() as usize % 4, 0);
            // SAFETY: `Aligned` aligns the bytes for u32, PlaceId is a transparent u32, every
            // bit pattern is a valid u32, and build.rs wrote them little-endian.
            Cow::Borrowed(unsafe {
                std::slice::from_raw_parts(postings.as_ptr().cast::<PlaceId>(), postings.len() / 4)
            })
        } else {
            Cow::Owned(
                postings
                    .chunks_exact(4)
                    .map(|b| PlaceId(u32::from_le_bytes(b.try_into().unwrap())))
                    .collect(),
            )
        };
        let map = |b: &'static [u8]| Map::new(Cow::Borrowed(b)).expect("build.rs wrote an fst");
        Gazetteer::new(
            map(bundled::NAMES),
            postings,
            map(bundled::IDS),
            map(bundled::CODES),
            Cow::Borrowed(bundled::RECORDS),
            Cow::Borrowed(bundled::STRINGS),
            bundled::MAX_TOKENS,
        )
    }

    fn from_encoded(e: Encoded) -> Gazetteer {
        let map = |b: Vec<u8>| Map::new(Cow::Owned(b)).expect("encode wrote an fst");
        Gazetteer::new(
            map(e.names),
            Cow::Owned(e.postings.into_iter().map(PlaceId).collect()),
            map(e.ids),
            map(e.codes),
            Cow::Owned(e.records),
            Cow::Owned(e.strings),
            e.max_tokens,
        )
    }

    fn new(
        names: Map<Bytes>,
        postings: Cow<'static, [PlaceId]>,
        ids: Map<Bytes>,
        codes: Map<Bytes>,
        records: Bytes,
        strings: Bytes,
        max_tokens: usize,
    ) -> Gazetteer {
        let n = records.len() / RECORD_BYTES;
        Gazetteer {
            names,
            postings,
            ids,
            codes,
            records,
            strings,
            max_tokens,
            chunks: (0..n.div_ceil(CHUNK)).map(|_| OnceLock::new()).collect(),
            id: {
                static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
                NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
            },
        }
    }

    /// A number no other gazetteer of this process has (for caches keyed by gazetteer).
    pub(crate) fn id(&self) -> u64 {
        self.id
    }

    /// A cursor resumed at a [`NameCursor::state`] of this gazetteer.
    pub(crate) fn name_cursor_at(&self, (addr, out): (usize, u64)) -> NameCursor<'_> {
        NameCursor {
            gaz: self,
            node: Some(self.names.as_fst().node(addr)),
            out: fst::raw::Output::new(out),
        }
    }

    /// Number of places.
    pub fn len(&self) -> usize {
        self.records.len() / RECORD_BYTES
    }

    /// Whether there are no places.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The place with an index.
    pub fn place(&self, id: PlaceId) -> &Place {
        let i = id.0 as usize;
        let slots = self.chunks[i / CHUNK].get_or_init(|| {
            let n = CHUNK.min(self.len() - i / CHUNK * CHUNK);
            (0..n).map(|_| OnceLock::new()).collect()
        });
        slots[i % CHUNK].get_or_init(|| Box::new(table::decode(&self.records, &self.strings, i)))
    }

    /// All places in table order.
    pub fn places(&self) -> impl Iterator<Item = (PlaceId, &Place)> {
        (0..self.len() as u32).map(|i| (PlaceId(i), self.place(PlaceId(i))))
    }

    /// The place with a stable id such as `geonames:706483`.
    pub fn by_id(&self, id: &str) -> Option<PlaceId> {
        self.ids.get(id).map(|i| PlaceId(i as u32))
    }

    /// The country with an ISO alpha-2 code.
    pub fn country(&self, code: &str) -> Option<PlaceId> {
        self.codes.get(code).map(|i| PlaceId(i as u32))
    }

    /// The first-level division with a country and admin1 code.
    pub fn admin1(&self, country: &str, admin1: &str) -> Option<PlaceId> {
        self.codes
            .get(format!("{country}\t{admin1}"))
            .map(|i| PlaceId(i as u32))
    }

    /// Candidates whose name or alternate name folds to the same key as `name`.
    pub fn lookup(&self, name: &str) -> Vec<PlaceId> {
        self.lookup_key(&name_key(name)).to_vec()
    }

    /// Candidates for an already folded key (see [`name_key`]), in index order.
    pub fn lookup_key(&self, key: &str) -> &[PlaceId] {
        self.names.get(key).map_or(&[], |v| self.postings_of(v))
    }

    /// The places of a name's value in the index (its postings' start and count).
    pub(crate) fn postings_of(&self, v: u64) -> &[PlaceId] {
        let start = (v >> 32) as usize;
        &self.postings[start..start + (v & 0xffff_ffff) as usize]
    }

    /// A cursor that reads a key piece by piece ("kryvyi", " ", "rih") and says as soon as
    /// no name starts so: the recogniser extends a name token by token and stops at the first
    /// token no name continues with, instead of looking up every n-gram whole.
    pub fn name_cursor(&self) -> NameCursor<'_> {
        let fst = self.names.as_fst();
        NameCursor {
            gaz: self,
            node: Some(fst.root()),
            out: fst::raw::Output::zero(),
        }
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

    /// Every place, decoded, in a table that more places can be added to.
    fn to_table(&self) -> Table {
        let mut t = Table::default();
        for (id, p) in self.places() {
            t.by_id.insert(p.id.clone(), id);
            t.places.push(p.clone());
        }
        t
    }
}

/// Reads a folded key piece by piece (see [`Gazetteer::name_cursor`]).
///
/// ```
/// use eventmap::Gazetteer;
/// let gaz = Gazetteer::bundled();
/// let mut c = gaz.name_cursor();
/// assert!(c.push("kryvyi ri") && c.candidates().is_empty()); // a beginning, not a name
/// assert!(c.push("h") && !c.candidates().is_empty()); // "kryvyi rih"
/// assert!(!c.push(" qqq"));
/// ```
#[derive(Clone)]
pub struct NameCursor<'g> {
    gaz: &'g Gazetteer,
    node: Option<fst::raw::Node<'g>>,
    out: fst::raw::Output,
}

impl<'g> NameCursor<'g> {
    /// Appends to the key; false once no name starts with it (and from then on).
    pub fn push(&mut self, piece: &str) -> bool {
        let fst = self.gaz.names.as_fst();
        for b in piece.bytes() {
            let Some(node) = &self.node else {
                return false;
            };
            match node.find_input(b) {
                Some(i) => {
                    let t = node.transition(i);
                    self.out = self.out.cat(t.out);
                    self.node = Some(fst.node(t.addr));
                }
                None => {
                    self.node = None;
                    return false;
                }
            }
        }
        self.node.is_some()
    }

    /// Where the cursor is (to resume it with [`Gazetteer::name_cursor_at`]); `None` once no
    /// name starts with the key.
    pub(crate) fn state(&self) -> Option<(usize, u64)> {
        self.node.as_ref().map(|n| (n.addr(), self.out.value()))
    }

    /// The places named exactly by the key so far (as [`Gazetteer::lookup_key`] gives them).
    pub fn candidates(&self) -> &'g [PlaceId] {
        self.value().map_or(&[], |v| self.gaz.postings_of(v))
    }

    /// The index's value of the key so far, if it is a name (see [`Gazetteer::postings_of`]).
    pub(crate) fn value(&self) -> Option<u64> {
        match &self.node {
            Some(n) if n.is_final() => Some(self.out.cat(n.final_output()).value()),
            _ => None,
        }
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
        let only_bundled = self.geonames.is_empty()
            && self.alternate_names.is_empty()
            && self.extra.is_empty()
            && self.admin1_codes.is_empty();
        if self.bundled && only_bundled {
            return Ok((Gazetteer::bundled(), Vec::new()));
        }
        let mut table = if self.bundled {
            Gazetteer::bundled().to_table()
        } else {
            Table::default()
        };
        let mut problems = Vec::new();
        for path in &self.extra {
            let text = read_text(path)?;
            read_places_tsv(&text, Some(path), &mut table, &mut problems);
        }
        let mut admin1 = HashMap::new();
        for path in &self.admin1_codes {
            let text = read_text(path)?;
            geonames::read_admin1_codes(&text, path, &mut admin1, &mut problems);
        }
        for path in &self.geonames {
            let text = read_text(path)?;
            geonames::read_dump(&text, path, &admin1, &mut table, &mut problems);
        }
        for path in &self.alternate_names {
            let text = read_text(path)?;
            geonames::read_alternate_names(&text, path, &mut table, &mut problems);
        }
        let places = table.finish();
        Ok((Gazetteer::from_encoded(table::encode(&places)), problems))
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

fn read_places_tsv(text: &str, path: Option<&Path>, table: &mut Table, problems: &mut Vec<Error>) {
    let header = text.split('\n').next().unwrap_or("");
    // A byte order mark (saved by some spreadsheet programs) is not part of the header.
    let header: Vec<&str> = header
        .trim_end_matches('\r')
        .trim_start_matches('\u{feff}')
        .split('\t')
        .collect();
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
    for_each_line(text, |n, byte, line| {
        if n == 1 {
            return;
        }
        match parse_place_row(line) {
            Ok((place, parent)) => table.push(place, parent),
            Err(msg) => problems.push(row_error(path, n, byte, msg)),
        }
    });
}

#[cfg(test)]
mod tests;
