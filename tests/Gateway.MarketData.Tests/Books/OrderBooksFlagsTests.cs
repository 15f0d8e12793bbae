using Gateway.MarketData.Books;
using Gateway.MarketData.Itch;

namespace Gateway.MarketData.Tests.Books;

public sealed class OrderBooksFlagsTests
{
    [Fact]
    public void Flagging_all_instruments_marks_every_locate_and_keeps_earlier_reasons()
    {
        using var books = new OrderBooks(new BookOptions { RefWindow = 256, MaxInstruments = 300, MaxLevels = 64, MaxLevelsPerSide = 16 });
        Assert.Equal(BookResult.Ok, books.AddOrder(3, 1, (byte)'B', 100, new Price4(10_000)));
        books.FlagInstrument(5);

        books.FlagAllInstruments(BookFlags.MessagesLost);

        for (int locate = 0; locate < books.MaxInstruments; locate++)
        {
            BookFlags expected = locate == 5 ? BookFlags.External | BookFlags.MessagesLost : BookFlags.MessagesLost;
            Assert.Equal(expected, books.Flags((ushort)locate));
        }

        // The books themselves are untouched, and keep taking updates.
        Assert.Equal(1u, books.OrderCount(3));
        Assert.Equal(BookResult.Ok, books.AddOrder(3, 2, (byte)'B', 100, new Price4(10_000)));
        Assert.False(books.IsFlagged(300));

        books.ClearFlags(3);
        Assert.False(books.IsFlagged(3));
        Assert.True(books.IsFlagged(4));
    }
}
