using System.Text;
using Gateway.OrderEntry.Fix;

namespace Gateway.OrderEntry.Session;

/// <summary>
/// Received messages, in the order the FIX Session-level Test Cases check them: framing and
/// checksum (garbled: ignored, sequence not moved), MsgSeqNum present, first message a Logon,
/// CompIDs (Reject 9, Logout), SendingTime accuracy (Reject 10, Logout), sequence number (too low
/// without PossDupFlag: Logout; too high: ResendRequest), PossDup's OrigSendingTime, dictionary
/// validation (Reject with SessionRejectReason and RefTagID, or BusinessMessageReject for an
/// unsupported type), then the message itself.
/// </summary>
public sealed partial class FixSession
{
    private const int RxCompactThreshold = 64 << 10;

    /// <summary>Where the owner writes received bytes; then call <see cref="OnReceived"/>.</summary>
    public Span<byte> GetReceiveSpace()
    {
        if (_rxStart == _rxEnd)
        {
            _rxStart = 0;
            _rxEnd = 0;
        }
        else if (_rx.Length - _rxEnd < RxCompactThreshold && _rxStart > 0)
        {
            _rx.AsSpan(_rxStart, _rxEnd - _rxStart).CopyTo(_rx);
            _rxEnd -= _rxStart;
            _rxStart = 0;
        }

        return _rx.AsSpan(_rxEnd);
    }

    /// <summary><paramref name="count"/> bytes were written into <see cref="GetReceiveSpace"/>: frames and handles every whole message.</summary>
    public void OnReceived(int count)
    {
        if ((uint)count > (uint)(_rx.Length - _rxEnd))
        {
            Gateway.Core.ThrowHelper.ArgumentOutOfRange(nameof(count), "more bytes than the receive space holds");
        }

        _rxEnd += count;
        while (_state != FixSessionState.Disconnected && _rxStart < _rxEnd)
        {
            FixFrame frame = FixFramer.Next(_rx.AsSpan(_rxStart, _rxEnd - _rxStart), _settings.MaxMessageLength);
            if (frame.Status == FixFrameStatus.NeedMore)
            {
                break;
            }

            int start = _rxStart;
            _rxStart += frame.Length;
            if (frame.Status == FixFrameStatus.Garbled)
            {
                Garbled(frame.Reason, frame.Length);
                continue;
            }

            Handle(_rx.AsSpan(start, frame.Length), queued: false);
            if (_queue.Count > 0)
            {
                DrainQueue();
            }
        }
    }

