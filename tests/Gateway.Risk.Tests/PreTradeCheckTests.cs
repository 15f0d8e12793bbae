using Gateway.Core.Trading;

namespace Gateway.Risk.Tests;

/// <summary>Every pre-trade check accepts an order exactly at its limit and refuses one just past it.</summary>
public class PreTradeCheckTests
{
    [Fact]
    public void MaxOrderQty_accepts_the_limit_and_refuses_one_share_more()
    {
        var h = new RiskHarness(s => s.MaxOrderQty = 100);
        Assert.Equal(RiskReason.Accepted, h.Buy(Px.Of(10m), 100));
        Assert.Equal(RiskReason.MaxOrderQty, h.Buy(Px.Of(10m), 101));
        Assert.Equal(RiskReason.Accepted, h.Sell(Px.Of(10m), 100));
        Assert.Equal(RiskReason.MaxOrderQty, h.Sell(Px.Of(10m), 101));
        Assert.Equal(2, h.Risk.Rejected(RiskReason.MaxOrderQty));
        Assert.Equal(2, h.Risk.Accepted);
    }

    [Fact]
    public void MaxOrderNotional_accepts_the_limit_and_refuses_one_price_unit_or_share_more()
    {
        // $1,000: 100 shares at $10.00 exactly.
        var h = new RiskHarness(s => s.MaxOrderNotional = 1_000m);
        Assert.Equal(RiskReason.Accepted, h.Buy(Px.Of(10m), 100));
        Assert.Equal(RiskReason.MaxOrderNotional, h.Buy(Px.Of(10m), 101));
        Assert.Equal(RiskReason.MaxOrderNotional, h.Buy(Px.Of(10.0001m), 100));
        Assert.Equal(RiskReason.Accepted, h.Sell(Px.Of(10m), 100));
        Assert.Equal(RiskReason.MaxOrderNotional, h.Sell(Px.Of(10.0001m), 100));
    }

    [Fact]
    public void Price_collar_holds_a_buy_against_the_best_ask()
    {
        // 100 bps over $10.00 is $10.10.
        var h = new RiskHarness(s => s.PriceCollarBps = 100) { Bid = Px.Of(9.90m), Ask = Px.Of(10.00m) };
        Assert.Equal(RiskReason.Accepted, h.Buy(Px.Of(10.10m), 1));
        Assert.Equal(RiskReason.PriceCollar, h.Buy(Px.Of(10.1001m), 1));
        // Only the aggressive side is collared: a buy far below the touch is passive.
        Assert.Equal(RiskReason.Accepted, h.Buy(Px.Of(1m), 1));
    }

    [Fact]
    public void Price_collar_holds_a_sell_against_the_best_bid()
    {
        // 100 bps under $9.90 is $9.801.
        var h = new RiskHarness(s => s.PriceCollarBps = 100) { Bid = Px.Of(9.90m), Ask = Px.Of(10.00m) };
        Assert.Equal(RiskReason.Accepted, h.Sell(Px.Of(9.801m), 1));
        Assert.Equal(RiskReason.PriceCollar, h.Sell(Px.Of(9.8009m), 1));
        Assert.Equal(RiskReason.Accepted, h.Sell(Px.Of(100m), 1));
    }

    [Fact]
    public void Price_collar_falls_back_to_the_same_side_when_the_opposite_side_is_empty()
    {
        var h = new RiskHarness(s => s.PriceCollarBps = 100) { Bid = Px.Of(9.90m), Ask = 0 };
        // No ask: a buy is held against the bid, $9.90 + 1 % = $9.999.
        Assert.Equal(RiskReason.Accepted, h.Buy(Px.Of(9.999m), 1));
        Assert.Equal(RiskReason.PriceCollar, h.Buy(Px.Of(9.9991m), 1));

        h.Bid = 0;
        h.Ask = Px.Of(10.00m);
        // No bid: a sell is held against the ask, $10.00 - 1 % = $9.90.
        Assert.Equal(RiskReason.Accepted, h.Sell(Px.Of(9.90m), 1));
        Assert.Equal(RiskReason.PriceCollar, h.Sell(Px.Of(9.8999m), 1));
    }

