using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Gateway.Host.Tests;

/// <summary>
/// The whole gateway as a user runs it: <c>gw replay</c> with threshold-taker sending over FIX 4.4 to
/// <c>gw venue</c> and to QuickFIX C++, the kill switch by loss limit, a venue that never answers,
/// configuration errors; and <c>gw run</c> end to end — feed from a capture through DPDK's net_pcap,
/// orders resting at <c>gw venue</c>, then SIGTERM (open orders cancelled, clean exit), or the kill
/// switch by command or by SIGUSR1 (open orders cancelled).
/// </summary>
public sealed class EngineCommandTests : IDisposable
{
    private const string Capture = "pcaps/itch-ab.pcap";
    private const int CapturePackets = 2533;
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string Num(long n) => n.ToString(CultureInfo.InvariantCulture);

    private static string CapturePath => Path.Combine(Repo.Root, Capture);

    /// <summary>Limits wide enough that every intent of the bundled capture's AAAA taker is sent.</summary>
    private static readonly string[] s_wideRisk =
    [
        "--Risk:MaxPosition=1000000", "--Risk:MaxOrdersPerSecond=1000000", "--Risk:MaxGrossExposure=10000000000",
        "--Risk:CreditLimit=10000000000", "--Risk:MaxLoss=1000000000", "--Risk:PriceCollarBps=10000",
    ];

    private LiveProcess Venue(int port, string mode) =>
        LiveProcess.Gw(["venue", "--port", Num(port), "--mode", mode, "--store", _dir.File($"venue-{port}")]);

