// The composition benchmark's peer: the composed consumer+provider transpiled by jco,
// run on Node's V8. Prints {"add": ns/call, "echo": ns/call} as JSON.
//   node jco_bench.mjs DIR/composed.js [seconds per measurement]
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

const [file, secondsArg] = process.argv.slice(2);
const seconds = Number(secondsArg ?? 1);
const m = await import(pathToFileURL(resolve(file)).href);
const calls = 1000;

function measure(fn, check) {
  for (let i = 0; i < 200; ++i) if (fn() !== check) throw new Error('wrong result');  // warm up
  let rounds = 0;
  const start = process.hrtime.bigint();
  const limit = start + BigInt(Math.round(seconds * 1e9));
  let now = start;
  while (now < limit) {
    for (let i = 0; i < 10; ++i) if (fn() !== check) throw new Error('wrong result');
    rounds += 10;
    now = process.hrtime.bigint();
  }
  return Number(now - start) / (rounds * calls);
}

const add = measure(() => m.addLoop(calls), calls);
const echo = measure(() => m.echoLoop(calls, 1024), 1024);
console.log(JSON.stringify({ add, echo }));
