namespace Gateway.Core.Trading;

/// <summary>The side of an order or a position change. Values start at 1 so that a zeroed struct is never a valid side.</summary>
public enum Side : byte
{
    Buy = 1,
    Sell = 2,
}

/// <summary>
/// Conventions shared by the engine, risk and order entry. Prices are <c>long</c> counts of
/// 1/10,000 of the currency unit (the four implied decimals of ITCH 5.0 prices, so a book price
/// needs no conversion); quantities are shares; a notional is price units times shares.
/// </summary>
public static class PriceUnits
{
    /// <summary>Price units in one currency unit.</summary>
    public const long PerUnit = 10_000;

    /// <summary>Whole currency units (e.g. dollars from configuration) as price units, rounded to the nearest unit.</summary>
    public static long FromDecimal(decimal value) => (long)decimal.Round(value * PerUnit, MidpointRounding.AwayFromZero);

    public static decimal ToDecimal(long units) => units / (decimal)PerUnit;

    /// <summary>+1 for a buy, -1 for a sell.</summary>
    public static int Sign(Side side) => side == Side.Buy ? 1 : -1;
}
