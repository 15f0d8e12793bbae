using Gateway.MarketData.Itch;

namespace Gateway.MarketData.Tests.Itch;

/// <summary>
/// A few messages typed as hex straight from the spec's field tables (spaces separate fields), with
/// realistic values, decoded field by field and re-encoded byte for byte.
/// </summary>
public class ItchHexGoldenTests
{
    private static byte[] Hex(string s) => Convert.FromHexString(s.Replace(" ", "", StringComparison.Ordinal));

    [Fact]
    public void System_event_start_of_messages_at_3am()
    {
        // 'S', locate 0, tracking 0, 03:00:00.000000000 = 10_800_000_000_000 ns, event 'O'
        byte[] bytes = Hex("53 0000 0000 09D29229E000 4F");
        var m = new SystemEvent(bytes);
        Assert.Equal(new StockLocate(0), m.StockLocate);
        Assert.Equal(10_800_000_000_000UL, m.Timestamp);
        Assert.Equal((byte)'O', m.EventCode);

        var written = new byte[SystemEvent.Length];
        ItchWriter.WriteSystemEvent(written, new StockLocate(0), 0, 10_800_000_000_000UL, (byte)'O');
        Assert.Equal(bytes, written);
    }

    [Fact]
    public void Add_order_buy_100_AAPL_at_123_45_at_the_open()
    {
        // 'A', locate 13, tracking 0, 09:30 = 34_200_000_000_000 ns, ref 1, 'B', 100 shares, "AAPL    ", $123.4500
        byte[] bytes = Hex("41 000D 0000 1F1ACED9F000 0000000000000001 42 00000064 4141504C20202020 0012D644");
        Assert.Equal(AddOrder.Length, bytes.Length);
        var m = new AddOrder(bytes);
        Assert.Equal(new StockLocate(13), m.StockLocate);
        Assert.Equal(34_200_000_000_000UL, m.Timestamp);
        Assert.Equal(new OrderRef(1), m.OrderRef);
        Assert.Equal(ItchSide.Buy, m.Side);
        Assert.Equal(100u, m.Shares);
        Assert.Equal("AAPL", m.StockSymbol());
        Assert.Equal("123.4500", m.Price.ToString());

        var written = new byte[AddOrder.Length];
        ItchWriter.WriteAddOrder(written, new StockLocate(13), 0, 34_200_000_000_000UL, new OrderRef(1),
            ItchSide.Buy, 100, "AAPL"u8, new Price4(1_234_500));
        Assert.Equal(bytes, written);
    }

    [Fact]
    public void Order_delete_and_replace()
    {
        byte[] delete = Hex("44 000D 0001 1F1ACED9F001 0000000000000001");
        Assert.Equal(OrderDelete.Length, delete.Length);
        Assert.Equal(new OrderRef(1), new OrderDelete(delete).OrderRef);
        Assert.Equal(1, new OrderDelete(delete).TrackingNumber);

        // ref 1 replaced by ref 2, 200 shares at $200.2300
        byte[] replace = Hex("55 000D 0002 1F1ACED9F002 0000000000000001 0000000000000002 000000C8 001E8D7C");
        var u = new OrderReplace(replace);
        Assert.Equal(new OrderRef(1), u.OriginalOrderRef);
        Assert.Equal(new OrderRef(2), u.NewOrderRef);
        Assert.Equal(200u, u.Shares);
        Assert.Equal("200.2300", u.Price.ToString());
        Assert.Equal(34_200_000_000_002UL, u.Timestamp);
    }

    [Fact]
    public void Mwcb_decline_levels_are_price8()
    {
        // 3019.12, 2800.00, 2550.50 with eight implied decimals
        byte[] bytes = Hex("56 0000 0000 09D29229E000 000000464B5B8600 00000041314CF000 0000003B622A2680");
        Assert.Equal(MwcbDeclineLevel.Length, bytes.Length);
        var m = new MwcbDeclineLevel(bytes);
        Assert.Equal("3019.12000000", m.Level1.ToString());
        Assert.Equal("2800.00000000", m.Level2.ToString());
        Assert.Equal("2550.50000000", m.Level3.ToString());
    }
}
