#!/bin/sh
# Regenerates component_baseline.txt: per script, "path passed failed skipped".
# usage: tests/spec/component_baseline.sh build/weft ../shared/testsuite > tests/spec/component_baseline.txt
weft=$1 suite=$2
cd "$suite" || exit 1
for f in component-model/*/*.wast wasmtime-component/*.wast wasmtime-component/*/*.wast; do
  # Wasmtime's scripts expect its embedding's restrictions (weft wast --wasmtime).
  case "$f" in wasmtime-component/*) profile=--wasmtime ;; *) profile= ;; esac
  line=$("$weft" wast $profile "$f" | tail -n 1)
  p=$(echo "$line" | sed -n 's/^\([0-9]*\) passed.*/\1/p')
  x=$(echo "$line" | sed -n 's/.* \([0-9]*\) failed.*/\1/p')
  s=$(echo "$line" | sed -n 's/.* \([0-9]*\) skipped.*/\1/p')
  echo "$f ${p:-0} ${x:-0} ${s:-0}"
done
