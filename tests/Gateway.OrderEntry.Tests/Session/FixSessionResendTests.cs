using Gateway.OrderEntry.Fix;
using Gateway.OrderEntry.Session;

namespace Gateway.OrderEntry.Tests.Session;

/// <summary>Serving the peer's ResendRequest, validation rejects, timers, sending (Test Cases 4, 6, 8, 14, 15).</summary>
public sealed class FixSessionResendTests
{
    /// <summary>Logon(1) D(2) D(3) Heartbeat(4) D(5) D(6) sent by us.</summary>
    private static List<SentMessage> SendMixedTraffic(SessionHarness h)
    {
        h.LogOn();
        h.TakeSent();
        Assert.Equal(FixSendResult.Sent, h.SendOrder("C2"));
        h.Clock.Advance(TimeSpan.FromMilliseconds(5));
        Assert.Equal(FixSendResult.Sent, h.SendOrder("C3"));
        h.Clock.Advance(TimeSpan.FromSeconds(30));
        h.FeedPeer("0"); // keeps the peer side fresh
        h.Session.Poll(); // heartbeat, MsgSeqNum 4
        Assert.Equal(FixSendResult.Sent, h.SendOrder("C5"));
        Assert.Equal(FixSendResult.Sent, h.SendOrder("C6"));
        List<SentMessage> sent = h.TakeSent();
        Assert.Equal(["D", "D", "0", "D", "D"], sent.Select(m => m.Type));
        return sent;
    }

    [Fact]
    public void Application_messages_are_resent_with_possdup_and_admin_ones_gap_filled()
    {
        using var h = new SessionHarness();
        List<SentMessage> original = SendMixedTraffic(h);
        h.Clock.Advance(TimeSpan.FromSeconds(1));
        h.FeedPeer("2", "7=2|16=0|");
        List<SentMessage> resent = h.TakeSent();
        Assert.Equal(["D", "D", "4", "D", "D"], resent.Select(m => m.Type));
        Assert.Equal([2L, 3, 4, 5, 6], resent.Select(m => m.Seq));

        SentMessage gapFill = resent[2];
        Assert.Equal("Y", gapFill[123]);
        Assert.Equal("5", gapFill[36]);
        Assert.Equal("Y", gapFill[43]);

        foreach ((SentMessage again, SentMessage first) in resent.Where(m => m.Type == "D").Zip(original.Where(m => m.Type == "D")))
        {
            Assert.Equal("Y", again[43]);
            Assert.Equal(first[52], again[122]);
            Assert.NotEqual(first[52], again[52]);
            foreach (int tag in new[] { 11, 21, 55, 54, 60, 38, 40, 44 })
            {
                Assert.Equal(first[tag], again[tag]);
            }

            // Header stays in front: 8 9 35 49 56 34 52 43 122, then the body in its original order.
            Assert.Equal([8, 9, 35, 49, 56, 34, 52, 43, 122], again.Order.Take(9));
            Assert.Equal(first.Order.Skip(7).SkipLast(1), again.Order.Skip(9).SkipLast(1));
        }

        Assert.Equal(7UL, h.Session.NextSenderSeqNum); // a resend uses no new sequence numbers
        Assert.Equal(4, h.Session.Counters.MessagesResent);
    }

    [Fact]
    public void A_data_field_holding_soh_is_resent_whole()
    {
        using var h = new SessionHarness();
        h.LogOn();
        FixEncoder e = h.Session.Begin(h.Session.CreateTemplate("D"));
        TestOrder.Body(e, "T1"u8, h.Clock.UtcNowNanos, "AAPL"u8, (byte)'1', 100, FixPrice.FromDecimal(1.5m));
        e.AppendData(FixTag.EncodedTextLen, FixTag.EncodedText, "ab\u0001c=d"u8);
        Assert.Equal(FixSendResult.Sent, h.Session.Send());
        h.TakeSent();
        h.FeedPeer("2", "7=2|16=2|");
        SentMessage again = h.TakeOne("D");
        Assert.Equal("Y", again[43]);
        Assert.Contains("|354=6|355=ab|c=d|10=", again.Text);
    }

    [Fact]
    public void A_bounded_range_is_served_exactly()
    {
        using var h = new SessionHarness();
        SendMixedTraffic(h);
        h.FeedPeer("2", "7=3|16=4|");
        List<SentMessage> resent = h.TakeSent();
        Assert.Equal(["D", "4"], resent.Select(m => m.Type));
        Assert.Equal("5", resent[1][36]);
    }

    [Fact]
    public void With_resend_of_application_messages_off_the_whole_range_is_one_gap_fill()
    {
        using var h = new SessionHarness(configure: s => s with { ResendApplicationMessages = false });
        SendMixedTraffic(h);
        h.FeedPeer("2", "7=1|16=0|");
        SentMessage gapFill = h.TakeOne("4");
        Assert.Equal("1", gapFill[34]);
        Assert.Equal("7", gapFill[36]);
    }

