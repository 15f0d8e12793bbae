using Gateway.Core.Trading;
using Gateway.Tests.Shared;

namespace Gateway.Risk.Tests;

public class RiskAllocationTests
{
    /// <summary>
    /// The critical path's risk calls — Evaluate (accepting and refusing), Release, OnFill, OnMark —
    /// allocate nothing once warm. Failures are counted in the loop and asserted after it, since
    /// xUnit's asserts allocate.
    /// </summary>
    [Fact]
    [Trait(TestCategory.Key, TestCategory.Timing)]
    public void Evaluate_fill_and_mark_allocate_nothing_after_warm_up()
    {
        const int Warm = 2_000;
        const int Measured = 200_000;
        var settings = RiskHarness.Loose();
        settings.MaxPosition = 1_000;
        settings.Instruments["AAPL"] = new InstrumentRiskSettings { MaxOrderQty = 500 };
        var risk = new PreTradeRisk(settings, 16, (Warm * 2) + Measured + 16);
        risk.DefineInstrument(3, "AAPL");
        long now = 1_000_000_000;
        ulong id = 1;
        long price = Px.Of(10m);

        int Run(int rounds)
        {
            int failures = 0;
            for (int i = 0; i < rounds; i++)
            {
                int instrument = i & 3;
                Side side = (i & 4) == 0 ? Side.Buy : Side.Sell;
                long bid = price - 100 + (i % 7);
                long ask = price + 100 + (i % 5);
                now += 1_000_000;
                RiskReason r = risk.Evaluate(instrument, side, price, 100, bid, ask, now, id++);
                failures += r == RiskReason.Accepted ? 0 : 1;
                // One refused order in each round: past the instrument's own MaxOrderQty.
                failures += risk.Evaluate(3, side, price, 501, bid, ask, now, id) == RiskReason.MaxOrderQty ? 0 : 1;
                failures += risk.Probe(instrument, side, price, 100, bid, ask, now, id) == RiskReason.Accepted ? 0 : 1;
                risk.Release(instrument, side, price, 100);
                risk.OnFill(instrument, side, 100, price + (i % 3));
                risk.OnMark(instrument, bid, ask);
            }

            return failures;
        }

        int warmFailures = Run(Warm);
        JitSettle.Wait();
        warmFailures += Run(Warm);
        long before = GC.GetAllocatedBytesForCurrentThread();
        int failures = Run(Measured);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, warmFailures + failures);
        Assert.Equal(0, allocated);
        Assert.Equal((2 * Warm) + Measured, risk.Accepted);
        Assert.False(risk.IsKillSwitchEngaged);
    }
}
