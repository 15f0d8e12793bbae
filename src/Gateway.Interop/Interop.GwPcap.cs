using System.Runtime.InteropServices;

namespace Gateway.Interop;

internal static unsafe partial class NativeMethods
{
    /// <summary>
    /// libpcap: live capture or an offline file. Frames are copied into a shim-owned buffer, valid
    /// until the next <see cref="RxBurst"/> on the same handle; there is nothing to release.
    /// </summary>
    public static partial class Pcap
    {
        [LibraryImport(LibraryName, EntryPoint = "gw_pcap_available")]
        public static partial int Available();

        [LibraryImport(LibraryName, EntryPoint = "gw_pcap_open_live", StringMarshalling = StringMarshalling.Utf8)]
        public static partial int OpenLive(string iface, int snapLength, int promiscuous, int bufferBytes, out PcapHandle handle);

        [LibraryImport(LibraryName, EntryPoint = "gw_pcap_open_offline", StringMarshalling = StringMarshalling.Utf8)]
        public static partial int OpenOffline(string path, out PcapHandle handle);

        /// <summary>The DLT_/LINKTYPE_ value (1 = Ethernet).</summary>
        [LibraryImport(LibraryName, EntryPoint = "gw_pcap_datalink")]
        public static partial int DataLink(PcapHandle handle);

        [LibraryImport(LibraryName, EntryPoint = "gw_pcap_set_filter", StringMarshalling = StringMarshalling.Utf8)]
        public static partial int SetFilter(PcapHandle handle, string bpf);

        /// <summary>
        /// Takes the raw handle (<see cref="SafeHandle.DangerousGetHandle"/>, held by the source):
        /// a SafeHandle parameter would AddRef/Release per call. Not GC-suppressed: offline reads do
        /// file I/O and live reads a syscall, both of which may block for a while.
        /// </summary>
        [LibraryImport(LibraryName, EntryPoint = "gw_pcap_rx_burst")]
        public static partial int RxBurst(nint handle, PacketDescriptor* descriptors, int max);

        [LibraryImport(LibraryName, EntryPoint = "gw_pcap_inject")]
        public static partial int Inject(PcapHandle handle, byte* frame, uint length);

        [LibraryImport(LibraryName, EntryPoint = "gw_pcap_stats")]
        public static partial int Stats(PcapHandle handle, GwPortStats* stats);

        [LibraryImport(LibraryName, EntryPoint = "gw_pcap_close")]
        internal static partial void Close(nint handle);
    }
}

/// <summary>Owns a <c>gw_pcap*</c>; closing it closes the pcap_t and frees the copy buffer.</summary>
public sealed class PcapHandle : SafeHandle
{
    public PcapHandle()
        : base(nint.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == nint.Zero;

    protected override bool ReleaseHandle()
    {
        NativeMethods.Pcap.Close(handle);
        return true;
    }
}
