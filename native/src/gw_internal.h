/*
 * gw_internal.h - helpers shared by the shim's translation units; never installed, never exported
 * (the library is built with -fvisibility=hidden, so nothing here leaks into the ABI).
 */
#ifndef GW_INTERNAL_H
#define GW_INTERNAL_H

#include <stdint.h>

#include "gwnative.h"

#ifndef likely
#define likely(x) __builtin_expect(!!(x), 1)
#endif
#ifndef unlikely
#define unlikely(x) __builtin_expect(!!(x), 0)
#endif

#define GW_COLD __attribute__((cold, noinline))
#define GW_PRINTF(f, a) __attribute__((format(printf, f, a)))

/*
 * Records a failure message for gw_last_error() on the calling thread and returns `code`, so a
 * failing path reads `return gw_fail(GW_EINVAL, "...", ...);`. Cold and out of line: formatting
 * never sits on a hot path, and the compiler lays the call out away from the fall-through code.
 */
GW_COLD GW_PRINTF(2, 3) int32_t gw_fail(int32_t code, const char *fmt, ...);

/*
 * TSC -> ns conversion state, written once by the calibration in gw_sys.c (under pthread_once)
 * before any reader can observe a non-zero gw_tsc_mult. Hot paths call gw_tsc_ready() once at
 * port/handle open, then use gw_tsc_to_ns_inline without further synchronisation: the values
 * never change after calibration, and pthread_once gives the happens-before edge.
 */
extern uint64_t gw_tsc_epoch_cycles; /* TSC reading at calibration */
extern uint64_t gw_tsc_epoch_ns;     /* CLOCK_REALTIME (ns since 1970) at the same instant */
extern uint64_t gw_tsc_mult;         /* ns per cycle, 32.32 fixed point */

/* Calibrates once if needed; returns the TSC frequency in Hz (0 when no usable TSC). */
uint64_t gw_tsc_ready(void);

static inline uint64_t gw_rdtsc_inline(void)
{
#if defined(__x86_64__) || defined(__i386__)
    uint32_t lo, hi;
    __asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
#elif defined(__aarch64__)
    uint64_t v;
    __asm__ __volatile__("mrs %0, cntvct_el0" : "=r"(v));
    return v;
#else
#error "gwnative: no cycle counter for this architecture"
#endif
}

static inline uint64_t gw_tsc_to_ns_inline(uint64_t tsc)
{
    /* Signed delta: a reading taken on another core can be a few cycles behind the epoch. */
    int64_t delta = (int64_t)(tsc - gw_tsc_epoch_cycles);
    __int128 scaled = ((__int128)delta * (__int128)gw_tsc_mult) >> 32;
    return gw_tsc_epoch_ns + (uint64_t)(int64_t)scaled;
}

#endif /* GW_INTERNAL_H */
