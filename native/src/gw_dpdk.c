/*
 * gw_dpdk.c - the DPDK backend: EAL once per process, one rx + one tx queue per port, rx bursts
 * handed to C# as gw_rx_desc batches that point into the mbufs themselves (zero copy), tx by copy.
 *
 * Threading: EAL init, port open/close and shutdown are control-plane calls made from one thread
 * before/after the workers run. rx_burst/release/tx/tx_flush on a port must come from a single
 * thread (queue 0 is not thread-safe in any PMD); different ports may be polled by different
 * threads, and their state lives on separate cache lines for that reason.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gw_internal.h"

#ifdef GW_HAVE_DPDK

#include <rte_config.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_ethdev.h>
#include <rte_lcore.h>
#include <rte_mbuf.h>
#include <rte_mbuf_dyn.h>
#include <rte_memcpy.h>
#include <rte_prefetch.h>

/* Largest chunk gathered on the stack per rte_eth_rx_burst / rte_pktmbuf_free_bulk call. */
#define GW_CHUNK 64
/* Frames buffered by gw_dpdk_tx before an automatic rte_eth_tx_burst. */
#define GW_TX_BUFFER 32
#define GW_DEFAULT_RING 1024
#define GW_DEFAULT_MBUFS 8191 /* 2^n - 1: the mempool's ring is a power of two and keeps one slot free */

struct gw_port {
    /* Read on every rx/tx: first line. */
    struct rte_mempool *pool;
    uint64_t ts_mult; /* PMD timestamp unit -> ns (net_pcap reports microseconds) */
    uint16_t tx_count;
    uint8_t open;
    uint8_t hw_ts;
    uint16_t port_id;
    struct rte_mbuf *tx_buf[GW_TX_BUFFER];
} __rte_cache_aligned;

enum eal_state { EAL_NONE = 0, EAL_READY = 1, EAL_DOWN = 2 };

static struct gw_port s_ports[RTE_MAX_ETHPORTS];
static int s_eal_state;
/*
 * rte_eal_init permutes argv (getopt moves options around and it rewrites argv[0]) and some
 * EAL/driver code keeps pointers into the strings. So the shim owns both the strings and the
 * pointer array, for the life of the process: a marshaller's temporary would be freed under EAL.
 */
static char **s_eal_argv;
static int s_eal_argc;
/* Offset/flag of the standard rx timestamp dynfield; -1/0 until a PMD or we register it. */
static int s_ts_offset = -1;
static uint64_t s_ts_flag;

static void join_args(char *out, size_t cap, int argc, const char *const *argv)
{
    size_t used = 0;
    out[0] = '\0';
    for (int i = 0; i < argc && used + 1 < cap; i++) {
        int n = snprintf(out + used, cap - used, "%s%s", i ? " " : "", argv[i] ? argv[i] : "(null)");
        if (n < 0)
            break;
        used += (size_t)n;
    }
}

GW_API int32_t gw_dpdk_available(void)
{
    return 1;
}

GW_API int32_t gw_dpdk_init(int32_t argc, const char *const *argv)
{
    if (argc < 1 || argv == NULL)
        return gw_fail(GW_EINVAL, "gw_dpdk_init: argv must hold at least the program name (argc=%d)", argc);
    if (s_eal_state == EAL_READY)
        return gw_fail(GW_ESTATE, "DPDK EAL is already initialised: rte_eal_init runs once per process");
    if (s_eal_state == EAL_DOWN)
        return gw_fail(GW_ESTATE, "DPDK EAL was shut down (rte_eal_cleanup); it cannot be initialised again in this process");

    /* One extra slot: EAL expects argv[argc] == NULL like a real main(). Never freed (see above). */
    char **copy = calloc((size_t)argc + 1, sizeof(char *));
    if (copy == NULL)
        return gw_fail(GW_ENOMEM, "gw_dpdk_init: out of memory copying %d arguments", argc);
    for (int i = 0; i < argc; i++) {
        copy[i] = strdup(argv[i] ? argv[i] : "");
        if (copy[i] == NULL)
            return gw_fail(GW_ENOMEM, "gw_dpdk_init: out of memory copying argument %d", i);
    }

    int rc = rte_eal_init(argc, copy);
    if (rc < 0) {
        char args[384];
        join_args(args, sizeof(args), argc, argv);
        /*
         * EAL resets its run-once guard only for failures before it touches memory (mostly argument
         * parsing); after later failures a retry gets EALREADY. Either way rte_errno says which.
         */
        int err = rte_errno;
        return gw_fail(err == EALREADY ? GW_ESTATE : GW_EIO, "rte_eal_init failed: %s; EAL arguments: %s",
                       rte_strerror(err), args);
    }
    s_eal_argv = copy;
    s_eal_argc = argc;
    s_eal_state = EAL_READY;
    gw_tsc_ready();
    return GW_OK;
}

