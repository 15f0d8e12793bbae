using System.Globalization;
using Gateway.OrderEntry.Fix;

namespace Gateway.OrderEntry.Tests.Fix;

/// <summary>The encoder's shortcuts (cached date, tag prefixes, constant-divisor scales) against plain formatting.</summary>
public class FixEncoderFastPathTests
{
    private static long Ns(DateTime utc) => (utc - DateTime.UnixEpoch).Ticks * 100;

    [Fact]
    public void Cached_date_follows_the_day_both_ways()
    {
        var t = new FixMessageTemplate("D", "GATEWAY", "VENUE");
        var enc = new FixEncoder(new byte[1024]);
        var rng = new Random(3);
        DateTime[] days = [new(2024, 3, 15, 23, 59, 59, 999, DateTimeKind.Utc), new(2024, 3, 16, 0, 0, 0, DateTimeKind.Utc), new(1999, 12, 31, 12, 0, 0, DateTimeKind.Utc)];
        for (int k = 0; k < 300; k++)
        {
            DateTime when = days[rng.Next(days.Length)].AddMilliseconds(-rng.Next(1000));
            DateTime other = days[rng.Next(days.Length)];
            enc.Begin(t);
            enc.AppendTimestamp(FixTag.TransactTime, Ns(other));
            string s = Fix.Text(enc.Finish(k + 1, Ns(when)));
            Assert.Contains("|52=" + when.ToString("yyyyMMdd-HH:mm:ss.fff", CultureInfo.InvariantCulture) + "|", s, StringComparison.Ordinal);
            Assert.Contains("|60=" + other.ToString("yyyyMMdd-HH:mm:ss.fff", CultureInfo.InvariantCulture) + "|", s, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Tags_and_decimals_of_every_shape()
    {
        var t = new FixMessageTemplate("0", "GATEWAY", "VENUE");
        var enc = new FixEncoder(new byte[4096]);
        var rng = new Random(5);
        for (int k = 0; k < 2000; k++)
        {
            int tag = k < 1100 ? k + 1 : rng.Next(1, 1_000_000_000);
            int scale = rng.Next(0, 10);
            long value = rng.NextInt64(-10_000_000_000_000, 10_000_000_000_000) / (long)Math.Pow(10, rng.Next(0, 12));
            enc.Begin(t);
            enc.AppendDecimal(tag, value, scale);
            string s = Fix.Text(enc.Finish(1, 0));
            decimal expected = value / (decimal)Math.Pow(10, scale);
            string text = expected.ToString(CultureInfo.InvariantCulture);
            if (text.Contains('.', StringComparison.Ordinal))
            {
                text = text.TrimEnd('0').TrimEnd('.');
            }

            Assert.Contains("|" + tag + "=" + text + "|10=", s, StringComparison.Ordinal);
        }
    }
}
