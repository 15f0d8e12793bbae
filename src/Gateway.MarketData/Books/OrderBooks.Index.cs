using System.Runtime.CompilerServices;

namespace Gateway.MarketData.Books;

// The reference-number table. NASDAQ reference numbers rise densely through the day but live
// orders are a sparse, moving subset of a range of billions, so a direct array indexed by reference
// number would be either huge or need a fallback anyway. Open addressing with Fibonacci hashing
// spreads dense references evenly; linear probing keeps a probe within a cache line or two; the
// table is at least twice the order pool so it is at most half full and never fills.
// Deletion shifts later entries of the cluster back (no tombstones, so probe lengths do not grow
// over a day of adds and deletes).
public sealed unsafe partial class OrderBooks
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ulong Home(ulong orderRef) => (orderRef * 0x9E3779B97F4A7C15UL) >> _tableShift;

    /// <summary>The order index for <paramref name="orderRef"/> (0 if not live) and its table entry or the empty entry where it would go.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
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
