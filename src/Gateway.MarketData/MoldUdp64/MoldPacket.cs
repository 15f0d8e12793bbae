using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Gateway.MarketData.MoldUdp64;

/// <summary>Why a datagram is not a well-formed MoldUDP64 packet (one counter each in the session stats).</summary>
public enum MoldPacketStatus : byte
{
    Ok = 0,

    /// <summary>Fewer than <see cref="MoldPacket.HeaderLength"/> bytes: no complete header.</summary>
    TruncatedHeader = 1,

    /// <summary>A message block (its length prefix or its body) runs past the end of the datagram.</summary>
    BlockOverrun = 2,

    /// <summary>The datagram ends cleanly after fewer blocks than the header's message count.</summary>
    MissingBlocks = 3,

    /// <summary>Bytes remain after the last block the message count announces (or after a heartbeat/end-of-session header).</summary>
    TrailingBytes = 4,

    /// <summary>Sequence number + message count does not fit in 64 bits.</summary>
    SequenceOverflow = 5,

    /// <summary>
    /// Well formed, but its sequence number jumped implausibly far ahead and the next packets
    /// contradicted it (decided by the session, not by <see cref="MoldPacket.TryParse"/>;
    /// <see cref="MoldSessionOptions.MaxForwardJump"/>).
    /// </summary>
    ImplausibleJump = 6,
}

/// <summary>Report names of <see cref="MoldPacketStatus"/> (snake_case, as in <c>--stats-out</c>).</summary>
public static class MoldPacketStatusNames
{
    /// <summary>Every malformation, in a fixed order, for reports.</summary>
    public static ReadOnlySpan<MoldPacketStatus> Malformations =>
    [
        MoldPacketStatus.TruncatedHeader, MoldPacketStatus.BlockOverrun, MoldPacketStatus.MissingBlocks,
        MoldPacketStatus.TrailingBytes, MoldPacketStatus.SequenceOverflow, MoldPacketStatus.ImplausibleJump,
    ];

    public static string ToReportName(this MoldPacketStatus status) => status switch
    {
        MoldPacketStatus.Ok => "ok",
        MoldPacketStatus.TruncatedHeader => "truncated_header",
        MoldPacketStatus.BlockOverrun => "message_past_datagram",
        MoldPacketStatus.MissingBlocks => "count_above_messages",
        MoldPacketStatus.TrailingBytes => "bytes_after_messages",
        MoldPacketStatus.SequenceOverflow => "sequence_overflow",
        MoldPacketStatus.ImplausibleJump => "implausible_sequence_jump",
        _ => "unknown",
    };
}

