// Turns the component forms of the .wast test scripts into binaries with the reference
// tool (jco's wasm-tools, loaded once), for weft's corpus test and the fuzzer's seeds.
//   node gen_corpus.mjs OUT_DIR WAST_FILE_OR_DIR...
// Writes OUT_DIR/NNNN.wasm and OUT_DIR/manifest.tsv with one row per form:
//   id  kind(valid|invalid|malformed)  status(ok|unparsed)  file:line  expected-message
// The scripts are read in place; nothing of them is copied into the repository.
// JCO_HOME (default: build-tools/ of the repo) holds the installed jco.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [outDir, ...inputs] = process.argv.slice(2);
if (!outDir || inputs.length === 0) {
  console.error('usage: gen_corpus.mjs OUT_DIR WAST...');
  process.exit(2);
}
const repo = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../../..');
const home = process.env.JCO_HOME || path.join(repo, 'build-tools');
const tools = path.join(home, 'node_modules/@bytecodealliance/jco-transpile/dist/wasm-tools.js');
const { parse } = await import(pathToFileURL(tools).href);

function wastFiles(p) {
  const st = fs.statSync(p);
  if (!st.isDirectory()) return p.endsWith('.wast') ? [p] : [];
  return fs.readdirSync(p).sort().flatMap((e) => wastFiles(path.join(p, e)));
}

// Top-level s-expressions of a script: [{text, start}], skipping comments.
function topForms(s) {
  const forms = [];
  let i = 0, depth = 0, start = -1;
  while (i < s.length) {
    const c = s[i];
    if (c === ';' && s[i + 1] === ';') { const j = s.indexOf('\n', i); i = j < 0 ? s.length : j; continue; }
    if (c === '(' && s[i + 1] === ';') {
      let d = 1; i += 2;
      while (i < s.length && d > 0) {
        if (s[i] === '(' && s[i + 1] === ';') { d++; i += 2; } else if (s[i] === ';' && s[i + 1] === ')') { d--; i += 2; } else i++;
      }
      continue;
    }
    if (c === '"') { i++; while (i < s.length && s[i] !== '"') i += s[i] === '\\' ? 2 : 1; i++; continue; }
    if (c === '(') { if (depth === 0) start = i; depth++; }
    else if (c === ')') { depth--; if (depth === 0) forms.push({ text: s.slice(start, i + 1), start }); }
    i++;
  }
  return forms;
}

// Children of one form: its head keyword and the [start,end) of each element.
function elements(form) {
  const out = [];
  let i = 1;
  while (i < form.length - 1) {
    const c = form[i];
    if (/\s/.test(c)) { i++; continue; }
    if (c === ';' && form[i + 1] === ';') { const j = form.indexOf('\n', i); i = j < 0 ? form.length : j; continue; }
    if (c === '(' && form[i + 1] === ';') { const j = form.indexOf(';)', i); i = j < 0 ? form.length : j + 2; continue; }
    const b = i;
    if (c === '(') {
      let d = 0;
      for (; i < form.length; i++) {
        if (form[i] === '"') { i++; while (form[i] !== '"') i += form[i] === '\\' ? 2 : 1; continue; }
        if (form[i] === ';' && form[i + 1] === ';') { i = form.indexOf('\n', i); continue; }
        if (form[i] === '(') d++;
        else if (form[i] === ')') { d--; if (d === 0) { i++; break; } }
      }
    } else if (c === '"') {
      i++; while (form[i] !== '"') i += form[i] === '\\' ? 2 : 1; i++;
    } else {
      while (i < form.length - 1 && !/[\s()]/.test(form[i])) i++;
    }
    out.push(form.slice(b, i));
  }
  return out;
}

function unquote(lit) {  // a wast string literal -> bytes
  const bytes = [];
  const s = lit.slice(1, -1);
  for (let i = 0; i < s.length; i++) {
    if (s[i] !== '\\') { bytes.push(...Buffer.from(s[i])); continue; }
    const n = s[++i];
    if (/[0-9a-fA-F]/.test(n)) { bytes.push(parseInt(s.substr(i, 2), 16)); i++; }
    else if (n === 'n') bytes.push(10); else if (n === 't') bytes.push(9); else if (n === 'r') bytes.push(13);
    else if (n === 'u') { const j = s.indexOf('}', i); bytes.push(...Buffer.from(String.fromCodePoint(parseInt(s.slice(i + 2, j), 16)))); i = j; }
    else bytes.push(n.charCodeAt(0));
  }
  return bytes;
}

// A `(component ...)` script form -> {binary} or {text} to parse, dropping the
// script-only `definition` keyword (the `$id` stays: outer aliases name it).
function componentSource(form) {
  const el = elements(form);
  if (el[0] !== 'component' || el[1] === 'instance') return null;
  let k = 1;
  const id = [];
  while (k < el.length && (el[k] === 'definition' || el[k].startsWith('$'))) {
    if (el[k].startsWith('$')) id.push(el[k]);
    k++;
  }
  if (el[k] === 'binary') return { binary: Buffer.from(el.slice(k + 1).flatMap(unquote)) };
  const head = ['(component', ...id].join(' ') + ' ';
  if (el[k] === 'quote') return { text: head + Buffer.from(el.slice(k + 1).flatMap(unquote)).toString() + ')' };
  return { text: head + el.slice(k).join('\n') + ')' };
}

fs.mkdirSync(outDir, { recursive: true });
const rows = [];
let id = 0;
for (const input of inputs) {
  for (const file of wastFiles(input)) {
    const src = fs.readFileSync(file, 'utf8');
    const rel = path.relative(path.resolve(input, '..'), file);
    for (const { text, start } of topForms(src)) {
      const line = src.slice(0, start).split('\n').length;
      const el = elements(text);
      let kind, comp, message = '';
      if (el[0] === 'component') { kind = 'valid'; comp = text; }
      else if (['assert_invalid', 'assert_malformed'].includes(el[0]) && el[1]?.startsWith('(component')) {
        kind = el[0] === 'assert_invalid' ? 'invalid' : 'malformed';
        comp = el[1];
        message = el[2] ? Buffer.from(unquote(el[2])).toString() : '';
      } else if (['assert_unlinkable', 'assert_trap', 'assert_uninstantiable'].includes(el[0]) && el[1]?.startsWith('(component')) {
        kind = 'valid'; comp = el[1];
      } else continue;
      const source = componentSource(comp);
      if (!source) continue;
      const name = String(id++).padStart(4, '0');
      let status = 'ok', bytes = source.binary;
      if (!bytes) {
        try { bytes = await parse(source.text); } catch (e) {
          status = 'unparsed';
          message = message || String(e.message || e).split('\n')[0];
        }
      }
      if (bytes) fs.writeFileSync(path.join(outDir, name + '.wasm'), bytes);
      rows.push([name, kind, status, `${rel}:${line}`, message.replace(/[\t\n]/g, ' ')].join('\t'));
    }
  }
}
fs.writeFileSync(path.join(outDir, 'manifest.tsv'), rows.join('\n') + '\n');
console.log(`${rows.length} component forms -> ${outDir}`);
