using Gateway.MarketData.Feed;
using Gateway.Net.Decode;
using Gateway.Net.Pipeline;

namespace Gateway.Host.Replay;

/// <summary>
/// What a replay does with each datagram: feed it to the market-data feed (MoldUDP64 → ITCH 5.0 →
/// books; a BinaryFILE record goes straight to the ITCH decoder), and optionally append its payload
/// to a <see cref="PayloadRecorder"/> (<c>--payloads-out</c>, for comparing backends byte for byte).
/// </summary>
internal readonly struct ReplayHandler : IDatagramHandler
{
    private readonly MarketDataFeed? _feed;
    private readonly PayloadRecorder? _recorder;
    private readonly bool _payloadsAreItchMessages;

    /// <param name="payloadsAreItchMessages">Bare payloads are ITCH messages (BinaryFILE), not MoldUDP64 datagrams.</param>
    public ReplayHandler(MarketDataFeed? feed, PayloadRecorder? recorder, bool payloadsAreItchMessages)
    {
        _feed = feed;
        _recorder = recorder;
        _payloadsAreItchMessages = payloadsAreItchMessages;
    }

    public void OnDatagram(in UdpDatagram datagram, ulong timestampNs)
    {
        _recorder?.Append(datagram.Payload);
        _feed?.OnDatagram(datagram.DestinationIp, datagram.DestinationPort, datagram.Payload);
    }

    public void OnPayload(ReadOnlySpan<byte> payload, ulong timestampNs)
    {
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
            _feed.OnDatagram(payload, Gateway.MarketData.MoldUdp64.MoldLines.A);
        }
    }

    public void OnPoll(long nowNs) => _feed?.Poll(nowNs);

    public void OnLookahead(ReadOnlySpan<byte> upcomingPayload, int stage)
    {
        if (_payloadsAreItchMessages)
        {
            _feed?.Lookahead(upcomingPayload, stage);
        }
    }
}
