using System.Buffers.Binary;
using System.Diagnostics;
using Gateway.Net.Decode;
using Gateway.Net.Pipeline;
using Gateway.Net.Sources;

namespace Gateway.Net.Tests.Pipeline;

public class PacketPumpTests
{
    /// <summary>A UDP frame to 233.54.12.(100+group):port with the given payload (checksum left 0: not verified here).</summary>
    internal static byte[] Frame(int group, ushort port, ReadOnlySpan<byte> payload, int vlans = 0)
    {
        int header = 14 + (vlans * 4) + 20 + 8;
        byte[] f = new byte[header + payload.Length];
        int o = 12;
        for (int v = 0; v < vlans; v++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(f.AsSpan(o), v == 0 && vlans == 2 ? (ushort)0x88A8 : (ushort)0x8100);
            BinaryPrimitives.WriteUInt16BigEndian(f.AsSpan(o + 2), (ushort)(10 + v));
            o += 4;
        }

        BinaryPrimitives.WriteUInt16BigEndian(f.AsSpan(o), 0x0800);
        o += 2;
        f[o] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(f.AsSpan(o + 2), (ushort)(28 + payload.Length));
        f[o + 8] = 64;
        f[o + 9] = 17;
        BinaryPrimitives.WriteUInt32BigEndian(f.AsSpan(o + 12), 0x0A000001);
        BinaryPrimitives.WriteUInt32BigEndian(f.AsSpan(o + 16), 0xE9360C00u + (uint)(100 + group));
        o += 20;
        BinaryPrimitives.WriteUInt16BigEndian(f.AsSpan(o), 5000);
        BinaryPrimitives.WriteUInt16BigEndian(f.AsSpan(o + 2), port);
        BinaryPrimitives.WriteUInt16BigEndian(f.AsSpan(o + 4), (ushort)(8 + payload.Length));
        payload.CopyTo(f.AsSpan(o + 8));
        return f;
    }

    private struct CollectingHandler : IDatagramHandler
    {
        public List<byte[]> Payloads;

        public readonly void OnDatagram(in UdpDatagram datagram, ulong timestampNs) => Payloads.Add(datagram.Payload.ToArray());

        public readonly void OnPayload(ReadOnlySpan<byte> payload, ulong timestampNs) => Payloads.Add(payload.ToArray());

        public readonly void OnPoll(long nowNs) { }

        public readonly void OnReceived(long receiveTicks) { }

        public readonly void OnLookahead(ReadOnlySpan<byte> upcomingPayload, int stage) { }

        public readonly bool WantsLookahead => false;
    }

    private static void RunToEnd(IDisposable pumpDisposable, Func<int> doWork, int limit = 10_000_000)
    {
        using (pumpDisposable)
        {
            for (int i = 0; i < limit; i++)
            {
                if (doWork() < 0)
                {
                    return;
                }
            }

            throw new InvalidOperationException("pump did not finish");
        }
    }

    [Fact]
    public void Counts_decodes_filters_and_hands_on_in_order()
    {
        var frames = new List<byte[]>
        {
            Frame(11, 26477, [1]),
            Frame(12, 26477, [2], vlans: 1),
            Frame(11, 26477, [3], vlans: 2),
            Frame(13, 9999, [4]), // filtered out
            new byte[10], // truncated Ethernet
            Frame(11, 26477, new byte[2000]), // jumbo
        };
        using var source = new MemorySource(frames);
        var stats = new PacketPathStats();
        var handler = new CollectingHandler { Payloads = [] };
        var options = new PacketPumpOptions { Burst = 4, Filter = DestinationFilter.Parse("233.54.12.111:26477,233.54.12.112:*") };
        var pump = new PacketPump<CollectingHandler>(source, handler, options, stats);
        pump.OnStart();
        RunToEnd(pump, pump.DoWork);
        pump.OnClose();

        Assert.True(pump.IsFinished);
        Assert.Equal(6, stats.Packets);
        Assert.Equal(3, stats.Datagrams);
        Assert.Equal([[1], [2], [3]], handler.Payloads);
        Assert.Equal(1, stats.Count(DecodeStatus.Filtered));
        Assert.Equal(1, stats.Count(DecodeStatus.TruncatedEthernet));
        Assert.Equal(1, stats.MalformedFrames);
        Assert.Equal(1, stats.OversizeFrames);
        Assert.Equal(frames.Sum(f => (long)f.Length), stats.Bytes);
        var destinations = stats.Destinations.ToList();
        Assert.Equal(2, destinations.Count);
        Assert.Equal((0xE9360C6Fu, (ushort)26477, 2L, 2L), destinations[0]);
        Assert.Equal(source.ReleasedBatches, (int)Math.Ceiling(frames.Count / 4.0));
    }

