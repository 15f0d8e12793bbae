using Gateway.Core.Trading;
using Gateway.OrderEntry.Fix;
using Gateway.OrderEntry.Orders;
using Gateway.OrderEntry.Session;

namespace Gateway.Engine.Orders;

/// <summary>
/// Where the engine's orders go: a FIX 4.4 session to a venue (kept connected by a
/// <see cref="FixInitiator"/> that the engine polls on its own thread), or, without a venue, a sink
/// that encodes every order exactly as it would be sent and counts it. Sending is split in three so
/// the engine can time each step: <see cref="EncodeNew"/>, <see cref="Journal"/> (the store: the
/// message is safe before it leaves), <see cref="Transmit"/> (the send call).
/// </summary>
public sealed class OrderGateway : IDisposable
{
    private readonly FixSession? _session;
    private readonly FixInitiator? _initiator;
    private readonly NewOrderEncoder _encoder;
    private readonly FixMessageTemplate? _cancel;
    private readonly FixMessageTemplate? _replace;
    private ulong _sinkSeq;
    private ulong _encodedSeq;

    /// <summary>Orders go to <paramref name="session"/>, connected by <paramref name="initiator"/> (polled by <see cref="Poll"/>).</summary>
    public OrderGateway(FixSession session, FixInitiator initiator)
    {
        ArgumentNullException.ThrowIfNull(session);
        _session = session;
        _initiator = initiator;
        FixSessionSettings s = session.Settings;
        _encoder = new NewOrderEncoder(s.SenderCompId, s.TargetCompId, s.SendingTimePrecision);
        _cancel = session.CreateTemplate(FixMsgType.OrderCancelRequest);
        _replace = session.CreateTemplate(FixMsgType.OrderCancelReplaceRequest);
    }

    /// <summary>No venue: orders are encoded (as from <paramref name="senderCompId"/> to <paramref name="targetCompId"/>) and counted.</summary>
    public OrderGateway(string senderCompId, string targetCompId) =>
        _encoder = new NewOrderEncoder(senderCompId, targetCompId);

    public bool HasVenue => _session is not null;

    /// <summary>The order encoder's buffer, for start-up preparation.</summary>
    public Gateway.Core.ResidentRegion EncoderRegion => _encoder.ResidentRegion;

    public FixSession? Session => _session;

    public FixInitiator? Initiator => _initiator;

    /// <summary>Orders may be sent now: always for the sink, when logged on for a venue.</summary>
    public bool IsReady => _session is null || _session.IsLoggedOn;

    /// <summary>Orders and bytes the sink took (no venue).</summary>
    public long SinkOrders { get; private set; }

    public long SinkBytes { get; private set; }

    /// <summary>Receives and handles the venue's messages, sends what is pending, runs the session's timers; reconnects when needed.</summary>
    public int Poll() => _initiator?.DoWork() ?? 0;

    /// <summary>Cold: orders carry their trigger as <c>TAG=SESSION:SEQ</c> from now on (tag 0: not at all).</summary>
    public void SetTrigger(int tag, ReadOnlySpan<byte> session) => _encoder.SetTrigger(tag, session);

    /// <summary>
    /// Encodes a NewOrderSingle with the session's next MsgSeqNum and its clock's SendingTime;
    /// <paramref name="trigger"/> is the sequence number of the message that caused it (0: none).
    /// </summary>
    public ReadOnlySpan<byte> EncodeNew(ReadOnlySpan<byte> clOrdId, ReadOnlySpan<byte> symbol, Side side, long qty, long price, TimeInForce tif,
        ulong trigger)
    {
        _encodedSeq = _session is null ? _sinkSeq + 1 : _session.NextSenderSeqNum;
        long now = _session?.UtcNowNanos ?? SystemFixClock.Instance.UtcNowNanos;
        return _encoder.Encode(_encodedSeq, now, clOrdId, symbol, side, qty, price, tif, trigger);
    }

