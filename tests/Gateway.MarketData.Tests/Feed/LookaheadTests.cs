using Gateway.MarketData.Books;
using Gateway.MarketData.Feed;
using Gateway.Lab.Generation;
using Gateway.MarketData.Itch;

namespace Gateway.MarketData.Tests.FeedHandling;

/// <summary>
/// Look-ahead hints only fetch memory: a stream applied with every stage announced ahead of each
/// message (and garbage announced too) leaves exactly the books of the same stream applied plain.
/// </summary>
public sealed class LookaheadTests
{
    private static readonly BookOptions Options = new()
    {
        RefWindow = 1 << 8, // small: many orders overflow, so hints meet both kinds of slot
        MaxInstruments = 64,
        MaxOrders = 1 << 14,
        MaxLevels = 1 << 12,
        MaxLevelsPerSide = 256,
    };

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Hints_for_upcoming_and_garbage_messages_change_nothing(int seed)
    {
        List<byte[]> messages = Generate(seed, 20_000);
        using var plain = new OrderBooks(Options);
        using var hinted = new OrderBooks(Options);
        var plainUpdater = new BookUpdater<NoBookListener>(plain, new InstrumentDirectory());
        var hintedUpdater = new BookUpdater<NoBookListener>(hinted, new InstrumentDirectory());
        var random = new Random(seed);
        byte[] garbage = new byte[64];
        var stats = new ItchDecodeStats();
        for (int i = 0; i < messages.Count; i++)
        {
            for (int stage = 1; stage <= 3; stage++)
            {
                int ahead = stage switch { 1 => 8, 2 => 4, _ => 2 };
                if (i + ahead < messages.Count)
                {
                    hintedUpdater.Lookahead(messages[i + ahead], stage);
                }

                random.NextBytes(garbage);
                garbage[0] = (byte)"AFDEXUCP"[random.Next(8)];
                hintedUpdater.Lookahead(garbage.AsSpan(0, random.Next(garbage.Length)), stage);
            }

            ItchDecoder.Decode(messages[i], ref plainUpdater, stats);
            ItchDecoder.Decode(messages[i], ref hintedUpdater, stats);
        }

        Assert.True(plain.LiveOrders > 100, $"only {plain.LiveOrders} live orders: the stream is too thin to test");
        Assert.Equal(plain.LiveOrders, hinted.LiveOrders);
        Assert.Equal(plain.LiveLevels, hinted.LiveLevels);
        for (int r = 0; r < 16; r++)
        {
            Assert.Equal(plain.Count((BookResult)r), hinted.Count((BookResult)r));
        }

        Assert.Equal(Csv(plain), Csv(hinted));
    }

    private static List<byte[]> Generate(int seed, int count)
    {
        var generator = new ItchStreamGenerator(new ItchGeneratorOptions { Seed = seed, Instruments = 40, Messages = count });
        var messages = new List<byte[]>();
        byte[] buffer = new byte[64];
        int n;
        while ((n = generator.Next(buffer, out _)) > 0)
        {
            messages.Add(buffer.AsSpan(0, n).ToArray());
        }

        return messages;
    }

    private static string Csv(OrderBooks books)
    {
        var writer = new StringWriter();
        BookCsvWriter.Write(writer, books, locate => locate.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return writer.ToString();
    }
}
