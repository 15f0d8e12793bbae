using Gateway.OrderEntry.Fix;

namespace Gateway.OrderEntry.Tests.Fix;

/// <summary>
/// tools/test.sh runs the FIX tokenizer, parser and checksum tests three times: at the machine's
/// width and with <c>DOTNET_EnableAVX512=0</c> and <c>DOTNET_EnableAVX2=0</c>, so the 256- and 128-bit
/// branches run too. This test is in every pass and proves the pass ran at the width it was meant to.
/// (On .NET 10 the AVX-512 switch is <c>DOTNET_EnableAVX512</c>: the older <c>DOTNET_EnableAVX512F=0</c>
/// is ignored and leaves Vector512 accelerated, which this test caught.)
/// </summary>
public class FixVectorWidthTests
{
    [Fact]
    public void The_width_in_effect_is_the_one_the_environment_asks_for()
    {
        int cpu = CpuWidth();
        int expected = Environment.GetEnvironmentVariable("DOTNET_EnableAVX2") == "0" ? Math.Min(cpu, 128)
            : Environment.GetEnvironmentVariable("DOTNET_EnableAVX512") == "0" ? Math.Min(cpu, 256)
            : cpu;
        Assert.Equal(expected, FixVectorWidth.Bits);
    }

    /// <summary>The widest vector the CPU offers, from the kernel's flags (independent of the runtime).</summary>
    private static int CpuWidth()
    {
        string[] flags = File.ReadLines("/proc/cpuinfo").First(l => l.StartsWith("flags", StringComparison.Ordinal)).Split(' ');
        return flags.Contains("avx512bw") ? 512 : flags.Contains("avx2") ? 256 : flags.Contains("sse2") ? 128 : 0;
    }
}
