#!/usr/bin/env python3
"""Builds data/places-features.tsv from the hand-kept tables under data/curated/.

    python3 data/build/features.py

- data/curated/features.tsv: islands, seas, rivers, mountain ranges, macro-regions, disputed
  areas and landmarks (columns of data/curated/places.tsv, each row with its source);
- data/curated/overrides.tsv: extra names for rows of data/places.tsv; the row is copied with
  the names added (the gazetteer reads data/places-features.tsv after data/places.tsv, and a later row
  with the same id replaces the earlier one).

Output columns are exactly those of data/places.tsv; data/places.tsv itself is not rewritten.
Standard library only; deterministic (rows in input order).
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.dirname(HERE)
COLUMNS = ["id", "name", "kind", "feature_code", "country_code", "admin1_code", "admin1_name",
           "admin2_code", "parent_id", "population", "lat", "lon", "alt_names"]
KINDS = {"island", "sea", "river", "mountains", "region", "landmark"}


def read_tsv(path):
    """Rows of a curated table as dicts (comment lines skipped), with their line numbers."""
    with open(path, encoding="utf-8") as f:
        lines = [(n + 1, l.rstrip("\n")) for n, l in enumerate(f) if l.strip() and not l.startswith("#")]
    header = lines[0][1].split("\t")
    for n, line in lines[1:]:
        cells = line.split("\t")
        if len(cells) != len(header):
            sys.exit(f"{path}:{n}: {len(cells)} cells, expected {len(header)}")
        yield n, dict(zip(header, cells))


def main():
    places = {}
    admin1 = {}
    country = {}
    with open(os.path.join(DATA, "places.tsv"), encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        assert header == COLUMNS, "data/places.tsv header changed"
        for line in f:
            row = dict(zip(COLUMNS, line.rstrip("\n").split("\t")))
            places[row["id"]] = row
            if row["kind"] == "admin1":
                admin1[(row["country_code"], row["admin1_code"])] = row
            elif row["kind"] == "country":
                country[row["country_code"]] = row
    out = []
    path = os.path.join(DATA, "curated", "features.tsv")
    for n, r in read_tsv(path):
        if r["kind"] not in KINDS:
            sys.exit(f"{path}:{n}: kind {r['kind']!r} is not one of {sorted(KINDS)}")
        if not r["source"].strip():
            sys.exit(f"{path}:{n}: every row needs a source")
        cc, a1 = r["country_code"], r["admin1_code"]
        parent = admin1.get((cc, a1)) if a1 else None
        parent = parent or country.get(cc)
        out.append({
            **r, "admin1_name": admin1[(cc, a1)]["name"] if (cc, a1) in admin1 else "",
            "admin2_code": "", "parent_id": r["parent_id"] or (parent["id"] if parent else ""),
        })
    path = os.path.join(DATA, "curated", "overrides.tsv")
    extra = {}
    for n, r in read_tsv(path):
        if r["id"] not in places:
            sys.exit(f"{path}:{n}: {r['id']} is not in data/places.tsv")
        extra.setdefault(r["id"], []).append(r["alias"])
    for pid, aliases in extra.items():
        row = dict(places[pid])
        names = [a for a in row["alt_names"].split("|") if a]
        row["alt_names"] = "|".join(names + [a for a in aliases if a not in names])
        out.append(row)
    with open(os.path.join(DATA, "places-features.tsv"), "w", encoding="utf-8", newline="\n") as f:
        f.write("\t".join(COLUMNS) + "\n")
        for r in out:
            f.write("\t".join(r[c] for c in COLUMNS) + "\n")
    print(f"data/places-features.tsv: {len(out)} rows", file=sys.stderr)


if __name__ == "__main__":
    main()
