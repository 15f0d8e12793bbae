using CsCheck;
using Gateway.Core.Trading;

namespace Gateway.Risk.Tests;

/// <summary>
/// Random fills and marks against a model that knows nothing of average cost: a position is the
/// signed sum of its fills, and its P&amp;L is the cash the fills moved plus the position at its mark.
/// Average-cost accounting splits that P&amp;L into realized and unrealized; the sum must be exact.
/// </summary>
public class PositionPropertyTests
{
    private const int Instruments = 3;

    private readonly record struct Step(bool IsMark, int Instrument, Side Side, long Qty, long Price, long Bid, long Ask)
    {
        public override string ToString() => IsMark
            ? $"mark {Instrument} {Bid}/{Ask}"
            : $"fill {Instrument} {(Side == Side.Buy ? "B" : "S")} {Qty}@{Price}";
    }

    private static readonly Gen<Step> s_fill =
        Gen.Select(Gen.Int[0, Instruments - 1], Gen.Bool, Gen.Long[1, 1_000], Gen.Long[1, 2_000_000])
            .Select((i, buy, qty, price) => new Step(false, i, buy ? Side.Buy : Side.Sell, qty, price, 0, 0));

    private static readonly Gen<Step> s_mark =
        Gen.Select(Gen.Int[0, Instruments - 1], Gen.Long[1, 2_000_000], Gen.Long[0, 5_000])
            .Select((i, bid, spread) => new Step(true, i, default, 0, 0, bid, bid + spread));

    [Fact]
    public void Position_is_the_sum_of_fills_and_realized_plus_unrealized_is_the_model_pnl()
    {
        Gen.Frequency((3, s_fill), (1, s_mark)).Array[1, 150].Sample(steps =>
        {
            var risk = new PreTradeRisk(RiskHarness.Loose(), Instruments, 16);
            long[] position = new long[Instruments];
            long[] cash = new long[Instruments];
            long[] bid = new long[Instruments];
            long[] ask = new long[Instruments];
            for (int i = 0; i < Instruments; i++)
            {
                // Every instrument has a touch from the start, so a position always has a mark.
                bid[i] = 100_000;
                ask[i] = 100_100;
                risk.OnMark(i, bid[i], ask[i]);
            }

            foreach (Step s in steps)
            {
                if (s.IsMark)
                {
                    bid[s.Instrument] = s.Bid;
                    ask[s.Instrument] = s.Ask;
                    risk.OnMark(s.Instrument, s.Bid, s.Ask);
                }
                else
                {
                    long signed = s.Side == Side.Buy ? s.Qty : -s.Qty;
                    position[s.Instrument] += signed;
                    cash[s.Instrument] -= signed * s.Price;
                    risk.OnFill(s.Instrument, s.Side, s.Qty, s.Price);
                }

                long totalPnl = 0, totalRealized = 0, gross = 0;
                for (int i = 0; i < Instruments; i++)
                {
                    ref readonly InstrumentRisk r = ref risk.Instrument(i);
                    long mark = position[i] > 0 ? bid[i] : ask[i];
                    long pnl = cash[i] + (position[i] * mark);
                    Assert.Equal(position[i], r.Position);
                    Assert.Equal(pnl, r.RealizedPnl + r.Unrealized);
                    if (position[i] == 0)
                    {
                        // Flat: everything is realized, to the unit.
                        Assert.Equal(cash[i], r.RealizedPnl);
                        Assert.Equal(0, r.Cost);
                    }

                    totalPnl += pnl;
                    totalRealized += r.RealizedPnl;
                    gross += Math.Abs(position[i] * mark);
                }

                Assert.Equal(totalPnl, risk.RealizedPnl + risk.UnrealizedPnl);
                Assert.Equal(totalRealized, risk.RealizedPnl);
                Assert.Equal(gross, risk.GrossPositionValue);
            }
        }, iter: 2_000, print: steps => string.Join(", ", steps));
    }
}
