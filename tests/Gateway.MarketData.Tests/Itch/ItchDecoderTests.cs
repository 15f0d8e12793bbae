using Gateway.MarketData.Itch;
using Gateway.Tests.Shared;

namespace Gateway.MarketData.Tests.Itch;

public class ItchDecoderTests
{
    /// <summary>One message of every type, written once.</summary>
    internal static byte[][] OneOfEach()
    {
        var loc = new StockLocate(7);
        const ushort trk = 1;
        const ulong ts = 34_200_000_000_000;
        var r = new OrderRef(42);
        var p = new Price4(100_000);
        var list = new List<byte[]>();
        void Add(int length, Func<byte[], int> write)
        {
            var b = new byte[length];
            Assert.Equal(length, write(b));
            list.Add(b);
        }

        Add(SystemEvent.Length, b => ItchWriter.WriteSystemEvent(b, loc, trk, ts, (byte)'O'));
        Add(StockDirectory.Length, b => ItchWriter.WriteStockDirectory(b, loc, trk, ts, "ZVZZT"u8, (byte)'Q', (byte)'N',
            100, (byte)'N', (byte)'C', "Z"u8, (byte)'T', (byte)'N', (byte)'N', (byte)'1', (byte)'N', 0, (byte)'N'));
        Add(StockTradingAction.Length, b => ItchWriter.WriteStockTradingAction(b, loc, trk, ts, "ZVZZT"u8, (byte)'T', (byte)' ', "    "u8));
        Add(RegShoRestriction.Length, b => ItchWriter.WriteRegShoRestriction(b, loc, trk, ts, "ZVZZT"u8, (byte)'0'));
        Add(MarketParticipantPosition.Length, b => ItchWriter.WriteMarketParticipantPosition(b, loc, trk, ts, "GSCO"u8, "ZVZZT"u8, (byte)'Y', (byte)'N', (byte)'A'));
        Add(MwcbDeclineLevel.Length, b => ItchWriter.WriteMwcbDeclineLevel(b, loc, trk, ts, new Price8(1), new Price8(2), new Price8(3)));
        Add(MwcbStatus.Length, b => ItchWriter.WriteMwcbStatus(b, loc, trk, ts, (byte)'1'));
        Add(IpoQuotingPeriodUpdate.Length, b => ItchWriter.WriteIpoQuotingPeriodUpdate(b, loc, trk, ts, "ZVZZT"u8, 34_200, (byte)'A', p));
        Add(LuldAuctionCollar.Length, b => ItchWriter.WriteLuldAuctionCollar(b, loc, trk, ts, "ZVZZT"u8, p, p, p, 1));
        Add(OperationalHalt.Length, b => ItchWriter.WriteOperationalHalt(b, loc, trk, ts, "ZVZZT"u8, (byte)'Q', (byte)'H'));
        Add(AddOrder.Length, b => ItchWriter.WriteAddOrder(b, loc, trk, ts, r, ItchSide.Buy, 100, "ZVZZT"u8, p));
        Add(AddOrderMpid.Length, b => ItchWriter.WriteAddOrderMpid(b, loc, trk, ts, r, ItchSide.Sell, 100, "ZVZZT"u8, p, "GSCO"u8));
        Add(OrderExecuted.Length, b => ItchWriter.WriteOrderExecuted(b, loc, trk, ts, r, 10, 1));
        Add(OrderExecutedWithPrice.Length, b => ItchWriter.WriteOrderExecutedWithPrice(b, loc, trk, ts, r, 10, 2, (byte)'Y', p));
        Add(OrderCancel.Length, b => ItchWriter.WriteOrderCancel(b, loc, trk, ts, r, 10));
        Add(OrderDelete.Length, b => ItchWriter.WriteOrderDelete(b, loc, trk, ts, r));
        Add(OrderReplace.Length, b => ItchWriter.WriteOrderReplace(b, loc, trk, ts, r, new OrderRef(43), 50, p));
        Add(Trade.Length, b => ItchWriter.WriteTrade(b, loc, trk, ts, new OrderRef(0), ItchSide.Buy, 5, "ZVZZT"u8, p, 3));
        Add(CrossTrade.Length, b => ItchWriter.WriteCrossTrade(b, loc, trk, ts, 1000, "ZVZZT"u8, p, 4, (byte)'O'));
        Add(BrokenTrade.Length, b => ItchWriter.WriteBrokenTrade(b, loc, trk, ts, 3));
        Add(Noii.Length, b => ItchWriter.WriteNoii(b, loc, trk, ts, 100, 20, (byte)'B', "ZVZZT"u8, p, p, p, (byte)'O', (byte)'L'));
        Add(Rpii.Length, b => ItchWriter.WriteRpii(b, loc, trk, ts, "ZVZZT"u8, (byte)'A'));
        Add(DirectListingPriceDiscovery.Length, b => ItchWriter.WriteDirectListingPriceDiscovery(b, loc, trk, ts, "ZVZZT"u8, (byte)'Y', p, p, p, ts, p, p));
        return [.. list];
    }

