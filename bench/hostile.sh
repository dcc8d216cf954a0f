#!/usr/bin/env bash
# Hostile-input benchmark (issue 16): generates each pathological input and reports wall time,
# peak memory (/usr/bin/time -v) and exit code. Inputs go to a temporary folder (≈1.3 GB free
# space needed for the 1 GB case); pass case names to run only some:
#   bench/hostile.sh [long many nostops gigabyte jsonl render]
# Each case runs under `timeout` (default 600 s, HOSTILE_TIMEOUT to change).
set -uo pipefail
cd "$(dirname "$0")/.."
cargo build --release -q
bin="$PWD/target/release/eventmap"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
limit=${HOSTILE_TIMEOUT:-600}
cases=("$@")
[ ${#cases[@]} -eq 0 ] && cases=(long many nostops gigabyte jsonl render)

measure() { # name, input size, command…
  local name=$1 size=$2
  shift 2
  /usr/bin/time -v -o "$tmp/time" timeout "$limit" "$@" >/dev/null 2>"$tmp/err"
  local rc=$?
  local wall rss
  wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$tmp/time")
  rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$tmp/time")
  [ "$rc" = 124 ] && wall="timeout ${limit}s"
  printf '%-10s %-12s %-14s %8s MB  exit %s  %s\n' "$name" "$size" "$wall" "$((rss / 1024))" "$rc" \
    "$(grep -v '^eventmap: wrote' "$tmp/err" | tail -1 | cut -c1-80)"
}

printf '%-10s %-12s %-14s %11s  %s\n' case input wall peak-RSS result
for c in "${cases[@]}"; do
  case $c in
  long) # one place named 100,000 times in one 2.2 MB document
    python3 -c "print('Shelling hit Kharkiv. ' * 100000)" >"$tmp/k.txt"
    measure long "2.2 MB" "$bin" run "$tmp/k.txt" --format csv --no-map -q ;;
  many) # 10 MB single document, many different places
    python3 -c "
import itertools
towns = ['Kharkiv', 'Kyiv', 'Odesa', 'Lviv', 'Kherson', 'Dnipro', 'Sumy', 'Izium']
s = ' '.join(f'Shelling hit {t} on Tuesday, two people were killed.' for t in itertools.islice(itertools.cycle(towns), 200000))
print(s)" >"$tmp/m.txt"
    measure many "10 MB" "$bin" run "$tmp/m.txt" --format csv --no-map -q ;;
  nostops) # 205 KB without a full stop
    python3 -c "print('shelling hit Kharkiv and Kyiv and Odesa, ' * 5000)" >"$tmp/n.txt"
    measure nostops "205 KB" "$bin" run "$tmp/n.txt" --out "$tmp/o" --no-map -q ;;
  gigabyte) # 1 GB of news-like text in one file, limit raised
    python3 - "$tmp/g.txt" <<'PY'
import sys
para = open("seeds/000_c439da09afb881e8.txt", encoding="utf-8").read() + "\n\n"
with open(sys.argv[1], "w", encoding="utf-8") as f:
    n = 0
    while n < 1 << 30:
        f.write(para)
        n += len(para.encode())
PY
    measure gigabyte "1 GB" "$bin" run "$tmp/g.txt" --format csv --no-map -q --max-bytes 2000000000
    rm -f "$tmp/g.txt" ;;
  jsonl) # 1,000,000 JSONL lines
    python3 - "$tmp/f.jsonl" <<'PY'
import json, sys
towns = ["Kharkiv", "Kyiv", "Odesa", "Lviv", "Kherson", "Dnipro", "Sumy", "Izium"]
with open(sys.argv[1], "w") as f:
    for i in range(1_000_000):
        t = towns[i % len(towns)]
        f.write(json.dumps({"id": f"d{i}", "text": f"Shelling hit {t} on Tuesday, two people were killed.", "published": "2024-01-06"}) + "\n")
PY
    measure jsonl "1M lines" "$bin" run "$tmp/f.jsonl" --out "$tmp/j" --no-map -q ;;
  render) # 100,000 points in one region
    python3 - "$tmp/r.geojson" <<'PY'
import json, sys
feats = [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [round(30 + (i % 400) * 0.01, 4), round(46 + (i // 400) * 0.01, 4)]},
          "properties": {"name": f"P{i}", "kind": "village", "role": "mention"}} for i in range(100_000)]
json.dump({"type": "FeatureCollection", "features": feats}, open(sys.argv[1], "w"))
PY
    measure render "100k points" "$bin" render "$tmp/r.geojson" --out "$tmp/r.png" ;;
  *) echo "unknown case $c" >&2 ;;
  esac
done
