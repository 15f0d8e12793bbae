using System.Buffers.Binary;
using Gateway.Interop;
using Gateway.Net.Capture;
using Gateway.Net.Sources;

namespace Gateway.Net.Tests.Capture;

/// <summary>Bad input: a clear message, the right state, every good record before it delivered, nothing unhandled.</summary>
public sealed class CaptureErrorTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly List<Written> _frames = TestSupport.MakeFrames(40);
    private readonly byte[] _pcap;

    public CaptureErrorTests()
    {
        string path = _dir.File("good.pcap");
        TestSupport.WritePcap(path, _frames);
        _pcap = File.ReadAllBytes(path);
    }

    public void Dispose() => _dir.Dispose();

    /// <summary>File offset of pcap record <paramref name="record"/> (1-based).</summary>
    private long RecordOffset(int record) => 24 + _frames.Take(record - 1).Sum(f => 16L + f.Frame.Length);

    private string Save(string name, byte[] bytes)
    {
        string path = _dir.File(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private void AssertFailedAfter(ReadResult result, int goodRecords, string message)
    {
        Assert.Equal(SourceState.Failed, result.State);
        Assert.Equal(message, result.FailureMessage);
        Assert.Equal(goodRecords, result.Packets.Count);
        for (int i = 0; i < goodRecords; i++)
        {
            Assert.Equal(_frames[i].Frame, result.Packets[i].Data);
        }
    }

    [Fact]
    public void Pcap_cut_mid_record()
    {
        long offset = RecordOffset(12);
        string path = Save("cut.pcap", _pcap[..(int)(offset + 16 + 10)]);
        int need = 16 + _frames[11].Frame.Length;
        AssertFailedAfter(TestSupport.ReadAll(path), 11,
            $"capture truncated: record 12 at offset {offset} needs {need} bytes, 26 remain");
    }

    [Fact]
    public void Pcap_cut_mid_record_header()
    {
        long offset = RecordOffset(12);
        string path = Save("cut.pcap", _pcap[..(int)(offset + 7)]);
        AssertFailedAfter(TestSupport.ReadAll(path), 11,
            $"capture truncated: record 12 at offset {offset} needs 16 bytes, 7 remain");
    }

    [Fact]
    public void Pcap_cut_in_the_global_header_fails_at_open()
    {
        string path = Save("cut.pcap", _pcap[..10]);
        var e = Assert.Throws<PacketSourceException>(() => CaptureFile.Open(path));
        Assert.Equal("capture truncated: pcap global header needs 24 bytes, 10 remain", e.Message);
    }

    [Fact]
    public void Pcap_corrupt_record_length()
    {
        long offset = RecordOffset(12);
        byte[] bytes = (byte[])_pcap.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan((int)offset + 8), 300_000);
        AssertFailedAfter(TestSupport.ReadAll(Save("corrupt.pcap", bytes)), 11,
            $"corrupt record length 300000 at record 12 (offset {offset})");
    }

    [Fact]
    public void Pcap_record_length_over_a_small_snap_length_is_corrupt()
    {
        byte[] bytes = CaptureBytes.BigEndianPcap(_frames, nanosecond: true); // snap length 65535
        long offset = RecordOffset(3);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan((int)offset + 8), 70_000);
        AssertFailedAfter(TestSupport.ReadAll(Save("corrupt.pcap", bytes)), 2,
            $"corrupt record length 70000 at record 3 (offset {offset})");
    }

    [Fact]
    public void Pcap_with_a_non_ethernet_link_type_fails_at_open()
    {
        string path = Save("wifi.pcap", CaptureBytes.BigEndianPcap(_frames, nanosecond: false, linkType: 105));
        var e = Assert.Throws<PacketSourceException>(() => CaptureFile.Open(path));
        Assert.Equal("unsupported link type 105 (only Ethernet, 1, is supported)", e.Message);
    }

    [Fact]
    public void Pcapng_with_a_non_ethernet_interface_fails_at_open()
    {
        string path = Save("wifi.pcapng", CaptureBytes.PcapNg(_frames, bigEndian: false, tsresol: 9, linkType: 105));
        var e = Assert.Throws<PacketSourceException>(() => CaptureFile.Open(path));
        Assert.Equal("unsupported link type 105 (only Ethernet, 1, is supported)", e.Message);
    }

    [Fact]
    public void Pcapng_packet_on_a_non_ethernet_interface_later_fails_after_the_good_ones()
    {
        var output = new MemoryStream();
        output.Write(CaptureBytes.PcapNg(_frames.Take(5).ToList(), bigEndian: false, tsresol: 9));
        var w = new CaptureBytes.Writer(output, bigEndian: true); // a second section, other byte order
        CaptureBytes.SectionHeader(w);
        CaptureBytes.InterfaceDescription(w, 1, 9);
        CaptureBytes.InterfaceDescription(w, 105, 9);
        CaptureBytes.EnhancedPacket(w, 0, _frames[5].TimestampNs, _frames[5].Frame);
        CaptureBytes.EnhancedPacket(w, 1, _frames[6].TimestampNs, _frames[6].Frame);
        AssertFailedAfter(TestSupport.ReadAll(Save("mixed.pcapng", output.ToArray())), 6,
            "unsupported link type 105 (only Ethernet, 1, is supported)");
    }

    [Fact]
    public void Pcapng_block_length_mismatch()
    {
        byte[] bytes = CaptureBytes.PcapNg(_frames, bigEndian: false, tsresol: 9);
        int offset = 28 + 32; // SHB, IDB
        for (int i = 0; i < 9; i++)
        {
            offset += 32 + ((_frames[i].Frame.Length + 3) & ~3);
        }

        int length = 32 + ((_frames[9].Frame.Length + 3) & ~3);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(offset + length - 4), (uint)length + 4);
        AssertFailedAfter(TestSupport.ReadAll(Save("mismatch.pcapng", bytes)), 9,
            $"block length mismatch at block 12 (offset {offset}): header says {length}, trailer says {length + 4}");
    }

    [Fact]
    public void Pcapng_block_length_not_a_multiple_of_four()
    {
        byte[] bytes = CaptureBytes.PcapNg(_frames, bigEndian: true, tsresol: 6);
        int offset = 28 + 32 + 32 + ((_frames[0].Frame.Length + 3) & ~3);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(offset + 4), 45);
        AssertFailedAfter(TestSupport.ReadAll(Save("odd.pcapng", bytes)), 1,
            $"corrupt block length 45 at block 4 (offset {offset})");
    }

    [Theory]
    [InlineData(6u)]
    [InlineData(3u)]
    [InlineData(2u)]
    public void Pcapng_packet_block_shorter_than_its_fixed_fields(uint type)
    {
        var output = new MemoryStream();
        output.Write(CaptureBytes.PcapNg(_frames.Take(3).ToList(), bigEndian: false, tsresol: 9));
        long offset = output.Length;
        var w = new CaptureBytes.Writer(output, bigEndian: false);
        w.U32(type);
        w.U32(12);
        w.U32(12);
        output.Write(CaptureBytes.PcapNg(_frames, bigEndian: false, tsresol: 9).AsSpan(28)); // plenty of bytes after it
        AssertFailedAfter(TestSupport.ReadAll(Save("short.pcapng", output.ToArray())), 3,
            $"corrupt pcapng: packet block too short for its fixed fields at block 6 (offset {offset})");
    }

    [Fact]
    public void Pcapng_cut_mid_block()
    {
        byte[] bytes = CaptureBytes.PcapNg(_frames, bigEndian: false, tsresol: 9);
        string path = Save("cut.pcapng", bytes[..^5]);
        ReadResult result = TestSupport.ReadAll(path);
        Assert.Equal(SourceState.Failed, result.State);
        Assert.StartsWith($"capture truncated: block {_frames.Count + 2} at offset ", result.FailureMessage);
        Assert.Equal(_frames.Count - 1, result.Packets.Count);
    }

    [Fact]
    public void BinaryFile_zero_length_record()
    {
        List<byte[]> messages = CaptureBytes.ItchMessages(10);
        byte[] good = CaptureBytes.BinaryFile(messages);
        string path = Save("zero.itch", [.. good, 0, 0, .. good]);
        ReadResult result = TestSupport.ReadAll(path);
        Assert.Equal(SourceState.Failed, result.State);
        Assert.Equal($"corrupt record length 0 at record 11 (offset {good.Length})", result.FailureMessage);
        Assert.Equal(10, result.Packets.Count);
    }

    [Fact]
    public void BinaryFile_cut_mid_message()
    {
        List<byte[]> messages = CaptureBytes.ItchMessages(10);
        byte[] good = CaptureBytes.BinaryFile(messages);
        ReadResult result = TestSupport.ReadAll(Save("cut.itch", good[..^3]));
        Assert.Equal(SourceState.Failed, result.State);
        Assert.StartsWith("capture truncated: record 10 at offset ", result.FailureMessage);
        Assert.Equal(9, result.Packets.Count);
    }

    [Fact]
    public void Unrecognised_format()
    {
        string path = Save("notes.txt", "hello, this is not a capture"u8.ToArray());
        var e = Assert.Throws<PacketSourceException>(() => CaptureFile.Open(path));
        Assert.Equal("unrecognised capture format (first bytes: 68 65 6c 6c 6f 2c 20 74)", e.Message);
    }

    [Fact]
    public void Forcing_pcap_on_something_else_fails_at_open()
    {
        string path = Save("notes.txt", "hello, this is not a capture"u8.ToArray());
        var e = Assert.Throws<PacketSourceException>(() => CaptureFile.Open(path, CaptureFormat.Pcap));
        Assert.Equal("not a pcap file (first bytes: 68 65 6c 6c 6f 2c 20 74)", e.Message);
    }

