using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Gateway.Interop;
using SharpPcap;
using SharpPcap.LibPcap;

namespace Gateway.Net.Sources;

/// <summary>
/// An <see cref="IPacketSource"/> over libpcap, through SharpPcap: a live kernel interface (portable
/// fallback and test double; not kernel bypass) or an offline capture file read by libpcap.
/// </summary>
/// <remarks>
/// <para>Each frame is copied into a buffer this source owns (libpcap reuses its own buffer on the
/// next read), so frames stay valid until the next <see cref="Receive"/>, and <see cref="Release"/>
/// has nothing to do. The receive loop reads libpcap's header and data pointers directly
/// (<see cref="PcapDevice.GetNextPacketPointers"/>): SharpPcap's <c>GetNextPacket</c> builds a header
/// object and a timestamp object for every packet, which the polling loop must not allocate.</para>
/// <para>Timestamps are the capture's (file record or kernel receive time), in ns since 1970, with
/// <see cref="PacketDescriptor.FlagHardwareTimestamp"/> set; <see cref="PacketDescriptor.FlagTruncated"/>
/// marks records shorter than the wire frame (snap length).</para>
/// <para>An offline source ends in <see cref="SourceState.Finished"/> at end of file, or
/// <see cref="SourceState.Failed"/> on a read error after delivering everything before it; a live
/// source only fails (the interface went away).</para>
/// </remarks>
public sealed unsafe class LibpcapSource : IPacketSource, ISourceQueueStats
{
    /// <summary>LINKTYPE_ETHERNET / DLT_EN10MB.</summary>
    public const int LinkTypeEthernet = 1;

    /// <summary>Frames copied per <see cref="Receive"/> at most, in bytes (a burst ends early rather than overflow it).</summary>
    public const int CopyBufferBytes = 4 << 20;

    private const int PcapFileHeaderBytes = 24;
    private const int PcapRecordHeaderBytes = 16;

    // pcap_next_ex's return codes (pcap/pcap.h).
    private const int NextPacket = 1;
    private const int NextTimeout = 0;
    private const int NextEndOfFile = -2;

    // Not libpcap's: a record longer than the copy buffer.
    private const int CopyOverflow = int.MinValue;

    private readonly PcapDevice _device;
    private readonly bool _offline;
    private readonly long _totalBytes;
    private readonly ulong _fractionToNs;
    private readonly byte* _copy;
    private SourceState _state;
    private string? _failureMessage;
    private ulong _packets;
    private ulong _bytes;
    private bool _disposed;

    private LibpcapSource(PcapDevice device, string description, bool offline, long totalBytes)
    {
        _device = device;
        Description = description;
        _offline = offline;
        _totalBytes = totalBytes;
        _fractionToNs = device.TimestampResolution == TimestampResolution.Nanosecond ? 1UL : 1000UL;
        _copy = (byte*)NativeMemory.AlignedAlloc(CopyBufferBytes, 64);
    }

    /// <summary>Captures live on <paramref name="interfaceName"/> (needs root or CAP_NET_RAW), optionally filtered by a BPF expression.</summary>
    /// <exception cref="PacketSourceException">No such interface, no permission, a bad filter, or a non-Ethernet link type.</exception>
    public static LibpcapSource OpenLive(string interfaceName, string? filter = null, int snapLength = 65535,
        bool promiscuous = true, int bufferBytes = 16 << 20)
    {
        ArgumentException.ThrowIfNullOrEmpty(interfaceName);
        LibPcapLiveDevice? device = null;
        try
        {
            device = LibPcapLiveDeviceList.New().FirstOrDefault(d => d.Name == interfaceName)
                ?? throw new PacketSourceException($"no interface '{interfaceName}' for libpcap to capture on");
            var configuration = new DeviceConfiguration
            {
                Mode = promiscuous ? DeviceModes.Promiscuous : DeviceModes.None,
                Snaplen = snapLength,
                BufferSize = bufferBytes,
                Immediate = true,
                ReadTimeout = 1,
                TimestampResolution = TimestampResolution.Nanosecond,
            };

            // A kernel that cannot stamp in ns (or a buffer size refused) is not a reason to refuse the
            // interface: libpcap keeps its default, and the resolution is read back after opening.
            configuration.ConfigurationFailed += static (_, _) => { };
            device.Open(configuration);

            // The polling loop must never block in pcap_next_ex: no packet is a return, not a wait.
            device.NonBlockingMode = true;
            return Configure(device, $"libpcap live {interfaceName}", offline: false, totalBytes: -1, filter, interfaceName);
        }
        catch (Exception e) when (e is PcapException or DllNotFoundException or TypeInitializationException)
        {
            device?.Dispose();
            throw new PacketSourceException($"opening interface '{interfaceName}' with libpcap: {Reason(e)}", e);
        }
        catch
        {
            device?.Dispose();
            throw;
        }
    }

