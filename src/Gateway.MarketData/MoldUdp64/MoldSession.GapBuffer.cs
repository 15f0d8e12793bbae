using System.Runtime.CompilerServices;

namespace Gateway.MarketData.MoldUdp64;

/// <summary>
/// The gap buffer: copies of packets that arrived ahead of the expected sequence, in equal slots
/// of one preallocated array, kept in an index sorted by first sequence.
/// </summary>
/// <remarks>
/// Equal slots trade memory (a 200-byte packet takes a whole slot) for O(1) take/free without
/// fragmentation or compaction. Exhaustion policy: the packet is dropped and counted
/// (<see cref="MoldSessionStats.GapBufferFull"/>, <see cref="MoldSessionStats.GapBufferOversize"/>);
/// its messages stay inside the open hole, so they are re-requested or reported lost.
/// </remarks>
public sealed partial class MoldSession<THandler>
{
    private byte[] _slotBytes = null!;
    private int _slotSize;
    private ulong[] _slotFirst = null!;
    private ulong[] _slotEnd = null!;
    private int[] _slotLength = null!;
    private byte[] _slotLine = null!;

    /// <summary>Slot indices of buffered packets, sorted by first sequence.</summary>
    private int[] _order = null!;
    private int _bufferedCount;
    private long _bufferedBytes;

    /// <summary>Stack of free slot indices.</summary>
    private int[] _free = null!;
    private int _freeCount;

    private void InitGapBuffer(MoldSessionOptions options)
    {
        int slots = options.MaxBufferedPackets;
        _slotSize = options.GapBufferBytes / slots;
        _slotBytes = new byte[(long)_slotSize * slots];
        _slotFirst = new ulong[slots];
        _slotEnd = new ulong[slots];
        _slotLength = new int[slots];
        _slotLine = new byte[slots];
        _order = new int[slots];
        _free = new int[slots];
        ClearGapBuffer();
    }

    private void ClearGapBuffer()
    {
        _bufferedCount = 0;
        _bufferedBytes = 0;
        _freeCount = _free.Length;
        for (int i = 0; i < _free.Length; i++)
        {
            _free[i] = _free.Length - 1 - i;
        }
    }

    /// <summary>A packet whose first message is ahead of <c>_expected</c>: note the gap, keep a copy if there is room.</summary>
    private void BufferAhead(MoldPacket packet, ulong first, ulong end, int line)
    {
        if (first > _highestSeen)
        {
            _stats.GapsDetected++;
        }

        if (end > _highestSeen)
        {
            _highestSeen = end;
        }

        // Insertion point in the sorted index; on the way, a buffered copy covering this packet makes it a duplicate.
        int at = _bufferedCount;
        for (int i = 0; i < _bufferedCount; i++)
        {
            int slot = _order[i];
            if (_slotFirst[slot] <= first && _slotEnd[slot] >= end)
            {
                ref MoldLineStats lineStats = ref LineStats(line);
                lineStats.DuplicatePackets++;
                lineStats.DuplicateMessages += (long)(end - first);
                return;
            }

            if (at == _bufferedCount && _slotFirst[slot] > first)
            {
                at = i;
            }
        }

        ReadOnlySpan<byte> bytes = packet.Bytes;
        if (_freeCount == 0 || bytes.Length > _slotSize)
        {
            CountBufferDrop(bytes.Length > _slotSize);
            return;
        }

        int taken = _free[--_freeCount];
        bytes.CopyTo(_slotBytes.AsSpan(taken * _slotSize, _slotSize));
        _slotFirst[taken] = first;
        _slotEnd[taken] = end;
        _slotLength[taken] = bytes.Length;
        _slotLine[taken] = (byte)line;
        Array.Copy(_order, at, _order, at + 1, _bufferedCount - at);
        _order[at] = taken;
        _bufferedCount++;
        _bufferedBytes += bytes.Length;
        _bufferStores++;
        if (_bufferedCount > _stats.GapBufferHighWater)
        {
            _stats.GapBufferHighWater = _bufferedCount;
        }

        if (_bufferedBytes > _stats.GapBufferBytesHighWater)
        {
            _stats.GapBufferBytesHighWater = _bufferedBytes;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void CountBufferDrop(bool oversize)
    {
        if (oversize)
        {
            _stats.GapBufferOversize++;
        }
        else
        {
            _stats.GapBufferFull++;
        }
    }

    /// <summary>Applies buffered packets that now start at or before <c>_expected</c>, in order.</summary>
    private void Drain()
    {
        int done = 0;
        while (done < _bufferedCount)
        {
            int slot = _order[done];
            if (_slotFirst[slot] > _expected)
            {
                break;
            }

            ref MoldLineStats lineStats = ref LineStats(_slotLine[slot]);
            if (_slotEnd[slot] <= _expected)
            {
                lineStats.DuplicatePackets++;
                lineStats.DuplicateMessages += (long)(_slotEnd[slot] - _slotFirst[slot]);
            }
            else
            {
                var packet = MoldPacket.Trusted(_slotBytes.AsSpan(slot * _slotSize, _slotLength[slot]));
                Deliver(packet, _slotFirst[slot], ref lineStats);
            }

            _bufferedBytes -= _slotLength[slot];
            _free[_freeCount++] = slot;
            done++;
        }

        if (done > 0)
        {
            _bufferedCount -= done;
            Array.Copy(_order, done, _order, 0, _bufferedCount);
        }
    }

    /// <summary>One past the last message of the first hole: where the next buffered packet starts, or the highest seen.</summary>
    private ulong FirstHoleEnd()
    {
        if (_bufferedCount > 0)
        {
            ulong next = _slotFirst[_order[0]];
            return next < _highestSeen ? next : _highestSeen;
        }

        return _highestSeen;
    }
}
