using System.Globalization;

namespace Gateway.Net.Pipeline;

/// <summary>How fast a replay feeds packets: as fast as possible, or at the recorded pace times N.</summary>
public readonly record struct Pacing(double Speed)
{
    /// <summary>No pacing: every packet is due at once.</summary>
    public static Pacing Max { get; } = new(0);

    public static Pacing Recorded { get; } = new(1);

    public bool IsPaced => Speed > 0;

    /// <summary>Parses "max", "recorded" or "Nx" (e.g. "10x", "0.5x").</summary>
    public static Pacing Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string t = text.Trim().ToLowerInvariant();
        if (t == "max")
        {
            return Max;
        }

        if (t == "recorded")
        {
            return Recorded;
        }

        if (t.EndsWith('x') && double.TryParse(t.AsSpan(0, t.Length - 1), NumberStyles.Float, CultureInfo.InvariantCulture, out double n)
            && n > 0 && double.IsFinite(n))
        {
            return new Pacing(n);
        }

        throw new FormatException($"pace '{text}' is not max, recorded or a positive multiplier such as 10x");
    }

    public override string ToString() => Speed == 0 ? "max" : Speed == 1 ? "recorded" : string.Create(CultureInfo.InvariantCulture, $"{Speed}x");
}
