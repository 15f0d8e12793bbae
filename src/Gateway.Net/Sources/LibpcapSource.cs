using System.Runtime.CompilerServices;
using Gateway.Interop;

namespace Gateway.Net.Sources;

/// <summary>
/// An <see cref="IPacketSource"/> over libpcap: a live kernel interface (portable fallback and test
/// double; not kernel bypass) or an offline capture file read through libpcap.
/// </summary>
/// <remarks>
/// <para>Frames are copied by the shim into a buffer it owns; they stay valid until the next
/// <see cref="Receive"/>, so <see cref="Release"/> has nothing to do.</para>
/// <para>Timestamps are the capture's (file record or kernel receive time), in ns since 1970, with
/// <see cref="PacketDescriptor.FlagHardwareTimestamp"/> set; <see cref="PacketDescriptor.FlagTruncated"/>
/// marks records shorter than the wire frame (snap length).</para>
/// <para>An offline source ends in <see cref="SourceState.Finished"/> at end of file, or
/// <see cref="SourceState.Failed"/> on a read error after delivering everything before it; a live
/// source only fails (the interface went away).</para>
/// </remarks>
public sealed unsafe class LibpcapSource : IPacketSource
{
    /// <summary>LINKTYPE_ETHERNET / DLT_EN10MB.</summary>
    public const int LinkTypeEthernet = 1;

    private const int PcapFileHeaderBytes = 24;
    private const int PcapRecordHeaderBytes = 16;

    private readonly PcapHandle _handle;
    private readonly nint _raw;
    private readonly bool _offline;
    private readonly long _totalBytes;
    private SourceState _state;
    private string? _failureMessage;
    private bool _disposed;

    private LibpcapSource(PcapHandle handle, string description, bool offline, long totalBytes)
    {
        _handle = handle;
        Description = description;
        _offline = offline;
        _totalBytes = totalBytes;

        // The hot path uses the raw pointer taken once (docs/conventions.md); the AddRef keeps the
        // SafeHandle from closing it under a concurrent Receive until Dispose releases it.
        var added = false;
        _handle.DangerousAddRef(ref added);
        _raw = _handle.DangerousGetHandle();
    }

    /// <summary>Captures live on <paramref name="interfaceName"/> (needs root or CAP_NET_RAW), optionally filtered by a BPF expression.</summary>
    /// <exception cref="PacketSourceException">No such interface, no permission, a bad filter, or a non-Ethernet link type.</exception>
    public static LibpcapSource OpenLive(string interfaceName, string? filter = null, int snapLength = 65535,
        bool promiscuous = true, int bufferBytes = 16 << 20)
    {
        ArgumentException.ThrowIfNullOrEmpty(interfaceName);
        EnsureNative();
        var rc = NativeMethods.Pcap.OpenLive(interfaceName, snapLength, promiscuous ? 1 : 0, bufferBytes, out var handle);
        if (rc < 0)
        {
            handle.Dispose();
            throw new PacketSourceException(GwError.Describe(rc, $"opening interface '{interfaceName}' with libpcap"));
        }

        return Configure(handle, $"libpcap live {interfaceName}", offline: false, totalBytes: -1, filter, interfaceName);
    }

    /// <summary>Reads a pcap (or pcapng) file through libpcap, timestamps at nanosecond precision.</summary>
    /// <exception cref="PacketSourceException">The file is missing or not a capture, the filter is bad, or the link type is not Ethernet.</exception>
    public static LibpcapSource OpenFile(string path, string? filter = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        EnsureNative();
        var rc = NativeMethods.Pcap.OpenOffline(path, out var handle);
        if (rc < 0)
        {
            handle.Dispose();
            throw new PacketSourceException(GwError.Describe(rc, $"opening capture '{path}'"));
        }

        var length = new FileInfo(path).Length;
        return Configure(handle, $"libpcap file {path}", offline: true, length, filter, path);
    }

    private static LibpcapSource Configure(PcapHandle handle, string description, bool offline, long totalBytes,
        string? filter, string what)
    {
        try
        {
            var link = NativeMethods.Pcap.DataLink(handle);
            if (link != LinkTypeEthernet)
            {
                throw new PacketSourceException($"{what}: unsupported link type {link} (only Ethernet, link type 1, is decoded)");
            }

            if (filter is not null)
            {
                var rc = NativeMethods.Pcap.SetFilter(handle, filter);
                if (rc < 0)
                {
                    throw new PacketSourceException(GwError.Describe(rc, $"{what}: setting the capture filter"));
                }
            }

            return new LibpcapSource(handle, description, offline, totalBytes);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    public string Description { get; }

    public LinkKind Link => LinkKind.Ethernet;

    public SourceState State => _state;

    public string? FailureMessage => _failureMessage;

    /// <summary>
    /// Offline: bytes of the file consumed, reconstructed from delivered records (headers + captured
    /// bytes), so it undercounts records a filter dropped. Live: -1.
    /// </summary>
    public long ProgressBytes
    {
        get
        {
            if (!_offline)
            {
                return -1;
            }

            if (_state == SourceState.Finished)
            {
                return _totalBytes;
            }

            var stats = Stats;
            return PcapFileHeaderBytes + ((long)stats.RxPackets * PcapRecordHeaderBytes) + (long)stats.RxBytes;
        }
    }

    public long TotalBytes => _totalBytes;

    /// <summary>Counters kept by the shim (frames/bytes delivered, injected) plus the kernel's drop counters when live.</summary>
    public GwPortStats Stats
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            GwPortStats stats;
            GwError.Check(NativeMethods.Pcap.Stats(_handle, &stats), $"{Description}: reading stats");
            return stats;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Receive(PacketDescriptor* descriptors, int max)
    {
        if (_state != SourceState.Active)
        {
            return 0;
        }

        var n = NativeMethods.Pcap.RxBurst(_raw, descriptors, max);
        return n >= 0 ? n : End(n);
    }

    /// <summary>Nothing to free: the shim reuses its copy buffer on the next <see cref="Receive"/>.</summary>
    public void Release(PacketDescriptor* descriptors, int count)
    {
    }

    /// <summary>Sends a raw frame on a live interface (pcap_inject).</summary>
    public void Inject(ReadOnlySpan<byte> frame)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        fixed (byte* p = frame)
        {
            GwError.Check(NativeMethods.Pcap.Inject(_handle, p, (uint)frame.Length), $"{Description}: inject");
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _handle.DangerousRelease();
        _handle.Dispose();
    }

    // Cold: the stream ended. Offline sources end here rather than throwing (IPacketSource contract).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private int End(int code)
    {
        if (code == GwStatus.EndOfFile)
        {
            _state = SourceState.Finished;
        }
        else
        {
            _state = SourceState.Failed;
            _failureMessage = GwError.Describe(code, $"{Description}: read");
        }

        return 0;
    }

    private static void EnsureNative()
    {
        try
        {
            GwNative.EnsureLoaded();
        }
        catch (NativeUnavailableException ex)
        {
            throw new PacketSourceException(ex.Message, ex);
        }
    }
}
