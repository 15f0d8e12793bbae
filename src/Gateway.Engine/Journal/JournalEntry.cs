using Gateway.Core.Trading;
using Gateway.OrderEntry.Orders;
using Gateway.Risk;

namespace Gateway.Engine.Journal;

/// <summary>What a journal entry records.</summary>
public enum JournalKind : byte
{
    /// <summary>An intent of the strategy and the decision on it (sent, or why not): one <c>--orders-out</c> line.</summary>
    Intent = 1,

    /// <summary>An execution report, cancel reject or ignored report (see <see cref="JournalEntry.Event"/>).</summary>
    OrderEvent = 2,

    /// <summary>The engine cancelling an order on its own (kill switch, shutdown).</summary>
    EngineCancel = 3,

    /// <summary>The kill switch engaged (<see cref="JournalEntry.Decision"/> holds the cause).</summary>
    KillSwitch = 4,
}

/// <summary>Why the engine, rather than risk, did not send an intent. Values follow <see cref="RiskReason"/>'s.</summary>
public static class EngineRefusal
{
    /// <summary>The order session is not logged on (orders are never queued).</summary>
    public const byte VenueDown = 100;

    /// <summary>The session store refused to journal it (disk full, I/O error).</summary>
    public const byte StoreFailed = 101;

    /// <summary>The order table is full (Engine:MaxOrders).</summary>
    public const byte OrderTableFull = 102;

    /// <summary>A cancel or replace named an order that does not exist or cannot be changed now.</summary>
    public const byte NoSuchOrder = 103;

    /// <summary>The connection broke while sending (journaled: it goes out again on the venue's resend request).</summary>
    public const byte ConnectionLost = 104;

    /// <summary>The decision's name as written in <c>--orders-out</c> and the statistics.</summary>
    public static string Name(byte decision) => decision switch
    {
        VenueDown => "venue_down",
        StoreFailed => "store_failed",
        OrderTableFull => "order_table_full",
        NoSuchOrder => "no_such_order",
        ConnectionLost => "sent_connection_lost",
        _ => RiskReasons.Name((RiskReason)decision),
    };
}

/// <summary>
/// One record of the audit trail, as the critical path hands it to the journal writer through a
/// ring: fixed size, no references, so writing one costs a few stores. The writer thread turns it
/// into text (<c>--orders-out</c> CSV, the audit journal).
/// </summary>
public struct JournalEntry
{
    public JournalKind Kind;

    /// <summary>Intent: what was asked (<see cref="Strategies.IntentKind"/>). OrderEvent: the <see cref="OrderEventKind"/>.</summary>
    public byte Event;

    /// <summary>Intent: 0 (<see cref="RiskReason.Accepted"/>, sent), a <see cref="RiskReason"/>, or an <see cref="EngineRefusal"/> code.</summary>
    public byte Decision;

    public Side Side;
    public TimeInForce TimeInForce;
    public OrderState State;
    public ushort Instrument;

    /// <summary>The ClOrdID's slot (-1: none issued).</summary>
    public int Slot;

    public long Price;
    public long Qty;

    /// <summary>OrderEvent: the order's leaves after it.</summary>
    public long Leaves;

    public ulong TriggerSeq;

    /// <summary>Intent that was sent after a market-data trigger: tick-to-trade in ns; otherwise -1.</summary>
    public long TickToTradeNs;

    /// <summary>The engine's clock when it happened.</summary>
    public long TimeNs;
}
