namespace Gateway.MarketData.MoldUdp64;

/// <summary>Re-requests, declared losses and the loss report.</summary>
public sealed partial class MoldSession<THandler>
{
    private readonly MoldLossRange[] _losses;
    private int _lossCount;

    private bool _timerArmed;
    private ulong _timerSequence;
    private long _deadlineNs;
    private int _rerequests;

    /// <summary>
    /// Drives the re-request timer; the owner calls it regularly (every burst or every few µs).
    /// Returns 1 when it sent a request or declared a loss, else 0.
    /// </summary>
    /// <remarks>
    /// No clock is read on the packet path: a hole's timer starts at the first poll that sees it (or
    /// sees its start move). After <see cref="MoldSessionOptions.RerequestTimeoutNs"/> the first hole is
    /// re-requested; each retry waits twice as long as the one before; after
    /// <see cref="MoldSessionOptions.MaxRerequests"/> unanswered requests (at once when there is no
    /// sender) the hole is declared lost and delivery resumes after it.
    /// </remarks>
    public int Poll(long nowNs)
    {
        if (_highestSeen <= _expected)
        {
            _timerArmed = false;
            return 0;
        }

        if (!_timerArmed || _timerSequence != _expected)
        {
            _timerArmed = true;
            _timerSequence = _expected;
            _rerequests = 0;
            _deadlineNs = nowNs + _options.RerequestTimeoutNs;
            return 0;
        }

        if (nowNs < _deadlineNs)
        {
            return 0;
        }

        if (_sender is not null && _rerequests < _options.MaxRerequests)
        {
            SendRerequest();
            _rerequests++;
            int shift = Math.Min(_rerequests, 16);
            _deadlineNs = nowNs + (_options.RerequestTimeoutNs << shift);
            return 1;
        }

        DeclareFirstHoleLost();
        return 1;
    }

    private void SendRerequest()
    {
        ulong missing = FirstHoleEnd() - _expected;
        ushort count = (ushort)Math.Min(missing, (ulong)_options.MaxRerequestMessages);
        MoldRequest.Write(_request, _session, _expected, count);
        if (_sender!.Send(_request))
        {
            _stats.RerequestsSent++;
        }
        else
        {
            _stats.RerequestSendFailures++;
        }
    }

    private void DeclareFirstHoleLost()
    {
        ulong from = _expected;
        ulong end = FirstHoleEnd();
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
        _timerArmed = false;
        _handler.OnSessionEvent(MoldSessionEvent.MessagesLost, from, count);
        Drain();
    }

    /// <summary>
    /// Cold: the ranges given up on (<see cref="MoldLossRange.GivenUp"/>) followed by the holes still
    /// open between the expected sequence and the highest sequence seen, in sequence order.
    /// </summary>
    public IReadOnlyList<MoldLossRange> GetLosses()
    {
        var result = new List<MoldLossRange>(_lossCount + _bufferedCount + 1);
        for (int i = 0; i < _lossCount; i++)
        {
            result.Add(_losses[i]);
        }

        ulong at = _expected;
        for (int i = 0; i < _bufferedCount && at < _highestSeen; i++)
        {
            int slot = _order[i];
            if (_slotFirst[slot] > at)
            {
                result.Add(new MoldLossRange(at, _slotFirst[slot] - 1, GivenUp: false));
            }

            at = Math.Max(at, _slotEnd[slot]);
        }

        if (at < _highestSeen)
        {
            result.Add(new MoldLossRange(at, _highestSeen - 1, GivenUp: false));
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
}
