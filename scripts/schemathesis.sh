#!/usr/bin/env bash
# Runs schemathesis (PyPI) against a live `synthforge serve`: a fresh SQLite store, a free
# loopback port, every operation of /openapi.json with generated requests, checking that no
# answer is a 5xx, that every status is a documented one and that every body fits its schema.
# Usage: scripts/schemathesis.sh [extra schemathesis options]; called by scripts/test.sh after swift test.
set -euo pipefail
cd "$(dirname "$0")/.."

python="${SYNTHFORGE_PYTHON:-$HOME/.cache/synthforge/venv/bin/python}"
schemathesis="$(dirname "$python")/schemathesis"
[ -x "$schemathesis" ] || { echo "no schemathesis at $schemathesis: run scripts/test.sh once to make the reference env" >&2; exit 1; }

swift build --product synthforge 2>&1 | grep -vE '^\[[0-9]+/[0-9]+\] (Compiling|Write|Emitting)' || true
binary="$(swift build --show-bin-path)/synthforge"

work=$(mktemp -d)
port=$("$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
password="schemathesis-$RANDOM-$RANDOM"
SYNTHFORGE_ADMIN_PASSWORD="$password" "$binary" serve --host 127.0.0.1 --port "$port" --db "$work/store.db" \
    --runs "$work/runs" --rate-limit 1000000 >"$work/serve.log" 2>&1 &
server=$!
stop() {
    kill "$server" 2>/dev/null && wait "$server" 2>/dev/null || true
    rm -rf "$work"
}
trap stop EXIT

for _ in $(seq 1 120); do
    grep -q "SynthForge serving on" "$work/serve.log" && break
    kill -0 "$server" 2>/dev/null || { cat "$work/serve.log" >&2; echo "synthforge serve stopped before listening" >&2; exit 1; }
    sleep 0.5
done
grep -q "SynthForge serving on" "$work/serve.log" || { cat "$work/serve.log" >&2; echo "synthforge serve did not start in 60 s" >&2; exit 1; }

# The one-time owner key printed on first start signs in as the owner; the run itself uses a
# password session, which no generated request can revoke (it may well revoke API keys).
key=$(grep -Eo 'sf_[A-Za-z0-9]{40}' "$work/serve.log" | head -1)
[ -n "$key" ] || { echo "synthforge serve printed no owner key on first start" >&2; exit 1; }
base="http://127.0.0.1:$port"
session=$("$python" - "$base" "$key" "$password" <<'PY'
import json, sys, urllib.request
base, key, password = sys.argv[1:]
me = json.load(urllib.request.urlopen(urllib.request.Request(base + "/api/v1/me", headers={"Authorization": "Bearer " + key})))
assert me["role"] == "owner", me
login = urllib.request.Request(base + "/api/v1/auth/login", method="POST", headers={"Content-Type": "application/json"},
                               data=json.dumps({"email": "admin@localhost", "password": password}).encode())
print(json.load(urllib.request.urlopen(login))["token"])
PY
)

echo "schemathesis $("$schemathesis" --version | awk '{print $NF}') against synthforge serve on $base"
status=0
run() {  # In the temporary folder, where schemathesis keeps its example database.
    (cd "$work" && "$schemathesis" run "$base/openapi.json" -H "Authorization: Bearer $session" \
        --checks not_a_server_error,status_code_conformance,response_schema_conformance \
        --phases examples,coverage,fuzzing --max-examples "${SCHEMATHESIS_EXAMPLES:-25}" --seed 7 --workers 1 \
        --suppress-health-check all --request-timeout 30 "$@") || status=$?
}
# Generated requests may add an owner and then demote or remove the run's own user, after which
# every call is a 403 that passes unseen: the routes that change members run last, on their own,
# and the run's user must still be the owner before them.
members='^/api/v1/users/[{]user[}]$'
run --exclude-path-regex "$members" "$@"
"$python" - "$base" "$session" <<'PY' || status=1
import json, sys, urllib.request
base, token = sys.argv[1:]
me = json.load(urllib.request.urlopen(urllib.request.Request(base + "/api/v1/me", headers={"Authorization": "Bearer " + token})))
assert me["role"] == "owner", f"the run's user lost its role on the way: {me}"
print("the run's session still signs in as", me["email"], "with the role", me["role"])
PY
run --include-path-regex "$members" "$@"
[ "$status" = 0 ] || { echo "the server's log:" >&2; tail -40 "$work/serve.log" >&2; }
exit "$status"
