using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Gateway.Interop;
using Gateway.Net.Sources;
using Gateway.Tests.Shared;

namespace Gateway.Net.Tests.Sources;

public unsafe class UdpSocketSourceTests
{
    private static List<byte[]> Drain(UdpSocketSource source, int expected)
    {
        var received = new List<byte[]>();
        PacketDescriptor* batch = stackalloc PacketDescriptor[16];
        var clock = Stopwatch.StartNew();
        while (received.Count < expected && clock.Elapsed < TimeSpan.FromSeconds(5))
        {
            int n = source.Receive(batch, 16);
            for (int i = 0; i < n; i++)
            {
                received.Add(batch[i].Span.ToArray());
            }

            source.Release(batch, n);
            if (n == 0)
            {
                Thread.Sleep(1);
            }
        }

        return received;
    }

    [Fact]
    public void A_burst_past_a_small_receive_buffer_is_reported_as_dropped_by_the_kernel()
    {
        // 4 KiB asked (the kernel doubles it and keeps a minimum): a few datagrams of 1 KiB fit, 2,000 do not.
        using var source = new UdpSocketSource(IPAddress.Loopback, 0, [], IPAddress.Any, batch: 16, receiveBufferBytes: 4096);
        using var sender = new UdpClient();
        byte[] datagram = new byte[1024];
        for (int i = 0; i < 2000; i++)
        {
            sender.Send(datagram, datagram.Length, new IPEndPoint(IPAddress.Loopback, source.LocalPort));
        }

        List<byte[]> received = Drain(source, 2000); // ends after 5 s: most never arrive
        SourceQueueStats stats = source.ReadQueueStats();

        Assert.Equal("udp_socket", stats.Kind);
        Assert.Empty(stats.Notes);
        Assert.Equal(received.Count, stats["rx_datagrams"]);
        Assert.Equal(4096, stats["rcvbuf_requested_bytes"]);
        Assert.InRange(stats["rcvbuf_bytes"]!.Value, 4096, 65536);
        Assert.Equal(0, stats["rcvbuf_queued_bytes"]);

        // Loopback delivers synchronously into the socket: what it could not hold was dropped, and counted.
        Assert.Equal(2000 - received.Count, stats["dropped"]);
        Assert.True(stats["dropped"] > 1000, $"received {received.Count}");
    }

    [Fact]
    public void Receives_loopback_datagrams_in_order_in_batches()
    {
        using var source = new UdpSocketSource(IPAddress.Loopback, 0, [], IPAddress.Any, batch: 8);
        using var sender = new UdpClient();
        var sent = new List<byte[]>();
        for (int i = 0; i < 100; i++)
        {
            byte[] payload = new byte[20 + i];
            payload.AsSpan().Fill((byte)i);
            sent.Add(payload);
            sender.Send(payload, payload.Length, new IPEndPoint(IPAddress.Loopback, source.LocalPort));
        }

        List<byte[]> received = Drain(source, sent.Count);

        Assert.Equal(LinkKind.UdpPayload, source.Link);
        Assert.Equal(sent.Count, received.Count);
        for (int i = 0; i < sent.Count; i++)
        {
            Assert.Equal(sent[i], received[i]);
        }

        Assert.Equal(sent.Sum(p => (long)p.Length), source.ProgressBytes);
        Assert.Equal(0, source.ReceiveErrors);
    }

    [Fact]
    [Trait(TestCategory.Key, TestCategory.Timing)]
    public void Nothing_ready_returns_zero_without_blocking()
    {
        using var source = new UdpSocketSource(IPAddress.Loopback, 0, [], IPAddress.Any);
        PacketDescriptor* batch = stackalloc PacketDescriptor[4];
        var clock = Stopwatch.StartNew();

        Assert.Equal(0, source.Receive(batch, 4));
        Assert.True(clock.ElapsedMilliseconds < 500);
    }

    [Fact]
    public void Joins_a_multicast_group_and_receives_what_is_sent_to_it()
    {
        IPAddress group = IPAddress.Parse("239.255.42.99");
        using var source = new UdpSocketSource(IPAddress.Any, 0, [group], IPAddress.Loopback);
        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        sender.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastInterface, IPAddress.Loopback.GetAddressBytes());
        sender.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastLoopback, true);
        for (int i = 0; i < 10; i++)
        {
            sender.SendTo(new byte[] { (byte)i, 0xAB }, new IPEndPoint(group, source.LocalPort));
        }

        List<byte[]> received = Drain(source, 10);

        Assert.Equal(10, received.Count);
        Assert.Equal(new byte[] { 9, 0xAB }, received[9]);
    }

    [Fact]
    public void Binding_an_address_this_host_does_not_have_gives_a_clear_error()
    {
        Assert.Throws<PacketSourceException>(() => new UdpSocketSource(IPAddress.Parse("192.0.2.1"), 0, [], IPAddress.Any));
    }
}
