#!/usr/bin/env python3
"""Writes a large synthetic news corpus (JSONL) for throughput benchmarks.

    python3 bench/make_corpus.py OUT.jsonl [MEGABYTES]   (default 20)
    EVENTMAP_PARAGRAPHS=bench/paragraphs-uk-ru.txt python3 bench/make_corpus.py OUT.jsonl 5
        (Ukrainian and Russian paragraphs instead of the seeds: Cyrillic throughput)

Documents are paragraphs of the seed articles shuffled with a fixed seed, so the corpus is
the same on every machine and realistic in its density of place names.
"""
import json
import os
import random
import sys

here = os.path.dirname(os.path.abspath(__file__))
seeds = os.path.join(here, "..", "seeds")
paras = []
files = [os.path.join(seeds, n) for n in sorted(os.listdir(seeds))]
if os.environ.get("EVENTMAP_PARAGRAPHS"):
    files = [os.environ["EVENTMAP_PARAGRAPHS"]]
for name in files:
    with open(name, encoding="utf-8") as f:
        paras += [p.strip() for p in f.read().split("\n") if len(p.strip()) > 40]
out, mb = sys.argv[1], float(sys.argv[2]) if len(sys.argv) > 2 else 20.0
rng = random.Random(7)
size, n = 0, 0
with open(out, "w", encoding="utf-8") as f:
    while size < mb * 1e6:
        text = "\n".join(rng.sample(paras, 8))
        line = json.dumps({"id": f"doc{n}", "text": text, "published": "2024-01-12"}, ensure_ascii=False)
        f.write(line + "\n")
        size += len(line.encode()) + 1
        n += 1
print(f"{out}: {n} documents, {size / 1e6:.1f} MB", file=sys.stderr)
