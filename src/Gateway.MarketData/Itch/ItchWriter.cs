using System.Buffers.Binary;

namespace Gateway.MarketData.Itch;

/// <summary>
/// Encodes ITCH 5.0 messages (no framing) for tests and the synthetic capture generator. Each method
/// writes exactly the message's Length bytes at the start of <c>destination</c> and returns that
/// count; a destination too short, an alpha value too long or a timestamp over 48 bits throws.
/// Alpha values shorter than their field are padded with spaces.
/// </summary>
public static class ItchWriter
{
    private static Span<byte> Header(
        Span<byte> destination, byte type, int length, StockLocate stockLocate, ushort trackingNumber, ulong timestamp)
    {
        if (destination.Length < length)
        {
            Gateway.Core.ThrowHelper.ArgumentOutOfRange(nameof(destination), "destination is shorter than the message");
        }

        Span<byte> d = destination[..length];
        d[ItchHeader.MessageTypeOffset] = type;
        BinaryPrimitives.WriteUInt16BigEndian(d.Slice(ItchHeader.StockLocateOffset), stockLocate.Value);
        BinaryPrimitives.WriteUInt16BigEndian(d.Slice(ItchHeader.TrackingNumberOffset), trackingNumber);
        ItchHeader.WriteTimestamp(d, timestamp);
        return d;
    }

    /// <summary>Writes a 'S' message; returns SystemEvent.Length.</summary>
    public static int WriteSystemEvent(
        Span<byte> destination,
        StockLocate stockLocate,
        ushort trackingNumber,
        ulong timestamp,
        byte eventCode)
    {
        Span<byte> d = Header(destination, SystemEvent.Type, SystemEvent.Length, stockLocate, trackingNumber, timestamp);
        d[SystemEvent.EventCodeOffset] = eventCode;
        return SystemEvent.Length;
    }

    /// <summary>Writes a 'R' message; returns StockDirectory.Length.</summary>
    public static int WriteStockDirectory(
        Span<byte> destination,
        StockLocate stockLocate,
        ushort trackingNumber,
        ulong timestamp,
        ReadOnlySpan<byte> stock,
        byte marketCategory,
        byte financialStatusIndicator,
        uint roundLotSize,
        byte roundLotsOnly,
        byte issueClassification,
        ReadOnlySpan<byte> issueSubType,
        byte authenticity,
        byte shortSaleThresholdIndicator,
        byte ipoFlag,
        byte luldReferencePriceTier,
        byte etpFlag,
        uint etpLeverageFactor,
        byte inverseIndicator)
    {
        Span<byte> d = Header(destination, StockDirectory.Type, StockDirectory.Length, stockLocate, trackingNumber, timestamp);
        ItchAlpha.WritePadded(d.Slice(StockDirectory.StockOffset, 8), stock);
        d[StockDirectory.MarketCategoryOffset] = marketCategory;
        d[StockDirectory.FinancialStatusIndicatorOffset] = financialStatusIndicator;
        BinaryPrimitives.WriteUInt32BigEndian(d.Slice(StockDirectory.RoundLotSizeOffset), roundLotSize);
        d[StockDirectory.RoundLotsOnlyOffset] = roundLotsOnly;
        d[StockDirectory.IssueClassificationOffset] = issueClassification;
        ItchAlpha.WritePadded(d.Slice(StockDirectory.IssueSubTypeOffset, 2), issueSubType);
        d[StockDirectory.AuthenticityOffset] = authenticity;
        d[StockDirectory.ShortSaleThresholdIndicatorOffset] = shortSaleThresholdIndicator;
        d[StockDirectory.IpoFlagOffset] = ipoFlag;
        d[StockDirectory.LuldReferencePriceTierOffset] = luldReferencePriceTier;
        d[StockDirectory.EtpFlagOffset] = etpFlag;
        BinaryPrimitives.WriteUInt32BigEndian(d.Slice(StockDirectory.EtpLeverageFactorOffset), etpLeverageFactor);
        d[StockDirectory.InverseIndicatorOffset] = inverseIndicator;
        return StockDirectory.Length;
    }

