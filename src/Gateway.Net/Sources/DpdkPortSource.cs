using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Gateway.Interop;

namespace Gateway.Net.Sources;

/// <summary>
/// An <see cref="IPacketSource"/> over one DPDK port (a NIC, or a virtual device such as
/// <c>net_pcap0</c> for replay or <c>net_af_packet0</c> on a veth), one rx and one tx queue.
/// </summary>
/// <remarks>
/// <para>Call <see cref="InitEal"/> once per process before opening any port: DPDK's EAL cannot be
/// initialised twice, and after <c>rte_eal_cleanup</c> not at all.</para>
/// <para><see cref="Receive"/> hands the caller's descriptor array straight to <c>gw_dpdk_rx_burst</c>:
/// descriptors point into mbufs, zero copy, until <see cref="Release"/> frees them in bulk. Holding
/// batches starves the port's mempool (counted in <see cref="GwPortStats.RxNoMbuf"/>).</para>
/// <para><see cref="State"/> stays <see cref="SourceState.Active"/>: a port cannot tell "no traffic
/// yet" from "no more traffic". With a <c>net_pcap</c> vdev the replay harness decides the capture is
/// finished when <see cref="PortStats"/>' <c>RxPackets</c> stops growing across empty polls.</para>
/// <para>Timestamps: <c>net_pcap</c> delivers the capture record time (flag
/// <see cref="PacketDescriptor.FlagHardwareTimestamp"/>), but only to microseconds even from a
/// nanosecond file; other PMDs without a timestamp offload get TSC-derived times.
/// Jumbo frames from <c>net_pcap</c> arrive as chained mbufs: the descriptor covers the first
/// segment only (2 KiB) and carries <see cref="PacketDescriptor.FlagMultiSegment"/>.</para>
/// <para>Single-threaded per port: Receive/Release/TrySend/Flush from one thread only.</para>
/// </remarks>
public sealed unsafe class DpdkPortSource : IPacketSource, ISourceQueueStats
{
    /// <summary>Program name placed in argv[0] for rte_eal_init.</summary>
    public const string EalProgramName = "gateway";

    private static readonly object s_ealGate = new();
    private static bool s_ealInitialized;

    private readonly string _deviceName;
    private readonly int _portId;
    private bool _disposed;

    /// <summary>
    /// Opens the port named <paramref name="deviceName"/> (a vdev name such as <c>net_pcap0</c>, or a
    /// PCI address), configures one rx/tx queue pair and a mempool, and starts it.
    /// </summary>
    /// <exception cref="PacketSourceException">EAL not initialised, no such port, or the PMD refused the configuration.</exception>
    public DpdkPortSource(string deviceName, uint rxRingSize = 0, uint txRingSize = 0, uint mbufCount = 0)
    {
        ArgumentException.ThrowIfNullOrEmpty(deviceName);
        EnsureNative();
        if (!IsEalInitialized)
        {
            throw new PacketSourceException(
                $"cannot open DPDK port '{deviceName}': the EAL is not initialised (call DpdkPortSource.InitEal first)");
        }

        var rc = NativeMethods.Dpdk.PortOpen(deviceName, -1, rxRingSize, txRingSize, mbufCount);
        if (rc < 0)
        {
            throw new PacketSourceException(GwError.Describe(rc, $"opening DPDK port '{deviceName}'"));
        }

        _deviceName = deviceName;
        _portId = rc;
    }

    /// <summary>True once <see cref="InitEal"/> succeeded in this process.</summary>
    public static bool IsEalInitialized
    {
        get
        {
            lock (s_ealGate)
            {
                return s_ealInitialized;
            }
        }
    }

