using Gateway.MarketData.Books;
using Gateway.MarketData.Itch;

namespace Gateway.MarketData.Tests.Books;

public sealed class OrderBooksTests : IDisposable
{
    private const byte B = (byte)'B';
    private const byte S = (byte)'S';
    private readonly OrderBooks _books = new(new BookOptions { RefWindow = 256, MaxInstruments = 16, MaxOrders = 64, MaxLevels = 64, MaxLevelsPerSide = 16 });

    public void Dispose() => _books.Dispose();

    private static Price4 P(double dollars) => new((uint)Math.Round(dollars * Price4.Scale));

    private LevelInfo[] Levels(ushort locate, byte side)
    {
        var dst = new LevelInfo[32];
        return dst[.._books.GetLevels(locate, side, dst)];
    }

    private ulong[] Queue(ushort locate, byte side, int depth)
    {
        var dst = new OrderInfo[32];
        int n = _books.GetOrdersAtLevel(locate, side, depth, dst);
        return dst[..n].Select(o => o.OrderRef).ToArray();
    }

    [Fact]
    public void Adds_build_levels_in_price_order_with_aggregates()
    {
        Assert.Equal(BookResult.Ok, _books.AddOrder(1, 10, B, 100, P(10.00)));
        Assert.Equal(BookResult.Ok, _books.AddOrder(1, 11, B, 200, P(10.01)));
        Assert.Equal(BookResult.Ok, _books.AddOrder(1, 12, B, 300, P(9.99)));
        Assert.Equal(BookResult.Ok, _books.AddOrder(1, 13, B, 50, P(10.00)));
        Assert.Equal(BookResult.Ok, _books.AddOrder(1, 20, S, 70, P(10.03)));
        Assert.Equal(BookResult.Ok, _books.AddOrder(1, 21, S, 80, P(10.02)));
        Assert.Equal(BookResult.Ok, _books.AddOrder(1, 22, S, 90, P(10.05)));

        Assert.Equal(
            [new LevelInfo(P(10.01), 200, 1), new LevelInfo(P(10.00), 150, 2), new LevelInfo(P(9.99), 300, 1)],
            Levels(1, B));
        Assert.Equal(
            [new LevelInfo(P(10.02), 80, 1), new LevelInfo(P(10.03), 70, 1), new LevelInfo(P(10.05), 90, 1)],
            Levels(1, S));
        Assert.Equal(new TopOfBook(P(10.01), 200, 1, P(10.02), 80, 1), _books.TopOfBook(1));
        Assert.Equal([10ul, 13ul], Queue(1, B, 1));
        Assert.Equal(7u, _books.OrderCount(1));
        Assert.Equal(0u, _books.OrderCount(2));
        Assert.Equal(6u, _books.LiveLevels);
        Assert.Equal(7ul, _books.Count(BookResult.Ok));
        Assert.False(_books.IsFlagged(1));
    }

    [Fact]
    public void Execute_and_cancel_reduce_then_remove()
    {
        _books.AddOrder(3, 1, S, 500, P(5));
        _books.AddOrder(3, 2, S, 100, P(5));

        Assert.Equal(BookResult.Ok, _books.Execute(1, 200));
        Assert.Equal([new LevelInfo(P(5), 400, 2)], Levels(3, S));
        Assert.Equal(BookResult.Ok, _books.Cancel(1, 100));
        Assert.True(_books.TryGetOrder(1, out OrderInfo o));
        Assert.Equal(new OrderInfo(1, 3, S, 200, P(5)), o);
        Assert.Equal(BookResult.Ok, _books.Execute(1, 200));
        Assert.False(_books.TryGetOrder(1, out _));
        Assert.Equal([new LevelInfo(P(5), 100, 1)], Levels(3, S));
        Assert.Equal(BookResult.Ok, _books.Cancel(2, 100));
        Assert.Empty(Levels(3, S));
        Assert.Equal(0u, _books.LiveLevels);
        Assert.Equal(0u, _books.LiveOrders);
        Assert.False(_books.IsFlagged(3));
    }

