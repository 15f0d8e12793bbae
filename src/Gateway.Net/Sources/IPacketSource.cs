using Gateway.Interop;

namespace Gateway.Net.Sources;

/// <summary>What a descriptor's bytes are, so the decoder knows which layers to peel.</summary>
public enum LinkKind
{
    /// <summary>An Ethernet II frame (optionally 802.1Q tagged).</summary>
    Ethernet,

    /// <summary>A UDP payload as a kernel socket delivers it (no L2-L4 headers).</summary>
    UdpPayload,

    /// <summary>One raw ITCH 5.0 message (NASDAQ BinaryFILE record without its length prefix).</summary>
    ItchMessage,
}

/// <summary>Where a source is in its life.</summary>
public enum SourceState
{
    /// <summary>More packets may come.</summary>
    Active,

    /// <summary>An offline source delivered everything it had.</summary>
    Finished,

    /// <summary>An offline source stopped at bad input; <see cref="IPacketSource.FailureMessage"/> says why.</summary>
    Failed,
}

/// <summary>
/// One interface for every packet source: DPDK port, capture file, libpcap, kernel UDP socket.
/// </summary>
/// <remarks>
/// Contract, the same for every backend:
/// <list type="bullet">
/// <item><see cref="Receive"/> never blocks; it fills up to <c>max</c> descriptors and returns the count (0 when nothing is ready).</item>
/// <item>At most one batch is outstanding: call <see cref="Release"/> on it before the next <see cref="Receive"/>.
/// The bytes behind a descriptor are valid until then.</item>
/// <item>Bad input inside a stream ends an offline source in <see cref="SourceState.Failed"/> after every
/// good packet before it was delivered; it does not throw from <see cref="Receive"/>.</item>
/// <item>Opening a source (its constructor or factory) throws <see cref="PacketSourceException"/> with a
/// message meant for the user.</item>
/// </list>
/// One interface call per burst, not per packet: the per-packet work happens in the caller's loop.
/// </remarks>
public unsafe interface IPacketSource : IDisposable
{
    /// <summary>Human-readable: backend and what it reads.</summary>
    string Description { get; }

    LinkKind Link { get; }

    SourceState State { get; }

    /// <summary>Why the source failed, when <see cref="State"/> is <see cref="SourceState.Failed"/>.</summary>
    string? FailureMessage { get; }

    /// <summary>Bytes of input consumed so far and in all (-1 when unknown, e.g. live): for progress.</summary>
    long ProgressBytes { get; }

    long TotalBytes { get; }

    int Receive(PacketDescriptor* descriptors, int max);

    void Release(PacketDescriptor* descriptors, int count);
}

/// <summary>A source could not be opened or configured; the message is for the user.</summary>
public sealed class PacketSourceException : Exception
{
    public PacketSourceException(string message)
        : base(message)
    {
    }

    public PacketSourceException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public PacketSourceException()
    {
    }
}
