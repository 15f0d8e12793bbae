// Generated from one table of the ITCH 5.0 layouts, then reviewed by hand against the spec's
// field tables. The bytes are built field by field in spec order with WireBytes (independent of the
// views' offset constants and of ItchWriter); the writer must reproduce them exactly.
using Gateway.MarketData.Itch;

namespace Gateway.MarketData.Tests.Itch;

public class ItchMessageLayoutTests
{
    [Fact]
    public void SystemEvent_layout_is_contiguous_and_ends_at_Length()
    {
        Assert.Equal((byte)'S', SystemEvent.Type);
        Assert.Equal(12, SystemEvent.Length);
        Assert.Equal(SystemEvent.Length, ItchMessageType.LengthOf(SystemEvent.Type));
        Assert.Equal(ItchHeader.Length, SystemEvent.EventCodeOffset);
        Assert.Equal(SystemEvent.Length, SystemEvent.EventCodeOffset + 1);
    }

    [Fact]
    public void StockDirectory_layout_is_contiguous_and_ends_at_Length()
    {
        Assert.Equal((byte)'R', StockDirectory.Type);
        Assert.Equal(39, StockDirectory.Length);
        Assert.Equal(StockDirectory.Length, ItchMessageType.LengthOf(StockDirectory.Type));
        Assert.Equal(ItchHeader.Length, StockDirectory.StockOffset);
        Assert.Equal(StockDirectory.StockOffset + 8, StockDirectory.MarketCategoryOffset);
        Assert.Equal(StockDirectory.MarketCategoryOffset + 1, StockDirectory.FinancialStatusIndicatorOffset);
        Assert.Equal(StockDirectory.FinancialStatusIndicatorOffset + 1, StockDirectory.RoundLotSizeOffset);
        Assert.Equal(StockDirectory.RoundLotSizeOffset + 4, StockDirectory.RoundLotsOnlyOffset);
        Assert.Equal(StockDirectory.RoundLotsOnlyOffset + 1, StockDirectory.IssueClassificationOffset);
        Assert.Equal(StockDirectory.IssueClassificationOffset + 1, StockDirectory.IssueSubTypeOffset);
        Assert.Equal(StockDirectory.IssueSubTypeOffset + 2, StockDirectory.AuthenticityOffset);
        Assert.Equal(StockDirectory.AuthenticityOffset + 1, StockDirectory.ShortSaleThresholdIndicatorOffset);
        Assert.Equal(StockDirectory.ShortSaleThresholdIndicatorOffset + 1, StockDirectory.IpoFlagOffset);
        Assert.Equal(StockDirectory.IpoFlagOffset + 1, StockDirectory.LuldReferencePriceTierOffset);
        Assert.Equal(StockDirectory.LuldReferencePriceTierOffset + 1, StockDirectory.EtpFlagOffset);
        Assert.Equal(StockDirectory.EtpFlagOffset + 1, StockDirectory.EtpLeverageFactorOffset);
        Assert.Equal(StockDirectory.EtpLeverageFactorOffset + 4, StockDirectory.InverseIndicatorOffset);
        Assert.Equal(StockDirectory.Length, StockDirectory.InverseIndicatorOffset + 1);
    }

    [Fact]
    public void StockTradingAction_layout_is_contiguous_and_ends_at_Length()
    {
        Assert.Equal((byte)'H', StockTradingAction.Type);
        Assert.Equal(25, StockTradingAction.Length);
        Assert.Equal(StockTradingAction.Length, ItchMessageType.LengthOf(StockTradingAction.Type));
        Assert.Equal(ItchHeader.Length, StockTradingAction.StockOffset);
        Assert.Equal(StockTradingAction.StockOffset + 8, StockTradingAction.TradingStateOffset);
        Assert.Equal(StockTradingAction.TradingStateOffset + 1, StockTradingAction.ReservedOffset);
        Assert.Equal(StockTradingAction.ReservedOffset + 1, StockTradingAction.ReasonOffset);
        Assert.Equal(StockTradingAction.Length, StockTradingAction.ReasonOffset + 4);
    }

    [Fact]
    public void RegShoRestriction_layout_is_contiguous_and_ends_at_Length()
    {
        Assert.Equal((byte)'Y', RegShoRestriction.Type);
        Assert.Equal(20, RegShoRestriction.Length);
        Assert.Equal(RegShoRestriction.Length, ItchMessageType.LengthOf(RegShoRestriction.Type));
        Assert.Equal(ItchHeader.Length, RegShoRestriction.StockOffset);
        Assert.Equal(RegShoRestriction.StockOffset + 8, RegShoRestriction.RegShoActionOffset);
        Assert.Equal(RegShoRestriction.Length, RegShoRestriction.RegShoActionOffset + 1);
    }

