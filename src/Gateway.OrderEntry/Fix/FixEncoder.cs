using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Gateway.OrderEntry.Fix;

/// <summary>
/// Writes FIX 4.4 messages into a buffer the caller allocated once. Layout while a message is built:
/// <code>
///   buffer: [ headroom ...............][52=YYYYMMDD-HH:MM:SS.sss|][app fields ...]
///                                      ^ bodyOrigin (fixed per template)
/// </code>
/// <see cref="Begin"/> reserves SendingTime at bodyOrigin; typed appenders add fields after it;
/// <see cref="Finish"/> fills SendingTime in place, then writes backwards into the headroom
/// "34=SEQ|", the template's "35=X|49=S|56=T|" and "8=FIX.4.4|9=LEN|" (BodyLength known by then),
/// and appends "10=CCC|". The message therefore starts somewhere inside the headroom:
/// <see cref="Finish"/> returns it as a span. Header fields the caller needs beyond the template
/// (PossDupFlag 43, OrigSendingTime 122, ...) are appended first, before the body fields.
/// One encoder per sending thread; nothing is allocated after construction.
/// </summary>
public sealed class FixEncoder
{
    private readonly byte[] _buffer;
    private FixMessageTemplate? _template;
    private int _bodyOrigin;
    private int _position;
    private FixFormat.DateCache _dates = FixFormat.DateCache.Empty;

    // "tag=" for every tag below 1024, packed little-endian into a word, and its length: one 8-byte
    // store instead of a digit loop per field (Tag() keeps 11 bytes of room, so the store fits).
    private static readonly ulong[] s_tagPrefix = BuildTagPrefixes(out s_tagPrefixLength);
    private static readonly byte[] s_tagPrefixLength;

    public FixEncoder(byte[] buffer)
    {
        if (buffer.Length < 256)
        {
            Gateway.Core.ThrowHelper.ArgumentOutOfRange(nameof(buffer), "at least 256 bytes");
        }

        _buffer = buffer;
    }

    /// <summary>Bytes written so far after the reserved header (SendingTime included).</summary>
    public int BodyBytes => _position - _bodyOrigin;

