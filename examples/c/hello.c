// A WASI preview-1 program: greets its arguments and computes a little.
#include <stdio.h>

static unsigned fib(unsigned n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

int main(int argc, char** argv) {
  printf("hello from wasm, %s!\n", argc > 1 ? argv[1] : "world");
  printf("fib(25) = %u\n", fib(25));
  return 0;
}
