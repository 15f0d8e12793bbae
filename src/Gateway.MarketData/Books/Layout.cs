using System.Runtime.InteropServices;

namespace Gateway.MarketData.Books;

// Pool indices are 1-based uints: 0 is "none", so a zeroed link is an empty link and a pool of
// N entries costs N+1 slots. 32-bit indices keep Order and Level at half a cache line each.

/// <summary>
/// One live order: a slot in the order pool, linked into its level's FIFO queue.
/// <code>
///  0               8       12      16      20      24      28   30  31
///  +---------------+-------+-------+-------+-------+-------+----+---+---+
///  | OrderRef (u64)|Shares |Price  |Level  |Prev   |Next   |Loc |Sd |rsv|
///  +---------------+-------+-------+-------+-------+-------+----+---+---+
///  32 bytes: two orders per 64-byte cache line. Next doubles as the free-list link.
/// </code>
/// </summary>
[StructLayout(LayoutKind.Sequential, Size = 32)]
internal struct Order
{
    public ulong OrderRef;
    public uint Shares;
    public uint Price;
    public uint Level;
    public uint Prev;
    public uint Next;
    public ushort Locate;
    public byte Side; // 0 bid, 1 ask
    public byte Reserved;
}

/// <summary>
/// One price level: aggregate and FIFO queue of its orders.
/// <code>
///  0               8       12      16      20      24   26  27           32
///  +---------------+-------+-------+-------+-------+----+---+------------+
///  | Shares (u64)  |Price  |Orders |Head   |Tail   |Loc |Sd | reserved   |
///  +---------------+-------+-------+-------+-------+----+---+------------+
///  32 bytes. Shares is 64-bit: a level's sum of 32-bit order sizes may pass 2^32.
///  Head doubles as the free-list link.
/// </code>
/// </summary>
[StructLayout(LayoutKind.Sequential, Size = 32)]
internal struct Level
{
    public ulong Shares;
    public uint Price;
    public uint Orders;
    public uint Head;
    public uint Tail;
    public ushort Locate;
    public byte Side;
}

/// <summary>
/// One entry of a side's sorted level index. Key is the price for bids and ~price for asks, so both
/// sides sort ascending by key with the best level last: the scan starts at the end, where most
/// activity is, and inserting near the top moves only the few entries above the insertion point.
/// <code>
///  0       4       8
///  +-------+-------+
///  | Key   | Level |
///  +-------+-------+
/// </code>
/// </summary>
[StructLayout(LayoutKind.Sequential, Size = 8)]
internal struct LevelSlot
{
    public uint Key;
    public uint Level;
}

/// <summary>
/// Per-instrument header (one per stock locate).
/// <code>
///  0               8       12      16      20  21  22  23  24      28      32
///  +---------------+-------+-------+-------+---+---+---+---+-------+-------+
///  | Version (i64) |Bids   |Asks   |Orders |Flg|CB |CA |rsv|BaseB  |BaseA  |
///  +---------------+-------+-------+-------+---+---+---+---+-------+-------+
///  Version is the seqlock: odd while the writer is inside an update.
///  Bids/Asks: levels in each side's sorted index; CB/CA: that index's chunk class
///  (0 none, else log2(capacity) + 1); BaseB/BaseA: its first entry in the slot arena.
/// </code>
/// </summary>
[StructLayout(LayoutKind.Sequential, Size = 32)]
internal unsafe struct Instrument
{
    public long Version;
    public fixed int LevelCount[2];
    public uint Orders;
    public byte Flags;
    public fixed byte SlotClass[2];
    public fixed uint SlotBase[2];
}

/// <summary>
/// Reference-number table entry (open addressing, linear probing, backward-shift deletion).
/// <code>
///  0               8       12      16
///  +---------------+-------+-------+
///  | OrderRef (u64)| Order | rsv   |
///  +---------------+-------+-------+   Order == 0 marks an empty entry.
/// </code>
/// </summary>
[StructLayout(LayoutKind.Sequential, Size = 16)]
internal struct RefEntry
{
    public ulong OrderRef;
    public uint Order;
}
