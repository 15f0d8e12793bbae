using System.Buffers.Binary;
using Gateway.Interop;
using Gateway.Net.Capture;
using Gateway.Net.Decode;
using Gateway.Net.Sources;

using Gateway.MarketData.MoldUdp64;

namespace Gateway.Lab.MoldUdp64;

/// <summary>
/// Cold: every message of one MoldUDP64 session indexed by sequence, loaded from MoldUDP64 payloads
/// or a capture. The re-request server answers from it.
/// </summary>
/// <remarks>
/// Sized for a full trading day (hundreds of millions of messages) without an object per message:
/// the messages are copied, each behind a 2-byte length, into large byte chunks (256 KiB doubling
/// up to 64 MiB, a message never straddles two), and a sequence → location index is kept in pages
/// of <see cref="PageEntries"/> eight-byte entries, allocated only where sequences exist (a
/// session's sequences are dense from 1, a late capture's from wherever it starts). Memory is the
/// message bytes plus about 10 bytes per message, and chunk growth. Sequences from
/// <see cref="MaxSequence"/> on (or 0) are counted in <see cref="OutOfRangeMessages"/> and
/// skipped, which bounds the page directory to 8 MiB whatever a packet claims.
/// Not thread-safe while loading: fill it first, then hand it to a server, which only reads.
/// </remarks>
public sealed class MoldMessageStore
{
    /// <summary>Sequences the store accepts are 1 to MaxSequence - 1 (a day is well under 2^30).</summary>
    public const ulong MaxSequence = 1UL << 32;

    /// <summary>Index entries per page (32 KiB each).</summary>
    public const int PageEntries = 1 << PageShift;

    private const int PageShift = 12;
    private const int FirstChunkBytes = 256 * 1024;
    private const int MaxChunkBytes = 64 * 1024 * 1024;
    private const int LengthSize = 2;

    /// <summary>Index pages by sequence / PageEntries; an entry is the message's location + 1 (0: not held).</summary>
    private long[]?[] _pages = [];
    private readonly List<byte[]> _chunks = [];
    private byte[] _chunk = [];
    private int _chunkUsed;
    private long _chunkBytes;
    private long _pageBytes;
    private byte[]? _session;

    /// <summary>A store for <paramref name="session"/>, or for the first session seen when null.</summary>
    public MoldMessageStore(string? session = null)
    {
        if (session is not null)
        {
            _session = MoldSessionName.ToBytes(session);
        }
    }

    /// <summary>The session's 10 wire bytes (empty until the first packet when not given).</summary>
    public ReadOnlySpan<byte> Session => _session;

    /// <summary>Distinct messages held.</summary>
    public long Count { get; private set; }

    /// <summary>Bytes the store holds on to: message chunks, index pages and the page directory.</summary>
    public long MemoryBytes => _chunkBytes + _pageBytes + (long)_pages.Length * IntPtr.Size;

    /// <summary>Packets skipped because they were malformed.</summary>
    public long MalformedPackets { get; private set; }

    /// <summary>Packets skipped because they belong to another session.</summary>
    public long OtherSessionPackets { get; private set; }

    /// <summary>Messages skipped because their sequence is 0 or at least <see cref="MaxSequence"/>.</summary>
    public long OutOfRangeMessages { get; private set; }

    /// <summary>Adds the messages of one MoldUDP64 payload (duplicates keep the first copy). False when it was skipped.</summary>
    public bool Add(ReadOnlySpan<byte> payload)
    {
        if (MoldPacket.TryParse(payload, out MoldPacket packet) != MoldPacketStatus.Ok)
        {
            MalformedPackets++;
            return false;
        }

        if (_session is null)
        {
            _session = packet.Session.ToArray();
        }
        else if (!packet.Session.SequenceEqual(_session))
        {
            OtherSessionPackets++;
            return false;
        }

        ulong sequence = packet.SequenceNumber;
        foreach (ReadOnlySpan<byte> message in packet)
        {
            if (sequence is 0 or >= MaxSequence)
            {
                OutOfRangeMessages++;
            }
            else
            {
                ref long entry = ref Entry(sequence);
                if (entry == 0)
                {
                    entry = Append(message) + 1;
                    Count++;
                }
            }

            sequence++;
        }

        return true;
    }

    /// <summary>True if the store holds message <paramref name="sequence"/>.</summary>
    public bool Contains(ulong sequence) => Location(sequence) >= 0;

