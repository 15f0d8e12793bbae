using System.Runtime.InteropServices;

namespace Gateway.Interop;

internal static unsafe partial class NativeMethods
{
    /// <summary>
    /// DPDK: EAL once per process, ports by vdev/device name, rx bursts that point into mbufs.
    /// Port ids are plain ints, not SafeHandles: a port outlives any one object and closing is an
    /// explicit control-plane step (<see cref="PortClose"/>); the per-port rx/tx calls must come
    /// from a single thread.
    /// </summary>
    public static partial class Dpdk
    {
        [LibraryImport(LibraryName, EntryPoint = "gw_dpdk_available")]
        public static partial int Available();

        /// <summary>argv[0] is the program name. The shim copies argv (rte_eal_init rewrites it), so the caller may free its strings on return.</summary>
        [LibraryImport(LibraryName, EntryPoint = "gw_dpdk_init")]
        public static partial int Init(int argc, byte** argv);

        /// <summary>By name when <paramref name="name"/> is non-null, else by <paramref name="portId"/>. Returns the port id. 0 ring/mbuf sizes pick defaults.</summary>
        [LibraryImport(LibraryName, EntryPoint = "gw_dpdk_port_open", StringMarshalling = StringMarshalling.Utf8)]
        public static partial int PortOpen(string? name, int portId, uint rxRing, uint txRing, uint mbufs);

        /// <summary>Never blocks. Descriptors point into mbufs owned by the caller until <see cref="Release"/>.</summary>
        [LibraryImport(LibraryName, EntryPoint = "gw_dpdk_rx_burst")]
        [SuppressGCTransition]
        public static partial int RxBurst(int portId, PacketDescriptor* descriptors, int max);

        [LibraryImport(LibraryName, EntryPoint = "gw_dpdk_release")]
        [SuppressGCTransition]
        public static partial int Release(PacketDescriptor* descriptors, int count);

        /// <summary>Copies the frame into an mbuf and buffers it; <see cref="GwStatus.TryAgain"/> when the tx ring and buffer are full.</summary>
        [LibraryImport(LibraryName, EntryPoint = "gw_dpdk_tx")]
        [SuppressGCTransition]
        public static partial int Tx(int portId, byte* frame, uint length);

        [LibraryImport(LibraryName, EntryPoint = "gw_dpdk_tx_flush")]
        [SuppressGCTransition]
        public static partial int TxFlush(int portId);

        [LibraryImport(LibraryName, EntryPoint = "gw_dpdk_port_stats")]
        public static partial int PortStats(int portId, GwPortStats* stats);

        [LibraryImport(LibraryName, EntryPoint = "gw_dpdk_port_close")]
        public static partial int PortClose(int portId);

        /// <summary>Registers the calling thread as a DPDK lcore (mempool caches); returns the lcore id.</summary>
        [LibraryImport(LibraryName, EntryPoint = "gw_dpdk_thread_register")]
        public static partial int ThreadRegister();

        [LibraryImport(LibraryName, EntryPoint = "gw_dpdk_shutdown")]
        public static partial int Shutdown();
    }
}
