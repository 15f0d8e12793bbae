using Gateway.OrderEntry.Fix;

namespace Gateway.OrderEntry.Session;

/// <summary>The session-level messages this side sends (FIX 4.4 Volume 2). None of them is journaled.</summary>
public sealed partial class FixSession
{
    private FixEncoder BeginAdmin(FixMessageTemplate template)
    {
        _adminEncoder.Begin(template);
        return _adminEncoder;
    }

    /// <summary>Stamps the admin message with the next MsgSeqNum, writes it and moves the sequence on.</summary>
    private void SendAdmin()
    {
        ulong seq = _nextSender;
        ReadOnlySpan<byte> message = _adminEncoder.Finish((int)seq, _clock.UtcNowNanos);
        _nextSender = seq + 1;
        SaveSequenceNumbers();
        Write(message);
    }

    private void SendLogon(int heartBtInt, bool resetSeqNum)
    {
        FixEncoder e = BeginAdmin(_logon);
        e.AppendInt(FixTag.EncryptMethod, 0);
        e.AppendInt(FixTag.HeartBtInt, heartBtInt);
        if (resetSeqNum)
        {
            e.AppendBool(FixTag.ResetSeqNumFlag, true);
        }

        if (_settings.Role == FixRole.Initiator)
        {
            // Credentials go on the initiator's Logon only; admin messages are never journaled.
            if (_username is not null)
            {
                e.AppendString(FixTag.Username, _username);
            }

            if (_settings.Password is { } password)
            {
                e.AppendString(FixTag.Password, password.Bytes);
            }
        }

        SendAdmin();
    }

    private void SendHeartbeat(ReadOnlySpan<byte> testReqId)
    {
        FixEncoder e = BeginAdmin(_heartbeat);
        if (!testReqId.IsEmpty)
        {
            e.AppendString(FixTag.TestReqID, testReqId);
        }

        Counters.HeartbeatsSent++;
        SendAdmin();
    }

    private void SendTestRequest()
    {
        FixEncoder e = BeginAdmin(_testRequest);
        Span<byte> id = stackalloc byte[24];
        "TEST-"u8.CopyTo(id);
        int n = FixFormat.WriteInt(id.Slice(5), ++_testRequestId);
        e.AppendString(FixTag.TestReqID, id.Slice(0, 5 + n));
        Counters.TestRequestsSent++;
        SendAdmin();
    }

    /// <summary>
    /// Asks for the gap before <paramref name="seenSeq"/>: just the gap when what came after it is
    /// queued (<paramref name="bounded"/>), else everything from the expected number on (EndSeqNo 0).
    /// One request at a time; an unbounded one outstanding covers later numbers too.
    /// </summary>
    private void RequestResend(ulong seenSeq, bool bounded)
    {
        if (_resendOutstanding)
        {
            if (!_resendBounded)
            {
                _resendEnd = Math.Max(_resendEnd, seenSeq);
            }

            return; // a bounded request's remainder is asked for once it is answered (DrainQueue)
        }

        _resendOutstanding = true;
        _resendBounded = bounded;
        _resendBegin = _nextTarget;
        _resendEnd = bounded ? seenSeq - 1 : seenSeq;
        _resendProgressMono = _clock.MonotonicNanos;
        Warn(bounded
            ? $"sequence gap: expected MsgSeqNum {_nextTarget}, received {seenSeq}; ResendRequest {_nextTarget} to {_resendEnd}, later messages queued"
            : $"sequence gap: expected MsgSeqNum {_nextTarget}, received {seenSeq}; ResendRequest {_nextTarget} to infinity");
        FixEncoder e = BeginAdmin(_resendRequest);
        e.AppendInt(FixTag.BeginSeqNo, (long)_nextTarget);
        e.AppendInt(FixTag.EndSeqNo, bounded ? (long)_resendEnd : 0);
        Counters.ResendRequestsSent++;
        SendAdmin();
    }

    /// <summary>A session-level Reject (35=3) of the message with MsgSeqNum <paramref name="refSeq"/>.</summary>
    private void SendReject(ulong refSeq, ReadOnlySpan<byte> refMsgType, int refTag, SessionRejectReason reason, string text)
    {
        Warn($"Reject of MsgSeqNum {refSeq} (35={System.Text.Encoding.ASCII.GetString(refMsgType)}): reason {(int)reason} {reason}, tag {refTag}: {text}");
        FixEncoder e = BeginAdmin(_reject);
        AppendCapturedRouting(e);
        e.AppendInt(FixTag.RefSeqNum, (long)refSeq);
        if (refTag > 0 || reason == SessionRejectReason.InvalidTagNumber)
        {
            e.AppendInt(FixTag.RefTagID, refTag);
        }

        if (!refMsgType.IsEmpty && refMsgType.Length <= 2)
        {
            e.AppendString(FixTag.RefMsgType, refMsgType);
        }

        if (reason != SessionRejectReason.None)
        {
            e.AppendInt(FixTag.SessionRejectReason, (int)reason);
        }

        AppendText(e, text);
        Counters.RejectsSent++;
        SendAdmin();
    }

