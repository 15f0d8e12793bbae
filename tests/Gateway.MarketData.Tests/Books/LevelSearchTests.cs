using Gateway.MarketData.Books;
using Gateway.MarketData.Itch;

namespace Gateway.MarketData.Tests.Books;

/// <summary>
/// The level search and the sorted level index against a sorted model: deep books on both sides,
/// prices added and emptied in random order, at every depth.
/// </summary>
public sealed class LevelSearchTests
{
    [Theory]
    [InlineData(1, 'B')]
    [InlineData(2, 'S')]
    [InlineData(3, 'B')]
    [InlineData(4, 'S')]
    public void Deep_sides_built_and_emptied_in_random_order_stay_sorted_and_complete(int seed, char sideChar)
    {
        byte side = (byte)sideChar;
        using var books = new OrderBooks(new BookOptions { RefWindow = 1 << 12, MaxInstruments = 4, MaxOrders = 1 << 12, MaxLevels = 1 << 11, MaxLevelsPerSide = 512 });
        var random = new Random(seed);
        var live = new Dictionary<ulong, uint>(); // order ref -> price
        var model = new SortedDictionary<uint, int>(); // price -> orders
        ulong nextRef = 1;
        var levels = new LevelInfo[600];
        for (int step = 0; step < 6000; step++)
        {
            if (live.Count == 0 || random.Next(100) < 55)
            {
                uint price = (uint)(100_000 + (random.Next(400) * 100));
                Assert.Equal(BookResult.Ok, books.AddOrder(2, nextRef, side, 10, new Price4(price)));
                live[nextRef++] = price;
                model[price] = model.GetValueOrDefault(price) + 1;
            }
            else
            {
                ulong victim = live.Keys.ElementAt(random.Next(live.Count));
                Assert.Equal(BookResult.Ok, books.Delete(victim));
                uint price = live[victim];
                live.Remove(victim);
                if (--model[price] == 0)
                {
                    model.Remove(price);
                }
            }

            if (step % 97 == 0 || step > 5900)
            {
                int n = books.GetLevels(2, side, levels);
                IEnumerable<KeyValuePair<uint, int>> expected = side == (byte)'B' ? model.Reverse() : model;
                Assert.Equal(expected.Select(kv => (kv.Key, kv.Value)), levels[..n].Select(l => (l.Price.Raw, (int)l.Orders)));
            }
        }
    }
}
