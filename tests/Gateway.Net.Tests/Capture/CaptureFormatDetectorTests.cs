using Gateway.Net.Capture;

namespace Gateway.Net.Tests.Capture;

public sealed class CaptureFormatDetectorTests
{
    [Theory]
    [InlineData(new byte[] { 0xD4, 0xC3, 0xB2, 0xA1 }, CaptureFormat.Pcap)]
    [InlineData(new byte[] { 0xA1, 0xB2, 0xC3, 0xD4 }, CaptureFormat.Pcap)]
    [InlineData(new byte[] { 0x4D, 0x3C, 0xB2, 0xA1 }, CaptureFormat.Pcap)]
    [InlineData(new byte[] { 0xA1, 0xB2, 0x3C, 0x4D }, CaptureFormat.Pcap)]
    [InlineData(new byte[] { 0x0A, 0x0D, 0x0D, 0x0A, 28, 0, 0, 0, 0x4D, 0x3C, 0x2B, 0x1A }, CaptureFormat.PcapNg)]
    [InlineData(new byte[] { 0x0A, 0x0D, 0x0D, 0x0A, 0, 0, 0, 28, 0x1A, 0x2B, 0x3C, 0x4D }, CaptureFormat.PcapNg)]
    [InlineData(new byte[] { 0, 3, (byte)'S', 0, 0, 0, 3, (byte)'A', 1, 2 }, CaptureFormat.NasdaqBinaryFile)]
    public void Recognises(byte[] head, CaptureFormat expected) => Assert.Equal(expected, CaptureFormatDetector.Detect(head));

    [Theory]
    [InlineData(new byte[] { 0x0A, 0x0D, 0x0D, 0x0A, 28, 0, 0, 0, 1, 2, 3, 4 })] // SHB type, bad byte-order magic
    [InlineData(new byte[] { 0, 3, (byte)'Z', 0, 0 })] // not an ITCH type
    [InlineData(new byte[] { 0, 200, (byte)'S', 0, 0 })] // implausible length
    [InlineData(new byte[] { 0, 3, (byte)'S', 0, 0, 0, 3, (byte)'z', 0, 0 })] // second record bad
    [InlineData(new byte[] { 1 })]
    public void Rejects(byte[] head) => Assert.Null(CaptureFormatDetector.Detect(head));

    [Fact]
    public void Gzip_magic() => Assert.True(CaptureFormatDetector.IsGzip([0x1F, 0x8B, 8]));
}
