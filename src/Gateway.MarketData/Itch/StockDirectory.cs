using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Gateway.MarketData.Itch;

/// <summary>
/// ITCH 5.0 'R': Stock Directory (1.2.1): one per issue at start of day; gives the locate code its symbol.
/// </summary>
/// <remarks>
/// <code>
///  offset size field
///       0    1 Message Type 'R'
///       1    2 Stock Locate
///       3    2 Tracking Number
///       5    6 Timestamp (ns since midnight)
///      11    8 Stock (alpha)
///      19    1 MarketCategory (alpha)
///      20    1 FinancialStatusIndicator (alpha)
///      21    4 RoundLotSize (integer)
///      25    1 RoundLotsOnly (alpha)
///      26    1 IssueClassification (alpha)
///      27    2 IssueSubType (alpha)
///      29    1 Authenticity (alpha)
///      30    1 ShortSaleThresholdIndicator (alpha)
///      31    1 IpoFlag (alpha)
///      32    1 LuldReferencePriceTier (alpha)
///      33    1 EtpFlag (alpha)
///      34    4 EtpLeverageFactor (integer)
///      38    1 InverseIndicator (alpha)
///      39      (end = Length)
/// </code>
/// Integers are big-endian and unsigned; alpha fields are ASCII, left-justified, space-padded.
/// </remarks>
public readonly ref struct StockDirectory
{
    public const byte Type = ItchMessageType.StockDirectory;
    public const int Length = 39;

    public const int StockOffset = 11;
    public const int MarketCategoryOffset = 19;
    public const int FinancialStatusIndicatorOffset = 20;
    public const int RoundLotSizeOffset = 21;
    public const int RoundLotsOnlyOffset = 25;
    public const int IssueClassificationOffset = 26;
    public const int IssueSubTypeOffset = 27;
    public const int AuthenticityOffset = 29;
    public const int ShortSaleThresholdIndicatorOffset = 30;
    public const int IpoFlagOffset = 31;
    public const int LuldReferencePriceTierOffset = 32;
    public const int EtpFlagOffset = 33;
    public const int EtpLeverageFactorOffset = 34;
    public const int InverseIndicatorOffset = 38;

    private readonly ReadOnlySpan<byte> _buffer;

    /// <summary>
    /// Views the first <see cref="Length"/> bytes of <paramref name="message"/>. A shorter span throws
    /// (from the slice); <see cref="ItchDecoder"/> checks the exact length before it gets here.
    /// </summary>
    public StockDirectory(ReadOnlySpan<byte> message) => _buffer = message[..Length];

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

    /// <summary>Listing market: Q, G, S, N, A, P, Z, V, space.</summary>
    public byte MarketCategory => _buffer[MarketCategoryOffset];

    /// <summary>D, E, Q, S, G, H, J, K, C, N, space.</summary>
    public byte FinancialStatusIndicator => _buffer[FinancialStatusIndicatorOffset];

    /// <summary>Shares in a round lot.</summary>
    public uint RoundLotSize => BinaryPrimitives.ReadUInt32BigEndian(_buffer.Slice(RoundLotSizeOffset));

    /// <summary>Y: only round lots accepted; N: odd and mixed lots too.</summary>
    public byte RoundLotsOnly => _buffer[RoundLotsOnlyOffset];

    /// <summary>Security class (A, B, C, ...).</summary>
    public byte IssueClassification => _buffer[IssueClassificationOffset];

    /// <summary>Two-letter issue sub-type.</summary>
    public ReadOnlySpan<byte> IssueSubType => _buffer.Slice(IssueSubTypeOffset, 2);

    /// <summary>P: live/production; T: test.</summary>
    public byte Authenticity => _buffer[AuthenticityOffset];

    /// <summary>Y, N, space.</summary>
    public byte ShortSaleThresholdIndicator => _buffer[ShortSaleThresholdIndicatorOffset];

    /// <summary>Y, N, space.</summary>
    public byte IpoFlag => _buffer[IpoFlagOffset];

    /// <summary>1, 2, space.</summary>
    public byte LuldReferencePriceTier => _buffer[LuldReferencePriceTierOffset];

    /// <summary>Y, N, space.</summary>
    public byte EtpFlag => _buffer[EtpFlagOffset];

    /// <summary>Leverage factor of an ETP (integer).</summary>
    public uint EtpLeverageFactor => BinaryPrimitives.ReadUInt32BigEndian(_buffer.Slice(EtpLeverageFactorOffset));

    /// <summary>Y: inverse ETP; N otherwise.</summary>
    public byte InverseIndicator => _buffer[InverseIndicatorOffset];
}
