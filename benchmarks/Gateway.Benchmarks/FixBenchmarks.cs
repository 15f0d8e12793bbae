using BenchmarkDotNet.Attributes;
using Gateway.OrderEntry.Fix;

namespace Gateway.Benchmarks;

/// <summary>
/// FIX 4.4 codec: parse (+ dictionary validation) of a typical ExecutionReport (254 bytes) and
/// NewOrderSingle (202 bytes), and encoding that NewOrderSingle from its template. The bytes are
/// those of benchmarks/fix/messages.txt, which native/bench/fix_quickfix_parse.cpp parses too.
/// </summary>
[MemoryDiagnoser]
public class FixBenchmarks
{
    private readonly FixParser _parser = new();
    private readonly FixFieldTable _table = new();
    private readonly FixValidator _validator = new(FixDictionary.Fix44);
    private readonly FixMessageTemplate _template = new("D", "GATEWAY", "VENUE");
    private readonly FixEncoder _encoder = new(new byte[1024]);
    private byte[] _executionReport = [];
    private byte[] _newOrderSingle = [];
    private int _seq;

    [GlobalSetup]
    public void Setup()
    {
        string[] lines = File.ReadAllLines(FindMessages()).Where(l => l.Length > 0 && l[0] != '#').ToArray();
        _executionReport = System.Text.Encoding.ASCII.GetBytes(lines[0].Replace('|', '\u0001'));
        _newOrderSingle = System.Text.Encoding.ASCII.GetBytes(lines[1].Replace('|', '\u0001'));
        if (ParseValidateExecutionReport() != 0 || ParseValidateNewOrderSingle() != 0)
        {
            throw new InvalidOperationException("benchmark messages do not parse and validate");
        }
    }

    private static string FindMessages()
    {
        for (string? dir = AppContext.BaseDirectory; dir is not null; dir = Path.GetDirectoryName(dir))
        {
            string candidate = Path.Combine(dir, "benchmarks", "fix", "messages.txt");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("benchmarks/fix/messages.txt not found above " + AppContext.BaseDirectory);
    }

    [Benchmark]
    public int ParseExecutionReport() => (int)_parser.Parse(_executionReport, _table);

    [Benchmark]
    public int ParseValidateExecutionReport() => ParseValidate(_executionReport);

    [Benchmark]
    public int ParseValidateNewOrderSingle() => ParseValidate(_newOrderSingle);

    [Benchmark]
    public int EncodeNewOrderSingle()
    {
        FixEncoder enc = _encoder;
        enc.Begin(_template);
        enc.AppendString(FixTag.ClOrdID, "ORD-000001"u8);
        enc.AppendString(FixTag.Account, "ACCT01"u8);
        enc.AppendInt(FixTag.NoPartyIDs, 1);
        enc.AppendString(FixTag.PartyID, "TRADER7"u8);
        enc.AppendChar(FixTag.PartyIDSource, (byte)'D');
        enc.AppendInt(FixTag.PartyRole, 11);
        enc.AppendChar(FixTag.HandlInst, (byte)'1');
        enc.AppendString(FixTag.Symbol, "AAPL"u8);
        enc.AppendChar(FixTag.Side, (byte)'1');
        enc.AppendTimestamp(FixTag.TransactTime, 1_710_513_000_120_000_000);
        enc.AppendDecimal(FixTag.OrderQty, 100, 0);
        enc.AppendChar(FixTag.OrdType, (byte)'2');
        enc.AppendPrice(FixTag.Price, new FixPrice(18_725_000_000));
        enc.AppendChar(FixTag.TimeInForce, (byte)'0');
        return enc.Finish(++_seq, 1_710_513_000_123_000_000).Length;
    }

    private int ParseValidate(byte[] message)
    {
        if (_parser.Parse(message, _table) != FixParseStatus.Ok)
        {
            return -1;
        }

        return (int)_validator.Validate(new FixMessageView(message, _table)).Outcome;
    }
}
