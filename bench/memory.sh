#!/usr/bin/env bash
# Peak memory and time of run, extract and merge as the input grows (issues 14 and 15).
#
#   bench/memory.sh [SIZES_MB...]      (default: 1 5 10 50 100)
#
# Makes each corpus with bench/make_corpus.py (seed paragraphs, very dense in events), then
# times `run --out DIR --no-map -q`, `extract -q` and `merge RECORDS --out DIR --no-map -q`
# under /usr/bin/time -v, one after the other. Prints peak RSS (MB), wall and CPU seconds, and
# checks that merge's files equal run's. Environment: EVENTMAP a built binary (default:
# cargo build --release), MEMORY_WORK a folder to keep the corpora in (default: a temp dir),
# REPEAT runs of each command (default 3; the medians are printed: peak RSS varies by several
# MB from run to run with thread timing).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1 5 10 50 100)
work=${MEMORY_WORK:-}
if [ -z "$work" ]; then
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
fi
mkdir -p "$work"
eventmap=${EVENTMAP:-}
if [ -z "$eventmap" ]; then
    (cd "$root" && cargo build --release -q)
    eventmap="$root/target/release/eventmap"
fi

repeat=${REPEAT:-3}

# measure NAME CMD... : one table row (medians of REPEAT runs) from /usr/bin/time -v.
measure() {
    local name=$1
    shift
    : >"$work/rows.txt"
    for _ in $(seq "$repeat"); do
        /usr/bin/time -v -o "$work/time.txt" "$@" >"$work/stdout.txt" 2>"$work/stderr.txt" || {
            cat "$work/stderr.txt" >&2
            return 1
        }
        awk -F': ' '
            /Maximum resident set size/ { rss = $2 / 1024 }
            /Elapsed \(wall clock\)/ { n = split($2, t, ":"); wall = 0; for (i = 1; i <= n; i++) wall = wall * 60 + t[i] }
            /User time/ { cpu += $2 }
            /System time/ { cpu += $2 }
            END { print rss, wall, cpu }' "$work/time.txt" >>"$work/rows.txt"
    done
    median() { cut -d' ' -f"$1" "$work/rows.txt" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
    printf "| %s | %.1f | %.1f | %.1f |\n" "$name" "$(median 1)" "$(median 2)" "$(median 3)"
}

echo "| corpus, command | peak RSS (MB) | wall (s) | CPU (s) |"
echo "|---|---|---|---|"
for mb in "${sizes[@]}"; do
    corpus="$work/c$mb.jsonl"
    [ -s "$corpus" ] || python3 "$here/make_corpus.py" "$corpus" "$mb" >/dev/null 2>&1
    rm -rf "$work/run" "$work/merge"
    measure "$mb MB run" "$eventmap" run "$corpus" --out "$work/run" --no-map -q
    measure "$mb MB extract" "$eventmap" extract "$corpus" -q
    mv "$work/stdout.txt" "$work/records.jsonl"
    measure "$mb MB merge" "$eventmap" merge "$work/records.jsonl" --out "$work/merge" --no-map -q
    for f in places.geojson events.geojson mentions.csv events.csv evidence.csv; do
        cmp -s "$work/run/$f" "$work/merge/$f" || { echo "$mb MB: merge's $f differs from run's" >&2; exit 1; }
    done
    rm -f "$work/records.jsonl"
done