    [Fact]
    public void Replay_orders_go_to_gw_venue_every_one_is_answered_and_positions_equal_the_fills()
    {
        int port = LiveProcess.FreePort();
        using LiveProcess venue = Venue(port, "fill");
        venue.WaitForLine("LISTENING");
        string stats = _dir.File("replay.json");
        string orders = _dir.File("orders.csv");
        GwProcess.Result run = GwProcess.Run(["replay", CapturePath, "--taker", "AAAA:84.10:83.90:300", "--venue", $"127.0.0.1:{port}",
            "--store", _dir.File("gw-store"), "--orders-out", orders, "--stats-out", stats, "--quiet", .. s_wideRisk]);
        Assert.True(run.ExitCode == 0, run.ToString());
        JsonElement s = GwProcess.ReadJson(stats);
        long sent = s.GetProperty("orders_sent").GetInt64();
        Assert.True(sent > 10, $"only {sent} orders: {run}");
        Assert.Equal(sent, s.GetProperty("fills").GetInt64());
        Assert.Equal(0, s.GetProperty("open_orders").GetInt64());
        Assert.Equal(0, s.GetProperty("reports").GetProperty("ignored").GetInt64());
        JsonElement aaaa = s.GetProperty("positions").GetProperty("AAAA");
        Assert.Equal(aaaa.GetProperty("bought").GetInt64() - aaaa.GetProperty("sold").GetInt64(), aaaa.GetProperty("position").GetInt64());
        Assert.Equal(s.GetProperty("filled_qty").GetInt64(), aaaa.GetProperty("bought").GetInt64() + aaaa.GetProperty("sold").GetInt64());

        // The order file: one line per intent, every sent one filled at its own price and quantity (the venue fills at the limit).
        string[][] rows = [.. File.ReadAllLines(orders).Skip(1).Select(l => l.Split(','))];
        Assert.Equal(sent, rows.Count(r => r[5] == "sent"));
        long sentQty = rows.Where(r => r[5] == "sent").Sum(r => long.Parse(r[3], CultureInfo.InvariantCulture));
        Assert.Equal(sentQty, s.GetProperty("filled_qty").GetInt64());

        venue.Terminate();
        Assert.Equal(0, venue.WaitForExit());
        string summary = venue.Lines.Single(l => l.StartsWith("SUMMARY", StringComparison.Ordinal));
        Assert.Contains($" orders={sent} ", summary, StringComparison.Ordinal);
        Assert.Contains($" fills={sent} ", summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Replay_orders_go_to_a_quickfix_acceptor_and_every_one_is_answered_without_a_reject()
    {
        string qfPeer = Path.Combine(Repo.Root, "build", "native", "qf_peer");
        Assert.True(File.Exists(qfPeer), $"{qfPeer} is missing: tools/build.sh builds it when libquickfix-dev is installed");
        int port = LiveProcess.FreePort();
        using LiveProcess qf = LiveProcess.Start(qfPeer, ["--role", "acceptor", "--port", Num(port), "--sender", "VENUE", "--target", "GATEWAY",
            "--store", _dir.File("qf"), "--timeout", "0", "--mode", "fill"]);
        qf.WaitForLine("READY");
        string stats = _dir.File("replay.json");
        GwProcess.Result run = GwProcess.Run(["replay", CapturePath, "--taker", "AAAA:84.10:83.90:300", "--venue", $"127.0.0.1:{port}",
            "--store", _dir.File("gw-store"), "--stats-out", stats, "--quiet", .. s_wideRisk]);
        Assert.True(run.ExitCode == 0, run.ToString());
        JsonElement s = GwProcess.ReadJson(stats);
        long sent = s.GetProperty("orders_sent").GetInt64();
        Assert.True(sent > 10, run.ToString());
        Assert.Equal(sent, s.GetProperty("fills").GetInt64());
        Assert.Equal(0, s.GetProperty("open_orders").GetInt64());
        Assert.Equal(0, s.GetProperty("venue").GetProperty("session_rejects_received").GetInt64());
        JsonElement aaaa = s.GetProperty("positions").GetProperty("AAAA");
        Assert.Equal(s.GetProperty("filled_qty").GetInt64(), aaaa.GetProperty("bought").GetInt64() + aaaa.GetProperty("sold").GetInt64());
        qf.Terminate();
        qf.WaitForExit();
        Assert.DoesNotContain(qf.Lines, l => l.StartsWith("REJECT_RECEIVED", StringComparison.Ordinal) || l.StartsWith("SEND_ADMIN type=3", StringComparison.Ordinal));
    }

    [Fact]
    public void Loss_past_the_limit_engages_the_kill_switch_and_refuses_the_orders_after_it()
    {
        int port = LiveProcess.FreePort();
        using LiveProcess venue = Venue(port, "fill");
        venue.WaitForLine("LISTENING");
        string stats = _dir.File("replay.json");
        // Buying at the ask and marking the long at the bid loses the spread at once: $1 of loss is past the limit.
        GwProcess.Result run = GwProcess.Run(["replay", CapturePath, "--taker", "AAAA:84.10:83.90:300", "--venue", $"127.0.0.1:{port}",
            "--store", _dir.File("gw-store"), "--stats-out", stats, "--quiet", .. s_wideRisk, "--Risk:MaxLoss=1"]);
        Assert.True(run.ExitCode == 0, run.ToString());
        JsonElement s = GwProcess.ReadJson(stats);
        Assert.True(s.GetProperty("kill_switch_engaged").GetBoolean(), run.ToString());
        Assert.Equal("LossLimit", s.GetProperty("kill_switch_cause").GetString());
        Assert.True(s.GetProperty("orders_rejected_by_reason").GetProperty("kill_switch").GetInt64() > 0);
        Assert.True(s.GetProperty("realized_pnl").GetDecimal() + s.GetProperty("unrealized_pnl").GetDecimal() < -1m);
    }

    [Fact]
    public void A_venue_that_never_answers_the_logon_ends_the_replay_with_exit_6_and_says_so()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        int port = ((IPEndPoint)silent.LocalEndpoint).Port;
        var watch = Stopwatch.StartNew();
        GwProcess.Result run = GwProcess.Run(["replay", CapturePath, "--taker", "AAAA:84.10:83.90:300", "--venue", $"127.0.0.1:{port}",
            "--store", _dir.File("gw-store"), "--quiet", "--Venue:LogonWaitSeconds=2"]);
        Assert.Equal(6, run.ExitCode);
        Assert.Contains("did not accept a logon within 2 s", run.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.StdErr, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30));
    }