#if DEBUG // the library checks the batch protocol only when built with GW_CHECKED
    [Fact]
    public unsafe void Receive_before_release_is_a_contract_violation_in_checked_builds()
    {
        using CaptureFileSource source = CaptureFile.Open(Save("ok.pcap", _pcap));
        PacketDescriptor* batch = stackalloc PacketDescriptor[4];
        int n = source.Receive(batch, 4);
        Assert.Equal(4, n);
        try
        {
            source.Receive(batch, 4);
            Assert.Fail("expected InvalidOperationException");
        }
        catch (InvalidOperationException)
        {
        }

        source.Release(batch, n);
        Assert.Equal(4, source.Receive(batch, 4));
    }
#endif

    [Fact]
    public void Empty_file()
    {
        string path = Save("empty.pcap", []);
        var e = Assert.Throws<PacketSourceException>(() => CaptureFile.Open(path));
        Assert.Equal($"capture file {path} is empty", e.Message);
    }

    [Fact]
    public void Missing_file()
    {
        string path = _dir.File("nope.pcap");
        var e = Assert.Throws<PacketSourceException>(() => CaptureFile.Open(path));
        Assert.Equal($"cannot open capture {path}: no such file", e.Message);
    }

    [Fact]
    public void Unreadable_path_is_a_source_exception()
    {
        var e = Assert.Throws<PacketSourceException>(() => CaptureFile.Open(_dir.Path));
        Assert.StartsWith($"cannot open capture {_dir.Path}: ", e.Message);
    }

    [Fact]
    public void Gzip_truncated_delivers_what_decompressed_then_fails()
    {
        List<Written> many = TestSupport.MakeFrames(3000);
        string pcap = _dir.File("many.pcap");
        TestSupport.WritePcap(pcap, many);
        TestSupport.Gzip(pcap, pcap + ".gz");
        byte[] gz = File.ReadAllBytes(pcap + ".gz");
        string cut = Save("cut.pcap.gz", gz[..(gz.Length / 2)]);

        ReadResult result = TestSupport.ReadAll(cut, null, gzipBuffer: 64 << 10);
        Assert.Equal(SourceState.Failed, result.State);
        Assert.StartsWith("gzip capture truncated or corrupt: decompressed ", result.FailureMessage);
        Assert.True(result.Packets.Count > 100, $"only {result.Packets.Count} packets before the cut");
        Assert.True(result.Packets.Count < many.Count);
        for (int i = 0; i < result.Packets.Count; i++)
        {
            Assert.Equal(many[i].Frame, result.Packets[i].Data);
        }
    }

    [Fact]
    public void Gzip_damaged_in_the_middle_delivers_the_records_before_then_fails()
    {
        List<Written> many = TestSupport.MakeFrames(3000);
        string pcap = _dir.File("many.pcap");
        TestSupport.WritePcap(pcap, many);
        TestSupport.Gzip(pcap, pcap + ".gz");
        byte[] gz = File.ReadAllBytes(pcap + ".gz");
        for (int i = gz.Length / 2; i < (gz.Length / 2) + 64; i++)
        {
            gz[i] ^= 0x5A;
        }

        ReadResult result = TestSupport.ReadAll(Save("damaged.pcap.gz", gz), null, gzipBuffer: 64 << 10);
        Assert.Equal(SourceState.Failed, result.State);
        Assert.NotNull(result.FailureMessage);
        Assert.True(result.Packets.Count > 100, $"only {result.Packets.Count} packets before the damage");
        for (int i = 0; i < 100; i++)
        {
            Assert.Equal(many[i].Frame, result.Packets[i].Data);
        }
    }

    [Fact]
    public void Gzip_missing_its_trailer_delivers_everything_then_fails()
    {
        // A cut on a record boundary decompresses cleanly: only the trailer check can notice it.
        string pcap = _dir.File("all.pcap");
        TestSupport.WritePcap(pcap, _frames);
        TestSupport.Gzip(pcap, pcap + ".gz");
        byte[] gz = File.ReadAllBytes(pcap + ".gz");
        ReadResult result = TestSupport.ReadAll(Save("notrailer.pcap.gz", gz[..^8]));
        AssertFailedAfter(result, _frames.Count,
            $"gzip capture truncated or corrupt: decompressed {_pcap.Length} bytes, but the gzip trailer records "
            + $"{BinaryPrimitives.ReadUInt32LittleEndian(gz.AsSpan(gz.Length - 12))} (mod 2^32)");
    }

    [Fact]
    public void Gzip_header_with_garbage_fails_at_open()
    {
        string path = Save("bad.gz", [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 3, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]);
        var e = Assert.Throws<PacketSourceException>(() => CaptureFile.Open(path));
        Assert.StartsWith($"cannot decompress gzip capture {path}: ", e.Message);
    }
}
