using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Gateway.Core;
using Gateway.Core.Trading;
using Gateway.OrderEntry.Fix;

namespace Gateway.OrderEntry.Orders;

/// <summary>
/// Encodes the gateway's NewOrderSingle (35=D) for one session from a template built once. Only
/// what changes from order to order is written: MsgSeqNum, SendingTime (= TransactTime), ClOrdID,
/// Symbol, Side, OrderQty, Price, TimeInForce, and the trigger when one is set; then BodyLength and CheckSum.
/// <code>
///  8=FIX.4.4|9=LEN|35=D|49=SENDER|56=TARGET|34=SEQ|52=TIME|11=CLORDID|21=1|55=SYM|54=S|60=TIME|38=QTY|40=2|44=PX|59=T|[58=SESSION:SEQ|]10=CCC|
///  ^ start   ^ written last, backwards  ^ body origin (fixed): the body is written forwards from here
/// </code>
/// The body is written forwards from a fixed origin, so its length is known when it ends; then
/// "8=FIX.4.4|9=LEN|" goes in backwards in front of it (the message therefore starts a few bytes
/// after the buffer's start, depending on the digits of LEN) and "10=CCC|" after it. Constant
/// runs are copied from preformatted byte arrays; the date part of the timestamps is cached per
/// day. Prices carry exactly four decimals (engine price units); quantities are whole shares.
/// <para>The trigger (<see cref="SetTrigger"/>) names the market-data message the order answers:
/// its MoldUDP64 session and sequence number, <c>SESSION:SEQ</c> in the chosen tag (58, Text, by
/// default), so a capture of both directions alone can match every order to its packet.</para>
/// One encoder per sending thread; nothing is allocated after construction.
/// </summary>
public sealed unsafe class NewOrderEncoder : IDisposable
{
    private const int BodyOrigin = 24;           // "8=FIX.4.4|9=" (12) + up to 7 digits + SOH, rounded up
    private const int MaxSymbol = 8;
    private const int Capacity = 512;

    private readonly byte[] _headConstant;      // "35=D|49=S|56=T|34="
    private readonly byte* _buffer;
    private readonly FixTimestampPrecision _precision;
    private readonly int _timestampLength;
    private FixFormat.DateCache _dates = FixFormat.DateCache.Empty;
    private byte[] _triggerHead = [];           // "TAG=SESSION:" (empty: no trigger field)
    private bool _disposed;

    public NewOrderEncoder(string senderCompId, string targetCompId, FixTimestampPrecision precision = FixTimestampPrecision.Milliseconds)
    {
        // The template checks CompIDs the same way every other message's header is checked.
        _ = new FixMessageTemplate(FixMsgType.NewOrderSingle, senderCompId, targetCompId, precision);
        _headConstant = Encoding.ASCII.GetBytes($"35=D\u000149={senderCompId}\u000156={targetCompId}\u000134=");
        if (_headConstant.Length > 160)
        {
            ThrowHelper.Argument(nameof(senderCompId), "CompIDs too long for the order template");
        }

        _precision = precision;
        _timestampLength = FixFormat.TimestampLength(precision);
        _buffer = (byte*)NativeMemory.AlignedAlloc(Capacity, 64);
    }

    /// <summary>The buffer orders are encoded into, for start-up preparation (populated and locked).</summary>
    public ResidentRegion ResidentRegion => new("order encoder", _buffer, Capacity);

    /// <summary>Longest ClOrdID accepted.</summary>
    public const int MaxClOrdId = 32;

    /// <summary>The trigger's tag when none is chosen: 58 (Text), which every FIX 4.4 NewOrderSingle may carry.</summary>
    public const int DefaultTriggerTag = 58;

    /// <summary>Whether orders carry their trigger (<see cref="SetTrigger"/> was called with a tag).</summary>
    public bool HasTrigger => _triggerHead.Length != 0;

    /// <summary>
    /// Cold: from now on, orders given a trigger sequence carry <c>TAG=SESSION:SEQ</c>, SESSION being
    /// <paramref name="session"/> (a MoldUDP64 session id) without its trailing spaces (empty for a
    /// source without sessions). Tag 0 turns the field off.
    /// </summary>
    public void SetTrigger(int tag, ReadOnlySpan<byte> session)
    {
        if (tag == 0)
        {
            _triggerHead = [];
            return;
        }

        if (tag < 0)
        {
            ThrowHelper.Argument(nameof(tag), "trigger tag: a positive FIX tag, or 0 for none");
        }

        session = session.TrimEnd((byte)' ');
        foreach (byte c in session)
        {
            if (c is <= (byte)' ' or > (byte)'~')
            {
                ThrowHelper.Argument(nameof(session), "trigger: the session id must be printable ASCII");
            }
        }

        if (session.Length > 16)
        {
            ThrowHelper.Argument(nameof(session), "trigger: session id longer than 16 bytes");
        }

        string head = $"{tag}={Encoding.ASCII.GetString(session)}:";
        _triggerHead = Encoding.ASCII.GetBytes(head);
    }

