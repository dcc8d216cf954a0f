#!/usr/bin/env bash
# Fits the resolver's weights (data/weights/resolver.tsv) on the development corpora with k-fold
# cross-validation and prints in-sample and cross-validated acc161 and AUC per corpus.
#   bench/train.sh ../shared/eval [FOLDS] [SWEEPS]
# The corpora are read where they are; only the fitted weights are written into the repo.
set -euo pipefail
eval_dir=${1:?usage: bench/train.sh EVAL_DIR [FOLDS] [SWEEPS]}
folds=${2:-5}
sweeps=${3:-1}
cd "$(dirname "$0")/.."
cargo build --release -q --example resolver_features
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
./target/release/examples/resolver_features \
  "$eval_dir/lgl.jsonl" "$eval_dir/trnews.jsonl" "$eval_dir/gwn.jsonl" "$eval_dir/wiktor.jsonl" \
  > "$tmp/features.tsv"
python3 bench/train.py "$tmp/features.tsv" data/weights/resolver.tsv --folds "$folds" --sweeps "$sweeps"
echo
echo "Weights written to data/weights/resolver.tsv; rebuild and run bench/accuracy.sh $eval_dir for end-to-end figures."
