using System.Buffers.Binary;

namespace Gateway.Engine.Pipeline;

/// <summary>
/// Writes every payload as <c>[u32 little-endian length][bytes]</c> to a file. A diagnostic, not a
/// production path: it copies into a 1 MiB buffer and writes when that fills. It writes under a
/// temporary name (<see cref="Gateway.Engine.Output.PendingOutput"/>) renamed into place by <see cref="Commit"/>; a
/// write that fails (full disk) stops the recording and is reported by <see cref="Commit"/>, never
/// thrown on the polling thread.
/// </summary>
public sealed class PayloadRecorder : IDisposable
{
    private readonly Gateway.Engine.Output.PendingOutput _output;
    private readonly FileStream _file;
    private readonly byte[] _buffer = new byte[1 << 20];
    private int _used;
    private IOException? _error;

    public PayloadRecorder(Gateway.Engine.Output.PendingOutput output)
    {
        _output = output;
        _file = new FileStream(output.WritePath, FileMode.Create, FileAccess.Write, FileShare.Read, 1, FileOptions.None);
    }

    public long Records { get; private set; }

    public void Append(ReadOnlySpan<byte> payload)
    {
        if (_error is not null)
        {
            return;
        }

        if (_used + 4 + payload.Length > _buffer.Length)
        {
            Flush();
            if (4 + payload.Length > _buffer.Length)
            {
                WriteLarge(payload);
                return;
            }
        }

        BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan(_used), (uint)payload.Length);
        payload.CopyTo(_buffer.AsSpan(_used + 4));
        _used += 4 + payload.Length;
        Records++;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private void WriteLarge(ReadOnlySpan<byte> payload)
    {
        Span<byte> prefix = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(prefix, (uint)payload.Length);
        try
        {
            _file.Write(prefix);
            _file.Write(payload);
            Records++;
        }
        catch (IOException e)
        {
            _error = e;
        }
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    public void Flush()
    {
        if (_error is not null)
        {
            return;
        }

        try
        {
            _file.Write(_buffer, 0, _used);
        }
        catch (IOException e)
        {
            _error = e;
        }

        _used = 0;
    }

    /// <summary>Writes what is buffered, closes the file and renames it into place; throws the first write error.</summary>
    public void Commit()
    {
        Flush();
        if (_error is null)
        {
            try
            {
                _file.Flush();
            }
            catch (IOException e)
            {
                _error = e;
            }
        }

        if (_error is not null)
        {
            throw _error;
        }

        _file.Dispose();
        _output.Commit();
    }

    /// <summary>Closes the file; without <see cref="Commit"/> the temporary file is removed.</summary>
    public void Dispose()
    {
        try
        {
            _file.Dispose();
        }
        catch (IOException)
        {
            // what was buffered could not be written: the temporary file goes anyway
        }

        _output.Dispose();
    }
}
