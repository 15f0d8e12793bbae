using System.Runtime.CompilerServices;

namespace Gateway.Net.Decode;

/// <summary>
/// Datagrams and bytes per (destination address, port), for reports. Fixed capacity, allocated up
/// front, open addressing with linear probing; once full, new destinations go to
/// <see cref="OverflowDatagrams"/> rather than growing (allocate at start-up; docs/conventions.md).
/// Single writer; read after the writer has stopped.
/// </summary>
public sealed class DestinationCounters
{
    private readonly ulong[] _keys;
    private readonly long[] _datagrams;
    private readonly long[] _bytes;
    private readonly int _mask;
    private int _count;

    /// <param name="capacity">Rounded up to a power of two; at most half is used before overflow.</param>
    public DestinationCounters(int capacity = 256)
    {
        int size = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(capacity * 2, 8));
        _keys = new ulong[size];
        _datagrams = new long[size];
        _bytes = new long[size];
        _mask = size - 1;
        Capacity = size / 2;
    }

    public int Capacity { get; }

    public int Count => _count;

    public long OverflowDatagrams { get; private set; }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(uint address, ushort port, int payloadBytes)
    {
        // Key 0 marks an empty slot, so the stored key carries a set bit 48 that no real pair lacks.
        ulong key = (1UL << 48) | ((ulong)address << 16) | port;
        int slot = (int)(Mix(key) & (ulong)_mask);
        ulong[] keys = _keys;
        while (true)
        {
            ulong k = keys[slot];
            if (k == key)
            {
                _datagrams[slot]++;
                _bytes[slot] += payloadBytes;
                return;
            }

            if (k == 0)
            {
                if (_count == Capacity)
                {
                    OverflowDatagrams++;
                    return;
                }

                keys[slot] = key;
                _count++;
                _datagrams[slot] = 1;
                _bytes[slot] = payloadBytes;
                return;
            }

            slot = (slot + 1) & _mask;
        }
    }

    /// <summary>Snapshot sorted by address then port (cold path).</summary>
    public IReadOnlyList<(uint Address, ushort Port, long Datagrams, long Bytes)> ToList()
    {
        var list = new List<(uint, ushort, long, long)>(_count);
        for (int i = 0; i < _keys.Length; i++)
        {
            ulong k = _keys[i];
            if (k != 0)
            {
                list.Add(((uint)(k >> 16), (ushort)k, _datagrams[i], _bytes[i]));
            }
        }

        list.Sort((a, b) => a.Item1 != b.Item1 ? a.Item1.CompareTo(b.Item1) : a.Item2.CompareTo(b.Item2));
        return list;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Mix(ulong x)
    {
        x ^= x >> 33;
        x *= 0xff51afd7ed558ccdUL;
        x ^= x >> 33;
        return x;
    }
}
