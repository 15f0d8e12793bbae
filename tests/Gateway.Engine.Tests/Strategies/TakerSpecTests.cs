using Gateway.Engine.Strategies;

namespace Gateway.Engine.Tests.Strategies;

/// <summary><c>--taker SYMBOL:BUY_AT_OR_BELOW:SELL_AT_OR_ABOVE:MAX_QTY</c>: what it accepts, and the one line each bad spec gets.</summary>
public class TakerSpecTests
{
    [Theory]
    [InlineData("AAPL:187.25:190:100", "AAPL", 1_872_500, 1_900_000, 100)]
    [InlineData("aapl:187.25:190:100", "AAPL", 1_872_500, 1_900_000, 100)]
    [InlineData(" msft :1:2:3", "MSFT", 10_000, 20_000, 3)]
    [InlineData("BRK.A:0:400000:2147483647", "BRK.A", 0, 4_000_000_000, 2_147_483_647)]
    [InlineData("X-Y/Z:0.0001:1.2345:1", "X-Y/Z", 1, 12_345, 1)]
    [InlineData("ABCDEFGH:10.50:.5:7", "ABCDEFGH", 105_000, 5_000, 7)]
    [InlineData("Q:1.23450:2.000000:9", "Q", 12_345, 20_000, 9)]
    public void Good_specs_parse_to_engine_units(string text, string symbol, long buy, long sell, long qty)
    {
        Assert.True(TakerSpec.TryParse(text, out TakerSpec? spec, out string? error), error);
        Assert.Null(error);
        Assert.Equal(new TakerSpec(symbol, buy, sell, qty), spec);

        // What it prints parses back to the same spec.
        Assert.True(TakerSpec.TryParse(spec!.ToString(), out TakerSpec? again, out _));
        Assert.Equal(spec, again);
    }

    [Theory]
    [InlineData("AAPL:1:2", "taker 'AAPL:1:2': expected SYMBOL:BUY_AT_OR_BELOW:SELL_AT_OR_ABOVE:MAX_QTY")]
    [InlineData("AAPL:1:2:3:4", "taker 'AAPL:1:2:3:4': expected SYMBOL:BUY_AT_OR_BELOW:SELL_AT_OR_ABOVE:MAX_QTY")]
    [InlineData("", "taker '': expected SYMBOL:BUY_AT_OR_BELOW:SELL_AT_OR_ABOVE:MAX_QTY")]
    [InlineData("AAPL 1 2 3", "taker 'AAPL 1 2 3': expected SYMBOL:BUY_AT_OR_BELOW:SELL_AT_OR_ABOVE:MAX_QTY")]
    [InlineData(":1:2:3", "taker ':1:2:3': '' is not a symbol (1 to 8 letters, digits or . - /)")]
    [InlineData("TOOLONGSYM:1:2:3", "taker 'TOOLONGSYM:1:2:3': 'TOOLONGSYM' is not a symbol (1 to 8 letters, digits or . - /)")]
    [InlineData("AA PL:1:2:3", "taker 'AA PL:1:2:3': 'AA PL' is not a symbol (1 to 8 letters, digits or . - /)")]
    [InlineData("AAPL:x:2:3", "taker 'AAPL:x:2:3': BUY_AT_OR_BELOW 'x' is not a price (0 or more, at most four decimals)")]
    [InlineData("AAPL:-1:2:3", "taker 'AAPL:-1:2:3': BUY_AT_OR_BELOW '-1' is not a price (0 or more, at most four decimals)")]
    [InlineData("AAPL:1.23456:2:3", "taker 'AAPL:1.23456:2:3': BUY_AT_OR_BELOW '1.23456' is not a price (0 or more, at most four decimals)")]
    [InlineData("AAPL:400000.0001:2:3", "taker 'AAPL:400000.0001:2:3': BUY_AT_OR_BELOW '400000.0001' is not a price (0 or more, at most four decimals)")]
    [InlineData("AAPL::2:3", "taker 'AAPL::2:3': BUY_AT_OR_BELOW '' is not a price (0 or more, at most four decimals)")]
    [InlineData("AAPL:1:1e3:3", "taker 'AAPL:1:1e3:3': SELL_AT_OR_ABOVE '1e3' is not a price (0 or more, at most four decimals)")]
    [InlineData("AAPL:1:1,5:3", "taker 'AAPL:1:1,5:3': SELL_AT_OR_ABOVE '1,5' is not a price (0 or more, at most four decimals)")]
    [InlineData("AAPL:1:2:0", "taker 'AAPL:1:2:0': MAX_QTY '0' is not a whole number of shares above 0")]
    [InlineData("AAPL:1:2:-5", "taker 'AAPL:1:2:-5': MAX_QTY '-5' is not a whole number of shares above 0")]
    [InlineData("AAPL:1:2:1.5", "taker 'AAPL:1:2:1.5': MAX_QTY '1.5' is not a whole number of shares above 0")]
    [InlineData("AAPL:1:2:2147483648", "taker 'AAPL:1:2:2147483648': MAX_QTY '2147483648' is not a whole number of shares above 0")]
    [InlineData("AAPL:1:2:lots", "taker 'AAPL:1:2:lots': MAX_QTY 'lots' is not a whole number of shares above 0")]
    [InlineData("AAPL:1:2: 3", "taker 'AAPL:1:2: 3': MAX_QTY ' 3' is not a whole number of shares above 0")]
    public void Each_bad_spec_gets_one_line_naming_the_part_at_fault(string text, string message)
    {
        Assert.False(TakerSpec.TryParse(text, out TakerSpec? spec, out string? error));
        Assert.Null(spec);
        Assert.Equal(message, error);
    }