    [Fact]
    public void Over_execution_removes_the_order_counts_and_flags()
    {
        _books.AddOrder(4, 1, B, 100, P(7));
        _books.AddOrder(4, 2, B, 300, P(7));

        Assert.Equal(BookResult.ExecutionExceedsOrder, _books.Execute(1, 150));
        Assert.Equal([new LevelInfo(P(7), 300, 1)], Levels(4, B));
        Assert.Equal(BookResult.ExecutionExceedsOrder, _books.Cancel(2, 301));
        Assert.Empty(Levels(4, B));
        Assert.Equal(2ul, _books.Count(BookResult.ExecutionExceedsOrder));
        Assert.True(_books.IsFlagged(4));
        Assert.Equal(BookFlags.Inconsistent, _books.Flags(4));
    }

    [Fact]
    public void Delete_from_the_middle_of_a_queue_keeps_fifo()
    {
        for (ulong r = 1; r <= 4; r++)
        {
            _books.AddOrder(2, r, B, (uint)(10 * r), P(1));
        }

        Assert.Equal(BookResult.Ok, _books.Delete(2));
        Assert.Equal([1ul, 3ul, 4ul], Queue(2, B, 0));
        Assert.Equal(BookResult.Ok, _books.Delete(1));
        Assert.Equal(BookResult.Ok, _books.Delete(4));
        Assert.Equal([3ul], Queue(2, B, 0));
        Assert.Equal([new LevelInfo(P(1), 30, 1)], Levels(2, B));
        Assert.Equal(BookResult.UnknownOrder, _books.Delete(4));
    }

    [Fact]
    public void Replace_moves_the_new_reference_to_the_back_of_its_level()
    {
        _books.AddOrder(5, 1, S, 100, P(20));
        _books.AddOrder(5, 2, S, 200, P(20));
        _books.AddOrder(5, 3, S, 300, P(21));

        // Same price: loses priority.
        Assert.Equal(BookResult.Ok, _books.Replace(1, 10, 150, P(20)));
        Assert.Equal([2ul, 10ul], Queue(5, S, 0));
        Assert.Equal([new LevelInfo(P(20), 350, 2), new LevelInfo(P(21), 300, 1)], Levels(5, S));

        // New price: joins the back of that level, old level emptied.
        Assert.Equal(BookResult.Ok, _books.Replace(2, 11, 50, P(21)));
        Assert.Equal([3ul, 11ul], Queue(5, S, 1));
        Assert.Equal([new LevelInfo(P(20), 150, 1), new LevelInfo(P(21), 350, 2)], Levels(5, S));

        // Same side and instrument as the old order.
        Assert.True(_books.TryGetOrder(11, out OrderInfo o));
        Assert.Equal(new OrderInfo(11, 5, S, 50, P(21)), o);
        Assert.False(_books.TryGetOrder(2, out _));

        Assert.Equal(BookResult.UnknownOrder, _books.Replace(2, 12, 10, P(20)));
        Assert.Equal(BookResult.DuplicateOrder, _books.Replace(10, 3, 10, P(20)));
        Assert.Equal(BookResult.InvalidShares, _books.Replace(10, 12, 0, P(20)));
        Assert.Equal([new LevelInfo(P(20), 150, 1), new LevelInfo(P(21), 350, 2)], Levels(5, S));
    }

