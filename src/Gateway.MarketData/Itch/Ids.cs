namespace Gateway.MarketData.Itch;

/// <summary>An ITCH Order Reference Number: 8 bytes, unique for the day across all issues.</summary>
public readonly record struct OrderRef(ulong Value);

/// <summary>
/// An ITCH Stock Locate code: 2 bytes, assigned per issue per day by the Stock Directory ('R')
/// message; 0 in messages that are about no issue (System Event, MWCB).
/// </summary>
public readonly record struct StockLocate(ushort Value);