/* Cold: explains why a hot call was refused. */
static GW_COLD int32_t port_refused(int32_t port_id, const char *op)
{
    if (s_eal_state != EAL_READY)
        return gw_fail(GW_ESTATE, "%s: DPDK EAL is not initialised (call gw_dpdk_init first)", op);
    if (port_id < 0 || port_id >= RTE_MAX_ETHPORTS)
        return gw_fail(GW_EINVAL, "%s: port id %d out of range [0, %d)", op, port_id, RTE_MAX_ETHPORTS);
    return gw_fail(GW_ESTATE, "%s: port %d is not open (gw_dpdk_port_open)", op, port_id);
}

static inline struct gw_port *port_get(int32_t port_id)
{
    if (unlikely((uint32_t)port_id >= RTE_MAX_ETHPORTS))
        return NULL;
    struct gw_port *p = &s_ports[port_id];
    return likely(p->open) ? p : NULL;
}

GW_API int32_t gw_dpdk_port_open(const char *name, int32_t port_id, uint32_t rx_ring, uint32_t tx_ring,
                                 uint32_t n_mbufs)
{
    if (s_eal_state != EAL_READY)
        return port_refused(port_id, "gw_dpdk_port_open");

    uint16_t pid;
    if (name != NULL) {
        if (rte_eth_dev_get_port_by_name(name, &pid) != 0)
            return gw_fail(GW_ENODEV, "no DPDK port named '%s' (vdev not created? check --vdev, or the device's PCI address)",
                           name);
    } else {
        if (port_id < 0 || port_id >= RTE_MAX_ETHPORTS || !rte_eth_dev_is_valid_port((uint16_t)port_id))
            return gw_fail(GW_ENODEV, "no DPDK port with id %d (%u ports available)", port_id,
                           (unsigned)rte_eth_dev_count_avail());
        pid = (uint16_t)port_id;
    }
    struct gw_port *p = &s_ports[pid];
    if (p->open)
        return gw_fail(GW_ESTATE, "DPDK port %u is already open", pid);

    struct rte_eth_dev_info info;
    int rc = rte_eth_dev_info_get(pid, &info);
    if (rc != 0)
        return gw_fail(GW_EIO, "rte_eth_dev_info_get(port %u) failed: %s", pid, rte_strerror(-rc));

    struct rte_eth_conf conf;
    memset(&conf, 0, sizeof(conf));
    int want_ts = (info.rx_offload_capa & RTE_ETH_RX_OFFLOAD_TIMESTAMP) != 0;
    if (want_ts)
        conf.rxmode.offloads |= RTE_ETH_RX_OFFLOAD_TIMESTAMP;
    /* Every mbuf comes from one pool with refcnt 1, which is what FAST_FREE requires. */
    if (info.tx_offload_capa & RTE_ETH_TX_OFFLOAD_MBUF_FAST_FREE)
        conf.txmode.offloads |= RTE_ETH_TX_OFFLOAD_MBUF_FAST_FREE;

    if (want_ts) {
        /* Registers the shared field/flag (or finds the PMD's); the PMD fills them per mbuf. */
        if (rte_mbuf_dyn_rx_timestamp_register(&s_ts_offset, &s_ts_flag) != 0)
            return gw_fail(GW_EIO, "port %u: cannot register the rx timestamp dynfield: %s", pid, rte_strerror(rte_errno));
    }

    uint16_t nb_rxd = (uint16_t)(rx_ring ? rx_ring : GW_DEFAULT_RING);
    uint16_t nb_txd = (uint16_t)(tx_ring ? tx_ring : GW_DEFAULT_RING);
    unsigned mbufs = n_mbufs ? n_mbufs : GW_DEFAULT_MBUFS;
    int socket = rte_eth_dev_socket_id(pid);
    if (socket < 0)
        socket = (int)rte_socket_id();

    char pool_name[RTE_MEMPOOL_NAMESIZE];
    snprintf(pool_name, sizeof(pool_name), "gw_pool_p%u", pid);
    /* Per-lcore cache: bulk alloc/free from the polling core mostly stays off the shared ring. */
    unsigned cache = mbufs >= 4096 ? 256 : mbufs / 16;
    struct rte_mempool *pool =
        rte_pktmbuf_pool_create(pool_name, mbufs, cache, 0, RTE_MBUF_DEFAULT_BUF_SIZE, socket);
    if (pool == NULL)
        return gw_fail(GW_ENOMEM, "port %u: cannot create a mempool of %u mbufs: %s (with --no-huge raise -m)", pid,
                       mbufs, rte_strerror(rte_errno));

    if ((rc = rte_eth_dev_configure(pid, 1, 1, &conf)) != 0) {
        rte_mempool_free(pool);
        return gw_fail(GW_EIO, "rte_eth_dev_configure(port %u, %s) failed: %s", pid, info.driver_name, rte_strerror(-rc));
    }
    if ((rc = rte_eth_dev_adjust_nb_rx_tx_desc(pid, &nb_rxd, &nb_txd)) != 0 ||
        (rc = rte_eth_rx_queue_setup(pid, 0, nb_rxd, (unsigned)socket, NULL, pool)) != 0 ||
        (rc = rte_eth_tx_queue_setup(pid, 0, nb_txd, (unsigned)socket, NULL)) != 0) {
        rte_eth_dev_close(pid);
        rte_mempool_free(pool);
        return gw_fail(GW_EIO, "port %u (%s): queue setup failed: %s", pid, info.driver_name, rte_strerror(-rc));
    }
    if ((rc = rte_eth_dev_start(pid)) != 0) {
        rte_eth_dev_close(pid);
        rte_mempool_free(pool);
        return gw_fail(GW_EIO, "rte_eth_dev_start(port %u, %s) failed: %s", pid, info.driver_name, rte_strerror(-rc));
    }
    /* Best effort: virtual PMDs and some VFs refuse, and a market-data feed is usually multicast anyway. */
    (void)rte_eth_promiscuous_enable(pid);

    /*
     * Look the flag up even when we did not enable the offload: a PMD may register and fill it on
     * its own. The dynfield timestamp's unit is PMD-defined (DPDK does not normalise it): net_pcap
     * stores the pcap record time in microseconds; NIC PMDs store their clock's ticks.
     */
    if (s_ts_flag == 0) {
        int bit = rte_mbuf_dynflag_lookup(RTE_MBUF_DYNFLAG_RX_TIMESTAMP_NAME, NULL);
        int off = rte_mbuf_dynfield_lookup(RTE_MBUF_DYNFIELD_TIMESTAMP_NAME, NULL);
        if (bit >= 0 && off >= 0) {
            s_ts_flag = 1ull << bit;
            s_ts_offset = off;
        }
    }

    memset(p, 0, sizeof(*p));
    p->pool = pool;
    p->port_id = pid;
    p->hw_ts = (uint8_t)(s_ts_flag != 0);
    p->ts_mult = strcmp(info.driver_name, "net_pcap") == 0 ? 1000 : 1;
    p->open = 1;
    return (int32_t)pid;
}

