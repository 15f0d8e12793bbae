// Memory latency probe for benchmarks/RESULTS.md: how much a cache miss costs on this machine, and
// how many misses it keeps in flight. For each working-set size it measures
//   dependent:   a pointer chase through a random cyclic permutation of 64-byte lines (each load
//                needs the previous one: pure latency);
//   independent: loads of random lines whose addresses do not depend on each other (the core
//                overlaps as many as it can: latency divided by memory-level parallelism).
// The book's per-message cost is bounded below by (lines it touches outside the caches) x the
// independent figure, and by the dependent figure per step of a chain it cannot prefetch.
// Usage: memlat [MiB ...]   (default: 1 2 4 8 64 256)
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>

enum { Line = 64, Steps = 20000000 };

static double now_seconds(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static uint64_t next_random(uint64_t *state) {
  uint64_t x = *state;
  x ^= x << 13;
  x ^= x >> 7;
  x ^= x << 17;
  *state = x;
  return x;
}

static int probe(size_t mib) {
  const size_t huge = 2u << 20;
  size_t lines = mib * (1u << 20) / Line;
  size_t bytes = lines * Line;
  uint8_t *mapped = mmap(NULL, bytes + huge, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (mapped == MAP_FAILED) {
    perror("mmap");
    return 1;
  }
  // 2 MiB aligned and on transparent huge pages, as the book's pools are: TLB misses aside.
  uint64_t *base = (uint64_t *)(((uintptr_t)mapped + huge - 1) & ~(uintptr_t)(huge - 1));
  madvise(base, bytes, MADV_HUGEPAGE);

  uint32_t *order = malloc(lines * sizeof *order);
  if (order == NULL) {
    perror("malloc");
    return 1;
  }
  uint64_t seed = 0x9E3779B97F4A7C15u;
  for (size_t i = 0; i < lines; i++) order[i] = (uint32_t)i;
  for (size_t i = lines - 1; i > 0; i--) {
    size_t j = next_random(&seed) % (i + 1);
    uint32_t t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  const size_t stride = Line / sizeof(uint64_t);
  for (size_t i = 0; i < lines; i++) base[(size_t)order[i] * stride] = order[(i + 1) % lines];
  free(order);

  uint64_t at = 0;
  double t0 = now_seconds();
  for (size_t i = 0; i < Steps; i++) at = base[at * stride];
  double dependent = (now_seconds() - t0) / Steps * 1e9;

  uint64_t sum = 0;
  t0 = now_seconds();
  for (size_t i = 0; i < Steps; i++) sum += base[(next_random(&seed) % lines) * stride];
  double independent = (now_seconds() - t0) / Steps * 1e9;

  // at and sum are printed so the loads cannot be optimised away.
  printf("%6zu MiB  dependent %6.1f ns/line  independent %5.1f ns/line  (check %llu)\n", mib, dependent,
         independent, (unsigned long long)((at + sum) & 0xff));
  munmap(mapped, bytes + huge);
  return 0;
}

int main(int argc, char **argv) {
  static const size_t defaults[] = {1, 2, 4, 8, 64, 256};
  if (argc < 2) {
    for (size_t i = 0; i < sizeof defaults / sizeof defaults[0]; i++)
      if (probe(defaults[i]) != 0) return 1;
    return 0;
  }
  for (int i = 1; i < argc; i++) {
    long mib = strtol(argv[i], NULL, 10);
    if (mib < 1 || mib > 65536) {
      fprintf(stderr, "memlat: %s: size in MiB must be 1..65536\n", argv[i]);
      return 2;
    }
    if (probe((size_t)mib) != 0) return 1;
  }
  return 0;
}
