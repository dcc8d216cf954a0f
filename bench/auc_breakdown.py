#!/usr/bin/env python3
"""Where the AUC (and acc161) of each corpus comes from: by predicted kind and by error band.

    python3 bench/auc_breakdown.py EVAL_DIR [--pred DIR] [--bin EVENTMAP] [--corpus C ...]
                                   [--gold-kind] [--examples KIND:BAND[:N]] [--markdown]

EVAL_DIR is the folder of the gold corpora and their score.py (`../shared/eval`); it is read
where it is, nothing is copied. Predictions are `DIR/<corpus>.pred.jsonl` as
`bench/accuracy.sh` writes them (`eventmap eval GOLD --out PRED`); without `--pred` the script
runs `EVENTMAP eval` (default ./target/release/eventmap) into a temporary folder.

Resolution is scored exactly as score.py scores it (its own functions are imported: overlap
matching, required gold toponyms with coordinates, haversine). Each scored toponym's AUC term
is its trapezoid weight times ln(1 + km) / ln(1 + 20039) at its rank among the sorted errors,
so the terms of a corpus add up to score.py's `auc` exactly; a cell shows the sum of its terms
(its share of the corpus's AUC) and, in brackets, its toponyms.

Kinds are those of the predicted place in the gazetteer tables of data/ (`places*.tsv`):
continent, country, admin1, admin2, city, district, feature (island, sea, river, mountains,
region, landmark), other. `--gold-kind` adds a table by the gold place's kind (looked up by its
GeoNames id; `unknown` where the gazetteer lacks it, `none` where the corpus gives no id).
Bands: exact (< 1 km), near (1-161 km), mid (161-1000 km), far (> 1000 km).

The last lines per corpus give the AUC with exact country points: the AUC recomputed with a
zero error for every toponym resolved to a country that is the gold's own place (same GeoNames
id), and, as an upper bound, for every country prediction within 1000 km of the gold point.
`--examples country:far:20` lists toponyms of one cell (document, text, predicted place, gold
GeoNames id, km).
"""
import argparse
import importlib.util
import json
import math
import os
import subprocess
import sys
import tempfile

