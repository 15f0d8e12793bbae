using Gateway.Core.Trading;

namespace Gateway.Risk;

/// <summary>
/// Pre-trade limits as configured (the <c>Risk</c> section): global values, and per-instrument
/// overrides under <c>Instruments:SYMBOL</c>. Money is in currency units (dollars), quantities in
/// shares. The defaults are deliberately small, so that a gateway started without a risk
/// configuration can do little harm: 1,000 shares and $100,000 an order, a 5 % collar, 5,000
/// shares a position, $1,000,000 gross and credit, 100 orders a second, $10,000 of loss.
/// </summary>
public sealed class RiskSettings
{
    public long MaxOrderQty { get; set; } = 1_000;

    public decimal MaxOrderNotional { get; set; } = 100_000m;

    /// <summary>Basis points a limit price may go through the touch (1 to 10,000).</summary>
    public int PriceCollarBps { get; set; } = 500;

    /// <summary>Largest absolute position per instrument, counting open orders on the side that grows it.</summary>
    public long MaxPosition { get; set; } = 5_000;

    public decimal MaxGrossExposure { get; set; } = 1_000_000m;

    public decimal CreditLimit { get; set; } = 1_000_000m;

    public int MaxOrdersPerSecond { get; set; } = 100;

    /// <summary>Realized plus unrealized loss (positive number) at which the kill switch engages itself.</summary>
    public decimal MaxLoss { get; set; } = 10_000m;

    /// <summary>
    /// After the feed lost messages for good (the books may be wrong): <c>refuse</c> new orders and
    /// replaces until an operator clears the flag (<c>gw control clear-stale</c>), or <c>flag</c>:
    /// let them through and count them.
    /// </summary>
    public string OnStaleFeed { get; set; } = "refuse";

    /// <summary><see cref="OnStaleFeed"/> parsed (valid once <see cref="Validate"/> passed).</summary>
    public StaleFeedPolicy StaleFeedPolicy => OnStaleFeed == "flag" ? StaleFeedPolicy.Flag : StaleFeedPolicy.Refuse;

    /// <summary>Symbols no order may be sent for.</summary>
    public List<string> Restricted { get; set; } = [];

    /// <summary>Per-instrument overrides, by symbol.</summary>
    public Dictionary<string, InstrumentRiskSettings> Instruments { get; set; } = [];

    /// <summary>Every problem, one line each, naming the configuration key (<c>Risk:...</c>); empty when valid.</summary>
    public List<string> Validate()
    {
        var errors = new List<string>();
        Positive(errors, "Risk:MaxOrderQty", MaxOrderQty, int.MaxValue);
        PositiveMoney(errors, "Risk:MaxOrderNotional", MaxOrderNotional);
        if (PriceCollarBps is < 1 or > 10_000)
        {
            errors.Add($"Risk:PriceCollarBps must be 1 to 10000 basis points (got {PriceCollarBps})");
        }

        Positive(errors, "Risk:MaxPosition", MaxPosition, int.MaxValue);
        PositiveMoney(errors, "Risk:MaxGrossExposure", MaxGrossExposure);
        PositiveMoney(errors, "Risk:CreditLimit", CreditLimit);
        if (MaxOrdersPerSecond is < 1 or > 1_000_000)
        {
            errors.Add($"Risk:MaxOrdersPerSecond must be 1 to 1000000 (got {MaxOrdersPerSecond})");
        }

        PositiveMoney(errors, "Risk:MaxLoss", MaxLoss);
        if (OnStaleFeed is not ("refuse" or "flag"))
        {
            errors.Add($"Risk:OnStaleFeed must be refuse or flag (got '{OnStaleFeed}')");
        }

        for (int i = 0; i < Restricted.Count; i++)
        {
            if (!IsSymbol(Restricted[i]))
            {
                errors.Add($"Risk:Restricted:{i} '{Restricted[i]}' is not a symbol (1 to 8 letters, digits or . - /)");
            }
        }

        foreach ((string symbol, InstrumentRiskSettings s) in Instruments)
        {
            string key = "Risk:Instruments:" + symbol;
            if (!IsSymbol(symbol))
            {
                errors.Add($"{key} is not a symbol (1 to 8 letters, digits or . - /)");
                continue;
            }

            if (s.MaxOrderQty is long q)
            {
                Positive(errors, key + ":MaxOrderQty", q, int.MaxValue);
            }

            if (s.MaxOrderNotional is decimal n)
            {
                PositiveMoney(errors, key + ":MaxOrderNotional", n);
            }

            if (s.PriceCollarBps is int bps && bps is < 1 or > 10_000)
            {
                errors.Add($"{key}:PriceCollarBps must be 1 to 10000 basis points (got {bps})");
            }

            if (s.MaxPosition is long p)
            {
                Positive(errors, key + ":MaxPosition", p, int.MaxValue);
            }
        }

        return errors;
    }

    /// <summary>ITCH symbols: up to 8 characters, upper-case letters and digits, and a few separators.</summary>
    public static bool IsSymbol(string? s) =>
        !string.IsNullOrEmpty(s) && s.Length <= 8 && s.All(c => c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '.' or '-' or '/');

    private static void Positive(List<string> errors, string key, long value, long max)
    {
        if (value <= 0 || value > max)
        {
            errors.Add($"{key} must be 1 to {max} (got {value})");
        }
    }

    private static void PositiveMoney(List<string> errors, string key, decimal value)
    {
        // Price units times shares must fit a long with room to add: about $90 billion.
        if (value <= 0 || value > 90_000_000_000m)
        {
            errors.Add($"{key} must be a positive amount up to 90000000000 (got {value})");
        }
    }

    /// <summary>The limits of one instrument: the globals, with the instrument's overrides applied.</summary>
    public InstrumentLimits LimitsFor(string symbol)
    {
        InstrumentRiskSettings? o = null;
        foreach ((string key, InstrumentRiskSettings s) in Instruments)
        {
            if (string.Equals(key, symbol, StringComparison.OrdinalIgnoreCase))
            {
                o = s;
            }
        }

        bool restricted = Restricted.Exists(r => string.Equals(r, symbol, StringComparison.OrdinalIgnoreCase)) || o?.Restricted == true;
        return new InstrumentLimits
        {
            MaxOrderQty = o?.MaxOrderQty ?? MaxOrderQty,
            MaxOrderNotional = PriceUnits.FromDecimal(o?.MaxOrderNotional ?? MaxOrderNotional),
            PriceCollarBps = o?.PriceCollarBps ?? PriceCollarBps,
            MaxPosition = o?.MaxPosition ?? MaxPosition,
            Restricted = restricted,
        };
    }
}

/// <summary>Overrides for one instrument (<c>Risk:Instruments:SYMBOL:...</c>); an unset value takes the global one.</summary>
public sealed class InstrumentRiskSettings
{
    public long? MaxOrderQty { get; set; }

    public decimal? MaxOrderNotional { get; set; }

    public int? PriceCollarBps { get; set; }

    public long? MaxPosition { get; set; }

    public bool? Restricted { get; set; }
}

/// <summary>The limits in force for one instrument, in engine units (shares, price units).</summary>
public struct InstrumentLimits
{
    public long MaxOrderQty;
    public long MaxOrderNotional;
    public int PriceCollarBps;
    public long MaxPosition;
    public bool Restricted;
}
