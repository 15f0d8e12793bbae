using System.Diagnostics;
using System.Net.Sockets;
using Gateway.Lab.MoldUdp64;
using Gateway.MarketData.MoldUdp64;
using static Gateway.MarketData.Tests.MoldUdp64.MoldTestData;

using Gateway.MarketData.Tests.MoldUdp64;

namespace Gateway.Lab.Tests.MoldUdp64;

public class MoldMessageStoreTests
{
    private const int Messages = 300_000;

    /// <summary>
    /// A day-like store: packets of 1-20 messages for sequences 1..300,000, every 97th packet never
    /// captured, the rest loaded twice (an A/B capture) with a different second copy.
    /// </summary>
    private static (MoldMessageStore Store, bool[] Present, long MessageBytes, long Allocated) LoadLarge()
    {
        List<byte[]> packets = DeliverAll(Messages, 20, new Random(21));
        var present = new bool[Messages + 1];
        var kept = new List<byte[]>();
        long messageBytes = 0;
        for (int i = 0; i < packets.Count; i++)
        {
            if (i % 97 == 5)
            {
                continue;
            }

            Assert.Equal(MoldPacketStatus.Ok, MoldPacket.TryParse(packets[i], out MoldPacket packet));
            ulong sequence = packet.SequenceNumber;
            foreach (ReadOnlySpan<byte> message in packet)
            {
                present[sequence++] = true;
                messageBytes += message.Length;
            }

            kept.Add(packets[i]);
        }

        // The second copies carry other bytes: the first copy must be the one kept.
        List<byte[]> copies = kept.Select(Scrambled).ToList();

        var store = new MoldMessageStore();
        long before = GC.GetAllocatedBytesForCurrentThread();
        foreach (byte[] packet in kept)
        {
            Assert.True(store.Add(packet));
        }

        foreach (byte[] packet in copies)
        {
            Assert.True(store.Add(packet));
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        return (store, present, messageBytes, allocated);
    }

    /// <summary>The same packet with every message byte inverted (the header and lengths unchanged).</summary>
    private static byte[] Scrambled(byte[] packet)
    {
        byte[] copy = (byte[])packet.Clone();
        int pos = MoldPacket.HeaderLength;
        while (pos < copy.Length)
        {
            int length = (copy[pos] << 8) | copy[pos + 1];
            for (int i = pos + 2; i < pos + 2 + length; i++)
            {
                copy[i] = (byte)~copy[i];
            }

            pos += 2 + length;
        }

        return copy;
    }

    [Fact]
    public void A_large_store_answers_random_lookups_in_about_the_message_bytes_plus_eight_per_message()
    {
        (MoldMessageStore store, bool[] present, long messageBytes, long allocated) = LoadLarge();
        int held = present.Count(p => p);
        Assert.Equal(held, store.Count);
        Assert.True(held is > Messages * 95 / 100 and < Messages);

        // No object per message: chunk growth may double the message bytes (2-byte lengths
        // included), plus 8 bytes per sequence of index and a little fixed overhead.
        long bound = 2 * (messageBytes + 2L * held) + 8L * Messages + (1 << 20);
        Assert.True(store.MemoryBytes <= bound, $"{store.MemoryBytes:N0} bytes held for {held:N0} messages of {messageBytes:N0} bytes");
        Assert.True(allocated <= bound + (1 << 20), $"{allocated:N0} bytes allocated loading {held:N0} messages of {messageBytes:N0} bytes");

        var random = new Random(22);
        for (int i = 0; i < 20_000; i++)
        {
            ulong sequence = (ulong)random.Next(1, Messages + 1);
            bool found = store.TryGetSpan(sequence, out ReadOnlySpan<byte> message);
            Assert.Equal(present[sequence], found);
            Assert.Equal(present[sequence], store.Contains(sequence));
            if (found)
            {
                Assert.True(message.SequenceEqual(Message(sequence)), $"message {sequence}");
            }
        }

        Assert.Equal(present[Messages], store.TryGet(Messages, out _));
        ulong firstMissing = (ulong)Array.IndexOf(present, false, 1);
        Assert.False(store.TryGet(firstMissing, out byte[] none));
        Assert.Empty(none);

        foreach (ulong unknown in new ulong[] { 0, Messages + 1, Messages + 5000, 1UL << 31, MoldMessageStore.MaxSequence - 1, MoldMessageStore.MaxSequence, ulong.MaxValue })
        {
            Assert.False(store.Contains(unknown), $"{unknown}");
            Assert.False(store.TryGetSpan(unknown, out _), $"{unknown}");
        }
    }

    [Fact]
    public void A_server_on_a_large_store_answers_unknown_and_out_of_range_sequences_as_before()
    {
        (MoldMessageStore store, bool[] present, _, _) = LoadLarge();
        using var server = new MoldRerequestServer(store, new MoldRerequestServerOptions { MaxMessagesPerRequest = 1000 });
        server.Start();
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        client.ReceiveTimeout = 2000;
        client.Connect(server.LocalEndPoint);
        byte[] request = new byte[MoldRequest.Length];
        byte[] buffer = new byte[2048];

        // Unknown and out-of-range first sequences: counted, nothing sent.
        ulong missing = (ulong)Array.IndexOf(present, false, 1);
        ulong[] unavailable = [missing, Messages + 1, MoldMessageStore.MaxSequence, ulong.MaxValue - 10];
        foreach (ulong sequence in unavailable)
        {
            MoldRequest.Write(request, SessionA, sequence, 10);
            client.Send(request);
        }

        WaitFor(() => server.Requests == unavailable.Length);
        Assert.Equal(unavailable.Length, server.UnavailableRequests);
        Assert.Equal(0, server.PacketsSent);

        // A request running into a missing run is served up to it.
        ulong start = Math.Max(1, missing - 30);
        Assert.True(missing - start >= 10);
        MoldRequest.Write(request, SessionA, start, 100);
        client.Send(request);
        ulong next = start;
        while (next < missing)
        {
            int n = client.Receive(buffer);
            Assert.Equal(MoldPacketStatus.Ok, MoldPacket.TryParse(buffer.AsSpan(0, n), out MoldPacket packet));
            Assert.Equal(next, packet.SequenceNumber);
            foreach (ReadOnlySpan<byte> message in packet)
            {
                Assert.True(message.SequenceEqual(Message(next)));
                next++;
            }
        }

        WaitFor(() => server.MessagesSent == (long)(missing - start));
        Assert.Equal((long)(missing - start), server.MessagesSent);
        Assert.Equal(missing, next);
    }

    [Fact]
    public void Sequences_out_of_range_are_counted_and_skipped()
    {
        var store = new MoldMessageStore();
        Assert.True(store.Add(Data(MoldMessageStore.MaxSequence - 1, 2)));   // the second is out of range
        Assert.True(store.Add(Data(0, 2)));                                    // the first is out of range
        Assert.True(store.Add(Data(ulong.MaxValue - 3, 3)));
        Assert.Equal(2, store.Count);
        Assert.Equal(5, store.OutOfRangeMessages);
        Assert.True(store.TryGetSpan(MoldMessageStore.MaxSequence - 1, out ReadOnlySpan<byte> high));
        Assert.True(high.SequenceEqual(Message(MoldMessageStore.MaxSequence - 1)));
        Assert.True(store.TryGetSpan(1, out ReadOnlySpan<byte> one));
        Assert.True(one.SequenceEqual(Message(1)));
        Assert.False(store.Contains(0));
        Assert.False(store.Contains(MoldMessageStore.MaxSequence));

        // A sparse store holds index pages only where its sequences are.
        Assert.True(store.MemoryBytes < 16L << 20, $"{store.MemoryBytes:N0} bytes");
    }

    [Fact]
    public void Messages_of_every_length_round_trip()
    {
        var store = new MoldMessageStore("S");
        byte[] session = MoldSessionName.ToBytes("S");
        int[] lengths = [0, 1, 2, 100, 1399, 65535, 65535, 65535, 65535, 65535, 7];
        ulong sequence = 1;
        foreach (int length in lengths)
        {
            byte[] message = new byte[length];
            new Random(length).NextBytes(message);
            Assert.True(store.Add(Packet(session, sequence++, 1, message)));
        }

        sequence = 1;
        foreach (int length in lengths)
        {
            byte[] expected = new byte[length];
            new Random(length).NextBytes(expected);
            Assert.True(store.TryGetSpan(sequence++, out ReadOnlySpan<byte> message));
            Assert.True(message.SequenceEqual(expected), $"length {length}");
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
}
