using Gateway.MarketData.Books;
using Gateway.MarketData.Itch;

namespace Gateway.MarketData.Tests.Books;

/// <summary>Random operation streams applied to OrderBooks and to the naive model; every level must agree.</summary>
public class ModelTests
{
    private const int Instruments = 5;

    public static TheoryData<int> Seeds()
    {
        var data = new TheoryData<int>();
        for (int seed = 1; seed <= 40; seed++)
        {
            data.Add(seed);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Random_streams_match_the_naive_model(int seed)
    {
        var rng = new Random(seed);
        // Small order pool and table relative to the stream so that slots and table entries are
        // reused many times (free lists, backward-shift deletion), but large enough never to run out.
        using var books = new OrderBooks(new BookOptions { RefWindow = seed % 2 == 0 ? 64 : 1 << 16, MaxInstruments = Instruments, MaxOrders = 1000, MaxLevels = 2048, MaxLevelsPerSide = 256, LevelSlotArena = 8192 });
        var model = new NaiveBook(Instruments);
        var live = new List<ulong>();
        ulong nextRef = (ulong)rng.Next(1, 1000);
        int steps = 4000;
        // Narrow price bands so orders share levels; a wide one on some seeds spreads them out.
        int band = seed % 3 == 0 ? 200 : 12;

        for (int step = 0; step < steps; step++)
        {
            int op = rng.Next(100);
            BookResult expected, actual;
            string what;
            if (op < 40 || live.Count == 0)
            {
                // Mostly new refs; some duplicates, a few invalid locates and sides.
                ulong r = rng.Next(30) == 0 && live.Count > 0 ? live[rng.Next(live.Count)] : nextRef++;
                ushort locate = (ushort)(rng.Next(80) == 0 ? Instruments + rng.Next(3) : rng.Next(Instruments));
                byte side = rng.Next(100) switch { 0 => (byte)'X', < 50 => (byte)'B', _ => (byte)'S' };
                uint shares = rng.Next(200) == 0 ? 0u : (uint)rng.Next(1, 1000);
                uint price = (uint)(100_000 + rng.Next(band) * 100);
                what = $"A {locate} {r} {(char)side} {shares} {price}";
                expected = model.Add(locate, r, side, shares, price);
                actual = books.AddOrder(locate, r, side, shares, new Price4(price));
            }
            else if (op < 75)
            {
                ulong r = PickRef(rng, live, nextRef);
                what = $"D {r}";
                expected = model.Delete(r);
                actual = books.Delete(r);
            }
            else if (op < 85)
            {
                ulong r = PickRef(rng, live, nextRef);
                uint shares = (uint)rng.Next(0, 1100);
                bool execute = rng.Next(2) == 0;
                what = $"{(execute ? 'E' : 'X')} {r} {shares}";
                expected = model.Reduce(r, shares);
                actual = execute ? books.Execute(r, shares) : books.Cancel(r, shares);
            }
            else
            {
                ulong oldRef = PickRef(rng, live, nextRef);
                ulong newRef = rng.Next(30) == 0 && live.Count > 0 ? live[rng.Next(live.Count)] : nextRef++;
                uint shares = rng.Next(200) == 0 ? 0u : (uint)rng.Next(1, 1000);
                uint price = (uint)(100_000 + rng.Next(band) * 100);
                what = $"U {oldRef} {newRef} {shares} {price}";
                expected = model.Replace(oldRef, newRef, shares, price);
                actual = books.Replace(oldRef, newRef, shares, new Price4(price));
            }

            Assert.True(expected == actual, $"seed {seed} step {step} {what}: model {expected}, book {actual}");
            live.Clear();
            live.AddRange(model.LiveRefs);

            if (step % 97 == 0 || step == steps - 1)
            {
                AssertSame(books, model, $"seed {seed} step {step}");
            }
        }

        Assert.Equal(0ul, books.Count(BookResult.OrdersExhausted));
        Assert.Equal(0ul, books.Count(BookResult.LevelsExhausted));
        for (ushort locate = 0; locate < Instruments; locate++)
        {
            Assert.Equal(model.Flagged.Contains(locate), books.IsFlagged(locate));
        }

        // Drain everything: pools must come back empty.
        foreach (ulong r in new List<ulong>(model.LiveRefs))
        {
            Assert.Equal(BookResult.Ok, books.Delete(r));
            model.Delete(r);
        }

        AssertSame(books, model, $"seed {seed} drained");
        Assert.Equal(0u, books.LiveOrders);
        Assert.Equal(0u, books.LiveLevels);
    }

    private static ulong PickRef(Random rng, List<ulong> live, ulong nextRef) =>
        rng.Next(10) == 0 || live.Count == 0 ? nextRef + (ulong)rng.Next(1, 50) : live[rng.Next(live.Count)];

    internal static void AssertSame(OrderBooks books, NaiveBook model, string where)
    {
        Assert.Equal((uint)model.LiveOrders, books.LiveOrders);
        var levels = new LevelInfo[128];
        var orders = new OrderInfo[1024];
        for (ushort locate = 0; locate < Instruments; locate++)
        {
            foreach (byte side in "BS"u8)
            {
                var want = model.Levels(locate, side);
                int n = books.GetLevels(locate, side, levels);
                Assert.True(want.Count == n, $"{where}: {locate}{(char)side} has {n} levels, model {want.Count}");
                for (int k = 0; k < n; k++)
                {
                    var w = want[k];
                    Assert.True(
                        levels[k] == new LevelInfo(new Price4(w.Price), w.Shares, w.Orders),
                        $"{where}: {locate}{(char)side} level {k}: {levels[k]} vs model ({w.Price}, {w.Shares}, {w.Orders})");
                    int m = books.GetOrdersAtLevel(locate, side, k, orders);
                    Assert.Equal(w.Refs.Count, m);
                    for (int q = 0; q < m; q++)
                    {
                        Assert.True(w.Refs[q] == orders[q].OrderRef, $"{where}: {locate}{(char)side} level {k} queue position {q}");
                        Assert.Equal(w.Price, orders[q].Price.Raw);
                        Assert.Equal(side, orders[q].Side);
                        Assert.Equal(locate, orders[q].Locate);
                    }
                }

                TopOfBook top = books.TopOfBook(locate);
                if (side == 'B')
                {
                    Assert.Equal(want.Count > 0 ? want[0].Shares : 0, top.BidShares);
                }
                else
                {
                    Assert.Equal(want.Count > 0 ? want[0].Shares : 0, top.AskShares);
                }
            }
        }
    }
}