    /// <summary>
    /// Encodes a throw-away order into the encoder's buffer (nothing is sent or journaled, no
    /// sequence number is used): keeps the encoder's code and data in cache between real orders.
    /// </summary>
    public int WarmEncode(ReadOnlySpan<byte> clOrdId, ReadOnlySpan<byte> symbol)
    {
        ulong seq = _session is null ? _sinkSeq + 1 : _session.NextSenderSeqNum;
        long now = _session?.UtcNowNanos ?? SystemFixClock.Instance.UtcNowNanos;
        return _encoder.Encode(seq, now, clOrdId, symbol, Side.Buy, 1, 1, TimeInForce.ImmediateOrCancel, triggerSequence: 1).Length;
    }

    /// <summary>Journals what <see cref="EncodeNew"/> produced (the session store); the sink has nothing to journal.</summary>
    public FixSendResult Journal(ReadOnlySpan<byte> message)
    {
        if (_session is null)
        {
            _sinkSeq = _encodedSeq;
            return FixSendResult.Sent;
        }

        return _session.Journal(message, _encodedSeq);
    }

    /// <summary>The send call (or the sink's count).</summary>
    public FixSendResult Transmit(ReadOnlySpan<byte> message)
    {
        if (_session is null)
        {
            SinkOrders++;
            SinkBytes += message.Length;
            return FixSendResult.Sent;
        }

        return _session.Transmit(message);
    }

    /// <summary>An OrderCancelRequest (35=F) for the order <paramref name="origClOrdId"/>. Cold path (kill switch, shutdown, strategies that cancel).</summary>
    public FixSendResult SendCancel(ReadOnlySpan<byte> clOrdId, ReadOnlySpan<byte> origClOrdId, ReadOnlySpan<byte> symbol, Side side, long qty)
    {
        if (_session is null)
        {
            SinkOrders++;
            return FixSendResult.Sent;
        }

        FixEncoder e = _session.Begin(_cancel!);
        e.AppendString(FixTag.OrigClOrdID, origClOrdId);
        e.AppendString(FixTag.ClOrdID, clOrdId);
        e.AppendString(FixTag.Symbol, symbol);
        e.AppendChar(FixTag.Side, side == Side.Buy ? FixValues.Side.Buy : FixValues.Side.Sell);
        e.AppendTimestamp(FixTag.TransactTime, _session.UtcNowNanos);
        e.AppendInt(FixTag.OrderQty, qty);
        return _session.Send();
    }

    /// <summary>An OrderCancelReplaceRequest (35=G): the order's new limit and total quantity.</summary>
    public FixSendResult SendReplace(ReadOnlySpan<byte> clOrdId, ReadOnlySpan<byte> origClOrdId, ReadOnlySpan<byte> symbol, Side side,
        long qty, long price, TimeInForce tif)
    {
        if (_session is null)
        {
            SinkOrders++;
            return FixSendResult.Sent;
        }

        FixEncoder e = _session.Begin(_replace!);
        e.AppendString(FixTag.OrigClOrdID, origClOrdId);
        e.AppendString(FixTag.ClOrdID, clOrdId);
        e.AppendChar(FixTag.HandlInst, FixValues.HandlInst.AutomatedPrivate);
        e.AppendString(FixTag.Symbol, symbol);
        e.AppendChar(FixTag.Side, side == Side.Buy ? FixValues.Side.Buy : FixValues.Side.Sell);
        e.AppendTimestamp(FixTag.TransactTime, _session.UtcNowNanos);
        e.AppendInt(FixTag.OrderQty, qty);
        e.AppendChar(FixTag.OrdType, FixValues.OrdType.Limit);
        e.AppendDecimal(FixTag.Price, price, 4);
        e.AppendChar(FixTag.TimeInForce, TimeInForces.ToFix(tif));
        return _session.Send();
    }

    public void Dispose()
    {
        _initiator?.Dispose();
        _encoder.Dispose();
    }
}
