using Gateway.MarketData.MoldUdp64;

namespace Gateway.MarketData.Tests.MoldUdp64;

public class MoldPacketTests
{
    [Fact]
    public void Layout_constants_match_the_specification()
    {
        Assert.Equal(0, MoldPacket.SessionOffset);
        Assert.Equal(10, MoldPacket.SessionLength);
        Assert.Equal(10, MoldPacket.SequenceOffset);
        Assert.Equal(18, MoldPacket.MessageCountOffset);
        Assert.Equal(20, MoldPacket.HeaderLength);
        Assert.Equal(2, MoldPacket.BlockLengthSize);
        Assert.Equal(20, MoldRequest.Length);
    }

    [Fact]
    public void Reads_a_hand_built_packet()
    {
        byte[] bytes =
        [
            (byte)'A', (byte)'B', (byte)'C', (byte)'1', (byte)'2', (byte)' ', (byte)' ', (byte)' ', (byte)' ', (byte)' ',
            0x00, 0x00, 0x00, 0x00, 0x01, 0x02, 0x03, 0x04, // sequence 0x01020304
            0x00, 0x02, // two messages
            0x00, 0x03, (byte)'x', (byte)'y', (byte)'z',
            0x00, 0x01, (byte)'Q',
        ];

        Assert.Equal(MoldPacketStatus.Ok, MoldPacket.TryParse(bytes, out MoldPacket packet));
        Assert.Equal("ABC12", MoldSessionName.ToText(packet.Session));
        Assert.Equal(0x01020304UL, packet.SequenceNumber);
        Assert.Equal(2, packet.MessageCount);
        Assert.Equal(2, packet.DataMessageCount);
        Assert.False(packet.IsHeartbeat);
        Assert.False(packet.IsEndOfSession);

        var messages = new List<string>();
        foreach (ReadOnlySpan<byte> message in packet)
        {
            messages.Add(System.Text.Encoding.ASCII.GetString(message));
        }

        Assert.Equal(["xyz", "Q"], messages);
    }

    [Fact]
    public void Heartbeat_and_end_of_session_have_no_blocks()
    {
        Assert.Equal(MoldPacketStatus.Ok, MoldPacket.TryParse(MoldTestData.Heartbeat(77), out MoldPacket heartbeat));
        Assert.True(heartbeat.IsHeartbeat);
        Assert.Equal(77UL, heartbeat.SequenceNumber);
        Assert.Equal(0, heartbeat.DataMessageCount);

        Assert.Equal(MoldPacketStatus.Ok, MoldPacket.TryParse(MoldTestData.EndOfSession(78), out MoldPacket end));
        Assert.True(end.IsEndOfSession);
        Assert.Equal(0, end.DataMessageCount);
        int n = 0;
        foreach (ReadOnlySpan<byte> unused in end)
        {
            n++;
        }

        Assert.Equal(0, n);
    }

    [Fact]
    public void Empty_messages_are_allowed()
    {
        byte[] bytes = MoldTestData.Packet(MoldTestData.SessionA, 1, 2, [], [1]);
        Assert.Equal(MoldPacketStatus.Ok, MoldPacket.TryParse(bytes, out MoldPacket packet));
        Assert.Equal(2, packet.DataMessageCount);
    }

    [Fact]
    public void Each_malformation_has_its_own_reason()
    {
        byte[] good = MoldTestData.Data(5, 3);
        Assert.Equal(MoldPacketStatus.Ok, MoldPacket.TryParse(good, out _));

        Assert.Equal(MoldPacketStatus.TruncatedHeader, MoldPacket.TryParse(good.AsSpan(0, 19), out _));
        Assert.Equal(MoldPacketStatus.TruncatedHeader, MoldPacket.TryParse([], out _));

        // Cut inside the last message body, and inside a length prefix.
        Assert.Equal(MoldPacketStatus.BlockOverrun, MoldPacket.TryParse(good.AsSpan(0, good.Length - 1), out _));
        byte[] oneMessage = MoldTestData.Data(5, 1);
        byte[] cutPrefix = [.. MoldTestData.Packet(MoldTestData.SessionA, 5, 2, MoldTestData.Message(5)), 0x00];
        Assert.Equal(MoldPacketStatus.BlockOverrun, MoldPacket.TryParse(cutPrefix, out _));

        // A length prefix claiming more than there is.
        byte[] longLength = (byte[])oneMessage.Clone();
        longLength[20] = 0x10;
        Assert.Equal(MoldPacketStatus.BlockOverrun, MoldPacket.TryParse(longLength, out _));

        // Count says 2, one block present.
        byte[] missing = (byte[])oneMessage.Clone();
        missing[19] = 2;
        Assert.Equal(MoldPacketStatus.MissingBlocks, MoldPacket.TryParse(missing, out _));

        // Count says 1, two blocks present; heartbeat with a body.
        byte[] trailing = (byte[])good.Clone();
        trailing[19] = 2;
        Assert.Equal(MoldPacketStatus.TrailingBytes, MoldPacket.TryParse(trailing, out _));
        Assert.Equal(MoldPacketStatus.TrailingBytes, MoldPacket.TryParse([.. MoldTestData.Heartbeat(3), 0], out _));

        byte[] overflow = MoldTestData.Data(ulong.MaxValue, 2);
        Assert.Equal(MoldPacketStatus.SequenceOverflow, MoldPacket.TryParse(overflow, out _));
    }

    [Fact]
    public void Request_round_trips_and_rejects_garbage()
    {
        byte[] request = new byte[MoldRequest.Length];
        MoldRequest.Write(request, MoldTestData.SessionA, 1234, 56);
        byte[] expected = [.. MoldTestData.SessionA, 0, 0, 0, 0, 0, 0, 0x04, 0xD2, 0, 56];
        Assert.Equal(expected, request);

        Assert.True(MoldRequest.TryRead(request, out ReadOnlySpan<byte> session, out ulong sequence, out ushort count));
        Assert.True(session.SequenceEqual(MoldTestData.SessionA));
        Assert.Equal(1234UL, sequence);
        Assert.Equal(56, count);

        Assert.False(MoldRequest.TryRead(request.AsSpan(0, 19), out _, out _, out _));
        Assert.False(MoldRequest.TryRead([.. request, 0], out _, out _, out _));
        MoldRequest.Write(request, MoldTestData.SessionA, 1234, 0);
        Assert.False(MoldRequest.TryRead(request, out _, out _, out _));
        MoldRequest.Write(request, MoldTestData.SessionA, 0, 5);
        Assert.False(MoldRequest.TryRead(request, out _, out _, out _));
    }

    [Fact]
    public void Session_names_are_space_padded_ascii()
    {
        Assert.Equal("SESSIONA  "u8.ToArray(), MoldSessionName.ToBytes("SESSIONA"));
        Assert.Throws<ArgumentException>(() => MoldSessionName.ToBytes("ELEVENCHARS"));
    }
}
