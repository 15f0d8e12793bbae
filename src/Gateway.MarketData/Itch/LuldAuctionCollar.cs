using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Gateway.MarketData.Itch;

/// <summary>
/// ITCH 5.0 'J': Limit Up - Limit Down Auction Collar (1.2.7): collars of a LULD reopening auction.
/// </summary>
/// <remarks>
/// <code>
///  offset size field
///       0    1 Message Type 'J'
///       1    2 Stock Locate
///       3    2 Tracking Number
///       5    6 Timestamp (ns since midnight)
///      11    8 Stock (alpha)
///      19    4 AuctionCollarReferencePrice (Price(4))
///      23    4 UpperAuctionCollarPrice (Price(4))
///      27    4 LowerAuctionCollarPrice (Price(4))
///      31    4 AuctionCollarExtension (integer)
///      35      (end = Length)
/// </code>
/// Integers are big-endian and unsigned; alpha fields are ASCII, left-justified, space-padded.
/// </remarks>
public readonly ref struct LuldAuctionCollar
{
    public const byte Type = ItchMessageType.LuldAuctionCollar;
    public const int Length = 35;

    public const int StockOffset = 11;
    public const int AuctionCollarReferencePriceOffset = 19;
    public const int UpperAuctionCollarPriceOffset = 23;
    public const int LowerAuctionCollarPriceOffset = 27;
    public const int AuctionCollarExtensionOffset = 31;

    private readonly ReadOnlySpan<byte> _buffer;

    /// <summary>
    /// Views the first <see cref="Length"/> bytes of <paramref name="message"/>. A shorter span throws
    /// (from the slice); <see cref="ItchDecoder"/> checks the exact length before it gets here.
    /// </summary>
    public LuldAuctionCollar(ReadOnlySpan<byte> message) => _buffer = message[..Length];

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

    /// <summary>Reference price of the collars.</summary>
    public Price4 AuctionCollarReferencePrice => new(BinaryPrimitives.ReadUInt32BigEndian(_buffer.Slice(AuctionCollarReferencePriceOffset)));

    /// <summary>Upper collar.</summary>
    public Price4 UpperAuctionCollarPrice => new(BinaryPrimitives.ReadUInt32BigEndian(_buffer.Slice(UpperAuctionCollarPriceOffset)));

    /// <summary>Lower collar.</summary>
    public Price4 LowerAuctionCollarPrice => new(BinaryPrimitives.ReadUInt32BigEndian(_buffer.Slice(LowerAuctionCollarPriceOffset)));

    /// <summary>How many times the halt was extended.</summary>
    public uint AuctionCollarExtension => BinaryPrimitives.ReadUInt32BigEndian(_buffer.Slice(AuctionCollarExtensionOffset));
}
