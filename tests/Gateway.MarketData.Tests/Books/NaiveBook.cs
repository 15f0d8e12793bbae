using Gateway.MarketData.Books;

namespace Gateway.MarketData.Tests.Books;

/// <summary>
/// The simplest possible model of the books, written independently of OrderBooks: a dictionary of
/// orders and, per instrument and side, a sorted dictionary of price → FIFO list of references.
/// </summary>
internal sealed class NaiveBook
{
    private sealed class Ord
    {
        public ushort Locate;
        public byte Side;
        public uint Shares;
        public uint Price;
    }

    private readonly Dictionary<ulong, Ord> _orders = new();
    private readonly Dictionary<(ushort, byte), SortedDictionary<uint, List<ulong>>> _sides = new();
    private readonly int _maxInstruments;

    public NaiveBook(int maxInstruments) => _maxInstruments = maxInstruments;

    public HashSet<ushort> Flagged { get; } = new();

    public IEnumerable<ulong> LiveRefs => _orders.Keys;

    public int LiveOrders => _orders.Count;

    public BookResult Add(ushort locate, ulong orderRef, byte side, uint shares, uint price)
    {
        if (locate >= _maxInstruments)
        {
            return BookResult.InvalidLocate;
        }

        if (side != 'B' && side != 'S')
        {
            return BookResult.InvalidSide;
        }

        if (shares == 0)
        {
            return BookResult.InvalidShares;
        }

        if (_orders.ContainsKey(orderRef))
        {
            return BookResult.DuplicateOrder;
        }

        _orders[orderRef] = new Ord { Locate = locate, Side = side, Shares = shares, Price = price };
        var levels = Side(locate, side);
        if (!levels.TryGetValue(price, out var queue))
        {
            queue = new List<ulong>();
            levels[price] = queue;
        }

        queue.Add(orderRef);
        return BookResult.Ok;
    }

    public BookResult Reduce(ulong orderRef, uint shares)
    {
        if (!_orders.TryGetValue(orderRef, out var o))
        {
            return BookResult.UnknownOrder;
        }

        if (shares < o.Shares)
        {
            o.Shares -= shares;
            return BookResult.Ok;
        }

        var result = BookResult.Ok;
        if (shares > o.Shares)
        {
            Flagged.Add(o.Locate);
            result = BookResult.ExecutionExceedsOrder;
        }

        RemoveOrder(orderRef, o);
        return result;
    }

    public BookResult Delete(ulong orderRef)
    {
        if (!_orders.TryGetValue(orderRef, out var o))
        {
            return BookResult.UnknownOrder;
        }

        RemoveOrder(orderRef, o);
        return BookResult.Ok;
    }

    public BookResult Replace(ulong oldRef, ulong newRef, uint shares, uint price)
    {
        if (!_orders.TryGetValue(oldRef, out var o))
        {
            return BookResult.UnknownOrder;
        }

        if (shares == 0)
        {
            return BookResult.InvalidShares;
        }

        if (newRef != oldRef && _orders.ContainsKey(newRef))
        {
            return BookResult.DuplicateOrder;
        }

        RemoveOrder(oldRef, o);
        return Add(o.Locate, newRef, o.Side, shares, price);
    }

    /// <summary>Levels best first: (price, shares, orders, refs in queue order).</summary>
    public List<(uint Price, ulong Shares, uint Orders, List<ulong> Refs)> Levels(ushort locate, byte side)
    {
        var result = new List<(uint, ulong, uint, List<ulong>)>();
        if (!_sides.TryGetValue((locate, side), out var levels))
        {
            return result;
        }

        IEnumerable<KeyValuePair<uint, List<ulong>>> ordered = side == 'B' ? levels.Reverse() : levels;
        foreach (var (price, queue) in ordered)
        {
            ulong sum = 0;
            foreach (ulong r in queue)
            {
                sum += _orders[r].Shares;
            }

            result.Add((price, sum, (uint)queue.Count, new List<ulong>(queue)));
        }

        return result;
    }

    private SortedDictionary<uint, List<ulong>> Side(ushort locate, byte side)
    {
        if (!_sides.TryGetValue((locate, side), out var levels))
        {
            levels = new SortedDictionary<uint, List<ulong>>();
            _sides[(locate, side)] = levels;
        }

        return levels;
    }

    private void RemoveOrder(ulong orderRef, Ord o)
    {
        _orders.Remove(orderRef);
        var levels = Side(o.Locate, o.Side);
        var queue = levels[o.Price];
        queue.Remove(orderRef);
        if (queue.Count == 0)
        {
            levels.Remove(o.Price);
        }
    }
}
