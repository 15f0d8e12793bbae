// Generated from one table of the ITCH 5.0 layouts, then reviewed by hand against the spec's
// field tables. The bytes are built field by field in spec order with WireBytes (independent of the
// views' offset constants and of ItchWriter); the writer must reproduce them exactly.
using Gateway.MarketData.Itch;

namespace Gateway.MarketData.Tests.Itch;

public class ItchWriterRoundTripTests
{
    private static string Ascii(ReadOnlySpan<byte> s) => System.Text.Encoding.ASCII.GetString(s);

    private static ulong NextUInt64(Random rng) => ((ulong)(uint)rng.Next() << 33) ^ ((ulong)(uint)rng.Next() << 11) ^ (ulong)(uint)rng.Next();

    private static byte[] NextAlpha(Random rng, int max)
    {
        var bytes = new byte[rng.Next(1, max + 1)];
        for (int i = 0; i < bytes.Length; i++)
        {
            bytes[i] = (byte)rng.Next('A', 'Z' + 1);
        }

        return bytes;
    }

    [Fact]
    public void SystemEvent_round_trips_random_values()
    {
        var rng = new Random(1000);
        var buffer = new byte[SystemEvent.Length];
        for (int i = 0; i < 200; i++)
        {
            var locate = new StockLocate((ushort)rng.Next(0, 65536));
            var tracking = (ushort)rng.Next(0, 65536);
            var timestamp = (ulong)rng.NextInt64(0, 1L << 48);
            var f0 = (byte)rng.Next(0x20, 0x7F);
            Assert.Equal(SystemEvent.Length, ItchWriter.WriteSystemEvent(buffer, locate, tracking, timestamp, f0));
            var m = new SystemEvent(buffer);
            Assert.Equal(SystemEvent.Type, m.MessageType);
            Assert.Equal(locate, m.StockLocate);
            Assert.Equal(tracking, m.TrackingNumber);
            Assert.Equal(timestamp, m.Timestamp);
            Assert.Equal(f0, m.EventCode);
        }
    }

    [Fact]
    public void StockDirectory_round_trips_random_values()
    {
        var rng = new Random(1001);
        var buffer = new byte[StockDirectory.Length];
        for (int i = 0; i < 200; i++)
        {
            var locate = new StockLocate((ushort)rng.Next(0, 65536));
            var tracking = (ushort)rng.Next(0, 65536);
            var timestamp = (ulong)rng.NextInt64(0, 1L << 48);
            var f0 = NextAlpha(rng, 8);
            var f1 = (byte)rng.Next(0x20, 0x7F);
            var f2 = (byte)rng.Next(0x20, 0x7F);
            var f3 = (uint)rng.NextInt64(0, 1L << 32);
            var f4 = (byte)rng.Next(0x20, 0x7F);
            var f5 = (byte)rng.Next(0x20, 0x7F);
            var f6 = NextAlpha(rng, 2);
            var f7 = (byte)rng.Next(0x20, 0x7F);
            var f8 = (byte)rng.Next(0x20, 0x7F);
            var f9 = (byte)rng.Next(0x20, 0x7F);
            var f10 = (byte)rng.Next(0x20, 0x7F);
            var f11 = (byte)rng.Next(0x20, 0x7F);
            var f12 = (uint)rng.NextInt64(0, 1L << 32);
            var f13 = (byte)rng.Next(0x20, 0x7F);
            Assert.Equal(StockDirectory.Length, ItchWriter.WriteStockDirectory(buffer, locate, tracking, timestamp, f0, f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11, f12, f13));
            var m = new StockDirectory(buffer);
            Assert.Equal(StockDirectory.Type, m.MessageType);
            Assert.Equal(locate, m.StockLocate);
            Assert.Equal(tracking, m.TrackingNumber);
            Assert.Equal(timestamp, m.Timestamp);
            Assert.Equal(Ascii(f0).PadRight(8), Ascii(m.Stock));
            Assert.Equal(f1, m.MarketCategory);
            Assert.Equal(f2, m.FinancialStatusIndicator);
            Assert.Equal(f3, m.RoundLotSize);
            Assert.Equal(f4, m.RoundLotsOnly);
            Assert.Equal(f5, m.IssueClassification);
            Assert.Equal(Ascii(f6).PadRight(2), Ascii(m.IssueSubType));
            Assert.Equal(f7, m.Authenticity);
            Assert.Equal(f8, m.ShortSaleThresholdIndicator);
            Assert.Equal(f9, m.IpoFlag);
            Assert.Equal(f10, m.LuldReferencePriceTier);
            Assert.Equal(f11, m.EtpFlag);
            Assert.Equal(f12, m.EtpLeverageFactor);
            Assert.Equal(f13, m.InverseIndicator);
        }
    }

