using System.Runtime.CompilerServices;

namespace Gateway.MarketData.MoldUdp64;

/// <summary>
/// One MoldUDP64 session as a feed handler sees it: A/B line arbitration, in-order delivery through
/// a bounded gap buffer, heartbeats, end of session, re-requests and declared losses.
/// </summary>
/// <remarks>
/// Single-threaded: <see cref="OnDatagram"/> and <see cref="Poll"/> are called from the owner's
/// thread. Everything is allocated in the constructor; the packet path and <see cref="Poll"/> never
/// allocate. Sequence bookkeeping is in messages: <c>_expected</c> is the next sequence to deliver,
/// <c>_highestSeen</c> one past the highest sequence any packet or heartbeat has revealed; a hole
/// is open while <c>_highestSeen &gt; _expected</c>.
/// </remarks>
public sealed partial class MoldSession<THandler>
    where THandler : struct, IMoldMessageHandler
{
    public const int LineA = MoldLines.A;
    public const int LineB = MoldLines.B;
    public const int LineRetransmit = MoldLines.Retransmit;
    public const int LineCount = MoldLines.Count;

    private readonly MoldSessionOptions _options;
    private readonly IRerequestSender? _sender;
    private readonly byte[] _session = new byte[MoldPacket.SessionLength];
    private readonly byte[] _previousSession = new byte[MoldPacket.SessionLength];
    private bool _hasPreviousSession;
    private readonly byte[] _request = new byte[MoldRequest.Length];
    private readonly ulong[] _lineHigh = new ulong[LineCount];

    // Start of each message of the packet being delivered, plus one past the last: a datagram of at
    // most 65,535 bytes holds at most (65,535 - 20) / 2 blocks.
    private readonly int[] _messageStarts = new int[(65535 - MoldPacket.HeaderLength) / MoldPacket.BlockLengthSize + 1];
    private readonly int[] _priority = new int[(65535 - MoldPacket.HeaderLength) / MoldPacket.BlockLengthSize + 2];

    private THandler _handler;
    private MoldSessionStats _stats;
    private bool _hasSession;
    private bool _endOfSession;
    private ulong _expected;
    private ulong _highestSeen;

    public MoldSession(THandler handler, MoldSessionOptions? options = null, IRerequestSender? sender = null)
    {
        _options = options ?? new MoldSessionOptions();
        _options.Validate();
        _handler = handler;
        _sender = sender;
        InitGapBuffer(_options);
        InitHoles(_options);
        _losses = new MoldLossRange[_options.MaxLossRanges];
    }

    /// <summary>The handler, by reference (it is a struct held inside the session).</summary>
    public ref THandler Handler => ref _handler;

    public ref readonly MoldSessionStats Stats => ref _stats;

    public bool HasSession => _hasSession;

    /// <summary>The current session id (10 bytes; all zero before the first packet).</summary>
    public ReadOnlySpan<byte> SessionId => _session;

    /// <summary>The next sequence to be delivered.</summary>
    public ulong ExpectedSequence => _expected;

    /// <summary>One past the highest sequence any packet or heartbeat revealed.</summary>
    public ulong HighestSeenSequence => _highestSeen;

    public bool IsEndOfSession => _endOfSession;

    /// <summary>True while messages between <see cref="ExpectedSequence"/> and <see cref="HighestSeenSequence"/> are missing.</summary>
    public bool HasGap => _highestSeen > _expected;

    /// <summary>Packets held in the gap buffer.</summary>
    public int BufferedPackets => _bufferedCount;

    /// <summary>Bytes of the packets held in the gap buffer.</summary>
    public long BufferedBytes => _bufferedBytes;

    /// <summary>Packets the gap buffer can hold (<see cref="MoldSessionOptions.MaxBufferedPackets"/>).</summary>
    public int GapBufferSlots => _free.Length;

    /// <summary>Bytes of one gap-buffer slot: a longer packet ahead of sequence is dropped (<see cref="MoldSessionStats.GapBufferOversize"/>).</summary>
    public int GapBufferSlotBytes => _slotSize;

    /// <summary>
    /// One UDP payload from line <paramref name="line"/> (0 = A, 1 = B, 2 = re-request responses).
    /// </summary>
    public void OnDatagram(ReadOnlySpan<byte> datagram, int line)
    {
        if ((uint)line >= LineCount)
        {
            _stats.InvalidLine++;
            return;
        }

        MoldPacketStatus status = MoldPacket.TryParse(datagram, out MoldPacket packet);
        if (status != MoldPacketStatus.Ok)
        {
            CountMalformed(status);
            return;
        }

        if (!_hasSession)
        {
            StartSession(packet);
        }
        else if (!packet.Session.SequenceEqual(_session) && !OnForeignSession(packet))
        {
            return;
        }

        ref MoldLineStats lineStats = ref LineStats(line);
        lineStats.Packets++;
        ulong first = packet.SequenceNumber;
        int count = packet.DataMessageCount;
        ulong end = first + (ulong)count;
        if ((first > _highestSeen && first - _highestSeen > _options.MaxForwardJump) || _held)
        {
            if (!CheckJump(packet, first, end, line))
            {
                return;
            }
        }

        Apply(packet, first, end, count, line, ref lineStats);
    }

    /// <summary>A well-formed packet of the current session that is not (or no longer) an implausible jump.</summary>
    private void Apply(MoldPacket packet, ulong first, ulong end, int count, int line, ref MoldLineStats lineStats)
    {

        if (line != LineRetransmit)
        {
            ulong high = _lineHigh[line];
            if (end < high && high - end > _options.BackwardJumpThreshold)
            {
                _stats.SequenceBackwards++;
                return;
            }

            if (end > high)
            {
                _lineHigh[line] = end;
            }
        }

        if (count == 0)
        {
            OnHeartbeat(packet, first);
            return;
        }

        if (end <= _expected)
        {
            lineStats.DuplicatePackets++;
            lineStats.DuplicateMessages += count;
            return;
        }

        if (first > _expected)
        {
            BufferAhead(packet, first, end, line);
            return;
        }

        bool filling = _highestSeen > _expected;
        Deliver(packet, first, ref lineStats);
        if (end > _highestSeen)
        {
            _highestSeen = end;
        }

        if (filling)
        {
            if (line == LineRetransmit)
            {
                _stats.GapFillsByRetransmission++;
            }
            else
            {
                _stats.GapFillsFromOtherLine++;
            }

            Drain();
        }
    }

    /// <summary>Delivers the messages of a packet that starts at or before <c>_expected</c>, skipping the ones already delivered.</summary>
    private void Deliver(MoldPacket packet, ulong first, ref MoldLineStats lineStats)
    {
        ulong skip = _expected - first;
        lineStats.DuplicateMessages += (long)skip;

        // One walk over the blocks records where each message starts; delivery and the look-ahead
        // then index the table. The handler is told of each message 8, 4 and 2 messages before it
        // gets it, so it can prefetch what the message will touch while it works on this one: a book
        // update's cost is its cache misses (benchmarks/RESULTS.md). TryParse checked every block
        // length, so the walk needs no bounds checks of its own.
        ReadOnlySpan<byte> bytes = packet.Bytes;
        int count = packet.DataMessageCount;
        Span<int> starts = _messageStarts.AsSpan(0, count + 1);
        int pos = MoldPacket.HeaderLength;
        for (int i = 0; i < count; i++)
        {
            starts[i] = pos + MoldPacket.BlockLengthSize;
            pos += MoldPacket.BlockLengthSize + System.Buffers.Binary.BinaryPrimitives.ReadUInt16BigEndian(bytes.Slice(pos));
        }

        starts[count] = pos + MoldPacket.BlockLengthSize; // so message i ends at starts[i + 1] - 2

        int from = (int)Math.Min(skip, (ulong)count);

        // A handler with priority messages (the engine's followed instruments) gets them first, in
        // sequence order, before any look-ahead work is spent on the rest; then the rest in sequence
        // order. Every message is delivered once, and the messages of any one instrument keep
        // their order (the handler's priority is per instrument).
        Span<int> priority = _priority;
        int priorityCount = 0;
        if (_handler.PrioritizesMessages)
        {
            for (int i = from; i < count; i++)
            {
                ReadOnlySpan<byte> message = Message(bytes, starts, i);
                if (_handler.IsPriority(message))
                {
                    priority[priorityCount++] = i;
                    _handler.OnMessage(message, first + (ulong)i);
                }
            }
        }

        priority[priorityCount] = int.MaxValue;
        if (!_handler.WantsLookahead)
        {
            DeliverInOrder(bytes, starts, from, count, first, priority);
        }
        else
        {
            DeliverWithLookahead(bytes, starts, from, count, first, priority);
        }

        lineStats.Messages += count - from;
        _expected = first + (ulong)count;
    }

    /// <summary>Messages [from, count) in order, skipping those already delivered first (<paramref name="priority"/>, ended by int.MaxValue).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void DeliverInOrder(ReadOnlySpan<byte> bytes, Span<int> starts, int from, int count, ulong first, Span<int> priority)
    {
        int nextPriority = 0;
        for (int i = from; i < count; i++)
        {
            if (i == priority[nextPriority])
            {
                nextPriority++;
                continue;
            }

            _handler.OnMessage(Message(bytes, starts, i), first + (ulong)i);
        }
    }

    /// <summary>As <see cref="DeliverInOrder"/>, each message announced to the handler's look-ahead at three distances first.</summary>
    private void DeliverWithLookahead(ReadOnlySpan<byte> bytes, Span<int> starts, int from, int count, ulong first, Span<int> priority)
    {
        int nextPriority = 0;

        // The first few messages are announced right away, so every message meets every stage.
        for (int i = from; i < Math.Min(from + LookaheadFar, count); i++)
        {
            _handler.OnLookahead(Message(bytes, starts, i), 1);
        }

        for (int i = from; i < Math.Min(from + LookaheadNear, count); i++)
        {
            _handler.OnLookahead(Message(bytes, starts, i), 2);
        }

        for (int i = from; i < Math.Min(from + LookaheadNext, count); i++)
        {
            _handler.OnLookahead(Message(bytes, starts, i), 3);
        }

        for (int i = from; i < count; i++)
        {
            if (i + LookaheadFar < count)
            {
                _handler.OnLookahead(Message(bytes, starts, i + LookaheadFar), 1);
            }

            if (i + LookaheadNear < count)
            {
                _handler.OnLookahead(Message(bytes, starts, i + LookaheadNear), 2);
            }

            if (i + LookaheadNext < count)
            {
                _handler.OnLookahead(Message(bytes, starts, i + LookaheadNext), 3);
            }

            if (i == priority[nextPriority])
            {
                nextPriority++;
                continue;
            }

            _handler.OnMessage(Message(bytes, starts, i), first + (ulong)i);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ReadOnlySpan<byte> Message(ReadOnlySpan<byte> bytes, Span<int> starts, int i) =>
        bytes.Slice(starts[i], starts[i + 1] - MoldPacket.BlockLengthSize - starts[i]);

    private const int LookaheadFar = 8;
    private const int LookaheadNear = 4;
    private const int LookaheadNext = 2;

    private void OnHeartbeat(MoldPacket packet, ulong next)
    {
        if (next > _highestSeen)
        {
            if (next > _expected)
            {
                _stats.GapsDetected++;
            }

            _highestSeen = next;
        }

        if (packet.IsEndOfSession)
        {
            _stats.EndOfSessionPackets++;
            if (!_endOfSession)
            {
                _endOfSession = true;
                _handler.OnSessionEvent(MoldSessionEvent.EndOfSession, next, 0);
            }
        }
        else
        {
            _stats.Heartbeats++;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref MoldLineStats LineStats(int line)
    {
        if (line == LineA)
        {
            return ref _stats.LineA;
        }

        return ref line == LineB ? ref _stats.LineB : ref _stats.Retransmit;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void CountMalformed(MoldPacketStatus status)
    {
        switch (status)
        {
            case MoldPacketStatus.TruncatedHeader:
                _stats.MalformedTruncatedHeader++;
                break;
            case MoldPacketStatus.BlockOverrun:
                _stats.MalformedBlockOverrun++;
                break;
            case MoldPacketStatus.MissingBlocks:
                _stats.MalformedMissingBlocks++;
                break;
            case MoldPacketStatus.TrailingBytes:
                _stats.MalformedTrailingBytes++;
                break;
            default:
                _stats.MalformedSequenceOverflow++;
                break;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void StartSession(MoldPacket packet)
    {
        packet.Session.CopyTo(_session);
        _hasSession = true;
        _expected = _options.StartSequence == MoldSessionOptions.FirstSeen ? packet.SequenceNumber : _options.StartSequence;
        _highestSeen = _expected;
        _handler.OnSessionEvent(MoldSessionEvent.SessionStarted, _expected, 0);
    }

    /// <summary>
    /// A packet of another session id: follow it (reset and go on) or count and drop it. Packets of
    /// the session just left are always dropped: at a rollover one line lags the other, and
    /// following its stale packets back would flip the session to and fro.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool OnForeignSession(MoldPacket packet)
    {
        if (!_options.FollowNewSession)
        {
            _stats.ForeignSessionPackets++;
            return false;
        }

        if (_hasPreviousSession && packet.Session.SequenceEqual(_previousSession))
        {
            _stats.StaleSessionPackets++;
            return false;
        }

        _session.CopyTo(_previousSession, 0);
        _hasPreviousSession = true;
        _stats.SessionChanges++;
        ClearGapBuffer();
        Array.Clear(_lineHigh);
        _lossCount = 0;
        ForgetHoles();
        _held = false;
        _endOfSession = false;
        packet.Session.CopyTo(_session);
        _expected = _options.StartSequence == MoldSessionOptions.FirstSeen ? packet.SequenceNumber : _options.StartSequence;
        _highestSeen = _expected;
        _handler.OnSessionEvent(MoldSessionEvent.SessionChanged, _expected, 0);
        return true;
    }
}
