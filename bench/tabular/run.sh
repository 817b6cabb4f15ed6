#!/usr/bin/env bash
# Fits and samples the same 50k-row mixed table with SynthForge's copula and SDV's
# GaussianCopulaSynthesizer, scores both with sdmetrics' QualityReport, then samples 1M rows
# with SynthForge and reports wall time and peak RSS. Not part of CI.
#
#   swift build -c release --product synthforge
#   bench/tabular/run.sh            # SDV from ~/.cache/synthforge/sdv-venv (created if missing)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bin="$root/.build/release/synthforge"
work="${WORK:-$(mktemp -d)}"
sdv_venv="${SDV_VENV:-$HOME/.cache/synthforge/sdv-venv}"
ref_python="${SYNTHFORGE_PYTHON:-$HOME/.cache/synthforge/venv/bin/python}"
if [ ! -x "$sdv_venv/bin/python" ]; then
  python3 -m venv "$sdv_venv"
  "$sdv_venv/bin/pip" install -q sdv "torch==2.13.0+cpu"
fi
"$ref_python" "$here/make_table.py" "$work/real.csv" 50000

echo "== SynthForge copula: fit + sample 50k"
/usr/bin/time -f "wall %e s, peak RSS %M KB" "$bin" tabular --data "$work/real.csv" --count 50000 --seed 1 --out "$work/ours.csv" -q
echo "== SDV GaussianCopulaSynthesizer: fit + sample 50k"
/usr/bin/time -f "wall %e s, peak RSS %M KB" "$sdv_venv/bin/python" "$here/sdv_copula.py" "$work/real.csv" "$work/sdv.csv" 50000
echo "== QualityReport (sdmetrics)"
"$ref_python" "$here/quality.py" "$work/real.csv" "$work/ours.csv" "$work/sdv.csv"
echo "== SynthForge: sample 1M rows"
"$bin" fit --data "$work/real.csv" --out "$work/m.sfm" -q
/usr/bin/time -f "wall %e s, peak RSS %M KB" "$bin" sample --model "$work/m.sfm" --count 1000000 --out "$work/1m.csv" --no-progress