    /// <summary>Writes a 'H' message; returns StockTradingAction.Length.</summary>
    public static int WriteStockTradingAction(
        Span<byte> destination,
        StockLocate stockLocate,
        ushort trackingNumber,
        ulong timestamp,
        ReadOnlySpan<byte> stock,
        byte tradingState,
        byte reserved,
        ReadOnlySpan<byte> reason)
    {
        Span<byte> d = Header(destination, StockTradingAction.Type, StockTradingAction.Length, stockLocate, trackingNumber, timestamp);
        ItchAlpha.WritePadded(d.Slice(StockTradingAction.StockOffset, 8), stock);
        d[StockTradingAction.TradingStateOffset] = tradingState;
        d[StockTradingAction.ReservedOffset] = reserved;
        ItchAlpha.WritePadded(d.Slice(StockTradingAction.ReasonOffset, 4), reason);
        return StockTradingAction.Length;
    }

    /// <summary>Writes a 'Y' message; returns RegShoRestriction.Length.</summary>
    public static int WriteRegShoRestriction(
        Span<byte> destination,
        StockLocate stockLocate,
        ushort trackingNumber,
        ulong timestamp,
        ReadOnlySpan<byte> stock,
        byte regShoAction)
    {
        Span<byte> d = Header(destination, RegShoRestriction.Type, RegShoRestriction.Length, stockLocate, trackingNumber, timestamp);
        ItchAlpha.WritePadded(d.Slice(RegShoRestriction.StockOffset, 8), stock);
        d[RegShoRestriction.RegShoActionOffset] = regShoAction;
        return RegShoRestriction.Length;
    }

    /// <summary>Writes a 'L' message; returns MarketParticipantPosition.Length.</summary>
    public static int WriteMarketParticipantPosition(
        Span<byte> destination,
        StockLocate stockLocate,
        ushort trackingNumber,
        ulong timestamp,
        ReadOnlySpan<byte> mpid,
        ReadOnlySpan<byte> stock,
        byte primaryMarketMaker,
        byte marketMakerMode,
        byte marketParticipantState)
    {
        Span<byte> d = Header(destination, MarketParticipantPosition.Type, MarketParticipantPosition.Length, stockLocate, trackingNumber, timestamp);
        ItchAlpha.WritePadded(d.Slice(MarketParticipantPosition.MpidOffset, 4), mpid);
        ItchAlpha.WritePadded(d.Slice(MarketParticipantPosition.StockOffset, 8), stock);
        d[MarketParticipantPosition.PrimaryMarketMakerOffset] = primaryMarketMaker;
        d[MarketParticipantPosition.MarketMakerModeOffset] = marketMakerMode;
        d[MarketParticipantPosition.MarketParticipantStateOffset] = marketParticipantState;
        return MarketParticipantPosition.Length;
    }

    /// <summary>Writes a 'V' message; returns MwcbDeclineLevel.Length.</summary>
    public static int WriteMwcbDeclineLevel(
        Span<byte> destination,
        StockLocate stockLocate,
        ushort trackingNumber,
        ulong timestamp,
        Price8 level1,
        Price8 level2,
        Price8 level3)
    {
        Span<byte> d = Header(destination, MwcbDeclineLevel.Type, MwcbDeclineLevel.Length, stockLocate, trackingNumber, timestamp);
        BinaryPrimitives.WriteUInt64BigEndian(d.Slice(MwcbDeclineLevel.Level1Offset), level1.Raw);
        BinaryPrimitives.WriteUInt64BigEndian(d.Slice(MwcbDeclineLevel.Level2Offset), level2.Raw);
        BinaryPrimitives.WriteUInt64BigEndian(d.Slice(MwcbDeclineLevel.Level3Offset), level3.Raw);
        return MwcbDeclineLevel.Length;
    }

    /// <summary>Writes a 'W' message; returns MwcbStatus.Length.</summary>
    public static int WriteMwcbStatus(
        Span<byte> destination,
        StockLocate stockLocate,
        ushort trackingNumber,
        ulong timestamp,
        byte breachedLevel)
    {
        Span<byte> d = Header(destination, MwcbStatus.Type, MwcbStatus.Length, stockLocate, trackingNumber, timestamp);
        d[MwcbStatus.BreachedLevelOffset] = breachedLevel;
        return MwcbStatus.Length;
    }

