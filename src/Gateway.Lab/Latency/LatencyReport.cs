using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Gateway.Lab.Latency;

/// <summary>The two renderings of a <see cref="LatencyResult"/>: a table for people and JSON (snake_case keys) for tools.</summary>
public static class LatencyReport
{
    private const int BarWidth = 50;

    /// <summary>The table, the histogram drawn with '#', then warnings.</summary>
    public static string Table(LatencyResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var sb = new StringBuilder();
        void Row(string name, string value) => sb.Append(CultureInfo.InvariantCulture, $"  {name,-30} {value}\n");
        string N(long v) => v.ToString("N0", CultureInfo.InvariantCulture);
        string Ns(long? v) => v is long x ? $"{N(x),14} ns  ({LatencyStatistics.Format(x)})" : "-";

        sb.Append("wire-to-wire latency: first sighting of the trigger message -> last byte of the order on the wire\n");
        foreach (CaptureSummary c in result.Captures)
        {
            sb.Append(CultureInfo.InvariantCulture,
                $"  capture {c.Path}: {c.Format}, {N(c.Packets)} packets, clock resolution {N(c.ResolutionNs)} ns, smallest step {(c.MinStepNs is long s ? N(s) + " ns" : "-")}\n");
        }

        sb.Append('\n');
        Row("orders (NewOrderSingle)", N(result.Orders));
        Row("matched", N(result.Matched));
        Row($"no trigger field (tag {result.TriggerTag})", N(result.NoTriggerField));
        Row("trigger field not SESSION:SEQ", N(result.BadTriggerField));
        Row("trigger not in market data", N(result.TriggerNotFound));
        Row("PossDup resends (not counted)", N(result.PossDupResends));
        Row("bad checksum (not counted)", N(result.BadChecksumOrders));
        Row("trigger packets", N(result.TriggerPackets));
        Row("trigger messages", N(result.TriggerMessages));
        Row("orders per trigger packet", string.Create(CultureInfo.InvariantCulture,
            $"mean {result.MeanOrdersPerTriggerPacket:0.00}, max {result.MaxOrdersPerTriggerPacket}"));
        sb.Append('\n');
        if (result.HasPercentiles)
        {
            if (result.TimestampsBackwards > 0)
            {
                sb.Append("  SUSPECT: a capture's timestamps go backwards; these figures may be wrong\n");
            }

            Row("min", Ns(result.MinNs));
            Row("p50", Ns(result.P50Ns));
            Row("p90", Ns(result.P90Ns));
            Row("p99", Ns(result.P99Ns));
            Row("p99.9", Ns(result.P999Ns));
            Row("max", Ns(result.MaxNs));
            Row("mean", result.MeanNs is double m ? string.Create(CultureInfo.InvariantCulture, $"{m,14:N1} ns") : "-");
        }
        else if (result.NegativeLatencies > 0)
        {
            sb.Append(CultureInfo.InvariantCulture,
                $"  percentiles withheld: {N(result.NegativeLatencies)} negative latencies (min {Ns(result.MinNs)}): the clocks disagree\n");
        }
        else
        {
            sb.Append("  no latencies: nothing matched\n");
        }

        Row("clock resolution", $"{N(result.ClockResolutionNs)} ns");
        Row("smallest timestamp step", result.MinStepNs is long step ? $"{N(step)} ns" : "-");
        Row("timestamps backwards", N(result.TimestampsBackwards));
        Row("negative latencies", N(result.NegativeLatencies));
        Row("TCP connections", N(result.Connections));
        Row("retransmitted bytes", N(result.RetransmittedBytes));
        Row("out-of-order segments", N(result.OutOfOrderSegments));
        Row("stream holes (bytes)", $"{N(result.StreamHoles)} ({N(result.HoleBytes)})");
        Row("unframed bytes", N(result.UnframedBytes));
        Row("market-data packets", N(result.MarketDataPackets));
        Row("malformed frames", N(result.MalformedFrames));
        AppendHistogram(sb, result.Histogram);
        foreach (string w in result.Warnings)
        {
            sb.Append("warning: ").Append(w).Append('\n');
        }

        return sb.ToString();
    }

    private static void AppendHistogram(StringBuilder sb, IReadOnlyList<HistogramBucket> histogram)
    {
        if (histogram.Count == 0)
        {
            return;
        }

        long most = histogram.Max(b => b.Count);
        sb.Append("\n  histogram (orders by wire-to-wire, up to each bound)\n");
        foreach (HistogramBucket b in histogram)
        {
            int width = b.Count == 0 ? 0 : (int)Math.Max(1, b.Count * BarWidth / most);
            sb.Append(CultureInfo.InvariantCulture,
                $"  <= {LatencyStatistics.Format(b.UpperNs),9} | {new string('#', width),-BarWidth} {b.Count}\n");
        }
    }

