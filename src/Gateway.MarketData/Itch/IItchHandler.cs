namespace Gateway.MarketData.Itch;

/// <summary>
/// Receives decoded ITCH 5.0 messages from <see cref="ItchDecoder.Decode{T}"/>. Implement it on a struct
/// so the dispatch is devirtualised and inlined per handler type. The views are ref structs passed by
/// value (a span and nothing else): they are valid only for the duration of the call.
/// </summary>
public interface IItchHandler
{
    void OnSystemEvent(SystemEvent message);

    void OnStockDirectory(StockDirectory message);

    void OnStockTradingAction(StockTradingAction message);

    void OnRegShoRestriction(RegShoRestriction message);

    void OnMarketParticipantPosition(MarketParticipantPosition message);

    void OnMwcbDeclineLevel(MwcbDeclineLevel message);

    void OnMwcbStatus(MwcbStatus message);

    void OnIpoQuotingPeriodUpdate(IpoQuotingPeriodUpdate message);

    void OnLuldAuctionCollar(LuldAuctionCollar message);

    void OnOperationalHalt(OperationalHalt message);

    void OnAddOrder(AddOrder message);

    void OnAddOrderMpid(AddOrderMpid message);

    void OnOrderExecuted(OrderExecuted message);

    void OnOrderExecutedWithPrice(OrderExecutedWithPrice message);

    void OnOrderCancel(OrderCancel message);

    void OnOrderDelete(OrderDelete message);

    void OnOrderReplace(OrderReplace message);

    void OnTrade(Trade message);

    void OnCrossTrade(CrossTrade message);

    void OnBrokenTrade(BrokenTrade message);

    void OnNoii(Noii message);

    void OnRpii(Rpii message);

    void OnDirectListingPriceDiscovery(DirectListingPriceDiscovery message);
}