/// <summary>
/// A zero-copy view of one MoldUDP64 downstream packet (NASDAQ MoldUDP64 protocol specification 1.00).
/// </summary>
/// <remarks>
/// <code>
///  0                   10                  18        20
///  +-------------------+-------------------+---------+
///  | Session (10,alpha)| Sequence (u64 BE) | Count   |   Count: u16 BE
///  +-------------------+-------------------+---------+     0      = heartbeat
///  | Length u16 BE | Message (Length bytes)   ...    |     0xFFFF = end of session
///  +---------------+----------------------------------+     else   = number of blocks
///  | Length u16 BE | Message ...               (Count blocks in all)
///  +---------------+-----------------------------------
/// </code>
/// The sequence number is that of the first message in the packet; for a heartbeat or an end of
/// session it is the sequence number of the next message the server will send.
/// <see cref="TryParse"/> walks every block once, so a view that parsed <see cref="MoldPacketStatus.Ok"/>
/// can be enumerated without further bounds checks failing.
/// </remarks>
public readonly ref struct MoldPacket
{
    public const int SessionOffset = 0;
    public const int SessionLength = 10;
    public const int SequenceOffset = 10;
    public const int MessageCountOffset = 18;
    public const int HeaderLength = 20;
    public const int BlockLengthSize = 2;
    public const ushort HeartbeatCount = 0;
    public const ushort EndOfSessionCount = 0xFFFF;

    private readonly ReadOnlySpan<byte> _bytes;

    private MoldPacket(ReadOnlySpan<byte> bytes) => _bytes = bytes;

    /// <summary>The whole datagram.</summary>
    public ReadOnlySpan<byte> Bytes => _bytes;

    public ReadOnlySpan<byte> Session => _bytes.Slice(SessionOffset, SessionLength);

    public ulong SequenceNumber => BinaryPrimitives.ReadUInt64BigEndian(_bytes[SequenceOffset..]);

    /// <summary>The raw count field (0 heartbeat, 0xFFFF end of session).</summary>
    public ushort MessageCount => BinaryPrimitives.ReadUInt16BigEndian(_bytes[MessageCountOffset..]);

    public bool IsHeartbeat => MessageCount == HeartbeatCount;

    public bool IsEndOfSession => MessageCount == EndOfSessionCount;

    /// <summary>How many message blocks follow the header (0 for a heartbeat or end of session).</summary>
    public int DataMessageCount
    {
        get
        {
            ushort count = MessageCount;
            return count == EndOfSessionCount ? 0 : count;
        }
    }

    /// <summary>The message blocks, length prefixes included.</summary>
    public ReadOnlySpan<byte> Blocks => _bytes[HeaderLength..];

    /// <summary>Validates <paramref name="datagram"/> and returns a view over it when it is well formed.</summary>
    public static MoldPacketStatus TryParse(ReadOnlySpan<byte> datagram, out MoldPacket packet)
    {
        packet = default;
        if (datagram.Length < HeaderLength)
        {
            return MoldPacketStatus.TruncatedHeader;
        }

        ushort count = BinaryPrimitives.ReadUInt16BigEndian(datagram[MessageCountOffset..]);
        int blocks = count == EndOfSessionCount ? 0 : count;
        ulong sequence = BinaryPrimitives.ReadUInt64BigEndian(datagram[SequenceOffset..]);
        if (sequence > ulong.MaxValue - (ulong)blocks)
        {
            return MoldPacketStatus.SequenceOverflow;
        }

        int pos = HeaderLength;
        for (int i = 0; i < blocks; i++)
        {
            int left = datagram.Length - pos;
            if (left == 0)
            {
                return MoldPacketStatus.MissingBlocks;
            }

            if (left < BlockLengthSize)
            {
                return MoldPacketStatus.BlockOverrun;
            }

            int length = BinaryPrimitives.ReadUInt16BigEndian(datagram[pos..]);
            if (length > left - BlockLengthSize)
            {
                return MoldPacketStatus.BlockOverrun;
            }

            pos += BlockLengthSize + length;
        }

        if (pos != datagram.Length)
        {
            return MoldPacketStatus.TrailingBytes;
        }

        packet = new MoldPacket(datagram);
        return MoldPacketStatus.Ok;
    }

    /// <summary>A view over bytes this assembly validated earlier (the gap buffer's copies).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static MoldPacket Trusted(ReadOnlySpan<byte> validated) => new(validated);

    /// <summary>Enumerates the messages (without their length prefixes) in sequence order.</summary>
    public MessageEnumerator GetEnumerator() => new(Blocks, DataMessageCount);

    /// <summary>Walks the blocks of a validated packet.</summary>
    public ref struct MessageEnumerator
    {
        private readonly ReadOnlySpan<byte> _blocks;
        private int _left;
        private int _pos;
        private ReadOnlySpan<byte> _current;

        internal MessageEnumerator(ReadOnlySpan<byte> blocks, int count)
        {
            _blocks = blocks;
            _left = count;
            _pos = 0;
            _current = default;
        }

        public readonly ReadOnlySpan<byte> Current => _current;

        public bool MoveNext()
        {
            if (_left == 0)
            {
                return false;
            }

            int length = BinaryPrimitives.ReadUInt16BigEndian(_blocks[_pos..]);
            _current = _blocks.Slice(_pos + BlockLengthSize, length);
            _pos += BlockLengthSize + length;
            _left--;
            return true;
        }
    }
}
