using System.Runtime.CompilerServices;
using System.Text;
using Gateway.Core;
using Gateway.Core.Trading;
using Gateway.OrderEntry.Fix;

namespace Gateway.OrderEntry.Orders;

/// <summary>
/// Every order of a run and its state, driven by the venue's ExecutionReports and
/// OrderCancelRejects (<see cref="OrderState"/> has the diagram). Slots are preallocated; slot
/// <c>n</c> is ClOrdID <c>PREFIX(n+1)</c>, so a report finds its order by parsing the number, with
/// no hashing. The prefix (by default the run's start time) keeps ClOrdIDs unique across runs on
/// one session.
/// <para>Reports that do not fit are counted, never trusted blindly and never fatal: a ClOrdID we
/// never sent, a duplicate (a CumQty we have already seen), a fill after the order ended (applied:
/// the venue says it traded, so the position must say so too), a fill past the order's quantity
/// (applied and counted), a transition from a state that does not allow it.</para>
/// <para>Single-threaded (the engine's critical path); nothing is allocated after construction. Full
/// table: <see cref="TryCreateOrder"/> returns -1 and the engine refuses the order.</para>
/// </summary>
public sealed class OrderTable
{
    private readonly OrderRecord[] _records;
    private readonly byte[] _prefix;
    private int _count;

