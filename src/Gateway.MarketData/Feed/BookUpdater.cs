using Gateway.MarketData.Books;
using Gateway.MarketData.Itch;

namespace Gateway.MarketData.Feed;

/// <summary>
/// Applies ITCH 5.0 to the books: R fills the instrument directory; A F E C X D U change the L3
/// book exactly as the specification says (U: the old order leaves, the new reference enters at
/// the back of its level). Any other message leaves the books alone.
/// </summary>
/// <remarks>
/// An E, C, X, D or U naming an order the book does not hold means the book missed something for
/// that instrument (a lost message, a late join): the message's own stock locate is flagged as not
/// trustworthy. The book counts every such outcome by reason (<see cref="OrderBooks.Count"/>).
/// Messages the session declares lost flag every instrument (<see cref="OnMessagesLost"/>).
/// </remarks>
public struct BookUpdater : IItchHandler
{
    private readonly OrderBooks _books;
    private readonly InstrumentDirectory _directory;
    private readonly bool _decodeOnly;

    /// <param name="decodeOnly">Decode every message but leave the books alone: for measuring the decoder on its own.</param>
    public BookUpdater(OrderBooks books, InstrumentDirectory directory, bool decodeOnly = false)
    {
        _books = books;
        _directory = directory;
        _decodeOnly = decodeOnly;
    }

    public readonly void OnStockDirectory(StockDirectory message) => _directory.Apply(message);

    public readonly void OnAddOrder(AddOrder message)
    {
        if (!_decodeOnly)
        {
            Check(_books.AddOrder(message.StockLocate.Value, message.OrderRef.Value, (byte)message.Side, message.Shares, message.Price), message.StockLocate);
        }
    }

    public readonly void OnAddOrderMpid(AddOrderMpid message)
    {
        if (!_decodeOnly)
        {
            Check(_books.AddOrder(message.StockLocate.Value, message.OrderRef.Value, (byte)message.Side, message.Shares, message.Price), message.StockLocate);
        }
    }

    public readonly void OnOrderExecuted(OrderExecuted message)
    {
        if (!_decodeOnly)
        {
            Check(_books.Execute(message.OrderRef.Value, message.ExecutedShares), message.StockLocate);
        }
    }

    public readonly void OnOrderExecutedWithPrice(OrderExecutedWithPrice message)
    {
        if (!_decodeOnly)
        {
            Check(_books.Execute(message.OrderRef.Value, message.ExecutedShares), message.StockLocate);
        }
    }

    public readonly void OnOrderCancel(OrderCancel message)
    {
        if (!_decodeOnly)
        {
            Check(_books.Cancel(message.OrderRef.Value, message.CanceledShares), message.StockLocate);
        }
    }

    public readonly void OnOrderDelete(OrderDelete message)
    {
        if (!_decodeOnly)
        {
            Check(_books.Delete(message.OrderRef.Value), message.StockLocate);
        }
    }

    public readonly void OnOrderReplace(OrderReplace message)
    {
        if (!_decodeOnly)
        {
            Check(_books.Replace(message.OriginalOrderRef.Value, message.NewOrderRef.Value, message.Shares, message.Price), message.StockLocate);
        }
    }

    /// <summary>
    /// An ITCH message that will be applied a few messages from now (stage 1 about eight messages
    /// ahead, stage 2 four, stage 3 two): start fetching what applying it will touch. Stage 1, for
    /// any type: the reference-index slot of the order named at offset 11 and the instrument at
    /// offset 1. For E, C, X, D and U: the order (2), then its level, queue neighbours and its side's
    /// best levels (3). For A and F: the side's best levels (2), the level at the add's price (3).
    /// Changes nothing.
    /// </summary>
    public readonly void Lookahead(ReadOnlySpan<byte> message, int stage)
    {
        if (message.Length < OrderDelete.Length || _decodeOnly)
        {
            return;
        }

        if (stage == 1)
        {
            // No branch on the type here: every type that touches the books carries its stock
            // locate at offset 1 and an order reference at offset 11 (for A and F the new order,
            // whose direct slot the add writes). Other types just fetch a line for nothing.
            _books.PrefetchReference(System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(message.Slice(AddOrder.OrderRefOffset)));
            _books.PrefetchInstrument(System.Buffers.Binary.BinaryPrimitives.ReadUInt16BigEndian(message.Slice(ItchHeader.StockLocateOffset)));
            return;
        }

        byte type = message[0];
        if (type is (byte)'A' or (byte)'F')
        {
            if (message.Length >= AddOrder.Length)
            {
                ushort locate = System.Buffers.Binary.BinaryPrimitives.ReadUInt16BigEndian(message.Slice(ItchHeader.StockLocateOffset));
                byte side = message[AddOrder.SideOffset];
                if (stage == 2)
                {
                    _books.PrefetchSide(locate, side);
                }
                else
                {
                    _books.PrefetchAddLevel(locate, side, new Price4(System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(message.Slice(AddOrder.PriceOffset))));
                }
            }

            return;
        }

        if (type is (byte)'D' or (byte)'E' or (byte)'X' or (byte)'U' or (byte)'C')
        {
            ulong orderRef = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(message.Slice(AddOrder.OrderRefOffset));
            if (stage == 2)
            {
                _books.PrefetchOrder(orderRef);
            }
            else
            {
                _books.PrefetchOrderSurroundings(orderRef);
            }
        }
    }

    private readonly void Check(BookResult result, StockLocate locate)
    {
        if (result == BookResult.UnknownOrder)
        {
            FlagUnknown(locate);
        }
    }

    private readonly void FlagUnknown(StockLocate locate)
    {
        if (locate.Value < _books.MaxInstruments)
        {
            _books.FlagInstrument(locate.Value);
        }
    }

    /// <summary>
    /// Cold: the session declared messages lost. Which books they touched cannot be known (nor
    /// which instruments they would have created), so every instrument is flagged
    /// <see cref="BookFlags.MessagesLost"/>; updates go on being applied, best effort.
    /// </summary>
    public readonly void OnMessagesLost()
    {
        if (!_decodeOnly)
        {
            _books.FlagAllInstruments(BookFlags.MessagesLost);
        }
    }

    public readonly void OnSystemEvent(SystemEvent message) { }

    public readonly void OnStockTradingAction(StockTradingAction message) { }

    public readonly void OnRegShoRestriction(RegShoRestriction message) { }

    public readonly void OnMarketParticipantPosition(MarketParticipantPosition message) { }

    public readonly void OnMwcbDeclineLevel(MwcbDeclineLevel message) { }

    public readonly void OnMwcbStatus(MwcbStatus message) { }

    public readonly void OnIpoQuotingPeriodUpdate(IpoQuotingPeriodUpdate message) { }

    public readonly void OnLuldAuctionCollar(LuldAuctionCollar message) { }

    public readonly void OnOperationalHalt(OperationalHalt message) { }

    public readonly void OnTrade(Trade message) { }

    public readonly void OnCrossTrade(CrossTrade message) { }

    public readonly void OnBrokenTrade(BrokenTrade message) { }

    public readonly void OnNoii(Noii message) { }

    public readonly void OnRpii(Rpii message) { }

    public readonly void OnDirectListingPriceDiscovery(DirectListingPriceDiscovery message) { }
}
