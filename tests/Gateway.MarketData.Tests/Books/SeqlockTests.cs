using Gateway.MarketData.Books;
using Gateway.MarketData.Itch;

namespace Gateway.MarketData.Tests.Books;

/// <summary>
/// A writer keeps an invariant that any torn read breaks: every bid order at price p has p shares,
/// so a consistent level has shares == orders × price; asks sit at 2000..2015 and bids at
/// 1000..1015, so a consistent book is never crossed and each side's depth is strictly ordered.
/// Levels appear and vanish all the time, so a read mixing two versions sees the price of one level
/// with the aggregates of another, or a level list with a gap or a repeat.
/// </summary>
public class SeqlockTests
{
    private const ushort Locate = 1;

    [Fact]
    public void Reader_never_sees_a_torn_top_of_book()
    {
        string? failure = null;
        long checkedReads = 0;
        RunAgainstWriter(books =>
        {
            if (!books.TryReadTopOfBook(Locate, out TopOfBook t))
            {
                return false;
            }

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

            return t.HasBid;
        });

        Assert.Null(failure);
        Assert.True(checkedReads > 0);
    }

    [Fact]
    public void Reader_never_sees_torn_depth()
    {
        string? failure = null;
        long deepReads = 0;
        var levels = new LevelInfo[32];
        RunAgainstWriter(books =>
        {
            bool any = false;
            foreach (byte side in "BS"u8)
            {
                if (!books.TryReadLevels(Locate, side, levels, out int n))
                {
                    continue;
                }

                any |= n > 1;
                deepReads += n > 1 ? 1 : 0;
                uint low = side == 'B' ? 1000u : 2000u;
                for (int k = 0; k < n; k++)
                {
                    LevelInfo l = levels[k];
                    if (l.Orders == 0 || l.Shares != (ulong)l.Orders * l.Price.Raw || l.Price.Raw < low || l.Price.Raw > low + 15)
                    {
                        failure ??= $"torn level {l} on {(char)side}";
                    }

                    // Best first: bids strictly descending, asks strictly ascending.
                    if (k > 0 && (side == 'B' ? l.Price >= levels[k - 1].Price : l.Price <= levels[k - 1].Price))
                    {
                        failure ??= $"out of order at {k} on {(char)side}: {levels[k - 1]} then {l}";
                    }
                }
            }

            return any;
        });

        Assert.Null(failure);
        Assert.True(deepReads > 0);
    }

    /// <summary>
    /// Runs the writer on this thread and <paramref name="read"/> in a loop on another until at least
    /// 1.5 s have passed and the reader has had 1,000 useful reads (read returned true).
    /// </summary>
    private static void RunAgainstWriter(Func<OrderBooks, bool> read)
    {
        using var books = new OrderBooks(new BookOptions { RefWindow = 256, MaxInstruments = 2, MaxOrders = 4096, MaxLevels = 4096, MaxLevelsPerSide = 256 });
        using var stop = new CancellationTokenSource();
        long useful = 0;
        var reader = new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                if (read(books))
                {
                    Interlocked.Increment(ref useful);
                }
            }
        });
        reader.Start();

        var rng = new Random(11);
        var live = new List<ulong>();
        ulong nextRef = 1;
        var sw = System.Diagnostics.Stopwatch.StartNew();
        while ((sw.ElapsedMilliseconds < 1500 || Interlocked.Read(ref useful) < 1000) && sw.ElapsedMilliseconds < 20_000)
        {
            if (live.Count < 200 && (live.Count < 20 || rng.Next(2) == 0))
            {
                bool bid = rng.Next(2) == 0;
                uint price = (uint)((bid ? 1000 : 2000) + rng.Next(16));
                books.AddOrder(Locate, nextRef, bid ? (byte)'B' : (byte)'S', price, new Price4(price));
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
        }

        stop.Cancel();
        reader.Join();
        Assert.Equal(0, books.Version(Locate) & 1);
    }
}
