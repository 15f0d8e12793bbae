using Gateway.MarketData.Itch;

namespace Gateway.MarketData.Tests.Itch;

/// <summary>Remembers which method ran last and on what type (allocates nothing: nameof is a literal).</summary>
internal struct RecordingHandler : IItchHandler
{
    public int Calls;
    public string? LastMethod;
    public byte LastType;

    private void Record(string method, byte type)
    {
        Calls++;
        LastMethod = method;
        LastType = type;
    }

    public void OnSystemEvent(SystemEvent message) => Record(nameof(OnSystemEvent), message.MessageType);

    public void OnStockDirectory(StockDirectory message) => Record(nameof(OnStockDirectory), message.MessageType);

    public void OnStockTradingAction(StockTradingAction message) => Record(nameof(OnStockTradingAction), message.MessageType);

    public void OnRegShoRestriction(RegShoRestriction message) => Record(nameof(OnRegShoRestriction), message.MessageType);

    public void OnMarketParticipantPosition(MarketParticipantPosition message) => Record(nameof(OnMarketParticipantPosition), message.MessageType);

    public void OnMwcbDeclineLevel(MwcbDeclineLevel message) => Record(nameof(OnMwcbDeclineLevel), message.MessageType);

    public void OnMwcbStatus(MwcbStatus message) => Record(nameof(OnMwcbStatus), message.MessageType);

    public void OnIpoQuotingPeriodUpdate(IpoQuotingPeriodUpdate message) => Record(nameof(OnIpoQuotingPeriodUpdate), message.MessageType);

    public void OnLuldAuctionCollar(LuldAuctionCollar message) => Record(nameof(OnLuldAuctionCollar), message.MessageType);

    public void OnOperationalHalt(OperationalHalt message) => Record(nameof(OnOperationalHalt), message.MessageType);

    public void OnAddOrder(AddOrder message) => Record(nameof(OnAddOrder), message.MessageType);

    public void OnAddOrderMpid(AddOrderMpid message) => Record(nameof(OnAddOrderMpid), message.MessageType);

    public void OnOrderExecuted(OrderExecuted message) => Record(nameof(OnOrderExecuted), message.MessageType);

    public void OnOrderExecutedWithPrice(OrderExecutedWithPrice message) => Record(nameof(OnOrderExecutedWithPrice), message.MessageType);

    public void OnOrderCancel(OrderCancel message) => Record(nameof(OnOrderCancel), message.MessageType);

    public void OnOrderDelete(OrderDelete message) => Record(nameof(OnOrderDelete), message.MessageType);

    public void OnOrderReplace(OrderReplace message) => Record(nameof(OnOrderReplace), message.MessageType);

    public void OnTrade(Trade message) => Record(nameof(OnTrade), message.MessageType);

    public void OnCrossTrade(CrossTrade message) => Record(nameof(OnCrossTrade), message.MessageType);

    public void OnBrokenTrade(BrokenTrade message) => Record(nameof(OnBrokenTrade), message.MessageType);

    public void OnNoii(Noii message) => Record(nameof(OnNoii), message.MessageType);

    public void OnRpii(Rpii message) => Record(nameof(OnRpii), message.MessageType);

    public void OnDirectListingPriceDiscovery(DirectListingPriceDiscovery message) => Record(nameof(OnDirectListingPriceDiscovery), message.MessageType);
}

/// <summary>Reads header fields of every message so the decode cannot be optimised away.</summary>
internal struct SummingHandler : IItchHandler
{
    public ulong Sum;

    public void OnSystemEvent(SystemEvent message) => Sum += message.Timestamp + message.StockLocate.Value + (ulong)message.Buffer.Length;

    public void OnStockDirectory(StockDirectory message) => Sum += message.Timestamp + message.StockLocate.Value + (ulong)message.Buffer.Length;

    public void OnStockTradingAction(StockTradingAction message) => Sum += message.Timestamp + message.StockLocate.Value + (ulong)message.Buffer.Length;

    public void OnRegShoRestriction(RegShoRestriction message) => Sum += message.Timestamp + message.StockLocate.Value + (ulong)message.Buffer.Length;

    public void OnMarketParticipantPosition(MarketParticipantPosition message) => Sum += message.Timestamp + message.StockLocate.Value + (ulong)message.Buffer.Length;

    public void OnMwcbDeclineLevel(MwcbDeclineLevel message) => Sum += message.Timestamp + message.StockLocate.Value + (ulong)message.Buffer.Length;

    public void OnMwcbStatus(MwcbStatus message) => Sum += message.Timestamp + message.StockLocate.Value + (ulong)message.Buffer.Length;

    public void OnIpoQuotingPeriodUpdate(IpoQuotingPeriodUpdate message) => Sum += message.Timestamp + message.StockLocate.Value + (ulong)message.Buffer.Length;

    public void OnLuldAuctionCollar(LuldAuctionCollar message) => Sum += message.Timestamp + message.StockLocate.Value + (ulong)message.Buffer.Length;

    public void OnOperationalHalt(OperationalHalt message) => Sum += message.Timestamp + message.StockLocate.Value + (ulong)message.Buffer.Length;

    public void OnAddOrder(AddOrder message) => Sum += message.Timestamp + message.StockLocate.Value + (ulong)message.Buffer.Length;

    public void OnAddOrderMpid(AddOrderMpid message) => Sum += message.Timestamp + message.StockLocate.Value + (ulong)message.Buffer.Length;

    public void OnOrderExecuted(OrderExecuted message) => Sum += message.Timestamp + message.StockLocate.Value + (ulong)message.Buffer.Length;

    public void OnOrderExecutedWithPrice(OrderExecutedWithPrice message) => Sum += message.Timestamp + message.StockLocate.Value + (ulong)message.Buffer.Length;

    public void OnOrderCancel(OrderCancel message) => Sum += message.Timestamp + message.StockLocate.Value + (ulong)message.Buffer.Length;

    public void OnOrderDelete(OrderDelete message) => Sum += message.Timestamp + message.StockLocate.Value + (ulong)message.Buffer.Length;

    public void OnOrderReplace(OrderReplace message) => Sum += message.Timestamp + message.StockLocate.Value + (ulong)message.Buffer.Length;

    public void OnTrade(Trade message) => Sum += message.Timestamp + message.StockLocate.Value + (ulong)message.Buffer.Length;

    public void OnCrossTrade(CrossTrade message) => Sum += message.Timestamp + message.StockLocate.Value + (ulong)message.Buffer.Length;

    public void OnBrokenTrade(BrokenTrade message) => Sum += message.Timestamp + message.StockLocate.Value + (ulong)message.Buffer.Length;

    public void OnNoii(Noii message) => Sum += message.Timestamp + message.StockLocate.Value + (ulong)message.Buffer.Length;

    public void OnRpii(Rpii message) => Sum += message.Timestamp + message.StockLocate.Value + (ulong)message.Buffer.Length;

    public void OnDirectListingPriceDiscovery(DirectListingPriceDiscovery message) => Sum += message.Timestamp + message.StockLocate.Value + (ulong)message.Buffer.Length;
}
