using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using Gateway.Interop;
using Gateway.Net.Sources;

namespace Gateway.Net.Capture;

/// <summary>
/// pcapng (draft-ietf-opsawg-pcapng): a sequence of blocks, each framed the same way,
/// <code>
///   0      4      8                        len-4  len
///   +------+------+=======================+------+
///   | type | len  | body (len - 12 bytes) | len  |   len: multiple of 4, at least 12
///   +------+------+=======================+------+
/// </code>
/// in the byte order of the Section Header Block that opens the section. Packets come from
/// Enhanced Packet Blocks (interface id, 64-bit timestamp in the interface's resolution), Simple
/// Packet Blocks (interface 0, no timestamp) and the obsolete Packet Block; every other block type
/// is skipped.
/// </summary>
internal sealed unsafe partial class PcapNgParser : CaptureParser
{
    public const uint SectionHeaderType = 0x0A0D0D0A;
    public const uint InterfaceDescriptionType = 0x00000001;
    public const uint ObsoletePacketType = 0x00000002;
    public const uint SimplePacketType = 0x00000003;
    public const uint EnhancedPacketType = 0x00000006;

    public const int BlockTypeOffset = 0;
    public const int BlockLengthOffset = 4;
    public const int BlockBodyOffset = 8;
    public const int MinBlockLength = 12;

    /// <summary>SHB body: byte-order magic(4) major(2) minor(2) section length(8) options.</summary>
    public const int ShbByteOrderOffset = 8;
    public const int ShbMajorOffset = 12;
    public const int MinShbLength = 28;

    /// <summary>EPB body: interface(4) ts high(4) ts low(4) captured(4) original(4) data.</summary>
    public const int EpbInterfaceOffset = 8;
    public const int EpbTimestampHighOffset = 12;
    public const int EpbTimestampLowOffset = 16;
    public const int EpbCapturedOffset = 20;
    public const int EpbOriginalOffset = 24;
    public const int EpbDataOffset = 28;

    /// <summary>Obsolete PB body: interface(2) drops(2) ts high(4) ts low(4) captured(4) original(4) data.</summary>
    public const int PbInterfaceOffset = 8;

    /// <summary>SPB body: original length(4) data.</summary>
    public const int SpbOriginalOffset = 8;
    public const int SpbDataOffset = 12;

    private const uint ByteOrderMagic = CaptureFormatDetector.PcapNgByteOrderMagic;

    private bool _swap;
    private bool _inSection;
    private long _blocks;

    protected override string UnitName => "block";

    public override int ReadHeader(ReadOnlySpan<byte> window)
    {
        // The first SHB is parsed as an ordinary block; here only check it is there.
        if (window.Length < MinShbLength)
        {
            throw new PacketSourceException(
                $"capture truncated: pcapng section header needs {MinShbLength} bytes, {window.Length} remain");
        }

        return 0;
    }

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
            if (remain < MinBlockLength)
            {
                SetNeedMore(MinBlockLength, _blocks + 1, p);
                break;
            }

            byte* b = window + p;
            CaptureParser.PrefetchAhead(b);
            uint type = Unsafe.ReadUnaligned<uint>(b);
            bool swap = _swap;
            if (type == SectionHeaderType)
            {
                if (remain < MinShbLength)
                {
                    SetNeedMore(MinShbLength, _blocks + 1, p);
                    break;
                }

                uint bom = Unsafe.ReadUnaligned<uint>(b + ShbByteOrderOffset);
                if (bom != ByteOrderMagic && BinaryPrimitives.ReverseEndianness(bom) != ByteOrderMagic)
                {
                    Fail("bad byte-order magic in section header", p);
                    break;
                }

                swap = bom != ByteOrderMagic;
            }
            else
            {
                if (!_inSection)
                {
                    Fail("block before the first section header", p);
                    break;
                }

                type = Swap(type, swap);
            }

            uint length = Read(b + BlockLengthOffset, swap);
            if (length < MinBlockLength || (length & 3) != 0)
            {
                Fail(length, p);
                break;
            }

            if (remain < length)
            {
                SetNeedMore(length, _blocks + 1, p);
                break;
            }

            uint trailer = Read(b + length - 4, swap);
            if (trailer != length)
            {
                LengthMismatch(length, trailer, p);
                break;
            }

            switch (type)
            {
                case EnhancedPacketType:
                    if (!EnhancedPacket(b, length, swap, descriptors + n, p))
                    {
                        goto Stop;
                    }

                    n++;
                    break;
                case SimplePacketType:
                    if (!SimplePacket(b, length, swap, descriptors + n, p))
                    {
                        goto Stop;
                    }

                    n++;
                    break;
                case SectionHeaderType:
                    if (!SectionHeader(b, length, swap, p))
                    {
                        goto Stop;
                    }

                    break;
                case InterfaceDescriptionType:
                    if (!InterfaceDescription(b, length, swap, p))
                    {
                        goto Stop;
                    }

                    break;
                case ObsoletePacketType:
                    if (!ObsoletePacket(b, length, swap, descriptors + n, p))
                    {
                        goto Stop;
                    }

                    n++;
                    break;
                default:
                    break;
            }

