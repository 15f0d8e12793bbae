using Gateway.OrderEntry.Fix;
using Gateway.OrderEntry.Session;

namespace Gateway.OrderEntry.Tests.Session;

/// <summary>
/// One test per behaviour a scripted run of the FIX Session-level Test Cases found wrong (issue 10's
/// numbered list), against the session with a scripted peer and a manual clock. Defect 5 is in
/// FixValidatorTests, 6 and 13 in FixDictionaryTests, 11 also in FixParserTests; 12's file and
/// environment reading in FixSecretTests.
/// </summary>
public class FixSessionConformanceDefectTests
{
    private static string Orig(SessionHarness h, double seconds = -1) => h.Clock.Timestamp(TimeSpan.FromSeconds(seconds));

    [Fact]
    public void D01_reset_on_logon_reply_carries_141_only_when_the_logon_asked()
    {
        using var h = new SessionHarness(FixRole.Acceptor, s => s with { ResetOnLogon = true });
        h.Connect();
        h.FeedPeer("A", "98=0|108=30|");
        SentMessage reply = h.TakeOne("A");
        Assert.False(reply.Fields.ContainsKey(FixTag.ResetSeqNumFlag));
        Assert.Equal("1", reply[34]);

        using var asked = new SessionHarness(FixRole.Acceptor, s => s with { ResetOnLogon = true });
        asked.Connect();
        asked.FeedPeer("A", "98=0|108=30|141=Y|");
        Assert.Equal("Y", asked.TakeOne("A")[141]);
    }

    [Theory]
    [InlineData(10, 10UL, null)]      // greater: accepted
    [InlineData(2, 2UL, null)]        // equal to expected: accepted with a warning, nothing sent
    [InlineData(1, 2UL, "5")]         // lower: Reject reason 5, the session stays up
    public void D02_sequence_reset_reset_is_processed_whatever_its_msg_seq_num(int newSeqNo, ulong expected, string? rejectReason)
    {
        foreach (string seqField in new[] { "34=999|", "34=1|", string.Empty })
        {
            using var h = new SessionHarness();
            h.LogOn();
            h.TakeSent();
            string text = $"35=4|49=VENUE|56=GATEWAY|{seqField}52={h.Clock.Timestamp()}|36={newSeqNo}|";
            h.Feed(Tests.Fix.Fix.Build(text));
            Assert.Equal(FixSessionState.Active, h.Session.State);
            Assert.Equal(expected, h.Session.NextTargetSeqNum);
            List<SentMessage> sent = h.TakeSent();
            if (rejectReason is null)
            {
                Assert.Empty(sent);
            }
            else
            {
                Assert.Equal("3", Assert.Single(sent).Type);
                Assert.Equal(rejectReason, sent[0][373]);
            }
        }
    }

    [Fact]
    public void D03_poss_dup_without_orig_sending_time_is_rejected_below_and_at_the_expected_number()
    {
        using var h = new SessionHarness();
        h.LogOn();
        h.FeedPeer("0");
        h.TakeSent();
        // Below the expected number (a duplicate): Reject 1/122, nothing counted.
        h.Feed(h.Peer("0", seq: 2, header: "43=Y|"));
        SentMessage low = h.TakeOne("3");
        Assert.Equal("1", low[373]);
        Assert.Equal("122", low[371]);
        Assert.Equal(3UL, h.Session.NextTargetSeqNum);
        // At the expected number: Reject 1/122, counted.
        h.FeedPeer("0", header: "43=Y|");
        Assert.Equal("1", h.TakeOne("3")[373]);
        Assert.Equal(4UL, h.Session.NextTargetSeqNum);
        Assert.Equal(FixSessionState.Active, h.Session.State);
    }

    [Fact]
    public void D03_poss_dup_with_orig_sending_time_after_sending_time_is_reason_10_then_logout()
    {
        using var h = new SessionHarness();
        h.LogOn();
        h.FeedPeer("0");
        h.TakeSent();
        h.Feed(h.Peer("0", seq: 2, header: $"43=Y|122={Orig(h, 5)}|"));
        List<SentMessage> sent = h.TakeSent();
        Assert.Equal(["3", "5"], sent.Select(m => m.Type));
        Assert.Equal("10", sent[0][373]);
        Assert.Equal(FixSessionState.Disconnected, h.Session.State);
    }

