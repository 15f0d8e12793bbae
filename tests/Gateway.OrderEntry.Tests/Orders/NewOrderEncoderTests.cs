using System.Text;
using Gateway.Core.Trading;
using Gateway.OrderEntry.Fix;
using Gateway.OrderEntry.Orders;
using Gateway.Tests.Shared;
using static Gateway.OrderEntry.Tests.Fix.Fix;

namespace Gateway.OrderEntry.Tests.Orders;

/// <summary>The engine's NewOrderSingle encoder, against messages written out by hand ('|' for SOH).</summary>
public class NewOrderEncoderTests
{
    // 2026-03-02 09:30:00.123 UTC and 2026-12-31 23:59:59.999 UTC.
    private const long MarketOpen = 1_772_443_800_123_000_000;
    private const long LastMillisecondOfYear = 1_798_761_599_999_000_000;

    [Fact]
    public void A_day_limit_buy_is_byte_exact()
    {
        using var e = new NewOrderEncoder("GATEWAY", "VENUE");
        ReadOnlySpan<byte> m = e.Encode(7, MarketOpen, "G093000-1"u8, "AAPL"u8, Side.Buy, 100, 1_872_500, TimeInForce.Day);
        Assert.Equal(
            "8=FIX.4.4|9=140|35=D|49=GATEWAY|56=VENUE|34=7|52=20260302-09:30:00.123|11=G093000-1|21=1|55=AAPL|54=1|" +
            "60=20260302-09:30:00.123|38=100|40=2|44=187.2500|59=0|10=107|",
            Text(m));
    }

    [Fact]
    public void An_ioc_sell_with_the_longest_ClOrdID_and_symbol_the_smallest_price_and_a_sequence_past_32_bits_is_byte_exact()
    {
        using var e = new NewOrderEncoder("GATEWAY", "VENUE");
        ReadOnlySpan<byte> m = e.Encode(4_294_967_296, LastMillisecondOfYear, "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"u8, "BRK.A-WI"u8,
            Side.Sell, 1, 1, TimeInForce.ImmediateOrCancel);
        Assert.Equal(
            "8=FIX.4.4|9=172|35=D|49=GATEWAY|56=VENUE|34=4294967296|52=20261231-23:59:59.999|11=ABCDEFGHIJKLMNOPQRSTUVWXYZ012345|21=1|" +
            "55=BRK.A-WI|54=2|60=20261231-23:59:59.999|38=1|40=2|44=0.0001|59=3|10=019|",
            Text(m));
    }

    [Fact]
    public void A_gtc_order_with_microsecond_timestamps_and_the_largest_quantity_is_byte_exact()
    {
        using var e = new NewOrderEncoder("GW", "NASDAQ-OUCH", FixTimestampPrecision.Microseconds);
        ReadOnlySpan<byte> m = e.Encode(999_999_999_999, MarketOpen + 456_000, "X"u8, "MSFT"u8, Side.Buy, int.MaxValue, 123_456_789,
            TimeInForce.GoodTillCancel);
        Assert.Equal(
            "8=FIX.4.4|9=159|35=D|49=GW|56=NASDAQ-OUCH|34=999999999999|52=20260302-09:30:00.123456|11=X|21=1|55=MSFT|54=1|" +
            "60=20260302-09:30:00.123456|38=2147483647|40=2|44=12345.6789|59=1|10=220|",
            Text(m));
    }

    [Fact]
    public void A_fok_sell_at_a_round_price_is_byte_exact()
    {
        using var e = new NewOrderEncoder("GATEWAY", "VENUE");
        ReadOnlySpan<byte> m = e.Encode(1, MarketOpen - 123_000_000, "G-2"u8, "A"u8, Side.Sell, 5, 100_000_000, TimeInForce.FillOrKill);
        Assert.Equal(
            "8=FIX.4.4|9=131|35=D|49=GATEWAY|56=VENUE|34=1|52=20260302-09:30:00.000|11=G-2|21=1|55=A|54=2|60=20260302-09:30:00.000|" +
            "38=5|40=2|44=10000.0000|59=4|10=068|",
            Text(m));
    }

