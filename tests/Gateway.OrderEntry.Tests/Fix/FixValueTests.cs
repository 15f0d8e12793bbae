using Gateway.OrderEntry.Fix;

namespace Gateway.OrderEntry.Tests.Fix;

public class FixValueTests
{
    [Theory]
    [InlineData("0", 8, 0L)]
    [InlineData("187.25", 8, 18_725_000_000L)]
    [InlineData("-0.5", 8, -50_000_000L)]
    [InlineData(".5", 2, 50L)]
    [InlineData("5.", 2, 500L)]
    [InlineData("00012.3400", 4, 123_400L)]
    [InlineData("1.23000000000", 2, 123L)]
    [InlineData("92233720368.54775807", 8, long.MaxValue)]
    public void Decimals_to_fixed_point(string text, int scale, long expected)
    {
        Assert.True(FixValue.TryParseDecimal(Fix.Bytes(text), scale, out long v));
        Assert.Equal(expected, v);
    }

    [Theory]
    [InlineData("", 8)]
    [InlineData("-", 8)]
    [InlineData(".", 8)]
    [InlineData("1.2.3", 8)]
    [InlineData("1e5", 8)]
    [InlineData("1.234", 2)]            // would lose precision
    [InlineData("92233720368.54775808", 8)] // overflow
    [InlineData("+1", 8)]
    public void Bad_decimals_are_refused(string text, int scale)
    {
        Assert.False(FixValue.TryParseDecimal(Fix.Bytes(text), scale, out _));
    }

    [Theory]
    [InlineData("20240315-14:30:00", 2024, 3, 15, 14, 30, 0, 0L)]
    [InlineData("20240315-14:30:00.123", 2024, 3, 15, 14, 30, 0, 123_000_000L)]
    [InlineData("20240315-14:30:00.123456", 2024, 3, 15, 14, 30, 0, 123_456_000L)]
    [InlineData("20240315-14:30:00.123456789", 2024, 3, 15, 14, 30, 0, 123_456_789L)]
    [InlineData("19700101-00:00:00", 1970, 1, 1, 0, 0, 0, 0L)]
    [InlineData("20000229-23:59:59.999", 2000, 2, 29, 23, 59, 59, 999_000_000L)]
    [InlineData("21001231-00:00:01", 2100, 12, 31, 0, 0, 1, 0L)]
    public void UtcTimestamps_to_nanoseconds(string text, int y, int mo, int d, int h, int mi, int s, long sub)
    {
        Assert.True(FixValue.TryParseUtcTimestamp(Fix.Bytes(text), out long ns));
        long expected = ((new DateTime(y, mo, d, h, mi, s, DateTimeKind.Utc) - DateTime.UnixEpoch).Ticks * 100) + sub;
        Assert.Equal(expected, ns);
    }

    [Theory]
    [InlineData("20240315 14:30:00")]
    [InlineData("20240315-24:00:00")]
    [InlineData("20240230-10:00:00")]
    [InlineData("20230229-10:00:00")]
    [InlineData("20240315-14:30:00.12")]
    [InlineData("20240315-14:30:00,123")]
    [InlineData("2024031-14:30:00.123")]
    [InlineData("20240315-14:60:00")]
    public void Bad_timestamps_are_refused(string text)
    {
        Assert.False(FixValue.TryParseUtcTimestamp(Fix.Bytes(text), out _));
        Assert.False(FixValue.IsUtcTimestamp(Fix.Bytes(text)));
    }

    [Fact]
    public void IsUtcTimestamp_agrees_with_the_parser_under_mutation()
    {
        var rng = new Random(52);
        string[] seeds = ["20240315-14:30:00", "20000229-23:59:59.999", "21001231-00:00:01.123456", "19991231-23:59:60.123456789"];
        const string alphabet = "0123456789:-.+ /9\u00ff";
        int accepted = 0;
        for (int k = 0; k < 200_000; k++)
        {
            char[] c = seeds[k % seeds.Length].ToCharArray();
            int edits = 1 + rng.Next(2);
            for (int e = 0; e < edits; e++)
            {
                c[rng.Next(c.Length)] = alphabet[rng.Next(alphabet.Length)];
            }

            byte[] v = System.Text.Encoding.Latin1.GetBytes(c);
            bool parsed = FixValue.TryParseUtcTimestamp(v, out _);
            Assert.Equal(parsed, FixValue.IsUtcTimestamp(v));
            accepted += parsed ? 1 : 0;
        }

        Assert.InRange(accepted, 1_000, 199_000);
        foreach (string s in seeds)
        {
            Assert.True(FixValue.IsUtcTimestamp(Fix.Bytes(s)));
        }
    }

    [Fact]
    public void IsFloat16_agrees_with_IsFloat_whatever_follows_the_value()
    {
        var rng = new Random(16);
        const string alphabet = "0123456789..--+ e\u0000\u00ff";
        byte[] buffer = new byte[32];
        int floats = 0;
        for (int k = 0; k < 200_000; k++)
        {
            int length = rng.Next(17);
            for (int j = 0; j < buffer.Length; j++)
            {
                // Mostly digits, so that many values are floats; the bytes past the value are anything.
                buffer[j] = j < length && rng.Next(4) != 0 ? (byte)('0' + rng.Next(10)) : (byte)alphabet[rng.Next(alphabet.Length)];
            }

            bool expected = FixValue.IsFloat(buffer.AsSpan(0, length));
            Assert.Equal(expected, FixValue.IsFloat16(ref buffer[0], length));
            floats += expected ? 1 : 0;
        }

        Assert.InRange(floats, 10_000, 190_000);
        foreach (string s in new[] { "0", "-1", "-.5", "1.", "187.25", "123456789.123456" })
        {
            byte[] b = new byte[32];
            Fix.Bytes(s).CopyTo(b, 0);
            Assert.True(FixValue.IsFloat16(ref b[0], s.Length), s);
        }

        foreach (string s in new[] { "", "-", ".", "1.2.3", "1-2", "--1", "1e5", "+1" })
        {
            byte[] b = new byte[32];
            Fix.Bytes(s).CopyTo(b, 0);
            Assert.False(FixValue.IsFloat16(ref b[0], s.Length), s);
        }
    }

    [Fact]
    public void Civil_date_conversion_matches_DateTime_over_four_centuries()
    {
        for (long days = -50_000; days < 150_000; days += 13)
        {
            FixValue.CivilFromDays(days, out int y, out int m, out int d);
            DateTime expected = DateTime.UnixEpoch.AddDays(days);
            Assert.Equal((expected.Year, expected.Month, expected.Day), (y, m, d));
            Assert.Equal(days, FixValue.DaysFromCivil(y, m, d));
        }
    }

    [Theory]
    [InlineData("42", 42L)]
    [InlineData("-7", -7L)]
    [InlineData("00023", 23L)]
    public void Ints(string text, long expected)
    {
        Assert.True(FixValue.TryParseInt(Fix.Bytes(text), out long v));
        Assert.Equal(expected, v);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-")]
    [InlineData("1.0")]
    [InlineData("12a")]
    [InlineData("1234567890123456789")]
    public void Bad_ints_are_refused(string text) => Assert.False(FixValue.TryParseInt(Fix.Bytes(text), out _));

    [Theory]
    [InlineData("202403", true)]
    [InlineData("20240315", true)]
    [InlineData("202403w2", true)]
    [InlineData("202413", false)]
    [InlineData("202403w9", false)]
    [InlineData("2024", false)]
    public void MonthYear(string text, bool ok) => Assert.Equal(ok, FixValue.IsMonthYear(Fix.Bytes(text)));
}
