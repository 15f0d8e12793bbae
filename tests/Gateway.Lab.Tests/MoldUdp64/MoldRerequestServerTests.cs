using System.Buffers.Binary;
using System.Diagnostics;
using System.Net.Sockets;
using Gateway.Lab.MoldUdp64;
using Gateway.MarketData.MoldUdp64;
using Gateway.Net.Frames;
using Gateway.Net.Sinks;
using static Gateway.MarketData.Tests.MoldUdp64.MoldTestData;
using Gateway.Tests.Shared;

using Gateway.MarketData.Tests.MoldUdp64;

namespace Gateway.Lab.Tests.MoldUdp64;

public class MoldRerequestServerTests
{
    private static MoldMessageStore StoreOf(IEnumerable<byte[]> packets)
    {
        var store = new MoldMessageStore();
        foreach (byte[] packet in packets)
        {
            store.Add(packet);
        }

        return store;
    }

    [Fact]
    public void Several_gaps_are_requested_at_once_and_recovered_from_a_live_server_over_udp()
    {
        List<byte[]> feed = DeliverAll(3000, 5, new Random(11));
        using var server = new MoldRerequestServer(StoreOf(feed), new MoldRerequestServerOptions { MaxMessagesPerRequest = 400 });
        server.Start();
        using var udp = new UdpRerequestSender(server.LocalEndPoint);
        var sender = new RecordingSender(udp);

        var recording = new Recording();
        // One request per hole (the server answers 400 of them at most: the rest is asked for again).
        var options = new MoldSessionOptions { RerequestTimeoutNs = 5_000_000, MaxRerequests = 8, MaxRerequestMessages = 2000 };
        var session = new MoldSession<RecordingHandler>(new RecordingHandler(recording), options, sender);

        // Line A loses a long run in the middle (more than one request's worth) and three short
        // ones after it; line B is absent. All four holes are open at once.
        (ulong From, ulong To)[] dropped = [(1000, 2000), (2300, 2350), (2600, 2700), (2900, 2950)];
        foreach (byte[] packet in feed)
        {
            ulong first = BinaryPrimitives.ReadUInt64BigEndian(packet.AsSpan(10));
            if (!dropped.Any(d => first >= d.From && first <= d.To))
            {
                session.OnDatagram(packet, 0);
            }
        }

        Assert.True(session.HasGap);
        List<MoldLossRange> holes = [.. session.GetLosses()];
        Assert.Equal(4, holes.Count);
        byte[] buffer = new byte[2048];
        var clock = Stopwatch.StartNew();
        int sentBeforeFirstAnswer = -1;
        while (session.HasGap && clock.Elapsed < TimeSpan.FromSeconds(5))
        {
            int n = udp.TryReceive(buffer);
            if (n > 0)
            {
                if (sentBeforeFirstAnswer < 0)
                {
                    sentBeforeFirstAnswer = sender.Sequences.Count;
                }

                session.OnDatagram(buffer.AsSpan(0, n), MoldLines.Retransmit);
            }
            else
            {
                session.Poll(clock.Elapsed.Ticks * 100);
                Thread.Sleep(1);
            }
        }

        recording.AssertInOrder(1, 3000);
        Assert.Equal(0, session.Stats.MessagesLost);

        // Every hole was asked for from its first message before any answer came back.
        Assert.Equal(holes.Select(h => h.From), sender.Sequences.Take(sentBeforeFirstAnswer));
        Assert.True(session.Stats.GapFillsByRetransmission >= 4);
        Assert.True(session.Stats.RerequestsSent >= 6, $"{session.Stats.RerequestsSent} requests");
        Assert.True(server.PacketsSent >= 6);
        Assert.Equal(0, server.GarbledRequests);
    }

    /// <summary>Notes the first sequence of each request, then hands it to the real sender.</summary>
    private sealed class RecordingSender(IRerequestSender inner) : IRerequestSender
    {
        public List<ulong> Sequences { get; } = [];

        public bool Send(ReadOnlySpan<byte> request)
        {
            Assert.True(MoldRequest.TryRead(request, out _, out ulong sequence, out _));
            Sequences.Add(sequence);
            return inner.Send(request);
        }
    }