GW_API int32_t gw_dpdk_rx_burst(int32_t port_id, gw_rx_desc *descs, int32_t max)
{
    struct gw_port *p = port_get(port_id);
    if (unlikely(p == NULL))
        return port_refused(port_id, "gw_dpdk_rx_burst");
    if (unlikely(descs == NULL || max < 0))
        return gw_fail(GW_EINVAL, "gw_dpdk_rx_burst: descs=%p max=%d", (void *)descs, max);

    const uint64_t ts_flag = s_ts_flag;
    const int ts_off = s_ts_offset;
    const uint64_t ts_mult = p->ts_mult;
    uint64_t sw_ns = 0; /* one TSC read per burst, taken lazily: frames of a burst arrived together */
    int32_t total = 0;

    while (total < max) {
        struct rte_mbuf *bufs[GW_CHUNK];
        uint16_t want = (uint16_t)(max - total < GW_CHUNK ? max - total : GW_CHUNK);
        uint16_t got = rte_eth_rx_burst(p->port_id, 0, bufs, want);
        for (uint16_t i = 0; i < got; i++) {
            struct rte_mbuf *m = bufs[i];
            if (i + 1 < got)
                rte_prefetch0(rte_pktmbuf_mtod(bufs[i + 1], void *));
            gw_rx_desc *d = &descs[total + i];
            uint32_t flags = 0;
            if (m->ol_flags & ts_flag) {
                d->timestamp_ns = *RTE_MBUF_DYNFIELD(m, ts_off, rte_mbuf_timestamp_t *) * ts_mult;
                flags |= GW_DESC_HW_TS;
            } else {
                if (sw_ns == 0)
                    sw_ns = gw_tsc_to_ns_inline(gw_rdtsc_inline());
                d->timestamp_ns = sw_ns;
            }
            if (unlikely(m->nb_segs > 1))
                flags |= GW_DESC_MULTISEG;
            d->data = rte_pktmbuf_mtod(m, const uint8_t *);
            d->len = m->data_len;
            d->flags = flags;
            d->handle = m;
        }
        total += got;
        if (got < want)
            break; /* the queue is drained; do not spin on an empty ring */
    }
    return total;
}

