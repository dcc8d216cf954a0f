#!/usr/bin/env python3
"""Fits the resolver's feature weights on the development corpora, with k-fold cross-validation.

    python3 bench/train.py FEATURES.tsv WEIGHTS.tsv [--folds 5] [--sweeps 2] [--fold-dir DIR]
                           [--only NAME,NAME...]

FEATURES.tsv is written by `cargo run --release --example resolver_features` (one row per
candidate of each recognised mention that overlaps a required gold toponym, with the distance
from the gold point). The model is the resolver's: a candidate's score is the weighted sum of
its features and the best-scoring candidate wins. Weights are fitted by coordinate ascent on
the mean over corpora of (acc161 − AUC), the corpora weighted equally so that WikToR's 25,000
toponyms do not drown the news corpora. Folds split by document. Prints per-corpus acc161 and
AUC cross-validated (each document scored by weights fitted without it) and in-sample, then
rewrites the feature rows of WEIGHTS.tsv (its fixed parameters are kept). Standard library only;
reads the corpora's features where they are, copies nothing. With --fold-dir, writes each
fold's weights (DIR/fold<k>.tsv, fitted without the fold) and its documents (DIR/fold<k>.ids),
for bench/train.sh to score the whole pipeline end to end, cross-validated. With --only
(TRAIN_ONLY in bench/train.sh), only the named weights are fitted and the others held: a
change to one feature refits the weights it touches without moving the rest, which the English
corpora alone would set at the cost of rules they do not exercise.
"""
import math
import sys
import zlib

LOG_MAX = math.log(1 + 20039)
STEPS = [-1.0, -0.5, -0.25, -0.1, 0.1, 0.25, 0.5, 1.0]
LIMIT = 6.0
# Not fitted: a cue word ("X Oblast", "the city of X") is the specific evidence the resolver's
# prominence rule asks for, and the corpora's cues are mostly WikToR's "is a city in" openings,
# too narrow a sample to weigh "Kharkiv and Odesa oblasts" by.
FIXED = {"cue_fits", "cue_clashes"}


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


def errors(mentions, w):
    out = {}
    for corpus, _, cands in mentions:
        out.setdefault(corpus, []).append(choose(cands, w))
    return out