    /// <summary>
    /// Initialises DPDK's EAL with <paramref name="ealArgs"/> (without a program name; one is
    /// prepended). Once per process. For tests and CI, use
    /// <c>--no-huge --no-pci --no-shconf -m 256 --vdev=net_pcap0,rx_pcap=FILE</c>: <c>--no-shconf</c>
    /// keeps EAL from locking the shared <c>/var/run/dpdk/rte/config</c>, which a second DPDK process
    /// on the machine would otherwise fail on (<c>--in-memory</c> would too, but DPDK 22.11 rejects it
    /// together with <c>--no-huge</c>, which implies legacy memory mode). Note that EAL pins the
    /// calling thread to its main lcore.
    /// </summary>
    /// <exception cref="PacketSourceException">DPDK is not built into the shim, EAL was already initialised, or rte_eal_init failed (message includes the arguments).</exception>
    /// <summary>
    /// Makes the calling thread a DPDK lcore, so mbuf allocation and release use the mempool's
    /// per-lcore cache instead of the shared ring. Call once on the polling thread, before its
    /// first <see cref="Receive"/>; the EAL's own main thread needs no call. Returns the lcore id.
    /// </summary>
    public static int RegisterPollingThread()
    {
        int rc = NativeMethods.Dpdk.ThreadRegister();
        if (rc < 0)
        {
            throw new PacketSourceException(GwError.Describe(rc, "registering the polling thread with DPDK"));
        }

        return rc;
    }

    public static void InitEal(params string[] ealArgs)
    {
        ArgumentNullException.ThrowIfNull(ealArgs);
        EnsureNative();
        if (NativeMethods.Dpdk.Available() != 1)
        {
            throw new PacketSourceException("DPDK backend not built: libdpdk was not found by pkg-config when libgwnative.so was built");
        }

        lock (s_ealGate)
        {
            if (s_ealInitialized)
            {
                throw new PacketSourceException("the DPDK EAL is already initialised in this process (rte_eal_init runs once)");
            }

            var argc = ealArgs.Length + 1;
            var argv = (byte**)NativeMemory.AllocZeroed((nuint)(argc + 1), (nuint)sizeof(byte*));
            try
            {
                argv[0] = (byte*)Marshal.StringToCoTaskMemUTF8(EalProgramName);
                for (var i = 0; i < ealArgs.Length; i++)
                {
                    argv[i + 1] = (byte*)Marshal.StringToCoTaskMemUTF8(ealArgs[i]);
                }

                // The shim copies argv before rte_eal_init permutes it, so these strings are ours to free.
                var rc = NativeMethods.Dpdk.Init(argc, argv);
                if (rc < 0)
                {
                    throw new PacketSourceException(GwError.Describe(rc, "DPDK EAL initialisation"));
                }

                s_ealInitialized = true;
            }
            finally
            {
                for (var i = 0; i < argc; i++)
                {
                    Marshal.FreeCoTaskMem((nint)argv[i]);
                }

                NativeMemory.Free(argv);
            }
        }
    }

    public int PortId => _portId;

    public string DeviceName => _deviceName;

    public string Description => $"DPDK port {_portId} ({_deviceName})";

    public LinkKind Link => LinkKind.Ethernet;

    public SourceState State => SourceState.Active;

    public string? FailureMessage => null;

    /// <summary>Bytes received so far (the port's rx byte counter).</summary>
    public long ProgressBytes => (long)PortStats.RxBytes;

    /// <summary>Unknown for a port, even a net_pcap one: -1.</summary>
    public long TotalBytes => -1;

    /// <summary>The port's counters (rte_eth_stats_get). Control-plane: do not call per burst.</summary>
    public GwPortStats PortStats
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            GwPortStats stats;
            var rc = NativeMethods.Dpdk.PortStats(_portId, &stats);
            if (rc < 0)
            {
                GwError.Throw(rc, $"reading stats of DPDK port {_portId}");
            }

