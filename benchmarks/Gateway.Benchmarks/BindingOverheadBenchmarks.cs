using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;
using Gateway.Interop;

namespace Gateway.Benchmarks;

/// <summary>
/// What crossing into libgwnative costs per call: the ceiling on per-packet binding overhead is
/// this divided by the burst size, since the shim is called once per burst, not per packet.
/// </summary>
public partial class BindingOverheadBenchmarks
{
    private const int Calls = 1000;

    [GlobalSetup]
    public void Setup() => GwNative.EnsureLoaded();

    [Benchmark(Baseline = true, OperationsPerInvoke = Calls)]
    public int ManagedCall()
    {
        int sum = 0;
        for (int i = 0; i < Calls; i++)
        {
            sum += ManagedNop();
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Calls)]
    public int NativeNopSuppressGcTransition()
    {
        int sum = 0;
        for (int i = 0; i < Calls; i++)
        {
            sum += NativeMethods.Sys.Nop();
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Calls)]
    public int NativeNopWithGcTransition()
    {
        int sum = 0;
        for (int i = 0; i < Calls; i++)
        {
            sum += NopWithTransition();
        }

        return sum;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int ManagedNop() => 0;

    /// <summary>The same export without [SuppressGCTransition]: what a default binding would pay.</summary>
    [System.Runtime.InteropServices.LibraryImport("libgwnative.so", EntryPoint = "gw_nop")]
    private static partial int NopWithTransition();
}