    [Fact]
    public void Price_collar_refuses_every_order_when_there_is_no_touch()
    {
        var h = new RiskHarness(s => s.PriceCollarBps = 10_000) { Bid = 0, Ask = 0 };
        Assert.Equal(RiskReason.PriceCollar, h.Buy(Px.Of(10m), 1));
        Assert.Equal(RiskReason.PriceCollar, h.Sell(Px.Of(10m), 1));
        Assert.Equal(0, h.Risk.Accepted);
    }

    [Fact]
    public void MaxPosition_counts_a_long_position_and_the_open_orders_that_grow_it()
    {
        var h = new RiskHarness(s => s.MaxPosition = 500);
        h.Position(Side.Buy, 300, Px.Of(10m));
        Assert.Equal(RiskReason.Accepted, h.Buy(Px.Of(10m), 100));
        // 300 held + 100 open + 100 = 500.
        Assert.Equal(RiskReason.Accepted, h.Buy(Px.Of(10m), 100));
        Assert.Equal(RiskReason.MaxPosition, h.Buy(Px.Of(10m), 1));

        // Selling first unwinds the long: 800 sold from +300 is a short of 500.
        Assert.Equal(RiskReason.Accepted, h.Sell(Px.Of(10m), 800));
        Assert.Equal(RiskReason.MaxPosition, h.Sell(Px.Of(10m), 1));
        // Open sells do not make room for buys: buys are counted as if every buy filled.
        Assert.Equal(RiskReason.MaxPosition, h.Buy(Px.Of(10m), 1));

        // A released buy does.
        h.Risk.Release(0, Side.Buy, Px.Of(10m), 100);
        Assert.Equal(RiskReason.Accepted, h.Buy(Px.Of(10m), 100));
        Assert.Equal(RiskReason.MaxPosition, h.Buy(Px.Of(10m), 1));
    }

    [Fact]
    public void MaxPosition_counts_a_short_position_and_the_open_orders_that_grow_it()
    {
        var h = new RiskHarness(s => s.MaxPosition = 500);
        h.Position(Side.Sell, 300, Px.Of(10m));
        Assert.Equal(-300, h.Risk.Instrument(0).Position);
        Assert.Equal(RiskReason.Accepted, h.Sell(Px.Of(10m), 200));
        Assert.Equal(RiskReason.MaxPosition, h.Sell(Px.Of(10m), 1));

        // Buying covers the short first: 800 bought from -300 is a long of 500.
        Assert.Equal(RiskReason.Accepted, h.Buy(Px.Of(10m), 800));
        Assert.Equal(RiskReason.MaxPosition, h.Buy(Px.Of(10m), 1));
    }

    [Fact]
    public void MaxPosition_is_per_instrument()
    {
        var h = new RiskHarness(s => s.MaxPosition = 500);
        Assert.Equal(RiskReason.Accepted, h.Buy(Px.Of(10m), 500, instrument: 1));
        Assert.Equal(RiskReason.Accepted, h.Buy(Px.Of(10m), 500, instrument: 2));
        Assert.Equal(RiskReason.MaxPosition, h.Buy(Px.Of(10m), 1, instrument: 1));
    }

    [Fact]
    public void MaxGrossExposure_counts_open_orders_on_both_sides_over_all_instruments()
    {
        // $10,000: 500 shares bought and 500 sold at $10.00, on two instruments.
        var h = new RiskHarness(s => s.MaxGrossExposure = 10_000m);
        Assert.Equal(RiskReason.Accepted, h.Buy(Px.Of(10m), 500, instrument: 1));
        Assert.Equal(RiskReason.Accepted, h.Sell(Px.Of(10m), 500, instrument: 2));
        Assert.Equal(Px.Of(10_000m), h.Risk.OpenNotional);
        Assert.Equal(RiskReason.MaxGrossExposure, h.Buy(Px.Of(10m), 1, instrument: 3));
        Assert.Equal(RiskReason.MaxGrossExposure, h.Buy(1, 1, instrument: 3));
    }