            return stats;
        }
    }

    private readonly Dictionary<int, (long Packets, long Drops)> _packetSocketTotals = [];

    /// <summary>
    /// The port's counters (<c>rte_eth_stats</c>: <c>imissed</c> is what the NIC or the PMD's
    /// kernel ring dropped for want of rx descriptors, <c>rx_nombuf</c> mbuf allocation failures,
    /// <c>ierrors</c> bad frames). <c>net_af_xdp</c> reports its socket's drops in <c>imissed</c>;
    /// <c>net_af_packet</c> (DPDK 22.11) reports nothing of its kernel ring's, so for that PMD the
    /// ring's own count is read from its packet sockets (<c>PACKET_STATISTICS</c>, which the
    /// PMD never reads: the totals are kept here, as the kernel clears them on each read). Cold.
    /// </summary>
    public SourceQueueStats ReadQueueStats()
    {
        GwPortStats port = PortStats;
        var counters = new List<KeyValuePair<string, long>>
        {
            new("rx_packets", (long)port.RxPackets),
            new("rx_bytes", (long)port.RxBytes),
            new("imissed", (long)port.RxMissed),
            new("ierrors", (long)port.RxErrors),
            new("rx_nombuf", (long)port.RxNoMbuf),
        };
        var notes = new List<string>();
        long droppedBelow = (long)port.RxMissed;
        if (_deviceName.StartsWith("net_af_packet", StringComparison.Ordinal))
        {
            IReadOnlyList<int> sockets = Libc.FindOwnPacketSockets();
            long packets = 0;
            long drops = 0;
            foreach (int fd in sockets)
            {
                if (Libc.TakePacketStatistics(fd) is { } taken)
                {
                    (long p, long d) = _packetSocketTotals.GetValueOrDefault(fd);
                    _packetSocketTotals[fd] = (p + taken.Packets, d + taken.Drops);
                }
            }

            foreach ((long p, long d) in _packetSocketTotals.Values)
            {
                packets += p;
                drops += d;
            }

            if (sockets.Count == 0)
            {
                notes.Add("no packet socket of net_af_packet found in /proc: its kernel ring's drops are unknown");
            }
            else
            {
                counters.Add(new("kernel_ring_packets", packets));
                counters.Add(new("kernel_ring_drops", drops));
                droppedBelow += drops;
            }
        }

        counters.Add(new("dropped", droppedBelow));
        return new SourceQueueStats("dpdk_port", counters, notes);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Receive(PacketDescriptor* descriptors, int max)
    {
        var n = NativeMethods.Dpdk.RxBurst(_portId, descriptors, max);
        if (n < 0)
        {
            ThrowBurstFailed(n, "rx burst");
        }

        return n;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Release(PacketDescriptor* descriptors, int count)
    {
        var rc = NativeMethods.Dpdk.Release(descriptors, count);
        if (rc < 0)
        {
            ThrowBurstFailed(rc, "release");
        }
    }

    /// <summary>
    /// Copies <paramref name="frame"/> into an mbuf and queues it; frames go out in bursts of 32 or
    /// on <see cref="Flush"/>. False when the tx ring and the shim's buffer are both full
    /// (back-pressure: the caller drops or retries).
    /// </summary>
    public bool TrySend(ReadOnlySpan<byte> frame)
    {
        int rc;
        fixed (byte* p = frame)
        {
            rc = NativeMethods.Dpdk.Tx(_portId, p, (uint)frame.Length);
        }

        if (rc == GwStatus.TryAgain)
        {
            return false;
        }

        if (rc < 0)
        {
            ThrowBurstFailed(rc, "tx");
        }

        return true;
    }

    /// <summary>Pushes buffered frames to the PMD; returns how many it took.</summary>
    public int Flush()
    {
        var rc = NativeMethods.Dpdk.TxFlush(_portId);
        if (rc < 0)
        {
            ThrowBurstFailed(rc, "tx flush");
        }

        return rc;
    }

    /// <summary>Stops and closes the port (for a vdev this also releases its port id). Release every batch first.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _ = NativeMethods.Dpdk.PortClose(_portId);
    }

    private static void EnsureNative()
    {
        try
        {
            GwNative.EnsureLoaded();
        }
        catch (NativeUnavailableException ex)
        {
            throw new PacketSourceException(ex.Message, ex);
        }
    }

    // A failing burst means the port was closed under the caller or the arguments are wrong: a bug, not input.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowBurstFailed(int code, string operation)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);

        GwError.Throw(code, $"DPDK port {_portId} {operation}");
    }
}
