/*
 * gw_pcap.c - libpcap backend: live capture on a kernel interface, or an offline capture file.
 *
 * Not kernel bypass: it is the portable fallback and the test double for the DPDK path. Frames are
 * copied out of libpcap into a shim-owned buffer because libpcap recycles its own buffer on the
 * next read (live: the TPACKET ring slot; offline: the single record buffer), while the
 * IPacketSource contract keeps a whole batch valid until it is released.
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>

#include "gw_internal.h"

#ifdef GW_HAVE_PCAP

#include <pcap/pcap.h>

/* Copy buffer: at least this big, and always at least two maximal frames. */
#define GW_PCAP_BUF_MIN (1u << 20)
/* libpcap's own ceiling for any link type (MAXIMUM_SNAPLEN). */
#define GW_PCAP_SNAP_MAX 262144u

struct gw_pcap {
    pcap_t *p;
    uint8_t *buf;
    size_t buf_cap;
    uint32_t frame_max;   /* largest caplen libpcap can hand us for this handle */
    uint32_t frame_room;  /* frame_max rounded up to the 64-byte slot alignment */
    uint32_t ns_scale;    /* 1 when libpcap reports ns in tv_usec, 1000 when us */
    int32_t sticky;       /* GW_EOF / GW_EIO once the stream ended; returned from then on */
    uint8_t offline;
    uint64_t rx_packets, rx_bytes, tx_packets, tx_bytes, tx_errors;
};

GW_API int32_t gw_pcap_available(void)
{
    return 1;
}

static int32_t handle_init(gw_pcap *h)
{
    int snap = pcap_snapshot(h->p);
    h->frame_max = (snap <= 0 || (uint32_t)snap > GW_PCAP_SNAP_MAX) ? GW_PCAP_SNAP_MAX : (uint32_t)snap;
    h->frame_room = (h->frame_max + 63u) & ~63u;
    h->buf_cap = GW_PCAP_BUF_MIN > 2u * h->frame_room ? GW_PCAP_BUF_MIN : 2u * h->frame_room;
    h->buf = malloc(h->buf_cap);
    if (h->buf == NULL)
        return gw_fail(GW_ENOMEM, "libpcap: cannot allocate a %zu-byte copy buffer", h->buf_cap);
    h->ns_scale = pcap_get_tstamp_precision(h->p) == PCAP_TSTAMP_PRECISION_NANO ? 1 : 1000;
    return GW_OK;
}

GW_API int32_t gw_pcap_open_live(const char *iface, int32_t snaplen, int32_t promisc, int32_t buffer_bytes,
                                 gw_pcap **out)
{
    if (iface == NULL || out == NULL)
        return gw_fail(GW_EINVAL, "gw_pcap_open_live: iface and out are required");
    *out = NULL;

    char err[PCAP_ERRBUF_SIZE] = "";
    pcap_t *p = pcap_create(iface, err);
    if (p == NULL)
        return gw_fail(GW_ENODEV, "libpcap cannot open interface '%s': %s", iface, err);

    pcap_set_snaplen(p, snaplen > 0 ? snaplen : 65535);
    pcap_set_promisc(p, promisc ? 1 : 0);
    if (buffer_bytes > 0)
        pcap_set_buffer_size(p, buffer_bytes);
    /* Deliver each packet as it arrives instead of when a TPACKET_V3 block fills or times out. */
    pcap_set_immediate_mode(p, 1);
    /* Ask for ns; older kernels/libpcaps may refuse, and handle_init reads back what we got. */
    (void)pcap_set_tstamp_precision(p, PCAP_TSTAMP_PRECISION_NANO);

    int rc = pcap_activate(p);
    if (rc < 0) {
        int32_t code = rc == PCAP_ERROR_NO_SUCH_DEVICE ? GW_ENODEV : GW_EIO;
        const char *hint = rc == PCAP_ERROR_PERM_DENIED ? " (capturing needs root or CAP_NET_RAW)" : "";
        gw_fail(code, "libpcap cannot activate '%s': %s: %s%s", iface, pcap_statustostr(rc), pcap_geterr(p), hint);
        pcap_close(p);
        return code;
    }
    /* rc > 0 is a warning (e.g. promiscuous mode unsupported): the handle works. */
    if (pcap_setnonblock(p, 1, err) != 0) {
        gw_fail(GW_EIO, "libpcap cannot make '%s' non-blocking: %s", iface, err);
        pcap_close(p);
        return GW_EIO;
    }

    gw_pcap *h = calloc(1, sizeof(*h));
    if (h == NULL) {
        pcap_close(p);
        return gw_fail(GW_ENOMEM, "gw_pcap_open_live: out of memory");
    }
    h->p = p;
    int32_t ir = handle_init(h);
    if (ir != GW_OK) {
        gw_pcap_close(h);
        return ir;
    }
    *out = h;
    return GW_OK;
}

