using HdrHistogram;

namespace Gateway.Engine.Timing;

/// <summary>The stages of the critical path an order's tick-to-trade is split into.</summary>
public enum Stage : byte
{
    /// <summary>From the packet leaving the source (its receive stamp) to its message reaching the books: L2-L4, MoldUDP64, ITCH decode, and the messages before it in the datagram.</summary>
    Decode = 0,

    /// <summary>Applying the message to the L3 book.</summary>
    Book = 1,

    /// <summary>Reading the top of book and the strategy's callback.</summary>
    Strategy = 2,

    /// <summary>Pre-trade risk and the order-state record.</summary>
    Risk = 3,

    /// <summary>Encoding the NewOrderSingle.</summary>
    Encode = 4,

    /// <summary>Journaling it in the session store (with a venue; nothing without one).</summary>
    Journal = 5,

    /// <summary>The send call itself (after tick-to-trade ends: its bytes are handed to send at its start).</summary>
    Send = 6,
}

/// <summary>
/// Tick-to-trade per order and its stages, in HdrHistogram histograms (1 ns to 60 s, three
/// significant digits) allocated at start-up: recording allocates nothing. Written by the engine's
/// thread only; read for reports when the engine has stopped.
/// </summary>
public sealed class TickToTrade
{
    public const int StageCount = 7;
    private const long Highest = 60_000_000_000;

    private static readonly string[] s_names = ["decode", "book", "strategy", "risk", "encode", "journal", "send_call"];

    private readonly LongHistogram _total = new(Highest, 3);
    private readonly LongHistogram[] _stages = new LongHistogram[StageCount];

    public TickToTrade()
    {
        for (int i = 0; i < StageCount; i++)
        {
            _stages[i] = new LongHistogram(Highest, 3);
        }
    }

    public LongHistogram Total => _total;

    public LongHistogram StageHistogram(Stage stage) => _stages[(int)stage];

    public static string Name(Stage stage) => s_names[(int)stage];

    public void Record(long tickToTradeNs, ReadOnlySpan<long> stageNs)
    {
        _total.RecordValue(Clamp(tickToTradeNs));
        for (int i = 0; i < stageNs.Length && i < StageCount; i++)
        {
            _stages[i].RecordValue(Clamp(stageNs[i]));
        }
    }

    private static long Clamp(long ns) => ns < 0 ? 0 : ns > Highest ? Highest : ns;

    /// <summary>count, p50, p90, p99, p99.9, p99.99, max of a histogram (ns).</summary>
    public static LatencySummary Summarize(LongHistogram h) => h.TotalCount == 0
        ? default
        : new LatencySummary(h.TotalCount, h.GetValueAtPercentile(50), h.GetValueAtPercentile(90), h.GetValueAtPercentile(99),
            h.GetValueAtPercentile(99.9), h.GetValueAtPercentile(99.99), h.GetMaxValue());
}

public readonly record struct LatencySummary(long Count, long P50, long P90, long P99, long P999, long P9999, long Max);
