using Gateway.OrderEntry.Fix;
using Gateway.Tests.Shared;

namespace Gateway.OrderEntry.Tests.Fix;

public class FixAllocationTests
{
    [Fact]
    [Trait(TestCategory.Key, TestCategory.Timing)]
    public void Parse_and_validate_allocate_nothing_after_warm_up()
    {
        byte[][] messages =
        [
            .. Fix.Golden.Select(Fix.Bytes),
            Fix.Build("35=D|49=A|56=B|34=1|52=20240315-14:30:00|11=X|55=Y|54=9|60=20240315-14:30:00|40=2|"),
            Fix.Build("35=D|49=A|56=B|34=1|52=20240315-14:30:00|11=X|453=2|448=A|802=2|523=s1|523=s2|448=B|" +
                      "55=Y|54=1|60=20240315-14:30:00|40=2|58=x|354=5|355=a|b=c|"),
            Fix.Build("35=A|49=A|56=B|34=1|52=20240315-14:30:00|98=0|108=30|95=x|96=abc|"),
        ];
        FixGroupDef parties = FixDictionary.Fix44.Group(FixTag.NoPartyIDs);
        FixGroupDef subIds = FixDictionary.Fix44.Group(FixTag.NoPartySubIDs);
        var parser = new FixParser();
        var table = new FixFieldTable();
        var validator = new FixValidator(FixDictionary.Fix44);
        byte[] garbled = Fix.Bytes(Fix.NewOrderSingle.Replace("10=150", "10=151"));

        long Run(int rounds)
        {
            long sum = 0;
            for (int r = 0; r < rounds; r++)
            {
                foreach (byte[] m in messages)
                {
                    FixParseStatus ps = FixFramer.Next(m).Status == FixFrameStatus.Complete ? parser.Parse(m, table) : FixParseStatus.Incomplete;
                    if (FixValidator.TryRejectParseFailure(ps, parser.ErrorTag, out FixValidationResult rejected))
                    {
                        sum += rejected.RefTagId;
                    }

                    if (ps == FixParseStatus.Ok)
                    {
                        var v = new FixMessageView(m, table);
                        FixValidationResult res = validator.Validate(v);
                        sum += (int)res.Reason + res.RefTagId;
                        v.TryGetPrice(FixTag.Price, out FixPrice p);
                        v.TryGetTimestamp(FixTag.SendingTime, out long ts);
                        FixGroup g = v.GetGroup(parties);
                        sum += p.Units + ts + g.EntryCount + (g.EntryCount > 0 ? g.Entry(0).GetGroup(subIds).EntryCount : 0);
                    }
                }

                sum += (int)parser.Parse(garbled, table);
            }

            return sum;
        }

        Run(50);
        JitSettle.Wait(); // let the background tier-1 compilations land before measuring
        Run(50);
        long before = GC.GetAllocatedBytesForCurrentThread();
        long total = Run(20_000);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.NotEqual(0, total);
    }

    /// <summary>A venue dictionary loaded at start-up, with a tag above the direct-indexed range, a
    /// custom message and String enumerations, validates without allocating as the compiled one does.</summary>
    [Fact]
    public void Validation_against_a_loaded_venue_dictionary_allocates_nothing()
    {
        string xml = Fix.Fix44Xml
            .Replace("  </messages>", "    <message name=\"VenueStatus\" msgtype=\"U1\" msgcat=\"app\">\n      <field name=\"VenueFlag\" required=\"Y\"/>\n    </message>\n  </messages>")
            .Replace("  </fields>", "    <field number=\"20001\" name=\"VenueFlag\" type=\"STRING\">\n      <value enum=\"ALPHA\" description=\"A\"/>\n      <value enum=\"VERY-LONG-VALUE\" description=\"B\"/>\n    </field>\n  </fields>");
        var validator = new FixValidator(FixDictionary.FromXml(xml));
        byte[][] messages =
        [
            Fix.Build("35=U1|49=A|56=B|34=1|52=20240315-14:30:00|20001=ALPHA|"),
            Fix.Build("35=U1|49=A|56=B|34=1|52=20240315-14:30:00|20001=VERY-LONG-VALUE|"),
            Fix.Build("35=U1|49=A|56=B|34=1|52=20240315-14:30:00|20001=BRAVO|"),
            Fix.Build("35=D|49=A|56=B|34=1|52=20240315-14:30:00|11=X|55=Y|167=CS|18=1 A|54=1|60=20240315-14:30:00|40=2|"),
            Fix.Bytes(Fix.ExecutionReport),
        ];
        var parser = new FixParser();
        var table = new FixFieldTable();

        long Run(int rounds)
        {
            long sum = 0;
            for (int r = 0; r < rounds; r++)
            {
                foreach (byte[] m in messages)
                {
                    parser.Parse(m, table);
                    FixValidationResult res = validator.Validate(new FixMessageView(m, table));
                    sum += (int)res.Reason + 2;
                }
            }

            return sum;
        }

        SessionRejectReason[] expected = [SessionRejectReason.None, SessionRejectReason.None, SessionRejectReason.ValueIncorrect, SessionRejectReason.None, SessionRejectReason.None];
        for (int i = 0; i < messages.Length; i++)
        {
            Assert.Equal(FixParseStatus.Ok, parser.Parse(messages[i], table));
            Assert.Equal(expected[i], validator.Validate(new FixMessageView(messages[i], table)).Reason);
        }

        Run(50);
        Thread.Sleep(200);
        long before = GC.GetAllocatedBytesForCurrentThread();
        long total = Run(20_000);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.NotEqual(0, total);
    }

    [Fact]
    [Trait(TestCategory.Key, TestCategory.Timing)]
    public void Encode_allocates_nothing_after_warm_up()
    {
        var t = new FixMessageTemplate("D", "GATEWAY", "VENUE");
        var enc = new FixEncoder(new byte[1024]);

        long Run(int rounds)
        {
            long sum = 0;
            for (int r = 0; r < rounds; r++)
            {
                sum += FixEncoderTests.EncodeGoldenNewOrderSingle(enc, t, r + 1).Length;
            }

            return sum;
        }

        Run(50);
        JitSettle.Wait(); // let the background tier-1 compilations land before measuring
        Run(50);
        long before = GC.GetAllocatedBytesForCurrentThread();
        long total = Run(50_000);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.True(total > 50_000 * 200);
    }
}