GW_API int32_t gw_dpdk_release(const gw_rx_desc *descs, int32_t n)
{
    if (unlikely(s_eal_state != EAL_READY))
        return port_refused(-1, "gw_dpdk_release");
    if (unlikely(n < 0 || (n > 0 && descs == NULL)))
        return gw_fail(GW_EINVAL, "gw_dpdk_release: descs=%p n=%d", (const void *)descs, n);

    struct rte_mbuf *bufs[GW_CHUNK];
    unsigned k = 0;
    for (int32_t i = 0; i < n; i++) {
        bufs[k++] = (struct rte_mbuf *)descs[i].handle; /* NULL handles are skipped by free_bulk */
        if (k == GW_CHUNK) {
            rte_pktmbuf_free_bulk(bufs, k);
            k = 0;
        }
    }
    if (k)
        rte_pktmbuf_free_bulk(bufs, k);
    return n;
}

/* Pushes buffered frames to the PMD; keeps what the ring did not take, in order. */
static inline uint16_t tx_push(struct gw_port *p)
{
    uint16_t sent = rte_eth_tx_burst(p->port_id, 0, p->tx_buf, p->tx_count);
    if (unlikely(sent < p->tx_count))
        memmove(p->tx_buf, p->tx_buf + sent, (size_t)(p->tx_count - sent) * sizeof(p->tx_buf[0]));
    p->tx_count = (uint16_t)(p->tx_count - sent);
    return sent;
}

GW_API int32_t gw_dpdk_tx(int32_t port_id, const uint8_t *frame, uint32_t len)
{
    struct gw_port *p = port_get(port_id);
    if (unlikely(p == NULL))
        return port_refused(port_id, "gw_dpdk_tx");
    if (unlikely(frame == NULL || len == 0))
        return gw_fail(GW_EINVAL, "gw_dpdk_tx: empty frame");

    if (unlikely(p->tx_count == GW_TX_BUFFER)) {
        tx_push(p);
        if (p->tx_count == GW_TX_BUFFER)
            return GW_EAGAIN; /* ring and buffer both full: the caller decides whether to drop or retry */
    }

    struct rte_mbuf *m = rte_pktmbuf_alloc(p->pool);
    if (unlikely(m == NULL))
        return gw_fail(GW_ENOMEM, "gw_dpdk_tx: port %d mempool exhausted (rx batches not released?)", port_id);
    if (unlikely(len > rte_pktmbuf_tailroom(m))) {
        uint32_t room = rte_pktmbuf_tailroom(m);
        rte_pktmbuf_free(m);
        return gw_fail(GW_EINVAL, "gw_dpdk_tx: frame of %u bytes exceeds the mbuf data room (%u)", len, room);
    }
    rte_memcpy(rte_pktmbuf_mtod(m, void *), frame, len);
    m->data_len = (uint16_t)len;
    m->pkt_len = len;
    p->tx_buf[p->tx_count++] = m;
    if (p->tx_count == GW_TX_BUFFER)
        tx_push(p);
    return GW_OK;
}

GW_API int32_t gw_dpdk_tx_flush(int32_t port_id)
{
    struct gw_port *p = port_get(port_id);
    if (unlikely(p == NULL))
        return port_refused(port_id, "gw_dpdk_tx_flush");
    if (p->tx_count == 0)
        return 0;
    return tx_push(p);
}

GW_API int32_t gw_dpdk_port_stats(int32_t port_id, gw_port_stats *out)
{
    struct gw_port *p = port_get(port_id);
    if (p == NULL)
        return port_refused(port_id, "gw_dpdk_port_stats");
    if (out == NULL)
        return gw_fail(GW_EINVAL, "gw_dpdk_port_stats: out is NULL");
    struct rte_eth_stats st;
    int rc = rte_eth_stats_get(p->port_id, &st);
    if (rc != 0)
        return gw_fail(GW_EIO, "rte_eth_stats_get(port %d) failed: %s", port_id, rte_strerror(-rc));
    out->rx_packets = st.ipackets;
    out->rx_bytes = st.ibytes;
    out->rx_missed = st.imissed;
    out->rx_errors = st.ierrors;
    out->rx_nombuf = st.rx_nombuf;
    out->tx_packets = st.opackets;
    out->tx_bytes = st.obytes;
    out->tx_errors = st.oerrors;
    return GW_OK;
}

