namespace Gateway.MarketData.MoldUdp64;

/// <summary>What a <see cref="MoldSession{THandler}"/> reports besides messages.</summary>
public enum MoldSessionEvent : byte
{
    /// <summary>The first packet fixed the session; <c>sequence</c> is the first expected sequence.</summary>
    SessionStarted = 0,

    /// <summary>An end-of-session packet arrived; <c>sequence</c> is the sequence after the last message.</summary>
    EndOfSession = 1,

    /// <summary>A packet of another session id reset tracking; <c>sequence</c> is the new first expected sequence.</summary>
    SessionChanged = 2,

    /// <summary>The session gave up on <c>count</c> messages from <c>sequence</c> on; delivery resumes after them.</summary>
    MessagesLost = 3,
}

/// <summary>
/// The next stage after the MoldUDP64 session. Implemented by a struct and passed as a generic
/// argument so each call is direct and can inline.
/// </summary>
public interface IMoldMessageHandler
{
    /// <summary>One message, exactly once, in sequence order. The bytes are valid only during the call.</summary>
    void OnMessage(ReadOnlySpan<byte> message, ulong sequence);

    /// <summary>
    /// A message of the same packet that <see cref="OnMessage"/> will receive a few calls from now
    /// (stage 1: eight ahead, 2: four, 3: two), to prefetch what it will touch. Must not change state;
    /// it may be announced and then not delivered (a duplicate already applied).
    /// </summary>
    void OnLookahead(ReadOnlySpan<byte> message, int stage);

    /// <summary>Asked once per packet: whether <see cref="OnLookahead"/> is worth calling for its messages.</summary>
    bool WantsLookahead { get; }

    /// <summary>A rare event: session start, end of session, session change, declared loss.</summary>
    void OnSessionEvent(MoldSessionEvent sessionEvent, ulong sequence, ulong count);

    /// <summary>
    /// Whether the handler wants its priority messages first: then each packet is delivered in two
    /// passes, the messages <see cref="IsPriority"/> picks in sequence order, then the others in
    /// sequence order. Keep it constant for a handler.
    /// </summary>
    bool PrioritizesMessages { get; }

    /// <summary>A message the handler wants before the rest of its packet (asked only when <see cref="PrioritizesMessages"/>).</summary>
    bool IsPriority(ReadOnlySpan<byte> message);
}

/// <summary>Sends a re-request packet to the re-request server. Called from <c>Poll</c>, never per packet.</summary>
public interface IRerequestSender
{
    /// <summary>Sends without blocking; false when the request could not be handed to the network.</summary>
    bool Send(ReadOnlySpan<byte> request);
}

/// <summary>The line indices a session takes with each datagram.</summary>
public static class MoldLines
{
    /// <summary>Feed line A.</summary>
    public const int A = 0;

    /// <summary>Feed line B, the same session over another path.</summary>
    public const int B = 1;

    /// <summary>Responses of the re-request server.</summary>
    public const int Retransmit = 2;

    public const int Count = 3;
}
