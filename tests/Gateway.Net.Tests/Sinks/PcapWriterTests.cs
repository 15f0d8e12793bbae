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
        var stream = new MemoryStream();
        using (new PcapWriter(stream, leaveOpen: true))
        {
        }

        byte[] bytes = stream.ToArray();
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
        using (var writer = new PcapWriter(File.Create(path), snapLength: 80_000))
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
}
