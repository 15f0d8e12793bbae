using Gateway.OrderEntry.Session;

namespace Gateway.OrderEntry.Tests.Session;

/// <summary>Receiving: sequence numbers, garbled messages, header checks, SequenceReset (Test Cases 2, 10, 11).</summary>
public sealed class FixSessionSequenceTests
{
    [Fact]
    public void Messages_in_sequence_reach_the_application_in_order()
    {
        using var h = new SessionHarness();
        h.LogOn();
        h.FeedPeer("8", SessionHarness.ExecBody("A1"));
        h.FeedPeer("8", SessionHarness.ExecBody("A1", 'F'));
        Assert.Equal(2, h.App.Messages.Count);
        Assert.Contains("150=0", h.App.Messages[0]);
        Assert.Contains("150=F", h.App.Messages[1]);
        Assert.Equal(4UL, h.Session.NextTargetSeqNum);
    }

    [Fact]
    public void Several_messages_in_one_read_and_one_message_over_several_reads()
    {
        using var h = new SessionHarness();
        h.LogOn();
        byte[] a = h.Peer("8", SessionHarness.ExecBody("A1"));
        byte[] b = h.Peer("8", SessionHarness.ExecBody("A2"));
        byte[] c = h.Peer("8", SessionHarness.ExecBody("A3"));
        byte[] all = [.. a, .. b, .. c];
        h.Feed(all[..(a.Length + 5)]);
        Assert.Single(h.App.Messages);
        foreach (byte x in all[(a.Length + 5)..])
        {
            h.Feed([x]);
        }

        Assert.Equal(3, h.App.Messages.Count);
        Assert.Contains("11=A3", h.App.Messages[2]);
    }

    /// <summary>
    /// Defect 7: messages ahead of a gap are queued, the ResendRequest asks for the gap alone, and once
    /// it is filled the queued ones are processed in order: no second request, nothing lost.
    /// </summary>
    [Fact]
    public void Too_high_seq_queues_asks_for_the_gap_only_and_processes_the_queue_in_order()
    {
        using var h = new SessionHarness();
        h.LogOn();
        h.TakeSent();
        h.Feed(h.Peer("8", SessionHarness.ExecBody("A4"), seq: 4));
        h.Feed(h.Peer("8", SessionHarness.ExecBody("A5"), seq: 5));
        SentMessage rr = h.TakeOne("2"); // one request for the gap, not one per message
        Assert.Equal("2", rr[7]);
        Assert.Equal("3", rr[16]);
        Assert.Empty(h.App.Messages);
        Assert.Equal(0, h.Session.Counters.TooHighDiscarded);

        string orig = h.Clock.Timestamp(TimeSpan.FromSeconds(-1));
        h.Feed(h.Peer("8", SessionHarness.ExecBody("A2"), seq: 2, header: $"43=Y|122={orig}|"));
        Assert.Equal(["A2"], h.App.Messages.Select(m => m.Split("|11=")[1].Split('|')[0]));
        h.Feed(h.Peer("8", SessionHarness.ExecBody("A3"), seq: 3, header: $"43=Y|122={orig}|"));

        Assert.Equal(["A2", "A3", "A4", "A5"], h.App.Messages.Select(m => m.Split("|11=")[1].Split('|')[0]));
        Assert.False(h.Session.IsRecoveringGap);
        Assert.Equal(6UL, h.Session.NextTargetSeqNum);
        Assert.Empty(h.TakeSent()); // no second ResendRequest

        // A peer that resends the whole range anyway: the duplicates are dropped as PossDup.
        h.Feed(h.Peer("8", SessionHarness.ExecBody("A4"), seq: 4, header: $"43=Y|122={orig}|"));
        Assert.Equal(4, h.App.Messages.Count);
        Assert.Equal(6UL, h.Session.NextTargetSeqNum);
    }

