using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using Gateway.Interop;
using Gateway.Interop.Tests;
using Gateway.Net.Sources;

namespace Gateway.Net.Tests.Sources;

/// <summary>The libpcap backend (SharpPcap over Debian's libpcap): offline files and a live interface.</summary>
public sealed unsafe class LibpcapSourceTests : IDisposable
{
    private const int Batch = 16;
    private readonly PacketDescriptor* _descs;
    private readonly string _dir;

    public LibpcapSourceTests()
    {
        _descs = (PacketDescriptor*)NativeMemory.AlignedAlloc(Batch * (nuint)sizeof(PacketDescriptor), 64);
        _dir = TestPcap.TempDirectory("libpcap");
    }

    public void Dispose() => NativeMemory.AlignedFree(_descs);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Offline_file_delivers_exact_bytes_and_timestamps_then_finishes(bool nano)
    {
        var records = new[]
        {
            new PcapRecord(1_700_000_000_123_456_789, TestPcap.Frame(60, 1)),
            new PcapRecord(1_700_000_001_000_000_001, TestPcap.Frame(1514, 2)),
            new PcapRecord(1_700_000_002_999_999_999, TestPcap.Frame(128, 3), WireLength: 300),
        };
        var path = Path.Combine(_dir, nano ? "nano.pcap" : "micro.pcap");
        TestPcap.Write(path, records, nano);

        using var source = LibpcapSource.OpenFile(path);
        Assert.Equal(LinkKind.Ethernet, source.Link);
        Assert.Equal(new FileInfo(path).Length, source.TotalBytes);

        var got = Drain(source);
        Assert.Equal(SourceState.Finished, source.State);
        Assert.Null(source.FailureMessage);
        Assert.Equal(source.TotalBytes, source.ProgressBytes);
        Assert.Equal(records.Length, got.Count);
        for (var i = 0; i < records.Length; i++)
        {
            Assert.Equal(records[i].Data, got[i].Data);
            // A µs file carries the timestamp truncated to µs; libpcap scales it to ns.
            var expectedNs = nano ? records[i].TimestampNs : records[i].TimestampNs / 1000 * 1000;
            Assert.Equal((ulong)expectedNs, got[i].TimestampNs);
            Assert.True((got[i].Flags & PacketDescriptor.FlagHardwareTimestamp) != 0);
        }

        Assert.Equal(0u, got[0].Flags & PacketDescriptor.FlagTruncated);
        Assert.Equal(PacketDescriptor.FlagTruncated, got[2].Flags & PacketDescriptor.FlagTruncated);

        // Finished is sticky: further polls return nothing and do not throw.
        Assert.Equal(0, source.Receive(_descs, Batch));
        Assert.Equal(SourceState.Finished, source.State);
    }

    [Fact]
    public void Offline_filter_applies_to_files()
    {
        var udp = TestPcap.Frame(60, 4);
        udp[14] = 0x45; // IPv4, IHL 5
        udp[23] = 17;   // protocol UDP
        var path = Path.Combine(_dir, "filter.pcap");
        TestPcap.Write(path, [new(1_000_000_000, TestPcap.Frame(60, 5)), new(2_000_000_000, udp)]);

        using var source = LibpcapSource.OpenFile(path, "ip proto 17");
        var got = Drain(source);
        Assert.Single(got);
        Assert.Equal(udp, got[0].Data);
    }

