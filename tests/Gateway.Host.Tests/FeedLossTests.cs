using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Gateway.Host.Tests;

/// <summary>
/// A hole in the feed that no line and no re-request server fills: the loss is counted, the books
/// are flagged stale, pre-trade risk acts on it (refuse by default, count with <c>flag</c>), the
/// gateway goes on with the packets after the hole, an operator can clear the flag without a
/// restart, and the queues' high-water marks and drops are in <c>--stats-out</c>.
/// </summary>
public sealed partial class FeedLossTests : IDisposable
{
    private const string Taker = "AAAA:100000:0.0001:100"; // buys every ask, sells every bid: orders all along the capture

    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>A capture with both lines' copies of one MoldUDP64 packet taken out, about <paramref name="holeAt"/> of the way in.</summary>
    private sealed record HoledCapture(string Path, long Frames, long Messages, ulong HoleFrom, ulong HoleCount);

    [GeneratedRegex(@"wrote ([\d,]+) messages")]
    private static partial Regex WroteMessages();

    private HoledCapture MakeHoledCapture(string name, int messages, int rate, double holeAt)
    {
        string clean = _dir.File(name + "-clean.pcap");
        GwProcess.Result gen = GwProcess.Run("gen", "itch", "--out", clean, "--messages", Num(messages), "--instruments", "5", "--rate", Num(rate),
            "--seed", "3", "--lines", "2");
        Assert.True(gen.ExitCode == 0, gen.ToString());
        long total = long.Parse(WroteMessages().Match(gen.StdOut).Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);

        // frame number, MoldUDP64 sequence, message count (0xFFFF: end of session; 0: heartbeat)
        var frames = GwProcess.Tool("tshark", "-r", clean, "-d", "udp.port==26477,moldudp64", "-T", "fields", "-e", "frame.number",
                "-e", "moldudp64.sequence", "-e", "moldudp64.count")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split('\t'))
            .Select(f => (Frame: long.Parse(f[0], CultureInfo.InvariantCulture), Seq: ulong.Parse(f[1], CultureInfo.InvariantCulture),
                Count: ulong.Parse(f[2], CultureInfo.InvariantCulture)))
            .ToList();
        var victim = frames.First(f => f.Frame >= (long)(frames.Count * holeAt) && f.Count is > 0 and < 0xFFFF);
        long[] cut = frames.Where(f => f.Seq == victim.Seq && f.Count == victim.Count).Select(f => f.Frame).ToArray();
        Assert.Equal(2, cut.Length); // one copy on each line

