using Gateway.Core.Trading;

namespace Gateway.Risk.Tests;

/// <summary>Release of booked orders, fills into positions at average cost, realized and unrealized P&amp;L.</summary>
public class PositionTests
{
    private static readonly long Ten = Px.Of(10m);

    [Fact]
    public void Release_frees_open_quantity_and_notional_and_never_goes_below_zero()
    {
        var h = new RiskHarness();
        PreTradeRisk r = h.Risk;
        Assert.Equal(RiskReason.Accepted, h.Buy(Ten, 100));
        Assert.Equal(RiskReason.Accepted, h.Sell(Px.Of(11m), 50));
        Assert.Equal(100, r.Instrument(0).OpenBuyQty);
        Assert.Equal(50, r.Instrument(0).OpenSellQty);
        Assert.Equal(Px.Of(1_000m + 550m), r.OpenNotional);

        r.Release(0, Side.Buy, Ten, 40);
        Assert.Equal(60, r.Instrument(0).OpenBuyQty);
        Assert.Equal(Px.Of(600m + 550m), r.OpenNotional);

        // More than is open: only what is open goes.
        r.Release(0, Side.Buy, Ten, 1_000);
        Assert.Equal(0, r.Instrument(0).OpenBuyQty);
        Assert.Equal(50, r.Instrument(0).OpenSellQty);
        Assert.Equal(Px.Of(550m), r.OpenNotional);

        // Nothing to release, or nonsense: no change.
        r.Release(0, Side.Buy, Ten, 10);
        r.Release(0, Side.Sell, Px.Of(11m), 0);
        r.Release(0, Side.Sell, Px.Of(11m), -5);
        r.Release(99, Side.Sell, Px.Of(11m), 50);
        r.Release(-1, Side.Sell, Px.Of(11m), 50);
        Assert.Equal(50, r.Instrument(0).OpenSellQty);
        Assert.Equal(Px.Of(550m), r.OpenNotional);

        r.Release(0, Side.Sell, Px.Of(11m), 50);
        Assert.Equal(0, r.OpenNotional);
    }

    [Fact]
    public void Buys_average_their_cost_and_sells_realize_against_it()
    {
        var h = new RiskHarness();
        PreTradeRisk r = h.Risk;
        r.OnFill(0, Side.Buy, 100, Px.Of(10m));
        r.OnFill(0, Side.Buy, 100, Px.Of(12m));
        ref readonly InstrumentRisk s = ref r.Instrument(0);
        Assert.Equal(200, s.Position);
        Assert.Equal(Px.Of(2_200m), s.Cost); // average $11
        Assert.Equal(0, s.RealizedPnl);

        // Reduce: 50 sold at $13 against an average of $11.
        r.OnFill(0, Side.Sell, 50, Px.Of(13m));
        Assert.Equal(150, s.Position);
        Assert.Equal(Px.Of(1_650m), s.Cost);
        Assert.Equal(Px.Of(100m), s.RealizedPnl);

        // Close: 150 at $10.
        r.OnFill(0, Side.Sell, 150, Px.Of(10m));
        Assert.Equal(0, s.Position);
        Assert.Equal(0, s.Cost);
        Assert.Equal(Px.Of(100m - 150m), s.RealizedPnl);
        Assert.Equal(Px.Of(-50m), r.RealizedPnl);
        Assert.Equal(0, r.UnrealizedPnl);
        Assert.Equal(4, s.Fills);
        Assert.Equal(200, s.BoughtQty);
        Assert.Equal(200, s.SoldQty);
    }

    [Fact]
    public void A_sell_larger_than_the_long_flips_to_a_short_at_the_fill_price()
    {
        var h = new RiskHarness();
        PreTradeRisk r = h.Risk;
        r.OnFill(0, Side.Buy, 100, Px.Of(10m));
        r.OnFill(0, Side.Sell, 150, Px.Of(11m));
        ref readonly InstrumentRisk s = ref r.Instrument(0);
        Assert.Equal(-50, s.Position);
        Assert.Equal(-Px.Of(550m), s.Cost);
        Assert.Equal(Px.Of(100m), s.RealizedPnl);
    }

