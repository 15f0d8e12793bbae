using Gateway.OrderEntry.Session;

namespace Gateway.OrderEntry.Tests.Session;

/// <summary>Logon and logout, both roles (FIX Session-level Test Cases 1S, 1B, 12, 13).</summary>
public sealed class FixSessionLogonTests
{
    [Fact]
    public void Initiator_sends_logon_and_becomes_active_on_the_answer()
    {
        using var h = new SessionHarness();
        h.Connect();
        Assert.Equal(FixSessionState.LogonSent, h.Session.State);
        SentMessage logon = h.TakeOne("A");
        Assert.Equal("1", logon[34]);
        Assert.Equal("0", logon[98]);
        Assert.Equal("30", logon[108]);
        Assert.Equal("GATEWAY", logon[49]);
        Assert.Equal("VENUE", logon[56]);
        Assert.False(logon.Fields.ContainsKey(141));

        h.FeedPeer("A", "98=0|108=30|");
        Assert.Equal(FixSessionState.Active, h.Session.State);
        Assert.Equal(1, h.App.Logons);
        Assert.Equal(2UL, h.Session.NextSenderSeqNum);
        Assert.Equal(2UL, h.Session.NextTargetSeqNum);
        Assert.Equal(2UL, h.Store.NextTargetSeqNum);
        Assert.Empty(h.TakeSent());
    }

    [Fact]
    public void Initiator_logon_answer_with_too_high_seq_is_accepted_then_a_resend_is_requested()
    {
        using var h = new SessionHarness();
        h.Connect();
        h.TakeSent();
        h.Feed(h.Peer("A", "98=0|108=30|", seq: 5));
        Assert.Equal(FixSessionState.Active, h.Session.State);
        SentMessage rr = h.TakeOne("2");
        Assert.Equal("1", rr[7]);
        Assert.Equal("4", rr[16]); // the gap; the Logon itself was acted on
        Assert.True(h.Session.IsRecoveringGap);

        // The peer gap-fills 1..4 and resends nothing: the gap is closed and 5 (the Logon) counts as seen.
        h.Feed(h.Peer("4", "123=Y|36=6|", seq: 1, header: "43=Y|122=" + h.Clock.Timestamp() + "|"));
        Assert.Equal(6UL, h.Session.NextTargetSeqNum);
        Assert.False(h.Session.IsRecoveringGap);
    }

    [Fact]
    public void Initiator_gives_up_when_no_logon_answer_arrives_in_time()
    {
        using var h = new SessionHarness(configure: s => s with { LogonTimeout = TimeSpan.FromSeconds(5) });
        h.Connect();
        h.Clock.Advance(TimeSpan.FromSeconds(4.9));
        Assert.Equal(0, h.Session.Poll());
        h.Clock.Advance(TimeSpan.FromSeconds(0.2));
        Assert.Equal(1, h.Session.Poll());
        Assert.Equal(FixSessionState.Disconnected, h.Session.State);
        Assert.True(h.Transport.Closed);
        Assert.Equal(1, h.Session.Counters.LogonFailures);
        Assert.Contains("no Logon answer", h.Session.LastDisconnectReason);
    }

    [Fact]
    public void Initiator_disconnects_when_the_first_answer_is_not_a_logon()
    {
        using var h = new SessionHarness();
        h.Connect();
        h.TakeSent();
        h.FeedPeer("0");
        Assert.Equal(FixSessionState.Disconnected, h.Session.State);
        Assert.Contains("not a logon", h.Session.LastDisconnectReason);
        Assert.Contains("first message not a logon", h.TakeOne("5")[58]); // test case 1B e
        Assert.Equal(0, h.App.Logons);
    }

    [Fact]
    public void Initiator_reports_the_text_of_a_logout_answering_its_logon()
    {
        using var h = new SessionHarness();
        h.Connect();
        h.FeedPeer("5", "58=unknown session|");
        Assert.Equal(FixSessionState.Disconnected, h.Session.State);
        Assert.Contains("unknown session", h.Session.LastDisconnectReason);
    }

