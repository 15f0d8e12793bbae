using System.Text;

namespace Gateway.MarketData.Itch;

/// <summary>ITCH alpha fields: ASCII, left-justified, right-padded with spaces.</summary>
public static class ItchAlpha
{
    public const int StockLength = 8;
    public const byte Pad = (byte)' ';

    /// <summary>The field without its trailing spaces.</summary>
    public static ReadOnlySpan<byte> TrimPadding(ReadOnlySpan<byte> field) => field.TrimEnd(Pad);

    /// <summary>The field as a string without its trailing spaces. Allocates: cold paths only.</summary>
    public static string ToTrimmedString(ReadOnlySpan<byte> field) => Encoding.ASCII.GetString(TrimPadding(field));

    /// <summary>Copies <paramref name="value"/> into <paramref name="field"/> and pads the rest with spaces.</summary>
    public static void WritePadded(Span<byte> field, ReadOnlySpan<byte> value)
    {
        if (value.Length > field.Length)
        {
            Gateway.Core.ThrowHelper.Argument(nameof(value), "alpha value is longer than its field");
        }

        value.CopyTo(field);
        field.Slice(value.Length).Fill(Pad);
    }

    /// <summary>
    /// A stock symbol as one 8-byte key (the padded bytes in memory order), for tables keyed by symbol.
    /// A shorter symbol is padded first; a longer one is not a symbol and gives false.
    /// </summary>
    public static bool TryPackStock(ReadOnlySpan<byte> symbol, out ulong key)
    {
        if (symbol.Length > StockLength)
        {
            key = 0;
            return false;
        }

        Span<byte> padded = stackalloc byte[StockLength];
        WritePadded(padded, symbol);
        key = System.Runtime.InteropServices.MemoryMarshal.Read<ulong>(padded);
        return true;
    }
}
