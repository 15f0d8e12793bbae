using System.Text.Json;

namespace Gateway.Host.Tests;

/// <summary>
/// Start-up preparation of the critical path's memory as a user sees it: the pools are populated and
/// locked before the first packet, the cost is reported on its own (not inside the replay's timed
/// loop), a refused lock is a counted warning, and <c>Engine:LockMemory=require</c> makes it fatal.
/// </summary>
public sealed class StartupMemoryTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string Capture => Repo.Pcap("itch.NASDAQ_ITCH50");

    /// <summary>gw without CAP_IPC_LOCK and with a 64 KiB memlock limit: mlock of the pools is refused even for root.</summary>
    private static GwProcess.Result RunWithoutLockRights(params string[] args) =>
        GwProcess.RunProgram("prlimit",
            ["--memlock=65536:65536", "setpriv", "--bounding-set=-ipc_lock", "--inh-caps=-ipc_lock", "dotnet", GwProcess.GwDll, .. args]);

    [Fact]
    public void Replay_populates_and_locks_the_pools_and_its_timer_covers_the_hot_loop_only()
    {
        string stats = _dir.File("stats.json");
        GwProcess.Result run = GwProcess.Run("replay", Capture, "--stats-out", stats, "--cpu", "-1");

        Assert.True(run.ExitCode == 0, run.ToString());
        JsonElement s = GwProcess.ReadJson(stats);
        JsonElement startup = s.GetProperty("startup");
        Assert.True(startup.GetProperty("prefault").GetBoolean());
        Assert.Equal("try", startup.GetProperty("lock_memory").GetString());
        long populated = startup.GetProperty("populated_bytes").GetInt64();
        Assert.True(populated > 300L << 20, $"the books' default pools alone are ~390 MiB; populated {populated}");
        long locked = startup.GetProperty("locked_bytes").GetInt64();
        int failed = startup.GetProperty("lock_failed").GetInt32();
        Assert.Equal(populated, locked + startup.GetProperty("unlocked_bytes").GetInt64());
        if (failed > 0)
        {
            Assert.Contains("warning: mlock of", run.StdErr, StringComparison.Ordinal);
        }

        // Populating hundreds of MiB takes far longer than replaying 20,000 messages: if the timer
        // covered start-up, elapsed would exceed it.
        double prefaultMs = startup.GetProperty("prefault_ms").GetDouble();
        double elapsedMs = s.GetProperty("elapsed_seconds").GetDouble() * 1000;
        Assert.True(prefaultMs > elapsedMs, $"prefault {prefaultMs} ms, hot loop {elapsedMs} ms");
        Assert.Contains("start-up ", run.StdOut, StringComparison.Ordinal);
        Assert.Contains("not in the timed loop", run.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public void Prefault_and_lock_can_be_turned_off()
    {
        string stats = _dir.File("off.json");
        GwProcess.Result run = GwProcess.Run("replay", Capture, "--stats-out", stats, "--cpu", "-1", "--Engine:Prefault=false", "--Engine:LockMemory=off");

        Assert.True(run.ExitCode == 0, run.ToString());
        JsonElement startup = GwProcess.ReadJson(stats).GetProperty("startup");
        Assert.False(startup.GetProperty("prefault").GetBoolean());
        Assert.Equal(0, startup.GetProperty("populated_bytes").GetInt64());
        Assert.Equal(0, startup.GetProperty("locked_bytes").GetInt64());
        Assert.Equal(0, startup.GetProperty("lock_failed").GetInt32());
        Assert.DoesNotContain("warning", run.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_refused_lock_is_a_counted_warning_and_the_replay_goes_on()
    {
        string stats = _dir.File("refused.json");
        string book = _dir.File("book.csv");
        GwProcess.Result run = RunWithoutLockRights("replay", Capture, "--stats-out", stats, "--book-out", book, "--cpu", "-1");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(File.ReadAllText(Repo.Pcap("itch-ab.book.csv")), File.ReadAllText(book));
        JsonElement startup = GwProcess.ReadJson(stats).GetProperty("startup");
        int failed = startup.GetProperty("lock_failed").GetInt32();
        Assert.True(failed > 0, run.ToString());
        Assert.True(startup.GetProperty("unlocked_bytes").GetInt64() > 0);
        Assert.Contains("mlock of", startup.GetProperty("lock_error").GetString(), StringComparison.Ordinal);
        Assert.Contains("gw replay: warning: mlock of", run.StdErr, StringComparison.Ordinal);
        Assert.Contains("RLIMIT_MEMLOCK is 64 KiB", run.StdErr, StringComparison.Ordinal);
        Assert.Contains($"lock_failed={failed}", run.StdErr, StringComparison.Ordinal);
        Assert.Contains("NOT locked", run.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public void Require_makes_a_refused_lock_stop_start_up_with_one_line()
    {
        string stats = _dir.File("required.json");
        GwProcess.Result run = RunWithoutLockRights("replay", Capture, "--stats-out", stats, "--cpu", "-1", "--Engine:LockMemory=require");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("Engine:LockMemory is require, but mlock of", run.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.StdErr, StringComparison.Ordinal);
        Assert.False(File.Exists(stats));
    }
}
