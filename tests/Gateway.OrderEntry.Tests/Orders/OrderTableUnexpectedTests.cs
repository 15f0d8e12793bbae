using System.Text;
using Gateway.Core.Trading;
using Gateway.OrderEntry.Fix;
using Gateway.OrderEntry.Orders;

namespace Gateway.OrderEntry.Tests.Orders;

/// <summary>Reports that do not fit the order's story: each is counted, none throws, and what risk must release stays exact.</summary>
public class OrderTableUnexpectedTests
{
    [Theory]
    [InlineData("T-2")]       // the next slot, never issued
    [InlineData("T-999")]
    [InlineData("X-1")]       // another prefix
    [InlineData("ORDER-1")]
    public void A_report_for_a_ClOrdID_never_sent_is_counted_and_ignored(string clOrdId)
    {
        var d = new OrderDesk();
        int o = d.NewOrder();
        OrderUpdate u = d.Send(d.Venue.Report(clOrdId, FixValues.ExecType.Trade, FixValues.OrdStatus.Filled, 100, 0, 100, 10m));
        OrderDesk.AssertIgnored(u);
        Assert.Equal(-1, u.Slot);
        u = d.Send(d.Venue.CancelReject(clOrdId, d.Id(o), FixValues.CxlRejResponseTo.OrderCancelRequest));
        OrderDesk.AssertIgnored(u);
        Assert.Equal(OrderState.PendingNew, d.Table[o].State);
        d.AssertCounters(("UnknownClOrdId", 2));
    }

    [Fact]
    public void A_repeated_fill_is_recognised_by_its_CumQty_and_ignored()
    {
        var d = new OrderDesk();
        int o = d.NewOrder();
        d.Ack(o);
        byte[] fill = d.Venue.Report(d.Id(o), FixValues.ExecType.Trade, FixValues.OrdStatus.PartiallyFilled, 40, 60, 40, 10m);
        Assert.Equal(40, d.Send(fill).FillQty);
        OrderDesk.AssertIgnored(d.Send(fill));
        // An older report still, arriving later: CumQty below ours.
        OrderDesk.AssertIgnored(d.Fill(o, 20, 20, 80));
        Assert.Equal(40, d.Table[o].CumQty);
        Assert.Equal(60, d.Table[o].LeavesQty);
        Assert.Equal(40, d.Risk.Filled);
        d.AssertCounters(("DuplicateReports", 2));
    }

    [Fact]
    public void A_repeated_acknowledgement_is_counted_as_late_and_changes_nothing()
    {
        var d = new OrderDesk();
        int o = d.NewOrder();
        d.Ack(o);
        OrderUpdate u = d.Ack(o);
        Assert.Equal(OrderEventKind.Acknowledged, u.Kind);
        Assert.Equal(0, u.ReleasedQty);
        Assert.Equal(OrderState.New, d.Table[o].State);
        d.AssertCounters(("LateReports", 1));
    }

    [Fact]
    public void A_fill_after_the_order_was_cancelled_is_applied_and_counted_with_nothing_to_release()
    {
        var d = new OrderDesk();
        int o = d.NewOrder(qty: 100);
        d.Ack(o);
        OrderUpdate u = d.Cancelled(o, cum: 0);
        Assert.Equal(100, u.ReleasedQty);

        u = d.Fill(o, 10, 10, 0);
        Assert.Equal(OrderEventKind.Fill, u.Kind);
        Assert.Equal(10, u.FillQty); // the venue says it traded: the position must say so too
        Assert.Equal(0, u.ReleasedQty);
        Assert.Equal(OrderState.Cancelled, u.State);
        Assert.Equal(10, d.Table[o].CumQty);
        d.AssertCounters(("LateFills", 1));
    }

    [Fact]
    public void An_overfill_is_applied_whole_and_counted_and_releases_only_what_was_open()
    {
        var d = new OrderDesk();
        int o = d.NewOrder(qty: 100);
        d.Ack(o);
        OrderUpdate u = d.Fill(o, 150, 150, 0);
        Assert.Equal(150, u.FillQty);
        Assert.Equal(100, u.ReleasedQty);
        Assert.Equal(OrderState.Filled, u.State);

        // More still, after the order was filled: late and over.
        u = d.Fill(o, 5, 155, 0);
        Assert.Equal(5, u.FillQty);
        Assert.Equal(0, u.ReleasedQty);
        Assert.Equal(155, d.Risk.Filled);
        d.AssertCounters(("Overfills", 2), ("LateFills", 1));
    }

