#!/usr/bin/env bash
# Runs the core-engine benchmarks (bench/run.py): native vs Node vs `weft run`.
# usage: scripts/bench.sh [WEFT] [run.py options...]   e.g. scripts/bench.sh build/weft --quick
# Extra options can also come from WEFT_BENCH_ARGS (e.g. make bench WEFT_BENCH_ARGS=--quick).
set -euo pipefail
weft=${1:-build/weft}
shift $(($# > 0 ? 1 : 0))
read -r -a extra <<<"${WEFT_BENCH_ARGS:-}"
exec python3 "$(dirname "$0")/../bench/run.py" --weft "$weft" --out "$(dirname "$weft")/bench" "${extra[@]}" "$@"
