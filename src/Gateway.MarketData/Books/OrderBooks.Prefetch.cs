using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;
using Gateway.MarketData.Itch;

namespace Gateway.MarketData.Books;

// Look-ahead: a feed that can see messages before it applies them (a burst of records, a MoldUDP64
// packet) announces each one a few times on its way in, and these hints start fetching what
// applying it will touch. Each stage reads only lines the previous stage fetched, so by the time
// the message is applied its misses have overlapped with the work on the messages in between. Hints
// only: they change nothing and read only memory inside the pools, so a stale or wrong guess just
// fetches a useless line.
public sealed unsafe partial class OrderBooks
{
    /// <summary>Bytes one live order or level is taken to cost in the working-set estimate (see <see cref="BookOptions.LookaheadAboveBytes"/>).</summary>
    public const int WorkingSetBytesPerEntry = 48;

    private ulong _lookaheadOnAbove;
    private ulong _lookaheadOffBelow;
    private bool _lookahead;

    /// <summary>Times the look-ahead was switched on or off (<see cref="LookaheadMode.Auto"/>).</summary>
    public long LookaheadSwitches { get; private set; }

    /// <summary>Whether the look-ahead is running (as of the last <see cref="DecideLookahead"/>).</summary>
    public bool LookaheadActive => _lookahead;

    /// <summary>How the look-ahead is chosen.</summary>
    public LookaheadMode LookaheadMode { get; private set; }

    private void InitLookahead(BookOptions options)
    {
        LookaheadMode = options.Lookahead;
        ulong entries = (ulong)options.LookaheadAboveBytes / WorkingSetBytesPerEntry;
        (_lookaheadOnAbove, _lookaheadOffBelow, _lookahead) = options.Lookahead switch
        {
            LookaheadMode.On => (0UL, 0UL, true),
            LookaheadMode.Off => (ulong.MaxValue, 0UL, false),
            _ => (entries, entries - entries / 4, false),
        };
    }

    /// <summary>
    /// Decides whether prefetching for upcoming messages pays now, and says so: in
    /// <see cref="LookaheadMode.Auto"/> it switches on once the live orders and levels pass
    /// <see cref="BookOptions.LookaheadAboveBytes"/>, and off when they fall below three quarters of
    /// it (so it does not flap at the edge). A method, not a property: it changes
    /// <see cref="LookaheadActive"/>. Callers ask once per burst or packet, not per message: two
    /// loads and a compare.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool DecideLookahead()
    {
        ulong entries = (ulong)_liveOrders + _liveLevels;
        if (_lookahead ? entries < _lookaheadOffBelow : entries > _lookaheadOnAbove)
        {
            SwitchLookahead();
        }

        return _lookahead;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void SwitchLookahead()
    {
        _lookahead = !_lookahead;
        LookaheadSwitches++;
    }

    /// <summary>
    /// Stage 1 for a message naming an order: fetch its reference-index slot (for an add, the slot
    /// the new order will take).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void PrefetchReference(ulong orderRef)
    {
        if (Sse.IsSupported)
        {
            Sse.Prefetch0(_direct + (orderRef & _directMask));
        }
    }

    /// <summary>Stage 2 for a message naming an existing order: read the (cached) index slot and fetch the order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void PrefetchOrder(ulong orderRef)
    {
        uint oi = _direct[orderRef & _directMask];
        if (oi != 0 && Sse.IsSupported)
        {
            Sse.Prefetch0(_orders + oi);
        }
    }

    /// <summary>
    /// Stage 3 for a message naming an existing order: read the (cached) order and fetch what
    /// removing or reducing it writes, its level and queue neighbours, and the best end of its side's
    /// level index (scanned when its level empties, or to place a replace's new order). An order
    /// found only through the fallback table gets no hint.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void PrefetchOrderSurroundings(ulong orderRef)
    {
        uint oi = _direct[orderRef & _directMask];
        Order* o = _orders + oi;
        if (!Sse.IsSupported || oi == 0 || o->OrderRef != orderRef)
        {
            return;
        }

        Sse.Prefetch0(_levels + o->Level);
        Sse.Prefetch0(_orders + o->Prev);
        Sse.Prefetch0(_orders + o->Next);
        PrefetchBest(o->Locate, o->Side);
    }

    /// <summary>Stage 1 for an add (A F): fetch the instrument's header.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void PrefetchInstrument(ushort locate)
    {
        if (Sse.IsSupported && locate < _maxInstruments)
        {
            Sse.Prefetch0(_instruments + locate);
        }
    }

    /// <summary>
    /// Stage 2 for an add: read the (cached) header and fetch the best end of the side's sorted level
    /// index, three cache lines (24 levels) deep, where the scan for the add's level runs.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void PrefetchSide(ushort locate, byte side)
    {
        int s = SideIndex(side);
        if (s >= 0 && locate < _maxInstruments)
        {
            PrefetchBest(locate, s);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void PrefetchBest(ushort locate, int s)
    {
        if (!Sse.IsSupported)
        {
            return;
        }

        Instrument* inst = _instruments + locate;
        int n = inst->LevelCount[s];
        if (n == 0)
        {
            return;
        }

        LevelSlot* a = SlotsOf(inst, s);
        Sse.Prefetch0(a + n - 1);
        Sse.Prefetch0(a + Math.Max(0, n - 9));
        Sse.Prefetch0(a + Math.Max(0, n - 17));
    }

    /// <summary>
    /// Stage 3 for an add: scan the (cached) level index for the add's price and fetch its level,
    /// which the add will extend, and nothing if the price opens a new level.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void PrefetchAddLevel(ushort locate, byte side, Price4 price)
    {
        int s = SideIndex(side);
        if (!Sse.IsSupported || s < 0 || locate >= _maxInstruments)
        {
            return;
        }

        Instrument* inst = _instruments + locate;
        LevelSlot* a = SlotsOf(inst, s);
        uint key = SortKey(s, price.Raw);
        int top = inst->LevelCount[s] - 1;
        int stop = Math.Max(-1, top - 24); // a hint: give up where the stage 2 lines end
        int i = ScanDown(a, top, stop, key);
        if (i > stop && a[i].Key == key)
        {
            Sse.Prefetch0(_levels + a[i].Level);
        }
    }
}