    [Fact]
    public void A_fill_while_a_cancel_is_pending_is_applied_and_the_order_resumes_partly_filled_if_the_cancel_fails()
    {
        var d = new OrderDesk();
        int o = d.NewOrder(qty: 100);
        d.Ack(o);
        int c = d.Cancel(o);
        OrderUpdate u = d.Fill(o, 40, 40, 60);
        Assert.Equal(40, u.ReleasedQty);
        Assert.Equal(OrderState.PendingCancel, u.State);
        Assert.Equal(OrderState.PendingCancel, d.Table[o].State);

        u = d.Send(d.Venue.CancelReject(d.Id(c), d.Id(o), FixValues.CxlRejResponseTo.OrderCancelRequest, FixValues.OrdStatus.PartiallyFilled));
        Assert.Equal(OrderState.PartiallyFilled, u.State);
        d.AssertCounters(("CancelRejects", 1));
    }

    [Fact]
    public void A_fill_reported_under_the_cancel_requests_ClOrdID_lands_on_the_order()
    {
        var d = new OrderDesk();
        int o = d.NewOrder(qty: 100);
        d.Ack(o);
        int c = d.Cancel(o);
        OrderUpdate u = d.Send(d.Venue.Report(d.Id(c), FixValues.ExecType.Trade, FixValues.OrdStatus.PartiallyFilled, 40, 60, 40, 10m, origClOrdId: d.Id(o)));
        Assert.Equal(o, u.Slot);
        Assert.Equal(40, u.FillQty);
        Assert.Equal(40, d.Table[o].CumQty);
        u = d.Cancelled(c, cum: 40, orig: d.Id(o));
        Assert.Equal(60, u.ReleasedQty);
        d.AssertCounters();
    }

    [Fact]
    public void A_fill_that_completes_the_order_while_a_cancel_is_pending_ends_it_and_the_cancels_answer_changes_nothing()
    {
        var d = new OrderDesk();
        int o = d.NewOrder(qty: 100);
        d.Ack(o);
        int c = d.Cancel(o);
        OrderUpdate u = d.Fill(o, 100, 100, 0);
        Assert.Equal(100, u.ReleasedQty);
        Assert.Equal(OrderState.Filled, d.Table[o].State);

        // "Too late to cancel".
        u = d.Send(d.Venue.CancelReject(d.Id(c), d.Id(o), FixValues.CxlRejResponseTo.OrderCancelRequest, FixValues.OrdStatus.Filled));
        Assert.Equal(OrderEventKind.CancelRejected, u.Kind);
        Assert.Equal(0, u.ReleasedQty);
        Assert.Equal(OrderState.Filled, d.Table[o].State);

        // Or a cancel confirmation after all: the order has ended, so it is unexpected.
        int o2 = d.NewOrder(qty: 100);
        d.Ack(o2);
        int c2 = d.Cancel(o2);
        d.Fill(o2, 100, 100, 0);
        OrderDesk.AssertIgnored(d.Cancelled(c2, cum: 100, orig: d.Id(o2)));
        Assert.Equal(OrderState.Filled, d.Table[o2].State);
        d.AssertCounters(("CancelRejects", 1), ("UnexpectedReports", 1));
    }

    [Fact]
    public void New_after_Filled_is_a_late_report()
    {
        var d = new OrderDesk();
        int o = d.NewOrder(qty: 100);
        d.Fill(o, 100, 100, 0); // the fill overtook the acknowledgement
        OrderUpdate u = d.Ack(o);
        Assert.Equal(OrderEventKind.Acknowledged, u.Kind);
        Assert.Equal(OrderState.Filled, d.Table[o].State);
        d.AssertCounters(("LateReports", 1));
    }

    [Fact]
    public void The_acknowledgement_of_an_order_whose_cancel_is_pending_is_not_lost()
    {
        var d = new OrderDesk();
        int o = d.NewOrder(qty: 100);
        int c = d.Cancel(o); // cancelled before the venue said New
        Assert.Equal(OrderState.PendingCancel, d.Table[o].State);
        OrderUpdate u = d.Ack(o);
        Assert.Equal(OrderEventKind.Accepted, u.Kind);
        Assert.Equal(OrderState.PendingCancel, d.Table[o].State);

        // The cancel fails: the order is New, as the venue said, not PendingNew.
        u = d.Send(d.Venue.CancelReject(d.Id(c), d.Id(o), FixValues.CxlRejResponseTo.OrderCancelRequest));
        Assert.Equal(OrderState.New, u.State);
        Assert.Equal(OrderState.New, d.Table[o].State);
        d.AssertCounters(("CancelRejects", 1));
    }

