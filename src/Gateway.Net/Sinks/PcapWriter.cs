using Gateway.Core;
using Gateway.Interop;
using SharpPcap;
using SharpPcap.LibPcap;

namespace Gateway.Net.Sinks;

/// <summary>Timestamp resolution of a classic pcap file, chosen by its magic number.</summary>
public enum PcapTimestampResolution
{
    /// <summary>Magic 0xa1b23c4d: nanoseconds after the second.</summary>
    Nanosecond,

    /// <summary>Magic 0xa1b2c3d4: microseconds after the second (sub-µs digits are dropped).</summary>
    Microsecond,
}

/// <summary>
/// Writes a classic pcap file (link type Ethernet) through libpcap's dump writer (SharpPcap): a
/// 24-byte global header, then per frame a 16-byte record header
/// <c>ts_sec | ts_frac | incl_len | orig_len</c> and the bytes. Frames longer than the snap length
/// are cut to it and keep their original length.
/// </summary>
/// <remarks>
/// libpcap writes through stdio and does not report a failed write, so <see cref="Dispose"/> checks
/// that the file holds every byte it was given and throws <see cref="IOException"/> when it does not
/// (a full disk): a capture is never left short without a word. A tool for captures, not for the
/// critical path: each frame costs a header object.
/// </remarks>
public sealed class PcapWriter : IDisposable
{
    /// <summary>The largest snap length libpcap's writer takes (its MAX_PACKET_SIZE).</summary>
    public const int DefaultSnapLength = 262144;
    public const int LinkTypeEthernet = 1;
    private const int GlobalHeaderLength = 24;
    private const int RecordHeaderLength = 16;

    private readonly CaptureFileWriterDevice _device;
    private readonly string _path;
    private readonly TimestampResolution _resolution;
    private readonly int _snapLength;
    private PcapHeader _header = new(0, 0, 0, 0);
    private long _bytes = GlobalHeaderLength;
    private bool _disposed;

    private PcapWriter(string path, PcapTimestampResolution resolution, int snapLength)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (snapLength is <= 0 or > DefaultSnapLength)
        {
            ThrowHelper.ArgumentOutOfRange(nameof(snapLength), $"snap length must be 1-{DefaultSnapLength}");
        }

        _path = path;
        _snapLength = snapLength;
        _resolution = resolution == PcapTimestampResolution.Nanosecond ? TimestampResolution.Nanosecond : TimestampResolution.Microsecond;
        try
        {
            _device = new CaptureFileWriterDevice(path, FileMode.Create);
            _device.Open(new DeviceConfiguration
            {
                LinkLayerType = PacketDotNet.LinkLayers.Ethernet,
                Snaplen = snapLength,
                TimestampResolution = _resolution,
            });
        }
        catch (PcapException e)
        {
            throw new IOException($"{path}: {e.Message.Trim()}", e);
        }
    }

    /// <summary>Creates (or overwrites) a pcap file.</summary>
    /// <exception cref="IOException">The file cannot be created.</exception>
    public static PcapWriter Create(string path, PcapTimestampResolution resolution = PcapTimestampResolution.Nanosecond,
        int snapLength = DefaultSnapLength) => new(path, resolution, snapLength);

    public long FramesWritten { get; private set; }

    /// <summary>Appends one frame captured at <paramref name="timestampNs"/> (ns since the Unix epoch).</summary>
    public void WriteFrame(ReadOnlySpan<byte> frame, ulong timestampNs) => WriteFrame(frame, timestampNs, frame.Length);

    /// <summary>Appends a frame whose wire length was <paramref name="originalLength"/> (at least its captured length).</summary>
    public void WriteFrame(ReadOnlySpan<byte> frame, ulong timestampNs, int originalLength)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ReadOnlySpan<byte> captured = frame.Length > _snapLength ? frame[.._snapLength] : frame;
        ulong seconds = timestampNs / 1_000_000_000UL;
        ulong fraction = timestampNs % 1_000_000_000UL;
        _header.Timeval = new PosixTimeval(seconds, _resolution == TimestampResolution.Nanosecond ? fraction : fraction / 1000, _resolution);
        _header.CaptureLength = (uint)captured.Length;
        _header.PacketLength = (uint)Math.Max(originalLength, frame.Length);
        _device.Write(captured, ref _header);
        _bytes += RecordHeaderLength + captured.Length;
        FramesWritten++;
    }

    /// <summary>Closes the file and checks that all of it reached the disk.</summary>
    /// <exception cref="IOException">Fewer bytes reached the file than were written (a full disk).</exception>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _device.Close();

        // Only a regular file has a length to check (a device such as /dev/null has none).
        if (Libc.TryStat(_path, out Libc.FileStatus status) && status.IsRegularFile)
        {
            long length = new FileInfo(_path).Length;
            if (length != _bytes)
            {
                throw new IOException($"{_path}: {length:N0} of {_bytes:N0} bytes reached the file (No space left on device?)");
            }
        }
    }
}
