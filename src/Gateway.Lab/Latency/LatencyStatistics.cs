namespace Gateway.Lab.Latency;

/// <summary>Exact statistics over a sorted set of latencies.</summary>
public static class LatencyStatistics
{
    /// <summary>
    /// Nearest-rank percentile: the value of rank ⌈p/100 · N⌉ (1-based) in ascending order, so every
    /// reported percentile is a latency that was measured (p100 is the maximum, p0 the minimum).
    /// </summary>
    public static long Percentile(IReadOnlyList<long> sorted, double percent)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        if (sorted.Count == 0)
        {
            throw new ArgumentException("no values", nameof(sorted));
        }

        if (percent is < 0 or > 100 or double.NaN)
        {
            throw new ArgumentOutOfRangeException(nameof(percent), "a percentile is 0 to 100");
        }

        // The rank is computed in decimal steps of 0.001 % so 99.9 % of 1000 is exactly 999, not 999.0000000001.
        long scaled = (long)Math.Round(percent * 1000);
        long rank = ((scaled * sorted.Count) + 99_999) / 100_000;
        return sorted[(int)Math.Clamp(rank, 1, sorted.Count) - 1];
    }

    /// <summary>
    /// Log-spaced buckets with 1-2-5 bounds (1, 2, 5, 10, 20, 50 ns, ...) from the bucket of the
    /// smallest value to that of the largest, empty buckets between included. Values must be ≥ 0.
    /// </summary>
    public static IReadOnlyList<HistogramBucket> Histogram(IReadOnlyList<long> sorted)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        var buckets = new List<HistogramBucket>();
        if (sorted.Count == 0)
        {
            return buckets;
        }

        long upper = 1;
        int step = 0;
        while (upper < sorted[0])
        {
            upper = NextBound(upper, ref step);
        }

        int i = 0;
        while (i < sorted.Count)
        {
            long count = 0;
            while (i < sorted.Count && sorted[i] <= upper)
            {
                count++;
                i++;
            }

            buckets.Add(new HistogramBucket(upper, count));
            if (i < sorted.Count)
            {
                upper = NextBound(upper, ref step);
            }
        }

        return buckets;
    }

    /// <summary>1 → 2 → 5 → 10 → 20 → ...; <paramref name="step"/> tracks where in the cycle we are.</summary>
    private static long NextBound(long upper, ref int step)
    {
        step = (step + 1) % 3;
        return step == 2 ? upper / 2 * 5 : upper * 2;
    }

    /// <summary>"850 ns", "1.25 us", "12.5 ms": three significant digits, for people (JSON keeps ns).</summary>
    public static string Format(long ns)
    {
        long magnitude = Math.Abs(ns);
        return magnitude switch
        {
            < 1_000 => FormattableString.Invariant($"{ns} ns"),
            < 1_000_000 => Scaled(ns / 1e3, "us"),
            < 1_000_000_000 => Scaled(ns / 1e6, "ms"),
            _ => Scaled(ns / 1e9, "s"),
        };
    }

    private static string Scaled(double value, string unit)
    {
        double magnitude = Math.Abs(value);
        string digits = magnitude < 10 ? "0.00" : magnitude < 100 ? "0.0" : "0";
        return value.ToString(digits, System.Globalization.CultureInfo.InvariantCulture) + " " + unit;
    }
}