    [Fact]
    public void A_second_end_is_unexpected_and_releases_nothing()
    {
        var d = new OrderDesk();
        int o = d.NewOrder(qty: 100);
        d.Ack(o);
        d.Cancelled(o, cum: 0);
        OrderDesk.AssertIgnored(d.Cancelled(o, cum: 0));
        OrderDesk.AssertIgnored(d.Send(d.Venue.Report(d.Id(o), FixValues.ExecType.Expired, FixValues.OrdStatus.Expired, 0, 0)));
        OrderDesk.AssertIgnored(d.Send(d.Venue.Report(d.Id(o), FixValues.ExecType.Rejected, FixValues.OrdStatus.Rejected, 0, 0)));
        d.AssertCounters(("UnexpectedReports", 3));
    }

    [Fact]
    public void Replaced_for_a_ClOrdID_that_is_not_a_replace_request_is_unexpected()
    {
        var d = new OrderDesk();
        int o = d.NewOrder(qty: 100);
        d.Ack(o);
        OrderDesk.AssertIgnored(d.Send(d.Venue.Report(d.Id(o), FixValues.ExecType.Replaced, FixValues.OrdStatus.New, 0, 100)));
        int c = d.Cancel(o);
        OrderDesk.AssertIgnored(d.Send(d.Venue.Report(d.Id(c), FixValues.ExecType.Replaced, FixValues.OrdStatus.New, 0, 100)));
        Assert.Equal(OrderState.PendingCancel, d.Table[o].State);

        // A second Replaced for a replace already done.
        var d2 = new OrderDesk();
        int o2 = d2.NewOrder(qty: 100);
        int r2 = d2.Replace(o2, 50, 10m);
        byte[] replaced = d2.Venue.Report(d2.Id(r2), FixValues.ExecType.Replaced, FixValues.OrdStatus.New, 0, 50, origClOrdId: d2.Id(o2));
        Assert.Equal(OrderEventKind.Replaced, d2.Send(replaced).Kind);
        OrderDesk.AssertIgnored(d2.Send(replaced));
        d.AssertCounters(("UnexpectedReports", 2));
        d2.AssertCounters(("UnexpectedReports", 1));
    }

    [Fact]
    public void A_cancel_reject_naming_the_order_itself_is_unexpected()
    {
        var d = new OrderDesk();
        int o = d.NewOrder(qty: 100);
        d.Ack(o);
        OrderDesk.AssertIgnored(d.Send(d.Venue.CancelReject(d.Id(o), d.Id(o), FixValues.CxlRejResponseTo.OrderCancelRequest)));
        Assert.Equal(OrderState.New, d.Table[o].State);
        d.AssertCounters(("UnexpectedReports", 1));
    }

