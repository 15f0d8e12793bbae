using Gateway.MarketData.Books;
using Gateway.MarketData.Itch;

namespace Gateway.MarketData.Tests.Books;

public class BookCsvWriterTests
{
    [Fact]
    public void Writes_the_book_out_contract()
    {
        using var books = new OrderBooks(new BookOptions { RefWindow = 256, MaxInstruments = 8, MaxOrders = 64, MaxLevels = 64, MaxLevelsPerSide = 8 });
        string?[] symbols = [null, "MSFT    ", "AAPL    ", "ZVZZT   ", "EMPTY   "];
        // MSFT: two bid levels, one ask. AAPL: asks only. ZVZZT: all orders gone.
        books.AddOrder(1, 1, (byte)'S', 100, new Price4(3_100_000));
        books.AddOrder(1, 2, (byte)'B', 200, new Price4(3_000_000));
        books.AddOrder(1, 3, (byte)'B', 300, new Price4(3_000_100));
        books.AddOrder(1, 4, (byte)'B', 50, new Price4(3_000_000));
        books.AddOrder(2, 5, (byte)'S', 10, new Price4(1_900_001));
        books.AddOrder(2, 6, (byte)'S', 20, new Price4(1_899_999));
        books.AddOrder(3, 7, (byte)'B', 1, new Price4(1));
        books.Delete(7);
        books.AddOrder(5, 8, (byte)'B', 1, new Price4(1)); // no symbol: skipped

        var text = new StringWriter();
        BookCsvWriter.Write(text, books, l => l < symbols.Length ? symbols[l] : null);

        Assert.Equal(
            "symbol,side,price,shares,orders\n" +
            "AAPL,S,189.9999,20,1\n" +
            "AAPL,S,190.0001,10,1\n" +
            "MSFT,B,300.0100,300,1\n" +
            "MSFT,B,300.0000,250,2\n" +
            "MSFT,S,310.0000,100,1\n",
            text.ToString());
    }
}
