using Gateway.Core.Trading;

namespace Gateway.Risk.Tests;

public class KillSwitchTests
{
    [Theory]
    [InlineData(KillSwitchCause.Command)]
    [InlineData(KillSwitchCause.Signal)]
    public void Engaged_by_command_or_signal_it_refuses_every_order_until_reset(KillSwitchCause cause)
    {
        var h = new RiskHarness();
        PreTradeRisk r = h.Risk;
        Assert.False(r.IsKillSwitchEngaged);
        Assert.False(r.TakeKillSwitchEngaged());
        r.Engage(cause);
        Assert.True(r.IsKillSwitchEngaged);
        Assert.Equal(cause, r.KillSwitch);
        Assert.Equal(RiskReason.KillSwitch, h.Buy(Px.Of(10m), 1));
        Assert.Equal(RiskReason.KillSwitch, h.Sell(Px.Of(10m), 1, instrument: 3));
        Assert.Equal(2, r.Rejected(RiskReason.KillSwitch));
        Assert.Equal(0, r.OpenNotional);

        r.ResetKillSwitch();
        Assert.False(r.IsKillSwitchEngaged);
        Assert.Equal(KillSwitchCause.None, r.KillSwitch);
        Assert.Equal(RiskReason.Accepted, h.Buy(Px.Of(10m), 1));
    }

    [Fact]
    public void The_engine_is_told_once_per_engagement()
    {
        var h = new RiskHarness();
        PreTradeRisk r = h.Risk;
        r.Engage(KillSwitchCause.Signal);
        // A second cause while engaged changes nothing: the first one is kept and not told again.
        r.Engage(KillSwitchCause.Command);
        Assert.Equal(KillSwitchCause.Signal, r.KillSwitch);
        Assert.True(r.TakeKillSwitchEngaged());
        Assert.False(r.TakeKillSwitchEngaged());
        r.Engage(KillSwitchCause.Command);
        Assert.False(r.TakeKillSwitchEngaged());

        // After a reset, a new engagement is told again.
        r.ResetKillSwitch();
        r.Engage(KillSwitchCause.Command);
        Assert.True(r.TakeKillSwitchEngaged());
        Assert.Equal(KillSwitchCause.Command, r.KillSwitch);
    }

    [Fact]
    public void A_reset_before_the_engine_looked_drops_the_notice()
    {
        var h = new RiskHarness();
        h.Risk.Engage(KillSwitchCause.Command);
        h.Risk.ResetKillSwitch();
        Assert.False(h.Risk.TakeKillSwitchEngaged());
    }

    [Fact]
    public void Engaging_with_no_cause_does_nothing()
    {
        var h = new RiskHarness();
        h.Risk.Engage(KillSwitchCause.None);
        Assert.False(h.Risk.IsKillSwitchEngaged);
        Assert.False(h.Risk.TakeKillSwitchEngaged());
    }

    [Fact]
    public void Realized_loss_at_MaxLoss_is_allowed_and_a_unit_past_it_engages_the_switch()
    {
        var h = new RiskHarness(s => s.MaxLoss = 100m);
        PreTradeRisk r = h.Risk;
        // $1 a share on 100 shares: exactly $100.
        r.OnFill(0, Side.Buy, 100, Px.Of(10m));
        r.OnFill(0, Side.Sell, 100, Px.Of(9m));
        Assert.Equal(Px.Of(-100m), r.RealizedPnl);
        Assert.False(r.IsKillSwitchEngaged);

        r.OnFill(1, Side.Sell, 1, 10_001);
        r.OnFill(1, Side.Buy, 1, 10_002);
        Assert.Equal(Px.Of(-100m) - 1, r.RealizedPnl);
        Assert.True(r.IsKillSwitchEngaged);
        Assert.Equal(KillSwitchCause.LossLimit, r.KillSwitch);
        Assert.True(r.TakeKillSwitchEngaged());
        Assert.Equal(RiskReason.KillSwitch, h.Buy(Px.Of(10m), 1));
    }

    [Fact]
    public void Unrealized_loss_counts_toward_MaxLoss_as_the_book_moves()
    {
        var h = new RiskHarness(s => s.MaxLoss = 100m);
        PreTradeRisk r = h.Risk;
        r.OnMark(0, Px.Of(10m), Px.Of(10.01m));
        r.OnFill(0, Side.Buy, 100, Px.Of(10m));
        r.OnMark(0, Px.Of(9m), Px.Of(9.01m));
        Assert.Equal(Px.Of(-100m), r.UnrealizedPnl);
        Assert.False(r.IsKillSwitchEngaged);

        r.OnMark(0, Px.Of(9m) - 1, Px.Of(9.01m));
        Assert.True(r.IsKillSwitchEngaged);
        Assert.Equal(KillSwitchCause.LossLimit, r.KillSwitch);
        Assert.True(r.TakeKillSwitchEngaged());
        Assert.False(r.TakeKillSwitchEngaged());
    }

    [Fact]
    public void Realized_and_unrealized_add_up_against_MaxLoss()
    {
        var h = new RiskHarness(s => s.MaxLoss = 100m);
        PreTradeRisk r = h.Risk;
        // $60 realized on instrument 0, then a short on instrument 1 losing $40 and a unit.
        r.OnFill(0, Side.Buy, 60, Px.Of(10m));
        r.OnFill(0, Side.Sell, 60, Px.Of(9m));
        r.OnFill(1, Side.Sell, 40, Px.Of(20m));
        r.OnMark(1, Px.Of(20.99m), Px.Of(21m));
        Assert.Equal(Px.Of(-100m), r.RealizedPnl + r.UnrealizedPnl);
        Assert.False(r.IsKillSwitchEngaged);
        r.OnMark(1, Px.Of(20.99m), Px.Of(21m) + 1);
        Assert.True(r.IsKillSwitchEngaged);
    }

    [Fact]
    public void After_a_reset_the_next_mark_past_the_loss_limit_engages_it_again()
    {
        var h = new RiskHarness(s => s.MaxLoss = 100m);
        PreTradeRisk r = h.Risk;
        r.OnFill(0, Side.Buy, 100, Px.Of(10m));
        r.OnMark(0, Px.Of(8m), Px.Of(8.01m));
        Assert.True(r.TakeKillSwitchEngaged());
        r.ResetKillSwitch();
        Assert.Equal(RiskReason.Accepted, h.Sell(Px.Of(8m), 1));
        r.OnMark(0, Px.Of(7.99m), Px.Of(8m));
        Assert.True(r.IsKillSwitchEngaged);
        Assert.True(r.TakeKillSwitchEngaged());
    }

    [Fact]
    public void Profits_never_engage_it()
    {
        var h = new RiskHarness(s => s.MaxLoss = 1m);
        PreTradeRisk r = h.Risk;
        r.OnFill(0, Side.Buy, 100, Px.Of(10m));
        r.OnMark(0, Px.Of(1_000m), Px.Of(1_000.01m));
        r.OnFill(0, Side.Sell, 100, Px.Of(1_000m));
        Assert.False(r.IsKillSwitchEngaged);
        Assert.Equal(Px.Of(99_000m), r.RealizedPnl);
    }
}