    public static TheoryData<string, int, string?> Malformed => new()
    {
        { "no ExecType", FixTag.ExecType, null },
        { "no LastQty", FixTag.LastQty, null },
        { "no LastPx", FixTag.LastPx, null },
        { "LastQty not a number", 0, "abc" },
        { "LastQty zero", 0, "0" },
        { "LastQty negative", 0, "-5" },
        { "LastQty fractional", 0, "2.5" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void A_malformed_report_is_counted_and_ignored(string what, int omit, string? lastQty)
    {
        var d = new OrderDesk();
        int o = d.NewOrder(qty: 100);
        d.Ack(o);
        byte[] report = d.Venue.Report(d.Id(o), FixValues.ExecType.Trade, FixValues.OrdStatus.PartiallyFilled, 10, 90, 10, 10m,
            omit: omit, replace: lastQty is null ? null : (FixTag.LastQty, lastQty));
        OrderUpdate u = d.Send(report);
        OrderDesk.AssertIgnored(u);
        Assert.Equal(o, u.Slot);
        Assert.True(d.Table[o].State == OrderState.New, what);
        Assert.Equal(0, d.Table[o].CumQty);
        d.AssertCounters(("Malformed", 1));
    }

    [Fact]
    public void A_negative_LastPx_is_malformed()
    {
        var d = new OrderDesk();
        int o = d.NewOrder(qty: 100);
        OrderDesk.AssertIgnored(d.Send(d.Venue.Report(d.Id(o), FixValues.ExecType.Trade, FixValues.OrdStatus.PartiallyFilled, 10, 90, 10, 10m,
            replace: (FixTag.LastPx, "-1.00"))));
        d.AssertCounters(("Malformed", 1));
    }

    [Fact]
    public void Messages_other_than_reports_are_ignored_without_a_count()
    {
        var d = new OrderDesk();
        d.NewOrder();
        OrderDesk.AssertIgnored(d.Send(d.Venue.News()));
        d.AssertCounters();
    }

    [Fact]
    public void Exec_types_that_change_nothing_are_acknowledgements()
    {
        var d = new OrderDesk();
        int o = d.NewOrder(qty: 100);
        d.Ack(o);
        foreach (byte execType in new[] { FixValues.ExecType.OrderStatus, FixValues.ExecType.Restated, FixValues.ExecType.PendingCancel })
        {
            OrderUpdate u = d.Send(d.Venue.Report(d.Id(o), execType, FixValues.OrdStatus.New, 0, 100));
            Assert.Equal(OrderEventKind.Acknowledged, u.Kind);
            Assert.Equal(0, u.ReleasedQty);
        }

        Assert.Equal(OrderState.New, d.Table[o].State);
        d.AssertCounters();
    }
}

/// <summary>ClOrdIDs, capacity, requests that cannot be made, and orders that never left.</summary>
public class OrderTableBookkeepingTests
{
    [Fact]
    public void ClOrdIDs_are_the_prefix_and_the_slot_plus_one_and_map_back()
    {
        var t = new OrderTable(2_000, "G093000-");
        Span<byte> id = stackalloc byte[32];
        for (int i = 0; i < 1_500; i++)
        {
            Assert.Equal(i, t.TryCreateOrder(0, Side.Buy, 1, 1, TimeInForce.Day, 0, 0));
            int n = t.FormatClOrdId(i, id);
            Assert.Equal("G093000-" + (i + 1), Encoding.ASCII.GetString(id[..n]));
            Assert.Equal(i, t.SlotOf(id[..n]));
            Assert.Equal((ulong)i + 1, OrderTable.IdNumber(i));
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("T-")]
    [InlineData("T")]
    [InlineData("T-0")]            // slot -1
    [InlineData("T-6")]            // not issued yet
    [InlineData("T-01")]           // never issued in that spelling
    [InlineData("T-1a")]
    [InlineData("T- 1")]
    [InlineData("T-1 ")]
    [InlineData("T--1")]
    [InlineData("T-+1")]
    [InlineData("t-1")]
    [InlineData("X-1")]
    [InlineData("TT-1")]
    [InlineData("T-99999999999")]  // more digits than any slot
    [InlineData("T-18446744073709551617")]
    public void SlotOf_refuses_what_is_not_one_of_ours(string clOrdId)
    {
        var t = new OrderTable(16, "T-");
        for (int i = 0; i < 5; i++)
        {
            t.TryCreateOrder(0, Side.Buy, 1, 1, TimeInForce.Day, 0, 0);
        }

        Assert.Equal(-1, t.SlotOf(Encoding.ASCII.GetBytes(clOrdId)));
        Assert.Equal(4, t.SlotOf("T-5"u8));
    }

    [Fact]
    public void A_full_table_refuses_new_orders_and_requests_and_counts_them()
    {
        var t = new OrderTable(2, "T-");
        int a = t.TryCreateOrder(0, Side.Buy, 10, 10, TimeInForce.Day, 0, 0);
        Assert.Equal(1, t.TryCreateOrder(0, Side.Sell, 10, 10, TimeInForce.Day, 0, 0));
        Assert.Equal(-1, t.TryCreateOrder(0, Side.Buy, 10, 10, TimeInForce.Day, 0, 0));
        Assert.Equal(-1, t.TryCreateCancel(a, 0));
        Assert.Equal(-1, t.TryCreateReplace(a, 11, 10, 0));
        Assert.Equal(3, t.Counters.TableFull);
        Assert.Equal(2, t.Count);
        // A request that could not be made leaves the order as it was.
        Assert.Equal(OrderState.PendingNew, t[a].State);
        Assert.Equal(-1, t[a].PendingRequest);
    }

    [Fact]
    public void Requests_that_make_no_sense_are_refused()
    {
        var d = new OrderDesk();
        int o = d.NewOrder(qty: 100);
        d.Ack(o);
        d.Fill(o, 30, 30, 70);
        OrderTable t = d.Table;
        Assert.Equal(-1, t.TryCreateReplace(o, 1, 30, 0));   // new quantity not above what is done
        int c = t.TryCreateCancel(o, 0);
        Assert.Equal(-1, t.TryCreateCancel(o, 0));           // one request at a time
        Assert.Equal(-1, t.TryCreateReplace(o, 1, 200, 0));
        Assert.Equal(-1, t.TryCreateCancel(c, 0));           // a request is not an order
        d.Cancelled(c, cum: 30, orig: d.Id(o));
        Assert.Equal(-1, t.TryCreateCancel(o, 0));           // ended
        Assert.Equal(-1, t.TryCreateCancel(99, 0));          // no such slot: not counted
        Assert.Equal(-1, t.TryCreateCancel(-1, 0));
        d.AssertCounters(("RequestsRefused", 5));
    }

    [Fact]
    public void An_order_that_could_not_be_sent_ends_Rejected_or_Expired_and_releases_everything()
    {
        var d = new OrderDesk();
        int a = d.NewOrder(qty: 100, price: 10m);
        OrderUpdate u = d.Table.NotSent(a);
        d.Risk.Apply(u);
        Assert.Equal(OrderEventKind.Rejected, u.Kind);
        Assert.Equal(100, u.ReleasedQty);
        Assert.Equal(PriceUnits.FromDecimal(10m), u.ReleasedPrice);
        Assert.Equal(OrderState.Rejected, d.Table[a].State);

        int b = d.NewOrder(qty: 50, price: 11m);
        u = d.Table.NotSent(b, unanswered: true);
        d.Risk.Apply(u);
        Assert.Equal(OrderEventKind.Expired, u.Kind);
        Assert.Equal(50, u.ReleasedQty);
        Assert.Equal(OrderState.Expired, d.Table[b].State);
        d.Risk.AssertMatches(d.Table);
        Assert.Equal(0, d.Risk.OpenQty);
    }

    [Fact]
    public void A_request_that_could_not_be_sent_puts_the_order_back_and_releases_a_replaces_booking()
    {
        var d = new OrderDesk();
        int o = d.NewOrder(qty: 100, price: 10m);
        d.Ack(o);
        d.Fill(o, 20, 20, 80);
        int c = d.Cancel(o);
        OrderUpdate u = d.Table.NotSent(c);
        d.Risk.Apply(u);
        Assert.Equal(OrderEventKind.CancelRejected, u.Kind);
        Assert.Equal(o, u.Slot);
        Assert.Equal(0, u.ReleasedQty);
        Assert.Equal(OrderState.PartiallyFilled, u.State);
        Assert.Equal(80, u.LeavesQty);
        Assert.Equal(OrderState.PartiallyFilled, d.Table[o].State);

        int r = d.Replace(o, qty: 120, price: 10.5m);
        u = d.Table.NotSent(r);
        d.Risk.Apply(u);
        Assert.Equal(100, u.ReleasedQty);
        Assert.Equal(PriceUnits.FromDecimal(10.5m), u.ReleasedPrice);
        Assert.Equal(OrderState.PartiallyFilled, u.State);
        Assert.Equal(OrderState.PartiallyFilled, d.Table[o].State);
        d.Risk.AssertMatches(d.Table);
        Assert.Equal(80, d.Risk.OpenQty);
    }

    [Fact]
    public void Construction_checks_capacity_and_prefix()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new OrderTable(0, "T-"));
        Assert.Throws<ArgumentOutOfRangeException>(() => new OrderTable((1 << 26) + 1, "T-"));
        Assert.Throws<ArgumentException>(() => new OrderTable(4, "THIS-PREFIX-IS-17"));
        Assert.Throws<ArgumentException>(() => new OrderTable(4, "A=B"));
        Assert.Throws<ArgumentException>(() => new OrderTable(4, "A B"));
        Assert.Equal("G093412-", OrderTable.DefaultPrefix(new DateTime(2026, 3, 2, 9, 34, 12, DateTimeKind.Utc)));
        Assert.Equal(4, new OrderTable(4, "").Capacity);
    }
}
