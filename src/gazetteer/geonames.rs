//! Importing GeoNames dumps in their standard formats (<https://download.geonames.org/export/dump/>).

use std::collections::HashMap;
use std::path::Path;

use super::row_error;
use super::table::{for_each_line, parse_coordinates, Kind, Place, Table};
use crate::error::Error;

/// Reads `admin1CodesASCII.txt` (`CC.A1 \t name \t asciiname \t geonameid`) into a map from
/// `(country, admin1)` to name.
pub fn read_admin1_codes(
    text: &str,
    path: &Path,
    out: &mut HashMap<(String, String), String>,
    problems: &mut Vec<Error>,
) {
    for_each_line(text, |n, byte, line| {
        let c: Vec<&str> = line.split('\t').collect();
        let code = c.first().and_then(|s| s.split_once('.'));
        match (code, c.len()) {
            (Some((cc, a1)), 4) if !c[1].is_empty() => {
                out.insert((cc.to_string(), a1.to_string()), c[1].to_string());
            }
            _ => problems.push(row_error(
                Some(path),
                n,
                byte,
                "expected 4 columns: CC.ADMIN1, name, asciiname, geonameid".into(),
            )),
        }
    });
}

fn kind_of(class: &str, code: &str) -> Kind {
    match (class, code) {
        ("A", c) if c.starts_with("PCL") => Kind::Country,
        ("A", "ADM1") => Kind::Admin1,
        ("A", "ADM2") => Kind::Admin2,
        ("P", "PPLX") => Kind::District,
        ("P", _) => Kind::City,
        ("S", _) => Kind::Landmark,
        _ => Kind::Other,
    }
}

/// Reads a GeoNames main-table dump (19 tab-separated columns).
pub(super) fn read_dump(
    text: &str,
    path: &Path,
    admin1: &HashMap<(String, String), String>,
    table: &mut Table,
    problems: &mut Vec<Error>,
) {
    for_each_line(text, |n, byte, line| match parse_dump_row(line, admin1) {
        Ok(place) => table.push(place, ""),
        Err(msg) => problems.push(row_error(Some(path), n, byte, msg)),
    });
}

fn parse_dump_row(line: &str, admin1: &HashMap<(String, String), String>) -> Result<Place, String> {
    let c: Vec<&str> = line.split('\t').collect();
    if c.len() != 19 {
        return Err(format!("{} columns, a GeoNames dump row has 19", c.len()));
    }
    let gid: u64 = c[0]
        .parse()
        .map_err(|_| format!("geonameid {:?} is not a number", c[0]))?;
    let (lat, lon) = parse_coordinates(("latitude", c[4]), ("longitude", c[5]))?;
    if c[1].is_empty() {
        return Err("empty name".into());
    }
    let population = c[14].parse().unwrap_or(0);
    let kind = kind_of(c[6], c[7]);
    let cc = c[8].to_string();
    let a1 = c[10].to_string();
    let admin1_name = admin1
        .get(&(cc.clone(), a1.clone()))
        .cloned()
        .unwrap_or_default();
    let mut alt: Vec<&str> = c[3]
        .split(',')
        .filter(|s| !s.is_empty() && !s.contains('|'))
        .collect();
    if c[2] != c[1] && !c[2].is_empty() {
        alt.push(c[2]);
    }
    let alt = alt.join("|");
    let place = Place {
        id: format!("geonames:{gid}"),
        name: c[1].to_string(),
        alt_names: alt,
        kind,
        feature_code: c[7].to_string(),
        country_code: cc,
        admin1_code: a1,
        admin1_name,
        admin2_code: c[11].to_string(),
        parent: None,
        population,
        lat,
        lon,
    };
    Ok(place)
}

