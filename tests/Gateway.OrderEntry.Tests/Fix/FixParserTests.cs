using System.Runtime.CompilerServices;
using System.Text;
using Gateway.OrderEntry.Fix;

namespace Gateway.OrderEntry.Tests.Fix;

public class FixParserTests
{
    [Fact]
    public void Golden_messages_carry_the_length_and_checksum_the_spec_defines()
    {
        foreach (string text in Fix.Golden)
        {
            byte[] m = Fix.Bytes(text);
            string s = Encoding.ASCII.GetString(m);
            int bodyStart = s.IndexOf("\u000135=", StringComparison.Ordinal) + 1;
            int trailer = s.LastIndexOf("10=", StringComparison.Ordinal);
            int declaredLength = int.Parse(s.AsSpan(12, bodyStart - 13), provider: null);
            Assert.Equal(trailer - bodyStart, declaredLength);
            int sum = 0;
            for (int i = 0; i < trailer; i++)
            {
                sum += m[i];
            }

            Assert.Equal(sum % 256, int.Parse(s.AsSpan(trailer + 3, 3), provider: null));
            Assert.Equal(sum % 256, FixChecksum.Compute(m.AsSpan(0, trailer)));
            Assert.Equal(sum % 256, FixChecksum.Compute(m.AsSpan(0, trailer), vectors: false));
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void NewOrderSingle_fields_in_wire_order_with_typed_values(bool vectors)
    {
        byte[] m = Fix.Bytes(Fix.NewOrderSingle);
        var table = new FixFieldTable();
        Assert.Equal(FixParseStatus.Ok, Fix.Parse(m, table, vectors));
        var v = new FixMessageView(m, table);

        int[] expectedTags = [8, 9, 35, 49, 56, 34, 52, 11, 1, 453, 448, 447, 452, 21, 55, 54, 60, 38, 40, 44, 59, 10];
        Assert.Equal(expectedTags, table.Fields.ToArray().Select(f => f.Tag).ToArray());
        Assert.Equal("FIX.4.4", Fix.Text(v.GetString(8)));
        Assert.Equal("179", Fix.Text(v.GetString(9)));
        Assert.Equal("D", Fix.Text(v.MsgType));
        Assert.Equal("GATEWAY", Fix.Text(v.GetString(FixTag.SenderCompID)));
        Assert.Equal("ORD-000001", Fix.Text(v.GetString(FixTag.ClOrdID)));
        Assert.Equal("150", Fix.Text(v.GetString(FixTag.CheckSum)));
        Assert.True(v.TryGetInt(FixTag.MsgSeqNum, out long seq));
        Assert.Equal(2, seq);
        Assert.True(v.TryGetPrice(FixTag.Price, out FixPrice px));
        Assert.Equal(18_725_000_000L, px.Units);
        Assert.True(v.TryGetDecimal(FixTag.OrderQty, 0, out long qty));
        Assert.Equal(100, qty);
        Assert.True(v.TryGetChar(FixTag.Side, out byte side));
        Assert.Equal((byte)'1', side);
        Assert.True(v.TryGetTimestamp(FixTag.SendingTime, out long ns));
        Assert.Equal(new DateTime(2024, 3, 15, 14, 30, 0, 123, DateTimeKind.Utc), DateTime.UnixEpoch.AddTicks(ns / 100));
        Assert.False(v.TryGetValue(FixTag.StopPx, out _));
        Assert.Equal(-1, v.IndexOf(5000));
        Assert.False(v.TryGetBool(FixTag.Side, out _));

        FixGroup parties = v.GetGroup(FixDictionary.Fix44.Group(FixTag.NoPartyIDs));
        Assert.Equal(1, parties.DeclaredCount);
        Assert.Equal(1, parties.EntryCount);
        Assert.Equal("TRADER7", Fix.Text(parties.Entry(0).GetString(FixTag.PartyID)));
        Assert.True(parties.Entry(0).TryGetInt(FixTag.PartyRole, out long role));
        Assert.Equal(11, role);
    }

    [Fact]
    public void Logon_boolean_and_News_group_entries()
    {
        byte[] logon = Fix.Bytes(Fix.Logon);
        var table = new FixFieldTable();
        Assert.Equal(FixParseStatus.Ok, Fix.Parse(logon, table));
        var v = new FixMessageView(logon, table);
        Assert.True(v.TryGetBool(FixTag.ResetSeqNumFlag, out bool reset));
        Assert.True(reset);
        Assert.True(v.TryGetInt(FixTag.HeartBtInt, out long hb));
        Assert.Equal(30, hb);

        byte[] news = Fix.Bytes(Fix.News);
        Assert.Equal(FixParseStatus.Ok, Fix.Parse(news, table));
        v = new FixMessageView(news, table);
        FixGroup lines = v.GetGroup(FixDictionary.Fix44.Group(FixTag.NoLinesOfText));
        Assert.Equal(2, lines.EntryCount);
        Assert.Equal("Line one", Fix.Text(lines.Entry(0).GetString(FixTag.Text)));
        Assert.Equal("Line two", Fix.Text(lines.Entry(1).GetString(FixTag.Text)));
        Assert.Equal(1, lines.Entry(1).FieldCount);
        Assert.Throws<ArgumentOutOfRangeException>(() => new FixMessageView(news, table).GetGroup(FixDictionary.Fix44.Group(FixTag.NoLinesOfText)).Entry(2));
    }

    [Fact]
    public void Values_may_contain_equals_signs()
    {
        byte[] m = Fix.Build(Fix.Header + "11=A=B==C|");
        var table = new FixFieldTable();
        Assert.Equal(FixParseStatus.Ok, Fix.Parse(m, table));
        Assert.Equal("A=B==C", Fix.Text(new FixMessageView(m, table).GetString(11)));
        Assert.Equal(FixParseStatus.Ok, Fix.Parse(m, table, vectors: false));
        Assert.Equal("A=B==C", Fix.Text(new FixMessageView(m, table).GetString(11)));
    }

    public static TheoryData<string, FixParseStatus> BadInputs()
    {
        string nos = Fix.NewOrderSingle;
        return new TheoryData<string, FixParseStatus>
        {
            { "", FixParseStatus.Incomplete },
            { nos[..60], FixParseStatus.Incomplete },
            { nos[..5], FixParseStatus.Incomplete },
            { nos[..^1], FixParseStatus.Incomplete },
            { nos.Replace("10=150|", "10=151|"), FixParseStatus.ChecksumMismatch },
            { nos.Replace("10=150|", "10=15|"), FixParseStatus.Incomplete },
            { nos.Replace("10=150|", "10=1x0|"), FixParseStatus.BadChecksumFormat },
            { nos.Replace("9=179|", "9=178|"), FixParseStatus.BodyLengthMismatch },
            { nos.Replace("9=179|", "9=180|"), FixParseStatus.BodyLengthMismatch },
            { nos.Replace("9=179|", "9=17a|"), FixParseStatus.BadBodyLength },
            { nos.Replace("9=179|", "9=|"), FixParseStatus.BadBodyLength },
            { nos.Replace("9=179|", "9=12345678|"), FixParseStatus.BadBodyLength },
            { nos.Replace("8=FIX.4.4|", "9=FIX.4.4|"), FixParseStatus.MissingBeginString },
            { nos.Replace("8=FIX.4.4|", "8=FIX.4.2|"), FixParseStatus.UnsupportedBeginString },
            { nos.Replace("9=179|", ""), FixParseStatus.MissingBodyLength },
            { "8=FIX.4.4|35=D|9=179|" + nos[16..], FixParseStatus.MissingBodyLength },
            { nos + "55=X|", FixParseStatus.TrailingBytes },
            { "8=FIX.4.4|9=5|35=D|10=000|10=000|", FixParseStatus.TrailingBytes },
        };
    }

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void Bad_input_is_a_named_result(string text, FixParseStatus expected)
    {
        byte[] m = Fix.Bytes(text);
        var table = new FixFieldTable();
        Assert.Equal(expected, Fix.Parse(m, table, vectors: true));
        Assert.Equal(expected, Fix.Parse(m, table, vectors: false));
    }

    [Theory]
    [InlineData("35=D|49=A|56=B|34=1|10=000|55=X|", FixParseStatus.ChecksumNotLast)]
    [InlineData("35=D|49=A|56=B|3a4=1|", FixParseStatus.InvalidTagNumber)]
    [InlineData("35=D|49=A|56=B|=1|", FixParseStatus.InvalidTagNumber)]
    [InlineData("35=D|49=A|56=B|034=1|", FixParseStatus.InvalidTagNumber)]
    [InlineData("35=D|49=A|56=B|1234567890=1|", FixParseStatus.InvalidTagNumber)]
    [InlineData("35=D|49=A|56=B|0=1|", FixParseStatus.InvalidTagNumber)]
    [InlineData("35=D|49=A|56=B|-5=1|", FixParseStatus.InvalidTagNumber)]
    [InlineData("49=A|35=D|56=B|0=1|", FixParseStatus.MsgTypeNotThird)]
    [InlineData("35=D|49=A|56=B|34|", FixParseStatus.MalformedField)]
    [InlineData("49=A|35=D|56=B|34=1|", FixParseStatus.MsgTypeNotThird)]
    [InlineData("49=A|56=B|34=1|", FixParseStatus.MsgTypeNotThird)]
    public void Malformed_body_fields_are_named(string body, FixParseStatus expected)
    {
        byte[] m = Fix.Build(body);
        var table = new FixFieldTable();
        Assert.Equal(expected, Fix.Parse(m, table, vectors: true));
        Assert.Equal(expected, Fix.Parse(m, table, vectors: false));
    }

    /// <summary>
    /// Defect 11: a field whose tag is 0, negative or past the largest is a well-framed message with an
    /// invalid tag, not garbage: the rest of the fields are parsed and the bad number is kept for the
    /// Reject (reason 0). A wrong CheckSum still makes it garbled.
    /// </summary>
    [Theory]
    [InlineData("0=1|", 0L)]
    [InlineData("-5=1|", -5L)]
    [InlineData("99999999999=1|", 99999999999L)]
    [InlineData("055=X|", 55L)]
    public void Invalid_tag_numbers_leave_the_message_whole(string field, long tag)
    {
        byte[] m = Fix.Build("35=D|49=A|56=B|34=7|" + field + "11=X|");
        var table = new FixFieldTable();
        var parser = new FixParser();
        Assert.Equal(FixParseStatus.InvalidTagNumber, parser.Parse(m, table));
        Assert.Equal(tag, parser.InvalidTag);
        var view = new FixMessageView(m, table);
        Assert.True(view.TryGetInt(FixTag.MsgSeqNum, out long seq) && seq == 7);
        Assert.Equal("X", Fix.Text(view.GetString(FixTag.ClOrdID)));
        Assert.True(FixValidator.TryRejectParseFailure(FixParseStatus.InvalidTagNumber, parser.ErrorTag, parser.InvalidTag, out FixValidationResult r));
        Assert.Equal(SessionRejectReason.InvalidTagNumber, r.Reason);
        Assert.Equal(FixParseStatus.ChecksumMismatch, parser.Parse(Fix.Build("35=D|49=A|56=B|34=7|" + field, checksumDelta: 1), table));
    }

    [Fact]
    public void Message_over_the_configured_maximum_is_TooLong()
    {
        byte[] m = Fix.Build(Fix.Header + "58=" + new string('x', 500) + "|");
        var table = new FixFieldTable();
        Assert.Equal(FixParseStatus.TooLong, Fix.Parse(m, table, max: 256));
        Assert.Equal(FixParseStatus.TooLong, Fix.Parse(m[..100], table, max: 256)); // BodyLength alone says so
        Assert.Equal(FixParseStatus.Ok, Fix.Parse(m, table, max: 1024));
    }

    [Fact]
    public void More_fields_than_the_table_holds_is_TooManyFields()
    {
        var body = new StringBuilder(Fix.Header);
        for (int i = 0; i < 40; i++)
        {
            body.Append("58=x|");
        }

        byte[] m = Fix.Build(body.ToString());
        Assert.Equal(FixParseStatus.TooManyFields, Fix.Parse(m, new FixFieldTable(32)));
        Assert.Equal(FixParseStatus.Ok, Fix.Parse(m, new FixFieldTable(64)));
    }

    [Fact]
    public void Field_layout_is_pinned()
    {
        Assert.Equal(12, Unsafe.SizeOf<FixField>());
    }

    [Fact]
    public void Tags_beyond_the_direct_index_are_found_by_scan()
    {
        byte[] m = Fix.Build(Fix.Header + "5001=custom|9999=x|");
        var table = new FixFieldTable();
        Assert.Equal(FixParseStatus.Ok, Fix.Parse(m, table));
        var v = new FixMessageView(m, table);
        Assert.Equal("custom", Fix.Text(v.GetString(5001)));
        Assert.Equal("x", Fix.Text(v.GetString(9999)));
    }

    [Fact]
    public void Index_does_not_leak_fields_between_messages()
    {
        var table = new FixFieldTable();
        byte[] nos = Fix.Bytes(Fix.NewOrderSingle);
        byte[] logon = Fix.Bytes(Fix.Logon);
        for (int i = 0; i < 5; i++)
        {
            Assert.Equal(FixParseStatus.Ok, Fix.Parse(nos, table));
            Assert.True(new FixMessageView(nos, table).Has(FixTag.Price));
            Assert.Equal(FixParseStatus.Ok, Fix.Parse(logon, table));
            Assert.False(new FixMessageView(logon, table).Has(FixTag.Price));
        }
    }

    [Fact]
    public void Vector_and_scalar_paths_agree_on_golden_mutated_and_random_input()
    {
        var rng = new Random(20240315);
        var corpus = new List<byte[]>();
        foreach (string g in Fix.Golden)
        {
            corpus.Add(Fix.Bytes(g));
        }

        // Long messages reach every block size (64, 32, 16) and the scalar tail.
        for (int len = 0; len < 300; len += 7)
        {
            corpus.Add(Fix.Build(Fix.Header + "58=" + new string('a', len) + "|55=" + new string('=', len % 70) + "|"));
        }

        byte[] alphabet = Fix.Bytes("0123456789=|abcXYZ.-: 8F");
        for (int i = 0; i < 4000; i++)
        {
            byte[] baseMsg = corpus[rng.Next(corpus.Count)];
            byte[] m = (byte[])baseMsg.Clone();
            switch (rng.Next(4))
            {
                case 0: // garbage
                    m = new byte[rng.Next(0, 400)];
                    for (int k = 0; k < m.Length; k++)
                    {
                        m[k] = rng.Next(3) == 0 ? alphabet[rng.Next(alphabet.Length)] : (byte)rng.Next(256);
                    }

                    break;
                case 1: // point mutations
                    for (int k = rng.Next(1, 4); k > 0 && m.Length > 0; k--)
                    {
                        m[rng.Next(m.Length)] = alphabet[rng.Next(alphabet.Length)];
                    }

                    break;
                case 2: // truncation or extension
                    m = rng.Next(2) == 0 ? m[..rng.Next(m.Length + 1)] : [.. m, .. Fix.Bytes("55=X|")];
                    break;
                default: // mutate the body then fix length and checksum, so the tokenizer sees it
                    string body = Fix.Text(m);
                    int bodyStart = body.IndexOf("|35=", StringComparison.Ordinal) + 1;
                    int trailer = body.LastIndexOf("10=", StringComparison.Ordinal);
                    if (bodyStart > 0 && trailer > bodyStart)
                    {
                        char[] chars = body[bodyStart..trailer].ToCharArray();
                        for (int k = rng.Next(1, 4); k > 0; k--)
                        {
                            chars[rng.Next(chars.Length)] = (char)alphabet[rng.Next(alphabet.Length)];
                        }

                        m = Fix.Build(new string(chars));
                    }

                    break;
            }

            corpus.Add(m);
        }

        var vt = new FixFieldTable(64);
        var st = new FixFieldTable(64);
        var validator = new FixValidator(FixDictionary.Fix44);
        int ok = 0;
        foreach (byte[] m in corpus)
        {
            FixParseStatus a = Fix.Parse(m, vt, vectors: true);
            FixParseStatus b = Fix.Parse(m, st, vectors: false);
            Assert.Equal(a, b);
            Assert.Equal(vt.Fields.ToArray(), st.Fields.ToArray());
            if (a == FixParseStatus.Ok)
            {
                ok++;
                validator.Validate(new FixMessageView(m, vt)); // must not throw on anything the parser accepts
            }
        }

        Assert.True(ok > 150, $"only {ok} messages parsed: the corpus does not exercise the tokenizer");
    }
}
