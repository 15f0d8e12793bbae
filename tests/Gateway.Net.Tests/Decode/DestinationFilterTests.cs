using Gateway.Net.Decode;

namespace Gateway.Net.Tests.Decode;

public class DestinationFilterTests
{
    private const uint GroupA = 0xE9360C6F; // 233.54.12.111
    private const uint GroupB = 0xE9360C70; // 233.54.12.112

    [Fact]
    public void Empty_filter_accepts_everything()
    {
        Assert.True(DestinationFilter.AcceptAll.Matches(GroupA, 1));
        Assert.True(DestinationFilter.Parse("").Matches(GroupB, 65535));
    }

    [Fact]
    public void Exact_pairs_and_wildcards_match_as_written()
    {
        DestinationFilter f = DestinationFilter.Parse("233.54.12.111:26477, *:30000, 233.54.12.112:*");

        Assert.Equal(3, f.Count);
        Assert.True(f.Matches(GroupA, 26477));
        Assert.False(f.Matches(GroupA, 26478));
        Assert.True(f.Matches(0x0A000001, 30000));
        Assert.True(f.Matches(GroupB, 1234));
        Assert.False(f.Matches(0x0A000001, 26477));
    }

    [Theory]
    [InlineData("233.54.12.111")]
    [InlineData("233.54.12.111:")]
    [InlineData("233.54.12.300:26477")]
    [InlineData("233.54.12.111:70000")]
    [InlineData("::1:26477")]
    [InlineData("host:x")]
    public void Bad_destinations_are_refused_with_the_item_named(string text)
    {
        var ex = Assert.Throws<FormatException>(() => DestinationFilter.Parse(text));
        Assert.Contains(text.Split(':')[0], ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Addresses_format_in_dotted_quad()
    {
        Assert.Equal("233.54.12.111", DestinationFilter.FormatAddress(GroupA));
    }
}

public class DestinationCountersTests
{
    [Fact]
    public void Counts_per_destination_and_overflows_instead_of_growing()
    {
        var counters = new DestinationCounters(capacity: 4);
        int capacity = counters.Capacity;
        for (ushort port = 1; port <= capacity + 3; port++)
        {
            counters.Add(0xE9360C6F, port, 100);
            counters.Add(0xE9360C6F, port, 50);
        }

        var list = counters.ToList();
        Assert.Equal(capacity, list.Count);
        Assert.All(list, e => Assert.Equal(2, e.Datagrams));
        Assert.All(list, e => Assert.Equal(150, e.Bytes));
        Assert.Equal(6, counters.OverflowDatagrams);
    }

    [Fact]
    public void Address_zero_port_zero_is_a_real_key()
    {
        var counters = new DestinationCounters();
        counters.Add(0, 0, 10);
        Assert.Single(counters.ToList());
    }
}
