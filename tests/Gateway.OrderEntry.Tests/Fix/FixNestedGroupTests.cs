using Gateway.OrderEntry.Fix;

namespace Gateway.OrderEntry.Tests.Fix;

/// <summary>Nested repeating groups (Parties: NoPartyIDs 453 entries holding NoPartySubIDs 802) and the tag-number rule.</summary>
public class FixNestedGroupTests
{
    private const string H = "49=GATEWAY|56=VENUE|34=2|52=20240315-14:30:00.123|";
    private const string Tail = "55=AAPL|54=1|60=20240315-14:30:00.120|38=100|40=2|44=187.25|";

    private const string TwoParties =
        "35=D|" + H + "11=ORD1|453=2|448=A|447=D|452=1|802=2|523=s1|803=1|523=s2|803=2|448=B|452=3|" + Tail;

    [Fact]
    public void Nested_group_validates_and_is_reachable_from_its_entry()
    {
        byte[] m = Fix.Build(TwoParties);
        var table = new FixFieldTable();
        Assert.Equal(FixParseStatus.Ok, Fix.Parse(m, table));
        var v = new FixMessageView(m, table);
        Assert.Equal(FixValidationResult.Valid, new FixValidator(FixDictionary.Fix44).Validate(v));

        FixDictionary d = FixDictionary.Fix44;
        FixGroupDef parties = d.Group(FixTag.NoPartyIDs);
        FixGroupDef subIds = d.Group(FixTag.NoPartySubIDs);
        Assert.Same(subIds, parties.NestedGroup(FixTag.NoPartySubIDs));
        Assert.Equal([448, 447, 452, 802, 523, 803], parties.AllTags.ToArray());

        FixGroup g = v.GetGroup(parties);
        Assert.Equal(2, g.DeclaredCount);
        Assert.Equal(2, g.EntryCount);
        FixGroupEntry first = g.Entry(0);
        Assert.Equal("A", Fix.Text(first.GetString(FixTag.PartyID)));
        FixGroup sub = first.GetGroup(subIds);
        Assert.Equal(2, sub.DeclaredCount);
        Assert.Equal(2, sub.EntryCount);
        Assert.Equal("s1", Fix.Text(sub.Entry(0).GetString(FixTag.PartySubID)));
        Assert.Equal("s2", Fix.Text(sub.Entry(1).GetString(FixTag.PartySubID)));
        Assert.True(sub.Entry(1).TryGetInt(FixTag.PartySubIDType, out long type));
        Assert.Equal(2, type);

        FixGroupEntry second = g.Entry(1);
        Assert.Equal("B", Fix.Text(second.GetString(FixTag.PartyID)));
        Assert.Equal(0, second.GetGroup(subIds).EntryCount);
        Assert.Equal(2, second.FieldCount);
        Assert.Equal("AAPL", Fix.Text(v.GetString(FixTag.Symbol)));
    }

    [Theory]
    [InlineData("453=1|448=A|802=0|", true)]
    [InlineData("453=1|448=A|802=1|523=s|", true)]
    [InlineData("453=1|448=A|447=D|802=1|523=s|803=3|", true)]
    [InlineData("453=1|448=A|802=1|523=s|803=3|", true)]
    public void Nested_variants_that_validate(string parties, bool valid)
    {
        FixValidationResult r = Fix.ParseAndValidate(Fix.Build("35=D|" + H + "11=ORD1|" + parties + Tail));
        Assert.Equal(valid, r.IsValid);
    }

