using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Gateway.MarketData.Itch;

/// <summary>
/// The eleven bytes every ITCH 5.0 message starts with.
/// </summary>
/// <remarks>
/// <code>
///  offset size field
///       0    1 Message Type (alpha)
///       1    2 Stock Locate (0 for messages that are not about one issue)
///       3    2 Tracking Number (Nasdaq internal)
///       5    6 Timestamp, nanoseconds since midnight, big-endian 48-bit
///      11      first message-specific field
/// </code>
/// </remarks>
public static class ItchHeader
{
    public const int MessageTypeOffset = 0;
    public const int StockLocateOffset = 1;
    public const int TrackingNumberOffset = 3;
    public const int TimestampOffset = 5;
    public const int TimestampLength = 6;
    public const int Length = 11;

    /// <summary>The largest value a 48-bit timestamp can carry.</summary>
    public const ulong MaxTimestamp = (1UL << 48) - 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static StockLocate ReadStockLocate(ReadOnlySpan<byte> message) =>
        new(BinaryPrimitives.ReadUInt16BigEndian(message.Slice(StockLocateOffset)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ushort ReadTrackingNumber(ReadOnlySpan<byte> message) =>
        BinaryPrimitives.ReadUInt16BigEndian(message.Slice(TrackingNumberOffset));

    /// <summary>Six big-endian bytes: the high two, then the low four.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong ReadTimestamp(ReadOnlySpan<byte> message)
    {
        ulong high = BinaryPrimitives.ReadUInt16BigEndian(message.Slice(TimestampOffset));
        ulong low = BinaryPrimitives.ReadUInt32BigEndian(message.Slice(TimestampOffset + 2));
        return (high << 32) | low;
    }

    /// <summary>Writes a 48-bit timestamp; a larger value throws.</summary>
    public static void WriteTimestamp(Span<byte> message, ulong timestamp)
    {
        if (timestamp > MaxTimestamp)
        {
            Gateway.Core.ThrowHelper.ArgumentOutOfRange(nameof(timestamp), "an ITCH timestamp has 48 bits");
        }

        BinaryPrimitives.WriteUInt16BigEndian(message.Slice(TimestampOffset), (ushort)(timestamp >> 32));
        BinaryPrimitives.WriteUInt32BigEndian(message.Slice(TimestampOffset + 2), (uint)timestamp);
    }
}