    [Theory]
    [InlineData(1_870_000, "187.0000")]
    [InlineData(1_872_000, "187.2000")]
    [InlineData(1_872_500, "187.2500")]
    [InlineData(1_872_530, "187.2530")]
    [InlineData(1_872_531, "187.2531")]
    [InlineData(10_000, "1.0000")]
    [InlineData(9_999, "0.9999")]
    [InlineData(5, "0.0005")]
    [InlineData(4_294_967_295, "429496.7295")]
    public void Prices_carry_exactly_four_decimals(long units, string text)
    {
        using var e = new NewOrderEncoder("GATEWAY", "VENUE");
        byte[] m = e.Encode(2, MarketOpen, "C1"u8, "AAPL"u8, Side.Buy, 10, units, TimeInForce.Day).ToArray();
        Assert.Contains("|44=" + text + "|", Text(m));
        var table = new FixFieldTable();
        Assert.Equal(FixParseStatus.Ok, Parse(m, table));
        Assert.True(new FixMessageView(m, table).TryGetDecimal(FixTag.Price, 4, out long back));
        Assert.Equal(units, back);
    }

    [Fact]
    public void The_trigger_goes_in_its_tag_as_session_and_sequence_and_the_whole_dictionary_accepts_it()
    {
        using var e = new NewOrderEncoder("GATEWAY", "VENUE");
        e.SetTrigger(NewOrderEncoder.DefaultTriggerTag, "SESS01    "u8);
        byte[] m = e.Encode(7, MarketOpen, "G093000-1"u8, "AAPL"u8, Side.Buy, 100, 1_872_500, TimeInForce.Day, 18_446_744_073_709_551_615).ToArray();
        string text = Text(m);
        Assert.Contains("|59=0|58=SESS01:18446744073709551615|10=", text, StringComparison.Ordinal);
        var table = new FixFieldTable();
        Assert.Equal(FixParseStatus.Ok, Parse(m, table));
        Assert.Equal(FixValidationResult.Valid, new FixValidator(FixDictionary.Fix44).Validate(new FixMessageView(m, table)));

        // Sequence 0 means "no trigger": the order is the plain one.
        string plain = Text(e.Encode(7, MarketOpen, "G093000-1"u8, "AAPL"u8, Side.Buy, 100, 1_872_500, TimeInForce.Day, 0));
        Assert.Equal(
            "8=FIX.4.4|9=140|35=D|49=GATEWAY|56=VENUE|34=7|52=20260302-09:30:00.123|11=G093000-1|21=1|55=AAPL|54=1|" +
            "60=20260302-09:30:00.123|38=100|40=2|44=187.2500|59=0|10=107|",
            plain);

        // A user-defined tag, a source without sessions; tag 0 turns it off again.
        e.SetTrigger(20001, default);
        Assert.Contains("|20001=:42|", Text(e.Encode(8, MarketOpen, "X"u8, "A"u8, Side.Sell, 1, 1, TimeInForce.Day, 42)), StringComparison.Ordinal);
        e.SetTrigger(0, default);
        Assert.DoesNotContain("20001=", Text(e.Encode(9, MarketOpen, "X"u8, "A"u8, Side.Sell, 1, 1, TimeInForce.Day, 42)), StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => e.SetTrigger(58, "BAD\u0001"u8));
    }

    [Theory]
    [InlineData(TimeInForce.Day, '0')]
    [InlineData(TimeInForce.GoodTillCancel, '1')]
    [InlineData(TimeInForce.ImmediateOrCancel, '3')]
    [InlineData(TimeInForce.FillOrKill, '4')]
    public void Every_time_in_force_and_side_is_written_and_the_whole_dictionary_accepts_it(TimeInForce tif, char fix)
    {
        using var e = new NewOrderEncoder("GATEWAY", "VENUE");
        var validator = new FixValidator(FixDictionary.Fix44);
        foreach (Side side in new[] { Side.Buy, Side.Sell })
        {
            byte[] m = e.Encode(3, MarketOpen, "C3"u8, "AAPL"u8, side, 100, 1_872_500, tif).ToArray();
            var table = new FixFieldTable();
            Assert.Equal(FixParseStatus.Ok, Parse(m, table));
            var view = new FixMessageView(m, table);
            Assert.Equal(FixValidationResult.Valid, validator.Validate(view));
            Assert.True(view.TryGetChar(FixTag.TimeInForce, out byte t));
            Assert.Equal((byte)fix, t);
            Assert.True(view.TryGetChar(FixTag.Side, out byte s));
            Assert.Equal(side == Side.Buy ? FixValues.Side.Buy : FixValues.Side.Sell, s);
            Assert.Equal("D", Encoding.ASCII.GetString(view.MsgType));
        }
    }

