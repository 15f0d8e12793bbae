using System.Runtime.CompilerServices;

namespace Gateway.MarketData.Books;

// Per-side sorted level indexes live in chunks of one arena. A fixed reservation per instrument
// (MaxLevelsPerSide entries each) put every instrument's top of book on its own 4 KiB page, so a
// feed touching thousands of instruments paid a TLB miss per instrument switch. Chunks start at 8
// entries (one cache line) and are cut in order of first use, so active instruments pack together.
// A full side moves to a chunk twice the size; the old chunk joins the free list of its size class
// (its first entry's Level field links the list). Chunks are never split or merged: an arena that
// cannot supply a chunk counts LevelsExhausted and flags the instrument.
public sealed unsafe partial class OrderBooks
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int SlotCapacity(Instrument* inst, int side)
    {
        int cls = inst->SlotClass[side];
        return cls == 0 ? 0 : 1 << (cls - 1);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool GrowSlots(Instrument* inst, int side, int count)
    {
        int cls = inst->SlotClass[side];
        int log2 = cls == 0 ? _firstChunkLog2 : cls;
        if ((1 << log2) > _levelsPerSide)
        {
            return false;
        }

        uint chunk = _chunkFree[log2];
        if (chunk != NoChunk)
        {
            _chunkFree[log2] = _slots[chunk].Level;
        }
        else if ((ulong)_slotHigh + (1u << log2) <= _slotArena)
        {
            chunk = _slotHigh;
            _slotHigh += 1u << log2;
        }
        else
        {
            return false;
        }

        if (cls != 0)
        {
            uint old = inst->SlotBase[side];
            if (count > 0)
            {
                Buffer.MemoryCopy(_slots + old, _slots + chunk, (long)count * sizeof(LevelSlot), (long)count * sizeof(LevelSlot));
            }

            _slots[old].Level = _chunkFree[cls - 1];
            _chunkFree[cls - 1] = old;
        }

        inst->SlotBase[side] = chunk;
        inst->SlotClass[side] = (byte)(log2 + 1);
        return true;
    }
}
