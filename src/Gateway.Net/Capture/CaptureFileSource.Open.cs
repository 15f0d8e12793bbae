using Gateway.Interop;
using Gateway.Net.Sources;

namespace Gateway.Net.Capture;

/// <summary>Opening: format choice, header check, and a probe for an unusable link type.</summary>
public sealed unsafe partial class CaptureFileSource
{
    private CaptureFileSource(string description, CaptureFormat format, long totalBytes)
    {
        Description = description;
        Format = format;
        TotalBytes = totalBytes;
        Link = format == CaptureFormat.NasdaqBinaryFile ? LinkKind.ItchMessage : LinkKind.Ethernet;
        _parser = CreateParser(format);
        _state = SourceState.Active;
    }

    private static CaptureParser CreateParser(CaptureFormat format) => format switch
    {
        CaptureFormat.Pcap => new PcapParser(),
        CaptureFormat.PcapNg => new PcapNgParser(),
        CaptureFormat.NasdaqBinaryFile => new BinaryFileParser(),
        _ => throw new PacketSourceException($"unknown capture format {format}"),
    };

    private static CaptureFormat ChooseFormat(ReadOnlySpan<byte> head, CaptureFormat? forced) =>
        forced ?? CaptureFormatDetector.Detect(head)
        ?? throw new PacketSourceException(
            $"unrecognised capture format (first bytes: {CaptureFormatDetector.Hex(head)})");

    /// <summary>
    /// Reads the header from the first window, then parses the first packet with a throwaway parser:
    /// a file whose packets are on a link we cannot decode fails now, at open, not later.
    /// </summary>
    private void Start()
    {
        var head = new ReadOnlySpan<byte>(_window, (int)Math.Min(_end, int.MaxValue));
        _pos = _parser.ReadHeader(head);

        CaptureParser probe = CreateParser(Format);
        long pos = probe.ReadHeader(head);
        PacketDescriptor descriptor;
        probe.Parse(_window, ref pos, _end, &descriptor, 1);
        if (probe.Status == ParseStatus.Error && probe.ErrorIsUnsupportedLink)
        {
            throw new PacketSourceException(probe.ErrorMessage!);
        }
    }
}