    [Fact]
    public void Reset_on_logon_starts_both_sequences_at_one_in_a_new_store_epoch()
    {
        using var h = new SessionHarness(configure: s => s with { ResetOnLogon = true });
        h.LogOn();
        Assert.Equal(FixSendResult.Sent, h.SendOrder("A1"));
        h.Session.ConnectionLost("test");
        ulong epoch = h.Store.Epoch;

        h.PeerSeq = 1;
        h.Connect();
        SentMessage logon = h.TakeOne("A");
        Assert.Equal("1", logon[34]);
        Assert.Equal("Y", logon[141]);
        Assert.Equal(epoch + 1, h.Store.Epoch);
        h.FeedPeer("A", "98=0|108=30|141=Y|");
        Assert.Equal(FixSessionState.Active, h.Session.State);
        Assert.Equal(2UL, h.Session.NextTargetSeqNum);
    }

    [Fact]
    public void Acceptor_answers_a_logon_with_the_initiators_heartbeat_interval()
    {
        using var h = new SessionHarness(FixRole.Acceptor);
        h.Connect();
        Assert.Equal(FixSessionState.AwaitingLogon, h.Session.State);
        Assert.Empty(h.TakeSent());
        h.FeedPeer("A", "98=0|108=7|");
        SentMessage answer = h.TakeOne("A");
        Assert.Equal("7", answer[108]);
        Assert.Equal("VENUE", answer[49]);
        Assert.Equal(7, h.Session.HeartBtIntSeconds);
        Assert.Equal(FixSessionState.Active, h.Session.State);
    }

    [Fact]
    public void Acceptor_resets_when_the_logon_asks_and_confirms_it()
    {
        using var h = new SessionHarness(FixRole.Acceptor);
        h.Store.SetSequenceNumbers(40, 40);
        h.Connect();
        h.Feed(h.Peer("A", "98=0|108=30|141=Y|", seq: 1));
        SentMessage answer = h.TakeOne("A");
        Assert.Equal("1", answer[34]);
        Assert.Equal("Y", answer[141]);
        Assert.Equal(2UL, h.Session.NextTargetSeqNum);
        Assert.Equal(2UL, h.Session.NextSenderSeqNum);
    }

    [Fact]
    public void Acceptor_logs_out_a_logon_with_too_low_seq()
    {
        using var h = new SessionHarness(FixRole.Acceptor);
        h.Store.SetSequenceNumbers(1, 10);
        h.Connect();
        h.Feed(h.Peer("A", "98=0|108=30|", seq: 4));
        SentMessage logout = h.TakeOne("5");
        Assert.Equal("MsgSeqNum too low, expecting 10 but received 4", logout[58]);
        Assert.Equal(FixSessionState.Disconnected, h.Session.State);
        Assert.Equal(0, h.App.Logons);
    }

    [Fact]
    public void Acceptor_logon_with_too_high_seq_is_answered_then_a_resend_is_requested()
    {
        using var h = new SessionHarness(FixRole.Acceptor);
        h.Connect();
        h.Feed(h.Peer("A", "98=0|108=30|", seq: 3));
        List<SentMessage> sent = h.TakeSent();
        Assert.Equal(["A", "2"], sent.Select(m => m.Type));
        Assert.Equal("1", sent[1][7]);
    }

    [Fact]
    public void Acceptor_drops_a_logon_from_the_wrong_comp_id_without_logging_on()
    {
        using var h = new SessionHarness(FixRole.Acceptor);
        h.Connect();
        h.Feed(h.Peer("A", "98=0|108=30|", sender: "INTRUDER"));
        Assert.Equal(FixSessionState.Disconnected, h.Session.State);
        Assert.Empty(h.TakeSent());
        Assert.Equal(1, h.Session.Counters.LogonFailures);
    }

    [Fact]
    public void Acceptor_drops_a_peer_that_never_logs_on()
    {
        using var h = new SessionHarness(FixRole.Acceptor, s => s with { LogonTimeout = TimeSpan.FromSeconds(2) });
        h.Connect();
        h.Clock.Advance(TimeSpan.FromSeconds(3));
        h.Session.Poll();
        Assert.Equal(FixSessionState.Disconnected, h.Session.State);
        Assert.Contains("did not log on", h.Session.LastDisconnectReason);
    }

    [Fact]
    public void Acceptor_logs_out_a_logon_missing_heartbeat_interval()
    {
        using var h = new SessionHarness(FixRole.Acceptor);
        h.Connect();
        h.FeedPeer("A", "98=0|");
        SentMessage logout = h.TakeOne("5");
        Assert.Contains("Logon", logout[58]);
        Assert.Equal(FixSessionState.Disconnected, h.Session.State);
    }

