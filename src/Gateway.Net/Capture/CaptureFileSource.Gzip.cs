using System.IO.Compression;
using System.Runtime.InteropServices;
using Gateway.Net.Sources;

namespace Gateway.Net.Capture;

/// <summary>
/// The gzip backing: gzip cannot be mapped, so the file is decompressed into one reusable native
/// buffer. When the parser stops on a record the buffer cuts, the partial record moves to the
/// front and the rest is refilled; a record larger than the buffer grows it (up to a limit).
/// </summary>
public sealed unsafe partial class CaptureFileSource
{
    /// <summary>Default decompression buffer: large enough to amortise refills, small enough to stay in L2/L3-ish.</summary>
    public const int DefaultGzipBufferBytes = 4 << 20;

    /// <summary>No sane record needs more: a larger one fails rather than growing without bound.</summary>
    public const long MaxGzipBufferBytes = 64L << 20;

    private GzipInput? _gzip;
    private string? _inputError;

    internal static CaptureFileSource OpenGzip(string path, FileStream file, CaptureFormat? forced, int bufferBytes)
    {
        var input = new GzipInput(file, bufferBytes);
        CaptureFileSource? source = null;
        try
        {
            long filled = input.Fill(0);
            if (filled == 0)
            {
                throw new PacketSourceException(input.Error is null
                    ? $"gzip capture {path} is empty after decompression"
                    : $"cannot decompress gzip capture {path}: {input.Error}");
            }

            var head = new ReadOnlySpan<byte>(input.Buffer, (int)Math.Min(filled, CaptureFormatDetector.ProbeLength));
            if (CaptureFormatDetector.IsGzip(head) && forced is null)
            {
                throw new PacketSourceException($"unrecognised capture format (gzip inside gzip: first bytes: {CaptureFormatDetector.Hex(head)})");
            }

            CaptureFormat format = ChooseFormat(head, forced);
            source = new CaptureFileSource($"{Describe(format)} file {path} (gzip)", format, file.Length)
            {
                _gzip = input,
                _window = input.Buffer,
                _end = filled,
                _endOfInput = input.EndOfStream,
                _inputError = input.Error,
            };
            source.Start();
            return source;
        }
        catch
        {
            if (source is null)
            {
                input.Dispose();
            }
            else
            {
                source.Dispose();
            }

            throw;
        }
    }

    /// <summary>Keeps the unparsed tail, grows the buffer if one record needs it, and decompresses more.</summary>
    private bool Refill(long need)
    {
        GzipInput input = _gzip!;
        long keep = _end - _pos;
        if (need > input.Capacity)
        {
            if (need > MaxGzipBufferBytes)
            {
                Fail($"record at offset {_parser.WindowOffset + _pos} needs {need} bytes, more than the {MaxGzipBufferBytes >> 20} MiB gzip buffer limit");
                return false;
            }

            input.Grow(need, _window + _pos, keep);
        }
        else if (_pos != 0)
        {
            Buffer.MemoryCopy(_window + _pos, input.Buffer, input.Capacity, keep);
        }

        _window = input.Buffer;
        _parser.WindowOffset += _pos;
        _pos = 0;
        _end = input.Fill(keep);
        _endOfInput = input.EndOfStream;
        _inputError = input.Error; // reported once the records that did decompress run out
        return true;
    }

    private sealed class GzipInput : IDisposable
    {
        private readonly FileStream _file;
        private readonly GZipStream _stream;
        private long _decompressed;
        private long? _disposedAt;

        /// <summary>10-byte member header, an empty deflate block's worth, 8-byte trailer.</summary>
        private const int GzipMinimumLength = 18;

        public GzipInput(FileStream file, int capacity)
        {
            _file = file;
            _stream = new GZipStream(file, CompressionMode.Decompress, leaveOpen: false);
            Capacity = capacity;
            Buffer = (byte*)NativeMemory.AlignedAlloc((nuint)capacity, 64);
        }

        public byte* Buffer { get; private set; }

        public long Capacity { get; private set; }

        public long Filled { get; private set; }

        public bool EndOfStream { get; private set; }

        /// <summary>Why the stream ended early: corrupt deflate data, or a trailer that disagrees with what decompressed.</summary>
        public string? Error { get; private set; }

        public long CompressedPosition => _disposedAt ?? _file.Position;

        /// <summary>
        /// Decompresses into the buffer after its first <paramref name="keep"/> bytes until it is full
        /// or the stream ends. Damage ends the stream and sets <see cref="Error"/>; what decompressed
        /// before it stays in the buffer.
        /// </summary>
        public long Fill(long keep)
        {
            Filled = keep;
            try
            {
                while (Filled < Capacity)
                {
                    int read = _stream.Read(new Span<byte>(Buffer + Filled, (int)Math.Min(Capacity - Filled, int.MaxValue)));
                    if (read == 0)
                    {
                        EndOfStream = true;
                        CheckTrailer();
                        break;
                    }

                    Filled += read;
                    _decompressed += read;
                }
            }
            catch (Exception e) when (e is InvalidDataException or IOException)
            {
                EndOfStream = true;
                Error = $"gzip data corrupt after {_decompressed} decompressed bytes: {e.Message}";
            }

            return Filled;
        }

        /// <summary>
        /// GZipStream reports a stream cut short as a clean end, so check the member trailer
        /// (RFC 1952: CRC32, then ISIZE = uncompressed length mod 2^32, little-endian) against the
        /// bytes we got. This assumes a single-member file, as NASDAQ's are; a multi-member file
        /// (bgzip) fails this check.
        /// </summary>
        private void CheckTrailer()
        {
            Span<byte> trailer = stackalloc byte[4];
            long length = _file.Length;
            uint isize = length >= GzipMinimumLength && RandomAccess.Read(_file.SafeFileHandle, trailer, length - 4) == 4
                ? System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(trailer)
                : 0;
            if (length < GzipMinimumLength || isize != (uint)_decompressed)
            {
                Error = $"gzip capture truncated or corrupt: decompressed {_decompressed} bytes, but the gzip trailer records {isize} (mod 2^32)";
            }
        }

        /// <summary>A new buffer of at least <paramref name="need"/> bytes, holding the kept tail at its front.</summary>
        public void Grow(long need, byte* tail, long keep)
        {
            long capacity = (long)System.Numerics.BitOperations.RoundUpToPowerOf2((ulong)need);
            byte* fresh = (byte*)NativeMemory.AlignedAlloc((nuint)capacity, 64);
            System.Buffer.MemoryCopy(tail, fresh, capacity, keep);
            NativeMemory.AlignedFree(Buffer);
            Buffer = fresh;
            Capacity = capacity;
        }

        public void Dispose()
        {
            _disposedAt ??= _file.Position;
            _stream.Dispose();
            if (Buffer != null)
            {
                NativeMemory.AlignedFree(Buffer);
                Buffer = null;
            }
        }
    }
}
