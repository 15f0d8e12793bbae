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
/// <para>A listener (<typeparamref name="TListener"/>) hears about every change of the instruments
/// it follows, after the change is applied; for those, the touched order's side (and an
/// execution's price) is read from the book before the message removes it.</para>
/// </remarks>
public struct BookUpdater<TListener> : IItchHandler
    where TListener : struct, IBookListener
{
    private readonly OrderBooks _books;
    private readonly InstrumentDirectory _directory;
    private readonly bool _decodeOnly;
    private TListener _listener;

    /// <summary>The MoldUDP64 sequence number of the message being applied (set by the sink before each one).</summary>
    public ulong Sequence;

    /// <summary>Whether the listener wants the messages of the instruments it follows ahead of the rest of their packet.</summary>
    public readonly bool PrioritizesFollowed => _listener.PrioritizesFollowed;

    public readonly bool Follows(ushort locate) => _listener.Follows(locate);

    /// <param name="decodeOnly">Decode every message but leave the books alone: for measuring the decoder on its own.</param>
    public BookUpdater(OrderBooks books, InstrumentDirectory directory, bool decodeOnly = false, TListener listener = default)
    {
        _books = books;
        _directory = directory;
        _decodeOnly = decodeOnly;
        _listener = listener;
    }

    public void OnStockDirectory(StockDirectory message)
    {
        _directory.Apply(message);
        _listener.OnInstrumentDefined(message.StockLocate.Value);
    }

    public void OnAddOrder(AddOrder message)
    {
        if (!_decodeOnly)
        {
            Add(message.StockLocate.Value, message.OrderRef.Value, (byte)message.Side, message.Shares, message.Price, ItchMessageType.AddOrder);
        }
    }

    public void OnAddOrderMpid(AddOrderMpid message)
    {
        if (!_decodeOnly)
        {
            Add(message.StockLocate.Value, message.OrderRef.Value, (byte)message.Side, message.Shares, message.Price, ItchMessageType.AddOrderMpid);
        }
    }

    private void Add(ushort locate, ulong orderRef, byte side, uint shares, Price4 price, byte type)
    {
        bool notify = _listener.OnBookChanging(locate);
        Check(_books.AddOrder(locate, orderRef, side, shares, price), locate);
        if (notify)
        {
            _listener.OnBookChanged(locate, side, type, Sequence);
        }
    }

    public void OnOrderExecuted(OrderExecuted message)
    {
        if (_decodeOnly)
        {
            return;
        }

        ushort locate = message.StockLocate.Value;
        if (_listener.OnBookChanging(locate))
        {
            ExecuteNotified(locate, message.OrderRef.Value, message.ExecutedShares, 0, ItchMessageType.OrderExecuted);
            return;
        }

        Check(_books.Execute(message.OrderRef.Value, message.ExecutedShares), locate);
    }

    public void OnOrderExecutedWithPrice(OrderExecutedWithPrice message)
    {
        if (_decodeOnly)
        {
            return;
        }

        ushort locate = message.StockLocate.Value;
        if (_listener.OnBookChanging(locate))
        {
            ExecuteNotified(locate, message.OrderRef.Value, message.ExecutedShares, message.ExecutionPrice.Raw, ItchMessageType.OrderExecutedWithPrice);
            return;
        }

        Check(_books.Execute(message.OrderRef.Value, message.ExecutedShares), locate);
    }

    /// <summary>An execution in a followed instrument: the trade (at the order's price, or the C message's own), then the change.</summary>
    private void ExecuteNotified(ushort locate, ulong orderRef, uint shares, uint executionPrice, byte type)
    {
        byte side = _books.TryGetOrder(orderRef, out OrderInfo order) ? order.Side : (byte)0;
        BookResult result = _books.Execute(orderRef, shares);
        Check(result, locate);
        if (side != 0 && result != BookResult.UnknownOrder)
        {
            _listener.OnTrade(locate, side, shares, executionPrice != 0 ? executionPrice : order.Price.Raw, Sequence);
        }

        _listener.OnBookChanged(locate, side, type, Sequence);
    }

    public void OnOrderCancel(OrderCancel message)
    {
        if (_decodeOnly)
        {
            return;
        }

        ushort locate = message.StockLocate.Value;
        if (_listener.OnBookChanging(locate))
        {
            byte side = SideOf(message.OrderRef.Value);
            Check(_books.Cancel(message.OrderRef.Value, message.CanceledShares), locate);
            _listener.OnBookChanged(locate, side, ItchMessageType.OrderCancel, Sequence);
            return;
        }

        Check(_books.Cancel(message.OrderRef.Value, message.CanceledShares), locate);
    }

    public void OnOrderDelete(OrderDelete message)
    {
        if (_decodeOnly)
        {
            return;
        }

        ushort locate = message.StockLocate.Value;
        if (_listener.OnBookChanging(locate))
        {
            byte side = SideOf(message.OrderRef.Value);
            Check(_books.Delete(message.OrderRef.Value), locate);
            _listener.OnBookChanged(locate, side, ItchMessageType.OrderDelete, Sequence);
            return;
        }

        Check(_books.Delete(message.OrderRef.Value), locate);
    }

    public void OnOrderReplace(OrderReplace message)
    {
        if (_decodeOnly)
        {
            return;
        }

        ushort locate = message.StockLocate.Value;
        if (_listener.OnBookChanging(locate))
        {
            byte side = SideOf(message.OriginalOrderRef.Value);
            Check(_books.Replace(message.OriginalOrderRef.Value, message.NewOrderRef.Value, message.Shares, message.Price), locate);
            _listener.OnBookChanged(locate, side, ItchMessageType.OrderReplace, Sequence);
            return;
        }

        Check(_books.Replace(message.OriginalOrderRef.Value, message.NewOrderRef.Value, message.Shares, message.Price), locate);
    }

    private readonly byte SideOf(ulong orderRef) => _books.TryGetOrder(orderRef, out OrderInfo order) ? order.Side : (byte)0;

    /// <summary>Whether the look-ahead pays now (books applied, and their working set past the cache: <see cref="OrderBooks.DecideLookahead"/>).</summary>
    public readonly bool WantsLookahead => !_decodeOnly && _books.DecideLookahead();

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

    private readonly void Check(BookResult result, ushort locate)
    {
        if (result == BookResult.UnknownOrder)
        {
            FlagUnknown(locate);
        }
    }

    private readonly void FlagUnknown(ushort locate)
    {
        if (locate < _books.MaxInstruments)
        {
            _books.FlagInstrument(locate);
        }
    }

    /// <summary>
    /// Cold: the session declared messages lost. Which books they touched cannot be known (nor
    /// which instruments they would have created), so every instrument is flagged
    /// <see cref="BookFlags.MessagesLost"/>; updates go on being applied, best effort.
    /// </summary>
    public void OnMessagesLost(ulong firstSequence, ulong count)
    {
        if (!_decodeOnly)
        {
            _books.FlagAllInstruments(BookFlags.MessagesLost);
        }

        _listener.OnMessagesLost(firstSequence, count);
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

    public void OnTrade(Trade message)
    {
        ushort locate = message.StockLocate.Value;
        if (_listener.OnBookChanging(locate))
        {
            _listener.OnTrade(locate, (byte)message.Side, message.Shares, message.Price.Raw, Sequence);
        }
    }

    public readonly void OnCrossTrade(CrossTrade message) { }

    public readonly void OnBrokenTrade(BrokenTrade message) { }

    public readonly void OnNoii(Noii message) { }

    public readonly void OnRpii(Rpii message) { }

    public readonly void OnDirectListingPriceDiscovery(DirectListingPriceDiscovery message) { }
}
