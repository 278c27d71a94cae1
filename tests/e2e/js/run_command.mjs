// Runs a command component transpiled by jco (`jco transpile X.wasm -o DIR --name guest`)
// with weft-style grants, so weft and jco runs of the same component can be compared:
//   node run_command.mjs DIR/guest.js [--dir HOST::GUEST]... [--env K=V]... -- ARGS...
import { _setPreopens } from '@bytecodealliance/preview2-shim/filesystem';
import { _setArgs, _setEnv } from '@bytecodealliance/preview2-shim/cli';

const [module, ...rest] = process.argv.slice(2);
const preopens = {}, env = {};
let i = 0;
for (; i < rest.length && rest[i] !== '--'; i += 2) {
  if (rest[i] === '--dir') {
    const [host, guest] = rest[i + 1].split('::');
    preopens[guest] = host;
  } else if (rest[i] === '--env') {
    const eq = rest[i + 1].indexOf('=');
    env[rest[i + 1].slice(0, eq)] = rest[i + 1].slice(eq + 1);
  } else {
    throw new Error(`unknown option ${rest[i]}`);
  }
}
_setPreopens(preopens);
_setEnv(env);
_setArgs(['guest', ...rest.slice(i + 1)]);
const m = await import(module);
const run = m.run ?? m['wasi:cli/run@0.2.12'];
try {
  run.run();
} catch (e) {
  if (e && e.exitError) process.exit(e.code ?? 1);
  throw e;
}
