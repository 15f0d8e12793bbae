using System.Text;
using Gateway.OrderEntry.Fix;

namespace Gateway.OrderEntry.Tests.Fix;

/// <summary>The whole FIX 4.4 dictionary from FIX44.xml: compiled at build time, loadable at run time, venues' own dictionaries.</summary>
public class FixDictionaryTests
{
    private const string H = "49=GATEWAY|56=VENUE|34=2|52=20240315-14:30:00.123|";
    private const string Nos = "11=ORD1|55=AAPL|54=1|60=20240315-14:30:00.120|38=100|40=2|44=187.25|";

    [Fact]
    public void The_xml_loaded_at_run_time_is_what_the_build_compiled()
    {
        string compiled = Encoding.ASCII.GetString(FixDictionary.Fix44Spec);
        Assert.Equal(compiled, FixSpec.FromXml(Fix.Fix44Xml).ToCompact());
        Assert.Equal(compiled, FixSpec.FromCompact(compiled).ToCompact());
    }

    [Fact]
    public void The_validators_char_set_words_say_what_the_field_definitions_say()
    {
        FixDictionary d = FixDictionary.Fix44;
        int charSets = 0;
        for (int tag = 0; tag < FixDictionary.MaxTag; tag++)
        {
            bool quick = d.QuickChecks[tag] == (byte)FixQuickCheck.CharSet;
            FixFieldDef? field = d.FieldsBySlot[tag];
            charSets += quick ? 1 : 0;
            for (int c = 0; c < 128; c++)
            {
                bool inWords = ((d.CharSets[(2 * tag) + (c >> 6)] >> (c & 63)) & 1) != 0;
                Assert.Equal(quick && field!.Allows(c), inWords);
            }
        }

        // Side (54), OrdType (40), ExecType (150), OrdStatus (39), TimeInForce (59) among them.
        Assert.InRange(charSets, 5, FixDictionary.MaxTag);
        foreach (int tag in new[] { 54, 40, 150, 39, 59 })
        {
            Assert.Equal((byte)FixQuickCheck.CharSet, d.QuickChecks[tag]);
        }
    }

    [Fact]
    public void Every_message_and_field_of_fix_44_is_there()
    {
        FixDictionary d = FixDictionary.Fix44;
        Assert.Equal("FIX.4.4", d.BeginString);
        Assert.Equal(93, d.Messages.Count);
        Assert.Equal(912, d.Fields.Count());
        // Every MsgType of FIX 4.4 Volume 1's list: 0-9, A-Z without I O U, a-z, AA-BH.
        string single = "0123456789ABCDEFGHJKLMNPQRSTVWXYZabcdefghijklmnopqrstuvwxyz";
        foreach (char c in single)
        {
            Assert.NotNull(d.Message(c.ToString()));
        }

        for (char a = 'A'; a <= 'B'; a++)
        {
            for (char b = 'A'; b <= (a == 'A' ? 'Z' : 'H'); b++)
            {
                Assert.NotNull(d.Message($"{a}{b}"));
            }
        }

        Assert.Null(d.Message("BI"));
        Assert.Null(d.Message("U"));
        Assert.Equal("SecurityDefinition", d.Message("d")!.Name);
        Assert.Equal(FixType.MultipleValueString, d.Field(FixTag.ExecInst)!.Type);
        Assert.True(d.IsHeader(627) && d.IsHeader(628)); // NoHops and its members
        Assert.True(d.IsTrailer(FixTag.Signature));
    }

    [Theory]
    [InlineData("R", "131=Q1|146=1|55=AAPL|")]                                            // QuoteRequest with NoRelatedSym
    [InlineData("d", "320=R1|322=S1|323=1|55=AAPL|167=CS|")]                              // SecurityDefinition
    [InlineData("AD", "568=T1|569=0|")]                                                   // TradeCaptureReportRequest
    [InlineData("B", "148=Headline|358=3|359=a\u0001b|33=1|58=line|354=2|355=x=|")]        // News with encoded headline and text
    [InlineData("AP", "721=P1|728=0|715=20240315|453=1|448=P|447=D|452=1|1=A|581=1|55=AAPL|730=1|731=1|734=1|702=1|703=TQ|704=1|753=1|707=CASH|708=1|")]
    public void Messages_beyond_order_entry_validate(string msgType, string body)
    {
        Assert.Equal(FixValidationResult.Valid, Fix.ParseAndValidate(Fix.Build($"35={msgType}|" + H + body)));
    }

