using System.Buffers.Binary;

namespace Gateway.Host.Tests;

/// <summary>
/// Every bad input named in the packet-path issue: a clear message on stderr, the documented
/// non-zero exit code, and never a crash (an unhandled exception would exit 134 or print a stack).
/// </summary>
public sealed class BadInputTests : IClassFixture<ReplayFixture>, IDisposable
{
    private readonly ReplayFixture _fixture;
    private readonly TempDir _dir = new();

    public BadInputTests(ReplayFixture fixture) => _fixture = fixture;

    public void Dispose() => _dir.Dispose();

    private static void AssertCleanFailure(GwProcess.Result run, int exitCode, string messagePart)
    {
        Assert.True(run.ExitCode == exitCode, run.ToString());
        Assert.Contains(messagePart, run.StdErr, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Unhandled exception", run.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.StdErr, StringComparison.Ordinal);
    }

    private string CopyOfCapture(string name, Func<byte[], byte[]> change)
    {
        string path = _dir.File(name);
        File.WriteAllBytes(path, change(File.ReadAllBytes(_fixture.Capture)));
        return path;
    }

    [Fact]
    public void Truncated_capture_replays_what_is_whole_then_fails_with_exit_2()
    {
        string cut = CopyOfCapture("cut.pcap", b => b[..(b.Length - 7)]);

        GwProcess.Result run = GwProcess.Run("replay", cut, "--cpu", "-1");

        AssertCleanFailure(run, 2, "truncated");
        Assert.Contains("packets before it were replayed", run.StdErr, StringComparison.Ordinal);
    }

    /// <summary>
    /// Issue 11, defect 7: through DPDK's net_pcap a truncated capture gave rc 0 and a 2 GB record
    /// length decoded garbage frames. The capture is now checked before it is handed over.
    /// </summary>
    [Theory]
    [InlineData("truncated")]
    [InlineData("record length")]
    public void Dpdk_backend_refuses_a_damaged_capture_with_exit_2(string damage)
    {
        string bad = damage == "truncated"
            ? CopyOfCapture("cut-dpdk.pcap", b => b[..(b.Length - 7)])
            : CopyOfCapture("corrupt-dpdk.pcap", b =>
            {
                int o = 24;
                for (int i = 0; i < 10; i++)
                {
                    o += 16 + (int)BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(o + 8));
                }

                BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(o + 8), 0x7FFF_FFFF);
                return b;
            });

        GwProcess.Result run = GwProcess.Run("replay", bad, "--backend", "dpdk", "--cpu", "-1");
        AssertCleanFailure(run, 2, damage == "truncated" ? "truncated" : "length");
        Assert.Contains("net_pcap", run.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public void Corrupt_record_length_fails_with_exit_2()
    {
        // The 11th record's incl_len: walk the records to find it.
        string corrupt = CopyOfCapture("corrupt.pcap", b =>
        {
            int o = 24;
            for (int i = 0; i < 10; i++)
            {
                o += 16 + (int)BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(o + 8));
            }

            BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(o + 8), 0x7FFF_0000);
            return b;
        });

        GwProcess.Result run = GwProcess.Run("replay", corrupt, "--cpu", "-1");

