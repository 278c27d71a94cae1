#!/usr/bin/env bash
# Runs the reference component tooling, jco (wasm-tools inside, on Node), installing a
# pinned version once into build-tools/ under the repo (gitignored).
#   scripts/jco.sh parse in.wat -o out.wasm     component/module text -> binary
#   scripts/jco.sh print in.wasm                binary -> text
#   scripts/jco.sh --batch-parse DIR            every DIR/*.wat -> DIR/*.wasm, or DIR/*.err
#                                               with the error (one Node process: fast)
#   scripts/jco.sh --componentize APP.js WIT WORLD OUT.wasm
#                                               JavaScript -> component (componentize-js)
#   scripts/jco.sh --embed CORE.wasm WIT WORLD OUT.wasm
#                                               CORE with WORLD (from the WIT folder) in its
#                                               component-type section, ready for `new`
#   scripts/jco.sh --install                    only install
# JCO_HOME overrides the install folder.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
version=1.35.0
cjs_version=0.23.0
home=${JCO_HOME:-$here/build-tools}
pkg=$home/node_modules/@bytecodealliance/jco
cjs=$home/node_modules/@bytecodealliance/componentize-js
# componentize-js imports preview2-shim without depending on it: install it beside.
shim=$home/node_modules/@bytecodealliance/preview2-shim
if [ ! -f "$pkg/dist/jco.js" ] || ! grep -q "\"version\": \"$version\"" "$pkg/package.json" ||
   [ ! -f "$cjs/package.json" ] || ! grep -q "\"version\": \"$cjs_version\"" "$cjs/package.json" ||
   [ ! -f "$shim/package.json" ]; then
  command -v npm >/dev/null || { echo "jco.sh: npm not found" >&2; exit 127; }
  mkdir -p "$home"
  [ -f "$home/package.json" ] || echo '{"private": true}' >"$home/package.json"
  npm install --prefix "$home" --no-audit --no-fund --loglevel=error "@bytecodealliance/jco@$version" \
    "@bytecodealliance/componentize-js@$cjs_version" "@bytecodealliance/preview2-shim@0.25.0" >&2
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
  --componentize)
    [ $# -eq 5 ] || { echo "usage: jco.sh --componentize APP.js WIT WORLD OUT.wasm" >&2; exit 2; }
    exec node --input-type=module -e "
      import { readFileSync, writeFileSync } from 'node:fs';
      const { componentize } = await import('file://$cjs/src/componentize.js');
      const [src, witPath, worldName, out] = process.argv.slice(1);
      const { component } = await componentize(readFileSync(src, 'utf8'), { witPath, worldName });
      writeFileSync(out, component);" "$2" "$3" "$4" "$5"
    ;;
  --embed)
    # `jco embed` ignores -n WORLD and cannot read WIT paths without preopens: call the library.
    [ $# -eq 5 ] || { echo "usage: jco.sh --embed CORE.wasm WIT WORLD OUT.wasm" >&2; exit 2; }
    jt=$(dirname "$(dirname "$(find "$home/node_modules/@bytecodealliance" -path '*jco-transpile/dist/wasm-tools.js' | head -1)")")
    shim=$(find "$home/node_modules" "$jt" -path '*preview2-shim/lib/nodejs/filesystem.js' -o \
                -path '*preview2-shim/dist/nodejs/filesystem.js' 2>/dev/null | head -1)
    exec node --input-type=module -e "
      import { readFileSync, writeFileSync } from 'node:fs';
      const { _setPreopens } = await import('file://$shim');
      _setPreopens({ '/': '/' });
      const tools = await import('file://$jt/dist/wasm-tools.js');
      const [core, witPath, world, out] = process.argv.slice(1);
      writeFileSync(out, await tools.componentEmbed({ binary: readFileSync(core), witPath, world }));" \
      "$(realpath "$2")" "$(realpath "$3")" "$4" "$5"
    ;;
  *) exec node "$pkg/dist/jco.js" "$@" ;;
esac
