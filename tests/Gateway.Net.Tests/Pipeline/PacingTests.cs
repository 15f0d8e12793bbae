using Gateway.Net.Pipeline;

namespace Gateway.Net.Tests.Pipeline;

public class PacingTests
{
    [Theory]
    [InlineData("max", 0)]
    [InlineData("recorded", 1)]
    [InlineData("10x", 10)]
    [InlineData("0.5x", 0.5)]
    [InlineData(" 2X ", 2)]
    public void Parses_the_documented_forms(string text, double speed)
    {
        Assert.Equal(speed, Pacing.Parse(text).Speed);
    }

    [Theory]
    [InlineData("fast")]
    [InlineData("0x")]
    [InlineData("-2x")]
    [InlineData("x")]
    [InlineData("10")]
    public void Refuses_anything_else(string text)
    {
        Assert.Throws<FormatException>(() => Pacing.Parse(text));
    }
}