    /// <summary>Copies <paramref name="bytes"/> in and handles them (tests, and owners that read into their own buffers).</summary>
    public void Receive(ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty && _state != FixSessionState.Disconnected)
        {
            Span<byte> space = GetReceiveSpace();
            int n = Math.Min(space.Length, bytes.Length);
            bytes.Slice(0, n).CopyTo(space);
            OnReceived(n);
            bytes = bytes.Slice(n);
        }
    }

    private void Garbled(FixParseStatus reason, int length)
    {
        long n = ++Counters.Garbled;
        if (n <= 10 || (n & (n - 1)) == 0)
        {
            Warn($"garbled message ignored ({reason}, {length} bytes; {n} so far)");
        }
    }

    private void Handle(ReadOnlySpan<byte> bytes, bool queued)
    {
        if (!queued)
        {
            Counters.MessagesReceived++;
            _lastReceivedMono = _clock.MonotonicNanos;
            _testRequestSentMono = 0;
        }

        _routeCount = 0;
        FixParseStatus status = _parser.Parse(bytes, _table);
        if (status == FixParseStatus.UnsupportedBeginString)
        {
            Error("message with a BeginString other than FIX.4.4");
            if (_state == FixSessionState.Active)
            {
                SendLogout("Incorrect BeginString");
            }

            Disconnect("incorrect BeginString");
            return;
        }

        if (status != FixParseStatus.Ok)
        {
            // A correct CheckSum but a bad data length, an SOH inside a plain value or a field whose tag
            // is no tag number: the message arrived whole, so it is rejected (reason 6, 17 or 0) and
            // counted in sequence; anything else is garbled and ignored.
            if (_state == FixSessionState.Active && FixValidator.TryRejectParseFailure(status, _parser.ErrorTag, _parser.InvalidTag, out FixValidationResult bad)
                && new FixMessageView(bytes, _table).TryGetInt(FixTag.MsgSeqNum, out long badSeq) && (ulong)badSeq == _nextTarget)
            {
                CaptureRouting(new FixMessageView(bytes, _table));
                SendReject(_nextTarget, new FixMessageView(bytes, _table).MsgType, bad.RefTagId, bad.Reason, RejectText(bad.Reason));
                AdvanceTarget();
                return;
            }

            Garbled(status, bytes.Length);
            return;
        }

        var m = new FixMessageView(bytes, _table);
        ReadOnlySpan<byte> type = m.MsgType;
        byte kind = FixMsgType.CodeOf(type);
        CaptureRouting(m);
        bool gapFill = m.TryGetBool(FixTag.GapFillFlag, out bool gf) && gf;
        bool hasSeq = m.TryGetInt(FixTag.MsgSeqNum, out long seqValue) && seqValue > 0;
        if (!hasSeq && !(kind == FixMsgType.Code.SequenceReset && !gapFill && _state == FixSessionState.Active))
        {
            Error("message without a valid MsgSeqNum (34)");
            if (_state == FixSessionState.Active)
            {
                SendLogout("MsgSeqNum missing or invalid");
            }

            Disconnect("MsgSeqNum missing or invalid");
            return;
        }

        ulong seq = hasSeq ? (ulong)seqValue : 0;
        if (_state is FixSessionState.LogonSent or FixSessionState.AwaitingLogon && kind != FixMsgType.Code.Logon)
        {
            Counters.LogonFailures++;
            if (kind == FixMsgType.Code.Logout)
            {
                Disconnect($"peer answered the Logon with a Logout: {Encoding.ASCII.GetString(m.GetString(FixTag.Text))}");
            }
            else
            {
                // Test cases 1B e: log, Logout with the reason, disconnect.
                string first = $"first message not a logon (35={Encoding.ASCII.GetString(type)})";
                Error(first);
                SendLogout(first);
                Disconnect(first);
            }

            return;
        }

        // Required header fields present and not empty before they are compared (reasons 1 and 4, not 9).
        if (!HeaderFieldsPresent(m, seq, type))
        {
            return;
        }

        if (!m.GetString(FixTag.SenderCompID).SequenceEqual(_targetCompId) || !m.GetString(FixTag.TargetCompID).SequenceEqual(_senderCompId))
        {
            int tag = m.GetString(FixTag.SenderCompID).SequenceEqual(_targetCompId) ? FixTag.TargetCompID : FixTag.SenderCompID;
            string text = $"CompID problem: 49={Encoding.ASCII.GetString(m.GetString(FixTag.SenderCompID))} 56={Encoding.ASCII.GetString(m.GetString(FixTag.TargetCompID))}";
            RejectAndLogout(seq, type, tag, SessionRejectReason.CompIdProblem, text);
            return;
        }

        if (_maxLatencyNs > 0 && !queued && m.TryGetTimestamp(FixTag.SendingTime, out long sendingTime)
            && Math.Abs(_clock.UtcNowNanos - sendingTime) > _maxLatencyNs)
        {
            RejectAndLogout(seq, type, FixTag.SendingTime, SessionRejectReason.SendingTimeAccuracyProblem,
                $"SendingTime accuracy problem: {Encoding.ASCII.GetString(m.GetString(FixTag.SendingTime))} is more than {_settings.MaxLatency.TotalSeconds:0.###} s from our clock");
            return;
        }

        if (kind == FixMsgType.Code.Logon)
        {
            HandleLogon(m, seq);
            return;
        }

        if (kind == FixMsgType.Code.SequenceReset && !gapFill)
        {
            HandleSequenceReset(m, seq); // Reset mode: MsgSeqNum is ignored (test case 11).
            return;
        }

        bool possDup = m.TryGetBool(FixTag.PossDupFlag, out bool pd) && pd;
        if (possDup && seq <= _nextTarget && !PossDupTimesValid(m, seq, type))
        {
            return;
        }

        if (seq < _nextTarget)
        {
            if (kind == FixMsgType.Code.ResendRequest)
            {
                // A counterparty asking again for history may reuse a number (as QuickFIX allows): serve
                // it; the sequence check applies to what follows.
                Warn($"ResendRequest with MsgSeqNum {seq} below the expected {_nextTarget}: served, not counted");
                ServeResendRequest(m);
                return;
            }

            if (possDup)
            {
                Counters.PossDupIgnored++;
                return;
            }

            string text = $"MsgSeqNum too low, expecting {_nextTarget} but received {seq}";
            Error(text);
            SendLogout(text);
            Disconnect(text);
            return;
        }

        if (seq > _nextTarget)
        {
            bool countOnly = false;
            switch (kind)
            {
                case FixMsgType.Code.ResendRequest:
                    // Serve the peer's request first, or both sides could wait on each other; its
                    // number is counted when the gap before it is filled.
                    ServeResendRequest(m);
                    countOnly = true;
                    break;
                case FixMsgType.Code.Logout:
                    HandleLogout(m);
                    return;
            }

            if (_state == FixSessionState.Disconnected)
            {
                return;
            }

            bool kept = _queue.Add(seq, bytes, countOnly);
            if (!kept)
            {
                Counters.TooHighDiscarded++;
            }

            RequestResend(seq, bounded: kept);
            return;
        }

        // seq == expected from here on.
        Dispatch(m, seq, kind, type);
    }

    /// <summary>The message in sequence: dictionary validation, then the session's or the application's handling.</summary>
    private void Dispatch(in FixMessageView m, ulong seq, byte kind, ReadOnlySpan<byte> type)
    {
        if (_settings.ValidateMessages)
        {
            FixValidationResult r = _validator.Validate(m);
            if (!r.IsValid)
            {
                SendReject(seq, type, r.RefTagId, r.Reason, RejectText(r.Reason));
                AdvanceTarget();
                return;
            }
        }

        switch (kind)
        {
            case FixMsgType.Code.Heartbeat:
                AdvanceTarget();
                return;
            case FixMsgType.Code.TestRequest:
                AdvanceTarget();
                SendHeartbeat(m.GetString(FixTag.TestReqID));
                return;
            case FixMsgType.Code.ResendRequest:
                ServeResendRequest(m);
                AdvanceTarget();
                return;
            case FixMsgType.Code.Reject:
                Counters.RejectsReceived++;
                m.TryGetInt(FixTag.RefSeqNum, out long refSeq);
                m.TryGetInt(FixTag.SessionRejectReason, out long reason);
                m.TryGetInt(FixTag.RefTagID, out long refTag);
                Warn($"Reject received for our MsgSeqNum {refSeq}: reason {reason}, tag {refTag}: {Encoding.ASCII.GetString(m.GetString(FixTag.Text))}");
                AdvanceTarget();
                return;
            case FixMsgType.Code.SequenceReset:
                HandleGapFill(m, seq);
                return;
            case FixMsgType.Code.Logout:
                AdvanceTarget();
                HandleLogout(m);
                return;
        }

        Counters.ApplicationMessagesReceived++;
        _application.OnMessage(this, m);
        AdvanceTarget();
    }

    /// <summary>Processes the messages queued ahead of a gap that has just been filled, in order.</summary>
    private void DrainQueue()
    {
        while (_state != FixSessionState.Disconnected && _queue.TryTake(_nextTarget, out ReadOnlySpan<byte> message, out bool countOnly))
        {
            if (countOnly)
            {
                AdvanceTarget();
                continue;
            }

            Handle(message, queued: true);
        }

        if (_queue.Count > 0 && !_resendOutstanding && _state == FixSessionState.Active)
        {
            // Another gap between what was filled and what is queued.
            RequestResend(_queue.FirstSeq, bounded: true);
        }
    }

    /// <summary>SenderCompID, TargetCompID and SendingTime present (else reason 1) and not empty (else reason 4).</summary>
    private bool HeaderFieldsPresent(in FixMessageView m, ulong seq, ReadOnlySpan<byte> type)
    {
        int missing = 0;
        SessionRejectReason reason = SessionRejectReason.RequiredTagMissing;
        foreach (int tag in (ReadOnlySpan<int>)[FixTag.SenderCompID, FixTag.TargetCompID, FixTag.SendingTime])
        {
            if (!m.TryGetValue(tag, out ReadOnlySpan<byte> v))
            {
                missing = tag;
                break;
            }

            if (v.IsEmpty)
            {
                missing = tag;
                reason = SessionRejectReason.TagSpecifiedWithoutValue;
                break;
            }
        }

        if (missing == 0)
        {
            return true;
        }

        if (_state != FixSessionState.Active)
        {
            string refused = $"Logon refused: {RejectText(reason)} (tag {missing})";
            Counters.LogonFailures++;
            SendLogout(refused);
            Disconnect(refused);
            return false;
        }

        SendReject(seq, type, missing, reason, RejectText(reason));
        if (seq == _nextTarget)
        {
            AdvanceTarget();
        }

        return false;
    }

    /// <summary>
    /// A PossDupFlag=Y message needs OrigSendingTime (else Reject 1/122) no later than its SendingTime
    /// (else Reject 10, Logout, disconnect): test cases 2f and 2g, for a duplicate below the expected
    /// number as for one in sequence. False when the message was refused.
    /// </summary>
    private bool PossDupTimesValid(in FixMessageView m, ulong seq, ReadOnlySpan<byte> type)
    {
        if (!m.TryGetTimestamp(FixTag.OrigSendingTime, out long orig))
        {
            SendReject(seq, type, FixTag.OrigSendingTime, SessionRejectReason.RequiredTagMissing, "PossDupFlag=Y without OrigSendingTime");
            if (seq == _nextTarget)
            {
                AdvanceTarget();
            }

            return false;
        }

        if (m.TryGetTimestamp(FixTag.SendingTime, out long st) && orig > st)
        {
            RejectAndLogout(seq, type, FixTag.OrigSendingTime, SessionRejectReason.SendingTimeAccuracyProblem, "SendingTime accuracy problem: OrigSendingTime later than SendingTime");
            return false;
        }

        return true;
    }

    private void AdvanceTarget() => SetNextTarget(_nextTarget + 1);

    private void SetNextTarget(ulong next)
    {
        _nextTarget = next;
        SaveSequenceNumbers();
        if (_resendOutstanding)
        {
            _resendProgressMono = _clock.MonotonicNanos;
            if (next > _resendEnd)
            {
                _resendOutstanding = false;
                Info($"sequence gap {_resendBegin}..{_resendEnd} recovered");
            }
        }
    }

    /// <summary>CompID or SendingTime problems: Reject, Logout, disconnect (before logon: disconnect only).</summary>
    private void RejectAndLogout(ulong seq, ReadOnlySpan<byte> type, int tag, SessionRejectReason reason, string text)
    {
        if (_state is FixSessionState.LogonSent or FixSessionState.AwaitingLogon)
        {
            // Test case 1B d: an invalid Logon answer gets a Logout naming the problem, then the
            // disconnect. An acceptor says nothing to a party it cannot identify (as QuickFIX does).
            Counters.LogonFailures++;
            Error($"Logon refused: {text}");
            if (_settings.Role == FixRole.Initiator)
            {
                SendLogout(text);
            }

            Disconnect($"Logon refused: {text}");
            return;
        }

        SendReject(seq, type, tag, reason, text);
        if (seq == _nextTarget)
        {
            AdvanceTarget();
        }

        SendLogout(text);
        Disconnect(text);
    }

    private void HandleLogon(in FixMessageView m, ulong seq)
    {
        if (_state == FixSessionState.Active && m.TryGetBool(FixTag.ResetSeqNumFlag, out bool inSessionReset) && inSessionReset
            && m.TryGetInt(FixTag.HeartBtInt, out long hb) && hb >= 0 && seq == 1)
        {
            // FIX 4.4: a Logon with ResetSeqNumFlag=Y during a session resets both sides to 1 (the
            // 24-hour session rolling over without a disconnect); it is answered with a Logon 141=Y.
            Warn("Logon with ResetSeqNumFlag=Y during the session: both sequence numbers reset to 1");
            ResetSequenceNumbers();
            SendLogon((int)hb, resetSeqNum: true);
            AdvanceTarget();
            return;
        }

        if (_state is FixSessionState.Active or FixSessionState.LogoutSent)
        {
            string again = "Logon received on a session already logged on";
            Error(again);
            SendLogout(again);
            Disconnect(again);
            return;
        }

        if (_settings.ValidateMessages)
        {
            FixValidationResult r = _validator.Validate(m);
            if (!r.IsValid)
            {
                string bad = $"invalid Logon: {RejectText(r.Reason)} (tag {r.RefTagId})";
                Counters.LogonFailures++;
                SendLogout(bad);
                Disconnect(bad);
                return;
            }
        }

        if (!m.TryGetInt(FixTag.HeartBtInt, out long heartBtInt) || heartBtInt < 0 || heartBtInt > 3600)
        {
            string bad = "invalid Logon: HeartBtInt (108) missing or out of range";
            Counters.LogonFailures++;
            SendLogout(bad);
            Disconnect(bad);
            return;
        }

        bool resetFlag = m.TryGetBool(FixTag.ResetSeqNumFlag, out bool rf) && rf;
        bool acceptor = _settings.Role == FixRole.Acceptor;
        if (acceptor && !CredentialsMatch(m))
        {
            // Which of the two was wrong is not told, and neither value is logged.
            const string refused = "Invalid Logon: Username or Password not accepted";
            Counters.LogonFailures++;
            Error(refused);
            SendLogout(refused);
            Disconnect(refused);
            return;
        }

        if (acceptor)
        {
            _heartBtNs = heartBtInt * 1_000_000_000;
            if (resetFlag || _settings.ResetOnLogon)
            {
                // The reply carries 141=Y only when the Logon asked for the reset; a reset by our own
                // configuration is silent (as QuickFIX's ResetOnLogon is).
                Info(resetFlag ? "peer's Logon carries ResetSeqNumFlag=Y: sequence numbers reset to 1" : "ResetOnLogon: sequence numbers reset to 1");
                ResetSequenceNumbers();
                _sentResetFlag = resetFlag;
            }
        }
        else
        {
            if (resetFlag && !_sentResetFlag)
            {
                // The acceptor reset its side: it starts again from 1.
                Warn("Logon answer carries ResetSeqNumFlag=Y we did not ask for: expecting the peer from MsgSeqNum 1");
                _nextTarget = 1;
                SaveSequenceNumbers();
            }
            else if (_sentResetFlag && !resetFlag)
            {
                Warn("Logon answer does not confirm our ResetSeqNumFlag=Y");
            }
        }

        if (seq < _nextTarget)
        {
            string low = $"MsgSeqNum too low, expecting {_nextTarget} but received {seq}";
            Counters.LogonFailures++;
            Error(low);
            SendLogout(low);
            Disconnect(low);
            return;
        }

        if (acceptor)
        {
            SendLogon((int)heartBtInt, _sentResetFlag);
            if (_state == FixSessionState.Disconnected)
            {
                return;
            }
        }

        _state = FixSessionState.Active;
        Counters.Logons++;
        if (seq == _nextTarget)
        {
            AdvanceTarget();
        }

        Info($"logged on (HeartBtInt {heartBtInt} s, Logon MsgSeqNum {seq}, next sender {_nextSender}, next target {_nextTarget})");
        if (seq > _nextTarget)
        {
            // The Logon is acted on now; its number is counted once the gap before it is filled.
            _queue.Add(seq, default, countOnly: true);
            RequestResend(seq, bounded: true);
        }

        _application.OnLogon(this);
    }

    /// <summary>An acceptor configured with a Username and/or Password requires them on the Logon (553/554).</summary>
    private bool CredentialsMatch(in FixMessageView m)
    {
        bool ok = true;
        if (_username is not null)
        {
            ok &= m.TryGetValue(FixTag.Username, out ReadOnlySpan<byte> user) && user.SequenceEqual(_username);
        }

        if (_settings.Password is { } password)
        {
            ok &= m.TryGetValue(FixTag.Password, out ReadOnlySpan<byte> given) && password.Matches(given);
        }

        return ok;
    }

    private void HandleSequenceReset(in FixMessageView m, ulong seq)
    {
        Counters.SequenceResetsReceived++;
        if (!m.TryGetInt(FixTag.NewSeqNo, out long newSeqNo) || newSeqNo <= 0)
        {
            SendReject(seq, "4"u8 /* SequenceReset */, FixTag.NewSeqNo, SessionRejectReason.RequiredTagMissing, "SequenceReset without a valid NewSeqNo");
            return;
        }

        ulong next = (ulong)newSeqNo;
        if (next > _nextTarget)
        {
            Warn($"SequenceReset-Reset: next expected MsgSeqNum {_nextTarget} -> {next}");
            _resendOutstanding = false;
            SetNextTarget(next);
        }
        else if (next == _nextTarget)
        {
            Warn($"SequenceReset-Reset to {next}, which is already the next expected MsgSeqNum");
        }
        else
        {
            SendReject(seq, "4"u8 /* SequenceReset */, FixTag.NewSeqNo, SessionRejectReason.ValueIncorrect,
                $"attempt to lower sequence number, invalid value NewSeqNo={next}");
        }
    }

    private void HandleGapFill(in FixMessageView m, ulong seq)
    {
        Counters.GapFillsReceived++;
        m.TryGetInt(FixTag.NewSeqNo, out long newSeqNo);
        if (newSeqNo > (long)seq)
        {
            SetNextTarget((ulong)newSeqNo);
            return;
        }

        SendReject(seq, "4"u8 /* SequenceReset */, FixTag.NewSeqNo, SessionRejectReason.ValueIncorrect,
            $"attempt to lower sequence number, invalid value NewSeqNo={newSeqNo}");
        AdvanceTarget();
    }

    private void HandleLogout(in FixMessageView m)
    {
        string text = Encoding.ASCII.GetString(m.GetString(FixTag.Text));
        if (_state == FixSessionState.LogoutSent)
        {
            Disconnect(text.Length == 0 ? "logout confirmed" : $"logout confirmed: {text}");
            return;
        }

        SendLogout(null);
        Disconnect(text.Length == 0 ? "peer logged out" : $"peer logged out: {text}");
    }

    private static string RejectText(SessionRejectReason reason) => reason switch
    {
        SessionRejectReason.InvalidTagNumber => "Invalid tag number",
        SessionRejectReason.RequiredTagMissing => "Required tag missing",
        SessionRejectReason.TagNotDefinedForMessageType => "Tag not defined for this message type",
        SessionRejectReason.UndefinedTag => "Undefined Tag",
        SessionRejectReason.TagSpecifiedWithoutValue => "Tag specified without a value",
        SessionRejectReason.ValueIncorrect => "Value is incorrect (out of range) for this tag",
        SessionRejectReason.IncorrectDataFormat => "Incorrect data format for value",
        SessionRejectReason.CompIdProblem => "CompID problem",
        SessionRejectReason.SendingTimeAccuracyProblem => "SendingTime accuracy problem",
        SessionRejectReason.InvalidMsgType => "Invalid MsgType",
        SessionRejectReason.TagAppearsMoreThanOnce => "Tag appears more than once",
        SessionRejectReason.TagSpecifiedOutOfRequiredOrder => "Tag specified out of required order",
        SessionRejectReason.RepeatingGroupFieldsOutOfOrder => "Repeating group fields out of order",
        SessionRejectReason.IncorrectNumInGroupCount => "Incorrect NumInGroup count for repeating group",
        SessionRejectReason.NonDataValueIncludesFieldDelimiter => "Non Data value includes field delimiter (SOH character)",
        _ => "Other",
    };
}
