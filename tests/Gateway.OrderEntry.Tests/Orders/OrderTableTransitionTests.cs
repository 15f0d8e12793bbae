using Gateway.Core.Trading;
using Gateway.OrderEntry.Fix;
using Gateway.OrderEntry.Orders;

namespace Gateway.OrderEntry.Tests.Orders;

/// <summary>Every transition drawn in <see cref="OrderState"/>, driven by ExecutionReports and OrderCancelRejects as bytes.</summary>
public class OrderTableTransitionTests
{
    private static readonly long Ten = PriceUnits.FromDecimal(10m);

    [Fact]
    public void PendingNew_New_PartiallyFilled_Filled()
    {
        var d = new OrderDesk();
        int o = d.NewOrder(qty: 100, price: 10m);
        Assert.Equal("T-1", d.Id(o));
        Assert.Equal(OrderState.PendingNew, d.Table[o].State);
        Assert.Equal(1, d.Table.OpenOrderCount);

        OrderUpdate u = d.Send(d.Venue.Report(d.Id(o), FixValues.ExecType.PendingNew, FixValues.OrdStatus.PendingNew, 0, 100));
        Assert.Equal(OrderEventKind.Acknowledged, u.Kind);
        Assert.Equal(OrderState.PendingNew, d.Table[o].State);

        u = d.Ack(o);
        Assert.Equal(OrderEventKind.Accepted, u.Kind);
        Assert.Equal(o, u.Slot);
        Assert.Equal(3, u.Instrument);
        Assert.Equal(Side.Buy, u.Side);
        Assert.Equal(OrderState.New, u.State);
        Assert.Equal(100, u.LeavesQty);
        Assert.Equal(0, u.ReleasedQty);

        u = d.Fill(o, lastQty: 40, cum: 40, leaves: 60, price: 9.99m);
        Assert.Equal(OrderEventKind.Fill, u.Kind);
        Assert.Equal(40, u.FillQty);
        Assert.Equal(PriceUnits.FromDecimal(9.99m), u.FillPrice);
        Assert.Equal(40, u.ReleasedQty);
        Assert.Equal(Ten, u.ReleasedPrice); // released at the limit it was booked at, not the fill price
        Assert.Equal(OrderState.PartiallyFilled, u.State);
        Assert.Equal(60, u.LeavesQty);

        u = d.Fill(o, lastQty: 60, cum: 100, leaves: 0, price: 10m);
        Assert.Equal(60, u.ReleasedQty);
        Assert.Equal(OrderState.Filled, u.State);
        Assert.Equal(0, u.LeavesQty);

        ref readonly OrderRecord r = ref d.Table[o];
        Assert.Equal(100, r.CumQty);
        Assert.Equal((40 * PriceUnits.FromDecimal(9.99m)) + (60 * Ten), r.FilledNotional);
        Assert.True(r.IsTerminal);
        Assert.Equal(0, d.Table.OpenOrderCount);
        Assert.Equal(0, d.Risk.OpenQty);
        Assert.Equal(100, d.Risk.Filled);
        d.AssertCounters();
    }

