using System.Runtime.InteropServices;

namespace Gateway.Interop;

/// <summary>
/// <c>LibraryImport</c> bindings to libgwnative (native/include/gwnative.h), one nested class per
/// native area, split across <c>Interop.Gw*.cs</c> files like dotnet/runtime's System.Native.
/// </summary>
/// <remarks>
/// Return-code contract (every <c>int</c> below unless said otherwise): &gt;= 0 success (bursts: a
/// count), &lt; 0 a <see cref="GwStatus"/> code with a message in <see cref="Sys.LastError"/>.
/// <c>[SuppressGCTransition]</c> marks only calls that are short, never block, never call back into
/// managed code and never take a lock another thread could hold across a GC: rx/tx bursts, release,
/// rdtsc, nop. Everything that may sleep, allocate or open files keeps the normal transition, or a
/// GC would stall behind it.
/// Call <see cref="GwNative.EnsureLoaded"/> once before any of these: it installs the resolver that
/// finds the library and checks the ABI version.
/// </remarks>
internal static unsafe partial class NativeMethods
{
    /// <summary>The name the <see cref="NativeLibraryLoader"/> resolver maps to libgwnative.so.</summary>
    public const string LibraryName = "gwnative";

    /// <summary>The ABI this assembly was written against (GW_ABI_VERSION).</summary>
    public const uint ExpectedAbiVersion = 1;

    public static partial class Sys
    {
        [LibraryImport(LibraryName, EntryPoint = "gw_abi_version")]
        public static partial uint AbiVersion();

        /// <summary>Thread-local UTF-8 message of the calling thread's last failure; owned by the shim, never freed here.</summary>
        [LibraryImport(LibraryName, EntryPoint = "gw_last_error")]
        public static partial byte* LastError();

        [LibraryImport(LibraryName, EntryPoint = "gw_layout_query")]
        public static partial int LayoutQuery(int what);

        /// <summary>Does nothing: measures the bare transition cost.</summary>
        [LibraryImport(LibraryName, EntryPoint = "gw_nop")]
        [SuppressGCTransition]
        public static partial int Nop();

        /// <summary>Pins the calling OS thread to one CPU (pthread_setaffinity_np).</summary>
        [LibraryImport(LibraryName, EntryPoint = "gw_pin_current_thread")]
        public static partial int PinCurrentThread(int cpu);

        [LibraryImport(LibraryName, EntryPoint = "gw_rdtsc")]
        [SuppressGCTransition]
        public static partial ulong Rdtsc();

        /// <summary>rdtscp: ordered after every earlier instruction (stage stamps).</summary>
        [LibraryImport(LibraryName, EntryPoint = "gw_rdtscp")]
        [SuppressGCTransition]
        public static partial ulong Rdtscp();

        /// <summary>TSC frequency, measured once (~20 ms sleep on the first call, so not GC-suppressed).</summary>
        [LibraryImport(LibraryName, EntryPoint = "gw_tsc_hz")]
        public static partial ulong TscHz();

        /// <summary>Converts a TSC reading to ns since 1970 (anchored at calibration).</summary>
        [LibraryImport(LibraryName, EntryPoint = "gw_tsc_to_ns")]
        public static partial ulong TscToNs(ulong tsc);
    }
}

/// <summary>The shim's negative return codes (GW_E* in gwnative.h).</summary>
public static class GwStatus
{
    public const int Ok = 0;
    public const int InvalidArgument = -1;
    public const int NotSupported = -2;
    public const int WrongState = -3;
    public const int NoDevice = -4;
    public const int NoMemory = -5;
    public const int IoError = -6;
    public const int EndOfFile = -7;
    public const int TryAgain = -8;

    public static string Name(int code) => code switch
    {
        Ok => "GW_OK",
        InvalidArgument => "GW_EINVAL",
        NotSupported => "GW_ENOTSUP",
        WrongState => "GW_ESTATE",
        NoDevice => "GW_ENODEV",
        NoMemory => "GW_ENOMEM",
        IoError => "GW_EIO",
        EndOfFile => "GW_EOF",
        TryAgain => "GW_EAGAIN",
        _ => code >= 0 ? "success" : $"GW_E?({code})",
    };
}

/// <summary>Selectors for <see cref="NativeMethods.Sys.LayoutQuery"/> (GW_LAYOUT_* in gwnative.h).</summary>
public static class GwLayout
{
    public const int RxDescSize = 1;
    public const int RxDescData = 2;
    public const int RxDescTimestamp = 3;
    public const int RxDescLength = 4;
    public const int RxDescFlags = 5;
    public const int RxDescHandle = 6;
    public const int PortStatsSize = 7;
    public const int PortStatsTxPackets = 8;
}
