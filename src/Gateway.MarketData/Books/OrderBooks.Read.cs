using Gateway.MarketData.Itch;

namespace Gateway.MarketData.Books;

// Read views. TryReadTopOfBook and TryReadLevels are safe against a concurrent writer: they validate
// their reads with the instrument's seqlock and bound every index they follow, so a torn read can
// see garbage that the version check then rejects, but never reads outside the pools. The other
// views belong to the writer's thread (or a quiescent book).
public sealed unsafe partial class OrderBooks
{
    /// <summary>Best bid and ask (writer's thread, or a quiescent book).</summary>
    public TopOfBook TopOfBook(ushort locate) =>
        locate < _maxInstruments ? ReadTop(locate) : default;

    /// <summary>
    /// Best bid and ask from any thread: false if the writer was inside an update of this instrument
    /// (retry). Never blocks the writer.
    /// </summary>
    public bool TryReadTopOfBook(ushort locate, out TopOfBook top)
    {
        top = default;
        if (locate >= _maxInstruments)
        {
            return false;
        }

        Instrument* inst = _instruments + locate;
        long before = Volatile.Read(ref inst->Version);
        if ((before & 1) != 0)
        {
            return false;
        }

        TopOfBook read = ReadTop(locate);
        // Every load above must complete before the version is read again.
        Interlocked.MemoryBarrier();
        if (Volatile.Read(ref inst->Version) != before)
        {
            return false;
        }

        top = read;
        return true;
    }

    /// <summary>Spins on <see cref="TryReadTopOfBook"/> until it reads a stable top of book.</summary>
    public TopOfBook ReadTopOfBook(ushort locate)
    {
        TopOfBook top;
        var spin = default(SpinWait);
        while (!TryReadTopOfBook(locate, out top) && locate < _maxInstruments)
        {
            spin.SpinOnce(sleep1Threshold: -1);
        }

        return top;
    }

    /// <summary>
    /// Depth of one side, best first, from any thread: false if the writer was inside an update of
    /// this instrument (retry). On true, <paramref name="written"/> levels of one consistent version
    /// of the book are in <paramref name="destination"/> (as many as fit). Never blocks the writer.
    /// </summary>
    public bool TryReadLevels(ushort locate, byte side, Span<LevelInfo> destination, out int written)
    {
        written = 0;
        int s = SideIndex(side);
        if (locate >= _maxInstruments || s < 0)
        {
            return false;
        }

        Instrument* inst = _instruments + locate;
        long before = Volatile.Read(ref inst->Version);
        if ((before & 1) != 0)
        {
            return false;
        }

        if (!TryBoundSide(inst, s, out LevelSlot* best, out int n))
        {
            return false;
        }

        int count = Math.Min(n, destination.Length);
        for (int k = 0; k < count; k++)
        {
            Level* l = LevelOrNull(best[-k].Level);
            if (l == null)
            {
                return false;
            }

            destination[k] = new LevelInfo(new Price4(l->Price), l->Shares, l->Orders);
        }

        // Every load above must complete before the version is read again.
        Interlocked.MemoryBarrier();
        if (Volatile.Read(ref inst->Version) != before)
        {
            return false;
        }

        written = count;
        return true;
    }

    /// <summary>The seqlock version of an instrument (even when no update is in progress).</summary>
    public long Version(ushort locate) =>
        locate < _maxInstruments ? Volatile.Read(ref _instruments[locate].Version) : 0;

    /// <summary>Live orders of one instrument.</summary>
    public uint OrderCount(ushort locate) => locate < _maxInstruments ? _instruments[locate].Orders : 0;

    /// <summary>Non-empty price levels on one side ('B' or 'S').</summary>
    public int LevelCount(ushort locate, byte side)
    {
        int s = SideIndex(side);
        return locate < _maxInstruments && s >= 0 ? _instruments[locate].LevelCount[s] : 0;
    }

    /// <summary>
    /// Depth, best first (bids by price descending, asks ascending), into <paramref name="destination"/>.
    /// Returns how many levels were written.
    /// </summary>
    public int GetLevels(ushort locate, byte side, Span<LevelInfo> destination) =>
        TryReadLevels(locate, side, destination, out int written) ? written : 0;

