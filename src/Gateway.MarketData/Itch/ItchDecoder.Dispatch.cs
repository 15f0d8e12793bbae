namespace Gateway.MarketData.Itch;

public static partial class ItchDecoder
{
    // Only reached after the type and exact length were checked, so every view's slice is in range.
    private static void Dispatch<T>(byte type, ReadOnlySpan<byte> message, ref T handler)
        where T : struct, IItchHandler
    {
        switch (type)
        {
            case ItchMessageType.SystemEvent:
                handler.OnSystemEvent(new SystemEvent(message));
                break;
            case ItchMessageType.StockDirectory:
                handler.OnStockDirectory(new StockDirectory(message));
                break;
            case ItchMessageType.StockTradingAction:
                handler.OnStockTradingAction(new StockTradingAction(message));
                break;
            case ItchMessageType.RegShoRestriction:
                handler.OnRegShoRestriction(new RegShoRestriction(message));
                break;
            case ItchMessageType.MarketParticipantPosition:
                handler.OnMarketParticipantPosition(new MarketParticipantPosition(message));
                break;
            case ItchMessageType.MwcbDeclineLevel:
                handler.OnMwcbDeclineLevel(new MwcbDeclineLevel(message));
                break;
            case ItchMessageType.MwcbStatus:
                handler.OnMwcbStatus(new MwcbStatus(message));
                break;
            case ItchMessageType.IpoQuotingPeriodUpdate:
                handler.OnIpoQuotingPeriodUpdate(new IpoQuotingPeriodUpdate(message));
                break;
            case ItchMessageType.LuldAuctionCollar:
                handler.OnLuldAuctionCollar(new LuldAuctionCollar(message));
                break;
            case ItchMessageType.OperationalHalt:
                handler.OnOperationalHalt(new OperationalHalt(message));
                break;
            case ItchMessageType.AddOrder:
                handler.OnAddOrder(new AddOrder(message));
                break;
            case ItchMessageType.AddOrderMpid:
                handler.OnAddOrderMpid(new AddOrderMpid(message));
                break;
            case ItchMessageType.OrderExecuted:
                handler.OnOrderExecuted(new OrderExecuted(message));
                break;
            case ItchMessageType.OrderExecutedWithPrice:
                handler.OnOrderExecutedWithPrice(new OrderExecutedWithPrice(message));
                break;
            case ItchMessageType.OrderCancel:
                handler.OnOrderCancel(new OrderCancel(message));
                break;
            case ItchMessageType.OrderDelete:
                handler.OnOrderDelete(new OrderDelete(message));
                break;
            case ItchMessageType.OrderReplace:
                handler.OnOrderReplace(new OrderReplace(message));
                break;
            case ItchMessageType.Trade:
                handler.OnTrade(new Trade(message));
                break;
            case ItchMessageType.CrossTrade:
                handler.OnCrossTrade(new CrossTrade(message));
                break;
            case ItchMessageType.BrokenTrade:
                handler.OnBrokenTrade(new BrokenTrade(message));
                break;
            case ItchMessageType.Noii:
                handler.OnNoii(new Noii(message));
                break;
            case ItchMessageType.Rpii:
                handler.OnRpii(new Rpii(message));
                break;
            case ItchMessageType.DirectListingPriceDiscovery:
                handler.OnDirectListingPriceDiscovery(new DirectListingPriceDiscovery(message));
                break;
        }
    }
}
