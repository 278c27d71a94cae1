// WASI e2e: clocks, sleeping and randomness, as sanity checks.
// Prints to stdout, exit status 0 when everything holds (otherwise the failing
// check on stderr and exit status 1):
//   realtime ok
//   monotonic ok
//   cputime ok
//   sleep ok
//   random ok
// `clock_random no-cputime` skips the CPU-time clock (WASI 0.2 has none, so the
// preview-1 adapter of a component refuses it) and prints "cputime skipped".
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int64_t ns(clockid_t clock) {
  struct timespec ts;
  if (clock_gettime(clock, &ts) != 0) return -1;
  return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void check(int ok, const char* what) {
  if (!ok) {
    fprintf(stderr, "FAILED: %s\n", what);
    exit(1);
  }
  printf("%s ok\n", what);
}

int main(int argc, char** argv) {
  check(time(NULL) > 1577836800, "realtime");  // after 2020-01-01
  int64_t a = ns(CLOCK_MONOTONIC), b = ns(CLOCK_MONOTONIC);
  check(a > 0 && b >= a, "monotonic");
  if (argc > 1 && strcmp(argv[1], "no-cputime") == 0)
    puts("cputime skipped");
  else
    check(ns(CLOCK_PROCESS_CPUTIME_ID) >= 0, "cputime");
  int64_t before = ns(CLOCK_MONOTONIC);
  usleep(20000);
  check(ns(CLOCK_MONOTONIC) - before >= 20000000, "sleep");
  unsigned char x[32], y[32];
  memset(x, 0, sizeof x);
  memset(y, 0, sizeof y);
  int got = getentropy(x, sizeof x) == 0 && getentropy(y, sizeof y) == 0;
  check(got && memcmp(x, y, sizeof x) != 0, "random");
  return 0;
}
