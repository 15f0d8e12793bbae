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
    // What a resend adds to the stored bytes: "43=Y|", "122=<timestamp>|" and the encoder's headroom for the header.
    private const int ResendExtraBytes = 160;

    private void ServeResendRequest(in FixMessageView m)
    {
        Counters.ResendRequestsReceived++;
        if (!m.TryGetInt(FixTag.BeginSeqNo, out long beginValue) || !m.TryGetInt(FixTag.EndSeqNo, out long endValue)
            || beginValue < 1 || endValue < 0)
        {
            m.TryGetInt(FixTag.MsgSeqNum, out long refSeq);
            SendReject((ulong)refSeq, "2"u8 /* ResendRequest */, FixTag.BeginSeqNo, SessionRejectReason.ValueIncorrect, "ResendRequest with an invalid BeginSeqNo or EndSeqNo");
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
                && TryBuildResend(stored, seq, out ReadOnlySpan<byte> resend))
            {
                if (gapStart != 0)
                {
                    SendGapFill(gapStart, seq);
                    gapStart = 0;
                }

                Counters.MessagesResent++;
                Write(resend);
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
    /// Re-encodes a journaled message through the resend encoder: its own MsgSeqNum, SendingTime now,
    /// PossDupFlag=Y and OrigSendingTime (the old SendingTime) first, then every other field in its
    /// order (an old PossDupFlag/PossResend/OrigSendingTime dropped, data fields kept whole). False
    /// when the stored bytes do not parse with our MsgSeqNum, are an admin message, or would not fit.
    /// </summary>
    private bool TryBuildResend(ReadOnlySpan<byte> stored, ulong seq, out ReadOnlySpan<byte> message)
    {
        message = default;
        FixFieldTable t = _resendTable;
        if (stored.Length + ResendExtraBytes > _resendCapacity || _parser.Parse(stored, t) != FixParseStatus.Ok)
        {
            Warn($"journaled MsgSeqNum {seq} does not parse or is too long to resend; gap-filled instead");
            return false;
        }

        var view = new FixMessageView(stored, t);
        if (!view.TryGetInt(FixTag.MsgSeqNum, out long storedSeq) || (ulong)storedSeq != seq || FixMsgType.IsAdmin(view.MsgType))
        {
            return false;
        }

        FixEncoder e = _resendEncoder;
        e.Begin(TemplateFor(view.MsgType));
        e.AppendBool(FixTag.PossDupFlag, true);
        e.AppendString(FixTag.OrigSendingTime, view.GetString(FixTag.SendingTime));
        int last = t.Count - 1; // CheckSum
        for (int i = 3; i < last; i++)
        {
            int tag = t[i].Tag;
            switch (tag)
            {
                case FixTag.SenderCompID or FixTag.TargetCompID or FixTag.MsgSeqNum or FixTag.SendingTime:
                case FixTag.PossDupFlag or FixTag.PossResend or FixTag.OrigSendingTime:
                    continue; // the template and the two fields above
            }

            int dataTag = FixDataFields.DataTagOf(tag);
            if (dataTag != 0 && i + 1 < last && t[i + 1].Tag == dataTag)
            {
                e.AppendData(tag, dataTag, view.ValueAt(++i));
            }
            else
            {
                e.AppendString(tag, view.ValueAt(i));
            }
        }

        message = e.Finish((int)seq, _clock.UtcNowNanos);
        return true;
    }

    /// <summary>The template of <paramref name="msgType"/> on this session, built on first use and kept (resends, echo).</summary>
    public FixMessageTemplate TemplateFor(ReadOnlySpan<byte> msgType)
    {
        int key = msgType.Length == 1 ? msgType[0] : (msgType[0] << 8) | msgType[1];
        if (!_templates.TryGetValue(key, out FixMessageTemplate? template))
        {
            template = CreateTemplate(System.Text.Encoding.ASCII.GetString(msgType));
            _templates[key] = template;
        }

        return template;
    }
}
