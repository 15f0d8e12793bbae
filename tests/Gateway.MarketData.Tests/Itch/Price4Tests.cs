using Gateway.MarketData.Itch;

namespace Gateway.MarketData.Tests.Itch;

public class Price4Tests
{
    [Theory]
    [InlineData(123400u, "12.3400")]
    [InlineData(1u, "0.0001")]
    [InlineData(0u, "0.0000")]
    [InlineData(uint.MaxValue, "429496.7295")]
    public void Formats_with_exactly_four_decimals(uint raw, string text)
    {
        Assert.Equal(text, new Price4(raw).ToString());
    }

    [Fact]
    public void Orders_by_raw_value()
    {
        Assert.True(new Price4(100) < new Price4(101));
        Assert.True(new Price4(5) >= new Price4(5));
        Assert.Equal(-1, new Price4(1).CompareTo(new Price4(2)));
    }
}
