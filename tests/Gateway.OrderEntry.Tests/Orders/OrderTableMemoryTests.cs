using System.Runtime.CompilerServices;
using Gateway.Core;
using Gateway.OrderEntry.Orders;

namespace Gateway.OrderEntry.Tests.Orders;

/// <summary>The order table and the order encoder hand their memory to start-up preparation: pinned, whole, and where the data is.</summary>
public sealed class OrderTableMemoryTests
{
    [Fact]
    public void The_table_is_one_pinned_region_covering_every_record()
    {
        var table = new OrderTable(1000, "T");
        ResidentRegion region = table.ResidentRegion;

        Assert.Equal("order table", region.Name);
        Assert.Equal((nuint)(1000 * Unsafe.SizeOf<OrderRecord>()), region.Length);
        unsafe
        {
            Assert.Equal((nint)Unsafe.AsPointer(ref Unsafe.AsRef(in table[0])), region.Start);
        }

        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        Assert.Equal(region.Start, table.ResidentRegion.Start); // pinned: a compacting GC does not move it
    }

    [Fact]
    public void The_encoder_buffer_is_a_region()
    {
        using var encoder = new NewOrderEncoder("GATEWAY", "VENUE");
        ResidentRegion region = encoder.ResidentRegion;
        Assert.Equal("order encoder", region.Name);
        Assert.NotEqual(0, region.Start);
        Assert.True(region.Length >= 256);
    }
}
