namespace Gateway.Interop.Tests;

public unsafe class SysTests
{
    public SysTests() => GwNative.EnsureLoaded();

    [Fact]
    public void Loader_finds_the_shim_next_to_the_tests_and_the_abi_matches()
    {
        Assert.EndsWith(NativeLibraryLoader.FileName, NativeLibraryLoader.ResolvedPath, StringComparison.Ordinal);
        Assert.Equal(NativeMethods.ExpectedAbiVersion, NativeMethods.Sys.AbiVersion());
        Assert.Equal(GwStatus.Ok, NativeMethods.Sys.Nop());
    }

    [Fact]
    public void A_missing_library_is_reported_with_its_path_and_how_to_build_it()
    {
        const string path = "/nonexistent/gw/libgwnative.so";
        Assert.False(NativeLibraryLoader.TryLoadFrom(path, out var handle, out var error, out var cause));
        Assert.Equal(nint.Zero, handle);
        Assert.NotNull(cause);
        Assert.StartsWith($"libgwnative.so could not be loaded from {path}: ", error, StringComparison.Ordinal);
        Assert.Contains("build it with cmake", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Tsc_is_calibrated_and_converts_to_unix_nanoseconds()
    {
        var hz = NativeMethods.Sys.TscHz();
        Assert.InRange(hz, 100_000_000UL, 10_000_000_000UL);
        Assert.Equal(hz, NativeMethods.Sys.TscHz()); // measured once, cached

        var t0 = NativeMethods.Sys.Rdtsc();
        Thread.Sleep(20);
        var t1 = NativeMethods.Sys.Rdtsc();
        var elapsedNs = (long)(NativeMethods.Sys.TscToNs(t1) - NativeMethods.Sys.TscToNs(t0));
        Assert.InRange(elapsedNs, 15_000_000L, 2_000_000_000L);

        var nowNs = (DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100;
        var tscNs = (long)NativeMethods.Sys.TscToNs(NativeMethods.Sys.Rdtsc());
        Assert.InRange(Math.Abs(nowNs - tscNs), 0L, 1_000_000_000L);
    }

    [Fact]
    public void Pinning_a_thread_to_cpu0_succeeds_and_a_bad_cpu_is_refused_with_a_message()
    {
        int ok = int.MinValue, bad = int.MinValue;
        string? message = null;
        // A dedicated thread: pinning changes the OS thread's affinity for good, and xunit's pool
        // threads run other tests afterwards.
        var thread = new Thread(() =>
        {
            ok = NativeMethods.Sys.PinCurrentThread(0);
            bad = NativeMethods.Sys.PinCurrentThread(-1);
            message = GwError.LastMessage();
        });
        thread.Start();
        thread.Join();

        Assert.Equal(GwStatus.Ok, ok);
        Assert.Equal(GwStatus.InvalidArgument, bad);
        Assert.Contains("out of range", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Errors_carry_a_code_and_a_thread_local_message()
    {
        Assert.Equal(GwStatus.InvalidArgument, NativeMethods.Sys.LayoutQuery(999));
        var text = GwError.Describe(GwStatus.InvalidArgument, "layout query");
        Assert.Equal("layout query failed (GW_EINVAL): gw_layout_query: unknown item 999", text);

        var ex = Assert.Throws<GwNativeException>(() => GwError.Check(NativeMethods.Sys.LayoutQuery(998), "layout query"));
        Assert.Equal(GwStatus.InvalidArgument, ex.Code);
        Assert.Contains("998", ex.Message, StringComparison.Ordinal);

        // Another thread's failure does not overwrite ours.
        var other = new Thread(() => _ = NativeMethods.Sys.LayoutQuery(111));
        other.Start();
        other.Join();
        Assert.Contains("998", GwError.LastMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void Efvi_without_its_headers_reports_not_supported()
    {
        if (NativeMethods.Efvi.Available() == 1)
        {
            return; // built on a Solarflare host: the stub contract does not apply
        }

        Assert.Equal(GwStatus.NotSupported, NativeMethods.Efvi.Open("eth0", 0, out var handle));
        Assert.True(handle.IsInvalid);
        var ex = Assert.Throws<Gateway.Net.Sources.PacketSourceException>(() => new Gateway.Net.Sources.EfviSource("eth0"));
        Assert.Equal("ef_vi backend not built: etherfabric headers were not found at build time", ex.Message);
    }
}