def fit(mentions, w, sweeps, names, only=None):
    """Coordinate ascent. The trapezoid area of sorted values is their sum less half the
    smallest and largest, so acc161 and AUC change by sums over the mentions a weight moves."""
    w = list(w)
    corpora = sorted({m[0] for m in mentions})
    cix = {c: i for i, c in enumerate(corpora)}
    ms = [(cix[c], [(math.log(1 + km), km <= 161, f) for km, f in cands]) for c, _, cands in mentions]
    n = [0] * len(corpora)
    for c, _ in ms:
        n[c] += 1
    scores = [[sum(a * b for a, b in zip(w, f) if b) for _, _, f in cands] for _, cands in ms]
    chosen = [max(range(len(sc)), key=sc.__getitem__) for sc in scores]
    total_log = [0.0] * len(corpora)
    total_ok = [0] * len(corpora)
    for (c, cands), k in zip(ms, chosen):
        total_log[c] += cands[k][0]
        total_ok[c] += cands[k][1]

    def objective(logs, oks):
        return sum(oks[c] / n[c] - logs[c] / (LOG_MAX * max(1, n[c] - 1))
                   for c in range(len(corpora))) / len(corpora)

    # Mentions whose candidates differ in feature j: only they can move with w[j].
    live = [[i for i, (_, cands) in enumerate(ms)
             if len({f[j] for _, _, f in cands}) > 1] for j in range(len(w))]
    for _ in range(sweeps):
        for j in range(len(w)):
            if names[j] in FIXED or (only and names[j] not in only):
                continue
            rows = []
            for i in live[j]:
                c, cands = ms[i]
                base = [scores[i][k] - w[j] * f[j] for k, (_, _, f) in enumerate(cands)]
                rows.append((i, c, cands, base))

            def trial(v):
                logs, oks, picks = list(total_log), list(total_ok), []
                for i, c, cands, base in rows:
                    k = max(range(len(cands)), key=lambda k: base[k] + v * cands[k][2][j])
                    old = cands[chosen[i]]
                    logs[c] += cands[k][0] - old[0]
                    oks[c] += cands[k][1] - old[1]
                    picks.append(k)
                return objective(logs, oks), logs, oks, picks

            best = trial(w[j]) + (w[j],)
            for step in STEPS:
                v = max(-LIMIT, min(LIMIT, w[j] + step))
                t = trial(v)
                if t[0] > best[0] + 1e-6:
                    best = t + (v,)
            _, total_log, total_ok, picks, v = best
            for (i, _, cands, base), k in zip(rows, picks):
                chosen[i] = k
                scores[i] = [b + v * f[j] for b, (_, _, f) in zip(base, cands)]
            w[j] = v
    return w, objective(total_log, total_ok)


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
    fold_dir = argv[argv.index("--fold-dir") + 1] if "--fold-dir" in argv else None
    only = set(argv[argv.index("--only") + 1].split(",")) if "--only" in argv else None
    only = {n for n in only if n} if only else None
    fold_of = lambda doc: zlib.crc32(doc.encode()) % folds
    cv_errs = {}
    for k in range(folds):
        train = [m for m in mentions if fold_of(m[1]) != k]
        test = [m for m in mentions if fold_of(m[1]) == k]
        w, _ = fit(train, w0, sweeps, names, only)
        for c, e in errors(test, w).items():
            cv_errs.setdefault(c, []).extend(e)
        if fold_dir:
            write_weights(f"{fold_dir}/fold{k}.tsv", lines, dict(zip(names, w)))
        print(f"fold {k + 1}/{folds} done", file=sys.stderr)
    w, _ = fit(mentions, w0, sweeps, names, only)
    before = errors(mentions, w0)
    after = errors(mentions, w)
    print("| corpus | mentions | acc161 start | AUC start | acc161 in-sample | AUC in-sample | acc161 cross-validated | AUC cross-validated |")
    print("|---|---|---|---|---|---|---|---|")
    for c in sorted(after):
        b, a, v = figures(before[c]), figures(after[c]), figures(cv_errs[c])
        print(f"| {c} | {len(after[c])} | {b[0]:.3f} | {b[1]:.3f} | {a[0]:.3f} | {a[1]:.3f} | {v[0]:.3f} | {v[1]:.3f} |")
    write_weights(weights_path, lines, dict(zip(names, w)))


def fold_ids(gold_paths, folds, fold_dir):
    """Writes DIR/fold<k>.ids: the ids of every gold document in fold k (as the fit splits)."""
    import json
    ids = [[] for _ in range(folds)]
    for path in gold_paths:
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    doc = str(json.loads(line)["id"])
                    ids[zlib.crc32(doc.encode()) % folds].append(doc)
    for k, ks in enumerate(ids):
        with open(f"{fold_dir}/fold{k}.ids", "w", encoding="utf-8") as f:
            f.write("\n".join(ks) + "\n")


def write_weights(path, lines, fitted):
    """The lines of a weights file with the fitted feature rows replaced."""
    out = []
    for line in lines:
        if line and not line.startswith("#") and line.split("\t")[0] in fitted:
            k = line.split("\t")[0]
            out.append(f"{k}\t{round(fitted[k], 4):g}")
        else:
            out.append(line)
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")


if __name__ == "__main__":
    if sys.argv[1:2] == ["ids"]:
        # python3 bench/train.py ids FOLDS DIR GOLD.jsonl...
        fold_ids(sys.argv[4:], int(sys.argv[2]), sys.argv[3])
    else:
        main(sys.argv[1:])
