using Gateway.OrderEntry.Fix;

namespace Gateway.OrderEntry.Tests.Fix;

public class FixValidatorTests
{
    private const string H = "49=GATEWAY|56=VENUE|34=2|52=20240315-14:30:00.123|";
    private const string Nos = "11=ORD1|55=AAPL|54=1|60=20240315-14:30:00.120|38=100|40=2|44=187.25|";

    [Fact]
    public void Golden_messages_are_valid()
    {
        foreach (string g in Fix.Golden)
        {
            Assert.Equal(FixValidationResult.Valid, Fix.ParseAndValidate(Fix.Bytes(g)));
        }
    }

    [Theory]
    [InlineData("35=D|" + H + Nos + "5001=x|", SessionRejectReason.InvalidTagNumber, 5001)]
    [InlineData("35=D|" + H + Nos + "999=x|", SessionRejectReason.InvalidTagNumber, 999)]
    [InlineData("35=D|" + H + "11=ORD1|55=AAPL|54=1|60=20240315-14:30:00.120|44=1|", SessionRejectReason.RequiredTagMissing, 40)]
    [InlineData("35=D|49=GATEWAY|56=VENUE|52=20240315-14:30:00.123|" + Nos, SessionRejectReason.RequiredTagMissing, 34)]
    [InlineData("35=D|" + H + Nos + "108=30|", SessionRejectReason.TagNotDefinedForMessageType, 108)]
    [InlineData("35=0|" + H + "55=AAPL|", SessionRejectReason.TagNotDefinedForMessageType, 55)]
    [InlineData("35=D|" + H + "11=|55=AAPL|54=1|60=20240315-14:30:00.120|40=2|", SessionRejectReason.TagSpecifiedWithoutValue, 11)]
    [InlineData("35=D|" + H + Nos + "59=9|", SessionRejectReason.ValueIncorrect, 59)]
    [InlineData("35=D|" + H + "11=ORD1|55=AAPL|54=Z|60=20240315-14:30:00.120|40=2|", SessionRejectReason.ValueIncorrect, 54)]
    [InlineData("35=A|" + H + "98=7|108=30|", SessionRejectReason.ValueIncorrect, 98)]
    [InlineData("35=D|" + H + "11=ORD1|55=AAPL|54=1|60=20240315-14:30:00.120|38=1x0|40=2|", SessionRejectReason.IncorrectDataFormat, 38)]
    [InlineData("35=D|" + H + "11=ORD1|55=AAPL|54=12|60=20240315-14:30:00.120|40=2|", SessionRejectReason.IncorrectDataFormat, 54)]
    [InlineData("35=D|" + H + "11=ORD1|55=AAPL|54=1|60=20241315-14:30:00|40=2|", SessionRejectReason.IncorrectDataFormat, 60)]
    [InlineData("35=A|" + H + "98=0|108=30|141=X|", SessionRejectReason.IncorrectDataFormat, 141)]
    [InlineData("35=A|49=GATEWAY|56=VENUE|34=-1|52=20240315-14:30:00.123|98=0|108=30|", SessionRejectReason.IncorrectDataFormat, 34)]
    [InlineData("35=#|" + H, SessionRejectReason.InvalidMsgType, 35)]
    [InlineData("35=U|" + H, SessionRejectReason.InvalidMsgType, 35)]
    [InlineData("35=BI|" + H, SessionRejectReason.InvalidMsgType, 35)]
    [InlineData("35=ZZ|" + H, SessionRejectReason.InvalidMsgType, 35)]
    [InlineData("35=|" + H, SessionRejectReason.TagSpecifiedWithoutValue, 35)]
    [InlineData("35=D|" + H + Nos + "55=MSFT|", SessionRejectReason.TagAppearsMoreThanOnce, 55)]
    [InlineData("35=D|49=GATEWAY|49=GATEWAY|56=VENUE|34=2|52=20240315-14:30:00.123|" + Nos, SessionRejectReason.TagAppearsMoreThanOnce, 49)]
    [InlineData("35=D|" + H + Nos + "56=VENUE|", SessionRejectReason.TagSpecifiedOutOfRequiredOrder, 56)]
    [InlineData("35=D|" + H + "93=3|89=abc|" + Nos, SessionRejectReason.TagSpecifiedOutOfRequiredOrder, 11)]
    [InlineData("35=D|" + H + "453=1|447=D|448=X|" + Nos, SessionRejectReason.RepeatingGroupFieldsOutOfOrder, 447)]
    [InlineData("35=D|" + H + "453=1|448=X|452=3|447=D|" + Nos, SessionRejectReason.RepeatingGroupFieldsOutOfOrder, 447)]
    [InlineData("35=D|" + H + "448=X|" + Nos, SessionRejectReason.RepeatingGroupFieldsOutOfOrder, 448)]
    [InlineData("35=D|" + H + "453=2|448=X|447=D|452=3|" + Nos, SessionRejectReason.IncorrectNumInGroupCount, 453)]
    [InlineData("35=D|" + H + "453=1|448=X|448=Y|" + Nos, SessionRejectReason.IncorrectNumInGroupCount, 453)]
    [InlineData("35=D|" + H + "453=0|448=X|" + Nos, SessionRejectReason.IncorrectNumInGroupCount, 453)]
    [InlineData("35=D|" + H + "453=x|448=X|" + Nos, SessionRejectReason.IncorrectDataFormat, 453)]
    [InlineData("35=D|" + H + "453=1|448=X|448=Y|448=Z|" + Nos, SessionRejectReason.IncorrectNumInGroupCount, 453)]
    [InlineData("35=D|" + H + "453=1|448=X|452=3|452=4|" + Nos, SessionRejectReason.TagAppearsMoreThanOnce, 452)]
    [InlineData("35=D|" + H + "453=1|448=X|447=Q|" + Nos, SessionRejectReason.ValueIncorrect, 447)]
    [InlineData("35=B|" + H + "148=H|33=1|354=3|", SessionRejectReason.RepeatingGroupFieldsOutOfOrder, 354)]
    [InlineData("35=B|" + H + "148=H|", SessionRejectReason.RequiredTagMissing, 33)]
    [InlineData("35=B|" + H + "148=H|33=2|58=a|", SessionRejectReason.IncorrectNumInGroupCount, 33)]
    [InlineData("35=8|" + H + "37=O|17=E|150=2|39=1|55=AAPL|54=1|151=0|14=1|6=1|", SessionRejectReason.ValueIncorrect, 150)]
    [InlineData("35=9|" + H + "37=O|11=C|41=B|39=0|434=3|", SessionRejectReason.ValueIncorrect, 434)]
    [InlineData("35=3|" + H + "45=1|373=18|", SessionRejectReason.ValueIncorrect, 373)]
    [InlineData("35=j|" + H + "372=R|380=8|", SessionRejectReason.ValueIncorrect, 380)]
    [InlineData("35=8|" + H + "37=O|17=E|150=0|39=X|55=AAPL|54=1|151=0|14=1|6=1|", SessionRejectReason.ValueIncorrect, 39)]
    [InlineData("35=D|" + H + "11=ORD1|55=AAPL|54=1|60=20240315-14:30:00.120|40=2|21=4|", SessionRejectReason.ValueIncorrect, 21)]
    // Coverage against the FIX 4.4 Volume 2 reason list, in groups and the header too.
    [InlineData("35=D|" + H + "453=1|448=|" + Nos, SessionRejectReason.TagSpecifiedWithoutValue, 448)]
    [InlineData("35=D|49=|56=VENUE|34=2|52=20240315-14:30:00.123|" + Nos, SessionRejectReason.TagSpecifiedWithoutValue, 49)]
    [InlineData("35=D|" + H + "453=1|448=X|452=x|" + Nos, SessionRejectReason.IncorrectDataFormat, 452)]
    [InlineData("35=D|" + H + "453=1|448=X|447=DD|" + Nos, SessionRejectReason.IncorrectDataFormat, 447)]
    [InlineData("35=D|" + H + "453=1|448=X|453=1|448=Y|" + Nos, SessionRejectReason.TagAppearsMoreThanOnce, 453)]
    [InlineData("35=D|" + H + Nos + "93=3|89=abc|43=Y|", SessionRejectReason.TagSpecifiedOutOfRequiredOrder, 43)]
    [InlineData("35=D|" + H + Nos + "15=US|", SessionRejectReason.IncorrectDataFormat, 15)]
    [InlineData("35=0|" + H + "112=T|112=T|", SessionRejectReason.TagAppearsMoreThanOnce, 112)]
    [InlineData("35=1|" + H, SessionRejectReason.RequiredTagMissing, 112)]
    [InlineData("35=D|49=GATEWAY|34=2|52=20240315-14:30:00.123|" + Nos, SessionRejectReason.RequiredTagMissing, 56)]
    [InlineData("35=A|" + H + "98=0|108=30|384=1|385=S|372=D|", SessionRejectReason.RepeatingGroupFieldsOutOfOrder, 385)]
    [InlineData("35=A|" + H + "98=0|108=30|384=1|372=D|385=X|", SessionRejectReason.ValueIncorrect, 385)]
    // The value checks run ahead of the structural ones: whichever problem comes first in the message is reported.
    [InlineData("35=D|" + H + "11=ORD1|55=AAPL|55=MSFT|54=1|60=20240315-14:30:00|38=1x0|40=2|", SessionRejectReason.TagAppearsMoreThanOnce, 55)]
    [InlineData("35=D|" + H + "11=ORD1|38=1x0|55=AAPL|55=MSFT|54=1|60=20240315-14:30:00|40=2|", SessionRejectReason.IncorrectDataFormat, 38)]
    [InlineData("35=D|" + H + "11=ORD1|55=AAPL|54=1|60=20240315-14:30:00|40=2|56=VENUE|38=1x0|", SessionRejectReason.TagSpecifiedOutOfRequiredOrder, 56)]
    [InlineData("35=D|" + H + "11=|55=AAPL|54=1|60=20240315-14:30:00|38=1x0|40=2|", SessionRejectReason.TagSpecifiedWithoutValue, 11)]
    [InlineData("35=D|" + H + "5001=x|11=ORD1|55=AAPL|54=1|60=20240315-14:30:00|38=1x0|40=2|", SessionRejectReason.InvalidTagNumber, 5001)]
    [InlineData("35=D|" + H + "11=ORD1|55=AAPL|54=1|60=20240315-14:30:00.12x|40=2|", SessionRejectReason.IncorrectDataFormat, 60)]
    [InlineData("35=D|" + H + "11=ORD1|55=AAPL|54=1|60=20240315-14:30:00|40=2|44=187.2500000000000.01|", SessionRejectReason.IncorrectDataFormat, 44)]
    [InlineData("35=D|" + H + "453=1|448=X|452=3|11=ORD1|55=AAPL|54=1|60=20240315-14:30:00|38=1x0|40=2|", SessionRejectReason.IncorrectDataFormat, 38)]
    public void Each_reject_reason_with_its_RefTagID(string body, SessionRejectReason reason, int refTag)
    {
        FixValidationResult r = Fix.ParseAndValidate(Fix.Build(body));
        Assert.Equal(FixValidationOutcome.Reject, r.Outcome);
        Assert.Equal(reason, r.Reason);
        Assert.Equal(refTag, r.RefTagId);
    }

