using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Gateway.MarketData.Itch;

/// <summary>
/// ITCH 5.0 'I': Net Order Imbalance Indicator (1.6): auction imbalance information before a cross.
/// </summary>
/// <remarks>
/// <code>
///  offset size field
///       0    1 Message Type 'I'
///       1    2 Stock Locate
///       3    2 Tracking Number
///       5    6 Timestamp (ns since midnight)
///      11    8 PairedShares (integer)
///      19    8 ImbalanceShares (integer)
///      27    1 ImbalanceDirection (alpha)
///      28    8 Stock (alpha)
///      36    4 FarPrice (Price(4))
///      40    4 NearPrice (Price(4))
///      44    4 CurrentReferencePrice (Price(4))
///      48    1 CrossType (alpha)
///      49    1 PriceVariationIndicator (alpha)
///      50      (end = Length)
/// </code>
/// Integers are big-endian and unsigned; alpha fields are ASCII, left-justified, space-padded.
/// </remarks>
public readonly ref struct Noii
{
    public const byte Type = ItchMessageType.Noii;
    public const int Length = 50;

    public const int PairedSharesOffset = 11;
    public const int ImbalanceSharesOffset = 19;
    public const int ImbalanceDirectionOffset = 27;
    public const int StockOffset = 28;
    public const int FarPriceOffset = 36;
    public const int NearPriceOffset = 40;
    public const int CurrentReferencePriceOffset = 44;
    public const int CrossTypeOffset = 48;
    public const int PriceVariationIndicatorOffset = 49;

    private readonly ReadOnlySpan<byte> _buffer;

    /// <summary>
    /// Views the first <see cref="Length"/> bytes of <paramref name="message"/>. A shorter span throws
    /// (from the slice); <see cref="ItchDecoder"/> checks the exact length before it gets here.
    /// </summary>
    public Noii(ReadOnlySpan<byte> message) => _buffer = message[..Length];

    /// <summary>The <see cref="Length"/> bytes of the message.</summary>
    public ReadOnlySpan<byte> Buffer => _buffer;

    public byte MessageType => _buffer[ItchHeader.MessageTypeOffset];

    public StockLocate StockLocate => ItchHeader.ReadStockLocate(_buffer);

    public ushort TrackingNumber => ItchHeader.ReadTrackingNumber(_buffer);

    /// <summary>Nanoseconds since midnight (six bytes on the wire).</summary>
    public ulong Timestamp => ItchHeader.ReadTimestamp(_buffer);

    /// <summary>Shares paired at the current reference price.</summary>
    public ulong PairedShares => BinaryPrimitives.ReadUInt64BigEndian(_buffer.Slice(PairedSharesOffset));

    /// <summary>Shares not paired.</summary>
    public ulong ImbalanceShares => BinaryPrimitives.ReadUInt64BigEndian(_buffer.Slice(ImbalanceSharesOffset));

    /// <summary>B buy, S sell, N none, O insufficient orders, P paused.</summary>
    public byte ImbalanceDirection => _buffer[ImbalanceDirectionOffset];

    /// <summary>Stock symbol, right-padded with spaces.</summary>
    public ReadOnlySpan<byte> Stock => _buffer.Slice(StockOffset, 8);

    /// <summary>The symbol without its space padding. Allocates: cold paths only.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public string StockSymbol() => ItchAlpha.ToTrimmedString(Stock);

    /// <summary>Far indicative clearing price.</summary>
    public Price4 FarPrice => new(BinaryPrimitives.ReadUInt32BigEndian(_buffer.Slice(FarPriceOffset)));

    /// <summary>Near indicative clearing price.</summary>
    public Price4 NearPrice => new(BinaryPrimitives.ReadUInt32BigEndian(_buffer.Slice(NearPriceOffset)));

    /// <summary>Current reference price.</summary>
    public Price4 CurrentReferencePrice => new(BinaryPrimitives.ReadUInt32BigEndian(_buffer.Slice(CurrentReferencePriceOffset)));

    /// <summary>O open, C close, H IPO/halt, A extended trading close.</summary>
    public byte CrossType => _buffer[CrossTypeOffset];

    /// <summary>L, 1-9, A, B, C, space.</summary>
    public byte PriceVariationIndicator => _buffer[PriceVariationIndicatorOffset];
}
