using System.Text;

namespace Gateway.MarketData.Tests.Itch;

/// <summary>
/// Builds a message field by field, big-endian, in the order the spec lists the fields. Deliberately
/// knows nothing of the views' offsets or of ItchWriter, so the tests check those against it.
/// </summary>
internal sealed class WireBytes
{
    private readonly List<byte> _bytes = [];

    public WireBytes Char(char c)
    {
        _bytes.Add(checked((byte)c));
        return this;
    }

    public WireBytes U16(ushort v)
    {
        _bytes.Add((byte)(v >> 8));
        _bytes.Add((byte)v);
        return this;
    }

    public WireBytes U32(uint v) => U16((ushort)(v >> 16)).U16((ushort)v);

    public WireBytes U48(ulong v) => U16((ushort)(v >> 32)).U32((uint)v);

    public WireBytes U64(ulong v) => U32((uint)(v >> 32)).U32((uint)v);

    public WireBytes Alpha(string s, int width)
    {
        Assert.True(s.Length <= width);
        _bytes.AddRange(Encoding.ASCII.GetBytes(s.PadRight(width, ' ')));
        return this;
    }

    public byte[] ToArray() => [.. _bytes];
}
