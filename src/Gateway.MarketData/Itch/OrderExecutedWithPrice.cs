using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Gateway.MarketData.Itch;

/// <summary>
/// ITCH 5.0 'C': Order Executed With Price (1.4.2): executed at a price other than its own.
/// </summary>
/// <remarks>
/// <code>
///  offset size field
///       0    1 Message Type 'C'
///       1    2 Stock Locate
///       3    2 Tracking Number
///       5    6 Timestamp (ns since midnight)
///      11    8 OrderRef (integer)
///      19    4 ExecutedShares (integer)
///      23    8 MatchNumber (integer)
///      31    1 Printable (alpha)
///      32    4 ExecutionPrice (Price(4))
///      36      (end = Length)
/// </code>
/// Integers are big-endian and unsigned; alpha fields are ASCII, left-justified, space-padded.
/// </remarks>
public readonly ref struct OrderExecutedWithPrice
{
    public const byte Type = ItchMessageType.OrderExecutedWithPrice;
    public const int Length = 36;

    public const int OrderRefOffset = 11;
    public const int ExecutedSharesOffset = 19;
    public const int MatchNumberOffset = 23;
    public const int PrintableOffset = 31;
    public const int ExecutionPriceOffset = 32;

    private readonly ReadOnlySpan<byte> _buffer;

    /// <summary>
    /// Views the first <see cref="Length"/> bytes of <paramref name="message"/>. A shorter span throws
    /// (from the slice); <see cref="ItchDecoder"/> checks the exact length before it gets here.
    /// </summary>
    public OrderExecutedWithPrice(ReadOnlySpan<byte> message) => _buffer = message[..Length];

    /// <summary>The <see cref="Length"/> bytes of the message.</summary>
    public ReadOnlySpan<byte> Buffer => _buffer;

    public byte MessageType => _buffer[ItchHeader.MessageTypeOffset];

    public StockLocate StockLocate => ItchHeader.ReadStockLocate(_buffer);

    public ushort TrackingNumber => ItchHeader.ReadTrackingNumber(_buffer);

    /// <summary>Nanoseconds since midnight (six bytes on the wire).</summary>
    public ulong Timestamp => ItchHeader.ReadTimestamp(_buffer);

    /// <summary>The resting order.</summary>
    public OrderRef OrderRef => new(BinaryPrimitives.ReadUInt64BigEndian(_buffer.Slice(OrderRefOffset)));

    /// <summary>Shares executed.</summary>
    public uint ExecutedShares => BinaryPrimitives.ReadUInt32BigEndian(_buffer.Slice(ExecutedSharesOffset));

    /// <summary>Day-unique match number.</summary>
    public ulong MatchNumber => BinaryPrimitives.ReadUInt64BigEndian(_buffer.Slice(MatchNumberOffset));

    /// <summary>Y: print to time-and-sales; N: do not (already counted).</summary>
    public byte Printable => _buffer[PrintableOffset];

    /// <summary>Price of this execution.</summary>
    public Price4 ExecutionPrice => new(BinaryPrimitives.ReadUInt32BigEndian(_buffer.Slice(ExecutionPriceOffset)));
}