    [Fact]
    public void StockTradingAction_round_trips_random_values()
    {
        var rng = new Random(1002);
        var buffer = new byte[StockTradingAction.Length];
        for (int i = 0; i < 200; i++)
        {
            var locate = new StockLocate((ushort)rng.Next(0, 65536));
            var tracking = (ushort)rng.Next(0, 65536);
            var timestamp = (ulong)rng.NextInt64(0, 1L << 48);
            var f0 = NextAlpha(rng, 8);
            var f1 = (byte)rng.Next(0x20, 0x7F);
            var f2 = (byte)rng.Next(0x20, 0x7F);
            var f3 = NextAlpha(rng, 4);
            Assert.Equal(StockTradingAction.Length, ItchWriter.WriteStockTradingAction(buffer, locate, tracking, timestamp, f0, f1, f2, f3));
            var m = new StockTradingAction(buffer);
            Assert.Equal(StockTradingAction.Type, m.MessageType);
            Assert.Equal(locate, m.StockLocate);
            Assert.Equal(tracking, m.TrackingNumber);
            Assert.Equal(timestamp, m.Timestamp);
            Assert.Equal(Ascii(f0).PadRight(8), Ascii(m.Stock));
            Assert.Equal(f1, m.TradingState);
            Assert.Equal(f2, m.Reserved);
            Assert.Equal(Ascii(f3).PadRight(4), Ascii(m.Reason));
        }
    }

    [Fact]
    public void RegShoRestriction_round_trips_random_values()
    {
        var rng = new Random(1003);
        var buffer = new byte[RegShoRestriction.Length];
        for (int i = 0; i < 200; i++)
        {
            var locate = new StockLocate((ushort)rng.Next(0, 65536));
            var tracking = (ushort)rng.Next(0, 65536);
            var timestamp = (ulong)rng.NextInt64(0, 1L << 48);
            var f0 = NextAlpha(rng, 8);
            var f1 = (byte)rng.Next(0x20, 0x7F);
            Assert.Equal(RegShoRestriction.Length, ItchWriter.WriteRegShoRestriction(buffer, locate, tracking, timestamp, f0, f1));
            var m = new RegShoRestriction(buffer);
            Assert.Equal(RegShoRestriction.Type, m.MessageType);
            Assert.Equal(locate, m.StockLocate);
            Assert.Equal(tracking, m.TrackingNumber);
            Assert.Equal(timestamp, m.Timestamp);
            Assert.Equal(Ascii(f0).PadRight(8), Ascii(m.Stock));
            Assert.Equal(f1, m.RegShoAction);
        }
    }

    [Fact]
    public void MarketParticipantPosition_round_trips_random_values()
    {
        var rng = new Random(1004);
        var buffer = new byte[MarketParticipantPosition.Length];
        for (int i = 0; i < 200; i++)
        {
            var locate = new StockLocate((ushort)rng.Next(0, 65536));
            var tracking = (ushort)rng.Next(0, 65536);
            var timestamp = (ulong)rng.NextInt64(0, 1L << 48);
            var f0 = NextAlpha(rng, 4);
            var f1 = NextAlpha(rng, 8);
            var f2 = (byte)rng.Next(0x20, 0x7F);
            var f3 = (byte)rng.Next(0x20, 0x7F);
            var f4 = (byte)rng.Next(0x20, 0x7F);
            Assert.Equal(MarketParticipantPosition.Length, ItchWriter.WriteMarketParticipantPosition(buffer, locate, tracking, timestamp, f0, f1, f2, f3, f4));
            var m = new MarketParticipantPosition(buffer);
            Assert.Equal(MarketParticipantPosition.Type, m.MessageType);
            Assert.Equal(locate, m.StockLocate);
            Assert.Equal(tracking, m.TrackingNumber);
            Assert.Equal(timestamp, m.Timestamp);
            Assert.Equal(Ascii(f0).PadRight(4), Ascii(m.Mpid));
            Assert.Equal(Ascii(f1).PadRight(8), Ascii(m.Stock));
            Assert.Equal(f2, m.PrimaryMarketMaker);
            Assert.Equal(f3, m.MarketMakerMode);
            Assert.Equal(f4, m.MarketParticipantState);
        }
    }

