using Gateway.OrderEntry.Fix;

namespace Gateway.OrderEntry.Tests.Fix;

public class FixEncoderTests
{
    private static readonly long SendingTime = Ns(new DateTime(2024, 3, 15, 14, 30, 0, 123, DateTimeKind.Utc));
    private static readonly long TransactTime = Ns(new DateTime(2024, 3, 15, 14, 30, 0, 120, DateTimeKind.Utc));

    private static long Ns(DateTime t) => (t - DateTime.UnixEpoch).Ticks * 100;

    internal static ReadOnlySpan<byte> EncodeGoldenNewOrderSingle(FixEncoder enc, FixMessageTemplate t, int seq)
    {
        enc.Begin(t);
        enc.AppendString(FixTag.ClOrdID, "ORD-000001"u8);
        enc.AppendString(FixTag.Account, "ACCT01"u8);
        enc.AppendInt(FixTag.NoPartyIDs, 1);
        enc.AppendString(FixTag.PartyID, "TRADER7"u8);
        enc.AppendChar(FixTag.PartyIDSource, (byte)'D');
        enc.AppendInt(FixTag.PartyRole, 11);
        enc.AppendChar(FixTag.HandlInst, (byte)'1');
        enc.AppendString(FixTag.Symbol, "AAPL"u8);
        enc.AppendChar(FixTag.Side, (byte)'1');
        enc.AppendTimestamp(FixTag.TransactTime, TransactTime);
        enc.AppendDecimal(FixTag.OrderQty, 100, 0);
        enc.AppendChar(FixTag.OrdType, (byte)'2');
        enc.AppendPrice(FixTag.Price, new FixPrice(18_725_000_000));
        enc.AppendChar(FixTag.TimeInForce, (byte)'0');
        return enc.Finish(seq, SendingTime);
    }

    [Fact]
    public void NewOrderSingle_is_byte_exact()
    {
        var t = new FixMessageTemplate("D", "GATEWAY", "VENUE");
        var enc = new FixEncoder(new byte[1024]);
        ReadOnlySpan<byte> m = EncodeGoldenNewOrderSingle(enc, t, 2);
        Assert.Equal(Fix.NewOrderSingle, Fix.Text(m));

        // Same buffer again with a longer sequence number: everything shifts, checksum and length follow.
        m = EncodeGoldenNewOrderSingle(enc, t, 1234567);
        Assert.Equal(Fix.Text(Fix.Build(Fix.NewOrderSingle[16..^7].Replace("34=2|", "34=1234567|"))), Fix.Text(m));
    }

    [Fact]
    public void Typed_writers_format_as_the_spec_says()
    {
        var t = new FixMessageTemplate("8", "VENUE", "GATEWAY", FixTimestampPrecision.Microseconds);
        var enc = new FixEncoder(new byte[1024]);
        enc.Begin(t);
        enc.AppendInt(FixTag.RefSeqNum, -42);
        enc.AppendInt(FixTag.RefSeqNum, 0);
        enc.AppendInt(FixTag.RefSeqNum, long.MaxValue);
        enc.AppendDecimal(FixTag.Price, -5, 8);
        enc.AppendDecimal(FixTag.Price, 1_000_000_000, 8);
        enc.AppendDecimal(FixTag.Price, 123_456_789, 4);
        enc.AppendPrice(FixTag.Price, new FixPrice(100_000_001));
        enc.AppendTimestamp(FixTag.TransactTime, 0, FixTimestampPrecision.Seconds);
        enc.AppendTimestamp(FixTag.TransactTime, Ns(new DateTime(2000, 2, 29, 23, 59, 59, DateTimeKind.Utc)) + 987_654_321, FixTimestampPrecision.Nanoseconds);
        enc.AppendBool(FixTag.PossDupFlag, true);
        enc.AppendBool(FixTag.PossDupFlag, false);
        string s = Fix.Text(enc.Finish(5, Ns(new DateTime(2024, 3, 15, 14, 30, 0, DateTimeKind.Utc)) + 456_789_000));
        Assert.Contains("|35=8|49=VENUE|56=GATEWAY|34=5|52=20240315-14:30:00.456789|45=-42|45=0|45=9223372036854775807|" +
                        "44=-0.00000005|44=10|44=12345.6789|44=1.00000001|60=19700101-00:00:00|60=20000229-23:59:59.987654321|43=Y|43=N|10=", s);
    }

