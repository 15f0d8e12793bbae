using System.Globalization;
using System.Text.Json;
using Gateway.Tests.Shared;

namespace Gateway.Host.Tests;

/// <summary>
/// The gateway's FIX 4.4 session against a real engine: QuickFIX C++ (Debian's libquickfix, driven by
/// native/peers/qf_peer.cpp with its own FIX 4.4 data dictionary, so QuickFIX validates every message
/// the gateway sends). Both roles, orders and fills, heartbeats, forced gaps in both directions, and
/// kill -9 of either gateway process with sequence continuity afterwards.
/// </summary>
public sealed class FixInteropTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string QfPeer
    {
        get
        {
            string path = Path.Combine(Repo.Root, "build", "native", "qf_peer");
            Assert.True(File.Exists(path), $"{path} is missing: tools/build.sh builds it when libquickfix-dev is installed (tools/bootstrap.sh installs it)");
            return path;
        }
    }

    private LiveProcess QuickFixAcceptor(int port, string store, params string[] extra) =>
        LiveProcess.Start(QfPeer, ["--role", "acceptor", "--port", Num(port), "--sender", "VENUE", "--target", "GATEWAY",
            "--store", _dir.File(store), "--timeout", "0", .. extra]);

    private LiveProcess QuickFixInitiator(int port, string store, params string[] extra) =>
        LiveProcess.Start(QfPeer, ["--role", "initiator", "--port", Num(port), "--sender", "GATEWAY", "--target", "VENUE",
            "--store", _dir.File(store), .. extra]);

    private LiveProcess GwVenue(int port, string store, params string[] extra) =>
        LiveProcess.Gw(["venue", "--port", Num(port), "--store", _dir.File(store), .. extra]);

    private LiveProcess GwClient(int port, string store, params string[] extra) =>
        LiveProcess.Gw(["fix-client", "--port", Num(port), "--store", _dir.File(store), .. extra]);

    private static string Num(long n) => n.ToString(CultureInfo.InvariantCulture);

    private static int Count(string[] lines, string prefix) => lines.Count(l => l.StartsWith(prefix, StringComparison.Ordinal));

    /// <summary>The value of key=value on a line (values run to the next space).</summary>
    private static long Value(string line, string key)
    {
        int i = line.IndexOf(" " + key + "=", StringComparison.Ordinal);
        Assert.True(i >= 0, $"no {key}= in: {line}");
        string rest = line[(i + key.Length + 2)..];
        int end = rest.IndexOf(' ');
        return long.Parse(end < 0 ? rest : rest[..end], CultureInfo.InvariantCulture);
    }

    private static void NoSessionTrouble(LiveProcess quickFix, bool timeoutExpected = false)
    {
        string[] lines = quickFix.Lines;
        Assert.DoesNotContain(lines, l => l.StartsWith("REJECT_RECEIVED", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.StartsWith("RECV_ADMIN type=3", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.StartsWith("SEND_ADMIN type=3", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("too low", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.StartsWith("ERROR", StringComparison.Ordinal) && !(timeoutExpected && l.StartsWith("ERROR timeout", StringComparison.Ordinal)));
    }

    [Fact]
    [Trait(TestCategory.Key, TestCategory.Timing)]
    public void Gateway_initiator_trades_with_a_quickfix_acceptor_and_heartbeats_flow()
    {
        int port = LiveProcess.FreePort();
        using LiveProcess qf = QuickFixAcceptor(port, "qf");
        qf.WaitForLine("READY");
        string stats = _dir.File("client.json");
        using LiveProcess gw = GwClient(port, "gw", "--orders", "20", "--warmup", "0", "--heartbeat", "1", "--linger", "2.6", "--stats-out", stats);
        Assert.Equal(0, gw.WaitForExit());

        string done = gw.Lines.Single(l => l.StartsWith("DONE", StringComparison.Ordinal));
        Assert.Equal(20, Value(done, "fills"));
        Assert.Equal(20, Count(gw.Lines, "FILL clordid="));
        Assert.All(gw.Lines.Where(l => l.StartsWith("FILL", StringComparison.Ordinal)), l => Assert.EndsWith("qty=100 px=187.25", l));
        // QuickFIX's output is read asynchronously: wait for the Logout line, by then everything before it is in.
        qf.WaitFor(l => l.Any(x => x.StartsWith("RECV_ADMIN type=5", StringComparison.Ordinal)), "the gateway's Logout");
        Assert.Equal(20, Count(qf.Lines, "RECV_APP type=D"));
        Assert.True(Count(qf.Lines, "RECV_ADMIN type=0") >= 2, "the gateway sent heartbeats during the linger\n" + qf);
        Assert.True(Count(qf.Lines, "SEND_ADMIN type=0") >= 2, "QuickFIX sent heartbeats\n" + qf);
        NoSessionTrouble(qf);

        JsonElement json = GwProcess.ReadJson(stats);
        Assert.True(json.GetProperty("heartbeats_sent").GetInt64() >= 2);
        Assert.Equal(0, json.GetProperty("session_rejects_received").GetInt64());
        Assert.Equal(20, json.GetProperty("round_trip_ns").GetProperty("count").GetInt64());
        Assert.True(json.GetProperty("round_trip_ns").GetProperty("p50").GetInt64() > 0);
    }

    [Fact]
    public void Quickfix_initiator_trades_with_the_gateway_venue()
    {
        int port = LiveProcess.FreePort();
        using LiveProcess venue = GwVenue(port, "venue");
        venue.WaitForLine("LISTENING");
        using LiveProcess qf = QuickFixInitiator(port, "qf", "--orders", "10", "--exit-after-fills", "10", "--timeout", "30");
        Assert.Equal(0, qf.WaitForExit());
        Assert.Contains("DONE sent=10 fills=10", qf.StdOut);
        Assert.Equal(10, Count(qf.Lines, "FILL clordid="));
        NoSessionTrouble(qf);

        venue.Terminate();
        Assert.Equal(0, venue.WaitForExit());
        string summary = venue.Lines.Single(l => l.StartsWith("SUMMARY", StringComparison.Ordinal));
        Assert.Equal(10, Value(summary, "orders"));
        Assert.Equal(10, Value(summary, "fills"));
        Assert.Equal(0, Value(summary, "session_rejects_sent"));
        Assert.Equal(0, Value(summary, "garbled"));
    }

    [Fact]
    public void Gateway_venue_in_echo_mode_returns_quickfix_orders_that_quickfix_validates()
    {
        int port = LiveProcess.FreePort();
        using LiveProcess venue = GwVenue(port, "venue", "--mode", "echo");
        venue.WaitForLine("LISTENING");
        // No fill ever comes back in echo mode: qf_peer stops at its timeout (exit 2) after the echoes.
        using LiveProcess qf = QuickFixInitiator(port, "qf", "--orders", "3", "--exit-after-fills", "1", "--timeout", "4");
        qf.WaitFor(l => Count(l, "RECV_APP type=D") == 3, "three echoed orders");
        Assert.Equal(2, qf.WaitForExit());
        NoSessionTrouble(qf, timeoutExpected: true);
        string[] echoed = qf.Lines.Where(l => l.StartsWith("RECV_APP type=D", StringComparison.Ordinal)).ToArray();
        string[] sent = qf.Lines.Where(l => l.StartsWith("SEND_APP type=D", StringComparison.Ordinal)).ToArray();
        Assert.Equal(sent.Select(l => l[l.IndexOf("clordid=", StringComparison.Ordinal)..].Split(' ')[0]),
            echoed.Select(l => l[l.IndexOf("clordid=", StringComparison.Ordinal)..].Split(' ')[0]));
        venue.Terminate();
        Assert.Equal(0, venue.WaitForExit());
        Assert.Contains("echoed=3", venue.StdOut);
    }

    [Fact]
    public void A_gap_in_quickfix_outgoing_sequence_is_recovered_by_the_gateway_venue()
    {
        int port = LiveProcess.FreePort();
        using LiveProcess venue = GwVenue(port, "venue");
        venue.WaitForLine("LISTENING");
        using LiveProcess qf = QuickFixInitiator(port, "qf", "--orders", "5", "--exit-after-fills", "5", "--gap", "3", "--timeout", "30");
        Assert.Equal(0, qf.WaitForExit());
        Assert.Contains("DONE sent=5 fills=5", qf.StdOut);
        string resend = qf.Lines.First(l => l.StartsWith("RECV_ADMIN type=2", StringComparison.Ordinal));
        Assert.Equal(2, Value(resend, "begin"));
        Assert.Contains(qf.Lines, l => l.StartsWith("SEND_ADMIN type=4", StringComparison.Ordinal) && l.Contains("gapfill=Y", StringComparison.Ordinal));
        NoSessionTrouble(qf);

        venue.Terminate();
        Assert.Equal(0, venue.WaitForExit());
        string summary = venue.Lines.Single(l => l.StartsWith("SUMMARY", StringComparison.Ordinal));
        Assert.Equal(1, Value(summary, "resend_requests_sent"));
        Assert.True(Value(summary, "gap_fills_received") >= 1);
        Assert.Equal(5, Value(summary, "fills"));
    }

    [Fact]
    public void A_gap_in_the_gateway_outgoing_sequence_is_recovered_by_quickfix()
    {
        int port = LiveProcess.FreePort();
        using LiveProcess qf = QuickFixAcceptor(port, "qf");
        qf.WaitForLine("READY");
        using (LiveProcess first = GwClient(port, "gw", "--orders", "3"))
        {
            Assert.Equal(0, first.WaitForExit());
        }

        string stats = _dir.File("gap.json");
        using LiveProcess gw = GwClient(port, "gw", "--orders", "3", "--gap", "4", "--stats-out", stats);
        Assert.Equal(0, gw.WaitForExit());
        Assert.Contains("fills=3", gw.Lines.Single(l => l.StartsWith("DONE", StringComparison.Ordinal)));
        qf.WaitFor(l => Count(l, "RECV_ADMIN type=5") == 2, "the second run's Logout");
        Assert.Contains(qf.Lines, l => l.StartsWith("SEND_ADMIN type=2", StringComparison.Ordinal));
        Assert.Contains(qf.Lines, l => l.StartsWith("RECV_ADMIN type=4", StringComparison.Ordinal) && l.Contains("gapfill=Y", StringComparison.Ordinal));
        JsonElement json = GwProcess.ReadJson(stats);
        Assert.Equal(1, json.GetProperty("resend_requests_received").GetInt64());
        Assert.True(json.GetProperty("gap_fills_sent").GetInt64() >= 1);
        NoSessionTrouble(qf);
    }

    [Fact]
    public void Gateway_venue_killed_hard_mid_session_comes_back_with_its_sequence_numbers()
    {
        int port = LiveProcess.FreePort();
        LiveProcess venue = GwVenue(port, "venue");
        try
        {
            venue.WaitForLine("LISTENING");
            using LiveProcess qf = QuickFixInitiator(port, "qf", "--orders", "5", "--exit-after-fills", "1000", "--timeout", "60");
            qf.WaitFor(l => Count(l, "FILL clordid=") == 5, "five fills");
            venue.KillHard();
            qf.WaitFor(l => l.Any(x => x.StartsWith("LOGOUT", StringComparison.Ordinal) || x.Contains("Disconnected", StringComparison.Ordinal)), "QuickFIX noticing the dead venue");

            venue.Dispose();
            venue = GwVenue(port, "venue");
            venue.WaitForLine("LISTENING");
            string listening = venue.Lines.First(l => l.StartsWith("LISTENING", StringComparison.Ordinal));
            Assert.True(Value(listening, "next_sender") > 10, "the venue's sequence numbers survived kill -9: " + listening);

            // QuickFIX reconnects by itself (ReconnectInterval 1 s) and logs on with its next number: no reset, no resend.
            venue.WaitForLine("LOGON");
            qf.WaitFor(l => Count(l, "LOGON") == 2, "QuickFIX's second logon");
            qf.Terminate();
            Assert.Equal(0, qf.WaitForExit());
            NoSessionTrouble(qf);
            Assert.DoesNotContain(qf.Lines, l => l.StartsWith("RECV_ADMIN type=2", StringComparison.Ordinal));
            Assert.DoesNotContain(qf.Lines, l => l.StartsWith("SEND_ADMIN type=2", StringComparison.Ordinal));

            venue.Terminate();
            Assert.Equal(0, venue.WaitForExit());
            string summary = venue.Lines.Single(l => l.StartsWith("SUMMARY", StringComparison.Ordinal));
            Assert.Equal(0, Value(summary, "session_rejects_sent"));
            Assert.Equal(0, Value(summary, "resend_requests_sent"));
        }
        finally
        {
            venue.Dispose();
        }
    }

    [Fact]
    public void Gateway_client_killed_hard_mid_run_resumes_its_sequence_and_recovers_what_it_missed()
    {
        int port = LiveProcess.FreePort();
        using LiveProcess qf = QuickFixAcceptor(port, "qf");
        qf.WaitForLine("READY");
        using (LiveProcess first = GwClient(port, "gw", "--orders", "100000", "--interval-ms", "2", "--timeout", "120"))
        {
            first.WaitFor(l => Count(l, "FILL clordid=") >= 20, "twenty fills");
            first.KillHard();
        }

        // QuickFIX's view of the last sequence number it received from the gateway before the kill.
        qf.WaitFor(l => l.Any(x => x.StartsWith("EVENT", StringComparison.Ordinal) && x.Contains("Disconnected", StringComparison.OrdinalIgnoreCase))
            || l.Any(x => x.StartsWith("LOGOUT", StringComparison.Ordinal)), "QuickFIX noticing the dead client", 15);
        long lastSeen = qf.Lines.Where(l => l.StartsWith("RECV_APP type=D", StringComparison.Ordinal)).Max(l => Value(l, "seq"));

        string stats = _dir.File("again.json");
        using LiveProcess again = GwClient(port, "gw", "--orders", "5", "--stats-out", stats);
        Assert.Equal(0, again.WaitForExit());
        string logon = again.Lines.First(l => l.StartsWith("LOGON", StringComparison.Ordinal));
        Assert.True(Value(logon, "next_sender") > lastSeen, $"resumed at {logon}, QuickFIX had seen {lastSeen}");
        Assert.Contains("fills=5", again.Lines.Single(l => l.StartsWith("DONE", StringComparison.Ordinal)));
        qf.WaitFor(l => Count(l, "RECV_ADMIN type=5") == 1, "the second run's Logout");
        NoSessionTrouble(qf);
        Assert.Equal(2, Count(qf.Lines, "RECV_ADMIN type=A"));
    }
}
