using Gateway.Net.Sources;
namespace Gateway.Net.Capture;

/// <summary>Opens capture files as packet sources.</summary>
public static class CaptureFile
{
    /// <summary>
    /// Opens a pcap, pcapng or NASDAQ BinaryFILE capture, plain or gzip-compressed. The format is
    /// detected from the first bytes unless <paramref name="format"/> forces one (BinaryFILE has no
    /// magic number, so forcing it is the reliable way to read one).
    /// </summary>
    /// <exception cref="PacketSourceException">The file is missing, unreadable, empty, or not a capture we can read.</exception>
    public static CaptureFileSource Open(string path, CaptureFormat? format = null) =>
        Open(path, format, CaptureFileSource.DefaultGzipBufferBytes);

    internal static CaptureFileSource Open(string path, CaptureFormat? format, int gzipBufferBytes)
    {
        ArgumentNullException.ThrowIfNull(path);
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            string why = e is FileNotFoundException or DirectoryNotFoundException ? "no such file" : e.Message;
            throw new PacketSourceException($"cannot open capture {path}: {why}", e);
        }

        try
        {
            if (file.Length == 0)
            {
                throw new PacketSourceException($"capture file {path} is empty");
            }

            Span<byte> head = stackalloc byte[CaptureFormatDetector.ProbeLength];
            int got = file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            head = head[..got];
            file.Position = 0;
            return CaptureFormatDetector.IsGzip(head)
                ? CaptureFileSource.OpenGzip(path, file, format, gzipBufferBytes)
                : CaptureFileSource.OpenMapped(path, file, head, format);
        }
        catch (PacketSourceException)
        {
            file.Dispose();
            throw;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            file.Dispose();
            throw new PacketSourceException($"cannot read capture {path}: {e.Message}", e);
        }
    }
}
