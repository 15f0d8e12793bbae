using Gateway.Lab.Latency;
using Gateway.Net.Sources;
using static Gateway.Lab.Tests.Latency.LatencyCapture;

namespace Gateway.Lab.Tests.Latency;

public sealed class LatencyAnalyzerTests
{
    private const long Second = 1_000_000_000;

    private static LatencyResult Analyze(LatencyCapture capture, LatencyOptions? options = null, int cutLastRecord = 0)
    {
        using var file = new TempFile();
        capture.Write(file.Path, cutLastRecord);
        return LatencyAnalyzer.Analyze([file.Path], options ?? new LatencyOptions());
    }

    [Fact]
    public void Exact_nearest_rank_percentiles_on_a_known_set()
    {
        // 1000 triggers, each answered by one order 1000 + i ns later: latencies 1000..1999 ns.
        var c = new LatencyCapture();
        uint seq = 1000;
        for (int i = 0; i < 1000; i++)
        {
            long t = Second + (i * 1_000_000L);
            c.Mold(t, (ulong)(i + 1), 1);
            byte[] order = Order(i, Trigger((ulong)(i + 1)));
            c.Tcp(t + 1000 + i, seq, order);
            seq += (uint)order.Length;
        }

        LatencyResult r = Analyze(c);
        Assert.Equal(LatencyVerdict.Ok, r.Verdict);
        Assert.Equal(1000, r.Orders);
        Assert.Equal(1000, r.Matched);
        Assert.Equal(1499, r.P50Ns);   // rank 500
        Assert.Equal(1899, r.P90Ns);   // rank 900
        Assert.Equal(1989, r.P99Ns);   // rank 990
        Assert.Equal(1998, r.P999Ns);  // rank 999
        Assert.Equal(1999, r.MaxNs);
        Assert.Equal(1000, r.MinNs);
        Assert.Equal(1499.5, r.MeanNs);
        Assert.Equal(1000, r.TriggerPackets);
        Assert.Equal(1, r.MaxOrdersPerTriggerPacket);
        Assert.Equal(1000, r.Histogram.Sum(b => b.Count));
        Assert.Equal([1000L, 2000L], r.Histogram.Select(b => b.UpperNs));
        Assert.Equal(1, r.Connections);
    }

    [Fact]
    public void An_order_split_over_three_segments_is_timed_at_its_last_byte()
    {
        byte[] order = Order(1, Trigger(7));
        var c = new LatencyCapture().Mold(Second, 5, 3)
            .Tcp(Second + 100, 1, order[..30])
            .Tcp(Second + 200, 31, order[30..60])
            .Tcp(Second + 900, 61, order[60..]);
        LatencyResult r = Analyze(c);
        Assert.Equal(1, r.Matched);
        Assert.Equal([900L], r.LatenciesNs);
    }

    [Fact]
    public void Three_orders_in_one_segment_share_its_time_and_their_trigger_packet()
    {
        byte[] a = Order(1, Trigger(10));
        byte[] b = Order(2, Trigger(11));
        byte[] d = Order(3, Trigger(11));
        var c = new LatencyCapture().Mold(Second, 10, 2).Tcp(Second + 5000, 1, [.. a, .. Heartbeat(), .. b, .. d]);
        LatencyResult r = Analyze(c);
        Assert.Equal(3, r.Orders);
        Assert.Equal([5000L, 5000L, 5000L], r.LatenciesNs);
        Assert.Equal(1, r.TriggerPackets);
        Assert.Equal(2, r.TriggerMessages);
        Assert.Equal(3, r.MaxOrdersPerTriggerPacket);
    }

    [Fact]
    public void A_retransmission_keeps_the_first_sighting_and_is_counted()
    {
        byte[] order = Order(1, Trigger(1));
        var c = new LatencyCapture().Mold(Second, 1, 1)
            .Tcp(Second + 300, 1, order)
            .Tcp(Second + 50_000, 1, order)            // whole segment again
            .Tcp(Second + 60_000, 11, order[10..]);    // a partial overlap
        LatencyResult r = Analyze(c);
        Assert.Equal(1, r.Orders);
        Assert.Equal([300L], r.LatenciesNs);
        Assert.Equal(order.Length + order.Length - 10, r.RetransmittedBytes);
    }

