using System.Runtime.CompilerServices;

namespace Gateway.MarketData.Itch;

/// <summary>The ITCH 5.0 message type letters and the exact length of each message.</summary>
public static class ItchMessageType
{
    /// <summary>'S' System Event, 12 bytes.</summary>
    public const byte SystemEvent = (byte)'S';

    /// <summary>'R' Stock Directory, 39 bytes.</summary>
    public const byte StockDirectory = (byte)'R';

    /// <summary>'H' Stock Trading Action, 25 bytes.</summary>
    public const byte StockTradingAction = (byte)'H';

    /// <summary>'Y' Reg SHO Short Sale Price Test Restricted Indicator, 20 bytes.</summary>
    public const byte RegShoRestriction = (byte)'Y';

    /// <summary>'L' Market Participant Position, 26 bytes.</summary>
    public const byte MarketParticipantPosition = (byte)'L';

    /// <summary>'V' Market-Wide Circuit Breaker Decline Level, 35 bytes.</summary>
    public const byte MwcbDeclineLevel = (byte)'V';

    /// <summary>'W' Market-Wide Circuit Breaker Status, 12 bytes.</summary>
    public const byte MwcbStatus = (byte)'W';

    /// <summary>'K' IPO Quoting Period Update, 28 bytes.</summary>
    public const byte IpoQuotingPeriodUpdate = (byte)'K';

    /// <summary>'J' Limit Up - Limit Down Auction Collar, 35 bytes.</summary>
    public const byte LuldAuctionCollar = (byte)'J';

    /// <summary>'h' Operational Halt, 21 bytes.</summary>
    public const byte OperationalHalt = (byte)'h';

    /// <summary>'A' Add Order, no MPID attribution, 36 bytes.</summary>
    public const byte AddOrder = (byte)'A';

    /// <summary>'F' Add Order with MPID attribution, 40 bytes.</summary>
    public const byte AddOrderMpid = (byte)'F';

    /// <summary>'E' Order Executed, 31 bytes.</summary>
    public const byte OrderExecuted = (byte)'E';

    /// <summary>'C' Order Executed With Price, 36 bytes.</summary>
    public const byte OrderExecutedWithPrice = (byte)'C';

    /// <summary>'X' Order Cancel, 23 bytes.</summary>
    public const byte OrderCancel = (byte)'X';

    /// <summary>'D' Order Delete, 19 bytes.</summary>
    public const byte OrderDelete = (byte)'D';

    /// <summary>'U' Order Replace, 35 bytes.</summary>
    public const byte OrderReplace = (byte)'U';

    /// <summary>'P' Trade, non-cross, 44 bytes.</summary>
    public const byte Trade = (byte)'P';

    /// <summary>'Q' Cross Trade, 40 bytes.</summary>
    public const byte CrossTrade = (byte)'Q';

    /// <summary>'B' Broken Trade / Order Execution, 19 bytes.</summary>
    public const byte BrokenTrade = (byte)'B';

    /// <summary>'I' Net Order Imbalance Indicator, 50 bytes.</summary>
    public const byte Noii = (byte)'I';

    /// <summary>'N' Retail Price Improvement Indicator, 20 bytes.</summary>
    public const byte Rpii = (byte)'N';

    /// <summary>'O' Direct Listing with Capital Raise Price Discovery, 48 bytes.</summary>
    public const byte DirectListingPriceDiscovery = (byte)'O';

    /// <summary>Every type this decoder knows, in spec order.</summary>
    public static ReadOnlySpan<byte> All => "SRHYLVWKJhAFECXDUPQBINO"u8;

    /// <summary>The exact length of a message of this type, or 0 when the type is not an ITCH 5.0 type.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int LengthOf(byte type)
    {
        ReadOnlySpan<byte> lengths = Lengths;
        return type < lengths.Length ? lengths[type] : 0;
    }

    // Indexed by type letter; 0 = not a type. An RVA static: no allocation, no type initialiser.
    private static ReadOnlySpan<byte> Lengths =>
    [
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  // 0x00
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  // 0x10
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  // 0x20
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  // 0x30
        0, 36, 19, 36, 19, 31, 40, 0, 25, 50, 35, 28, 26, 0, 20, 48,  // 0x40
        44, 40, 39, 12, 0, 35, 35, 12, 23, 20, 0, 0, 0, 0, 0, 0,  // 0x50
        0, 0, 0, 0, 0, 0, 0, 0, 21, 0, 0, 0, 0, 0, 0, 0,  // 0x60
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  // 0x70
    ];
}
