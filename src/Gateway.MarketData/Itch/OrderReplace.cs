using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Gateway.MarketData.Itch;

/// <summary>
/// ITCH 5.0 'U': Order Replace (1.4.5): cancel-replace; the new order takes the old one's side and stock and loses time priority.
/// </summary>
/// <remarks>
/// <code>
///  offset size field
///       0    1 Message Type 'U'
///       1    2 Stock Locate
///       3    2 Tracking Number
///       5    6 Timestamp (ns since midnight)
///      11    8 OriginalOrderRef (integer)
///      19    8 NewOrderRef (integer)
///      27    4 Shares (integer)
///      31    4 Price (Price(4))
///      35      (end = Length)
/// </code>
/// Integers are big-endian and unsigned; alpha fields are ASCII, left-justified, space-padded.
/// </remarks>
public readonly ref struct OrderReplace
{
    public const byte Type = ItchMessageType.OrderReplace;
    public const int Length = 35;

    public const int OriginalOrderRefOffset = 11;
    public const int NewOrderRefOffset = 19;
    public const int SharesOffset = 27;
    public const int PriceOffset = 31;

    private readonly ReadOnlySpan<byte> _buffer;

    /// <summary>
    /// Views the first <see cref="Length"/> bytes of <paramref name="message"/>. A shorter span throws
    /// (from the slice); <see cref="ItchDecoder"/> checks the exact length before it gets here.
    /// </summary>
    public OrderReplace(ReadOnlySpan<byte> message) => _buffer = message[..Length];

    /// <summary>The <see cref="Length"/> bytes of the message.</summary>
    public ReadOnlySpan<byte> Buffer => _buffer;

    public byte MessageType => _buffer[ItchHeader.MessageTypeOffset];

    public StockLocate StockLocate => ItchHeader.ReadStockLocate(_buffer);

    public ushort TrackingNumber => ItchHeader.ReadTrackingNumber(_buffer);

    /// <summary>Nanoseconds since midnight (six bytes on the wire).</summary>
    public ulong Timestamp => ItchHeader.ReadTimestamp(_buffer);

    /// <summary>The order being replaced.</summary>
    public OrderRef OriginalOrderRef => new(BinaryPrimitives.ReadUInt64BigEndian(_buffer.Slice(OriginalOrderRefOffset)));

    /// <summary>The order that replaces it.</summary>
    public OrderRef NewOrderRef => new(BinaryPrimitives.ReadUInt64BigEndian(_buffer.Slice(NewOrderRefOffset)));

    /// <summary>New displayed shares.</summary>
    public uint Shares => BinaryPrimitives.ReadUInt32BigEndian(_buffer.Slice(SharesOffset));

    /// <summary>New limit price.</summary>
    public Price4 Price => new(BinaryPrimitives.ReadUInt32BigEndian(_buffer.Slice(PriceOffset)));
}