    [Fact]
    public void Rejects_bad_input_without_changing_the_book()
    {
        _books.AddOrder(1, 1, B, 100, P(1));
        Assert.Equal(BookResult.DuplicateOrder, _books.AddOrder(2, 1, S, 100, P(2)));
        Assert.Equal(BookResult.InvalidSide, _books.AddOrder(1, 2, (byte)'X', 100, P(1)));
        Assert.Equal(BookResult.InvalidLocate, _books.AddOrder(16, 2, B, 100, P(1)));
        Assert.Equal(BookResult.InvalidShares, _books.AddOrder(1, 2, B, 0, P(1)));
        Assert.Equal(BookResult.UnknownOrder, _books.Execute(99, 1));
        Assert.Equal(BookResult.UnknownOrder, _books.Cancel(99, 1));
        Assert.Equal(BookResult.UnknownOrder, _books.Delete(99));
        Assert.Equal([new LevelInfo(P(1), 100, 1)], Levels(1, B));
        Assert.Empty(Levels(2, S));
        Assert.Equal(1ul, _books.Count(BookResult.DuplicateOrder));
        Assert.Equal(3ul, _books.Count(BookResult.UnknownOrder));
        Assert.False(_books.IsFlagged(1));
    }

    [Fact]
    public void Feed_layer_can_flag_and_clear()
    {
        _books.FlagInstrument(7);
        Assert.True(_books.IsFlagged(7));
        Assert.Equal(BookFlags.External, _books.Flags(7));
        _books.ClearFlags(7);
        Assert.False(_books.IsFlagged(7));
        _books.FlagInstrument(60000); // out of range: ignored
        Assert.False(_books.IsFlagged(60000));
    }

    [Fact]
    public void Orders_exhaustion_is_counted_and_flagged_and_recovers_when_orders_leave()
    {
        using var books = new OrderBooks(new BookOptions { RefWindow = 256, MaxInstruments = 4, MaxOrders = 3, MaxLevels = 8, MaxLevelsPerSide = 8 });
        for (ulong r = 1; r <= 3; r++)
        {
            Assert.Equal(BookResult.Ok, books.AddOrder(1, r, B, 10, new Price4(100)));
        }

        Assert.Equal(BookResult.OrdersExhausted, books.AddOrder(2, 4, S, 10, new Price4(100)));
        // A replace frees the old order first, so it still fits.
        Assert.Equal(BookResult.Ok, books.Replace(3, 5, 10, new Price4(200)));
        Assert.Equal(1ul, books.Count(BookResult.OrdersExhausted));
        Assert.Equal(BookFlags.OrdersExhausted, books.Flags(2));
        Assert.False(books.IsFlagged(1));
        Assert.False(books.IsFlagged(0));
        Assert.Equal(BookResult.UnknownOrder, books.Delete(4));
        Assert.Equal(BookResult.Ok, books.Delete(1));
        Assert.Equal(BookResult.Ok, books.AddOrder(2, 6, S, 10, new Price4(100)));
        Assert.Equal(3u, books.LiveOrders);
    }

    [Fact]
    public void Levels_exhaustion_per_side_and_pool_is_counted_and_flagged()
    {
        using var books = new OrderBooks(new BookOptions { RefWindow = 256, MaxInstruments = 4, MaxOrders = 32, MaxLevels = 3, MaxLevelsPerSide = 2 });
        Assert.Equal(BookResult.Ok, books.AddOrder(1, 1, B, 10, new Price4(100)));
        Assert.Equal(BookResult.Ok, books.AddOrder(1, 2, B, 10, new Price4(101)));
        Assert.Equal(BookResult.LevelsExhausted, books.AddOrder(1, 3, B, 10, new Price4(102))); // side full
        Assert.Equal(BookResult.Ok, books.AddOrder(1, 4, B, 10, new Price4(101))); // existing level still fine
        Assert.Equal(BookResult.Ok, books.AddOrder(1, 5, S, 10, new Price4(200)));
        Assert.Equal(BookResult.LevelsExhausted, books.AddOrder(2, 6, S, 10, new Price4(200))); // pool full
        Assert.Equal(2ul, books.Count(BookResult.LevelsExhausted));
        Assert.Equal(BookFlags.LevelsExhausted, books.Flags(1));
        Assert.Equal(BookFlags.LevelsExhausted, books.Flags(2));
        Assert.Equal(4u, books.LiveOrders);
        Assert.False(books.TryGetOrder(3, out _));
        Assert.False(books.TryGetOrder(6, out _));
        Assert.Equal(new TopOfBook(new Price4(101), 20, 2, new Price4(200), 10, 1), books.TopOfBook(1));
    }

