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
    /// Live orders across the whole feed. A NASDAQ day peaks at a few million live orders; the
    /// reference-number table is sized to twice this (rounded up to a power of two).
    /// </summary>
    public int MaxOrders { get; init; } = 1 << 22;

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
    /// Entries of the direct reference index (a power of two): a reference lands in slot
    /// orderRef mod RefWindow unless a live order already holds it, then it goes to the fallback
    /// hash. NASDAQ references rise densely through the day, so the live ones are mostly the recent
    /// ones and this window, 4 bytes an entry, keeps them contiguous in memory.
    /// </summary>
    public int RefWindow { get; init; } = 1 << 24;

    /// <summary>
    /// Whether the feed prefetches for messages before applying them: <see cref="LookaheadMode.Auto"/>
    /// (while the books' working set is larger than <see cref="LookaheadAboveBytes"/>), always, or never.
    /// </summary>
    public LookaheadMode Lookahead { get; init; } = LookaheadMode.Auto;

    /// <summary>
    /// The working set (live orders and price levels, counted at <see cref="OrderBooks.WorkingSetBytesPerEntry"/>
    /// bytes each: the order or level, its share of the reference or level index) past which the
    /// look-ahead starts paying for itself; it stops again below three quarters of it. While the
    /// books fit in the caches nearest the core, the look-ahead's own instructions cost more than the
    /// misses it hides (a 16-instrument stream: about 30 % slower with it); a full day's 8,000
    /// instruments miss on most updates and gain from it. A cache-size probe is no help on the VMs
    /// this runs on (CPUID reports the host's whole L3), so this is a measured figure.
    /// </summary>
    public long LookaheadAboveBytes { get; init; } = 4 << 20;

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

        if (MaxOrders is < 1 or > (1 << 30))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(MaxOrders), "must be 1..2^30");
        }

        if (MaxLevels is < 1 or > (1 << 30))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(MaxLevels), "must be 1..2^30");
        }

        if (MaxLevelsPerSide is < 1 or > (1 << 20) || (MaxLevelsPerSide & (MaxLevelsPerSide - 1)) != 0)
        {
            ThrowHelper.ArgumentOutOfRange(nameof(MaxLevelsPerSide), "must be a power of two, 1..2^20");
        }

        if (LookaheadAboveBytes < 0)
        {
            ThrowHelper.ArgumentOutOfRange(nameof(LookaheadAboveBytes), "must be 0 or more");
        }

        if (LevelSlotArena is < 1 or > (1 << 30))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(LevelSlotArena), "must be 1..2^30");
        }
    }
}

/// <summary>When the feed prefetches ahead of applying messages (<see cref="BookOptions.Lookahead"/>).</summary>
public enum LookaheadMode : byte
{
    /// <summary>While the books' working set exceeds <see cref="BookOptions.LookaheadAboveBytes"/>.</summary>
    Auto = 0,

    /// <summary>Always (the behaviour before it became adaptive).</summary>
    On = 1,

    /// <summary>Never.</summary>
    Off = 2,
}
