using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Gateway.MarketData.Itch;

/// <summary>
/// ITCH 5.0 'F': Add Order with MPID attribution (1.3.2).
/// </summary>
/// <remarks>
/// <code>
///  offset size field
///       0    1 Message Type 'F'
///       1    2 Stock Locate
///       3    2 Tracking Number
///       5    6 Timestamp (ns since midnight)
///      11    8 OrderRef (integer)
///      19    1 Side (alpha)
///      20    4 Shares (integer)
///      24    8 Stock (alpha)
///      32    4 Price (Price(4))
///      36    4 Attribution (alpha)
///      40      (end = Length)
/// </code>
/// Integers are big-endian and unsigned; alpha fields are ASCII, left-justified, space-padded.
/// </remarks>
public readonly ref struct AddOrderMpid
{
    public const byte Type = ItchMessageType.AddOrderMpid;
    public const int Length = 40;

    public const int OrderRefOffset = 11;
    public const int SideOffset = 19;
    public const int SharesOffset = 20;
    public const int StockOffset = 24;
    public const int PriceOffset = 32;
    public const int AttributionOffset = 36;

    private readonly ReadOnlySpan<byte> _buffer;

    /// <summary>
    /// Views the first <see cref="Length"/> bytes of <paramref name="message"/>. A shorter span throws
    /// (from the slice); <see cref="ItchDecoder"/> checks the exact length before it gets here.
    /// </summary>
    public AddOrderMpid(ReadOnlySpan<byte> message) => _buffer = message[..Length];

    /// <summary>The <see cref="Length"/> bytes of the message.</summary>
    public ReadOnlySpan<byte> Buffer => _buffer;

    public byte MessageType => _buffer[ItchHeader.MessageTypeOffset];

    public StockLocate StockLocate => ItchHeader.ReadStockLocate(_buffer);

    public ushort TrackingNumber => ItchHeader.ReadTrackingNumber(_buffer);

    /// <summary>Nanoseconds since midnight (six bytes on the wire).</summary>
    public ulong Timestamp => ItchHeader.ReadTimestamp(_buffer);

    /// <summary>Order reference number, unique for the day.</summary>
    public OrderRef OrderRef => new(BinaryPrimitives.ReadUInt64BigEndian(_buffer.Slice(OrderRefOffset)));

    /// <summary>Buy/Sell indicator: B or S.</summary>
    public ItchSide Side => (ItchSide)_buffer[SideOffset];

    /// <summary>Displayed shares.</summary>
    public uint Shares => BinaryPrimitives.ReadUInt32BigEndian(_buffer.Slice(SharesOffset));

    /// <summary>Stock symbol, right-padded with spaces.</summary>
    public ReadOnlySpan<byte> Stock => _buffer.Slice(StockOffset, 8);

    /// <summary>The symbol without its space padding. Allocates: cold paths only.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public string StockSymbol() => ItchAlpha.ToTrimmedString(Stock);

    /// <summary>Limit price.</summary>
    public Price4 Price => new(BinaryPrimitives.ReadUInt32BigEndian(_buffer.Slice(PriceOffset)));

    /// <summary>Market participant id of the order.</summary>
    public ReadOnlySpan<byte> Attribution => _buffer.Slice(AttributionOffset, 4);
}
