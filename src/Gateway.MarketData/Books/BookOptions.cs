using Gateway.Core;

namespace Gateway.MarketData.Books;

/// <summary>
/// Capacities of <see cref="OrderBooks"/>, fixed at start-up: every byte the update path touches is
/// allocated from these numbers once, and running out of any of them is counted and flags the
/// instrument (never an allocation, never an exception).
/// </summary>
public sealed record BookOptions
{
    /// <summary>Stock locates 0..MaxInstruments-1 are accepted (ITCH locates are 16-bit: 65536 covers all).</summary>
    public int MaxInstruments { get; init; } = 65536;

    /// <summary>
    /// Orders that can live outside their direct slot at once: an order whose slot
    /// (orderRef mod <see cref="RefWindow"/>) still holds an older live order goes to this overflow
    /// pool. With references rising densely, only orders older than RefWindow references that are
    /// still alive can collide, so this bounds how many such long-lived orders the book holds
    /// (a NASDAQ day peaks at a few million live orders in all). The fallback hash table is twice
    /// this, rounded up to a power of two.
    /// </summary>
    public int OverflowOrders { get; init; } = 1 << 22;

    /// <summary>Price levels alive at once across all instruments and both sides (the level pool).</summary>
    public int MaxLevels { get; init; } = 1 << 20;

    /// <summary>Price levels one side of one instrument can hold (a power of two).</summary>
    public int MaxLevelsPerSide { get; init; } = 4096;

    /// <summary>
    /// Entries (8 bytes each) of the arena the per-side sorted level indexes are cut from. A side
    /// starts with 8 entries and doubles up to <see cref="MaxLevelsPerSide"/>; a chunk it outgrows
    /// goes back to a free list of its size.
    /// </summary>
    public int LevelSlotArena { get; init; } = 1 << 22;

    /// <summary>
    /// Direct order slots (a power of two, 32 bytes each): an order lives in slot
    /// orderRef mod RefWindow unless an older live order holds it, then it goes to the overflow
    /// pool. NASDAQ references rise densely through the day, so the live ones are mostly the recent
    /// ones and this window keeps them contiguous in memory. The default, 2^24 slots, reserves
    /// 512 MiB of address space; pages are touched only as references reach them.
    /// </summary>
    public int RefWindow { get; init; } = 1 << 24;

    internal void Validate()
    {
        if (RefWindow < 1 || (RefWindow & (RefWindow - 1)) != 0)
        {
            ThrowHelper.ArgumentOutOfRange(nameof(RefWindow), "must be a power of two");
        }

        if (MaxInstruments is < 1 or > 65536)
        {
            ThrowHelper.ArgumentOutOfRange(nameof(MaxInstruments), "must be 1..65536");
        }

        if (RefWindow > 1 << 30)
        {
            ThrowHelper.ArgumentOutOfRange(nameof(RefWindow), "must be at most 2^30");
        }

        if (OverflowOrders is < 1 or > (1 << 30))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(OverflowOrders), "must be 1..2^30");
        }

        if (MaxLevels is < 1 or > (1 << 30))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(MaxLevels), "must be 1..2^30");
        }

        if (MaxLevelsPerSide is < 1 or > (1 << 20) || (MaxLevelsPerSide & (MaxLevelsPerSide - 1)) != 0)
        {
            ThrowHelper.ArgumentOutOfRange(nameof(MaxLevelsPerSide), "must be a power of two, 1..2^20");
        }

        if (LevelSlotArena is < 1 or > (1 << 30))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(LevelSlotArena), "must be 1..2^30");
        }
    }
}