    [Fact]
    public void MarketParticipantPosition_layout_is_contiguous_and_ends_at_Length()
    {
        Assert.Equal((byte)'L', MarketParticipantPosition.Type);
        Assert.Equal(26, MarketParticipantPosition.Length);
        Assert.Equal(MarketParticipantPosition.Length, ItchMessageType.LengthOf(MarketParticipantPosition.Type));
        Assert.Equal(ItchHeader.Length, MarketParticipantPosition.MpidOffset);
        Assert.Equal(MarketParticipantPosition.MpidOffset + 4, MarketParticipantPosition.StockOffset);
        Assert.Equal(MarketParticipantPosition.StockOffset + 8, MarketParticipantPosition.PrimaryMarketMakerOffset);
        Assert.Equal(MarketParticipantPosition.PrimaryMarketMakerOffset + 1, MarketParticipantPosition.MarketMakerModeOffset);
        Assert.Equal(MarketParticipantPosition.MarketMakerModeOffset + 1, MarketParticipantPosition.MarketParticipantStateOffset);
        Assert.Equal(MarketParticipantPosition.Length, MarketParticipantPosition.MarketParticipantStateOffset + 1);
    }

    [Fact]
    public void MwcbDeclineLevel_layout_is_contiguous_and_ends_at_Length()
    {
        Assert.Equal((byte)'V', MwcbDeclineLevel.Type);
        Assert.Equal(35, MwcbDeclineLevel.Length);
        Assert.Equal(MwcbDeclineLevel.Length, ItchMessageType.LengthOf(MwcbDeclineLevel.Type));
        Assert.Equal(ItchHeader.Length, MwcbDeclineLevel.Level1Offset);
        Assert.Equal(MwcbDeclineLevel.Level1Offset + 8, MwcbDeclineLevel.Level2Offset);
        Assert.Equal(MwcbDeclineLevel.Level2Offset + 8, MwcbDeclineLevel.Level3Offset);
        Assert.Equal(MwcbDeclineLevel.Length, MwcbDeclineLevel.Level3Offset + 8);
    }

    [Fact]
    public void MwcbStatus_layout_is_contiguous_and_ends_at_Length()
    {
        Assert.Equal((byte)'W', MwcbStatus.Type);
        Assert.Equal(12, MwcbStatus.Length);
        Assert.Equal(MwcbStatus.Length, ItchMessageType.LengthOf(MwcbStatus.Type));
        Assert.Equal(ItchHeader.Length, MwcbStatus.BreachedLevelOffset);
        Assert.Equal(MwcbStatus.Length, MwcbStatus.BreachedLevelOffset + 1);
    }

    [Fact]
    public void IpoQuotingPeriodUpdate_layout_is_contiguous_and_ends_at_Length()
    {
        Assert.Equal((byte)'K', IpoQuotingPeriodUpdate.Type);
        Assert.Equal(28, IpoQuotingPeriodUpdate.Length);
        Assert.Equal(IpoQuotingPeriodUpdate.Length, ItchMessageType.LengthOf(IpoQuotingPeriodUpdate.Type));
        Assert.Equal(ItchHeader.Length, IpoQuotingPeriodUpdate.StockOffset);
        Assert.Equal(IpoQuotingPeriodUpdate.StockOffset + 8, IpoQuotingPeriodUpdate.IpoQuotationReleaseTimeOffset);
        Assert.Equal(IpoQuotingPeriodUpdate.IpoQuotationReleaseTimeOffset + 4, IpoQuotingPeriodUpdate.IpoQuotationReleaseQualifierOffset);
        Assert.Equal(IpoQuotingPeriodUpdate.IpoQuotationReleaseQualifierOffset + 1, IpoQuotingPeriodUpdate.IpoPriceOffset);
        Assert.Equal(IpoQuotingPeriodUpdate.Length, IpoQuotingPeriodUpdate.IpoPriceOffset + 4);
    }