GW_API int32_t gw_pcap_open_offline(const char *path, gw_pcap **out)
{
    if (path == NULL || out == NULL)
        return gw_fail(GW_EINVAL, "gw_pcap_open_offline: path and out are required");
    *out = NULL;

    char err[PCAP_ERRBUF_SIZE] = "";
    /* ns precision: libpcap scales µs files up, and ns files keep every digit. */
    pcap_t *p = pcap_open_offline_with_tstamp_precision(path, PCAP_TSTAMP_PRECISION_NANO, err);
    if (p == NULL)
        return gw_fail(GW_EIO, "libpcap cannot read '%s': %s", path, err);

    gw_pcap *h = calloc(1, sizeof(*h));
    if (h == NULL) {
        pcap_close(p);
        return gw_fail(GW_ENOMEM, "gw_pcap_open_offline: out of memory");
    }
    h->p = p;
    h->offline = 1;
    int32_t ir = handle_init(h);
    if (ir != GW_OK) {
        gw_pcap_close(h);
        return ir;
    }
    *out = h;
    return GW_OK;
}

GW_API int32_t gw_pcap_datalink(gw_pcap *h)
{
    if (h == NULL)
        return gw_fail(GW_EINVAL, "gw_pcap_datalink: NULL handle");
    return pcap_datalink(h->p);
}

GW_API int32_t gw_pcap_set_filter(gw_pcap *h, const char *bpf)
{
    if (h == NULL || bpf == NULL)
        return gw_fail(GW_EINVAL, "gw_pcap_set_filter: NULL argument");
    struct bpf_program prog;
    if (pcap_compile(h->p, &prog, bpf, 1, PCAP_NETMASK_UNKNOWN) != 0)
        return gw_fail(GW_EINVAL, "invalid BPF filter '%s': %s", bpf, pcap_geterr(h->p));
    int rc = pcap_setfilter(h->p, &prog);
    pcap_freecode(&prog);
    if (rc != 0)
        return gw_fail(GW_EIO, "cannot install BPF filter '%s': %s", bpf, pcap_geterr(h->p));
    return GW_OK;
}

GW_API int32_t gw_pcap_rx_burst(gw_pcap *h, gw_rx_desc *descs, int32_t max)
{
    if (unlikely(h == NULL || descs == NULL || max < 0))
        return gw_fail(GW_EINVAL, "gw_pcap_rx_burst: h=%p descs=%p max=%d", (void *)h, (void *)descs, max);
    if (unlikely(h->sticky))
        return h->sticky;

    size_t used = 0;
    int32_t n = 0;
    /* Stop while a maximal frame still fits, so a frame is never read and then dropped for room. */
    while (n < max && used + h->frame_room <= h->buf_cap) {
        struct pcap_pkthdr *hdr;
        const u_char *data;
        int rc = pcap_next_ex(h->p, &hdr, &data);
        if (rc == 0)
            break; /* live, non-blocking: nothing ready */
        if (unlikely(rc < 0)) {
            if (rc == PCAP_ERROR_BREAK)
                h->sticky = GW_EOF;
            else
                h->sticky = gw_fail(GW_EIO, "libpcap read failed: %s", pcap_geterr(h->p));
            break; /* deliver what we have; the end is reported by the next call */
        }
        uint32_t caplen = hdr->caplen;
        uint32_t flags = GW_DESC_HW_TS;
        if (unlikely(caplen > h->frame_max)) {
            caplen = h->frame_max; /* defensive: libpcap already bounds caplen by the snapshot */
            flags |= GW_DESC_TRUNCATED;
        }
        if (caplen < hdr->len)
            flags |= GW_DESC_TRUNCATED;
        memcpy(h->buf + used, data, caplen);

        gw_rx_desc *d = &descs[n++];
        d->data = h->buf + used;
        d->len = caplen;
        d->flags = flags;
        /* tv_usec carries ns when the handle was opened with nano precision (see handle_init). */
        d->timestamp_ns = (uint64_t)hdr->ts.tv_sec * 1000000000ull + (uint64_t)hdr->ts.tv_usec * h->ns_scale;
        d->handle = NULL;
        /* Keep every frame 64-byte aligned: decoders read headers with wide loads. */
        used += (caplen + 63u) & ~(size_t)63u;
        h->rx_bytes += caplen;
    }
    h->rx_packets += (uint64_t)n;
    if (n == 0 && h->sticky)
        return h->sticky;
    return n;
}