    [Fact]
    public void A_char_with_the_top_bit_set_is_refused_even_where_its_low_bits_would_pass()
    {
        // 0xB1 is '1' + 128: OrdStatus (39) is a char set, and so is OrdType (40) next to it, which allows '1'.
        byte[] m = Fix.Build("35=8|" + H + "37=O|17=E|150=0|39=?|55=AAPL|54=1|151=0|14=1|6=1|", checksumDelta: 0xB1 - '?');
        m[Array.IndexOf(m, (byte)'?')] = 0xB1;
        FixValidationResult r = Fix.ParseAndValidate(m);
        Assert.Equal(SessionRejectReason.ValueIncorrect, r.Reason);
        Assert.Equal(39, r.RefTagId);
    }

    [Fact]
    public void A_long_float_takes_the_general_path_and_passes()
    {
        Assert.Equal(FixValidationResult.Valid, Fix.ParseAndValidate(Fix.Build("35=D|" + H + "11=ORD1|55=AAPL|54=1|60=20240315-14:30:00|38=100|40=2|44=187.250000000000001|")));
    }

    [Theory]
    [InlineData("35=0|" + H)]
    [InlineData("35=1|" + H + "112=T1|")]
    [InlineData("35=2|" + H + "7=1|16=0|")]
    [InlineData("35=3|" + H + "45=7|371=44|372=D|373=5|58=bad price|")]
    [InlineData("35=4|" + H + "123=Y|36=10|")]
    [InlineData("35=5|" + H + "58=bye|")]
    [InlineData("35=A|" + H + "98=0|108=30|384=2|372=D|385=S|372=8|385=R|")]
    [InlineData("35=D|49=GATEWAY|56=VENUE|34=2|43=Y|52=20240315-14:30:00.123|122=20240315-14:29:00.000|" + Nos)]
    [InlineData("35=D|" + H + "11=ORD1|453=2|448=A|447=D|452=1|448=B|452=3|55=AAPL|54=2|60=20240315-14:30:00|38=1.5|40=1|59=3|")]
    [InlineData("35=F|" + H + "41=ORD1|11=ORD2|55=AAPL|54=1|60=20240315-14:30:00.120|38=100|")]
    [InlineData("35=G|" + H + "37=V1|41=ORD1|11=ORD2|55=AAPL|54=1|60=20240315-14:30:00.120|38=200|40=2|44=187.3|")]
    [InlineData("35=H|" + H + "11=ORD1|55=AAPL|54=1|")]
    [InlineData("35=9|" + H + "37=V1|11=ORD2|41=ORD1|39=8|434=1|102=1|58=too late|")]
    [InlineData("35=j|" + H + "45=3|372=R|380=3|")]
    [InlineData("35=8|" + H + "37=V1|11=ORD1|17=E1|150=0|39=0|55=AAPL|54=1|38=100|151=100|14=0|6=0|60=20240315-14:30:00.456123|")]
    [InlineData("35=D|" + H + Nos + "93=3|89=abc|")]
    public void Session_and_order_messages_validate(string body)
    {
        Assert.Equal(FixValidationResult.Valid, Fix.ParseAndValidate(Fix.Build(body)));
    }

