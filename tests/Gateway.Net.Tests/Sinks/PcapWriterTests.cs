using System.Buffers.Binary;
using Gateway.Interop;
using Gateway.Net.Sinks;
using Gateway.Net.Sources;

namespace Gateway.Net.Tests.Sinks;

public sealed class PcapWriterTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Global_header_is_nanosecond_ethernet_with_the_default_snap_length()
    {
        string path = _dir.File("empty.pcap");
        using (PcapWriter.Create(path))
        {
        }

        byte[] bytes = File.ReadAllBytes(path);
        Assert.Equal(24, bytes.Length);
        Assert.Equal(0xA1B23C4Du, BinaryPrimitives.ReadUInt32LittleEndian(bytes));
        Assert.Equal(2, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(4)));
        Assert.Equal(4, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(6)));
        Assert.Equal(262144u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(16)));
        Assert.Equal(1u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(20)));
    }

    [Fact]
    public void Frames_longer_than_the_snap_length_are_cut_and_flagged_on_read()
    {
        string path = _dir.File("snap.pcap");
        byte[] big = new byte[100_000]; // also larger than the writer's buffer
        new Random(3).NextBytes(big);
        byte[] small = [1, 2, 3];
        using (var writer = PcapWriter.Create(path, snapLength: 80_000))
        {
            writer.WriteFrame(small, 5);
            writer.WriteFrame(big, 6);
            writer.WriteFrame(small, 7);
            Assert.Equal(3, writer.FramesWritten);
        }

        ReadResult result = TestSupport.ReadAll(path);
        Assert.Equal(SourceState.Finished, result.State);
        Assert.Equal(3, result.Packets.Count);
        Assert.Equal(small, result.Packets[0].Data);
        Assert.Equal(big[..80_000], result.Packets[1].Data);
        Assert.NotEqual(0u, result.Packets[1].Flags & PacketDescriptor.FlagTruncated);
        Assert.Equal(0u, result.Packets[2].Flags & PacketDescriptor.FlagTruncated);
        Assert.Equal(new ulong[] { 5, 6, 7 }, result.Packets.Select(p => p.TimestampNs));
    }

    [Fact]
    public void Microsecond_files_keep_the_microseconds()
    {
        string path = _dir.File("micro.pcap");
        using (var writer = PcapWriter.Create(path, PcapTimestampResolution.Microsecond))
        {
            writer.WriteFrame([1, 2, 3], 1_700_000_000_123_456_789UL);
        }

        byte[] bytes = File.ReadAllBytes(path);
        Assert.Equal(0xA1B2C3D4u, BinaryPrimitives.ReadUInt32LittleEndian(bytes));
        Assert.Equal(1_700_000_000u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(24)));
        Assert.Equal(123_456u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(28)));
        Assert.Equal(new ulong[] { 1_700_000_000_123_456_000UL }, TestSupport.ReadAll(path).Packets.Select(p => p.TimestampNs));
    }

    /// <summary>
    /// libpcap writes through stdio and does not say when a write fails: a capture on a full disk
    /// (a 1 MiB tmpfs here; the test needs root to mount it) must fail when closed, not end short.
    /// </summary>
    [Fact]
    public void A_capture_that_did_not_fit_on_the_disk_fails_when_closed()
    {
        string mount = _dir.File("full");
        Directory.CreateDirectory(mount);
        TestSupport.Run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mount);
        try
        {
            string path = Path.Combine(mount, "big.pcap");
            byte[] frame = new byte[1500];
            var writer = PcapWriter.Create(path);
            for (int i = 0; i < 2000; i++)
            {
                writer.WriteFrame(frame, (ulong)i);
            }

            IOException e = Assert.Throws<IOException>(writer.Dispose);
            Assert.Contains("No space left on device", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            TestSupport.Run("umount", mount);
        }
    }
}
