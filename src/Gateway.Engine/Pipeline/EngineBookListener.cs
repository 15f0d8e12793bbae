using System.Runtime.CompilerServices;
using Gateway.Engine.Strategies;
using Gateway.MarketData.Feed;

namespace Gateway.Engine.Pipeline;

/// <summary>The feed's listener: hands book changes, trades and new instruments to the engine (a struct, so the feed calls it directly).</summary>
public readonly struct EngineBookListener<TStrategy> : IBookListener
    where TStrategy : struct, IStrategy
{
    private readonly TradingEngine<TStrategy> _engine;

    public EngineBookListener(TradingEngine<TStrategy> engine) => _engine = engine;

    public bool PrioritizesFollowed => _engine.FollowedFirst;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Follows(ushort locate) => _engine.Follows(locate);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool OnBookChanging(ushort locate) => _engine.OnBookChanging(locate);

    public void OnBookChanged(ushort locate, byte side, byte messageType, ulong sequence) => _engine.OnBookChanged(locate, side, messageType, sequence);

    public void OnTrade(ushort locate, byte side, uint shares, uint price, ulong sequence) => _engine.OnTrade(locate, side, shares, price, sequence);

    public void OnInstrumentDefined(ushort locate) => _engine.OnInstrumentDefined(locate);

    /// <summary>
    /// Counts the loss and marks the feed stale in pre-trade risk (what it then does with new
    /// orders is <c>Risk:OnStaleFeed</c>; see docs/engine.md, "A stale feed").
    /// </summary>
    public void OnMessagesLost(ulong firstSequence, ulong count)
    {
        _engine.OnMessagesLost();
        _engine.Risk.OnFeedLoss(firstSequence, count);
    }
}