    [Fact]
    public void MaxGrossExposure_counts_positions_at_their_marked_value()
    {
        var h = new RiskHarness(s => s.MaxGrossExposure = 10_000m);
        h.Position(Side.Buy, 200, Px.Of(10m));
        h.Risk.OnMark(0, Px.Of(12m), Px.Of(12.01m));
        Assert.Equal(Px.Of(2_400m), h.Risk.GrossPositionValue); // a long is worth the bid

        // $10,000 - $2,400 = 760 shares at $10.00.
        Assert.Equal(RiskReason.Accepted, h.Buy(Px.Of(10m), 760, instrument: 1));
        Assert.Equal(RiskReason.MaxGrossExposure, h.Buy(Px.Of(10m), 1, instrument: 1));

        // A short counts by its absolute value, marked at the ask.
        h.Risk.Release(1, Side.Buy, Px.Of(10m), 760);
        h.Position(Side.Sell, 100, Px.Of(10m), instrument: 2);
        h.Risk.OnMark(2, Px.Of(10.99m), Px.Of(11m));
        Assert.Equal(Px.Of(2_400m + 1_100m), h.Risk.GrossPositionValue);
        Assert.Equal(RiskReason.Accepted, h.Buy(Px.Of(10m), 650, instrument: 1));
        Assert.Equal(RiskReason.MaxGrossExposure, h.Buy(Px.Of(10m), 1, instrument: 1));
    }

    [Fact]
    public void CreditLimit_counts_open_orders_and_the_cost_of_positions()
    {
        var h = new RiskHarness(s => s.CreditLimit = 10_000m);
        h.Position(Side.Buy, 200, Px.Of(10m));
        // The mark moves the value, not the cost: credit still sees $2,000.
        h.Risk.OnMark(0, Px.Of(15m), Px.Of(15.01m));
        Assert.Equal(Px.Of(2_000m), h.Risk.PositionCost);
        Assert.Equal(RiskReason.Accepted, h.Buy(Px.Of(10m), 500, instrument: 1));
        Assert.Equal(RiskReason.Accepted, h.Sell(Px.Of(10m), 300, instrument: 2));
        Assert.Equal(RiskReason.CreditLimit, h.Sell(Px.Of(10m), 1, instrument: 2));

        // A short's cost (its proceeds) counts by its absolute value.
        h.Risk.Release(1, Side.Buy, Px.Of(10m), 500);
        h.Position(Side.Sell, 100, Px.Of(10m), instrument: 3);
        Assert.Equal(Px.Of(3_000m), h.Risk.PositionCost);
        Assert.Equal(RiskReason.Accepted, h.Buy(Px.Of(10m), 400, instrument: 1));
        Assert.Equal(RiskReason.CreditLimit, h.Buy(Px.Of(10m), 1, instrument: 1));
    }

    [Fact]
    public void Order_rate_allows_N_orders_in_a_second_of_the_engine_clock()
    {
        var h = new RiskHarness(s => s.MaxOrdersPerSecond = 5);
        long t0 = h.NowNs;
        for (int i = 0; i < 5; i++)
        {
            h.NowNs = t0 + (i * 1_000_000L);
            Assert.Equal(RiskReason.Accepted, h.Buy(Px.Of(10m), 1));
        }

        h.NowNs = t0 + 999_999_999;
        Assert.Equal(RiskReason.OrderRate, h.Buy(Px.Of(10m), 1));

        // A second after the first order, the first has left the window; the second is 1 ms younger.
        h.NowNs = t0 + 1_000_000_000;
        Assert.Equal(RiskReason.Accepted, h.Buy(Px.Of(10m), 1));
        Assert.Equal(RiskReason.OrderRate, h.Buy(Px.Of(10m), 1));
        h.NowNs = t0 + 1_001_000_000;
        Assert.Equal(RiskReason.Accepted, h.Buy(Px.Of(10m), 1));
        Assert.Equal(2, h.Risk.Rejected(RiskReason.OrderRate));
    }

    [Fact]
    public void Orders_refused_for_the_rate_do_not_count_toward_it()
    {
        var h = new RiskHarness(s => s.MaxOrdersPerSecond = 2);
        long t0 = h.NowNs;
        Assert.Equal(RiskReason.Accepted, h.Buy(Px.Of(10m), 1));
        Assert.Equal(RiskReason.Accepted, h.Buy(Px.Of(10m), 1));
        for (int i = 1; i <= 100; i++)
        {
            h.NowNs = t0 + (i * 9_000_000L);
            Assert.Equal(RiskReason.OrderRate, h.Buy(Px.Of(10m), 1));
        }

        h.NowNs = t0 + 1_000_000_000;
        Assert.Equal(RiskReason.Accepted, h.Buy(Px.Of(10m), 1));
        Assert.Equal(RiskReason.Accepted, h.Buy(Px.Of(10m), 1));
        Assert.Equal(RiskReason.OrderRate, h.Buy(Px.Of(10m), 1));
    }

