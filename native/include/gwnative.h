/*
 * gwnative.h - the C shim between the kernel-bypass NIC libraries and the C# workers.
 *
 * Thin by design: fixed-width types, one function per operation, no allocation on the rx/tx
 * path. Every function returns an int32_t status unless documented otherwise:
 *
 *   >= 0   success (for burst functions: the number of descriptors/frames handled)
 *   < 0    a negative GW_E* code below; gw_last_error() returns a human-readable message for the
 *          most recent failure on the calling thread (valid until the next shim call on it).
 *
 * Shared layouts (gw_rx_desc, gw_port_stats) are pinned with _Static_assert here and with
 * Unsafe.SizeOf/field-offset tests in C# (tests/Gateway.Interop.Tests); gw_layout_query()
 * reports the C view at run time so the two sides are compared, not just both asserted.
 */
#ifndef GWNATIVE_H
#define GWNATIVE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define GW_API __attribute__((visibility("default")))

/* ---- return codes ---------------------------------------------------------------------- */
#define GW_OK              0
#define GW_EINVAL         -1   /* bad argument (null pointer, out-of-range id, bad size) */
#define GW_ENOTSUP        -2   /* backend not compiled in (e.g. ef_vi without its headers) */
#define GW_ESTATE         -3   /* wrong state: EAL not initialised, initialised twice, port not started */
#define GW_ENODEV         -4   /* no such port / vdev / interface */
#define GW_ENOMEM         -5   /* mempool or ring allocation failed */
#define GW_EIO            -6   /* the underlying library reported an error; see gw_last_error() */
#define GW_EOF            -7   /* offline source exhausted (libpcap file) */
#define GW_EAGAIN         -8   /* nothing to do right now (tx ring full) */

/* ---- the receive descriptor --------------------------------------------------------------
 *
 *   0               8               16      20      24              32
 *   +---------------+---------------+-------+-------+---------------+
 *   | data (ptr)    | timestamp_ns  | len   | flags | handle (ptr)  |
 *   +---------------+---------------+-------+-------+---------------+
 *
 * data points at the first byte of the frame, valid until the descriptor is released.
 * timestamp_ns: nanoseconds since 1970-01-01 UTC. The NIC's, capture file's or kernel's timestamp
 * where the backend offers one (flag GW_DESC_HW_TS), else TSC-derived: the shim reads the TSC
 * once per burst and converts it against a CLOCK_REALTIME reading taken at calibration, so both
 * kinds of timestamp live on the same (Unix) axis and can be subtracted.
 * handle: the backend's release token (an rte_mbuf* for DPDK); opaque to C#.
 */
typedef struct gw_rx_desc {
    const uint8_t *data;
    uint64_t timestamp_ns;
    uint32_t len;
    uint32_t flags;
    void *handle;
} gw_rx_desc;

#define GW_DESC_HW_TS      0x1u  /* timestamp came from the NIC / capture, not the TSC */
#define GW_DESC_MULTISEG   0x2u  /* frame spans several segments; data/len cover only the first */
#define GW_DESC_TRUNCATED  0x4u  /* captured length < wire length (snaplen) */

_Static_assert(sizeof(gw_rx_desc) == 32, "gw_rx_desc is 32 bytes");
_Static_assert(offsetof(gw_rx_desc, data) == 0, "data at 0");
_Static_assert(offsetof(gw_rx_desc, timestamp_ns) == 8, "timestamp_ns at 8");
_Static_assert(offsetof(gw_rx_desc, len) == 16, "len at 16");
_Static_assert(offsetof(gw_rx_desc, flags) == 20, "flags at 20");
_Static_assert(offsetof(gw_rx_desc, handle) == 24, "handle at 24");

/* ---- port statistics -------------------------------------------------------------------- */
typedef struct gw_port_stats {
    uint64_t rx_packets;
    uint64_t rx_bytes;
    uint64_t rx_missed;     /* dropped by the NIC for lack of rx descriptors */
    uint64_t rx_errors;
    uint64_t rx_nombuf;     /* mbuf allocation failures */
    uint64_t tx_packets;
    uint64_t tx_bytes;
    uint64_t tx_errors;
} gw_port_stats;

_Static_assert(sizeof(gw_port_stats) == 64, "gw_port_stats is 64 bytes");

