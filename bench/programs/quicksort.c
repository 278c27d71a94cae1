// Quicksort of COUNT pseudo-random 32-bit ints: compares, swaps and
// unpredictable branches over a large array.
// usage: quicksort [COUNT]   (default 5000000)
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static void insertion_sort(int32_t* a, int32_t n) {
  for (int32_t i = 1; i < n; i++) {
    int32_t v = a[i], j = i - 1;
    while (j >= 0 && a[j] > v) {
      a[j + 1] = a[j];
      j--;
    }
    a[j + 1] = v;
  }
}

static inline void swap(int32_t* x, int32_t* y) {
  int32_t t = *x;
  *x = *y;
  *y = t;
}

// Hoare partition around a median of three; recurses on the smaller side so the
// stack stays logarithmic.
static void quicksort(int32_t* a, int32_t n) {
  while (n > 16) {
    int32_t mid = n / 2;
    if (a[mid] < a[0]) swap(&a[mid], &a[0]);
    if (a[n - 1] < a[0]) swap(&a[n - 1], &a[0]);
    if (a[n - 1] < a[mid]) swap(&a[n - 1], &a[mid]);
    int32_t pivot = a[mid];
    int32_t i = -1, j = n;
    for (;;) {
      do i++;
      while (a[i] < pivot);
      do j--;
      while (a[j] > pivot);
      if (i >= j) break;
      swap(&a[i], &a[j]);
    }
    int32_t left = j + 1;
    if (left < n - left) {
      quicksort(a, left);
      a += left;
      n -= left;
    } else {
      quicksort(a + left, n - left);
      n = left;
    }
  }
  insertion_sort(a, n);
}

int main(int argc, char** argv) {
  int32_t count = argc > 1 ? atoi(argv[1]) : 5000000;
  int32_t* a = malloc(sizeof(int32_t) * (size_t)count);
  if (!a) {
    fputs("out of memory\n", stderr);
    return 1;
  }
  uint32_t lcg = 2463534242u;
  for (int32_t i = 0; i < count; i++) {
    lcg = lcg * 1103515245u + 12345u;
    // Mix two steps so the low bits are not a short cycle.
    uint32_t hi = lcg >> 16;
    lcg = lcg * 1103515245u + 12345u;
    a[i] = (int32_t)(hi << 16 | lcg >> 16);
  }
  quicksort(a, count);

  uint64_t checksum = 0;
  int32_t unsorted = 0;
  for (int32_t i = 0; i < count; i++) {
    if (i > 0 && a[i - 1] > a[i]) unsorted++;
    checksum = checksum * 1000003u + (uint32_t)a[i];
  }
  printf("count=%d unsorted=%d min=%d max=%d checksum=%016llx\n", count, unsorted, count ? a[0] : 0,
         count ? a[count - 1] : 0, (unsigned long long)checksum);
  free(a);
  return 0;
}
