using Gateway.Core.Trading;
using Gateway.OrderEntry.Orders;
using Gateway.OrderEntry.Session;

namespace Gateway.OrderEntry.Tests.Session;

/// <summary>
/// Sending in two halves, as the engine does with an order encoded outside the session:
/// <see cref="FixSession.Journal"/> (sequence check, store) then <see cref="FixSession.Transmit"/> (the send).
/// </summary>
public sealed class FixSessionJournalTests
{
    private static ReadOnlySpan<byte> Order(NewOrderEncoder e, FixSession s, ReadOnlySpan<byte> clOrdId, ulong? seq = null) =>
        e.Encode(seq ?? s.NextSenderSeqNum, s.UtcNowNanos, clOrdId, "AAPL"u8, Side.Buy, 100, 1_872_500, TimeInForce.ImmediateOrCancel);

    [Fact]
    public void Journal_refuses_when_not_logged_on_and_uses_no_sequence_number()
    {
        using var h = new SessionHarness();
        using var e = new NewOrderEncoder("GATEWAY", "VENUE");
        Assert.Equal(FixSendResult.NotLoggedOn, h.Session.Journal(Order(e, h.Session, "J1"u8), 1));

        h.Connect(); // Logon sent, not answered yet
        ulong next = h.Session.NextSenderSeqNum;
        Assert.Equal(FixSendResult.NotLoggedOn, h.Session.Journal(Order(e, h.Session, "J1"u8), next));
        Assert.Equal(next, h.Session.NextSenderSeqNum);
        Assert.Equal(0, h.Session.Counters.ApplicationMessagesSent);

        h.FeedPeer("A", "98=0|108=30|");
        h.TakeSent();
        Assert.Equal(FixSendResult.Sent, h.Session.Journal(Order(e, h.Session, "J1"u8), next));
        Assert.Equal(next + 1, h.Session.NextSenderSeqNum);
    }

    [Fact]
    public void Journal_throws_on_a_message_encoded_with_another_sequence_number()
    {
        using var h = new SessionHarness();
        using var e = new NewOrderEncoder("GATEWAY", "VENUE");
        h.LogOn();
        ulong next = h.Session.NextSenderSeqNum;
        Assert.Throws<InvalidOperationException>(() => h.Session.Journal(Order(e, h.Session, "J1"u8, next + 1), next + 1));
        Assert.Throws<InvalidOperationException>(() => h.Session.Journal(Order(e, h.Session, "J1"u8, next - 1), next - 1));
        Assert.Equal(next, h.Session.NextSenderSeqNum);
        Assert.Equal(0, h.Session.Counters.ApplicationMessagesSent);
    }

    [Fact]
    public void Journal_then_Transmit_puts_the_encoded_bytes_on_the_wire_unchanged()
    {
        using var h = new SessionHarness();
        using var e = new NewOrderEncoder("GATEWAY", "VENUE");
        h.LogOn();
        h.TakeSent();
        ulong seq = h.Session.NextSenderSeqNum;
        ReadOnlySpan<byte> order = Order(e, h.Session, "J1"u8);
        byte[] expected = order.ToArray();
        Assert.Equal(FixSendResult.Sent, h.Session.Journal(order, seq));
        Assert.Empty(h.TakeSent()); // journaled, not yet sent
        Assert.Equal(FixSendResult.Sent, h.Session.Transmit(order));

        SentMessage m = h.TakeOne("D");
        Assert.Equal(expected, m.Bytes);
        Assert.Equal((long)seq, m.Seq);
        Assert.Equal(seq + 1, h.Session.NextSenderSeqNum);
        Assert.Equal(1, h.Session.Counters.ApplicationMessagesSent);
    }

    [Fact]
    public void A_message_journaled_but_never_transmitted_is_resent_on_the_peers_ResendRequest()
    {
        using var h = new SessionHarness();
        using var e = new NewOrderEncoder("GATEWAY", "VENUE");
        h.LogOn();
        h.TakeSent();
        ulong lost = h.Session.NextSenderSeqNum;
        ReadOnlySpan<byte> first = Order(e, h.Session, "J1"u8);
        string originalSendingTime = new SentMessage(first.ToArray())[52];
        Assert.Equal(FixSendResult.Sent, h.Session.Journal(first, lost));

        // The next order goes out; the peer sees the gap and asks for it.
        h.Clock.Advance(TimeSpan.FromMilliseconds(5));
        ReadOnlySpan<byte> second = Order(e, h.Session, "J2"u8);
        Assert.Equal(FixSendResult.Sent, h.Session.Journal(second, lost + 1));
        Assert.Equal(FixSendResult.Sent, h.Session.Transmit(second));
        Assert.Equal("J2", h.TakeOne("D")[11]);

        h.Clock.Advance(TimeSpan.FromSeconds(1));
        h.FeedPeer("2", $"7={lost}|16={lost}|");
        SentMessage again = h.TakeOne("D");
        Assert.Equal((long)lost, again.Seq);
        Assert.Equal("J1", again[11]);
        Assert.Equal("Y", again[43]);
        Assert.Equal(originalSendingTime, again[122]);
        Assert.Equal("AAPL", again[55]);
        Assert.Equal("100", again[38]);
        Assert.Equal("187.2500", again[44]);
        Assert.Equal("3", again[59]);
        Assert.Equal(lost + 2, h.Session.NextSenderSeqNum);
    }

    [Fact]
    public void A_failed_Transmit_loses_the_connection_and_the_journaled_order_is_resent_after_the_reconnect()
    {
        using var h = new SessionHarness();
        using var e = new NewOrderEncoder("GATEWAY", "VENUE");
        h.LogOn();
        h.TakeSent();
        ulong seq = h.Session.NextSenderSeqNum;
        ReadOnlySpan<byte> order = Order(e, h.Session, "J7"u8);
        Assert.Equal(FixSendResult.Sent, h.Session.Journal(order, seq));
        h.Transport.FailSends = true;
        Assert.Equal(FixSendResult.ConnectionLost, h.Session.Transmit(order));
        Assert.Equal(FixSessionState.Disconnected, h.Session.State);

        h.Connect();
        SentMessage logon = h.TakeOne("A");
        Assert.Equal((long)seq + 1, logon.Seq);
        h.FeedPeer("A", "98=0|108=30|");
        h.FeedPeer("2", $"7={seq}|16=0|");
        SentMessage again = h.TakeSent().Single(m => m.Type == "D");
        Assert.Equal("J7", again[11]);
        Assert.Equal("Y", again[43]);
    }
}
