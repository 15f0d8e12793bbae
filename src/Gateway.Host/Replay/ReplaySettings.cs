using Gateway.Engine;

namespace Gateway.Host.Replay;

/// <summary>What <c>gw replay</c> was asked to do beyond the gateway's configuration: its inputs, outputs and display.</summary>
internal sealed record ReplaySettings
{
    public required string Capture { get; init; }

    public string? StatsOut { get; init; }

    /// <summary>Where to write the books at the end (the <c>--book-out</c> CSV contract).</summary>
    public string? BookOut { get; init; }

    /// <summary>Show a progress bar (only when the output is a terminal).</summary>
    public bool Progress { get; init; } = true;

    public bool Quiet { get; init; }

    public PipelineExtras Extras { get; init; } = new();
}
