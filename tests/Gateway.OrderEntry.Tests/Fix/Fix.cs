using System.Text;
using Gateway.OrderEntry.Fix;

namespace Gateway.OrderEntry.Tests.Fix;

/// <summary>Test literals use '|' for SOH. The golden messages are written out byte for byte.</summary>
internal static class Fix
{
    /// <summary>NewOrderSingle: limit buy 100 AAPL at 187.25, one party (FIX 4.4 Vol. 4, "New Order - Single").</summary>
    public const string NewOrderSingle =
        "8=FIX.4.4|9=179|35=D|49=GATEWAY|56=VENUE|34=2|52=20240315-14:30:00.123|11=ORD-000001|1=ACCT01|" +
        "453=1|448=TRADER7|447=D|452=11|21=1|55=AAPL|54=1|60=20240315-14:30:00.120|38=100|40=2|44=187.25|59=0|10=150|";

    /// <summary>ExecutionReport: partial fill of 40 of 100, microsecond SendingTime.</summary>
    public const string ExecutionReport =
        "8=FIX.4.4|9=231|35=8|49=VENUE|56=GATEWAY|34=5|52=20240315-14:30:00.456789|37=V-7781234|11=ORD-000001|" +
        "17=E-0000051|150=F|39=1|1=ACCT01|55=AAPL|54=1|38=100|40=2|44=187.25|59=0|32=40|31=187.2500|30=XNAS|" +
        "151=60|14=40|6=187.25|60=20240315-14:30:00.456|10=049|";

    public const string Logon =
        "8=FIX.4.4|9=73|35=A|49=GATEWAY|56=VENUE|34=1|52=20240315-13:00:00.000|98=0|108=30|141=Y|10=167|";

    public const string News =
        "8=FIX.4.4|9=102|35=B|49=VENUE|56=GATEWAY|34=9|52=20240315-13:05:00.000|148=Market notice|33=2|" +
        "58=Line one|58=Line two|10=145|";

    public static readonly string[] Golden = [NewOrderSingle, ExecutionReport, Logon, News];

    public const string Header = "35=D|49=GATEWAY|56=VENUE|34=2|52=20240315-14:30:00.123|";

    public static byte[] Bytes(string pipes) => Encoding.ASCII.GetBytes(pipes.Replace('|', '\u0001'));

    public static string Text(ReadOnlySpan<byte> bytes) => Encoding.ASCII.GetString(bytes).Replace('\u0001', '|');

    /// <summary>
    /// 8=FIX.4.4|9=len|body10=ccc| with BodyLength and CheckSum computed here (plain loops, independent of
    /// the codec), optionally off by a delta to make bad messages.
    /// </summary>
    public static byte[] Build(string body, int lengthDelta = 0, int checksumDelta = 0)
    {
        byte[] b = Bytes(body);
        byte[] head = Bytes($"8=FIX.4.4|9={b.Length + lengthDelta}|");
        int sum = 0;
        foreach (byte x in head)
        {
            sum += x;
        }

        foreach (byte x in b)
        {
            sum += x;
        }

        byte[] trailer = Bytes($"10={(((sum + checksumDelta) % 256) + 256) % 256:D3}|");
        return [.. head, .. b, .. trailer];
    }

    public static FixParseStatus Parse(byte[] message, FixFieldTable table, bool vectors = true, int max = FixParser.DefaultMaxMessageLength)
    {
        var parser = new FixParser(max) { UseVectors = vectors };
        return parser.Parse(message, table);
    }

    public static FixValidationResult ParseAndValidate(byte[] message, FixValidator? validator = null)
    {
        var table = new FixFieldTable();
        FixParseStatus s = Parse(message, table);
        Assert.Equal(FixParseStatus.Ok, s);
        return (validator ?? new FixValidator(FixDictionary.Fix44)).Validate(new FixMessageView(message, table));
    }

    /// <summary>FIX44.xml as the build compiled it, beside the test assembly.</summary>
    public static string Fix44Xml => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "FIX44.xml"));
}
