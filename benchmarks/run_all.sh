#!/usr/bin/env bash
# Run every benchmarks/bench_*.py in turn, with the project's venv when there is one.
#
#   benchmarks/run_all.sh
#   BENCH_CORE_ARGS="--gunicorn --requests 500" benchmarks/run_all.sh
#
# Each script runs with its defaults, plus the words of BENCH_<NAME>_ARGS (bench_core.py reads
# BENCH_CORE_ARGS), since the scripts take different options. PYTHON overrides the interpreter.
# Exits non-zero if any benchmark failed; the others still run.
set -u
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
python="${PYTHON:-}"
if [ -z "$python" ]; then
  if [ -x "$root/.venv/bin/python" ]; then python="$root/.venv/bin/python"; else python="python3"; fi
fi
cd "$root" || exit 1
shopt -s nullglob
scripts=("$here"/bench_*.py)
if [ ${#scripts[@]} -eq 0 ]; then
  echo "no benchmarks/bench_*.py found" >&2
  exit 1
fi
failed=()
for script in "${scripts[@]}"; do
  name="$(basename "$script" .py)"
  var="$(echo "$name" | tr '[:lower:]' '[:upper:]')_ARGS"
  read -r -a extra <<< "${!var:-}"
  echo "===== $name ${extra[*]} ====="
  if ! "$python" "$script" "${extra[@]}"; then
    failed+=("$name")
  fi
  echo
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "FAILED: ${failed[*]}" >&2
  exit 1
fi
echo "all ${#scripts[@]} benchmark(s) ran"