    [Theory]
    [InlineData("49=VENUE|34=2|52=T|", "1", "56")]           // TargetCompID absent
    [InlineData("49=VENUE|56=|34=2|52=T|", "4", "56")]       // TargetCompID empty
    [InlineData("56=GATEWAY|34=2|52=T|", "1", "49")]         // SenderCompID absent
    [InlineData("49=VENUE|56=GATEWAY|34=2|", "1", "52")]     // SendingTime absent
    [InlineData("49=VENUE|56=GATEWAY|34=2|52=|", "4", "52")] // SendingTime empty
    public void D04_required_header_field_missing_or_empty_is_reason_1_or_4_not_a_compid_problem(string header, string reason, string tag)
    {
        using var h = new SessionHarness();
        h.LogOn();
        h.TakeSent();
        h.Feed(Tests.Fix.Fix.Build("35=0|" + header.Replace("52=T", "52=" + h.Clock.Timestamp())));
        SentMessage reject = h.TakeOne("3");
        Assert.Equal(reason, reject[373]);
        Assert.Equal(tag, reject[371]);
        Assert.Equal(FixSessionState.Active, h.Session.State);
        Assert.Equal(3UL, h.Session.NextTargetSeqNum);
    }

    [Theory]
    [InlineData("453=2|448=A|447=D|452=1|")]                          // fewer entries than the count
    [InlineData("453=1|448=A|447=D|452=1|448=B|447=D|452=3|")]        // more entries than the count
    [InlineData("453=0|448=A|")]                                      // entries under a zero count
    public void D05_group_count_that_disagrees_with_the_entries_is_reason_16(string parties)
    {
        using var h = new SessionHarness(FixRole.Acceptor);
        h.LogOn();
        h.TakeSent();
        h.FeedPeer("D", "11=C1|" + parties + "55=AAPL|54=1|60=20260302-09:30:00.000|38=100|40=2|44=1|");
        SentMessage reject = h.TakeOne("3");
        Assert.Equal("16", reject[373]);
        Assert.Equal("453", reject[371]);
    }

    [Theory]
    [InlineData("167=NOPE|", "167")] // SecurityType
    [InlineData("18=1 ?|", "18")]    // ExecInst, each value
    [InlineData("77=X|", "77")]      // PositionEffect
    public void D06_enumerated_values_are_checked_on_every_field(string extra, string tag)
    {
        using var h = new SessionHarness(FixRole.Acceptor);
        h.LogOn();
        h.TakeSent();
        h.FeedPeer("D", SessionHarness.OrderBody("C1") + extra);
        SentMessage reject = h.TakeOne("3");
        Assert.Equal("5", reject[373]);
        Assert.Equal(tag, reject[371]);
    }

    [Fact]
    public void D07_messages_ahead_of_a_gap_are_queued_and_processed_once_it_is_filled()
    {
        using var h = new SessionHarness();
        h.LogOn();
        h.TakeSent();
        h.Feed(h.Peer("8", SessionHarness.ExecBody("A3"), seq: 3));
        SentMessage rr = h.TakeOne("2");
        Assert.Equal(("2", "2"), (rr[7], rr[16]));
        h.Feed(h.Peer("8", SessionHarness.ExecBody("A2"), seq: 2, header: $"43=Y|122={Orig(h)}|"));
        Assert.Equal(2, h.App.Messages.Count);
        Assert.Contains("|11=A3|", h.App.Messages[1]);
        Assert.Equal(4UL, h.Session.NextTargetSeqNum);
        Assert.Empty(h.TakeSent());
    }

    [Fact]
    public void D08_an_unanswered_test_request_disconnects_after_one_more_heartbeat_interval_without_another_heartbeat()
    {
        using var h = new SessionHarness(configure: s => s with { HeartBtIntSeconds = 10 });
        h.LogOn(heartBtInt: 10);
        h.TakeSent();
        h.Clock.Advance(TimeSpan.FromSeconds(10));
        h.Session.Poll();
        Assert.Equal("0", h.TakeOne("0").Type);     // our heartbeat at 10 s
        h.Clock.Advance(TimeSpan.FromSeconds(2));
        h.Session.Poll();
        h.TakeOne("1");                             // TestRequest at 12 s (1.2 intervals of silence)
        h.Clock.Advance(TimeSpan.FromSeconds(9.9));
        h.Session.Poll();
        Assert.Empty(h.TakeSent());
        Assert.Equal(FixSessionState.Active, h.Session.State);
        h.Clock.Advance(TimeSpan.FromSeconds(0.1)); // 22 s: one interval after the TestRequest
        h.Session.Poll();
        Assert.Empty(h.TakeSent());                 // no further Heartbeat
        Assert.Equal(FixSessionState.Disconnected, h.Session.State);
    }

