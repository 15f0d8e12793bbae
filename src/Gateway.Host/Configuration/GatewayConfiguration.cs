using System.Text.RegularExpressions;
using Gateway.Engine;
using Microsoft.Extensions.Configuration;

namespace Gateway.Host.Configuration;

/// <summary>
/// Loads <see cref="GatewayOptions"/>: the JSON file (<c>--config</c>), then environment variables
/// (<c>GATEWAY_Section__Key</c>), then the command's own options mapped to keys, then command-line
/// overrides in the usual .NET form (<c>--Risk:MaxPosition=5000</c>); later sources win. Bound by
/// the configuration binder's source generator (no reflection: NativeAOT-safe), with unknown keys
/// refused, then validated; every problem comes back as one line naming the key.
/// </summary>
internal static partial class GatewayConfiguration
{
    public const string EnvironmentPrefix = "GATEWAY_";

    /// <summary>The bound options, or null with <paramref name="errors"/> saying why.</summary>
    /// <param name="defaults">The command's own defaults, under everything else.</param>
    /// <param name="fromOptions">Values of the command's options that were given, over the file and the environment.</param>
    /// <param name="overrides">Leftover command-line tokens: <c>--Section:Key=value</c> or <c>--Section:Key value</c>.</param>
    public static GatewayOptions? Load(string? configFile, IReadOnlyDictionary<string, string?> defaults, IReadOnlyDictionary<string, string?> fromOptions,
        IReadOnlyList<string> overrides, out List<string> errors)
    {
        errors = [];
        for (int i = 0; i < overrides.Count; i++)
        {
            string token = overrides[i];
            if (!OverrideToken().IsMatch(token))
            {
                errors.Add($"unknown option or argument '{token}' (configuration overrides look like --Section:Key=value)");
            }
            else if (!token.Contains('=', StringComparison.Ordinal))
            {
                // "--Section:Key value": the next token is the value.
                if (i + 1 >= overrides.Count || overrides[i + 1].StartsWith('-'))
                {
                    errors.Add($"{token} needs a value (--Section:Key=value)");
                }

                i++;
            }
        }

        if (errors.Count > 0)
        {
            return null;
        }

        var builder = new ConfigurationBuilder();
        builder.AddInMemoryCollection(defaults);
        if (configFile is not null)
        {
            string path = Path.GetFullPath(configFile);
            if (!File.Exists(path))
            {
                errors.Add(Directory.Exists(path) ? $"config {configFile} is a directory, not a JSON file" : $"config {configFile} not found");
                return null;
            }

            builder.AddJsonFile(path, optional: false, reloadOnChange: false);
        }

        builder.AddEnvironmentVariables(EnvironmentPrefix);
        builder.AddInMemoryCollection(fromOptions);
        builder.AddCommandLine([.. overrides]);
        IConfigurationRoot config;
        try
        {
            config = builder.Build();
        }
        catch (Exception e) when (e is FormatException or InvalidDataException or IOException or System.Text.Json.JsonException)
        {
            errors.Add($"config {configFile}: {Flatten(e)}");
            return null;
        }

        var options = new GatewayOptions();
        try
        {
            config.Bind(options, b => b.ErrorOnUnknownConfiguration = true);
        }
        catch (InvalidOperationException e)
        {
            errors.Add(Describe(e, config));
            return null;
        }

        errors.AddRange(options.Validate());
        return errors.Count == 0 ? options : null;
    }

    [GeneratedRegex(@"^--?[A-Za-z][A-Za-z0-9]*(:[A-Za-z0-9_.\-/]+)+(=.*)?$")]
    private static partial Regex OverrideToken();

    [GeneratedRegex(@"value (?:'[^']*' )?at '(?<key>[^']+)' to type '(?<type>[^']+)'")]
    private static partial Regex ConversionFailure();

    [GeneratedRegex(@"not found on the instance of (?<type>[\w.+`\[\]]+): (?<keys>.+)$")]
    private static partial Regex UnknownKeys();

    /// <summary>The binder's exception as one line that names the key.</summary>
    private static string Describe(InvalidOperationException e, IConfiguration config)
    {
        string message = Flatten(e);
        Match m = ConversionFailure().Match(message);
        if (m.Success)
        {
            string key = m.Groups["key"].Value;
            string type = m.Groups["type"].Value.Replace("System.", "", StringComparison.Ordinal) switch
            {
                "Int32" or "Int64" => "a whole number",
                "Decimal" or "Double" => "a number",
                "Boolean" => "true or false",
                var t => t,
            };
            return $"{key}: '{config[key]}' is not {type}";
        }

        m = UnknownKeys().Match(message);
        if (m.Success)
        {
            string section = SectionOf(m.Groups["type"].Value);
            string keys = string.Join(", ", m.Groups["keys"].Value.Split(',', StringSplitOptions.TrimEntries).Select(k => k.Trim('\'', '.')));
            return $"unknown configuration key{(keys.Contains(',', StringComparison.Ordinal) ? "s" : "")} {keys}{(section.Length > 0 ? " in section " + section : " at the top level")}";
        }

        return message;
    }

    private static string SectionOf(string typeName) => typeName.Split('.')[^1] switch
    {
        nameof(GatewayOptions) => "",
        nameof(FeedSettings) => "Feed",
        nameof(VenueSettings) => "Venue",
        nameof(StrategySettings) => "Strategy",
        nameof(EngineSettings) => "Engine",
        nameof(ControlSettings) => "Control",
        nameof(Gateway.Risk.RiskSettings) => "Risk",
        nameof(Gateway.Risk.InstrumentRiskSettings) => "Risk:Instruments:SYMBOL",
        var other => other,
    };

    private static string Flatten(Exception e)
    {
        string text = e.Message;
        for (Exception? inner = e.InnerException; inner is not null; inner = inner.InnerException)
        {
            text += " " + inner.Message;
        }

        return text.ReplaceLineEndings(" ");
    }
}