    [Fact]
    public void A_queue_that_overflows_falls_back_to_asking_for_everything()
    {
        using var h = new SessionHarness(configure: s => s with { InboundQueueBytes = 0 });
        h.LogOn();
        h.TakeSent();
        h.Feed(h.Peer("8", SessionHarness.ExecBody("A4"), seq: 4));
        SentMessage rr = h.TakeOne("2");
        Assert.Equal("2", rr[7]);
        Assert.Equal("0", rr[16]);
        Assert.Equal(1, h.Session.Counters.TooHighDiscarded);
    }

    [Fact]
    public void A_second_gap_behind_the_queue_is_asked_for_when_the_first_is_filled()
    {
        using var h = new SessionHarness();
        h.LogOn();
        h.TakeSent();
        h.Feed(h.Peer("0", seq: 4)); // 2..3 missing
        Assert.Equal("3", h.TakeOne("2")[16]);
        h.Feed(h.Peer("0", seq: 7)); // 5..6 missing too; the first request is still out
        Assert.Empty(h.TakeSent());
        string orig = h.Clock.Timestamp();
        h.Feed(h.Peer("4", "123=Y|36=4|", seq: 2, header: $"43=Y|122={orig}|"));
        SentMessage second = h.TakeOne("2");
        Assert.Equal("5", second[7]);
        Assert.Equal("6", second[16]);
        Assert.Equal(5UL, h.Session.NextTargetSeqNum);
        h.Feed(h.Peer("4", "123=Y|36=7|", seq: 5, header: $"43=Y|122={orig}|"));
        Assert.Equal(8UL, h.Session.NextTargetSeqNum);
        Assert.False(h.Session.IsRecoveringGap);
    }

    [Fact]
    public void A_resend_request_that_makes_no_progress_is_sent_again()
    {
        using var h = new SessionHarness(configure: s => s with { ResendTimeout = TimeSpan.FromSeconds(5) });
        h.LogOn();
        h.TakeSent();
        h.Feed(h.Peer("0", seq: 9));
        h.TakeOne("2");
        h.Clock.Advance(TimeSpan.FromSeconds(6));
        h.Feed(h.Peer("0", seq: 10)); // traffic, but nothing fills the gap
        h.Session.Poll();
        SentMessage again = h.TakeOne("2");
        Assert.Equal("2", again[7]);
        Assert.Equal(2, h.Session.Counters.ResendRequestsSent);
    }

    [Fact]
    public void Too_low_seq_without_possdup_logs_out_with_the_expected_number()
    {
        using var h = new SessionHarness();
        h.LogOn();
        h.FeedPeer("0");
        h.TakeSent();
        h.Feed(h.Peer("0", seq: 2));
        SentMessage logout = h.TakeOne("5");
        Assert.Equal("MsgSeqNum too low, expecting 3 but received 2", logout[58]);
        Assert.Equal(FixSessionState.Disconnected, h.Session.State);
    }

    [Fact]
    public void Too_low_seq_with_possdup_is_ignored()
    {
        using var h = new SessionHarness();
        h.LogOn();
        h.FeedPeer("8", SessionHarness.ExecBody("A1"));
        h.Feed(h.Peer("8", SessionHarness.ExecBody("A1"), seq: 2, header: $"43=Y|122={h.Clock.Timestamp()}|"));
        Assert.Single(h.App.Messages);
        Assert.Equal(1, h.Session.Counters.PossDupIgnored);
        Assert.Equal(FixSessionState.Active, h.Session.State);
    }