            p += length;
            _blocks++;
        }

    Stop:
        pos = p;
        return n;
    }

    private bool EnhancedPacket(byte* b, uint length, bool swap, PacketDescriptor* d, long p)
    {
        if (length < EpbDataOffset + 4)
        {
            TooShort(p);
            return false;
        }

        uint captured = Read(b + EpbCapturedOffset, swap);
        if (captured > length - EpbDataOffset - 4)
        {
            CapturedOverrun(captured, p);
            return false;
        }

        uint iface = Read(b + EpbInterfaceOffset, swap);
        ulong ticks = ((ulong)Read(b + EpbTimestampHighOffset, swap) << 32) | Read(b + EpbTimestampLowOffset, swap);
        return Deliver(d, b + EpbDataOffset, captured, Read(b + EpbOriginalOffset, swap), iface, ticks, true, p);
    }

    private bool ObsoletePacket(byte* b, uint length, bool swap, PacketDescriptor* d, long p)
    {
        if (length < EpbDataOffset + 4)
        {
            TooShort(p);
            return false;
        }

        // Same tail as the EPB; only the interface id is 16 bits (followed by a 16-bit drop count).
        uint captured = Read(b + EpbCapturedOffset, swap);
        if (captured > length - EpbDataOffset - 4)
        {
            CapturedOverrun(captured, p);
            return false;
        }

        ushort raw = Unsafe.ReadUnaligned<ushort>(b + PbInterfaceOffset);
        uint iface = swap ? BinaryPrimitives.ReverseEndianness(raw) : raw;
        ulong ticks = ((ulong)Read(b + EpbTimestampHighOffset, swap) << 32) | Read(b + EpbTimestampLowOffset, swap);
        return Deliver(d, b + EpbDataOffset, captured, Read(b + EpbOriginalOffset, swap), iface, ticks, true, p);
    }

    private bool SimplePacket(byte* b, uint length, bool swap, PacketDescriptor* d, long p)
    {
        if (length < SpbDataOffset + 4)
        {
            TooShort(p);
            return false;
        }

        uint original = Read(b + SpbOriginalOffset, swap);
        uint room = length - SpbDataOffset - 4;
        uint captured = Math.Min(original, room);
        if (_interfaceCount > 0 && _interfaces[0].SnapLength != 0)
        {
            captured = Math.Min(captured, _interfaces[0].SnapLength);
        }

        return Deliver(d, b + SpbDataOffset, captured, original, 0, 0, false, p);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool Deliver(PacketDescriptor* d, byte* data, uint captured, uint original, uint iface, ulong ticks, bool hasTimestamp, long p)
    {
        if (iface >= (uint)_interfaceCount)
        {
            UndeclaredInterface(iface, p);
            return false;
        }

        ref InterfaceInfo info = ref _interfaces[iface];
        if (info.LinkType != PcapParser.LinkTypeEthernet)
        {
            UnsupportedLink(info.LinkType);
            return false;
        }

        d->Data = data;
        d->Length = captured;
        d->Handle = 0;
        uint flags = captured < original ? PacketDescriptor.FlagTruncated : 0;
        if (hasTimestamp)
        {
            d->TimestampNs = info.ToNanoseconds(ticks);
            flags |= PacketDescriptor.FlagHardwareTimestamp;
        }
        else
        {
            d->TimestampNs = 0;
        }

        d->Flags = flags;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Read(byte* p, bool swap) => Swap(Unsafe.ReadUnaligned<uint>(p), swap);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Swap(uint v, bool swap) => swap ? BinaryPrimitives.ReverseEndianness(v) : v;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Fail(string what, long p) =>
        SetError($"corrupt pcapng: {what} at block {_blocks + 1} (offset {WindowOffset + p})");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void TooShort(long p) => Fail("packet block too short for its fixed fields", p);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void CapturedOverrun(uint captured, long p) => Fail($"captured length {captured} overruns its block", p);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void UndeclaredInterface(uint iface, long p) => Fail($"packet on undeclared interface {iface}", p);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Fail(uint length, long p) =>
        SetError($"corrupt block length {length} at block {_blocks + 1} (offset {WindowOffset + p})");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void LengthMismatch(uint length, uint trailer, long p) =>
        SetError($"block length mismatch at block {_blocks + 1} (offset {WindowOffset + p}): header says {length}, trailer says {trailer}");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void UnsupportedLink(int linkType) => SetError(UnsupportedLinkMessage(linkType), unsupportedLink: true);
}
