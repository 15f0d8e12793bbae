using System.IO.MemoryMappedFiles;

namespace Gateway.OrderEntry.Store;

/// <summary>
/// A whole file mapped read-write and shared, with the raw pointer taken once (docs/conventions.md).
/// Writes through <see cref="Pointer"/> land in the page cache, so they survive the death of the
/// process the moment they are stored; <see cref="Flush"/> (msync) makes them survive power loss.
/// </summary>
internal sealed unsafe class MappedFile : IDisposable
{
    private readonly MemoryMappedFile _map;
    private readonly MemoryMappedViewAccessor _view;
    private readonly FileStream? _lock;
    private byte* _pointer;

    private MappedFile(string path, FileStream stream, long length, bool keepLock)
    {
        Path = path;
        Length = length;
        _lock = keepLock ? stream : null;
        try
        {
            _map = MemoryMappedFile.CreateFromFile(stream, null, length, MemoryMappedFileAccess.ReadWrite, HandleInheritability.None, leaveOpen: keepLock);
            _view = _map.CreateViewAccessor(0, length, MemoryMappedFileAccess.ReadWrite);
        }
        catch
        {
            _map?.Dispose();
            stream.Dispose();
            throw;
        }

        byte* p = null;
        _view.SafeMemoryMappedViewHandle.AcquirePointer(ref p);
        _pointer = p + _view.PointerOffset;
    }

    public string Path { get; }

    public long Length { get; }

    public byte* Pointer => _pointer;

    /// <summary>
    /// Opens an existing file of exactly <paramref name="expectedLength"/> bytes (any length when
    /// negative). With <paramref name="exclusive"/>, the file stays open with an advisory exclusive
    /// lock for the mapping's lifetime, so a second process opening the same session fails.
    /// </summary>
    public static MappedFile OpenExisting(string path, long expectedLength, bool exclusive)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, exclusive ? FileShare.None : FileShare.ReadWrite);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new FixStoreException($"FIX store: cannot open '{path}' read-write ({e.Message})", path, e);
        }

        long length = stream.Length;
        if (length == 0 || (expectedLength >= 0 && length != expectedLength))
        {
            stream.Dispose();
            throw new FixStoreException($"FIX store: '{path}' is {length} bytes, expected {(expectedLength >= 0 ? expectedLength.ToString(System.Globalization.CultureInfo.InvariantCulture) : "more than 0")} (corrupted or not a store file)", path);
        }

        return new MappedFile(path, stream, length, exclusive);
    }

    /// <summary>
    /// Creates <paramref name="path"/> (it must not exist) with <paramref name="length"/> bytes
    /// reserved on disk up front (fallocate), so no later write into the mapping can fault for want
    /// of space. Throws <see cref="IOException"/> when the disk is full.
    /// </summary>
    public static MappedFile CreatePreallocated(string path, long length)
    {
        var stream = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.ReadWrite,
            UnixCreateMode = FixSessionStore.OwnerOnlyFile,
            Share = FileShare.ReadWrite,
            PreallocationSize = length,
        });
        try
        {
            return new MappedFile(path, stream, length, keepLock: false);
        }
        catch
        {
            TryDelete(path);
            throw;
        }
    }

    /// <summary>msync of the whole mapping (only dirty pages are written).</summary>
    public void Flush() => _view.Flush();

    public void Dispose()
    {
        if (_pointer == null)
        {
            return;
        }

        _pointer = null;
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _map.Dispose();
        _lock?.Dispose();
    }

    internal static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
