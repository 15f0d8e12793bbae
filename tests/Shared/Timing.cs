using System.Diagnostics;
using System.Runtime;

namespace Gateway.Tests.Shared;

/// <summary>
/// Test categories. <c>tools/test.sh</c> runs <see cref="Timing"/> tests in a pass of their own, after
/// the rest and one at a time, so two cores shared with the whole suite do not decide their outcome.
/// </summary>
internal static class TestCategory
{
    public const string Key = "Category";

    /// <summary>A test whose outcome depends on time: warm-up before an allocation count, a heartbeat count in a linger, a wall-clock bound, a strace of a polling loop.</summary>
    public const string Timing = "Timing";
}

/// <summary>Waits for the JIT's background tier-1 compilations instead of sleeping a fixed time.</summary>
internal static class JitSettle
{
    /// <summary>
    /// Returns once no method has been compiled for <paramref name="quietMilliseconds"/> (tier-1
    /// promotions land in the background after a call-counting delay of about 100 ms), or after
    /// <paramref name="maxSeconds"/> on a machine too busy to settle.
    /// </summary>
    public static void Wait(int quietMilliseconds = 250, int maxSeconds = 10)
    {
        long last = JitInfo.GetCompiledMethodCount(currentThread: false);
        var clock = Stopwatch.StartNew();
        long quietSince = 0;
        while (clock.ElapsedMilliseconds < maxSeconds * 1000L)
        {
            Thread.Sleep(10);
            long now = JitInfo.GetCompiledMethodCount(currentThread: false);
            if (now != last)
            {
                last = now;
                quietSince = clock.ElapsedMilliseconds;
            }
            else if (clock.ElapsedMilliseconds - quietSince >= quietMilliseconds)
            {
                return;
            }
        }
    }
}
