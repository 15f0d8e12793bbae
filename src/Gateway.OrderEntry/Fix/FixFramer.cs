namespace Gateway.OrderEntry.Fix;

public enum FixFrameStatus : byte
{
    /// <summary>A whole message of <see cref="FixFrame.Length"/> bytes starts the buffer.</summary>
    Complete = 0,

    /// <summary>The buffer holds the start of a plausible message: read more.</summary>
    NeedMore = 1,

    /// <summary>Not a message: drop <see cref="FixFrame.Length"/> bytes (up to the next "8=FIX") and frame again.</summary>
    Garbled = 2,
}

/// <summary>One framing decision; <see cref="Reason"/> says why a frame is garbled (for logs and counters).</summary>
public readonly record struct FixFrame(FixFrameStatus Status, int Length, FixParseStatus Reason);

/// <summary>
/// Finds message boundaries in a TCP byte stream: "8=FIX..." SOH "9=" BodyLength SOH, then BodyLength
/// bytes, then "10=CCC" SOH. Only the frame is checked here (any "8=FIX" version is framed, so the
/// session can answer a wrong BeginString); the parser checks the rest. Garbled input is skipped
/// to the next "8=FIX", as the session protocol drops garbled messages.
/// </summary>
public static class FixFramer
{
    private static ReadOnlySpan<byte> Start => "8=FIX"u8;

    private const int MaxBeginStringValue = 16;
    private const int MaxBodyLengthDigits = 7;

    public static FixFrame Next(ReadOnlySpan<byte> buffered, int maxMessageLength = FixParser.DefaultMaxMessageLength)
    {
        int n = buffered.Length;
        if (n == 0)
        {
            return new FixFrame(FixFrameStatus.NeedMore, 0, FixParseStatus.Incomplete);
        }

        ReadOnlySpan<byte> start = Start;
        int k = Math.Min(n, start.Length);
        if (!buffered.Slice(0, k).SequenceEqual(start.Slice(0, k)))
        {
            return Garbled(buffered, FixParseStatus.MissingBeginString);
        }

        if (n <= start.Length)
        {
            return NeedMore;
        }

        // The BeginString value runs to the first SOH.
        int soh = buffered.Slice(start.Length, Math.Min(n - start.Length, MaxBeginStringValue)).IndexOf((byte)0x01);
        if (soh < 0)
        {
            return n - start.Length < MaxBeginStringValue ? NeedMore : Garbled(buffered, FixParseStatus.UnsupportedBeginString);
        }

        int p = start.Length + soh + 1;
        if (n < p + 2)
        {
            return n == p || buffered[p] == (byte)'9' ? NeedMore : Garbled(buffered, FixParseStatus.MissingBodyLength);
        }

        if (buffered[p] != (byte)'9' || buffered[p + 1] != (byte)'=')
        {
            return Garbled(buffered, FixParseStatus.MissingBodyLength);
        }

        p += 2;
        int digitsStart = p;
        long bodyLength = 0;
        while (true)
        {
            if (p >= n)
            {
                return NeedMore;
            }

            uint d = (uint)(buffered[p] - '0');
            if (d > 9)
            {
                break;
            }

            bodyLength = (bodyLength * 10) + d;
            if (++p - digitsStart > MaxBodyLengthDigits)
            {
                return Garbled(buffered, FixParseStatus.BadBodyLength);
            }
        }

        if (p == digitsStart || buffered[p] != 0x01 || bodyLength == 0)
        {
            return Garbled(buffered, FixParseStatus.BadBodyLength);
        }

        long total = p + 1 + bodyLength + 7;
        if (total > maxMessageLength)
        {
            return Garbled(buffered, FixParseStatus.TooLong);
        }

        if (n < total)
        {
            return NeedMore;
        }

        int end = (int)total;
        ReadOnlySpan<byte> trailer = buffered.Slice(end - 8, 8);
        if (trailer[0] != 0x01 || trailer[1] != (byte)'1' || trailer[2] != (byte)'0' || trailer[3] != (byte)'=')
        {
            return Garbled(buffered, FixParseStatus.BodyLengthMismatch);
        }

        if ((uint)(trailer[4] - '0') > 9 || (uint)(trailer[5] - '0') > 9 || (uint)(trailer[6] - '0') > 9 || trailer[7] != 0x01)
        {
            return Garbled(buffered, FixParseStatus.BadChecksumFormat);
        }

        return new FixFrame(FixFrameStatus.Complete, end, FixParseStatus.Ok);
    }

    private static FixFrame NeedMore => new(FixFrameStatus.NeedMore, 0, FixParseStatus.Incomplete);

    /// <summary>Skip to the next "8=FIX" after the first byte; keep a tail that could be the start of one.</summary>
    private static FixFrame Garbled(ReadOnlySpan<byte> buffered, FixParseStatus reason)
    {
        int next = buffered.Slice(1).IndexOf(Start);
        if (next >= 0)
        {
            return new FixFrame(FixFrameStatus.Garbled, next + 1, reason);
        }

        int n = buffered.Length;
        ReadOnlySpan<byte> start = Start;
        for (int keep = Math.Min(start.Length - 1, n - 1); keep > 0; keep--)
        {
            if (buffered.Slice(n - keep).SequenceEqual(start.Slice(0, keep)))
            {
                return new FixFrame(FixFrameStatus.Garbled, n - keep, reason);
            }
        }

        return new FixFrame(FixFrameStatus.Garbled, n, reason);
    }
}
