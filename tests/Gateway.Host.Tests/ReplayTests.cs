using System.Text.Json;

namespace Gateway.Host.Tests;

/// <summary>One generated capture (A/B lines, VLAN tags, a few malformed frames) shared by the replay tests.</summary>
public sealed class ReplayFixture : IDisposable
{
    public const int Datagrams = 3000;
    public const int Malformed = 3;

    public ReplayFixture()
    {
        Capture = Dir.File("ab.pcap");
        GwProcess.Result gen = GwProcess.Run("gen", "frames", "--out", Capture, "--packets", Datagrams.ToString(),
            "--lines", "2", "--vlans", "1", "--malformed", Malformed.ToString(), "--seed", "42");
        if (gen.ExitCode != 0)
        {
            throw new InvalidOperationException(gen.ToString());
        }
    }

    public TempDir Dir { get; } = new();

    public string Capture { get; }

    public void Dispose() => Dir.Dispose();
}

public class ReplayTests(ReplayFixture fixture) : IClassFixture<ReplayFixture>
{
    private const int Frames = (ReplayFixture.Datagrams * 2) + ReplayFixture.Malformed;

    private (GwProcess.Result Run, JsonElement Stats, List<byte[]> Payloads) Replay(string capture, string backend, params string[] extra)
    {
        string stats = fixture.Dir.File($"stats-{Guid.NewGuid():N}.json");
        string payloads = fixture.Dir.File($"payloads-{Guid.NewGuid():N}.bin");
        var args = new List<string> { "replay", capture, "--backend", backend, "--stats-out", stats, "--payloads-out", payloads, "--cpu", "-1" };
        args.AddRange(extra);
        GwProcess.Result run = GwProcess.Run(args);
        Assert.True(run.ExitCode == 0, run.ToString());
        return (run, GwProcess.ReadJson(stats), GwProcess.ReadPayloads(payloads));
    }

