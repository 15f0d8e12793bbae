using System.Buffers.Binary;
using Gateway.Net.Decode;
using Gateway.Net.Frames;

namespace Gateway.Lab.Latency;

/// <summary>Why a frame did or did not yield a TCP segment.</summary>
internal enum TcpDecodeStatus : byte
{
    Ok,

    /// <summary>Well formed, but not IPv4 carrying TCP (or an IPv4 fragment, which is not reassembled).</summary>
    NotTcp,

    /// <summary>The frame is cut or inconsistent (a snapped capture, a corrupt header).</summary>
    Malformed,
}

/// <summary>
/// A TCP segment peeled out of an Ethernet frame (RFC 9293, section 3.1): addresses in host order, the
/// payload as a span into the frame.
/// <code>
///   0       2       4               8               12  13  14      16      18      20
///   +-------+-------+---------------+---------------+---+---+-------+-------+-------+======+
///   | sport | dport | sequence      | acknowledgment|off|flg| window| csum  | urgent|opts..|
///   +-------+-------+---------------+---------------+---+---+-------+-------+-------+======+
/// </code>
/// <c>off</c>'s upper four bits are the header length in 32-bit words.
/// </summary>
internal readonly ref struct TcpSegment
{
    public const int MinHeaderLength = 20;
    public const int SourcePortOffset = 0;
    public const int DestinationPortOffset = 2;
    public const int SequenceOffset = 4;
    public const int DataOffsetOffset = 12;
    public const int FlagsOffset = 13;

    public const byte FlagFin = 0x01;
    public const byte FlagSyn = 0x02;
    public const byte FlagRst = 0x04;

    public const byte ProtocolTcp = 6;

    public TcpSegment(uint sourceIp, uint destinationIp, ushort sourcePort, ushort destinationPort, uint sequence, byte flags,
        ReadOnlySpan<byte> payload)
    {
        SourceIp = sourceIp;
        DestinationIp = destinationIp;
        SourcePort = sourcePort;
        DestinationPort = destinationPort;
        Sequence = sequence;
        Flags = flags;
        Payload = payload;
    }

    public uint SourceIp { get; }

    public uint DestinationIp { get; }

    public ushort SourcePort { get; }

    public ushort DestinationPort { get; }

    /// <summary>Sequence number of the first payload byte (of the SYN itself when <see cref="IsSyn"/>).</summary>
    public uint Sequence { get; }

    public byte Flags { get; }

    public bool IsSyn => (Flags & FlagSyn) != 0;

    public bool IsFin => (Flags & FlagFin) != 0;

    public ReadOnlySpan<byte> Payload { get; }

    /// <summary>
    /// Ethernet II, up to <see cref="FrameDecoder.MaxVlanTags"/> 802.1Q tags, IPv4 (options allowed,
    /// padding after the total length ignored), TCP. The IPv4 layout is the one
    /// <see cref="FrameDecoder"/> reads for UDP; only the fourth layer differs.
    /// </summary>
    public static TcpDecodeStatus DecodeEthernet(ReadOnlySpan<byte> frame, out TcpSegment segment)
    {
        segment = default;
        if (frame.Length < FrameDecoder.EthernetHeaderLength)
        {
            return TcpDecodeStatus.Malformed;
        }

        int offset = FrameDecoder.EtherTypeOffset;
        ushort etherType = BinaryPrimitives.ReadUInt16BigEndian(frame[offset..]);
        for (int tags = 0; etherType is FrameDecoder.EtherTypeVlan or FrameDecoder.EtherTypeQinQ or FrameDecoder.EtherTypeQinQLegacy; tags++)
        {
            if (tags == FrameDecoder.MaxVlanTags || frame.Length < offset + 2 + FrameDecoder.VlanTagLength + 2)
            {
                return TcpDecodeStatus.Malformed;
            }

            offset += FrameDecoder.VlanTagLength;
            etherType = BinaryPrimitives.ReadUInt16BigEndian(frame[offset..]);
        }

        return etherType == FrameDecoder.EtherTypeIpv4
            ? DecodeIpv4(frame[(offset + 2)..], out segment)
            : TcpDecodeStatus.NotTcp;
    }

    /// <summary>An IPv4 packet (no link header) down to its TCP payload.</summary>
    public static TcpDecodeStatus DecodeIpv4(ReadOnlySpan<byte> ip, out TcpSegment segment)
    {
        segment = default;
        if (ip.Length < FrameDecoder.Ipv4MinHeaderLength || (ip[0] >> 4) != 4)
        {
            return TcpDecodeStatus.Malformed;
        }

        int headerLength = (ip[0] & 0x0F) * 4;
        int totalLength = BinaryPrimitives.ReadUInt16BigEndian(ip[FrameBuilder.Ipv4TotalLengthOffset..]);
        if (headerLength < FrameDecoder.Ipv4MinHeaderLength || totalLength < headerLength || totalLength > ip.Length)
        {
            return TcpDecodeStatus.Malformed;
        }

        // MF set or a non-zero fragment offset: a fragment.
        if (ip[FrameBuilder.Ipv4ProtocolOffset] != ProtocolTcp
            || (BinaryPrimitives.ReadUInt16BigEndian(ip[FrameBuilder.Ipv4FlagsFragmentOffset..]) & 0x3FFF) != 0)
        {
            return TcpDecodeStatus.NotTcp;
        }

        ReadOnlySpan<byte> tcp = ip[headerLength..totalLength];
        if (tcp.Length < MinHeaderLength)
        {
            return TcpDecodeStatus.Malformed;
        }

        int tcpHeaderLength = (tcp[DataOffsetOffset] >> 4) * 4;
        if (tcpHeaderLength < MinHeaderLength || tcpHeaderLength > tcp.Length)
        {
            return TcpDecodeStatus.Malformed;
        }

        segment = new TcpSegment(
            BinaryPrimitives.ReadUInt32BigEndian(ip[FrameBuilder.Ipv4SourceOffset..]),
            BinaryPrimitives.ReadUInt32BigEndian(ip[FrameBuilder.Ipv4DestinationOffset..]),
            BinaryPrimitives.ReadUInt16BigEndian(tcp[SourcePortOffset..]),
            BinaryPrimitives.ReadUInt16BigEndian(tcp[DestinationPortOffset..]),
            BinaryPrimitives.ReadUInt32BigEndian(tcp[SequenceOffset..]),
            tcp[FlagsOffset],
            tcp[tcpHeaderLength..]);
        return TcpDecodeStatus.Ok;
    }
}
