using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Gateway.MarketData.Itch;

/// <summary>
/// ITCH 5.0 'P': Trade, non-cross (1.5.1): an execution against a non-displayed order; no book change.
/// </summary>
/// <remarks>
/// <code>
///  offset size field
///       0    1 Message Type 'P'
///       1    2 Stock Locate
///       3    2 Tracking Number
///       5    6 Timestamp (ns since midnight)
///      11    8 OrderRef (integer)
///      19    1 Side (alpha)
///      20    4 Shares (integer)
///      24    8 Stock (alpha)
///      32    4 Price (Price(4))
///      36    8 MatchNumber (integer)
///      44      (end = Length)
/// </code>
/// Integers are big-endian and unsigned; alpha fields are ASCII, left-justified, space-padded.
/// </remarks>
public readonly ref struct Trade
{
    public const byte Type = ItchMessageType.Trade;
    public const int Length = 44;

    public const int OrderRefOffset = 11;
    public const int SideOffset = 19;
    public const int SharesOffset = 20;
    public const int StockOffset = 24;
    public const int PriceOffset = 32;
    public const int MatchNumberOffset = 36;

    private readonly ReadOnlySpan<byte> _buffer;

    /// <summary>
    /// Views the first <see cref="Length"/> bytes of <paramref name="message"/>. A shorter span throws
    /// (from the slice); <see cref="ItchDecoder"/> checks the exact length before it gets here.
    /// </summary>
    public Trade(ReadOnlySpan<byte> message) => _buffer = message[..Length];

    /// <summary>The <see cref="Length"/> bytes of the message.</summary>
    public ReadOnlySpan<byte> Buffer => _buffer;

    public byte MessageType => _buffer[ItchHeader.MessageTypeOffset];

    public StockLocate StockLocate => ItchHeader.ReadStockLocate(_buffer);

    public ushort TrackingNumber => ItchHeader.ReadTrackingNumber(_buffer);

    /// <summary>Nanoseconds since midnight (six bytes on the wire).</summary>
    public ulong Timestamp => ItchHeader.ReadTimestamp(_buffer);

    /// <summary>Order reference (zero since 2019 for non-displayed orders).</summary>
    public OrderRef OrderRef => new(BinaryPrimitives.ReadUInt64BigEndian(_buffer.Slice(OrderRefOffset)));

    /// <summary>Buy/Sell indicator of the non-displayed order: B or S.</summary>
    public ItchSide Side => (ItchSide)_buffer[SideOffset];

    /// <summary>Shares executed.</summary>
    public uint Shares => BinaryPrimitives.ReadUInt32BigEndian(_buffer.Slice(SharesOffset));

    /// <summary>Stock symbol, right-padded with spaces.</summary>
    public ReadOnlySpan<byte> Stock => _buffer.Slice(StockOffset, 8);

    /// <summary>The symbol without its space padding. Allocates: cold paths only.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public string StockSymbol() => ItchAlpha.ToTrimmedString(Stock);

    /// <summary>Execution price.</summary>
    public Price4 Price => new(BinaryPrimitives.ReadUInt32BigEndian(_buffer.Slice(PriceOffset)));

    /// <summary>Day-unique match number.</summary>
    public ulong MatchNumber => BinaryPrimitives.ReadUInt64BigEndian(_buffer.Slice(MatchNumberOffset));
}