    [Fact]
    public void Bare_payload_sources_skip_decode()
    {
        using var source = new MemorySource([[0x53, 1], [0x41, 2, 3]], link: LinkKind.ItchMessage);
        var stats = new PacketPathStats();
        var handler = new CollectingHandler { Payloads = [] };
        var pump = new PacketPump<CollectingHandler>(source, handler, new PacketPumpOptions(), stats);
        pump.OnStart();
        RunToEnd(pump, pump.DoWork);

        Assert.Equal(2, stats.Datagrams);
        Assert.Equal([[0x53, 1], [0x41, 2, 3]], handler.Payloads);
    }

    [Fact]
    public void Burst_fill_counts_full_bursts_and_the_largest_fill()
    {
        // 10 records, 4 asked per receive: 4, 4, 2 — two full bursts (the source had more waiting), largest 4.
        var records = Enumerable.Range(0, 10).Select(i => new byte[] { 0x53, (byte)i }).ToList();
        using var source = new MemorySource(records, link: LinkKind.ItchMessage);
        var stats = new PacketPathStats();
        var pump = new PacketPump<CollectingHandler>(source, new CollectingHandler { Payloads = [] }, new PacketPumpOptions { Burst = 4 }, stats);
        pump.OnStart();
        RunToEnd(pump, pump.DoWork);

        Assert.Equal(4, stats.BurstSize);
        Assert.Equal(3, stats.Bursts);
        Assert.Equal(2, stats.FullBursts);
        Assert.Equal(4, stats.MaxBurstFill);
        Assert.Equal(10, stats.Packets);
    }

    [Fact]
    public void Bursts_that_never_fill_count_none_full()
    {
        var records = Enumerable.Range(0, 3).Select(i => new byte[] { 0x53, (byte)i }).ToList();
        using var source = new MemorySource(records, link: LinkKind.ItchMessage);
        var stats = new PacketPathStats();
        var pump = new PacketPump<CollectingHandler>(source, new CollectingHandler { Payloads = [] }, new PacketPumpOptions { Burst = 32 }, stats);
        pump.OnStart();
        RunToEnd(pump, pump.DoWork);

        Assert.Equal(1, stats.Bursts);
        Assert.Equal(0, stats.FullBursts);
        Assert.Equal(3, stats.MaxBurstFill);
    }

