namespace Gateway.MarketData.Feed;

/// <summary>
/// What the feed tells the stage above the books (the engine's strategy path), after each message
/// is applied. Implemented by a struct and passed as a generic argument, so with
/// <see cref="NoBookListener"/> every call compiles away and a feed without listener pays nothing.
/// </summary>
public interface IBookListener
{
    /// <summary>
    /// True: within each MoldUDP64 packet, the messages of instruments the listener follows are
    /// applied first, then the others (each instrument's messages stay in order, so every book ends
    /// the packet exactly as it would in plain sequence order; only books of different instruments
    /// are updated in another order). The followed instruments' changes reach the listener sooner.
    /// </summary>
    bool PrioritizesFollowed { get; }

    /// <summary>Whether the listener follows <paramref name="locate"/> (pure: no side effect).</summary>
    bool Follows(ushort locate);

    /// <summary>
    /// A message that changes the book of <paramref name="locate"/> (A F E C X D U) is about to be
    /// applied. Return true to be told <see cref="OnBookChanged"/> (and, for an execution,
    /// <see cref="OnTrade"/>) after it; false skips the listener's work for instruments it does not follow.
    /// </summary>
    bool OnBookChanging(ushort locate);

    /// <summary>
    /// The message has been applied. <paramref name="side"/> is the ITCH side ('B' or 'S') of the order
    /// it touched (0 if the book did not know the order), <paramref name="sequence"/> the message's
    /// MoldUDP64 sequence number (its position in the stream for a BinaryFILE).
    /// </summary>
    void OnBookChanged(ushort locate, byte side, byte messageType, ulong sequence);

    /// <summary>
    /// A trade in an instrument the listener follows: an execution of a displayed order (E, C; the
    /// side is the resting order's) or of a hidden one (P). Called before <see cref="OnBookChanged"/>
    /// for E and C.
    /// </summary>
    void OnTrade(ushort locate, byte side, uint shares, uint price, ulong sequence);

    /// <summary>A Stock Directory message named <paramref name="locate"/>'s symbol (the directory holds it now).</summary>
    void OnInstrumentDefined(ushort locate);

    /// <summary>
    /// The session declared messages [<paramref name="firstSequence"/>, +<paramref name="count"/>)
    /// lost (no line and no retransmission brought them in time): every book is flagged.
    /// </summary>
    void OnMessagesLost(ulong firstSequence, ulong count);
}

/// <summary>No listener: the feed only keeps the books.</summary>
public struct NoBookListener : IBookListener
{
    public readonly bool PrioritizesFollowed => false;

    public readonly bool Follows(ushort locate) => false;

    public readonly bool OnBookChanging(ushort locate) => false;

    public readonly void OnBookChanged(ushort locate, byte side, byte messageType, ulong sequence) { }

    public readonly void OnTrade(ushort locate, byte side, uint shares, uint price, ulong sequence) { }

    public readonly void OnInstrumentDefined(ushort locate) { }

    public readonly void OnMessagesLost(ulong firstSequence, ulong count) { }
}
