#!/usr/bin/env bash
# Builds a C or C++ file into a wasm32-wasi module with Debian's clang-19, wasi-libc
# and (for .cpp) libc++ for wasm32, C++23 without exceptions.
# usage: build-guest.sh IN.c|IN.cpp OUT.wasm [extra clang flags and sources]
set -euo pipefail
in=$1 out=$2
shift 2
sysroot=${WEFT_WASI_SYSROOT:-${TMPDIR:-/tmp}/weft-wasi-sysroot}
if [ ! -e "$sysroot/lib/wasm32-wasi" ]; then
  mkdir -p "$sysroot/lib"
  ln -sfn /usr/include/wasm32-wasi "$sysroot/include"
  ln -sfn /usr/lib/wasm32-wasi "$sysroot/lib/wasm32-wasi"
fi
case "$in" in
  *.cpp | *.cc) exec clang++-19 --target=wasm32-wasi --sysroot="$sysroot" -O2 -std=c++23 -fno-exceptions "$in" -o "$out" \
                  -Wl,--strip-debug "$@" ;;
  *) exec clang-19 --target=wasm32-wasi --sysroot="$sysroot" -O2 "$in" -o "$out" -Wl,--strip-debug "$@" ;;
esac
