using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Gateway.MarketData.Itch;

/// <summary>
/// ITCH 5.0 'X': Order Cancel (1.4.3): the order loses some of its shares.
/// </summary>
/// <remarks>
/// <code>
///  offset size field
///       0    1 Message Type 'X'
///       1    2 Stock Locate
///       3    2 Tracking Number
///       5    6 Timestamp (ns since midnight)
///      11    8 OrderRef (integer)
///      19    4 CanceledShares (integer)
///      23      (end = Length)
/// </code>
/// Integers are big-endian and unsigned; alpha fields are ASCII, left-justified, space-padded.
/// </remarks>
public readonly ref struct OrderCancel
{
    public const byte Type = ItchMessageType.OrderCancel;
    public const int Length = 23;

    public const int OrderRefOffset = 11;
    public const int CanceledSharesOffset = 19;

    private readonly ReadOnlySpan<byte> _buffer;

    /// <summary>
    /// Views the first <see cref="Length"/> bytes of <paramref name="message"/>. A shorter span throws
    /// (from the slice); <see cref="ItchDecoder"/> checks the exact length before it gets here.
    /// </summary>
    public OrderCancel(ReadOnlySpan<byte> message) => _buffer = message[..Length];

    /// <summary>The <see cref="Length"/> bytes of the message.</summary>
    public ReadOnlySpan<byte> Buffer => _buffer;

    public byte MessageType => _buffer[ItchHeader.MessageTypeOffset];

    public StockLocate StockLocate => ItchHeader.ReadStockLocate(_buffer);

    public ushort TrackingNumber => ItchHeader.ReadTrackingNumber(_buffer);

    /// <summary>Nanoseconds since midnight (six bytes on the wire).</summary>
    public ulong Timestamp => ItchHeader.ReadTimestamp(_buffer);

    /// <summary>The resting order.</summary>
    public OrderRef OrderRef => new(BinaryPrimitives.ReadUInt64BigEndian(_buffer.Slice(OrderRefOffset)));

    /// <summary>Shares removed.</summary>
    public uint CanceledShares => BinaryPrimitives.ReadUInt32BigEndian(_buffer.Slice(CanceledSharesOffset));
}
