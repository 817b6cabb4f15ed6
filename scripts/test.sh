#!/usr/bin/env bash
# The project's test command (README, CI): installs what the tests need on a fresh machine,
# checks formatting, then builds with warnings as errors and runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."

have() { command -v "$1" >/dev/null 2>&1; }
apt_install() {
    local sudo=""
    [ "$(id -u)" = 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@"
}

echo "== tools"
# python3 runs the reference checks (json, csv, distinct-n); script (bsdutils) gives tests a terminal.
have python3 || apt_install python3
have script || apt_install bsdutils
# Headless Chromium opens the HTML reports in tests, as a person's browser would.
{ have chromium && have chromedriver; } || apt_install chromium chromium-driver
swift --version 2>&1 | head -1
python3 --version

echo "== python reference env"
# Reference implementations (sacrebleu, rouge-score, datasketch, scipy) live in a virtual env
# outside the clone, reused between runs and rebuilt when the requirements change.
venv="${SYNTHFORGE_PYENV:-$HOME/.cache/synthforge/venv}"
stamp="$venv/.requirements"
if ! cmp -s scripts/python-requirements.txt "$stamp" 2>/dev/null; then
    python3 -m venv "$venv" 2>/dev/null || { apt_install python3-venv; python3 -m venv "$venv"; }
    "$venv/bin/pip" install -q --disable-pip-version-check -r scripts/python-requirements.txt
    cp scripts/python-requirements.txt "$stamp"
fi
export SYNTHFORGE_PYTHON="$venv/bin/python"
"$SYNTHFORGE_PYTHON" -c "import sacrebleu, rouge_score, datasketch, scipy, selenium, PIL, pypdf; print('sacrebleu', sacrebleu.__version__, '· datasketch', datasketch.__version__, '· selenium', selenium.__version__)"
"$SYNTHFORGE_PYTHON" -c "import pyarrow, pandas, datasets, yaml, openpyxl; print('pyarrow', pyarrow.__version__, '· pandas', pandas.__version__, '· datasets', datasets.__version__, '· openpyxl', openpyxl.__version__)"

echo "== local LLM server env"
# llama-cpp-python's OpenAI-compatible server with Gemma 3 270M: the real model the LLM tests run
# against. Built once (about 10 minutes) into an environment outside the clone and reused after.
have g++ || apt_install g++  # pip brings cmake and ninja as build requirements
export SYNTHFORGE_LLM_PYTHON=$(scripts/llm-env.sh)
export SYNTHFORGE_REQUIRE_LLM=1
"$SYNTHFORGE_LLM_PYTHON" -c "import llama_cpp; print('llama-cpp-python', llama_cpp.__version__)"

echo "== format (swift format lint --strict)"
swift format lint --strict -r Sources Tests Plugins Package.swift

# --- PostgreSQL for the store tests ------------------------------------------------------
# The store's tests run on SQLite and on PostgreSQL. Unless SYNTHFORGE_TEST_POSTGRES already names a
# server, a throwaway cluster runs on loopback (trust auth, no fsync) and is removed on exit, pass or fail.
echo "== PostgreSQL"
pkg-config --exists libpq sqlite3 2>/dev/null || apt_install pkg-config libpq-dev libsqlite3-dev
ls -d /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || apt_install postgresql
export SYNTHFORGE_REQUIRE_POSTGRES=1
if [ -z "${SYNTHFORGE_TEST_POSTGRES:-}" ]; then
    pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
    pg_dir=$(mktemp -d)
    as_pg=()  # The server refuses to run as root: then it runs as the postgres user.
    if [ "$(id -u)" = 0 ]; then
        chown postgres:postgres "$pg_dir"
        as_pg=(runuser -u postgres --)
    fi
    stop_postgres() {
        "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate -w stop >/dev/null 2>&1 || true
        rm -rf "$pg_dir"
    }
    trap stop_postgres EXIT
    trap 'exit 130' INT TERM
    "${as_pg[@]}" "$pg_bin/initdb" -D "$pg_dir/data" -U postgres --auth=trust -E UTF8 --no-locale >"$pg_dir/initdb.log" 2>&1 \
        || { cat "$pg_dir/initdb.log" >&2; exit 1; }
    pg_port=""
    for port in $(seq 55432 55531); do
        (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null && continue  # taken
        # Another run may take the port between the check and the start: then try the next one.
        if "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/log" -w -o \
            "-c listen_addresses=127.0.0.1 -p $port -k $pg_dir -c fsync=off -c full_page_writes=off" start >/dev/null 2>&1; then
            pg_port=$port
            break
        fi
    done
    [ -n "$pg_port" ] || { cat "$pg_dir/log" >&2; echo "cannot start PostgreSQL on any port from 55432 to 55531" >&2; exit 1; }
    export SYNTHFORGE_TEST_POSTGRES="postgres://postgres@127.0.0.1:$pg_port/postgres"
    echo "$("$pg_bin/postgres" --version) runs at $SYNTHFORGE_TEST_POSTGRES (a throwaway cluster in $pg_dir)"
else
    echo "the store tests use the PostgreSQL server in SYNTHFORGE_TEST_POSTGRES"  # Not echoed: it may hold a password.
fi
# --- end PostgreSQL ---------------------------------------------------------------------

echo "== build and test (warnings are errors)"
log=$(mktemp)
set +e +o pipefail
swift test -Xswiftc -warnings-as-errors 2>&1 | tee "$log" | grep --line-buffered -vE '^\[[0-9]+/[0-9]+\] (Compiling|Write|Emitting)'
status=${PIPESTATUS[0]}
set -e -o pipefail
# Swift Testing's closing line is the verdict; XCTest's block above it always says "Executed 0 tests".
grep -qE 'Test run with [0-9]+ tests? in [0-9]+ suites? passed' "$log" || status=1
rm -f "$log"

echo "== schemathesis against a live server"
scripts/schemathesis.sh || status=1
exit "$status"
