//! GeoPackage (OGC 12-128r18, version 1.3): one SQLite file with a `places` and an `events`
//! point layer in WGS 84 (EPSG:4326), typed columns (counts as INTEGER, dates as DATE, lists
//! `;`-separated TEXT), written with `rusqlite` and its bundled SQLite.
//!
//! The file is built at a temporary path and renamed into place when complete. Geometry is
//! the GeoPackage binary header (`GP`, version 0, little-endian, an XY envelope) followed by
//! a little-endian WKB point.

use std::path::{Path, PathBuf};

use geo::Point;
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection};

use super::schema::{event_feature, place_feature, EventFeature, PlaceFeature};
use super::{temp_path, Context, Writer};
use crate::error::{Error, ErrorKind, Location, Result};
use crate::result::Summary;

/// The GeoPackage writer: `finish` writes the file at `path`.
pub struct Gpkg {
    path: PathBuf,
}

impl Gpkg {
    /// A writer of the file at `path`.
    pub fn new(path: &Path) -> Gpkg {
        Gpkg {
            path: path.to_path_buf(),
        }
    }
}

fn sql_error(path: &Path, e: rusqlite::Error) -> Error {
    Error::new(
        ErrorKind::Invalid(format!("GeoPackage: {e}")),
        Location::file(path),
    )
}

/// A GeoPackage point blob: header with envelope, then WKB.
pub fn point_blob(x: f64, y: f64) -> Vec<u8> {
    let mut b = Vec::with_capacity(8 + 32 + 21);
    b.extend_from_slice(b"GP");
    b.push(0); // version 1
    b.push(0b0000_0011); // envelope [minx, maxx, miny, maxy], little-endian
    b.extend_from_slice(&4326i32.to_le_bytes());
    for v in [x, x, y, y] {
        b.extend_from_slice(&v.to_le_bytes());
    }
    b.push(1); // WKB little-endian
    b.extend_from_slice(&1u32.to_le_bytes()); // Point
    b.extend_from_slice(&x.to_le_bytes());
    b.extend_from_slice(&y.to_le_bytes());
    b
}

const META: &str = "
PRAGMA application_id = 1196444487;
PRAGMA user_version = 10300;
CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY,
  organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL,
  definition TEXT NOT NULL, description TEXT);
INSERT INTO gpkg_spatial_ref_sys VALUES
 ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system'),
 ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system'),
 ('WGS 84 geodetic', 4326, 'EPSG', 4326, 'GEOGCS[\"WGS 84\",DATUM[\"WGS_1984\",SPHEROID[\"WGS 84\",6378137,298.257223563,AUTHORITY[\"EPSG\",\"7030\"]],AUTHORITY[\"EPSG\",\"6326\"]],PRIMEM[\"Greenwich\",0,AUTHORITY[\"EPSG\",\"8901\"]],UNIT[\"degree\",0.0174532925199433,AUTHORITY[\"EPSG\",\"9122\"]],AXIS[\"Latitude\",NORTH],AXIS[\"Longitude\",EAST],AUTHORITY[\"EPSG\",\"4326\"]]', 'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid');
CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL,
  identifier TEXT UNIQUE, description TEXT DEFAULT '',
  last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
  CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL,
  geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL,
  CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
  CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
  CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));
";

/// The fixed `last_change` of both layers: output carries no timestamps.
const LAST_CHANGE: &str = "1970-01-01T00:00:00.000Z";

fn register(db: &Connection, table: &str, what: &str, bbox: [f64; 4]) -> rusqlite::Result<()> {
    db.execute(
        "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change,
           min_x, min_y, max_x, max_y, srs_id) VALUES (?1, 'features', ?1, ?2, ?3, ?4, ?5, ?6, ?7, 4326)",
        params![table, what, LAST_CHANGE, bbox[0], bbox[1], bbox[2], bbox[3]],
    )?;
    db.execute(
        "INSERT INTO gpkg_geometry_columns VALUES (?1, 'geom', 'POINT', 4326, 0, 0)",
        params![table],
    )?;
    Ok(())
}

fn bbox(points: impl Iterator<Item = (f64, f64)>) -> [f64; 4] {
    let mut b = [f64::MAX, f64::MAX, f64::MIN, f64::MIN];
    let mut any = false;
    for (x, y) in points {
        any = true;
        b = [b[0].min(x), b[1].min(y), b[2].max(x), b[3].max(y)];
    }
    if any {
        b
    } else {
        [-180.0, -90.0, 180.0, 90.0]
    }
}

