#!/usr/bin/env bash
# Record paging under load: starts `synthforge serve` (release build) on a fresh store, commits a
# dataset of $RECORDS records through the API, then runs wrk with 50 connections against
# GET /api/v1/datasets/bench/records, walking the pages with their cursors, and prints p50/p99.
#
#   bench/server/paging.sh              # 10,000 records, 50 connections, 10 s
#   RECORDS=100000 DURATION=30s bench/server/paging.sh
#   SYNTHFORGE_BIN=.build/release/synthforge bench/server/paging.sh   # no build
#
# Needs wrk (apt-get install wrk) and curl. The target is p99 <= 50 ms (docs/server/datasets.md).
set -euo pipefail
cd "$(dirname "$0")/../.."

RECORDS=${RECORDS:-10000}
CONNECTIONS=${CONNECTIONS:-50}
THREADS=${THREADS:-2}
DURATION=${DURATION:-10s}
LIMIT=${LIMIT:-50}
PORT=${PORT:-18473}

for tool in wrk curl; do
    command -v "$tool" >/dev/null || { echo "bench/server/paging.sh: needs $tool (apt-get install $tool)" >&2; exit 1; }
done

# SYNTHFORGE_BIN skips the build and uses that binary instead.
bin=${SYNTHFORGE_BIN:-}
if [ -z "$bin" ]; then
    swift build -c release --product synthforge >&2
    bin="$(swift build -c release --show-bin-path)/synthforge"
fi
work=$(mktemp -d)
server=""
cleanup() {
    if [ -n "$server" ]; then kill "$server" 2>/dev/null && wait "$server" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

# Labelled records with quality scores, so the filters have something to filter.
"$bin" generate --domain travel --task hotel-reviews --count "$RECORDS" --seed 7 --quality-threshold 0 \
    --out "$work/records.jsonl" --quiet
awk 'BEGIN { printf "{\"message\": \"bench\", \"records\": [" } NR > 1 { printf "," } { printf "%s", $0 } END { print "]}" }' \
    "$work/records.jsonl" >"$work/commit.json"

"$bin" serve --port "$PORT" --db "$work/store.db" --runs "$work/runs" --rate-limit 100000000 >"$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do
    grep -q "serving on" "$work/serve.log" 2>/dev/null && break
    sleep 0.1
done
key=$(grep -o 'sf_[A-Za-z0-9_-]*' "$work/serve.log" | head -1)
[ -n "$key" ] || { echo "bench/server/paging.sh: the server printed no key:" >&2; cat "$work/serve.log" >&2; exit 1; }
base="http://127.0.0.1:$PORT/api/v1/datasets"
auth="Authorization: Bearer $key"

curl -sf -H "$auth" -H 'Content-Type: application/json' -d '{"name": "bench"}' "$base" >/dev/null
curl -sf -H "$auth" -H 'Content-Type: application/json' --data-binary "@$work/commit.json" "$base/bench/versions" >/dev/null
# One walk through every page, as a client would; it also builds the version's index.
cursor=""
pages=0
while :; do
    page=$(curl -sf -H "$auth" "$base/bench/records?limit=$LIMIT${cursor:+&cursor=$cursor}")
    pages=$((pages + 1))
    cursor=$(printf '%s' "$page" | grep -o '"next_cursor":"[^"]*"' | sed 's/.*:"\(.*\)"/\1/' || true)
    [ -n "$cursor" ] || break
    echo "$cursor" >>"$work/cursors"
done
echo "Walked $pages pages of $LIMIT records." >&2

# wrk requests pages in turn: the first page, then each cursor the walk above met.
cat >"$work/paging.lua" <<EOF
local cursors = {}
for line in io.lines("$work/cursors") do cursors[#cursors + 1] = line end
local n = 0
request = function()
    n = n + 1
    local i = n % (#cursors + 1)
    local path = "/api/v1/datasets/bench/records?limit=$LIMIT"
    if i > 0 then path = path .. "&cursor=" .. cursors[i] end
    return wrk.format("GET", path, { ["Authorization"] = "Bearer $key" })
end
EOF

wrk -c "$CONNECTIONS" -t "$THREADS" -d "$DURATION" --latency -s "$work/paging.lua" "http://127.0.0.1:$PORT" | tee "$work/wrk.txt"
p50=$(awk '$1 == "50%" { print $2 }' "$work/wrk.txt")
p99=$(awk '$1 == "99%" { print $2 }' "$work/wrk.txt")
rate=$(awk '$1 == "Requests/sec:" { print $2 }' "$work/wrk.txt")
errors=$(awk '/Non-2xx/ { print $NF }' "$work/wrk.txt")
echo "paging $RECORDS records, $LIMIT a page, $CONNECTIONS connections: p50 $p50, p99 $p99, $rate requests/s${errors:+, $errors non-2xx}"
