using Gateway.OrderEntry.Fix;

namespace Gateway.Lab.Latency;

/// <summary>What <see cref="LatencyAnalyzer"/> reads from the orders and which datagrams count as market data.</summary>
public sealed record LatencyOptions
{
    /// <summary>Text (58): where the gateway writes the trigger by default.</summary>
    public const int DefaultTriggerTag = FixTag.Text;

    /// <summary>The FIX tag holding <c>SESSION:SEQ</c> of the triggering MoldUDP64 message.</summary>
    public int TriggerTag { get; init; } = DefaultTriggerTag;

    /// <summary>Only UDP datagrams to this destination port are market data (null: any that parses as MoldUDP64).</summary>
    public ushort? MarketDataPort { get; init; }

    /// <summary>Tags the trigger cannot be in: the frame's own (BeginString, BodyLength, CheckSum) and MsgType.</summary>
    public static bool IsReservedTag(int tag) =>
        tag is FixTag.BeginString or FixTag.BodyLength or FixTag.CheckSum or FixTag.MsgType;
}
