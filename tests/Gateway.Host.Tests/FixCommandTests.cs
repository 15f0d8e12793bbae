using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Gateway.Host.Tests;

/// <summary><c>gw venue</c> and <c>gw fix-client</c> against each other, and their answers to bad input.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class FixCommandTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string Num(int n) => n.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public void Client_against_a_rejecting_venue_counts_every_reject_and_exits_zero()
    {
        int port = LiveProcess.FreePort();
        using LiveProcess venue = LiveProcess.Gw("venue", "--port", Num(port), "--store", _dir.File("v"), "--mode", "reject");
        venue.WaitForLine("LISTENING");
        GwProcess.Result client = GwProcess.Run("fix-client", "--port", Num(port), "--store", _dir.File("c"), "--orders", "4");
        Assert.True(client.ExitCode == 0, client.ToString());
        Assert.Contains("DONE sent=4 answered=4 fills=0 rejects=4", client.StdOut);
        Assert.Equal(4, client.StdOut.Split('\n').Count(l => l.StartsWith("REJECT clordid=", StringComparison.Ordinal)));
        venue.Terminate();
        Assert.Equal(0, venue.WaitForExit());
        Assert.Contains("SUMMARY orders=4 fills=0 rejects=4", venue.StdOut);
    }

    /// <summary>Defect 12 end to end: the venue requires Username/Password, read from a file only its user can read.</summary>
    [Fact]
    public void Venue_requires_the_password_the_client_reads_from_its_file_or_environment()
    {
        string secret = _dir.File("pw");
        File.WriteAllText(secret, "Hunter2-venue\n");
        File.SetUnixFileMode(secret, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        int port = LiveProcess.FreePort();
        using LiveProcess venue = LiveProcess.Gw("venue", "--port", Num(port), "--store", _dir.File("v"), "--username", "desk1", "--password-file", secret);
        venue.WaitForLine("LISTENING");

        GwProcess.Result good = GwProcess.Run(
            ["fix-client", "--port", Num(port), "--store", _dir.File("c"), "--orders", "1", "--username", "desk1", "--password-env", "GW_TEST_PW"],
            new Dictionary<string, string> { ["GW_TEST_PW"] = "Hunter2-venue" });
        Assert.True(good.ExitCode == 0, good.ToString());
        Assert.Contains("FILL", good.StdOut);

        GwProcess.Result bad = GwProcess.Run(
            ["fix-client", "--port", Num(port), "--store", _dir.File("c2"), "--orders", "1", "--username", "desk1", "--password-env", "GW_TEST_PW", "--timeout", "3"],
            new Dictionary<string, string> { ["GW_TEST_PW"] = "wrong-one" });
        Assert.True(bad.ExitCode == 6, bad.ToString());
        Assert.Contains("Username or Password not accepted", bad.StdErr);
        venue.Terminate();
        venue.WaitForExit();
        foreach (string output in new[] { good.StdOut, good.StdErr, bad.StdOut, bad.StdErr, venue.StdOut, venue.StdErr })
        {
            Assert.DoesNotContain("Hunter2", output);
            Assert.DoesNotContain("wrong-one", output);
        }

        File.SetUnixFileMode(secret, UnixFileMode.UserRead | UnixFileMode.OtherRead);
        GwProcess.Result open = GwProcess.Run("venue", "--port", Num(LiveProcess.FreePort()), "--store", _dir.File("v2"), "--password-file", secret, "--seconds", "1");
        Assert.True(open.ExitCode == 1, open.ToString());
        Assert.Contains("chmod 600", open.StdErr);
    }

    /// <summary>
    /// Issue 11, defect 0: every reset used to archive the session's two preallocated 64 MiB journal
    /// segments whole (five logons grew the store from 129 MiB to 769 MiB). Now a reset archives the
    /// bytes written and a session reserves disk in proportion to what it sends.
    /// </summary>
    [Fact]
    public void Resets_on_logon_do_not_fill_the_disk()
    {
        int port = LiveProcess.FreePort();
        string store = _dir.File("v");
        using LiveProcess venue = LiveProcess.Gw("venue", "--port", Num(port), "--store", store, "--reset-on-logon");
        venue.WaitForLine("LISTENING");
        for (int i = 0; i < 5; i++)
        {
            GwProcess.Result client = GwProcess.Run("fix-client", "--port", Num(port), "--store", _dir.File("c"), "--orders", "2", "--reset-on-logon");
            Assert.True(client.ExitCode == 0, client.ToString());
        }

        venue.Terminate();
        Assert.Equal(0, venue.WaitForExit());
        string du = GwProcess.Tool("du", "-s", "--block-size=1", store);
        long allocated = long.Parse(du.Split('\t')[0], CultureInfo.InvariantCulture);
        Assert.True(allocated < 16L << 20, $"venue store holds {allocated:N0} bytes after 5 reset logons");
        string archive = Path.Combine(store, "FIX.4.4-VENUE-GATEWAY", "archive");
        Assert.True(Directory.GetFiles(archive).Length >= 4, "each reset archives the epoch before it");
        Assert.All(Directory.GetFiles(archive), f => Assert.True(new FileInfo(f).Length < 64 << 10, $"{f}: {new FileInfo(f).Length} bytes"));
    }

    [Fact]
    public void Client_with_nobody_listening_retries_then_times_out_with_exit_6()
    {
        GwProcess.Result client = GwProcess.Run("fix-client", "--port", Num(LiveProcess.FreePort()), "--store", _dir.File("c"), "--orders", "1", "--timeout", "2");
        Assert.True(client.ExitCode == 6, client.ToString());
        Assert.Contains("timed out", client.StdErr);
        Assert.Contains("connect to", client.StdErr);
    }

    [Theory]
    [InlineData("venue", "--mode", "auction")]
    [InlineData("venue", "--port", "70000")]
    [InlineData("venue", "--heartbeat", "-1")]
    [InlineData("venue", "--sender-comp-id", "A B")]
    [InlineData("venue", "--sender-comp-id", "SAME", "--target-comp-id", "SAME")]
    [InlineData("fix-client", "--orders", "-1")]
    [InlineData("fix-client", "--host", "not-an-address")]
    [InlineData("fix-client", "--price", "0")]
    [InlineData("venue", "--dictionary", "/nonexistent/FIX44.xml")]
    [InlineData("venue", "--password-env", "GW_NO_SUCH_VARIABLE_SET")]
    public void Bad_options_exit_1_with_a_message(params string[] args)
    {
        List<string> all = [.. args];
        if (!all.Contains("--port"))
        {
            all.AddRange(["--port", "1"]);
        }

        all.AddRange(["--store", _dir.File("s")]);
        GwProcess.Result r = GwProcess.Run(all);
        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.False(string.IsNullOrWhiteSpace(r.StdErr), r.ToString());
    }

    [Fact]
    public void Venue_on_a_port_in_use_exits_1()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        int port = ((IPEndPoint)taken.LocalEndpoint).Port;
        GwProcess.Result r = GwProcess.Run("venue", "--port", Num(port), "--store", _dir.File("v"), "--seconds", "1");
        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Contains("cannot listen", r.StdErr);
    }

    [Fact]
    public void A_store_held_by_another_process_is_refused_with_exit_1()
    {
        int port = LiveProcess.FreePort();
        using LiveProcess first = LiveProcess.Gw("venue", "--port", Num(port), "--store", _dir.File("shared"));
        first.WaitForLine("LISTENING");
        GwProcess.Result second = GwProcess.Run("venue", "--port", Num(LiveProcess.FreePort()), "--store", _dir.File("shared"), "--seconds", "1");
        Assert.True(second.ExitCode == 1, second.ToString());
        Assert.Contains("cannot open the FIX store", second.StdErr);
    }

    [Fact]
    public void A_store_path_that_is_a_file_is_refused_with_exit_1()
    {
        string file = _dir.File("not-a-dir");
        File.WriteAllText(file, "x");
        GwProcess.Result r = GwProcess.Run("venue", "--port", "0", "--store", file, "--seconds", "1");
        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Contains("cannot open the FIX store", r.StdErr);
    }
}
