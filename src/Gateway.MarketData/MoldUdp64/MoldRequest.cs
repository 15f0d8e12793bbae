using System.Buffers.Binary;
using System.Text;

namespace Gateway.MarketData.MoldUdp64;

/// <summary>
/// The MoldUDP64 re-request packet a client sends to the re-request server.
/// </summary>
/// <remarks>
/// <code>
///  0                   10                  18        20
///  +-------------------+-------------------+---------+
///  | Session (10,alpha)| Sequence (u64 BE) | Count   |   Count: u16 BE, messages requested
///  +-------------------+-------------------+---------+
/// </code>
/// The same header layout as a downstream packet, with no blocks.
/// </remarks>
public static class MoldRequest
{
    public const int Length = MoldPacket.HeaderLength;

    /// <summary>Writes a request into <paramref name="destination"/> (at least <see cref="Length"/> bytes).</summary>
    public static void Write(Span<byte> destination, ReadOnlySpan<byte> session, ulong sequence, ushort count)
    {
        session[..MoldPacket.SessionLength].CopyTo(destination);
        BinaryPrimitives.WriteUInt64BigEndian(destination[MoldPacket.SequenceOffset..], sequence);
        BinaryPrimitives.WriteUInt16BigEndian(destination[MoldPacket.MessageCountOffset..], count);
    }

    /// <summary>
    /// Reads a request: exactly <see cref="Length"/> bytes, a count from 1 to 0xFFFE and a sequence
    /// from 1 up. Anything else is garbled.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> request, out ReadOnlySpan<byte> session, out ulong sequence, out ushort count)
    {
        session = default;
        sequence = 0;
        count = 0;
        if (request.Length != Length)
        {
            return false;
        }

        sequence = BinaryPrimitives.ReadUInt64BigEndian(request[MoldPacket.SequenceOffset..]);
        count = BinaryPrimitives.ReadUInt16BigEndian(request[MoldPacket.MessageCountOffset..]);
        if (count is 0 or MoldPacket.EndOfSessionCount || sequence == 0)
        {
            return false;
        }

        session = request[..MoldPacket.SessionLength];
        return true;
    }
}

/// <summary>MoldUDP64 session names: 10 bytes of ASCII, left-justified and padded with spaces.</summary>
public static class MoldSessionName
{
    /// <summary>The 10 wire bytes of <paramref name="name"/> (at most 10 ASCII characters).</summary>
    public static byte[] ToBytes(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length > MoldPacket.SessionLength || !Ascii.IsValid(name))
        {
            throw new ArgumentException($"a MoldUDP64 session is at most {MoldPacket.SessionLength} ASCII characters: '{name}'", nameof(name));
        }

        byte[] bytes = new byte[MoldPacket.SessionLength];
        bytes.AsSpan().Fill((byte)' ');
        Encoding.ASCII.GetBytes(name, bytes);
        return bytes;
    }

    /// <summary>The session as text, without its padding.</summary>
    public static string ToText(ReadOnlySpan<byte> session) => Encoding.ASCII.GetString(session).TrimEnd(' ');
}
