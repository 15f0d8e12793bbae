/*
 * gw_efvi.c - Solarflare/AMD ef_vi backend, compiled for real only where OpenOnload's
 * etherfabric headers and libciul were found at configure time (GW_HAVE_EFVI); everywhere else
 * every entry point returns GW_ENOTSUP with a message saying so.
 *
 * The real backend uses the classic (ef10) packet-buffer model: one registered DMA region carved
 * into 2 KiB buffers, rx buffers posted to the rx ring, and the descriptor handle carries the
 * buffer id (+1, so a NULL handle never names buffer 0) for gw_efvi_release to repost it.
 * It was written against the ef_vi API documentation and has not been compiled on this project's
 * CI machine (no OpenOnload there); treat the first build on a Solarflare host as its first test.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "gw_internal.h"

#ifdef GW_HAVE_EFVI

#include <etherfabric/ef_vi.h>
#include <etherfabric/memreg.h>
#include <etherfabric/pd.h>
#include <etherfabric/vi.h>

#define GW_EFVI_BUF_SIZE 2048u
#define GW_EFVI_TX_BUFS 64u
#define GW_EFVI_POLL 64

struct gw_efvi {
    ef_vi vi;
    ef_driver_handle dh;
    ef_pd pd;
    ef_memreg mr;
    uint8_t *mem;
    uint32_t n_rx;       /* rx buffers: ids [0, n_rx) */
    uint32_t tx_next;    /* tx buffers: ids [n_rx, n_rx + GW_EFVI_TX_BUFS), used round-robin */
    int32_t prefix;      /* bytes of NIC metadata before the frame in each rx buffer */
    uint32_t tx_inflight;
};

GW_API int32_t gw_efvi_available(void)
{
    return 1;
}

static inline uint8_t *buf_ptr(gw_efvi *v, uint32_t id)
{
    return v->mem + (size_t)id * GW_EFVI_BUF_SIZE;
}

static inline ef_addr buf_dma(gw_efvi *v, uint32_t id)
{
    return ef_memreg_dma_addr(&v->mr, (size_t)id * GW_EFVI_BUF_SIZE);
}

static void post_rx(gw_efvi *v, uint32_t id)
{
    ef_vi_receive_init(&v->vi, buf_dma(v, id), (ef_request_id)id);
}

GW_API int32_t gw_efvi_open(const char *iface, uint32_t n_bufs, gw_efvi **out)
{
    if (iface == NULL || out == NULL)
        return gw_fail(GW_EINVAL, "gw_efvi_open: iface and out are required");
    *out = NULL;
    gw_efvi *v = calloc(1, sizeof(*v));
    if (v == NULL)
        return gw_fail(GW_ENOMEM, "gw_efvi_open: out of memory");
    int rc;
    if ((rc = ef_driver_open(&v->dh)) < 0) {
        free(v);
        return gw_fail(GW_ENODEV, "ef_driver_open failed (%d): is the onload/sfc_char driver loaded?", rc);
    }
    if ((rc = ef_pd_alloc_by_name(&v->pd, v->dh, iface, EF_PD_DEFAULT)) < 0) {
        ef_driver_close(v->dh);
        free(v);
        return gw_fail(GW_ENODEV, "ef_pd_alloc_by_name('%s') failed (%d): not a Solarflare interface?", iface, rc);
    }
    if ((rc = ef_vi_alloc_from_pd(&v->vi, v->dh, &v->pd, v->dh, -1, -1, -1, NULL, -1, EF_VI_FLAGS_DEFAULT)) < 0) {
        ef_pd_free(&v->pd, v->dh);
        ef_driver_close(v->dh);
        free(v);
        return gw_fail(GW_EIO, "ef_vi_alloc_from_pd('%s') failed (%d)", iface, rc);
    }
    uint32_t cap = (uint32_t)ef_vi_receive_capacity(&v->vi);
    v->n_rx = n_bufs && n_bufs < cap ? n_bufs : cap;
    size_t bytes = (size_t)(v->n_rx + GW_EFVI_TX_BUFS) * GW_EFVI_BUF_SIZE;
    bytes = (bytes + 4095) & ~(size_t)4095;
    if (posix_memalign((void **)&v->mem, 4096, bytes) != 0) {
        gw_efvi_close(v);
        return gw_fail(GW_ENOMEM, "gw_efvi_open: cannot allocate %zu bytes of packet buffers", bytes);
    }
    if ((rc = ef_memreg_alloc(&v->mr, v->dh, &v->pd, v->dh, v->mem, bytes)) < 0) {
        free(v->mem);
        v->mem = NULL;
        gw_efvi_close(v);
        return gw_fail(GW_EIO, "ef_memreg_alloc(%zu bytes) failed (%d)", bytes, rc);
    }
    v->prefix = ef_vi_receive_prefix_len(&v->vi);
    for (uint32_t i = 0; i < v->n_rx; i++)
        post_rx(v, i);
    ef_vi_receive_push(&v->vi);

    /* Without a filter the VI receives nothing: take all unicast and multicast for this port. */
    ef_filter_spec fs;
    ef_filter_spec_init(&fs, EF_FILTER_FLAG_NONE);
    ef_filter_spec_set_unicast_all(&fs);
    int f1 = ef_vi_filter_add(&v->vi, v->dh, &fs, NULL);
    ef_filter_spec_init(&fs, EF_FILTER_FLAG_NONE);
    ef_filter_spec_set_multicast_all(&fs);
    int f2 = ef_vi_filter_add(&v->vi, v->dh, &fs, NULL);
    if (f1 < 0 && f2 < 0) {
        gw_efvi_close(v);
        return gw_fail(GW_EIO, "ef_vi_filter_add on '%s' failed (%d/%d): needs root, or another app owns the filters",
                       iface, f1, f2);
    }
    gw_tsc_ready();
    *out = v;
    return GW_OK;
}

