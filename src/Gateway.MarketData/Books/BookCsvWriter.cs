using System.Globalization;

namespace Gateway.MarketData.Books;

/// <summary>
/// Writes the <c>--book-out</c> contract (docs/architecture.md, "Output contracts"): header <c>symbol,side,price,shares,orders</c>,
/// one line per non-empty level, sorted by symbol (ordinal), side B before S, bids by price
/// descending, asks ascending, price with exactly four decimals, symbol without its space padding.
/// Cold code: it allocates freely.
/// </summary>
public static class BookCsvWriter
{
    public const string Header = "symbol,side,price,shares,orders";

    /// <param name="symbolOf">Locate → symbol (padded or not); null or empty skips the instrument.</param>
    public static void Write(TextWriter writer, OrderBooks books, Func<ushort, string?> symbolOf)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(books);
        ArgumentNullException.ThrowIfNull(symbolOf);

        var instruments = new List<(string Symbol, ushort Locate)>();
        for (int i = 0; i < books.MaxInstruments; i++)
        {
            ushort locate = (ushort)i;
            if (books.LevelCount(locate, (byte)'B') == 0 && books.LevelCount(locate, (byte)'S') == 0)
            {
                continue;
            }

            string? symbol = symbolOf(locate)?.TrimEnd(' ');
            if (!string.IsNullOrEmpty(symbol))
            {
                instruments.Add((symbol, locate));
            }
        }

        instruments.Sort((a, b) =>
        {
            int c = string.CompareOrdinal(a.Symbol, b.Symbol);
            return c != 0 ? c : a.Locate.CompareTo(b.Locate);
        });

        writer.Write(Header);
        writer.Write('\n');
        var levels = new LevelInfo[1024];
        foreach ((string symbol, ushort locate) in instruments)
        {
            foreach (byte side in "BS"u8)
            {
                int n = books.LevelCount(locate, side);
                if (levels.Length < n)
                {
                    levels = new LevelInfo[n];
                }

                n = books.GetLevels(locate, side, levels);
                for (int k = 0; k < n; k++)
                {
                    LevelInfo l = levels[k];
                    writer.Write(string.Create(CultureInfo.InvariantCulture,
                        $"{symbol},{(char)side},{l.Price},{l.Shares},{l.Orders}\n"));
                }
            }
        }
    }

    public static void WriteFile(string path, OrderBooks books, Func<ushort, string?> symbolOf)
    {
        using var writer = new StreamWriter(path, append: false, new System.Text.UTF8Encoding(false));
        Write(writer, books, symbolOf);
    }
}
