using System.Text.Json;
using System.Text.RegularExpressions;
using Gateway.Tests.Shared;

namespace Gateway.Host.Tests;

/// <summary>
/// The polling thread's contract, checked on the production binary (gw under NativeAOT, which
/// tools/build.sh publishes to build/aot): no allocation after warm-up and no system call while it
/// polls. strace (from the bootstrap's packages) records every syscall of every thread; the polling
/// thread marks the end of warm-up and the end of polling with gettid, and nothing of its own may
/// fall between. (Under the JIT a cold branch taken for the first time compiles, and the JIT's
/// mprotect calls would land there: the contract is about the compiled gateway.)
/// </summary>
public sealed class CriticalPathTests : IClassFixture<ReplayFixture>
{
    private readonly ReplayFixture _fixture;

    public CriticalPathTests(ReplayFixture fixture) => _fixture = fixture;

    [Fact]
    [Trait(TestCategory.Key, TestCategory.Timing)]
    public void Whole_feed_polling_loop_makes_no_syscalls_and_allocates_nothing()
    {
        // ITCH over MoldUDP64 on two lines with drops and reorders: packet path, arbitration, gap buffer, decode, books.
        string capture = _fixture.Dir.File("strace.pcap");
        GwProcess.Result gen = GwProcess.Run("gen", "itch", "--out", capture, "--messages", "300000", "--lines", "2",
            "--drop-one-line", "0.01", "--reorder", "0.01");
        Assert.True(gen.ExitCode == 0, gen.ToString());
        string trace = _fixture.Dir.File("strace.txt");
        string statsPath = _fixture.Dir.File("strace.json");

        string aotGw = Path.Combine(Repo.Root, "build", "aot", "gw");
        Assert.True(File.Exists(aotGw), $"{aotGw} is missing: tools/build.sh publishes it");
        string output = GwProcess.Tool("strace", "-f", "-qq", "-o", trace, aotGw,
            "replay", capture, "--stats-out", statsPath, "--cpu", "-1", "--quiet");

        JsonElement stats = GwProcess.ReadJson(statsPath);
        Assert.True(stats.GetProperty("packets").GetInt64() > 20000, "warm-up is 10,000 packets: the steady state must be longer");
        Assert.Equal(0, stats.GetProperty("lost_messages").GetInt64());
        Assert.True(stats.GetProperty("messages").GetInt64() > 300000);
        Assert.Equal(0, stats.GetProperty("hot_path_allocated_bytes").GetInt64());
        string tid = stats.GetProperty("polling_thread_tid").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture);

        // The last two gettid calls are the agent's marks: end of warm-up, end of polling (the
        // runtime's thread start and the agent's OnStart make earlier ones).
        List<string> between = Strace.BetweenLastTwoMarks(trace, tid, minimumMarks: 3, output);
        Assert.True(between.Count == 0, $"the polling loop made syscalls: {string.Join(", ", between)}");
    }
}

/// <summary>
/// The whole critical path under the contract, on the NativeAOT gw: a replay of a million ITCH
/// messages with threshold-taker trading against gw venue over FIX. After warm-up the engine's
/// thread allocates nothing, no garbage collection runs, and its only system calls are each order's
/// send (sendto) and the polls of the venue's session (recvfrom).
/// </summary>
public sealed class EngineCriticalPathTests : IClassFixture<ReplayFixture>
{
    private readonly ReplayFixture _fixture;

    public EngineCriticalPathTests(ReplayFixture fixture) => _fixture = fixture;