    [Fact]
    public void File_backend_reports_packets_destinations_and_malformed_frames()
    {
        var (run, stats, payloads) = Replay(fixture.Capture, "file");

        Assert.Equal(Frames, stats.GetProperty("packets").GetInt64());
        Assert.Equal(ReplayFixture.Datagrams * 2, stats.GetProperty("datagrams").GetInt64());
        Assert.Equal(ReplayFixture.Malformed, stats.GetProperty("malformed_frames").GetInt64());
        JsonElement byDestination = stats.GetProperty("datagrams_by_destination");
        Assert.Equal(ReplayFixture.Datagrams, byDestination.GetProperty("233.54.12.111:26477").GetProperty("datagrams").GetInt64());
        Assert.Equal(ReplayFixture.Datagrams, byDestination.GetProperty("233.54.12.112:26477").GetProperty("datagrams").GetInt64());
        Assert.Equal(ReplayFixture.Datagrams * 2, payloads.Count);
        Assert.True(stats.GetProperty("packets_per_second").GetDouble() > 0);
        Assert.True(stats.GetProperty("elapsed_seconds").GetDouble() > 0);
        Assert.Equal(new FileInfo(fixture.Capture).Length - 24 - (16L * Frames), stats.GetProperty("bytes").GetInt64());
        Assert.Contains("233.54.12.111:26477", run.StdOut, StringComparison.Ordinal);
        Assert.Contains("packets/s", run.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public void Payloads_match_what_tshark_extracts_independently()
    {
        var (_, _, payloads) = Replay(fixture.Capture, "file");

        string[] lines = GwProcess.Tool("tshark", "-r", fixture.Capture, "-Y", "udp", "-T", "fields", "-e", "udp.payload")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(lines.Length, payloads.Count);
        for (int i = 0; i < lines.Length; i++)
        {
            Assert.Equal(Convert.FromHexString(lines[i].Trim().Replace(":", "", StringComparison.Ordinal)), payloads[i]);
        }
    }

    [Fact]
    public void Dpdk_net_pcap_and_libpcap_give_byte_identical_payload_sequences_to_the_file_backend()
    {
        var (_, fileStats, filePayloads) = Replay(fixture.Capture, "file");
        var (_, dpdkStats, dpdkPayloads) = Replay(fixture.Capture, "dpdk");
        var (_, pcapStats, pcapPayloads) = Replay(fixture.Capture, "libpcap");

        Assert.Equal(filePayloads.Count, dpdkPayloads.Count);
        Assert.Equal(filePayloads.Count, pcapPayloads.Count);
        for (int i = 0; i < filePayloads.Count; i++)
        {
            Assert.Equal(filePayloads[i], dpdkPayloads[i]);
            Assert.Equal(filePayloads[i], pcapPayloads[i]);
        }

        foreach (JsonElement s in new[] { dpdkStats, pcapStats })
        {
            Assert.Equal(fileStats.GetProperty("packets").GetInt64(), s.GetProperty("packets").GetInt64());
            Assert.Equal(fileStats.GetProperty("bytes").GetInt64(), s.GetProperty("bytes").GetInt64());
            Assert.Equal(fileStats.GetProperty("malformed_frames").GetInt64(), s.GetProperty("malformed_frames").GetInt64());
        }
    }

    [Theory]
    [InlineData("pcapng")]
    [InlineData("pcap")] // editcap's "pcap" is the classic microsecond format
    public void Pcapng_and_microsecond_pcap_replay_the_same_as_the_nanosecond_original(string editcapFormat)
    {
        string converted = fixture.Dir.File($"converted-{editcapFormat}.cap");
        GwProcess.Tool("editcap", "-F", editcapFormat, fixture.Capture, converted);

        var (_, original, originalPayloads) = Replay(fixture.Capture, "file");
        var (_, stats, payloads) = Replay(converted, "file");

        Assert.Equal(original.GetProperty("packets").GetInt64(), stats.GetProperty("packets").GetInt64());
        Assert.Equal(originalPayloads, payloads);

        // µs keeps the first timestamp to the microsecond.
        long originalFirst = original.GetProperty("first_timestamp_ns").GetInt64();
        Assert.Equal(originalFirst / 1000, stats.GetProperty("first_timestamp_ns").GetInt64() / 1000);
    }

    [Fact]
    public void Recorded_pace_at_a_multiple_follows_the_capture_clock()
    {
        // 400 datagrams at a mean 1,000/s: about 0.4 s recorded, so about 0.1 s at 4x.
        string capture = fixture.Dir.File("paced.pcap");
        Assert.Equal(0, GwProcess.Run("gen", "frames", "--out", capture, "--packets", "400", "--rate", "1000").ExitCode);
        var (_, stats, _) = Replay(capture, "file", "--pace", "4x", "--idle", "backoff");

        double recorded = (stats.GetProperty("last_timestamp_ns").GetInt64() - stats.GetProperty("first_timestamp_ns").GetInt64()) / 1e9;
        double elapsed = stats.GetProperty("elapsed_seconds").GetDouble();
        Assert.InRange(recorded, 0.2, 0.8);
        Assert.True(elapsed >= recorded / 4 * 0.99, $"elapsed {elapsed} s for {recorded} s recorded at 4x");
        Assert.True(elapsed < (recorded / 4) + 1.0, $"elapsed {elapsed} s for {recorded} s recorded at 4x: drifted");
    }

    [Fact]
    public void Filter_keeps_only_the_named_line()
    {
        var (_, stats, payloads) = Replay(fixture.Capture, "file", "--filter", "233.54.12.112:26477");

        Assert.Equal(ReplayFixture.Datagrams, stats.GetProperty("datagrams").GetInt64());
        Assert.Equal(ReplayFixture.Datagrams, stats.GetProperty("frames_by_reason").GetProperty("filtered").GetInt64());
        Assert.Equal(ReplayFixture.Datagrams, payloads.Count);
    }

    [Fact]
    public void Hot_path_allocates_nothing_during_a_replay()
    {
        string capture = fixture.Dir.File("big.pcap");
        Assert.Equal(0, GwProcess.Run("gen", "frames", "--out", capture, "--packets", "60000").ExitCode);
        string statsPath = fixture.Dir.File("big.json");
        GwProcess.Result run = GwProcess.Run("replay", capture, "--stats-out", statsPath, "--cpu", "-1");
        Assert.True(run.ExitCode == 0, run.ToString());

        JsonElement stats = GwProcess.ReadJson(statsPath);
        Assert.Equal(60000, stats.GetProperty("packets").GetInt64());
        Assert.Equal(0, stats.GetProperty("hot_path_allocated_bytes").GetInt64());
    }

    [Fact]
    public void Bundled_demo_capture_replays_as_documented_in_pcaps_readme()
    {
        var (_, stats, _) = Replay(Repo.Pcap("demo-udp.pcap"), "file");

        Assert.Equal(4003, stats.GetProperty("packets").GetInt64());
        Assert.Equal(4000, stats.GetProperty("datagrams").GetInt64());
        Assert.Equal(3, stats.GetProperty("frames_by_reason").GetProperty("truncated_ipv4").GetInt64());
        Assert.Equal(2000, stats.GetProperty("datagrams_by_destination").GetProperty("233.54.12.111:26477").GetProperty("datagrams").GetInt64());
    }
}