    [Theory]
    [InlineData("{\"Risk\": {\"MaxPositon\": 5}}", "unknown configuration key MaxPositon in section Risk")]
    [InlineData("{\"Risk\": {\"MaxPosition\": \"lots\"}}", "Risk:MaxPosition: 'lots' is not a whole number")]
    [InlineData("{\"Risk\": {\"MaxPosition\": -5}}", "Risk:MaxPosition must be 1 to")]
    [InlineData("{\"Risk\": {\"PriceCollarBps\": 20000}}", "Risk:PriceCollarBps must be 1 to 10000")]
    [InlineData("{\"Venue\": {\"Host\": \"127.0.0.1\", \"Port\": 70000}}", "Venue:Port must be 1 to 65535")]
    [InlineData("{\"Strategy\": {\"Name\": \"threshold-taker\", \"Taker\": [\"AAAA:abc:1:100\"]}}", "BUY_AT_OR_BELOW 'abc' is not a price")]
    [InlineData("{\"Strategy\": {\"Name\": \"momentum\"}}", "Strategy:Name must be none or threshold-taker")]
    [InlineData("{\"Feed\": {\"Pace\": \"fast\"}}", "Feed:Pace must be max, recorded")]
    [InlineData("{\"Feed\": {\"Lookahead\": \"sometimes\"}}", "Feed:Lookahead must be auto, on or off (got 'sometimes')")]
    [InlineData("{\"Engine\": {\"LockMemory\": \"maybe\"}}", "Engine:LockMemory must be try, require or off (got 'maybe')")]
    [InlineData("{\"Engine\": {\"Prefault\": \"sometimes\"}}", "Engine:Prefault: 'sometimes' is not true or false")]
    [InlineData("{\"Risk\": {\"Instruments\": {\"AAAA\": {\"MaxPosition\": 0}}}}", "Risk:Instruments:AAAA:MaxPosition must be 1 to")]
    [InlineData("{\"Risk\": ", "config ")]
    public void A_bad_configuration_stops_replay_and_run_before_anything_starts_with_one_line_naming_the_key(string json, string expected)
    {
        string config = _dir.File("bad.json");
        File.WriteAllText(config, json);
        foreach (string[] args in new[] { ["replay", CapturePath, "--config", config], new[] { "run", "--config", config } })
        {
            GwProcess.Result r = GwProcess.Run(args);
            Assert.True(r.ExitCode == 1, r.ToString());
            Assert.Contains(expected, r.StdErr, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", r.StdErr, StringComparison.Ordinal);
            Assert.DoesNotContain("RUNNING", r.StdOut, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("--taker", "ZZZZ:10:20:100", "symbol ZZZZ is not in the capture's stock directory")]
    [InlineData("--taker", "AAAA:10:20:0", "MAX_QTY '0' is not a whole number of shares above 0")]
    [InlineData("--taker", "AAAA:10.123456:20:5", "BUY_AT_OR_BELOW '10.123456' is not a price")]
    [InlineData("--Risk:MaxLoss=zero", "", "Risk:MaxLoss: 'zero' is not a number")]
    [InlineData("--Bogus:Key=1", "", "unknown configuration key Bogus at the top level")]
    [InlineData("--strategy", "threshold-taker", "threshold-taker needs at least one")]
    public void A_bad_command_line_stops_the_replay_with_one_line(string option, string value, string expected)
    {
        string[] args = value.Length == 0 ? ["replay", CapturePath, option] : ["replay", CapturePath, option, value];
        GwProcess.Result r = GwProcess.Run(args);
        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Contains(expected, r.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", r.StdErr, StringComparison.Ordinal);
    }

    // ---- gw run ---------------------------------------------------------------------------------

    /// <summary>The sample configuration, with its paths moved into the test's folder and orders resting (DAY).</summary>
    private string RunConfig(int venuePort)
    {
        string sample = File.ReadAllText(Path.Combine(Repo.Root, "tools", "gateway.sample.json"));
        string config = _dir.File("gateway.json");
        File.WriteAllText(config, sample
            .Replace("\"pcaps/itch-ab.pcap\"", JsonSerializer.Serialize(CapturePath), StringComparison.Ordinal)
            .Replace("\"out/", "\"" + _dir.File("") + "/", StringComparison.Ordinal)
            .Replace("\"Port\": 9878", "\"Port\": " + Num(venuePort), StringComparison.Ordinal));
        return config;
    }

    private string Control(string verb)
    {
        GwProcess.Result r = GwProcess.Run("control", "--socket", _dir.File("gateway.sock"), verb);
        Assert.True(r.ExitCode == 0, r.ToString());
        return r.StdOut.Trim();
    }

    private static long Field(string line, string key)
    {
        string token = line.Split(' ').Single(t => t.StartsWith(key + "=", StringComparison.Ordinal));
        return long.Parse(token[(key.Length + 1)..], CultureInfo.InvariantCulture);
    }

    /// <summary>Starts gw venue (accept: orders rest) and gw run from the sample configuration; waits until the capture has played and orders rest.</summary>
    private (LiveProcess Venue, LiveProcess Gateway, long Orders) StartRun(string stats)
    {
        int port = LiveProcess.FreePort();
        LiveProcess venue = Venue(port, "accept");
        venue.WaitForLine("LISTENING");
        LiveProcess gw = LiveProcess.Gw(["run", "--config", RunConfig(port), "--stats-out", stats, "--Strategy:TimeInForce=DAY",
            "--Engine:Idle=backoff", "--Engine:Cpu=-1"]);
        gw.WaitForLine("RUNNING", 60);
        string status = "";
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            status = Control("status");
            if (Field(status, "packets") == CapturePackets && Field(status, "open_orders") > 0 && Field(status, "open_orders") == Field(status, "orders_sent"))
            {
                break;
            }

            Thread.Sleep(200);
        }

        Assert.True(Field(status, "packets") == CapturePackets, $"the capture did not play: {status}\n{gw}");
        long orders = Field(status, "orders_sent");
        Assert.True(orders > 0 && Field(status, "open_orders") == orders, $"orders did not rest at the venue: {status}\n{gw}");
        return (venue, gw, orders);
    }

    [Fact]
    public void Run_feeds_from_dpdk_net_pcap_and_on_sigterm_cancels_the_open_orders_and_exits_cleanly()
    {
        string stats = _dir.File("run.json");
        (LiveProcess venue, LiveProcess gw, long orders) = StartRun(stats);
        using (venue)
        using (gw)
        {
            gw.Terminate();
            Assert.True(gw.WaitForExit(60) == 0, gw.ToString());
            string stopped = gw.Lines.Single(l => l.StartsWith("STOPPED", StringComparison.Ordinal));
            Assert.Equal(0, Field(stopped, "open_orders"));
            Assert.Equal(orders, Field(stopped, "cancels_sent"));
            JsonElement s = GwProcess.ReadJson(stats);
            Assert.False(s.GetProperty("kill_switch_engaged").GetBoolean());
            Assert.Equal(1, s.GetProperty("venue").GetProperty("logons").GetInt64());
            string[] journal = File.ReadAllLines(_dir.File("journal.csv"));
            Assert.Equal(orders, journal.Count(l => l.Contains(",engine_cancel,", StringComparison.Ordinal)));
            Assert.Equal(orders, journal.Count(l => l.Contains(",report,cancelled,", StringComparison.Ordinal)));
            Assert.False(File.Exists(_dir.File("gateway.sock")), "the control socket is removed at exit");

            venue.Terminate();
            Assert.Equal(0, venue.WaitForExit());
            string summary = venue.Lines.Single(l => l.StartsWith("SUMMARY", StringComparison.Ordinal));
            Assert.Contains($" cancels={orders} ", summary, StringComparison.Ordinal);
            Assert.Contains(" resting=0 ", summary, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("command")]
    [InlineData("signal")]
    public void The_kill_switch_by_command_or_by_sigusr1_cancels_every_open_order(string how)
    {
        string stats = _dir.File("run.json");
        (LiveProcess venue, LiveProcess gw, long orders) = StartRun(stats);
        using (venue)
        using (gw)
        {
            if (how == "command")
            {
                Assert.StartsWith("OK kill switch engaging", Control("kill"), StringComparison.Ordinal);
            }
            else
            {
                using Process kill = Process.Start("kill", ["-USR1", Num(gw.Id)])!;
                kill.WaitForExit();
            }

            string status = "";
            var deadline = Stopwatch.StartNew();
            while (deadline.Elapsed < TimeSpan.FromSeconds(30) && !(status.Contains("kill_switch=True", StringComparison.Ordinal) && Field(status, "open_orders") == 0))
            {
                Thread.Sleep(100);
                status = Control("status");
            }

            Assert.Contains("kill_switch=True", status, StringComparison.Ordinal);
            Assert.Contains(how == "command" ? "cause=Command" : "cause=Signal", status, StringComparison.Ordinal);
            Assert.Equal(0, Field(status, "open_orders"));

            gw.Terminate();
            Assert.True(gw.WaitForExit(60) == 0, gw.ToString());
            JsonElement s = GwProcess.ReadJson(stats);
            Assert.True(s.GetProperty("kill_switch_engaged").GetBoolean());
            Assert.Equal(orders, s.GetProperty("cancels_sent").GetInt64());
            Assert.Contains(File.ReadAllLines(_dir.File("journal.csv")), l => l.Contains(",kill_switch,engaged," + (how == "command" ? "command" : "signal"), StringComparison.Ordinal));
        }
    }
}
