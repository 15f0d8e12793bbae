using System.Runtime.InteropServices;

namespace Gateway.Interop;

/// <summary>
/// One received frame, as every packet source hands it to the critical path. Same layout as the
/// shim's <c>gw_rx_desc</c> (native/include/gwnative.h), pinned by tests on both sides:
/// <code>
///   0               8               16      20      24              32
///   +---------------+---------------+-------+-------+---------------+
///   | Data (ptr)    | TimestampNs   | Length| Flags | Handle (ptr)  |
///   +---------------+---------------+-------+-------+---------------+
/// </code>
/// <see cref="Data"/> stays valid until the batch is released back to its source.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct PacketDescriptor
{
    public const int Size = 32;
    public const int DataOffset = 0;
    public const int TimestampOffset = 8;
    public const int LengthOffset = 16;
    public const int FlagsOffset = 20;
    public const int HandleOffset = 24;

    /// <summary>The timestamp came from the NIC or the capture file, not the host clock.</summary>
    public const uint FlagHardwareTimestamp = 0x1;

    /// <summary>The frame spans several buffers; <see cref="Data"/>/<see cref="Length"/> cover only the first.</summary>
    public const uint FlagMultiSegment = 0x2;

    /// <summary>The capture kept fewer bytes than were on the wire (snap length).</summary>
    public const uint FlagTruncated = 0x4;

    public byte* Data;
    public ulong TimestampNs;
    public uint Length;
    public uint Flags;
    public nint Handle;

    public readonly ReadOnlySpan<byte> Span => new(Data, (int)Length);
}
