using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Gateway.MarketData.Itch;

/// <summary>
/// ITCH 5.0 'H': Stock Trading Action (1.2.2): halted, paused, quotation-only or trading.
/// </summary>
/// <remarks>
/// <code>
///  offset size field
///       0    1 Message Type 'H'
///       1    2 Stock Locate
///       3    2 Tracking Number
///       5    6 Timestamp (ns since midnight)
///      11    8 Stock (alpha)
///      19    1 TradingState (alpha)
///      20    1 Reserved (alpha)
///      21    4 Reason (alpha)
///      25      (end = Length)
/// </code>
/// Integers are big-endian and unsigned; alpha fields are ASCII, left-justified, space-padded.
/// </remarks>
public readonly ref struct StockTradingAction
{
    public const byte Type = ItchMessageType.StockTradingAction;
    public const int Length = 25;

    public const int StockOffset = 11;
    public const int TradingStateOffset = 19;
    public const int ReservedOffset = 20;
    public const int ReasonOffset = 21;

    private readonly ReadOnlySpan<byte> _buffer;

    /// <summary>
    /// Views the first <see cref="Length"/> bytes of <paramref name="message"/>. A shorter span throws
    /// (from the slice); <see cref="ItchDecoder"/> checks the exact length before it gets here.
    /// </summary>
    public StockTradingAction(ReadOnlySpan<byte> message) => _buffer = message[..Length];

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

    /// <summary>H halted, P paused, Q quotation only, T trading.</summary>
    public byte TradingState => _buffer[TradingStateOffset];

    /// <summary>Reserved.</summary>
    public byte Reserved => _buffer[ReservedOffset];

    /// <summary>Trading action reason code, right-padded with spaces.</summary>
    public ReadOnlySpan<byte> Reason => _buffer.Slice(ReasonOffset, 4);
}
