using System.Text;
using Gateway.OrderEntry.Fix;

namespace Gateway.OrderEntry.Tests.Fix;

/// <summary>Length/Data pairs: data values may hold SOH and '=', and their extent comes from the Length field.</summary>
public class FixDataFieldTests
{
    private const string H = "49=GATEWAY|56=VENUE|34=2|52=20240315-14:30:00.123|";

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void RawData_with_SOH_and_equals_is_one_field(bool vectors)
    {
        byte[] m = Fix.Build("35=A|" + H + "98=0|108=30|95=7|96=a|b=c|d|141=Y|");
        var table = new FixFieldTable();
        Assert.Equal(FixParseStatus.Ok, Fix.Parse(m, table, vectors));
        var v = new FixMessageView(m, table);
        Assert.Equal("a|b=c|d", Fix.Text(v.GetString(FixTag.RawData)));
        Assert.Equal("Y", Fix.Text(v.GetString(FixTag.ResetSeqNumFlag)));
        Assert.Equal(FixValidationResult.Valid, new FixValidator(FixDictionary.Fix44).Validate(v));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Data_of_every_length_0_to_300_crossing_blocks(bool vectors)
    {
        var rng = new Random(44);
        var table = new FixFieldTable();
        for (int n = 0; n <= 300; n++)
        {
            // Mostly SOH, '=' and digits, so stray fields would show up if the SOHs were taken for ends.
            char[] data = new char[n];
            for (int i = 0; i < n; i++)
            {
                data[i] = "|=|1=|9|ab"[rng.Next(10)];
            }

            string d = new(data);
            byte[] m = Fix.Build("35=B|" + H + "148=H|33=1|58=t|354=" + n + "|355=" + d + "|149=u|");
            Assert.Equal(FixParseStatus.Ok, Fix.Parse(m, table, vectors));
            var v = new FixMessageView(m, table);
            Assert.Equal(d, Fix.Text(v.GetString(FixTag.EncodedText)));
            Assert.Equal("u", Fix.Text(v.GetString(FixTag.URLLink)));
            Assert.Equal(14, table.Count);
        }
    }

    [Theory]
    [InlineData("95=x|96=abc|", 95)]         // length not numeric
    [InlineData("95=|96=abc|", 95)]          // length empty
    [InlineData("95=-3|96=abc|", 95)]        // negative
    [InlineData("95=500|96=abc|", 95)]       // runs past the body
    [InlineData("95=2|96=abc|", 95)]         // not followed by SOH
    [InlineData("95=4|96=abc|", 95)]         // swallows the SOH and lands inside the next field
    [InlineData("95=99999999999|96=abc|", 95)]
    public void Bad_data_length_is_a_rejectable_parse_status(string fields, int lengthTag)
    {
        foreach (bool vectors in new[] { true, false })
        {
            byte[] m = Fix.Build("35=A|" + H + "98=0|108=30|" + fields + "141=Y|");
            var parser = new FixParser { UseVectors = vectors };
            var table = new FixFieldTable();
            Assert.Equal(FixParseStatus.BadDataLength, parser.Parse(m, table));
            Assert.Equal(lengthTag, parser.ErrorTag);
            Assert.True(FixValidator.TryRejectParseFailure(FixParseStatus.BadDataLength, parser.ErrorTag, out FixValidationResult r));
            Assert.Equal(FixValidationResult.Reject(SessionRejectReason.IncorrectDataFormat, lengthTag), r);

            // The same bytes with a wrong CheckSum are line noise, not a sender's mistake.
            byte[] bad = Fix.Build("35=A|" + H + "98=0|108=30|" + fields + "141=Y|", checksumDelta: 1);
            Assert.Equal(FixParseStatus.ChecksumMismatch, parser.Parse(bad, table));
            Assert.Equal(0, parser.ErrorTag);
        }
    }

    [Fact]
    public void Data_length_running_to_the_end_of_the_body_is_caught()
    {
        // The length points exactly at the trailer's "10=": past the body, never into the trailer.
        byte[] m = Fix.Build("35=A|" + H + "98=0|108=30|95=3|96=abc|");
        var table = new FixFieldTable();
        Assert.Equal(FixParseStatus.Ok, Fix.Parse(m, table));
        byte[] over = Fix.Build("35=A|" + H + "98=0|108=30|95=4|96=abc|");
        Assert.Equal(FixParseStatus.BadDataLength, Fix.Parse(over, table));
        Assert.Equal(FixParseStatus.BadDataLength, Fix.Parse(over, table, vectors: false));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void SOH_inside_a_non_data_value_is_reason_17_when_the_checksum_holds(bool vectors)
    {
        var parser = new FixParser { UseVectors = vectors };
        var table = new FixFieldTable();
        byte[] m = Fix.Build("35=0|" + H + "58=ab|cd|");
        Assert.Equal(FixParseStatus.MalformedField, parser.Parse(m, table));
        Assert.Equal(FixTag.Text, parser.ErrorTag);
        Assert.True(FixValidator.TryRejectParseFailure(FixParseStatus.MalformedField, parser.ErrorTag, out FixValidationResult r));
        Assert.Equal(SessionRejectReason.NonDataValueIncludesFieldDelimiter, r.Reason);
        Assert.Equal(FixTag.Text, r.RefTagId);

        Assert.Equal(FixParseStatus.ChecksumMismatch, parser.Parse(Fix.Build("35=0|" + H + "58=ab|cd|", checksumDelta: 3), table));
        Assert.False(FixValidator.TryRejectParseFailure(FixParseStatus.ChecksumMismatch, 0, out _));
        Assert.False(FixValidator.TryRejectParseFailure(FixParseStatus.BadTagNumber, 0, out _));
    }

    [Theory]
    [InlineData("35=A|" + H + "98=0|108=30|96=abc|", SessionRejectReason.RequiredTagMissing, 95)]
    [InlineData("35=A|" + H + "98=0|108=30|95=3|", SessionRejectReason.RequiredTagMissing, 96)]
    [InlineData("35=A|" + H + "98=0|95=3|108=30|96=abc|", SessionRejectReason.TagSpecifiedOutOfRequiredOrder, 95)]
    [InlineData("35=A|" + H + "98=0|108=30|95=3|96=abc|96=abc|", SessionRejectReason.TagAppearsMoreThanOnce, 96)]
    [InlineData("35=0|" + H + "93=3|", SessionRejectReason.RequiredTagMissing, 89)]
    [InlineData("35=B|" + H + "148=H|33=1|58=t|355=abc|", SessionRejectReason.RequiredTagMissing, 354)]
    [InlineData("35=A|" + H + "98=0|108=30|95=0|96=|", SessionRejectReason.TagSpecifiedWithoutValue, 96)]
    public void Length_and_data_must_come_as_a_pair(string body, SessionRejectReason reason, int refTag)
    {
        FixValidationResult r = Fix.ParseAndValidate(Fix.Build(body));
        Assert.Equal(FixValidationResult.Reject(reason, refTag), r);
    }

    [Theory]
    [InlineData("35=0|49=GATEWAY|56=VENUE|34=2|52=20240315-14:30:00.123|212=10|213=<a>|=|</a>|")]
    [InlineData("35=0|" + H + "93=5|89=s|g=n|")]
    [InlineData("35=0|49=GATEWAY|56=VENUE|90=3|91=||||34=2|52=20240315-14:30:00.123|")]
    [InlineData("35=B|" + H + "358=2|359=|||148=H|33=1|58=t|")]
    public void Header_and_trailer_data_pairs_validate(string body)
    {
        Assert.Equal(FixValidationResult.Valid, Fix.ParseAndValidate(Fix.Build(body)));
    }

    [Fact]
    public void Encoder_writes_the_pair_and_the_parser_reads_it_back()
    {
        var enc = new FixEncoder(new byte[1024]);
        var t = new FixMessageTemplate("A", "GATEWAY", "VENUE");
        byte[] raw = [1, (byte)'=', 0, 255, 1, 1, (byte)'9', (byte)'=', 1];
        enc.Begin(t);
        enc.AppendInt(FixTag.EncryptMethod, 0);
        enc.AppendInt(FixTag.HeartBtInt, 30);
        enc.AppendData(FixTag.RawDataLength, FixTag.RawData, raw);
        enc.AppendBool(FixTag.ResetSeqNumFlag, true);
        byte[] m = enc.Finish(1, 1_710_507_600_000_000_000).ToArray();

        Assert.Contains("|95=9|96=", Fix.Text(m), StringComparison.Ordinal);
        var table = new FixFieldTable();
        Assert.Equal(FixParseStatus.Ok, Fix.Parse(m, table));
        var v = new FixMessageView(m, table);
        Assert.Equal(raw, v.GetString(FixTag.RawData).ToArray());
        Assert.Equal(FixValidationResult.Valid, new FixValidator(FixDictionary.Fix44).Validate(v));

        enc.Begin(t);
        Assert.Throws<ArgumentException>(() => enc.AppendData(FixTag.RawDataLength, FixTag.EncodedText, raw));
        Assert.Throws<ArgumentException>(() => enc.AppendData(FixTag.Text, 0, raw));
    }

    [Fact]
    public void Static_pairs_agree_with_the_dictionary()
    {
        FixDictionary d = FixDictionary.Fix44;
        foreach ((int length, int data) in FixDataFields.Pairs)
        {
            Assert.Equal(length, FixDataFields.LengthTagOf(data));
            Assert.Equal(data, FixDataFields.DataTagOf(length));
            Assert.Equal(0, FixDataFields.LengthTagOf(length));
            if (d.Field(length) is { } lf)
            {
                Assert.Equal(FixType.Length, lf.Type);
                Assert.Equal(FixType.Data, d.Field(data)!.Type);
            }
        }

        for (int tag = 1; tag < FixDictionary.MaxTag; tag++)
        {
            if (d.Field(tag) is { Type: FixType.Data })
            {
                Assert.NotEqual(0, FixDataFields.LengthTagOf(tag));
            }
        }

        Assert.Equal(0, FixDataFields.LengthTagOf(58));
        Assert.Equal(0, FixDataFields.DataTagOf(9)); // BodyLength is a Length, but of the frame
        Assert.Equal(0, FixDataFields.DataTagOf(-1));
        Assert.Equal(0, FixDataFields.DataTagOf(100_000));
    }

    [Fact]
    public void Tags_of_every_width_parse_the_same_with_and_without_vectors()
    {
        var rng = new Random(7);
        var table = new FixFieldTable(FixFieldTable.MaxCapacity);
        var tags = new List<int>();
        for (int t = 1; t < 20_000; t++)
        {
            tags.Add(t);
        }

        for (int k = 0; k < 3000; k++)
        {
            tags.Add(rng.Next(20_000, 999_999_999));
        }

        tags.AddRange([99_999, 100_000, 999_999, 1_000_000, 9_999_999, 10_000_000, 99_999_999, 100_000_000, 999_999_999]);
        foreach (int[] chunk in tags.Where(t => t != FixTag.CheckSum && FixDataFields.LengthTagOf(t) == 0).Chunk(900))
        {
            var body = new StringBuilder("35=0|");
            foreach (int t in chunk)
            {
                body.Append(t).Append("=v|");
            }

            byte[] m = Fix.Build(body.ToString());
            foreach (bool vectors in new[] { true, false })
            {
                Assert.Equal(FixParseStatus.Ok, Fix.Parse(m, table, vectors, max: 1 << 20));
                Assert.Equal(chunk, table.Fields[3..^1].ToArray().Select(f => f.Tag).ToArray());
            }
        }
    }
}
