#!/usr/bin/env python3
"""Points for Russia's and Belarus's districts that GeoNames places at their region's point.

GeoNames gives most Russian districts (admin2, 2,438 of 2,648) no point of their own: they carry
their oblast's point, so "в Климовском районе Брянской области" landed 104 km from Klimovo, at
the Bryansk Oblast point. A district is named after its administrative centre by the Russian
adjective suffix -ский (Климово -> Климовский, Суджа -> Суджанский, Рыльск -> Рыльский,
Трубчевск -> Трубчевский, Унеча -> Унечский). For each such district whose point is its admin1's
point, the town of the same admin1 whose Russian name gives the district's adjective (the most
populous if several) lends its point; the row is written, otherwise unchanged, to

  data/places-ru-raions.tsv   (read after places.tsv: a row with the same id replaces it)

    python3 data/build/ru_raions.py

Reads only data/places.tsv (standard library only).
"""
import csv, os, sys

ROOT = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", ".."))
COUNTRIES = ("RU", "BY")
VOWELS = "аоеыия"


def centre_names(adj):
    """Folded town names whose adjective is `adj` (folded, without " район"): the stem as it is,
    with a final vowel, -ь, -ск or -ка (Климово, Обоянь, Рыльск, Жуковка), without the -н of
    -анский (Суджа), without -ов/-ев plus -ы/-и (Клинцы, Поныри), -ен/-ин to -ное/-я
    (Касторное, Навля)."""
    for suffix in ("ский", "цкий"):
        if adj.endswith(suffix):
            stem = adj[: -len(suffix)] + ("ц" if suffix == "цкий" else "")
            names = {stem, stem + "ск", stem + "ь", stem + "ка"} | {stem + v for v in VOWELS}
            if stem.endswith(("ан", "ян")):
                names.add(stem[:-1])
            if stem.endswith(("ов", "ев")):
                names |= {stem[:-2] + "ы", stem[:-2] + "и"}
            if stem.endswith(("ен", "ин")):
                names |= {stem[:-2] + "ное", stem[:-2] + "я"}
            return names
    return set()


def fold(s):
    return s.lower().replace("ё", "е").strip()


def main():
    src = os.path.join(ROOT, "data", "places.tsv")
    with open(src, encoding="utf-8", newline="") as f:
        reader = csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader)
        rows = [dict(zip(header, r)) for r in reader]
    admin1 = {(r["country_code"], r["admin1_code"]): r for r in rows if r["kind"] == "admin1"}
    towns = {}
    for r in rows:
        if r["kind"] == "city" and r["country_code"] in COUNTRIES:
            for n in r["alt_names"].split("|"):
                towns.setdefault((r["country_code"], r["admin1_code"], fold(n)), []).append(r)
    out, unplaced = [], 0
    for r in rows:
        if r["kind"] != "admin2" or r["country_code"] not in COUNTRIES:
            continue
        a1 = admin1.get((r["country_code"], r["admin1_code"]))
        if a1 is None or (a1["lat"], a1["lon"]) != (r["lat"], r["lon"]):
            continue
        found = []
        for n in r["alt_names"].split("|"):
            words = fold(n).split(" ")
            if len(words) == 2 and words[1] == "район":
                for t in centre_names(words[0]):
                    found += towns.get((r["country_code"], r["admin1_code"], t), [])
        if not found:
            unplaced += 1
            continue
        best = max(found, key=lambda t: (int(t["population"] or 0), t["id"]))
        out.append({**r, "lat": best["lat"], "lon": best["lon"]})
    path = os.path.join(ROOT, "data", "places-ru-raions.tsv")
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("\t".join(header) + "\n")
        for r in sorted(out, key=lambda r: r["id"]):
            f.write("\t".join(r[h] for h in header) + "\n")
    print(f"{len(out)} districts placed at their centre, {unplaced} left at their region's "
          f"point", file=sys.stderr)


if __name__ == "__main__":
    main()
