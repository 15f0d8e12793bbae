using Gateway.OrderEntry.Fix;
using Gateway.OrderEntry.Session;

namespace Gateway.Lab.Venue;

/// <summary>What the test venue does with the orders it receives.</summary>
public enum VenueMode : byte
{
    /// <summary>ExecutionReport New, then a full fill at the order's limit price (market orders at 0).</summary>
    Fill = 0,

    /// <summary>ExecutionReport Rejected (150=8, 39=8) for every order.</summary>
    Reject = 1,

    /// <summary>Every application message goes back to its sender with the same body (conformance runs).</summary>
    Echo = 2,

    /// <summary>
    /// ExecutionReport New and the order rests (nothing ever trades); an immediate-or-cancel or
    /// fill-or-kill order is cancelled at once. A cancel of a resting order is answered Canceled, a
    /// replace Replaced; anything else gets an OrderCancelReject.
    /// </summary>
    Accept = 3,

    /// <summary>
    /// ExecutionReport New, then a fill of half the quantity (at least one share) at the limit; the
    /// rest of an immediate-or-cancel order is cancelled, the rest of any other order rests as in
    /// <see cref="Accept"/>.
    /// </summary>
    Partial = 4,
}

/// <summary>
/// The application behind <c>gw venue</c>: a FIX 4.4 counterparty for tests and labs. NewOrderSingle
/// is acknowledged and filled (or rejected); a cancel or replace of an order that is already filled
/// gets an OrderCancelReject ("too late"); any other message a BusinessMessageReject (unsupported
/// message type); in echo mode every valid application message is returned.
/// Fills are immediate and complete: there is no matching, no book and no partial fill. An order
/// whose quantity or price cannot be read, or that is not valid, is never filled (<see cref="VenueOrderCheck"/>).
/// Nothing is allocated per message.
/// </summary>
public sealed class FixVenueApplication : IFixApplication
{
    private readonly VenueMode _mode;
    private FixMessageTemplate? _executionReport;
    private FixMessageTemplate? _cancelReject;
    private FixSession? _templatesFor;
    private long _nextId;

    public FixVenueApplication(VenueMode mode) => _mode = mode;

    public VenueMode Mode => _mode;

    public long OrdersReceived { get; private set; }

    public long Fills { get; private set; }

    public long Rejects { get; private set; }

    public long CancelRejects { get; private set; }

    public long Echoed { get; private set; }

    /// <summary>Orders refused because they could not be read or are not valid (<see cref="VenueOrderCheck"/>): a session Reject or an ExecutionReport Rejected.</summary>
    public long InvalidOrders { get; private set; }

    public long Logons { get; private set; }

    /// <summary>Orders cancelled (by request, or the unfilled rest of an immediate-or-cancel order).</summary>
    public long Cancels { get; private set; }

    public long Replaces { get; private set; }

    /// <summary>Orders resting now (accept and partial modes).</summary>
    public int Resting => _resting.Count;

    private readonly Dictionary<string, RestingOrder> _resting = new(StringComparer.Ordinal);

    /// <summary>Called on each logon and logout (for the command's console output).</summary>
    public Action<FixSession, string>? OnEvent { get; set; }

    public void OnLogon(FixSession session)
    {
        Logons++;
        OnEvent?.Invoke(session, "logon");
    }

    public void OnLogout(FixSession session, string reason) => OnEvent?.Invoke(session, "logout: " + reason);

