using BenchmarkDotNet.Attributes;
using Gateway.Core.Trading;
using Gateway.Risk;

namespace Gateway.Benchmarks;

/// <summary>
/// Pre-trade risk on the critical path (issue 9's goal: every check together at most 20 ns an
/// order): one <see cref="PreTradeRisk.Evaluate"/> of an order that passes every check — restricted
/// list, quantity, notional, collar against the touch, position with open orders, gross exposure,
/// credit, the order rate on the engine clock, the duplicate ClOrdID lookup — and the
/// <see cref="PreTradeRisk.Release"/> that keeps the open exposure where it was. Each iteration
/// starts from a fresh risk engine whose ClOrdID table holds every id the iteration uses; an
/// order refused for any reason fails the run rather than timing the refusal path.
/// </summary>
[MemoryDiagnoser]
[InvocationCount(InvocationsPerIteration)]
public class RiskBenchmarks
{
    private const int InvocationsPerIteration = 1_000_000;
    private const int Instrument = 42;

    private readonly long _price = PriceUnits.FromDecimal(187.25m);
    private readonly long _bid = PriceUnits.FromDecimal(187.24m);
    private readonly long _ask = PriceUnits.FromDecimal(187.25m);
    private RiskSettings _settings = null!;
    private PreTradeRisk _risk = null!;
    private long _nowNs;
    private ulong _clOrdId;
    private long _refused;

    [GlobalSetup]
    public void Setup()
    {
        _settings = new RiskSettings
        {
            MaxOrderQty = 1_000,
            MaxOrderNotional = 1_000_000m,
            PriceCollarBps = 50,
            MaxPosition = 10_000,
            MaxGrossExposure = 10_000_000m,
            CreditLimit = 10_000_000m,
            // A full rate window: the check compares against the order sent a thousand orders ago.
            MaxOrdersPerSecond = 1_000,
            MaxLoss = 100_000m,
            Restricted = ["ZZZZ"],
            Instruments = { ["AAPL"] = new InstrumentRiskSettings { MaxOrderQty = 500 } },
        };
        Fresh();
        if (EvaluateAndRelease() != (int)RiskReason.Accepted)
        {
            throw new InvalidOperationException("the benchmark order does not pass every check");
        }
    }

    [IterationSetup]
    public void Fresh()
    {
        _risk = new PreTradeRisk(_settings, 65_536, InvocationsPerIteration + 16);
        _risk.DefineInstrument(Instrument, "AAPL");
        _risk.OnFill(Instrument, Side.Buy, 200, _price);
        _risk.OnMark(Instrument, _bid, _ask);
        _nowNs = 1_000_000_000;
        _clOrdId = 0;
    }

    [IterationCleanup]
    public void Check()
    {
        if (_refused != 0)
        {
            throw new InvalidOperationException($"{_refused} benchmark orders were refused: the figure would not be the accepting path");
        }
    }

    [Benchmark]
    public int EvaluateAndRelease()
    {
        // 2 ms of engine clock an order: 500 orders a second, under the limit of 1,000.
        _nowNs += 2_000_000;
        RiskReason r = _risk.Evaluate(Instrument, Side.Buy, _price, 100, _bid, _ask, _nowNs, ++_clOrdId);
        _risk.Release(Instrument, Side.Buy, _price, 100);
        _refused += r == RiskReason.Accepted ? 0 : 1;
        return (int)r;
    }
}