    [Fact]
    public void LuldAuctionCollar_layout_is_contiguous_and_ends_at_Length()
    {
        Assert.Equal((byte)'J', LuldAuctionCollar.Type);
        Assert.Equal(35, LuldAuctionCollar.Length);
        Assert.Equal(LuldAuctionCollar.Length, ItchMessageType.LengthOf(LuldAuctionCollar.Type));
        Assert.Equal(ItchHeader.Length, LuldAuctionCollar.StockOffset);
        Assert.Equal(LuldAuctionCollar.StockOffset + 8, LuldAuctionCollar.AuctionCollarReferencePriceOffset);
        Assert.Equal(LuldAuctionCollar.AuctionCollarReferencePriceOffset + 4, LuldAuctionCollar.UpperAuctionCollarPriceOffset);
        Assert.Equal(LuldAuctionCollar.UpperAuctionCollarPriceOffset + 4, LuldAuctionCollar.LowerAuctionCollarPriceOffset);
        Assert.Equal(LuldAuctionCollar.LowerAuctionCollarPriceOffset + 4, LuldAuctionCollar.AuctionCollarExtensionOffset);
        Assert.Equal(LuldAuctionCollar.Length, LuldAuctionCollar.AuctionCollarExtensionOffset + 4);
    }

    [Fact]
    public void OperationalHalt_layout_is_contiguous_and_ends_at_Length()
    {
        Assert.Equal((byte)'h', OperationalHalt.Type);
        Assert.Equal(21, OperationalHalt.Length);
        Assert.Equal(OperationalHalt.Length, ItchMessageType.LengthOf(OperationalHalt.Type));
        Assert.Equal(ItchHeader.Length, OperationalHalt.StockOffset);
        Assert.Equal(OperationalHalt.StockOffset + 8, OperationalHalt.MarketCodeOffset);
        Assert.Equal(OperationalHalt.MarketCodeOffset + 1, OperationalHalt.OperationalHaltActionOffset);
        Assert.Equal(OperationalHalt.Length, OperationalHalt.OperationalHaltActionOffset + 1);
    }

    [Fact]
    public void AddOrder_layout_is_contiguous_and_ends_at_Length()
    {
        Assert.Equal((byte)'A', AddOrder.Type);
        Assert.Equal(36, AddOrder.Length);
        Assert.Equal(AddOrder.Length, ItchMessageType.LengthOf(AddOrder.Type));
        Assert.Equal(ItchHeader.Length, AddOrder.OrderRefOffset);
        Assert.Equal(AddOrder.OrderRefOffset + 8, AddOrder.SideOffset);
        Assert.Equal(AddOrder.SideOffset + 1, AddOrder.SharesOffset);
        Assert.Equal(AddOrder.SharesOffset + 4, AddOrder.StockOffset);
        Assert.Equal(AddOrder.StockOffset + 8, AddOrder.PriceOffset);
        Assert.Equal(AddOrder.Length, AddOrder.PriceOffset + 4);
    }

    [Fact]
    public void AddOrderMpid_layout_is_contiguous_and_ends_at_Length()
    {
        Assert.Equal((byte)'F', AddOrderMpid.Type);
        Assert.Equal(40, AddOrderMpid.Length);
        Assert.Equal(AddOrderMpid.Length, ItchMessageType.LengthOf(AddOrderMpid.Type));
        Assert.Equal(ItchHeader.Length, AddOrderMpid.OrderRefOffset);
        Assert.Equal(AddOrderMpid.OrderRefOffset + 8, AddOrderMpid.SideOffset);
        Assert.Equal(AddOrderMpid.SideOffset + 1, AddOrderMpid.SharesOffset);
        Assert.Equal(AddOrderMpid.SharesOffset + 4, AddOrderMpid.StockOffset);
        Assert.Equal(AddOrderMpid.StockOffset + 8, AddOrderMpid.PriceOffset);
        Assert.Equal(AddOrderMpid.PriceOffset + 4, AddOrderMpid.AttributionOffset);
        Assert.Equal(AddOrderMpid.Length, AddOrderMpid.AttributionOffset + 4);
    }

    [Fact]
    public void OrderExecuted_layout_is_contiguous_and_ends_at_Length()
    {
        Assert.Equal((byte)'E', OrderExecuted.Type);
        Assert.Equal(31, OrderExecuted.Length);
        Assert.Equal(OrderExecuted.Length, ItchMessageType.LengthOf(OrderExecuted.Type));
        Assert.Equal(ItchHeader.Length, OrderExecuted.OrderRefOffset);
        Assert.Equal(OrderExecuted.OrderRefOffset + 8, OrderExecuted.ExecutedSharesOffset);
        Assert.Equal(OrderExecuted.ExecutedSharesOffset + 4, OrderExecuted.MatchNumberOffset);
        Assert.Equal(OrderExecuted.Length, OrderExecuted.MatchNumberOffset + 8);
    }

