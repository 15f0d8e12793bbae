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

    [Theory]
    [InlineData("itch.NASDAQ_ITCH50", "on")]
    [InlineData("itch.NASDAQ_ITCH50", "off")]
    [InlineData("itch-ab.pcap", "on")]
    [InlineData("itch-ab.pcap", "off")]
    public void The_look_ahead_forced_on_or_off_builds_the_same_golden_books(string capture, string mode)
    {
        string book = _dir.File($"{mode}-{capture}.csv");
        string stats = _dir.File($"{mode}-{capture}.json");

        GwProcess.Result run = GwProcess.Run("replay", Repo.Pcap(capture), "--book-out", book, "--stats-out", stats, "--cpu", "-1", $"--Feed:Lookahead={mode}");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(File.ReadAllText(Repo.Pcap("itch-ab.book.csv")), File.ReadAllText(book));
        JsonElement lookahead = GwProcess.ReadJson(stats).GetProperty("book_lookahead");
        Assert.Equal(mode, lookahead.GetProperty("mode").GetString());
        Assert.Equal(mode == "on", lookahead.GetProperty("active_at_end").GetBoolean());
        Assert.Equal(0, lookahead.GetProperty("switches").GetInt64());
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

/// <summary>
/// Issue 11, defect 8: MoldUDP64 malformations are reported by reason, and one packet whose sequence
/// number jumps 10^12 ahead (contradicted by the other line) is one malformed packet, not a loss of
/// 10^12 messages nor the end of its line.
/// </summary>
public sealed class MoldMalformationReplayTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_corrupted_sequence_and_a_wrong_count_on_line_A_are_reported_and_line_B_keeps_the_books_whole()
    {
        byte[] capture = File.ReadAllBytes(Repo.Pcap("itch-ab.pcap"));
        List<int> lineA = [];
        for (int o = 24; o + 16 <= capture.Length;)
        {
            int length = (int)System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(capture.AsSpan(o + 8));
            int frame = o + 16;
            // Ethernet 14 + 802.1Q 4, IPv4 destination at 16 into its header: 233.54.12.111 is line A.
            if (capture[frame + 34] == 233 && capture[frame + 37] == 111)
            {
                lineA.Add(frame);
            }

            o = frame + length;
        }

        // MoldUDP64 after Ethernet (14), VLAN (4), IPv4 (20), UDP (8): sequence at +10, count at +18.
        const int Mold = 14 + 4 + 20 + 8;
        int jumped = lineA[100] + Mold;
        ulong sequence = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(capture.AsSpan(jumped + 10));
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(capture.AsSpan(jumped + 10), sequence + 1_000_000_000_000);
        int miscounted = lineA[200] + Mold;
        ushort count = System.Buffers.Binary.BinaryPrimitives.ReadUInt16BigEndian(capture.AsSpan(miscounted + 18));
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(capture.AsSpan(miscounted + 18), (ushort)(count + 1));
        string path = _dir.File("bad-a.pcap");
        File.WriteAllBytes(path, capture);

        string stats = _dir.File("s.json");
        string book = _dir.File("b.csv");
        GwProcess.Result run = GwProcess.Run("replay", path, "--stats-out", stats, "--book-out", book, "--cpu", "-1");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("implausible_sequence_jump 1", run.StdOut);
        Assert.Contains("count_above_messages 1", run.StdOut);
        System.Text.Json.JsonElement json = GwProcess.ReadJson(stats);
        Assert.Equal(2, json.GetProperty("moldudp64_malformed").GetInt64());
        Assert.Equal(1, json.GetProperty("moldudp64_malformed_by_reason").GetProperty("implausible_sequence_jump").GetInt64());
        Assert.Equal(1, json.GetProperty("moldudp64_malformed_by_reason").GetProperty("count_above_messages").GetInt64());
        Assert.Equal(0, json.GetProperty("lost_messages").GetInt64());
        Assert.Equal(File.ReadAllText(Repo.Pcap("itch-ab.book.csv")), File.ReadAllText(book));
    }
}
