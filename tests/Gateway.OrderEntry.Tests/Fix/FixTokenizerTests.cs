using System.Text;
using Gateway.OrderEntry.Fix;

namespace Gateway.OrderEntry.Tests.Fix;

/// <summary>
/// The tokenizer walks 64-byte blocks of SOH and '=' bits; these put fields, data values and the
/// trailer at every position against those blocks and check the result against the fields the test
/// built the message from, and the vector walk against the scalar one.
/// </summary>
public class FixTokenizerTests
{
    private const string H = "49=GATEWAY|56=VENUE|34=2|52=20240315-14:30:00.123|";

    private static byte[] Build(List<(int Tag, string Value)> body) =>
        Fix.Build(string.Concat(body.Select(f => $"{f.Tag}={f.Value}|")));

    private static void AssertFields(byte[] m, FixFieldTable table, List<(int Tag, string Value)> body)
    {
        Assert.Equal(body.Count + 3, table.Count);
        Assert.Equal(FixTag.BeginString, table[0].Tag);
        Assert.Equal(FixTag.BodyLength, table[1].Tag);
        for (int i = 0; i < body.Count; i++)
        {
            FixField f = table[i + 2];
            Assert.Equal(body[i].Tag, f.Tag);
            Assert.Equal(body[i].Value, Fix.Text(m.AsSpan(f.Offset, f.Length)));
        }

        Assert.Equal(FixTag.CheckSum, table[body.Count + 2].Tag);
    }

    [Fact]
    public void Data_pair_at_every_offset_against_the_blocks()
    {
        // The pad moves the pair across two block boundaries; the data's own SOH and '=' land first,
        // last and in the middle of a block in turn.
        string[] values = ["|", "=", "=|", "|=", "||==||", "a=b|c=d|", "1=2|3=4|10=000|", new string('|', 70), new string('=', 65) + "|"];
        var vt = new FixFieldTable();
        var st = new FixFieldTable();
        foreach (string data in values)
        {
            for (int pad = 0; pad <= 140; pad++)
            {
                List<(int, string)> body =
                [
                    (35, "B"), (49, "VENUE"), (56, "GATEWAY"), (34, "9"), (52, "20240315-13:05:00.000"),
                    (58, new string('x', pad)), (354, data.Length.ToString()), (355, data), (148, "H"),
                ];
                byte[] m = Build(body);
                Assert.Equal(FixParseStatus.Ok, Fix.Parse(m, vt));
                Assert.Equal(FixParseStatus.Ok, Fix.Parse(m, st, vectors: false));
                AssertFields(m, vt, body);
                AssertFields(m, st, body);
            }
        }
    }

    [Fact]
    public void Data_pair_as_the_last_field_ends_where_the_trailer_begins()
    {
        var table = new FixFieldTable();
        for (int n = 0; n <= 130; n++)
        {
            string data = new string('|', n / 2) + new string('=', n - (n / 2));
            List<(int, string)> body = [(35, "A"), (49, "G"), (56, "V"), (34, "1"), (52, "20240315-13:00:00"), (95, n.ToString()), (96, data)];
            byte[] m = Build(body);
            foreach (bool vectors in new[] { true, false })
            {
                Assert.Equal(FixParseStatus.Ok, Fix.Parse(m, table, vectors));
                AssertFields(m, table, body);
            }
        }
    }

    [Fact]
    public void CheckSum_is_checked_for_every_message_length_around_the_blocks()
    {
        var table = new FixFieldTable();
        for (int pad = 0; pad <= 200; pad++)
        {
            string body = "35=0|" + H + "58=" + new string((char)('!' + (pad % 90)), pad) + "|";
            foreach (bool vectors in new[] { true, false })
            {
                Assert.Equal(FixParseStatus.Ok, Fix.Parse(Fix.Build(body), table, vectors));
                Assert.Equal(FixParseStatus.ChecksumMismatch, Fix.Parse(Fix.Build(body, checksumDelta: 1), table, vectors));
                Assert.Equal(FixParseStatus.ChecksumMismatch, Fix.Parse(Fix.Build(body, checksumDelta: 255), table, vectors));
            }
        }
    }

