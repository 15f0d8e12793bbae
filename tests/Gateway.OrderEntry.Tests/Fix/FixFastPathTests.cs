using Gateway.OrderEntry.Fix;

namespace Gateway.OrderEntry.Tests.Fix;

/// <summary>
/// The parser's scan takes fields with a 1-4 digit tag itself and hands every other field to its
/// general path; the validator's sweep takes plain header and body fields and hands the rest to its
/// general path. These put each kind of field at every position against the 64-byte blocks and in
/// every place of a message, and check both paths give what the general one alone would.
/// </summary>
public class FixFastPathTests
{
    private const string Head = "35=B|49=VENUE|56=GATEWAY|34=9|52=20240315-13:05:00.000|";

    private static string BodyOf(string golden)
    {
        int start = golden.IndexOf("|35=", StringComparison.Ordinal) + 1;
        int end = golden.LastIndexOf("10=", StringComparison.Ordinal);
        return golden[start..end];
    }

    private static List<string> FieldsOf(string body) => [.. body.Split('|', StringSplitOptions.RemoveEmptyEntries)];

    [Fact]
    public void Tags_of_one_to_nine_digits_at_every_offset_against_the_blocks()
    {
        var vt = new FixFieldTable();
        var st = new FixFieldTable();
        foreach (int tag in new[] { 5, 58, 148, 999, 1023, 1024, 9999, 10000, 123456, 1234567, 12345678, 123456789 })
        {
            for (int pad = 0; pad <= 140; pad++)
            {
                // The same tag twice: the index names the first; '=' in the values is data, not a tag end.
                string body = Head + $"100={new string('x', pad)}|{tag}=a=b|{tag}==|207=H|";
                byte[] m = Fix.Build(body);
                Assert.Equal(FixParseStatus.Ok, Fix.Parse(m, vt));
                Assert.Equal(FixParseStatus.Ok, Fix.Parse(m, st, vectors: false));
                foreach (FixFieldTable t in new[] { vt, st })
                {
                    Assert.Equal(12, t.Count);
                    Assert.Equal(tag, t[8].Tag);
                    Assert.Equal("a=b", Fix.Text(m.AsSpan(t[8].Offset, t[8].Length)));
                    Assert.Equal(tag, t[9].Tag);
                    Assert.Equal("=", Fix.Text(m.AsSpan(t[9].Offset, t[9].Length)));
                    Assert.Equal(8, t.IndexOf(tag));
                    Assert.Equal(10, t.IndexOf(207));
                }
            }
        }
    }

    [Theory]
    [InlineData("0=x|", 0L)]
    [InlineData("05=x|", 5L)]
    [InlineData("0123=x|", 123L)]
    [InlineData("1234567890=x|", 1234567890L)]
    [InlineData("-58=x|", -58L)]
    [InlineData("5a=x|", 0L)]
    [InlineData("=x|", 0L)]
    public void Bad_tags_of_every_length_are_InvalidTagNumber_on_both_paths(string field, long invalidTag)
    {
        for (int pad = 0; pad <= 70; pad++)
        {
            byte[] m = Fix.Build(Head + $"58={new string('x', pad)}|" + field + "148=H|");
            foreach (bool vectors in new[] { true, false })
            {
                var parser = new FixParser { UseVectors = vectors };
                var table = new FixFieldTable();
                Assert.Equal(FixParseStatus.InvalidTagNumber, parser.Parse(m, table));
                Assert.Equal(invalidTag, parser.InvalidTag);
                Assert.Equal(148, table[table.Count - 1].Tag); // CheckSum is not added after a failure
            }
        }
    }

    [Theory]
    [InlineData("58=a|5|", FixParseStatus.MalformedField)]
    [InlineData("58=a|55|", FixParseStatus.MalformedField)]
    [InlineData("58=a|555|", FixParseStatus.MalformedField)]
    [InlineData("58=a|5555|", FixParseStatus.MalformedField)]
    [InlineData("58=a|10=000|", FixParseStatus.ChecksumNotLast)]
    public void Fields_the_scan_leaves_get_the_same_status_on_both_paths(string fields, FixParseStatus expected)
    {
        for (int pad = 0; pad <= 70; pad++)
        {
            byte[] m = Fix.Build(Head + $"58={new string('x', pad)}|" + fields);
            Assert.Equal(expected, Fix.Parse(m, new FixFieldTable()));
            Assert.Equal(expected, Fix.Parse(m, new FixFieldTable(), vectors: false));
        }
    }

    [Fact]
    public void Messages_shorter_than_a_block_parse_alike_on_both_paths()
    {
        foreach (string body in new[] { "35=0|", "35=0|49=A|", "35=0|49=A|56=B|34=1|", "35=0|112=x=y|", "35=0|95=1|96=||" })
        {
            byte[] m = Fix.Build(body);
            Assert.True(m.Length < 64);
            var vt = new FixFieldTable();
            var st = new FixFieldTable();
            Assert.Equal(FixParseStatus.Ok, Fix.Parse(m, vt));
            Assert.Equal(FixParseStatus.Ok, Fix.Parse(m, st, vectors: false));
            Assert.Equal(st.Fields.ToArray(), vt.Fields.ToArray());
        }
    }

