using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Gateway.Core;
using Gateway.Interop;
using Gateway.MarketData.Itch;

namespace Gateway.MarketData.Books;

/// <summary>
/// Full-depth (order-by-order) books for every instrument of a NASDAQ TotalView-ITCH 5.0 feed.
/// Single writer: the update methods must be called from one thread. Readers on other threads use
/// <see cref="TryReadTopOfBook"/> and <see cref="TryReadLevels"/> (seqlock); the other read methods belong to the writer's thread
/// or to a quiescent book.
/// <para>
/// Memory (anonymous mappings owned by SafeHandles, zero until touched, huge pages for the large ones; sized by <see cref="BookOptions"/>):
/// <list type="bullet">
/// <item>order pool: <see cref="Order"/>[MaxOrders + 1], free list through Order.Next;</item>
/// <item>reference index: uint[RefWindow] indexed by orderRef mod RefWindow → order index, and a
/// fallback hash table <see cref="RefEntry"/>[pow2 ≥ 2·MaxOrders] for references whose direct slot was taken;</item>
/// <item>level pool: <see cref="Level"/>[MaxLevels + 1], free list through Level.Head;</item>
/// <item>level index: <see cref="LevelSlot"/>[LevelSlotArena], one sorted run per side in a chunk of
/// 8, 16, ... MaxLevelsPerSide entries, doubled when full (OrderBooks.Slots.cs);</item>
/// <item>instrument headers: <see cref="Instrument"/>[MaxInstruments] (seqlock, level counts, flags).</item>
/// </list>
/// </para>
/// Update methods never allocate and never throw; every outcome is a <see cref="BookResult"/>, counted.
/// </summary>
public sealed unsafe partial class OrderBooks : IDisposable
{
    private const byte BidSide = 0;
    private const byte AskSide = 1;

    // x86/x64 keep stores in program order (TSO), so the seqlock writer needs no fence after marking
    // the version odd; weaker architectures get a full fence there.
    private static readonly bool s_needsStoreFence =
        RuntimeInformation.ProcessArchitecture is not (Architecture.X64 or Architecture.X86);

    private readonly int _maxInstruments;
    private readonly int _levelsPerSide;
    private readonly uint _maxOrders;
    private readonly uint _maxLevels;
    private readonly ulong _tableMask;
    private readonly int _tableShift;
    private readonly ulong _directMask;

    private readonly AnonymousMemory[] _blocks = new AnonymousMemory[8];

    // Names of the blocks, in block order, for the start-up report (ResidentRegions).
    private static readonly string[] s_blockNames =
        ["book instruments", "book level index", "book chunk lists", "book levels", "book orders", "book ref table", "book ref index", "book counters"];
    private Instrument* _instruments;
    private LevelSlot* _slots;
    private uint* _chunkFree;
    private readonly uint _slotArena;
    private readonly int _firstChunkLog2;
    private uint _slotHigh;
    private Level* _levels;
    private Order* _orders;
    private RefEntry* _table;
    private uint* _direct;
    private ulong* _counters;

    private uint _orderHigh;
    private uint _orderFree;
    private uint _levelHigh;
    private uint _levelFree;
    private uint _liveOrders;
    private uint _liveLevels;
    private uint _fallbackCount;

    public OrderBooks(BookOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _maxInstruments = options.MaxInstruments;
        _levelsPerSide = options.MaxLevelsPerSide;
        _maxOrders = (uint)options.MaxOrders;
        _maxLevels = (uint)options.MaxLevels;

        ulong tableSize = BitOperations.RoundUpToPowerOf2((ulong)options.MaxOrders * 2);
        _tableMask = tableSize - 1;
        _tableShift = 64 - BitOperations.Log2(tableSize);

        _instruments = Alloc<Instrument>(0, (nuint)_maxInstruments);
        _slotArena = (uint)options.LevelSlotArena;
        _firstChunkLog2 = Math.Min(3, BitOperations.Log2((uint)_levelsPerSide));
        _slots = Alloc<LevelSlot>(1, _slotArena);
        _chunkFree = Alloc<uint>(2, 32);
        new Span<uint>(_chunkFree, 32).Fill(NoChunk);
        _levels = Alloc<Level>(3, (nuint)_maxLevels + 1);
        _orders = Alloc<Order>(4, (nuint)_maxOrders + 1);
        _table = Alloc<RefEntry>(5, (nuint)tableSize);
        _directMask = (ulong)options.RefWindow - 1;
        _direct = Alloc<uint>(6, (nuint)options.RefWindow);
        _counters = Alloc<ulong>(7, CounterSlots);
        InitLookahead(options);
    }