    [Fact]
    public void D09_a_resend_request_reusing_a_used_msg_seq_num_is_served_and_not_counted()
    {
        using var h = new SessionHarness();
        h.LogOn();
        h.FeedPeer("0");
        h.TakeSent();
        Assert.Equal(3UL, h.Session.NextTargetSeqNum);
        h.Feed(h.Peer("2", "7=1|16=0|", seq: 2)); // 2 was already used
        SentMessage gapFill = h.TakeOne("4");
        Assert.Equal("Y", gapFill[123]);
        Assert.Equal(FixSessionState.Active, h.Session.State);
        Assert.Equal(3UL, h.Session.NextTargetSeqNum);
        h.FeedPeer("0"); // 3: the sequence check goes on from there
        Assert.Equal(4UL, h.Session.NextTargetSeqNum);
        h.Feed(h.Peer("0", seq: 3));
        Assert.Equal("5", h.TakeOne("5").Type); // a plain too-low message still logs out
    }

    [Fact]
    public void D10_a_reject_routes_back_to_the_third_party_with_the_tags_swapped()
    {
        using var h = new SessionHarness(FixRole.Acceptor);
        h.LogOn();
        h.TakeSent();
        h.FeedPeer("D", "11=C1|55=AAPL|54=Z|60=20260302-09:30:00.000|38=1|40=2|", header: "115=CLIENT|116=DESK|128=EXCH|129=SUB|144=NY|145=LDN|");
        SentMessage reject = h.TakeOne("3");
        Assert.Equal("5", reject[373]);
        Assert.Equal("CLIENT", reject[128]);
        Assert.Equal("DESK", reject[129]);
        Assert.Equal("EXCH", reject[115]);
        Assert.Equal("SUB", reject[116]);
        Assert.Equal("NY", reject[145]);
        Assert.Equal("LDN", reject[144]);
        Assert.True(reject.Order.IndexOf(128) < reject.Order.IndexOf(45), "routing fields belong to the header");
    }

    [Theory]
    [InlineData("0=X|", "0")]
    [InlineData("-5=X|", "-5")]
    [InlineData("99999999999=X|", "2147483647")]
    public void D11_tag_zero_negative_or_past_the_largest_is_reject_reason_0_in_sequence(string field, string refTag)
    {
        using var h = new SessionHarness();
        h.LogOn();
        h.TakeSent();
        h.FeedPeer("0", field);
        SentMessage reject = h.TakeOne("3");
        Assert.Equal("0", reject[373]);
        Assert.Equal(refTag, reject[371]);
        Assert.Equal("2", reject[45]);
        Assert.Equal(3UL, h.Session.NextTargetSeqNum); // counted: no resend loop
        Assert.Equal(0, h.Session.Counters.Garbled);
    }

    [Fact]
    public void D12_acceptor_requires_username_and_password_and_the_initiator_sends_them()
    {
        FixSecret secret = FixSecret.FromString("s3cret-pw");
        Func<FixSessionSettings, FixSessionSettings> creds = s => s with { Username = "trader1", Password = secret };
        using (var ok = new SessionHarness(FixRole.Acceptor, creds))
        {
            ok.Connect();
            ok.FeedPeer("A", "98=0|108=30|553=trader1|554=s3cret-pw|");
            Assert.Equal(FixSessionState.Active, ok.Session.State);
        }

        foreach (string bad in new[] { "553=trader1|554=wrong|", "553=other|554=s3cret-pw|", "553=trader1|", "" })
        {
            using var h = new SessionHarness(FixRole.Acceptor, creds);
            h.Connect();
            h.FeedPeer("A", "98=0|108=30|" + bad);
            SentMessage logout = h.TakeOne("5");
            Assert.DoesNotContain("s3cret", logout.Text);
            Assert.Equal(FixSessionState.Disconnected, h.Session.State);
            Assert.DoesNotContain(h.Log.Lines, l => l.Contains("s3cret", StringComparison.Ordinal) || l.Contains("wrong", StringComparison.Ordinal));
        }

        using var initiator = new SessionHarness(FixRole.Initiator, creds);
        initiator.Connect();
        SentMessage logon = initiator.TakeOne("A");
        Assert.Equal("trader1", logon[553]);
        Assert.Equal("s3cret-pw", logon[554]);
        Assert.DoesNotContain("s3cret", initiator.Settings.ToString());
        Assert.False(initiator.Store.TryGet(1, out _)); // the Logon is not journaled
    }

    [Fact]
    public void D13_every_fix_44_application_message_reaches_the_application()
    {
        using var h = new SessionHarness(FixRole.Acceptor);
        h.LogOn();
        h.TakeSent();
        h.FeedPeer("d", "320=R1|322=S1|323=1|55=AAPL|");
        h.FeedPeer("R", "131=Q1|146=1|55=AAPL|");
        h.FeedPeer("AD", "568=T1|569=0|");
        h.FeedPeer("B", "148=Headline|33=1|58=line|354=4|355=a\u0001=b|", header: "347=UTF-8|212=4|213=<x/>|");
        Assert.Empty(h.TakeSent());
        Assert.Equal(4, h.App.Messages.Count);
        Assert.Contains("|355=a|=b|", h.App.Messages[3]);
    }
}