    [Fact]
    public void Responses_are_bounded_and_fit_the_datagram_size()
    {
        List<byte[]> feed = DeliverAll(500, 3, new Random(12));
        using var server = new MoldRerequestServer(StoreOf(feed), new MoldRerequestServerOptions { MaxMessagesPerRequest = 100, MaxDatagramBytes = 200 });
        server.Start();
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        client.ReceiveTimeout = 2000;
        client.Connect(server.LocalEndPoint);

        byte[] request = new byte[MoldRequest.Length];
        MoldRequest.Write(request, SessionA, 10, 300);
        client.Send(request);

        byte[] buffer = new byte[2048];
        ulong next = 10;
        while (next < 110)
        {
            int n = client.Receive(buffer);
            Assert.True(n <= 200);
            Assert.Equal(MoldPacketStatus.Ok, MoldPacket.TryParse(buffer.AsSpan(0, n), out MoldPacket packet));
            Assert.True(packet.Session.SequenceEqual(SessionA));
            Assert.Equal(next, packet.SequenceNumber);
            foreach (ReadOnlySpan<byte> message in packet)
            {
                Assert.True(message.SequenceEqual(Message(next)));
                next++;
            }
        }

        Assert.Equal(110UL, next);
        WaitFor(() => server.MessagesSent == 100);
        Assert.Equal(100, server.MessagesSent);

        // The tail: a request past the end gets only what exists.
        MoldRequest.Write(request, SessionA, 495, 50);
        client.Send(request);
        int got = client.Receive(buffer);
        Assert.Equal(MoldPacketStatus.Ok, MoldPacket.TryParse(buffer.AsSpan(0, got), out MoldPacket tail));
        Assert.Equal(495UL, tail.SequenceNumber);
        Assert.Equal(6, tail.DataMessageCount);
    }

    [Fact]
    public void Garbled_and_foreign_requests_are_counted_and_ignored()
    {
        using var server = new MoldRerequestServer(StoreOf(DeliverAll(50, 2, new Random(13))));
        server.Start();
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        client.Connect(server.LocalEndPoint);

        client.Send(new byte[7]);
        byte[] zeroCount = new byte[MoldRequest.Length];
        MoldRequest.Write(zeroCount, SessionA, 1, 0);
        client.Send(zeroCount);
        byte[] foreign = new byte[MoldRequest.Length];
        MoldRequest.Write(foreign, SessionB, 1, 5);
        client.Send(foreign);
        byte[] unavailable = new byte[MoldRequest.Length];
        MoldRequest.Write(unavailable, SessionA, 51, 5);
        client.Send(unavailable);

        WaitFor(() => server.Requests == 4);
        Assert.Equal(2, server.GarbledRequests);
        Assert.Equal(1, server.OtherSessionRequests);
        Assert.Equal(1, server.UnavailableRequests);
        Assert.Equal(0, server.PacketsSent);
        server.Stop();
    }

    [Fact]
    public void The_store_loads_a_pcap_capture()
    {
        string path = Path.Combine(Path.GetTempPath(), $"mold-{Environment.ProcessId}-{Guid.NewGuid():N}.pcap");
        try
        {
            List<byte[]> feed = DeliverAll(200, 4, new Random(14));
            var spec = new UdpFrameSpec
            {
                SourceIp = FrameBuilder.Ipv4(10, 0, 0, 1),
                DestinationIp = FrameBuilder.Ipv4(233, 54, 12, 1),
                SourcePort = 1000,
                DestinationPort = 26400,
                Ttl = 8,
            };
            using (PcapWriter writer = PcapWriter.Create(path))
            {
                byte[] frame = new byte[2048];
                ulong ts = 1;
                foreach (byte[] packet in feed)
                {
                    int n = FrameBuilder.BuildUdp(frame, spec, packet);
                    writer.WriteFrame(frame.AsSpan(0, n), ts++);
                }

                // Another port's traffic is filtered out.
                var other = spec;
                other.DestinationPort = 9;
                int m = FrameBuilder.BuildUdp(frame, other, Data(500, 1, SessionB));
                writer.WriteFrame(frame.AsSpan(0, m), ts);
            }

            MoldMessageStore store = MoldMessageStore.FromCapture(path, "SESSIONA", port: 26400);
            Assert.Equal(200, store.Count);
            Assert.True(store.TryGet(137, out byte[] message));
            Assert.Equal(Message(137), message);
            Assert.Equal(0, store.OtherSessionPackets);

            MoldMessageStore any = MoldMessageStore.FromCapture(path);
            Assert.Equal(200, any.Count);
            Assert.Equal(1, any.OtherSessionPackets);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static void WaitFor(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition() && clock.Elapsed < TimeSpan.FromSeconds(5))
        {
            Thread.Sleep(5);
        }
    }

    [Fact]
    [Trait(TestCategory.Key, TestCategory.Timing)]
    public void Stop_returns_promptly()
    {
        var server = new MoldRerequestServer(new MoldMessageStore("X"));
        server.Start();
        var clock = Stopwatch.StartNew();
        server.Stop();
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3));
    }
}