GW_API int32_t gw_efvi_rx_burst(gw_efvi *v, gw_rx_desc *descs, int32_t max)
{
    if (unlikely(v == NULL || descs == NULL || max < EF_VI_EVENT_POLL_MIN_EVS))
        return gw_fail(GW_EINVAL, "gw_efvi_rx_burst: NULL argument or max < %d", EF_VI_EVENT_POLL_MIN_EVS);
    ef_event evs[GW_EFVI_POLL];
    int cap = max < GW_EFVI_POLL ? max : GW_EFVI_POLL;
    int n_ev = ef_eventq_poll(&v->vi, evs, cap);
    int32_t n = 0;
    uint64_t now = 0;
    int reposted = 0;
    for (int i = 0; i < n_ev; i++) {
        switch (EF_EVENT_TYPE(evs[i])) {
        case EF_EVENT_TYPE_RX: {
            uint32_t id = EF_EVENT_RX_RQ_ID(evs[i]);
            if (now == 0)
                now = gw_tsc_to_ns_inline(gw_rdtsc_inline());
            gw_rx_desc *d = &descs[n++];
            d->data = buf_ptr(v, id) + v->prefix;
            d->len = (uint32_t)EF_EVENT_RX_BYTES(evs[i]) - (uint32_t)v->prefix;
            d->flags = EF_EVENT_RX_CONT(evs[i]) ? GW_DESC_MULTISEG : 0;
            d->timestamp_ns = now;
            d->handle = (void *)(uintptr_t)(id + 1);
            break;
        }
        case EF_EVENT_TYPE_RX_DISCARD:
            /* Bad CRC/length or no matching filter: the buffer comes straight back. */
            post_rx(v, EF_EVENT_RX_DISCARD_RQ_ID(evs[i]));
            reposted = 1;
            break;
        case EF_EVENT_TYPE_TX: {
            ef_request_id ids[EF_VI_TRANSMIT_BATCH];
            v->tx_inflight -= (uint32_t)ef_vi_transmit_unbundle(&v->vi, &evs[i], ids);
            break;
        }
        default:
            break;
        }
    }
    if (reposted)
        ef_vi_receive_push(&v->vi);
    return n;
}

GW_API int32_t gw_efvi_release(gw_efvi *v, const gw_rx_desc *descs, int32_t n)
{
    if (unlikely(v == NULL || n < 0 || (n > 0 && descs == NULL)))
        return gw_fail(GW_EINVAL, "gw_efvi_release: bad arguments");
    for (int32_t i = 0; i < n; i++) {
        uintptr_t h = (uintptr_t)descs[i].handle;
        if (h != 0)
            post_rx(v, (uint32_t)(h - 1));
    }
    /* One doorbell per batch, not per buffer. */
    ef_vi_receive_push(&v->vi);
    return n;
}

GW_API int32_t gw_efvi_tx(gw_efvi *v, const uint8_t *frame, uint32_t len)
{
    if (unlikely(v == NULL || frame == NULL || len == 0 || len > GW_EFVI_BUF_SIZE))
        return gw_fail(GW_EINVAL, "gw_efvi_tx: bad frame (len %u, max %u)", len, GW_EFVI_BUF_SIZE);
    if (unlikely(v->tx_inflight >= GW_EFVI_TX_BUFS))
        return GW_EAGAIN; /* every tx buffer is still owned by the NIC; poll rx to reap completions */
    uint32_t id = v->n_rx + v->tx_next;
    v->tx_next = (v->tx_next + 1) % GW_EFVI_TX_BUFS;
    memcpy(buf_ptr(v, id), frame, len);
    int rc = ef_vi_transmit(&v->vi, buf_dma(v, id), (int)len, (ef_request_id)id);
    if (unlikely(rc != 0))
        return rc == -EAGAIN ? GW_EAGAIN : gw_fail(GW_EIO, "ef_vi_transmit failed (%d)", rc);
    v->tx_inflight++;
    return GW_OK;
}

GW_API void gw_efvi_close(gw_efvi *v)
{
    if (v == NULL)
        return;
    if (v->mem != NULL) {
        ef_memreg_free(&v->mr, v->dh);
        free(v->mem);
    }
    ef_vi_free(&v->vi, v->dh);
    ef_pd_free(&v->pd, v->dh);
    ef_driver_close(v->dh);
    free(v);
}

#else /* !GW_HAVE_EFVI */

#define NO_EFVI() gw_fail(GW_ENOTSUP, "ef_vi backend not built: etherfabric headers were not found at build time")

GW_API int32_t gw_efvi_available(void) { return 0; }
GW_API int32_t gw_efvi_open(const char *iface, uint32_t n_bufs, gw_efvi **out)
{
    (void)iface; (void)n_bufs;
    if (out) *out = NULL;
    return NO_EFVI();
}
GW_API int32_t gw_efvi_rx_burst(gw_efvi *v, gw_rx_desc *descs, int32_t max) { (void)v; (void)descs; (void)max; return NO_EFVI(); }
GW_API int32_t gw_efvi_release(gw_efvi *v, const gw_rx_desc *descs, int32_t n) { (void)v; (void)descs; (void)n; return NO_EFVI(); }
GW_API int32_t gw_efvi_tx(gw_efvi *v, const uint8_t *frame, uint32_t len) { (void)v; (void)frame; (void)len; return NO_EFVI(); }
GW_API void gw_efvi_close(gw_efvi *v) { (void)v; }

#endif /* GW_HAVE_EFVI */
