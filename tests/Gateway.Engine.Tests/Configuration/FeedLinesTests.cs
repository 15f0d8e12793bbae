using Gateway.Net.Decode;

namespace Gateway.Engine.Tests.Configuration;

/// <summary>
/// <c>Feed:Lines</c> (and <c>gw replay --lines</c>): one or two feed lines, each one address and one
/// port. Issue 11, defect 10: port 0, a wildcard and the same line twice were accepted.
/// </summary>
public class FeedLinesTests
{
    [Theory]
    [InlineData("233.54.12.111:26477", 1)]
    [InlineData("233.54.12.111:26477,233.54.12.112:26477", 2)]
    [InlineData("233.54.12.111:26477,233.54.12.111:26478", 2)]
    public void One_or_two_distinct_lines_are_accepted(string text, int count)
    {
        Assert.True(ConfigParsing.TryLines(text, out DestinationFilter lines, out string? error), error);
        Assert.Null(error);
        Assert.Equal(count, lines.Count);
    }

    [Theory]
    [InlineData("233.54.12.111:0", "no port 0")]
    [InlineData("*:26477", "no *")]
    [InlineData("233.54.12.111:*", "no *")]
    [InlineData("233.54.12.111:26477,233.54.12.111:26477", "the A and B lines are the same destination")]
    [InlineData("1.1.1.1:1,2.2.2.2:2,3.3.3.3:3", "one or two ADDRESS:PORT destinations")]
    public void What_cannot_be_a_feed_line_is_refused_with_its_reason(string text, string reason)
    {
        Assert.False(ConfigParsing.TryLines(text, out _, out string? error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
        Assert.Contains(text, error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_configuration_with_such_lines_names_the_key()
    {
        var options = new GatewayOptions { Feed = { Capture = "x.pcap", Lines = "233.54.12.111:0" } };
        string error = Assert.Single(options.Validate());
        Assert.StartsWith("Feed:Lines ", error, StringComparison.Ordinal);
    }
}
