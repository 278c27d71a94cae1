// The reference side of the component text cross-check: one Node process runs
// jco's wasm-tools over a folder of cases (starting it per case costs ~1 s).
//   node jco_batch.mjs parse DIR   every DIR/N.wat -> DIR/N.ref.wasm, or DIR/N.ref.err
//   node jco_batch.mjs print DIR   every DIR/N.{ref,weft}.wasm -> DIR/N.{ref,weft}.txt
// JCO_HOME (default: build-tools/ of the repo) holds the installed jco.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [mode, dir] = process.argv.slice(2);
if (!['parse', 'print'].includes(mode) || !dir) {
  console.error('usage: jco_batch.mjs parse|print DIR');
  process.exit(2);
}
const repo = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const home = process.env.JCO_HOME || path.join(repo, 'build-tools');
const tools = path.join(home, 'node_modules/@bytecodealliance/jco-transpile/dist/wasm-tools.js');
// wasm-tools' environment comes from the preview2 shim next to it. Wasmtime's
// scripts still use the legacy `(memory $i "name")` export references, which
// weft reads too: ask wasm-tools to accept them as well.
const shim = path.join(home, 'node_modules/@bytecodealliance/jco-transpile/node_modules/@bytecodealliance/preview2-shim/dist/nodejs/cli.js');
if (fs.existsSync(shim)) (await import(pathToFileURL(shim).href))._setEnv({ WAST_STRICT_COMPONENT_INDICES: '0' });
const { parse, print } = await import(pathToFileURL(tools).href);

const message = (e) => String(e && e.message ? e.message : e);
for (const f of fs.readdirSync(dir).sort()) {
  const file = path.join(dir, f);
  if (mode === 'parse' && f.endsWith('.wat')) {
    const base = file.slice(0, -4);
    try {
      fs.writeFileSync(base + '.ref.wasm', await parse(fs.readFileSync(file, 'utf8')));
    } catch (e) {
      fs.writeFileSync(base + '.ref.err', message(e));
    }
  } else if (mode === 'print' && f.endsWith('.wasm')) {
    const base = file.slice(0, -5);
    try {
      fs.writeFileSync(base + '.txt', await print(fs.readFileSync(file)));
    } catch (e) {
      fs.writeFileSync(base + '.txt', 'print failed: ' + message(e));
    }
  }
}