    /// <summary>Writes a 'K' message; returns IpoQuotingPeriodUpdate.Length.</summary>
    public static int WriteIpoQuotingPeriodUpdate(
        Span<byte> destination,
        StockLocate stockLocate,
        ushort trackingNumber,
        ulong timestamp,
        ReadOnlySpan<byte> stock,
        uint ipoQuotationReleaseTime,
        byte ipoQuotationReleaseQualifier,
        Price4 ipoPrice)
    {
        Span<byte> d = Header(destination, IpoQuotingPeriodUpdate.Type, IpoQuotingPeriodUpdate.Length, stockLocate, trackingNumber, timestamp);
        ItchAlpha.WritePadded(d.Slice(IpoQuotingPeriodUpdate.StockOffset, 8), stock);
        BinaryPrimitives.WriteUInt32BigEndian(d.Slice(IpoQuotingPeriodUpdate.IpoQuotationReleaseTimeOffset), ipoQuotationReleaseTime);
        d[IpoQuotingPeriodUpdate.IpoQuotationReleaseQualifierOffset] = ipoQuotationReleaseQualifier;
        BinaryPrimitives.WriteUInt32BigEndian(d.Slice(IpoQuotingPeriodUpdate.IpoPriceOffset), ipoPrice.Raw);
        return IpoQuotingPeriodUpdate.Length;
    }

    /// <summary>Writes a 'J' message; returns LuldAuctionCollar.Length.</summary>
    public static int WriteLuldAuctionCollar(
        Span<byte> destination,
        StockLocate stockLocate,
        ushort trackingNumber,
        ulong timestamp,
        ReadOnlySpan<byte> stock,
        Price4 auctionCollarReferencePrice,
        Price4 upperAuctionCollarPrice,
        Price4 lowerAuctionCollarPrice,
        uint auctionCollarExtension)
    {
        Span<byte> d = Header(destination, LuldAuctionCollar.Type, LuldAuctionCollar.Length, stockLocate, trackingNumber, timestamp);
        ItchAlpha.WritePadded(d.Slice(LuldAuctionCollar.StockOffset, 8), stock);
        BinaryPrimitives.WriteUInt32BigEndian(d.Slice(LuldAuctionCollar.AuctionCollarReferencePriceOffset), auctionCollarReferencePrice.Raw);
        BinaryPrimitives.WriteUInt32BigEndian(d.Slice(LuldAuctionCollar.UpperAuctionCollarPriceOffset), upperAuctionCollarPrice.Raw);
        BinaryPrimitives.WriteUInt32BigEndian(d.Slice(LuldAuctionCollar.LowerAuctionCollarPriceOffset), lowerAuctionCollarPrice.Raw);
        BinaryPrimitives.WriteUInt32BigEndian(d.Slice(LuldAuctionCollar.AuctionCollarExtensionOffset), auctionCollarExtension);
        return LuldAuctionCollar.Length;
    }

    /// <summary>Writes a 'h' message; returns OperationalHalt.Length.</summary>
    public static int WriteOperationalHalt(
        Span<byte> destination,
        StockLocate stockLocate,
        ushort trackingNumber,
        ulong timestamp,
        ReadOnlySpan<byte> stock,
        byte marketCode,
        byte operationalHaltAction)
    {
        Span<byte> d = Header(destination, OperationalHalt.Type, OperationalHalt.Length, stockLocate, trackingNumber, timestamp);
        ItchAlpha.WritePadded(d.Slice(OperationalHalt.StockOffset, 8), stock);
        d[OperationalHalt.MarketCodeOffset] = marketCode;
        d[OperationalHalt.OperationalHaltActionOffset] = operationalHaltAction;
        return OperationalHalt.Length;
    }

    /// <summary>Writes a 'A' message; returns AddOrder.Length.</summary>
    public static int WriteAddOrder(
        Span<byte> destination,
        StockLocate stockLocate,
        ushort trackingNumber,
        ulong timestamp,
        OrderRef orderRef,
        ItchSide side,
        uint shares,
        ReadOnlySpan<byte> stock,
        Price4 price)
    {
        Span<byte> d = Header(destination, AddOrder.Type, AddOrder.Length, stockLocate, trackingNumber, timestamp);
        BinaryPrimitives.WriteUInt64BigEndian(d.Slice(AddOrder.OrderRefOffset), orderRef.Value);
        d[AddOrder.SideOffset] = (byte)side;
        BinaryPrimitives.WriteUInt32BigEndian(d.Slice(AddOrder.SharesOffset), shares);
        ItchAlpha.WritePadded(d.Slice(AddOrder.StockOffset, 8), stock);
        BinaryPrimitives.WriteUInt32BigEndian(d.Slice(AddOrder.PriceOffset), price.Raw);
        return AddOrder.Length;
    }

