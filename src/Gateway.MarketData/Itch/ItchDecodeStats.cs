namespace Gateway.MarketData.Itch;

/// <summary>
/// What <see cref="ItchDecoder"/> saw: messages decoded per type letter, messages of an unknown type
/// and messages whose length is not their type's. Single writer (the decoding thread); readers on
/// other threads may see slightly stale counts.
/// </summary>
public sealed class ItchDecodeStats
{
    private readonly long[] _byType = new long[256];

    /// <summary>Messages decoded and handed to a handler.</summary>
    public long Decoded { get; private set; }

    /// <summary>Messages whose first byte is not an ITCH 5.0 type letter (skipped).</summary>
    public long Unknown { get; private set; }

    /// <summary>Messages of a known type whose length is not that type's length, or empty (skipped).</summary>
    public long WrongLength { get; private set; }

    /// <summary>Decoded messages per type byte.</summary>
    public ReadOnlySpan<long> ByType => _byType;

    public long CountOf(byte type) => _byType[type];

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    internal void CountDecoded(byte type)
    {
        // Per message: a byte always indexes the 256 entries, so no bounds check is needed.
        System.Runtime.CompilerServices.Unsafe.Add(ref System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(_byType), type)++;
        Decoded++;
    }

    internal void CountUnknown() => Unknown++;

    internal void CountWrongLength() => WrongLength++;

    public void Reset()
    {
        Array.Clear(_byType);
        Decoded = 0;
        Unknown = 0;
        WrongLength = 0;
    }
}
