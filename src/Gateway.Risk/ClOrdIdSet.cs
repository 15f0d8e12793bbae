using System.Numerics;
using System.Runtime.CompilerServices;

namespace Gateway.Risk;

/// <summary>
/// The ClOrdIDs used so far, for the duplicate check: open addressing over a table of twice the
/// order capacity, linear probing, no deletion (an id stays used for the session's life). Full
/// (more ids than the capacity it was built for): every further id counts as a duplicate, so the
/// gateway stops sending rather than forgetting ids. Zero is not an id.
/// </summary>
internal sealed class ClOrdIdSet
{
    private readonly ulong[] _table;
    private readonly int _mask;
    private readonly int _capacity;
    private int _count;

    public ClOrdIdSet(int capacity)
    {
        _capacity = capacity;
        int size = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, capacity * 2));
        _table = Gateway.Core.Prefault.Touch(new ulong[size]);
        _mask = size - 1;
    }

    public int Count => _count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Contains(ulong id)
    {
        if (id == 0 || _count >= _capacity)
        {
            return true;
        }

        int i = Slot(id);
        while (true)
        {
            ulong v = _table[i];
            if (v == id)
            {
                return true;
            }

            if (v == 0)
            {
                return false;
            }

            i = (i + 1) & _mask;
        }
    }

    public void Add(ulong id)
    {
        int i = Slot(id);
        while (_table[i] != 0)
        {
            if (_table[i] == id)
            {
                return;
            }

            i = (i + 1) & _mask;
        }

        _table[i] = id;
        _count++;
    }

    // Fibonacci hashing: sequential ids spread over the table.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Slot(ulong id) => (int)((id * 0x9E3779B97F4A7C15UL) >> 32) & _mask;
}