    [Theory]
    [InlineData(0, 1)] // wrong CheckSum
    [InlineData(3, 0)] // wrong BodyLength
    public void Garbled_messages_are_ignored_without_moving_the_sequence(int lengthDelta, int checksumDelta)
    {
        using var h = new SessionHarness();
        h.LogOn();
        h.TakeSent();
        string body = $"35=0|49=VENUE|56=GATEWAY|34=2|52={h.Clock.Timestamp()}|";
        h.Feed(Tests.Fix.Fix.Build(body, lengthDelta, checksumDelta));
        h.Feed(Tests.Fix.Fix.Bytes("garbage that is not FIX at all|"));
        Assert.Equal(2UL, h.Session.NextTargetSeqNum);
        Assert.True(h.Session.Counters.Garbled >= 1);
        Assert.Empty(h.TakeSent());

        h.PeerSeq = 2;
        h.FeedPeer("8", SessionHarness.ExecBody("A1"));
        Assert.Single(h.App.Messages);
        Assert.Equal(3UL, h.Session.NextTargetSeqNum);
    }

    [Fact]
    public void Wrong_begin_string_logs_out_and_disconnects()
    {
        using var h = new SessionHarness();
        h.LogOn();
        h.TakeSent();
        byte[] body = Tests.Fix.Fix.Bytes($"35=0|49=VENUE|56=GATEWAY|34=2|52={h.Clock.Timestamp()}|");
        byte[] head = Tests.Fix.Fix.Bytes($"8=FIX.4.2|9={body.Length}|");
        int sum = head.Concat(body).Sum(b => b) % 256;
        h.Feed([.. head, .. body, .. Tests.Fix.Fix.Bytes($"10={sum:D3}|")]);
        Assert.Contains("BeginString", h.TakeOne("5")[58]);
        Assert.Equal(FixSessionState.Disconnected, h.Session.State);
    }

    [Fact]
    public void Wrong_comp_id_is_rejected_with_reason_9_then_logged_out()
    {
        using var h = new SessionHarness();
        h.LogOn();
        h.TakeSent();
        h.Feed(h.Peer("0", target: "SOMEONE"));
        List<SentMessage> sent = h.TakeSent();
        Assert.Equal(["3", "5"], sent.Select(m => m.Type));
        Assert.Equal("9", sent[0][373]);
        Assert.Equal("56", sent[0][371]);
        Assert.Equal("2", sent[0][45]);
        Assert.Equal(FixSessionState.Disconnected, h.Session.State);
        Assert.Equal(3UL, h.Store.NextTargetSeqNum);
    }

    [Fact]
    public void Sending_time_outside_the_allowed_latency_is_rejected_with_reason_10_then_logged_out()
    {
        using var h = new SessionHarness(configure: s => s with { MaxLatency = TimeSpan.FromSeconds(30) });
        h.LogOn();
        h.TakeSent();
        h.Feed(h.Peer("0", sendingTime: h.Clock.Timestamp(TimeSpan.FromSeconds(-31))));
        List<SentMessage> sent = h.TakeSent();
        Assert.Equal(["3", "5"], sent.Select(m => m.Type));
        Assert.Equal("10", sent[0][373]);
        Assert.Equal("52", sent[0][371]);
        Assert.Equal(FixSessionState.Disconnected, h.Session.State);
    }

    [Fact]
    public void Sending_time_within_the_allowed_latency_is_accepted()
    {
        using var h = new SessionHarness(configure: s => s with { MaxLatency = TimeSpan.FromSeconds(30) });
        h.LogOn();
        h.Feed(h.Peer("0", sendingTime: h.Clock.Timestamp(TimeSpan.FromSeconds(-29))));
        Assert.Equal(FixSessionState.Active, h.Session.State);
        Assert.Equal(3UL, h.Session.NextTargetSeqNum);
    }

    [Fact]
    public void Possdup_without_orig_sending_time_is_rejected_with_reason_1_and_counted()
    {
        using var h = new SessionHarness();
        h.LogOn();
        h.TakeSent();
        h.FeedPeer("8", SessionHarness.ExecBody("A1"), header: "43=Y|");
        SentMessage reject = h.TakeOne("3");
        Assert.Equal("1", reject[373]);
        Assert.Equal("122", reject[371]);
        Assert.Empty(h.App.Messages);
        Assert.Equal(3UL, h.Session.NextTargetSeqNum);
    }

