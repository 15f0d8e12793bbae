using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Gateway.OrderEntry.Fix;

/// <summary>
/// Tag=value parser for one framed FIX 4.4 message.
/// <code>
///   8=FIX.4.4|9=NNN|35=X|....................|10=CCC|
///             ^       ^                      ^      ^
///             |       bodyStart              bodyEnd = bodyStart + BodyLength
///             BodyLength counts bytes from bodyStart up to and including the SOH before "10="
///   CheckSum = sum of bytes [0, bodyEnd) mod 256, three digits
/// </code>
/// The body is tokenised 64 (Vector512) or 32/16 bytes at a time: one compare against SOH and one
/// against '=' per block give two bit masks, and the fields fall out of the set bits in order (the
/// first '=' after a field start ends its tag; later ones belong to the value). A scalar loop does
/// the tail and the whole job when vectors are not accelerated. Fields land in a
/// <see cref="FixFieldTable"/> as (tag, offset, length); nothing is copied or allocated.
/// Not thread-safe by design: one parser and one table per session thread.
/// </summary>
public sealed class FixParser
{
    public const int DefaultMaxMessageLength = 16 * 1024;

    /// <summary>"8=FIX.4.4" and SOH: the only BeginString this parser accepts.</summary>
    public static ReadOnlySpan<byte> BeginString44 => "8=FIX.4.4\u0001"u8;

    private const int BodyLengthMaxDigits = 7;
    private const int TrailerLength = 7; // "10=CCC" SOH

    public FixParser(int maxMessageLength = DefaultMaxMessageLength)
    {
        if (maxMessageLength < 32)
        {
            Gateway.Core.ThrowHelper.ArgumentOutOfRange(nameof(maxMessageLength), "at least 32 bytes");
        }

        MaxMessageLength = maxMessageLength;
    }

    public int MaxMessageLength { get; }

    /// <summary>Use the vector paths (the default where Vector128 is accelerated); tests turn it off to check the scalar path.</summary>
    internal bool UseVectors { get; set; } = Vector128.IsHardwareAccelerated;

    /// <summary>Parses exactly one message (the whole span) into <paramref name="table"/>.</summary>
    public FixParseStatus Parse(ReadOnlySpan<byte> message, FixFieldTable table)
    {
        table.Reset();
        int length = message.Length;
        if (length > MaxMessageLength)
        {
            return FixParseStatus.TooLong;
        }

        ReadOnlySpan<byte> begin = BeginString44;
        if (!message.StartsWith(begin))
        {
            return ClassifyBadBegin(message);
        }

        int pos = begin.Length;
        if (length < pos + 2)
        {
            return PrefixOf(message.Slice(pos), "9="u8) ? FixParseStatus.Incomplete : FixParseStatus.MissingBodyLength;
        }

        if (message[pos] != (byte)'9' || message[pos + 1] != (byte)'=')
        {
            return FixParseStatus.MissingBodyLength;
        }

        pos += 2;
        int bodyLength = 0;
        int digitsStart = pos;
        while (true)
        {
            if (pos >= length)
            {
                return FixParseStatus.Incomplete;
            }

            uint d = (uint)(message[pos] - '0');
            if (d > 9)
            {
                break;
            }

            bodyLength = (bodyLength * 10) + (int)d;
            if (++pos - digitsStart > BodyLengthMaxDigits)
            {
                return FixParseStatus.BadBodyLength;
            }
        }

        if (pos == digitsStart || message[pos] != Soh)
        {
            return FixParseStatus.BadBodyLength;
        }

        int bodyStart = pos + 1;
        long total = (long)bodyStart + bodyLength + TrailerLength;
        if (total > MaxMessageLength)
        {
            return FixParseStatus.TooLong;
        }

        if (length < total)
        {
            // A whole message whose BodyLength claims too much looks truncated; tell them apart by
            // whether the bytes end in a well-formed CheckSum field.
            return EndsWithTrailer(message) ? FixParseStatus.BodyLengthMismatch : FixParseStatus.Incomplete;
        }

        int bodyEnd = bodyStart + bodyLength;
        if (bodyLength == 0 || message[bodyEnd - 1] != Soh || message[bodyEnd] != (byte)'1' ||
            message[bodyEnd + 1] != (byte)'0' || message[bodyEnd + 2] != (byte)'=')
        {
            return FixParseStatus.BodyLengthMismatch;
        }

        uint c0 = (uint)(message[bodyEnd + 3] - '0');
        uint c1 = (uint)(message[bodyEnd + 4] - '0');
        uint c2 = (uint)(message[bodyEnd + 5] - '0');
        if (c0 > 9 || c1 > 9 || c2 > 9 || message[bodyEnd + 6] != Soh)
        {
            return FixParseStatus.BadChecksumFormat;
        }

        if (length > total)
        {
            return FixParseStatus.TrailingBytes;
        }

        table.Add(FixTag.BeginString, 2, begin.Length - 3);
        table.Add(FixTag.BodyLength, digitsStart, bodyStart - 1 - digitsStart);

        FixParseStatus status = UseVectors
            ? TokenizeVector(message, bodyStart, bodyEnd, table)
            : TokenizeScalar(message, bodyStart, bodyEnd, table);
        if (status != FixParseStatus.Ok)
        {
            return status;
        }

        if (table[2].Tag != FixTag.MsgType)
        {
            return FixParseStatus.MsgTypeNotThird;
        }

        int declared = (int)((c0 * 100) + (c1 * 10) + c2);
        if (FixChecksum.Compute(message.Slice(0, bodyEnd), UseVectors) != declared)
        {
            return FixParseStatus.ChecksumMismatch;
        }

        return table.Add(FixTag.CheckSum, bodyEnd + 3, 3) ? FixParseStatus.Ok : FixParseStatus.TooManyFields;
    }

