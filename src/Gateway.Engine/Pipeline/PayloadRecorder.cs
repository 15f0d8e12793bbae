using System.Buffers.Binary;

namespace Gateway.Engine.Pipeline;

/// <summary>
/// Writes every payload as <c>[u32 little-endian length][bytes]</c> to a file. A diagnostic, not a
/// production path: it copies into a 1 MiB buffer and writes when that fills.
/// </summary>
public sealed class PayloadRecorder : IDisposable
{
    private readonly FileStream _file;
    private readonly byte[] _buffer = new byte[1 << 20];
    private int _used;

    public PayloadRecorder(string path)
    {
        _file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1, FileOptions.None);
    }

    public long Records { get; private set; }

    public void Append(ReadOnlySpan<byte> payload)
    {
        if (_used + 4 + payload.Length > _buffer.Length)
        {
            Flush();
            if (4 + payload.Length > _buffer.Length)
            {
                Span<byte> prefix = stackalloc byte[4];
                BinaryPrimitives.WriteUInt32LittleEndian(prefix, (uint)payload.Length);
                _file.Write(prefix);
                _file.Write(payload);
                Records++;
                return;
            }
        }

        BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan(_used), (uint)payload.Length);
        payload.CopyTo(_buffer.AsSpan(_used + 4));
        _used += 4 + payload.Length;
        Records++;
    }

    public void Flush()
    {
        _file.Write(_buffer, 0, _used);
        _used = 0;
    }

    public void Dispose()
    {
        Flush();
        _file.Dispose();
    }
}
