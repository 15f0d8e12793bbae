using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Gateway.MarketData.Itch;

/// <summary>
/// ITCH 5.0 'O': Direct Listing with Capital Raise Price Discovery (1.8).
/// </summary>
/// <remarks>
/// <code>
///  offset size field
///       0    1 Message Type 'O'
///       1    2 Stock Locate
///       3    2 Tracking Number
///       5    6 Timestamp (ns since midnight)
///      11    8 Stock (alpha)
///      19    1 OpenEligibilityStatus (alpha)
///      20    4 MinimumAllowablePrice (Price(4))
///      24    4 MaximumAllowablePrice (Price(4))
///      28    4 NearExecutionPrice (Price(4))
///      32    8 NearExecutionTime (integer)
///      40    4 LowerPriceRangeCollar (Price(4))
///      44    4 UpperPriceRangeCollar (Price(4))
///      48      (end = Length)
/// </code>
/// Integers are big-endian and unsigned; alpha fields are ASCII, left-justified, space-padded.
/// </remarks>
public readonly ref struct DirectListingPriceDiscovery
{
    public const byte Type = ItchMessageType.DirectListingPriceDiscovery;
    public const int Length = 48;

    public const int StockOffset = 11;
    public const int OpenEligibilityStatusOffset = 19;
    public const int MinimumAllowablePriceOffset = 20;
    public const int MaximumAllowablePriceOffset = 24;
    public const int NearExecutionPriceOffset = 28;
    public const int NearExecutionTimeOffset = 32;
    public const int LowerPriceRangeCollarOffset = 40;
    public const int UpperPriceRangeCollarOffset = 44;

    private readonly ReadOnlySpan<byte> _buffer;

    /// <summary>
    /// Views the first <see cref="Length"/> bytes of <paramref name="message"/>. A shorter span throws
    /// (from the slice); <see cref="ItchDecoder"/> checks the exact length before it gets here.
    /// </summary>
    public DirectListingPriceDiscovery(ReadOnlySpan<byte> message) => _buffer = message[..Length];

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

    /// <summary>N not eligible, Y eligible.</summary>
    public byte OpenEligibilityStatus => _buffer[OpenEligibilityStatusOffset];

    /// <summary>Minimum allowable price (85% of the offer price).</summary>
    public Price4 MinimumAllowablePrice => new(BinaryPrimitives.ReadUInt32BigEndian(_buffer.Slice(MinimumAllowablePriceOffset)));

    /// <summary>Maximum allowable price.</summary>
    public Price4 MaximumAllowablePrice => new(BinaryPrimitives.ReadUInt32BigEndian(_buffer.Slice(MaximumAllowablePriceOffset)));

    /// <summary>Current near execution price.</summary>
    public Price4 NearExecutionPrice => new(BinaryPrimitives.ReadUInt32BigEndian(_buffer.Slice(NearExecutionPriceOffset)));

    /// <summary>Time of the near execution price, ns since midnight.</summary>
    public ulong NearExecutionTime => BinaryPrimitives.ReadUInt64BigEndian(_buffer.Slice(NearExecutionTimeOffset));

    /// <summary>Lower price range collar.</summary>
    public Price4 LowerPriceRangeCollar => new(BinaryPrimitives.ReadUInt32BigEndian(_buffer.Slice(LowerPriceRangeCollarOffset)));

    /// <summary>Upper price range collar.</summary>
    public Price4 UpperPriceRangeCollar => new(BinaryPrimitives.ReadUInt32BigEndian(_buffer.Slice(UpperPriceRangeCollarOffset)));
}
