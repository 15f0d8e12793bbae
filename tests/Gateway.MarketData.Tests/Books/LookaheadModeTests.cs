using Gateway.MarketData.Books;
using Gateway.MarketData.Feed;
using Gateway.MarketData.Itch;

namespace Gateway.MarketData.Tests.Books;

/// <summary>
/// The adaptive look-ahead: off while the books' working set is small, on once it passes the
/// threshold, off again only below three quarters of it; forced on or off by the mode.
/// </summary>
public sealed class LookaheadModeTests
{
    private const int PerEntry = OrderBooks.WorkingSetBytesPerEntry;

    private static OrderBooks Books(LookaheadMode mode, long aboveBytes) => new(new BookOptions
    {
        RefWindow = 1 << 12,
        MaxInstruments = 8,
        MaxOrders = 1 << 12,
        MaxLevels = 1 << 10,
        MaxLevelsPerSide = 1 << 9,
        Lookahead = mode,
        LookaheadAboveBytes = aboveBytes,
    });

    /// <summary>Adds orders 1..n at one price (one level): n orders + 1 level live.</summary>
    private static void AddOrders(OrderBooks books, ulong from, ulong to)
    {
        for (ulong r = from; r <= to; r++)
        {
            Assert.Equal(BookResult.Ok, books.AddOrder(1, r, (byte)'B', 100, new Price4(10_0000)));
        }
    }

    [Fact]
    public void Auto_switches_on_past_the_threshold_and_off_below_three_quarters_of_it()
    {
        using OrderBooks books = Books(LookaheadMode.Auto, 100 * PerEntry); // on above 100 entries, off below 75
        Assert.Equal(LookaheadMode.Auto, books.LookaheadMode);
        Assert.False(books.DecideLookahead());

        AddOrders(books, 1, 99); // 99 orders + 1 level = 100: not past it
        Assert.False(books.DecideLookahead());
        AddOrders(books, 100, 100);
        Assert.True(books.DecideLookahead());
        Assert.True(books.LookaheadActive);
        Assert.Equal(1, books.LookaheadSwitches);

        for (ulong r = 100; r >= 75; r--) // 74 orders + 1 level = 75: not yet below
        {
            Assert.Equal(BookResult.Ok, books.Delete(r));
        }

        Assert.True(books.DecideLookahead(), "inside the band it stays on");
        Assert.Equal(BookResult.Ok, books.Delete(74));
        Assert.False(books.DecideLookahead());
        Assert.Equal(2, books.LookaheadSwitches);
    }

    [Theory]
    [InlineData(LookaheadMode.On, true)]
    [InlineData(LookaheadMode.Off, false)]
    public void On_and_off_ignore_the_working_set(LookaheadMode mode, bool expected)
    {
        using OrderBooks books = Books(mode, 10 * PerEntry);
        Assert.Equal(expected, books.DecideLookahead());
        AddOrders(books, 1, 200);
        Assert.Equal(expected, books.DecideLookahead());
        Assert.Equal(0, books.LookaheadSwitches);
    }

    [Fact]
    public void A_decode_only_updater_never_wants_it_and_a_book_updater_follows_the_books()
    {
        using OrderBooks books = Books(LookaheadMode.On, 0);
        Assert.False(new BookUpdater<NoBookListener>(books, new InstrumentDirectory(), decodeOnly: true).WantsLookahead);
        Assert.True(new BookUpdater<NoBookListener>(books, new InstrumentDirectory()).WantsLookahead);
        using OrderBooks off = Books(LookaheadMode.Off, 0);
        Assert.False(new BookUpdater<NoBookListener>(off, new InstrumentDirectory()).WantsLookahead);
    }

    [Fact]
    public void A_negative_threshold_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Books(LookaheadMode.Auto, -1));
}
