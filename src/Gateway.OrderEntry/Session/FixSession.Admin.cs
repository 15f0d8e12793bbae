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

    private void RequestResend(ulong seenSeq)
    {
        if (_resendOutstanding)
        {
            _resendEnd = Math.Max(_resendEnd, seenSeq);
            return;
        }

        _resendOutstanding = true;
        _resendBegin = _nextTarget;
        _resendEnd = seenSeq;
        _resendProgressMono = _clock.MonotonicNanos;
        Warn($"sequence gap: expected MsgSeqNum {_nextTarget}, received {seenSeq}; ResendRequest {_nextTarget} to infinity");
        FixEncoder e = BeginAdmin(_resendRequest);
        e.AppendInt(FixTag.BeginSeqNo, (long)_nextTarget);
        e.AppendInt(FixTag.EndSeqNo, 0);
        Counters.ResendRequestsSent++;
        SendAdmin();
    }

    /// <summary>A session-level Reject (35=3) of the message with MsgSeqNum <paramref name="refSeq"/>.</summary>
    private void SendReject(ulong refSeq, ReadOnlySpan<byte> refMsgType, int refTag, SessionRejectReason reason, string text)
    {
        Warn($"Reject of MsgSeqNum {refSeq} (35={System.Text.Encoding.ASCII.GetString(refMsgType)}): reason {(int)reason} {reason}, tag {refTag}: {text}");
        FixEncoder e = BeginAdmin(_reject);
        e.AppendInt(FixTag.RefSeqNum, (long)refSeq);
        if (refTag > 0)
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

    /// <summary>BusinessMessageReject (35=j) with BusinessRejectReason <paramref name="reason"/> (3 = unsupported message type).</summary>
    private void SendBusinessReject(ulong refSeq, ReadOnlySpan<byte> refMsgType, int reason, string text)
    {
        Warn($"BusinessMessageReject of MsgSeqNum {refSeq} (35={System.Text.Encoding.ASCII.GetString(refMsgType)}): reason {reason}: {text}");
        FixEncoder e = BeginAdmin(_businessReject);
        e.AppendInt(FixTag.RefSeqNum, (long)refSeq);
        e.AppendString(FixTag.RefMsgType, refMsgType.Length <= 2 ? refMsgType : refMsgType.Slice(0, 2));
        e.AppendInt(FixTag.BusinessRejectReason, reason);
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
