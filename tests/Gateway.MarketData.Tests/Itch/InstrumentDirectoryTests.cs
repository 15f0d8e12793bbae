using Gateway.MarketData.Itch;
using Gateway.Tests.Shared;

namespace Gateway.MarketData.Tests.Itch;

public class InstrumentDirectoryTests
{
    private static byte[] Directory(ushort locate, string symbol, byte marketCategory = (byte)'Q', uint roundLot = 100)
    {
        var b = new byte[StockDirectory.Length];
        ItchWriter.WriteStockDirectory(b, new StockLocate(locate), 0, 1_000, System.Text.Encoding.ASCII.GetBytes(symbol),
            marketCategory, (byte)'N', roundLot, (byte)'N', (byte)'C', "Z"u8, (byte)'P', (byte)'N', (byte)'N',
            (byte)'1', (byte)'Y', 3, (byte)'Y');
        return b;
    }

    [Fact]
    public void Fills_from_stock_directory_messages_and_looks_up_both_ways()
    {
        var directory = new InstrumentDirectory();
        Assert.Equal(65536, directory.Capacity);
        Assert.True(directory.Apply(new StockDirectory(Directory(1, "AAPL"))));
        Assert.True(directory.Apply(new StockDirectory(Directory(2, "BRK A", (byte)'N', 10))));
        Assert.True(directory.Apply(new StockDirectory(Directory(65535, "ZVZZT"))));
        Assert.Equal(3, directory.Count);

        Assert.True(directory.TryGet(new StockLocate(2), out InstrumentInfo brk));
        Assert.Equal("BRK A", brk.Symbol());
        Assert.Equal(new StockLocate(2), brk.Locate);
        Assert.Equal((byte)'N', brk.MarketCategory);
        Assert.Equal(10u, brk.RoundLotSize);
        Assert.Equal((byte)'C', brk.IssueClassification);
        Assert.Equal((byte)'P', brk.Authenticity);
        Assert.Equal((byte)'1', brk.LuldReferencePriceTier);
        Assert.Equal((byte)'Y', brk.EtpFlag);
        Assert.Equal(3u, brk.EtpLeverageFactor);
        Assert.Equal((byte)'Y', brk.InverseIndicator);

        Assert.Equal("AAPL    "u8.ToArray(), directory.SymbolOf(new StockLocate(1)).ToArray());
        Assert.Equal("ZVZZT   "u8.ToArray(), directory.SymbolOf(new StockLocate(65535)).ToArray());
        Assert.True(directory.SymbolOf(new StockLocate(3)).IsEmpty);
        Assert.False(directory.TryGet(new StockLocate(3), out _));
        Assert.False(directory.Contains(new StockLocate(0)));

        Assert.True(directory.TryGetLocate("AAPL"u8, out StockLocate aapl));
        Assert.Equal(new StockLocate(1), aapl);
        Assert.True(directory.TryGetLocate("ZVZZT   "u8, out StockLocate zvzzt));
        Assert.Equal(new StockLocate(65535), zvzzt);
        Assert.True(directory.TryGetLocate("BRK A", out StockLocate brkLocate));
        Assert.Equal(new StockLocate(2), brkLocate);
        Assert.False(directory.TryGetLocate("MSFT", out _));
        Assert.False(directory.TryGetLocate("TOOLONGSYM", out _));
    }

    [Fact]
    public void A_second_directory_message_for_a_locate_replaces_the_first()
    {
        var directory = new InstrumentDirectory(16);
        directory.Apply(new StockDirectory(Directory(5, "OLD")));
        directory.Apply(new StockDirectory(Directory(5, "NEW", roundLot: 1)));

        Assert.Equal(1, directory.Count);
        Assert.False(directory.TryGetLocate("OLD", out _));
        Assert.True(directory.TryGetLocate("NEW", out StockLocate locate));
        Assert.Equal(new StockLocate(5), locate);
        Assert.True(directory.TryGet(locate, out InstrumentInfo info));
        Assert.Equal(1u, info.RoundLotSize);
    }

    [Fact]
    public void Locates_beyond_capacity_are_rejected_and_counted()
    {
        var directory = new InstrumentDirectory(10);
        Assert.False(directory.Apply(new StockDirectory(Directory(10, "AAPL"))));
        Assert.True(directory.Apply(new StockDirectory(Directory(9, "MSFT"))));
        Assert.Equal(1, directory.Rejected);
        Assert.Equal(1, directory.Count);
        Assert.False(directory.TryGet(new StockLocate(10), out _));
        Assert.True(directory.SymbolOf(new StockLocate(60000)).IsEmpty);
        Assert.Throws<ArgumentOutOfRangeException>(() => new InstrumentDirectory(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new InstrumentDirectory(65537));
    }

    [Fact]
    [Trait(TestCategory.Key, TestCategory.Timing)]
    public void Lookups_by_locate_and_by_symbol_bytes_allocate_nothing()
    {
        var directory = new InstrumentDirectory();
        directory.Apply(new StockDirectory(Directory(1, "AAPL")));
        // Warm up past tiered compilation: the tier-1 rejit happens in the background after about
        // 30 calls and 100 ms; measuring while it lands caught stray bytes from the runtime.
        long sum = 0;
        for (int i = 0; i < 3; i++)
        {
            sum += Lookup(directory, 10_000);
            JitSettle.Wait(); // let the background tier-1 compilations land before measuring
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        sum += Lookup(directory, 10_000);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(sum > 0);
    }

    private static long Lookup(InstrumentDirectory directory, int rounds)
    {
        long sum = 0;
        for (int i = 0; i < rounds; i++)
        {
            if (directory.TryGet(new StockLocate(1), out InstrumentInfo info))
            {
                sum += info.RoundLotSize;
            }

            sum += directory.SymbolOf(new StockLocate(1)).Length;
            if (directory.TryGetLocate("AAPL"u8, out StockLocate locate))
            {
                sum += locate.Value;
            }
        }

        return sum;
    }
}