    [Fact]
    public void MwcbDeclineLevel_round_trips_random_values()
    {
        var rng = new Random(1005);
        var buffer = new byte[MwcbDeclineLevel.Length];
        for (int i = 0; i < 200; i++)
        {
            var locate = new StockLocate((ushort)rng.Next(0, 65536));
            var tracking = (ushort)rng.Next(0, 65536);
            var timestamp = (ulong)rng.NextInt64(0, 1L << 48);
            var f0 = new Price8(NextUInt64(rng));
            var f1 = new Price8(NextUInt64(rng));
            var f2 = new Price8(NextUInt64(rng));
            Assert.Equal(MwcbDeclineLevel.Length, ItchWriter.WriteMwcbDeclineLevel(buffer, locate, tracking, timestamp, f0, f1, f2));
            var m = new MwcbDeclineLevel(buffer);
            Assert.Equal(MwcbDeclineLevel.Type, m.MessageType);
            Assert.Equal(locate, m.StockLocate);
            Assert.Equal(tracking, m.TrackingNumber);
            Assert.Equal(timestamp, m.Timestamp);
            Assert.Equal(f0, m.Level1);
            Assert.Equal(f1, m.Level2);
            Assert.Equal(f2, m.Level3);
        }
    }

    [Fact]
    public void MwcbStatus_round_trips_random_values()
    {
        var rng = new Random(1006);
        var buffer = new byte[MwcbStatus.Length];
        for (int i = 0; i < 200; i++)
        {
            var locate = new StockLocate((ushort)rng.Next(0, 65536));
            var tracking = (ushort)rng.Next(0, 65536);
            var timestamp = (ulong)rng.NextInt64(0, 1L << 48);
            var f0 = (byte)rng.Next(0x20, 0x7F);
            Assert.Equal(MwcbStatus.Length, ItchWriter.WriteMwcbStatus(buffer, locate, tracking, timestamp, f0));
            var m = new MwcbStatus(buffer);
            Assert.Equal(MwcbStatus.Type, m.MessageType);
            Assert.Equal(locate, m.StockLocate);
            Assert.Equal(tracking, m.TrackingNumber);
            Assert.Equal(timestamp, m.Timestamp);
            Assert.Equal(f0, m.BreachedLevel);
        }
    }

    [Fact]
    public void IpoQuotingPeriodUpdate_round_trips_random_values()
    {
        var rng = new Random(1007);
        var buffer = new byte[IpoQuotingPeriodUpdate.Length];
        for (int i = 0; i < 200; i++)
        {
            var locate = new StockLocate((ushort)rng.Next(0, 65536));
            var tracking = (ushort)rng.Next(0, 65536);
            var timestamp = (ulong)rng.NextInt64(0, 1L << 48);
            var f0 = NextAlpha(rng, 8);
            var f1 = (uint)rng.NextInt64(0, 1L << 32);
            var f2 = (byte)rng.Next(0x20, 0x7F);
            var f3 = new Price4((uint)rng.NextInt64(0, 1L << 32));
            Assert.Equal(IpoQuotingPeriodUpdate.Length, ItchWriter.WriteIpoQuotingPeriodUpdate(buffer, locate, tracking, timestamp, f0, f1, f2, f3));
            var m = new IpoQuotingPeriodUpdate(buffer);
            Assert.Equal(IpoQuotingPeriodUpdate.Type, m.MessageType);
            Assert.Equal(locate, m.StockLocate);
            Assert.Equal(tracking, m.TrackingNumber);
            Assert.Equal(timestamp, m.Timestamp);
            Assert.Equal(Ascii(f0).PadRight(8), Ascii(m.Stock));
            Assert.Equal(f1, m.IpoQuotationReleaseTime);
            Assert.Equal(f2, m.IpoQuotationReleaseQualifier);
            Assert.Equal(f3, m.IpoPrice);
        }
    }