    /// <summary>Writes a 'F' message; returns AddOrderMpid.Length.</summary>
    public static int WriteAddOrderMpid(
        Span<byte> destination,
        StockLocate stockLocate,
        ushort trackingNumber,
        ulong timestamp,
        OrderRef orderRef,
        ItchSide side,
        uint shares,
        ReadOnlySpan<byte> stock,
        Price4 price,
        ReadOnlySpan<byte> attribution)
    {
        Span<byte> d = Header(destination, AddOrderMpid.Type, AddOrderMpid.Length, stockLocate, trackingNumber, timestamp);
        BinaryPrimitives.WriteUInt64BigEndian(d.Slice(AddOrderMpid.OrderRefOffset), orderRef.Value);
        d[AddOrderMpid.SideOffset] = (byte)side;
        BinaryPrimitives.WriteUInt32BigEndian(d.Slice(AddOrderMpid.SharesOffset), shares);
        ItchAlpha.WritePadded(d.Slice(AddOrderMpid.StockOffset, 8), stock);
        BinaryPrimitives.WriteUInt32BigEndian(d.Slice(AddOrderMpid.PriceOffset), price.Raw);
        ItchAlpha.WritePadded(d.Slice(AddOrderMpid.AttributionOffset, 4), attribution);
        return AddOrderMpid.Length;
    }

    /// <summary>Writes a 'E' message; returns OrderExecuted.Length.</summary>
    public static int WriteOrderExecuted(
        Span<byte> destination,
        StockLocate stockLocate,
        ushort trackingNumber,
        ulong timestamp,
        OrderRef orderRef,
        uint executedShares,
        ulong matchNumber)
    {
        Span<byte> d = Header(destination, OrderExecuted.Type, OrderExecuted.Length, stockLocate, trackingNumber, timestamp);
        BinaryPrimitives.WriteUInt64BigEndian(d.Slice(OrderExecuted.OrderRefOffset), orderRef.Value);
        BinaryPrimitives.WriteUInt32BigEndian(d.Slice(OrderExecuted.ExecutedSharesOffset), executedShares);
        BinaryPrimitives.WriteUInt64BigEndian(d.Slice(OrderExecuted.MatchNumberOffset), matchNumber);
        return OrderExecuted.Length;
    }

    /// <summary>Writes a 'C' message; returns OrderExecutedWithPrice.Length.</summary>
    public static int WriteOrderExecutedWithPrice(
        Span<byte> destination,
        StockLocate stockLocate,
        ushort trackingNumber,
        ulong timestamp,
        OrderRef orderRef,
        uint executedShares,
        ulong matchNumber,
        byte printable,
        Price4 executionPrice)
    {
        Span<byte> d = Header(destination, OrderExecutedWithPrice.Type, OrderExecutedWithPrice.Length, stockLocate, trackingNumber, timestamp);
        BinaryPrimitives.WriteUInt64BigEndian(d.Slice(OrderExecutedWithPrice.OrderRefOffset), orderRef.Value);
        BinaryPrimitives.WriteUInt32BigEndian(d.Slice(OrderExecutedWithPrice.ExecutedSharesOffset), executedShares);
        BinaryPrimitives.WriteUInt64BigEndian(d.Slice(OrderExecutedWithPrice.MatchNumberOffset), matchNumber);
        d[OrderExecutedWithPrice.PrintableOffset] = printable;
        BinaryPrimitives.WriteUInt32BigEndian(d.Slice(OrderExecutedWithPrice.ExecutionPriceOffset), executionPrice.Raw);
        return OrderExecutedWithPrice.Length;
    }

    /// <summary>Writes a 'X' message; returns OrderCancel.Length.</summary>
    public static int WriteOrderCancel(
        Span<byte> destination,
        StockLocate stockLocate,
        ushort trackingNumber,
        ulong timestamp,
        OrderRef orderRef,
        uint canceledShares)
    {
        Span<byte> d = Header(destination, OrderCancel.Type, OrderCancel.Length, stockLocate, trackingNumber, timestamp);
        BinaryPrimitives.WriteUInt64BigEndian(d.Slice(OrderCancel.OrderRefOffset), orderRef.Value);
        BinaryPrimitives.WriteUInt32BigEndian(d.Slice(OrderCancel.CanceledSharesOffset), canceledShares);
        return OrderCancel.Length;
    }

