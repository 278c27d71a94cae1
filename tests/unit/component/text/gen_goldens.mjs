// Fills in the `= hex` lines of goldens.txt with the reference bytes: jco's
// wasm-tools parse of each case, every custom section dropped at every level.
//   node tests/unit/component/text/gen_goldens.mjs
// JCO_HOME (default: build-tools/ of the repo) holds the installed jco.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const here = path.dirname(new URL(import.meta.url).pathname);
const repo = path.resolve(here, '../../../..');
const home = process.env.JCO_HOME || path.join(repo, 'build-tools');
const tools = path.join(home, 'node_modules/@bytecodealliance/jco-transpile/dist/wasm-tools.js');
const { parse } = await import(pathToFileURL(tools).href);

function leb(b, i) {
  let v = 0, shift = 0;
  for (;;) { const x = b[i++]; v += (x & 0x7f) * 2 ** shift; shift += 7; if (!(x & 0x80)) return [v, i]; }
}
function writeLeb(v) {
  const out = [];
  do { let x = v % 128; v = Math.floor(v / 128); out.push(v ? x | 0x80 : x); } while (v);
  return out;
}
function strip(b) {
  const component = b[4] === 0x0d && b[6] === 0x01;
  const out = [...b.slice(0, 8)];
  for (let i = 8; i < b.length;) {
    const id = b[i++];
    let size; [size, i] = leb(b, i);
    let body = b.slice(i, i + size);
    i += size;
    if (id === 0) continue;
    if (component && (id === 1 || id === 4)) body = strip(body);
    out.push(id, ...writeLeb(body.length), ...body);
  }
  return Uint8Array.from(out);
}

const file = path.join(here, 'goldens.txt');
const lines = fs.readFileSync(file, 'utf8').split('\n');
const out = [];
let text = null;
for (const line of lines) {
  if (line.startsWith('## ')) { text = []; out.push(line); continue; }
  if (text && line.startsWith('=')) {
    let bytes;
    try { bytes = strip(await parse(text.join("\n"))); } catch (e) { console.error(out.findLast((l) => l.startsWith("## ")), String(e.message || e)); process.exit(1); }
    out.push('= ' + Buffer.from(bytes).toString('hex'));
    text = null;
    continue;
  }
  if (text) text.push(line);
  out.push(line);
}
fs.writeFileSync(file, out.join('\n'));
