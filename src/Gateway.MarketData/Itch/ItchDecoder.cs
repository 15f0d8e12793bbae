namespace Gateway.MarketData.Itch;

/// <summary>What <see cref="ItchDecoder.Decode{T}"/> did with one message.</summary>
public enum ItchDecodeResult : byte
{
    Decoded = 0,
    UnknownType = 1,
    WrongLength = 2,
}

/// <summary>
/// Validates one ITCH 5.0 message (type letter and exact length) and hands a view of it to a struct
/// handler. Never throws and never allocates: anything else is counted in <see cref="ItchDecodeStats"/>
/// and skipped. Framing (MoldUDP64 message blocks, BinaryFILE length prefixes) is the caller's job.
/// </summary>
public static partial class ItchDecoder
{
    /// <param name="message">Exactly one message, starting at its type byte.</param>
    /// <param name="handler">A struct handler, so each handler type gets its own inlined dispatch.</param>
    /// <param name="stats">Counts per type, unknown types and wrong lengths.</param>
    public static ItchDecodeResult Decode<T>(ReadOnlySpan<byte> message, ref T handler, ItchDecodeStats stats)
        where T : struct, IItchHandler
    {
        if (message.IsEmpty)
        {
            stats.CountWrongLength();
            return ItchDecodeResult.WrongLength;
        }

        byte type = message[0];
        int length = ItchMessageType.LengthOf(type);
        if (length == 0)
        {
            stats.CountUnknown();
            return ItchDecodeResult.UnknownType;
        }

        if (message.Length != length)
        {
            stats.CountWrongLength();
            return ItchDecodeResult.WrongLength;
        }

        stats.CountDecoded(type);
        Dispatch(type, message, ref handler);
        return ItchDecodeResult.Decoded;
    }
}
