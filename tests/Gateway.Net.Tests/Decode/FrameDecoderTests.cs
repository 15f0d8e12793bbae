using Gateway.Net.Decode;

namespace Gateway.Net.Tests.Decode;

/// <summary>
/// Frames written out byte by byte from the RFCs (checksums computed outside the project), so the
/// decoder is checked against bytes, not against the project's own frame builder.
/// </summary>
public class FrameDecoderTests
{
    private const string Dst = "01005e360c6f";
    private const string Src = "001122334455";

    // IPv4: IHL 5, total 36, id 1, DF, TTL 64, UDP, 10.0.0.1 -> 233.54.12.111, checksum 0x3b22.
    private const string Ip = "450000240001400040113b220a000001e9360c6f";

    // UDP 5000 -> 26477, length 16, checksum 0; payload 8 bytes.
    private const string Udp = "1388676d00100000";
    private const string Payload = "0102030405060708";

    // IPv4 with 4 bytes of options (IHL 6), total 40, 10.0.0.2 -> 233.54.12.112, checksum 0x781a.
    private const string IpWithOptions = "46000028000200004011781a0a000002e9360c7001010100";
    private const string UdpToB = "1388676e00100000";

    private static byte[] Hex(string hex) => Convert.FromHexString(hex);

    [Fact]
    public void Untagged_frame_decodes_to_its_udp_payload()
    {
        byte[] frame = Hex(Dst + Src + "0800" + Ip + Udp + Payload);

        DecodeStatus status = FrameDecoder.DecodeEthernet(frame, verifyIpChecksum: true, out UdpDatagram d);

        Assert.Equal(DecodeStatus.Ok, status);
        Assert.Equal(0x0A000001u, d.SourceIp);
        Assert.Equal(0xE9360C6Fu, d.DestinationIp);
        Assert.Equal(5000, d.SourcePort);
        Assert.Equal(26477, d.DestinationPort);
        Assert.Equal(0, d.VlanCount);
        Assert.Equal(Hex(Payload), d.Payload.ToArray());
    }

    [Fact]
    public void Single_vlan_tag_decodes_and_reports_its_id()
    {
        // TCI 0x2064: PCP 1, VID 100.
        byte[] frame = Hex(Dst + Src + "8100" + "2064" + "0800" + Ip + Udp + Payload);

        Assert.Equal(DecodeStatus.Ok, FrameDecoder.DecodeEthernet(frame, true, out UdpDatagram d));
        Assert.Equal(1, d.VlanCount);
        Assert.Equal(100, d.OuterVlan);
        Assert.Equal(Hex(Payload), d.Payload.ToArray());
    }

    [Theory]
    [InlineData("88a8")]
    [InlineData("8100")]
    [InlineData("9100")]
    public void Stacked_vlan_tags_decode_with_both_ids(string outerTpid)
    {
        // Outer VID 200 (0x00c8), inner VID 300 (0x012c).
        byte[] frame = Hex(Dst + Src + outerTpid + "00c8" + "8100" + "012c" + "0800" + Ip + Udp + Payload);

        Assert.Equal(DecodeStatus.Ok, FrameDecoder.DecodeEthernet(frame, true, out UdpDatagram d));
        Assert.Equal(2, d.VlanCount);
        Assert.Equal(200, d.OuterVlan);
        Assert.Equal(300, d.InnerVlan);
        Assert.Equal(26477, d.DestinationPort);
        Assert.Equal(Hex(Payload), d.Payload.ToArray());
    }

    [Fact]
    public void Three_vlan_tags_are_refused()
    {
        byte[] frame = Hex(Dst + Src + "88a8" + "00c8" + "8100" + "012c" + "8100" + "0001" + "0800" + Ip + Udp + Payload);

        Assert.Equal(DecodeStatus.TooManyVlanTags, FrameDecoder.DecodeEthernet(frame, true, out _));
    }

    [Fact]
    public void Ip_options_are_skipped_by_header_length()
    {
        byte[] frame = Hex(Dst + Src + "0800" + IpWithOptions + UdpToB + Payload);

        Assert.Equal(DecodeStatus.Ok, FrameDecoder.DecodeEthernet(frame, true, out UdpDatagram d));
        Assert.Equal(0xE9360C70u, d.DestinationIp);
        Assert.Equal(26478, d.DestinationPort);
        Assert.Equal(Hex(Payload), d.Payload.ToArray());
    }

    [Fact]
    public void Ethernet_padding_after_the_ip_packet_is_ignored()
    {
        byte[] frame = Hex(Dst + Src + "0800" + Ip + Udp + Payload + "000000000000000000000000");

        Assert.Equal(DecodeStatus.Ok, FrameDecoder.DecodeEthernet(frame, true, out UdpDatagram d));
        Assert.Equal(8, d.Payload.Length);
    }

