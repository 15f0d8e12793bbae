namespace Gateway.OrderEntry.Store;

/// <summary>
/// Sizing and policy of a <see cref="FixSessionStore"/>; every limit says what happens when it is reached.
/// <para><b>Disk policy.</b> A session reserves disk in proportion to what it sends: its first journal
/// segment is <see cref="InitialSegmentSize"/>, each next one twice the one before, up to
/// <see cref="SegmentSize"/>; the flusher keeps one segment prepared ahead. A reset retires the old
/// epoch's segments: each is cut to the bytes written (its header updated to match) and moved under
/// <c>archive/</c>, or deleted when it holds no message. The archive is then pruned: a file archived
/// more than <see cref="ArchiveMaxAge"/> ago is deleted, and while the archive holds more than
/// <see cref="ArchiveMaxBytes"/> the oldest epoch goes first, whole. A new segment is refused when
/// creating it would leave less than <see cref="MinFreeDiskBytes"/> free on the file system:
/// the append returns <see cref="AppendResult.DiskNearlyFull"/> (the message is not sent), the
/// refusal is counted and raises <see cref="FixSessionStore.StorageAlarm"/> until a segment can be
/// created again.</para>
/// </summary>
public sealed record FixStoreOptions
{
    /// <summary>
    /// Largest journal segment file, bytes (64 KiB to 2 GiB, a multiple of 4 KiB). Each segment is
    /// preallocated on disk (fallocate) when it is created, so a full disk shows up as a failed
    /// segment creation, never as SIGBUS on a write into the mapping.
    /// </summary>
    public long SegmentSize { get; init; } = 64L << 20;

    /// <summary>
    /// Size of the first segment of an epoch (64 KiB or more, a multiple of 4 KiB; clamped to
    /// <see cref="SegmentSize"/>); segment <c>i</c> is <c>InitialSegmentSize × 2^i</c>, at most
    /// <see cref="SegmentSize"/>. A session that sends little reserves little.
    /// </summary>
    public long InitialSegmentSize { get; init; } = 1L << 20;

    /// <summary>
    /// The free space a new segment must leave on the store's file system, bytes (0 = only a
    /// failing preallocation stops it). Below it the segment is refused (<see cref="AppendResult.DiskNearlyFull"/>).
    /// </summary>
    public long MinFreeDiskBytes { get; init; } = 1L << 30;

    /// <summary>Largest total size of the session's <c>archive/</c>, bytes; the oldest epochs are deleted past it (0 keeps nothing).</summary>
    public long ArchiveMaxBytes { get; init; } = 1L << 30;

    /// <summary>How long an archived epoch is kept after it was archived.</summary>
    public TimeSpan ArchiveMaxAge { get; init; } = TimeSpan.FromDays(30);

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

    /// <summary>The size of segment <paramref name="index"/> of an epoch.</summary>
    internal long SegmentSizeFor(int index)
    {
        long initial = Math.Min(InitialSegmentSize, SegmentSize);
        return index >= 32 ? SegmentSize : Math.Min(SegmentSize, initial << index);
    }

    internal void Validate()
    {
        if (SegmentSize < 64 << 10 || SegmentSize > 2L << 30 || SegmentSize % 4096 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(SegmentSize), SegmentSize, "a multiple of 4096 from 64 KiB to 2 GiB");
        }

        if (InitialSegmentSize < 64 << 10 || InitialSegmentSize % 4096 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(InitialSegmentSize), InitialSegmentSize, "a multiple of 4096, 64 KiB or more");
        }

        if (MinFreeDiskBytes < 0 || ArchiveMaxBytes < 0)
        {
            throw new ArgumentOutOfRangeException(MinFreeDiskBytes < 0 ? nameof(MinFreeDiskBytes) : nameof(ArchiveMaxBytes), "0 or more");
        }

        if (ArchiveMaxAge <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(ArchiveMaxAge), ArchiveMaxAge, "more than zero");
        }

        if (MaxSegments is < 1 or > 1_000_000)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxSegments), MaxSegments, "1 to 1,000,000");
        }

        if (MaxMessageSize < 1 || MaxMessageSize > SegmentSizeFor(0) - JournalSegment.HeaderSize - JournalSegment.RecordHeaderSize - 8)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxMessageSize), MaxMessageSize, "at least 1 and small enough for one record to fit the first segment");
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