    [Fact]
    public void Recorded_pace_holds_packets_until_they_are_due()
    {
        // 6 packets spread over 300 ms of recorded time, replayed at 4x: at least 75 ms.
        ulong t0 = 1_000_000_000;
        var timestamps = Enumerable.Range(0, 6).Select(i => t0 + (ulong)(i * 60_000_000)).ToList();
        var frames = timestamps.Select(_ => Frame(11, 26477, [9])).ToList();
        using var source = new MemorySource(frames, timestamps);
        var stats = new PacketPathStats();
        var pump = new PacketPump<NullDatagramHandler>(source, default, new PacketPumpOptions { Pacing = Pacing.Parse("4x") }, stats);
        var clock = Stopwatch.StartNew();
        pump.OnStart();
        RunToEnd(pump, pump.DoWork, limit: int.MaxValue);

        Assert.Equal(6, stats.Datagrams);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(74), $"took {clock.Elapsed.TotalMilliseconds} ms");
    }

    [Fact]
    public void Hot_path_allocates_nothing_after_warm_up()
    {
        var frames = Enumerable.Range(0, 50_000).Select(i => Frame(i % 4, (ushort)(26477 + (i % 2)), new byte[64 + (i % 200)], vlans: i % 3)).ToList();
        using var source = new MemorySource(frames);
        var stats = new PacketPathStats();
        var options = new PacketPumpOptions { WarmupPackets = 5_000, VerifyIpChecksum = true };
        var pump = new PacketPump<NullDatagramHandler>(source, default, options, stats);
        pump.OnStart();
        RunToEnd(pump, pump.DoWork);

        Assert.Equal(50_000, stats.Packets);
        Assert.Equal(0, pump.HotPathAllocatedBytes);
    }

    private struct LookaheadRecorder : IDatagramHandler
    {
        public List<(string Event, int Stage, byte Id)> Events;
        public bool Wants;
        public int Asked;

        public bool WantsLookahead
        {
            get
            {
                Asked++;
                return Wants;
            }
        }

        public readonly void OnDatagram(in UdpDatagram datagram, ulong timestampNs) { }

        public readonly void OnPayload(ReadOnlySpan<byte> payload, ulong timestampNs) => Events.Add(("payload", 0, payload[0]));

        public readonly void OnPoll(long nowNs) { }

        public readonly void OnReceived(long receiveTicks) { }

        public readonly void OnLookahead(ReadOnlySpan<byte> upcomingPayload, int stage) => Events.Add(("ahead", stage, upcomingPayload[0]));
    }

    [Fact]
    public void Bare_payloads_are_announced_eight_four_and_two_ahead_within_a_burst()
    {
        using var source = new MemorySource(Enumerable.Range(0, 32).Select(i => new[] { (byte)i }).ToList(), link: LinkKind.ItchMessage);
        var handler = new LookaheadRecorder { Events = [], Wants = true };
        var pump = new PacketPump<LookaheadRecorder>(source, handler, new PacketPumpOptions { Burst = 32 }, new PacketPathStats());
        pump.OnStart();
        RunToEnd(pump, pump.DoWork);

        var events = handler.Events;
        var payloadAt = events.Select((e, index) => (e, index)).Where(x => x.e.Event == "payload").ToDictionary(x => x.e.Id, x => x.index);
        Assert.Equal(32, payloadAt.Count);
        foreach (var (stage, distance) in new[] { (1, 8), (2, 4), (3, 2) })
        {
            var announced = events.Where(e => e.Event == "ahead" && e.Stage == stage).Select(e => e.Id).ToList();
            Assert.Equal(Enumerable.Range(distance, 32 - distance).Select(i => (byte)i), announced);
            foreach (byte id in announced)
            {
                // Announced just before the payload `distance` places earlier is handed on.
                int at = events.FindIndex(e => e.Event == "ahead" && e.Stage == stage && e.Id == id);
                Assert.True(at < payloadAt[(byte)(id - distance)], $"stage {stage} of {id} came after payload {id - distance}");
                if (id - distance > 0)
                {
                    Assert.True(at > payloadAt[(byte)(id - distance - 1)], $"stage {stage} of {id} came too early");
                }
            }
        }
    }

    [Fact]
    public void A_handler_that_does_not_want_the_look_ahead_is_asked_once_a_burst_and_gets_only_payloads()
    {
        using var source = new MemorySource(Enumerable.Range(0, 64).Select(i => new[] { (byte)i }).ToList(), link: LinkKind.ItchMessage);
        var pump = new PacketPump<LookaheadRecorder>(source, new LookaheadRecorder { Events = [], Wants = false }, new PacketPumpOptions { Burst = 16 }, new PacketPathStats());
        pump.OnStart();
        RunToEnd(pump, pump.DoWork);

        Assert.Equal(64, pump.Handler.Events.Count);
        Assert.All(pump.Handler.Events, e => Assert.Equal("payload", e.Event));
        Assert.Equal(64 / 16, pump.Handler.Asked);
    }
}