    [Fact]
    public void Out_of_order_segments_are_reassembled_and_the_order_is_timed_when_whole()
    {
        byte[] a = Order(1, Trigger(1));
        byte[] b = Order(2, Trigger(2));
        uint bStart = 1 + (uint)a.Length;
        var c = new LatencyCapture().Tcp(Second - 10, 0, [], flags: 0x02).Mold(Second, 1, 2)
            .Tcp(Second + 100, bStart + 40, b[40..])   // B's tail first: B is not whole yet
            .Tcp(Second + 200, 1, a)                   // A whole
            .Tcp(Second + 700, bStart, b[..40]);       // B's head fills the hole: B whole now
        LatencyResult r = Analyze(c);
        Assert.Equal(2, r.Matched);
        Assert.Equal([200L, 700L], r.LatenciesNs);
        Assert.Equal(1, r.OutOfOrderSegments);
        Assert.Equal(0, r.StreamHoles);
    }

    [Fact]
    public void The_first_copy_of_an_AB_packet_wins()
    {
        var c = new LatencyCapture()
            .Mold(Second + 400, 1, 2, port: 26478, sourceIp: 0xC0A80002)   // B line first
            .Mold(Second + 900, 1, 2)                                      // A line later
            .Mold(Second + 2000, 1, 1)                                     // a retransmission of message 1 alone
            .Tcp(Second + 5400, 1, Order(1, Trigger(2)));
        LatencyResult r = Analyze(c);
        Assert.Equal([5000L], r.LatenciesNs);
        Assert.Equal(1, r.TriggerPackets);
    }

    [Fact]
    public void Two_captures_are_merged_by_timestamp()
    {
        using var inbound = new TempFile();
        using var outbound = new TempFile();
        new LatencyCapture().Mold(Second, 1, 1).Mold(Second + 10_000, 2, 1).Write(inbound.Path);
        byte[] a = Order(1, Trigger(1));
        new LatencyCapture().Tcp(Second + 3000, 1, a).Tcp(Second + 14_000, 1 + (uint)a.Length, Order(2, Trigger(2))).Write(outbound.Path);

        LatencyResult r = LatencyAnalyzer.Analyze([inbound.Path, outbound.Path], new LatencyOptions());
        Assert.Equal(LatencyVerdict.Ok, r.Verdict);
        Assert.Equal([3000L, 4000L], r.LatenciesNs);
        Assert.Equal(2, r.Captures.Count);
        Assert.Equal(2, r.Captures[0].Packets);
    }

    [Fact]
    public void Unmatched_orders_are_counted_and_the_rest_measured()
    {
        byte[] a = Order(1, Trigger(1));
        byte[] b = Order(2, Trigger(99));
        byte[] d = Order(3, Trigger(1, "OTHER"));
        var c = new LatencyCapture().Mold(Second, 1, 1).Tcp(Second + 10, 1, [.. a, .. b, .. d]);
        LatencyResult r = Analyze(c);
        Assert.Equal(LatencyVerdict.Ok, r.Verdict);
        Assert.Equal(3, r.Orders);
        Assert.Equal(1, r.Matched);
        Assert.Equal(2, r.TriggerNotFound);
        Assert.Contains(r.Warnings, w => w.Contains("trigger the market data does not hold", StringComparison.Ordinal));
    }

    [Fact]
    public void When_no_trigger_is_found_there_is_nothing_to_measure()
    {
        var c = new LatencyCapture().Mold(Second, 1, 1).Tcp(Second + 10, 1, Order(1, Trigger(50)));
        LatencyResult r = Analyze(c);
        Assert.Equal(LatencyVerdict.NothingToMeasure, r.Verdict);
        Assert.Equal(1, r.TriggerNotFound);
        Assert.Null(r.P50Ns);
    }