CORPORA = ["lgl", "trnews", "gwn", "wiktor"]
BANDS = [("exact", 1.0), ("near", 161.0), ("mid", 1000.0), ("far", float("inf"))]
FEATURES = {"island", "sea", "river", "mountains", "region", "landmark"}
KIND_ORDER = ["continent", "country", "admin1", "admin2", "city", "district", "feature",
              "other", "unknown", "none"]
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def load_scorer(eval_dir):
    spec = importlib.util.spec_from_file_location("score", os.path.join(eval_dir, "score.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def load_places():
    """place id -> (kind, name) from data/places.tsv then every data/places-*.tsv."""
    data = os.path.join(ROOT, "data")
    files = ["places.tsv"] + sorted(f for f in os.listdir(data)
                                    if f.startswith("places-") and f.endswith(".tsv"))
    places = {}
    for name in files:
        with open(os.path.join(data, name), encoding="utf-8") as f:
            next(f)
            for line in f:
                cols = line.rstrip("\n").split("\t")
                if len(cols) < 3 or line.startswith("#"):
                    continue
                kind = "feature" if cols[2] in FEATURES else cols[2]
                places[cols[0]] = (kind, cols[1])
    return places


def band(km):
    for name, limit in BANDS:
        if km < limit:
            return name
    return BANDS[-1][0]


def predict(eval_dir, corpora, binary, out_dir):
    for c in corpora:
        subprocess.run([binary, "eval", os.path.join(eval_dir, c + ".jsonl"),
                        "--out", os.path.join(out_dir, c + ".pred.jsonl")],
                       check=True, stderr=subprocess.DEVNULL)


def scored(score, gold, pred):
    """The toponyms score.py resolves, as dicts: doc, gold toponym, predicted toponym, km."""
    out = []
    for doc_id, g in gold.items():
        gts = g.get("toponyms") or []
        gspans = [(int(t["start"]), int(t["end"])) for t in gts]
        pitems, pspans = [], []
        for t in pred.get(doc_id, {}).get("toponyms") or []:
            sp = score.spans([t]) if isinstance(t, dict) else []
            if sp:
                pspans.append(sp[0])
                pitems.append(t)
        m = score.match(pspans, gspans, False)
        for j, t in enumerate(gts):
            if t.get("optional") or j not in m:
                continue
            gc, pc = score.coord(t), score.coord(pitems[m[j]])
            if gc is None or pc is None:
                continue
            km = score.haversine(gc[0], gc[1], pc[0], pc[1])
            out.append({"doc": doc_id, "text": g["text"], "gold": t, "pred": pitems[m[j]],
                        "km": km})
    return out


def auc_terms(rows):
    """Adds each row's AUC term (trapezoid weight at its rank); the terms sum to score.py's auc."""
    n = len(rows)
    order = sorted(range(n), key=lambda i: rows[i]["km"])
    top = math.log1p(20039)
    for rank, i in enumerate(order):
        y = math.log1p(rows[i]["km"]) / top
        if n == 1:
            rows[i]["term"] = y
        else:
            w = 0.5 if rank in (0, n - 1) else 1.0
            rows[i]["term"] = w * y / (n - 1)


def auc_of(kms):
    if not kms:
        return 1.0
    ys = sorted(math.log1p(e) / math.log1p(20039) for e in kms)
    if len(ys) == 1:
        return ys[0]
    return sum((ys[i] + ys[i + 1]) / 2 for i in range(len(ys) - 1)) / (len(ys) - 1)


def classify(rows, places):
    for r in rows:
        pid = r["pred"].get("place_id") or ""
        r["kind"], r["pred_name"] = places.get(pid, ("unknown", pid))
        gid = r["gold"].get("geonameid")
        r["same_id"] = gid is not None and pid == f"geonames:{gid}"
        if gid is None:
            r["gold_kind"] = "none"
        else:
            r["gold_kind"] = places.get(f"geonames:{gid}", ("unknown", ""))[0]
        r["band"] = band(r["km"])


def table(rows, key, markdown):
    cells = {}
    for r in rows:
        c = cells.setdefault((r[key], r["band"]), [0.0, 0])
        c[0] += r["term"]
        c[1] += 1
    kinds = [k for k in KIND_ORDER if any(k == kk for kk, _ in cells)]
    kinds += sorted({k for k, _ in cells} - set(kinds))
    head = [key] + [b for b, _ in BANDS] + ["all"]
    lines = [head]
    for k in kinds + ["all"]:
        line, tot = [k], [0.0, 0]
        for b, _ in BANDS:
            c = [sum(v[i] for (kk, bb), v in cells.items() if bb == b and k in ("all", kk))
                 for i in (0, 1)]
            tot = [tot[0] + c[0], tot[1] + c[1]]
            line.append(f"{c[0]:.3f} ({c[1]})" if c[1] else "-")
        line.append(f"{tot[0]:.3f} ({tot[1]})")
        lines.append(line)
    if markdown:
        out = ["| " + " | ".join(lines[0]) + " |", "|" + "---|" * len(head)]
        out += ["| " + " | ".join(l) + " |" for l in lines[1:]]
    else:
        widths = [max(len(l[i]) for l in lines) for i in range(len(head))]
        out = ["  ".join(c.ljust(w) for c, w in zip(l, widths)) for l in lines]
    return "\n".join(out)


def country_exact(rows):
    """AUC with exact points for countries that are the gold's own place; and the bound with
    exact points for every country prediction within 1000 km of the gold point."""
    same = [0.0 if r["kind"] == "country" and r["same_id"] else r["km"] for r in rows]
    near = [0.0 if r["kind"] == "country" and r["km"] < 1000 else r["km"] for r in rows]
    return auc_of(same), auc_of(near)


def examples(rows, spec):
    parts = spec.split(":")
    kind, bnd = parts[0], parts[1]
    limit = int(parts[2]) if len(parts) > 2 else 20
    pick = [r for r in rows if kind in ("all", r["kind"]) and bnd in ("all", r["band"])]
    pick.sort(key=lambda r: -r["term"])
    out = []
    for r in pick[:limit]:
        g = r["gold"]
        s, e = g["start"], g["end"]
        ctx = r["text"][max(0, s - 50):e + 30].replace("\n", " ")
        out.append(f"  {r['doc']} {g['name']!r} -> {r['pred_name']} [{r['kind']}] "
                   f"gold={g.get('geonameid')} ({g['lat']}, {g['lon']}) {r['km']:.0f} km "
                   f"conf={r['pred'].get('confidence')}\n      …{ctx}…")
    return "\n".join(out)


def report(name, rows, args):
    acc = sum(r["km"] <= 161 for r in rows) / len(rows) if rows else 0.0
    total = sum(r["term"] for r in rows)
    print(f"\n## {name}: {len(rows)} scored toponyms, acc161 {acc:.3f}, AUC {total:.3f}\n")
    print(table(rows, "kind", args.markdown))
    if args.gold_kind:
        print()
        print(table(rows, "gold_kind", args.markdown))
    same, near = country_exact(rows)
    print(f"\nAUC with exact country points: {same:.3f} (countries that are the gold's own "
          f"place), {near:.3f} (every country prediction within 1000 km)")
    for spec in args.examples or []:
        print(f"\nexamples {spec}:")
        print(examples(rows, spec))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("eval_dir")
    ap.add_argument("--pred", help="folder with <corpus>.pred.jsonl (default: run eventmap)")
    ap.add_argument("--bin", default=os.path.join(ROOT, "target/release/eventmap"))
    ap.add_argument("--corpus", action="append", choices=CORPORA)
    ap.add_argument("--gold-kind", action="store_true")
    ap.add_argument("--examples", action="append", metavar="KIND:BAND[:N]")
    ap.add_argument("--markdown", action="store_true")
    args = ap.parse_args()
    corpora = args.corpus or CORPORA
    score = load_scorer(args.eval_dir)
    places = load_places()
    with tempfile.TemporaryDirectory() as tmp:
        pred_dir = args.pred or tmp
        if not args.pred:
            predict(args.eval_dir, corpora, args.bin, tmp)
        for c in corpora:
            gold = score.load(os.path.join(args.eval_dir, c + ".jsonl"))
            pred = score.load(os.path.join(pred_dir, c + ".pred.jsonl"))
            rows = scored(score, gold, pred)
            auc_terms(rows)
            classify(rows, places)
            report(c, rows, args)


if __name__ == "__main__":
    sys.exit(main())