    [Fact]
    public void A_ClOrdID_is_used_once_and_only_when_the_order_is_accepted()
    {
        var h = new RiskHarness(s => s.MaxOrderQty = 100);
        PreTradeRisk r = h.Risk;
        Assert.Equal(RiskReason.Accepted, r.Evaluate(0, Side.Buy, Px.Of(10m), 1, h.Bid, h.Ask, h.NowNs, 42));
        Assert.Equal(RiskReason.DuplicateClOrdId, r.Evaluate(0, Side.Buy, Px.Of(10m), 1, h.Bid, h.Ask, h.NowNs, 42));
        Assert.Equal(RiskReason.DuplicateClOrdId, r.Evaluate(1, Side.Sell, Px.Of(10m), 1, h.Bid, h.Ask, h.NowNs, 42));

        // Refused for something else: the id is still free.
        Assert.Equal(RiskReason.MaxOrderQty, r.Evaluate(0, Side.Buy, Px.Of(10m), 101, h.Bid, h.Ask, h.NowNs, 7));
        Assert.Equal(RiskReason.Accepted, r.Evaluate(0, Side.Buy, Px.Of(10m), 1, h.Bid, h.Ask, h.NowNs, 7));

        // Zero is never an id.
        Assert.Equal(RiskReason.DuplicateClOrdId, r.Evaluate(0, Side.Buy, Px.Of(10m), 1, h.Bid, h.Ask, h.NowNs, 0));
        Assert.Equal(3, r.Rejected(RiskReason.DuplicateClOrdId));
    }

    [Fact]
    public void Duplicate_check_holds_for_every_id_of_the_table_and_refuses_ids_past_it()
    {
        // The engine's ClOrdID numbers are its order table's slots + 1: 1 to maxOrders.
        var h = new RiskHarness(maxOrders: 1000);
        PreTradeRisk r = h.Risk;
        for (ulong id = 1000; id >= 1; id--)
        {
            Assert.Equal(RiskReason.Accepted, r.Evaluate(0, Side.Buy, 1, 1, h.Bid, h.Ask, h.NowNs, id));
            h.Risk.Release(0, Side.Buy, 1, 1);
        }

        foreach (ulong used in new ulong[] { 1, 63, 64, 65, 500, 999, 1000 })
        {
            Assert.Equal(RiskReason.DuplicateClOrdId, r.Evaluate(0, Side.Buy, 1, 1, h.Bid, h.Ask, h.NowNs, used));
        }

        // Past the table: refused rather than unchecked.
        Assert.Equal(RiskReason.DuplicateClOrdId, r.Evaluate(0, Side.Buy, 1, 1, h.Bid, h.Ask, h.NowNs, 1001));
        Assert.Equal(RiskReason.DuplicateClOrdId, r.Evaluate(0, Side.Buy, 1, 1, h.Bid, h.Ask, h.NowNs, 3UL << 40));
    }

    [Fact]
    public void Restricted_instruments_from_the_global_list_and_from_their_own_section()
    {
        var h = new RiskHarness(s =>
        {
            s.Restricted = ["XYZ"];
            s.Instruments["ABC"] = new InstrumentRiskSettings { Restricted = true };
            s.Instruments["DEF"] = new InstrumentRiskSettings { Restricted = false };
        });
        h.Risk.DefineInstrument(1, "xyz"); // symbols match whatever their case
        h.Risk.DefineInstrument(2, "ABC");
        h.Risk.DefineInstrument(3, "DEF");
        Assert.Equal(RiskReason.Restricted, h.Buy(Px.Of(10m), 1, instrument: 1));
        Assert.Equal(RiskReason.Restricted, h.Sell(Px.Of(10m), 1, instrument: 2));
        Assert.Equal(RiskReason.Accepted, h.Buy(Px.Of(10m), 1, instrument: 3));
        // An instrument whose symbol is not known yet takes the global limits, unrestricted.
        Assert.Equal(RiskReason.Accepted, h.Buy(Px.Of(10m), 1, instrument: 4));
        Assert.True(h.Risk.Limits(1).Restricted);
        Assert.False(h.Risk.Limits(4).Restricted);
        Assert.Equal(2, h.Risk.Rejected(RiskReason.Restricted));
    }

