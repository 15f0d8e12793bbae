using System.Runtime.InteropServices;
using Gateway.Net.Sources;

namespace Gateway.Interop.Tests;

/// <summary>
/// rte_eal_init runs once per process, so every DPDK test shares this fixture: it writes the
/// captures, initialises EAL once with one net_pcap vdev per capture, and drains the rx ports the
/// way the replay harness does (until rx_packets stops growing), keeping managed copies of every
/// frame for the tests to check.
/// </summary>
public sealed unsafe class DpdkFixture : IDisposable
{
    public const string SkipReason =
        "DPDK is not built into libgwnative.so (gw_dpdk_available() == 0): install libdpdk-dev and rebuild the shim";

    public DpdkFixture()
    {
        if (!DpdkFactAttribute.DpdkPresent)
        {
            return;
        }

        var dir = TestPcap.TempDirectory("dpdk");
        PathA = Path.Combine(dir, "A.pcap");
        PathB = Path.Combine(dir, "B.pcap");
        PathTxIn = Path.Combine(dir, "tx-in.pcap");
        PathTxOut = Path.Combine(dir, "tx-out.pcap");
        TestPcap.Write(PathA, RecordsA, nano: false);
        TestPcap.Write(PathB, RecordsB, nano: false);
        TestPcap.Write(PathTxIn, [], nano: false);

        DpdkPortSource.InitEal(
            "--no-huge", "--no-pci", "--no-shconf", "-m", "256", "--no-telemetry", "--log-level=error", "-l", "0",
            $"--vdev=net_pcap0,rx_pcap={PathA}",
            $"--vdev=net_pcap1,rx_pcap={PathB}",
            $"--vdev=net_pcap2,rx_pcap={PathTxIn},tx_pcap={PathTxOut}");

        using (var a = new DpdkPortSource("net_pcap0"))
        {
            FramesA = Drain(a, out StatsA);
        }

        using (var b = new DpdkPortSource("net_pcap1"))
        {
            FramesB = Drain(b, out StatsB);
        }

        TxPort = new DpdkPortSource("net_pcap2");
    }

    /// <summary>µs timestamps: net_pcap reports capture times at µs resolution (see DpdkPortSource).</summary>
    public static PcapRecord[] RecordsA { get; } =
    [
        new(1_700_000_000_000_001_000, TestPcap.Frame(60, 10)),
        new(1_700_000_000_500_000_000, TestPcap.Frame(1514, 11)),
        new(1_700_000_123_999_999_000, TestPcap.Frame(342, 12)),
    ];

    /// <summary>A 9000-byte jumbo frame (net_pcap chains it over several 2 KiB mbufs) and a small one after it.</summary>
    public static PcapRecord[] RecordsB { get; } =
    [
        new(1_700_000_200_000_000_000, TestPcap.Frame(9000, 20)),
        new(1_700_000_200_000_002_000, TestPcap.Frame(64, 21)),
    ];

    public string PathA { get; } = "";

    public string PathB { get; } = "";

    public string PathTxIn { get; } = "";

    public string PathTxOut { get; } = "";

    public List<ReceivedFrame> FramesA { get; } = [];

    public List<ReceivedFrame> FramesB { get; } = [];

    public GwPortStats StatsA;

    public GwPortStats StatsB;

    public DpdkPortSource? TxPort { get; }

    public void Dispose() => TxPort?.Dispose();

    private static List<ReceivedFrame> Drain(DpdkPortSource port, out GwPortStats stats)
    {
        const int batch = 32;
        var descs = (PacketDescriptor*)NativeMemory.AlignedAlloc(batch * (nuint)sizeof(PacketDescriptor), 64);
        var frames = new List<ReceivedFrame>();
        try
        {
            ulong lastRx = ulong.MaxValue;
            var idle = 0;
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (idle < 200 && DateTime.UtcNow < deadline)
            {
                var n = port.Receive(descs, batch);
                for (var i = 0; i < n; i++)
                {
                    frames.Add(new ReceivedFrame(descs[i].Span.ToArray(), descs[i].TimestampNs, descs[i].Flags));
                }

                port.Release(descs, n);
                if (n > 0)
                {
                    idle = 0;
                    continue;
                }

                // The replay harness's end-of-capture rule: empty polls and a counter that stopped moving.
                var rx = port.PortStats.RxPackets;
                idle = rx == lastRx ? idle + 1 : 0;
                lastRx = rx;
            }

            stats = port.PortStats;
            return frames;
        }
        finally
        {
            NativeMemory.AlignedFree(descs);
        }
    }
}

public sealed record ReceivedFrame(byte[] Data, ulong TimestampNs, uint Flags);

[CollectionDefinition(Name)]
public sealed class DpdkCollection : ICollectionFixture<DpdkFixture>
{
    public const string Name = "dpdk";
}

/// <summary>
/// A fact that is skipped, with the reason, only when the shim loads and says DPDK is not built in.
/// A shim that does not load at all fails the tests instead (no silent pass).
/// </summary>
public sealed class DpdkFactAttribute : FactAttribute
{
    private static readonly Lazy<bool> s_present = new(() =>
        !GwNative.TryEnsureLoaded(out _) || NativeMethods.Dpdk.Available() == 1);

    public DpdkFactAttribute()
    {
        if (!s_present.Value)
        {
            Skip = DpdkFixture.SkipReason;
        }
    }

    /// <summary>True when DPDK is built in, or when the shim does not load (so the fixture fails loudly).</summary>
    public static bool DpdkPresent => s_present.Value;
}
