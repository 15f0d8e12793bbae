using Gateway.MarketData.Itch;
using Gateway.MarketData.MoldUdp64;

namespace Gateway.MarketData.Feed;

/// <summary>
/// What the MoldUDP64 session hands on: each message, in order, decoded onto the books; a declared
/// loss flags every instrument (holes filled from the other line or by re-request flag nothing).
/// </summary>
public struct ItchFeedSink<TListener> : IMoldMessageHandler
    where TListener : struct, IBookListener
{
    private BookUpdater<TListener> _updater;
    private readonly ItchDecodeStats _stats;
    private readonly FeedEvents _events;

    public ItchFeedSink(BookUpdater<TListener> updater, ItchDecodeStats stats, FeedEvents events)
    {
        _updater = updater;
        _stats = stats;
        _events = events;
    }

    public void OnMessage(ReadOnlySpan<byte> message, ulong sequence)
    {
        _updater.Sequence = sequence;
        ItchDecoder.Decode(message, ref _updater, _stats);
    }

    public readonly void OnLookahead(ReadOnlySpan<byte> message, int stage) => _updater.Lookahead(message, stage);

    public readonly bool WantsLookahead => _updater.WantsLookahead;

    public readonly bool PrioritizesMessages => _updater.PrioritizesFollowed;

    /// <summary>Every ITCH message carries its stock locate at offset 1: a message of an instrument the listener follows goes first.</summary>
    public readonly bool IsPriority(ReadOnlySpan<byte> message) =>
        message.Length >= ItchHeader.StockLocateOffset + 2
        && _updater.Follows(System.Buffers.Binary.BinaryPrimitives.ReadUInt16BigEndian(message.Slice(ItchHeader.StockLocateOffset)));

    public void OnSessionEvent(MoldSessionEvent sessionEvent, ulong sequence, ulong count)
    {
        if (sessionEvent == MoldSessionEvent.MessagesLost)
        {
            _updater.OnMessagesLost(sequence, count);
        }

        _events.Record(sessionEvent, sequence, count);
    }
}

/// <summary>Session events worth reporting (cold; the session raises them rarely).</summary>
public sealed class FeedEvents
{
    public long SessionsStarted { get; private set; }

    public long SessionChanges { get; private set; }

    public bool EndOfSession { get; private set; }

    /// <summary>Messages the session gave up on (not re-requested in time, or no re-request server).</summary>
    public ulong MessagesGivenUp { get; private set; }

    /// <summary>Changes each time a session starts or the feed follows a new one: read it to learn that the session id changed.</summary>
    public long SessionEpoch => SessionsStarted + SessionChanges;

    public void Record(MoldSessionEvent e, ulong sequence, ulong count)
    {
        switch (e)
        {
            case MoldSessionEvent.SessionStarted:
                SessionsStarted++;
                break;
            case MoldSessionEvent.SessionChanged:
                SessionChanges++;
                break;
            case MoldSessionEvent.EndOfSession:
                EndOfSession = true;
                break;
            case MoldSessionEvent.MessagesLost:
                MessagesGivenUp += count;
                break;
        }
    }
}
