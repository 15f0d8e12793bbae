using System.Text;

namespace Gateway.Engine;

/// <summary>
/// Symbols by instrument (stock locate), as the feed's directory named them: bytes for the order
/// encoder, strings for reports. Written by the engine's thread when an instrument is defined
/// (cold); read by the journal writer, which only looks up instruments that entries it has taken
/// from the ring name (each defined before the entry was written).
/// </summary>
public sealed class SymbolTable
{
    private readonly byte[]?[] _bytes = new byte[]?[65536];
    private readonly string?[] _names = new string?[65536];

    public void Define(ushort instrument, ReadOnlySpan<byte> symbol)
    {
        _bytes[instrument] = symbol.ToArray();
        Volatile.Write(ref _names[instrument], Encoding.ASCII.GetString(symbol));
    }

    public ReadOnlySpan<byte> Bytes(int instrument) => _bytes[instrument];

    public string? Name(int instrument) => Volatile.Read(ref _names[instrument]);

    /// <summary>The instrument a symbol was defined for, or -1 (cold: a linear search).</summary>
    public int Find(string symbol)
    {
        for (int i = 0; i < _names.Length; i++)
        {
            if (string.Equals(_names[i], symbol, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
