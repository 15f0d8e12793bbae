// Host contention probe for benchmarks/RESULTS.md: whether the core this VM runs on is being shared
// right now. On a virtual machine another guest can run on the other hardware thread of the same
// physical core; a dependent chain (one multiply-add after another: pure latency) hardly notices,
// but code that keeps several execution units busy (as a parser or a book update does) slows by up
// to half. The probe times both, ten slices of about 0.1 s each:
//   latency:    one chain of dependent multiply-adds;
//   throughput: eight independent add/shift chains interleaved (limited by execution ports).
// A quiet host shows the throughput figure flat from slice to slice; a shared one shows it jump.
// Usage: cpuprobe [SLICES]   (default 10)
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

enum { Iterations = 50000000 };

static double now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

static volatile uint64_t sink;

static double latency_slice(void) {
  uint64_t x = 1;
  double t0 = now_ns();
  for (long i = 0; i < Iterations; i++) {
    x = x * 2862933555777941757ULL + 3037000493ULL;
  }
  sink = x;
  return (now_ns() - t0) / Iterations;
}

static double throughput_slice(void) {
  uint64_t a = 1, b = 2, c = 3, d = 4, e = 5, f = 6, g = 7, h = 8;
  double t0 = now_ns();
  for (long i = 0; i < Iterations; i++) {
    a += (uint64_t)i ^ b; b += a >> 3;
    c += (uint64_t)i ^ d; d += c >> 3;
    e += (uint64_t)i ^ f; f += e >> 3;
    g += (uint64_t)i ^ h; h += g >> 3;
  }
  sink = a + b + c + d + e + f + g + h;
  return (now_ns() - t0) / Iterations;
}

static void report(const char *name, double (*slice)(void), int slices) {
  double lo = 1e9, hi = 0;
  printf("%-10s ns/iteration:", name);
  for (int s = 0; s < slices; s++) {
    double v = slice();
    lo = v < lo ? v : lo;
    hi = v > hi ? v : hi;
    printf(" %.2f", v);
  }
  printf("  (min %.2f, max %.2f, max/min %.2f)\n", lo, hi, hi / lo);
}

int main(int argc, char **argv) {
  int slices = argc > 1 ? atoi(argv[1]) : 10;
  if (slices < 1 || slices > 1000) {
    fprintf(stderr, "cpuprobe: SLICES must be 1..1000\n");
    return 2;
  }

  report("latency", latency_slice, slices);
  report("throughput", throughput_slice, slices);
  return 0;
}