    public void OnMessage(FixSession session, in FixMessageView message)
    {
        if (!ReferenceEquals(_templatesFor, session))
        {
            _executionReport = session.CreateTemplate(FixMsgType.ExecutionReport);
            _cancelReject = session.CreateTemplate(FixMsgType.OrderCancelReject);
            _templatesFor = session;
        }

        if (_mode == VenueMode.Echo)
        {
            Echo(session, message);
            return;
        }

        switch (FixMsgType.CodeOf(message.MsgType))
        {
            case FixMsgType.Code.NewOrderSingle:
                OrdersReceived++;
                VenueOrderCheckResult check = VenueOrderCheck.Check(message);
                if (check.Verdict == VenueOrderVerdict.SessionReject)
                {
                    session.RejectMessage(message, check.SessionReason, check.RefTag, check.Text!);
                    InvalidOrders++;
                }
                else if (check.Verdict == VenueOrderVerdict.Accept && _mode is VenueMode.Accept or VenueMode.Partial)
                {
                    AcceptOrder(session, message, check);
                }
                else if (check.Verdict == VenueOrderVerdict.OrderReject || _mode == VenueMode.Reject)
                {
                    Execution(session, message, FixValues.ExecType.Rejected, check);
                    InvalidOrders += check.Verdict == VenueOrderVerdict.OrderReject ? 1 : 0;
                    Rejects++;
                }
                else
                {
                    Execution(session, message, FixValues.ExecType.New, check);
                    Execution(session, message, FixValues.ExecType.Trade, check);
                    Fills++;
                }

                break;
            case FixMsgType.Code.OrderCancelRequest when _mode is VenueMode.Accept or VenueMode.Partial:
                CancelResting(session, message);
                break;
            case FixMsgType.Code.OrderCancelReplaceRequest when _mode is VenueMode.Accept or VenueMode.Partial:
                ReplaceResting(session, message);
                break;
            case FixMsgType.Code.OrderCancelRequest:
                CancelReject(session, message, FixValues.CxlRejResponseTo.OrderCancelRequest);
                CancelRejects++;
                break;
            case FixMsgType.Code.OrderCancelReplaceRequest:
                CancelReject(session, message, FixValues.CxlRejResponseTo.OrderCancelReplaceRequest);
                CancelRejects++;
                break;
            default:
                session.RejectBusinessMessage(message, BusinessRejectReason.UnsupportedMessageType, "Unsupported Message Type");
                break;
        }
    }

    /// <summary>ExecutionReport for a NewOrderSingle: 150=0 New, F Trade (full fill at the limit), 8 Rejected.</summary>
    private void Execution(FixSession session, in FixMessageView order, byte execType, in VenueOrderCheckResult check)
    {
        long qtyUnits = check.QtyUnits;
        long pxUnits = check.PriceUnits;
        long id = ++_nextId;
        FixEncoder e = session.Begin(_executionReport!);
        Span<byte> text = stackalloc byte[24];
        e.AppendString(FixTag.OrderID, Id("V-"u8, order.TryGetInt(FixTag.MsgSeqNum, out long seq) ? seq : id, text));
        e.AppendString(FixTag.ClOrdID, order.GetString(FixTag.ClOrdID));
        e.AppendString(FixTag.ExecID, Id("E-"u8, id, text));
        e.AppendChar(FixTag.ExecType, execType);
        e.AppendChar(FixTag.OrdStatus, execType switch
        {
            FixValues.ExecType.Trade => FixValues.OrdStatus.Filled,
            FixValues.ExecType.Rejected => FixValues.OrdStatus.Rejected,
            _ => FixValues.OrdStatus.New,
        });
        if (execType == FixValues.ExecType.Rejected)
        {
            e.AppendInt(FixTag.OrdRejReason, check.OrdRejReason);
        }

        e.AppendString(FixTag.Symbol, order.GetString(FixTag.Symbol));
        e.AppendString(FixTag.Side, order.GetString(FixTag.Side));
        if (check.HasQty)
        {
            e.AppendDecimal(FixTag.OrderQty, qtyUnits, FixPrice.Scale);
        }

        if (order.TryGetValue(FixTag.OrdType, out ReadOnlySpan<byte> ordType))
        {
            e.AppendString(FixTag.OrdType, ordType);
        }

        if (pxUnits != 0)
        {
            e.AppendPrice(FixTag.Price, new FixPrice(pxUnits));
        }

        bool filled = execType == FixValues.ExecType.Trade;
        if (filled)
        {
            e.AppendDecimal(FixTag.LastQty, qtyUnits, FixPrice.Scale);
            e.AppendPrice(FixTag.LastPx, new FixPrice(pxUnits));
        }

        e.AppendDecimal(FixTag.LeavesQty, execType == FixValues.ExecType.New ? qtyUnits : 0, FixPrice.Scale);
        e.AppendDecimal(FixTag.CumQty, filled ? qtyUnits : 0, FixPrice.Scale);
        e.AppendPrice(FixTag.AvgPx, new FixPrice(filled ? pxUnits : 0));
        if (execType == FixValues.ExecType.Rejected)
        {
            Span<byte> reason = stackalloc byte[128];
            int n = check.Text is null ? 0 : System.Text.Encoding.ASCII.GetBytes(check.Text.AsSpan(0, Math.Min(check.Text.Length, reason.Length)), reason);
            e.AppendString(FixTag.Text, n == 0 ? "rejected by the test venue"u8 : reason[..n]);
        }

        session.Send();
    }

    // ---- Accept and partial modes: orders that rest -------------------------------------------------

    /// <summary>An order the venue holds: the ClOrdID it answers to now, and what it has done.</summary>
    private sealed class RestingOrder
    {
        public required string OrderId;
        public required byte[] Symbol;
        public byte Side;
        public long QtyUnits;
        public long PriceUnits;
        public long CumUnits;
    }

