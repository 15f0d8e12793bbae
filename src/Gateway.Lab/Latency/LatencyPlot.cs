using ScottPlot;

namespace Gateway.Lab.Latency;

/// <summary>
/// The wire-to-wire distribution as a PNG: one bar per log-spaced bucket of the histogram (the x axis
/// is log10 of the bucket's bound, labelled in ns/us/ms), with the p50 and p99 marked.
/// </summary>
public static class LatencyPlot
{
    public const int Width = 1000;
    public const int Height = 600;

    /// <summary>Writes the chart to <paramref name="path"/>; the result must have percentiles.</summary>
    /// <exception cref="IOException">The file could not be written.</exception>
    public static void WritePng(LatencyResult result, string path)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (!result.HasPercentiles)
        {
            throw new InvalidOperationException("no percentiles to plot");
        }

        using var plot = new Plot();
        IReadOnlyList<HistogramBucket> buckets = result.Histogram;
        var bars = new List<Bar>();
        var tickPositions = new List<double>();
        var tickLabels = new List<string>();
        double lower = 0;
        for (int i = 0; i < buckets.Count; i++)
        {
            double upper = Math.Log10(buckets[i].UpperNs);
            // The first bucket spans one 1-2-5 step below its bound; the others start where the previous ended.
            double start = i == 0 ? Math.Log10(PreviousBound(buckets[i].UpperNs)) : lower;
            bars.Add(new Bar
            {
                Position = (start + upper) / 2,
                Size = (upper - start) * 0.95,
                Value = buckets[i].Count,
                FillColor = Colors.SteelBlue,
                LineWidth = 0,
            });
            tickPositions.Add(upper);
            tickLabels.Add(LatencyStatistics.Format(buckets[i].UpperNs));
            lower = upper;
        }

        plot.Add.Bars(bars);
        double top = buckets.Max(b => b.Count) * 1.08;
        Mark(plot, result.P50Ns!.Value, "p50", Colors.DarkGreen, top);
        Mark(plot, result.P99Ns!.Value, "p99", Colors.DarkRed, top);

        plot.Title(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"Wire-to-wire latency: {result.Matched:N0} orders, p50 {LatencyStatistics.Format(result.P50Ns.Value)}, p99 {LatencyStatistics.Format(result.P99Ns.Value)}"));
        plot.XLabel("wire-to-wire (ns, log scale; bars end at the bucket bound)");
        plot.YLabel("orders");
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual([.. tickPositions], [.. tickLabels]);
        plot.Axes.Margins(bottom: 0, top: 0.15);
        plot.ShowLegend(Alignment.UpperRight);
        plot.SavePng(path, Width, Height);
        if (!File.Exists(path))
        {
            throw new IOException($"cannot write {path}");
        }
    }

    /// <summary>A dashed line at the percentile, named in the legend (with its value) and above the bars.</summary>
    private static void Mark(Plot plot, long ns, string name, Color color, double labelY)
    {
        double x = Math.Log10(Math.Max(1, ns));
        var line = plot.Add.VerticalLine(x, 2, color, LinePattern.Dashed);
        line.LegendText = $"{name} {LatencyStatistics.Format(ns)}";
        var label = plot.Add.Text($" {name}", x, labelY);
        label.LabelFontColor = color;
        label.LabelBold = true;
        label.LabelFontSize = 14;
    }

    /// <summary>The 1-2-5 bound below <paramref name="upper"/> (0.5 below 1 ns, for the bar's width).</summary>
    private static double PreviousBound(long upper)
    {
        long decade = 1;
        while (decade * 10 <= upper)
        {
            decade *= 10;
        }

        long leading = upper / decade;
        return leading switch
        {
            1 => decade / 2.0,
            2 => decade,
            _ => decade * 2,
        };
    }
}
