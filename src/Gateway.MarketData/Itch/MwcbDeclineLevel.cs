using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Gateway.MarketData.Itch;

/// <summary>
/// ITCH 5.0 'V': Market-Wide Circuit Breaker Decline Level (1.2.5.1): the three S&P 500 levels, Price(8).
/// </summary>
/// <remarks>
/// <code>
///  offset size field
///       0    1 Message Type 'V'
///       1    2 Stock Locate
///       3    2 Tracking Number
///       5    6 Timestamp (ns since midnight)
///      11    8 Level1 (Price(8))
///      19    8 Level2 (Price(8))
///      27    8 Level3 (Price(8))
///      35      (end = Length)
/// </code>
/// Integers are big-endian and unsigned; alpha fields are ASCII, left-justified, space-padded.
/// </remarks>
public readonly ref struct MwcbDeclineLevel
{
    public const byte Type = ItchMessageType.MwcbDeclineLevel;
    public const int Length = 35;

    public const int Level1Offset = 11;
    public const int Level2Offset = 19;
    public const int Level3Offset = 27;

    private readonly ReadOnlySpan<byte> _buffer;

    /// <summary>
    /// Views the first <see cref="Length"/> bytes of <paramref name="message"/>. A shorter span throws
    /// (from the slice); <see cref="ItchDecoder"/> checks the exact length before it gets here.
    /// </summary>
    public MwcbDeclineLevel(ReadOnlySpan<byte> message) => _buffer = message[..Length];

    /// <summary>The <see cref="Length"/> bytes of the message.</summary>
    public ReadOnlySpan<byte> Buffer => _buffer;

    public byte MessageType => _buffer[ItchHeader.MessageTypeOffset];

    public StockLocate StockLocate => ItchHeader.ReadStockLocate(_buffer);

    public ushort TrackingNumber => ItchHeader.ReadTrackingNumber(_buffer);

    /// <summary>Nanoseconds since midnight (six bytes on the wire).</summary>
    public ulong Timestamp => ItchHeader.ReadTimestamp(_buffer);

    /// <summary>Level 1 decline price, eight implied decimals.</summary>
    public Price8 Level1 => new(BinaryPrimitives.ReadUInt64BigEndian(_buffer.Slice(Level1Offset)));

    /// <summary>Level 2 decline price, eight implied decimals.</summary>
    public Price8 Level2 => new(BinaryPrimitives.ReadUInt64BigEndian(_buffer.Slice(Level2Offset)));

    /// <summary>Level 3 decline price, eight implied decimals.</summary>
    public Price8 Level3 => new(BinaryPrimitives.ReadUInt64BigEndian(_buffer.Slice(Level3Offset)));
}
