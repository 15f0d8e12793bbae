/*
 * gw_sys.c - process/thread plumbing the C# side cannot do portably: CPU pinning, memory locking,
 * the TSC clock, the per-thread error message and the layout/ABI self-description.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include "gw_internal.h"

/* ---- per-thread error message -------------------------------------------------------------- */

/*
 * Thread-local so a worker's failure never overwrites the message another thread is about to read.
 * Not cleared on success: clearing would put a store on every hot call, and the contract is
 * "the most recent failure", read right after a negative return.
 */
static _Thread_local char t_last_error[512];

int32_t gw_fail(int32_t code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(t_last_error, sizeof(t_last_error), fmt, ap);
    va_end(ap);
    return code;
}

GW_API const char *gw_last_error(void)
{
    return t_last_error;
}

GW_API int32_t gw_nop(void)
{
    return GW_OK;
}

GW_API uint32_t gw_abi_version(void)
{
    return GW_ABI_VERSION;
}

GW_API int32_t gw_layout_query(int32_t what)
{
    switch (what) {
    case GW_LAYOUT_RX_DESC_SIZE: return (int32_t)sizeof(gw_rx_desc);
    case GW_LAYOUT_RX_DESC_DATA: return (int32_t)offsetof(gw_rx_desc, data);
    case GW_LAYOUT_RX_DESC_TS: return (int32_t)offsetof(gw_rx_desc, timestamp_ns);
    case GW_LAYOUT_RX_DESC_LEN: return (int32_t)offsetof(gw_rx_desc, len);
    case GW_LAYOUT_RX_DESC_FLAGS: return (int32_t)offsetof(gw_rx_desc, flags);
    case GW_LAYOUT_RX_DESC_HANDLE: return (int32_t)offsetof(gw_rx_desc, handle);
    case GW_LAYOUT_PORT_STATS_SIZE: return (int32_t)sizeof(gw_port_stats);
    case GW_LAYOUT_PORT_STATS_TX_PKTS: return (int32_t)offsetof(gw_port_stats, tx_packets);
    default: return gw_fail(GW_EINVAL, "gw_layout_query: unknown item %d", what);
    }
}

/* ---- pinning and memory locking -------------------------------------------------------------- */

GW_API int32_t gw_pin_current_thread(int32_t cpu)
{
    if (cpu < 0 || cpu >= CPU_SETSIZE)
        return gw_fail(GW_EINVAL, "cpu %d out of range [0, %d)", cpu, CPU_SETSIZE);

    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    /* pthread_setaffinity_np returns the error number instead of setting errno. */
    int rc = pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
    if (rc != 0)
        return gw_fail(GW_EINVAL, "cannot pin thread to cpu %d: %s (is the cpu online and in this process's cpuset?)",
                       cpu, strerror(rc));
    return GW_OK;
}

GW_API int32_t gw_mlockall(void)
{
    if (mlockall(MCL_CURRENT | MCL_FUTURE) != 0) {
        int err = errno;
        return gw_fail(err == ENOMEM ? GW_ENOMEM : GW_EIO,
                       "mlockall(MCL_CURRENT|MCL_FUTURE) failed: %s (raise RLIMIT_MEMLOCK or run with CAP_IPC_LOCK)",
                       strerror(err));
    }
    return GW_OK;
}

/* ---- TSC clock ------------------------------------------------------------------------------ */

uint64_t gw_tsc_epoch_cycles;
uint64_t gw_tsc_epoch_ns;
uint64_t gw_tsc_mult;
static uint64_t s_tsc_hz;
static pthread_once_t s_tsc_once = PTHREAD_ONCE_INIT;

static uint64_t ts_ns(clockid_t clk)
{
    struct timespec ts;
    clock_gettime(clk, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/*
 * Measures the TSC against CLOCK_MONOTONIC_RAW (not slewed by NTP, so the ratio is the hardware's)
 * over ~20 ms: long enough that the two clock reads' jitter (~tens of ns) is < 1 ppm-ish of the
 * interval, short enough to be paid once at start-up. Each end is bracketed by two TSC reads and
 * the midpoint used, so a preemption between the reads shows up as a wide bracket, not a bias.
 */
static void tsc_calibrate(void)
{
    uint64_t c0a = gw_rdtsc_inline();
    uint64_t m0 = ts_ns(CLOCK_MONOTONIC_RAW);
    uint64_t c0b = gw_rdtsc_inline();

    struct timespec nap = {.tv_sec = 0, .tv_nsec = 20 * 1000 * 1000};
    while (nanosleep(&nap, &nap) != 0 && errno == EINTR) {
    }

    uint64_t c1a = gw_rdtsc_inline();
    uint64_t m1 = ts_ns(CLOCK_MONOTONIC_RAW);
    uint64_t real = ts_ns(CLOCK_REALTIME);
    uint64_t c1b = gw_rdtsc_inline();

    uint64_t cycles = (c1a / 2 + c1b / 2) - (c0a / 2 + c0b / 2);
    uint64_t ns = m1 - m0;
    if (ns == 0 || cycles == 0)
        return; /* no usable counter: gw_tsc_hz() reports 0 */

    s_tsc_hz = (uint64_t)(((__int128)cycles * 1000000000) / ns);
    gw_tsc_mult = (uint64_t)(((__int128)1000000000 << 32) / s_tsc_hz);
    gw_tsc_epoch_cycles = c1b;
    gw_tsc_epoch_ns = real;
}

uint64_t gw_tsc_ready(void)
{
    pthread_once(&s_tsc_once, tsc_calibrate);
    return s_tsc_hz;
}

GW_API uint64_t gw_rdtsc(void)
{
    return gw_rdtsc_inline();
}

GW_API uint64_t gw_rdtscp(void)
{
#if defined(__x86_64__) || defined(__i386__)
    uint32_t lo, hi, aux;
    __asm__ __volatile__("rdtscp" : "=a"(lo), "=d"(hi), "=c"(aux));
    (void)aux;
    return ((uint64_t)hi << 32) | lo;
#else
    return gw_rdtsc_inline();
#endif
}

GW_API uint64_t gw_tsc_hz(void)
{
    return gw_tsc_ready();
}

GW_API uint64_t gw_tsc_to_ns(uint64_t tsc)
{
    gw_tsc_ready();
    return gw_tsc_to_ns_inline(tsc);
}