    [Fact]
    public void Our_logout_waits_for_the_answer_then_disconnects()
    {
        using var h = new SessionHarness();
        h.LogOn();
        h.TakeSent();
        h.Session.Logout("end of day");
        Assert.Equal(FixSessionState.LogoutSent, h.Session.State);
        Assert.Equal("end of day", h.TakeOne("5")[58]);
        Assert.Equal(FixSendResult.NotLoggedOn, h.SendOrder("late"));
        h.FeedPeer("5");
        Assert.Equal(FixSessionState.Disconnected, h.Session.State);
        Assert.Equal(["logout confirmed"], h.App.Logouts);
    }

    [Fact]
    public void Our_logout_disconnects_after_the_timeout_when_unanswered()
    {
        using var h = new SessionHarness(configure: s => s with { LogoutTimeout = TimeSpan.FromSeconds(1) });
        h.LogOn();
        h.Session.Logout();
        h.Clock.Advance(TimeSpan.FromSeconds(1.5));
        h.Session.Poll();
        Assert.Equal(FixSessionState.Disconnected, h.Session.State);
        Assert.Contains("no Logout answer", h.Session.LastDisconnectReason);
    }

    [Fact]
    public void Peer_logout_is_answered_and_the_connection_closed()
    {
        using var h = new SessionHarness();
        h.LogOn();
        h.TakeSent();
        h.FeedPeer("5", "58=maintenance|");
        h.TakeOne("5");
        Assert.Equal(FixSessionState.Disconnected, h.Session.State);
        Assert.True(h.Transport.Closed);
        Assert.Equal(["peer logged out: maintenance"], h.App.Logouts);
        Assert.Equal(3UL, h.Store.NextTargetSeqNum);
    }

    [Fact]
    public void A_logon_with_reset_flag_during_the_session_resets_both_sides_and_is_answered()
    {
        using var h = new SessionHarness();
        h.LogOn();
        Assert.Equal(FixSendResult.Sent, h.SendOrder("B1"));
        h.FeedPeer("0");
        h.TakeSent();
        ulong epoch = h.Store.Epoch;
        h.Feed(h.Peer("A", "98=0|108=30|141=Y|", seq: 1));
        SentMessage answer = h.TakeOne("A");
        Assert.Equal("1", answer[34]);
        Assert.Equal("Y", answer[141]);
        Assert.Equal(epoch + 1, h.Store.Epoch);
        Assert.Equal(2UL, h.Session.NextSenderSeqNum);
        Assert.Equal(2UL, h.Session.NextTargetSeqNum);
        Assert.Equal(FixSessionState.Active, h.Session.State);
        h.Feed(h.Peer("8", SessionHarness.ExecBody("B1"), seq: 2));
        Assert.Single(h.App.Messages);
    }

    [Fact]
    public void A_second_logon_on_a_live_session_ends_it()
    {
        using var h = new SessionHarness();
        h.LogOn();
        h.TakeSent();
        h.FeedPeer("A", "98=0|108=30|");
        h.TakeOne("5");
        Assert.Equal(FixSessionState.Disconnected, h.Session.State);
    }

    [Fact]
    public void Sequence_numbers_continue_across_a_restart_of_the_process()
    {
        var dir = new Gateway.OrderEntry.Tests.Store.StoreTempDir();
        try
        {
            using (var h = new SessionHarness(dir: dir))
            {
                h.LogOn();
                Assert.Equal(FixSendResult.Sent, h.SendOrder("A1"));
                Assert.Equal(FixSendResult.Sent, h.SendOrder("A2"));
                h.FeedPeer("0");
            }

            using (var h = new SessionHarness(dir: dir))
            {
                Assert.Equal(4UL, h.Session.NextSenderSeqNum);
                Assert.Equal(3UL, h.Session.NextTargetSeqNum);
                h.Connect();
                Assert.Equal("4", h.TakeOne("A")[34]);
                Assert.True(h.Store.TryGet(2, out ReadOnlySpan<byte> first));
                Assert.Contains("11=A1", new SentMessage(first.ToArray()).Text);
            }
        }
        finally
        {
            dir.Dispose();
        }
    }
}
