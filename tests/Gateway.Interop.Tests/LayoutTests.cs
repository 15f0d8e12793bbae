using System.Runtime.CompilerServices;

namespace Gateway.Interop.Tests;

/// <summary>The C# structs must match the shim byte for byte: pinned here, and compared with what the C side reports.</summary>
public unsafe class LayoutTests
{
    public LayoutTests() => GwNative.EnsureLoaded();

    [Fact]
    public void PacketDescriptor_layout_is_pinned()
    {
        Assert.Equal(32, Unsafe.SizeOf<PacketDescriptor>());
        Assert.Equal(PacketDescriptor.Size, Unsafe.SizeOf<PacketDescriptor>());

        PacketDescriptor d = default;
        var b = (byte*)&d;
        Assert.Equal(PacketDescriptor.DataOffset, (int)((byte*)&d.Data - b));
        Assert.Equal(PacketDescriptor.TimestampOffset, (int)((byte*)&d.TimestampNs - b));
        Assert.Equal(PacketDescriptor.LengthOffset, (int)((byte*)&d.Length - b));
        Assert.Equal(PacketDescriptor.FlagsOffset, (int)((byte*)&d.Flags - b));
        Assert.Equal(PacketDescriptor.HandleOffset, (int)((byte*)&d.Handle - b));
        Assert.Equal((0, 8, 16, 20, 24), (PacketDescriptor.DataOffset, PacketDescriptor.TimestampOffset,
            PacketDescriptor.LengthOffset, PacketDescriptor.FlagsOffset, PacketDescriptor.HandleOffset));
    }

    [Fact]
    public void PacketDescriptor_layout_matches_the_shim()
    {
        Assert.Equal(Unsafe.SizeOf<PacketDescriptor>(), NativeMethods.Sys.LayoutQuery(GwLayout.RxDescSize));
        Assert.Equal(PacketDescriptor.DataOffset, NativeMethods.Sys.LayoutQuery(GwLayout.RxDescData));
        Assert.Equal(PacketDescriptor.TimestampOffset, NativeMethods.Sys.LayoutQuery(GwLayout.RxDescTimestamp));
        Assert.Equal(PacketDescriptor.LengthOffset, NativeMethods.Sys.LayoutQuery(GwLayout.RxDescLength));
        Assert.Equal(PacketDescriptor.FlagsOffset, NativeMethods.Sys.LayoutQuery(GwLayout.RxDescFlags));
        Assert.Equal(PacketDescriptor.HandleOffset, NativeMethods.Sys.LayoutQuery(GwLayout.RxDescHandle));
    }

    [Fact]
    public void PortStats_layout_is_pinned_and_matches_the_shim()
    {
        Assert.Equal(GwPortStats.Size, Unsafe.SizeOf<GwPortStats>());
        GwPortStats s = default;
        Assert.Equal(GwPortStats.TxPacketsOffset, (int)((byte*)&s.TxPackets - (byte*)&s));
        Assert.Equal(56, (int)((byte*)&s.TxErrors - (byte*)&s));
        Assert.Equal(GwPortStats.Size, NativeMethods.Sys.LayoutQuery(GwLayout.PortStatsSize));
        Assert.Equal(GwPortStats.TxPacketsOffset, NativeMethods.Sys.LayoutQuery(GwLayout.PortStatsTxPackets));
    }

    [Fact]
    public void Descriptor_flags_match_the_header()
    {
        Assert.Equal(0x1u, PacketDescriptor.FlagHardwareTimestamp);
        Assert.Equal(0x2u, PacketDescriptor.FlagMultiSegment);
        Assert.Equal(0x4u, PacketDescriptor.FlagTruncated);
    }
}
