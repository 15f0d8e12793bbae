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

    /// <summary>
    /// Most items seen waiting at once. Each side measures the depth exactly when it reads the
    /// other's index anyway (the producer when the ring looks full from its cached view, the
    /// consumer when it has caught up with its cached view), and this property adds the depth now:
    /// never more than the true peak, and the capacity once the ring has filled.
    /// </summary>
    public long HighWater => Math.Max(Math.Max(Volatile.Read(ref _p.HighWater), Volatile.Read(ref _p.ReadHighWater)), Count);

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
            // Exact at this moment: the tail is ours, the head was just read. (Measured against the
            // cached head, the depth would only be an upper bound, which reaches the capacity once
            // per lap of the ring however fast the consumer is.)
            long waiting = tail - _p.HeadCache;
            if (waiting > _p.HighWater)
            {
                _p.HighWater = waiting;
            }

            if (waiting >= _slots.Length)
            {
                _p.Dropped++;
                return false;
            }
        }

        Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_slots), (nint)(tail & _mask)) = item;
        Volatile.Write(ref _p.Tail, tail + 1);
        return true;
    }

    /// <summary>Consumer: takes the oldest item; false when the ring is empty.</summary>
    public bool TryRead(out T item)
    {
        long head = _p.Head;
        if (head == _p.TailCache)
        {
            _p.TailCache = Volatile.Read(ref _p.Tail);
            long waiting = _p.TailCache - head; // exact at this moment, as on the producer's side
            if (waiting == 0)
            {
                item = default!;
                return false;
            }

            if (waiting > _p.ReadHighWater)
            {
                _p.ReadHighWater = waiting;
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
    [FieldOffset(144)] public long ReadHighWater;
}
