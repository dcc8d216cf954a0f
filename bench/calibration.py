#!/usr/bin/env python3
"""How resolution accuracy varies with eventmap's `confidence`.

    python3 bench/calibration.py GOLD.jsonl PRED.jsonl [GOLD PRED ...]

For every predicted mention that overlaps a required gold toponym with coordinates, buckets
by the prediction's confidence and prints the share within 161 km per bucket. Standard
library only; reads the corpora where they are, copies nothing.
"""
import json
import math
import sys


def km(a, b, c, d):
    p1, p2 = math.radians(a), math.radians(c)
    x = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(d - b) / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(x)))


BUCKETS = [(0.0, 0.5), (0.5, 0.7), (0.7, 0.9), (0.9, 1.01)]


def main(args):
    if len(args) < 2 or len(args) % 2:
        sys.exit(__doc__)
    counts = [[0, 0] for _ in BUCKETS]
    for g_path, p_path in zip(args[::2], args[1::2]):
        gold = {}
        with open(g_path, encoding="utf-8") as f:
            for line in f:
                d = json.loads(line)
                gold[d["id"]] = d
        with open(p_path, encoding="utf-8") as f:
            for line in f:
                p = json.loads(line)
                g = gold.get(p["id"])
                if not g:
                    continue
                for t in p["toponyms"]:
                    for gt in g["toponyms"]:
                        if gt.get("optional") or gt["lat"] is None:
                            continue
                        if t["start"] < gt["end"] and gt["start"] < t["end"]:
                            ok = km(gt["lat"], gt["lon"], t["lat"], t["lon"]) <= 161
                            for i, (lo, hi) in enumerate(BUCKETS):
                                if lo <= t.get("confidence", 0) < hi:
                                    counts[i][0] += 1
                                    counts[i][1] += ok
                            break
    total = sum(c[0] for c in counts) or 1
    print("| confidence | share of mentions | acc161 |\n|---|---|---|")
    for (lo, hi), (n, ok) in zip(BUCKETS, counts):
        acc = f"{ok / n:.3f}" if n else "-"
        print(f"| {lo:.1f}–{min(hi, 1.0):.1f} | {n / total:.3f} | {acc} |")


if __name__ == "__main__":
    main(sys.argv[1:])