/// A layer's columns after `fid` and `geom`: name and SQL type (GeoPackage's INTEGER, REAL,
/// TEXT, DATE, BOOLEAN).
type Columns = &'static [(&'static str, &'static str)];

const PLACE_COLUMNS: Columns = &[
    ("place_id", "TEXT NOT NULL"),
    ("name", "TEXT NOT NULL"),
    ("kind", "TEXT NOT NULL"),
    ("country_code", "TEXT"),
    ("admin1", "TEXT"),
    ("population", "INTEGER NOT NULL"),
    ("approximate", "BOOLEAN NOT NULL"),
    ("mention_count", "INTEGER NOT NULL"),
    ("document_count", "INTEGER NOT NULL"),
    ("confidence", "REAL NOT NULL"),
    ("role", "TEXT NOT NULL"),
    ("role_event", "INTEGER NOT NULL"),
    ("role_actor", "INTEGER NOT NULL"),
    ("role_mention", "INTEGER NOT NULL"),
    ("evidence_doc", "TEXT"),
    ("evidence_sentence", "TEXT"),
];

const EVENT_COLUMNS: Columns = &[
    ("event_id", "TEXT NOT NULL"),
    ("event_type", "TEXT NOT NULL"),
    ("sub_event_type", "TEXT NOT NULL"),
    ("actor1", "TEXT"),
    ("actor2", "TEXT"),
    ("country", "TEXT"),
    ("admin1", "TEXT"),
    ("admin2", "TEXT"),
    ("location_text", "TEXT"),
    ("date", "DATE"),
    ("year", "INTEGER"),
    ("month", "INTEGER"),
    ("day", "INTEGER"),
    ("date_precision", "TEXT NOT NULL"),
    ("date_inferred", "BOOLEAN NOT NULL"),
    ("place", "TEXT NOT NULL"),
    ("place_id", "TEXT NOT NULL"),
    ("kind", "TEXT NOT NULL"),
    ("country_code", "TEXT"),
    ("geo_precision", "INTEGER NOT NULL"),
    ("approximate", "BOOLEAN NOT NULL"),
    ("fatalities", "INTEGER"),
    ("injured", "INTEGER"),
    ("weapons", "TEXT"),
    ("source_count", "INTEGER NOT NULL"),
    ("report_count", "INTEGER NOT NULL"),
    ("sources", "TEXT"),
    ("confidence", "REAL NOT NULL"),
    ("evidence_doc", "TEXT"),
    ("evidence_sentence", "TEXT"),
];

fn int(n: u64) -> Value {
    Value::Integer(i64::try_from(n).unwrap_or(i64::MAX))
}

fn text(s: &str) -> Value {
    Value::Text(s.to_string())
}

fn opt_text(s: &Option<String>) -> Value {
    s.as_deref().map_or(Value::Null, text)
}

fn opt_int<T: Into<i64>>(n: Option<T>) -> Value {
    n.map_or(Value::Null, |n| Value::Integer(n.into()))
}

fn place_values(f: PlaceFeature) -> (Point, Vec<Value>) {
    let (g, f) = (f.geometry, f.properties);
    let values = vec![
        Value::Text(f.id),
        Value::Text(f.name),
        text(f.kind.as_str()),
        Value::Text(f.country_code),
        Value::Text(f.admin1),
        int(f.population),
        Value::Integer(f.approximate.into()),
        int(f.mention_count),
        int(f.document_count),
        Value::Real(f.confidence),
        text(f.role.as_str()),
        int(f.role_event),
        int(f.role_actor),
        int(f.role_mention),
        Value::Text(f.evidence.evidence_doc.join(";")),
        Value::Text(f.evidence.evidence_sentence.join("\n")),
    ];
    (g, values)
}

