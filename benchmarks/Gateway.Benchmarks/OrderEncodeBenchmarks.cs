using BenchmarkDotNet.Attributes;
using Gateway.Core.Trading;
using Gateway.OrderEntry.Fix;
using Gateway.OrderEntry.Orders;

namespace Gateway.Benchmarks;

/// <summary>
/// The engine's NewOrderSingle (issue 9's goal: at most 60 ns): <see cref="NewOrderEncoder"/>, which
/// patches a preformatted template, beside the general <see cref="FixEncoder"/> building the same
/// message field by field (11 21 55 54 60 38 40 44 59, SendingTime, BodyLength, CheckSum). Both
/// give the same bytes but for the price, which the general encoder writes without trailing zeros.
/// </summary>
[MemoryDiagnoser]
public class OrderEncodeBenchmarks
{
    private const long SendingTime = 1_772_443_800_123_000_000; // 2026-03-02 09:30:00.123 UTC

    private readonly NewOrderEncoder _orderEncoder = new("GATEWAY", "VENUE");
    private readonly FixEncoder _encoder = new(new byte[1024]);
    private readonly FixMessageTemplate _template = new(FixMsgType.NewOrderSingle, "GATEWAY", "VENUE");
    private readonly byte[] _clOrdId = "G093000-1234567"u8.ToArray();
    private readonly byte[] _symbol = "AAPL"u8.ToArray();
    private ulong _seq;

    [GlobalSetup]
    public void Setup()
    {
        var table = new FixFieldTable();
        var validator = new FixValidator(FixDictionary.Fix44);
        foreach (byte[] m in new[] { _orderEncoder.Encode(1, SendingTime, _clOrdId, _symbol, Side.Buy, 100, 1_872_500, TimeInForce.ImmediateOrCancel).ToArray(), General(1) })
        {
            if (new FixParser().Parse(m, table) != FixParseStatus.Ok || validator.Validate(new FixMessageView(m, table)).Outcome != FixValidationOutcome.Valid)
            {
                throw new InvalidOperationException("benchmark NewOrderSingle does not parse and validate");
            }
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _orderEncoder.Dispose();

    [Benchmark]
    public int NewOrderEncoder() =>
        _orderEncoder.Encode(++_seq, SendingTime, _clOrdId, _symbol, Side.Buy, 100, 1_872_500, TimeInForce.ImmediateOrCancel).Length;

    [Benchmark(Baseline = true)]
    public int GeneralEncoder() => Build((int)++_seq).Length;

    private byte[] General(int seq) => Build(seq).ToArray();

    private ReadOnlySpan<byte> Build(int seq)
    {
        FixEncoder e = _encoder;
        e.Begin(_template);
        e.AppendString(FixTag.ClOrdID, _clOrdId);
        e.AppendChar(FixTag.HandlInst, FixValues.HandlInst.AutomatedPrivate);
        e.AppendString(FixTag.Symbol, _symbol);
        e.AppendChar(FixTag.Side, FixValues.Side.Buy);
        e.AppendTimestamp(FixTag.TransactTime, SendingTime);
        e.AppendInt(FixTag.OrderQty, 100);
        e.AppendChar(FixTag.OrdType, FixValues.OrdType.Limit);
        e.AppendDecimal(FixTag.Price, 1_872_500, 4);
        e.AppendChar(FixTag.TimeInForce, FixValues.TimeInForce.ImmediateOrCancel);
        return e.Finish(seq, SendingTime);
    }
}
