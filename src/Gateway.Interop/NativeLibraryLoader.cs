using System.Reflection;
using System.Runtime.InteropServices;

namespace Gateway.Interop;

/// <summary>
/// Finds libgwnative.so for every <c>LibraryImport</c> in this assembly: <c>GW_NATIVE_PATH</c> (a full
/// path to the .so) when set, else <c>libgwnative.so</c> next to the application
/// (Directory.Build.props copies build/native/libgwnative.so there). The default probing would also
/// search LD_LIBRARY_PATH and the system paths, which could pick up a stale copy with another ABI;
/// one explicit location makes "which shim did we load" answerable.
/// </summary>
public static class NativeLibraryLoader
{
    public const string EnvironmentVariable = "GW_NATIVE_PATH";
    public const string FileName = "libgwnative.so";

    private static readonly object s_gate = new();
    private static bool s_installed;
    private static nint s_handle;

    /// <summary>Where the loader looks: <c>GW_NATIVE_PATH</c>, else the app directory.</summary>
    public static string ResolvedPath
    {
        get
        {
            var fromEnv = Environment.GetEnvironmentVariable(EnvironmentVariable);
            return string.IsNullOrWhiteSpace(fromEnv) ? Path.Combine(AppContext.BaseDirectory, FileName) : fromEnv;
        }
    }

    /// <summary>Installs the resolver (idempotent) and loads the library; returns its handle or throws <see cref="NativeUnavailableException"/>.</summary>
    public static nint Load()
    {
        lock (s_gate)
        {
            if (!s_installed)
            {
                NativeLibrary.SetDllImportResolver(typeof(NativeLibraryLoader).Assembly, Resolve);
                s_installed = true;
            }

            if (s_handle != nint.Zero)
            {
                return s_handle;
            }

            var path = ResolvedPath;
            if (!TryLoadFrom(path, out s_handle, out var error, out var cause))
            {
                throw new NativeUnavailableException(error, cause!);
            }

            return s_handle;
        }
    }

    /// <summary>Loads one candidate path; on failure <paramref name="error"/> is the user-facing message.</summary>
    internal static bool TryLoadFrom(string path, out nint handle, out string error, out Exception? cause)
    {
        try
        {
            handle = NativeLibrary.Load(path);
            error = string.Empty;
            cause = null;
            return true;
        }
        catch (DllNotFoundException ex)
        {
            // The runtime's message carries dlerror()'s text (missing file, missing librte_*.so, bad ELF).
            handle = nint.Zero;
            cause = ex;
            error = $"{FileName} could not be loaded from {path}: {LoaderReason(ex.Message)}; build it with cmake " +
                $"(cmake -S . -B build && cmake --build build, see native/README.md) or set {EnvironmentVariable}";
            return false;
        }
    }

    // The runtime wraps dlerror() in a paragraph of generic advice; keep only dlerror's own text.
    private static string LoaderReason(string runtimeMessage)
    {
        const string marker = "environment variable: ";
        var at = runtimeMessage.LastIndexOf(marker, StringComparison.Ordinal);
        return at < 0 ? runtimeMessage : runtimeMessage[(at + marker.Length)..].Trim();
    }

    private static nint Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (libraryName != NativeMethods.LibraryName)
        {
            return nint.Zero;
        }

        try
        {
            return Load();
        }
        catch (NativeUnavailableException)
        {
            // Zero lets the runtime throw its DllNotFoundException; GwNative.EnsureLoaded gives the clear message.
            return nint.Zero;
        }
    }
}

/// <summary>Entry point for anything that touches the shim: load once, check the ABI, report clearly.</summary>
public static class GwNative
{
    private static readonly object s_gate = new();
    private static volatile bool s_loaded;

    /// <summary>
    /// Loads libgwnative.so and checks <c>gw_abi_version()</c>. Throws
    /// <see cref="NativeUnavailableException"/> with the path tried and the loader's reason.
    /// Cheap after the first success (one volatile read).
    /// </summary>
    public static void EnsureLoaded()
    {
        if (s_loaded)
        {
            return;
        }

        lock (s_gate)
        {
            if (s_loaded)
            {
                return;
            }

            NativeLibraryLoader.Load();
            uint abi;
            try
            {
                abi = NativeMethods.Sys.AbiVersion();
            }
            catch (EntryPointNotFoundException ex)
            {
                throw new NativeUnavailableException(
                    $"{NativeLibraryLoader.ResolvedPath} is not a libgwnative build (no gw_abi_version): {ex.Message}", ex);
            }

            if (abi != NativeMethods.ExpectedAbiVersion)
            {
                throw new NativeUnavailableException(
                    $"{NativeLibraryLoader.ResolvedPath} has ABI version {abi}, this build expects {NativeMethods.ExpectedAbiVersion}; rebuild the shim (cmake --build build)");
            }

            s_loaded = true;
        }
    }

    /// <summary>True when the shim loads; <paramref name="reason"/> says why not otherwise.</summary>
    public static bool TryEnsureLoaded(out string? reason)
    {
        try
        {
            EnsureLoaded();
            reason = null;
            return true;
        }
        catch (NativeUnavailableException ex)
        {
            reason = ex.Message;
            return false;
        }
    }

    public static bool DpdkAvailable
    {
        get
        {
            EnsureLoaded();
            return NativeMethods.Dpdk.Available() == 1;
        }
    }

    public static bool EfviAvailable
    {
        get
        {
            EnsureLoaded();
            return NativeMethods.Efvi.Available() == 1;
        }
    }
}