    [Fact]
    public void One_of_each_type_is_decoded_and_counted_per_type()
    {
        byte[][] all = OneOfEach();
        Assert.Equal(ItchMessageType.All.Length, all.Length);
        var stats = new ItchDecodeStats();
        var handler = new RecordingHandler();
        for (int i = 0; i < all.Length; i++)
        {
            Assert.Equal(ItchDecodeResult.Decoded, ItchDecoder.Decode(all[i], ref handler, stats));
            Assert.Equal(ItchMessageType.All[i], handler.LastType);
            Assert.Equal(1, stats.CountOf(ItchMessageType.All[i]));
        }

        Assert.Equal(all.Length, handler.Calls);
        Assert.Equal(all.Length, stats.Decoded);
        Assert.Equal(0, stats.Unknown);
        Assert.Equal(0, stats.WrongLength);
    }

    [Fact]
    public void Only_the_23_type_letters_have_a_length()
    {
        int known = 0;
        for (int b = 0; b < 256; b++)
        {
            bool isType = ItchMessageType.All.IndexOf((byte)b) >= 0;
            Assert.Equal(isType, ItchMessageType.LengthOf((byte)b) != 0);
            known += isType ? 1 : 0;
        }

        Assert.Equal(23, known);
    }

    [Fact]
    public void Unknown_types_are_counted_and_skipped()
    {
        var stats = new ItchDecodeStats();
        var handler = new RecordingHandler();
        foreach (char c in "ZzT\0\u00FFaG")
        {
            var message = new byte[20];
            message[0] = (byte)c;
            Assert.Equal(ItchDecodeResult.UnknownType, ItchDecoder.Decode(message, ref handler, stats));
        }

        Assert.Equal(7, stats.Unknown);
        Assert.Equal(0, handler.Calls);
        Assert.Equal(0, stats.Decoded);
    }

    [Fact]
    public void Wrong_lengths_are_counted_and_skipped()
    {
        var stats = new ItchDecodeStats();
        var handler = new RecordingHandler();
        byte[] add = OneOfEach()[10];
        Assert.Equal(AddOrder.Type, add[0]);

        Assert.Equal(ItchDecodeResult.WrongLength, ItchDecoder.Decode(add.AsSpan(0, AddOrder.Length - 1), ref handler, stats));
        Assert.Equal(ItchDecodeResult.WrongLength, ItchDecoder.Decode([.. add, 0], ref handler, stats));
        Assert.Equal(ItchDecodeResult.WrongLength, ItchDecoder.Decode(add.AsSpan(0, 1), ref handler, stats));
        Assert.Equal(ItchDecodeResult.WrongLength, ItchDecoder.Decode(ReadOnlySpan<byte>.Empty, ref handler, stats));

        Assert.Equal(4, stats.WrongLength);
        Assert.Equal(0, stats.CountOf(AddOrder.Type));
        Assert.Equal(0, handler.Calls);
    }

    [Fact]
    public void Random_bytes_never_throw_and_every_message_is_accounted_for()
    {
        var rng = new Random(20261122);
        var stats = new ItchDecodeStats();
        var handler = new SummingHandler();
        var buffer = new byte[64];
        ReadOnlySpan<byte> types = ItchMessageType.All;
        const int rounds = 200_000;
        for (int i = 0; i < rounds; i++)
        {
            rng.NextBytes(buffer);
            int length;
            switch (rng.Next(3))
            {
                case 0: // a known type at its exact length
                    buffer[0] = types[rng.Next(types.Length)];
                    length = ItchMessageType.LengthOf(buffer[0]);
                    break;
                case 1: // a known type at any length
                    buffer[0] = types[rng.Next(types.Length)];
                    length = rng.Next(buffer.Length + 1);
                    break;
                default: // anything
                    length = rng.Next(buffer.Length + 1);
                    break;
            }

            ItchDecoder.Decode(buffer.AsSpan(0, length), ref handler, stats);
        }

        Assert.Equal(rounds, stats.Decoded + stats.Unknown + stats.WrongLength);
        Assert.True(stats.Decoded > rounds / 3);
        Assert.True(stats.Unknown > 0);
        Assert.True(stats.WrongLength > 0);
        long perType = 0;
        foreach (long n in stats.ByType)
        {
            perType += n;
        }

        Assert.Equal(stats.Decoded, perType);
    }

    [Fact]
    [Trait(TestCategory.Key, TestCategory.Timing)]
    public void Decoding_every_type_allocates_nothing_after_warm_up()
    {
        byte[][] all = OneOfEach();
        byte[] unknown = [(byte)'Z', 0, 0];
        byte[] shortAdd = all[10][..20];
        var stats = new ItchDecodeStats();
        var handler = new SummingHandler();

        // Warm up past tiered compilation (tier-1 lands in the background after ~30 calls and 100 ms).
        Run(all, unknown, shortAdd, ref handler, stats, 5);
        JitSettle.Wait(); // let the background tier-1 compilations land before measuring
        Run(all, unknown, shortAdd, ref handler, stats, 5);
        long before = GC.GetAllocatedBytesForCurrentThread();
        Run(all, unknown, shortAdd, ref handler, stats, 10_000);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.NotEqual(0UL, handler.Sum);
        Assert.Equal(10_010L * all.Length, stats.Decoded); // 5 + 5 warm-up rounds and 10,000 measured
    }

    private static void Run(byte[][] all, byte[] unknown, byte[] shortAdd, ref SummingHandler handler, ItchDecodeStats stats, int rounds)
    {
        for (int r = 0; r < rounds; r++)
        {
            for (int i = 0; i < all.Length; i++)
            {
                ItchDecoder.Decode(all[i], ref handler, stats);
            }

            ItchDecoder.Decode(unknown, ref handler, stats);
            ItchDecoder.Decode(shortAdd, ref handler, stats);
        }
    }
}
