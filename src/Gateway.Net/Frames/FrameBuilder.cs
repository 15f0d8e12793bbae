using System.Buffers.Binary;
using Gateway.Core;

namespace Gateway.Net.Frames;

/// <summary>
/// Synthesises Ethernet II frames around a UDP payload for tests, the capture generator and
/// benchmarks:
/// <code>
///   0          6          12             12+4t        +20+opt          +8
///   +----------+----------+-(tags)-------+------+-----+---------------+-----------+=========+-pad-+
///   | dst MAC  | src MAC  | TPID | TCI   | 0x0800     | IPv4 header   | UDP header| payload | 0.. |
///   +----------+----------+--------------+------------+---------------+-----------+=========+-----+
/// </code>
/// t is the number of VLAN tags (0-2); the UDP header is absent in a non-first fragment.
/// </summary>
public static class FrameBuilder
{
    public const int MacLength = 6;
    public const int EthernetHeaderLength = 14;
    public const int VlanTagLength = 4;
    public const int Ipv4HeaderLength = 20;
    public const int MaxIpv4OptionsLength = 40;
    public const int UdpHeaderLength = 8;
    public const int MinFrameLength = 60;

    public const ushort EtherTypeIpv4 = 0x0800;
    public const ushort TpidCustomerVlan = 0x8100;
    public const ushort TpidServiceVlan = 0x88A8;
    public const byte ProtocolUdp = 17;

    // IPv4 header offsets (RFC 791, section 3.1).
    public const int Ipv4VersionIhlOffset = 0;
    public const int Ipv4TosOffset = 1;
    public const int Ipv4TotalLengthOffset = 2;
    public const int Ipv4IdentificationOffset = 4;
    public const int Ipv4FlagsFragmentOffset = 6;
    public const int Ipv4TtlOffset = 8;
    public const int Ipv4ProtocolOffset = 9;
    public const int Ipv4ChecksumOffset = 10;
    public const int Ipv4SourceOffset = 12;
    public const int Ipv4DestinationOffset = 16;

    public const ushort Ipv4DontFragment = 0x4000;
    public const ushort Ipv4MoreFragments = 0x2000;

    // UDP header offsets (RFC 768).
    public const int UdpSourcePortOffset = 0;
    public const int UdpDestinationPortOffset = 2;
    public const int UdpLengthOffset = 4;
    public const int UdpChecksumOffset = 6;

    private const byte IpOptionNop = 1;
    private const byte IpOptionEnd = 0;

    public static uint Ipv4(byte a, byte b, byte c, byte d) => ((uint)a << 24) | ((uint)b << 16) | ((uint)c << 8) | d;

    /// <summary>The frame length <see cref="BuildUdp"/> writes for this spec and payload length.</summary>
    public static int FrameLength(in UdpFrameSpec spec, int payloadLength)
    {
        int length = EthernetHeaderLength + (VlanTagLength * spec.VlanTags) + Ipv4HeaderLength + spec.IpOptionsLength
            + (spec.FragmentOffset == 0 ? UdpHeaderLength : 0) + payloadLength;
        return spec.PadToMinimum ? Math.Max(length, MinFrameLength) : length;
    }

    /// <summary>Writes the frame into <paramref name="destination"/> and returns its length.</summary>
    public static int BuildUdp(Span<byte> destination, in UdpFrameSpec spec, ReadOnlySpan<byte> payload)
    {
        if (spec.VlanTags is < 0 or > 2)
        {
            ThrowHelper.ArgumentOutOfRange(nameof(spec), "VlanTags must be 0, 1 or 2");
        }

        if (spec.IpOptionsLength is < 0 or > MaxIpv4OptionsLength || (spec.IpOptionsLength & 3) != 0)
        {
            ThrowHelper.ArgumentOutOfRange(nameof(spec), "IpOptionsLength must be a multiple of 4 from 0 to 40");
        }

        int frameLength = FrameLength(spec, payload.Length);
        if (destination.Length < frameLength)
        {
            ThrowHelper.Argument(nameof(destination), "destination is too small for the frame");
        }

        int ipOffset = WriteEthernet(destination, spec);
        int ipHeaderLength = Ipv4HeaderLength + spec.IpOptionsLength;
        bool hasUdpHeader = spec.FragmentOffset == 0;
        int ipTotalLength = ipHeaderLength + (hasUdpHeader ? UdpHeaderLength : 0) + payload.Length;
        if (ipTotalLength > ushort.MaxValue)
        {
            ThrowHelper.ArgumentOutOfRange(nameof(payload), "payload too large for one IPv4 packet");
        }

        Span<byte> ip = destination.Slice(ipOffset, ipTotalLength);
        WriteIpv4(ip, spec, ipHeaderLength, ipTotalLength);

        Span<byte> afterIp = ip[ipHeaderLength..];
        if (hasUdpHeader)
        {
            payload.CopyTo(afterIp[UdpHeaderLength..]);
            WriteUdp(afterIp, spec, payload.Length);
        }
        else
        {
            payload.CopyTo(afterIp);
        }

        destination[(ipOffset + ipTotalLength)..frameLength].Clear();
        return frameLength;
    }