    [Fact]
    public void LuldAuctionCollar_round_trips_random_values()
    {
        var rng = new Random(1008);
        var buffer = new byte[LuldAuctionCollar.Length];
        for (int i = 0; i < 200; i++)
        {
            var locate = new StockLocate((ushort)rng.Next(0, 65536));
            var tracking = (ushort)rng.Next(0, 65536);
            var timestamp = (ulong)rng.NextInt64(0, 1L << 48);
            var f0 = NextAlpha(rng, 8);
            var f1 = new Price4((uint)rng.NextInt64(0, 1L << 32));
            var f2 = new Price4((uint)rng.NextInt64(0, 1L << 32));
            var f3 = new Price4((uint)rng.NextInt64(0, 1L << 32));
            var f4 = (uint)rng.NextInt64(0, 1L << 32);
            Assert.Equal(LuldAuctionCollar.Length, ItchWriter.WriteLuldAuctionCollar(buffer, locate, tracking, timestamp, f0, f1, f2, f3, f4));
            var m = new LuldAuctionCollar(buffer);
            Assert.Equal(LuldAuctionCollar.Type, m.MessageType);
            Assert.Equal(locate, m.StockLocate);
            Assert.Equal(tracking, m.TrackingNumber);
            Assert.Equal(timestamp, m.Timestamp);
            Assert.Equal(Ascii(f0).PadRight(8), Ascii(m.Stock));
            Assert.Equal(f1, m.AuctionCollarReferencePrice);
            Assert.Equal(f2, m.UpperAuctionCollarPrice);
            Assert.Equal(f3, m.LowerAuctionCollarPrice);
            Assert.Equal(f4, m.AuctionCollarExtension);
        }
    }

    [Fact]
    public void OperationalHalt_round_trips_random_values()
    {
        var rng = new Random(1009);
        var buffer = new byte[OperationalHalt.Length];
        for (int i = 0; i < 200; i++)
        {
            var locate = new StockLocate((ushort)rng.Next(0, 65536));
            var tracking = (ushort)rng.Next(0, 65536);
            var timestamp = (ulong)rng.NextInt64(0, 1L << 48);
            var f0 = NextAlpha(rng, 8);
            var f1 = (byte)rng.Next(0x20, 0x7F);
            var f2 = (byte)rng.Next(0x20, 0x7F);
            Assert.Equal(OperationalHalt.Length, ItchWriter.WriteOperationalHalt(buffer, locate, tracking, timestamp, f0, f1, f2));
            var m = new OperationalHalt(buffer);
            Assert.Equal(OperationalHalt.Type, m.MessageType);
            Assert.Equal(locate, m.StockLocate);
            Assert.Equal(tracking, m.TrackingNumber);
            Assert.Equal(timestamp, m.Timestamp);
            Assert.Equal(Ascii(f0).PadRight(8), Ascii(m.Stock));
            Assert.Equal(f1, m.MarketCode);
            Assert.Equal(f2, m.OperationalHaltAction);
        }
    }

    [Fact]
    public void AddOrder_round_trips_random_values()
    {
        var rng = new Random(1010);
        var buffer = new byte[AddOrder.Length];
        for (int i = 0; i < 200; i++)
        {
            var locate = new StockLocate((ushort)rng.Next(0, 65536));
            var tracking = (ushort)rng.Next(0, 65536);
            var timestamp = (ulong)rng.NextInt64(0, 1L << 48);
            var f0 = new OrderRef(NextUInt64(rng));
            var f1 = rng.Next(2) == 0 ? ItchSide.Buy : ItchSide.Sell;
            var f2 = (uint)rng.NextInt64(0, 1L << 32);
            var f3 = NextAlpha(rng, 8);
            var f4 = new Price4((uint)rng.NextInt64(0, 1L << 32));
            Assert.Equal(AddOrder.Length, ItchWriter.WriteAddOrder(buffer, locate, tracking, timestamp, f0, f1, f2, f3, f4));
            var m = new AddOrder(buffer);
            Assert.Equal(AddOrder.Type, m.MessageType);
            Assert.Equal(locate, m.StockLocate);
            Assert.Equal(tracking, m.TrackingNumber);
            Assert.Equal(timestamp, m.Timestamp);
            Assert.Equal(f0, m.OrderRef);
            Assert.Equal(f1, m.Side);
            Assert.Equal(f2, m.Shares);
            Assert.Equal(Ascii(f3).PadRight(8), Ascii(m.Stock));
            Assert.Equal(f4, m.Price);
        }
    }

