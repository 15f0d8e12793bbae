// Tests in one assembly share native state (the DPDK EAL is once per process): run them in order.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
