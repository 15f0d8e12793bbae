using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Gateway.Host.Tests;

/// <summary>
/// <c>gw venue</c> against a hostile peer (issue 11): a second venue on the same port, a flood of
/// connections past the file-descriptor limit, log injection through a refused Logon's CompIDs, and
/// first messages that fail to parse.
/// </summary>
public sealed class VenueHardeningTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string Num(int n) => n.ToString(CultureInfo.InvariantCulture);

    /// <summary>Defect 1: the listener set ReuseAddress (SO_REUSEPORT on Linux), so both venues started and the kernel split connections between them.</summary>
    [Fact]
    public void A_second_venue_on_the_same_port_is_refused_with_address_in_use()
    {
        int port = LiveProcess.FreePort();
        using LiveProcess first = LiveProcess.Gw("venue", "--port", Num(port), "--store", _dir.File("a"));
        first.WaitForLine("LISTENING");
        GwProcess.Result second = GwProcess.Run("venue", "--port", Num(port), "--store", _dir.File("b"), "--seconds", "2");
        Assert.True(second.ExitCode == 1, second.ToString());
        Assert.Contains("cannot listen", second.StdErr);
        Assert.Contains("in use", second.StdErr, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("LISTENING", second.StdOut);
    }

    [Fact]
    public void A_venue_restarted_at_once_binds_its_port_again()
    {
        int port = LiveProcess.FreePort();
        using (LiveProcess venue = LiveProcess.Gw("venue", "--port", Num(port), "--store", _dir.File("v")))
        {
            venue.WaitForLine("LISTENING");
            GwProcess.Result client = GwProcess.Run("fix-client", "--port", Num(port), "--store", _dir.File("c"), "--orders", "2");
            Assert.True(client.ExitCode == 0, client.ToString());
            venue.Terminate();
            Assert.Equal(0, venue.WaitForExit());
        }

        // The closed connection leaves the port in TIME_WAIT on one side; SO_REUSEADDR lets the restart bind.
        using LiveProcess again = LiveProcess.Gw("venue", "--port", Num(port), "--store", _dir.File("v"));
        again.WaitForLine("LISTENING");
    }

    /// <summary>
    /// Defect 2: with <c>ulimit -n</c> low, a flood of connections used to kill the venue with an
    /// unhandled SocketException from Accept. It now refuses past its pending limit, survives EMFILE,
    /// counts both, and a real client logs on and trades afterwards.
    /// </summary>
    [Theory]
    [InlineData(40)]    // below the pending limit: descriptors run out (EMFILE)
    [InlineData(1024)]  // above it: the pending limit refuses first
    public void A_connection_flood_past_the_descriptor_limit_is_survived_and_counted(int fdLimit)
    {
        string aot = Path.Combine(Repo.Root, "build", "aot", "gw");
        Assert.True(File.Exists(aot), $"{aot} is missing: tools/build.sh publishes it");
        int port = LiveProcess.FreePort();
        using LiveProcess venue = LiveProcess.Start("/bin/sh", "-c", $"ulimit -n {fdLimit} && exec '{aot}' venue --port {port} --store '{_dir.File("v")}'");
        venue.WaitForLine("LISTENING");

        var flood = new List<Socket>();
        try
        {
            // Non-blocking connects: once the venue's backlog is full (it cannot accept at EMFILE) the
            // kernel drops SYNs and a blocking connect would wait for minutes.
            for (int i = 0; i < 300; i++)
            {
                var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { Blocking = false };
                flood.Add(s);
                try
                {
                    s.Connect(IPAddress.Loopback, port);
                }
                catch (SocketException e) when (e.SocketErrorCode is SocketError.WouldBlock or SocketError.InProgress)
                {
                }
                catch (SocketException)
                {
                }
            }

            Thread.Sleep(500); // let the venue poll its listener while the flood is open
            int connected = flood.Count(s => s.Poll(0, SelectMode.SelectWrite) && !s.Poll(0, SelectMode.SelectError));
            Assert.True(connected >= 30, $"only {connected} of 300 flood connections are open");
            Assert.False(venue.HasExited, "the venue died under the flood\n" + venue);
        }
        finally
        {
            foreach (Socket s in flood)
            {
                s.Dispose();
            }
        }

        GwProcess.Result client = GwProcess.Run("fix-client", "--port", Num(port), "--store", _dir.File("c"), "--orders", "3", "--timeout", "30");
        Assert.True(client.ExitCode == 0, client + "\n" + venue);
        Assert.Contains("fills=3", client.StdOut);
        venue.Terminate();
        Assert.Equal(0, venue.WaitForExit());
        string summary = venue.Lines.Single(l => l.StartsWith("SUMMARY", StringComparison.Ordinal));
        long refused = Value(summary, "refused_connections");
        long failures = Value(summary, "accept_failures");
        Assert.True(refused > 0, summary);
        if (fdLimit < 64)
        {
            Assert.True(failures > 0, summary);
            Assert.Contains("cannot accept a connection", venue.StdErr);
        }
        else
        {
            Assert.Contains("connections waiting to log on already", venue.StdErr);
        }

        Assert.DoesNotContain("Unhandled exception", venue.StdErr);
    }

    /// <summary>Defect 5: a refused connection's SenderCompID was written raw, so a peer could forge log lines and send terminal escapes.</summary>
    [Fact]
    public void Peer_bytes_in_a_refused_logon_are_escaped_in_the_log()
    {
        int port = LiveProcess.FreePort();
        using LiveProcess venue = LiveProcess.Gw("venue", "--port", Num(port), "--store", _dir.File("v"));
        venue.WaitForLine("LISTENING");
        string forged = "EVIL\nLOGON sender=VENUE target=GATEWAY next_sender=1\u001b[2J";
        SendAndWaitForClose(port, RawFix.Build($"35=A|49={forged}|56=VENUE|34=1|52={RawFix.Now()}|98=0|108=30|"));
        WaitForStdErr(venue, "no session for SenderCompID=");
        venue.Terminate();
        Assert.Equal(0, venue.WaitForExit());

        Assert.Contains("SenderCompID=EVIL\\x0aLOGON sender=VENUE", venue.StdErr);
        Assert.DoesNotContain('\u001b', venue.StdErr + venue.StdOut);
        Assert.DoesNotContain(venue.StdErr.Split('\n'), l => l.StartsWith("LOGON", StringComparison.Ordinal));
        Assert.DoesNotContain(venue.Lines, l => l.StartsWith("LOGON", StringComparison.Ordinal));
    }

    /// <summary>Defect 10 (part): a Logon with a bad checksum or another BeginString was logged as "first message garbled (Ok)".</summary>
    [Theory]
    [InlineData("checksum", "ChecksumMismatch")]
    [InlineData("FIX.4.2", "UnsupportedBeginString")]
    public void A_first_message_that_does_not_parse_is_logged_with_the_reason(string fault, string reason)
    {
        int port = LiveProcess.FreePort();
        using LiveProcess venue = LiveProcess.Gw("venue", "--port", Num(port), "--store", _dir.File("v"));
        venue.WaitForLine("LISTENING");
        string fields = $"35=A|49=GATEWAY|56=VENUE|34=1|52={RawFix.Now()}|98=0|108=30|";
        SendAndWaitForClose(port, fault == "checksum" ? RawFix.Build(fields, checksumDelta: 1) : RawFix.Build(fields, beginString: fault));
        WaitForStdErr(venue, "first message garbled");
        venue.Terminate();
        Assert.Equal(0, venue.WaitForExit());
        Assert.Contains($"first message garbled ({reason})", venue.StdErr);
        Assert.DoesNotContain("garbled (Ok)", venue.StdErr);
    }

    /// <summary>Defect 10 (part): the stores of gw venue and gw fix-client followed the umask (world-readable orders and sequence numbers).</summary>
    [Fact]
    public void Both_ends_keep_their_stores_to_their_user_under_a_permissive_umask()
    {
        int port = LiveProcess.FreePort();
        string venueStore = _dir.File("venue-store");
        string clientStore = _dir.File("client-store");
        using LiveProcess venue = LiveProcess.Start("/bin/sh", "-c",
            $"umask 022; exec dotnet '{GwProcess.GwDll}' venue --port {Num(port)} --store '{venueStore}'");
        venue.WaitForLine("LISTENING");
        GwProcess.Result client = GwProcess.RunProgram("/bin/sh",
            ["-c", $"umask 022; exec dotnet '{GwProcess.GwDll}' fix-client --port {Num(port)} --store '{clientStore}' --orders 2"]);
        Assert.True(client.ExitCode == 0, client.ToString());
        venue.Terminate();
        Assert.Equal(0, venue.WaitForExit());

        const UnixFileMode GroupOrOther = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
            | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
        foreach (string store in new[] { venueStore, clientStore })
        {
            string[] folders = [store, .. Directory.GetDirectories(store, "*", SearchOption.AllDirectories)];
            string[] files = Directory.GetFiles(store, "*", SearchOption.AllDirectories);
            Assert.True(folders.Length >= 2 && files.Length >= 2, $"{store}: {string.Join(", ", folders.Concat(files))}");
            Assert.All(folders, d => Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(d)));
            Assert.All(files, f => Assert.True((File.GetUnixFileMode(f) & GroupOrOther) == 0, $"{f}: {File.GetUnixFileMode(f)}"));
        }
    }

    private static void SendAndWaitForClose(int port, byte[] message)
    {
        using var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        s.Connect(IPAddress.Loopback, port);
        s.Send(message);
        s.ReceiveTimeout = 10_000;
        var buffer = new byte[4096];
        while (s.Receive(buffer) > 0)
        {
        }
    }

    private static void WaitForStdErr(LiveProcess p, string text) =>
        p.WaitFor(_ => p.StdErr.Contains(text, StringComparison.Ordinal), $"'{text}' on stderr", 15);

    private static long Value(string line, string key)
    {
        string field = line.Split(' ').Single(f => f.StartsWith(key + "=", StringComparison.Ordinal));
        return long.Parse(field.AsSpan(key.Length + 1), CultureInfo.InvariantCulture);
    }
}

/// <summary>FIX messages written by hand for tests that play a hostile peer: BodyLength and CheckSum computed, either of them spoilable.</summary>
internal static class RawFix
{
    public static string Now() => DateTime.UtcNow.ToString("yyyyMMdd-HH:mm:ss.fff", CultureInfo.InvariantCulture);

    /// <summary><paramref name="fields"/> from 35= on, '|' for SOH.</summary>
    public static byte[] Build(string fields, string beginString = "FIX.4.4", int checksumDelta = 0)
    {
        byte[] body = Encoding.Latin1.GetBytes(fields.Replace('|', '\u0001'));
        byte[] head = Encoding.ASCII.GetBytes($"8={beginString}\u00019={body.Length}\u0001");
        int sum = 0;
        foreach (byte b in head.Concat(body))
        {
            sum += b;
        }

        byte[] trailer = Encoding.ASCII.GetBytes($"10={(sum + checksumDelta) % 256:D3}\u0001");
        return [.. head, .. body, .. trailer];
    }
}