    [Fact]
    public void AddOrderMpid_round_trips_random_values()
    {
        var rng = new Random(1011);
        var buffer = new byte[AddOrderMpid.Length];
        for (int i = 0; i < 200; i++)
        {
            var locate = new StockLocate((ushort)rng.Next(0, 65536));
            var tracking = (ushort)rng.Next(0, 65536);
            var timestamp = (ulong)rng.NextInt64(0, 1L << 48);
            var f0 = new OrderRef(NextUInt64(rng));
            var f1 = rng.Next(2) == 0 ? ItchSide.Buy : ItchSide.Sell;
            var f2 = (uint)rng.NextInt64(0, 1L << 32);
            var f3 = NextAlpha(rng, 8);
            var f4 = new Price4((uint)rng.NextInt64(0, 1L << 32));
            var f5 = NextAlpha(rng, 4);
            Assert.Equal(AddOrderMpid.Length, ItchWriter.WriteAddOrderMpid(buffer, locate, tracking, timestamp, f0, f1, f2, f3, f4, f5));
            var m = new AddOrderMpid(buffer);
            Assert.Equal(AddOrderMpid.Type, m.MessageType);
            Assert.Equal(locate, m.StockLocate);
            Assert.Equal(tracking, m.TrackingNumber);
            Assert.Equal(timestamp, m.Timestamp);
            Assert.Equal(f0, m.OrderRef);
            Assert.Equal(f1, m.Side);
            Assert.Equal(f2, m.Shares);
            Assert.Equal(Ascii(f3).PadRight(8), Ascii(m.Stock));
            Assert.Equal(f4, m.Price);
            Assert.Equal(Ascii(f5).PadRight(4), Ascii(m.Attribution));
        }
    }

    [Fact]
    public void OrderExecuted_round_trips_random_values()
    {
        var rng = new Random(1012);
        var buffer = new byte[OrderExecuted.Length];
        for (int i = 0; i < 200; i++)
        {
            var locate = new StockLocate((ushort)rng.Next(0, 65536));
            var tracking = (ushort)rng.Next(0, 65536);
            var timestamp = (ulong)rng.NextInt64(0, 1L << 48);
            var f0 = new OrderRef(NextUInt64(rng));
            var f1 = (uint)rng.NextInt64(0, 1L << 32);
            var f2 = NextUInt64(rng);
            Assert.Equal(OrderExecuted.Length, ItchWriter.WriteOrderExecuted(buffer, locate, tracking, timestamp, f0, f1, f2));
            var m = new OrderExecuted(buffer);
            Assert.Equal(OrderExecuted.Type, m.MessageType);
            Assert.Equal(locate, m.StockLocate);
            Assert.Equal(tracking, m.TrackingNumber);
            Assert.Equal(timestamp, m.Timestamp);
            Assert.Equal(f0, m.OrderRef);
            Assert.Equal(f1, m.ExecutedShares);
            Assert.Equal(f2, m.MatchNumber);
        }
    }

    [Fact]
    public void OrderExecutedWithPrice_round_trips_random_values()
    {
        var rng = new Random(1013);
        var buffer = new byte[OrderExecutedWithPrice.Length];
        for (int i = 0; i < 200; i++)
        {
            var locate = new StockLocate((ushort)rng.Next(0, 65536));
            var tracking = (ushort)rng.Next(0, 65536);
            var timestamp = (ulong)rng.NextInt64(0, 1L << 48);
            var f0 = new OrderRef(NextUInt64(rng));
            var f1 = (uint)rng.NextInt64(0, 1L << 32);
            var f2 = NextUInt64(rng);
            var f3 = (byte)rng.Next(0x20, 0x7F);
            var f4 = new Price4((uint)rng.NextInt64(0, 1L << 32));
            Assert.Equal(OrderExecutedWithPrice.Length, ItchWriter.WriteOrderExecutedWithPrice(buffer, locate, tracking, timestamp, f0, f1, f2, f3, f4));
            var m = new OrderExecutedWithPrice(buffer);
            Assert.Equal(OrderExecutedWithPrice.Type, m.MessageType);
            Assert.Equal(locate, m.StockLocate);
            Assert.Equal(tracking, m.TrackingNumber);
            Assert.Equal(timestamp, m.Timestamp);
            Assert.Equal(f0, m.OrderRef);
            Assert.Equal(f1, m.ExecutedShares);
            Assert.Equal(f2, m.MatchNumber);
            Assert.Equal(f3, m.Printable);
            Assert.Equal(f4, m.ExecutionPrice);
        }
    }

