using System.Globalization;

namespace Gateway.MarketData.Itch;

/// <summary>
/// An ITCH 5.0 "Price (4)" field: an unsigned integer with four implied decimal places
/// ($12.3400 is 123400). Its own type so a price never mixes with a share quantity.
/// </summary>
public readonly record struct Price4(uint Raw) : IComparable<Price4>
{
    public const int Scale = 10_000;

    public int CompareTo(Price4 other) => Raw.CompareTo(other.Raw);

    public static bool operator <(Price4 a, Price4 b) => a.Raw < b.Raw;

    public static bool operator >(Price4 a, Price4 b) => a.Raw > b.Raw;

    public static bool operator <=(Price4 a, Price4 b) => a.Raw <= b.Raw;

    public static bool operator >=(Price4 a, Price4 b) => a.Raw >= b.Raw;

    /// <summary>Exactly four decimals, as the book-out contract wants: "12.3400".</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Raw / Scale}.{Raw % Scale:D4}");
}
