using Gateway.Net.Capture;
using Gateway.Net.Sinks;
using Gateway.Net.Sources;

namespace Gateway.Net.Tests.Capture;

/// <summary>What a capture says about its clock and how it ended: the facts gw latency reports.</summary>
public sealed class CaptureClockTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly List<Written> _frames = TestSupport.MakeFrames(20);

    public void Dispose() => _dir.Dispose();

    private static long ResolutionAfterReading(string path)
    {
        using CaptureFileSource source = CaptureFile.Open(path);
        TestSupport.ReadAll(source);
        return source.TimestampResolutionNs;
    }

    [Fact]
    public void Pcap_resolution_follows_its_magic()
    {
        string ns = _dir.File("ns.pcap");
        string us = _dir.File("us.pcap");
        TestSupport.WritePcap(ns, _frames);
        TestSupport.WritePcap(us, _frames, PcapTimestampResolution.Microsecond);
        Assert.Equal(1, ResolutionAfterReading(ns));
        Assert.Equal(1000, ResolutionAfterReading(us));
    }

    [Theory]
    [InlineData(6, 1000)]
    [InlineData(9, 1)]
    [InlineData(3, 1_000_000)]
    [InlineData(12, 1)]            // finer than a nanosecond counts as 1
    [InlineData(0x80 | 10, 976563)] // 2^-10 s, rounded up
    [InlineData(0x80 | 30, 1)]
    public void Pcapng_resolution_follows_if_tsresol(byte tsresol, long expected)
    {
        string path = _dir.File("r.pcapng");
        File.WriteAllBytes(path, CaptureBytes.PcapNg(_frames, bigEndian: false, tsresol));
        Assert.Equal(expected, ResolutionAfterReading(path));
    }

    [Fact]
    public void A_cut_file_is_told_apart_from_a_corrupt_one()
    {
        string good = _dir.File("good.pcap");
        TestSupport.WritePcap(good, _frames);
        byte[] bytes = File.ReadAllBytes(good);

        string cut = _dir.File("cut.pcap");
        File.WriteAllBytes(cut, bytes[..^5]);
        using (CaptureFileSource source = CaptureFile.Open(cut))
        {
            TestSupport.ReadAll(source);
            Assert.Equal(SourceState.Failed, source.State);
            Assert.True(source.FailedOnTruncation);
        }

        string corrupt = _dir.File("corrupt.pcap");
        BitConverter.GetBytes(0x7FFFFFFF).CopyTo(bytes, 24 + 8);
        File.WriteAllBytes(corrupt, bytes);
        using (CaptureFileSource source = CaptureFile.Open(corrupt))
        {
            TestSupport.ReadAll(source);
            Assert.Equal(SourceState.Failed, source.State);
            Assert.False(source.FailedOnTruncation);
        }
    }
}
