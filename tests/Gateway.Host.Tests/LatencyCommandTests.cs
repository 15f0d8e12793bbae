using System.Text.Json;
using Gateway.Lab.Tests.Latency;
using static Gateway.Lab.Tests.Latency.LatencyCapture;

namespace Gateway.Host.Tests;

/// <summary><c>gw latency</c> through the real binary: exit codes, the JSON contract, one-line errors.</summary>
public sealed class LatencyCommandTests : IDisposable
{
    private const long Second = 1_000_000_000;
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static void AssertCleanFailure(GwProcess.Result run, int exitCode, string messagePart)
    {
        Assert.True(run.ExitCode == exitCode, run.ToString());
        Assert.Contains(messagePart, run.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", run.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.StdErr, StringComparison.Ordinal);
    }

    /// <summary>Four orders 1, 2, 2 and 10 us after their triggers (two of them on one packet), one without a trigger; in time order.</summary>
    private string Sample(string name = "sample.pcap")
    {
        byte[][] o = [Order(1, Trigger(1)), Order(2, Trigger(2)), Order(3, Trigger(3)), Order(4, Trigger(4)), Order(5, null)];
        uint[] seq = new uint[o.Length];
        seq[0] = 1;
        for (int i = 1; i < o.Length; i++)
        {
            seq[i] = seq[i - 1] + (uint)o[i - 1].Length;
        }

        string path = _dir.File(name);
        new LatencyCapture()
            .Mold(Second, 1, 2)
            .Tcp(Second + 1000, seq[0], o[0])
            .Tcp(Second + 2000, seq[1], o[1])
            .Mold(Second + 500_000, 3, 1)
            .Mold(Second + 500_000, 4, 1)
            .Tcp(Second + 502_000, seq[2], o[2])
            .Tcp(Second + 510_000, seq[3], o[3])
            .Tcp(Second + 600_000, seq[4], o[4])
            .Write(path);
        return path;
    }

    [Fact]
    public void Measures_a_capture_and_writes_the_json_contract()
    {
        string json = _dir.File("latency.json");
        GwProcess.Result run = GwProcess.Run("latency", Sample(), "--json", json);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("p99", run.StdOut, StringComparison.Ordinal);
        Assert.Contains("#", run.StdOut, StringComparison.Ordinal);
        JsonElement r = GwProcess.ReadJson(json);
        Assert.Equal(5, r.GetProperty("orders").GetInt64());
        Assert.Equal(4, r.GetProperty("matched").GetInt64());
        Assert.Equal(1, r.GetProperty("no_trigger_field").GetInt64());
        Assert.Equal(0, r.GetProperty("trigger_not_found").GetInt64());
        Assert.Equal(3, r.GetProperty("trigger_packets").GetInt64());
        Assert.Equal(2000, r.GetProperty("p50_ns").GetInt64());     // rank 2 of 1000, 2000, 2000, 10000
        Assert.Equal(10_000, r.GetProperty("p90_ns").GetInt64());
        Assert.Equal(10_000, r.GetProperty("p99_ns").GetInt64());
        Assert.Equal(10_000, r.GetProperty("p999_ns").GetInt64());
        Assert.Equal(10_000, r.GetProperty("max_ns").GetInt64());
        Assert.Equal(1000, r.GetProperty("min_ns").GetInt64());
        Assert.Equal(3750.0, r.GetProperty("mean_ns").GetDouble());
        Assert.Equal(1, r.GetProperty("clock_resolution_ns").GetInt64());
        Assert.Equal(1000, r.GetProperty("min_step_ns").GetInt64());
        Assert.Equal(1, r.GetProperty("connections").GetInt64());
        Assert.Equal(0, r.GetProperty("retransmitted_bytes").GetInt64());
        Assert.Equal(0, r.GetProperty("out_of_order_segments").GetInt64());
        Assert.Equal(0, r.GetProperty("negative_latencies").GetInt64());
        Assert.Equal(0, r.GetProperty("stream_holes").GetInt64());
        Assert.Equal(4, r.GetProperty("histogram").EnumerateArray().Sum(b => b.GetProperty("count").GetInt64()));
        Assert.Equal(10_000, r.GetProperty("histogram").EnumerateArray().Last().GetProperty("upper_ns").GetInt64());
    }

    [Fact]
    public void Json_to_standard_output_is_json_alone()
    {
        GwProcess.Result run = GwProcess.Run("latency", Sample(), "--json", "-");
        Assert.True(run.ExitCode == 0, run.ToString());
        using JsonDocument doc = JsonDocument.Parse(run.StdOut);
        Assert.Equal(4, doc.RootElement.GetProperty("matched").GetInt64());
    }

    [Fact]
    public void A_capture_without_orders_exits_8()
    {
        string path = _dir.File("no-orders.pcap");
        new LatencyCapture().Mold(Second, 1, 3).Write(path);
        string json = _dir.File("empty.json");
        GwProcess.Result run = GwProcess.Run("latency", path, "--json", json);
        AssertCleanFailure(run, 8, "nothing to measure: no NewOrderSingle");
        Assert.Equal(JsonValueKind.Null, GwProcess.ReadJson(json).GetProperty("p50_ns").ValueKind);
    }

    [Fact]
    public void Negative_latencies_exit_9_without_percentiles()
    {
        string inbound = _dir.File("in.pcap");
        string outbound = _dir.File("out.pcap");
        new LatencyCapture().Mold(Second + 9000, 1, 1).Write(inbound);
        new LatencyCapture().Tcp(Second, 1, Order(1, Trigger(1))).Write(outbound);
        string json = _dir.File("neg.json");
        GwProcess.Result run = GwProcess.Run("latency", inbound, outbound, "--json", json);
        AssertCleanFailure(run, 9, "clock trouble");
        JsonElement r = GwProcess.ReadJson(json);
        Assert.Equal(1, r.GetProperty("negative_latencies").GetInt64());
        Assert.Equal(JsonValueKind.Null, r.GetProperty("p99_ns").ValueKind);
        Assert.Contains("percentiles withheld", run.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_command_lines_and_inputs_get_one_line_and_their_exit_code()
    {
        AssertCleanFailure(GwProcess.Run("latency", _dir.File("missing.pcap")), 1, "no such file");
        AssertCleanFailure(GwProcess.Run("latency", Sample(), "--trigger-tag", "35"), 1, "--trigger-tag 35");
        AssertCleanFailure(GwProcess.Run("latency", Sample(), "--md-port", "70000"), 1, "--md-port 70000");

        string text = _dir.File("text.pcap");
        File.WriteAllText(text, "not a capture at all, only words in a file\n");
        AssertCleanFailure(GwProcess.Run("latency", text), 2, "unrecognised capture format");

        string cooked = _dir.File("link.pcap");
        new LatencyCapture(linkType: 228).Mold(Second, 1, 1).Write(cooked);
        AssertCleanFailure(GwProcess.Run("latency", cooked), 2, "unsupported link type 228");
    }

    [Fact]
    public void Help_describes_the_command()
    {
        GwProcess.Result run = GwProcess.Run("latency", "--help");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("--trigger-tag", run.StdOut, StringComparison.Ordinal);
        Assert.Contains("nothing to measure", run.StdOut, StringComparison.Ordinal);
    }

    /// <summary>ScottPlot and SkiaSharp in the NativeAOT binary: the plot is a real PNG.</summary>
    [Fact]
    public void The_native_aot_gw_writes_a_png_plot()
    {
        string aotGw = Path.Combine(Repo.Root, "build", "aot", "gw");
        Assert.True(File.Exists(aotGw), $"{aotGw} is missing: tools/build.sh publishes it");
        string png = _dir.File("latency.png");
        GwProcess.Result run = GwProcess.RunProgram(aotGw, ["latency", Sample(), "--plot", png]);
        Assert.True(run.ExitCode == 0, run.ToString());
        byte[] bytes = File.ReadAllBytes(png);
        Assert.True(bytes.Length > 10_000, $"{bytes.Length} bytes");
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);
        Assert.Empty(Directory.GetFiles(_dir.Path, ".*.tmp"));
    }
}