    [Fact]
    public void High_bytes_count_in_the_checksum()
    {
        // Bytes >= 0x80 in a data value: the vector sum wraps per byte lane, which is the mod 256 the
        // CheckSum wants; build the message with them and check both paths accept it.
        var table = new FixFieldTable();
        for (int n = 1; n <= 150; n++)
        {
            byte[] head = Fix.Bytes("35=A|" + H + "98=0|108=30|95=" + n + "|96=");
            byte[] data = Enumerable.Range(0, n).Select(i => (byte)(0x80 + (i * 7 % 128))).ToArray();
            byte[] body = [.. head, .. data, 1];
            byte[] prefix = Encoding.ASCII.GetBytes($"8=FIX.4.4\u00019={body.Length}\u0001");
            int sum = prefix.Sum(x => x) + body.Sum(x => x);
            byte[] m = [.. prefix, .. body, .. Encoding.ASCII.GetBytes($"10={sum % 256:D3}\u0001")];
            Assert.Equal(FixParseStatus.Ok, Fix.Parse(m, table, vectors: true));
            Assert.Equal(FixParseStatus.Ok, Fix.Parse(m, table, vectors: false));
            Assert.Equal(data, m.AsSpan(table[table.IndexOf(FixTag.RawData)].Offset, n).ToArray());
        }
    }

    [Fact]
    public void Vector_and_scalar_agree_on_a_fuzzed_corpus_with_data_fields()
    {
        var rng = new Random(912);
        var vp = new FixParser { UseVectors = true };
        var sp = new FixParser { UseVectors = false };
        var vt = new FixFieldTable(64);
        var st = new FixFieldTable(64);
        const string Plain = "abcXYZ0123456789-.:=";
        const string Wild = "|=|=19a";
        (int Length, int Data)[] pairs = FixDataFields.Pairs.ToArray();
        for (int round = 0; round < 3000; round++)
        {
            List<(int Tag, string Value)> body = [(35, "B")];
            int fields = rng.Next(1, 40);
            for (int i = 0; i < fields; i++)
            {
                if (rng.Next(6) == 0)
                {
                    (int lengthTag, int dataTag) = pairs[rng.Next(pairs.Length)];
                    string data = RandomText(rng, Wild, rng.Next(0, 90));
                    body.Add((lengthTag, data.Length.ToString()));
                    body.Add((dataTag, data));
                }
                else
                {
                    int tag = rng.Next(3) == 0 ? rng.Next(1, 100_000) : rng.Next(1, 200);
                    if (tag == FixTag.CheckSum || FixDataFields.LengthTagOf(tag) != 0)
                    {
                        tag = 58;
                    }

                    body.Add((tag, RandomText(rng, Plain, rng.Next(0, 12))));
                }
            }

            byte[] m = Build(body);
            FixParseStatus vs = vp.Parse(m, vt);
            Assert.Equal(body.Count + 3 <= vt.Capacity ? FixParseStatus.Ok : FixParseStatus.TooManyFields, vs);
            if (vs == FixParseStatus.Ok)
            {
                AssertFields(m, vt, body);
            }

            AssertAgree(m, vp, vt, sp, st);

            // Damage: bytes turned into SOH, '=', '0' or a letter, and lengths off by a little. Most of
            // these fail; vector and scalar must fail the same way.
            for (int k = 0; k < 4; k++)
            {
                byte[] bad = (byte[])m.Clone();
                int at = rng.Next(bad.Length);
                bad[at] = (byte)"\u0001=0x"[rng.Next(4)];
                AssertAgree(bad, vp, vt, sp, st);
                AssertAgree(bad.AsSpan(0, rng.Next(bad.Length)).ToArray(), vp, vt, sp, st);
            }
        }
    }

    private static void AssertAgree(byte[] m, FixParser vp, FixFieldTable vt, FixParser sp, FixFieldTable st)
    {
        FixParseStatus vs = vp.Parse(m, vt);
        FixParseStatus ss = sp.Parse(m, st);
        Assert.Equal(ss, vs);
        Assert.Equal(sp.ErrorTag, vp.ErrorTag);
        Assert.Equal(st.Count, vt.Count);
        Assert.True(st.Fields.SequenceEqual(vt.Fields));
    }

    private static string RandomText(Random rng, string alphabet, int n)
    {
        var sb = new StringBuilder(n);
        for (int i = 0; i < n; i++)
        {
            sb.Append(alphabet[rng.Next(alphabet.Length)]);
        }

        return sb.ToString();
    }
}
