using System.Buffers.Binary;
using Gateway.Net.Frames;

namespace Gateway.Net.Tests.Frames;

public sealed class FrameBuilderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>Wireshark, an independent reader, agrees on lengths, ports, tags, header fields and both checksums.</summary>
    [Fact]
    public void Tshark_decodes_the_frames_as_written_with_valid_checksums()
    {
        List<Written> frames = TestSupport.MakeFrames(300);
        string path = _dir.File("frames.pcap");
        TestSupport.WritePcap(path, frames);

        string output = TestSupport.Run("tshark", "-r", path, "-n",
            "-o", "ip.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE",
            "-T", "fields",
            "-e", "frame.len", "-e", "udp.dstport", "-e", "ip.checksum.status", "-e", "udp.checksum.status",
            "-e", "vlan.id", "-e", "ip.ttl", "-e", "ip.flags.df", "-e", "ip.hdr_len", "-e", "frame.time_epoch",
            "-e", "ieee8021ad.id");
        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(frames.Count, lines.Length);
        for (int i = 0; i < frames.Count; i++)
        {
            string[] f = lines[i].Split('\t');
            Written w = frames[i];
            string context = $"frame {i}: {lines[i]}";
            Assert.True(w.Frame.Length.ToString() == f[0], context);
            Assert.True(w.DestinationPort.ToString() == f[1], context);
            Assert.True(f[2] == "1", context); // PROTO_CHECKSUM_E_GOOD
            Assert.True(f[3] == (i % 4 != 3 ? "1" : "3"), context); // good, or not present (0)
            // An 802.1ad outer tag is Wireshark's ieee8021ad.id; 802.1Q tags are vlan.id.
            bool serviceTag = w.VlanTags == 2 && i % 2 == 0;
            string vlans = w.VlanTags switch
            {
                0 => "",
                1 => $"{100 + (i % 7)}",
                _ => serviceTag ? $"{200 + (i % 5)}" : $"{100 + (i % 7)},{200 + (i % 5)}",
            };
            Assert.True(vlans == f[4], context);
            Assert.True((serviceTag ? $"{100 + (i % 7)}" : "") == f[9], context);
            Assert.True($"{1 + (i % 200)}" == f[5], context);
            Assert.True((i % 2 == 1 ? "1" : "0") == f[6], context);
            Assert.True($"{20 + (i % 5 == 0 ? 4 * (i % 11 % 10) : 0)}" == f[7], context);
            Assert.True(f[8].Replace(".", "", StringComparison.Ordinal) == w.TimestampNs.ToString(), context);
        }
    }

    [Fact]
    public void Single_tag_frame_has_the_documented_layout()
    {
        UdpFrameSpec spec = UdpFrameSpec.Default with { VlanTags = 1, OuterTci = 0x2064, Identification = 0x1234, DontFragment = true };
        byte[] payload = "ITCH"u8.ToArray();
        byte[] frame = new byte[128];
        int length = FrameBuilder.BuildUdp(frame, spec, payload);
        Assert.Equal(60, length); // 14 + 4 + 20 + 8 + 4 = 50, padded
        Assert.Equal(FrameBuilder.FrameLength(spec, payload.Length), length);
        Assert.Equal(new byte[] { 0x01, 0x00, 0x5E, 0x36, 0x0C, 0x01, 0x02, 0, 0, 0, 0, 0x01, 0x81, 0x00, 0x20, 0x64, 0x08, 0x00 }, frame[..18]);
        Span<byte> ip = frame.AsSpan(18);
        Assert.Equal(0x45, ip[0]);
        Assert.Equal(32, BinaryPrimitives.ReadUInt16BigEndian(ip[2..]));
        Assert.Equal(0x1234, BinaryPrimitives.ReadUInt16BigEndian(ip[4..]));
        Assert.Equal(0x4000, BinaryPrimitives.ReadUInt16BigEndian(ip[6..]));
        Assert.Equal(17, ip[9]);
        Assert.Equal(0, InternetChecksum.Compute(ip[..20])); // a valid header sums to zero
        Assert.Equal(new byte[] { 10, 0, 0, 1, 233, 54, 12, 1 }, ip[12..20].ToArray());
        Assert.Equal(26477, BinaryPrimitives.ReadUInt16BigEndian(ip[22..]));
        Assert.Equal(12, BinaryPrimitives.ReadUInt16BigEndian(ip[24..]));
        Assert.Equal("ITCH"u8.ToArray(), ip[28..32].ToArray());
        Assert.All(frame[50..60], b => Assert.Equal(0, b));
    }

    [Fact]
    public void Qinq_frame_uses_the_service_tpid_outside()
    {
        UdpFrameSpec spec = UdpFrameSpec.Default with { VlanTags = 2, OuterTpid = FrameBuilder.TpidServiceVlan, OuterTci = 10, InnerTci = 20 };
        byte[] frame = new byte[128];
        FrameBuilder.BuildUdp(frame, spec, []);
        Assert.Equal(new byte[] { 0x88, 0xA8, 0, 10, 0x81, 0x00, 0, 20, 0x08, 0x00 }, frame[12..22]);
    }

    [Fact]
    public void Non_first_fragment_has_no_udp_header_and_a_valid_checksum()
    {
        UdpFrameSpec spec = UdpFrameSpec.Default with { FragmentOffset = 185, MoreFragments = true, IpOptionsLength = 8, PadToMinimum = false };
        byte[] payload = new byte[100];
        byte[] frame = new byte[256];
        int length = FrameBuilder.BuildUdp(frame, spec, payload);
        Assert.Equal(14 + 28 + 100, length);
        Span<byte> ip = frame.AsSpan(14);
        Assert.Equal(0x47, ip[0]);
        Assert.Equal(0x2000 | 185, BinaryPrimitives.ReadUInt16BigEndian(ip[6..]));
        Assert.Equal(128, BinaryPrimitives.ReadUInt16BigEndian(ip[2..]));
        Assert.Equal(0, InternetChecksum.Compute(ip[..28]));
        Assert.Equal(new byte[] { 1, 1, 1, 1, 1, 1, 1, 0 }, ip[20..28].ToArray());
    }

    [Fact]
    public void Bad_arguments_throw()
    {
        byte[] frame = new byte[64];
        Assert.Throws<ArgumentOutOfRangeException>(() => FrameBuilder.BuildUdp(frame, UdpFrameSpec.Default with { IpOptionsLength = 3 }, []));
        Assert.Throws<ArgumentOutOfRangeException>(() => FrameBuilder.BuildUdp(frame, UdpFrameSpec.Default with { VlanTags = 3 }, []));
        Assert.Throws<ArgumentException>(() => FrameBuilder.BuildUdp(frame, UdpFrameSpec.Default, new byte[100]));
    }
}