    [Theory]
    [InlineData("167=XYZ|", 167)]       // SecurityType: a String enumeration
    [InlineData("18=1 *|", 18)]         // ExecInst: each value of a MultipleValueString
    [InlineData("18=1  A|", 18)]        // an empty value between two spaces
    [InlineData("528=Q|", 528)]         // OrderCapacity: Char
    [InlineData("854=9|", 854)]         // QtyType: Int
    [InlineData("1028=Y|", 1028)]       // beyond FIX 4.4: not a tag of this dictionary -> 0, see below
    public void Enumerations_are_checked_on_every_field_that_has_them(string extra, int tag)
    {
        FixValidationResult r = Fix.ParseAndValidate(Fix.Build("35=D|" + H + Nos + extra));
        Assert.Equal(tag > FixTag.FirstUserDefined || tag > 956 ? SessionRejectReason.InvalidTagNumber : SessionRejectReason.ValueIncorrect, r.Reason);
        Assert.Equal(tag, r.RefTagId);
    }

    [Theory]
    [InlineData("167=CS|18=1 A|528=A|854=0|")]
    [InlineData("167=EUSUPRA|")]
    public void Enumerated_values_of_the_spec_pass(string extra)
    {
        Assert.Equal(FixValidationResult.Valid, Fix.ParseAndValidate(Fix.Build("35=D|" + H + Nos + extra)));
    }

    [Fact]
    public void A_venue_dictionary_adds_fields_and_messages_and_changes_requirements()
    {
        // A venue's own dictionary: FIX44.xml with a custom field (5001, above the direct-indexed tags),
        // a custom message (U1) and Price required on NewOrderSingle.
        string xml = Fix.Fix44Xml
            .Replace("<field name=\"Price\" required=\"N\"/>\n      <field name=\"StopPx\" required=\"N\"/>\n      <component name=\"SpreadOrBenchmarkCurveData\" required=\"N\"/>\n      <component name=\"YieldData\" required=\"N\"/>\n      <field name=\"Currency\" required=\"N\"/>\n      <field name=\"ComplianceID\" required=\"N\"/>\n      <field name=\"SolicitedFlag\" required=\"N\"/>\n      <field name=\"IOIID\" required=\"N\"/>\n      <field name=\"QuoteID\" required=\"N\"/>\n      <field name=\"TimeInForce\" required=\"N\"/>\n      <field name=\"EffectiveTime\" required=\"N\"/>\n      <field name=\"ExpireDate\" required=\"N\"/>\n      <field name=\"ExpireTime\" required=\"N\"/>\n      <field name=\"GTBookingInst\" required=\"N\"/>\n      <component name=\"CommissionData\" required=\"N\"/>\n      <field name=\"OrderCapacity\" required=\"N\"/>\n      <field name=\"OrderRestrictions\" required=\"N\"/>\n      <field name=\"CustOrderCapacity\" required=\"N\"/>\n      <field name=\"ForexReq\" required=\"N\"/>\n      <field name=\"SettlCurrency\" required=\"N\"/>\n      <field name=\"BookingType\" required=\"N\"/>\n      <field name=\"Text\" required=\"N\"/>\n      <field name=\"EncodedTextLen\" required=\"N\"/>\n      <field name=\"EncodedText\" required=\"N\"/>\n      <field name=\"SettlDate2\" required=\"N\"/>",
                     "<field name=\"Price\" required=\"Y\"/>\n      <field name=\"StopPx\" required=\"N\"/>\n      <component name=\"SpreadOrBenchmarkCurveData\" required=\"N\"/>\n      <component name=\"YieldData\" required=\"N\"/>\n      <field name=\"Currency\" required=\"N\"/>\n      <field name=\"ComplianceID\" required=\"N\"/>\n      <field name=\"SolicitedFlag\" required=\"N\"/>\n      <field name=\"IOIID\" required=\"N\"/>\n      <field name=\"QuoteID\" required=\"N\"/>\n      <field name=\"TimeInForce\" required=\"N\"/>\n      <field name=\"EffectiveTime\" required=\"N\"/>\n      <field name=\"ExpireDate\" required=\"N\"/>\n      <field name=\"ExpireTime\" required=\"N\"/>\n      <field name=\"GTBookingInst\" required=\"N\"/>\n      <component name=\"CommissionData\" required=\"N\"/>\n      <field name=\"OrderCapacity\" required=\"N\"/>\n      <field name=\"OrderRestrictions\" required=\"N\"/>\n      <field name=\"CustOrderCapacity\" required=\"N\"/>\n      <field name=\"ForexReq\" required=\"N\"/>\n      <field name=\"SettlCurrency\" required=\"N\"/>\n      <field name=\"BookingType\" required=\"N\"/>\n      <field name=\"Text\" required=\"N\"/>\n      <field name=\"EncodedTextLen\" required=\"N\"/>\n      <field name=\"EncodedText\" required=\"N\"/>\n      <field name=\"SettlDate2\" required=\"N\"/>\n      <field name=\"VenueFlag\" required=\"N\"/>")
            .Replace("  </messages>", "    <message name=\"VenueStatus\" msgtype=\"U1\" msgcat=\"app\">\n      <field name=\"VenueFlag\" required=\"Y\"/>\n      <field name=\"Text\" required=\"N\"/>\n    </message>\n  </messages>")
            .Replace("  </fields>", "    <field number=\"5001\" name=\"VenueFlag\" type=\"CHAR\">\n      <value enum=\"A\" description=\"ALPHA\"/>\n      <value enum=\"B\" description=\"BRAVO\"/>\n    </field>\n  </fields>");
        Assert.Contains("VenueFlag\" required=\"N\"", xml);
        FixDictionary venue = FixDictionary.FromXml(xml);
        var v = new FixValidator(venue);
        Assert.Equal(FixValidationResult.Valid, Fix.ParseAndValidate(Fix.Build("35=U1|" + H + "5001=A|58=hello|"), v));
        Assert.Equal(FixValidationResult.Valid, Fix.ParseAndValidate(Fix.Build("35=D|" + H + Nos + "5001=B|"), v));
        Assert.Equal(FixValidationResult.Reject(SessionRejectReason.ValueIncorrect, 5001), Fix.ParseAndValidate(Fix.Build("35=D|" + H + Nos + "5001=C|"), v));
        Assert.Equal(FixValidationResult.Reject(SessionRejectReason.RequiredTagMissing, 5001), Fix.ParseAndValidate(Fix.Build("35=U1|" + H + "58=x|"), v));
        Assert.Equal(FixValidationResult.Reject(SessionRejectReason.RequiredTagMissing, 44),
            Fix.ParseAndValidate(Fix.Build("35=D|" + H + "11=ORD1|55=AAPL|54=1|60=20240315-14:30:00.120|38=100|40=2|"), v));
        Assert.Equal(FixValidationResult.Reject(SessionRejectReason.TagNotDefinedForMessageType, 5001), Fix.ParseAndValidate(Fix.Build("35=0|" + H + "5001=A|"), v));

        // The compiled FIX 4.4 dictionary knows none of it.
        Assert.Equal(FixValidationResult.Reject(SessionRejectReason.InvalidMsgType, 35), Fix.ParseAndValidate(Fix.Build("35=U1|" + H + "5001=A|")));
        Assert.Equal(FixValidationResult.Reject(SessionRejectReason.InvalidTagNumber, 5001), Fix.ParseAndValidate(Fix.Build("35=D|" + H + Nos + "5001=B|")));
    }