    private const int CounterSlots = 16;

    public int MaxInstruments => _maxInstruments;

    /// <summary>Orders live across all instruments.</summary>
    public uint LiveOrders => _liveOrders;

    /// <summary>Price levels live across all instruments and sides.</summary>
    public uint LiveLevels => _liveLevels;

    /// <summary>How many updates ended with <paramref name="result"/>.</summary>
    public ulong Count(BookResult result) => (uint)result < CounterSlots ? _counters[(int)result] : 0;

    /// <summary>ITCH "Add Order" (A) and "Add Order with MPID" (F).</summary>
    public BookResult AddOrder(ushort locate, ulong orderRef, byte side, uint shares, Price4 price)
    {
        if (locate >= _maxInstruments)
        {
            return Counted(BookResult.InvalidLocate);
        }

        int s = SideIndex(side);
        if (s < 0)
        {
            return Counted(BookResult.InvalidSide);
        }

        if (shares == 0)
        {
            return Counted(BookResult.InvalidShares);
        }

        if (Lookup(orderRef) != 0)
        {
            return Counted(BookResult.DuplicateOrder);
        }

        Instrument* inst = _instruments + locate;
        BeginWrite(inst);
        BookResult r = Insert(inst, locate, (byte)s, orderRef, shares, price.Raw);
        EndWrite(inst);
        return Counted(r);
    }

    /// <summary>
    /// ITCH "Order Executed" (E) and "Order Executed with Price" (C): C executes against the order's
    /// own level, its printed price is for the trade, not the book.
    /// </summary>
    public BookResult Execute(ulong orderRef, uint shares) => Reduce(orderRef, shares);

    /// <summary>ITCH "Order Cancel" (X): a partial cancel.</summary>
    public BookResult Cancel(ulong orderRef, uint shares) => Reduce(orderRef, shares);

    /// <summary>ITCH "Order Delete" (D).</summary>
    public BookResult Delete(ulong orderRef)
    {
        uint oi = Lookup(orderRef);
        if (oi == 0)
        {
            return Counted(BookResult.UnknownOrder);
        }

        Order* o = _orders + oi;
        Instrument* inst = _instruments + o->Locate;
        BeginWrite(inst);
        Remove(inst, o, oi);
        EndWrite(inst);
        return Counted(BookResult.Ok);
    }

    /// <summary>
    /// ITCH "Order Replace" (U): the old order leaves; the new reference enters at the back of its
    /// (possibly new) level, same instrument and side. A live <paramref name="newRef"/> or zero
    /// shares leave the book unchanged. If the new order cannot be placed (exhaustion) the old one
    /// is still gone and the instrument is flagged.
    /// </summary>
    public BookResult Replace(ulong oldRef, ulong newRef, uint shares, Price4 price)
    {
        uint oi = Lookup(oldRef);
        if (oi == 0)
        {
            return Counted(BookResult.UnknownOrder);
        }

        if (shares == 0)
        {
            return Counted(BookResult.InvalidShares);
        }

        if (newRef != oldRef && Lookup(newRef) != 0)
        {
            return Counted(BookResult.DuplicateOrder);
        }

        Order* o = _orders + oi;
        ushort locate = o->Locate;
        byte side = o->Side;
        Instrument* inst = _instruments + locate;
        BeginWrite(inst);
        Remove(inst, o, oi);
        BookResult r = Insert(inst, locate, side, newRef, shares, price.Raw);
        EndWrite(inst);
        return Counted(r);
    }

    /// <summary>Marks an instrument's book as not trustworthy (e.g. the feed lost messages for it).</summary>
    public void FlagInstrument(ushort locate)
    {
        if (locate < _maxInstruments)
        {
            _instruments[locate].Flags |= (byte)BookFlags.External;
        }
    }

    /// <summary>Clears an instrument's flags (after it has been rebuilt from a snapshot).</summary>
    public void ClearFlags(ushort locate)
    {
        if (locate < _maxInstruments)
        {
            _instruments[locate].Flags = 0;
        }
    }