    [Fact]
    public void OrderCancel_round_trips_random_values()
    {
        var rng = new Random(1014);
        var buffer = new byte[OrderCancel.Length];
        for (int i = 0; i < 200; i++)
        {
            var locate = new StockLocate((ushort)rng.Next(0, 65536));
            var tracking = (ushort)rng.Next(0, 65536);
            var timestamp = (ulong)rng.NextInt64(0, 1L << 48);
            var f0 = new OrderRef(NextUInt64(rng));
            var f1 = (uint)rng.NextInt64(0, 1L << 32);
            Assert.Equal(OrderCancel.Length, ItchWriter.WriteOrderCancel(buffer, locate, tracking, timestamp, f0, f1));
            var m = new OrderCancel(buffer);
            Assert.Equal(OrderCancel.Type, m.MessageType);
            Assert.Equal(locate, m.StockLocate);
            Assert.Equal(tracking, m.TrackingNumber);
            Assert.Equal(timestamp, m.Timestamp);
            Assert.Equal(f0, m.OrderRef);
            Assert.Equal(f1, m.CanceledShares);
        }
    }

    [Fact]
    public void OrderDelete_round_trips_random_values()
    {
        var rng = new Random(1015);
        var buffer = new byte[OrderDelete.Length];
        for (int i = 0; i < 200; i++)
        {
            var locate = new StockLocate((ushort)rng.Next(0, 65536));
            var tracking = (ushort)rng.Next(0, 65536);
            var timestamp = (ulong)rng.NextInt64(0, 1L << 48);
            var f0 = new OrderRef(NextUInt64(rng));
            Assert.Equal(OrderDelete.Length, ItchWriter.WriteOrderDelete(buffer, locate, tracking, timestamp, f0));
            var m = new OrderDelete(buffer);
            Assert.Equal(OrderDelete.Type, m.MessageType);
            Assert.Equal(locate, m.StockLocate);
            Assert.Equal(tracking, m.TrackingNumber);
            Assert.Equal(timestamp, m.Timestamp);
            Assert.Equal(f0, m.OrderRef);
        }
    }

    [Fact]
    public void OrderReplace_round_trips_random_values()
    {
        var rng = new Random(1016);
        var buffer = new byte[OrderReplace.Length];
        for (int i = 0; i < 200; i++)
        {
            var locate = new StockLocate((ushort)rng.Next(0, 65536));
            var tracking = (ushort)rng.Next(0, 65536);
            var timestamp = (ulong)rng.NextInt64(0, 1L << 48);
            var f0 = new OrderRef(NextUInt64(rng));
            var f1 = new OrderRef(NextUInt64(rng));
            var f2 = (uint)rng.NextInt64(0, 1L << 32);
            var f3 = new Price4((uint)rng.NextInt64(0, 1L << 32));
            Assert.Equal(OrderReplace.Length, ItchWriter.WriteOrderReplace(buffer, locate, tracking, timestamp, f0, f1, f2, f3));
            var m = new OrderReplace(buffer);
            Assert.Equal(OrderReplace.Type, m.MessageType);
            Assert.Equal(locate, m.StockLocate);
            Assert.Equal(tracking, m.TrackingNumber);
            Assert.Equal(timestamp, m.Timestamp);
            Assert.Equal(f0, m.OriginalOrderRef);
            Assert.Equal(f1, m.NewOrderRef);
            Assert.Equal(f2, m.Shares);
            Assert.Equal(f3, m.Price);
        }
    }

