#!/usr/bin/env bash
# Times SynthForge's near-duplicate search and BLEU/ROUGE against datasketch, sacrebleu and
# rouge-score on the same deterministic corpora, and checks recall and score agreement.
#   bench/quality/run.sh                  # 100,000 documents and 10,000 text pairs
#   bench/quality/run.sh --docs 10000     # a quick run; see compare.py --help for the rest
set -euo pipefail
cd "$(dirname "$0")/../.."
python="${SYNTHFORGE_PYTHON:-${SYNTHFORGE_PYENV:-$HOME/.cache/synthforge/venv}/bin/python}"
if ! "$python" -c "import datasketch, sacrebleu, rouge_score" 2>/dev/null; then
    echo "run.sh: the reference Python ($python) lacks datasketch, sacrebleu or rouge-score; run ./scripts/test.sh once to create it" >&2
    exit 1
fi
swift build -c release --product synthforge
echo "machine: $(nproc) cores; $(uptime)"
exec "$python" bench/quality/compare.py --synthforge .build/release/synthforge "$@"
