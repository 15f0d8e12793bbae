using Gateway.Core;
using Gateway.Interop;
using Gateway.MarketData.Books;
using Gateway.MarketData.Itch;

namespace Gateway.MarketData.Tests.Books;

/// <summary>The books hand every pool to start-up preparation, and a prepared book works as before.</summary>
public sealed class ResidentRegionsTests
{
    private static readonly BookOptions Options = new() { RefWindow = 1 << 12, MaxInstruments = 64, MaxOrders = 1 << 12, MaxLevels = 1 << 10, MaxLevelsPerSide = 64 };

    [Fact]
    public void Every_pool_is_a_region_and_together_they_are_the_pools()
    {
        using var books = new OrderBooks(Options);
        IReadOnlyList<ResidentRegion> regions = books.ResidentRegions;

        Assert.Equal(8, regions.Count);
        Assert.Equal(regions.Count, regions.Select(r => r.Name).Distinct().Count());
        Assert.All(regions, r => Assert.True(r.Start != 0 && r.Length > 0, r.Name));
        Assert.Equal(books.PoolBytes, regions.Aggregate(0UL, (sum, r) => sum + r.Length));
        Assert.Contains(regions, r => r.Name == "book orders" && r.Length >= (ulong)(Options.MaxOrders + 1) * 32);
    }

    [Fact]
    public void A_prepared_book_is_resident_and_still_empty_and_usable()
    {
        using var books = new OrderBooks(Options);
        ResidencyReport report = MemoryResidency.Prepare(books.ResidentRegions, prefault: true, MemoryLockMode.Off);

        Assert.Equal(books.PoolBytes, report.PopulatedBytes);
        Assert.All(books.ResidentRegions, r => Assert.True(MemoryResidency.IsResident(r.Start, r.Length), r.Name));
        Assert.Equal(0u, books.LiveOrders);
        Assert.Equal(BookResult.Ok, books.AddOrder(3, 42, (byte)'B', 100, new Price4(10_0000)));
        Assert.True(books.TryGetOrder(42, out OrderInfo order));
        Assert.Equal(100u, order.Shares);
    }
}