    [Fact]
    public void A_resend_request_beyond_what_was_sent_is_ignored()
    {
        using var h = new SessionHarness();
        h.LogOn();
        h.TakeSent();
        h.FeedPeer("2", "7=50|16=0|");
        Assert.Empty(h.TakeSent());
        Assert.Equal(FixSessionState.Active, h.Session.State);
    }

    [Fact]
    public void A_resend_request_with_too_high_seq_is_served_before_our_own_request()
    {
        using var h = new SessionHarness();
        SendMixedTraffic(h);
        h.Feed(h.Peer("2", "7=5|16=0|", seq: 10));
        List<SentMessage> sent = h.TakeSent();
        Assert.Equal(["D", "D", "2"], sent.Select(m => m.Type));
        Assert.Equal("3", sent[2][7]);
    }

    [Fact]
    public void Journaled_messages_survive_a_restart_and_are_resent_from_the_store()
    {
        var dir = new Gateway.OrderEntry.Tests.Store.StoreTempDir();
        try
        {
            using (var h = new SessionHarness(dir: dir))
            {
                SendMixedTraffic(h);
            }

            using (var h = new SessionHarness(dir: dir))
            {
                Assert.Equal(3UL, h.Session.NextTargetSeqNum);
                h.Connect();
                Assert.Equal("7", h.TakeOne("A")[34]);
                h.Feed(h.Peer("A", "98=0|108=30|", seq: 3));
                h.Feed(h.Peer("2", "7=5|16=6|", seq: 4));
                List<SentMessage> resent = h.TakeSent();
                Assert.Equal(["D", "D"], resent.Select(m => m.Type));
                Assert.Equal("C5", resent[0][11]);
                Assert.Equal("C6", resent[1][11]);
            }
        }
        finally
        {
            dir.Dispose();
        }
    }

    [Fact]
    public void Invalid_msg_type_is_rejected_with_reason_11()
    {
        using var h = new SessionHarness();
        h.LogOn();
        h.TakeSent();
        h.FeedPeer("ZZ", "58=x|");
        SentMessage reject = h.TakeOne("3");
        Assert.Equal("11", reject[373]);
        Assert.Equal("ZZ", reject[372]);
        Assert.Equal(3UL, h.Session.NextTargetSeqNum);
    }

    [Fact]
    public void Every_message_of_the_dictionary_reaches_the_application_which_may_refuse_it()
    {
        using var h = new SessionHarness();
        h.App.Handler = (FixSession s, in FixMessageView m) =>
            s.RejectBusinessMessage(m, BusinessRejectReason.UnsupportedMessageType, "Unsupported Message Type");
        h.LogOn();
        h.TakeSent();
        h.FeedPeer("R", "131=Q1|146=1|55=AAPL|");
        SentMessage bmr = h.TakeOne("j");
        Assert.Equal("3", bmr[380]);
        Assert.Equal("R", bmr[372]);
        Assert.Equal("2", bmr[45]);
        Assert.Single(h.App.Messages);
        Assert.Equal(3UL, h.Session.NextTargetSeqNum);
    }

    [Theory]
    [InlineData("37=V-1|17=E1|150=0|39=0|55=AAPL|54=1|151=0|14=0|", "1", "11")]        // ClOrdID missing: ExecutionReport needs... (11 optional) -> AvgPx missing
    [InlineData("37=V-1|11=A|17=E1|150=0|39=0|55=AAPL|54=1|151=0|14=0|6=abc|", "6", "6")] // bad number
    [InlineData("37=V-1|11=A|17=E1|150=0|39=Q|55=AAPL|54=1|151=0|14=0|6=0|", "5", "39")]  // bad enum
    [InlineData("37=V-1|11=A|11=B|17=E1|150=0|39=0|55=AAPL|54=1|151=0|14=0|6=0|", "13", "11")]
    [InlineData("37=V-1|11=A|17=E1|150=0|39=0|55=|54=1|151=0|14=0|6=0|", "4", "55")]
    [InlineData("37=V-1|11=A|17=E1|150=0|39=0|55=AAPL|54=1|151=0|14=0|6=0|43=N|", "14", "43")]
    public void Field_level_problems_are_rejected_with_reason_and_tag(string body, string reason, string tag)
    {
        using var h = new SessionHarness();
        h.LogOn();
        h.TakeSent();
        h.FeedPeer("8", body);
        SentMessage reject = h.TakeOne("3");
        Assert.Equal(reason, reject[373]);
        if (reason != "1")
        {
            Assert.Equal(tag, reject[371]);
        }

        Assert.Equal("8", reject[372]);
        Assert.Empty(h.App.Messages);
        Assert.Equal(3UL, h.Session.NextTargetSeqNum);
    }