static void port_teardown(struct gw_port *p)
{
    uint16_t pid = p->port_id;
    if (p->tx_count) {
        tx_push(p);
        rte_pktmbuf_free_bulk(p->tx_buf, p->tx_count); /* what the ring would not take is dropped */
        p->tx_count = 0;
    }
    rte_eth_dev_stop(pid);
    /* For vdevs close also releases the port id: reopening by name needs the vdev re-created. */
    rte_eth_dev_close(pid);
    /* Frees the pool even if C# still holds mbufs from it: callers release every batch before closing. */
    rte_mempool_free(p->pool);
    memset(p, 0, sizeof(*p));
}

GW_API int32_t gw_dpdk_port_close(int32_t port_id)
{
    struct gw_port *p = port_get(port_id);
    if (p == NULL)
        return port_refused(port_id, "gw_dpdk_port_close");
    port_teardown(p);
    return GW_OK;
}

GW_API int32_t gw_dpdk_thread_register(void)
{
    if (unlikely(s_eal_state != EAL_READY))
        return gw_fail(GW_ESTATE, "gw_dpdk_thread_register: DPDK EAL is not initialised");
    if (rte_lcore_id() != LCORE_ID_ANY)
        return (int32_t)rte_lcore_id(); /* an EAL thread, or registered already */
    if (rte_thread_register() != 0)
        return gw_fail(GW_EIO, "rte_thread_register failed: %s (all RTE_MAX_LCORE lcore ids in use?)",
                       rte_strerror(rte_errno));
    return (int32_t)rte_lcore_id();
}

GW_API int32_t gw_dpdk_shutdown(void)
{
    if (s_eal_state != EAL_READY)
        return gw_fail(GW_ESTATE, "gw_dpdk_shutdown: DPDK EAL is not initialised");
    for (int i = 0; i < RTE_MAX_ETHPORTS; i++)
        if (s_ports[i].open)
            port_teardown(&s_ports[i]);
    s_eal_state = EAL_DOWN;
    int rc = rte_eal_cleanup();
    if (rc != 0)
        return gw_fail(GW_EIO, "rte_eal_cleanup failed: %s", rte_strerror(-rc));
    return GW_OK;
}

#else /* !GW_HAVE_DPDK: same ABI, every call explains that the backend is missing. */

#define NO_DPDK() gw_fail(GW_ENOTSUP, "DPDK backend not built: libdpdk was not found by pkg-config at build time")

GW_API int32_t gw_dpdk_available(void) { return 0; }
GW_API int32_t gw_dpdk_init(int32_t argc, const char *const *argv) { (void)argc; (void)argv; return NO_DPDK(); }
GW_API int32_t gw_dpdk_port_open(const char *name, int32_t port_id, uint32_t rx_ring, uint32_t tx_ring,
                                 uint32_t n_mbufs)
{
    (void)name; (void)port_id; (void)rx_ring; (void)tx_ring; (void)n_mbufs;
    return NO_DPDK();
}
GW_API int32_t gw_dpdk_rx_burst(int32_t port_id, gw_rx_desc *descs, int32_t max)
{
    (void)port_id; (void)descs; (void)max;
    return NO_DPDK();
}
GW_API int32_t gw_dpdk_release(const gw_rx_desc *descs, int32_t n) { (void)descs; (void)n; return NO_DPDK(); }
GW_API int32_t gw_dpdk_tx(int32_t port_id, const uint8_t *frame, uint32_t len)
{
    (void)port_id; (void)frame; (void)len;
    return NO_DPDK();
}
GW_API int32_t gw_dpdk_tx_flush(int32_t port_id) { (void)port_id; return NO_DPDK(); }
GW_API int32_t gw_dpdk_port_stats(int32_t port_id, gw_port_stats *out) { (void)port_id; (void)out; return NO_DPDK(); }
GW_API int32_t gw_dpdk_port_close(int32_t port_id) { (void)port_id; return NO_DPDK(); }
GW_API int32_t gw_dpdk_thread_register(void) { return NO_DPDK(); }
GW_API int32_t gw_dpdk_shutdown(void) { return NO_DPDK(); }

#endif /* GW_HAVE_DPDK */