    [Fact]
    public void A_null_spec_is_an_error_not_an_exception()
    {
        Assert.False(TakerSpec.TryParse(null!, out TakerSpec? spec, out string? error));
        Assert.Null(spec);
        Assert.Contains("expected SYMBOL:BUY_AT_OR_BELOW:SELL_AT_OR_ABOVE:MAX_QTY", error);
    }

    [Fact]
    public void A_list_takes_repeated_options_and_comma_separated_items_in_order()
    {
        var errors = new List<string>();
        List<TakerSpec> specs = TakerSpec.ParseAll(["AAPL:1:2:3,MSFT:4:5:6", " IBM:7:8:9 ", ",,", "GOOG:10:11:12, "], errors);
        Assert.Empty(errors);
        Assert.Equal(["AAPL", "MSFT", "IBM", "GOOG"], specs.Select(s => s.Symbol));
        Assert.Equal(new TakerSpec("IBM", 70_000, 80_000, 9), specs[2]);
    }

    [Fact]
    public void A_symbol_configured_twice_is_an_error_whatever_its_case_and_the_first_stands()
    {
        var errors = new List<string>();
        List<TakerSpec> specs = TakerSpec.ParseAll(["AAPL:1:2:3", "msft:1:1:1,aapl:4:5:6"], errors);
        Assert.Equal(["taker 'aapl:4:5:6': AAPL is configured twice"], errors);
        Assert.Equal(2, specs.Count);
        Assert.Equal(new TakerSpec("AAPL", 10_000, 20_000, 3), specs[0]);
    }

    [Fact]
    public void Every_bad_item_of_a_list_is_reported_and_the_good_ones_are_kept()
    {
        var errors = new List<string>();
        List<TakerSpec> specs = TakerSpec.ParseAll(["AAPL:x:2:3,MSFT:1:2:3", "IBM:1:2", "IBM:1:2:3,NVDA:1:2:0,IBM:3:4:5"], errors);
        Assert.Equal(
            [
                "taker 'AAPL:x:2:3': BUY_AT_OR_BELOW 'x' is not a price (0 or more, at most four decimals)",
                "taker 'IBM:1:2': expected SYMBOL:BUY_AT_OR_BELOW:SELL_AT_OR_ABOVE:MAX_QTY",
                "taker 'NVDA:1:2:0': MAX_QTY '0' is not a whole number of shares above 0",
                "taker 'IBM:3:4:5': IBM is configured twice",
            ],
            errors);
        Assert.Equal(["MSFT", "IBM"], specs.Select(s => s.Symbol));
    }

    [Fact]
    public void An_empty_list_is_no_specs_and_no_errors()
    {
        var errors = new List<string>();
        Assert.Empty(TakerSpec.ParseAll([], errors));
        Assert.Empty(TakerSpec.ParseAll(["", " , "], errors));
        Assert.Empty(errors);
    }
}
