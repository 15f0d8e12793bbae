using System.IO.MemoryMappedFiles;
using Gateway.Net.Sources;

namespace Gateway.Net.Capture;

/// <summary>The uncompressed backing: the whole file mapped read-only; descriptors point into the mapping.</summary>
public sealed unsafe partial class CaptureFileSource
{
    private MemoryMappedFile? _mapping;
    private MemoryMappedViewAccessor? _view;
    private bool _pointerAcquired;

    /// <summary>First byte of the mapping (null for gzip): lets tests check descriptors are zero-copy.</summary>
    internal byte* MappingStart => _view is null ? null : _window;

    internal static CaptureFileSource OpenMapped(string path, FileStream file, ReadOnlySpan<byte> head, CaptureFormat? forced)
    {
        CaptureFormat format = ChooseFormat(head, forced);
        long length = file.Length;
        var source = new CaptureFileSource($"{Describe(format)} file {path} (memory-mapped)", format, length);
        try
        {
            source._mapping = MemoryMappedFile.CreateFromFile(
                file, mapName: null, capacity: 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: false);
            source._view = source._mapping.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
            byte* pointer = null;
            source._view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
            source._pointerAcquired = true;
            source._window = pointer + source._view.PointerOffset;
            source._end = length;
            source._endOfInput = true;
            source.Start();
            return source;
        }
        catch
        {
            source.Dispose();
            throw;
        }
    }

    private static string Describe(CaptureFormat format) => format switch
    {
        CaptureFormat.Pcap => "pcap",
        CaptureFormat.PcapNg => "pcapng",
        _ => "NASDAQ BinaryFILE",
    };

    /// <summary>Unmaps; safe to call twice and on a half-opened source.</summary>
    private void DisposeMapping()
    {
        if (_pointerAcquired)
        {
            _view!.SafeMemoryMappedViewHandle.ReleasePointer();
            _pointerAcquired = false;
        }

        _view?.Dispose();
        _mapping?.Dispose();
        _view = null;
        _mapping = null;
    }
}