    [Fact]
    public void Trade_round_trips_random_values()
    {
        var rng = new Random(1017);
        var buffer = new byte[Trade.Length];
        for (int i = 0; i < 200; i++)
        {
            var locate = new StockLocate((ushort)rng.Next(0, 65536));
            var tracking = (ushort)rng.Next(0, 65536);
            var timestamp = (ulong)rng.NextInt64(0, 1L << 48);
            var f0 = new OrderRef(NextUInt64(rng));
            var f1 = rng.Next(2) == 0 ? ItchSide.Buy : ItchSide.Sell;
            var f2 = (uint)rng.NextInt64(0, 1L << 32);
            var f3 = NextAlpha(rng, 8);
            var f4 = new Price4((uint)rng.NextInt64(0, 1L << 32));
            var f5 = NextUInt64(rng);
            Assert.Equal(Trade.Length, ItchWriter.WriteTrade(buffer, locate, tracking, timestamp, f0, f1, f2, f3, f4, f5));
            var m = new Trade(buffer);
            Assert.Equal(Trade.Type, m.MessageType);
            Assert.Equal(locate, m.StockLocate);
            Assert.Equal(tracking, m.TrackingNumber);
            Assert.Equal(timestamp, m.Timestamp);
            Assert.Equal(f0, m.OrderRef);
            Assert.Equal(f1, m.Side);
            Assert.Equal(f2, m.Shares);
            Assert.Equal(Ascii(f3).PadRight(8), Ascii(m.Stock));
            Assert.Equal(f4, m.Price);
            Assert.Equal(f5, m.MatchNumber);
        }
    }

    [Fact]
    public void CrossTrade_round_trips_random_values()
    {
        var rng = new Random(1018);
        var buffer = new byte[CrossTrade.Length];
        for (int i = 0; i < 200; i++)
        {
            var locate = new StockLocate((ushort)rng.Next(0, 65536));
            var tracking = (ushort)rng.Next(0, 65536);
            var timestamp = (ulong)rng.NextInt64(0, 1L << 48);
            var f0 = NextUInt64(rng);
            var f1 = NextAlpha(rng, 8);
            var f2 = new Price4((uint)rng.NextInt64(0, 1L << 32));
            var f3 = NextUInt64(rng);
            var f4 = (byte)rng.Next(0x20, 0x7F);
            Assert.Equal(CrossTrade.Length, ItchWriter.WriteCrossTrade(buffer, locate, tracking, timestamp, f0, f1, f2, f3, f4));
            var m = new CrossTrade(buffer);
            Assert.Equal(CrossTrade.Type, m.MessageType);
            Assert.Equal(locate, m.StockLocate);
            Assert.Equal(tracking, m.TrackingNumber);
            Assert.Equal(timestamp, m.Timestamp);
            Assert.Equal(f0, m.Shares);
            Assert.Equal(Ascii(f1).PadRight(8), Ascii(m.Stock));
            Assert.Equal(f2, m.CrossPrice);
            Assert.Equal(f3, m.MatchNumber);
            Assert.Equal(f4, m.CrossType);
        }
    }

    [Fact]
    public void BrokenTrade_round_trips_random_values()
    {
        var rng = new Random(1019);
        var buffer = new byte[BrokenTrade.Length];
        for (int i = 0; i < 200; i++)
        {
            var locate = new StockLocate((ushort)rng.Next(0, 65536));
            var tracking = (ushort)rng.Next(0, 65536);
            var timestamp = (ulong)rng.NextInt64(0, 1L << 48);
            var f0 = NextUInt64(rng);
            Assert.Equal(BrokenTrade.Length, ItchWriter.WriteBrokenTrade(buffer, locate, tracking, timestamp, f0));
            var m = new BrokenTrade(buffer);
            Assert.Equal(BrokenTrade.Type, m.MessageType);
            Assert.Equal(locate, m.StockLocate);
            Assert.Equal(tracking, m.TrackingNumber);
            Assert.Equal(timestamp, m.Timestamp);
            Assert.Equal(f0, m.MatchNumber);
        }
    }