    [Fact]
    public void A_short_realizes_when_bought_back_and_flips_to_a_long()
    {
        var h = new RiskHarness();
        PreTradeRisk r = h.Risk;
        r.OnFill(0, Side.Sell, 100, Px.Of(10m));
        ref readonly InstrumentRisk s = ref r.Instrument(0);
        Assert.Equal(-100, s.Position);
        Assert.Equal(-Px.Of(1_000m), s.Cost);

        // Cover 40 at $9: $1 a share.
        r.OnFill(0, Side.Buy, 40, Px.Of(9m));
        Assert.Equal(-60, s.Position);
        Assert.Equal(-Px.Of(600m), s.Cost);
        Assert.Equal(Px.Of(40m), s.RealizedPnl);

        // Buy 100 at $11: 60 cover at a $1 loss each, 40 open a long at $11.
        r.OnFill(0, Side.Buy, 100, Px.Of(11m));
        Assert.Equal(40, s.Position);
        Assert.Equal(Px.Of(440m), s.Cost);
        Assert.Equal(Px.Of(40m - 60m), s.RealizedPnl);
    }

    [Fact]
    public void Realized_pnl_is_exact_when_flat_whatever_the_rounding_of_the_average()
    {
        var h = new RiskHarness();
        PreTradeRisk r = h.Risk;
        // Three shares cost 300,001 units: an average that is not a whole unit.
        r.OnFill(0, Side.Buy, 1, 100_001);
        r.OnFill(0, Side.Buy, 2, 100_000);
        r.OnFill(0, Side.Sell, 1, 100_000);
        r.OnFill(0, Side.Sell, 1, 100_000);
        r.OnFill(0, Side.Sell, 1, 100_000);
        Assert.Equal(0, r.Instrument(0).Position);
        Assert.Equal(0, r.Instrument(0).Cost);
        Assert.Equal(300_000 - 300_001, r.Instrument(0).RealizedPnl);

        // The same for a short, closed in uneven pieces.
        r.OnFill(1, Side.Sell, 7, 33_333);
        r.OnFill(1, Side.Sell, 2, 33_334);
        r.OnFill(1, Side.Buy, 4, 30_001);
        r.OnFill(1, Side.Buy, 5, 29_999);
        Assert.Equal(0, r.Instrument(1).Position);
        long proceeds = (7 * 33_333) + (2 * 33_334);
        long paid = (4 * 30_001) + (5 * 29_999);
        Assert.Equal(proceeds - paid, r.Instrument(1).RealizedPnl);
        Assert.Equal(proceeds - paid + 300_000 - 300_001, r.RealizedPnl);
    }

    [Fact]
    public void Fills_that_make_no_sense_are_ignored()
    {
        var h = new RiskHarness(maxInstruments: 4);
        PreTradeRisk r = h.Risk;
        r.OnFill(0, Side.Buy, 0, Ten);
        r.OnFill(0, Side.Buy, -10, Ten);
        r.OnFill(4, Side.Buy, 10, Ten);
        r.OnFill(-1, Side.Buy, 10, Ten);
        Assert.Equal(0, r.Instrument(0).Fills);
        Assert.Empty(r.ActiveInstruments());
    }

    [Fact]
    public void A_long_is_marked_at_the_bid_and_a_short_at_the_ask()
    {
        var h = new RiskHarness();
        PreTradeRisk r = h.Risk;
        r.OnFill(0, Side.Buy, 100, Px.Of(10m));
        r.OnFill(1, Side.Sell, 100, Px.Of(10m));

        r.OnMark(0, Px.Of(11m), Px.Of(11.50m));
        r.OnMark(1, Px.Of(9m), Px.Of(9.50m));
        Assert.Equal(Px.Of(11m), r.Instrument(0).Mark);
        Assert.Equal(Px.Of(100m), r.Instrument(0).Unrealized);
        Assert.Equal(Px.Of(1_100m), r.Instrument(0).MarkedValue);
        Assert.Equal(Px.Of(9.50m), r.Instrument(1).Mark);
        Assert.Equal(Px.Of(50m), r.Instrument(1).Unrealized);
        Assert.Equal(Px.Of(950m), r.Instrument(1).MarkedValue);

        // Totals: the sums over instruments.
        Assert.Equal(Px.Of(150m), r.UnrealizedPnl);
        Assert.Equal(Px.Of(2_050m), r.GrossPositionValue);
        Assert.Equal(Px.Of(2_000m), r.PositionCost);
        Assert.Equal(new[] { 0, 1 }, r.ActiveInstruments());
    }