    /// <summary>
    /// Globals 100 shares, $10,000, 100 bps, 1,000 shares; TIGHT and LOOSE override each the other
    /// way. The touch is $0.01 / $1,000 unless the collar is tested, so that only one limit binds.
    /// </summary>
    private static RiskHarness Overridden()
    {
        var h = new RiskHarness(s =>
        {
            s.MaxOrderQty = 100;
            s.MaxOrderNotional = 10_000m;
            s.PriceCollarBps = 100;
            s.MaxPosition = 1_000;
            s.Instruments["TIGHT"] = new InstrumentRiskSettings { MaxOrderQty = 10, MaxOrderNotional = 50m, PriceCollarBps = 10, MaxPosition = 20 };
            s.Instruments["LOOSE"] = new InstrumentRiskSettings { MaxOrderQty = 5_000, MaxOrderNotional = 40_000m, PriceCollarBps = 1_000, MaxPosition = 6_000 };
        })
        { Bid = Px.Of(0.01m), Ask = Px.Of(1_000m) };
        h.Risk.DefineInstrument(1, "TIGHT");
        h.Risk.DefineInstrument(2, "loose");
        h.Risk.DefineInstrument(3, "OTHER");
        return h;
    }

    [Fact]
    public void Per_instrument_MaxOrderQty_beats_the_global_one_both_ways()
    {
        RiskHarness h = Overridden();
        Assert.Equal(RiskReason.Accepted, h.Buy(Px.Of(1m), 10, instrument: 1));
        Assert.Equal(RiskReason.MaxOrderQty, h.Buy(Px.Of(1m), 11, instrument: 1));
        Assert.Equal(RiskReason.Accepted, h.Buy(Px.Of(1m), 5_000, instrument: 2));
        Assert.Equal(RiskReason.MaxOrderQty, h.Buy(Px.Of(1m), 5_001, instrument: 2));
        Assert.Equal(RiskReason.Accepted, h.Buy(Px.Of(1m), 100, instrument: 3));
        Assert.Equal(RiskReason.MaxOrderQty, h.Buy(Px.Of(1m), 101, instrument: 3));
        Assert.Equal(10, h.Risk.Limits(1).MaxOrderQty);
        Assert.Equal(100, h.Risk.Limits(3).MaxOrderQty);
    }

    [Fact]
    public void Per_instrument_MaxOrderNotional_beats_the_global_one_both_ways()
    {
        RiskHarness h = Overridden();
        Assert.Equal(RiskReason.Accepted, h.Buy(Px.Of(5m), 10, instrument: 1));
        Assert.Equal(RiskReason.MaxOrderNotional, h.Buy(Px.Of(5.0001m), 10, instrument: 1));
        Assert.Equal(RiskReason.Accepted, h.Buy(Px.Of(8m), 5_000, instrument: 2));
        Assert.Equal(RiskReason.MaxOrderNotional, h.Buy(Px.Of(8.0001m), 5_000, instrument: 2));
        Assert.Equal(RiskReason.Accepted, h.Buy(Px.Of(100m), 100, instrument: 3));
        Assert.Equal(RiskReason.MaxOrderNotional, h.Buy(Px.Of(100.0001m), 100, instrument: 3));
    }

    [Fact]
    public void Per_instrument_PriceCollarBps_beats_the_global_one_both_ways()
    {
        RiskHarness h = Overridden();
        h.Bid = Px.Of(9.99m);
        h.Ask = Px.Of(10m);
        // Against the $10.00 ask: 10 bps is $10.01, 1,000 bps $11.00, 100 bps $10.10.
        Assert.Equal(RiskReason.Accepted, h.Buy(Px.Of(10.01m), 1, instrument: 1));
        Assert.Equal(RiskReason.PriceCollar, h.Buy(Px.Of(10.0101m), 1, instrument: 1));
        Assert.Equal(RiskReason.Accepted, h.Buy(Px.Of(11m), 1, instrument: 2));
        Assert.Equal(RiskReason.PriceCollar, h.Buy(Px.Of(11.0001m), 1, instrument: 2));
        Assert.Equal(RiskReason.Accepted, h.Buy(Px.Of(10.10m), 1, instrument: 3));
        Assert.Equal(RiskReason.PriceCollar, h.Buy(Px.Of(10.1001m), 1, instrument: 3));
        // Against the $9.99 bid: 10 bps under is $9.98001.
        Assert.Equal(RiskReason.Accepted, h.Sell(Px.Of(9.9801m), 1, instrument: 1));
        Assert.Equal(RiskReason.PriceCollar, h.Sell(Px.Of(9.98m), 1, instrument: 1));
    }

