using System.Net;
using Gateway.Net.Decode;
using Gateway.Net.Pipeline;

namespace Gateway.Engine;

/// <summary>Parsers for the text forms configuration values take (shared by the config file and the command lines).</summary>
public static class ConfigParsing
{
    public static bool TryPacing(string? text, out Pacing pacing)
    {
        pacing = Pacing.Max;
        try
        {
            pacing = Pacing.Parse(text ?? "");
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>One or two <c>ADDRESS:PORT</c> destinations: the feed's A and B lines.</summary>
    public static bool TryLines(string text, out DestinationFilter lines, out string? error)
    {
        lines = DestinationFilter.AcceptAll;
        error = null;
        try
        {
            lines = DestinationFilter.Parse(text);
        }
        catch (FormatException e)
        {
            error = e.Message;
            return false;
        }

        if (lines.Count is not (1 or 2))
        {
            error = $"'{text}' must name one or two ADDRESS:PORT destinations";
            return false;
        }

        // A filter may hold wildcards; a feed line is one group and one port.
        for (int i = 0; i < lines.Count; i++)
        {
            if (lines[i].Address == 0 || lines[i].Port == 0)
            {
                error = $"'{text}': a line is one address and one port (no *, no port 0)";
                return false;
            }
        }

        if (lines.Count == 2 && lines[0] == lines[1])
        {
            error = $"'{text}': the A and B lines are the same destination";
            return false;
        }

        return true;
    }

    public static bool TryEndpoint(string text, out IPEndPoint endpoint)
    {
        endpoint = new IPEndPoint(IPAddress.Loopback, 0);
        if (IPEndPoint.TryParse(text, out IPEndPoint? e) && e.Port != 0)
        {
            endpoint = e;
            return true;
        }

        return false;
    }
}
