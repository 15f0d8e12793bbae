namespace Gateway.MarketData.MoldUdp64;

/// <summary>Sizes and policies of a <see cref="MoldSession{THandler}"/>; everything is allocated from these at construction.</summary>
public sealed class MoldSessionOptions
{
    /// <summary>Value of <see cref="StartSequence"/> meaning "start from the first sequence seen" (a late joiner).</summary>
    public const ulong FirstSeen = 0;

    /// <summary>
    /// Bytes of the gap buffer. It is cut into <see cref="MaxBufferedPackets"/> equal slots so taking
    /// and freeing a slot is O(1) and never fragments; a packet larger than a slot is dropped and counted.
    /// </summary>
    public int GapBufferBytes { get; init; } = 4096 * 2048;

    /// <summary>Packets ahead of the expected sequence the gap buffer holds at most: 4,096 covers the 20 ms
    /// re-request timeout at NASDAQ peak (about 1.1 M messages/s in ~30 k packets/s) with room to spare.</summary>
    public int MaxBufferedPackets { get; init; } = 4096;

    /// <summary>The first sequence expected (1 for a complete session), or <see cref="FirstSeen"/>.</summary>
    public ulong StartSequence { get; init; } = 1;

    /// <summary>A packet with another session id resets tracking (true) or is counted and dropped (false).</summary>
    public bool FollowNewSession { get; init; } = true;

    /// <summary>How long a hole may stay open before it is re-requested (and the base of the retry backoff); at most an hour.</summary>
    public long RerequestTimeoutNs { get; init; } = 20_000_000;

    /// <summary>Longest <see cref="RerequestTimeoutNs"/> accepted: 2^16 times it (the longest backoff) still fits in a long.</summary>
    public const long MaxRerequestTimeoutNs = 3_600_000_000_000;

    /// <summary>
    /// Re-requests per hole before the hole is given up (0: at the first timeout); a given-up hole
    /// is declared lost once delivery reaches it.
    /// </summary>
    public int MaxRerequests { get; init; } = 5;

    /// <summary>Messages asked for in one re-request at most (the wire allows 0xFFFE).</summary>
    public int MaxRerequestMessages { get; init; } = 1000;

    /// <summary>
    /// Re-requests sent for one hole per attempt at most, each for up to <see cref="MaxRerequestMessages"/>:
    /// a longer hole is asked for from its start and the rest once that has come. Bounds the sends of
    /// one poll (at most this times <see cref="MaxTrackedHoles"/>) whatever sequence a packet claims.
    /// </summary>
    public int MaxRerequestChunks { get; init; } = 16;

    /// <summary>
    /// Holes with their own re-request timer at most (the first ones in sequence order). Exhaustion
    /// policy: a later hole waits, unrequested, until a tracked one closes (filled or given up);
    /// <see cref="MoldSessionStats.OpenHolesHighWater"/> says whether that happened.
    /// </summary>
    public int MaxTrackedHoles { get; init; } = 64;

    /// <summary>
    /// How far (in messages) a packet on line 0 or 1 may fall behind the highest sequence that line has
    /// delivered before it counts as the sequence jumping backwards rather than reordering.
    /// </summary>
    public ulong BackwardJumpThreshold { get; init; } = 4096;

    /// <summary>
    /// How far (in messages) beyond the highest sequence seen a packet may start before it is held as
    /// implausible (<c>ulong.MaxValue</c>: never). A held packet is applied when a later packet
    /// confirms the jump (lands near it), and counted as malformed
    /// (<see cref="MoldPacketStatus.ImplausibleJump"/>) when a later packet with new messages in the
    /// normal range contradicts it; either way one bad sequence number cannot open a hole of 10^12
    /// messages nor make the line's real packets look like a backward jump. A million messages is
    /// about a second of NASDAQ's peak on both lines at once.
    /// </summary>
    public ulong MaxForwardJump { get; init; } = 1_000_000;

    /// <summary>Declared loss ranges remembered for <c>GetLosses</c>; later ones are counted only.</summary>
    public int MaxLossRanges { get; init; } = 1024;

    internal void Validate()
    {
        if (MaxBufferedPackets < 1 || GapBufferBytes / MaxBufferedPackets < MoldPacket.HeaderLength)
        {
            throw new ArgumentException("the gap buffer needs at least one slot of at least one MoldUDP64 header");
        }

        if (RerequestTimeoutNs is <= 0 or > MaxRerequestTimeoutNs || MaxRerequests < 0 || MaxLossRanges < 0)
        {
            throw new ArgumentException("re-request timeout must be positive and at most an hour; retry and loss counts not negative");
        }

        if (MaxTrackedHoles is < 1 or > 65536 || MaxRerequestChunks is < 1 or > 65536)
        {
            throw new ArgumentException("MaxTrackedHoles and MaxRerequestChunks must be 1..65536");
        }

        if (MaxRerequestMessages is < 1 or > 0xFFFE)
        {
            throw new ArgumentException("MaxRerequestMessages must be 1..65534");
        }
    }
}