GW_API int32_t gw_pcap_inject(gw_pcap *h, const uint8_t *frame, uint32_t len)
{
    if (h == NULL || frame == NULL || len == 0)
        return gw_fail(GW_EINVAL, "gw_pcap_inject: NULL handle or empty frame");
    if (h->offline)
        return gw_fail(GW_ESTATE, "gw_pcap_inject: cannot send on an offline capture");
    int rc = pcap_inject(h->p, frame, len);
    if (rc < 0) {
        h->tx_errors++;
        return gw_fail(GW_EIO, "pcap_inject failed: %s", pcap_geterr(h->p));
    }
    h->tx_packets++;
    h->tx_bytes += len;
    return GW_OK;
}

GW_API int32_t gw_pcap_stats(gw_pcap *h, gw_port_stats *out)
{
    if (h == NULL || out == NULL)
        return gw_fail(GW_EINVAL, "gw_pcap_stats: NULL argument");
    memset(out, 0, sizeof(*out));
    out->rx_packets = h->rx_packets;
    out->rx_bytes = h->rx_bytes;
    out->tx_packets = h->tx_packets;
    out->tx_bytes = h->tx_bytes;
    out->tx_errors = h->tx_errors;
    if (!h->offline) {
        /* Kernel counters: ps_drop = ring full (our fault), ps_ifdrop = the interface's drops. */
        struct pcap_stat ps;
        if (pcap_stats(h->p, &ps) == 0) {
            out->rx_missed = ps.ps_drop;
            out->rx_errors = ps.ps_ifdrop;
        }
    }
    return GW_OK;
}

GW_API void gw_pcap_close(gw_pcap *h)
{
    if (h == NULL)
        return;
    if (h->p)
        pcap_close(h->p);
    free(h->buf);
    free(h);
}

#else /* !GW_HAVE_PCAP */

#define NO_PCAP() gw_fail(GW_ENOTSUP, "libpcap backend not built: libpcap was not found by pkg-config at build time")

GW_API int32_t gw_pcap_available(void) { return 0; }
GW_API int32_t gw_pcap_open_live(const char *iface, int32_t snaplen, int32_t promisc, int32_t buffer_bytes,
                                 gw_pcap **out)
{
    (void)iface; (void)snaplen; (void)promisc; (void)buffer_bytes;
    if (out) *out = NULL;
    return NO_PCAP();
}
GW_API int32_t gw_pcap_open_offline(const char *path, gw_pcap **out) { (void)path; if (out) *out = NULL; return NO_PCAP(); }
GW_API int32_t gw_pcap_datalink(gw_pcap *h) { (void)h; return NO_PCAP(); }
GW_API int32_t gw_pcap_set_filter(gw_pcap *h, const char *bpf) { (void)h; (void)bpf; return NO_PCAP(); }
GW_API int32_t gw_pcap_rx_burst(gw_pcap *h, gw_rx_desc *descs, int32_t max) { (void)h; (void)descs; (void)max; return NO_PCAP(); }
GW_API int32_t gw_pcap_inject(gw_pcap *h, const uint8_t *frame, uint32_t len) { (void)h; (void)frame; (void)len; return NO_PCAP(); }
GW_API int32_t gw_pcap_stats(gw_pcap *h, gw_port_stats *out) { (void)h; (void)out; return NO_PCAP(); }
GW_API void gw_pcap_close(gw_pcap *h) { (void)h; }

#endif /* GW_HAVE_PCAP */
