using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Gateway.MarketData.Itch;

/// <summary>
/// ITCH 5.0 'L': Market Participant Position (1.2.4): a market maker's status in one issue.
/// </summary>
/// <remarks>
/// <code>
///  offset size field
///       0    1 Message Type 'L'
///       1    2 Stock Locate
///       3    2 Tracking Number
///       5    6 Timestamp (ns since midnight)
///      11    4 Mpid (alpha)
///      15    8 Stock (alpha)
///      23    1 PrimaryMarketMaker (alpha)
///      24    1 MarketMakerMode (alpha)
///      25    1 MarketParticipantState (alpha)
///      26      (end = Length)
/// </code>
/// Integers are big-endian and unsigned; alpha fields are ASCII, left-justified, space-padded.
/// </remarks>
public readonly ref struct MarketParticipantPosition
{
    public const byte Type = ItchMessageType.MarketParticipantPosition;
    public const int Length = 26;

    public const int MpidOffset = 11;
    public const int StockOffset = 15;
    public const int PrimaryMarketMakerOffset = 23;
    public const int MarketMakerModeOffset = 24;
    public const int MarketParticipantStateOffset = 25;

    private readonly ReadOnlySpan<byte> _buffer;

    /// <summary>
    /// Views the first <see cref="Length"/> bytes of <paramref name="message"/>. A shorter span throws
    /// (from the slice); <see cref="ItchDecoder"/> checks the exact length before it gets here.
    /// </summary>
    public MarketParticipantPosition(ReadOnlySpan<byte> message) => _buffer = message[..Length];

    /// <summary>The <see cref="Length"/> bytes of the message.</summary>
    public ReadOnlySpan<byte> Buffer => _buffer;

    public byte MessageType => _buffer[ItchHeader.MessageTypeOffset];

    public StockLocate StockLocate => ItchHeader.ReadStockLocate(_buffer);

    public ushort TrackingNumber => ItchHeader.ReadTrackingNumber(_buffer);

    /// <summary>Nanoseconds since midnight (six bytes on the wire).</summary>
    public ulong Timestamp => ItchHeader.ReadTimestamp(_buffer);

    /// <summary>Market participant id.</summary>
    public ReadOnlySpan<byte> Mpid => _buffer.Slice(MpidOffset, 4);

    /// <summary>Stock symbol, right-padded with spaces.</summary>
    public ReadOnlySpan<byte> Stock => _buffer.Slice(StockOffset, 8);

    /// <summary>The symbol without its space padding. Allocates: cold paths only.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public string StockSymbol() => ItchAlpha.ToTrimmedString(Stock);

    /// <summary>Y, N.</summary>
    public byte PrimaryMarketMaker => _buffer[PrimaryMarketMakerOffset];

    /// <summary>N normal, P passive, S syndicate, R pre-syndicate, L penalty.</summary>
    public byte MarketMakerMode => _buffer[MarketMakerModeOffset];

    /// <summary>A active, E excused, W withdrawn, S suspended, D deleted.</summary>
    public byte MarketParticipantState => _buffer[MarketParticipantStateOffset];
}
