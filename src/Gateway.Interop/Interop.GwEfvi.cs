using System.Runtime.InteropServices;

namespace Gateway.Interop;

internal static unsafe partial class NativeMethods
{
    /// <summary>Solarflare ef_vi: compiled into the shim only where OpenOnload's headers were found (see <see cref="Available"/>).</summary>
    public static partial class Efvi
    {
        [LibraryImport(LibraryName, EntryPoint = "gw_efvi_available")]
        public static partial int Available();

        [LibraryImport(LibraryName, EntryPoint = "gw_efvi_open", StringMarshalling = StringMarshalling.Utf8)]
        public static partial int Open(string iface, uint buffers, out EfviHandle handle);

        [LibraryImport(LibraryName, EntryPoint = "gw_efvi_rx_burst")]
        [SuppressGCTransition]
        public static partial int RxBurst(nint handle, PacketDescriptor* descriptors, int max);

        [LibraryImport(LibraryName, EntryPoint = "gw_efvi_release")]
        [SuppressGCTransition]
        public static partial int Release(nint handle, PacketDescriptor* descriptors, int count);

        [LibraryImport(LibraryName, EntryPoint = "gw_efvi_tx")]
        [SuppressGCTransition]
        public static partial int Tx(nint handle, byte* frame, uint length);

        [LibraryImport(LibraryName, EntryPoint = "gw_efvi_close")]
        internal static partial void Close(nint handle);
    }
}

/// <summary>Owns a <c>gw_efvi*</c> (VI, protection domain, registered packet memory).</summary>
public sealed class EfviHandle : SafeHandle
{
    public EfviHandle()
        : base(nint.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == nint.Zero;

    protected override bool ReleaseHandle()
    {
        NativeMethods.Efvi.Close(handle);
        return true;
    }
}
