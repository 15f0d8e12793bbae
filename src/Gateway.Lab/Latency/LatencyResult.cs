namespace Gateway.Lab.Latency;

/// <summary>How a latency analysis ended, in order of precedence; the command maps each to an exit code.</summary>
public enum LatencyVerdict
{
    /// <summary>Orders matched, clocks consistent.</summary>
    Ok,

    /// <summary>Nothing to measure: no orders, none with a trigger, or no trigger found in the market data.</summary>
    NothingToMeasure,

    /// <summary>A capture's clock went backwards, or an order came before its trigger: the figures cannot be trusted.</summary>
    ClockTrouble,

    /// <summary>A capture is corrupt past its start (not merely cut at the end): everything before the fault was read.</summary>
    BadInput,
}

/// <summary>What was read from one capture file.</summary>
public sealed class CaptureSummary
{
    internal CaptureSummary(string path, string format)
    {
        Path = path;
        Format = format;
    }

    public string Path { get; }

    /// <summary>"pcap" or "pcapng".</summary>
    public string Format { get; }

    public long Packets { get; internal set; }

    /// <summary>The capture's timestamp step in ns (1000 for µs pcap, 1 for ns pcap, pcapng if_tsresol).</summary>
    public long ResolutionNs { get; internal set; }

    /// <summary>Smallest nonzero difference between consecutive packet timestamps (null: fewer than two distinct ones).</summary>
    public long? MinStepNs { get; internal set; }

    /// <summary>Packets whose timestamp is earlier than the packet before them in the file.</summary>
    public long BackwardSteps { get; internal set; }

    /// <summary>The file ends inside a record; everything before it was read.</summary>
    public bool Truncated { get; internal set; }

    /// <summary>Why reading stopped early on corrupt bytes (null when it did not).</summary>
    public string? Failure { get; internal set; }
}

/// <summary>One bucket of the log-spaced histogram: values above the previous bucket's bound, up to <see cref="UpperNs"/>.</summary>
public readonly record struct HistogramBucket(long UpperNs, long Count);

/// <summary>Everything <c>gw latency</c> reports. Percentiles are nearest-rank over the exact sorted values.</summary>
public sealed class LatencyResult
{
    internal LatencyResult()
    {
    }

    public int TriggerTag { get; internal set; }

    public IReadOnlyList<CaptureSummary> Captures { get; internal set; } = [];

    /// <summary>NewOrderSingles framed from the TCP streams (PossDup resends and bad checksums excluded, counted apart).</summary>
    public long Orders { get; internal set; }

    public long Matched { get; internal set; }

    public long NoTriggerField { get; internal set; }

    /// <summary>Orders whose trigger field is present but not <c>SESSION:SEQ</c>.</summary>
    public long BadTriggerField { get; internal set; }

    /// <summary>Orders whose (session, sequence) never appears in the market data.</summary>
    public long TriggerNotFound { get; internal set; }

    public long PossDupResends { get; internal set; }

    public long BadChecksumOrders { get; internal set; }

    /// <summary>Distinct market-data packets (session, first sequence, count) whose message triggered at least one matched order.</summary>
    public long TriggerPackets { get; internal set; }

    /// <summary>Distinct (session, sequence) messages that triggered at least one matched order.</summary>
    public long TriggerMessages { get; internal set; }

    public long MaxOrdersPerTriggerPacket { get; internal set; }

    public double MeanOrdersPerTriggerPacket { get; internal set; }

    /// <summary>Wire-to-wire of every matched order in ns, sorted ascending.</summary>
    public IReadOnlyList<long> LatenciesNs { get; internal set; } = [];

    public long? P50Ns { get; internal set; }

    public long? P90Ns { get; internal set; }

    public long? P99Ns { get; internal set; }

    public long? P999Ns { get; internal set; }

    public long? MaxNs { get; internal set; }

    public long? MinNs { get; internal set; }

    public double? MeanNs { get; internal set; }

    public IReadOnlyList<HistogramBucket> Histogram { get; internal set; } = [];

    /// <summary>The coarsest timestamp resolution among the captures, ns.</summary>
    public long ClockResolutionNs { get; internal set; }

    /// <summary>The smallest nonzero step between consecutive timestamps in any capture, ns (null when none).</summary>
    public long? MinStepNs { get; internal set; }

    public long TimestampsBackwards { get; internal set; }

    public long NegativeLatencies { get; internal set; }

    /// <summary>TCP connections (both directions together) that carried data.</summary>
    public long Connections { get; internal set; }

    public long RetransmittedBytes { get; internal set; }

    public long OutOfOrderSegments { get; internal set; }

    /// <summary>Holes in TCP streams that were never filled; orders cut by them are lost and not counted.</summary>
    public long StreamHoles { get; internal set; }

    public long HoleBytes { get; internal set; }

    public long UnframedBytes { get; internal set; }

    public long MarketDataPackets { get; internal set; }

    public long MalformedFrames { get; internal set; }

    public long TruncatedCaptures { get; internal set; }

    /// <summary>One line each: what makes the figures incomplete or suspect.</summary>
    public IReadOnlyList<string> Warnings { get; internal set; } = [];

    public LatencyVerdict Verdict { get; internal set; }

    /// <summary>Why the verdict is what it is, one line (null when Ok).</summary>
    public string? VerdictReason { get; internal set; }

    /// <summary>Percentiles are withheld (null) when any latency is negative: the clocks disagree.</summary>
    public bool HasPercentiles => P50Ns is not null;
}