    [Fact]
    public void Per_instrument_MaxPosition_beats_the_global_one_both_ways()
    {
        RiskHarness h = Overridden();
        Assert.Equal(RiskReason.Accepted, h.Buy(Px.Of(1m), 10, instrument: 1));
        Assert.Equal(RiskReason.Accepted, h.Buy(Px.Of(1m), 10, instrument: 1));
        Assert.Equal(RiskReason.MaxPosition, h.Buy(Px.Of(1m), 1, instrument: 1));
        Assert.Equal(RiskReason.Accepted, h.Buy(Px.Of(1m), 5_000, instrument: 2));
        Assert.Equal(RiskReason.Accepted, h.Buy(Px.Of(1m), 1_000, instrument: 2));
        Assert.Equal(RiskReason.MaxPosition, h.Buy(Px.Of(1m), 1, instrument: 2));
        for (int i = 0; i < 10; i++)
        {
            Assert.Equal(RiskReason.Accepted, h.Buy(Px.Of(1m), 100, instrument: 3));
        }

        Assert.Equal(RiskReason.MaxPosition, h.Buy(Px.Of(1m), 1, instrument: 3));
    }

    [Fact]
    public void Invalid_orders_are_refused_before_any_limit()
    {
        var h = new RiskHarness(maxInstruments: 4);
        PreTradeRisk r = h.Risk;
        Assert.Equal(RiskReason.InvalidOrder, r.Evaluate(4, Side.Buy, Px.Of(10m), 1, h.Bid, h.Ask, h.NowNs, 1));
        Assert.Equal(RiskReason.InvalidOrder, r.Evaluate(-1, Side.Buy, Px.Of(10m), 1, h.Bid, h.Ask, h.NowNs, 2));
        Assert.Equal(RiskReason.InvalidOrder, r.Evaluate(0, Side.Buy, Px.Of(10m), 0, h.Bid, h.Ask, h.NowNs, 3));
        Assert.Equal(RiskReason.InvalidOrder, r.Evaluate(0, Side.Buy, Px.Of(10m), -5, h.Bid, h.Ask, h.NowNs, 4));
        Assert.Equal(RiskReason.InvalidOrder, r.Evaluate(0, Side.Buy, 0, 1, h.Bid, h.Ask, h.NowNs, 5));
        Assert.Equal(RiskReason.InvalidOrder, r.Evaluate(0, Side.Buy, -1, 1, h.Bid, h.Ask, h.NowNs, 6));
        Assert.Equal(RiskReason.InvalidOrder, r.Evaluate(0, (Side)0, Px.Of(10m), 1, h.Bid, h.Ask, h.NowNs, 7));
        Assert.Equal(RiskReason.InvalidOrder, r.Evaluate(0, (Side)3, Px.Of(10m), 1, h.Bid, h.Ask, h.NowNs, 8));
        // Past what price times quantity can hold.
        Assert.Equal(RiskReason.InvalidOrder, r.Evaluate(0, Side.Buy, Px.Of(10m), (long)int.MaxValue + 1, h.Bid, h.Ask, h.NowNs, 9));
        Assert.Equal(RiskReason.InvalidOrder, r.Evaluate(0, Side.Sell, (long)uint.MaxValue + 1, 1, h.Bid, h.Ask, h.NowNs, 10));
        Assert.Equal(10, r.Rejected(RiskReason.InvalidOrder));
        Assert.Equal(0, r.OpenNotional);
    }