    /// <summary>Reads a pcap (or pcapng) file through libpcap, timestamps at nanosecond precision.</summary>
    /// <exception cref="PacketSourceException">The file is missing or not a capture, the filter is bad, or the link type is not Ethernet.</exception>
    public static LibpcapSource OpenFile(string path, string? filter = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new PacketSourceException($"opening capture '{path}': no such file");
        }

        CaptureFileReaderDevice? device = null;
        try
        {
            device = new CaptureFileReaderDevice(path);
            device.Open(new DeviceConfiguration { TimestampResolution = TimestampResolution.Nanosecond });
            return Configure(device, $"libpcap file {path}", offline: true, new FileInfo(path).Length, filter, path);
        }
        catch (Exception e) when (e is PcapException or DllNotFoundException or TypeInitializationException)
        {
            device?.Dispose();
            throw new PacketSourceException($"opening capture '{path}': {Reason(e)}", e);
        }
        catch
        {
            device?.Dispose();
            throw;
        }
    }

    private static LibpcapSource Configure(PcapDevice device, string description, bool offline, long totalBytes,
        string? filter, string what)
    {
        int link = (int)device.LinkType;
        if (link != LinkTypeEthernet)
        {
            throw new PacketSourceException($"{what}: unsupported link type {link} (only Ethernet, link type 1, is decoded)");
        }

        if (filter is not null)
        {
            try
            {
                device.Filter = filter;
            }
            catch (PcapException e)
            {
                throw new PacketSourceException($"{what}: invalid BPF filter '{filter}' ({Reason(e)})", e);
            }
        }

        return new LibpcapSource(device, description, offline, totalBytes);
    }

    private static string Reason(Exception e) => e is DllNotFoundException or TypeInitializationException
        ? "libpcap could not be loaded (install Debian's libpcap0.8)"
        : e.Message.Trim();

    public string Description { get; }

    public LinkKind Link => LinkKind.Ethernet;

    public SourceState State => _state;

    public string? FailureMessage => _failureMessage;

    /// <summary>
    /// Offline: bytes of the file consumed, reconstructed from delivered records (headers + captured
    /// bytes), so it undercounts records a filter dropped. Live: -1.
    /// </summary>
    public long ProgressBytes => !_offline ? -1
        : _state == SourceState.Finished ? _totalBytes
        : PcapFileHeaderBytes + ((long)Volatile.Read(ref _packets) * PcapRecordHeaderBytes) + (long)Volatile.Read(ref _bytes);

    public long TotalBytes => _totalBytes;

    /// <summary>Frames and bytes delivered; live, also the kernel's drop counters (packets dropped for want of buffer, and by the interface).</summary>
    public GwPortStats Stats
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var stats = new GwPortStats { RxPackets = Volatile.Read(ref _packets), RxBytes = Volatile.Read(ref _bytes) };
            if (!_offline && _device.Statistics is PcapStatistics kernel)
            {
                stats.RxMissed = kernel.DroppedPackets;
                stats.RxErrors = kernel.InterfaceDroppedPackets;
            }

            return stats;
        }
    }

    /// <summary>
    /// libpcap's own counters (<c>pcap_stats</c>): on Linux <c>ps_recv</c> counts frames the
    /// packet socket saw (delivered or not), <c>ps_drop</c> frames its ring had no room for (the
    /// reader was too slow), <c>ps_ifdrop</c> the interface's rx_dropped since the capture opened.
    /// Offline (a file), only what was delivered. Cold: a system call.
    /// </summary>
    public SourceQueueStats ReadQueueStats()
    {
        long received = (long)Volatile.Read(ref _packets);
        var counters = new List<KeyValuePair<string, long>>
        {
            new("rx_packets", received),
            new("rx_bytes", (long)Volatile.Read(ref _bytes)),
        };
        var notes = new List<string>();
        if (_offline)
        {
            notes.Add("offline: a file has no queue to overflow");
        }
        else if (!_disposed && _device.Statistics is PcapStatistics kernel)
        {
            counters.Add(new("ps_recv", kernel.ReceivedPackets));
            counters.Add(new("ps_drop", kernel.DroppedPackets));
            counters.Add(new("ps_ifdrop", kernel.InterfaceDroppedPackets));
            counters.Add(new("dropped", kernel.DroppedPackets));

            // Frames the packet socket counted but libpcap neither dropped nor handed over: in its ring
            // while the capture runs, or skipped by libpcap itself (on loopback, each frame's outgoing
            // copy); read at the end of a run, frames the gateway never got. Seen under bursts on a
            // veth, where ps_drop stays 0 (docs/lab.md), so it is reported on its own.
            counters.Add(new("undelivered", Math.Max(0, kernel.ReceivedPackets - kernel.DroppedPackets - received)));
        }
        else
        {
            notes.Add("pcap_stats did not answer: the kernel's drop count is unknown");
        }

        return new SourceQueueStats("libpcap", counters, notes);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Receive(PacketDescriptor* descriptors, int max)
    {
        if (_state != SourceState.Active)
        {
            return 0;
        }

        int n = 0;
        int used = 0;
        ulong bytes = 0;
        while (n < max)
        {
            nint header = 0;
            nint data = 0;
            int rc = _device.GetNextPacketPointers(ref header, ref data);
            if (rc != NextPacket)
            {
                if (rc != NextTimeout)
                {
                    End(rc);
                }

                break;
            }

            ref readonly PcapPacketHeader h = ref *(PcapPacketHeader*)header;
            uint length = h.CaptureLength;
            if (used + length > CopyBufferBytes)
            {
                // Cannot happen with a snap length under the buffer; a record claiming more is corrupt.
                End(CopyOverflow);
                break;
            }

            byte* copy = _copy + used;
            Buffer.MemoryCopy((void*)data, copy, CopyBufferBytes - used, length);
            used += (int)((length + 63) & ~63u);

            ref PacketDescriptor d = ref descriptors[n++];
            d.Data = copy;
            d.Length = length;
            d.TimestampNs = ((ulong)h.Seconds * 1_000_000_000UL) + ((ulong)h.Fraction * _fractionToNs);
            d.Flags = PacketDescriptor.FlagHardwareTimestamp | (length < h.WireLength ? PacketDescriptor.FlagTruncated : 0u);
            d.Handle = 0;
            bytes += length;
            if (used >= CopyBufferBytes)
            {
                break;
            }
        }

        _packets += (ulong)n;
        _bytes += bytes;
        return n;
    }

    /// <summary>Nothing to free: the copy buffer is reused on the next <see cref="Receive"/>.</summary>
    public void Release(PacketDescriptor* descriptors, int count)
    {
    }

    /// <summary>Sends a raw frame on a live interface (pcap_inject).</summary>
    public void Inject(ReadOnlySpan<byte> frame)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_device is not LibPcapLiveDevice live)
        {
            throw new InvalidOperationException($"{Description}: a capture file cannot send");
        }

        live.SendPacket(frame, null);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _device.Dispose();
        NativeMemory.AlignedFree(_copy);
    }

    // Cold: the stream ended. Offline sources end here rather than throwing (IPacketSource contract).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void End(int code)
    {
        if (code == NextEndOfFile && _offline)
        {
            _state = SourceState.Finished;
        }
        else
        {
            _state = SourceState.Failed;
            string why = code == CopyOverflow ? "a record longer than the copy buffer" : _device.LastError;
            _failureMessage = $"{Description}: read failed after {_packets:N0} packets: {why}";
        }
    }

    /// <summary>
    /// libpcap's <c>struct pcap_pkthdr</c> on 64-bit Linux, as <c>pcap_next_ex</c> hands it out:
    /// <code>
    ///  0       8        16        20    24
    ///  tv_sec | tv_usec | caplen  | len |
    ///  (i64)  | (i64)   | (u32)   | (u32)
    /// </code>
    /// <c>tv_usec</c> holds nanoseconds when the handle was opened at nanosecond precision.
    /// </summary>
    [StructLayout(LayoutKind.Explicit, Size = 24)]
    internal readonly struct PcapPacketHeader
    {
        [FieldOffset(0)]
        public readonly long Seconds;

        [FieldOffset(8)]
        public readonly long Fraction;

        [FieldOffset(16)]
        public readonly uint CaptureLength;

        [FieldOffset(20)]
        public readonly uint WireLength;
    }
}