    public void Begin(FixMessageTemplate template)
    {
        _template = template;
        _bodyOrigin = template.Headroom;
        _position = _bodyOrigin + template.SendingTimeFieldLength;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Span<byte> Tag(int tag, int maxValueLength)
    {
        // "tag=" + value + SOH; a tag is at most 9 digits.
        if (_position + 11 + maxValueLength > _buffer.Length)
        {
            ThrowFull();
        }

        if ((uint)tag < (uint)s_tagPrefix.Length)
        {
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_buffer), _position), s_tagPrefix[tag]);
            _position += s_tagPrefixLength[tag];
            return _buffer.AsSpan(_position);
        }

        Span<byte> dst = _buffer.AsSpan(_position);
        int n = FixFormat.DigitCount((uint)tag);
        FixFormat.WriteDigitsBackward(dst, n, (uint)tag);
        dst[n] = (byte)'=';
        _position += n + 1;
        return _buffer.AsSpan(_position);
    }

    private static ulong[] BuildTagPrefixes(out byte[] lengths)
    {
        const int Count = 1024;
        ulong[] words = new ulong[Count];
        lengths = new byte[Count];
        Span<byte> tmp = stackalloc byte[8];
        for (int tag = 0; tag < Count; tag++)
        {
            tmp.Clear();
            int n = FixFormat.DigitCount((uint)tag);
            FixFormat.WriteDigitsBackward(tmp, n, (uint)tag);
            tmp[n] = (byte)'=';
            words[tag] = System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(tmp);
            lengths[tag] = (byte)(n + 1);
        }

        return words;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void End(int valueLength)
    {
        _position += valueLength;
        _buffer[_position++] = 0x01;
    }

    public void AppendInt(int tag, long value)
    {
        Span<byte> dst = Tag(tag, 20);
        End(FixFormat.WriteInt(dst, value));
    }

    public void AppendPrice(int tag, FixPrice price) => AppendDecimal(tag, price.Units, FixPrice.Scale);

    /// <summary>A float field from a long with <paramref name="scale"/> implied decimals (0-18).</summary>
    public void AppendDecimal(int tag, long value, int scale)
    {
        Span<byte> dst = Tag(tag, 40);
        End(FixFormat.WriteDecimal(dst, value, scale));
    }

    public void AppendTimestamp(int tag, long nanosSinceEpoch, FixTimestampPrecision precision = FixTimestampPrecision.Milliseconds)
    {
        Span<byte> dst = Tag(tag, 27);
        End(FixFormat.WriteTimestamp(dst, nanosSinceEpoch, precision, ref _dates));
    }

    public void AppendChar(int tag, byte value)
    {
        Span<byte> dst = Tag(tag, 1);
        dst[0] = value;
        End(1);
    }

    public void AppendBool(int tag, bool value) => AppendChar(tag, value ? (byte)'Y' : (byte)'N');

    /// <summary>A value copied as is; it must not contain SOH (not checked here: GW_CHECKED builds assert it).</summary>
    public void AppendString(int tag, ReadOnlySpan<byte> value)
    {
#if GW_CHECKED
        if (value.Contains((byte)0x01))
        {
            Gateway.Core.ThrowHelper.Argument(nameof(value), "a FIX value cannot contain SOH");
        }
#endif
        Span<byte> dst = Tag(tag, value.Length);
        value.CopyTo(dst);
        End(value.Length);
    }

    /// <summary>
    /// A Length/Data pair (e.g. RawDataLength 95 and RawData 96, see <see cref="FixDataFields"/>):
    /// "lengthTag=N|dataTag=bytes|". The bytes may hold SOH and '='; the receiver finds their end by N.
    /// </summary>
    public void AppendData(int lengthTag, int dataTag, ReadOnlySpan<byte> data)
    {
        if (FixDataFields.DataTagOf(lengthTag) != dataTag || dataTag == 0)
        {
            ThrowNotAPair(lengthTag, dataTag);
        }

        AppendInt(lengthTag, data.Length);
        Span<byte> dst = Tag(dataTag, data.Length);
        data.CopyTo(dst);
        End(data.Length);
    }

    /// <summary>
    /// Completes the message: SendingTime, MsgSeqNum, the constant header, BodyLength and CheckSum.
    /// The returned span points into the caller's buffer and stays valid until the next <see cref="Begin"/>.
    /// </summary>
    public ReadOnlySpan<byte> Finish(int msgSeqNum, long sendingTimeNanos)
    {
        FixMessageTemplate t = _template!;
        Span<byte> buf = _buffer;
        if (_position + 7 > buf.Length)
        {
            ThrowFull();
        }

        // SendingTime into the slot reserved at Begin.
        int p = _bodyOrigin;
        buf[p] = (byte)'5';
        buf[p + 1] = (byte)'2';
        buf[p + 2] = (byte)'=';
        int tsLength = FixFormat.WriteTimestamp(buf.Slice(p + 3), sendingTimeNanos, t.SendingTimePrecision, ref _dates);
        buf[p + 3 + tsLength] = 0x01;

        // Backwards from bodyOrigin: "34=SEQ|", then the template constant.
        buf[--p] = 0x01;
        p = FixFormat.WriteDigitsBackward(buf, p, (uint)msgSeqNum);
        buf[--p] = (byte)'=';
        buf[--p] = (byte)'4';
        buf[--p] = (byte)'3';
        ReadOnlySpan<byte> constant = t.Constant;
        p -= constant.Length;
        constant.CopyTo(buf.Slice(p));

        // BodyLength: from "35=" up to and including the SOH before "10=".
        int bodyLength = _position - p;
        buf[--p] = 0x01;
        p = FixFormat.WriteDigitsBackward(buf, p, (uint)bodyLength);
        ReadOnlySpan<byte> begin = "8=FIX.4.4\u00019="u8;
        p -= begin.Length;
        begin.CopyTo(buf.Slice(p));

        int checksum = FixChecksum.Compute(buf.Slice(p, _position - p));
        int q = _position;
        buf[q] = (byte)'1';
        buf[q + 1] = (byte)'0';
        buf[q + 2] = (byte)'=';
        buf[q + 3] = (byte)('0' + (checksum / 100));
        buf[q + 4] = (byte)('0' + (checksum / 10 % 10));
        buf[q + 5] = (byte)('0' + (checksum % 10));
        buf[q + 6] = 0x01;
        return buf.Slice(p, q + 7 - p);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowNotAPair(int lengthTag, int dataTag) =>
        Gateway.Core.ThrowHelper.Argument(nameof(dataTag), $"{lengthTag} is not the Length field of data field {dataTag}");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowFull() =>
        Gateway.Core.ThrowHelper.InvalidOperation("FIX encoder buffer too small for this message");
}