    [Fact]
    public void Without_its_own_side_of_the_book_a_position_is_marked_at_the_other_then_at_the_last_fill()
    {
        var h = new RiskHarness();
        PreTradeRisk r = h.Risk;
        // No touch seen yet: marked at the fill.
        r.OnFill(0, Side.Buy, 100, Px.Of(10m));
        Assert.Equal(Px.Of(10m), r.Instrument(0).Mark);
        Assert.Equal(0, r.Instrument(0).Unrealized);
        Assert.Equal(Px.Of(1_000m), r.GrossPositionValue);

        // No bid: the ask.
        r.OnMark(0, 0, Px.Of(10.50m));
        Assert.Equal(Px.Of(50m), r.Instrument(0).Unrealized);

        // Nothing: the last fill price.
        r.OnMark(0, 0, 0);
        Assert.Equal(Px.Of(10m), r.Instrument(0).Mark);
        Assert.Equal(0, r.UnrealizedPnl);

        // A short with no ask: the bid.
        r.OnFill(1, Side.Sell, 10, Px.Of(20m));
        r.OnMark(1, Px.Of(19m), 0);
        Assert.Equal(Px.Of(10m), r.Instrument(1).Unrealized);
    }

    [Fact]
    public void Marks_on_a_flat_instrument_are_remembered_for_the_first_fill()
    {
        var h = new RiskHarness();
        PreTradeRisk r = h.Risk;
        r.OnMark(0, Px.Of(9.90m), Px.Of(10.10m));
        Assert.Equal(0, r.UnrealizedPnl);
        r.OnFill(0, Side.Buy, 100, Px.Of(10m));
        Assert.Equal(Px.Of(9.90m), r.Instrument(0).Mark);
        Assert.Equal(Px.Of(-10m), r.UnrealizedPnl);
        Assert.Equal(Px.Of(990m), r.GrossPositionValue);
    }

    [Fact]
    public void Totals_follow_every_fill_and_mark_across_instruments()
    {
        var h = new RiskHarness();
        PreTradeRisk r = h.Risk;
        r.OnMark(0, Px.Of(10m), Px.Of(10.02m));
        r.OnMark(1, Px.Of(50m), Px.Of(50.10m));
        r.OnFill(0, Side.Buy, 300, Px.Of(10.01m));
        r.OnFill(1, Side.Sell, 20, Px.Of(50m));
        r.OnFill(0, Side.Sell, 100, Px.Of(10.05m));
        r.OnMark(1, Px.Of(49m), Px.Of(49.50m));
        r.OnFill(1, Side.Buy, 30, Px.Of(49.50m));

        long realized = 0, unrealized = 0, gross = 0, cost = 0;
        for (int i = 0; i < 2; i++)
        {
            ref readonly InstrumentRisk s = ref r.Instrument(i);
            realized += s.RealizedPnl;
            unrealized += s.Unrealized;
            gross += s.MarkedValue;
            cost += Math.Abs(s.Cost);
        }

        Assert.Equal(realized, r.RealizedPnl);
        Assert.Equal(unrealized, r.UnrealizedPnl);
        Assert.Equal(gross, r.GrossPositionValue);
        Assert.Equal(cost, r.PositionCost);

        // By hand: instrument 0 long 200 at $10.01, $0.04 a share realized on 100, marked at $10.
        Assert.Equal(200, r.Instrument(0).Position);
        Assert.Equal(Px.Of(4m), r.Instrument(0).RealizedPnl);
        Assert.Equal(Px.Of(-2m), r.Instrument(0).Unrealized);
        // Instrument 1: short 20 at $50 covered at $49.50 ($10), long 10 at $49.50 marked at $49.
        Assert.Equal(10, r.Instrument(1).Position);
        Assert.Equal(Px.Of(10m), r.Instrument(1).RealizedPnl);
        Assert.Equal(Px.Of(-5m), r.Instrument(1).Unrealized);
        Assert.Equal(Px.Of(14m), r.RealizedPnl);
        Assert.Equal(Px.Of(-7m), r.UnrealizedPnl);
    }
}
