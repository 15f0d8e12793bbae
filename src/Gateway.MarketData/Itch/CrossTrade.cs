using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Gateway.MarketData.Itch;

/// <summary>
/// ITCH 5.0 'Q': Cross Trade (1.5.2): bulk print of an opening, closing, IPO or halt cross.
/// </summary>
/// <remarks>
/// <code>
///  offset size field
///       0    1 Message Type 'Q'
///       1    2 Stock Locate
///       3    2 Tracking Number
///       5    6 Timestamp (ns since midnight)
///      11    8 Shares (integer)
///      19    8 Stock (alpha)
///      27    4 CrossPrice (Price(4))
///      31    8 MatchNumber (integer)
///      39    1 CrossType (alpha)
///      40      (end = Length)
/// </code>
/// Integers are big-endian and unsigned; alpha fields are ASCII, left-justified, space-padded.
/// </remarks>
public readonly ref struct CrossTrade
{
    public const byte Type = ItchMessageType.CrossTrade;
    public const int Length = 40;

    public const int SharesOffset = 11;
    public const int StockOffset = 19;
    public const int CrossPriceOffset = 27;
    public const int MatchNumberOffset = 31;
    public const int CrossTypeOffset = 39;

    private readonly ReadOnlySpan<byte> _buffer;

    /// <summary>
    /// Views the first <see cref="Length"/> bytes of <paramref name="message"/>. A shorter span throws
    /// (from the slice); <see cref="ItchDecoder"/> checks the exact length before it gets here.
    /// </summary>
    public CrossTrade(ReadOnlySpan<byte> message) => _buffer = message[..Length];

    /// <summary>The <see cref="Length"/> bytes of the message.</summary>
    public ReadOnlySpan<byte> Buffer => _buffer;

    public byte MessageType => _buffer[ItchHeader.MessageTypeOffset];

    public StockLocate StockLocate => ItchHeader.ReadStockLocate(_buffer);

    public ushort TrackingNumber => ItchHeader.ReadTrackingNumber(_buffer);

    /// <summary>Nanoseconds since midnight (six bytes on the wire).</summary>
    public ulong Timestamp => ItchHeader.ReadTimestamp(_buffer);

    /// <summary>Shares matched in the cross (eight bytes in 5.0).</summary>
    public ulong Shares => BinaryPrimitives.ReadUInt64BigEndian(_buffer.Slice(SharesOffset));

    /// <summary>Stock symbol, right-padded with spaces.</summary>
    public ReadOnlySpan<byte> Stock => _buffer.Slice(StockOffset, 8);

    /// <summary>The symbol without its space padding. Allocates: cold paths only.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public string StockSymbol() => ItchAlpha.ToTrimmedString(Stock);

    /// <summary>Cross price.</summary>
    public Price4 CrossPrice => new(BinaryPrimitives.ReadUInt32BigEndian(_buffer.Slice(CrossPriceOffset)));

    /// <summary>Day-unique match number.</summary>
    public ulong MatchNumber => BinaryPrimitives.ReadUInt64BigEndian(_buffer.Slice(MatchNumberOffset));

    /// <summary>O open, C close, H IPO/halt, I intraday.</summary>
    public byte CrossType => _buffer[CrossTypeOffset];
}
