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

echo "== format (swift format lint --strict)"
swift format lint --strict -r Sources Tests Plugins Package.swift

echo "== build and test (warnings are errors)"
log=$(mktemp)
set +e +o pipefail
swift test -Xswiftc -warnings-as-errors 2>&1 | tee "$log" | grep --line-buffered -vE '^\[[0-9]+/[0-9]+\] (Compiling|Write|Emitting)'
status=${PIPESTATUS[0]}
set -e -o pipefail
# Swift Testing's closing line is the verdict; XCTest's block above it always says "Executed 0 tests".
grep -qE 'Test run with [0-9]+ tests? in [0-9]+ suites? passed' "$log" || status=1
rm -f "$log"
exit "$status"
