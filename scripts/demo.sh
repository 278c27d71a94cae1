#!/usr/bin/env bash
# The `make run` demo: build a C program for wasm32-wasi and run it with weft.
set -euo pipefail
weft=${1:-build/weft}
here=$(cd "$(dirname "$0")/.." && pwd)
out=$(dirname "$weft")/demo
mkdir -p "$out"
"$weft" --version
"$here/scripts/build-guest.sh" "$here/examples/c/hello.c" "$out/hello.wasm"
"$weft" validate "$out/hello.wasm"
"$weft" run "$out/hello.wasm" weft
"$weft" run --invoke fib "$here/examples/wat/fib.wat" 20
# A component: typed exports called through the canonical ABI, values in WAVE.
"$weft" run --invoke 'add(40, 2)' "$here/examples/wat/add.component.wat"
"$weft" run --invoke 'greet("wörld")' "$here/examples/wat/add.component.wat"
# The C++ calculator of examples/calculator: two components built by `weft build`
# (bindings, clang, componentize). The consumer's cyber:math/operations import is
# served by the provider's export: first composed into one component (`weft compose`),
# then linked at run time with no composition step (`weft run --link`).
calc=$here/examples/calculator
"$weft" build "$calc/provider" --target-dir "$out/calculator"
"$weft" build "$calc/consumer" --target-dir "$out/calculator"
"$weft" compose "$out/calculator/calculator-consumer.wasm" --plug "$out/calculator/calculator-provider.wasm" \
  -o "$out/calculator/calculator.wasm"
"$weft" run --invoke 'run()' "$out/calculator/calculator.wasm"
"$weft" run --link "$out/calculator/calculator-provider.wasm" --invoke 'run()' \
  "$out/calculator/calculator-consumer.wasm"
