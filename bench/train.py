#!/usr/bin/env python3
"""Fits the resolver's feature weights on the development corpora, with k-fold cross-validation.

    python3 bench/train.py FEATURES.tsv WEIGHTS.tsv [--folds 5] [--sweeps 2]

FEATURES.tsv is written by `cargo run --release --example resolver_features` (one row per
candidate of each recognised mention that overlaps a required gold toponym, with the distance
from the gold point). The model is the resolver's: a candidate's score is the weighted sum of
its features and the best-scoring candidate wins. Weights are fitted by coordinate ascent on
the mean over corpora of (acc161 − AUC), the corpora weighted equally so that WikToR's 25,000
toponyms do not drown the news corpora. Folds split by document. Prints per-corpus acc161 and
AUC cross-validated (each document scored by weights fitted without it) and in-sample, then
rewrites the feature rows of WEIGHTS.tsv (its fixed parameters are kept). Standard library only;
reads the corpora's features where they are, copies nothing.
"""
import math
import sys
import zlib

LOG_MAX = math.log(1 + 20039)
STEPS = [-1.0, -0.5, -0.25, -0.1, 0.1, 0.25, 0.5, 1.0]
LIMIT = 6.0


def load(path):
    """-> (feature names, mentions): a mention is (corpus, doc, [(km, features)])."""
    mentions = {}
    with open(path, encoding="utf-8") as f:
        names = f.readline().rstrip("\n").split("\t")[5:]
        for line in f:
            c = line.rstrip("\n").split("\t")
            key = (c[0], c[1], c[2])
            mentions.setdefault(key, []).append((float(c[4]), [float(x) for x in c[5:]]))
    return names, [(k[0], k[1], v) for k, v in sorted(mentions.items())]


def choose(cands, w):
    best, best_s = None, -1e300
    for km, f in cands:
        s = sum(a * b for a, b in zip(w, f) if b)
        if s > best_s:
            best, best_s = km, s
    return best


def figures(errors):
    """acc161 and AUC (as score.py computes them) of a list of errors in km."""
    if not errors:
        return 0.0, 1.0
    acc = sum(e <= 161 for e in errors) / len(errors)
    logs = sorted(math.log(1 + e) for e in errors)
    if len(logs) == 1:
        return acc, logs[0] / LOG_MAX
    area = sum((logs[i] + logs[i + 1]) / 2 for i in range(len(logs) - 1))
    return acc, area / (LOG_MAX * (len(logs) - 1))


def objective(errors_by_corpus):
    vals = [figures(e) for e in errors_by_corpus.values()]
    return sum(a - u for a, u in vals) / len(vals)


def errors(mentions, w):
    out = {}
    for corpus, _, cands in mentions:
        out.setdefault(corpus, []).append(choose(cands, w))
    return out


def fit(mentions, w, sweeps):
    w = list(w)
    # Only mentions whose candidates differ can change.
    live = [m for m in mentions if len(m[2]) > 1]
    fixed = {}
    for corpus, _, cands in mentions:
        if len(cands) == 1:
            fixed.setdefault(corpus, []).append(cands[0][0])
    best = None
    for _ in range(sweeps):
        for j in range(len(w)):
            # Scores without feature j, once per weight.
            rows = []
            for corpus, _, cands in live:
                base = [(km, sum(a * b for a, b in zip(w, f) if b) - w[j] * f[j], f[j]) for km, f in cands]
                rows.append((corpus, base))
            def score_with(v):
                errs = {c: list(e) for c, e in fixed.items()}
                for corpus, base in rows:
                    km = max(base, key=lambda r: r[1] + v * r[2])[0]
                    errs.setdefault(corpus, []).append(km)
                return objective(errs)
            cur = score_with(w[j])
            best = cur
            for step in STEPS:
                v = max(-LIMIT, min(LIMIT, w[j] + step))
                s = score_with(v)
                if s > best + 1e-6:
                    best, w[j] = s, v
            cur = best
    return w, best


def main(argv):
    if len(argv) < 2:
        sys.exit(__doc__)
    feat_path, weights_path = argv[0], argv[1]
    folds = int(argv[argv.index("--folds") + 1]) if "--folds" in argv else 5
    sweeps = int(argv[argv.index("--sweeps") + 1]) if "--sweeps" in argv else 2
    names, mentions = load(feat_path)
    with open(weights_path, encoding="utf-8") as f:
        lines = f.read().splitlines()
    start = {}
    for line in lines:
        if line and not line.startswith("#"):
            k, v = line.split("\t")[:2]
            start[k] = float(v)
    w0 = [start[n] for n in names]
    fold_of = lambda doc: zlib.crc32(doc.encode()) % folds
    cv_errs = {}
    for k in range(folds):
        train = [m for m in mentions if fold_of(m[1]) != k]
        test = [m for m in mentions if fold_of(m[1]) == k]
        w, _ = fit(train, w0, sweeps)
        for c, e in errors(test, w).items():
            cv_errs.setdefault(c, []).extend(e)
        print(f"fold {k + 1}/{folds} done", file=sys.stderr)
    w, _ = fit(mentions, w0, sweeps)
    before = errors(mentions, w0)
    after = errors(mentions, w)
    print("| corpus | mentions | acc161 start | AUC start | acc161 in-sample | AUC in-sample | acc161 cross-validated | AUC cross-validated |")
    print("|---|---|---|---|---|---|---|---|")
    for c in sorted(after):
        b, a, v = figures(before[c]), figures(after[c]), figures(cv_errs[c])
        print(f"| {c} | {len(after[c])} | {b[0]:.3f} | {b[1]:.3f} | {a[0]:.3f} | {a[1]:.3f} | {v[0]:.3f} | {v[1]:.3f} |")
    fitted = dict(zip(names, w))
    out = []
    for line in lines:
        if line and not line.startswith("#") and line.split("\t")[0] in fitted:
            k = line.split("\t")[0]
            out.append(f"{k}\t{round(fitted[k], 4):g}")
        else:
            out.append(line)
    with open(weights_path, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