    /// <summary>The same facts as <see cref="Table"/>, as one JSON object; absent figures are null.</summary>
    public static void WriteJson(LatencyResult result, Stream output)
    {
        ArgumentNullException.ThrowIfNull(result);
        using var w = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteNumber("orders", result.Orders);
        w.WriteNumber("matched", result.Matched);
        w.WriteNumber("no_trigger_field", result.NoTriggerField);
        w.WriteNumber("bad_trigger_field", result.BadTriggerField);
        w.WriteNumber("trigger_not_found", result.TriggerNotFound);
        w.WriteNumber("poss_dup_resends", result.PossDupResends);
        w.WriteNumber("bad_checksum_orders", result.BadChecksumOrders);
        w.WriteNumber("trigger_packets", result.TriggerPackets);
        w.WriteNumber("trigger_messages", result.TriggerMessages);
        w.WriteNumber("max_orders_per_trigger_packet", result.MaxOrdersPerTriggerPacket);
        w.WriteNumber("mean_orders_per_trigger_packet", Math.Round(result.MeanOrdersPerTriggerPacket, 3));
        Number(w, "p50_ns", result.P50Ns);
        Number(w, "p90_ns", result.P90Ns);
        Number(w, "p99_ns", result.P99Ns);
        Number(w, "p999_ns", result.P999Ns);
        Number(w, "max_ns", result.MaxNs);
        Number(w, "min_ns", result.MinNs);
        if (result.MeanNs is double mean)
        {
            w.WriteNumber("mean_ns", Math.Round(mean, 1));
        }
        else
        {
            w.WriteNull("mean_ns");
        }

        w.WriteNumber("clock_resolution_ns", result.ClockResolutionNs);
        Number(w, "min_step_ns", result.MinStepNs);
        w.WriteNumber("timestamps_backwards", result.TimestampsBackwards);
        w.WriteNumber("negative_latencies", result.NegativeLatencies);
        w.WriteBoolean("clock_trouble", result.Verdict == LatencyVerdict.ClockTrouble);
        w.WriteNumber("connections", result.Connections);
        w.WriteNumber("retransmitted_bytes", result.RetransmittedBytes);
        w.WriteNumber("out_of_order_segments", result.OutOfOrderSegments);
        w.WriteNumber("stream_holes", result.StreamHoles);
        w.WriteNumber("hole_bytes", result.HoleBytes);
        w.WriteNumber("unframed_bytes", result.UnframedBytes);
        w.WriteNumber("market_data_packets", result.MarketDataPackets);
        w.WriteNumber("malformed_frames", result.MalformedFrames);
        w.WriteNumber("truncated_captures", result.TruncatedCaptures);
        w.WriteNumber("trigger_tag", result.TriggerTag);
        w.WriteString("verdict", VerdictName(result.Verdict));
        w.WriteStartArray("histogram");
        foreach (HistogramBucket b in result.Histogram)
        {
            w.WriteStartObject();
            w.WriteNumber("upper_ns", b.UpperNs);
            w.WriteNumber("count", b.Count);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("captures");
        foreach (CaptureSummary c in result.Captures)
        {
            w.WriteStartObject();
            w.WriteString("path", c.Path);
            w.WriteString("format", c.Format);
            w.WriteNumber("packets", c.Packets);
            w.WriteNumber("clock_resolution_ns", c.ResolutionNs);
            Number(w, "min_step_ns", c.MinStepNs);
            w.WriteNumber("timestamps_backwards", c.BackwardSteps);
            w.WriteBoolean("truncated", c.Truncated);
            if (c.Failure is null)
            {
                w.WriteNull("failure");
            }
            else
            {
                w.WriteString("failure", c.Failure);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("warnings");
        foreach (string warning in result.Warnings)
        {
            w.WriteStringValue(warning);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>Stable snake_case names for <see cref="LatencyVerdict"/>.</summary>
    public static string VerdictName(LatencyVerdict verdict) => verdict switch
    {
        LatencyVerdict.Ok => "ok",
        LatencyVerdict.NothingToMeasure => "nothing_to_measure",
        LatencyVerdict.ClockTrouble => "clock_trouble",
        _ => "bad_input",
    };

    private static void Number(Utf8JsonWriter w, string name, long? value)
    {
        if (value is long v)
        {
            w.WriteNumber(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }
}
