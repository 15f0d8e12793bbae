using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Environments;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains;
using BenchmarkDotNet.Toolchains.NativeAot;

namespace Gateway.Benchmarks;

internal static class Program
{
    /// <summary>
    /// BenchmarkDotNet's own command line, plus <c>--gw-aot</c>: every selected benchmark twice in one
    /// run, short job each, on the JIT (the baseline) and compiled with NativeAOT for this machine's
    /// instruction set, as <c>gw</c> is published. (BenchmarkDotNet's <c>--runtimes nativeaot10.0</c>
    /// compiles for the baseline x64 instruction set, without the AVX2 the hot paths use.)
    /// </summary>
    private static void Main(string[] args)
    {
        IConfig? config = null;
        if (args.Contains("--gw-aot"))
        {
            args = [.. args.Where(a => a != "--gw-aot")];
            IToolchain aot = NativeAotToolchain.CreateBuilder()
                .UseNuGet()
                .IlcInstructionSet("native")
                .TargetFrameworkMoniker("net10.0")
                .ToToolchain();
            config = DefaultConfig.Instance
                .AddJob(Job.ShortRun.WithId("JIT").AsBaseline())
                .AddJob(Job.ShortRun.WithRuntime(NativeAotRuntime.Net10_0).WithToolchain(aot).WithId("NativeAOT"));
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
    }
}
