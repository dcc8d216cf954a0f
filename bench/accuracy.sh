#!/usr/bin/env bash
# Scores eventmap on the public gold corpora with their own scorer and prints one table.
#   bench/accuracy.sh ../shared/eval
# The corpora stay outside the repository; predictions go to a temporary folder.
# WikToR annotates only each article's own place, so its precision and F1 mean nothing: its
# row shows resolution (acc161, AUC) and recall only.
set -euo pipefail
eval_dir=${1:?usage: bench/accuracy.sh EVAL_DIR (the folder with lgl.jsonl, trnews.jsonl, gwn.jsonl, wiktor.jsonl and score.py)}
cd "$(dirname "$0")/.."
cargo build --release -q
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf '| corpus | acc161 | acc161_e2e | AUC | P | R | F1 | F1 exact |\n|---|---|---|---|---|---|---|---|\n'
for c in lgl trnews gwn wiktor; do
  ./target/release/eventmap eval "$eval_dir/$c.jsonl" --out "$tmp/$c.pred.jsonl" 2>/dev/null
  line=$(python3 "$eval_dir/score.py" "$eval_dir/$c.jsonl" "$tmp/$c.pred.jsonl" | tail -n 1)
  get() { echo "$line" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
  if [ "$c" = wiktor ]; then
    printf '| %s | %s | %s | %s | – | %s | – | – |\n' "$c" "$(get acc161)" "$(get acc161_e2e)" "$(get auc)" "$(get r)"
  else
    printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "$c" "$(get acc161)" "$(get acc161_e2e)" "$(get auc)" "$(get p)" "$(get r)" "$(get f1)" "$(get f1_exact)"
  fi
done
echo
echo "Resolution accuracy by confidence (LGL, TR-News, GeoWebNews):"
echo
python3 "$(dirname "$0")/calibration.py" \
  "$eval_dir/lgl.jsonl" "$tmp/lgl.pred.jsonl" \
  "$eval_dir/trnews.jsonl" "$tmp/trnews.pred.jsonl" \
  "$eval_dir/gwn.jsonl" "$tmp/gwn.pred.jsonl"
