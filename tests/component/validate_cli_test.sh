#!/usr/bin/env bash
# `weft validate` on real components: every component form of the shared testsuite's
# wasmtime-component/nested.wast that the script expects to be valid (turned into a
# binary by jco) is reported valid, and a truncated one fails with a byte offset.
#   validate_cli_test.sh WEFT_BIN SOURCE_DIR SHARED_DIR JCO_HOME TMP_DIR
# Exits 77 (skipped) when node, jco or the testsuite is missing.
set -euo pipefail
weft=$1 src=$2 shared=$3 jco=$4 tmp=$5
wast=$shared/testsuite/wasmtime-component/nested.wast
[ -f "$wast" ] && command -v node >/dev/null && [ -d "$jco/node_modules/@bytecodealliance" ] || exit 77
rm -rf "$tmp" && mkdir -p "$tmp"
JCO_HOME=$jco node "$src/tests/unit/component/binary/gen_corpus.mjs" "$tmp" "$wast" >/dev/null
valid=0
while IFS=$'\t' read -r id kind status where _; do
  [ "$kind" = valid ] && [ "$status" = ok ] || continue
  out=$("$weft" validate "$tmp/$id.wasm" 2>&1) || { echo "FAIL: $where: $out"; exit 1; }
  [ "$out" = "$tmp/$id.wasm: valid" ] || { echo "FAIL: $where: unexpected output: $out"; exit 1; }
  valid=$((valid + 1))
done <"$tmp/manifest.tsv"
[ "$valid" -ge 5 ] || { echo "FAIL: only $valid valid components in $wast"; exit 1; }

# The largest one, cut in half: a decode error with the offset, exit status 1.
big=$(ls -S "$tmp"/*.wasm | head -1)
head -c $(($(stat -c %s "$big") / 2)) "$big" >"$tmp/truncated.wasm"
set +e
out=$("$weft" validate "$tmp/truncated.wasm" 2>&1)
rc=$?
set -e
[ "$rc" = 1 ] || { echo "FAIL: truncated component: exit $rc: $out"; exit 1; }
echo "$out" | grep -Eq 'truncated.wasm.*(0x[0-9a-f]+|offset|:[0-9]+)' || { echo "FAIL: no offset in: $out"; exit 1; }
echo "$valid components valid; truncated: $out"
