namespace Gateway.OrderEntry.Fix;

/// <summary>
/// A FIX price as a fixed-point integer with <see cref="Scale"/> = 8 implied decimals
/// (123.45 is 12,345,000,000), so a price never mixes with a quantity and never goes through a double.
/// The range is ±92,233,720,368.54775807. Other scales: <see cref="FixValue.TryParseDecimal"/>.
/// </summary>
public readonly record struct FixPrice(long Units)
{
    public const int Scale = 8;
    public const long One = 100_000_000;

    public static FixPrice FromDecimal(decimal value) => new((long)(value * One));

    public decimal ToDecimal() => (decimal)Units / One;

    public override string ToString() => ToDecimal().ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>Sub-second digits of a UTCTimestamp the encoder writes.</summary>
public enum FixTimestampPrecision : byte
{
    Seconds = 0,
    Milliseconds = 3,
    Microseconds = 6,
    Nanoseconds = 9,
}
