using Gateway.OrderEntry.Session;
using Gateway.OrderEntry.Tests.Session;
using Gateway.Lab.Venue;

namespace Gateway.Lab.Tests.Venue;

/// <summary>
/// Issue 11, defect 4: the venue filled what it could not read (a 31-digit or 2^63 quantity as 0, a
/// 30-digit price by dropping it, a missing quantity, a limit order without a price, a negative or
/// zero quantity). Each is now refused: a session Reject (35=3) naming the tag for a value that
/// cannot be read, an ExecutionReport Rejected (150=8) for an order the venue will not take.
/// </summary>
public class VenueOrderCheckTests
{
    private const string Header = "11=C1|21=1|55=AAPL|54=1|60=20260302-09:30:00.000|";

    [Theory]
    [InlineData("38=1234567890123456789012345678901|40=2|44=10|", 38, 5)]
    [InlineData("38=9223372036854775808|40=2|44=10|", 38, 5)]
    [InlineData("38=100|40=2|44=123456789012345678901234567890|", 44, 5)]
    [InlineData("38=100|40=2|44=1.000000001|", 44, 5)]
    public void An_unreadable_value_gets_a_session_reject_naming_the_tag(string body, int tag, int reason)
    {
        SentMessage reply = Send(VenueMode.Fill, body, out FixVenueApplication venue);
        Assert.Equal("3", reply.Type);
        Assert.Equal(tag.ToString(System.Globalization.CultureInfo.InvariantCulture), reply.Fields[371]);
        Assert.Equal(reason.ToString(System.Globalization.CultureInfo.InvariantCulture), reply.Fields[373]);
        Assert.Equal("D", reply.Fields[372]);
        Assert.Equal(0, venue.Fills);
        Assert.Equal(1, venue.InvalidOrders);
    }

    [Theory]
    [InlineData("40=2|44=10|", "13")]                // no OrderQty
    [InlineData("38=0|40=2|44=10|", "13")]
    [InlineData("38=-100|40=2|44=10|", "13")]
    [InlineData("38=100|40=2|", "99")]               // limit without a price
    [InlineData("38=100|40=2|44=0|", "99")]
    [InlineData("38=100|40=2|44=-5|", "99")]
    [InlineData("38=100|40=3|99=10|", "11")]         // a stop order: not offered
    public void An_invalid_order_gets_an_execution_report_rejected(string body, string ordRejReason)
    {
        SentMessage reply = Send(VenueMode.Fill, body, out FixVenueApplication venue);
        Assert.Equal("8", reply.Type);
        Assert.Equal("8", reply.Fields[150]);
        Assert.Equal("8", reply.Fields[39]);
        Assert.Equal(ordRejReason, reply.Fields[103]);
        Assert.False(reply.Fields.ContainsKey(32), reply.Text);
        Assert.Equal("0", reply.Fields[14]);
        Assert.Equal(0, venue.Fills);
        Assert.Equal(1, venue.InvalidOrders);
    }

    [Theory]
    [InlineData(VenueMode.Fill)]
    [InlineData(VenueMode.Reject)]
    public void A_readable_order_is_filled_or_rejected_as_the_mode_says(VenueMode mode)
    {
        using var h = new SessionHarness(FixRole.Acceptor, application: new FixVenueApplication(mode));
        h.LogOn();
        h.TakeSent();
        h.FeedPeer("D", Header + "38=250.5|40=2|44=187.25|");
        List<SentMessage> sent = h.TakeSent();
        if (mode == VenueMode.Fill)
        {
            Assert.Equal(["0", "F"], sent.Select(m => m.Fields[150]));
            Assert.Equal("250.5", sent[1].Fields[32]);
            Assert.Equal("187.25", sent[1].Fields[31]);
        }
        else
        {
            Assert.Equal("8", Assert.Single(sent).Fields[150]);
            Assert.Equal("0", sent[0].Fields[103]);
            Assert.Equal("250.5", sent[0].Fields[38]);
        }
    }

    private static SentMessage Send(VenueMode mode, string body, out FixVenueApplication venue)
    {
        venue = new FixVenueApplication(mode);
        using var h = new SessionHarness(FixRole.Acceptor, application: venue);
        h.LogOn();
        h.TakeSent();
        h.FeedPeer("D", Header + body);
        List<SentMessage> sent = h.TakeSent();
        Assert.True(sent.Count == 1, $"expected one answer, got: {string.Join("  ", sent)}");
        return sent[0];
    }
}
