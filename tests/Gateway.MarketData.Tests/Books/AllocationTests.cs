using Gateway.MarketData.Books;
using Gateway.MarketData.Itch;
using Gateway.Tests.Shared;

namespace Gateway.MarketData.Tests.Books;

public class AllocationTests
{
    private static void Run(OrderBooks books, int rounds, ref ulong nextRef)
    {
        for (int i = 0; i < rounds; i++)
        {
            ushort locate = (ushort)(i & 7);
            ulong a = nextRef++;
            ulong b = nextRef++;
            books.AddOrder(locate, a, (byte)'B', 100, new Price4((uint)(1000 + (i % 13))));
            books.AddOrder(locate, b, (byte)'S', 100, new Price4((uint)(2000 + (i % 17))));
            books.Execute(a, 10);
            books.Cancel(a, 10);
            ulong c = nextRef++;
            books.Replace(a, c, 50, new Price4((uint)(1001 + (i % 11))));
            books.Delete(c);
            books.Execute(b, 1000); // over-execution
            books.Delete(b); // unknown now
            books.AddOrder(locate, c, (byte)'X', 1, new Price4(1)); // invalid side
            books.TryReadTopOfBook(locate, out _);
            books.TopOfBook(locate);
        }
    }

    [Fact]
    [Trait(TestCategory.Key, TestCategory.Timing)]
    public void Update_path_allocates_nothing_after_warm_up()
    {
        using var books = new OrderBooks(new BookOptions { RefWindow = 256, MaxInstruments = 8, MaxOrders = 1024, MaxLevels = 1024, MaxLevelsPerSide = 64 });
        ulong nextRef = 1;
        Run(books, 10_000, ref nextRef); // warm-up: tiering, statics
        JitSettle.Wait(); // let the background tier-1 compilations land before measuring
        Run(books, 10_000, ref nextRef);

        long before = GC.GetAllocatedBytesForCurrentThread();
        Run(books, 100_000, ref nextRef);
        long after = GC.GetAllocatedBytesForCurrentThread();

        Assert.Equal(0, after - before);
        Assert.True(books.Count(BookResult.ExecutionExceedsOrder) >= 110_000);
    }
}