    [Fact]
    public void Level_index_chunks_grow_are_reused_and_run_out_cleanly()
    {
        // Arena of 32 entries: a side starts with 8, doubles to 16; outgrown chunks are reused.
        using var books = new OrderBooks(new BookOptions { RefWindow = 256, MaxInstruments = 4, MaxOrders = 64, MaxLevels = 64, MaxLevelsPerSide = 16, LevelSlotArena = 32 });
        ulong r = 1;
        for (uint p = 1; p <= 9; p++)
        {
            Assert.Equal(BookResult.Ok, books.AddOrder(1, r++, B, p, new Price4(p))); // 9th level: 8 → 16 (arena 8..23)
        }

        for (uint p = 1; p <= 8; p++)
        {
            Assert.Equal(BookResult.Ok, books.AddOrder(2, r++, S, p, new Price4(p))); // reuses the freed 8 at 0
        }

        Assert.Equal(BookResult.LevelsExhausted, books.AddOrder(2, r++, S, 9, new Price4(9))); // needs 16 more: arena full
        Assert.Equal(BookFlags.LevelsExhausted, books.Flags(2));
        Assert.False(books.IsFlagged(1));
        Assert.Equal(BookResult.Ok, books.AddOrder(2, r++, S, 1, new Price4(1))); // existing level still fine

        var dst = new LevelInfo[16];
        Assert.Equal(9, books.GetLevels(1, B, dst));
        Assert.Equal(Enumerable.Range(1, 9).Reverse().Select(p => new LevelInfo(new Price4((uint)p), (ulong)p, 1)), dst[..9]);
        Assert.Equal(8, books.GetLevels(2, S, dst));
        Assert.Equal(new LevelInfo(new Price4(1), 2, 2), dst[0]);
        Assert.Equal(new LevelInfo(new Price4(8), 8, 1), dst[7]);
    }

    [Fact]
    public void Deep_book_stays_sorted_under_inserts_anywhere()
    {
        using var books = new OrderBooks(new BookOptions { RefWindow = 256, MaxInstruments = 2, MaxOrders = 1000, MaxLevels = 1000, MaxLevelsPerSide = 512 });
        var rng = new Random(5);
        var prices = Enumerable.Range(1, 400).OrderBy(_ => rng.Next()).ToArray();
        ulong r = 1;
        foreach (int p in prices)
        {
            Assert.Equal(BookResult.Ok, books.AddOrder(1, r++, B, 1, new Price4((uint)p)));
            Assert.Equal(BookResult.Ok, books.AddOrder(1, r++, S, 1, new Price4((uint)(p + 1000))));
        }

        var dst = new LevelInfo[400];
        Assert.Equal(400, books.GetLevels(1, B, dst));
        Assert.Equal(Enumerable.Range(1, 400).Reverse().Select(p => (uint)p), dst.Select(l => l.Price.Raw));
        Assert.Equal(400, books.GetLevels(1, S, dst));
        Assert.Equal(Enumerable.Range(1001, 400).Select(p => (uint)p), dst.Select(l => l.Price.Raw));
        Assert.Equal(2, books.GetLevels(1, S, dst.AsSpan(0, 2)));
    }

    private struct SumVisitor : IOrderVisitor
    {
        public ulong Shares;
        public int Orders;

        public void Visit(in OrderInfo order)
        {
            Shares += order.Shares;
            Orders++;
        }
    }

    [Fact]
    public void Visitor_sees_every_order_of_a_level()
    {
        _books.AddOrder(9, 1, S, 5, P(3));
        _books.AddOrder(9, 2, S, 7, P(3));
        _books.AddOrder(9, 3, S, 9, P(4));
        var v = default(SumVisitor);
        _books.ForEachOrderAtLevel(9, S, 0, ref v);
        Assert.Equal((12ul, 2), (v.Shares, v.Orders));
    }
}
