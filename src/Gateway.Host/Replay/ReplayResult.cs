using Gateway.Engine;
using Gateway.MarketData.Feed;
using Gateway.Net.Pipeline;
using Gateway.Net.Sources;

namespace Gateway.Host.Replay;

/// <summary>Everything a replay report shows, gathered once the engine's thread has stopped.</summary>
internal sealed record ReplayResult(
    ReplaySettings Settings,
    IGatewayEngine Engine,
    double ElapsedSeconds,
    int GcCollections,
    double WallSeconds)
{
    public IPacketSource Source => Engine.Source!;

    public PacketPathStats Stats => Engine.PacketStats;

    public IMarketDataFeed? Feed => Engine.Feed;

    public long HotPathAllocatedBytes => Engine.HotPathAllocatedBytes;

    public int PollingThreadId => Engine.ThreadId;

    public double PacketsPerSecond => Stats.Packets / ElapsedSeconds;

    /// <summary>Ctrl+C or SIGTERM stopped the run before the end of the capture.</summary>
    public bool Interrupted { get; init; }

    /// <summary>The whole capture was replayed: not interrupted, no damage in it.</summary>
    public bool Complete => !Interrupted && Source.State != SourceState.Failed;
}
