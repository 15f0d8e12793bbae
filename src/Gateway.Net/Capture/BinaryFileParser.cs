using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using Gateway.Interop;

namespace Gateway.Net.Capture;

/// <summary>
/// NASDAQ BinaryFILE (the ITCH 5.0 daily file): records with no file header,
/// <code>
///   0        2
///   +--------+==========================...
///   | length | ITCH 5.0 message (length bytes), big-endian u16 length
///   +--------+==========================...
/// </code>
/// Each message becomes one descriptor. Every ITCH 5.0 message starts with the same 11 bytes,
/// <c>type(1) locate(2) tracking(2) timestamp(6, ns since midnight)</c>, so the timestamp is taken
/// from there when the message is long enough.
/// </summary>
internal sealed unsafe class BinaryFileParser : CaptureParser
{
    public const int LengthPrefix = 2;
    public const int ItchTimestampOffset = 5;
    public const int ItchCommonHeaderLength = 11;

    private long _records;

    protected override string UnitName => "record";

    public override int ReadHeader(ReadOnlySpan<byte> window) => 0;

    // Fully optimised from the first call: under tiered JIT a replay that lasts well under a second
    // otherwise runs much of its time in tier-0/OSR code (measured: about 2.5x slower over 1M records).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override int Parse(byte* window, ref long pos, long end, PacketDescriptor* descriptors, int max)
    {
        long p = pos;
        int n = 0;
        Status = ParseStatus.Ok;
        while (n < max)
        {
            long remain = end - p;
            if (remain < LengthPrefix)
            {
                SetNeedMore(LengthPrefix, _records + n + 1, p);
                break;
            }

            byte* h = window + p;
            CaptureParser.PrefetchAhead(h);
            uint length = BinaryPrimitives.ReadUInt16BigEndian(new ReadOnlySpan<byte>(h, LengthPrefix));

            if (length == 0)
            {
                ZeroLength(_records + n + 1, p);
                break;
            }

            if (remain - LengthPrefix < length)
            {
                SetNeedMore(LengthPrefix + length, _records + n + 1, p);
                break;
            }

            byte* message = h + LengthPrefix;
            PacketDescriptor* d = descriptors + n;
            d->Data = message;
            d->Length = length;
            d->Handle = 0;
            if (length >= ItchCommonHeaderLength)
            {
                d->TimestampNs = ReadUInt48BigEndian(message + ItchTimestampOffset);
                d->Flags = PacketDescriptor.FlagHardwareTimestamp;
            }
            else
            {
                d->TimestampNs = 0;
                d->Flags = 0;
            }

            p += LengthPrefix + length;
            n++;
        }

        _records += n;
        pos = p;
        return n;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong ReadUInt48BigEndian(byte* p) =>
        ((ulong)BinaryPrimitives.ReadUInt16BigEndian(new ReadOnlySpan<byte>(p, 2)) << 32)
        | BinaryPrimitives.ReadUInt32BigEndian(new ReadOnlySpan<byte>(p + 2, 4));

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ZeroLength(long record, long windowPos) =>
        SetError($"corrupt record length 0 at record {record} (offset {WindowOffset + windowPos})");
}
