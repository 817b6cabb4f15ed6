#!/usr/bin/env bash
# Times a generation job on a live server: from `POST /api/v1/generate` of a 1,000-record built-in
# job to the final `status` event of its stream (the job `succeeded`, its version committed).
#
#   swift build -c release --product synthforge
#   bench/server/job.sh [runs] [count]
#
# Starts `synthforge serve` on a fresh SQLite store in a temporary folder and a free port,
# runs the job `runs` times (default 10) into one dataset, prints each time and the median,
# then stops the server.
set -euo pipefail
runs=${1:-10}
count=${2:-1000}
root=$(cd "$(dirname "$0")/../.." && pwd)
bin=${SYNTHFORGE_BIN:-$root/.build/release/synthforge}
[ -x "$bin" ] || { echo "build first: swift build -c release --product synthforge" >&2; exit 1; }
work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$bin" serve --port "$port" --db "$work/store.db" --runs "$work/runs" >"$work/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 100); do grep -q "serving on" "$work/serve.log" 2>/dev/null && break; sleep 0.1; done
key=$(grep -o 'sf_[A-Za-z0-9_-]*' "$work/serve.log" | head -1)
[ -n "$key" ] || { echo "the server printed no key:" >&2; cat "$work/serve.log" >&2; exit 1; }
url="http://127.0.0.1:$port/api/v1"
times=()
for i in $(seq "$runs"); do
  start=$(date +%s%N)
  id=$(curl -sf -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
    -d "{\"dataset\":\"bench\",\"spec\":{\"domain\":\"medical\",\"task\":\"clinical-notes\",\"count\":$count,\"seed\":$i}}" \
    "$url/generate" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  final=$(curl -sfN -H "Authorization: Bearer $key" "$url/jobs/$id/events" | grep '^data: ' | tail -1)
  end=$(date +%s%N)
  status=$(python3 -c 'import json,sys; j=json.loads(sys.argv[1][6:]); print(j["status"], j["written"], j["elapsed_ms"])' "$final")
  ms=$(( (end - start) / 1000000 ))
  times+=("$ms")
  echo "run $i: ${ms} ms POST → final status ($status: status, records, job elapsed_ms)"
done
printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "median %d ms, min %d ms, max %d ms over %d runs of %s records\n", (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2), a[1], a[NR], NR, '"$count"'}'