    private void AcceptOrder(FixSession session, in FixMessageView message, in VenueOrderCheckResult check)
    {
        string clOrdId = System.Text.Encoding.ASCII.GetString(message.GetString(FixTag.ClOrdID));
        var order = new RestingOrder
        {
            OrderId = "V-" + (message.TryGetInt(FixTag.MsgSeqNum, out long seq) ? seq : ++_nextId).ToString(System.Globalization.CultureInfo.InvariantCulture),
            Symbol = message.GetString(FixTag.Symbol).ToArray(),
            Side = message.TryGetChar(FixTag.Side, out byte side) ? side : FixValues.Side.Buy,
            QtyUnits = check.QtyUnits,
            PriceUnits = check.PriceUnits,
        };
        Report(session, clOrdId, null, order, FixValues.ExecType.New, FixValues.OrdStatus.New, 0);
        if (_mode == VenueMode.Partial)
        {
            // Half, in whole shares, at least one.
            long half = Math.Max(FixPrice.One, order.QtyUnits / 2 / FixPrice.One * FixPrice.One);
            long fill = Math.Min(half, order.QtyUnits);
            order.CumUnits = fill;
            Report(session, clOrdId, null, order, FixValues.ExecType.Trade,
                fill == order.QtyUnits ? FixValues.OrdStatus.Filled : FixValues.OrdStatus.PartiallyFilled, fill);
            Fills++;
            if (fill == order.QtyUnits)
            {
                return;
            }
        }

        byte tif = message.TryGetChar(FixTag.TimeInForce, out byte t) ? t : FixValues.TimeInForce.Day;
        if (tif is FixValues.TimeInForce.ImmediateOrCancel or FixValues.TimeInForce.FillOrKill)
        {
            // Nothing more will trade against it: the rest is cancelled at once.
            Report(session, clOrdId, null, order, FixValues.ExecType.Canceled, FixValues.OrdStatus.Canceled, 0);
            Cancels++;
            return;
        }

        _resting[clOrdId] = order;
    }

    private void CancelResting(FixSession session, in FixMessageView request)
    {
        string orig = System.Text.Encoding.ASCII.GetString(request.GetString(FixTag.OrigClOrdID));
        if (!_resting.Remove(orig, out RestingOrder? order))
        {
            CancelReject(session, request, FixValues.CxlRejResponseTo.OrderCancelRequest);
            CancelRejects++;
            return;
        }

        Report(session, System.Text.Encoding.ASCII.GetString(request.GetString(FixTag.ClOrdID)), orig, order, FixValues.ExecType.Canceled,
            FixValues.OrdStatus.Canceled, 0);
        Cancels++;
    }

    private void ReplaceResting(FixSession session, in FixMessageView request)
    {
        string orig = System.Text.Encoding.ASCII.GetString(request.GetString(FixTag.OrigClOrdID));
        if (!_resting.TryGetValue(orig, out RestingOrder? order)
            || !request.TryGetDecimal(FixTag.OrderQty, FixPrice.Scale, out long qty) || qty <= order.CumUnits
            || !request.TryGetPrice(FixTag.Price, out FixPrice price) || price.Units <= 0)
        {
            CancelReject(session, request, FixValues.CxlRejResponseTo.OrderCancelReplaceRequest);
            CancelRejects++;
            return;
        }

        _resting.Remove(orig);
        order.QtyUnits = qty;
        order.PriceUnits = price.Units;
        string clOrdId = System.Text.Encoding.ASCII.GetString(request.GetString(FixTag.ClOrdID));
        _resting[clOrdId] = order;
        Report(session, clOrdId, orig, order, FixValues.ExecType.Replaced,
            order.CumUnits > 0 ? FixValues.OrdStatus.PartiallyFilled : FixValues.OrdStatus.New, 0);
        Replaces++;
    }

