// Recursive Fibonacci: measures the cost of calls and returns.
// usage: fib [N]   (default N = 42)
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static uint64_t fib(uint32_t n) {
  if (n < 2) return n;
  return fib(n - 1) + fib(n - 2);
}

int main(int argc, char** argv) {
  uint32_t n = argc > 1 ? (uint32_t)atoi(argv[1]) : 42;
  printf("fib(%u) = %llu\n", n, (unsigned long long)fib(n));
  return 0;
}