    [Fact]
    public void Reason_values_are_those_of_the_spec()
    {
        Assert.Equal(0, (int)SessionRejectReason.InvalidTagNumber);
        Assert.Equal(1, (int)SessionRejectReason.RequiredTagMissing);
        Assert.Equal(2, (int)SessionRejectReason.TagNotDefinedForMessageType);
        Assert.Equal(4, (int)SessionRejectReason.TagSpecifiedWithoutValue);
        Assert.Equal(5, (int)SessionRejectReason.ValueIncorrect);
        Assert.Equal(6, (int)SessionRejectReason.IncorrectDataFormat);
        Assert.Equal(9, (int)SessionRejectReason.CompIdProblem);
        Assert.Equal(11, (int)SessionRejectReason.InvalidMsgType);
        Assert.Equal(13, (int)SessionRejectReason.TagAppearsMoreThanOnce);
        Assert.Equal(14, (int)SessionRejectReason.TagSpecifiedOutOfRequiredOrder);
        Assert.Equal(15, (int)SessionRejectReason.RepeatingGroupFieldsOutOfOrder);
        Assert.Equal(16, (int)SessionRejectReason.IncorrectNumInGroupCount);
    }

    [Fact]
    public void Dictionary_covers_the_issue_messages_with_their_required_fields()
    {
        FixDictionary d = FixDictionary.Fix44;
        foreach (string t in new[] { "0", "1", "2", "3", "4", "5", "A", "D", "F", "G", "H", "8", "9", "j", "B" })
        {
            Assert.NotNull(d.Message(t));
        }

        Assert.True(d.Message("A")!.IsAdmin);
        Assert.False(d.Message("D")!.IsAdmin);
        // FIX 4.4 Volume 4: the Instrument and OrderQtyData blocks are required, none of their fields is.
        Assert.Equal([11, 54, 60, 40], d.Message("D")!.RequiredTags.ToArray());
        Assert.Equal([37, 17, 150, 39, 54, 151, 14, 6], d.Message("8")!.RequiredTags.ToArray());
        Assert.Equal(FixFieldUse.GroupCount, d.Message("8")!.Use(FixTag.NoPartyIDs));
        Assert.Equal(FixType.UtcTimestamp, d.Field(FixTag.SendingTime)!.Type);
        Assert.Equal(FixType.Price, d.Field(FixTag.Price)!.Type);
        Assert.Equal([49, 56, 34, 52], d.HeaderRequiredTags.ToArray()[3..]);
    }
}
