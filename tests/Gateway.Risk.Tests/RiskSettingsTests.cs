namespace Gateway.Risk.Tests;

public class RiskSettingsTests
{
    [Fact]
    public void Defaults_are_the_documented_small_ones_and_valid()
    {
        var s = new RiskSettings();
        Assert.Equal(1_000, s.MaxOrderQty);
        Assert.Equal(100_000m, s.MaxOrderNotional);
        Assert.Equal(500, s.PriceCollarBps);
        Assert.Equal(5_000, s.MaxPosition);
        Assert.Equal(1_000_000m, s.MaxGrossExposure);
        Assert.Equal(1_000_000m, s.CreditLimit);
        Assert.Equal(100, s.MaxOrdersPerSecond);
        Assert.Equal(10_000m, s.MaxLoss);
        Assert.Empty(s.Restricted);
        Assert.Empty(s.Instruments);
        Assert.Empty(s.Validate());
    }

    [Fact]
    public void Every_bound_itself_is_valid()
    {
        RiskSettings low = new()
        {
            MaxOrderQty = 1, MaxOrderNotional = 0.0001m, PriceCollarBps = 1, MaxPosition = 1, MaxGrossExposure = 0.0001m, CreditLimit = 0.0001m,
            MaxOrdersPerSecond = 1, MaxLoss = 0.0001m, Restricted = ["A", "BRK.A", "X-Y/Z", "ABCDEFGH"],
            Instruments = { ["A"] = new InstrumentRiskSettings { MaxOrderQty = 1, MaxOrderNotional = 0.0001m, PriceCollarBps = 1, MaxPosition = 1 } },
        };
        Assert.Empty(low.Validate());
        Assert.Empty(RiskHarness.Loose().Validate());
        RiskSettings high = RiskHarness.Loose();
        high.MaxOrdersPerSecond = 1_000_000;
        high.Instruments["B"] = new InstrumentRiskSettings { MaxOrderQty = int.MaxValue, MaxOrderNotional = 90_000_000_000m, PriceCollarBps = 10_000, MaxPosition = int.MaxValue };
        Assert.Empty(high.Validate());
    }

    public static TheoryData<string, Action<RiskSettings>> BadValues => new()
    {
        { "Risk:MaxOrderQty", s => s.MaxOrderQty = 0 },
        { "Risk:MaxOrderQty", s => s.MaxOrderQty = -1 },
        { "Risk:MaxOrderQty", s => s.MaxOrderQty = (long)int.MaxValue + 1 },
        { "Risk:MaxOrderNotional", s => s.MaxOrderNotional = 0m },
        { "Risk:MaxOrderNotional", s => s.MaxOrderNotional = 90_000_000_000.0001m },
        { "Risk:PriceCollarBps", s => s.PriceCollarBps = 0 },
        { "Risk:PriceCollarBps", s => s.PriceCollarBps = 10_001 },
        { "Risk:MaxPosition", s => s.MaxPosition = 0 },
        { "Risk:MaxPosition", s => s.MaxPosition = (long)int.MaxValue + 1 },
        { "Risk:MaxGrossExposure", s => s.MaxGrossExposure = -1m },
        { "Risk:CreditLimit", s => s.CreditLimit = 0m },
        { "Risk:MaxOrdersPerSecond", s => s.MaxOrdersPerSecond = 0 },
        { "Risk:MaxOrdersPerSecond", s => s.MaxOrdersPerSecond = 1_000_001 },
        { "Risk:MaxLoss", s => s.MaxLoss = 0m },
        { "Risk:Restricted:1", s => s.Restricted = ["AAPL", "NOT A SYMBOL"] },
        { "Risk:Restricted:0", s => s.Restricted = [""] },
        { "Risk:Restricted:0", s => s.Restricted = ["NINECHARS"] },
        { "Risk:Instruments:TOOLONGSYM", s => s.Instruments["TOOLONGSYM"] = new InstrumentRiskSettings() },
        { "Risk:Instruments:A B", s => s.Instruments["A B"] = new InstrumentRiskSettings() },
        { "Risk:Instruments:AAPL:MaxOrderQty", s => s.Instruments["AAPL"] = new InstrumentRiskSettings { MaxOrderQty = 0 } },
        { "Risk:Instruments:AAPL:MaxOrderNotional", s => s.Instruments["AAPL"] = new InstrumentRiskSettings { MaxOrderNotional = -5m } },
        { "Risk:Instruments:AAPL:PriceCollarBps", s => s.Instruments["AAPL"] = new InstrumentRiskSettings { PriceCollarBps = 20_000 } },
        { "Risk:Instruments:AAPL:MaxPosition", s => s.Instruments["AAPL"] = new InstrumentRiskSettings { MaxPosition = -1 } },
    };