/* ---- layout query (for the C# layout tests) ----------------------------------------------- */
#define GW_LAYOUT_RX_DESC_SIZE        1
#define GW_LAYOUT_RX_DESC_DATA        2
#define GW_LAYOUT_RX_DESC_TS          3
#define GW_LAYOUT_RX_DESC_LEN         4
#define GW_LAYOUT_RX_DESC_FLAGS       5
#define GW_LAYOUT_RX_DESC_HANDLE      6
#define GW_LAYOUT_PORT_STATS_SIZE     7
#define GW_LAYOUT_PORT_STATS_TX_PKTS  8
/* Returns the size/offset named by `what`, or GW_EINVAL. */
GW_API int32_t gw_layout_query(int32_t what);
GW_API uint32_t gw_abi_version(void);       /* GW_ABI_VERSION; C# refuses a mismatch */
#define GW_ABI_VERSION 1u

/* Thread-local message for the last failure (never NULL; "" when none). */
GW_API const char *gw_last_error(void);

/* Does nothing; measures the P/Invoke transition cost. */
GW_API int32_t gw_nop(void);

/* ---- system: pinning, memory locking, time ------------------------------------------------ */
GW_API int32_t gw_pin_current_thread(int32_t cpu);        /* sched_setaffinity to one cpu */
GW_API int32_t gw_mlockall(void);                         /* MCL_CURRENT | MCL_FUTURE */
GW_API uint64_t gw_rdtsc(void);
/* An ordered read (rdtscp): taken after every earlier instruction has executed, so a stamp
   between two stages is not taken while the first stage's loads are still outstanding. */
GW_API uint64_t gw_rdtscp(void);
GW_API uint64_t gw_tsc_hz(void);                          /* measured once, cached; 0 if unknown */
GW_API uint64_t gw_tsc_to_ns(uint64_t tsc);               /* ns since 1970, anchored at calibration */

/* ---- DPDK --------------------------------------------------------------------------------
 * gw_dpdk_available: 1 when the shim was built with DPDK, else 0.
 * gw_dpdk_init: copies argv (rte_eal_init rewrites it) and initialises the EAL once per process.
 * gw_dpdk_port_open: by vdev/device name ("net_pcap0") or, when name is NULL, by port id; sets up
 *   one rx and one tx queue, a mempool of n_mbufs, enables hardware rx timestamps where the PMD
 *   offers them, starts the port. Returns the port id (>= 0).
 * gw_dpdk_rx_burst: fills up to max descriptors; never blocks.
 * gw_dpdk_release: frees the mbufs behind n descriptors (rte_pktmbuf_free_bulk).
 * gw_dpdk_tx: copies len bytes into a fresh mbuf and queues it; GW_EAGAIN when the ring is full.
 */
GW_API int32_t gw_dpdk_available(void);
GW_API int32_t gw_dpdk_init(int32_t argc, const char *const *argv);
GW_API int32_t gw_dpdk_port_open(const char *name, int32_t port_id, uint32_t rx_ring, uint32_t tx_ring,
                                 uint32_t n_mbufs);
GW_API int32_t gw_dpdk_rx_burst(int32_t port_id, gw_rx_desc *descs, int32_t max);
GW_API int32_t gw_dpdk_release(const gw_rx_desc *descs, int32_t n);
GW_API int32_t gw_dpdk_tx(int32_t port_id, const uint8_t *frame, uint32_t len);
GW_API int32_t gw_dpdk_tx_flush(int32_t port_id);
GW_API int32_t gw_dpdk_port_stats(int32_t port_id, gw_port_stats *out);
GW_API int32_t gw_dpdk_port_close(int32_t port_id);
/* gw_dpdk_thread_register: gives the calling (non-EAL) thread an lcore id, so mempool per-lcore
 * caches work for it: without one every mbuf alloc/free goes to the shared ring (measured: the
 * polling thread received 2.4 M packets/s unregistered vs 4.5 M/s as an lcore on this machine).
 * Call once on the polling thread before its first rx burst. Returns the lcore id (>= 0). */
GW_API int32_t gw_dpdk_thread_register(void);
GW_API int32_t gw_dpdk_shutdown(void);

/* ---- Solarflare ef_vi (built only where etherfabric headers exist) ------------------------- */
GW_API int32_t gw_efvi_available(void);
typedef struct gw_efvi gw_efvi;
GW_API int32_t gw_efvi_open(const char *iface, uint32_t n_bufs, gw_efvi **out);
GW_API int32_t gw_efvi_rx_burst(gw_efvi *v, gw_rx_desc *descs, int32_t max);
GW_API int32_t gw_efvi_release(gw_efvi *v, const gw_rx_desc *descs, int32_t n);
GW_API int32_t gw_efvi_tx(gw_efvi *v, const uint8_t *frame, uint32_t len);
GW_API void gw_efvi_close(gw_efvi *v);

#ifdef __cplusplus
}
#endif
#endif /* GWNATIVE_H */
