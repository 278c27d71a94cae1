#!/usr/bin/env bash
# `make fuzz`: builds the libFuzzer targets with clang-19 and runs each for a bounded time.
# FUZZ_SECONDS (default 60) per target; corpora live in build-fuzz/corpus/<target>.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
seconds=${FUZZ_SECONDS:-60}
build=$here/build-fuzz
cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DWEFT_FUZZ=ON -DWEFT_TESTS=OFF \
  -DCMAKE_C_COMPILER=clang-19 -DCMAKE_CXX_COMPILER=clang++-19 >/dev/null
ninja -C "$build" -j2 $(cd "$build" && ninja -t targets all | grep -oE '^(fuzz_[a-z_]*|weft_fuzz_seed_gen):' | tr -d ':' | sort -u)
status=0
for target in "$build"/fuzz/fuzz_*; do
  [ -x "$target" ] || continue
  name=$(basename "$target")
  corpus=$build/corpus/$name
  mkdir -p "$corpus"
  seeds=()
  [ -d "$here/fuzz/seeds/$name" ] && seeds+=("$here/fuzz/seeds/$name")
  # The spec scripts are good seeds for the text parser (read in place, never copied).
  [ "$name" = fuzz_wat ] && [ -d "$here/../shared/testsuite/core" ] && seeds+=("$here/../shared/testsuite/core")
  [ "$name" = fuzz_wat ] && [ -d "$here/../shared/testsuite/core-3.0" ] && seeds+=("$here/../shared/testsuite/core-3.0")
  # The wit-parser suite (cases and WASI packages) seeds the WIT parser, also read in place.
  [ "$name" = fuzz_wit ] && [ -d "$here/../shared/testsuite/wit-parser" ] && seeds+=("$here/../shared/testsuite/wit-parser")
  [ "$name" = fuzz_wit ] && [ -d "$here/../shared/wit" ] && seeds+=("$here/../shared/wit")
  [ "$name" = fuzz_bindgen ] && [ -d "$here/../shared/testsuite/wit-parser" ] && seeds+=("$here/../shared/testsuite/wit-parser")
  # The component suites seed the component text parser (in place) and, once encoded by
  # weft_fuzz_seed_gen, the component runtime.
  comp_suites=("$here/../shared/testsuite/component-model" "$here/../shared/testsuite/wasmtime-component")
  if [ "$name" = fuzz_component_wat ]; then
    for d in "${comp_suites[@]}"; do [ -d "$d" ] && seeds+=("$d"); done
  fi
  if [ "$name" = fuzz_component_run ] && [ -x "$build/fuzz/weft_fuzz_seed_gen" ] && [ ! -d "$build/seeds-component" ]; then
    find "${comp_suites[@]}" -name '*.wast' -print0 2>/dev/null |
      xargs -0 "$build/fuzz/weft_fuzz_seed_gen" "$build/seeds-component" >/dev/null || true
  fi
  [ "$name" = fuzz_component_run ] && [ -d "$build/seeds-component" ] && seeds+=("$build/seeds-component")
  # The same component binaries seed the WIT decoder (fuzz_component_run is built and seeded first).
  [ "$name" = fuzz_wit_decode ] && [ -d "$build/seeds-component" ] && seeds+=("$build/seeds-component")
  echo "== $name: ${seconds}s"
  if ! "$target" -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=4096 \
      -artifact_prefix="$build/$name-" "$corpus" "${seeds[@]}" 2>"$build/$name.log"; then
    echo "$name: CRASH (see $build/$name.log and $build/$name-*)"
    status=1
  fi
  grep -E "^#[0-9]+.*(DONE|pulse)" "$build/$name.log" | tail -1 || true
done
exit $status
