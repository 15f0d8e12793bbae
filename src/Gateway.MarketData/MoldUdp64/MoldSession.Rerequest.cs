namespace Gateway.MarketData.MoldUdp64;

/// <summary>Re-requests of every open hole, declared losses and the loss report.</summary>
/// <remarks>
/// A hole is a maximal run of missing messages between <c>_expected</c> and <c>_highestSeen</c>
/// (not held by any buffered packet) that has not been given up on. The first
/// <see cref="MoldSessionOptions.MaxTrackedHoles"/> holes in sequence order each have a timer, a
/// re-request count and their own backoff, in a preallocated table rebuilt by <c>ScanHoles</c>
/// whenever the buffer's shape changed; later holes get a slot once a tracked one closes. A hole
/// that runs out of re-requests becomes a given-up range; it is declared lost (event, loss range,
/// <see cref="MoldSessionStats.MessagesLost"/>) only when delivery reaches it, so losses are
/// reported in sequence order, and any part of it a late copy fills in the meantime is delivered.
/// </remarks>
public sealed partial class MoldSession<THandler>
{
    private readonly MoldLossRange[] _losses;
    private int _lossCount;

    /// <summary>Tracked holes sorted by <c>From</c>; <c>_holesNext</c> is the scan's scratch table (swapped).</summary>
    private Hole[] _holes = null!;
    private Hole[] _holesNext = null!;
    private int _holeCount;

    /// <summary>Given-up ranges not yet reached by delivery, sorted, disjoint, never adjacent (merged).</summary>
    private SequenceRange[] _givenUp = null!;
    private int _givenUpCount;

    /// <summary>The earliest deadline of a tracked hole (long.MaxValue when none): Poll's fast exit.</summary>
    private long _nextDeadlineNs = long.MaxValue;

    /// <summary>Packets copied into the gap buffer so far: with the two sequences, tells Poll the holes may have changed.</summary>
    private long _bufferStores;
    private ulong _scannedExpected;
    private ulong _scannedHighest;
    private long _scannedStores;
    private bool _holesStale = true;

    private struct Hole
    {
        public ulong From;
        public ulong End;
        public long DeadlineNs;
        public int Requests;
    }

    private struct SequenceRange
    {
        public ulong From;
        public ulong End;
    }

    private void InitHoles(MoldSessionOptions options)
    {
        _holes = new Hole[options.MaxTrackedHoles];
        _holesNext = new Hole[options.MaxTrackedHoles];

        // Consecutive given-up ranges are separated by at least one buffered message (adjacent ones
        // merge, and a new hole never starts inside one), so this many can never be needed.
        _givenUp = new SequenceRange[options.MaxBufferedPackets + 2];
    }

    /// <summary>
    /// Drives the re-request timers; the owner calls it regularly (every burst or every few µs).
    /// Returns 1 when it sent a request, gave up on a hole or declared a loss, else 0.
    /// </summary>
    /// <remarks>
    /// No clock is read on the packet path: a hole's timer starts at the first poll that sees it
    /// (or sees it change: a partly filled or split hole starts again). After
    /// <see cref="MoldSessionOptions.RerequestTimeoutNs"/> the hole is re-requested, in chunks of
    /// <see cref="MoldSessionOptions.MaxRerequestMessages"/>; each retry waits twice as long as the
    /// one before; after <see cref="MoldSessionOptions.MaxRerequests"/> unanswered requests (at once
    /// when there is no sender) it is given up, and declared lost when delivery reaches it. Every
    /// open hole runs its own timer, so later holes are requested while earlier ones are still open.
    /// Allocation-free; when nothing changed and no deadline passed it returns after a few compares.
    /// </remarks>
    public int Poll(long nowNs)
    {
        if (_highestSeen <= _expected)
        {
            if (_holeCount != 0 || _givenUpCount != 0)
            {
                ForgetHoles();
            }

            return 0;
        }

        if (_holesStale || _scannedExpected != _expected || _scannedHighest != _highestSeen || _scannedStores != _bufferStores)
        {
            ScanHoles(nowNs);
        }

        int work = 0;
        if (nowNs >= _nextDeadlineNs)
        {
            work = ServiceTimers(nowNs);
        }

        if (_givenUpCount > 0 && _givenUp[0].From <= _expected)
        {
            DeclareReachedLosses();
            work = 1;
        }

        return work;
    }

    /// <summary>Drops all hole state (no gap left, or a new session).</summary>
    private void ForgetHoles()
    {
        _holeCount = 0;
        _givenUpCount = 0;
        _nextDeadlineNs = long.MaxValue;
        _holesStale = true;
    }