    [Theory]
    [InlineData("453=1|448=A|802=1|523=s1|523=s2|", SessionRejectReason.IncorrectNumInGroupCount, 802)]
    [InlineData("453=1|448=A|802=3|523=s1|523=s2|", SessionRejectReason.IncorrectNumInGroupCount, 802)]
    [InlineData("453=1|448=A|802=1|", SessionRejectReason.IncorrectNumInGroupCount, 802)]
    [InlineData("453=1|448=A|802=1|803=1|523=s|", SessionRejectReason.RepeatingGroupFieldsOutOfOrder, 803)]
    [InlineData("453=1|448=A|802=1|523=s|447=D|", SessionRejectReason.RepeatingGroupFieldsOutOfOrder, 447)]
    [InlineData("453=1|448=A|523=s|", SessionRejectReason.RepeatingGroupFieldsOutOfOrder, 523)]
    [InlineData("453=1|448=A|802=1|523=s|803=1|803=2|", SessionRejectReason.TagAppearsMoreThanOnce, 803)]
    [InlineData("453=1|448=A|802=1|523=s|802=1|523=t|", SessionRejectReason.TagAppearsMoreThanOnce, 802)]
    [InlineData("453=1|448=A|802=x|523=s|", SessionRejectReason.IncorrectDataFormat, 802)]
    [InlineData("453=1|448=A|802=1|523=s|803=abc|", SessionRejectReason.IncorrectDataFormat, 803)]
    [InlineData("453=1|448=A|802=1|523=|", SessionRejectReason.TagSpecifiedWithoutValue, 523)]
    [InlineData("453=2|448=A|802=1|523=s|", SessionRejectReason.IncorrectNumInGroupCount, 453)]
    [InlineData("453=1|448=A|802=1|523=s|448=B|", SessionRejectReason.IncorrectNumInGroupCount, 453)]
    public void Nested_counts_and_order(string parties, SessionRejectReason reason, int refTag)
    {
        FixValidationResult r = Fix.ParseAndValidate(Fix.Build("35=D|" + H + "11=ORD1|" + parties + Tail));
        Assert.Equal(FixValidationResult.Reject(reason, refTag), r);
    }

    [Fact]
    public void Nested_member_outside_any_entry_is_out_of_order()
    {
        FixValidationResult r = Fix.ParseAndValidate(Fix.Build("35=D|" + H + "11=ORD1|523=s|" + Tail));
        Assert.Equal(FixValidationResult.Reject(SessionRejectReason.RepeatingGroupFieldsOutOfOrder, 523), r);
    }

    /// <summary>
    /// A tag the dictionary defines but the message does not carry is reason 2; a tag the dictionary
    /// does not define is reason 0 whatever its range (user-defined tags are declared in a venue's
    /// dictionary), as QuickFIX and the Session-level Test Cases (14a, 14c) have it.
    /// </summary>
    [Theory]
    [InlineData(956, SessionRejectReason.TagNotDefinedForMessageType)]
    [InlineData(700, SessionRejectReason.TagNotDefinedForMessageType)]
    [InlineData(150, SessionRejectReason.TagNotDefinedForMessageType)]
    [InlineData(5001, SessionRejectReason.InvalidTagNumber)]
    [InlineData(9999, SessionRejectReason.InvalidTagNumber)]
    [InlineData(10000, SessionRejectReason.InvalidTagNumber)]
    [InlineData(20000, SessionRejectReason.InvalidTagNumber)]
    [InlineData(957, SessionRejectReason.InvalidTagNumber)]
    [InlineData(999, SessionRejectReason.InvalidTagNumber)]
    [InlineData(4999, SessionRejectReason.InvalidTagNumber)]
    [InlineData(101, SessionRejectReason.InvalidTagNumber)]
    [InlineData(261, SessionRejectReason.InvalidTagNumber)]
    public void Tag_number_rule(int tag, SessionRejectReason reason)
    {
        FixValidationResult r = Fix.ParseAndValidate(Fix.Build("35=D|" + H + "11=ORD1|" + Tail + tag + "=x|"));
        Assert.Equal(FixValidationResult.Reject(reason, tag), r);
        Assert.Equal(reason == SessionRejectReason.TagNotDefinedForMessageType, FixDictionary.Fix44.Field(tag) is not null);
    }

    [Fact]
    public void Tag_ranges()
    {
        Assert.True(FixTag.IsUserDefined(5000));
        Assert.False(FixTag.IsUserDefined(4999));
        Assert.Null(FixDictionary.Fix44.Field(0));
        Assert.Null(FixDictionary.Fix44.Field(-5));
        Assert.NotNull(FixDictionary.Fix44.Field(956));
        Assert.Null(FixDictionary.Fix44.Field(957));
    }
}
