using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Gateway.Core;

/// <summary>Monotonic nanoseconds from <see cref="Stopwatch"/> (CLOCK_MONOTONIC on Linux, vDSO, no syscall).</summary>
public static class MonotonicClock
{
    private static readonly double s_nsPerTick = 1_000_000_000.0 / Stopwatch.Frequency;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long NowNs() =>
        Stopwatch.Frequency == 1_000_000_000 ? Stopwatch.GetTimestamp() : (long)(Stopwatch.GetTimestamp() * s_nsPerTick);
}