    private const byte Soh = 0x01;

    private static FixParseStatus ClassifyBadBegin(ReadOnlySpan<byte> message)
    {
        if (PrefixOf(message, BeginString44))
        {
            return FixParseStatus.Incomplete;
        }

        return message.Length >= 2 && message[0] == (byte)'8' && message[1] == (byte)'='
            ? FixParseStatus.UnsupportedBeginString
            : FixParseStatus.MissingBeginString;
    }

    private static bool PrefixOf(ReadOnlySpan<byte> part, ReadOnlySpan<byte> whole) =>
        part.Length < whole.Length && whole.StartsWith(part);

    private static bool EndsWithTrailer(ReadOnlySpan<byte> m)
    {
        int n = m.Length;
        return n >= TrailerLength + 1 && m[n - 8] == Soh && m[n - 7] == (byte)'1' && m[n - 6] == (byte)'0' &&
               m[n - 5] == (byte)'=' && m[n - 1] == Soh;
    }

    /// <summary>Tokeniser state carried across blocks: where the current field starts and its '=' (or -1).</summary>
    private struct Cursor
    {
        public int FieldStart;
        public int Eq;
    }

    private static FixParseStatus TokenizeScalar(ReadOnlySpan<byte> m, int start, int end, FixFieldTable table)
    {
        var cur = new Cursor { FieldStart = start, Eq = -1 };
        return ScalarRange(m, start, end, ref cur, table);
    }

    private static FixParseStatus ScalarRange(ReadOnlySpan<byte> m, int from, int end, ref Cursor cur, FixFieldTable table)
    {
        for (int p = from; p < end; p++)
        {
            byte c = m[p];
            if (c == Soh)
            {
                FixParseStatus s = EndField(m, ref cur, p, table);
                if (s != FixParseStatus.Ok)
                {
                    return s;
                }
            }
            else if (c == (byte)'=' && cur.Eq < 0)
            {
                cur.Eq = p;
            }
        }

        return FixParseStatus.Ok;
    }

