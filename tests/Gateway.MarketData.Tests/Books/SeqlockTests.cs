using Gateway.MarketData.Books;
using Gateway.MarketData.Itch;

namespace Gateway.MarketData.Tests.Books;

public class SeqlockTests
{
    /// <summary>
    /// The writer keeps an invariant that any torn read breaks: every bid order at price p has p
    /// shares, so a consistent best bid has shares == orders × price, and the same on the ask side
    /// with ask price = bid price + 100 (never crossed). Best levels appear and vanish all the time,
    /// so a read mixing two versions sees a price of one level with the aggregates of another.
    /// </summary>
    [Fact]
    public void Reader_never_sees_a_torn_top_of_book()
    {
        using var books = new OrderBooks(new BookOptions { RefWindow = 256, MaxInstruments = 2, MaxOrders = 4096, MaxLevels = 4096, MaxLevelsPerSide = 256 });
        const ushort locate = 1;
        using var stop = new CancellationTokenSource();
        long stable = 0;
        long checkedReads = 0;
        string? failure = null;

        var reader = new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                if (!books.TryReadTopOfBook(locate, out TopOfBook t))
                {
                    continue;
                }

                stable++;
                if (t.HasBid)
                {
                    checkedReads++;
                    if (t.BidShares != (ulong)t.BidOrders * t.BidPrice.Raw)
                    {
                        failure ??= $"torn bid {t}";
                    }
                }

                if (t.HasAsk && t.AskShares != (ulong)t.AskOrders * t.AskPrice.Raw)
                {
                    failure ??= $"torn ask {t}";
                }

                if (t.HasBid && t.HasAsk && t.BidPrice >= t.AskPrice)
                {
                    failure ??= $"crossed {t}";
                }
            }
        });
        reader.Start();

        var rng = new Random(11);
        var live = new List<ulong>();
        ulong nextRef = 1;
        var sw = System.Diagnostics.Stopwatch.StartNew();
        while (sw.ElapsedMilliseconds < 1500 || checkedReads < 1000)
        {
            if (live.Count < 200 && (live.Count < 20 || rng.Next(2) == 0))
            {
                // Bids 1000..1015, asks 2000..2015: never crossed.
                bool bid = rng.Next(2) == 0;
                uint price = (uint)((bid ? 1000 : 2000) + rng.Next(16));
                books.AddOrder(locate, nextRef, bid ? (byte)'B' : (byte)'S', price, new Price4(price));
                live.Add(nextRef++);
            }
            else
            {
                int k = rng.Next(live.Count);
                ulong r = live[k];
                live[k] = live[^1];
                live.RemoveAt(live.Count - 1);
                if (rng.Next(4) == 0 && books.TryGetOrder(r, out OrderInfo o))
                {
                    // Replace keeps side; the new order's shares must equal its new price.
                    uint price = (uint)((o.Side == 'B' ? 1000 : 2000) + rng.Next(16));
                    books.Replace(r, nextRef, price, new Price4(price));
                    live.Add(nextRef++);
                }
                else
                {
                    books.Delete(r);
                }
            }

            if (sw.ElapsedMilliseconds > 20_000)
            {
                break;
            }
        }

        stop.Cancel();
        reader.Join();
        Assert.Null(failure);
        Assert.True(checkedReads > 0, $"reader got {stable} stable reads");
        Assert.Equal(0, books.Version(locate) & 1);
    }
}
