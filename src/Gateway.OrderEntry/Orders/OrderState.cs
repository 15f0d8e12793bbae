using Gateway.Core.Trading;

namespace Gateway.OrderEntry.Orders;

/// <summary>
/// Where one order (one ClOrdID) stands. A cancel or replace request is a ClOrdID of its own
/// (<see cref="OrderKind"/>); a successful replace ends the old ClOrdID as <see cref="Replaced"/> and
/// the order lives on under the request's ClOrdID.
/// <code>
///   PendingNew ─► New ─► PartiallyFilled ─► Filled
///       │          │           │
///       │          ├─► PendingCancel ─► Cancelled       (OrderCancelReject: back to New / PartiallyFilled)
///       │          ├─► PendingReplace ─► Replaced       (the replacement ClOrdID becomes New / PartiallyFilled)
///       ├─► Rejected
///       └─► Expired / Cancelled                         (an IOC's unfilled rest, DoneForDay)
/// </code>
/// </summary>
public enum OrderState : byte
{
    None = 0,
    PendingNew = 1,
    New = 2,
    PartiallyFilled = 3,
    Filled = 4,
    PendingCancel = 5,
    Cancelled = 6,
    PendingReplace = 7,
    Replaced = 8,
    Rejected = 9,
    Expired = 10,
}

/// <summary>What a ClOrdID was sent as.</summary>
public enum OrderKind : byte
{
    /// <summary>A NewOrderSingle (or the order a replace turned into).</summary>
    Order = 0,

    /// <summary>An OrderCancelRequest for <see cref="OrderRecord.Parent"/>.</summary>
    CancelRequest = 1,

    /// <summary>An OrderCancelReplaceRequest for <see cref="OrderRecord.Parent"/>.</summary>
    ReplaceRequest = 2,
}

/// <summary>Time in force of an order, as the strategy asks for it. The values are FIX 4.4's TimeInForce (59) digits.</summary>
public enum TimeInForce : byte
{
    Day = 0,
    GoodTillCancel = 1,
    ImmediateOrCancel = 3,
    FillOrKill = 4,
}

public static class TimeInForces
{
    /// <summary>The TimeInForce (59) character.</summary>
    public static byte ToFix(TimeInForce tif) => (byte)('0' + (byte)tif);

    /// <summary>The short name used in reports and <c>--orders-out</c>: DAY, GTC, IOC, FOK.</summary>
    public static string Name(TimeInForce tif) => tif switch
    {
        TimeInForce.GoodTillCancel => "GTC",
        TimeInForce.ImmediateOrCancel => "IOC",
        TimeInForce.FillOrKill => "FOK",
        _ => "DAY",
    };
}

/// <summary>One ClOrdID: an order, or a request to cancel or replace one. Fields in engine units (shares, price units).</summary>
public struct OrderRecord
{
    public int Instrument;
    public Side Side;
    public TimeInForce TimeInForce;
    public OrderKind Kind;
    public OrderState State;

    /// <summary>The state to return to when a pending cancel or replace is refused.</summary>
    public OrderState Resume;

    public long Price;
    public long Qty;
    public long CumQty;
    public long LeavesQty;

    /// <summary>Σ fill qty × fill price, for the average price.</summary>
    public long FilledNotional;

    /// <summary>A request: the order it acts on. An order: its pending request, or -1.</summary>
    public int Parent;

    public int PendingRequest;

    /// <summary>The MoldUDP64 sequence number of the market-data message that triggered the order.</summary>
    public ulong TriggerSeq;

    /// <summary>Engine clock when the order was sent.</summary>
    public long SentNs;

    public readonly bool IsTerminal => State is OrderState.Filled or OrderState.Cancelled or OrderState.Replaced
        or OrderState.Rejected or OrderState.Expired;

    public readonly bool IsOpen => Kind == OrderKind.Order && State is OrderState.PendingNew or OrderState.New
        or OrderState.PartiallyFilled or OrderState.PendingCancel or OrderState.PendingReplace;
}

/// <summary>What an execution report (or cancel reject) did, for risk and the strategy.</summary>
public enum OrderEventKind : byte
{
    None = 0,

    /// <summary>The venue acknowledged the order (ExecType New, or PendingNew).</summary>
    Accepted = 1,

    /// <summary>Some or all of the order traded (see <see cref="OrderUpdate.FillQty"/>).</summary>
    Fill = 2,

    /// <summary>The order is cancelled (by our request, or the venue's: an IOC's rest).</summary>
    Cancelled = 3,

    Expired = 4,

    Rejected = 5,

    /// <summary>The order now lives under the replacement ClOrdID with its new price and quantity.</summary>
    Replaced = 6,

    /// <summary>Our cancel or replace was refused (OrderCancelReject); the order stands as it was.</summary>
    CancelRejected = 7,

    /// <summary>An acknowledgement that changes nothing (PendingCancel, PendingReplace, OrderStatus, Restated).</summary>
    Acknowledged = 8,

    /// <summary>Counted and ignored: a report for a ClOrdID we never sent, a duplicate, or a malformed one.</summary>
    Ignored = 9,
}

/// <summary>
/// The outcome of one report: its event, the order it concerns, the fill it carried, and the
/// shares that stopped being open (filled, cancelled, expired, rejected) at the order's limit price.
/// </summary>
public struct OrderUpdate
{
    public OrderEventKind Kind;

    /// <summary>The order's slot (the one that lives on, for a replace), or -1.</summary>
    public int Slot;

    public int Instrument;
    public Side Side;
    public long FillQty;
    public long FillPrice;

    /// <summary>Shares no longer open, and the limit price they were booked at.</summary>
    public long ReleasedQty;

    public long ReleasedPrice;

    /// <summary>Shares a pending replace had booked that are no longer wanted, at the replacement's price.</summary>
    public long ExtraReleasedQty;

    public long ExtraReleasedPrice;

    /// <summary>The order's leaves after the report.</summary>
    public long LeavesQty;

    public OrderState State;
}
