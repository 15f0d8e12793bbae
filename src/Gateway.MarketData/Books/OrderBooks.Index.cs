using System.Runtime.CompilerServices;

namespace Gateway.MarketData.Books;

// Reference number → order index.
//
// NASDAQ reference numbers rise densely through the day and most orders die young, so the live
// orders are mostly the recent references. The primary index is therefore direct: slot
// orderRef mod RefWindow holds the order index, and recent references sit next to each other in
// memory (adds walk forward through the index, deletes of young orders hit warm cache lines). A
// slot still held by an older live order (the window wrapped) sends the newcomer to a fallback:
// an open-addressing hash table (Fibonacci hashing, linear probing, backward-shift deletion, no
// tombstones) at least twice the order pool, so it is at most half full and never fills even if
// every reference collides. A hashed-only design measured ~400 ns/op on the benchmark mix (every
// lookup a cache miss); see benchmarks/RESULTS.md.
public sealed unsafe partial class OrderBooks
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private uint Lookup(ulong orderRef)
    {
        uint oi = _direct[orderRef & _directMask];
        if (oi != 0 && _orders[oi].OrderRef == orderRef)
        {
            return oi;
        }

        return _fallbackCount == 0 ? 0 : FindRef(orderRef, out _);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void IndexRef(ulong orderRef, uint oi)
    {
        uint* d = _direct + (orderRef & _directMask);
        if (*d == 0)
        {
            *d = oi;
            return;
        }

        FindRef(orderRef, out ulong entry);
        RefEntry* e = _table + entry;
        e->OrderRef = orderRef;
        e->Order = oi;
        _fallbackCount++;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void UnindexRef(ulong orderRef, uint oi)
    {
        uint* d = _direct + (orderRef & _directMask);
        if (*d == oi)
        {
            *d = 0;
            return;
        }

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
