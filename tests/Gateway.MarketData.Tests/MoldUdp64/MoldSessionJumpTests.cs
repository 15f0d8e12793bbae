using Gateway.MarketData.MoldUdp64;
using static Gateway.MarketData.Tests.MoldUdp64.MoldTestData;

namespace Gateway.MarketData.Tests.MoldUdp64;

/// <summary>
/// Issue 11, defect 8: one packet with a sequence number 10^12 ahead made every later real packet of
/// its line be discarded (as a backward jump) and reported a loss of 10^12 messages. Such a jump is
/// now held until the next packets decide: contradicted, it is a malformed packet; confirmed, it is
/// applied.
/// </summary>
public class MoldSessionJumpTests
{
    private const int A = 0;
    private const int B = 1;
    private const ulong Far = 1_000_000_000_000;

    private static MoldSession<RecordingHandler> NewSession(out Recording recording, MoldSessionOptions? options = null)
    {
        recording = new Recording();
        return new MoldSession<RecordingHandler>(new RecordingHandler(recording), options);
    }

    [Fact]
    public void A_far_jump_on_the_only_line_contradicted_by_the_next_packets_is_malformed_and_nothing_is_lost()
    {
        var session = NewSession(out Recording recording);
        session.OnDatagram(Data(1, 10), A);
        session.OnDatagram(Data(Far, 3), A);
        Assert.True(session.HoldsImplausibleJump);
        session.OnDatagram(Data(11, 10), A);
        session.OnDatagram(Data(21, 10), A);

        recording.AssertInOrder(1, 30);
        Assert.False(session.HasGap);
        Assert.False(session.HoldsImplausibleJump);
        Assert.Empty(session.GetLosses());
        Assert.Equal(0, session.Stats.SequenceBackwards);
        Assert.Equal(1, session.Stats.MalformedImplausibleJump);
        Assert.Equal(1, session.Stats.Malformed);
        Assert.Equal(1, session.Stats.MalformedBy(MoldPacketStatus.ImplausibleJump));
        Assert.Equal(31UL, session.HighestSeenSequence);
    }

    [Fact]
    public void A_far_jump_on_one_line_is_contradicted_by_the_other_line()
    {
        var session = NewSession(out Recording recording);
        session.OnDatagram(Data(1, 5), A);
        session.OnDatagram(Data(1, 5), B);
        session.OnDatagram(Data(Far, 1), A);
        session.OnDatagram(Data(6, 5), B);
        session.OnDatagram(Data(6, 5), A); // A's own copy after it: a duplicate, not a backward jump
        recording.AssertInOrder(1, 10);
        Assert.Equal(1, session.Stats.MalformedImplausibleJump);
        Assert.Equal(0, session.Stats.SequenceBackwards);
        Assert.Equal(1, session.Stats.LineA.DuplicatePackets);
    }

    [Fact]
    public void A_heartbeat_claiming_a_far_sequence_opens_no_hole()
    {
        var session = NewSession(out Recording recording);
        session.OnDatagram(Data(1, 5), A);
        session.OnDatagram(Heartbeat(Far), A);
        Assert.False(session.HasGap);
        session.OnDatagram(Data(6, 5), A);
        recording.AssertInOrder(1, 10);
        Assert.False(session.HasGap);
        Assert.Equal(1, session.Stats.MalformedImplausibleJump);
    }

    [Fact]
    public void Duplicates_from_a_lagging_line_decide_nothing()
    {
        var session = NewSession(out _);
        session.OnDatagram(Data(1, 5), A);
        session.OnDatagram(Data(2_000_000, 2), A);
        session.OnDatagram(Data(1, 5), B); // old news
        Assert.True(session.HoldsImplausibleJump);
        Assert.Equal(0, session.Stats.MalformedImplausibleJump);
    }

    [Fact]
    public void A_real_jump_confirmed_by_the_next_packet_is_applied_with_the_held_packet()
    {
        var session = NewSession(out Recording recording);
        session.OnDatagram(Data(1, 10), A);
        session.OnDatagram(Data(2_000_000, 5), A);
        Assert.False(session.HasGap);
        session.OnDatagram(Data(2_000_005, 5), B);

        Assert.False(session.HoldsImplausibleJump);
        Assert.Equal(1, session.Stats.ForwardJumpsConfirmed);
        Assert.Equal(0, session.Stats.MalformedImplausibleJump);
        Assert.True(session.HasGap);
        Assert.Equal(2_000_010UL, session.HighestSeenSequence);
        Assert.Equal(2, session.BufferedPackets); // both, the held one included: nothing of them is lost
        recording.AssertInOrder(1, 10);
    }

    [Fact]
    public void The_check_can_be_turned_off()
    {
        var session = NewSession(out _, new MoldSessionOptions { MaxForwardJump = ulong.MaxValue });
        session.OnDatagram(Data(1, 1), A);
        session.OnDatagram(Data(Far, 1), A);
        Assert.True(session.HasGap);
        Assert.False(session.HoldsImplausibleJump);
    }

    [Theory]
    [InlineData(5, 3, MoldPacketStatus.MissingBlocks)]   // count says 5, the datagram holds 3
    [InlineData(2, 3, MoldPacketStatus.TrailingBytes)]   // count says 2, a third message follows
    public void A_count_that_disagrees_with_the_payload_is_counted_by_reason(int count, int messages, MoldPacketStatus reason)
    {
        var session = NewSession(out _);
        byte[][] blocks = [.. Enumerable.Range(1, messages).Select(i => Message((ulong)i))];
        session.OnDatagram(Packet(SessionA, 1, (ushort)count, blocks), A);
        Assert.Equal(1, session.Stats.MalformedBy(reason));
        Assert.Equal(1, session.Stats.Malformed);
    }

    [Fact]
    public void A_message_running_past_the_datagram_is_counted_by_reason()
    {
        var session = NewSession(out _);
        byte[] packet = Data(1, 2);
        session.OnDatagram(packet.AsSpan(0, packet.Length - 3), A);
        Assert.Equal(1, session.Stats.MalformedBy(MoldPacketStatus.BlockOverrun));
        Assert.Equal("message_past_datagram", MoldPacketStatus.BlockOverrun.ToReportName());
    }
}
