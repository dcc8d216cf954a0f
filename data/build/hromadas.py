#!/usr/bin/env python3
"""Names of Ukraine's hromadas (territorial communities) as names of their seat towns.

Regional administrations report by hromada: "обстріляли Марганецьку громаду", "у Хотінській
громаді", Russian outlets "в Марганецкой общине". KATOTTG (pinned in ukraine.py) lists the
1,772 hromadas (category H) with their settlements. A hromada is named after its seat by the
adjective suffix -ська/-цька/-зька (Марганець -> Марганецька): the seat is the member
settlement whose name shares the longest start with the hromada's name, a city before a
town before a village. Its place: the `katottg:` row of places-ua.tsv, else the most populous
city of places.tsv in the same oblast with that Ukrainian name.

  data/names/hromadas.tsv   `id<TAB>name|...`: "<adjective> громада" in every case and number
                            (громада, громади, громаді, громаду, громадою; громад, громадам,
                            громадах) with the adjective in the matching case, "<adj> ТГ" and
                            "<adj> ОТГ", and the Russian forms of the adjective (ru_names.py's
                            rules) with громада and община

    python3 data/build/hromadas.py [--cache DIR]      # after ukraine.py
"""
import argparse, os, sys, tempfile
from collections import defaultdict

from ukraine import ROOT, fetch, fold, katottg_rows, is_cyr
from ru_names import word_variants, load

UK_SING = [("а", "громада"), ("ої", "громади"), ("ій", "громаді"), ("у", "громаду"),
           ("ою", "громадою")]
UK_PLUR = [("і", "громади"), ("их", "громад"), ("им", "громадам"), ("их", "громадах"),
           ("ими", "громадами")]
RU_SING = [("ая", n) for n in ("громада", "община")] + \
          [("ой", n) for n in ("громады", "громаде", "громадой", "общины", "общине", "общиной")] + \
          [("ую", "громаду"), ("ую", "общину")]
CATEGORY = {"M": 3, "T": 2, "C": 1, "X": 1, "K": 3}


def forms(adj):
    """Every case form of "<adj> громада" (adj: the KATOTTG feminine adjective)."""
    stem = adj[:-1]
    out = {f"{stem}{e} {n}" for e, n in UK_SING + UK_PLUR}
    out |= {f"{stem}{e} {abbr}" for e, _ in UK_SING for abbr in ("ТГ", "ОТГ")}
    for ru in word_variants(adj, True)[:2]:  # Марганецька -> Марганецкая
        if ru.endswith("ая"):
            out |= {f"{ru[:-2]}{e} {n}" for e, n in RU_SING}
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cache")
    args = ap.parse_args()
    cache = args.cache or tempfile.mkdtemp()
    os.makedirs(cache, exist_ok=True)
    rows = list(katottg_rows(fetch(cache)))
    ua_rows = list(load(os.path.join(ROOT, "data", "places-ua.tsv")))
    katottg_ids = {r["id"] for r in ua_rows}
    admin1_of = {r["id"][len("katottg:"):][:4]: r["admin1_code"] for r in ua_rows}
    extra = defaultdict(set)
    with open(os.path.join(ROOT, "data", "names", "uk.tsv"), encoding="utf-8") as f:
        for line in f:
            i, _, ns = line.rstrip("\n").partition("\t")
            extra[i].update(fold(n) for n in ns.split("|") if " " not in n)
    cities = defaultdict(list)  # (admin1, folded name) -> places.tsv rows
    for r in load(os.path.join(ROOT, "data", "places.tsv")):
        if r["country_code"] == "UA" and r["kind"] == "city":
            names = {fold(n) for n in r["alt_names"].split("|") if is_cyr(n)} | extra[r["id"]]
            for n in names:
                cities[(r["admin1_code"], n)].append(r)
    members = defaultdict(list)
    for codes, cat, name in rows:
        if cat in CATEGORY and codes[3]:
            members[codes[2]].append((codes, cat, name))
    table, unplaced = defaultdict(set), 0
    for codes, cat, name in rows:
        if cat != "H" or not name.endswith(("ська", "цька", "зька")):
            continue
        h = fold(name)
        seat = max(members.get(codes[2], []), default=None, key=lambda m: (
            len(os.path.commonprefix([fold(m[2]), h])), CATEGORY[m[1]], m[0][3]))
        if seat is None or len(os.path.commonprefix([fold(seat[2]), h])) < 4:
            unplaced += 1
            continue
        sid = "katottg:" + seat[0][3]
        if sid not in katottg_ids:
            found = cities.get((admin1_of.get(seat[0][3][:4]), fold(seat[2])), [])
            if not found:
                unplaced += 1
                continue
            sid = max(found, key=lambda r: (int(r["population"] or 0), r["id"]))["id"]
        table[sid] |= forms(name)
    with open(os.path.join(ROOT, "data", "names", "hromadas.tsv"), "w", encoding="utf-8") as f:
        for i in sorted(table):
            f.write(f"{i}\t{'|'.join(sorted(table[i]))}\n")
    print(f"{sum(1 for _ in table)} seats named by their hromada, {unplaced} hromadas "
          f"without a seat found", file=sys.stderr)


if __name__ == "__main__":
    main()