    /// <summary>
    /// For the application: refuses an application message it received (still inside
    /// <see cref="IFixApplication.OnMessage"/>) with a BusinessMessageReject (35=j): RefSeqNum, RefMsgType,
    /// BusinessRejectReason (FIX 4.4: 3 Unsupported Message Type, 5 Conditionally Required Field
    /// Missing, ...), RefTagID when given. The session validates and carries every message of its
    /// dictionary; which of them the application handles is the application's choice.
    /// </summary>
    public void RejectBusinessMessage(in FixMessageView message, BusinessRejectReason reason, string text, int refTagId = 0)
    {
        if (_state != FixSessionState.Active)
        {
            return;
        }

        _businessRejectRefTag = refTagId;
        SendBusinessReject(message.TryGetInt(FixTag.MsgSeqNum, out long seq) ? (ulong)seq : 0, message.MsgType, (int)reason, text);
        _businessRejectRefTag = 0;
    }

    private int _businessRejectRefTag;

    /// <summary>
    /// For the application: refuses an application message it received (still inside
    /// <see cref="IFixApplication.OnMessage"/>) with a session-level Reject (35=3) naming the tag at
    /// fault: a value the dictionary's syntax allows but the application cannot read (5 value out of
    /// range, 6 incorrect data format).
    /// </summary>
    public void RejectMessage(in FixMessageView message, SessionRejectReason reason, int refTagId, string text)
    {
        if (_state != FixSessionState.Active)
        {
            return;
        }

        SendReject(message.TryGetInt(FixTag.MsgSeqNum, out long seq) ? (ulong)seq : 0, message.MsgType, refTagId, reason, text);
    }

    /// <summary>BusinessMessageReject (35=j) with BusinessRejectReason <paramref name="reason"/> (3 = unsupported message type).</summary>
    private void SendBusinessReject(ulong refSeq, ReadOnlySpan<byte> refMsgType, int reason, string text)
    {
        Warn($"BusinessMessageReject of MsgSeqNum {refSeq} (35={System.Text.Encoding.ASCII.GetString(refMsgType)}): reason {reason}: {text}");
        FixEncoder e = BeginAdmin(_businessReject);
        AppendCapturedRouting(e);
        e.AppendInt(FixTag.RefSeqNum, (long)refSeq);
        e.AppendString(FixTag.RefMsgType, refMsgType.Length <= 2 ? refMsgType : refMsgType.Slice(0, 2));
        e.AppendInt(FixTag.BusinessRejectReason, reason);
        if (_businessRejectRefTag > 0)
        {
            e.AppendInt(FixTag.RefTagID, _businessRejectRefTag);
        }

        AppendText(e, text);
        Counters.BusinessRejectsSent++;
        SendAdmin();
    }

    private void SendLogout(string? text)
    {
        FixEncoder e = BeginAdmin(_logout);
        if (text is not null)
        {
            AppendText(e, text);
        }

        SendAdmin();
    }

    /// <summary>SequenceReset-GapFill for [<paramref name="first"/>, <paramref name="newSeqNo"/>): sent with MsgSeqNum = first, PossDupFlag=Y.</summary>
    private void SendGapFill(ulong first, ulong newSeqNo)
    {
        FixEncoder e = BeginAdmin(_sequenceReset);
        long now = _clock.UtcNowNanos;
        e.AppendBool(FixTag.PossDupFlag, true);
        e.AppendTimestamp(FixTag.OrigSendingTime, now, _settings.SendingTimePrecision);
        e.AppendBool(FixTag.GapFillFlag, true);
        e.AppendInt(FixTag.NewSeqNo, (long)newSeqNo);
        ReadOnlySpan<byte> message = _adminEncoder.Finish((int)first, now);
        Counters.GapFillsSent++;
        Write(message);
    }

    private static void AppendText(FixEncoder e, string text)
    {
        Span<byte> bytes = stackalloc byte[Math.Min(text.Length, 200)];
        int n = 0;
        foreach (char c in text)
        {
            if (n == bytes.Length)
            {
                break;
            }

            // Text (58) is a String: printable ASCII here, never SOH.
            bytes[n++] = c is >= ' ' and <= '~' ? (byte)c : (byte)'?';
        }

        if (n > 0)
        {
            e.AppendString(FixTag.Text, bytes.Slice(0, n));
        }
    }
}
