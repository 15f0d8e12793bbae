using System.Numerics;
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
/// The body is tokenised 64 bytes at a time (one Vector512, two Vector256 or four Vector128 compares
/// against SOH give one bit mask); each set bit ends a field, whose tag is read forward from the
/// field start to its first '=' (later '=' belong to the value). Data fields (RawData 96 and the other
/// <see cref="FixDataFields"/> pairs) take their length from the Length field before them and may
/// hold SOH and '='. Fields land in a <see cref="FixFieldTable"/> as (tag, offset, length); nothing is
/// copied or allocated.
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

    /// <summary>
    /// After a failed <see cref="Parse"/>: the tag the failure points at, or 0. For
    /// <see cref="FixParseStatus.BadDataLength"/> the Length tag; for
    /// <see cref="FixParseStatus.MalformedField"/> the body field whose value ran on past an SOH.
    /// <see cref="FixValidator.TryRejectParseFailure"/> turns those two into session Rejects.
    /// </summary>
    public int ErrorTag { get; private set; }

    /// <summary>
    /// After <see cref="FixParseStatus.InvalidTagNumber"/>: the first tag that is no tag number (0, negative,
    /// past the largest, a leading zero), as far as its digits go; 0 when it is not a number at all.
    /// </summary>
    public long InvalidTag { get; private set; }

    private bool _invalidTagSeen; // InvalidTag holds the first bad tag of this parse

    /// <summary>Use the vector paths (the default where Vector128 is accelerated); tests turn it off to check the scalar path.</summary>
    internal bool UseVectors { get; set; } = Vector128.IsHardwareAccelerated;

    /// <summary>Parses exactly one message (the whole span) into <paramref name="table"/>.</summary>
    public FixParseStatus Parse(ReadOnlySpan<byte> message, FixFieldTable table)
    {
        table.Reset();
        ErrorTag = 0;
        InvalidTag = 0;
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

        FixParseStatus status = Tokenize(message, bodyStart, bodyEnd, table);
        if (status != FixParseStatus.Ok)
        {
            if (status == FixParseStatus.InvalidTagNumber && (table.Count < 3 || table[2].Tag != FixTag.MsgType))
            {
                return FixParseStatus.MsgTypeNotThird;
            }

            return ErrorTag != 0 || status == FixParseStatus.InvalidTagNumber ? CheckedError(message, bodyEnd, c0, c1, c2, status) : status;
        }

        if (table[2].Tag != FixTag.MsgType)
        {
            return FixParseStatus.MsgTypeNotThird;
        }

        int declared = (int)((c0 * 100) + (c1 * 10) + c2);
        if (Checksum(message, bodyEnd) != declared)
        {
            return FixParseStatus.ChecksumMismatch;
        }

        return table.Add(FixTag.CheckSum, bodyEnd + 3, 3) ? FixParseStatus.Ok : FixParseStatus.TooManyFields;
    }

    private const byte Soh = 0x01;

    /// <summary>
    /// A failure the session may answer with a Reject rather than drop as garbled: only when the
    /// CheckSum holds, so the bytes are the sender's and not line noise.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private FixParseStatus CheckedError(ReadOnlySpan<byte> message, int bodyEnd, uint c0, uint c1, uint c2, FixParseStatus status)
    {
        if (FixChecksum.Compute(message.Slice(0, bodyEnd), UseVectors) != (int)((c0 * 100) + (c1 * 10) + c2))
        {
            ErrorTag = 0;
            return FixParseStatus.ChecksumMismatch;
        }

        return status;
    }

    /// <summary>
    /// <see cref="FixChecksum"/> of bytes [0, <paramref name="end"/>) in one pass of 64-byte adds: the
    /// last, partial block is the 64 bytes ending at <paramref name="end"/> with the already counted
    /// ones masked off, so one horizontal sum and no 32/16/1-byte tail loops.
    /// </summary>
    private int Checksum(ReadOnlySpan<byte> m, int end)
    {
        if (!UseVectors || !Vector512.IsHardwareAccelerated || end < 64)
        {
            return FixChecksum.Compute(m.Slice(0, end), UseVectors);
        }

        ref byte b = ref MemoryMarshal.GetReference(m);
        Vector512<byte> acc = Vector512<byte>.Zero;
        int i = 0;
        for (; i + 64 <= end; i += 64)
        {
            acc += Vector512.LoadUnsafe(ref b, (nuint)i);
        }

        int tail = end - i; // 0..63 bytes not yet added, the last ones of [end - 64, end)
        Vector512<byte> fresh = Vector512.GreaterThanOrEqual(Vector512<byte>.Indices, Vector512.Create((byte)(64 - tail)));
        acc += Vector512.LoadUnsafe(ref b, (nuint)(end - 64)) & fresh;
        Vector256<byte> half = acc.GetLower() + acc.GetUpper();
        return Vector128.Sum(half.GetLower() + half.GetUpper());
    }

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

    // ---- tokenizer ---------------------------------------------------------------------------
    //
    // Only SOH is searched with vectors: 64 bytes at a time give a bit mask whose set bits end the
    // fields in order. A data field (FixDataFields) right after its Length field takes its extent
    // from that Length and the mask skips the SOHs inside it.
    //
    // Scan takes the common fields (a 1-4 digit tag, not 10, not a data field) and every vector
    // block, and calls nothing: a call anywhere in the loop made the JIT keep the count, the cursor
    // and the table pointers in the few callee-saved registers or on the stack. Anything else, and
    // the scalar blocks, it leaves to Tokenize, which resumes it after.

    /// <summary>Where the tokenizer is: Scan's state between its calls.</summary>
    private struct Cursor
    {
        public ulong Mask;  // SOHs of the current block not yet taken (bit i: byte Block + i)
        public int Block;   // start of the current block
        public int Next;    // start of the next block
        public int Field;   // start of the field being read
        public int Count;   // fields in the table
    }

    /// <summary>Tags Scan leaves to OtherField: CheckSum, and the data fields (FixDataFields).</summary>
    private static readonly byte[] s_otherTags = OtherTags();

    private static byte[] OtherTags()
    {
        byte[] other = new byte[FixFieldTable.IndexedTags];
        other[FixTag.CheckSum] = 1;
        foreach ((_, int data) in FixDataFields.Pairs)
        {
            other[data] = 1;
        }

        return other;
    }

    private enum ScanStop
    {
        Done,
        Field, // the field at Cursor.Field, ending at the lowest bit of Cursor.Mask, is Tokenize's
        Block, // Cursor.Block needs its mask the scalar way
    }

    private FixParseStatus Tokenize(ReadOnlySpan<byte> m, int bodyStart, int bodyEnd, FixFieldTable table)
    {
        Cursor c = new() { Next = bodyStart, Field = bodyStart, Count = table.Count };
        _invalidTagSeen = false;
        while (true)
        {
            ScanStop stop = Scan(m, bodyEnd, table, UseVectors, ref c);
            if (stop == ScanStop.Done)
            {
                table.SetCount(c.Count);
                return _invalidTagSeen ? FixParseStatus.InvalidTagNumber : FixParseStatus.Ok;
            }

            if (stop == ScanStop.Block)
            {
                c.Mask = ScalarMask(ref MemoryMarshal.GetReference(m), c.Block, Math.Min(64, bodyEnd - c.Block));
                continue;
            }

            FixParseStatus status = OtherField(m, bodyEnd, table, ref c);
            if (status != FixParseStatus.Ok)
            {
                table.SetCount(c.Count);
                return status == FixParseStatus.MalformedField ? Malformed(status, table) : status;
            }
        }
    }

    /// <summary>
    /// Reads fields while they are common ones (see above), loading vector blocks as it goes; stops at
    /// the end of the body, at any other field and at a block it cannot load with vectors.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ScanStop Scan(ReadOnlySpan<byte> m, int bodyEnd, FixFieldTable table, bool vectors, ref Cursor c)
    {
        ref byte b = ref MemoryMarshal.GetReference(m);
        ref FixField field0 = ref MemoryMarshal.GetArrayDataReference(table.RawFields);
        uint capacity = (uint)table.RawFields.Length;
        ref int slot0 = ref MemoryMarshal.GetArrayDataReference(table.Slots); // FixFieldTable.IndexedTags entries
        int stamp = table.SlotStamp;
        ref byte other0 = ref MemoryMarshal.GetArrayDataReference(s_otherTags); // FixFieldTable.IndexedTags entries
        ulong mask = c.Mask;
        int block = c.Block;
        int next = c.Next;
        int f = c.Field;
        int n = c.Count;
        int length = m.Length;
        ScanStop stop = ScanStop.Done;
        while (true)
        {
            while (mask != 0)
            {
                // Tag digits forward to '=', unrolled to the four a common tag has. A digit loop (92 vs
                // 84 ns a parse of the ExecutionReport in a scratch loop) and SWAR conversions more so
                // (an 8-byte one: 270 vs 170 ns for its fields; a 4-byte one, its length from a
                // zero-byte test for '=': 120 vs 90 ns a parse) cost more than these branches miss.
                // Bytes f + 1 to f + 4 are in the message: a body field starts before bodyEnd, and
                // the 7-byte trailer follows. A leading zero, a fifth digit or no '=' stops here.
                ref byte p = ref Unsafe.Add(ref b, f);
                int tag = p - '1';
                if ((uint)tag > 8)
                {
                    stop = ScanStop.Field;
                    goto Out;
                }

                tag++;
                int tagLength = 1;
                uint d = (uint)(Unsafe.Add(ref p, 1) - '0');
                if (d <= 9)
                {
                    tag = (tag * 10) + (int)d;
                    tagLength = 2;
                    d = (uint)(Unsafe.Add(ref p, 2) - '0');
                    if (d <= 9)
                    {
                        tag = (tag * 10) + (int)d;
                        tagLength = 3;
                        d = (uint)(Unsafe.Add(ref p, 3) - '0');
                        if (d <= 9)
                        {
                            tag = (tag * 10) + (int)d;
                            tagLength = 4;
                            d = (uint)(Unsafe.Add(ref p, 4) - '0');
                        }
                    }
                }

                if (d != (uint)('=' - '0') || (uint)n >= capacity)
                {
                    stop = ScanStop.Field;
                    goto Out;
                }

                int eq = f + tagLength;
                if ((uint)tag < FixFieldTable.IndexedTags)
                {
                    if (Unsafe.Add(ref other0, tag) != 0)
                    {
                        stop = ScanStop.Field;
                        goto Out;
                    }

                    ref int slot = ref Unsafe.Add(ref slot0, tag);
                    if ((slot & ~FixFieldTable.IndexMask) != stamp)
                    {
                        slot = stamp | n; // first occurrence only (FixFieldTable.IndexOf)
                    }
                }

                int soh = block + BitOperations.TrailingZeroCount(mask);
                mask &= mask - 1;
                Unsafe.Add(ref field0, n) = new FixField(tag, eq + 1, soh - eq - 1);
                n++;
                f = soh + 1;
            }

            block = next;
            if (block >= bodyEnd)
            {
                goto Out;
            }

            next = block + 64;
            if (vectors && block + 64 <= length)
            {
                mask = Load64(ref b, block);
            }
            else if (vectors && length >= 64)
            {
                // The last 64 bytes of the message, shifted so bit 0 is byte 'block'.
                mask = Load64(ref b, length - 64) >> (block - (length - 64));
            }
            else
            {
                stop = ScanStop.Block;
                goto Out;
            }

            int remaining = bodyEnd - block;
            if (remaining < 64)
            {
                mask &= (1UL << remaining) - 1; // the trailer's SOH is not a body field
            }
        }

    Out:
        c.Mask = mask;
        c.Block = block;
        c.Next = next;
        c.Field = f;
        c.Count = n;
        return stop;
    }

    /// <summary>
    /// The field Scan stopped at, every case: a long or bad tag, CheckSum in the body, a data field,
    /// a full table. Ok when it is in the table (or left out for a bad tag number) and the cursor past it.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private FixParseStatus OtherField(ReadOnlySpan<byte> m, int bodyEnd, FixFieldTable table, ref Cursor c)
    {
        int soh = c.Block + BitOperations.TrailingZeroCount(c.Mask);
        c.Mask &= c.Mask - 1;
        int f = c.Field;
        int n = c.Count;
        long slow = SlowTag(m, f, soh);
        if (slow < 0)
        {
            if (slow == -(long)FixParseStatus.BadTagNumber)
            {
                c.Field = soh + 1; // recorded in InvalidTag; the field is left out
                return FixParseStatus.Ok;
            }

            return (FixParseStatus)(-slow);
        }

        int tag = (int)slow;
        int eq = (int)(slow >> 32);
        if (tag == FixTag.CheckSum)
        {
            return FixParseStatus.ChecksumNotLast;
        }

        FixField[] fields = table.RawFields;
        int valueEnd = soh;
        int lengthTag = FixDataFields.LengthTagOf(tag);
        if (lengthTag != 0 && fields[n - 1].Tag == lengthTag) // n >= 2: 8 and 9 are in
        {
            valueEnd = DataEnd(m, fields[n - 1], eq + 1, bodyEnd);
            if (valueEnd < 0)
            {
                ErrorTag = lengthTag;
                return FixParseStatus.BadDataLength;
            }

            if (valueEnd - c.Block < 64)
            {
                c.Mask &= ~((2UL << (valueEnd - c.Block)) - 1); // drop the SOHs inside the data
            }
            else
            {
                c.Mask = 0;
                c.Next = valueEnd + 1;
            }
        }

        table.SetCount(n); // the scan keeps the count in the cursor; Add goes on from it
        if (!table.Add(tag, eq + 1, valueEnd - eq - 1))
        {
            return FixParseStatus.TooManyFields;
        }

        c.Count = n + 1;
        c.Field = valueEnd + 1;
        return FixParseStatus.Ok;
    }

    /// <summary>The number a bad tag spells ("-5" is -5, saturating), or 0 when it is not one.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static long BadTagValue(ReadOnlySpan<byte> m, int f, int eq)
    {
        bool negative = eq > f && m[f] == (byte)'-';
        long v = 0;
        int i = negative ? f + 1 : f;
        if (i == eq)
        {
            return 0;
        }

        for (; i < eq; i++)
        {
            uint d = (uint)(m[i] - '0');
            if (d > 9)
            {
                return 0;
            }

            v = v > (long.MaxValue / 10) - 1 ? long.MaxValue : (v * 10) + d;
        }

        return negative ? -v : v;
    }

    /// <summary>SOH bits of the 64 bytes from <paramref name="at"/> (bit i: byte at + i).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Load64(ref byte b, int at)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            return Vector512.Equals(Vector512.LoadUnsafe(ref b, (nuint)at), Vector512.Create(Soh)).ExtractMostSignificantBits();
        }

        if (Vector256.IsHardwareAccelerated)
        {
            Vector256<byte> soh = Vector256.Create(Soh);
            ulong lo = Vector256.Equals(Vector256.LoadUnsafe(ref b, (nuint)at), soh).ExtractMostSignificantBits();
            ulong hi = Vector256.Equals(Vector256.LoadUnsafe(ref b, (nuint)(at + 32)), soh).ExtractMostSignificantBits();
            return lo | (hi << 32);
        }

        Vector128<byte> s = Vector128.Create(Soh);
        ulong m0 = Vector128.Equals(Vector128.LoadUnsafe(ref b, (nuint)at), s).ExtractMostSignificantBits();
        ulong m1 = Vector128.Equals(Vector128.LoadUnsafe(ref b, (nuint)(at + 16)), s).ExtractMostSignificantBits();
        ulong m2 = Vector128.Equals(Vector128.LoadUnsafe(ref b, (nuint)(at + 32)), s).ExtractMostSignificantBits();
        ulong m3 = Vector128.Equals(Vector128.LoadUnsafe(ref b, (nuint)(at + 48)), s).ExtractMostSignificantBits();
        return m0 | (m1 << 16) | (m2 << 32) | (m3 << 48);
    }

    private static ulong ScalarMask(ref byte b, int at, int count)
    {
        ulong mask = 0;
        for (int i = 0; i < count; i++)
        {
            if (Unsafe.Add(ref b, at + i) == Soh)
            {
                mask |= 1UL << i;
            }
        }

        return mask;
    }

    /// <summary>
    /// The tag of the field [f, soh) the slow way (tags of 5-9 digits and every malformed case): the tag
    /// and, in the high half, the index of its '='; or the failure as -(long)status. A tag that is no tag
    /// number is -BadTagNumber, and the first one is recorded in <see cref="InvalidTag"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private long SlowTag(ReadOnlySpan<byte> m, int f, int soh)
    {
        int eq = m.Slice(f, soh - f).IndexOf((byte)'=');
        if (eq < 0)
        {
            return -(long)FixParseStatus.MalformedField;
        }

        eq += f;
        int tagLength = eq - f;
        bool ok = tagLength > 0 && tagLength <= 9 && m[f] != (byte)'0';
        int tag = 0;
        for (int i = f; ok && i < eq; i++)
        {
            uint d = (uint)(m[i] - '0');
            ok = d <= 9;
            tag = (tag * 10) + (int)d;
        }

        if (ok)
        {
            return (uint)tag | ((long)eq << 32);
        }

        // A well-framed field whose tag is no tag number (0, -5, 99999999999): the message stays whole,
        // and the session rejects it with reason 0 once the CheckSum holds.
        if (!_invalidTagSeen)
        {
            _invalidTagSeen = true;
            InvalidTag = BadTagValue(m, f, eq);
        }

        return -(long)FixParseStatus.BadTagNumber;
    }

    /// <summary>
    /// A field without '=' means the previous field's value ran on past an SOH (FIX 4.4 Vol. 2,
    /// SessionRejectReason 17): remember that field's tag so the session can say which one.
    /// </summary>
    private FixParseStatus Malformed(FixParseStatus status, FixFieldTable table)
    {
        if (status == FixParseStatus.MalformedField && table.Count >= 3)
        {
            ErrorTag = table[table.Count - 1].Tag;
        }

        return status;
    }

    /// <summary>
    /// Where a data field's value ends (the index of its SOH) by the value of the Length field before
    /// it, or -1 when that length is not digits, runs past the body or does not land on an SOH.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int DataEnd(ReadOnlySpan<byte> m, FixField lengthField, int valueStart, int bodyEnd)
    {
        if (!FixValue.TryParseUInt(m.Slice(lengthField.Offset, lengthField.Length), out long n) || n > bodyEnd - valueStart - 1)
        {
            return -1;
        }

        int end = valueStart + (int)n;
        return m[end] == Soh ? end : -1;
    }
}
