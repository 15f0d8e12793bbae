using System.Globalization;
using Gateway.Core.Agents;
using Gateway.Lab.Generation;

namespace Gateway.Engine.Tests.Pipeline;

/// <summary>
/// The whole engine in process (GatewayBuilder, driven on the test's thread by an AgentInvoker), on
/// generated days over several seeds: threshold-taker's intents, written to --orders-out, equal those
/// of an independent model, from the BinaryFILE and from the A/B pcap of the same day (lines with drops
/// and reorders that arbitration repairs), and pre-trade risk decides each as the limit says.
/// </summary>
public sealed class ThresholdTakerReplayTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gw-engine-tests-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Intents_equal_an_independent_model_from_the_binaryfile_and_the_ab_pcap(int seed)
    {
        (string pcap, string binary) = Generate(seed);
        List<ThresholdTakerModel.Spec> specs = ChooseSpecs(binary, count: 3);
        List<ThresholdTakerModel.Intent> expected = ThresholdTakerModel.Run(binary, specs);
        Assert.True(expected.Count > 50, $"seed {seed}: the chosen thresholds trigger only {expected.Count} intents");
        Assert.Contains(expected, i => i.Side == 'B');
        Assert.Contains(expected, i => i.Side == 'S');

        foreach (string capture in new[] { binary, pcap })
        {
            List<string[]> rows = Replay(capture, specs, maxOrderQty: 1_000_000);
            Assert.Equal(expected.Count, rows.Count);
            for (int i = 0; i < rows.Count; i++)
            {
                ThresholdTakerModel.Intent e = expected[i];
                string[] r = rows[i];
                string where = $"seed {seed}, {Path.GetFileName(capture)}, intent {i}: {string.Join(',', r)} vs {e}";
                Assert.True(r[0] == e.Symbol && r[1] == e.Side.ToString() && r[2] == Price(e.Price) && r[3] == e.Qty.ToString(CultureInfo.InvariantCulture)
                    && r[4] == "IOC" && r[5] == "sent" && r[7] == e.TriggerSeq.ToString(CultureInfo.InvariantCulture), where);
                Assert.True(long.Parse(r[8], CultureInfo.InvariantCulture) > 0, where);
            }

            Assert.Equal(rows.Count, rows.Select(r => r[6]).Distinct().Count());
        }
    }

    [Fact]
    public void Risk_refuses_exactly_the_intents_past_the_order_quantity_limit()
    {
        (_, string binary) = Generate(5);
        List<ThresholdTakerModel.Spec> specs = ChooseSpecs(binary, count: 2);
        List<ThresholdTakerModel.Intent> expected = ThresholdTakerModel.Run(binary, specs);
        const long Limit = 200;
        Assert.Contains(expected, i => i.Qty > Limit);
        Assert.Contains(expected, i => i.Qty <= Limit);
        List<string[]> rows = Replay(binary, specs, maxOrderQty: Limit);
        Assert.Equal(expected.Count, rows.Count);
        for (int i = 0; i < rows.Count; i++)
        {
            string decision = expected[i].Qty > Limit ? "max_order_qty" : "sent";
            Assert.Equal(decision, rows[i][5]);
            Assert.Equal(decision == "sent", rows[i][6].Length > 0);
        }
    }

    private (string Pcap, string Binary) Generate(int seed)
    {
        string pcap = Path.Combine(_dir, $"day{seed}.pcap");
        string binary = Path.Combine(_dir, $"day{seed}.itch");
        var generator = new ItchStreamGenerator(new ItchGeneratorOptions { Seed = seed, Instruments = 12, Messages = 40_000 });
        ItchCaptureWriter.Write(generator, new ItchCaptureOptions { Lines = 2, Seed = seed, DropOneLine = 0.02, Reorder = 0.02 }, pcap, binary);
        return (pcap, binary);
    }

    /// <summary>The busiest instruments, with thresholds at the middle of the prices the model saw, so that some changes trigger and some do not.</summary>
    private static List<ThresholdTakerModel.Spec> ChooseSpecs(string binary, int count)
    {
        List<ThresholdTakerModel.Intent> all = ThresholdTakerModel.Run(binary,
            [.. Enumerable.Range(0, 12).Select(i => new ThresholdTakerModel.Spec(Symbol(i), long.MaxValue, 1, 300))]);
        return all.GroupBy(i => i.Symbol).OrderByDescending(g => g.Count()).Take(count).Select(g =>
        {
            long[] asks = [.. g.Where(i => i.Side == 'B').Select(i => i.Price).Order()];
            long[] bids = [.. g.Where(i => i.Side == 'S').Select(i => i.Price).Order()];
            return new ThresholdTakerModel.Spec(g.Key, asks[asks.Length / 2], bids[bids.Length / 2], 300);
        }).ToList();
    }

    private static string Symbol(int i) => new([(char)('A' + (i / 17576 % 26)), (char)('A' + (i / 676 % 26)), (char)('A' + (i / 26 % 26)), (char)('A' + (i % 26))]);

    private List<string[]> Replay(string capture, List<ThresholdTakerModel.Spec> specs, long maxOrderQty)
    {
        string ordersOut = Path.Combine(_dir, Path.GetFileName(capture) + ".orders.csv");
        var options = new GatewayOptions
        {
            Feed = new FeedSettings { Backend = "file", Capture = capture },
            Strategy = new StrategySettings
            {
                Name = "threshold-taker",
                Taker = [.. specs.Select(s => $"{s.Symbol}:{Price(s.BuyAtOrBelow)}:{Price(s.SellAtOrAbove)}:{s.MaxQty}")],
            },
            Risk = new Gateway.Risk.RiskSettings
            {
                MaxOrderQty = maxOrderQty, MaxOrderNotional = 10_000_000_000m, PriceCollarBps = 10_000, MaxPosition = int.MaxValue,
                MaxGrossExposure = 50_000_000_000m, CreditLimit = 50_000_000_000m, MaxOrdersPerSecond = 1_000_000, MaxLoss = 1_000_000_000m,
            },
            Engine = new EngineSettings { Idle = "backoff", OrdersOut = ordersOut, MaxOrders = 1 << 16 },
        };
        using (IGatewayEngine engine = GatewayBuilder.Build(options))
        {
            using var invoker = new AgentInvoker(engine);
            Assert.True(invoker.RunUntilClosed(new BackoffIdle(), TimeSpan.FromSeconds(60)), "the replay did not end");
            Assert.Equal(EnginePhase.Done, engine.Phase);
            Assert.Equal(0, engine.Counters.JournalDropped);
            engine.Journal.OnClose();
            Assert.Null(engine.Journal.Error);
        }

        string[] lines = File.ReadAllLines(ordersOut);
        Assert.Equal("symbol,side,price,qty,tif,decision,clordid,trigger_seq,tick_to_trade_ns", lines[0]);
        return [.. lines.Skip(1).Select(l => l.Split(','))];
    }

    private static string Price(long units) => (units / 10_000).ToString(CultureInfo.InvariantCulture) + "." + (units % 10_000).ToString("D4", CultureInfo.InvariantCulture);
}
