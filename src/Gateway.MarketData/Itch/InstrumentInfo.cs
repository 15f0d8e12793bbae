using System.Runtime.InteropServices;

namespace Gateway.MarketData.Itch;

/// <summary>
/// What the Stock Directory ('R') message said about one issue. Single-byte codes stay as their wire
/// bytes (see <see cref="StockDirectory"/> for their meanings).
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public readonly struct InstrumentInfo
{
    /// <summary>The 8 padded symbol bytes in memory order (see <see cref="ItchAlpha.TryPackStock"/>).</summary>
    public readonly ulong SymbolKey;
    public readonly uint RoundLotSize;
    public readonly uint EtpLeverageFactor;
    public readonly StockLocate Locate;

    /// <summary>The two Issue Sub-Type bytes in memory order.</summary>
    public readonly ushort IssueSubTypeKey;
    public readonly byte MarketCategory;
    public readonly byte FinancialStatusIndicator;
    public readonly byte RoundLotsOnly;
    public readonly byte IssueClassification;
    public readonly byte Authenticity;
    public readonly byte ShortSaleThresholdIndicator;
    public readonly byte IpoFlag;
    public readonly byte LuldReferencePriceTier;
    public readonly byte EtpFlag;
    public readonly byte InverseIndicator;

    /// <summary>False for a slot no 'R' message has filled.</summary>
    public readonly bool IsKnown;

    public InstrumentInfo(StockDirectory message)
    {
        SymbolKey = MemoryMarshal.Read<ulong>(message.Stock);
        RoundLotSize = message.RoundLotSize;
        EtpLeverageFactor = message.EtpLeverageFactor;
        Locate = message.StockLocate;
        IssueSubTypeKey = MemoryMarshal.Read<ushort>(message.IssueSubType);
        MarketCategory = message.MarketCategory;
        FinancialStatusIndicator = message.FinancialStatusIndicator;
        RoundLotsOnly = message.RoundLotsOnly;
        IssueClassification = message.IssueClassification;
        Authenticity = message.Authenticity;
        ShortSaleThresholdIndicator = message.ShortSaleThresholdIndicator;
        IpoFlag = message.IpoFlag;
        LuldReferencePriceTier = message.LuldReferencePriceTier;
        EtpFlag = message.EtpFlag;
        InverseIndicator = message.InverseIndicator;
        IsKnown = true;
    }

    /// <summary>The symbol without padding. Allocates: cold paths only.</summary>
    public string Symbol()
    {
        ulong key = SymbolKey;
        return ItchAlpha.ToTrimmedString(MemoryMarshal.AsBytes(new ReadOnlySpan<ulong>(in key)));
    }
}