    [Fact]
    public void Bad_header_checksum_is_caught_only_when_asked()
    {
        string corrupt = Ip.Substring(0, 20) + "3b23" + Ip.Substring(24);
        byte[] frame = Hex(Dst + Src + "0800" + corrupt + Udp + Payload);

        Assert.Equal(DecodeStatus.BadIpChecksum, FrameDecoder.DecodeEthernet(frame, verifyIpChecksum: true, out _));
        Assert.Equal(DecodeStatus.Ok, FrameDecoder.DecodeEthernet(frame, verifyIpChecksum: false, out _));
    }

    [Theory]
    [InlineData("2000", DecodeStatus.Fragment)] // MF set, offset 0: first fragment
    [InlineData("00b9", DecodeStatus.Fragment)] // offset 185*8: a later fragment
    [InlineData("4000", DecodeStatus.Ok)] // DF only
    public void Fragments_are_recognised(string flagsAndOffset, DecodeStatus expected)
    {
        string ip = Ip.Substring(0, 12) + flagsAndOffset + Ip.Substring(16);
        byte[] frame = Hex(Dst + Src + "0800" + ip + Udp + Payload);

        Assert.Equal(expected, FrameDecoder.DecodeEthernet(frame, verifyIpChecksum: false, out _));
    }

    [Fact]
    public void Non_ip_and_non_udp_are_not_malformed()
    {
        byte[] arp = Hex(Dst + Src + "0806" + "0001080006040001");
        string tcpIp = Ip.Substring(0, 18) + "06" + Ip.Substring(20);
        byte[] tcp = Hex(Dst + Src + "0800" + tcpIp + Udp + Payload);

        Assert.Equal(DecodeStatus.NotIpv4, FrameDecoder.DecodeEthernet(arp, false, out _));
        Assert.Equal(DecodeStatus.NotUdp, FrameDecoder.DecodeEthernet(tcp, false, out _));
        Assert.False(DecodeStatus.NotIpv4.IsMalformed());
        Assert.False(DecodeStatus.NotUdp.IsMalformed());
    }

    [Fact]
    public void Every_truncation_point_gives_a_malformed_status_never_an_exception()
    {
        byte[] full = Hex(Dst + Src + "8100" + "2064" + "0800" + Ip + Udp + Payload);
        for (int length = 0; length < full.Length; length++)
        {
            DecodeStatus status = FrameDecoder.DecodeEthernet(full.AsSpan(0, length), true, out _);
            Assert.True(status.IsMalformed(), $"length {length} gave {status}");
        }
    }

    [Theory]
    [InlineData("350000240001400040113b220a000001e9360c6f", DecodeStatus.BadIpVersion)]
    [InlineData("440000240001400040113b220a000001e9360c6f", DecodeStatus.BadIpHeaderLength)]
    [InlineData("450000100001400040113b220a000001e9360c6f", DecodeStatus.BadIpTotalLength)]
    public void Broken_ip_headers_are_named(string ip, DecodeStatus expected)
    {
        byte[] frame = Hex(Dst + Src + "0800" + ip + Udp + Payload);

        Assert.Equal(expected, FrameDecoder.DecodeEthernet(frame, verifyIpChecksum: false, out _));
    }

    [Theory]
    [InlineData("1388676d00070000")] // UDP length below its own header
    [InlineData("1388676d00200000")] // UDP length past the IP packet
    public void Broken_udp_lengths_are_named(string udp)
    {
        byte[] frame = Hex(Dst + Src + "0800" + Ip + udp + Payload);

        Assert.Equal(DecodeStatus.BadUdpLength, FrameDecoder.DecodeEthernet(frame, false, out _));
    }

    [Fact]
    public void Random_bytes_never_throw()
    {
        var random = new Random(12345);
        byte[] buffer = new byte[128];
        for (int i = 0; i < 20_000; i++)
        {
            random.NextBytes(buffer);
            int length = random.Next(buffer.Length + 1);

            // Steer a fraction towards the IPv4 path so the deeper layers get fuzzed too.
            if (length > 14 && (i & 1) == 0)
            {
                buffer[12] = 0x08;
                buffer[13] = 0x00;
                buffer[14] = (byte)(0x45 + (i % 3));
            }

            DecodeStatus status = FrameDecoder.DecodeEthernet(buffer.AsSpan(0, length), (i & 2) == 0, out UdpDatagram d);
            if (status == DecodeStatus.Ok)
            {
                Assert.True(d.Payload.Length <= length);
            }
        }
    }
}