    [Fact]
    public void Heartbeat_after_an_interval_of_our_silence()
    {
        using var h = new SessionHarness(configure: s => s with { HeartBtIntSeconds = 10 });
        h.LogOn(10);
        h.TakeSent();
        h.Clock.Advance(TimeSpan.FromSeconds(9.9));
        h.FeedPeer("0");
        Assert.Equal(0, h.Session.Poll());
        h.Clock.Advance(TimeSpan.FromSeconds(0.2));
        Assert.Equal(1, h.Session.Poll());
        Assert.False(h.TakeOne("0").Fields.ContainsKey(112));
    }

    [Fact]
    public void Peer_silence_brings_a_test_request_then_a_disconnect()
    {
        using var h = new SessionHarness(configure: s => s with { HeartBtIntSeconds = 10 });
        h.LogOn(10);
        h.TakeSent();
        h.Clock.Advance(TimeSpan.FromSeconds(12.1));
        h.Session.Poll();
        List<SentMessage> sent = h.TakeSent();
        Assert.Contains(sent, m => m.Type == "1" && m[112].StartsWith("TEST-", StringComparison.Ordinal));
        h.Clock.Advance(TimeSpan.FromSeconds(12.1));
        h.Session.Poll();
        Assert.Equal(FixSessionState.Disconnected, h.Session.State);
        Assert.Contains("heartbeat timeout", h.Session.LastDisconnectReason);
        Assert.Single(h.App.Logouts);
    }

    [Fact]
    public void An_answered_test_request_keeps_the_session()
    {
        using var h = new SessionHarness(configure: s => s with { HeartBtIntSeconds = 10 });
        h.LogOn(10);
        h.Clock.Advance(TimeSpan.FromSeconds(12.1));
        h.Session.Poll();
        string id = h.TakeSent().Single(m => m.Type == "1")[112];
        h.FeedPeer("0", $"112={id}|");
        h.Clock.Advance(TimeSpan.FromSeconds(5));
        h.Session.Poll();
        Assert.Equal(FixSessionState.Active, h.Session.State);
    }

    [Fact]
    public void A_peer_that_sends_half_a_message_and_stalls_is_timed_out()
    {
        using var h = new SessionHarness(configure: s => s with { HeartBtIntSeconds = 5 });
        h.LogOn(5);
        byte[] m = h.Peer("8", SessionHarness.ExecBody("A1"));
        h.Feed(m[..(m.Length / 2)]);
        for (int i = 0; i < 20 && h.Session.State == FixSessionState.Active; i++)
        {
            h.Clock.Advance(TimeSpan.FromSeconds(1));
            h.Session.Poll();
        }

        Assert.Equal(FixSessionState.Disconnected, h.Session.State);
        Assert.Empty(h.App.Messages);
    }

    [Fact]
    public void Sending_before_logon_is_refused_and_uses_no_sequence_number()
    {
        using var h = new SessionHarness();
        Assert.Equal(FixSendResult.NotLoggedOn, h.SendOrder("early"));
        h.Connect();
        Assert.Equal(FixSendResult.NotLoggedOn, h.SendOrder("early"));
        Assert.Equal(2UL, h.Session.NextSenderSeqNum); // the Logon took 1
    }

    [Fact]
    public void A_sent_order_is_journaled_byte_for_byte_before_it_goes_out()
    {
        using var h = new SessionHarness();
        h.LogOn();
        h.TakeSent();
        Assert.Equal(FixSendResult.Sent, h.SendOrder("J1"));
        SentMessage sent = h.TakeOne("D");
        Assert.True(h.Store.TryGet(2, out ReadOnlySpan<byte> journaled));
        Assert.Equal(sent.Bytes, journaled.ToArray());
        Assert.Equal(3UL, h.Store.NextSenderSeqNum);
    }

    [Fact]
    public void A_failed_send_disconnects_but_keeps_the_journaled_message_for_a_resend()
    {
        using var h = new SessionHarness();
        h.LogOn();
        h.Transport.FailSends = true;
        Assert.Equal(FixSendResult.ConnectionLost, h.SendOrder("L1"));
        Assert.Equal(FixSessionState.Disconnected, h.Session.State);
        Assert.True(h.Store.TryGet(2, out _));
        Assert.Equal(3UL, h.Store.NextSenderSeqNum);
    }

    [Fact]
    public void Application_can_answer_from_inside_its_callback()
    {
        using var h = new SessionHarness(FixRole.Acceptor);
        FixMessageTemplate er = h.Session.CreateTemplate("8");
        h.App.Handler = (FixSession s, in FixMessageView m) =>
        {
            FixEncoder e = s.Begin(er);
            e.AppendString(FixTag.OrderID, "V-1"u8);
            e.AppendString(FixTag.ClOrdID, m.GetString(FixTag.ClOrdID));
            s.Send();
        };
        h.LogOn();
        h.TakeSent();
        h.FeedPeer("D", SessionHarness.OrderBody("Q1"));
        SentMessage ack = h.TakeOne("8");
        Assert.Equal("Q1", ack[11]);
        Assert.Equal("2", ack[34]);
    }
}
