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
}
