using Gateway.Lab.Latency;

namespace Gateway.Lab.Tests.Latency;

public sealed class LatencyStatisticsTests
{
    [Theory]
    [InlineData(50, 30)]    // rank ceil(2.5) = 3
    [InlineData(90, 50)]    // rank ceil(4.5) = 5
    [InlineData(20, 10)]    // rank 1
    [InlineData(20.1, 20)]  // rank ceil(1.005) = 2
    [InlineData(100, 50)]
    [InlineData(0, 10)]
    public void Percentiles_are_nearest_rank(double percent, long expected)
    {
        Assert.Equal(expected, LatencyStatistics.Percentile([10, 20, 30, 40, 50], percent));
    }

    [Fact]
    public void The_histogram_has_1_2_5_bounds_from_the_smallest_to_the_largest_value()
    {
        IReadOnlyList<HistogramBucket> h = LatencyStatistics.Histogram([3, 5, 6, 60, 61]);
        Assert.Equal(
            [new(5, 2), new(10, 1), new(20, 0), new(50, 0), new(100, 2)],
            h);
    }

    [Fact]
    public void Zero_lands_in_the_first_bucket()
    {
        Assert.Equal([new HistogramBucket(1, 2)], LatencyStatistics.Histogram([0, 1]));
    }

    [Theory]
    [InlineData(850, "850 ns")]
    [InlineData(1250, "1.25 us")]
    [InlineData(12_500_000, "12.5 ms")]
    [InlineData(-4000, "-4.00 us")]
    public void Figures_are_formatted_for_people(long ns, string text)
    {
        Assert.Equal(text, LatencyStatistics.Format(ns));
    }
}