        string holed = _dir.File(name + ".pcap");
        GwProcess.Tool("editcap", [clean, holed, .. cut.Select(f => f.ToString(CultureInfo.InvariantCulture))]);
        File.Delete(clean);
        return new HoledCapture(holed, frames.Count - cut.Length, total, victim.Seq, victim.Count);
    }

    private static string Num(long n) => n.ToString(CultureInfo.InvariantCulture);

    private static string[] RunArgs(HoledCapture capture, string stats, params string[] more) =>
    [
        "run", "--Feed:Backend=dpdk", "--Feed:Capture=" + capture.Path, "--Feed:Pace=recorded", "--Feed:EndAfterIdleSeconds=0.5",
        "--Strategy:Name=threshold-taker", "--Strategy:Taker:0=" + Taker, "--Risk:MaxOrdersPerSecond=100000", "--Risk:PriceCollarBps=10000",
        "--Risk:MaxOrderNotional=100000000", "--Engine:Cpu=-1", "--Engine:Idle=backoff", "--stats-out", stats, .. more,
    ];

    [Fact]
    public void Run_over_dpdk_net_pcap_counts_the_hole_refuses_orders_on_the_stale_books_goes_on_to_the_end_and_reports_every_queue()
    {
        HoledCapture capture = MakeHoledCapture("run", messages: 20_000, rate: 20_000, holeAt: 0.4);
        string stats = _dir.File("run.json");

        GwProcess.Result run = GwProcess.Run(RunArgs(capture, stats));

        Assert.True(run.ExitCode == 0, run.ToString());
        JsonElement s = GwProcess.ReadJson(stats);

        // The loss: one range, exactly the packet taken out, declared and flagged.
        Assert.Equal((long)capture.HoleCount, s.GetProperty("lost_messages").GetInt64());
        Assert.True(s.GetProperty("books_stale").GetBoolean());
        JsonElement loss = s.GetProperty("feed_loss");
        Assert.Equal(1, loss.GetProperty("loss_events").GetInt64());
        Assert.Equal((long)capture.HoleCount, loss.GetProperty("declared_lost_messages").GetInt64());
        Assert.Equal(capture.HoleFrom, loss.GetProperty("stale_since_seq").GetUInt64());
        Assert.Equal("refuse", loss.GetProperty("on_stale_feed").GetString());
        JsonElement range = Assert.Single(loss.GetProperty("lost_ranges").EnumerateArray().ToList());
        Assert.Equal(capture.HoleFrom, range.GetProperty("from").GetUInt64());
        Assert.Equal(capture.HoleFrom + capture.HoleCount - 1, range.GetProperty("to").GetUInt64());
        Assert.Equal(0, loss.GetProperty("rerequests_sent").GetInt64()); // no re-request server
        Assert.False(loss.GetProperty("hole_open_at_exit").GetBoolean());

        // The gateway went on past the hole to the end of the capture: every frame and every other message.
        Assert.Equal(capture.Frames, s.GetProperty("packets").GetInt64());
        Assert.Equal(capture.Messages - (long)capture.HoleCount, s.GetProperty("messages").GetInt64());

        // Orders went out before the hole; after it, risk refused every one as stale (books changing after the hole triggered them).
        Assert.True(s.GetProperty("orders_sent").GetInt64() > 0, run.StdOut);
        long refusedStale = loss.GetProperty("orders_refused_stale_feed").GetInt64();
        Assert.True(refusedStale > 0, run.StdOut);
        Assert.Equal(refusedStale, s.GetProperty("orders_rejected_by_reason").GetProperty("stale_feed").GetInt64());
        Assert.Equal(0, loss.GetProperty("orders_accepted_on_stale_feed").GetInt64());

        // Every queue on the path, with sane values.
        JsonElement q = s.GetProperty("queues");
        JsonElement nic = q.GetProperty("nic");
        Assert.Equal("dpdk_port", nic.GetProperty("kind").GetString());
        Assert.Equal(capture.Frames, nic.GetProperty("rx_packets").GetInt64());
        Assert.Equal(0, nic.GetProperty("imissed").GetInt64());
        Assert.Equal(0, nic.GetProperty("rx_nombuf").GetInt64());
        Assert.Equal(0, nic.GetProperty("dropped").GetInt64());
        JsonElement burst = q.GetProperty("rx_burst");
        Assert.Equal(32, burst.GetProperty("size").GetInt32());
        Assert.InRange(burst.GetProperty("max_fill").GetInt64(), 1, 32);
        Assert.InRange(burst.GetProperty("full_bursts").GetInt64(), 0, burst.GetProperty("bursts").GetInt64());
        Assert.True(burst.GetProperty("bursts").GetInt64() >= capture.Frames / 32);
        JsonElement gap = q.GetProperty("gap_buffer");
        Assert.Equal(4096, gap.GetProperty("capacity").GetInt32());
        Assert.InRange(gap.GetProperty("high_water").GetInt64(), 1, 4096); // what arrived while the hole waited for its timeout
        Assert.True(gap.GetProperty("high_water_bytes").GetInt64() >= gap.GetProperty("high_water").GetInt64() * 20);
        Assert.Equal(0, gap.GetProperty("held").GetInt64());
        Assert.Equal(0, gap.GetProperty("overflows").GetInt64());
        Assert.Equal(1, q.GetProperty("open_holes").GetProperty("high_water").GetInt64());
        JsonElement journal = q.GetProperty("journal_ring");
        Assert.Equal(65536, journal.GetProperty("capacity").GetInt32());
        Assert.InRange(journal.GetProperty("high_water").GetInt64(), 1, 65536);
        Assert.Equal(0, journal.GetProperty("dropped").GetInt64());
        Assert.Equal(0, q.GetProperty("intent_buffer").GetProperty("overflows").GetInt64());
        Assert.Equal(s.GetProperty("orders_sent").GetInt64(), q.GetProperty("order_table").GetProperty("used").GetInt64());

        Assert.Contains("books_stale=True feed_loss_events=1", run.StdOut, StringComparison.Ordinal);
        Assert.Contains($"books STALE since seq {capture.HoleFrom}", run.StdOut, StringComparison.Ordinal);
        Assert.Contains("queues        dpdk_port dropped 0", run.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public void Replay_with_flag_lets_orders_through_on_the_stale_books_and_counts_them()
    {
        HoledCapture capture = MakeHoledCapture("replay", messages: 20_000, rate: 20_000, holeAt: 0.4);
        string stats = _dir.File("replay.json");

        GwProcess.Result run = GwProcess.Run("replay", capture.Path, "--taker", Taker, "--pace", "recorded", "--Risk:OnStaleFeed=flag",
            "--Risk:MaxOrdersPerSecond=100000", "--Risk:PriceCollarBps=10000", "--Risk:MaxOrderNotional=100000000", "--stats-out", stats, "--cpu", "-1");

        Assert.True(run.ExitCode == 0, run.ToString());
        JsonElement s = GwProcess.ReadJson(stats);
        JsonElement loss = s.GetProperty("feed_loss");
        Assert.True(s.GetProperty("books_stale").GetBoolean());
        Assert.Equal("flag", loss.GetProperty("on_stale_feed").GetString());
        Assert.Equal(0, loss.GetProperty("orders_refused_stale_feed").GetInt64());
        long onStale = loss.GetProperty("orders_accepted_on_stale_feed").GetInt64();
        Assert.InRange(onStale, 1, s.GetProperty("orders_sent").GetInt64() - 1); // some before the hole, some after
        Assert.Equal(capture.Messages - (long)capture.HoleCount, s.GetProperty("messages").GetInt64());
        Assert.Equal("capture_file", s.GetProperty("queues").GetProperty("nic").GetProperty("kind").GetString());
        Assert.Equal(256, s.GetProperty("queues").GetProperty("rx_burst").GetProperty("size").GetInt32());
        Assert.Contains("on a stale feed: flag (0 refused", run.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public void An_operator_clears_the_stale_flag_without_a_restart_and_orders_flow_again()
    {
        // 6,000 messages at 2,000 a second: about 3 s of recorded time, the hole a third of the way in.
        HoledCapture capture = MakeHoledCapture("clear", messages: 6_000, rate: 2_000, holeAt: 0.35);
        string stats = _dir.File("clear.json");
        string socket = _dir.File("gw.sock");
        using LiveProcess gw = LiveProcess.Gw(RunArgs(capture, stats, "--Control:Socket=" + socket));
        gw.WaitForLine("RUNNING", 60);

        string status = "";
        var clock = Stopwatch.StartNew();
        while (!status.Contains("feed_stale=True", StringComparison.Ordinal) && clock.Elapsed < TimeSpan.FromSeconds(30) && !gw.HasExited)
        {
            Thread.Sleep(50);
            status = Control(socket, "status");
        }

        Assert.True(status.Contains("feed_stale=True", StringComparison.Ordinal), $"{status}\n{gw}");
        Assert.Contains($"stale_since_seq={capture.HoleFrom}", status, StringComparison.Ordinal);
        long packetsAtClear = Field(status, "packets");
        Assert.True(packetsAtClear < capture.Frames, "the capture must still be playing when the flag is cleared");

        Assert.Equal("OK stale-feed flag cleared: new orders allowed again", Control(socket, "clear-stale"));
        Assert.Contains("feed_stale=False", Control(socket, "status"), StringComparison.Ordinal);
        long sentAtClear = Field(Control(socket, "status"), "orders_sent");

        Assert.True(gw.WaitForExit(60) == 0, gw.ToString());
        JsonElement s = GwProcess.ReadJson(stats);
        Assert.False(s.GetProperty("books_stale").GetBoolean());
        Assert.Equal(1, s.GetProperty("feed_loss").GetProperty("loss_events").GetInt64());
        Assert.Equal(capture.Frames, s.GetProperty("packets").GetInt64());
        Assert.True(s.GetProperty("orders_sent").GetInt64() > sentAtClear, $"no order after the flag was cleared\n{gw}");
        Assert.Contains(gw.Lines, l => l.StartsWith("STALE-FEED command=clear-stale was_stale=True", StringComparison.Ordinal));
    }

    private static string Control(string socket, string verb)
    {
        GwProcess.Result r = GwProcess.Run("control", "--socket", socket, verb);
        Assert.True(r.ExitCode == 0, r.ToString());
        return r.StdOut.Trim();
    }

    private static long Field(string line, string key)
    {
        string token = line.Split(' ').Single(t => t.StartsWith(key + "=", StringComparison.Ordinal));
        return long.Parse(token[(key.Length + 1)..], CultureInfo.InvariantCulture);
    }
}
