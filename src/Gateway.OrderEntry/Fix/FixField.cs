using System.Runtime.CompilerServices;

namespace Gateway.OrderEntry.Fix;

/// <summary>One field of a parsed message: its tag and where its value sits in the message bytes.</summary>
/// <remarks>12 bytes, pinned by a test: five of them fit a cache line.</remarks>
public readonly record struct FixField(int Tag, int Offset, int Length);

/// <summary>
/// The preallocated field table a parse fills: fields in wire order (8 and 9 first, 10 last), and a
/// direct index from tag to its first occurrence for tags below <see cref="IndexedTags"/>. Reused for
/// every message; one per parsing thread.
/// </summary>
public sealed class FixFieldTable
{
    /// <summary>Tags below this are looked up through the direct index; higher ones by a scan.</summary>
    public const int IndexedTags = 1024;

    /// <summary>Most fields a table can hold (the index packs the field number into 10 bits).</summary>
    public const int MaxCapacity = 1024;

    private const int IndexBits = 10;

    /// <summary>Low bits of an index slot: the field number; the bits above are the generation stamp.</summary>
    internal const int IndexMask = (1 << IndexBits) - 1;
    private const int MaxGeneration = (1 << (31 - IndexBits)) - 1;

    private readonly FixField[] _fields;
    private readonly int[] _slots = new int[IndexedTags]; // (generation << 10) | field number
    private int _generation = 1;

    public FixFieldTable(int capacity = 256)
    {
        if (capacity < 4 || capacity > MaxCapacity)
        {
            Gateway.Core.ThrowHelper.ArgumentOutOfRange(nameof(capacity), $"between 4 and {MaxCapacity}");
        }

        _fields = new FixField[capacity];
    }

    public int Capacity => _fields.Length;

    /// <summary>Fields of the last parse (as far as it got when it failed).</summary>
    public int Count { get; private set; }

    public ReadOnlySpan<FixField> Fields => new(_fields, 0, Count);

    public ref readonly FixField this[int index] => ref _fields[index];

    /// <summary>The backing array (Count entries valid) for loops that index it without bounds checks.</summary>
    internal FixField[] RawFields => _fields;

    // The tokenizer fills the table with the count and index in registers (Add's read-modify-write of
    // Count through memory sat on every field's path), then publishes the count once.
    internal int[] Slots => _slots;

    internal int SlotStamp => _generation << IndexBits;

    internal void SetCount(int count) => Count = count;

    internal void Reset()
    {
        Count = 0;
        if (++_generation > MaxGeneration)
        {
            Array.Clear(_slots);
            _generation = 1;
        }
    }

    /// <returns>false when the table is full.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal bool Add(int tag, int offset, int length)
    {
        int n = Count;
        FixField[] fields = _fields;
        if ((uint)n >= (uint)fields.Length)
        {
            return false;
        }

        fields[n] = new FixField(tag, offset, length);
        if ((uint)tag < IndexedTags && (_slots[tag] >> IndexBits) != _generation)
        {
            _slots[tag] = (_generation << IndexBits) | n;
        }

        Count = n + 1;
        return true;
    }

    /// <summary>Position of the first field with this tag, or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int IndexOf(int tag)
    {
        if ((uint)tag < IndexedTags)
        {
            int slot = _slots[tag];
            return (slot >> IndexBits) == _generation ? slot & ((1 << IndexBits) - 1) : -1;
        }

        return IndexOfSlow(tag);
    }

    private int IndexOfSlow(int tag)
    {
        for (int i = 0; i < Count; i++)
        {
            if (_fields[i].Tag == tag)
            {
                return i;
            }
        }

        return -1;
    }
}