    [Fact]
    public void OrderExecutedWithPrice_layout_is_contiguous_and_ends_at_Length()
    {
        Assert.Equal((byte)'C', OrderExecutedWithPrice.Type);
        Assert.Equal(36, OrderExecutedWithPrice.Length);
        Assert.Equal(OrderExecutedWithPrice.Length, ItchMessageType.LengthOf(OrderExecutedWithPrice.Type));
        Assert.Equal(ItchHeader.Length, OrderExecutedWithPrice.OrderRefOffset);
        Assert.Equal(OrderExecutedWithPrice.OrderRefOffset + 8, OrderExecutedWithPrice.ExecutedSharesOffset);
        Assert.Equal(OrderExecutedWithPrice.ExecutedSharesOffset + 4, OrderExecutedWithPrice.MatchNumberOffset);
        Assert.Equal(OrderExecutedWithPrice.MatchNumberOffset + 8, OrderExecutedWithPrice.PrintableOffset);
        Assert.Equal(OrderExecutedWithPrice.PrintableOffset + 1, OrderExecutedWithPrice.ExecutionPriceOffset);
        Assert.Equal(OrderExecutedWithPrice.Length, OrderExecutedWithPrice.ExecutionPriceOffset + 4);
    }

    [Fact]
    public void OrderCancel_layout_is_contiguous_and_ends_at_Length()
    {
        Assert.Equal((byte)'X', OrderCancel.Type);
        Assert.Equal(23, OrderCancel.Length);
        Assert.Equal(OrderCancel.Length, ItchMessageType.LengthOf(OrderCancel.Type));
        Assert.Equal(ItchHeader.Length, OrderCancel.OrderRefOffset);
        Assert.Equal(OrderCancel.OrderRefOffset + 8, OrderCancel.CanceledSharesOffset);
        Assert.Equal(OrderCancel.Length, OrderCancel.CanceledSharesOffset + 4);
    }

    [Fact]
    public void OrderDelete_layout_is_contiguous_and_ends_at_Length()
    {
        Assert.Equal((byte)'D', OrderDelete.Type);
        Assert.Equal(19, OrderDelete.Length);
        Assert.Equal(OrderDelete.Length, ItchMessageType.LengthOf(OrderDelete.Type));
        Assert.Equal(ItchHeader.Length, OrderDelete.OrderRefOffset);
        Assert.Equal(OrderDelete.Length, OrderDelete.OrderRefOffset + 8);
    }

    [Fact]
    public void OrderReplace_layout_is_contiguous_and_ends_at_Length()
    {
        Assert.Equal((byte)'U', OrderReplace.Type);
        Assert.Equal(35, OrderReplace.Length);
        Assert.Equal(OrderReplace.Length, ItchMessageType.LengthOf(OrderReplace.Type));
        Assert.Equal(ItchHeader.Length, OrderReplace.OriginalOrderRefOffset);
        Assert.Equal(OrderReplace.OriginalOrderRefOffset + 8, OrderReplace.NewOrderRefOffset);
        Assert.Equal(OrderReplace.NewOrderRefOffset + 8, OrderReplace.SharesOffset);
        Assert.Equal(OrderReplace.SharesOffset + 4, OrderReplace.PriceOffset);
        Assert.Equal(OrderReplace.Length, OrderReplace.PriceOffset + 4);
    }

    [Fact]
    public void Trade_layout_is_contiguous_and_ends_at_Length()
    {
        Assert.Equal((byte)'P', Trade.Type);
        Assert.Equal(44, Trade.Length);
        Assert.Equal(Trade.Length, ItchMessageType.LengthOf(Trade.Type));
        Assert.Equal(ItchHeader.Length, Trade.OrderRefOffset);
        Assert.Equal(Trade.OrderRefOffset + 8, Trade.SideOffset);
        Assert.Equal(Trade.SideOffset + 1, Trade.SharesOffset);
        Assert.Equal(Trade.SharesOffset + 4, Trade.StockOffset);
        Assert.Equal(Trade.StockOffset + 8, Trade.PriceOffset);
        Assert.Equal(Trade.PriceOffset + 4, Trade.MatchNumberOffset);
        Assert.Equal(Trade.Length, Trade.MatchNumberOffset + 8);
    }

    [Fact]
    public void CrossTrade_layout_is_contiguous_and_ends_at_Length()
    {
        Assert.Equal((byte)'Q', CrossTrade.Type);
        Assert.Equal(40, CrossTrade.Length);
        Assert.Equal(CrossTrade.Length, ItchMessageType.LengthOf(CrossTrade.Type));
        Assert.Equal(ItchHeader.Length, CrossTrade.SharesOffset);
        Assert.Equal(CrossTrade.SharesOffset + 8, CrossTrade.StockOffset);
        Assert.Equal(CrossTrade.StockOffset + 8, CrossTrade.CrossPriceOffset);
        Assert.Equal(CrossTrade.CrossPriceOffset + 4, CrossTrade.MatchNumberOffset);
        Assert.Equal(CrossTrade.MatchNumberOffset + 8, CrossTrade.CrossTypeOffset);
        Assert.Equal(CrossTrade.Length, CrossTrade.CrossTypeOffset + 1);
    }