    /// <summary>
    /// Rebuilds the table of tracked holes from the gap buffer. A hole with exactly the extent of a
    /// tracked one keeps that one's timer and count; any other is new (its timer starts now).
    /// </summary>
    private void ScanHoles(long nowNs)
    {
        var cursor = new MissingCursor(_expected);
        int count = 0;
        int open = 0;
        int old = 0;
        while (cursor.Next(this, out ulong from, out ulong end, out bool givenUp))
        {
            if (givenUp)
            {
                continue;
            }

            open++;
            if (count == _holesNext.Length)
            {
                continue;
            }

            while (old < _holeCount && _holes[old].End <= from)
            {
                old++;
            }

            ref Hole hole = ref _holesNext[count++];
            if (old < _holeCount && _holes[old].From == from && _holes[old].End == end)
            {
                hole = _holes[old];
            }
            else
            {
                hole.From = from;
                hole.End = end;
                hole.DeadlineNs = Later(nowNs, _options.RerequestTimeoutNs);
                hole.Requests = 0;
            }
        }

        (_holes, _holesNext) = (_holesNext, _holes);
        _holeCount = count;
        if (open > _stats.OpenHolesHighWater)
        {
            _stats.OpenHolesHighWater = open;
        }

        _nextDeadlineNs = EarliestDeadline();
        _scannedExpected = _expected;
        _scannedHighest = _highestSeen;
        _scannedStores = _bufferStores;
        _holesStale = false;
    }

    /// <summary>Re-requests or gives up every tracked hole whose deadline has passed.</summary>
    private int ServiceTimers(long nowNs)
    {
        int work = 0;
        int kept = 0;
        for (int i = 0; i < _holeCount; i++)
        {
            Hole hole = _holes[i];
            if (nowNs >= hole.DeadlineNs)
            {
                work = 1;
                if (_sender is not null && hole.Requests < _options.MaxRerequests)
                {
                    SendRerequests(hole.From, hole.End);
                    hole.Requests++;
                    hole.DeadlineNs = Later(nowNs, _options.RerequestTimeoutNs << Math.Min(hole.Requests, MaxBackoffShift));
                }
                else if (GiveUp(hole.From, hole.End))
                {
                    // Its slot is free: the next scan gives it to the first untracked hole.
                    _holesStale = true;
                    continue;
                }
                else
                {
                    hole.DeadlineNs = Later(nowNs, _options.RerequestTimeoutNs);
                }
            }

            _holes[kept++] = hole;
        }

        _holeCount = kept;
        _nextDeadlineNs = EarliestDeadline();
        return work;
    }

    /// <summary>Backoff doubles per retry up to 2^16 timeouts (the timeout is bounded so this cannot overflow).</summary>
    private const int MaxBackoffShift = 16;

    private static long Later(long nowNs, long delayNs) => nowNs > long.MaxValue - delayNs ? long.MaxValue : nowNs + delayNs;

    private long EarliestDeadline()
    {
        long earliest = long.MaxValue;
        for (int i = 0; i < _holeCount; i++)
        {
            earliest = Math.Min(earliest, _holes[i].DeadlineNs);
        }

        return earliest;
    }

    /// <summary>
    /// Asks for [<paramref name="from"/>, <paramref name="end"/>) in requests of at most
    /// <see cref="MoldSessionOptions.MaxRerequestMessages"/>, at most
    /// <see cref="MoldSessionOptions.MaxRerequestChunks"/> of them: a longer hole is asked for from
    /// its start, and the rest once that part has come (the hole changes, its timer starts again).
    /// </summary>
    private void SendRerequests(ulong from, ulong end)
    {
        ulong at = from;
        for (int chunk = 0; chunk < _options.MaxRerequestChunks && at < end; chunk++)
        {
            ushort count = (ushort)Math.Min(end - at, (ulong)_options.MaxRerequestMessages);
            MoldRequest.Write(_request, _session, at, count);
            if (_sender!.Send(_request))
            {
                _stats.RerequestsSent++;
            }
            else
            {
                _stats.RerequestSendFailures++;
            }

            at += count;
        }
    }

    /// <summary>Records [<paramref name="from"/>, <paramref name="end"/>) as given up (sorted, merged with neighbours). False if there is no room.</summary>
    private bool GiveUp(ulong from, ulong end)
    {
        int at = 0;
        while (at < _givenUpCount && _givenUp[at].From < from)
        {
            at++;
        }

        bool joinsPrevious = at > 0 && _givenUp[at - 1].End == from;
        bool joinsNext = at < _givenUpCount && _givenUp[at].From == end;
        if (joinsPrevious && joinsNext)
        {
            _givenUp[at - 1].End = _givenUp[at].End;
            Array.Copy(_givenUp, at + 1, _givenUp, at, _givenUpCount - at - 1);
            _givenUpCount--;
        }
        else if (joinsPrevious)
        {
            _givenUp[at - 1].End = end;
        }
        else if (joinsNext)
        {
            _givenUp[at].From = from;
        }
        else
        {
            // Cannot happen (see InitHoles); if it did, the hole stays open for another round.
            if (_givenUpCount == _givenUp.Length)
            {
                return false;
            }

            Array.Copy(_givenUp, at, _givenUp, at + 1, _givenUpCount - at);
            _givenUp[at] = new SequenceRange { From = from, End = end };
            _givenUpCount++;
        }

        return true;
    }