    /// <summary>
    /// The orders of the level <paramref name="depth"/> steps from the best (0 = best), in queue
    /// (time priority) order. Returns how many were written.
    /// </summary>
    public int GetOrdersAtLevel(ushort locate, byte side, int depth, Span<OrderInfo> destination)
    {
        int s = SideIndex(side);
        if (locate >= _maxInstruments || s < 0)
        {
            return 0;
        }

        int n = _instruments[locate].LevelCount[s];
        if ((uint)depth >= (uint)n)
        {
            return 0;
        }

        Level* l = _levels + SlotsOf(_instruments + locate, s)[n - 1 - depth].Level;
        int written = 0;
        for (uint oi = l->Head; oi != 0 && written < destination.Length; oi = _orders[oi].Next)
        {
            destination[written++] = ToInfo(_orders + oi);
        }

        return written;
    }

    /// <summary>Calls <paramref name="visitor"/> for every order of a level, in queue order (L3).</summary>
    public void ForEachOrderAtLevel<TVisitor>(ushort locate, byte side, int depth, ref TVisitor visitor)
        where TVisitor : struct, IOrderVisitor
    {
        int s = SideIndex(side);
        if (locate >= _maxInstruments || s < 0)
        {
            return;
        }

        int n = _instruments[locate].LevelCount[s];
        if ((uint)depth >= (uint)n)
        {
            return;
        }

        Level* l = _levels + SlotsOf(_instruments + locate, s)[n - 1 - depth].Level;
        for (uint oi = l->Head; oi != 0; oi = _orders[oi].Next)
        {
            visitor.Visit(ToInfo(_orders + oi));
        }
    }

    /// <summary>A live order by reference number.</summary>
    public bool TryGetOrder(ulong orderRef, out OrderInfo order)
    {
        uint oi = Lookup(orderRef);
        order = oi != 0 ? ToInfo(_orders + oi) : default;
        return oi != 0;
    }

    private static OrderInfo ToInfo(Order* o) =>
        new(o->OrderRef, o->Locate, o->Side == BidSide ? (byte)'B' : (byte)'S', o->Shares, new Price4(o->Price));

    private TopOfBook ReadTop(ushort locate)
    {
        Level* bid = BestOrNull(locate, BidSide);
        Level* ask = BestOrNull(locate, AskSide);
        return new TopOfBook(
            bid != null ? new Price4(bid->Price) : default, bid != null ? bid->Shares : 0, bid != null ? bid->Orders : 0,
            ask != null ? new Price4(ask->Price) : default, ask != null ? ask->Shares : 0, ask != null ? ask->Orders : 0);
    }

    // Bounded against torn reads: a count or index outside the pools reads as an empty side.
    private Level* BestOrNull(ushort locate, int side) =>
        TryBoundSide(_instruments + locate, side, out LevelSlot* best, out int n) && n > 0 ? LevelOrNull(best->Level) : null;

    /// <summary>
    /// A side's sorted level index, checked against the pools: false when its count or base lies
    /// outside them (only a torn read can see that). <paramref name="best"/> points at the best level's
    /// entry (the last of the run); worse levels are below it.
    /// </summary>
    private bool TryBoundSide(Instrument* inst, int side, out LevelSlot* best, out int count)
    {
        count = inst->LevelCount[side];
        uint slotBase = inst->SlotBase[side];
        best = _slots + slotBase + count - 1;
        return count >= 0 && count <= _levelsPerSide && (count == 0 || (slotBase < _slotArena && (uint)count <= _slotArena - slotBase));
    }

    private Level* LevelOrNull(uint li) => li != 0 && li <= _maxLevels ? _levels + li : null;
}

/// <summary>Receives orders from <see cref="OrderBooks.ForEachOrderAtLevel{TVisitor}"/> (a struct, so the call devirtualises).</summary>
public interface IOrderVisitor
{
    void Visit(in OrderInfo order);
}
