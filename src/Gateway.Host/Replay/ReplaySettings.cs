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
}
