using System.Runtime.CompilerServices;

namespace Gateway.Risk;

/// <summary>
/// The ClOrdIDs used so far, for the duplicate check. The engine numbers its ClOrdIDs 1, 2, 3, ...
/// (the order table's slot + 1), so the set is a bitmap over 1..capacity: consecutive ids share a
/// cache line, where a hash table would put every id on a line of its own and cost a cache miss per
/// order (measured: the largest part of an order's risk stage). An id past the capacity, or zero,
/// counts as used: the gateway stops sending rather than forgetting ids.
/// </summary>
internal sealed class ClOrdIdSet
{
    private readonly ulong[] _bits;
    private readonly ulong _capacity;

    public ClOrdIdSet(int capacity)
    {
        _capacity = (ulong)capacity;
        _bits = Gateway.Core.Prefault.Touch(new ulong[(capacity >> 6) + 1]);
    }

    public int Count { get; private set; }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Contains(ulong id) => id - 1 >= _capacity || (_bits[id >> 6] & (1UL << (int)(id & 63))) != 0;

    public void Add(ulong id)
    {
        if (id - 1 >= _capacity)
        {
            return;
        }

        ref ulong word = ref _bits[id >> 6];
        ulong bit = 1UL << (int)(id & 63);
        if ((word & bit) == 0)
        {
            word |= bit;
            Count++;
        }
    }
}