    /// <summary>Message <paramref name="sequence"/> in place (valid as long as the store), without copying.</summary>
    public bool TryGetSpan(ulong sequence, out ReadOnlySpan<byte> message)
    {
        long location = Location(sequence);
        if (location < 0)
        {
            message = default;
            return false;
        }

        byte[] chunk = _chunks[(int)(location >> 32)];
        int offset = (int)(uint)location;
        int length = BinaryPrimitives.ReadUInt16BigEndian(chunk.AsSpan(offset));
        message = chunk.AsSpan(offset + LengthSize, length);
        return true;
    }

    /// <summary>A copy of message <paramref name="sequence"/> (allocates; <see cref="TryGetSpan"/> does not).</summary>
    public bool TryGet(ulong sequence, out byte[] message)
    {
        bool found = TryGetSpan(sequence, out ReadOnlySpan<byte> span);
        message = found ? span.ToArray() : [];
        return found;
    }

    /// <summary>The message's location (chunk index &lt;&lt; 32 | offset of its length), or -1.</summary>
    private long Location(ulong sequence)
    {
        if (sequence is 0 or >= MaxSequence)
        {
            return -1;
        }

        ulong page = sequence >> PageShift;
        if (page >= (ulong)_pages.Length || _pages[page] is not { } entries)
        {
            return -1;
        }

        return entries[(int)(sequence & (PageEntries - 1))] - 1;
    }

    /// <summary>The index entry of <paramref name="sequence"/> (below <see cref="MaxSequence"/>), its page created if needed.</summary>
    private ref long Entry(ulong sequence)
    {
        int page = (int)(sequence >> PageShift);
        if (page >= _pages.Length)
        {
            int grown = Math.Max(Math.Max(16, _pages.Length * 2), page + 1);
            Array.Resize(ref _pages, Math.Min(grown, (int)(MaxSequence >> PageShift)));
        }

        long[] entries = _pages[page] ??= NewPage();
        return ref entries[(int)(sequence & (PageEntries - 1))];
    }

    private long[] NewPage()
    {
        _pageBytes += PageEntries * sizeof(long);
        return new long[PageEntries];
    }

    /// <summary>Copies a message behind its length into the current chunk (a new one if it does not fit) and returns its location.</summary>
    private long Append(ReadOnlySpan<byte> message)
    {
        int needed = LengthSize + message.Length;
        if (_chunk.Length - _chunkUsed < needed)
        {
            // Each chunk doubles up to the cap; the first already holds the largest message (2 + 65535 bytes).
            int size = _chunks.Count == 0 ? FirstChunkBytes : Math.Min(_chunk.Length * 2, MaxChunkBytes);
            _chunk = GC.AllocateUninitializedArray<byte>(size);
            _chunks.Add(_chunk);
            _chunkUsed = 0;
            _chunkBytes += size;
        }

        int offset = _chunkUsed;
        BinaryPrimitives.WriteUInt16BigEndian(_chunk.AsSpan(offset), (ushort)message.Length);
        message.CopyTo(_chunk.AsSpan(offset + LengthSize));
        _chunkUsed += needed;
        return ((long)(_chunks.Count - 1) << 32) | (uint)offset;
    }

    /// <summary>
    /// Loads every UDP datagram of a pcap/pcapng capture (optionally only those to <paramref name="port"/>)
    /// that parses as MoldUDP64 of the chosen session.
    /// </summary>
    /// <exception cref="PacketSourceException">The capture cannot be opened or read.</exception>
    public static unsafe MoldMessageStore FromCapture(string path, string? session = null, ushort? port = null)
    {
        var store = new MoldMessageStore(session);
        using CaptureFileSource source = CaptureFile.Open(path);
        const int Burst = 64;
        PacketDescriptor* descriptors = stackalloc PacketDescriptor[Burst];

        // An offline source only returns 0 while active at a refill boundary; bound it anyway.
        int idle = 0;
        while (idle < 1000)
        {
            int n = source.Receive(descriptors, Burst);
            if (n == 0)
            {
                if (source.State == SourceState.Failed)
                {
                    throw new PacketSourceException($"capture {path}: {source.FailureMessage}");
                }

                if (source.State == SourceState.Finished)
                {
                    break;
                }

                idle++;
                continue;
            }

            idle = 0;

            for (int i = 0; i < n; i++)
            {
                ReadOnlySpan<byte> bytes = descriptors[i].Span;
                if (source.Link == LinkKind.Ethernet)
                {
                    if (FrameDecoder.DecodeEthernet(bytes, verifyIpChecksum: false, out UdpDatagram datagram) == DecodeStatus.Ok
                        && (port is null || datagram.DestinationPort == port.Value))
                    {
                        store.Add(datagram.Payload);
                    }
                }
                else if (source.Link == LinkKind.UdpPayload)
                {
                    store.Add(bytes);
                }
            }

            source.Release(descriptors, n);
        }

        return store;
    }
}
