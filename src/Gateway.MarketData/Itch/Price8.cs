using System.Globalization;

namespace Gateway.MarketData.Itch;

/// <summary>
/// An ITCH 5.0 "Price (8)" field: an unsigned 8-byte integer with eight implied decimal places
/// (used by the MWCB Decline Level message). Its own type so it never mixes with a <see cref="Price4"/>.
/// </summary>
public readonly record struct Price8(ulong Raw) : IComparable<Price8>
{
    public const ulong Scale = 100_000_000;

    public int CompareTo(Price8 other) => Raw.CompareTo(other.Raw);

    public static bool operator <(Price8 a, Price8 b) => a.Raw < b.Raw;

    public static bool operator >(Price8 a, Price8 b) => a.Raw > b.Raw;

    public static bool operator <=(Price8 a, Price8 b) => a.Raw <= b.Raw;

    public static bool operator >=(Price8 a, Price8 b) => a.Raw >= b.Raw;

    /// <summary>Exactly eight decimals: "3019.12000000".</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Raw / Scale}.{Raw % Scale:D8}");
}
