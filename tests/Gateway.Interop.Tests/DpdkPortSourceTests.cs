using System.Runtime.InteropServices;
using Gateway.Net.Sources;

namespace Gateway.Interop.Tests;

[Collection(DpdkCollection.Name)]
public sealed unsafe class DpdkPortSourceTests(DpdkFixture fixture)
{
    [DpdkFact]
    public void Net_pcap_delivers_every_frame_byte_for_byte_with_capture_timestamps()
    {
        Assert.Equal(DpdkFixture.RecordsA.Length, fixture.FramesA.Count);
        for (var i = 0; i < DpdkFixture.RecordsA.Length; i++)
        {
            var expected = DpdkFixture.RecordsA[i];
            var got = fixture.FramesA[i];
            Assert.Equal(expected.Data, got.Data);
            Assert.Equal(PacketDescriptor.FlagHardwareTimestamp, got.Flags);
            Assert.Equal((ulong)expected.TimestampNs, got.TimestampNs);
        }
    }

    [DpdkFact]
    public void Jumbo_frame_arrives_multi_segment_with_the_first_segment_in_place()
    {
        Assert.Equal(2, fixture.FramesB.Count);
        var jumbo = fixture.FramesB[0];
        var expected = DpdkFixture.RecordsB[0].Data;
        Assert.True((jumbo.Flags & PacketDescriptor.FlagMultiSegment) != 0, $"flags 0x{jumbo.Flags:x}");
        Assert.InRange(jumbo.Data.Length, 64, expected.Length - 1);
        Assert.Equal(expected.AsSpan(0, jumbo.Data.Length).ToArray(), jumbo.Data);
        Assert.Equal((ulong)DpdkFixture.RecordsB[0].TimestampNs, jumbo.TimestampNs);

        var small = fixture.FramesB[1];
        Assert.Equal(DpdkFixture.RecordsB[1].Data, small.Data);
        Assert.Equal(PacketDescriptor.FlagHardwareTimestamp, small.Flags);
    }

    [DpdkFact]
    public void Port_stats_count_what_was_received()
    {
        Assert.Equal((ulong)DpdkFixture.RecordsA.Length, fixture.StatsA.RxPackets);
        Assert.Equal((ulong)DpdkFixture.RecordsA.Sum(r => r.Data.Length), fixture.StatsA.RxBytes);
        Assert.Equal(0UL, fixture.StatsA.RxNoMbuf);
        Assert.Equal((ulong)DpdkFixture.RecordsB.Length, fixture.StatsB.RxPackets);
        Assert.Equal(9000UL + 64UL, fixture.StatsB.RxBytes);
    }

    [DpdkFact]
    public void Tx_copies_frames_out_through_the_pmd()
    {
        var port = fixture.TxPort!;
        var frames = Enumerable.Range(0, 3).Select(i => TestPcap.Frame(60 + (i * 100), 30 + i)).ToArray();
        foreach (var f in frames)
        {
            Assert.True(port.TrySend(f));
        }

        Assert.Equal(frames.Length, port.Flush());
        Assert.Equal((ulong)frames.Length, port.PortStats.TxPackets);

        // net_pcap's dumper flushes after every burst, so the file is complete now.
        using var reader = LibpcapSource.OpenFile(fixture.PathTxOut);
        var descs = stackalloc PacketDescriptor[8];
        var n = reader.Receive(descs, 8);
        Assert.Equal(frames.Length, n);
        for (var i = 0; i < n; i++)
        {
            Assert.Equal(frames[i], descs[i].Span.ToArray());
        }
    }

    [DpdkFact]
    public void Unknown_vdev_gives_a_clear_error()
    {
        var ex = Assert.Throws<PacketSourceException>(() => new DpdkPortSource("net_bogus0"));
        Assert.Contains("no DPDK port named 'net_bogus0'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("--vdev", ex.Message, StringComparison.Ordinal);
    }

    [DpdkFact]
    public void Eal_initialises_once_per_process()
    {
        Assert.True(DpdkPortSource.IsEalInitialized);
        var ex = Assert.Throws<PacketSourceException>(() => DpdkPortSource.InitEal("--no-huge"));
        Assert.Contains("already initialised", ex.Message, StringComparison.Ordinal);

        // The shim's own guard, under the managed one.
        var argv = stackalloc byte*[2];
        var name = Marshal.StringToCoTaskMemUTF8("again");
        try
        {
            argv[0] = (byte*)name;
            argv[1] = null;
            Assert.Equal(GwStatus.WrongState, NativeMethods.Dpdk.Init(1, argv));
            Assert.Contains("already initialised", GwError.LastMessage(), StringComparison.Ordinal);
        }
        finally
        {
            Marshal.FreeCoTaskMem(name);
        }
    }

    [DpdkFact]
    public void Bursts_on_a_port_that_is_not_open_are_refused_with_wrong_state()
    {
        var descs = stackalloc PacketDescriptor[4];
        Assert.Equal(GwStatus.WrongState, NativeMethods.Dpdk.RxBurst(31, descs, 4));
        Assert.Contains("not open", GwError.LastMessage(), StringComparison.Ordinal);
        Assert.Equal(GwStatus.InvalidArgument, NativeMethods.Dpdk.RxBurst(-1, descs, 4));
    }
}