    /// <summary>Writes a 'D' message; returns OrderDelete.Length.</summary>
    public static int WriteOrderDelete(
        Span<byte> destination,
        StockLocate stockLocate,
        ushort trackingNumber,
        ulong timestamp,
        OrderRef orderRef)
    {
        Span<byte> d = Header(destination, OrderDelete.Type, OrderDelete.Length, stockLocate, trackingNumber, timestamp);
        BinaryPrimitives.WriteUInt64BigEndian(d.Slice(OrderDelete.OrderRefOffset), orderRef.Value);
        return OrderDelete.Length;
    }

    /// <summary>Writes a 'U' message; returns OrderReplace.Length.</summary>
    public static int WriteOrderReplace(
        Span<byte> destination,
        StockLocate stockLocate,
        ushort trackingNumber,
        ulong timestamp,
        OrderRef originalOrderRef,
        OrderRef newOrderRef,
        uint shares,
        Price4 price)
    {
        Span<byte> d = Header(destination, OrderReplace.Type, OrderReplace.Length, stockLocate, trackingNumber, timestamp);
        BinaryPrimitives.WriteUInt64BigEndian(d.Slice(OrderReplace.OriginalOrderRefOffset), originalOrderRef.Value);
        BinaryPrimitives.WriteUInt64BigEndian(d.Slice(OrderReplace.NewOrderRefOffset), newOrderRef.Value);
        BinaryPrimitives.WriteUInt32BigEndian(d.Slice(OrderReplace.SharesOffset), shares);
        BinaryPrimitives.WriteUInt32BigEndian(d.Slice(OrderReplace.PriceOffset), price.Raw);
        return OrderReplace.Length;
    }

    /// <summary>Writes a 'P' message; returns Trade.Length.</summary>
    public static int WriteTrade(
        Span<byte> destination,
        StockLocate stockLocate,
        ushort trackingNumber,
        ulong timestamp,
        OrderRef orderRef,
        ItchSide side,
        uint shares,
        ReadOnlySpan<byte> stock,
        Price4 price,
        ulong matchNumber)
    {
        Span<byte> d = Header(destination, Trade.Type, Trade.Length, stockLocate, trackingNumber, timestamp);
        BinaryPrimitives.WriteUInt64BigEndian(d.Slice(Trade.OrderRefOffset), orderRef.Value);
        d[Trade.SideOffset] = (byte)side;
        BinaryPrimitives.WriteUInt32BigEndian(d.Slice(Trade.SharesOffset), shares);
        ItchAlpha.WritePadded(d.Slice(Trade.StockOffset, 8), stock);
        BinaryPrimitives.WriteUInt32BigEndian(d.Slice(Trade.PriceOffset), price.Raw);
        BinaryPrimitives.WriteUInt64BigEndian(d.Slice(Trade.MatchNumberOffset), matchNumber);
        return Trade.Length;
    }

    /// <summary>Writes a 'Q' message; returns CrossTrade.Length.</summary>
    public static int WriteCrossTrade(
        Span<byte> destination,
        StockLocate stockLocate,
        ushort trackingNumber,
        ulong timestamp,
        ulong shares,
        ReadOnlySpan<byte> stock,
        Price4 crossPrice,
        ulong matchNumber,
        byte crossType)
    {
        Span<byte> d = Header(destination, CrossTrade.Type, CrossTrade.Length, stockLocate, trackingNumber, timestamp);
        BinaryPrimitives.WriteUInt64BigEndian(d.Slice(CrossTrade.SharesOffset), shares);
        ItchAlpha.WritePadded(d.Slice(CrossTrade.StockOffset, 8), stock);
        BinaryPrimitives.WriteUInt32BigEndian(d.Slice(CrossTrade.CrossPriceOffset), crossPrice.Raw);
        BinaryPrimitives.WriteUInt64BigEndian(d.Slice(CrossTrade.MatchNumberOffset), matchNumber);
        d[CrossTrade.CrossTypeOffset] = crossType;
        return CrossTrade.Length;
    }

    /// <summary>Writes a 'B' message; returns BrokenTrade.Length.</summary>
    public static int WriteBrokenTrade(
        Span<byte> destination,
        StockLocate stockLocate,
        ushort trackingNumber,
        ulong timestamp,
        ulong matchNumber)
    {
        Span<byte> d = Header(destination, BrokenTrade.Type, BrokenTrade.Length, stockLocate, trackingNumber, timestamp);
        BinaryPrimitives.WriteUInt64BigEndian(d.Slice(BrokenTrade.MatchNumberOffset), matchNumber);
        return BrokenTrade.Length;
    }