    public OrderTable(int capacity, string clOrdIdPrefix)
    {
        if (capacity is < 1 or > (1 << 26))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(capacity), "1 to 2^26 orders");
        }

        if (clOrdIdPrefix.Length > 16 || clOrdIdPrefix.Any(c => c is <= ' ' or > '~' or '='))
        {
            ThrowHelper.Argument(nameof(clOrdIdPrefix), "ClOrdID prefix: up to 16 printable characters without '='");
        }

        _records = Prefault.PinnedTable<OrderRecord>(capacity);
        _prefix = Encoding.ASCII.GetBytes(clOrdIdPrefix);
    }

    /// <summary>A prefix from the time: letters and digits of the UTC time of day, e.g. "G083412-".</summary>
    public static string DefaultPrefix(DateTime utcNow) =>
        "G" + utcNow.ToString("HHmmss", System.Globalization.CultureInfo.InvariantCulture) + "-";

    public int Capacity => _records.Length;

    /// <summary>The table's memory (pinned), for start-up preparation: populated and locked before the first order.</summary>
    public ResidentRegion ResidentRegion => Prefault.RegionOf("order table", _records);

    /// <summary>ClOrdIDs issued (orders and requests).</summary>
    public int Count => _count;

    public ReadOnlySpan<byte> Prefix => _prefix;

    public ref readonly OrderRecord this[int slot] => ref _records[slot];

    public OrderTableCounters Counters { get; } = new();

    /// <summary>Writes the ClOrdID of <paramref name="slot"/>; returns its length (at most 16 + 10 bytes).</summary>
    public int FormatClOrdId(int slot, Span<byte> destination)
    {
        _prefix.CopyTo(destination);
        ((uint)slot + 1).TryFormat(destination.Slice(_prefix.Length), out int digits);
        return _prefix.Length + digits;
    }

    /// <summary>The number behind a ClOrdID (slot + 1): what risk's duplicate check sees.</summary>
    public static ulong IdNumber(int slot) => (ulong)slot + 1;

    /// <summary>The slot a ClOrdID names, or -1 when it is not one of ours.</summary>
    public int SlotOf(ReadOnlySpan<byte> clOrdId)
    {
        // FormatClOrdId never writes a leading zero: "PREFIX01" is not the ClOrdID of slot 0.
        if (clOrdId.Length <= _prefix.Length || clOrdId.Length > _prefix.Length + 10 || !clOrdId.StartsWith(_prefix)
            || clOrdId[_prefix.Length] == (byte)'0')
        {
            return -1;
        }

        ulong n = 0;
        foreach (byte c in clOrdId.Slice(_prefix.Length))
        {
            uint d = (uint)(c - '0');
            if (d > 9)
            {
                return -1;
            }

            n = (n * 10) + d;
        }

        return n >= 1 && n <= (ulong)_count ? (int)(n - 1) : -1;
    }

    /// <summary>Reads the slot the next order will take (cache warming between orders; changes nothing).</summary>
    public int Warm(int slot) => (uint)slot < (uint)_records.Length ? (int)_records[slot].State : 0;

    // ---- Orders going out ------------------------------------------------------------------------

    /// <summary>A new order, PendingNew until the venue answers; -1 when the table is full.</summary>
    public int TryCreateOrder(int instrument, Side side, long price, long qty, TimeInForce tif, ulong triggerSeq, long nowNs)
    {
        if (_count == _records.Length)
        {
            Counters.TableFull++;
            return -1;
        }

        int slot = _count++;
        _records[slot] = new OrderRecord
        {
            Instrument = instrument,
            Side = side,
            TimeInForce = tif,
            Kind = OrderKind.Order,
            State = OrderState.PendingNew,
            Price = price,
            Qty = qty,
            LeavesQty = qty,
            Parent = -1,
            PendingRequest = -1,
            TriggerSeq = triggerSeq,
            SentNs = nowNs,
        };
        return slot;
    }

    /// <summary>A cancel request for an open order (its own ClOrdID); -1 when the order cannot be cancelled now or the table is full.</summary>
    public int TryCreateCancel(int order, long nowNs) => TryCreateRequest(order, OrderKind.CancelRequest, 0, 0, nowNs);

    /// <summary>
    /// A replace request: the order's new limit and total quantity. The request's
    /// <see cref="OrderRecord.LeavesQty"/> is what risk books for it (new quantity less what has traded).
    /// </summary>
    public int TryCreateReplace(int order, long newPrice, long newQty, long nowNs) =>
        TryCreateRequest(order, OrderKind.ReplaceRequest, newPrice, newQty, nowNs);

    private int TryCreateRequest(int order, OrderKind kind, long price, long qty, long nowNs)
    {
        if ((uint)order >= (uint)_count)
        {
            return -1;
        }

        ref OrderRecord o = ref _records[order];
        if (o.Kind != OrderKind.Order || o.State is not (OrderState.New or OrderState.PartiallyFilled or OrderState.PendingNew))
        {
            Counters.RequestsRefused++;
            return -1;
        }

        if (kind == OrderKind.ReplaceRequest && qty <= o.CumQty)
        {
            Counters.RequestsRefused++;
            return -1;
        }

        if (_count == _records.Length)
        {
            Counters.TableFull++;
            return -1;
        }

        int slot = _count++;
        _records[slot] = new OrderRecord
        {
            Instrument = o.Instrument,
            Side = o.Side,
            TimeInForce = o.TimeInForce,
            Kind = kind,
            State = OrderState.PendingNew,
            Price = kind == OrderKind.ReplaceRequest ? price : o.Price,
            Qty = kind == OrderKind.ReplaceRequest ? qty : o.Qty,
            LeavesQty = kind == OrderKind.ReplaceRequest ? qty - o.CumQty : 0,
            Parent = order,
            PendingRequest = -1,
            TriggerSeq = o.TriggerSeq,
            SentNs = nowNs,
        };
        o.Resume = o.State;
        o.State = kind == OrderKind.CancelRequest ? OrderState.PendingCancel : OrderState.PendingReplace;
        o.PendingRequest = slot;
        return slot;
    }

    /// <summary>
    /// The order or request could not be sent (session down, store full): it ends as Rejected, an
    /// order's shares are released; a request's order goes back to where it was. With
    /// <paramref name="unanswered"/> the order went to a sink that never answers: it ends Expired.
    /// </summary>
    public OrderUpdate NotSent(int slot, bool unanswered = false)
    {
        ref OrderRecord r = ref _records[slot];
        var u = new OrderUpdate { Kind = unanswered ? OrderEventKind.Expired : OrderEventKind.Rejected, Slot = slot, Instrument = r.Instrument, Side = r.Side };
        r.State = unanswered ? OrderState.Expired : OrderState.Rejected;
        if (r.Kind == OrderKind.Order)
        {
            u.ReleasedQty = r.LeavesQty;
            u.ReleasedPrice = r.Price;
            r.LeavesQty = 0;
        }
        else
        {
            ref OrderRecord o = ref _records[r.Parent];
            EndRequest(ref o, slot);
            u.Kind = OrderEventKind.CancelRejected;
            u.Slot = r.Parent;
            u.ReleasedQty = r.Kind == OrderKind.ReplaceRequest ? r.LeavesQty : 0;
            u.ReleasedPrice = r.Price;
            r.LeavesQty = 0;
            // The update is about the order, as a refused request's from the venue is.
            u.State = o.State;
            u.LeavesQty = o.LeavesQty;
            return u;
        }

        u.State = r.State;
        return u;
    }

    // ---- Reports coming in -----------------------------------------------------------------------

    /// <summary>Applies an ExecutionReport (35=8) or OrderCancelReject (35=9); anything else is ignored.</summary>
    public OrderUpdate Apply(in FixMessageView message)
    {
        byte type = FixMsgType.CodeOf(message.MsgType);
        if (type == FixMsgType.Code.ExecutionReport)
        {
            return ApplyExecutionReport(message);
        }

        if (type == FixMsgType.Code.OrderCancelReject)
        {
            return ApplyCancelReject(message);
        }

        return Ignored(-1);
    }

    private OrderUpdate ApplyExecutionReport(in FixMessageView m)
    {
        int slot = SlotOf(m.GetString(FixTag.ClOrdID));
        if (slot < 0)
        {
            Counters.UnknownClOrdId++;
            return Ignored(-1);
        }

        if (!m.TryGetChar(FixTag.ExecType, out byte execType))
        {
            Counters.Malformed++;
            return Ignored(slot);
        }

        ref OrderRecord r = ref _records[slot];
        int target = r.Kind == OrderKind.Order ? slot : r.Parent;
        switch (execType)
        {
            case FixValues.ExecType.Trade:
                return Fill(m, target);
            case FixValues.ExecType.New:
                return r.Kind == OrderKind.Order ? Accept(slot) : Acknowledged(target);
            case FixValues.ExecType.PendingNew:
            case FixValues.ExecType.PendingCancel:
            case FixValues.ExecType.PendingReplace:
            case FixValues.ExecType.OrderStatus:
            case FixValues.ExecType.Restated:
                return Acknowledged(target);
            case FixValues.ExecType.Canceled:
                if (r.Kind == OrderKind.CancelRequest)
                {
                    r.State = OrderState.New;
                }

                return End(target, OrderState.Cancelled, OrderEventKind.Cancelled);
            case FixValues.ExecType.Expired:
            case FixValues.ExecType.DoneForDay:
                return End(target, OrderState.Expired, OrderEventKind.Expired);
            case FixValues.ExecType.Rejected:
                return r.Kind == OrderKind.Order ? End(slot, OrderState.Rejected, OrderEventKind.Rejected) : RequestRefused(slot);
            case FixValues.ExecType.Replaced:
                return r.Kind == OrderKind.ReplaceRequest ? Replace(slot) : Unexpected(slot);
            default:
                return Acknowledged(target);
        }
    }

    private OrderUpdate Accept(int slot)
    {
        ref OrderRecord o = ref _records[slot];
        if (o.State is OrderState.PendingCancel or OrderState.PendingReplace && o.Resume == OrderState.PendingNew)
        {
            // Acknowledged while our cancel or replace of it is in flight: should the request be
            // refused, the order goes back to New, not to PendingNew.
            o.Resume = OrderState.New;
            return Event(OrderEventKind.Accepted, slot);
        }

        if (o.State != OrderState.PendingNew)
        {
            // A late or repeated acknowledgement: the order has moved on.
            Counters.LateReports++;
            return Acknowledged(slot);
        }

        o.State = OrderState.New;
        return Event(OrderEventKind.Accepted, slot);
    }

    private OrderUpdate Fill(in FixMessageView m, int slot)
    {
        ref OrderRecord o = ref _records[slot];
        if (!m.TryGetDecimal(FixTag.LastQty, 0, out long qty) || qty <= 0 || !m.TryGetDecimal(FixTag.LastPx, 4, out long price) || price < 0)
        {
            Counters.Malformed++;
            return Ignored(slot);
        }

        if (m.TryGetDecimal(FixTag.CumQty, 0, out long venueCum) && venueCum <= o.CumQty)
        {
            // The venue's running total says we have counted this execution already.
            Counters.DuplicateReports++;
            return Ignored(slot);
        }

        OrderEventKind kind = OrderEventKind.Fill;
        long released = 0;
        if (o.IsTerminal)
        {
            Counters.LateFills++;
        }
        else
        {
            released = Math.Min(qty, o.LeavesQty);
        }

        o.CumQty += qty;
        o.FilledNotional += qty * price;
        if (o.CumQty > o.Qty)
        {
            Counters.Overfills++;
        }

        if (!o.IsTerminal)
        {
            o.LeavesQty -= released;
            if (o.CumQty >= o.Qty)
            {
                o.State = OrderState.Filled;
                o.LeavesQty = 0;
            }
            else if (o.State is OrderState.PendingCancel or OrderState.PendingReplace)
            {
                o.Resume = OrderState.PartiallyFilled;
            }
            else
            {
                o.State = OrderState.PartiallyFilled;
            }
        }

        OrderUpdate u = Event(kind, slot);
        u.FillQty = qty;
        u.FillPrice = price;
        u.ReleasedQty = released;
        u.ReleasedPrice = o.Price;
        return u;
    }

    private OrderUpdate End(int slot, OrderState state, OrderEventKind kind)
    {
        ref OrderRecord o = ref _records[slot];
        if (o.IsTerminal)
        {
            return Unexpected(slot);
        }

        OrderUpdate u = Event(kind, slot);
        u.ReleasedQty = o.LeavesQty;
        u.ReleasedPrice = o.Price;
        o.LeavesQty = 0;
        o.State = state;
        if (o.PendingRequest >= 0)
        {
            // A cancel or replace still in flight is moot now; its booked shares go too.
            ref OrderRecord req = ref _records[o.PendingRequest];
            if (req.Kind == OrderKind.ReplaceRequest && req.State == OrderState.PendingNew)
            {
                u.ExtraReleasedQty = req.LeavesQty;
                u.ExtraReleasedPrice = req.Price;
                req.LeavesQty = 0;
            }

            req.State = OrderState.Expired;
            o.PendingRequest = -1;
        }

        u.State = state;
        return u;
    }

    private OrderUpdate Replace(int requestSlot)
    {
        ref OrderRecord req = ref _records[requestSlot];
        ref OrderRecord old = ref _records[req.Parent];
        if (req.State != OrderState.PendingNew || old.IsTerminal)
        {
            return Unexpected(requestSlot);
        }

        OrderUpdate u = Event(OrderEventKind.Replaced, requestSlot);
        u.ReleasedQty = old.LeavesQty;
        u.ReleasedPrice = old.Price;
        long booked = req.LeavesQty;
        req.Kind = OrderKind.Order;
        req.CumQty = old.CumQty;
        req.FilledNotional = old.FilledNotional;
        req.LeavesQty = Math.Max(0, req.Qty - req.CumQty);
        req.State = req.LeavesQty == 0 ? OrderState.Filled : req.CumQty > 0 ? OrderState.PartiallyFilled : OrderState.New;
        req.Parent = -1;
        // Fills between the request and now were released from the old order already.
        u.ExtraReleasedQty = Math.Max(0, booked - req.LeavesQty);
        u.ExtraReleasedPrice = req.Price;
        old.LeavesQty = 0;
        old.State = OrderState.Replaced;
        old.PendingRequest = -1;
        u.LeavesQty = req.LeavesQty;
        u.State = req.State;
        return u;
    }

    private OrderUpdate ApplyCancelReject(in FixMessageView m)
    {
        int slot = SlotOf(m.GetString(FixTag.ClOrdID));
        if (slot < 0)
        {
            Counters.UnknownClOrdId++;
            return Ignored(-1);
        }

        return _records[slot].Kind == OrderKind.Order ? Unexpected(slot) : RequestRefused(slot);
    }

    /// <summary>Our cancel or replace was refused: the order resumes; a replace's booked shares are released.</summary>
    private OrderUpdate RequestRefused(int requestSlot)
    {
        ref OrderRecord req = ref _records[requestSlot];
        if (req.State != OrderState.PendingNew)
        {
            return Unexpected(requestSlot);
        }

        Counters.CancelRejects++;
        req.State = OrderState.Rejected;
        ref OrderRecord o = ref _records[req.Parent];
        EndRequest(ref o, requestSlot);
        OrderUpdate u = Event(OrderEventKind.CancelRejected, req.Parent);
        if (req.Kind == OrderKind.ReplaceRequest)
        {
            u.ReleasedQty = req.LeavesQty;
            u.ReleasedPrice = req.Price;
            req.LeavesQty = 0;
        }

        return u;
    }

    private static void EndRequest(ref OrderRecord order, int requestSlot)
    {
        if (order.PendingRequest == requestSlot)
        {
            order.PendingRequest = -1;
            if (order.State is OrderState.PendingCancel or OrderState.PendingReplace)
            {
                order.State = order.Resume;
            }
        }
    }

    private OrderUpdate Acknowledged(int slot) => Event(OrderEventKind.Acknowledged, slot);

    private OrderUpdate Unexpected(int slot)
    {
        Counters.UnexpectedReports++;
        return Ignored(slot);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private OrderUpdate Event(OrderEventKind kind, int slot)
    {
        ref OrderRecord o = ref _records[slot];
        return new OrderUpdate { Kind = kind, Slot = slot, Instrument = o.Instrument, Side = o.Side, State = o.State, LeavesQty = o.LeavesQty };
    }

    private static OrderUpdate Ignored(int slot) => new() { Kind = OrderEventKind.Ignored, Slot = slot };

    /// <summary>Open orders (for the kill switch and shutdown): slots of orders that are not finished.</summary>
    public int OpenOrders(Span<int> destination)
    {
        int n = 0;
        for (int i = 0; i < _count && n < destination.Length; i++)
        {
            if (_records[i].IsOpen)
            {
                destination[n++] = i;
            }
        }

        return n;
    }

    /// <summary>Orders not finished yet (PendingNew, New, PartiallyFilled, pending a cancel or replace).</summary>
    public int OpenOrderCount
    {
        get
        {
            int n = 0;
            for (int i = 0; i < _count; i++)
            {
                n += _records[i].IsOpen ? 1 : 0;
            }

            return n;
        }
    }
}

/// <summary>Reports that did not fit the order's story, by kind (single writer: the engine thread).</summary>
public sealed class OrderTableCounters
{
    public long UnknownClOrdId;
    public long DuplicateReports;
    public long LateFills;
    public long LateReports;
    public long Overfills;
    public long UnexpectedReports;
    public long Malformed;
    public long CancelRejects;
    public long RequestsRefused;
    public long TableFull;
}
