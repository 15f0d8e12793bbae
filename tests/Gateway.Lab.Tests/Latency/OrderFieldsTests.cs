using System.Text;
using Gateway.Lab.Latency;

namespace Gateway.Lab.Tests.Latency;

public sealed class OrderFieldsTests
{
    [Theory]
    [InlineData("0000000001:123456", "0000000001", 123456UL)]
    [InlineData("S:0", "S", 0UL)]
    [InlineData(":7", "", 7UL)]
    [InlineData("A:B:9", "A:B", 9UL)]
    public void A_trigger_is_session_colon_sequence(string value, string session, ulong sequence)
    {
        Assert.True(OrderFields.TryParseTrigger(Encoding.ASCII.GetBytes(value), out ReadOnlySpan<byte> s, out ulong q));
        Assert.Equal(session, Encoding.ASCII.GetString(s));
        Assert.Equal(sequence, q);
    }

    [Theory]
    [InlineData("123456")]
    [InlineData("0000000001:")]
    [InlineData("0000000001:12a")]
    [InlineData("0000000001:-5")]
    [InlineData("SESSIONLONG1:5")]
    [InlineData("S:99999999999999999999999")]
    public void A_malformed_trigger_is_refused(string value)
    {
        Assert.False(OrderFields.TryParseTrigger(Encoding.ASCII.GetBytes(value), out _, out _));
    }

    [Fact]
    public void Only_NewOrderSingles_are_orders()
    {
        Assert.Equal(OrderKind.NotAnOrder, OrderFields.Read(LatencyCapture.Heartbeat(), 58, out _, out _));
        Assert.Equal(OrderKind.Order, OrderFields.Read(LatencyCapture.Order(1, "X:5"), 58, out _, out ulong seq));
        Assert.Equal(5UL, seq);
    }
}
