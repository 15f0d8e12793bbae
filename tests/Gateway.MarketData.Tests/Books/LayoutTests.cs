using System.Runtime.CompilerServices;
using Gateway.MarketData.Books;

namespace Gateway.MarketData.Tests.Books;

/// <summary>Pins the documented layouts (Layout.cs diagrams): sizes and field offsets.</summary>
public unsafe class LayoutTests
{
    private static int Offset<T>(ref T s, ref byte field) =>
        (int)Unsafe.ByteOffset(ref Unsafe.As<T, byte>(ref s), ref field);

    [Fact]
    public void Sizes()
    {
        Assert.Equal(32, Unsafe.SizeOf<Order>());
        Assert.Equal(32, Unsafe.SizeOf<Level>());
        Assert.Equal(8, Unsafe.SizeOf<LevelSlot>());
        Assert.Equal(32, Unsafe.SizeOf<Instrument>());
        Assert.Equal(16, Unsafe.SizeOf<RefEntry>());
    }

    [Fact]
    public void Order_offsets()
    {
        var o = default(Order);
        Assert.Equal(0, Offset(ref o, ref Unsafe.As<ulong, byte>(ref o.OrderRef)));
        Assert.Equal(8, Offset(ref o, ref Unsafe.As<uint, byte>(ref o.Shares)));
        Assert.Equal(12, Offset(ref o, ref Unsafe.As<uint, byte>(ref o.Price)));
        Assert.Equal(16, Offset(ref o, ref Unsafe.As<uint, byte>(ref o.Level)));
        Assert.Equal(20, Offset(ref o, ref Unsafe.As<uint, byte>(ref o.Prev)));
        Assert.Equal(24, Offset(ref o, ref Unsafe.As<uint, byte>(ref o.Next)));
        Assert.Equal(28, Offset(ref o, ref Unsafe.As<ushort, byte>(ref o.Locate)));
        Assert.Equal(30, Offset(ref o, ref o.Side));
    }

    [Fact]
    public void Level_offsets()
    {
        var l = default(Level);
        Assert.Equal(0, Offset(ref l, ref Unsafe.As<ulong, byte>(ref l.Shares)));
        Assert.Equal(8, Offset(ref l, ref Unsafe.As<uint, byte>(ref l.Price)));
        Assert.Equal(12, Offset(ref l, ref Unsafe.As<uint, byte>(ref l.Orders)));
        Assert.Equal(16, Offset(ref l, ref Unsafe.As<uint, byte>(ref l.Head)));
        Assert.Equal(20, Offset(ref l, ref Unsafe.As<uint, byte>(ref l.Tail)));
        Assert.Equal(24, Offset(ref l, ref Unsafe.As<ushort, byte>(ref l.Locate)));
        Assert.Equal(26, Offset(ref l, ref l.Side));
    }

    [Fact]
    public void Instrument_offsets()
    {
        var i = default(Instrument);
        Assert.Equal(0, Offset(ref i, ref Unsafe.As<long, byte>(ref i.Version)));
        Assert.Equal(8, Offset(ref i, ref Unsafe.As<int, byte>(ref i.LevelCount[0])));
        Assert.Equal(16, Offset(ref i, ref Unsafe.As<uint, byte>(ref i.Orders)));
        Assert.Equal(20, Offset(ref i, ref i.Flags));
        Assert.Equal(21, Offset(ref i, ref i.SlotClass[0]));
        Assert.Equal(24, Offset(ref i, ref Unsafe.As<uint, byte>(ref i.SlotBase[0])));
    }
}