    [Fact]
    public void Orders_without_the_trigger_field_are_counted_and_alone_measure_nothing()
    {
        byte[] a = Order(1, null);
        byte[] b = Order(2, "no-colon");
        var c = new LatencyCapture().Mold(Second, 1, 1).Tcp(Second + 10, 1, [.. a, .. b]);
        LatencyResult r = Analyze(c);
        Assert.Equal(LatencyVerdict.NothingToMeasure, r.Verdict);
        Assert.Equal(2, r.Orders);
        Assert.Equal(1, r.NoTriggerField);
        Assert.Equal(1, r.BadTriggerField);
        Assert.Contains("carries a trigger in tag 58", r.VerdictReason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_trigger_tag_is_selectable()
    {
        var c = new LatencyCapture().Mold(Second, 1, 1).Tcp(Second + 250, 1, Order(1, Trigger(1), triggerTag: 5001));
        Assert.Equal(1, Analyze(c).NoTriggerField);
        Assert.Equal([250L], Analyze(c, new LatencyOptions { TriggerTag = 5001 }).LatenciesNs);
    }

    [Fact]
    public void A_capture_without_orders_has_nothing_to_measure()
    {
        var c = new LatencyCapture().Mold(Second, 1, 5).Mold(Second + 1, 6, 0).Tcp(Second + 2, 1, Heartbeat());
        LatencyResult r = Analyze(c);
        Assert.Equal(LatencyVerdict.NothingToMeasure, r.Verdict);
        Assert.Equal(0, r.Orders);
        Assert.Equal(1, r.MarketDataPackets);
    }

    [Fact]
    public void An_order_before_its_trigger_is_clock_trouble_and_withholds_percentiles()
    {
        byte[] a = Order(1, Trigger(1));
        using var inbound = new TempFile();
        using var outbound = new TempFile();
        new LatencyCapture().Mold(Second + 5000, 1, 1).Write(inbound.Path);
        new LatencyCapture().Tcp(Second + 1000, 1, a).Write(outbound.Path);
        LatencyResult r = LatencyAnalyzer.Analyze([inbound.Path, outbound.Path], new LatencyOptions());
        Assert.Equal(LatencyVerdict.ClockTrouble, r.Verdict);
        Assert.Equal(1, r.NegativeLatencies);
        Assert.Equal(-4000, r.MinNs);
        Assert.Null(r.P50Ns);
        Assert.Empty(r.Histogram);
        Assert.Contains("percentiles withheld", LatencyReport.Table(r), StringComparison.Ordinal);
    }

    [Fact]
    public void Timestamps_going_backwards_are_counted_and_flag_the_result()
    {
        var c = new LatencyCapture().Mold(Second, 1, 1).Mold(Second - 1000, 2, 1).Tcp(Second + 500, 1, Order(1, Trigger(1)));
        LatencyResult r = Analyze(c);
        Assert.Equal(LatencyVerdict.ClockTrouble, r.Verdict);
        Assert.Equal(1, r.TimestampsBackwards);
        Assert.Equal(500, r.P50Ns);
        Assert.Contains("SUSPECT", LatencyReport.Table(r), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true, 1, 1)]
    [InlineData(false, 1000, 2000)]
    public void The_clock_resolution_and_smallest_step_are_reported(bool nanoseconds, long resolution, long step)
    {
        var c = new LatencyCapture(nanoseconds).Mold(Second, 1, 1)
            .Mold(Second + step, 2, 1)
            .Mold(Second + step, 3, 1)
            .Tcp(Second + 10_000, 1, Order(1, Trigger(1)));
        LatencyResult r = Analyze(c);
        Assert.Equal(resolution, r.ClockResolutionNs);
        Assert.Equal(step, r.MinStepNs);
        Assert.Equal([10_000L], r.LatenciesNs);
    }

    [Theory]
    [InlineData(6, 1000)]
    [InlineData(9, 1)]
    [InlineData(0x80 | 20, 954)]   // 2^-20 s, rounded up
    public void A_pcapng_reports_its_interface_resolution(byte tsresol, long resolution)
    {
        using var file = new TempFile(".pcapng");
        new LatencyCapture().Mold(Second, 1, 1).Tcp(Second + 4000, 1, Order(1, Trigger(1))).WritePcapNg(file.Path, tsresol);
        LatencyResult r = LatencyAnalyzer.Analyze([file.Path], new LatencyOptions());
        Assert.Equal("pcapng", r.Captures[0].Format);
        Assert.Equal(resolution, r.ClockResolutionNs);
        Assert.Equal(1, r.Matched);
        Assert.InRange(r.P50Ns!.Value, 4000 - resolution, 4000 + resolution);
    }

    [Fact]
    public void A_hole_that_never_fills_is_counted_and_framing_resumes_after_it()
    {
        byte[] a = Order(1, Trigger(1));
        byte[] b = Order(2, Trigger(1));
        byte[] d = Order(3, Trigger(1));
        uint bStart = 1 + (uint)a.Length;
        uint dStart = bStart + (uint)b.Length;
        var c = new LatencyCapture().Mold(Second, 1, 1)
            .Tcp(Second + 100, 1, [.. a, .. b[..20]])
            .Tcp(Second + 300, dStart - 10, [.. b[^10..], .. d]);   // b[20..^10] never arrives
        LatencyResult r = Analyze(c);
        Assert.Equal(1, r.StreamHoles);
        Assert.Equal(b.Length - 30, r.HoleBytes);
        Assert.Equal(2, r.Orders);
        Assert.Equal([100L, 300L], r.LatenciesNs);
        Assert.Contains(r.Warnings, w => w.Contains("lost and not counted", StringComparison.Ordinal));
    }

    [Fact]
    public void Sequence_numbers_wrap_around_and_a_syn_starts_the_stream()
    {
        byte[] order = Order(1, Trigger(1));
        uint isn = uint.MaxValue - 20;
        var c = new LatencyCapture().Tcp(Second - 100, isn, [], flags: 0x02)
            .Mold(Second, 1, 1)
            .Tcp(Second + 100, isn + 1, order[..40])
            .Tcp(Second + 200, unchecked(isn + 41), order[40..])
            .Tcp(Second + 300, unchecked(isn + 1 + (uint)order.Length), [], flags: 0x11);
        LatencyResult r = Analyze(c);
        Assert.Equal(LatencyVerdict.Ok, r.Verdict);
        Assert.Equal([200L], r.LatenciesNs);
        Assert.Equal(0, r.UnframedBytes);
    }

    [Fact]
    public void A_capture_that_starts_mid_stream_resynchronises_on_the_next_message()
    {
        byte[] a = Order(1, Trigger(1));
        byte[] b = Order(2, Trigger(1));
        var c = new LatencyCapture().Mold(Second, 1, 1).Tcp(Second + 100, 5000, [.. a[25..], .. b]);
        LatencyResult r = Analyze(c);
        Assert.Equal(1, r.Orders);
        Assert.Equal(0, r.StreamHoles);
    }

    [Fact]
    public void PossDup_resends_and_bad_checksums_are_not_orders()
    {
        byte[] a = Order(1, Trigger(1));
        byte[] resend = Order(1, Trigger(1), possDup: true);
        byte[] bad = Order(2, Trigger(1), checksumDelta: 1);
        var c = new LatencyCapture().Mold(Second, 1, 1).Tcp(Second + 10, 1, [.. a, .. resend, .. bad]);
        LatencyResult r = Analyze(c);
        Assert.Equal(1, r.Orders);
        Assert.Equal(1, r.PossDupResends);
        Assert.Equal(1, r.BadChecksumOrders);
    }

    [Fact]
    public void The_market_data_port_restricts_what_counts_as_a_trigger()
    {
        var c = new LatencyCapture().Mold(Second, 1, 1, port: 30000).Mold(Second + 100, 1, 1).Tcp(Second + 1000, 1, Order(1, Trigger(1)));
        Assert.Equal([1000L], Analyze(c).LatenciesNs);
        Assert.Equal([900L], Analyze(c, new LatencyOptions { MarketDataPort = FeedPort }).LatenciesNs);
    }

    [Fact]
    public void An_unknown_link_type_is_refused_with_a_message()
    {
        var c = new LatencyCapture(linkType: 147).Mold(Second, 1, 1);
        var e = Assert.Throws<PacketSourceException>(() => Analyze(c));
        Assert.Contains("unsupported link type 147", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_a_capture_is_refused_with_a_message()
    {
        using var file = new TempFile();
        File.WriteAllText(file.Path, "this is not a capture, just some text long enough to probe\n");
        var e = Assert.Throws<PacketSourceException>(() => LatencyAnalyzer.Analyze([file.Path], new LatencyOptions()));
        Assert.Contains("unrecognised capture format", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_capture_is_read_up_to_the_cut_and_warned_about()
    {
        var c = new LatencyCapture().Mold(Second, 1, 1).Tcp(Second + 700, 1, Order(1, Trigger(1))).Mold(Second + 800, 2, 1);
        LatencyResult r = Analyze(c, cutLastRecord: 10);
        Assert.Equal(LatencyVerdict.Ok, r.Verdict);
        Assert.Equal(1, r.TruncatedCaptures);
        Assert.True(r.Captures[0].Truncated);
        Assert.Equal([700L], r.LatenciesNs);
        Assert.Contains(r.Warnings, w => w.Contains("capture truncated", StringComparison.Ordinal));
    }

    [Fact]
    public void A_corrupt_record_length_mid_file_is_bad_input_after_what_came_before()
    {
        using var file = new TempFile();
        new LatencyCapture().Mold(Second, 1, 1).Tcp(Second + 700, 1, Order(1, Trigger(1))).Mold(Second + 800, 2, 1).Write(file.Path);
        byte[] bytes = File.ReadAllBytes(file.Path);
        int lastRecord = bytes.Length - (14 + 20 + 8 + 26) - 16;
        BitConverter.GetBytes(0x7FFFFFFF).CopyTo(bytes, lastRecord + 8);
        File.WriteAllBytes(file.Path, bytes);
        LatencyResult r = LatencyAnalyzer.Analyze([file.Path], new LatencyOptions());
        Assert.Equal(LatencyVerdict.BadInput, r.Verdict);
        Assert.Contains("corrupt record length", r.VerdictReason, StringComparison.Ordinal);
        Assert.Equal([700L], r.LatenciesNs);
    }
}