    private static int WriteEthernet(Span<byte> frame, in UdpFrameSpec spec)
    {
        WriteMac(frame, spec.DestinationMac);
        WriteMac(frame[MacLength..], spec.SourceMac);
        int offset = 2 * MacLength;
        if (spec.VlanTags == 2)
        {
            BinaryPrimitives.WriteUInt16BigEndian(frame[offset..], spec.OuterTpid);
            BinaryPrimitives.WriteUInt16BigEndian(frame[(offset + 2)..], spec.OuterTci);
            BinaryPrimitives.WriteUInt16BigEndian(frame[(offset + 4)..], TpidCustomerVlan);
            BinaryPrimitives.WriteUInt16BigEndian(frame[(offset + 6)..], spec.InnerTci);
            offset += 2 * VlanTagLength;
        }
        else if (spec.VlanTags == 1)
        {
            BinaryPrimitives.WriteUInt16BigEndian(frame[offset..], spec.OuterTpid);
            BinaryPrimitives.WriteUInt16BigEndian(frame[(offset + 2)..], spec.OuterTci);
            offset += VlanTagLength;
        }

        BinaryPrimitives.WriteUInt16BigEndian(frame[offset..], EtherTypeIpv4);
        return offset + 2;
    }

    private static void WriteMac(Span<byte> destination, ulong mac)
    {
        for (int i = 0; i < MacLength; i++)
        {
            destination[i] = (byte)(mac >> (8 * (MacLength - 1 - i)));
        }
    }

    private static void WriteIpv4(Span<byte> ip, in UdpFrameSpec spec, int headerLength, int totalLength)
    {
        ip[Ipv4VersionIhlOffset] = (byte)(0x40 | (headerLength / 4));
        ip[Ipv4TosOffset] = spec.TypeOfService;
        BinaryPrimitives.WriteUInt16BigEndian(ip[Ipv4TotalLengthOffset..], (ushort)totalLength);
        BinaryPrimitives.WriteUInt16BigEndian(ip[Ipv4IdentificationOffset..], spec.Identification);
        ushort flags = (ushort)((spec.FragmentOffset & 0x1FFF)
            | (spec.DontFragment ? Ipv4DontFragment : 0)
            | (spec.MoreFragments ? Ipv4MoreFragments : 0));
        BinaryPrimitives.WriteUInt16BigEndian(ip[Ipv4FlagsFragmentOffset..], flags);
        ip[Ipv4TtlOffset] = spec.Ttl;
        ip[Ipv4ProtocolOffset] = ProtocolUdp;
        BinaryPrimitives.WriteUInt16BigEndian(ip[Ipv4ChecksumOffset..], 0);
        BinaryPrimitives.WriteUInt32BigEndian(ip[Ipv4SourceOffset..], spec.SourceIp);
        BinaryPrimitives.WriteUInt32BigEndian(ip[Ipv4DestinationOffset..], spec.DestinationIp);

        Span<byte> options = ip[Ipv4HeaderLength..headerLength];
        if (!options.IsEmpty)
        {
            options.Fill(IpOptionNop);
            options[^1] = IpOptionEnd;
        }

        BinaryPrimitives.WriteUInt16BigEndian(ip[Ipv4ChecksumOffset..], InternetChecksum.Compute(ip[..headerLength]));
    }

    private static void WriteUdp(Span<byte> udp, in UdpFrameSpec spec, int payloadLength)
    {
        int udpLength = UdpHeaderLength + payloadLength;
        BinaryPrimitives.WriteUInt16BigEndian(udp[UdpSourcePortOffset..], spec.SourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(udp[UdpDestinationPortOffset..], spec.DestinationPort);
        BinaryPrimitives.WriteUInt16BigEndian(udp[UdpLengthOffset..], (ushort)udpLength);
        BinaryPrimitives.WriteUInt16BigEndian(udp[UdpChecksumOffset..], 0);
        if (!spec.UdpChecksum)
        {
            return;
        }

        // Pseudo-header (RFC 768): source, destination, zero, protocol, UDP length.
        uint sum = (spec.SourceIp >> 16) + (spec.SourceIp & 0xFFFF)
            + (spec.DestinationIp >> 16) + (spec.DestinationIp & 0xFFFF)
            + ProtocolUdp + (uint)udpLength;
        sum = InternetChecksum.Add(sum, udp[..udpLength]);
        ushort checksum = InternetChecksum.Finish(sum);

        // 0 means "no checksum" in UDP over IPv4, so a computed 0 goes out as its ones' complement twin.
        BinaryPrimitives.WriteUInt16BigEndian(udp[UdpChecksumOffset..], checksum == 0 ? (ushort)0xFFFF : checksum);
    }
}