    /// <summary>Writes a 'I' message; returns Noii.Length.</summary>
    public static int WriteNoii(
        Span<byte> destination,
        StockLocate stockLocate,
        ushort trackingNumber,
        ulong timestamp,
        ulong pairedShares,
        ulong imbalanceShares,
        byte imbalanceDirection,
        ReadOnlySpan<byte> stock,
        Price4 farPrice,
        Price4 nearPrice,
        Price4 currentReferencePrice,
        byte crossType,
        byte priceVariationIndicator)
    {
        Span<byte> d = Header(destination, Noii.Type, Noii.Length, stockLocate, trackingNumber, timestamp);
        BinaryPrimitives.WriteUInt64BigEndian(d.Slice(Noii.PairedSharesOffset), pairedShares);
        BinaryPrimitives.WriteUInt64BigEndian(d.Slice(Noii.ImbalanceSharesOffset), imbalanceShares);
        d[Noii.ImbalanceDirectionOffset] = imbalanceDirection;
        ItchAlpha.WritePadded(d.Slice(Noii.StockOffset, 8), stock);
        BinaryPrimitives.WriteUInt32BigEndian(d.Slice(Noii.FarPriceOffset), farPrice.Raw);
        BinaryPrimitives.WriteUInt32BigEndian(d.Slice(Noii.NearPriceOffset), nearPrice.Raw);
        BinaryPrimitives.WriteUInt32BigEndian(d.Slice(Noii.CurrentReferencePriceOffset), currentReferencePrice.Raw);
        d[Noii.CrossTypeOffset] = crossType;
        d[Noii.PriceVariationIndicatorOffset] = priceVariationIndicator;
        return Noii.Length;
    }

    /// <summary>Writes a 'N' message; returns Rpii.Length.</summary>
    public static int WriteRpii(
        Span<byte> destination,
        StockLocate stockLocate,
        ushort trackingNumber,
        ulong timestamp,
        ReadOnlySpan<byte> stock,
        byte interestFlag)
    {
        Span<byte> d = Header(destination, Rpii.Type, Rpii.Length, stockLocate, trackingNumber, timestamp);
        ItchAlpha.WritePadded(d.Slice(Rpii.StockOffset, 8), stock);
        d[Rpii.InterestFlagOffset] = interestFlag;
        return Rpii.Length;
    }

    /// <summary>Writes a 'O' message; returns DirectListingPriceDiscovery.Length.</summary>
    public static int WriteDirectListingPriceDiscovery(
        Span<byte> destination,
        StockLocate stockLocate,
        ushort trackingNumber,
        ulong timestamp,
        ReadOnlySpan<byte> stock,
        byte openEligibilityStatus,
        Price4 minimumAllowablePrice,
        Price4 maximumAllowablePrice,
        Price4 nearExecutionPrice,
        ulong nearExecutionTime,
        Price4 lowerPriceRangeCollar,
        Price4 upperPriceRangeCollar)
    {
        Span<byte> d = Header(destination, DirectListingPriceDiscovery.Type, DirectListingPriceDiscovery.Length, stockLocate, trackingNumber, timestamp);
        ItchAlpha.WritePadded(d.Slice(DirectListingPriceDiscovery.StockOffset, 8), stock);
        d[DirectListingPriceDiscovery.OpenEligibilityStatusOffset] = openEligibilityStatus;
        BinaryPrimitives.WriteUInt32BigEndian(d.Slice(DirectListingPriceDiscovery.MinimumAllowablePriceOffset), minimumAllowablePrice.Raw);
        BinaryPrimitives.WriteUInt32BigEndian(d.Slice(DirectListingPriceDiscovery.MaximumAllowablePriceOffset), maximumAllowablePrice.Raw);
        BinaryPrimitives.WriteUInt32BigEndian(d.Slice(DirectListingPriceDiscovery.NearExecutionPriceOffset), nearExecutionPrice.Raw);
        BinaryPrimitives.WriteUInt64BigEndian(d.Slice(DirectListingPriceDiscovery.NearExecutionTimeOffset), nearExecutionTime);
        BinaryPrimitives.WriteUInt32BigEndian(d.Slice(DirectListingPriceDiscovery.LowerPriceRangeCollarOffset), lowerPriceRangeCollar.Raw);
        BinaryPrimitives.WriteUInt32BigEndian(d.Slice(DirectListingPriceDiscovery.UpperPriceRangeCollarOffset), upperPriceRangeCollar.Raw);
        return DirectListingPriceDiscovery.Length;
    }
}
