using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using Gateway.Interop;
using Gateway.Net.Sources;

namespace Gateway.Net.Capture;

/// <summary>
/// View of the classic pcap global header (draft-ietf-opsawg-pcap, section 4), in the byte order its
/// magic number announces:
/// <code>
///   0       4   6   8       12      16      20      24
///   +-------+---+---+-------+-------+-------+-------+
///   | magic |maj|min|  zone |sigfigs|snaplen| link  |
///   +-------+---+---+-------+-------+-------+-------+
/// </code>
/// </summary>
internal readonly ref struct PcapGlobalHeader
{
    public const int Length = 24;
    public const int MagicOffset = 0;
    public const int VersionMajorOffset = 4;
    public const int SnapLengthOffset = 16;
    public const int LinkTypeOffset = 20;

    private readonly ReadOnlySpan<byte> _bytes;

    /// <summary>Wraps at least <see cref="Length"/> bytes that start with a pcap magic.</summary>
    public PcapGlobalHeader(ReadOnlySpan<byte> bytes)
    {
        _bytes = bytes;
        uint le = BinaryPrimitives.ReadUInt32LittleEndian(bytes);
        IsLittleEndian = le is CaptureFormatDetector.PcapMagicMicro or CaptureFormatDetector.PcapMagicNano;
        uint magic = IsLittleEndian ? le : BinaryPrimitives.ReverseEndianness(le);
        IsNanosecond = magic == CaptureFormatDetector.PcapMagicNano;
        HasMagic = magic is CaptureFormatDetector.PcapMagicMicro or CaptureFormatDetector.PcapMagicNano;
    }

    public bool HasMagic { get; }

    public bool IsLittleEndian { get; }

    public bool IsNanosecond { get; }

    public ushort VersionMajor => ReadU16(VersionMajorOffset);

    public uint SnapLength => ReadU32(SnapLengthOffset);

    /// <summary>The link type proper: the upper bits of the field carry FCS information.</summary>
    public int LinkType => (int)(ReadU32(LinkTypeOffset) & 0xFFFF);

    private ushort ReadU16(int offset) => IsLittleEndian
        ? BinaryPrimitives.ReadUInt16LittleEndian(_bytes[offset..])
        : BinaryPrimitives.ReadUInt16BigEndian(_bytes[offset..]);

    private uint ReadU32(int offset) => IsLittleEndian
        ? BinaryPrimitives.ReadUInt32LittleEndian(_bytes[offset..])
        : BinaryPrimitives.ReadUInt32BigEndian(_bytes[offset..]);
}

/// <summary>
/// Classic pcap records. Each record is a 16-byte header and the captured bytes:
/// <code>
///   0        4        8        12       16
///   +--------+--------+--------+--------+=========...
///   | ts_sec | ts_frac|incl_len|orig_len| packet (incl_len bytes)
///   +--------+--------+--------+--------+=========...
/// </code>
/// <c>ts_frac</c> is µs or ns after the second as the magic says.
/// </summary>
internal sealed unsafe class PcapParser : CaptureParser
{
    public const int RecordHeaderLength = 16;
    public const int TsSecondsOffset = 0;
    public const int TsFractionOffset = 4;
    public const int IncludedLengthOffset = 8;
    public const int OriginalLengthOffset = 12;

    /// <summary>Largest record accepted when the snap length does not say less (Wireshark's limit).</summary>
    public const uint MaxRecordLength = 262144;

    public const int LinkTypeEthernet = 1;

    private bool _swap;
    private ulong _fractionToNs;
    private uint _maxIncluded;
    private long _records;

    protected override string UnitName => "record";

    public override int ReadHeader(ReadOnlySpan<byte> window)
    {
        if (window.Length < PcapGlobalHeader.Length)
        {
            throw new PacketSourceException(
                $"capture truncated: pcap global header needs {PcapGlobalHeader.Length} bytes, {window.Length} remain");
        }

        var header = new PcapGlobalHeader(window);
        if (!header.HasMagic)
        {
            throw new PacketSourceException(
                $"not a pcap file (first bytes: {CaptureFormatDetector.Hex(window)})");
        }

        if (header.LinkType != LinkTypeEthernet)
        {
            throw new PacketSourceException(UnsupportedLinkMessage(header.LinkType));
        }

        _swap = header.IsLittleEndian != BitConverter.IsLittleEndian;
        _fractionToNs = header.IsNanosecond ? 1UL : 1000UL;
        TimestampResolutionNs = (long)_fractionToNs;
        uint snap = header.SnapLength;
        _maxIncluded = snap is 0 or > MaxRecordLength ? MaxRecordLength : snap;
        return PcapGlobalHeader.Length;
    }

    // Fully optimised from the first call: under tiered JIT a replay that lasts well under a second
    // otherwise runs much of its time in tier-0/OSR code (measured: about 2.5x slower over 1M records).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override int Parse(byte* window, ref long pos, long end, PacketDescriptor* descriptors, int max)
    {
        long p = pos;
        int n = 0;
        bool swap = _swap;
        ulong fractionToNs = _fractionToNs;
        uint maxIncluded = _maxIncluded;
        Status = ParseStatus.Ok;
        while (n < max)
        {
            long remain = end - p;
            if (remain < RecordHeaderLength)
            {
                SetNeedMore(RecordHeaderLength, _records + n + 1, p);
                break;
            }

            byte* h = window + p;
            CaptureParser.PrefetchAhead(h);
            uint included = Read(h + IncludedLengthOffset, swap);
            if (included > maxIncluded)
            {
                CorruptLength(included, _records + n + 1, p);
                break;
            }

            if (remain - RecordHeaderLength < included)
            {
                SetNeedMore(RecordHeaderLength + included, _records + n + 1, p);
                break;
            }

            uint original = Read(h + OriginalLengthOffset, swap);
            PacketDescriptor* d = descriptors + n;
            d->Data = h + RecordHeaderLength;
            d->TimestampNs = (Read(h + TsSecondsOffset, swap) * 1_000_000_000UL) + (Read(h + TsFractionOffset, swap) * fractionToNs);
            d->Length = included;
            d->Flags = included < original
                ? PacketDescriptor.FlagHardwareTimestamp | PacketDescriptor.FlagTruncated
                : PacketDescriptor.FlagHardwareTimestamp;
            d->Handle = 0;
            p += RecordHeaderLength + included;
            n++;
        }

        _records += n;
        pos = p;
        return n;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Read(byte* p, bool swap)
    {
        uint v = Unsafe.ReadUnaligned<uint>(p);
        return swap ? BinaryPrimitives.ReverseEndianness(v) : v;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void CorruptLength(uint included, long record, long windowPos) =>
        SetError($"corrupt record length {included} at record {record} (offset {WindowOffset + windowPos})");
}
