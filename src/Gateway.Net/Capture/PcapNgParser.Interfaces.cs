using System.Runtime.CompilerServices;

namespace Gateway.Net.Capture;

/// <summary>Section and interface bookkeeping: SHB byte order and version, IDB link type and timestamp resolution.</summary>
internal sealed unsafe partial class PcapNgParser
{
    /// <summary>IDB body: link type(2) reserved(2) snap length(4) options.</summary>
    public const int IdbLinkTypeOffset = 8;
    public const int IdbSnapLengthOffset = 12;
    public const int IdbOptionsOffset = 16;
    public const int MinIdbLength = 20;

    public const ushort OptionEnd = 0;
    public const ushort OptionTimestampResolution = 9;
    public const ushort OptionTimestampOffset = 14;

    private InterfaceInfo[] _interfaces = new InterfaceInfo[4];
    private int _interfaceCount;

    private bool SectionHeader(byte* b, uint length, bool swap, long p)
    {
        ushort major = Unsafe.ReadUnaligned<ushort>(b + ShbMajorOffset);
        if (swap)
        {
            major = System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(major);
        }

        if (major != 1)
        {
            UnsupportedVersion(major, p);
            return false;
        }

        _swap = swap;
        _inSection = true;
        _interfaceCount = 0; // interface ids are per section
        return true;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool InterfaceDescription(byte* b, uint length, bool swap, long p)
    {
        if (length < MinIdbLength)
        {
            Fail("interface description block too short", p);
            return false;
        }

        var info = new InterfaceInfo
        {
            LinkType = ReadU16(b + IdbLinkTypeOffset, swap),
            SnapLength = Read(b + IdbSnapLengthOffset, swap),
            Multiplier = 1000, // default resolution 10^-6 s
            Divisor = 1,
        };

        long optionsEnd = length - 4;
        long o = IdbOptionsOffset;
        while (o + 4 <= optionsEnd)
        {
            ushort code = ReadU16(b + o, swap);
            int optionLength = ReadU16(b + o + 2, swap);
            if (code == OptionEnd)
            {
                break;
            }

            if (o + 4 + optionLength > optionsEnd)
            {
                Fail("option overruns its interface description block", p);
                return false;
            }

            byte* value = b + o + 4;
            if (code == OptionTimestampResolution && optionLength >= 1)
            {
                info.SetResolution(*value);
            }
            else if (code == OptionTimestampOffset && optionLength >= 8)
            {
                ulong raw = Unsafe.ReadUnaligned<ulong>(value);
                long seconds = (long)(swap ? System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(raw) : raw);
                info.OffsetNs = seconds * 1_000_000_000L;
            }

            o += 4 + ((optionLength + 3) & ~3);
        }

        if (_interfaceCount == _interfaces.Length)
        {
            Array.Resize(ref _interfaces, _interfaces.Length * 2);
        }

        _interfaces[_interfaceCount++] = info;
        TimestampResolutionNs = Math.Max(TimestampResolutionNs, info.ResolutionNs);
        return true;
    }

    private static ushort ReadU16(byte* p, bool swap)
    {
        ushort v = Unsafe.ReadUnaligned<ushort>(p);
        return swap ? System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(v) : v;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void UnsupportedVersion(ushort major, long p) => Fail($"unsupported section version {major}", p);

    /// <summary>Per-interface facts a packet block needs.</summary>
    private struct InterfaceInfo
    {
        public int LinkType;
        public uint SnapLength;

        /// <summary>ns = ticks * Multiplier, or ticks / Divisor, or ticks * 10^9 / 2^Shift when Shift is set.</summary>
        public ulong Multiplier;
        public ulong Divisor;
        public int Shift;
        public long OffsetNs;

        /// <summary>
        /// if_tsresol: the most significant bit chooses base 2, the rest is the negative exponent
        /// (so 6 is µs, 9 is ns, 0x80|20 is 2^-20 s).
        /// </summary>
        public void SetResolution(byte value)
        {
            int exponent = value & 0x7F;
            Multiplier = 1;
            Divisor = 1;
            Shift = 0;
            if ((value & 0x80) != 0)
            {
                Shift = exponent == 0 ? 0 : exponent;
                Multiplier = exponent == 0 ? 1_000_000_000UL : 1;
            }
            else if (exponent <= 9)
            {
                Multiplier = Pow10(9 - exponent);
            }
            else
            {
                Divisor = exponent - 9 > 19 ? ulong.MaxValue : Pow10(exponent - 9);
            }
        }

        /// <summary>One tick in ns, rounded up (a resolution finer than 1 ns counts as 1).</summary>
        public readonly long ResolutionNs => Shift != 0
            ? (long)Math.Max(1UL, (1_000_000_000UL + (1UL << Math.Min(Shift, 63)) - 1) >> Math.Min(Shift, 63))
            : Divisor == 1 ? (long)Multiplier : 1;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly ulong ToNanoseconds(ulong ticks)
        {
            ulong ns = Shift != 0
                ? (ulong)(((UInt128)ticks * 1_000_000_000UL) >> Shift)
                : Divisor == 1 ? ticks * Multiplier : ticks / Divisor;
            return (ulong)((long)ns + OffsetNs);
        }

        private static ulong Pow10(int e)
        {
            ulong r = 1;
            for (int i = 0; i < e; i++)
            {
                r *= 10;
            }

            return r;
        }
    }
}
