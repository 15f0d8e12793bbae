using System.Text.Json;

namespace Gateway.Host.Tests;

/// <summary>The whole feed through gw replay: every backend and the BinaryFILE build the golden books.</summary>
public sealed class MarketDataReplayTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("itch-ab.pcap", "file")]
    [InlineData("itch-ab.pcap", "dpdk")]
    [InlineData("itch-ab.pcap", "libpcap")]
    [InlineData("itch.NASDAQ_ITCH50", "file")]
    public void Replay_builds_the_golden_books_and_reports_the_feed(string capture, string backend)
    {
        string book = _dir.File($"{backend}-{capture}.csv");
        string stats = _dir.File($"{backend}-{capture}.json");

        GwProcess.Result run = GwProcess.Run("replay", Repo.Pcap(capture), "--backend", backend, "--book-out", book, "--stats-out", stats, "--cpu", "-1");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(File.ReadAllText(Repo.Pcap("itch-ab.book.csv")), File.ReadAllText(book));
        JsonElement s = GwProcess.ReadJson(stats);
        Assert.Equal(20103, s.GetProperty("messages").GetInt64());
        Assert.Equal(0, s.GetProperty("lost_messages").GetInt64());
        Assert.Equal(0, s.GetProperty("flagged_instruments").GetInt32());
        Assert.Equal(50, s.GetProperty("messages_by_type").GetProperty("R").GetInt64());
        foreach (string field in new[] { "packets", "orders_sent", "orders_rejected", "fills", "gc_collections", "hot_path_allocated_bytes", "elapsed_seconds", "messages_per_second" })
        {
            Assert.True(s.TryGetProperty(field, out _), $"stats lack {field}");
        }

        Assert.Equal(0, s.GetProperty("tick_to_trade_ns").GetProperty("count").GetInt64());
        if (capture.EndsWith(".pcap", StringComparison.Ordinal))
        {
            Assert.True(s.GetProperty("duplicate_packets").GetInt64() > 1000, "the B line's copies are duplicates");
        }
    }

    [Fact]
    public void Decode_only_decodes_everything_and_leaves_the_books_empty()
    {
        string stats = _dir.File("decode-only.json");

        GwProcess.Result run = GwProcess.Run("replay", Repo.Pcap("itch-ab.pcap"), "--decode-only", "--stats-out", stats, "--cpu", "-1");

        Assert.True(run.ExitCode == 0, run.ToString());
        JsonElement s = GwProcess.ReadJson(stats);
        Assert.Equal(20103, s.GetProperty("messages").GetInt64());
        Assert.Equal(0, s.GetProperty("live_orders").GetInt64());
        Assert.Equal(0, s.GetProperty("lost_messages").GetInt64());
    }

    [Fact]
    public void Holes_with_no_rerequest_server_are_lost_and_flag_every_instrument()
    {
        string holed = _dir.File("lost.pcap");
        Assert.Equal(0, GwProcess.Run("gen", "itch", "--out", holed, "--messages", "20000", "--instruments", "300", "--seed", "8", "--lines", "2", "--drop-all-lines", "0.02").ExitCode);
        string stats = _dir.File("lost.json");

        GwProcess.Result run = GwProcess.Run("replay", holed, "--stats-out", stats, "--cpu", "-1");

        Assert.True(run.ExitCode == 0, run.ToString());
        JsonElement s = GwProcess.ReadJson(stats);
        long lost = s.GetProperty("lost_messages").GetInt64();
        Assert.True(lost > 0, run.StdOut);
        long inRanges = 0;
        foreach (JsonElement range in s.GetProperty("lost_ranges").EnumerateArray())
        {
            Assert.True(range.GetProperty("given_up").GetBoolean());
            inRanges += range.GetProperty("to").GetInt64() - range.GetProperty("from").GetInt64() + 1;
        }

        Assert.Equal(lost, inRanges);

        // The feed cannot tell which books the lost messages touched: every instrument is flagged for
        // it, and the report counts the 300 instruments of the capture.
        Assert.Equal(300, s.GetProperty("flagged_instruments").GetInt32());
        Assert.Equal(300, s.GetProperty("flagged_by_reason").GetProperty("MessagesLost").GetInt32());
        Assert.Contains("MessagesLost:300", run.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Holes_on_both_lines_are_recovered_from_gw_mold_server()
    {
        // The server serves the complete day; the replayed capture lost 3 % of its packets on both lines.
        string full = _dir.File("full.pcap");
        string holed = _dir.File("holed.pcap");
        Assert.Equal(0, GwProcess.Run("gen", "itch", "--out", full, "--messages", "20000", "--seed", "7").ExitCode);
        Assert.Equal(0, GwProcess.Run("gen", "itch", "--out", holed, "--messages", "20000", "--seed", "7", "--lines", "2", "--drop-all-lines", "0.03").ExitCode);
        int port = 20000 + (Environment.ProcessId % 20000);
        var server = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in new[] { GwProcess.GwDll, "mold-server", full, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--seconds", "60" })
        {
            server.ArgumentList.Add(a);
        }

        using var serverProcess = System.Diagnostics.Process.Start(server)!;
        try
        {
            // The server prints its first line once the capture is loaded and the socket bound.
            Task<string?> firstLine = serverProcess.StandardOutput.ReadLineAsync();
            Assert.True(await Task.WhenAny(firstLine, Task.Delay(TimeSpan.FromSeconds(30))) == firstLine, "gw mold-server did not start");
            string stats = _dir.File("recovered.json");
            string book = _dir.File("recovered.csv");
            string reference = _dir.File("reference.csv");
            GwProcess.Result run = GwProcess.Run("replay", holed, "--rerequest", $"127.0.0.1:{port}", "--stats-out", stats, "--book-out", book, "--cpu", "-1");
            Assert.True(run.ExitCode == 0, run.ToString());
            Assert.Equal(0, GwProcess.Run("replay", full, "--book-out", reference, "--cpu", "-1", "--quiet").ExitCode);

            JsonElement s = GwProcess.ReadJson(stats);
            Assert.True(s.GetProperty("rerequests_sent").GetInt64() > 0, run.StdOut);
            Assert.Equal(0, s.GetProperty("lost_messages").GetInt64());
            Assert.Equal(File.ReadAllText(reference), File.ReadAllText(book));

            // Recovered holes flag nothing.
            Assert.Equal(0, s.GetProperty("flagged_instruments").GetInt32());
            Assert.Empty(s.GetProperty("flagged_by_reason").EnumerateObject());
        }
        finally
        {
            serverProcess.Kill(entireProcessTree: true);
            serverProcess.WaitForExit();
        }
    }
}