    [Fact]
    public void Noii_round_trips_random_values()
    {
        var rng = new Random(1020);
        var buffer = new byte[Noii.Length];
        for (int i = 0; i < 200; i++)
        {
            var locate = new StockLocate((ushort)rng.Next(0, 65536));
            var tracking = (ushort)rng.Next(0, 65536);
            var timestamp = (ulong)rng.NextInt64(0, 1L << 48);
            var f0 = NextUInt64(rng);
            var f1 = NextUInt64(rng);
            var f2 = (byte)rng.Next(0x20, 0x7F);
            var f3 = NextAlpha(rng, 8);
            var f4 = new Price4((uint)rng.NextInt64(0, 1L << 32));
            var f5 = new Price4((uint)rng.NextInt64(0, 1L << 32));
            var f6 = new Price4((uint)rng.NextInt64(0, 1L << 32));
            var f7 = (byte)rng.Next(0x20, 0x7F);
            var f8 = (byte)rng.Next(0x20, 0x7F);
            Assert.Equal(Noii.Length, ItchWriter.WriteNoii(buffer, locate, tracking, timestamp, f0, f1, f2, f3, f4, f5, f6, f7, f8));
            var m = new Noii(buffer);
            Assert.Equal(Noii.Type, m.MessageType);
            Assert.Equal(locate, m.StockLocate);
            Assert.Equal(tracking, m.TrackingNumber);
            Assert.Equal(timestamp, m.Timestamp);
            Assert.Equal(f0, m.PairedShares);
            Assert.Equal(f1, m.ImbalanceShares);
            Assert.Equal(f2, m.ImbalanceDirection);
            Assert.Equal(Ascii(f3).PadRight(8), Ascii(m.Stock));
            Assert.Equal(f4, m.FarPrice);
            Assert.Equal(f5, m.NearPrice);
            Assert.Equal(f6, m.CurrentReferencePrice);
            Assert.Equal(f7, m.CrossType);
            Assert.Equal(f8, m.PriceVariationIndicator);
        }
    }

    [Fact]
    public void Rpii_round_trips_random_values()
    {
        var rng = new Random(1021);
        var buffer = new byte[Rpii.Length];
        for (int i = 0; i < 200; i++)
        {
            var locate = new StockLocate((ushort)rng.Next(0, 65536));
            var tracking = (ushort)rng.Next(0, 65536);
            var timestamp = (ulong)rng.NextInt64(0, 1L << 48);
            var f0 = NextAlpha(rng, 8);
            var f1 = (byte)rng.Next(0x20, 0x7F);
            Assert.Equal(Rpii.Length, ItchWriter.WriteRpii(buffer, locate, tracking, timestamp, f0, f1));
            var m = new Rpii(buffer);
            Assert.Equal(Rpii.Type, m.MessageType);
            Assert.Equal(locate, m.StockLocate);
            Assert.Equal(tracking, m.TrackingNumber);
            Assert.Equal(timestamp, m.Timestamp);
            Assert.Equal(Ascii(f0).PadRight(8), Ascii(m.Stock));
            Assert.Equal(f1, m.InterestFlag);
        }
    }

    [Fact]
    public void DirectListingPriceDiscovery_round_trips_random_values()
    {
        var rng = new Random(1022);
        var buffer = new byte[DirectListingPriceDiscovery.Length];
        for (int i = 0; i < 200; i++)
        {
            var locate = new StockLocate((ushort)rng.Next(0, 65536));
            var tracking = (ushort)rng.Next(0, 65536);
            var timestamp = (ulong)rng.NextInt64(0, 1L << 48);
            var f0 = NextAlpha(rng, 8);
            var f1 = (byte)rng.Next(0x20, 0x7F);
            var f2 = new Price4((uint)rng.NextInt64(0, 1L << 32));
            var f3 = new Price4((uint)rng.NextInt64(0, 1L << 32));
            var f4 = new Price4((uint)rng.NextInt64(0, 1L << 32));
            var f5 = NextUInt64(rng);
            var f6 = new Price4((uint)rng.NextInt64(0, 1L << 32));
            var f7 = new Price4((uint)rng.NextInt64(0, 1L << 32));
            Assert.Equal(DirectListingPriceDiscovery.Length, ItchWriter.WriteDirectListingPriceDiscovery(buffer, locate, tracking, timestamp, f0, f1, f2, f3, f4, f5, f6, f7));
            var m = new DirectListingPriceDiscovery(buffer);
            Assert.Equal(DirectListingPriceDiscovery.Type, m.MessageType);
            Assert.Equal(locate, m.StockLocate);
            Assert.Equal(tracking, m.TrackingNumber);
            Assert.Equal(timestamp, m.Timestamp);
            Assert.Equal(Ascii(f0).PadRight(8), Ascii(m.Stock));
            Assert.Equal(f1, m.OpenEligibilityStatus);
            Assert.Equal(f2, m.MinimumAllowablePrice);
            Assert.Equal(f3, m.MaximumAllowablePrice);
            Assert.Equal(f4, m.NearExecutionPrice);
            Assert.Equal(f5, m.NearExecutionTime);
            Assert.Equal(f6, m.LowerPriceRangeCollar);
            Assert.Equal(f7, m.UpperPriceRangeCollar);
        }
    }
}