    /// <summary>An ExecutionReport about a resting order; <paramref name="lastUnits"/> &gt; 0 for a fill at its limit.</summary>
    private void Report(FixSession session, string clOrdId, string? origClOrdId, RestingOrder order, byte execType, byte ordStatus, long lastUnits)
    {
        long id = ++_nextId;
        FixEncoder e = session.Begin(_executionReport!);
        Span<byte> text = stackalloc byte[24];
        e.AppendString(FixTag.OrderID, System.Text.Encoding.ASCII.GetBytes(order.OrderId));
        e.AppendString(FixTag.ClOrdID, System.Text.Encoding.ASCII.GetBytes(clOrdId));
        if (origClOrdId is not null)
        {
            e.AppendString(FixTag.OrigClOrdID, System.Text.Encoding.ASCII.GetBytes(origClOrdId));
        }

        e.AppendString(FixTag.ExecID, Id("E-"u8, id, text));
        e.AppendChar(FixTag.ExecType, execType);
        e.AppendChar(FixTag.OrdStatus, ordStatus);
        e.AppendString(FixTag.Symbol, order.Symbol);
        e.AppendChar(FixTag.Side, order.Side);
        e.AppendDecimal(FixTag.OrderQty, order.QtyUnits, FixPrice.Scale);
        e.AppendChar(FixTag.OrdType, FixValues.OrdType.Limit);
        e.AppendPrice(FixTag.Price, new FixPrice(order.PriceUnits));
        if (lastUnits > 0)
        {
            e.AppendDecimal(FixTag.LastQty, lastUnits, FixPrice.Scale);
            e.AppendPrice(FixTag.LastPx, new FixPrice(order.PriceUnits));
        }

        bool done = execType is FixValues.ExecType.Canceled || order.CumUnits == order.QtyUnits;
        e.AppendDecimal(FixTag.LeavesQty, done ? 0 : order.QtyUnits - order.CumUnits, FixPrice.Scale);
        e.AppendDecimal(FixTag.CumQty, order.CumUnits, FixPrice.Scale);
        e.AppendPrice(FixTag.AvgPx, new FixPrice(order.CumUnits > 0 ? order.PriceUnits : 0));
        session.Send();
    }

    private void CancelReject(FixSession session, in FixMessageView request, byte responseTo)
    {
        FixEncoder e = session.Begin(_cancelReject!);
        ReadOnlySpan<byte> orderId = request.GetString(FixTag.OrderID);
        e.AppendString(FixTag.OrderID, orderId.IsEmpty ? "NONE"u8 : orderId);
        e.AppendString(FixTag.ClOrdID, request.GetString(FixTag.ClOrdID));
        e.AppendString(FixTag.OrigClOrdID, request.GetString(FixTag.OrigClOrdID));
        e.AppendChar(FixTag.OrdStatus, _mode == VenueMode.Fill ? FixValues.OrdStatus.Filled : FixValues.OrdStatus.Rejected);
        e.AppendChar(FixTag.CxlRejResponseTo, responseTo);
        e.AppendInt(FixTag.CxlRejReason, 0);
        e.AppendString(FixTag.Text, "too late: the test venue fills or rejects every order at once"u8);
        session.Send();
    }

    /// <summary>
    /// The same MsgType and body (every field that is neither header nor trailer; data fields whole),
    /// with our header, the message's PossResend, MessageEncoding and XmlData, and its third-party
    /// routing reversed.
    /// </summary>
    private void Echo(FixSession session, in FixMessageView message)
    {
        FixMessageTemplate template = session.TemplateFor(message.MsgType);
        FixEncoder e = session.Begin(template);
        FixSession.AppendReverseRouting(e, message);
        FixDictionary d = session.Settings.Dictionary;
        if (message.TryGetValue(FixTag.PossResend, out ReadOnlySpan<byte> possResend))
        {
            e.AppendString(FixTag.PossResend, possResend);
        }

        if (message.TryGetValue(FixTag.XmlData, out ReadOnlySpan<byte> xml))
        {
            e.AppendData(FixTag.XmlDataLen, FixTag.XmlData, xml);
        }

        if (message.TryGetValue(FixTag.MessageEncoding, out ReadOnlySpan<byte> encoding))
        {
            e.AppendString(FixTag.MessageEncoding, encoding);
        }

        int last = message.FieldCount - 1;
        for (int i = 3; i < last; i++)
        {
            int tag = message.TagAt(i);
            if (d.IsHeader(tag) || d.IsTrailer(tag))
            {
                continue;
            }

            int dataTag = FixDataFields.DataTagOf(tag);
            if (dataTag != 0 && i + 1 < last && message.TagAt(i + 1) == dataTag)
            {
                e.AppendData(tag, dataTag, message.ValueAt(++i));
            }
            else
            {
                e.AppendString(tag, message.ValueAt(i));
            }
        }

        Echoed++;
        session.Send();
    }

    private static ReadOnlySpan<byte> Id(ReadOnlySpan<byte> prefix, long n, Span<byte> buffer)
    {
        prefix.CopyTo(buffer);
        _ = n.TryFormat(buffer.Slice(prefix.Length), out int len, default, System.Globalization.CultureInfo.InvariantCulture);
        return buffer.Slice(0, prefix.Length + len);
    }
}
