using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Gateway.MarketData.Itch;

/// <summary>
/// ITCH 5.0 'K': IPO Quoting Period Update (1.2.6): anticipated quotation release time of an IPO.
/// </summary>
/// <remarks>
/// <code>
///  offset size field
///       0    1 Message Type 'K'
///       1    2 Stock Locate
///       3    2 Tracking Number
///       5    6 Timestamp (ns since midnight)
///      11    8 Stock (alpha)
///      19    4 IpoQuotationReleaseTime (integer)
///      23    1 IpoQuotationReleaseQualifier (alpha)
///      24    4 IpoPrice (Price(4))
///      28      (end = Length)
/// </code>
/// Integers are big-endian and unsigned; alpha fields are ASCII, left-justified, space-padded.
/// </remarks>
public readonly ref struct IpoQuotingPeriodUpdate
{
    public const byte Type = ItchMessageType.IpoQuotingPeriodUpdate;
    public const int Length = 28;

    public const int StockOffset = 11;
    public const int IpoQuotationReleaseTimeOffset = 19;
    public const int IpoQuotationReleaseQualifierOffset = 23;
    public const int IpoPriceOffset = 24;

    private readonly ReadOnlySpan<byte> _buffer;

    /// <summary>
    /// Views the first <see cref="Length"/> bytes of <paramref name="message"/>. A shorter span throws
    /// (from the slice); <see cref="ItchDecoder"/> checks the exact length before it gets here.
    /// </summary>
    public IpoQuotingPeriodUpdate(ReadOnlySpan<byte> message) => _buffer = message[..Length];

    /// <summary>The <see cref="Length"/> bytes of the message.</summary>
    public ReadOnlySpan<byte> Buffer => _buffer;

    public byte MessageType => _buffer[ItchHeader.MessageTypeOffset];

    public StockLocate StockLocate => ItchHeader.ReadStockLocate(_buffer);

    public ushort TrackingNumber => ItchHeader.ReadTrackingNumber(_buffer);

    /// <summary>Nanoseconds since midnight (six bytes on the wire).</summary>
    public ulong Timestamp => ItchHeader.ReadTimestamp(_buffer);

    /// <summary>Stock symbol, right-padded with spaces.</summary>
    public ReadOnlySpan<byte> Stock => _buffer.Slice(StockOffset, 8);

    /// <summary>The symbol without its space padding. Allocates: cold paths only.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public string StockSymbol() => ItchAlpha.ToTrimmedString(Stock);

    /// <summary>Anticipated release time, seconds since midnight.</summary>
    public uint IpoQuotationReleaseTime => BinaryPrimitives.ReadUInt32BigEndian(_buffer.Slice(IpoQuotationReleaseTimeOffset));

    /// <summary>A anticipated, C canceled or postponed.</summary>
    public byte IpoQuotationReleaseQualifier => _buffer[IpoQuotationReleaseQualifierOffset];

    /// <summary>IPO price.</summary>
    public Price4 IpoPrice => new(BinaryPrimitives.ReadUInt32BigEndian(_buffer.Slice(IpoPriceOffset)));
}