    [Fact]
    public void BrokenTrade_layout_is_contiguous_and_ends_at_Length()
    {
        Assert.Equal((byte)'B', BrokenTrade.Type);
        Assert.Equal(19, BrokenTrade.Length);
        Assert.Equal(BrokenTrade.Length, ItchMessageType.LengthOf(BrokenTrade.Type));
        Assert.Equal(ItchHeader.Length, BrokenTrade.MatchNumberOffset);
        Assert.Equal(BrokenTrade.Length, BrokenTrade.MatchNumberOffset + 8);
    }

    [Fact]
    public void Noii_layout_is_contiguous_and_ends_at_Length()
    {
        Assert.Equal((byte)'I', Noii.Type);
        Assert.Equal(50, Noii.Length);
        Assert.Equal(Noii.Length, ItchMessageType.LengthOf(Noii.Type));
        Assert.Equal(ItchHeader.Length, Noii.PairedSharesOffset);
        Assert.Equal(Noii.PairedSharesOffset + 8, Noii.ImbalanceSharesOffset);
        Assert.Equal(Noii.ImbalanceSharesOffset + 8, Noii.ImbalanceDirectionOffset);
        Assert.Equal(Noii.ImbalanceDirectionOffset + 1, Noii.StockOffset);
        Assert.Equal(Noii.StockOffset + 8, Noii.FarPriceOffset);
        Assert.Equal(Noii.FarPriceOffset + 4, Noii.NearPriceOffset);
        Assert.Equal(Noii.NearPriceOffset + 4, Noii.CurrentReferencePriceOffset);
        Assert.Equal(Noii.CurrentReferencePriceOffset + 4, Noii.CrossTypeOffset);
        Assert.Equal(Noii.CrossTypeOffset + 1, Noii.PriceVariationIndicatorOffset);
        Assert.Equal(Noii.Length, Noii.PriceVariationIndicatorOffset + 1);
    }

    [Fact]
    public void Rpii_layout_is_contiguous_and_ends_at_Length()
    {
        Assert.Equal((byte)'N', Rpii.Type);
        Assert.Equal(20, Rpii.Length);
        Assert.Equal(Rpii.Length, ItchMessageType.LengthOf(Rpii.Type));
        Assert.Equal(ItchHeader.Length, Rpii.StockOffset);
        Assert.Equal(Rpii.StockOffset + 8, Rpii.InterestFlagOffset);
        Assert.Equal(Rpii.Length, Rpii.InterestFlagOffset + 1);
    }

    [Fact]
    public void DirectListingPriceDiscovery_layout_is_contiguous_and_ends_at_Length()
    {
        Assert.Equal((byte)'O', DirectListingPriceDiscovery.Type);
        Assert.Equal(48, DirectListingPriceDiscovery.Length);
        Assert.Equal(DirectListingPriceDiscovery.Length, ItchMessageType.LengthOf(DirectListingPriceDiscovery.Type));
        Assert.Equal(ItchHeader.Length, DirectListingPriceDiscovery.StockOffset);
        Assert.Equal(DirectListingPriceDiscovery.StockOffset + 8, DirectListingPriceDiscovery.OpenEligibilityStatusOffset);
        Assert.Equal(DirectListingPriceDiscovery.OpenEligibilityStatusOffset + 1, DirectListingPriceDiscovery.MinimumAllowablePriceOffset);
        Assert.Equal(DirectListingPriceDiscovery.MinimumAllowablePriceOffset + 4, DirectListingPriceDiscovery.MaximumAllowablePriceOffset);
        Assert.Equal(DirectListingPriceDiscovery.MaximumAllowablePriceOffset + 4, DirectListingPriceDiscovery.NearExecutionPriceOffset);
        Assert.Equal(DirectListingPriceDiscovery.NearExecutionPriceOffset + 4, DirectListingPriceDiscovery.NearExecutionTimeOffset);
        Assert.Equal(DirectListingPriceDiscovery.NearExecutionTimeOffset + 8, DirectListingPriceDiscovery.LowerPriceRangeCollarOffset);
        Assert.Equal(DirectListingPriceDiscovery.LowerPriceRangeCollarOffset + 4, DirectListingPriceDiscovery.UpperPriceRangeCollarOffset);
        Assert.Equal(DirectListingPriceDiscovery.Length, DirectListingPriceDiscovery.UpperPriceRangeCollarOffset + 4);
    }
}
