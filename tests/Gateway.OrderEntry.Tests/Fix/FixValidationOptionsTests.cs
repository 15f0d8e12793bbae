using Gateway.OrderEntry.Fix;

namespace Gateway.OrderEntry.Tests.Fix;

/// <summary>The checks venues relax, by QuickFIX's names; each off lets exactly its case through.</summary>
public class FixValidationOptionsTests
{
    private const string H = "49=GATEWAY|56=VENUE|34=2|52=20240315-14:30:00.123|";
    private const string Nos = "11=ORD1|55=AAPL|54=1|60=20240315-14:30:00.120|38=100|40=2|44=187.25|";

    private static FixValidationResult Check(string body, FixValidationOptions options) =>
        Fix.ParseAndValidate(Fix.Build(body), new FixValidator(FixDictionary.Fix44, options));

    [Theory]
    [InlineData("35=D|" + H + Nos + "43=N|", 14, 43)]                               // header field after the body
    [InlineData("35=D|" + H + "453=1|448=X|452=3|447=D|" + Nos, 15, 447)]           // group members out of order
    public void Fields_out_of_order(string body, int reason, int tag)
    {
        Assert.Equal(FixValidationResult.Reject((SessionRejectReason)reason, tag), Check(body, FixValidationOptions.Default));
        Assert.Equal(FixValidationResult.Valid, Check(body, new FixValidationOptions { CheckFieldsOutOfOrder = false }));
    }

    [Theory]
    [InlineData("35=D|" + H + Nos + "1=|", 1)]
    [InlineData("35=D|" + H + "453=1|448=X|447=|" + Nos, 447)]
    public void Empty_values(string body, int tag)
    {
        Assert.Equal(FixValidationResult.Reject(SessionRejectReason.TagSpecifiedWithoutValue, tag), Check(body, FixValidationOptions.Default));
        Assert.Equal(FixValidationResult.Valid, Check(body, new FixValidationOptions { CheckFieldsHaveValues = false }));
    }

    [Fact]
    public void Empty_required_field_is_still_missing_when_empty_values_are_allowed()
    {
        Assert.Equal(FixValidationResult.Reject(SessionRejectReason.RequiredTagMissing, 11),
            Check("35=D|" + H + "11=|55=AAPL|54=1|60=20240315-14:30:00.120|38=100|40=2|", new FixValidationOptions { CheckFieldsHaveValues = false }));
    }

    [Fact]
    public void User_defined_fields()
    {
        string body = "35=D|" + H + Nos + "5005=x|9999=y|";
        Assert.Equal(FixValidationResult.Reject(SessionRejectReason.InvalidTagNumber, 5005), Check(body, FixValidationOptions.Default));
        Assert.Equal(FixValidationResult.Valid, Check(body, new FixValidationOptions { CheckUserDefinedFields = false }));
        // Tags below 5000 are not user-defined: still refused.
        Assert.Equal(FixValidationResult.Reject(SessionRejectReason.InvalidTagNumber, 4000),
            Check(body + "4000=z|", new FixValidationOptions { CheckUserDefinedFields = false }));
    }

    [Theory]
    [InlineData("4000=z|", 0, 4000)] // not in the dictionary
    [InlineData("150=F|", 2, 150)]   // in the dictionary, not in NewOrderSingle
    public void Unknown_message_fields(string extra, int reason, int tag)
    {
        string body = "35=D|" + H + Nos + extra;
        Assert.Equal(FixValidationResult.Reject((SessionRejectReason)reason, tag), Check(body, FixValidationOptions.Default));
        Assert.Equal(FixValidationResult.Valid, Check(body, new FixValidationOptions { AllowUnknownMessageFields = true }));
        // User-defined tags are the other option's business.
        Assert.Equal(FixValidationResult.Reject(SessionRejectReason.InvalidTagNumber, 5005),
            Check(body + "5005=x|", new FixValidationOptions { AllowUnknownMessageFields = true }));
    }
}