    [Fact]
    public void A_loaded_dictionary_has_the_same_tables_as_the_compiled_one()
    {
        FixDictionary loaded = FixDictionary.FromXml(Fix.Fix44Xml);
        FixDictionary compiled = FixDictionary.Fix44;
        Assert.Equal(compiled.SlotCount, loaded.SlotCount);
        foreach (FixMessageDef m in compiled.Messages)
        {
            FixMessageDef other = loaded.Message(m.MsgType)!;
            Assert.Equal(m.Kinds, other.Kinds);
            Assert.Equal(m.RequiredTags.ToArray(), other.RequiredTags.ToArray());
        }
    }

    [Theory]
    [InlineData("<fix major=\"4\" minor=\"4\"><header/><trailer/><messages><message name=\"X\" msgtype=\"X\"><field name=\"Nope\" required=\"Y\"/></message></messages><fields/></fix>", "Nope")]
    [InlineData("<fix><header/><trailer/><messages/><fields><field number=\"1\" name=\"A\" type=\"WIBBLE\"/></fields></fix>", "WIBBLE")]
    [InlineData("<fix><header/><trailer/><messages><message name=\"X\" msgtype=\"X\"><component name=\"C\" required=\"Y\"/></message></messages><fields/></fix>", "component C")]
    [InlineData("<fix><header/><trailer/><messages/><components><component name=\"C\"><component name=\"C\" required=\"N\"/></component></components><fields/></fix>", "contains itself")]
    [InlineData("<fix><header/>", "well-formed")]
    [InlineData("<fox/>", "<fox>")]
    public void A_broken_dictionary_is_refused_with_the_reason(string xml, string says)
    {
        // The components check needs a message that uses C.
        xml = xml.Replace("<messages/><components>", "<messages><message name=\"X\" msgtype=\"X\"><component name=\"C\" required=\"N\"/></message></messages><components>");
        FormatException e = Assert.Throws<FormatException>(() => FixDictionary.FromXml(xml));
        Assert.Contains(says, e.Message);
    }

    [Fact]
    public void Load_reads_a_file()
    {
        string path = Path.Combine(Path.GetTempPath(), $"gw-dict-{Environment.ProcessId}.xml");
        File.WriteAllText(path, Fix.Fix44Xml);
        try
        {
            Assert.Equal(93, FixDictionary.Load(path).Messages.Count);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