/// Reads `alternateNamesV2.txt`: adds names to places already loaded; codes and links
/// (`link`, `iata`, `icao`, `faac`, `post`, `wkdt`, `unlc`) are not names and are skipped.
pub(super) fn read_alternate_names(
    text: &str,
    path: &Path,
    table: &mut Table,
    problems: &mut Vec<Error>,
) {
    for_each_line(text, |n, byte, line| {
        let c: Vec<&str> = line.split('\t').collect();
        if c.len() < 4 || c[1].parse::<u64>().is_err() {
            problems.push(row_error(
                Some(path),
                n,
                byte,
                "expected alternateNameId, geonameid, isolanguage, name, ...".into(),
            ));
            return;
        }
        if matches!(
            c[2],
            "link" | "iata" | "icao" | "faac" | "post" | "wkdt" | "unlc"
        ) {
            return;
        }
        if let Some(place) = table.get_mut(&format!("geonames:{}", c[1])) {
            place.add_name(c[3]);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::super::GazetteerBuilder;
    use std::io::Write;

    #[test]
    fn imports_geonames_fixture_and_reports_bad_rows() {
        let dir = tempfile::tempdir().unwrap();
        let dump = dir.path().join("cities.txt");
        let mut f = std::fs::File::create(&dump).unwrap();
        // Two real rows (abridged alternate names), one broken, one with a bad latitude.
        writeln!(f, "706483\tKharkiv\tKharkiv\tKharkov,Charkiw\t49.98081\t36.25272\tP\tPPLA\tUA\t\t07\t\t\t\t1430885\t\t152\tEurope/Kyiv\t2024-01-01").unwrap();
        writeln!(f, "5601538\tMoscow\tMoscow\t\t46.73239\t-117.00017\tP\tPPL\tUS\t\tID\t057\t\t\t25060\t\t786\tAmerica/Los_Angeles\t2024-01-01").unwrap();
        writeln!(f, "garbage line").unwrap();
        writeln!(
            f,
            "1\tNowhere\tNowhere\t\t123.0\t0\tP\tPPL\tXX\t\t\t\t\t\t0\t\t0\tUTC\t2024-01-01"
        )
        .unwrap();
        drop(f);
        let alt = dir.path().join("alternateNamesV2.txt");
        std::fs::write(
            &alt,
            "1\t706483\tuk\tХарків\t1\t\t\t\t\t\n2\t706483\tlink\thttps://x\t\t\t\t\t\t\nbad\n",
        )
        .unwrap();
        let admin1 = dir.path().join("admin1CodesASCII.txt");
        std::fs::write(&admin1, "UA.07\tKharkiv\tKharkiv\t706482\nID\n").unwrap();

        let (gaz, problems) = GazetteerBuilder::new()
            .bundled(false)
            .geonames(&dump)
            .alternate_names(&alt)
            .admin1_codes(&admin1)
            .build()
            .unwrap();
        assert_eq!(gaz.len(), 2);
        let kh = gaz.place(gaz.lookup("Харків")[0]);
        assert_eq!(kh.id, "geonames:706483");
        assert_eq!(kh.admin1_name, "Kharkiv");
        assert_eq!(gaz.lookup("Charkiw").len(), 1);
        assert!(gaz.lookup("https x").is_empty());
        let msgs: Vec<String> = problems.iter().map(|e| e.to_string()).collect();
        assert_eq!(msgs.len(), 4, "{msgs:?}");
        assert!(msgs.iter().any(|m| m.contains("admin1CodesASCII.txt:2:")));
        assert!(msgs
            .iter()
            .any(|m| m.contains("cities.txt:3:") && m.contains("1 columns")));
        assert!(msgs
            .iter()
            .any(|m| m.contains("cities.txt:4:") && m.contains("out of range")));
        assert!(msgs.iter().any(|m| m.contains("alternateNamesV2.txt:3:")));
    }

    #[test]
    fn missing_file_is_fatal_with_path() {
        let err = GazetteerBuilder::new()
            .geonames("/nonexistent/x.txt")
            .build()
            .unwrap_err();
        assert!(err.to_string().starts_with("/nonexistent/x.txt: "), "{err}");
    }
}
