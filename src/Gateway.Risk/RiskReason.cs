namespace Gateway.Risk;

/// <summary>
/// Why pre-trade risk refused an order, or <see cref="Accepted"/>. Checked in this order, cheapest
/// and most absolute first; the first that fails is the reason given.
/// </summary>
public enum RiskReason : byte
{
    Accepted = 0,

    /// <summary>The kill switch is engaged (by command, by signal, or by the loss limit): no new orders.</summary>
    KillSwitch = 1,

    /// <summary>The instrument is on the restricted list.</summary>
    Restricted = 2,

    /// <summary>Quantity or price not positive, or too large to represent.</summary>
    InvalidOrder = 3,

    /// <summary>Quantity above MaxOrderQty.</summary>
    MaxOrderQty = 4,

    /// <summary>Price times quantity above MaxOrderNotional.</summary>
    MaxOrderNotional = 5,

    /// <summary>Limit price more than PriceCollarBps through the touch (or no touch to compare with).</summary>
    PriceCollar = 6,

    /// <summary>Position plus open orders on the side that grows it would pass MaxPosition.</summary>
    MaxPosition = 7,

    /// <summary>Marked value of all positions plus all open orders plus this one would pass MaxGrossExposure.</summary>
    MaxGrossExposure = 8,

    /// <summary>Open-order notional plus position cost plus this order would pass CreditLimit.</summary>
    CreditLimit = 9,

    /// <summary>More than MaxOrdersPerSecond orders in the last second of the engine's clock.</summary>
    OrderRate = 10,

    /// <summary>The ClOrdID was already used.</summary>
    DuplicateClOrdId = 11,

    /// <summary>
    /// The market-data feed lost messages no line and no retransmission recovered, so every book
    /// may be wrong, and <c>Risk:OnStaleFeed</c> is <c>refuse</c>: no new order or replace until an
    /// operator clears the flag. Checked right after the kill switch (numbered last only to keep
    /// the journal's codes stable).
    /// </summary>
    StaleFeed = 12,
}

/// <summary>The names reasons go by in reports, CSV decisions and statistics.</summary>
public static class RiskReasons
{
    /// <summary>Number of <see cref="RiskReason"/> values (for counter arrays).</summary>
    public const int Count = 13;

    private static readonly string[] s_names =
    [
        "sent", "kill_switch", "restricted", "invalid_order", "max_order_qty", "max_order_notional", "price_collar",
        "max_position", "max_gross_exposure", "credit_limit", "order_rate", "duplicate_clordid", "stale_feed",
    ];

    /// <summary>The reason as written in <c>--orders-out</c> (<c>sent</c> for an accepted order) and <c>--stats-out</c>.</summary>
    public static string Name(RiskReason reason) => (uint)reason < (uint)s_names.Length ? s_names[(int)reason] : "unknown";
}

/// <summary>What pre-trade risk does with new orders while the feed is stale (<c>Risk:OnStaleFeed</c>).</summary>
public enum StaleFeedPolicy : byte
{
    /// <summary>Refuse new orders and replaces (<see cref="RiskReason.StaleFeed"/>); cancels still go out.</summary>
    Refuse = 0,

    /// <summary>Let them through, counting each one accepted on a stale feed.</summary>
    Flag = 1,
}

/// <summary>Why the kill switch was engaged.</summary>
public enum KillSwitchCause : byte
{
    None = 0,

    /// <summary>An operator's command (control socket, API).</summary>
    Command = 1,

    /// <summary>SIGUSR1.</summary>
    Signal = 2,

    /// <summary>Realized plus unrealized loss passed MaxLoss.</summary>
    LossLimit = 3,
}