        AssertCleanFailure(run, 2, "corrupt record length");
    }

    [Fact]
    public void Unknown_link_type_fails_with_exit_2()
    {
        string wifi = CopyOfCapture("wifi.pcap", b =>
        {
            BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(20), 105);
            return b;
        });

        AssertCleanFailure(GwProcess.Run("replay", wifi, "--cpu", "-1"), 2, "link type 105");
        AssertCleanFailure(GwProcess.Run("replay", wifi, "--backend", "libpcap", "--cpu", "-1"), 2, "link type 105");
        AssertCleanFailure(GwProcess.Run("replay", wifi, "--backend", "dpdk", "--cpu", "-1"), 2, "link type 105");
    }

    [Fact]
    public void Unrecognised_file_fails_with_exit_2()
    {
        string text = _dir.File("notes.txt");
        File.WriteAllText(text, "this is not a capture file at all, just some words\n");

        AssertCleanFailure(GwProcess.Run("replay", text, "--cpu", "-1"), 2, "unrecognised capture format");
    }

    [Fact]
    public void Jumbo_frames_are_skipped_counted_and_exit_3()
    {
        string capture = _dir.File("jumbo.pcap");
        Assert.Equal(0, GwProcess.Run("gen", "frames", "--out", capture, "--packets", "100", "--jumbo", "2").ExitCode);
        string stats = _dir.File("jumbo.json");

        GwProcess.Result run = GwProcess.Run("replay", capture, "--stats-out", stats, "--cpu", "-1");

        AssertCleanFailure(run, 3, "--max-frame");
        Assert.Equal(2, GwProcess.ReadJson(stats).GetProperty("oversize_frames").GetInt64());
        Assert.Equal(100, GwProcess.ReadJson(stats).GetProperty("datagrams").GetInt64());

        // Through DPDK the jumbo frame arrives as a chained mbuf: counted the same way.
        GwProcess.Result dpdk = GwProcess.Run("replay", capture, "--backend", "dpdk", "--stats-out", stats, "--cpu", "-1");
        AssertCleanFailure(dpdk, 3, "--max-frame");
        Assert.Equal(2, GwProcess.ReadJson(stats).GetProperty("oversize_frames").GetInt64());

        // Raising the limit decodes them.
        Assert.Equal(0, GwProcess.Run("replay", capture, "--max-frame", "9100", "--cpu", "-1").ExitCode);
    }

    [Fact]
    public void Missing_native_library_fails_with_exit_4_and_says_how_to_build_it()
    {
        var env = new Dictionary<string, string> { ["GW_NATIVE_PATH"] = "/nonexistent/libgwnative.so" };

        GwProcess.Result run = GwProcess.Run(["replay", _fixture.Capture, "--backend", "dpdk", "--cpu", "-1"], env);

        AssertCleanFailure(run, 4, "libgwnative.so");
    }

    [Fact]
    public void Unknown_vdev_fails_with_exit_4()
    {
        GwProcess.Result run = GwProcess.Run("replay", _fixture.Capture, "--backend", "dpdk", "--vdev", "net_bogus0", "--cpu", "-1");

        AssertCleanFailure(run, 4, "net_bogus0");
    }

    [Fact]
    public void Missing_capture_and_bad_options_exit_1()
    {
        AssertCleanFailure(GwProcess.Run("replay", _dir.File("nope.pcap")), 1, "not found");
        AssertCleanFailure(GwProcess.Run("replay", _fixture.Capture, "--pace", "fast"), 1, "pace");
        AssertCleanFailure(GwProcess.Run("replay", _fixture.Capture, "--cpu", "999"), 1, "--cpu");
        AssertCleanFailure(GwProcess.Run("replay", _fixture.Capture, "--filter", "233.1.1.1"), 1, "ADDRESS:PORT");
        Assert.Equal(1, GwProcess.Run("replay", _fixture.Capture, "--backend", "carrier-pigeon").ExitCode);
        AssertCleanFailure(GwProcess.Run("replay", _fixture.Capture, "--backend", "libpcap", "--vdev", "net_null0"), 1, "only to --backend dpdk");
        AssertCleanFailure(GwProcess.Run("replay", _fixture.Capture, "--stats-out", _dir.File("no/such/folder/s.json")), 1, "does not exist");
    }

    /// <summary>Issue 11, defect 10: --lines with port 0 or the same line twice was accepted.</summary>
    [Theory]
    [InlineData("233.54.12.111:0", "port 0")]
    [InlineData("233.54.12.111:26477,233.54.12.111:26477", "the same destination")]
    [InlineData("*:26477", "no *")]
    public void Lines_that_cannot_be_feed_lines_exit_1(string lines, string message) =>
        AssertCleanFailure(GwProcess.Run("replay", _fixture.Capture, "--lines", lines, "--cpu", "-1"), 1, message);

    /// <summary>Issue 11, defect 10: a bad venue --mode got a catch-all message naming every option; mold-server --seconds -1 was accepted.</summary>
    [Fact]
    public void Each_bad_option_is_named_on_its_own()
    {
        GwProcess.Result mode = GwProcess.Run("venue", "--port", "0", "--store", _dir.File("v"), "--mode", "auction");
        AssertCleanFailure(mode, 1, "--mode auction: not one of fill, partial, accept, reject, echo");
        Assert.DoesNotContain("--bind", mode.StdErr, StringComparison.Ordinal);
        AssertCleanFailure(GwProcess.Run("venue", "--port", "0", "--store", _dir.File("v"), "--bind", "nowhere"), 1, "--bind nowhere: not an IP address");
        AssertCleanFailure(GwProcess.Run("venue", "--port", "0", "--store", _dir.File("v"), "--seconds", "-1"), 1, "--seconds -1: must be 0 or more");
        GwProcess.Result seconds = GwProcess.Run("mold-server", Repo.Pcap("itch-ab.pcap"), "--port", "0", "--seconds", "-1");
        AssertCleanFailure(seconds, 1, "--seconds -1: must be 0 or more");
        Assert.DoesNotContain("--session", seconds.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public void Gzip_capture_through_dpdk_is_refused_with_a_hint()
    {
        string gz = _dir.File("ab.pcap.gz");
        using (var input = File.OpenRead(_fixture.Capture))
        using (var output = new System.IO.Compression.GZipStream(File.Create(gz), System.IO.Compression.CompressionLevel.Fastest))
        {
            input.CopyTo(output);
        }

        AssertCleanFailure(GwProcess.Run("replay", gz, "--backend", "dpdk", "--cpu", "-1"), 2, "gzip");
        Assert.Equal(0, GwProcess.Run("replay", gz, "--cpu", "-1").ExitCode);
    }
}