    [Fact]
    public void PendingCancel_Cancelled_releases_what_was_left()
    {
        var d = new OrderDesk();
        int o = d.NewOrder();
        d.Ack(o);
        d.Fill(o, 30, 30, 70);
        int c = d.Cancel(o);
        Assert.Equal("T-2", d.Id(c));
        Assert.Equal(OrderKind.CancelRequest, d.Table[c].Kind);
        Assert.Equal(o, d.Table[c].Parent);
        Assert.Equal(OrderState.PendingCancel, d.Table[o].State);
        Assert.True(d.Table[o].IsOpen);

        OrderUpdate u = d.Send(d.Venue.Report(d.Id(c), FixValues.ExecType.PendingCancel, FixValues.OrdStatus.PendingCancel, 30, 70, origClOrdId: d.Id(o)));
        Assert.Equal(OrderEventKind.Acknowledged, u.Kind);
        Assert.Equal(o, u.Slot);

        u = d.Cancelled(c, cum: 30, orig: d.Id(o));
        Assert.Equal(OrderEventKind.Cancelled, u.Kind);
        Assert.Equal(o, u.Slot);
        Assert.Equal(70, u.ReleasedQty);
        Assert.Equal(Ten, u.ReleasedPrice);
        Assert.Equal(OrderState.Cancelled, d.Table[o].State);
        Assert.Equal(0, d.Table.OpenOrderCount);
        Assert.Equal(0, d.Risk.OpenQty);
        d.AssertCounters();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_refused_cancel_returns_the_order_to_New_or_PartiallyFilled(bool partiallyFilled)
    {
        var d = new OrderDesk();
        int o = d.NewOrder();
        d.Ack(o);
        if (partiallyFilled)
        {
            d.Fill(o, 25, 25, 75);
        }

        int c = d.Cancel(o);
        OrderUpdate u = d.Send(d.Venue.CancelReject(d.Id(c), d.Id(o), FixValues.CxlRejResponseTo.OrderCancelRequest));
        Assert.Equal(OrderEventKind.CancelRejected, u.Kind);
        Assert.Equal(o, u.Slot);
        Assert.Equal(0, u.ReleasedQty);
        OrderState expected = partiallyFilled ? OrderState.PartiallyFilled : OrderState.New;
        Assert.Equal(expected, u.State);
        Assert.Equal(expected, d.Table[o].State);
        Assert.Equal(OrderState.Rejected, d.Table[c].State);
        d.AssertCounters(("CancelRejects", 1));

        // The order can be cancelled again, and this time it goes.
        int again = d.Cancel(o);
        u = d.Cancelled(again, cum: partiallyFilled ? 25 : 0, orig: d.Id(o));
        Assert.Equal(partiallyFilled ? 75 : 100, u.ReleasedQty);
        Assert.Equal(OrderState.Cancelled, d.Table[o].State);
    }

    [Fact]
    public void A_cancel_refused_by_an_ExecutionReport_Rejected_is_a_refused_cancel_too()
    {
        var d = new OrderDesk();
        int o = d.NewOrder();
        d.Ack(o);
        int c = d.Cancel(o);
        OrderUpdate u = d.Send(d.Venue.Report(d.Id(c), FixValues.ExecType.Rejected, FixValues.OrdStatus.New, 0, 100, origClOrdId: d.Id(o)));
        Assert.Equal(OrderEventKind.CancelRejected, u.Kind);
        Assert.Equal(OrderState.New, d.Table[o].State);
        d.AssertCounters(("CancelRejects", 1));
    }

    [Fact]
    public void PendingReplace_Replaced_the_replacement_lives_on_under_its_own_ClOrdID()
    {
        var d = new OrderDesk();
        int o = d.NewOrder(qty: 100, price: 10m);
        d.Ack(o);
        int r = d.Replace(o, qty: 150, price: 10.05m);
        Assert.Equal(OrderKind.ReplaceRequest, d.Table[r].Kind);
        Assert.Equal(150, d.Table[r].LeavesQty);
        Assert.Equal(OrderState.PendingReplace, d.Table[o].State);

        OrderUpdate u = d.Send(d.Venue.Report(d.Id(r), FixValues.ExecType.PendingReplace, FixValues.OrdStatus.PendingReplace, 0, 100, origClOrdId: d.Id(o)));
        Assert.Equal(OrderEventKind.Acknowledged, u.Kind);

        u = d.Send(d.Venue.Report(d.Id(r), FixValues.ExecType.Replaced, FixValues.OrdStatus.New, 0, 150, origClOrdId: d.Id(o)));
        Assert.Equal(OrderEventKind.Replaced, u.Kind);
        Assert.Equal(r, u.Slot);
        Assert.Equal(100, u.ReleasedQty);
        Assert.Equal(Ten, u.ReleasedPrice);
        Assert.Equal(0, u.ExtraReleasedQty);
        Assert.Equal(OrderState.New, u.State);
        Assert.Equal(150, u.LeavesQty);
        Assert.Equal(OrderState.Replaced, d.Table[o].State);
        Assert.Equal(OrderKind.Order, d.Table[r].Kind);
        Assert.Equal(PriceUnits.FromDecimal(10.05m), d.Table[r].Price);
        Assert.Equal(1, d.Table.OpenOrderCount);

        // The replacement fills under its own ClOrdID, at its own limit.
        u = d.Fill(r, 150, 150, 0, 10.05m);
        Assert.Equal(150, u.ReleasedQty);
        Assert.Equal(PriceUnits.FromDecimal(10.05m), u.ReleasedPrice);
        Assert.Equal(OrderState.Filled, d.Table[r].State);
        Assert.Equal(0, d.Risk.OpenQty);
        d.AssertCounters();
    }

    [Fact]
    public void A_replace_of_a_partly_filled_order_carries_its_fills()
    {
        var d = new OrderDesk();
        int o = d.NewOrder(qty: 100);
        d.Ack(o);
        d.Fill(o, 30, 30, 70);
        int r = d.Replace(o, qty: 80, price: 9.5m);
        Assert.Equal(50, d.Table[r].LeavesQty); // 80 less the 30 done

        OrderUpdate u = d.Send(d.Venue.Report(d.Id(r), FixValues.ExecType.Replaced, FixValues.OrdStatus.PartiallyFilled, 30, 50, origClOrdId: d.Id(o)));
        Assert.Equal(70, u.ReleasedQty);
        Assert.Equal(0, u.ExtraReleasedQty);
        Assert.Equal(OrderState.PartiallyFilled, u.State);
        Assert.Equal(30, d.Table[r].CumQty);
        Assert.Equal(50, d.Table[r].LeavesQty);

        // The venue's CumQty goes on from the old order's.
        u = d.Fill(r, 50, 80, 0, 9.5m);
        Assert.Equal(OrderEventKind.Fill, u.Kind);
        Assert.Equal(OrderState.Filled, u.State);
        Assert.Equal(0, d.Risk.OpenQty);
        d.AssertCounters();
    }

    [Fact]
    public void Fills_between_the_replace_request_and_its_answer_come_off_the_replacement_too()
    {
        var d = new OrderDesk();
        int o = d.NewOrder(qty: 100, price: 10m);
        d.Ack(o);
        int r = d.Replace(o, qty: 80, price: 10.2m); // books 80 at $10.20

        OrderUpdate u = d.Fill(o, 30, 30, 70);
        Assert.Equal(30, u.ReleasedQty);
        Assert.Equal(Ten, u.ReleasedPrice);
        Assert.Equal(OrderState.PendingReplace, d.Table[o].State);

        u = d.Send(d.Venue.Report(d.Id(r), FixValues.ExecType.Replaced, FixValues.OrdStatus.PartiallyFilled, 30, 50, origClOrdId: d.Id(o)));
        Assert.Equal(70, u.ReleasedQty);
        Assert.Equal(Ten, u.ReleasedPrice);
        Assert.Equal(30, u.ExtraReleasedQty);
        Assert.Equal(PriceUnits.FromDecimal(10.2m), u.ExtraReleasedPrice);
        Assert.Equal(50, u.LeavesQty);
        Assert.Equal(OrderState.PartiallyFilled, u.State);
        d.AssertCounters();
    }

    [Fact]
    public void A_refused_replace_releases_what_the_replacement_booked_and_the_order_stands()
    {
        var d = new OrderDesk();
        int o = d.NewOrder(qty: 100, price: 10m);
        d.Ack(o);
        int r = d.Replace(o, qty: 120, price: 10.1m);
        OrderUpdate u = d.Send(d.Venue.CancelReject(d.Id(r), d.Id(o), FixValues.CxlRejResponseTo.OrderCancelReplaceRequest));
        Assert.Equal(OrderEventKind.CancelRejected, u.Kind);
        Assert.Equal(o, u.Slot);
        Assert.Equal(120, u.ReleasedQty);
        Assert.Equal(PriceUnits.FromDecimal(10.1m), u.ReleasedPrice);
        Assert.Equal(OrderState.New, d.Table[o].State);
        Assert.Equal(100, d.Table[o].LeavesQty);
        Assert.Equal(100, d.Risk.OpenQty);
        d.AssertCounters(("CancelRejects", 1));
    }

    [Fact]
    public void Rejected_releases_the_whole_order()
    {
        var d = new OrderDesk();
        int o = d.NewOrder(qty: 100);
        OrderUpdate u = d.Send(d.Venue.Report(d.Id(o), FixValues.ExecType.Rejected, FixValues.OrdStatus.Rejected, 0, 0));
        Assert.Equal(OrderEventKind.Rejected, u.Kind);
        Assert.Equal(100, u.ReleasedQty);
        Assert.Equal(OrderState.Rejected, d.Table[o].State);
        Assert.Equal(0, d.Table.OpenOrderCount);
        d.AssertCounters();
    }

    [Theory]
    [InlineData(FixValues.ExecType.Canceled, OrderState.Cancelled, OrderEventKind.Cancelled)]
    [InlineData(FixValues.ExecType.Expired, OrderState.Expired, OrderEventKind.Expired)]
    public void An_unfilled_IOC_ends_Expired_or_Cancelled(byte execType, OrderState state, OrderEventKind kind)
    {
        var d = new OrderDesk();
        int o = d.NewOrder(qty: 100, tif: TimeInForce.ImmediateOrCancel);
        byte ordStatus = execType == FixValues.ExecType.Canceled ? FixValues.OrdStatus.Canceled : FixValues.OrdStatus.Expired;
        OrderUpdate u = d.Send(d.Venue.Report(d.Id(o), execType, ordStatus, 0, 0));
        Assert.Equal(kind, u.Kind);
        Assert.Equal(state, u.State);
        Assert.Equal(100, u.ReleasedQty);
        Assert.Equal(state, d.Table[o].State);
        Assert.Equal(TimeInForce.ImmediateOrCancel, d.Table[o].TimeInForce);
        d.AssertCounters();
    }

    [Fact]
    public void A_partly_filled_IOC_releases_its_rest_when_the_venue_cancels_it()
    {
        var d = new OrderDesk();
        int o = d.NewOrder(qty: 100, tif: TimeInForce.ImmediateOrCancel);
        d.Ack(o);
        d.Fill(o, 35, 35, 65);
        OrderUpdate u = d.Cancelled(o, cum: 35);
        Assert.Equal(65, u.ReleasedQty);
        Assert.Equal(OrderState.Cancelled, d.Table[o].State);
        Assert.Equal(35, d.Table[o].CumQty);
        d.AssertCounters();
    }

    [Fact]
    public void DoneForDay_ends_the_order_as_Expired()
    {
        var d = new OrderDesk();
        int o = d.NewOrder(qty: 100);
        d.Ack(o);
        d.Fill(o, 10, 10, 90);
        OrderUpdate u = d.Send(d.Venue.Report(d.Id(o), FixValues.ExecType.DoneForDay, FixValues.OrdStatus.DoneForDay, 10, 0));
        Assert.Equal(OrderEventKind.Expired, u.Kind);
        Assert.Equal(90, u.ReleasedQty);
        Assert.Equal(OrderState.Expired, d.Table[o].State);
        d.AssertCounters();
    }

    [Fact]
    public void Ending_an_order_with_a_replace_pending_releases_the_replacement_too()
    {
        var d = new OrderDesk();
        int o = d.NewOrder(qty: 100, price: 10m);
        d.Ack(o);
        int r = d.Replace(o, qty: 200, price: 10.1m);
        // The venue expires the order before it gets to the replace.
        OrderUpdate u = d.Send(d.Venue.Report(d.Id(o), FixValues.ExecType.Expired, FixValues.OrdStatus.Expired, 0, 0));
        Assert.Equal(100, u.ReleasedQty);
        Assert.Equal(200, u.ExtraReleasedQty);
        Assert.Equal(PriceUnits.FromDecimal(10.1m), u.ExtraReleasedPrice);
        Assert.True(d.Table[r].IsTerminal);

        // Its late answer changes nothing.
        u = d.Send(d.Venue.CancelReject(d.Id(r), d.Id(o), FixValues.CxlRejResponseTo.OrderCancelReplaceRequest, FixValues.OrdStatus.Expired));
        OrderDesk.AssertIgnored(u);
        d.AssertCounters(("UnexpectedReports", 1));
    }

    [Fact]
    public void Open_orders_are_listed_for_the_kill_switch()
    {
        var d = new OrderDesk();
        int a = d.NewOrder();
        int b = d.NewOrder();
        int c = d.NewOrder();
        d.Ack(a);
        d.Ack(b);
        d.Fill(b, 100, 100, 0);
        d.Cancel(a); // pending cancel is still open; the request itself is not an order
        Span<int> open = stackalloc int[8];
        int n = d.Table.OpenOrders(open);
        Assert.Equal(new[] { a, c }, open[..n].ToArray());
        Assert.Equal(2, d.Table.OpenOrderCount);
        Assert.Equal(1, d.Table.OpenOrders(open[..1]));
    }
}