    [Fact]
    [Trait(TestCategory.Key, TestCategory.Timing)]
    public void Engine_thread_sends_and_polls_only_allocates_nothing_and_collects_no_garbage_over_a_million_messages()
    {
        string aotGw = Path.Combine(Repo.Root, "build", "aot", "gw");
        Assert.True(File.Exists(aotGw), $"{aotGw} is missing: tools/build.sh publishes it");
        string capture = _fixture.Dir.File("engine-1m.pcap");
        GwProcess.Result gen = GwProcess.Run("gen", "itch", "--out", capture, "--messages", "1000000", "--instruments", "100", "--lines", "2", "--seed", "9");
        Assert.True(gen.ExitCode == 0, gen.ToString());

        int port = LiveProcess.FreePort();
        using LiveProcess venue = LiveProcess.Start(aotGw, "venue", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--store", _fixture.Dir.File("engine-venue"), "--spin");
        venue.WaitForLine("LISTENING");
        string trace = _fixture.Dir.File("engine-strace.txt");
        string statsPath = _fixture.Dir.File("engine-strace.json");
        // Twelve instruments, so that orders keep coming after warm-up (one instrument's best ask settles as its book deepens).
        string takers = string.Join(',', Enumerable.Range(0, 12).Select(i => $"AAA{(char)('A' + i)}:1000:0.01:100"));
        string output = GwProcess.Tool("strace", "-f", "-qq", "-o", trace, aotGw, "replay", capture, "--taker", takers, "--Engine:WarmupPackets=2000",
            "--venue", $"127.0.0.1:{port}", "--store", _fixture.Dir.File("engine-gw"), "--stats-out", statsPath, "--cpu", "-1", "--quiet",
            "--Risk:MaxPosition=100000000", "--Risk:MaxOrdersPerSecond=1000000", "--Risk:MaxGrossExposure=10000000000",
            "--Risk:CreditLimit=10000000000", "--Risk:MaxLoss=1000000000", "--Risk:PriceCollarBps=10000", "--Engine:DrainSeconds=30");

        JsonElement stats = GwProcess.ReadJson(statsPath);
        Assert.True(stats.GetProperty("messages").GetInt64() > 1_000_000);
        Assert.Equal(0, stats.GetProperty("lost_messages").GetInt64());
        long sent = stats.GetProperty("orders_sent").GetInt64();
        Assert.True(sent > 1000, $"only {sent} orders: {output}");
        Assert.Equal(sent, stats.GetProperty("fills").GetInt64());
        Assert.Equal(0, stats.GetProperty("gc_collections").GetInt64());
        Assert.Equal(0, stats.GetProperty("hot_path_allocated_bytes").GetInt64());
        string tid = stats.GetProperty("polling_thread_tid").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture);

        List<string> between = Strace.BetweenLastTwoMarks(trace, tid, minimumMarks: 3, output);
        var kinds = between.GroupBy(c => c).ToDictionary(g => g.Key, g => g.Count());
        string seen = string.Join(", ", kinds.Select(k => $"{k.Key} x{k.Value}"));
        Assert.True(kinds.Keys.All(k => k is "sendto" or "recvfrom"), $"the engine's thread made other system calls: {seen}");
        Assert.True(kinds.GetValueOrDefault("sendto") > 1000, $"too few orders sent in the measured window: {seen}");
        Assert.True(kinds.GetValueOrDefault("recvfrom") > 0, seen);
    }
}

/// <summary>
/// The order session's thread under the same contract, on the NativeAOT gw: after warm-up, every
/// order (encode, journal, send) and every ExecutionReport (receive, frame, parse, validate, deliver)
/// costs no allocation, and the thread's only system calls are the order's send and the socket
/// polls (recvfrom) that read the venue's answers — no write, no msync, no futex, no sleep.
/// </summary>
public sealed class FixCriticalPathTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    [Trait(TestCategory.Key, TestCategory.Timing)]
    public void Order_session_thread_sends_and_polls_only_and_allocates_nothing()
    {
        string aotGw = Path.Combine(Repo.Root, "build", "aot", "gw");
        Assert.True(File.Exists(aotGw), $"{aotGw} is missing: tools/build.sh publishes it");
        int port = LiveProcess.FreePort();
        using LiveProcess venue = LiveProcess.Gw("venue", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--store", _dir.File("venue"));
        venue.WaitForLine("LISTENING");

        const int Orders = 2500, Warmup = 1000;
        string trace = _dir.File("strace.txt");
        string statsPath = _dir.File("client.json");
        GwProcess.Tool("strace", "-f", "-qq", "-o", trace, aotGw, "fix-client", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--store", _dir.File("client"), "--orders", Orders.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--warmup", Warmup.ToString(System.Globalization.CultureInfo.InvariantCulture), "--spin", "--quiet", "--stats-out", statsPath, "--timeout", "120");

        JsonElement stats = GwProcess.ReadJson(statsPath);
        Assert.Equal(Orders, stats.GetProperty("fills").GetInt64());
        Assert.Equal(0, stats.GetProperty("hot_path_allocated_bytes").GetInt64());
        string tid = stats.GetProperty("session_thread_tid").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture);
        List<string> between = Strace.BetweenLastTwoMarks(trace, tid, minimumMarks: 2, "");
        var kinds = between.GroupBy(c => c).ToDictionary(g => g.Key, g => g.Count());
        string seen = string.Join(", ", kinds.Select(k => $"{k.Key} x{k.Value}"));
        Assert.True(kinds.Keys.All(k => k is "sendto" or "recvfrom"), $"the order session thread made other syscalls: {seen}");
        Assert.Equal(Orders - Warmup, kinds.GetValueOrDefault("sendto"));
    }
}

/// <summary>Reading an <c>strace -f</c> log: the system calls one thread made between its last two gettid marks.</summary>
internal static partial class Strace
{
    [GeneratedRegex(@"^(\d+)\s+(\w+)\(")]
    private static partial Regex SyscallLine();

    public static List<string> BetweenLastTwoMarks(string trace, string tid, int minimumMarks, string context)
    {
        List<string> calls = File.ReadLines(trace)
            .Select(line => SyscallLine().Match(line))
            .Where(m => m.Success && m.Groups[1].Value == tid)
            .Select(m => m.Groups[2].Value)
            .ToList();
        List<int> marks = Enumerable.Range(0, calls.Count).Where(i => calls[i] == "gettid").ToList();
        Assert.True(marks.Count >= minimumMarks, $"expected {minimumMarks} gettid marks on thread {tid}, saw {marks.Count}: {string.Join(",", calls)}; {context}");
        return calls.GetRange(marks[^2] + 1, marks[^1] - marks[^2] - 1);
    }
}
