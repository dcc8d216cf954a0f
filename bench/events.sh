#!/usr/bin/env bash
# Scores eventmap's events on the event gold sets with one command and prints one table:
#   bench/events.sh [EVAL_DIR]      (EVAL_DIR defaults to ../shared/eval)
# Gold sets: bench/gold/uk_ru.jsonl and its check set bench/gold/uk_ru_check.jsonl (issue 11),
# bench/gold/acled_style.jsonl (issue 12) and,
# read in place from EVAL_DIR, ucdp-ua-dev.jsonl (places only). Every record runs as its own
# document; definitions of every figure are in bench/events_eval.py.
set -euo pipefail
eval_dir=${1:-../shared/eval}
cd "$(dirname "$0")/.."
py=bench/events_eval.py
python3 "$py" selftest >/dev/null
python3 "$py" check bench/gold/*.jsonl
cargo build --release -q
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
run() { # name gold [prepare flags] -- [score flags]
  local name=$1 gold=$2
  shift 2
  python3 "$py" prepare "$gold" "$tmp/$name.jsonl" ${1:+"$1"}
  # exit 1 = some documents failed (named on stderr); the rest is still scored
  ./target/release/eventmap run "$tmp/$name.jsonl" --out "$tmp/$name" --no-map -q || [ $? -eq 1 ]
  python3 "$py" score "$gold" "$tmp/$name/events.geojson" --name "$name" ${2:+"$2"}
}
python3 "$py" header
run uk_ru bench/gold/uk_ru.jsonl
run uk_ru_check bench/gold/uk_ru_check.jsonl
run acled_style bench/gold/acled_style.jsonl --no-published
if [ -f "$eval_dir/ucdp-ua-dev.jsonl" ]; then
  run ucdp "$eval_dir/ucdp-ua-dev.jsonl" --no-published --place-only
else
  echo "($eval_dir/ucdp-ua-dev.jsonl not found: UCDP skipped)" >&2
fi
