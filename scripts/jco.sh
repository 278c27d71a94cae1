#!/usr/bin/env bash
# Runs the reference component tooling, jco (wasm-tools inside, on Node), installing a
# pinned version once into build-tools/ under the repo (gitignored).
#   scripts/jco.sh parse in.wat -o out.wasm     component/module text -> binary
#   scripts/jco.sh print in.wasm                binary -> text
#   scripts/jco.sh --batch-parse DIR            every DIR/*.wat -> DIR/*.wasm, or DIR/*.err
#                                               with the error (one Node process: fast)
#   scripts/jco.sh --install                    only install
# JCO_HOME overrides the install folder.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
version=1.35.0
home=${JCO_HOME:-$here/build-tools}
pkg=$home/node_modules/@bytecodealliance/jco
if [ ! -f "$pkg/dist/jco.js" ] || ! grep -q "\"version\": \"$version\"" "$pkg/package.json"; then
  command -v npm >/dev/null || { echo "jco.sh: npm not found" >&2; exit 127; }
  mkdir -p "$home"
  [ -f "$home/package.json" ] || echo '{"private": true}' >"$home/package.json"
  npm install --prefix "$home" --no-audit --no-fund --loglevel=error "@bytecodealliance/jco@$version" >&2
fi
case "${1:-}" in
  --install) exit 0 ;;
  --batch-parse)
    dir=$(cd "$2" && pwd)
    tools=$(find "$home/node_modules/@bytecodealliance" -path '*jco-transpile/dist/wasm-tools.js' | head -1)
    exec node --input-type=module -e "
      import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
      const { parse } = await import('file://$tools');
      const dir = '$dir';
      for (const f of readdirSync(dir).filter((f) => f.endsWith('.wat')).sort()) {
        const base = dir + '/' + f.slice(0, -4);
        try {
          writeFileSync(base + '.wasm', await parse(readFileSync(dir + '/' + f, 'utf8')));
        } catch (e) {
          writeFileSync(base + '.err', String(e && e.message ? e.message : e));
        }
      }"
    ;;
  *) exec node "$pkg/dist/jco.js" "$@" ;;
esac