/// <summary>Counters for one input line (0 = A, 1 = B, 2 = retransmission).</summary>
public struct MoldLineStats
{
    /// <summary>Well-formed packets of the session received on this line.</summary>
    public long Packets;

    /// <summary>Messages this line delivered first.</summary>
    public long Messages;

    /// <summary>Packets whose every message had already been delivered or buffered.</summary>
    public long DuplicatePackets;

    /// <summary>Messages dropped because another copy got there first.</summary>
    public long DuplicateMessages;
}

/// <summary>Counters of a <see cref="MoldSession{THandler}"/>. Plain fields: read them on the session's thread.</summary>
public struct MoldSessionStats
{
    public MoldLineStats LineA;
    public MoldLineStats LineB;
    public MoldLineStats Retransmit;

    public long Heartbeats;
    public long EndOfSessionPackets;
    public long GapsDetected;

    /// <summary>In-order packets from line 0/1 that filled (part of) an open hole.</summary>
    public long GapFillsFromOtherLine;

    /// <summary>In-order packets from the retransmission line that filled (part of) an open hole.</summary>
    public long GapFillsByRetransmission;
    public long MessagesLost;

    /// <summary>Most holes open at once (given-up ranges not counted); above <see cref="MoldSessionOptions.MaxTrackedHoles"/>, some waited for a timer.</summary>
    public long OpenHolesHighWater;
    public long RerequestsSent;
    public long RerequestSendFailures;

    /// <summary>Packets ahead of expected dropped because every gap-buffer slot was taken.</summary>
    public long GapBufferFull;

    /// <summary>Packets ahead of expected dropped because they are larger than one gap-buffer slot.</summary>
    public long GapBufferOversize;

    /// <summary>Most packets the gap buffer held at once (of <see cref="MoldSessionOptions.MaxBufferedPackets"/>).</summary>
    public long GapBufferHighWater;

    /// <summary>Most packet bytes the gap buffer held at once (each packet also takes a whole slot of <see cref="MoldSessionOptions.GapBufferBytes"/> / slots).</summary>
    public long GapBufferBytesHighWater;
    public long SequenceBackwards;
    public long SessionChanges;

    /// <summary>Packets of another session dropped (when not following new sessions).</summary>
    public long ForeignSessionPackets;

    /// <summary>Packets of the previous session dropped after following a new one.</summary>
    public long StaleSessionPackets;
    public long InvalidLine;
    public long MalformedTruncatedHeader;
    public long MalformedBlockOverrun;
    public long MalformedMissingBlocks;
    public long MalformedTrailingBytes;
    public long MalformedSequenceOverflow;

    /// <summary>Packets held as an implausible forward jump and then contradicted (see <see cref="MoldSessionOptions.MaxForwardJump"/>).</summary>
    public long MalformedImplausibleJump;

    /// <summary>Packets held as an implausible forward jump and then confirmed by the packets after them (applied).</summary>
    public long ForwardJumpsConfirmed;
    public long LossRangesNotRecorded;

    public readonly long Packets => LineA.Packets + LineB.Packets + Retransmit.Packets;

    public readonly long Messages => LineA.Messages + LineB.Messages + Retransmit.Messages;

    public readonly long DuplicatePackets => LineA.DuplicatePackets + LineB.DuplicatePackets + Retransmit.DuplicatePackets;

    public readonly long DuplicateMessages => LineA.DuplicateMessages + LineB.DuplicateMessages + Retransmit.DuplicateMessages;

    public readonly long Malformed => MalformedTruncatedHeader + MalformedBlockOverrun + MalformedMissingBlocks
        + MalformedTrailingBytes + MalformedSequenceOverflow + MalformedImplausibleJump;

    /// <summary>Packets dropped as malformed for <paramref name="reason"/>.</summary>
    public readonly long MalformedBy(MoldPacketStatus reason) => reason switch
    {
        MoldPacketStatus.TruncatedHeader => MalformedTruncatedHeader,
        MoldPacketStatus.BlockOverrun => MalformedBlockOverrun,
        MoldPacketStatus.MissingBlocks => MalformedMissingBlocks,
        MoldPacketStatus.TrailingBytes => MalformedTrailingBytes,
        MoldPacketStatus.SequenceOverflow => MalformedSequenceOverflow,
        MoldPacketStatus.ImplausibleJump => MalformedImplausibleJump,
        _ => 0,
    };
}

/// <summary>
/// Messages [<see cref="From"/>, <see cref="To"/>] missing; <see cref="GivenUp"/> when the session gave
/// up on them (declared lost, or to be declared once delivery reaches them), else still open.
/// </summary>
public readonly record struct MoldLossRange(ulong From, ulong To, bool GivenUp)
{
    public ulong Count => To - From + 1;
}
