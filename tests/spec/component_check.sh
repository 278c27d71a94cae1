#!/bin/sh
# Runs one component test script and compares its counts with the baseline
# (tests/spec/component_baseline.txt): any change, better or worse, fails, so the
# baseline only moves on purpose (regenerate with tests/spec/component_baseline.sh).
# usage: component_check.sh WEFT SHARED_TESTSUITE RELATIVE_PATH BASELINE
weft=$1 suite=$2 rel=$3 baseline=$4
want=$(awk -v f="$rel" '$1 == f { print $2 " passed, " $3 " failed, " $4 " skipped" }' "$baseline")
[ -n "$want" ] || { echo "no baseline entry for $rel"; exit 1; }
# Wasmtime's scripts expect its embedding's restrictions (weft wast --wasmtime).
case "$rel" in wasmtime-component/*) profile=--wasmtime ;; *) profile= ;; esac
out=$("$weft" wast $profile "$suite/$rel")
echo "$out"
line=$(echo "$out" | tail -n 1)
case "$line" in *skipped) ;; *) line="$line, 0 skipped" ;; esac
[ "$line" = "$want" ] && exit 0
echo "counts changed: got \"$line\", baseline \"$want\" (update tests/spec/component_baseline.txt)"
exit 1