fn event_values(f: EventFeature) -> (Point, Vec<Value>) {
    let (g, f) = (f.geometry, f.properties);
    let d = f.date;
    let values = vec![
        Value::Text(f.id),
        text(f.event_type.as_str()),
        text(f.sub_event_type.as_str()),
        opt_text(&f.actor1),
        opt_text(&f.actor2),
        Value::Text(f.country),
        Value::Text(f.admin1),
        Value::Text(f.admin2),
        opt_text(&f.location_text),
        opt_text(&d.date),
        opt_int(d.year),
        opt_int(d.month),
        opt_int(d.day),
        Value::Text(d.date_precision),
        Value::Integer(f.date_inferred.into()),
        Value::Text(f.place),
        Value::Text(f.place_id),
        text(f.kind.as_str()),
        Value::Text(f.country_code),
        Value::Integer(f.geo_precision.into()),
        Value::Integer(f.approximate.into()),
        opt_int(f.fatalities),
        opt_int(f.injured),
        Value::Text(f.weapons.join(";")),
        int(f.source_count),
        int(f.report_count),
        Value::Text(f.sources.join(";")),
        Value::Real(f.confidence),
        Value::Text(f.evidence.evidence_doc.join(";")),
        Value::Text(f.evidence.evidence_sentence.join("\n")),
    ];
    (g, values)
}

/// Creates, registers and fills one point layer.
fn write_layer(
    db: &Connection,
    table: &str,
    what: &str,
    columns: Columns,
    rows: Vec<(Point, Vec<Value>)>,
) -> rusqlite::Result<()> {
    let defs: Vec<String> = columns.iter().map(|(n, t)| format!("{n} {t}")).collect();
    db.execute_batch(&format!(
        "CREATE TABLE {table} (fid INTEGER PRIMARY KEY AUTOINCREMENT, geom POINT, {});",
        defs.join(", ")
    ))?;
    register(
        db,
        table,
        what,
        bbox(rows.iter().map(|(g, _)| (g.x(), g.y()))),
    )?;
    let names: Vec<&str> = columns.iter().map(|(n, _)| *n).collect();
    let marks: Vec<String> = (1..=columns.len() + 1).map(|i| format!("?{i}")).collect();
    let mut st = db.prepare(&format!(
        "INSERT INTO {table} (geom, {}) VALUES ({})",
        names.join(", "),
        marks.join(", ")
    ))?;
    for (g, values) in rows {
        let blob = Value::Blob(point_blob(g.x(), g.y()));
        st.execute(params_from_iter(std::iter::once(blob).chain(values)))?;
    }
    Ok(())
}

fn write_all(db: &Connection, ctx: &Context, summary: &Summary) -> rusqlite::Result<()> {
    let places = summary
        .places
        .iter()
        .map(|s| place_values(place_feature(ctx.gaz, s)))
        .collect();
    let what = "Places mentioned, with mention counts";
    write_layer(db, "places", what, PLACE_COLUMNS, places)?;
    let events = summary
        .events
        .iter()
        .map(|e| event_values(event_feature(ctx.gaz, e, ctx.evidence, summary)))
        .collect();
    let what = "Events merged from all reports";
    write_layer(db, "events", what, EVENT_COLUMNS, events)
}

impl Writer for Gpkg {
    fn finish(&mut self, ctx: &Context, summary: &Summary) -> Result<()> {
        let tmp = temp_path(&self.path);
        let _ = std::fs::remove_file(&tmp);
        let result = (|| {
            let mut db = Connection::open(&tmp)?;
            db.execute_batch("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;")?;
            let tx = db.transaction()?;
            tx.execute_batch(META)?;
            write_all(&tx, ctx, summary)?;
            tx.commit()?;
            db.close().map_err(|(_, e)| e)
        })();
        if let Err(e) = result {
            let _ = std::fs::remove_file(&tmp);
            return Err(sql_error(&self.path, e));
        }
        std::fs::rename(&tmp, &self.path).map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            Error::io(&self.path, e)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn point_blob_layout() {
        let b = point_blob(36.25, 49.98);
        assert_eq!(&b[..4], b"GP\0\x03");
        assert_eq!(i32::from_le_bytes(b[4..8].try_into().unwrap()), 4326);
        assert_eq!(b.len(), 8 + 32 + 21);
        assert_eq!(b[40], 1);
        assert_eq!(u32::from_le_bytes(b[41..45].try_into().unwrap()), 1);
        assert_eq!(f64::from_le_bytes(b[45..53].try_into().unwrap()), 36.25);
        assert_eq!(f64::from_le_bytes(b[53..61].try_into().unwrap()), 49.98);
    }
}