    /// <summary>
    /// Encodes one order; the span points into the encoder's buffer and is valid until the next call.
    /// <paramref name="price"/> is in price units (four implied decimals), <paramref name="qty"/> in shares.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<byte> Encode(ulong msgSeqNum, long sendingTimeNanos, ReadOnlySpan<byte> clOrdId, ReadOnlySpan<byte> symbol,
        Side side, long qty, long price, TimeInForce tif) =>
        Encode(msgSeqNum, sendingTimeNanos, clOrdId, symbol, side, qty, price, tif, triggerSequence: 0);

    /// <summary>
    /// As above, with the sequence number of the message that triggered the order: with a trigger
    /// set (<see cref="SetTrigger"/>) and a sequence other than 0, the order carries it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ReadOnlySpan<byte> Encode(ulong msgSeqNum, long sendingTimeNanos, ReadOnlySpan<byte> clOrdId, ReadOnlySpan<byte> symbol,
        Side side, long qty, long price, TimeInForce tif, ulong triggerSequence)
    {
        // A side that is neither Buy nor Sell would otherwise go out as a sell.
        if ((uint)(clOrdId.Length - 1) >= MaxClOrdId || (uint)(symbol.Length - 1) >= MaxSymbol || qty <= 0 || price <= 0
            || (uint)(side - Side.Buy) > (uint)(Side.Sell - Side.Buy))
        {
            ThrowBadOrder();
        }

        byte* b = _buffer;
        byte* p = b + BodyOrigin;
        p = Copy(p, _headConstant);
        p = Digits(p, msgSeqNum);

        Word4(p, "\u000152="u8);
        p += 4;
        byte* time = p;
        p += FixFormat.WriteTimestamp(new Span<byte>(p, 32), sendingTimeNanos, _precision, ref _dates);

        Word4(p, "\u000111="u8);
        p += 4;
        p = Copy(p, clOrdId);

        // "|21=1|55=" is 9 bytes: one 8-byte store and one byte.
        Unsafe.WriteUnaligned(p, Unsafe.ReadUnaligned<ulong>(ref MemoryMarshal.GetReference("\u000121=1\u000155="u8)));
        p[8] = (byte)'=';
        p += 9;
        p = Copy(p, symbol);

        Word4(p, "\u000154="u8);
        p[4] = side == Side.Buy ? FixValues.Side.Buy : FixValues.Side.Sell;
        p += 5;

        Word4(p, "\u000160="u8);
        p += 4;
        Buffer.MemoryCopy(time, p, _timestampLength, _timestampLength);
        p += _timestampLength;

        Word4(p, "\u000138="u8);
        p += 4;
        p = Digits(p, (ulong)qty);

        // "|40=2|44=" is 9 bytes as well.
        Unsafe.WriteUnaligned(p, Unsafe.ReadUnaligned<ulong>(ref MemoryMarshal.GetReference("\u000140=2\u000144="u8)));
        p[8] = (byte)'=';
        p += 9;
        p = Price4(p, price);

        Word4(p, "\u000159="u8);
        p[4] = TimeInForces.ToFix(tif);
        p[5] = 0x01;
        p += 6;

        if (triggerSequence != 0 && _triggerHead.Length != 0)
        {
            p = Copy(p, _triggerHead);
            p = Digits(p, triggerSequence);
            *p++ = 0x01;
        }

        // BodyLength and BeginString, backwards in front of the body.
        uint bodyLength = (uint)(p - (b + BodyOrigin));
        byte* s = b + BodyOrigin;
        *--s = 0x01;
        do
        {
            *--s = (byte)('0' + (bodyLength % 10));
            bodyLength /= 10;
        }
        while (bodyLength != 0);

        s -= 12;
        Unsafe.WriteUnaligned(s, Unsafe.ReadUnaligned<ulong>(ref MemoryMarshal.GetReference("8=FIX.4.4\u00019="u8)));
        Unsafe.WriteUnaligned(s + 8, Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref MemoryMarshal.GetReference("8=FIX.4.4\u00019="u8), 8)));

        int checksum = FixChecksum.Compute(new ReadOnlySpan<byte>(s, (int)(p - s)));
        p[0] = (byte)'1';
        p[1] = (byte)'0';
        p[2] = (byte)'=';
        p[3] = (byte)('0' + (checksum / 100));
        p[4] = (byte)('0' + (checksum / 10 % 10));
        p[5] = (byte)('0' + (checksum % 10));
        p[6] = 0x01;
        p += 7;
        return new ReadOnlySpan<byte>(s, (int)(p - s));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Word4(byte* p, ReadOnlySpan<byte> four) =>
        Unsafe.WriteUnaligned(p, Unsafe.ReadUnaligned<uint>(ref MemoryMarshal.GetReference(four)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static byte* Copy(byte* p, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(new Span<byte>(p, bytes.Length));
        return p + bytes.Length;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static byte* Digits(byte* p, ulong value)
    {
        int n = FixFormat.DigitCount(value);
        byte* end = p + n;
        byte* q = end;
        do
        {
            ulong d = value / 10;
            *--q = (byte)('0' + (value - (d * 10)));
            value = d;
        }
        while (value != 0);

        return end;
    }

    /// <summary>Price units as a decimal with exactly four places: 1872500 → "187.2500".</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static byte* Price4(byte* p, long units)
    {
        ulong whole = (ulong)units / 10_000;
        uint fraction = (uint)((ulong)units - (whole * 10_000));
        p = Digits(p, whole);
        p[0] = (byte)'.';
        p[1] = (byte)('0' + (fraction / 1000));
        p[2] = (byte)('0' + (fraction / 100 % 10));
        p[3] = (byte)('0' + (fraction / 10 % 10));
        p[4] = (byte)('0' + (fraction % 10));
        return p + 5;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowBadOrder() =>
        ThrowHelper.Argument("order", "NewOrderSingle: ClOrdID 1-32 bytes, symbol 1-8 bytes, quantity and price positive, side Buy or Sell");

    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            NativeMemory.AlignedFree(_buffer);
        }
    }
}