    [Fact]
    public void Orig_sending_time_after_sending_time_is_rejected_with_reason_10()
    {
        using var h = new SessionHarness();
        h.LogOn();
        h.TakeSent();
        h.FeedPeer("8", SessionHarness.ExecBody("A1"), header: $"43=Y|122={h.Clock.Timestamp(TimeSpan.FromSeconds(5))}|");
        List<SentMessage> sent = h.TakeSent();
        Assert.Equal(["3", "5"], sent.Select(x => x.Type));
        Assert.Equal("10", sent[0][373]);
        Assert.Equal("122", sent[0][371]);
        Assert.Equal(FixSessionState.Disconnected, h.Session.State); // test case 2f: Reject, Logout, disconnect
        Assert.Empty(h.App.Messages);
    }

    [Fact]
    public void Gap_fill_moves_the_expected_sequence()
    {
        using var h = new SessionHarness();
        h.LogOn();
        h.FeedPeer("4", "123=Y|36=10|", header: $"43=Y|122={h.Clock.Timestamp()}|");
        Assert.Equal(10UL, h.Session.NextTargetSeqNum);
        Assert.Equal(10UL, h.Store.NextTargetSeqNum);
    }

    [Fact]
    public void Gap_fill_that_would_lower_the_sequence_is_rejected_with_reason_5()
    {
        using var h = new SessionHarness();
        h.LogOn();
        h.TakeSent();
        h.FeedPeer("4", "123=Y|36=1|", header: $"43=Y|122={h.Clock.Timestamp()}|");
        SentMessage reject = h.TakeOne("3");
        Assert.Equal("5", reject[373]);
        Assert.Equal("36", reject[371]);
        Assert.Equal(3UL, h.Session.NextTargetSeqNum);
    }

    [Fact]
    public void Gap_fill_with_too_high_seq_asks_for_a_resend()
    {
        using var h = new SessionHarness();
        h.LogOn();
        h.TakeSent();
        h.Feed(h.Peer("4", "123=Y|36=10|", seq: 5));
        Assert.Equal("2", h.TakeOne("2")[7]);
        Assert.Equal(2UL, h.Session.NextTargetSeqNum);
    }

    [Fact]
    public void Sequence_reset_ignores_msg_seq_num_and_moves_forward()
    {
        using var h = new SessionHarness();
        h.LogOn();
        h.Feed(h.Peer("4", "36=50|", seq: 999));
        Assert.Equal(50UL, h.Session.NextTargetSeqNum);
        Assert.Equal(FixSessionState.Active, h.Session.State);
    }

    [Fact]
    public void Sequence_reset_backwards_is_rejected_with_reason_5_and_changes_nothing()
    {
        using var h = new SessionHarness();
        h.LogOn();
        h.Feed(h.Peer("4", "36=20|", seq: 2));
        h.TakeSent();
        h.Feed(h.Peer("4", "36=5|", seq: 20));
        SentMessage reject = h.TakeOne("3");
        Assert.Equal("5", reject[373]);
        Assert.Equal("36", reject[371]);
        Assert.Equal(20UL, h.Session.NextTargetSeqNum);
    }

    [Fact]
    public void Test_request_is_answered_with_its_id()
    {
        using var h = new SessionHarness();
        h.LogOn();
        h.TakeSent();
        h.FeedPeer("1", "112=PING-7|");
        Assert.Equal("PING-7", h.TakeOne("0")[112]);
    }

    [Fact]
    public void Reject_from_the_peer_is_counted_and_moves_the_sequence()
    {
        using var h = new SessionHarness();
        h.LogOn();
        h.FeedPeer("3", "45=2|373=5|371=44|58=bad price|");
        Assert.Equal(1, h.Session.Counters.RejectsReceived);
        Assert.Equal(3UL, h.Session.NextTargetSeqNum);
        Assert.Contains(h.Log.Lines, l => l.Contains("bad price"));
    }