    /// <summary>
    /// True if the instrument's book is not to be trusted. Updates keep being applied to a flagged
    /// book (best effort); the flag stays until <see cref="ClearFlags"/>.
    /// </summary>
    public bool IsFlagged(ushort locate) => Flags(locate) != BookFlags.None;

    public BookFlags Flags(ushort locate) =>
        locate < _maxInstruments ? (BookFlags)_instruments[locate].Flags : BookFlags.None;

    private BookResult Reduce(ulong orderRef, uint shares)
    {
        uint oi = Lookup(orderRef);
        if (oi == 0)
        {
            return Counted(BookResult.UnknownOrder);
        }

        Order* o = _orders + oi;
        Instrument* inst = _instruments + o->Locate;
        BookResult r = BookResult.Ok;
        BeginWrite(inst);
        if (shares < o->Shares)
        {
            o->Shares -= shares;
            _levels[o->Level].Shares -= shares;
        }
        else
        {
            if (shares != o->Shares)
            {
                r = BookResult.ExecutionExceedsOrder;
                inst->Flags |= (byte)BookFlags.Inconsistent;
            }

            Remove(inst, o, oi);
        }

        EndWrite(inst);
        return Counted(r);
    }

    private BookResult Insert(Instrument* inst, ushort locate, byte side, ulong orderRef, uint shares, uint price)
    {
        uint oi = _orderFree;
        if (oi != 0)
        {
            _orderFree = _orders[oi].Next;
        }
        else if (_orderHigh < _maxOrders)
        {
            oi = ++_orderHigh;
        }
        else
        {
            inst->Flags |= (byte)BookFlags.OrdersExhausted;
            return BookResult.OrdersExhausted;
        }

        uint li = FindOrCreateLevel(inst, locate, side, price);
        if (li == 0)
        {
            _orders[oi].Next = _orderFree;
            _orderFree = oi;
            inst->Flags |= (byte)BookFlags.LevelsExhausted;
            return BookResult.LevelsExhausted;
        }

        Level* l = _levels + li;
        Order* o = _orders + oi;
        o->OrderRef = orderRef;
        o->Shares = shares;
        o->Price = price;
        o->Level = li;
        o->Prev = l->Tail;
        o->Next = 0;
        o->Locate = locate;
        o->Side = side;
        if (l->Tail != 0)
        {
            _orders[l->Tail].Next = oi;
        }
        else
        {
            l->Head = oi;
        }

        l->Tail = oi;
        l->Shares += shares;
        l->Orders++;

        IndexRef(orderRef, oi);
        inst->Orders++;
        _liveOrders++;
        return BookResult.Ok;
    }

