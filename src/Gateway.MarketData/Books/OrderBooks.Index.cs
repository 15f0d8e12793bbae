using System.Runtime.CompilerServices;

namespace Gateway.MarketData.Books;

// Reference number → order.
//
// NASDAQ reference numbers rise densely through the day and most orders die young, so the live
// orders are mostly the recent references. An order therefore lives in the order array at its
// direct slot 1 + (orderRef mod RefWindow): finding it is one access, with no index in between, and
// recent orders sit next to each other (adds walk forward through the array, deletes of young
// orders hit warm lines). A slot still held by an older live order (the window wrapped) sends the
// newcomer to an overflow slot past the window, found through a fallback open-addressing hash table
// (Fibonacci hashing, linear probing, backward-shift deletion, no tombstones) at least twice the
// overflow pool, so it is at most half full. An earlier design kept a separate uint index in front
// of a pooled order array: two dependent cache misses per removal instead of one
// (benchmarks/RESULTS.md).
public sealed unsafe partial class OrderBooks
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private uint DirectSlot(ulong orderRef) => (uint)(orderRef & _directMask) + 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private uint Lookup(ulong orderRef)
    {
        uint oi = DirectSlot(orderRef);
        Order* o = _orders + oi;
        if (o->Level != 0 && o->OrderRef == orderRef)
        {
            return oi;
        }

        return _fallbackCount == 0 ? 0 : FindRef(orderRef, out _);
    }

    private void IndexOverflow(ulong orderRef, uint oi)
    {
        FindRef(orderRef, out ulong entry);
        RefEntry* e = _table + entry;
        e->OrderRef = orderRef;
        e->Order = oi;
        _fallbackCount++;
    }

    private void UnindexOverflow(ulong orderRef)
    {
        FindRef(orderRef, out ulong entry);
        RemoveRefAt(entry);
        _fallbackCount--;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ulong Home(ulong orderRef) => (orderRef * 0x9E3779B97F4A7C15UL) >> _tableShift;

    /// <summary>Fallback table: the order index for <paramref name="orderRef"/> (0 if absent) and its entry or the empty entry where it would go.</summary>
    private uint FindRef(ulong orderRef, out ulong entry)
    {
        RefEntry* table = _table;
        ulong i = Home(orderRef);
        while (true)
        {
            RefEntry* e = table + i;
            if (e->Order == 0 || e->OrderRef == orderRef)
            {
                entry = i;
                return e->Order;
            }

            i = (i + 1) & _tableMask;
        }
    }

    private void RemoveRefAt(ulong hole)
    {
        RefEntry* table = _table;
        ulong j = hole;
        while (true)
        {
            j = (j + 1) & _tableMask;
            RefEntry* e = table + j;
            if (e->Order == 0)
            {
                break;
            }

            // An entry may fill the hole unless its home lies cyclically in (hole, j].
            ulong home = Home(e->OrderRef);
            bool stays = hole <= j ? hole < home && home <= j : hole < home || home <= j;
            if (!stays)
            {
                table[hole] = *e;
                hole = j;
            }
        }

        table[hole].Order = 0;
    }
}