    [Fact]
    public void Random_messages_round_trip_through_parse_and_validate()
    {
        var rng = new Random(99);
        var t = new FixMessageTemplate("D", "GATEWAY", "VENUE", FixTimestampPrecision.Microseconds);
        var enc = new FixEncoder(new byte[2048]);
        var parser = new FixParser();
        var table = new FixFieldTable();
        var validator = new FixValidator(FixDictionary.Fix44);
        for (int i = 0; i < 2000; i++)
        {
            long price = rng.NextInt64(0, 10_000_000_000_000);
            long qty = rng.NextInt64(1, 1_000_000);
            long tt = rng.NextInt64(0, 4_102_444_800L * 1_000_000_000); // up to 2100
            int seq = rng.Next(1, int.MaxValue);
            byte side = (byte)"12"[rng.Next(2)];
            string clOrdId = "C" + rng.Next();
            int parties = rng.Next(0, 4);

            enc.Begin(t);
            enc.AppendString(FixTag.ClOrdID, System.Text.Encoding.ASCII.GetBytes(clOrdId));
            if (parties > 0)
            {
                enc.AppendInt(FixTag.NoPartyIDs, parties);
                for (int p = 0; p < parties; p++)
                {
                    enc.AppendString(FixTag.PartyID, System.Text.Encoding.ASCII.GetBytes("P" + p));
                    enc.AppendInt(FixTag.PartyRole, p + 1);
                }
            }

            enc.AppendString(FixTag.Symbol, "MSFT"u8);
            enc.AppendChar(FixTag.Side, side);
            enc.AppendTimestamp(FixTag.TransactTime, tt, FixTimestampPrecision.Nanoseconds);
            enc.AppendDecimal(FixTag.OrderQty, qty, 0);
            enc.AppendChar(FixTag.OrdType, (byte)'2');
            enc.AppendPrice(FixTag.Price, new FixPrice(price));
            ReadOnlySpan<byte> m = enc.Finish(seq, tt);

            Assert.Equal(FixFrameStatus.Complete, FixFramer.Next(m).Status);
            Assert.Equal(FixParseStatus.Ok, parser.Parse(m, table));
            var v = new FixMessageView(m, table);
            Assert.Equal(FixValidationResult.Valid, validator.Validate(v));
            Assert.True(v.TryGetInt(FixTag.MsgSeqNum, out long gotSeq));
            Assert.Equal(seq, gotSeq);
            Assert.True(v.TryGetPrice(FixTag.Price, out FixPrice gotPrice));
            Assert.Equal(price, gotPrice.Units);
            Assert.True(v.TryGetDecimal(FixTag.OrderQty, 0, out long gotQty));
            Assert.Equal(qty, gotQty);
            Assert.True(v.TryGetTimestamp(FixTag.TransactTime, out long gotTt));
            Assert.Equal(tt, gotTt);
            Assert.True(v.TryGetTimestamp(FixTag.SendingTime, out long gotSending));
            Assert.Equal(tt / 1000 * 1000, gotSending); // microseconds on the wire
            Assert.Equal(clOrdId, Fix.Text(v.GetString(FixTag.ClOrdID)));
            Assert.Equal(parties, v.GetGroup(FixDictionary.Fix44.Group(FixTag.NoPartyIDs)).EntryCount);
        }
    }

    [Fact]
    public void Buffer_too_small_is_an_exception_not_an_overrun()
    {
        var t = new FixMessageTemplate("D", "GATEWAY", "VENUE");
        var enc = new FixEncoder(new byte[256]);
        enc.Begin(t);
        Assert.Throws<InvalidOperationException>(() =>
        {
            for (int i = 0; i < 100; i++)
            {
                enc.AppendString(FixTag.Text, "0123456789"u8);
            }
        });
    }

    [Fact]
    public void Template_rejects_unusable_comp_ids()
    {
        Assert.Throws<ArgumentException>(() => new FixMessageTemplate("D", "GATE\u0001WAY", "VENUE"));
        Assert.Throws<ArgumentException>(() => new FixMessageTemplate("", "GATEWAY", "VENUE"));
    }
}