    private void Remove(Instrument* inst, Order* o, uint oi)
    {
        uint li = o->Level;
        Level* l = _levels + li;
        if (o->Prev != 0)
        {
            _orders[o->Prev].Next = o->Next;
        }
        else
        {
            l->Head = o->Next;
        }

        if (o->Next != 0)
        {
            _orders[o->Next].Prev = o->Prev;
        }
        else
        {
            l->Tail = o->Prev;
        }

        l->Shares -= o->Shares;
        if (--l->Orders == 0)
        {
            RemoveLevel(inst, o->Locate, o->Side, li);
        }

        UnindexRef(o->OrderRef, oi);
        o->Next = _orderFree;
        _orderFree = oi;
        inst->Orders--;
        _liveOrders--;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private LevelSlot* SlotsOf(Instrument* inst, int side) => _slots + inst->SlotBase[side];

    /// <summary>A price's key in its side's index: bids by price, asks by ~price, so the best is last on both.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint SortKey(int side, uint price) => side == BidSide ? price : ~price;

    /// <summary>
    /// From entry <paramref name="i"/> down to just above <paramref name="stop"/>, the first entry whose
    /// key is at most <paramref name="key"/>; <paramref name="stop"/> if none. The scan starts at the
    /// best level, where most activity is.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int ScanDown(LevelSlot* a, int i, int stop, uint key)
    {
        while (i > stop && a[i].Key > key)
        {
            i--;
        }

        return i;
    }

    private uint FindOrCreateLevel(Instrument* inst, ushort locate, byte side, uint price)
    {
        LevelSlot* a = SlotsOf(inst, side);
        int n = inst->LevelCount[side];
        uint key = SortKey(side, price);
        // A plain scan from the best level down. An 8-entries-a-step vector search was tried
        // (2026-12-06, perf under load on the 16-instrument stream): no fewer samples here, since
        // its 64-byte loads of entries just moved by an insert or removal cannot be forwarded from
        // those narrower stores, which cost about what the scan's mispredicted exit does.
        int i = ScanDown(a, n - 1, -1, key);
        if (i >= 0 && a[i].Key == key)
        {
            return a[i].Level;
        }

        if (n == SlotCapacity(inst, side))
        {
            if (!GrowSlots(inst, side, n))
            {
                return 0;
            }

            a = SlotsOf(inst, side);
        }

        uint li = _levelFree;
        if (li != 0)
        {
            _levelFree = _levels[li].Head;
        }
        else if (_levelHigh < _maxLevels)
        {
            li = ++_levelHigh;
        }
        else
        {
            return 0;
        }

        int at = i + 1;
        int above = n - at;
        if (above > 0)
        {
            Buffer.MemoryCopy(a + at, a + at + 1, (long)above * sizeof(LevelSlot), (long)above * sizeof(LevelSlot));
        }

        a[at].Key = key;
        a[at].Level = li;
        inst->LevelCount[side] = n + 1;

        Level* l = _levels + li;
        l->Shares = 0;
        l->Price = price;
        l->Orders = 0;
        l->Head = 0;
        l->Tail = 0;
        l->Locate = locate;
        l->Side = side;
        _liveLevels++;
        return li;
    }

    private void RemoveLevel(Instrument* inst, ushort locate, byte side, uint li)
    {
        LevelSlot* a = SlotsOf(inst, side);
        int n = inst->LevelCount[side];
        int i = n - 1;
        while (i > 0 && a[i].Level != li)
        {
            i--;
        }

#if GW_CHECKED
        if (a[i].Level != li)
        {
            ThrowHelper.InvalidOperation("level missing from its side's index");
        }
#endif
        int above = n - 1 - i;
        if (above > 0)
        {
            Buffer.MemoryCopy(a + i + 1, a + i, (long)above * sizeof(LevelSlot), (long)above * sizeof(LevelSlot));
        }

        inst->LevelCount[side] = n - 1;
        _levels[li].Head = _levelFree;
        _levelFree = li;
        _liveLevels--;
    }

    private const uint NoChunk = uint.MaxValue;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int SideIndex(byte side) => side == (byte)'B' ? BidSide : side == (byte)'S' ? AskSide : -1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private BookResult Counted(BookResult r)
    {
        _counters[(int)r]++;
        return r;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void BeginWrite(Instrument* inst)
    {
        Volatile.Write(ref inst->Version, inst->Version + 1);
        if (s_needsStoreFence)
        {
            Interlocked.MemoryBarrier();
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void EndWrite(Instrument* inst) => Volatile.Write(ref inst->Version, inst->Version + 1);

    // Anonymous mappings: zero until touched, so a pool sized for a full day costs address space,
    // not RAM, and the large ones sit on transparent huge pages (AnonymousMemory).
    private T* Alloc<T>(int block, nuint count)
        where T : unmanaged
    {
        var memory = AnonymousMemory.Allocate(count * (nuint)sizeof(T));
        _blocks[block] = memory;
        return (T*)memory.Start;
    }

    /// <summary>
    /// Every pool the update path touches, for start-up preparation (populated and locked before the
    /// first message: <see cref="MemoryResidency"/>). Valid until <see cref="Dispose"/>.
    /// </summary>
    public IReadOnlyList<ResidentRegion> ResidentRegions
    {
        get
        {
            var regions = new List<ResidentRegion>(_blocks.Length);
            for (int i = 0; i < _blocks.Length; i++)
            {
                if (_blocks[i] is { IsClosed: false } block)
                {
                    regions.Add(new ResidentRegion(s_blockNames[i], block.Start, block.Length));
                }
            }

            return regions;
        }
    }

    /// <summary>Bytes of all the pools together (address space; RAM only once touched or populated).</summary>
    public ulong PoolBytes
    {
        get
        {
            ulong total = 0;
            foreach (AnonymousMemory? block in _blocks)
            {
                total += block?.Length ?? 0;
            }

            return total;
        }
    }

    public void Dispose()
    {
        _instruments = null;
        _slots = null;
        _chunkFree = null;
        _levels = null;
        _orders = null;
        _table = null;
        _direct = null;
        _counters = null;
        foreach (AnonymousMemory? block in _blocks)
        {
            block?.Dispose();
        }
    }
}
