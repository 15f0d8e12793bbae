using Gateway.Net.Pipeline;
using Gateway.Net.Sources;

namespace Gateway.Host.Replay;

/// <summary>Everything a replay report shows, gathered once the polling thread has stopped.</summary>
internal sealed record ReplayResult(
    ReplaySettings Settings,
    IPacketSource Source,
    PacketPathStats Stats,
    double ElapsedSeconds,
    int GcCollections,
    long HotPathAllocatedBytes,
    double WallSeconds,
    int PollingThreadId,
    Gateway.MarketData.Feed.MarketDataFeed? Feed)
{
    public double PacketsPerSecond => Stats.Packets / ElapsedSeconds;

    /// <summary>Ctrl+C or SIGTERM stopped the run before the end of the capture.</summary>
    public bool Interrupted { get; init; }

    /// <summary>The whole capture was replayed: not interrupted, no damage in it.</summary>
    public bool Complete => !Interrupted && Source.State != SourceState.Failed;
}
