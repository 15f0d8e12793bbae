using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Gateway.Core.Concurrent;

/// <summary>
/// A bounded single-producer single-consumer ring of <typeparamref name="T"/>, allocated once.
/// The producer never waits: <see cref="TryWrite"/> on a full ring returns false and counts the
/// item in <see cref="Dropped"/>. This is the only way the critical path hands work to the async
/// path (journal, logs, metrics), so a slow consumer costs telemetry, never latency.
/// <code>
///   slots:  [ 0 | 1 | 2 | ... | capacity-1 ]      index = position &amp; mask
///           ^ head (consumer: next to read)   ^ tail (producer: next to write)
///   empty: head == tail        full: tail - head == capacity
/// </code>
/// </summary>
/// <remarks>
/// Head and tail live on cache lines of their own (<see cref="RingPositions"/>), and each side keeps a
/// cached copy of the other's index so that it reads the shared line only when its cached view says
/// the ring is full (producer) or empty (consumer). The tail is published with a release store
/// after the slot is written, and read with an acquire load before the slot is read; the same for
/// the head in the other direction, so a slot is never reused while the consumer still reads it.
/// </remarks>
public sealed class SpscRing<T>
{
    private readonly T[] _slots;
    private readonly long _mask;
    private RingPositions _p;

    public SpscRing(int capacity)
    {
        if (capacity < 2 || capacity > (1 << 30))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(capacity), "ring capacity: 2 to 2^30");
        }

        int size = (int)BitOperations.RoundUpToPowerOf2((uint)capacity);
        _slots = new T[size];
        _mask = size - 1;
    }

    public int Capacity => _slots.Length;

    /// <summary>Items refused because the ring was full (written by the producer only).</summary>
    public long Dropped => Volatile.Read(ref _p.Dropped);

    /// <summary>Items written so far (producer's count).</summary>
    public long Written => Volatile.Read(ref _p.Tail);

    /// <summary>Most items ever waiting at once, as the producer saw it.</summary>
    public long HighWater => Volatile.Read(ref _p.HighWater);

    /// <summary>Items waiting now (approximate from any thread).</summary>
    public long Count => Volatile.Read(ref _p.Tail) - Volatile.Read(ref _p.Head);

    /// <summary>Producer: appends <paramref name="item"/>, or counts it as dropped when the ring is full. Never blocks.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryWrite(in T item)
    {
        long tail = _p.Tail;
        if (tail - _p.HeadCache >= _slots.Length)
        {
            _p.HeadCache = Volatile.Read(ref _p.Head);
            if (tail - _p.HeadCache >= _slots.Length)
            {
                _p.Dropped++;
                return false;
            }
        }

        Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_slots), (nint)(tail & _mask)) = item;
        Volatile.Write(ref _p.Tail, tail + 1);
        long depth = tail + 1 - _p.HeadCache;
        if (depth > _p.HighWater)
        {
            _p.HighWater = depth;
        }

        return true;
    }

    /// <summary>Consumer: takes the oldest item; false when the ring is empty.</summary>
    public bool TryRead(out T item)
    {
        long head = _p.Head;
        if (head == _p.TailCache)
        {
            _p.TailCache = Volatile.Read(ref _p.Tail);
            if (head == _p.TailCache)
            {
                item = default!;
                return false;
            }
        }

        ref T slot = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_slots), (nint)(head & _mask));
        item = slot;
        if (RuntimeHelpers.IsReferenceOrContainsReferences<T>())
        {
            slot = default!; // let the collector have what was read
        }

        Volatile.Write(ref _p.Head, head + 1);
        return true;
    }
}

/// <summary>Producer and consumer indices, each on its own 64-byte line with the fields only its side writes.</summary>
[StructLayout(LayoutKind.Explicit, Size = 256)]
internal struct RingPositions
{
    // Line 1: producer-owned.
    [FieldOffset(64)] public long Tail;
    [FieldOffset(72)] public long HeadCache;
    [FieldOffset(80)] public long Dropped;
    [FieldOffset(88)] public long HighWater;

    // Line 2: consumer-owned.
    [FieldOffset(128)] public long Head;
    [FieldOffset(136)] public long TailCache;
}