    [Fact]
    public void Missing_msg_seq_num_logs_out()
    {
        using var h = new SessionHarness();
        h.LogOn();
        h.TakeSent();
        h.Feed(Tests.Fix.Fix.Build($"35=0|49=VENUE|56=GATEWAY|52={h.Clock.Timestamp()}|"));
        Assert.Contains("MsgSeqNum", h.TakeOne("5")[58]);
        Assert.Equal(FixSessionState.Disconnected, h.Session.State);
    }

    [Fact]
    public void An_oversized_message_is_dropped_and_counted_and_the_stream_goes_on()
    {
        using var h = new SessionHarness(configure: s => s with { MaxMessageLength = 1024 });
        h.LogOn();
        h.TakeSent();
        h.Feed(h.Peer("B", "148=big|33=1|58=" + new string('x', 3000) + "|", seq: 2));
        Assert.Equal(1, h.Session.Counters.Garbled);
        Assert.Equal(2UL, h.Session.NextTargetSeqNum);
        Assert.Contains(h.Log.Lines, l => l.Contains("garbled", StringComparison.Ordinal));
        h.Feed(h.Peer("8", SessionHarness.ExecBody("A1"), seq: 2));
        Assert.Single(h.App.Messages);
        Assert.Equal(FixSessionState.Active, h.Session.State);
        Assert.Empty(h.TakeSent());
    }

    [Fact]
    public void A_data_length_that_does_not_match_is_rejected_with_reason_6()
    {
        using var h = new SessionHarness();
        h.LogOn();
        h.TakeSent();
        h.FeedPeer("8", SessionHarness.ExecBody("A1") + "354=7|355=ab|c=d|");
        SentMessage reject = h.TakeOne("3");
        Assert.Equal("6", reject[373]);
        Assert.Equal("354", reject[371]);
        Assert.Equal(3UL, h.Session.NextTargetSeqNum);
    }

    [Fact]
    public void Soh_inside_a_plain_value_is_rejected_with_reason_17_and_counted_in_sequence()
    {
        using var h = new SessionHarness();
        h.LogOn();
        h.TakeSent();
        h.FeedPeer("8", SessionHarness.ExecBody("A1").Replace("55=AAPL|", "55=AA|PL|", StringComparison.Ordinal));
        SentMessage reject = h.TakeOne("3");
        Assert.Equal("17", reject[373]);
        Assert.Equal("55", reject[371]);
        Assert.Equal(3UL, h.Session.NextTargetSeqNum);
        Assert.Empty(h.App.Messages);
    }

    [Fact]
    public void A_data_field_with_soh_inside_reaches_the_application_whole()
    {
        using var h = new SessionHarness();
        h.LogOn();
        h.TakeSent();
        h.FeedPeer("8", SessionHarness.ExecBody("A1") + "354=6|355=ab|c=d|");
        Assert.Empty(h.TakeSent());
        Assert.Single(h.App.Messages);
        Assert.Contains("|355=ab|c=d|", h.App.Messages[0]);
    }

    [Theory]
    [InlineData("9999", "0")] // user-defined range, not declared in the dictionary: QuickFIX and test case 14a say 0
    [InlineData("150", "2")]  // a FIX 4.4 tag ExecutionReport has, in a NewOrderSingle
    [InlineData("4000", "0")] // no such FIX 4.4 tag
    public void Unknown_tags_are_rejected_by_the_tag_rule(string tag, string reason)
    {
        using var h = new SessionHarness(FixRole.Acceptor);
        h.LogOn();
        h.TakeSent();
        h.FeedPeer("D", SessionHarness.OrderBody("U1") + $"{tag}=1|");
        SentMessage reject = h.TakeOne("3");
        Assert.Equal(reason, reject[373]);
        Assert.Equal(tag, reject[371]);
    }
}
