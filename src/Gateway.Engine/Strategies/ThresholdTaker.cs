using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Gateway.Core.Trading;
using Gateway.OrderEntry.Orders;
using Gateway.Risk;

namespace Gateway.Engine.Strategies;

/// <summary>
/// One instrument of <see cref="ThresholdTaker"/>: <c>SYMBOL:BUY_AT_OR_BELOW:SELL_AT_OR_ABOVE:MAX_QTY</c>,
/// prices in currency units with up to four decimals, the quantity in shares.
/// </summary>
public sealed record TakerSpec(string Symbol, long BuyAtOrBelow, long SellAtOrAbove, long MaxQty)
{
    /// <summary>Parses one spec; <paramref name="error"/> names the part at fault.</summary>
    public static bool TryParse(string text, out TakerSpec? spec, out string? error)
    {
        spec = null;
        error = null;
        string[] parts = (text ?? "").Split(':');
        if (parts.Length != 4)
        {
            error = $"taker '{text}': expected SYMBOL:BUY_AT_OR_BELOW:SELL_AT_OR_ABOVE:MAX_QTY";
            return false;
        }

        string symbol = parts[0].Trim().ToUpperInvariant();
        if (!RiskSettings.IsSymbol(symbol))
        {
            error = $"taker '{text}': '{parts[0]}' is not a symbol (1 to 8 letters, digits or . - /)";
            return false;
        }

        if (!TryPrice(parts[1], out long buy))
        {
            error = $"taker '{text}': BUY_AT_OR_BELOW '{parts[1]}' is not a price (0 or more, at most four decimals)";
            return false;
        }

        if (!TryPrice(parts[2], out long sell))
        {
            error = $"taker '{text}': SELL_AT_OR_ABOVE '{parts[2]}' is not a price (0 or more, at most four decimals)";
            return false;
        }

        if (!long.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out long qty) || qty is <= 0 or > int.MaxValue)
        {
            error = $"taker '{text}': MAX_QTY '{parts[3]}' is not a whole number of shares above 0";
            return false;
        }

        spec = new TakerSpec(symbol, buy, sell, qty);
        return true;
    }

    /// <summary>Parses a list (each item may itself be comma-separated); every error is reported, one line each.</summary>
    public static List<TakerSpec> ParseAll(IEnumerable<string> items, List<string> errors)
    {
        var specs = new List<TakerSpec>();
        foreach (string item in items)
        {
            foreach (string one in item.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!TryParse(one, out TakerSpec? spec, out string? error))
                {
                    errors.Add(error!);
                }
                else if (specs.Exists(s => s.Symbol == spec!.Symbol))
                {
                    errors.Add($"taker '{one}': {spec!.Symbol} is configured twice");
                }
                else
                {
                    specs.Add(spec!);
                }
            }
        }

        return specs;
    }

    private static bool TryPrice(string s, out long units)
    {
        units = 0;
        if (!decimal.TryParse(s, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal d)
            || d < 0 || d > 400_000m || decimal.Round(d, 4) != d)
        {
            return false;
        }

        units = PriceUnits.FromDecimal(d);
        return true;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Symbol}:{PriceUnits.ToDecimal(BuyAtOrBelow)}:{PriceUnits.ToDecimal(SellAtOrAbove)}:{MaxQty}");
}

/// <summary>
/// The reference strategy, for latency tests and demos. Its rule is exact, so a replay can be
/// checked against an independent model: after each message that changes a configured
/// instrument's book (A F E C X D U), if the best ask now differs from the best ask after the
/// previous such message for that instrument (no ask is a value too; the first message compares
/// against "no ask") and is at or below BUY_AT_OR_BELOW, it sends a buy immediate-or-cancel limit
/// order at the best ask for min(MAX_QTY, shares at that level); then the mirror image for the best
/// bid and sells at or above SELL_AT_OR_ABOVE. It ignores its own orders and fills.
/// </summary>
public struct ThresholdTaker : IStrategy
{
    private readonly TakerSpec[] _specs;
    private readonly byte[][] _symbols;
    private readonly short[] _specOf;     // instrument → spec index + 1 (0: not configured)
    private readonly long[] _lastAsk;     // by spec index: best ask after the previous change (0: no ask)
    private readonly long[] _lastBid;
    private readonly TimeInForce _tif;

    /// <param name="timeInForce">Immediate-or-cancel by the rule; Day leaves unfilled orders resting (shutdown and kill-switch drills).</param>
    public ThresholdTaker(IReadOnlyList<TakerSpec> specs, int maxInstruments = 65536, TimeInForce timeInForce = TimeInForce.ImmediateOrCancel)
    {
        _tif = timeInForce;
        if (specs.Count is 0 or > short.MaxValue)
        {
            throw new ArgumentException("threshold-taker needs at least one instrument", nameof(specs));
        }

        _specs = [.. specs];
        _symbols = [.. specs.Select(s => Encoding.ASCII.GetBytes(s.Symbol))];
        _specOf = new short[maxInstruments];
        _lastAsk = new long[specs.Count];
        _lastBid = new long[specs.Count];
    }

    public readonly IReadOnlyList<TakerSpec> Specs => _specs;

    public readonly bool OnInstrument(ushort instrument, ReadOnlySpan<byte> symbol)
    {
        for (int i = 0; i < _symbols.Length; i++)
        {
            if (symbol.SequenceEqual(_symbols[i]))
            {
                _specOf[instrument] = (short)(i + 1);
                return true;
            }
        }

        return false;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void OnBookChange(in BookChange change, IntentBuffer intents)
    {
        int k = _specOf[change.Instrument] - 1;
        if (k < 0)
        {
            return;
        }

        TakerSpec spec = _specs[k];
        Touch after = change.After;
        long ask = after.HasAsk ? after.AskPrice : 0;
        if (ask != _lastAsk[k])
        {
            _lastAsk[k] = ask;
            if (ask != 0 && ask <= spec.BuyAtOrBelow)
            {
                intents.New(change.Instrument, Side.Buy, ask, Math.Min(spec.MaxQty, after.AskShares), _tif);
            }
        }

        long bid = after.HasBid ? after.BidPrice : 0;
        if (bid != _lastBid[k])
        {
            _lastBid[k] = bid;
            if (bid != 0 && bid >= spec.SellAtOrAbove)
            {
                intents.New(change.Instrument, Side.Sell, bid, Math.Min(spec.MaxQty, after.BidShares), _tif);
            }
        }
    }

    public readonly void OnTrade(in TradeEvent trade, IntentBuffer intents) { }

    public readonly void OnOrderEvent(in OrderEvent orderEvent, IntentBuffer intents) { }

    public readonly void OnTimer(long nowNs, IntentBuffer intents) { }
}
