using Gateway.MarketData.Itch;

namespace Gateway.MarketData.Books;

/// <summary>One price level as readers see it.</summary>
public readonly record struct LevelInfo(Price4 Price, ulong Shares, uint Orders);

/// <summary>One order as readers see it.</summary>
public readonly record struct OrderInfo(ulong OrderRef, ushort Locate, byte Side, uint Shares, Price4 Price);

/// <summary>Best bid and ask of one instrument. A side with no orders reads as zeros.</summary>
public readonly record struct TopOfBook(
    Price4 BidPrice, ulong BidShares, uint BidOrders,
    Price4 AskPrice, ulong AskShares, uint AskOrders)
{
    public bool HasBid => BidOrders != 0;

    public bool HasAsk => AskOrders != 0;
}