    [Fact]
    public void Non_ethernet_link_type_is_refused()
    {
        // LINKTYPE_LINUX_SLL (what `tcpdump -i any` writes). Not LINKTYPE_RAW (101): libpcap maps
        // that file value to DLT_RAW (12 on Linux), so the number reported would not be the file's.
        var path = Path.Combine(_dir, "linux-sll.pcap");
        TestPcap.Write(path, [new(1_000_000_000, new byte[40])], linkType: 113);
        var ex = Assert.Throws<PacketSourceException>(() => LibpcapSource.OpenFile(path));
        Assert.Contains("unsupported link type 113", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_file_and_bad_filter_give_user_facing_errors()
    {
        var missing = Path.Combine(_dir, "does-not-exist.pcap");
        var ex = Assert.Throws<PacketSourceException>(() => LibpcapSource.OpenFile(missing));
        Assert.Contains("does-not-exist.pcap", ex.Message, StringComparison.Ordinal);

        var path = Path.Combine(_dir, "ok.pcap");
        TestPcap.Write(path, [new(1_000_000_000, TestPcap.Frame(60, 6))]);
        var bad = Assert.Throws<PacketSourceException>(() => LibpcapSource.OpenFile(path, "this is not bpf"));
        Assert.Contains("invalid BPF filter", bad.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Live_capture_on_loopback_sees_udp_datagrams()
    {
        var port = 40000 + (Environment.ProcessId % 20000);
        using var source = LibpcapSource.OpenLive("lo", $"udp and dst port {port}", snapLength: 2048, promiscuous: false);
        Assert.Equal(-1, source.TotalBytes);

        var payloads = Enumerable.Range(0, 5).Select(i => Encoding.ASCII.GetBytes($"gw-live-{i}-{port}")).ToArray();
        using (var client = new UdpClient())
        {
            foreach (var p in payloads)
            {
                client.Send(p, p.Length, new IPEndPoint(IPAddress.Loopback, port));
            }
        }

        // Ethernet (14, lo has zero MACs) + IPv4 without options (20) + UDP (8).
        const int payloadOffset = 42;
        var seen = new List<byte[]>();
        var nowNs = (ulong)((DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100);
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (seen.Count < payloads.Length && DateTime.UtcNow < deadline)
        {
            var n = source.Receive(_descs, Batch);
            for (var i = 0; i < n; i++)
            {
                Assert.InRange(_descs[i].TimestampNs, nowNs - 10_000_000_000, nowNs + 10_000_000_000);
                seen.Add(_descs[i].Span[payloadOffset..].ToArray());
            }

            source.Release(_descs, n);
            if (n == 0)
            {
                Thread.Sleep(1);
            }
        }

        Assert.Equal(SourceState.Active, source.State);
        Assert.Equal(payloads.Length, seen.Count);
        for (var i = 0; i < payloads.Length; i++)
        {
            Assert.Equal(payloads[i], seen[i]);
        }

        Assert.Equal((ulong)payloads.Length, source.Stats.RxPackets);
        // Frames the socket took but nobody read yet count as undelivered, not as dropped; reading
        // them takes them off. (On loopback libpcap also skips each frame's outgoing copy, which the
        // socket counted too: so compare, not an absolute figure.)
        long skipped = source.ReadQueueStats()["undelivered"] ?? -1;
        Assert.True(skipped >= 0);
        using (var client = new UdpClient())
        {
            for (int i = 0; i < 3; i++)
            {
                client.Send(payloads[i], payloads[i].Length, new IPEndPoint(IPAddress.Loopback, port));
            }
        }

        SourceQueueStats stats = source.ReadQueueStats();
        for (var waitUntil = DateTime.UtcNow.AddSeconds(5); stats["undelivered"] < skipped + 3 && DateTime.UtcNow < waitUntil; stats = source.ReadQueueStats())
        {
            Thread.Sleep(1);
        }

        long waiting = stats["undelivered"] ?? -1;
        Assert.True(waiting >= skipped + 3, $"undelivered {waiting}, before {skipped}");
        Assert.Equal(0L, stats["dropped"]);
        int read = 0;
        for (var waitUntil = DateTime.UtcNow.AddSeconds(5); read < 3 && DateTime.UtcNow < waitUntil;)
        {
            int n = source.Receive(_descs, Batch);
            source.Release(_descs, n);
            read += n;
        }

        Assert.Equal(3, read);
        Assert.Equal(waiting - 3, source.ReadQueueStats()["undelivered"]);
    }

    [Fact]
    public void Live_capture_on_a_missing_interface_names_it()
    {
        var ex = Assert.Throws<PacketSourceException>(() => LibpcapSource.OpenLive("gwnosuch0"));
        Assert.Contains("gwnosuch0", ex.Message, StringComparison.Ordinal);
    }

    private List<(byte[] Data, ulong TimestampNs, uint Flags)> Drain(LibpcapSource source)
    {
        var got = new List<(byte[], ulong, uint)>();
        for (var guard = 0; guard < 10_000 && source.State == SourceState.Active; guard++)
        {
            var n = source.Receive(_descs, Batch);
            for (var i = 0; i < n; i++)
            {
                got.Add((_descs[i].Span.ToArray(), _descs[i].TimestampNs, _descs[i].Flags));
            }

            source.Release(_descs, n);
        }

        return got;
    }
}
