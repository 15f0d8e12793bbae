/* Smoke test of the shim's own contracts, run by ctest without any NIC or EAL. */
#include <stdio.h>
#include <string.h>

#include "gwnative.h"

static int s_failures;

#define CHECK(cond, ...)                                                 \
    do {                                                                 \
        if (!(cond)) {                                                   \
            fprintf(stderr, "FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond); \
            fprintf(stderr, __VA_ARGS__);                                \
            fputc('\n', stderr);                                         \
            s_failures++;                                                \
        }                                                                \
    } while (0)

int main(void)
{
    CHECK(gw_abi_version() == GW_ABI_VERSION, "abi %u", gw_abi_version());

    CHECK(gw_layout_query(GW_LAYOUT_RX_DESC_SIZE) == 32, "%d", gw_layout_query(GW_LAYOUT_RX_DESC_SIZE));
    CHECK(gw_layout_query(GW_LAYOUT_RX_DESC_DATA) == 0, "data");
    CHECK(gw_layout_query(GW_LAYOUT_RX_DESC_TS) == 8, "ts");
    CHECK(gw_layout_query(GW_LAYOUT_RX_DESC_LEN) == 16, "len");
    CHECK(gw_layout_query(GW_LAYOUT_RX_DESC_FLAGS) == 20, "flags");
    CHECK(gw_layout_query(GW_LAYOUT_RX_DESC_HANDLE) == 24, "handle");
    CHECK(gw_layout_query(GW_LAYOUT_PORT_STATS_SIZE) == 64, "stats size");
    CHECK(gw_layout_query(GW_LAYOUT_PORT_STATS_TX_PKTS) == 40, "tx_packets");
    CHECK(gw_layout_query(999) == GW_EINVAL, "unknown item");
    CHECK(strlen(gw_last_error()) > 0, "unknown item leaves a message");

    uint64_t hz = gw_tsc_hz();
    CHECK(hz > 0, "tsc_hz %llu", (unsigned long long)hz);
    CHECK(hz == gw_tsc_hz(), "cached");
    uint64_t a = gw_tsc_to_ns(gw_rdtsc());
    uint64_t b = gw_tsc_to_ns(gw_rdtsc());
    CHECK(b >= a, "monotonic %llu %llu", (unsigned long long)a, (unsigned long long)b);
    CHECK(a > 1600000000ull * 1000000000ull, "unix-epoch ns %llu", (unsigned long long)a);

    CHECK(gw_pin_current_thread(0) == GW_OK, "pin 0: %s", gw_last_error());
    CHECK(gw_pin_current_thread(-1) == GW_EINVAL, "pin -1");

    gw_rx_desc d[4];
    int32_t rc = gw_dpdk_rx_burst(0, d, 4);
    if (gw_dpdk_available())
        CHECK(rc == GW_ESTATE, "rx before init: %d (%s)", rc, gw_last_error());
    else
        CHECK(rc == GW_ENOTSUP, "rx without DPDK: %d", rc);
    CHECK(strlen(gw_last_error()) > 0, "rx before init leaves a message");
    printf("rx before init -> %d: %s\n", rc, gw_last_error());

    CHECK(gw_efvi_available() == 0 || gw_efvi_available() == 1, "efvi flag");
    CHECK(gw_nop() == GW_OK, "nop");

    if (s_failures)
        fprintf(stderr, "%d check(s) failed\n", s_failures);
    else
        printf("test_shim: all checks passed (tsc %llu Hz)\n", (unsigned long long)hz);
    return s_failures ? 1 : 0;
}
