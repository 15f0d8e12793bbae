using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Gateway.Host.Tests;

/// <summary>
/// A live interface, not a file: a veth pair between this namespace and a test network namespace.
/// gw receives on one end through DPDK's net_af_packet PMD while tcpreplay plays the capture into
/// the other end from inside the namespace. The lab sends only between its own two interfaces and
/// removes itself afterwards.
/// </summary>
public sealed class NetnsTests : IClassFixture<ReplayFixture>, IDisposable
{
    private readonly ReplayFixture _fixture;
    private readonly string _ns;
    private readonly string _outer;
    private readonly string _inner;

    public NetnsTests(ReplayFixture fixture)
    {
        _fixture = fixture;
        string tag = (Environment.ProcessId % 10000).ToString(CultureInfo.InvariantCulture);
        _ns = "gwtest" + tag;
        _outer = "gwva" + tag;
        _inner = "gwvb" + tag;
        Dispose(); // leftovers of a killed run
        Ip("netns", "add", _ns);
        Ip("link", "add", _outer, "type", "veth", "peer", "name", _inner);
        Ip("link", "set", _inner, "netns", _ns);
        GwProcess.Tool("sysctl", "-qw", $"net.ipv6.conf.{_outer}.disable_ipv6=1");
        GwProcess.Tool("ip", "netns", "exec", _ns, "sysctl", "-qw", $"net.ipv6.conf.{_inner}.disable_ipv6=1");
        // No multicast out of the root end: tests running beside this one join groups and send to
        // them, and the kernel would put their IGMP reports and datagrams (GSO super-frames larger
        // than any MTU among them) on this veth. Receiving what tcpreplay plays is unaffected.
        Ip("link", "set", _outer, "multicast", "off");
        Ip("link", "set", _outer, "up");
        Ip("netns", "exec", _ns, "ip", "link", "set", _inner, "up");
    }

    public void Dispose()
    {
        Quiet("ip", "link", "del", _outer);
        Quiet("ip", "netns", "del", _ns);
    }

    private static void Ip(params string[] args) => GwProcess.Tool("ip", args);

    private static void Quiet(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }

        using Process p = Process.Start(start)!;
        p.WaitForExit();
    }

    [Fact]
    public async Task Dpdk_af_packet_receives_a_capture_played_into_a_veth_in_a_namespace()
    {
        string stats = _fixture.Dir.File($"netns-{_ns}.json");
        string payloads = _fixture.Dir.File($"netns-{_ns}.bin");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string a in new[]
        {
            GwProcess.GwDll, "replay", _fixture.Capture, "--backend", "dpdk", "--vdev", $"net_af_packet0,iface={_outer},framecnt=8192",
            "--filter", "233.54.12.111:26477,233.54.12.112:26477", "--stats-out", stats, "--payloads-out", payloads, "--cpu", "-1",
            // The PMD sees every frame on the veth, and with multicast off the kernel still put two GSO
            // super-frames of other tests' traffic there once (exit 3, oversize): decode frames of any
            // size, so what is not the capture's is left out by --filter rather than failing the run.
            "--max-frame", "65535",
        })
        {
            start.ArgumentList.Add(a);
        }

        using Process gw = Process.Start(start)!;
        Task<string> stdout = gw.StandardOutput.ReadToEndAsync();
        var stderr = new System.Text.StringBuilder();
        var ready = new TaskCompletionSource();
        gw.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (stderr)
            {
                stderr.AppendLine(e.Data);
            }

            if (e.Data.Contains("receiving from", StringComparison.Ordinal))
            {
                ready.TrySetResult();
            }
        };
        gw.BeginErrorReadLine();
        try
        {
            Task first = await Task.WhenAny(ready.Task, Task.Delay(TimeSpan.FromSeconds(30)));
            Assert.True(first == ready.Task, $"gw never said it was receiving: {stderr}");

            // 20,000 frames/s: a live test, not a load test; the machine runs other test assemblies meanwhile.
            GwProcess.Tool("ip", "netns", "exec", _ns, "tcpreplay", "-q", "--pps=20000", "-i", _inner, _fixture.Capture);

            Assert.True(gw.WaitForExit(TimeSpan.FromSeconds(30)), $"gw did not end after the traffic stopped: {stderr}");
        }
        finally
        {
            if (!gw.HasExited)
            {
                gw.Kill(entireProcessTree: true);
            }
        }

        gw.WaitForExit();
        string output = await stdout;
        Assert.True(gw.ExitCode == 0, $"exit {gw.ExitCode}: {stderr}\n{output}");
        JsonElement s = GwProcess.ReadJson(stats);
        Assert.True(ReplayFixture.Datagrams * 2 == s.GetProperty("datagrams").GetInt64(), $"datagrams {s.GetProperty("datagrams")}, port rx_missed {s.GetProperty("port_rx_missed")}");

        // The PMD's kernel ring, read from its packet socket (DPDK 22.11 does not): it saw at least every frame played.
        JsonElement nic = s.GetProperty("queues").GetProperty("nic");
        Assert.Equal("dpdk_port", nic.GetProperty("kind").GetString());
        Assert.False(nic.TryGetProperty("note", out JsonElement note), note.ToString());
        Assert.True(nic.GetProperty("kernel_ring_packets").GetInt64() >= ReplayFixture.Datagrams * 2, nic.ToString());
        Assert.Equal(nic.GetProperty("imissed").GetInt64() + nic.GetProperty("kernel_ring_drops").GetInt64(), nic.GetProperty("dropped").GetInt64());

        // Byte for byte what the file backend reads from the same capture.
        string filePayloads = _fixture.Dir.File($"netns-{_ns}-file.bin");
        Assert.Equal(0, GwProcess.Run("replay", _fixture.Capture, "--payloads-out", filePayloads, "--cpu", "-1", "--quiet").ExitCode);
        Assert.Equal(GwProcess.ReadPayloads(filePayloads), GwProcess.ReadPayloads(payloads));
    }
}
