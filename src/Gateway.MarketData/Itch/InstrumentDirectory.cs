using System.Runtime.InteropServices;

namespace Gateway.MarketData.Itch;

/// <summary>
/// Stock locate → instrument table, filled from Stock Directory ('R') messages at the start of the day.
/// The table is allocated once, at construction, for every locate below <see cref="Capacity"/>, so a
/// lookup by locate is an array index and never allocates. Symbol → locate goes through a dictionary
/// that grows while 'R' messages arrive (start of day, not the hot path).
/// </summary>
/// <remarks>
/// Exhaustion policy: an 'R' message whose locate is at or above <see cref="Capacity"/> is counted in
/// <see cref="Rejected"/> and ignored. A second 'R' for a locate replaces the first (and its symbol).
/// Single writer; not safe to read from other threads while 'R' messages are still being applied.
/// </remarks>
public sealed class InstrumentDirectory
{
    /// <summary>Every possible stock locate (it is two bytes on the wire).</summary>
    public const int MaxCapacity = 65536;

    private readonly InstrumentInfo[] _entries;
    private readonly Dictionary<ulong, StockLocate> _bySymbol = [];

    public InstrumentDirectory(int capacity = MaxCapacity)
    {
        if (capacity is <= 0 or > MaxCapacity)
        {
            Gateway.Core.ThrowHelper.ArgumentOutOfRange(nameof(capacity), "capacity must be 1..65536");
        }

        _entries = new InstrumentInfo[capacity];
    }

    public int Capacity => _entries.Length;

    /// <summary>Locates filled so far.</summary>
    public int Count { get; private set; }

    /// <summary>'R' messages ignored because their locate did not fit.</summary>
    public long Rejected { get; private set; }

    /// <summary>Records one Stock Directory message; false (and counted) when its locate does not fit.</summary>
    public bool Apply(StockDirectory message)
    {
        int index = message.StockLocate.Value;
        if ((uint)index >= (uint)_entries.Length)
        {
            Rejected++;
            return false;
        }

        ref InstrumentInfo slot = ref _entries[index];
        if (slot.IsKnown)
        {
            _bySymbol.Remove(slot.SymbolKey);
        }
        else
        {
            Count++;
        }

        slot = new InstrumentInfo(message);
        _bySymbol[slot.SymbolKey] = message.StockLocate;
        return true;
    }

    public bool Contains(StockLocate locate) =>
        locate.Value < _entries.Length && _entries[locate.Value].IsKnown;

    /// <summary>The entry for a locate; an entry with <see cref="InstrumentInfo.IsKnown"/> false when none.</summary>
    public bool TryGet(StockLocate locate, out InstrumentInfo info)
    {
        if (locate.Value < _entries.Length)
        {
            info = _entries[locate.Value];
            return info.IsKnown;
        }

        info = default;
        return false;
    }

    /// <summary>The 8 padded symbol bytes of a locate, or an empty span when it is not known. No allocation.</summary>
    public ReadOnlySpan<byte> SymbolOf(StockLocate locate)
    {
        if (locate.Value >= _entries.Length)
        {
            return default;
        }

        ref readonly InstrumentInfo entry = ref _entries[locate.Value];
        return entry.IsKnown ? MemoryMarshal.AsBytes(new ReadOnlySpan<ulong>(in entry.SymbolKey)) : default;
    }

    /// <summary>The locate of a symbol given padded or unpadded. No allocation.</summary>
    public bool TryGetLocate(ReadOnlySpan<byte> symbol, out StockLocate locate)
    {
        if (ItchAlpha.TryPackStock(symbol, out ulong key) && _bySymbol.TryGetValue(key, out locate))
        {
            return true;
        }

        locate = default;
        return false;
    }

    /// <summary>The locate of a symbol such as "AAPL" (ASCII). Cold path.</summary>
    public bool TryGetLocate(string symbol, out StockLocate locate)
    {
        Span<byte> bytes = stackalloc byte[ItchAlpha.StockLength];
        if (symbol.Length > ItchAlpha.StockLength
            || System.Text.Encoding.ASCII.GetBytes(symbol, bytes) != symbol.Length)
        {
            locate = default;
            return false;
        }

        return TryGetLocate(bytes[..symbol.Length], out locate);
    }
}