    [Fact]
    public void A_full_table_stops_the_scan_at_its_capacity()
    {
        string body = Head + string.Concat(Enumerable.Repeat("58=x|", 10));
        byte[] m = Fix.Build(body);
        Assert.Equal(FixParseStatus.TooManyFields, Fix.Parse(m, new FixFieldTable(10)));
        Assert.Equal(FixParseStatus.TooManyFields, Fix.Parse(m, new FixFieldTable(10), vectors: false));
        Assert.Equal(FixParseStatus.Ok, Fix.Parse(m, new FixFieldTable(19)));
    }

    [Theory]
    [InlineData(Fix.ExecutionReport)]
    [InlineData(Fix.NewOrderSingle)]
    public void Each_field_left_out_is_missing_only_when_required(string golden)
    {
        FixDictionary dict = FixDictionary.Fix44;
        List<string> fields = FieldsOf(BodyOf(golden));
        FixMessageDef def = dict.Message(fields[0][3..])!;
        foreach ((int i, int tag) in PlainFields(fields, def))
        {
            bool required = dict.HeaderRequiredTags.Contains(tag) || def.RequiredTags.Contains(tag);
            FixValidationResult r = Validate([.. fields.Where((_, k) => k != i)]);
            Assert.Equal(required ? FixValidationResult.Reject(SessionRejectReason.RequiredTagMissing, tag) : FixValidationResult.Valid, r);
        }
    }

    /// <summary>Position and tag of each field after MsgType that is not part of a group (groups have their own checks).</summary>
    private static IEnumerable<(int Index, int Tag)> PlainFields(List<string> fields, FixMessageDef def)
    {
        for (int i = 1; i < fields.Count; i++)
        {
            int tag = int.Parse(fields[i].Split('=')[0]);
            if (def.Use(tag) != FixFieldUse.GroupMember && tag != FixTag.NoPartyIDs)
            {
                yield return (i, tag);
            }
        }
    }

    [Theory]
    [InlineData(Fix.ExecutionReport)]
    [InlineData(Fix.NewOrderSingle)]
    public void Each_field_repeated_emptied_or_misplaced_is_rejected_on_its_tag(string golden)
    {
        FixDictionary dict = FixDictionary.Fix44;
        List<string> fields = FieldsOf(BodyOf(golden));
        FixMessageDef def = dict.Message(fields[0][3..])!;
        foreach ((int i, int tag) in PlainFields(fields, def))
        {
            List<string> repeated = [.. fields];
            repeated.Insert(i + 1, fields[i]);
            Assert.Equal(FixValidationResult.Reject(SessionRejectReason.TagAppearsMoreThanOnce, tag), Validate(repeated));

            List<string> emptied = [.. fields];
            emptied[i] = tag + "=";
            Assert.Equal(FixValidationResult.Reject(SessionRejectReason.TagSpecifiedWithoutValue, tag), Validate(emptied));

            if (dict.IsHeader(tag))
            {
                // A header field after the body's first field is out of order.
                List<string> late = [.. fields];
                late.RemoveAt(i);
                late.Add(fields[i]);
                Assert.Equal(FixValidationResult.Reject(SessionRejectReason.TagSpecifiedOutOfRequiredOrder, tag), Validate(late));
            }
        }
    }

    [Theory]
    [InlineData("34=x", SessionRejectReason.IncorrectDataFormat)]
    [InlineData("52=20240315-14:30:00.12", SessionRejectReason.IncorrectDataFormat)]
    [InlineData("52=20240230-14:30:00.123", SessionRejectReason.IncorrectDataFormat)]
    [InlineData("150=Z", SessionRejectReason.ValueIncorrect)]
    [InlineData("150=FF", SessionRejectReason.IncorrectDataFormat)]
    [InlineData("38=1.0.0", SessionRejectReason.IncorrectDataFormat)]
    [InlineData("38=-", SessionRejectReason.IncorrectDataFormat)]
    [InlineData("44=18a", SessionRejectReason.IncorrectDataFormat)]
    [InlineData("60=20240315-24:30:00.456", SessionRejectReason.IncorrectDataFormat)]
    public void Values_the_sweep_checks_inline_fail_with_the_general_reasons(string field, SessionRejectReason reason)
    {
        List<string> fields = FieldsOf(BodyOf(Fix.ExecutionReport));
        string tag = field.Split('=')[0];
        int i = fields.FindIndex(f => f.StartsWith(tag + "=", StringComparison.Ordinal));
        fields[i] = field;
        Assert.Equal(FixValidationResult.Reject(reason, int.Parse(tag)), Validate(fields));
    }

    private static FixValidationResult Validate(List<string> fields) =>
        Fix.ParseAndValidate(Fix.Build(string.Concat(fields.Select(f => f + "|"))));
}
