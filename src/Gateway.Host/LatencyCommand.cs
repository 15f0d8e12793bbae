using System.CommandLine;
using Gateway.Engine.Output;
using Gateway.Lab.Latency;
using Gateway.Net.Sources;

namespace Gateway.Host;

/// <summary>
/// <c>gw latency CAPTURE [CAPTURE2]</c>: wire-to-wire latency from captures, from the first sighting of
/// the MoldUDP64 message that triggered an order to the last byte of the order's NewOrderSingle on
/// the wire (docs/latency.md).
/// </summary>
internal static class LatencyCommand
{
    public static Command Create()
    {
        var capture = new Argument<string>("CAPTURE")
        {
            Description = "pcap/pcapng capture holding both directions (or the inbound market data when CAPTURE2 is given)",
        };
        var capture2 = new Argument<string?>("CAPTURE2")
        {
            Description = "a second capture (e.g. the outbound orders); the two are merged by timestamp",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var triggerTag = new Option<int>("--trigger-tag")
        {
            Description = "FIX tag of the order's trigger, SESSION:SEQ of the MoldUDP64 message that caused it",
            DefaultValueFactory = _ => LatencyOptions.DefaultTriggerTag,
        };
        var mdPort = new Option<int?>("--md-port") { Description = "only UDP datagrams to this port are market data (default: any that parses as MoldUDP64)" };
        var json = new Option<string?>("--json") { Description = "write the results as JSON to FILE ('-' for standard output, instead of the table)" };
        var plot = new Option<string?>("--plot") { Description = "draw the distribution as a PNG to FILE" };

        var command = new Command(
            "latency",
            "Wire-to-wire latency from captures: market-data trigger (MoldUDP64 over UDP) to FIX NewOrderSingle on the wire (TCP). " +
            "Exit codes: 0 measured; 1 bad command line or missing file; 2 bad input (not a capture, unknown link type, corrupt record); " +
            "7 an output could not be written; 8 nothing to measure; 9 clock trouble (timestamps backwards or negative latencies)")
        {
            capture, capture2, triggerTag, mdPort, json, plot,
        };
        command.SetAction(r => Run(
            r.GetValue(capture)!, r.GetValue(capture2), r.GetValue(triggerTag), r.GetValue(mdPort), r.GetValue(json), r.GetValue(plot)));
        return command;
    }

    private static int Run(string capture, string? capture2, int triggerTag, int? mdPort, string? json, string? plot)
    {
        List<string> inputs = capture2 is null ? [capture] : [capture, capture2];
        string? missing = inputs.FirstOrDefault(p => !File.Exists(p));
        bool jsonToStdout = json == "-";
        string? error = missing is not null ? $"{missing}: no such file"
            : triggerTag <= 0 ? $"--trigger-tag {triggerTag}: must be a positive FIX tag"
            : LatencyOptions.IsReservedTag(triggerTag) ? $"--trigger-tag {triggerTag}: that tag frames the message (8, 9, 10, 35)"
            : mdPort is < 1 or > 65535 ? $"--md-port {mdPort}: must be 1-65535"
            : capture2 is not null && Path.GetFullPath(capture) == Path.GetFullPath(capture2) ? "CAPTURE2 names the same file as CAPTURE"
            : OutputFiles.Check(inputs, [("--json", jsonToStdout ? null : json), ("--plot", plot)]);
        if (error is not null)
        {
            Console.Error.WriteLine($"gw latency: {error}");
            return ExitCodes.Usage;
        }

        var options = new LatencyOptions { TriggerTag = triggerTag, MarketDataPort = mdPort is int p ? (ushort)p : null };
        LatencyResult result;
        try
        {
            result = LatencyAnalyzer.Analyze(inputs, options);
        }
        catch (PacketSourceException e)
        {
            Console.Error.WriteLine($"gw latency: {e.Message}");
            return ExitCodes.BadInput;
        }

        if (jsonToStdout)
        {
            using Stream stdout = Console.OpenStandardOutput();
            LatencyReport.WriteJson(result, stdout);
            stdout.Write("\n"u8);
            foreach (string w in result.Warnings)
            {
                Console.Error.WriteLine($"gw latency: warning: {w}");
            }
        }
        else
        {
            Console.Write(LatencyReport.Table(result));
        }

        int written = WriteOutputs(result, jsonToStdout ? null : json, plot);
        if (written != ExitCodes.Ok)
        {
            return written;
        }

        (int code, string what) = result.Verdict switch
        {
            LatencyVerdict.Ok => (ExitCodes.Ok, ""),
            LatencyVerdict.NothingToMeasure => (ExitCodes.NothingToMeasure, "nothing to measure"),
            LatencyVerdict.ClockTrouble => (ExitCodes.ClockTrouble, "clock trouble"),
            _ => (ExitCodes.BadInput, "bad input"),
        };
        if (code != ExitCodes.Ok)
        {
            Console.Error.WriteLine($"gw latency: {what}: {result.VerdictReason}");
        }

        return code;
    }

    private static int WriteOutputs(LatencyResult result, string? json, string? plot)
    {
        string current = "";
        try
        {
            if (json is not null)
            {
                current = json;
                OutputFiles.WriteAtomically(json, path =>
                {
                    using FileStream file = File.Create(path);
                    LatencyReport.WriteJson(result, file);
                });
            }

            if (plot is not null)
            {
                current = plot;
                if (result.HasPercentiles)
                {
                    OutputFiles.WriteAtomically(plot, path => LatencyPlot.WritePng(result, path));
                }
                else
                {
                    Console.Error.WriteLine($"gw latency: no plot written to {plot}: there are no percentiles to draw");
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"gw latency: cannot write {current}: {e.Message}");
            return ExitCodes.OutputFailed;
        }

        return ExitCodes.Ok;
    }
}