    private static FixParseStatus TokenizeVector(ReadOnlySpan<byte> m, int start, int end, FixFieldTable table)
    {
        ref byte b = ref MemoryMarshal.GetReference(m);
        var cur = new Cursor { FieldStart = start, Eq = -1 };
        int p = start;
        FixParseStatus s;
        if (Vector512.IsHardwareAccelerated)
        {
            Vector512<byte> soh = Vector512.Create(Soh);
            Vector512<byte> eq = Vector512.Create((byte)'=');
            for (; p + 64 <= end; p += 64)
            {
                Vector512<byte> v = Vector512.LoadUnsafe(ref b, (nuint)p);
                s = Block(m, Vector512.Equals(v, soh).ExtractMostSignificantBits(), Vector512.Equals(v, eq).ExtractMostSignificantBits(), p, ref cur, table);
                if (s != FixParseStatus.Ok)
                {
                    return s;
                }
            }
        }

        if (Vector256.IsHardwareAccelerated)
        {
            Vector256<byte> soh = Vector256.Create(Soh);
            Vector256<byte> eq = Vector256.Create((byte)'=');
            for (; p + 32 <= end; p += 32)
            {
                Vector256<byte> v = Vector256.LoadUnsafe(ref b, (nuint)p);
                s = Block(m, Vector256.Equals(v, soh).ExtractMostSignificantBits(), Vector256.Equals(v, eq).ExtractMostSignificantBits(), p, ref cur, table);
                if (s != FixParseStatus.Ok)
                {
                    return s;
                }
            }
        }

        if (Vector128.IsHardwareAccelerated)
        {
            Vector128<byte> soh = Vector128.Create(Soh);
            Vector128<byte> eq = Vector128.Create((byte)'=');
            for (; p + 16 <= end; p += 16)
            {
                Vector128<byte> v = Vector128.LoadUnsafe(ref b, (nuint)p);
                s = Block(m, Vector128.Equals(v, soh).ExtractMostSignificantBits(), Vector128.Equals(v, eq).ExtractMostSignificantBits(), p, ref cur, table);
                if (s != FixParseStatus.Ok)
                {
                    return s;
                }
            }
        }

        return ScalarRange(m, p, end, ref cur, table);
    }

    /// <summary>Walks the set bits of one block's SOH and '=' masks in byte order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static FixParseStatus Block(ReadOnlySpan<byte> m, ulong sohMask, ulong eqMask, int basePos, ref Cursor cur, FixFieldTable table)
    {
        ulong any = sohMask | eqMask;
        while (any != 0)
        {
            int bit = System.Numerics.BitOperations.TrailingZeroCount(any);
            int p = basePos + bit;
            if (((sohMask >> bit) & 1) != 0)
            {
                FixParseStatus s = EndField(m, ref cur, p, table);
                if (s != FixParseStatus.Ok)
                {
                    return s;
                }
            }
            else if (cur.Eq < 0)
            {
                cur.Eq = p;
            }

            any &= any - 1;
        }

        return FixParseStatus.Ok;
    }

    /// <summary>Closes the field that ends at the SOH at <paramref name="soh"/>: converts its tag and records it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static FixParseStatus EndField(ReadOnlySpan<byte> m, ref Cursor cur, int soh, FixFieldTable table)
    {
        int eq = cur.Eq;
        if (eq < 0)
        {
            return FixParseStatus.MalformedField;
        }

        int start = cur.FieldStart;
        int tagLength = eq - start;
        if (tagLength <= 0 || tagLength > 9 || m[start] == (byte)'0')
        {
            return FixParseStatus.BadTagNumber;
        }

        int tag = 0;
        for (int i = start; i < eq; i++)
        {
            uint d = (uint)(m[i] - '0');
            if (d > 9)
            {
                return FixParseStatus.BadTagNumber;
            }

            tag = (tag * 10) + (int)d;
        }

        if (tag == FixTag.CheckSum)
        {
            return FixParseStatus.ChecksumNotLast;
        }

        if (!table.Add(tag, eq + 1, soh - eq - 1))
        {
            return FixParseStatus.TooManyFields;
        }

        cur.FieldStart = soh + 1;
        cur.Eq = -1;
        return FixParseStatus.Ok;
    }
}
