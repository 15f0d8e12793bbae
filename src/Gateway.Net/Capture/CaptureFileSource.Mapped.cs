using System.IO.MemoryMappedFiles;
using Gateway.Net.Sources;

namespace Gateway.Net.Capture;

/// <summary>The uncompressed backing: the whole file mapped read-only; descriptors point into the mapping.</summary>
public sealed unsafe partial class CaptureFileSource
{
    private MemoryMappedFile? _mapping;
    private MemoryMappedViewAccessor? _view;
    private bool _pointerAcquired;
    private Thread? _prefaulter;
    private volatile bool _stopPrefault;
    private int _prefaultSink;

    /// <summary>How far ahead of the reader the prefault thread maps pages in.</summary>
    internal const long PrefaultAheadBytes = 64L << 20;

    /// <summary>Smaller mappings are not worth a thread.</summary>
    private const long PrefaultMinimumBytes = 4L << 20;

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
            source.StartPrefaulter();
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

    /// <summary>
    /// A mapped file costs a page fault per page (or per fault-around block) on first touch: about
    /// 40 ns a packet for NASDAQ-sized frames, more than the parse itself. A background thread
    /// touches one byte a page up to <see cref="PrefaultAheadBytes"/> ahead of the reader, so the
    /// faults (and any disk read-ahead) happen on another core and the polling thread finds its
    /// pages mapped. The polling thread makes no syscall for it and shares nothing with it but
    /// the read position, which it only reads.
    /// </summary>
    private void StartPrefaulter()
    {
        if (_end < PrefaultMinimumBytes)
        {
            return;
        }

        _prefaulter = new Thread(Prefault) { IsBackground = true, Name = "capture-prefault" };
        _prefaulter.Start();
    }

    private void Prefault()
    {
        byte* start = _window;
        long end = _end;
        long touched = 0;
        int sink = 0;
        while (!_stopPrefault && touched < end)
        {
            long limit = Math.Min(Volatile.Read(ref _pos) + PrefaultAheadBytes, end);
            if (touched >= limit)
            {
                Thread.Sleep(1);
                continue;
            }

            for (; touched < limit && !_stopPrefault; touched += Environment.SystemPageSize)
            {
                sink += start[touched];
            }
        }

        Volatile.Write(ref _prefaultSink, sink); // keeps the reads from being optimised away
    }

    /// <summary>Unmaps; safe to call twice and on a half-opened source.</summary>
    private void DisposeMapping()
    {
        // The prefault thread reads the mapping: stop it before unmapping.
        _stopPrefault = true;
        _prefaulter?.Join();
        _prefaulter = null;

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