    /// <summary>An order that breaks every rule gets the first reason of the documented order; mending one rule at a time walks down the list.</summary>
    [Fact]
    public void Checks_apply_in_the_documented_order()
    {
        var h = new RiskHarness(s =>
        {
            s.MaxOrderQty = 100;
            s.MaxOrderNotional = 1_000m;
            s.PriceCollarBps = 100;
            s.MaxPosition = 150;
            s.MaxGrossExposure = 1_500m;
            s.CreditLimit = 1_200m;
            s.MaxOrdersPerSecond = 1;
            s.Restricted = ["BAD"];
        })
        { Bid = Px.Of(9.95m), Ask = Px.Of(10m) };
        h.Risk.DefineInstrument(1, "BAD");
        PreTradeRisk r = h.Risk;

        // The booked order: 100 bought at $10, ClOrdID 1, at t = 0.
        long t0 = h.NowNs;
        Assert.Equal(RiskReason.Accepted, r.Evaluate(0, Side.Buy, Px.Of(10m), 100, h.Bid, h.Ask, t0, 1));
        long t = t0 + 500_000_000;

        RiskReason Check(int instrument, Side side, decimal price, long qty, long now, ulong id) =>
            r.Evaluate(instrument, side, Px.Of(price), qty, h.Bid, h.Ask, now, id);

        r.Engage(KillSwitchCause.Command);
        Assert.Equal(RiskReason.KillSwitch, Check(1, Side.Buy, 20m, 0, t, 1));
        r.ResetKillSwitch();
        r.OnFeedLoss(1, 1);
        Assert.Equal(RiskReason.StaleFeed, Check(1, Side.Buy, 20m, 0, t, 1));
        r.ClearStaleFeed();
        Assert.Equal(RiskReason.Restricted, Check(1, Side.Buy, 20m, 0, t, 1));
        Assert.Equal(RiskReason.InvalidOrder, Check(0, Side.Buy, 20m, 0, t, 1));
        Assert.Equal(RiskReason.MaxOrderQty, Check(0, Side.Buy, 20m, 200, t, 1));
        Assert.Equal(RiskReason.MaxOrderNotional, Check(0, Side.Buy, 20m, 100, t, 1));
        Assert.Equal(RiskReason.PriceCollar, Check(0, Side.Buy, 11m, 90, t, 1));
        Assert.Equal(RiskReason.MaxPosition, Check(0, Side.Buy, 10m, 90, t, 1));
        Assert.Equal(RiskReason.MaxGrossExposure, Check(0, Side.Sell, 10m, 90, t, 1));
        Assert.Equal(RiskReason.CreditLimit, Check(0, Side.Sell, 10m, 40, t, 1));
        Assert.Equal(RiskReason.OrderRate, Check(0, Side.Sell, 10m, 10, t, 1));
        Assert.Equal(RiskReason.DuplicateClOrdId, Check(0, Side.Sell, 10m, 10, t0 + 1_000_000_000, 1));
        Assert.Equal(RiskReason.Accepted, Check(0, Side.Sell, 10m, 10, t0 + 1_000_000_000, 2));

        // Nothing refused was booked: the one order and the last are open.
        Assert.Equal(100, r.Instrument(0).OpenBuyQty);
        Assert.Equal(10, r.Instrument(0).OpenSellQty);
        Assert.Equal(Px.Of(1_100m), r.OpenNotional);
        foreach (RiskReason reason in Enum.GetValues<RiskReason>())
        {
            Assert.Equal(reason == RiskReason.Accepted ? 2 : 1, r.Rejected(reason));
        }
    }

    [Fact]
    public void Probe_runs_the_checks_without_booking_or_counting()
    {
        var h = new RiskHarness(s => s.MaxOrderQty = 100);
        PreTradeRisk r = h.Risk;
        Assert.Equal(RiskReason.Accepted, r.Probe(0, Side.Buy, Px.Of(10m), 100, h.Bid, h.Ask, h.NowNs, 9));
        Assert.Equal(RiskReason.MaxOrderQty, r.Probe(0, Side.Buy, Px.Of(10m), 101, h.Bid, h.Ask, h.NowNs, 9));
        Assert.Equal(0, r.Accepted);
        Assert.Equal(0, r.Rejected(RiskReason.MaxOrderQty));
        Assert.Equal(0, r.OpenNotional);
        Assert.Equal(RiskReason.Accepted, r.Evaluate(0, Side.Buy, Px.Of(10m), 100, h.Bid, h.Ask, h.NowNs, 9));
    }

    [Fact]
    public void Reason_names_are_those_of_the_reports()
    {
        Assert.Equal(RiskReasons.Count, Enum.GetValues<RiskReason>().Length);
        Assert.Equal("sent", RiskReasons.Name(RiskReason.Accepted));
        Assert.Equal("price_collar", RiskReasons.Name(RiskReason.PriceCollar));
        Assert.Equal("duplicate_clordid", RiskReasons.Name(RiskReason.DuplicateClOrdId));
        Assert.Equal("unknown", RiskReasons.Name((RiskReason)200));
        Assert.Equal(RiskReasons.Count, Enum.GetValues<RiskReason>().Select(RiskReasons.Name).Distinct().Count());
    }
}
