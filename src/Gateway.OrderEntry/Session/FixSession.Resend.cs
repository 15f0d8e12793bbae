using Gateway.OrderEntry.Fix;

namespace Gateway.OrderEntry.Session;

/// <summary>
/// Serving the peer's ResendRequest (FIX 4.4 Volume 2, "Message Recovery"): every journaled
/// application message in the range goes out again with its own MsgSeqNum, PossDupFlag=Y,
/// OrigSendingTime = its first SendingTime and a new SendingTime; every run of sequence numbers
/// without one (admin messages, or all of them when
/// <see cref="FixSessionSettings.ResendApplicationMessages"/> is off) becomes one
/// SequenceReset-GapFill whose MsgSeqNum is the run's first and NewSeqNo the number after it.
/// </summary>
public sealed partial class FixSession
{
    private void ServeResendRequest(in FixMessageView m)
    {
        Counters.ResendRequestsReceived++;
        if (!m.TryGetInt(FixTag.BeginSeqNo, out long beginValue) || !m.TryGetInt(FixTag.EndSeqNo, out long endValue)
            || beginValue < 1 || endValue < 0)
        {
            m.TryGetInt(FixTag.MsgSeqNum, out long refSeq);
            SendReject((ulong)refSeq, "2"u8, FixTag.BeginSeqNo, SessionRejectReason.ValueIncorrect, "ResendRequest with an invalid BeginSeqNo or EndSeqNo");
            return;
        }

        ulong last = _nextSender - 1;
        ulong begin = (ulong)beginValue;
        ulong end = endValue == 0 || (ulong)endValue > last ? last : (ulong)endValue;
        if (begin > end)
        {
            Warn($"ResendRequest {beginValue}..{endValue}: nothing sent in that range (last sent {last}); ignored");
            return;
        }

        Info($"serving ResendRequest {begin}..{end}{(endValue == 0 ? " (0 = infinity)" : "")}");
        ulong gapStart = 0;
        for (ulong seq = begin; seq <= end && _state != FixSessionState.Disconnected; seq++)
        {
            if (_settings.ResendApplicationMessages && _store.TryGet(seq, out ReadOnlySpan<byte> stored)
                && TryBuildResend(stored, seq, out int resendStart, out int resendLength))
            {
                if (gapStart != 0)
                {
                    SendGapFill(gapStart, seq);
                    gapStart = 0;
                }

                Counters.MessagesResent++;
                Write(_resendBuffer.AsSpan(resendStart, resendLength));
            }
            else if (gapStart == 0)
            {
                gapStart = seq;
            }
        }

        if (gapStart != 0 && _state != FixSessionState.Disconnected)
        {
            SendGapFill(gapStart, end + 1);
        }
    }

    /// <summary>
    /// Rewrites a journaled message into the resend buffer: the same fields in the same order, with
    /// SendingTime now, PossDupFlag=Y and OrigSendingTime (the old SendingTime) right after it, any old
    /// PossDupFlag/PossResend/OrigSendingTime dropped, BodyLength and CheckSum recomputed. False when
    /// the stored bytes do not parse with our MsgSeqNum, are an admin message, or would not fit.
    /// </summary>
    private bool TryBuildResend(ReadOnlySpan<byte> stored, ulong seq, out int start, out int length)
    {
        start = 0;
        length = 0;
        FixFieldTable t = _resendTable;
        if (_parser.Parse(stored, t) != FixParseStatus.Ok)
        {
            Warn($"journaled MsgSeqNum {seq} does not parse; gap-filled instead");
            return false;
        }

        var view = new FixMessageView(stored, t);
        if (!view.TryGetInt(FixTag.MsgSeqNum, out long storedSeq) || (ulong)storedSeq != seq || IsAdmin(view.MsgType))
        {
            return false;
        }

        // Body from "35=" to the SOH before "10=", written after a headroom for "8=FIX.4.4|9=NNNNNNN|".
        const int Headroom = 32;
        Span<byte> buf = _resendBuffer;
        int p = Headroom;
        int limit = buf.Length - 8; // room for "10=CCC|"
        int last = t.Count - 1;     // CheckSum
        for (int i = 2; i < last; i++)
        {
            int tag = t[i].Tag;
            if (tag is FixTag.PossDupFlag or FixTag.PossResend or FixTag.OrigSendingTime)
            {
                continue;
            }

            if (tag == FixTag.SendingTime)
            {
                if (!Field(buf, ref p, limit, FixTag.SendingTime, default, _clock.UtcNowNanos)
                    || !Field(buf, ref p, limit, FixTag.PossDupFlag, "Y"u8, -1)
                    || !Field(buf, ref p, limit, FixTag.OrigSendingTime, view.ValueAt(i), -1))
                {
                    return false;
                }

                continue;
            }

            if (!Field(buf, ref p, limit, tag, view.ValueAt(i), -1))
            {
                return false;
            }
        }

        int bodyLength = p - Headroom;
        int q = Headroom;
        buf[--q] = 0x01;
        q = FixFormat.WriteDigitsBackward(buf, q, (ulong)bodyLength);
        ReadOnlySpan<byte> begin = "8=FIX.4.4\u00019="u8;
        q -= begin.Length;
        begin.CopyTo(buf.Slice(q));
        int checksum = FixChecksum.Compute(buf.Slice(q, p - q));
        buf[p] = (byte)'1';
        buf[p + 1] = (byte)'0';
        buf[p + 2] = (byte)'=';
        buf[p + 3] = (byte)('0' + (checksum / 100));
        buf[p + 4] = (byte)('0' + (checksum / 10 % 10));
        buf[p + 5] = (byte)('0' + (checksum % 10));
        buf[p + 6] = 0x01;
        start = q;
        length = p + 7 - q;
        return true;
    }

    /// <summary>Writes "tag=value|" (or a timestamp when <paramref name="timestampNanos"/> is not negative).</summary>
    private bool Field(Span<byte> buf, ref int p, int limit, int tag, ReadOnlySpan<byte> value, long timestampNanos)
    {
        int valueMax = timestampNanos >= 0 ? 30 : value.Length;
        if (p + 12 + valueMax > limit)
        {
            return false;
        }

        int digits = FixFormat.DigitCount((ulong)tag);
        FixFormat.WriteDigitsBackward(buf, p + digits, (ulong)tag);
        p += digits;
        buf[p++] = (byte)'=';
        if (timestampNanos >= 0)
        {
            p += FixFormat.WriteTimestamp(buf.Slice(p), timestampNanos, _settings.SendingTimePrecision);
        }
        else
        {
            value.CopyTo(buf.Slice(p));
            p += value.Length;
        }

        buf[p++] = 0x01;
        return true;
    }

    private static bool IsAdmin(ReadOnlySpan<byte> msgType) =>
        msgType.Length == 1 && msgType[0] is (byte)'0' or (byte)'1' or (byte)'2' or (byte)'3' or (byte)'4' or (byte)'5' or (byte)'A';
}
