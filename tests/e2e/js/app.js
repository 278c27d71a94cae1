// A JavaScript command component (componentize-js, SpiderMonkey inside): exports
// wasi:cli/run; console.log goes through wasi:cli/stdout.
export const run = {
  run() {
    console.log("hello from JavaScript");
    const primes = [];
    for (let n = 2; primes.length < 10; n++) if (primes.every((p) => n % p)) primes.push(n);
    console.log(`primes: ${primes.join(" ")}`);
    console.log(`json: ${JSON.stringify({ nested: { list: [1, "two", null] }, ok: true })}`);
    const words = "the quick brown fox jumps over the lazy dog".split(" ");
    console.log(`sorted: ${[...new Set(words)].sort().join(",")}`);
    console.error("to stderr");
  },
};
