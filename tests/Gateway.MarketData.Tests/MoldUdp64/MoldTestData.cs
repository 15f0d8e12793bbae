using System.Buffers.Binary;
using Gateway.MarketData.MoldUdp64;

namespace Gateway.MarketData.Tests.MoldUdp64;

/// <summary>Builds MoldUDP64 packets byte by byte, independently of the code under test.</summary>
internal static class MoldTestData
{
    public static readonly byte[] SessionA = "SESSIONA  "u8.ToArray();
    public static readonly byte[] SessionB = "SESSIONB  "u8.ToArray();

    /// <summary>The message with sequence <paramref name="sequence"/>: its sequence in 8 bytes BE, then 0..7 filler bytes.</summary>
    public static byte[] Message(ulong sequence)
    {
        byte[] message = new byte[8 + (int)(sequence % 8)];
        BinaryPrimitives.WriteUInt64BigEndian(message, sequence);
        for (int i = 8; i < message.Length; i++)
        {
            message[i] = (byte)(sequence + (ulong)i);
        }

        return message;
    }

    public static byte[] Packet(byte[] session, ulong sequence, ushort count, params byte[][] messages)
    {
        var bytes = new List<byte>(session);
        byte[] header = new byte[10];
        BinaryPrimitives.WriteUInt64BigEndian(header, sequence);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(8), count);
        bytes.AddRange(header);
        foreach (byte[] message in messages)
        {
            bytes.Add((byte)(message.Length >> 8));
            bytes.Add((byte)message.Length);
            bytes.AddRange(message);
        }

        return [.. bytes];
    }

    /// <summary>A data packet carrying messages [first, first + count).</summary>
    public static byte[] Data(ulong first, int count, byte[]? session = null)
    {
        var messages = new byte[count][];
        for (int i = 0; i < count; i++)
        {
            messages[i] = Message(first + (ulong)i);
        }

        return Packet(session ?? SessionA, first, (ushort)count, messages);
    }

    public static byte[] Heartbeat(ulong next, byte[]? session = null) => Packet(session ?? SessionA, next, 0);

    public static byte[] EndOfSession(ulong next, byte[]? session = null) => Packet(session ?? SessionA, next, 0xFFFF);

    /// <summary>A feed of packets of 1..maxPerPacket messages covering [1, messages].</summary>
    public static List<byte[]> DeliverAll(int messages, int maxPerPacket, Random random)
    {
        var packets = new List<byte[]>();
        ulong next = 1;
        while (next <= (ulong)messages)
        {
            int count = Math.Min(random.Next(1, maxPerPacket + 1), messages - (int)next + 1);
            packets.Add(Data(next, count));
            next += (ulong)count;
        }

        return packets;
    }
}

/// <summary>Everything the session handed over, for assertions.</summary>
internal sealed class Recording
{
    public List<ulong> Sequences { get; } = [];

    public List<(MoldSessionEvent Event, ulong Sequence, ulong Count)> Events { get; } = [];

    public int BadPayloads { get; set; }

    /// <summary>Look-ahead announcements by stage (index 1-3) and the messages announced, as payloads.</summary>
    public int[] LookaheadsByStage { get; } = new int[4];

    public List<byte[]> Announced { get; } = [];

    /// <summary>The handler says the look-ahead does not pay (a working set in cache).</summary>
    public bool RefuseLookahead { get; set; }

    /// <summary>Messages were delivered as 1, 2, ..., n, each exactly once with its own payload.</summary>
    public void AssertInOrder(ulong first, ulong last)
    {
        Assert.Equal(0, BadPayloads);
        Assert.Equal((int)(last - first + 1), Sequences.Count);
        for (int i = 0; i < Sequences.Count; i++)
        {
            Assert.Equal(first + (ulong)i, Sequences[i]);
        }
    }
}

internal struct RecordingHandler(Recording recording) : IMoldMessageHandler
{
    public readonly bool PrioritizesMessages => false;

    public readonly bool IsPriority(ReadOnlySpan<byte> message) => false;

    public readonly void OnMessage(ReadOnlySpan<byte> message, ulong sequence)
    {
        if (!message.SequenceEqual(MoldTestData.Message(sequence)))
        {
            recording.BadPayloads++;
        }

        recording.Sequences.Add(sequence);
    }

    public readonly void OnSessionEvent(MoldSessionEvent sessionEvent, ulong sequence, ulong count) =>
        recording.Events.Add((sessionEvent, sequence, count));

    public readonly bool WantsLookahead => !recording.RefuseLookahead;

    public readonly void OnLookahead(ReadOnlySpan<byte> message, int stage)
    {
        recording.LookaheadsByStage[stage]++;
        if (stage == 1)
        {
            recording.Announced.Add(message.ToArray());
        }
    }
}

/// <summary>Counts only (no allocation): for the allocation test.</summary>
internal struct CountingHandler : IMoldMessageHandler
{
    public readonly bool PrioritizesMessages => false;

    public readonly bool IsPriority(ReadOnlySpan<byte> message) => false;

    public long Messages;
    public ulong LastSequence;
    public long OutOfOrder;

    public void OnMessage(ReadOnlySpan<byte> message, ulong sequence)
    {
        if (sequence != LastSequence + 1 && Messages != 0)
        {
            OutOfOrder++;
        }

        LastSequence = sequence;
        Messages++;
    }

    public readonly void OnSessionEvent(MoldSessionEvent sessionEvent, ulong sequence, ulong count)
    {
    }

    public readonly bool WantsLookahead => true;

    public readonly void OnLookahead(ReadOnlySpan<byte> message, int stage)
    {
    }
}

/// <summary>Records requests instead of sending them.</summary>
internal sealed class CapturingSender : IRerequestSender
{
    public List<byte[]> Requests { get; } = [];

    public bool Send(ReadOnlySpan<byte> request)
    {
        Requests.Add(request.ToArray());
        return true;
    }
}
