using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Gateway.MarketData.Itch;

/// <summary>
/// ITCH 5.0 'B': Broken Trade / Order Execution (1.5.3): an execution was broken.
/// </summary>
/// <remarks>
/// <code>
///  offset size field
///       0    1 Message Type 'B'
///       1    2 Stock Locate
///       3    2 Tracking Number
///       5    6 Timestamp (ns since midnight)
///      11    8 MatchNumber (integer)
///      19      (end = Length)
/// </code>
/// Integers are big-endian and unsigned; alpha fields are ASCII, left-justified, space-padded.
/// </remarks>
public readonly ref struct BrokenTrade
{
    public const byte Type = ItchMessageType.BrokenTrade;
    public const int Length = 19;

    public const int MatchNumberOffset = 11;

    private readonly ReadOnlySpan<byte> _buffer;

    /// <summary>
    /// Views the first <see cref="Length"/> bytes of <paramref name="message"/>. A shorter span throws
    /// (from the slice); <see cref="ItchDecoder"/> checks the exact length before it gets here.
    /// </summary>
    public BrokenTrade(ReadOnlySpan<byte> message) => _buffer = message[..Length];

    /// <summary>The <see cref="Length"/> bytes of the message.</summary>
    public ReadOnlySpan<byte> Buffer => _buffer;

    public byte MessageType => _buffer[ItchHeader.MessageTypeOffset];

    public StockLocate StockLocate => ItchHeader.ReadStockLocate(_buffer);

    public ushort TrackingNumber => ItchHeader.ReadTrackingNumber(_buffer);

    /// <summary>Nanoseconds since midnight (six bytes on the wire).</summary>
    public ulong Timestamp => ItchHeader.ReadTimestamp(_buffer);

    /// <summary>Match number of the broken execution.</summary>
    public ulong MatchNumber => BinaryPrimitives.ReadUInt64BigEndian(_buffer.Slice(MatchNumberOffset));
}
