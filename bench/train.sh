#!/usr/bin/env bash
# Fits the resolver's weights (data/weights/resolver.tsv) on the development corpora with k-fold
# cross-validation and prints, per corpus, in-sample and cross-validated figures: first over the
# fitted model alone (each mention's candidates scored on their own), then end to end (the
# recogniser and the whole resolver, as `eventmap eval` runs them; each document predicted with
# the weights fitted without its fold), scored by the corpora's own score.py.
#   bench/train.sh ../shared/eval [FOLDS] [SWEEPS]
#   TRAIN_ONLY=country,country_share bench/train.sh ../shared/eval   (fit only these weights)
# The corpora are read where they are; only the fitted weights are written into the repo.
set -euo pipefail
eval_dir=${1:?usage: bench/train.sh EVAL_DIR [FOLDS] [SWEEPS]}
folds=${2:-5}
sweeps=${3:-1}
cd "$(dirname "$0")/.."
cargo build --release -q --example resolver_features --example resolver_eval
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
corpora=(lgl trnews gwn wiktor)
gold=()
for c in "${corpora[@]}"; do gold+=("$eval_dir/$c.jsonl"); done
./target/release/examples/resolver_features "${gold[@]}" > "$tmp/features.tsv"
python3 bench/train.py "$tmp/features.tsv" data/weights/resolver.tsv \
  --folds "$folds" --sweeps "$sweeps" --fold-dir "$tmp" ${TRAIN_ONLY:+--only "$TRAIN_ONLY"}
python3 bench/train.py ids "$folds" "$tmp" "${gold[@]}"
echo
echo "End to end (score.py), in-sample weights (data/weights/resolver.tsv) and cross-validated:"
echo
echo '| corpus | acc161 in-sample | AUC in-sample | F1 in-sample | acc161 cross-validated | AUC cross-validated | F1 cross-validated |'
echo '|---|---|---|---|---|---|---|'
for c in "${corpora[@]}"; do
  ./target/release/examples/resolver_eval --weights data/weights/resolver.tsv "$eval_dir/$c.jsonl" > "$tmp/$c.in.jsonl"
  : > "$tmp/$c.cv.jsonl"
  for ((k = 0; k < folds; k++)); do
    ./target/release/examples/resolver_eval --weights "$tmp/fold$k.tsv" --ids "$tmp/fold$k.ids" \
      "$eval_dir/$c.jsonl" >> "$tmp/$c.cv.jsonl"
  done
  get() { python3 "$eval_dir/score.py" "$eval_dir/$c.jsonl" "$1" | tail -n 1 | tr ' ' '\n' | sed -n "s/^$2=//p"; }
  printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$c" \
    "$(get "$tmp/$c.in.jsonl" acc161)" "$(get "$tmp/$c.in.jsonl" auc)" "$(get "$tmp/$c.in.jsonl" f1)" \
    "$(get "$tmp/$c.cv.jsonl" acc161)" "$(get "$tmp/$c.cv.jsonl" auc)" "$(get "$tmp/$c.cv.jsonl" f1)"
done
echo
echo "Weights written to data/weights/resolver.tsv (git diff shows the change); WikToR's F1 means nothing (only its article's own place is annotated)."
