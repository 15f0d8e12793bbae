using System.Buffers.Binary;
using Gateway.Core;

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
/// Writes a classic pcap file (little-endian, link type Ethernet) through an internal buffer:
/// a 24-byte global header, then per frame a 16-byte record header
/// <c>ts_sec | ts_frac | incl_len | orig_len</c> and the bytes. Frames longer than the snap length
/// are cut to it and keep their original length.
/// </summary>
public sealed class PcapWriter : IDisposable
{
    public const int DefaultSnapLength = 262144;
    public const int LinkTypeEthernet = 1;
    public const ushort VersionMajor = 2;
    public const ushort VersionMinor = 4;
    private const int GlobalHeaderLength = 24;
    private const int RecordHeaderLength = 16;
    private const int BufferLength = 1 << 16;

    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly byte[] _buffer = new byte[BufferLength];
    private readonly bool _nanosecond;
    private readonly int _snapLength;
    private int _buffered;
    private bool _disposed;

    public PcapWriter(Stream stream, PcapTimestampResolution resolution = PcapTimestampResolution.Nanosecond,
        int snapLength = DefaultSnapLength, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (snapLength <= 0)
        {
            ThrowHelper.ArgumentOutOfRange(nameof(snapLength), "snap length must be positive");
        }

        _stream = stream;
        _leaveOpen = leaveOpen;
        _nanosecond = resolution == PcapTimestampResolution.Nanosecond;
        _snapLength = snapLength;

        Span<byte> header = _buffer.AsSpan(0, GlobalHeaderLength);
        BinaryPrimitives.WriteUInt32LittleEndian(header, _nanosecond ? 0xA1B23C4Du : 0xA1B2C3D4u);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], VersionMajor);
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], VersionMinor);
        BinaryPrimitives.WriteInt32LittleEndian(header[8..], 0); // thiszone: timestamps are UTC
        BinaryPrimitives.WriteUInt32LittleEndian(header[12..], 0); // sigfigs
        BinaryPrimitives.WriteInt32LittleEndian(header[16..], snapLength);
        BinaryPrimitives.WriteInt32LittleEndian(header[20..], LinkTypeEthernet);
        _buffered = GlobalHeaderLength;
    }

    /// <summary>Creates (or overwrites) a pcap file.</summary>
    public static PcapWriter Create(string path, PcapTimestampResolution resolution = PcapTimestampResolution.Nanosecond) =>
        new(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 1), resolution);

    public long FramesWritten { get; private set; }

    /// <summary>Appends one frame captured at <paramref name="timestampNs"/> (ns since the Unix epoch).</summary>
    public void WriteFrame(ReadOnlySpan<byte> frame, ulong timestampNs) => WriteFrame(frame, timestampNs, frame.Length);

    /// <summary>Appends a frame whose wire length was <paramref name="originalLength"/> (at least its captured length).</summary>
    public void WriteFrame(ReadOnlySpan<byte> frame, ulong timestampNs, int originalLength)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ReadOnlySpan<byte> captured = frame.Length > _snapLength ? frame[.._snapLength] : frame;
        if (_buffered + RecordHeaderLength > _buffer.Length)
        {
            Flush(toDisk: false);
        }

        Span<byte> header = _buffer.AsSpan(_buffered, RecordHeaderLength);
        ulong seconds = timestampNs / 1_000_000_000UL;
        ulong fraction = timestampNs % 1_000_000_000UL;
        BinaryPrimitives.WriteUInt32LittleEndian(header, (uint)seconds);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], (uint)(_nanosecond ? fraction : fraction / 1000));
        BinaryPrimitives.WriteInt32LittleEndian(header[8..], captured.Length);
        BinaryPrimitives.WriteInt32LittleEndian(header[12..], Math.Max(originalLength, frame.Length));
        _buffered += RecordHeaderLength;

        if (_buffered + captured.Length > _buffer.Length)
        {
            Flush(toDisk: false);
            if (captured.Length > _buffer.Length)
            {
                _stream.Write(captured);
                FramesWritten++;
                return;
            }
        }

        captured.CopyTo(_buffer.AsSpan(_buffered));
        _buffered += captured.Length;
        FramesWritten++;
    }

    /// <summary>Writes buffered records to the stream and flushes it.</summary>
    public void Flush() => Flush(toDisk: true);

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        Flush(toDisk: true);
        _disposed = true;
        if (!_leaveOpen)
        {
            _stream.Dispose();
        }
    }

    private void Flush(bool toDisk)
    {
        if (_buffered > 0)
        {
            _stream.Write(_buffer, 0, _buffered);
            _buffered = 0;
        }

        if (toDisk)
        {
            _stream.Flush();
        }
    }
}
