// Dense matrix multiply C = A * B of N x N doubles (i-k-j loop order): loads,
// stores and multiply-adds over arrays larger than the cache.
// usage: matmul [N]   (default N = 1200)
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static uint32_t lcg_state = 12345;

// Small values in [-1, 1) with few significant bits keep the sums exact-ish and
// the checksum readable; the result is deterministic either way.
static double next_value(void) {
  lcg_state = lcg_state * 1664525u + 1013904223u;
  return (double)(int32_t)(lcg_state >> 22) / 512.0 - 1.0;
}

int main(int argc, char** argv) {
  int32_t n = argc > 1 ? atoi(argv[1]) : 1200;
  double* a = malloc(sizeof(double) * n * n);
  double* b = malloc(sizeof(double) * n * n);
  double* c = calloc((size_t)n * n, sizeof(double));
  if (!a || !b || !c) {
    fputs("out of memory\n", stderr);
    return 1;
  }
  for (int32_t i = 0; i < n * n; i++) a[i] = next_value();
  for (int32_t i = 0; i < n * n; i++) b[i] = next_value();

  for (int32_t i = 0; i < n; i++) {
    double* row = c + (size_t)i * n;
    for (int32_t k = 0; k < n; k++) {
      double aik = a[(size_t)i * n + k];
      const double* brow = b + (size_t)k * n;
      for (int32_t j = 0; j < n; j++) row[j] += aik * brow[j];
    }
  }

  double sum = 0, trace = 0, weighted = 0;
  for (int32_t i = 0; i < n; i++) {
    trace += c[(size_t)i * n + i];
    for (int32_t j = 0; j < n; j++) {
      sum += c[(size_t)i * n + j];
      weighted += c[(size_t)i * n + j] * (double)((i * 31 + j) % 7);
    }
  }
  printf("n=%d sum=%.6f trace=%.6f weighted=%.6f\n", n, sum, trace, weighted);
  free(a);
  free(b);
  free(c);
  return 0;
}