    /// <summary>
    /// The same order built field by field with the general <see cref="FixEncoder"/> comes out
    /// byte for byte the same (the price written with four places, as the order encoder does):
    /// BodyLength and CheckSum included, over many random orders.
    /// </summary>
    [Fact]
    public void Output_equals_the_general_encoders_for_many_orders()
    {
        using var fast = new NewOrderEncoder("GATEWAY", "VENUE");
        var general = new FixEncoder(new byte[1024]);
        var template = new FixMessageTemplate(FixMsgType.NewOrderSingle, "GATEWAY", "VENUE");
        var validator = new FixValidator(FixDictionary.Fix44);
        var table = new FixFieldTable();
        var rng = new Random(9);
        TimeInForce[] tifs = [TimeInForce.Day, TimeInForce.GoodTillCancel, TimeInForce.ImmediateOrCancel, TimeInForce.FillOrKill];
        for (int i = 0; i < 2_000; i++)
        {
            ulong seq = (ulong)rng.NextInt64(1, i % 2 == 0 ? 1_000 : int.MaxValue);
            long time = MarketOpen + (rng.NextInt64(0, 86_400_000) * 1_000_000 * (i % 3));
            byte[] clOrdId = Encoding.ASCII.GetBytes("G" + rng.Next(0, 1_000_000_000).ToString("D9", System.Globalization.CultureInfo.InvariantCulture)[..rng.Next(1, 10)]);
            byte[] symbol = Encoding.ASCII.GetBytes("ABCDEFGH"[..rng.Next(1, 9)]);
            Side side = rng.Next(2) == 0 ? Side.Buy : Side.Sell;
            long qty = rng.NextInt64(1, i % 5 == 0 ? int.MaxValue : 10_000);
            long price = rng.NextInt64(1, i % 7 == 0 ? uint.MaxValue : 5_000_000);
            TimeInForce tif = tifs[rng.Next(tifs.Length)];

            byte[] fastBytes = fast.Encode(seq, time, clOrdId, symbol, side, qty, price, tif).ToArray();

            general.Begin(template);
            general.AppendString(FixTag.ClOrdID, clOrdId);
            general.AppendChar(FixTag.HandlInst, FixValues.HandlInst.AutomatedPrivate);
            general.AppendString(FixTag.Symbol, symbol);
            general.AppendChar(FixTag.Side, side == Side.Buy ? FixValues.Side.Buy : FixValues.Side.Sell);
            general.AppendTimestamp(FixTag.TransactTime, time);
            general.AppendInt(FixTag.OrderQty, qty);
            general.AppendChar(FixTag.OrdType, FixValues.OrdType.Limit);
            // The general encoder trims trailing zeros from a decimal; the order encoder always writes four places.
            general.AppendString(FixTag.Price, Encoding.ASCII.GetBytes((price / 10_000m).ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture)));
            general.AppendChar(FixTag.TimeInForce, TimeInForces.ToFix(tif));
            byte[] generalBytes = general.Finish((int)seq, time).ToArray();

            Assert.Equal(Text(generalBytes), Text(fastBytes));
            Assert.Equal(FixParseStatus.Ok, Parse(fastBytes, table));
            Assert.Equal(FixValidationResult.Valid, validator.Validate(new FixMessageView(fastBytes, table)));
        }
    }

    [Fact]
    public void A_shorter_order_after_a_longer_one_and_a_new_day_leave_nothing_stale()
    {
        using var e = new NewOrderEncoder("GATEWAY", "VENUE");
        _ = e.Encode(4_294_967_296, LastMillisecondOfYear, "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"u8, "BRK.A-WI"u8, Side.Sell, 1, 1, TimeInForce.ImmediateOrCancel);
        // One millisecond later is a new year: the cached date must move.
        ReadOnlySpan<byte> m = e.Encode(8, LastMillisecondOfYear + 1_000_000, "C"u8, "A"u8, Side.Buy, 1, 10_000, TimeInForce.Day);
        Assert.Equal(
            Text(Build("35=D|49=GATEWAY|56=VENUE|34=8|52=20270101-00:00:00.000|11=C|21=1|55=A|54=1|60=20270101-00:00:00.000|38=1|40=2|44=1.0000|59=0|")),
            Text(m));
    }

    [Fact]
    public void The_sequence_number_must_be_the_one_given_and_the_span_is_only_valid_until_the_next_call()
    {
        using var e = new NewOrderEncoder("GATEWAY", "VENUE");
        ReadOnlySpan<byte> first = e.Encode(1, MarketOpen, "A1"u8, "AAPL"u8, Side.Buy, 1, 10_000, TimeInForce.Day);
        string firstText = Text(first);
        ReadOnlySpan<byte> second = e.Encode(2, MarketOpen, "A1"u8, "AAPL"u8, Side.Buy, 1, 10_000, TimeInForce.Day);
        Assert.Contains("|34=1|", firstText);
        Assert.Contains("|34=2|", Text(second));
    }

    public static TheoryData<string, Func<NewOrderEncoder, int>> BadOrders => new()
    {
        { "empty ClOrdID", e => e.Encode(1, MarketOpen, ""u8, "AAPL"u8, Side.Buy, 1, 1, TimeInForce.Day).Length },
        { "33-byte ClOrdID", e => e.Encode(1, MarketOpen, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456"u8, "AAPL"u8, Side.Buy, 1, 1, TimeInForce.Day).Length },
        { "empty symbol", e => e.Encode(1, MarketOpen, "C"u8, ""u8, Side.Buy, 1, 1, TimeInForce.Day).Length },
        { "9-byte symbol", e => e.Encode(1, MarketOpen, "C"u8, "ABCDEFGHI"u8, Side.Buy, 1, 1, TimeInForce.Day).Length },
        { "quantity 0", e => e.Encode(1, MarketOpen, "C"u8, "AAPL"u8, Side.Buy, 0, 1, TimeInForce.Day).Length },
        { "negative quantity", e => e.Encode(1, MarketOpen, "C"u8, "AAPL"u8, Side.Buy, -1, 1, TimeInForce.Day).Length },
        { "price 0", e => e.Encode(1, MarketOpen, "C"u8, "AAPL"u8, Side.Buy, 1, 0, TimeInForce.Day).Length },
        { "negative price", e => e.Encode(1, MarketOpen, "C"u8, "AAPL"u8, Side.Buy, 1, -10_000, TimeInForce.Day).Length },
        { "no side", e => e.Encode(1, MarketOpen, "C"u8, "AAPL"u8, default, 1, 1, TimeInForce.Day).Length },
        { "side 3", e => e.Encode(1, MarketOpen, "C"u8, "AAPL"u8, (Side)3, 1, 1, TimeInForce.Day).Length },
    };

    [Theory]
    [MemberData(nameof(BadOrders))]
    public void Bad_orders_throw_ArgumentException(string what, Func<NewOrderEncoder, int> encode)
    {
        using var e = new NewOrderEncoder("GATEWAY", "VENUE");
        Assert.True(Assert.Throws<ArgumentException>(() => encode(e)) is not null, what);
        // The encoder is still good afterwards.
        Assert.Contains("|11=C9|", Text(e.Encode(9, MarketOpen, "C9"u8, "AAPL"u8, Side.Buy, 1, 1, TimeInForce.Day)));
    }

    [Fact]
    public void Bad_CompIDs_are_refused_at_construction()
    {
        Assert.Throws<ArgumentException>(() => new NewOrderEncoder("", "VENUE"));
        Assert.Throws<ArgumentException>(() => new NewOrderEncoder("GATE WAY", "VENUE"));
        Assert.Throws<ArgumentException>(() => new NewOrderEncoder("GATEWAY", "VEN=UE"));
        Assert.Throws<ArgumentException>(() => new NewOrderEncoder(new string('S', 80), new string('T', 80)));
    }

    [Fact]
    [Trait(TestCategory.Key, TestCategory.Timing)]
    public void Encode_allocates_nothing_after_warm_up()
    {
        using var e = new NewOrderEncoder("GATEWAY", "VENUE");
        byte[] clOrdId = "G093000-1234567"u8.ToArray();
        byte[] symbol = "AAPL"u8.ToArray();

        long Run(int n, ulong seq)
        {
            long sum = 0;
            for (int i = 0; i < n; i++)
            {
                // A new day now and then, every TimeInForce, both sides, prices and quantities of every width.
                long time = MarketOpen + ((long)i * 3_600_000_000_000 / 7);
                ReadOnlySpan<byte> m = e.Encode(seq + (ulong)i, time, clOrdId, symbol, (i & 1) == 0 ? Side.Buy : Side.Sell,
                    1 + (i % 100_000), 1 + ((long)i * 7_919 % 50_000_000), (TimeInForce)((i % 4) switch { 0 => 0, 1 => 1, 2 => 3, _ => 4 }));
                sum += m.Length + m[^2];
            }

            return sum;
        }

        Run(2_000, 1);
        JitSettle.Wait();
        Run(2_000, 10_000);
        long before = GC.GetAllocatedBytesForCurrentThread();
        long total = Run(200_000, 100_000);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.True(total > 0);
    }
}
