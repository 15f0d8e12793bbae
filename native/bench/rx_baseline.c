/*
 * rx_baseline - the C reference for the DPDK receive path: rte_eth_rx_burst + rte_pktmbuf_free_bulk
 * on one port, nothing else. The managed DpdkPortSource is measured against this on the same vdev
 * and capture, so "binding overhead" is a difference of two measured numbers, not a guess.
 *
 *   rx_baseline PACKETS EAL-ARGS...     e.g. rx_baseline 5000000 --no-huge --no-pci --no-shconf -m 1024 \
 *                                             -l 0 --vdev=net_pcap0,rx_pcap=x.pcap,infinite_rx=1
 * Prints "<packets> packets <Mpps> Mpps". Stops after PACKETS, or 200 ms without a packet.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <rte_eal.h>
#include <rte_ethdev.h>
#include <rte_mbuf.h>

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: %s PACKETS EAL-ARGS...\n", argv[0]);
        return 1;
    }
    long limit = atol(argv[1]);
    argv[1] = argv[0];
    if (rte_eal_init(argc - 1, argv + 1) < 0) {
        fprintf(stderr, "rte_eal_init failed\n");
        return 1;
    }
    struct rte_mempool *pool = rte_pktmbuf_pool_create("rx", 131071, 256, 0, RTE_MBUF_DEFAULT_BUF_SIZE, (int)rte_socket_id());
    struct rte_eth_conf conf = {0};
    if (pool == NULL || rte_eth_dev_configure(0, 1, 1, &conf) < 0 ||
        rte_eth_rx_queue_setup(0, 0, 1024, (unsigned)rte_socket_id(), NULL, pool) < 0 ||
        rte_eth_tx_queue_setup(0, 0, 1024, (unsigned)rte_socket_id(), NULL) < 0 || rte_eth_dev_start(0) < 0) {
        fprintf(stderr, "port setup failed\n");
        return 1;
    }

    struct rte_mbuf *bufs[32];
    long n = 0;
    double start = now_s(), last = start;
    while (n < limit) {
        uint16_t got = rte_eth_rx_burst(0, 0, bufs, 32);
        if (got == 0) {
            if (n > 0 && now_s() - last > 0.2)
                break;
            continue;
        }
        n += got;
        rte_pktmbuf_free_bulk(bufs, got);
        last = now_s();
    }
    printf("%ld packets %.1f Mpps\n", n, (double)n / (last - start) / 1e6);
    rte_eth_dev_stop(0);
    rte_eal_cleanup();
    return 0;
}
