namespace Gateway.Risk.Tests;

/// <summary>After the feed loses messages for good, the books may be wrong: refused (or counted) until an operator clears the flag.</summary>
public class StaleFeedTests
{
    [Fact]
    public void By_default_a_feed_loss_refuses_every_new_order_until_the_flag_is_cleared()
    {
        var h = new RiskHarness();
        PreTradeRisk r = h.Risk;
        Assert.Equal(StaleFeedPolicy.Refuse, r.StaleFeedPolicy);
        Assert.Equal(RiskReason.Accepted, h.Buy(Px.Of(10m), 1));
        Assert.False(r.IsFeedStale);
        Assert.Equal(0UL, r.StaleSinceSequence);

        r.OnFeedLoss(firstSequence: 1_001, count: 5);
        r.OnFeedLoss(firstSequence: 2_001, count: 3);

        Assert.True(r.IsFeedStale);
        Assert.Equal(1_001UL, r.StaleSinceSequence); // the first loss since the flag was clear
        Assert.Equal(2, r.FeedLossEvents);
        Assert.Equal(8, r.FeedLostMessages);
        Assert.Equal(RiskReason.StaleFeed, h.Buy(Px.Of(10m), 1));
        Assert.Equal(RiskReason.StaleFeed, h.Sell(Px.Of(10m), 1, instrument: 3));
        Assert.Equal(2, r.Rejected(RiskReason.StaleFeed));
        Assert.Equal(Px.Of(10m), r.OpenNotional); // only the order before the loss is booked
        Assert.Equal("stale_feed", RiskReasons.Name(RiskReason.StaleFeed));

        Assert.True(r.ClearStaleFeed());
        Assert.False(r.IsFeedStale);
        Assert.Equal(0UL, r.StaleSinceSequence);
        Assert.Equal(RiskReason.Accepted, h.Buy(Px.Of(10m), 1));
        Assert.False(r.ClearStaleFeed());

        // A loss after the clearing raises the flag again, from its own sequence.
        r.OnFeedLoss(firstSequence: 9_000, count: 1);
        Assert.Equal(9_000UL, r.StaleSinceSequence);
        Assert.Equal(RiskReason.StaleFeed, h.Buy(Px.Of(10m), 1));
        Assert.Equal(3, r.FeedLossEvents);
        Assert.Equal(0, r.AcceptedOnStaleFeed);
    }

    [Fact]
    public void The_kill_switch_is_the_reason_given_when_both_apply()
    {
        var h = new RiskHarness();
        h.Risk.OnFeedLoss(7, 1);
        h.Risk.Engage(KillSwitchCause.Command);
        Assert.Equal(RiskReason.KillSwitch, h.Buy(Px.Of(10m), 1));
    }

    [Fact]
    public void With_flag_orders_go_on_and_each_one_accepted_on_a_stale_feed_is_counted()
    {
        var h = new RiskHarness(s => s.OnStaleFeed = "flag");
        PreTradeRisk r = h.Risk;
        Assert.Equal(StaleFeedPolicy.Flag, r.StaleFeedPolicy);
        Assert.Equal(RiskReason.Accepted, h.Buy(Px.Of(10m), 1));
        r.OnFeedLoss(50, 2);
        Assert.True(r.IsFeedStale);
        Assert.Equal(RiskReason.Accepted, h.Buy(Px.Of(10m), 1));
        Assert.Equal(RiskReason.Accepted, h.Sell(Px.Of(10m), 1));
        Assert.Equal(RiskReason.InvalidOrder, h.Buy(Px.Of(10m), 0)); // refused for its own reason: not counted
        Assert.Equal(2, r.AcceptedOnStaleFeed);
        Assert.Equal(0, r.Rejected(RiskReason.StaleFeed));

        r.ClearStaleFeed();
        Assert.Equal(RiskReason.Accepted, h.Buy(Px.Of(10m), 1));
        Assert.Equal(2, r.AcceptedOnStaleFeed);
    }

    [Theory]
    [InlineData("refuse", true)]
    [InlineData("flag", true)]
    [InlineData("ignore", false)]
    [InlineData("", false)]
    public void Only_refuse_and_flag_are_valid(string value, bool valid)
    {
        var settings = new RiskSettings { OnStaleFeed = value };
        List<string> errors = settings.Validate();
        Assert.Equal(valid, errors.Count == 0);
        if (!valid)
        {
            Assert.Contains("Risk:OnStaleFeed must be refuse or flag", errors[0], StringComparison.Ordinal);
        }
    }
}