    [Theory]
    [MemberData(nameof(BadValues))]
    public void A_bad_value_gives_one_line_naming_its_key(string key, Action<RiskSettings> breakIt)
    {
        var s = new RiskSettings();
        breakIt(s);
        List<string> errors = s.Validate();
        string error = Assert.Single(errors);
        Assert.StartsWith(key + " ", error);

        // And the risk engine will not start with it, saying the same.
        ArgumentException e = Assert.Throws<ArgumentException>(() => new PreTradeRisk(s, 4, 16));
        Assert.StartsWith(key + " ", e.Message);
    }

    [Fact]
    public void Numeric_errors_say_the_range_and_the_value_given()
    {
        var s = new RiskSettings { PriceCollarBps = 20_000, MaxOrderQty = -3 };
        List<string> errors = s.Validate();
        Assert.Equal(2, errors.Count);
        Assert.Equal("Risk:MaxOrderQty must be 1 to 2147483647 (got -3)", errors[0]);
        Assert.Equal("Risk:PriceCollarBps must be 1 to 10000 basis points (got 20000)", errors[1]);
    }

    [Fact]
    public void Every_problem_is_reported_not_only_the_first()
    {
        var s = new RiskSettings
        {
            MaxOrderQty = 0, MaxOrderNotional = 0, PriceCollarBps = 0, MaxPosition = 0, MaxGrossExposure = 0, CreditLimit = 0,
            MaxOrdersPerSecond = 0, MaxLoss = 0, Restricted = ["?"],
            Instruments = { ["AAPL"] = new InstrumentRiskSettings { MaxOrderQty = 0, MaxPosition = 0 } },
        };
        List<string> errors = s.Validate();
        string[] keys =
        [
            "Risk:MaxOrderQty", "Risk:MaxOrderNotional", "Risk:PriceCollarBps", "Risk:MaxPosition", "Risk:MaxGrossExposure",
            "Risk:CreditLimit", "Risk:MaxOrdersPerSecond", "Risk:MaxLoss", "Risk:Restricted:0", "Risk:Instruments:AAPL:MaxOrderQty",
            "Risk:Instruments:AAPL:MaxPosition",
        ];
        Assert.Equal(keys.Length, errors.Count);
        for (int i = 0; i < keys.Length; i++)
        {
            Assert.StartsWith(keys[i] + " ", errors[i]);
        }
    }

    [Fact]
    public void Limits_for_a_symbol_take_its_overrides_and_the_globals_for_the_rest()
    {
        var s = new RiskSettings
        {
            MaxOrderNotional = 2_500.5m,
            Restricted = ["ZZZ"],
            Instruments = { ["AAPL"] = new InstrumentRiskSettings { MaxOrderQty = 7, PriceCollarBps = 3 } },
        };
        InstrumentLimits aapl = s.LimitsFor("aapl");
        Assert.Equal(7, aapl.MaxOrderQty);
        Assert.Equal(3, aapl.PriceCollarBps);
        Assert.Equal(25_005_000, aapl.MaxOrderNotional); // in price units
        Assert.Equal(5_000, aapl.MaxPosition);
        Assert.False(aapl.Restricted);
        Assert.True(s.LimitsFor("zzz").Restricted);
        Assert.Equal(1_000, s.LimitsFor("MSFT").MaxOrderQty);
    }

    [Fact]
    public void The_engine_refuses_impossible_sizes()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PreTradeRisk(new RiskSettings(), 0, 16));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PreTradeRisk(new RiskSettings(), 65_537, 16));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PreTradeRisk(new RiskSettings(), 16, 0));
        Assert.Throws<ArgumentNullException>(() => new PreTradeRisk(null!, 16, 16));
    }
}
