using System.Runtime.CompilerServices;
using Gateway.Core.Trading;
using Gateway.OrderEntry.Orders;

namespace Gateway.Engine.Strategies;

/// <summary>
/// The top of one instrument's book as a strategy sees it: best prices in price units (four implied
/// decimals) and the shares at them; a side with no orders is all zeros.
/// </summary>
public readonly record struct Touch(long BidPrice, long BidShares, long AskPrice, long AskShares)
{
    public bool HasBid => BidShares != 0;

    public bool HasAsk => AskShares != 0;
}

/// <summary>
/// One market-data message changed the book of an instrument the strategy follows.
/// <see cref="Before"/> is the top of book after the previous change of that instrument (the strategy
/// saw it then), <see cref="After"/> the top of book now.
/// </summary>
public readonly struct BookChange
{
    public BookChange(ushort instrument, Side side, byte messageType, ulong sequence, long timeNs, in Touch before, in Touch after)
    {
        Instrument = instrument;
        Side = side;
        MessageType = messageType;
        Sequence = sequence;
        TimeNs = timeNs;
        Before = before;
        After = after;
    }

    /// <summary>The instrument (the feed's stock locate).</summary>
    public ushort Instrument { get; }

    /// <summary>The side of the order the message touched: Buy for the bid, Sell for the ask; 0 when the book did not know the order.</summary>
    public Side Side { get; }

    /// <summary>The ITCH message type that made the change (A F E C X D U).</summary>
    public byte MessageType { get; }

    /// <summary>The message's MoldUDP64 sequence number: the trigger of any order sent in response.</summary>
    public ulong Sequence { get; }

    /// <summary>The engine's clock: the capture's timestamp in a replay, the wall clock live (ns).</summary>
    public long TimeNs { get; }

    public Touch Before { get; }

    public Touch After { get; }
}

/// <summary>A trade in a followed instrument: an execution of a displayed order (E, C) or a hidden one (P).</summary>
public readonly record struct TradeEvent(ushort Instrument, Side RestingSide, long Shares, long Price, ulong Sequence, long TimeNs);

/// <summary>What happened to one of the strategy's own orders.</summary>
public readonly record struct OrderEvent(
    OrderEventKind Kind, int OrderId, ushort Instrument, Side Side, long FillQty, long FillPrice, long LeavesQty, OrderState State, long TimeNs);

/// <summary>What a strategy asks for.</summary>
public enum IntentKind : byte
{
    New = 1,
    Cancel = 2,
    Replace = 3,
}

/// <summary>One request of a strategy: a new order, or a cancel or replace of one it has (by <see cref="OrderId"/>).</summary>
public struct OrderIntent
{
    public IntentKind Kind;
    public ushort Instrument;
    public Side Side;
    public TimeInForce TimeInForce;

    /// <summary>Limit price in price units.</summary>
    public long Price;

    /// <summary>Shares (a replace: the order's new total quantity).</summary>
    public long Qty;

    /// <summary>Cancel and replace: the order, as <see cref="OrderEvent.OrderId"/> named it.</summary>
    public int OrderId;
}

/// <summary>
/// Where a strategy puts its intents during a callback: preallocated, bounded. The engine takes
/// them, in order, as soon as the callback returns (risk, order state, encode, send). A full buffer
/// refuses the intent (the call returns false) and counts it.
/// </summary>
public sealed class IntentBuffer
{
    private readonly OrderIntent[] _items;
    private int _count;

    public IntentBuffer(int capacity = 64) => _items = new OrderIntent[capacity];

    public int Count => _count;

    public int Capacity => _items.Length;

    /// <summary>Intents refused because the buffer was full.</summary>
    public long Overflows { get; private set; }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool New(ushort instrument, Side side, long price, long qty, TimeInForce tif) =>
        Add(new OrderIntent { Kind = IntentKind.New, Instrument = instrument, Side = side, Price = price, Qty = qty, TimeInForce = tif });

    public bool Cancel(int orderId) => Add(new OrderIntent { Kind = IntentKind.Cancel, OrderId = orderId });

    public bool Replace(int orderId, long price, long qty) =>
        Add(new OrderIntent { Kind = IntentKind.Replace, OrderId = orderId, Price = price, Qty = qty });

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool Add(in OrderIntent intent)
    {
        if (_count == _items.Length)
        {
            Overflows++;
            return false;
        }

        _items[_count++] = intent;
        return true;
    }

    public ref readonly OrderIntent this[int index] => ref _items[index];

    public void Clear() => _count = 0;
}

/// <summary>
/// A trading strategy. Implement it on a struct and the engine is compiled for it: every call below
/// is direct (no virtual call on the critical path). Callbacks run on the engine's thread, one at a
/// time; intents go into the buffer and are acted on when the callback returns. Nothing here may
/// block, allocate or make a system call.
/// </summary>
public interface IStrategy
{
    /// <summary>
    /// The feed named an instrument (cold: once per instrument, from the stock directory). Return
    /// true to follow it: its book changes and trades are then delivered.
    /// </summary>
    bool OnInstrument(ushort instrument, ReadOnlySpan<byte> symbol);

    void OnBookChange(in BookChange change, IntentBuffer intents);

    void OnTrade(in TradeEvent trade, IntentBuffer intents);

    void OnOrderEvent(in OrderEvent orderEvent, IntentBuffer intents);

    /// <summary>Called on every turn of the engine's loop with the engine's clock: cheap when there is nothing to do.</summary>
    void OnTimer(long nowNs, IntentBuffer intents);
}

/// <summary>No strategy: the engine keeps the books and trades nothing.</summary>
public struct NoStrategy : IStrategy
{
    public readonly bool OnInstrument(ushort instrument, ReadOnlySpan<byte> symbol) => false;

    public readonly void OnBookChange(in BookChange change, IntentBuffer intents) { }

    public readonly void OnTrade(in TradeEvent trade, IntentBuffer intents) { }

    public readonly void OnOrderEvent(in OrderEvent orderEvent, IntentBuffer intents) { }

    public readonly void OnTimer(long nowNs, IntentBuffer intents) { }
}
