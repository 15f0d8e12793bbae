namespace Gateway.OrderEntry.Store;

/// <summary>Sizing and policy of a <see cref="FixSessionStore"/>; every limit says what happens when it is reached.</summary>
public sealed record FixStoreOptions
{
    /// <summary>
    /// Bytes per journal segment file (64 KiB to 2 GiB, a multiple of 4 KiB). Each segment is
    /// preallocated on disk (fallocate) when it is created, so a full disk shows up as a failed
    /// segment creation, never as SIGBUS on a write into the mapping.
    /// </summary>
    public long SegmentSize { get; init; } = 64L << 20;

    /// <summary>Segments per epoch; when all are full, <see cref="FixSessionStore.Append"/> returns <see cref="AppendResult.JournalFull"/>.</summary>
    public int MaxSegments { get; init; } = 64;

    /// <summary>Largest message accepted; a larger one returns <see cref="AppendResult.InvalidMessage"/>.</summary>
    public int MaxMessageSize { get; init; } = 64 << 10;

    /// <summary>
    /// Messages the in-memory index can address, counted from the first sequence number of the epoch
    /// (8 bytes each, lazily committed memory); beyond it <see cref="FixSessionStore.Append"/> returns
    /// <see cref="AppendResult.IndexFull"/>.
    /// </summary>
    public long IndexCapacity { get; init; } = 1L << 24;

    /// <summary>
    /// How far ahead of the write position <see cref="FixSessionStore.PrepareNextSegment"/> (the
    /// flusher thread) takes the first-write page faults of the journal mapping.
    /// </summary>
    public long PrefaultBytes { get; init; } = 8L << 20;

    /// <summary>
    /// What <see cref="FixSessionStore.Reset"/> does with the old epoch's journal: move it under
    /// <c>archive/</c> in the session directory (true), or delete it.
    /// </summary>
    public bool ArchiveOnReset { get; init; } = true;

    internal void Validate()
    {
        if (SegmentSize < 64 << 10 || SegmentSize > 2L << 30 || SegmentSize % 4096 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(SegmentSize), SegmentSize, "a multiple of 4096 from 64 KiB to 2 GiB");
        }

        if (MaxSegments is < 1 or > 1_000_000)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxSegments), MaxSegments, "1 to 1,000,000");
        }

        if (MaxMessageSize < 1 || MaxMessageSize > SegmentSize - JournalSegment.HeaderSize - JournalSegment.RecordHeaderSize - 8)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxMessageSize), MaxMessageSize, "at least 1 and small enough for one record to fit a segment");
        }

        if (PrefaultBytes < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(PrefaultBytes), PrefaultBytes, "0 or more");
        }

        if (IndexCapacity is < 1 or > 1L << 32)
        {
            throw new ArgumentOutOfRangeException(nameof(IndexCapacity), IndexCapacity, "1 to 2^32");
        }
    }
}
