using Gateway.Engine.Strategies;
using Gateway.MarketData.Feed;
using Gateway.MarketData.MoldUdp64;
using Gateway.Net.Decode;
using Gateway.Net.Pipeline;

namespace Gateway.Engine.Pipeline;

/// <summary>
/// What the packet path hands each datagram to: the engine learns the packet's receive stamp and
/// capture time, then the feed takes it (MoldUDP64 → ITCH → books → the engine's listener). A
/// BinaryFILE record goes straight to the ITCH decoder. Optionally every payload is also recorded
/// (<c>--payloads-out</c>, for comparing backends byte for byte).
/// </summary>
public struct EngineHandler<TStrategy> : IDatagramHandler
    where TStrategy : struct, IStrategy
{
    private readonly MarketDataFeed<EngineBookListener<TStrategy>>? _feed;
    private readonly TradingEngine<TStrategy> _engine;
    private readonly PayloadRecorder? _recorder;
    private readonly bool _payloadsAreItchMessages;
    private long _receiveTicks;

    public EngineHandler(MarketDataFeed<EngineBookListener<TStrategy>>? feed, TradingEngine<TStrategy> engine, PayloadRecorder? recorder,
        bool payloadsAreItchMessages)
    {
        _feed = feed;
        _engine = engine;
        _recorder = recorder;
        _payloadsAreItchMessages = payloadsAreItchMessages;
    }

    public void OnReceived(long receiveTicks) => _receiveTicks = receiveTicks;

    public readonly void OnDatagram(in UdpDatagram datagram, ulong timestampNs)
    {
        _engine.OnPacket(_receiveTicks, timestampNs);
        _recorder?.Append(datagram.Payload);
        _feed?.OnDatagram(datagram.DestinationIp, datagram.DestinationPort, datagram.Payload);
        _engine.AfterPacket();
    }

    public readonly void OnPayload(ReadOnlySpan<byte> payload, ulong timestampNs)
    {
        _engine.OnPacket(_receiveTicks, timestampNs);
        _recorder?.Append(payload);
        if (_feed is null)
        {
            return;
        }

        if (_payloadsAreItchMessages)
        {
            _feed.OnMessage(payload);
        }
        else
        {
            _feed.OnDatagram(payload, MoldLines.A);
        }

        _engine.AfterPacket();
    }

    public readonly void OnPoll(long nowNs) => _feed?.Poll(nowNs);

    public readonly bool WantsLookahead => _payloadsAreItchMessages && _feed is not null && _feed.WantsLookahead;

    public readonly void OnLookahead(ReadOnlySpan<byte> upcomingPayload, int stage)
    {
        if (_payloadsAreItchMessages)
        {
            _feed?.Lookahead(upcomingPayload, stage);
        }
    }
}