    /// <summary>
    /// Delivery has reached a given-up range: declares lost what is still missing of it up to the
    /// next buffered packet, delivers what follows, and goes on while delivery stays inside
    /// given-up ranges. Parts that late copies filled are delivered, not declared.
    /// </summary>
    private void DeclareReachedLosses()
    {
        while (_givenUpCount > 0)
        {
            SequenceRange range = _givenUp[0];
            if (range.End <= _expected)
            {
                Array.Copy(_givenUp, 1, _givenUp, 0, _givenUpCount - 1);
                _givenUpCount--;
                continue;
            }

            if (range.From > _expected)
            {
                break;
            }

            DeclareLost(Math.Min(range.End, FirstHoleEnd()));
        }
    }

    /// <summary>Declares [<c>_expected</c>, <paramref name="end"/>) lost, moves delivery past it and drains what follows.</summary>
    private void DeclareLost(ulong end)
    {
        ulong from = _expected;
        ulong count = end - from;
        _stats.MessagesLost += (long)count;
        if (_lossCount < _losses.Length)
        {
            _losses[_lossCount++] = new MoldLossRange(from, end - 1, GivenUp: true);
        }
        else
        {
            _stats.LossRangesNotRecorded++;
        }

        _expected = end;
        _handler.OnSessionEvent(MoldSessionEvent.MessagesLost, from, count);
        Drain();
    }

    /// <summary>
    /// Walks what is missing between <c>_expected</c> and <c>_highestSeen</c> in sequence order, as
    /// pieces that are either wholly inside a given-up range or wholly outside every one.
    /// </summary>
    private struct MissingCursor
    {
        private int _buffered;
        private int _given;
        private ulong _at;
        private ulong _stretchEnd;

        public MissingCursor(ulong expected)
        {
            _at = expected;
            _stretchEnd = expected;
        }

        public bool Next(MoldSession<THandler> s, out ulong from, out ulong end, out bool givenUp)
        {
            if (_at >= _stretchEnd)
            {
                // The next stretch not held by a buffered packet (they are sorted by first sequence and may overlap).
                while (_buffered < s._bufferedCount && s._slotFirst[s._order[_buffered]] <= _at)
                {
                    _at = Math.Max(_at, s._slotEnd[s._order[_buffered]]);
                    _buffered++;
                }

                if (_at >= s._highestSeen)
                {
                    from = end = 0;
                    givenUp = false;
                    return false;
                }

                _stretchEnd = _buffered < s._bufferedCount
                    ? Math.Min(s._slotFirst[s._order[_buffered]], s._highestSeen)
                    : s._highestSeen;
            }

            while (_given < s._givenUpCount && s._givenUp[_given].End <= _at)
            {
                _given++;
            }

            from = _at;
            if (_given < s._givenUpCount && s._givenUp[_given].From <= _at)
            {
                givenUp = true;
                end = Math.Min(_stretchEnd, s._givenUp[_given].End);
            }
            else
            {
                givenUp = false;
                end = _given < s._givenUpCount ? Math.Min(_stretchEnd, s._givenUp[_given].From) : _stretchEnd;
            }

            _at = end;
            return true;
        }
    }

    /// <summary>
    /// Cold: the ranges declared lost, followed by what is still missing between the expected
    /// sequence and the highest sequence seen, in sequence order. A missing range is
    /// <see cref="MoldLossRange.GivenUp"/> when the session has given up on it (it will be declared
    /// lost once delivery reaches it), else it is still open.
    /// </summary>
    public IReadOnlyList<MoldLossRange> GetLosses()
    {
        var result = new List<MoldLossRange>(_lossCount + _bufferedCount + _givenUpCount + 1);
        for (int i = 0; i < _lossCount; i++)
        {
            result.Add(_losses[i]);
        }

        var cursor = new MissingCursor(_expected);
        while (cursor.Next(this, out ulong from, out ulong end, out bool givenUp))
        {
            result.Add(new MoldLossRange(from, end - 1, givenUp));
        }

        return result;
    }

    /// <summary>Cold: messages still missing or given up on, over <see cref="GetLosses"/>.</summary>
    public ulong CountMissingMessages()
    {
        ulong total = 0;
        foreach (MoldLossRange range in GetLosses())
        {
            total += range.Count;
        }

        return total;
    }

    /// <summary>Holes with a timer now (at most <see cref="MoldSessionOptions.MaxTrackedHoles"/>).</summary>
    public int TrackedHoles => _holeCount;
}
