using Gateway.Core.Agents;
using Gateway.Net.Capture;
using Gateway.Net.Decode;
using Gateway.Net.Pipeline;

namespace Gateway.Host.Replay;

/// <summary>Which packet source a replay reads the capture through.</summary>
internal enum ReplayBackend
{
    /// <summary>The memory-mapped capture reader (zero copy).</summary>
    File,

    /// <summary>DPDK's net_pcap virtual device: the same code path a NIC port takes.</summary>
    Dpdk,

    /// <summary>libpcap's offline reader, through the shim.</summary>
    Libpcap,
}

/// <summary>Everything <c>gw replay</c> was asked to do, validated.</summary>
internal sealed record ReplaySettings
{
    public required string Capture { get; init; }

    public ReplayBackend Backend { get; init; } = ReplayBackend.File;

    /// <summary>Force a capture format instead of detecting it (BinaryFILE has no magic number).</summary>
    public CaptureFormat? Format { get; init; }

    public Pacing Pacing { get; init; } = Pacing.Max;

    public string? StatsOut { get; init; }

    public string? PayloadsOut { get; init; }

    public DestinationFilter Filter { get; init; } = DestinationFilter.AcceptAll;

    public bool VerifyIpChecksum { get; init; }

    public int MaxFrameBytes { get; init; } = 1526;

    public int Burst { get; init; } = 32;

    /// <summary>CPU to pin the polling thread to; -1 = do not pin.</summary>
    public int Cpu { get; init; } = -1;

    public IdleStrategyKind Idle { get; init; } = IdleStrategyKind.BusySpin;

    /// <summary>DPDK: the --vdev to create (default: net_pcap0 reading the capture).</summary>
    public string? Vdev { get; init; }

    /// <summary>DPDK: extra EAL arguments.</summary>
    public IReadOnlyList<string> EalArgs { get; init; } = [];

    /// <summary>Show a progress bar (only when the output is a terminal).</summary>
    public bool Progress { get; init; } = true;

    public bool Quiet { get; init; }

    /// <summary>Packet path only: no MoldUDP64 session, ITCH decode or books.</summary>
    public bool NoFeed { get; init; }

    /// <summary>Run the feed up to the ITCH decoder but leave the books alone.</summary>
    public bool DecodeOnly { get; init; }

    /// <summary>Where to write the books at the end (ARCHITECTURE.md output contract).</summary>
    public string? BookOut { get; init; }

    /// <summary>The feed's A and B lines; null: the first two MoldUDP64 destinations seen.</summary>
    public DestinationFilter? Lines { get; init; }

    /// <summary>MoldUDP64 re-request server for holes neither line fills.</summary>
    public System.Net.IPEndPoint? Rerequest { get; init; }
}
