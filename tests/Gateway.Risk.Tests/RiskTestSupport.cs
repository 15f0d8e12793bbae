using Gateway.Core.Trading;

namespace Gateway.Risk.Tests;

/// <summary>Prices in engine units (1/10,000 of a dollar), written as dollars in the tests.</summary>
internal static class Px
{
    public const long Dollar = PriceUnits.PerUnit;

    public static long Of(decimal dollars) => PriceUnits.FromDecimal(dollars);
}

/// <summary>
/// A <see cref="PreTradeRisk"/> with a touch, an engine clock and ClOrdIDs kept for the test, and
/// limits that bind nowhere unless the test tightens one: each test sees only the check it is about.
/// </summary>
internal sealed class RiskHarness
{
    private ulong _nextId = 1;

    public RiskHarness(Action<RiskSettings>? configure = null, int maxInstruments = 8, int maxOrders = 10_000)
    {
        Settings = Loose();
        configure?.Invoke(Settings);
        Risk = new PreTradeRisk(Settings, maxInstruments, maxOrders);
    }

    public RiskSettings Settings { get; }

    public PreTradeRisk Risk { get; }

    /// <summary>The touch every order is checked against: $9.99 / $10.00 unless the test moves it.</summary>
    public long Bid { get; set; } = Px.Of(9.99m);

    public long Ask { get; set; } = Px.Of(10.00m);

    /// <summary>The engine clock (capture time in a replay): starts at 1 s, moved by the test.</summary>
    public long NowNs { get; set; } = 1_000_000_000;

    /// <summary>Limits no test order reaches: the largest each key allows, a 100 % collar.</summary>
    public static RiskSettings Loose() => new()
    {
        MaxOrderQty = int.MaxValue,
        MaxOrderNotional = 90_000_000_000m,
        PriceCollarBps = 10_000,
        MaxPosition = int.MaxValue,
        MaxGrossExposure = 90_000_000_000m,
        CreditLimit = 90_000_000_000m,
        MaxOrdersPerSecond = 100_000,
        MaxLoss = 90_000_000_000m,
    };

    /// <summary>A new order with a fresh ClOrdID.</summary>
    public RiskReason Order(Side side, long price, long qty, int instrument = 0) =>
        Risk.Evaluate(instrument, side, price, qty, Bid, Ask, NowNs, _nextId++);

    public RiskReason Buy(long price, long qty, int instrument = 0) => Order(Side.Buy, price, qty, instrument);

    public RiskReason Sell(long price, long qty, int instrument = 0) => Order(Side.Sell, price, qty, instrument);

    /// <summary>A position, as if an order had been booked and filled (booked, released, filled).</summary>
    public void Position(Side side, long qty, long price, int instrument = 0)
    {
        Assert.Equal(RiskReason.Accepted, Order(side, price, qty, instrument));
        Risk.Release(instrument, side, price, qty);
        Risk.OnFill(instrument, side, qty, price);
    }
}
