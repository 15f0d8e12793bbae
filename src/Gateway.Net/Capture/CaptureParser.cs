using System.Runtime.CompilerServices;
using Gateway.Interop;

namespace Gateway.Net.Capture;

/// <summary>What the last <see cref="CaptureParser.Parse"/> call stopped on.</summary>
internal enum ParseStatus
{
    /// <summary>The descriptor array is full; more records may follow.</summary>
    Ok,

    /// <summary>The next record is not complete in the window (<see cref="CaptureParser.NeedBytes"/> from the position).</summary>
    NeedMore,

    /// <summary>The input is corrupt or unsupported at the position; <see cref="CaptureParser.ErrorMessage"/> says why.</summary>
    Error,
}

/// <summary>
/// A record parser over a window of bytes, shared by the memory-mapped and the gzip-streaming
/// sources: the window is either the whole mapping or a refillable buffer. One virtual call per
/// burst; the per-record loop lives inside each format's <see cref="Parse"/>.
/// </summary>
/// <remarks>
/// Parsing is restartable: state changes (interfaces, byte order, record counters) happen only
/// together with advancing the position, so a record cut by the window end is parsed again from
/// its start once the window has been refilled.
/// </remarks>
internal abstract unsafe class CaptureParser
{
    private long _needOffset;
    private long _needRecord;

    public ParseStatus Status { get; protected set; }

    /// <summary>Bytes the record at the stop position needs in all, when <see cref="Status"/> is NeedMore.</summary>
    public long NeedBytes { get; private set; }

    public string? ErrorMessage { get; private set; }

    /// <summary>The error is an unsupported link type (reported at open time when the first packet shows it).</summary>
    public bool ErrorIsUnsupportedLink { get; private set; }

    /// <summary>
    /// The coarsest timestamp step of the records parsed so far, in ns rounded up (1000 for µs pcap, 1
    /// for ns pcap, from if_tsresol for pcapng, the coarsest interface when there are several); 0 when
    /// the format carries no timestamps or no interface has been declared yet.
    /// </summary>
    public long TimestampResolutionNs { get; protected set; }

    /// <summary>Stream offset of window byte 0 (the gzip source moves it on refill); used only in messages.</summary>
    public long WindowOffset { get; set; }

    /// <summary>"record" or "block": what the format calls one unit, for messages.</summary>
    protected abstract string UnitName { get; }

    /// <summary>
    /// Checks the file header at the start of the window and returns its length (0 for formats without
    /// one). Throws <see cref="PacketSourceException"/>: this runs at open time.
    /// </summary>
    public abstract int ReadHeader(ReadOnlySpan<byte> window);

    /// <summary>
    /// Fills up to <paramref name="max"/> descriptors from records in <c>window[pos..end)</c>, advances
    /// <paramref name="pos"/> past them and sets <see cref="Status"/>.
    /// </summary>
    public abstract int Parse(byte* window, ref long pos, long end, PacketDescriptor* descriptors, int max);

    /// <summary>The message for a window that ends (at end of input) inside the record that needs more.</summary>
    public string TruncationMessage(long remain) =>
        $"capture truncated: {UnitName} {_needRecord} at offset {_needOffset} needs {NeedBytes} bytes, {remain} remain";

    protected void SetNeedMore(long need, long record, long windowPos)
    {
        Status = ParseStatus.NeedMore;
        NeedBytes = need;
        _needRecord = record;
        _needOffset = WindowOffset + windowPos;
    }

    protected void SetError(string message, bool unsupportedLink = false)
    {
        Status = ParseStatus.Error;
        ErrorMessage = message;
        ErrorIsUnsupportedLink = unsupportedLink;
    }

    internal static string UnsupportedLinkMessage(int linkType) =>
        $"unsupported link type {linkType} (only Ethernet, 1, is supported)";

    /// <summary>How far ahead of the record being parsed to prefetch.</summary>
    /// <remarks>
    /// Walking records is a chain of dependent loads (each header says where the next starts), so
    /// the hardware prefetcher alone leaves it latency-bound: a C walk over NASDAQ-sized records
    /// (244 bytes) ran at 16.6 M records/s without and 28 M/s with a prefetch 1-4 KiB ahead on this
    /// machine (benchmarks/RESULTS.md). A prefetch is a hint: past the end of the mapping, or on a
    /// page not yet mapped, it is dropped, never a fault.
    /// </remarks>
    internal const int PrefetchDistance = 2048;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static unsafe void PrefetchAhead(byte* record)
    {
        if (System.Runtime.Intrinsics.X86.Sse.IsSupported)
        {
            System.Runtime.Intrinsics.X86.Sse.Prefetch0(record + PrefetchDistance);
        }
    }
}
