namespace Gateway.Host;

/// <summary>What <c>gw</c> returns; scripts and tests rely on these.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>Bad command line or configuration, or a file that does not exist.</summary>
    public const int Usage = 1;

    /// <summary>The input is broken: truncated capture, corrupt record length, unknown link type or format.</summary>
    public const int BadInput = 2;

    /// <summary>The run completed, but frames larger than the maximum frame size were skipped.</summary>
    public const int OversizeFrames = 3;

    /// <summary>The native shim or a kernel-bypass library is missing, or a port could not be set up.</summary>
    public const int NativeUnavailable = 4;

    /// <summary>An unexpected failure inside gw (a bug): the message says what.</summary>
    public const int Internal = 5;

    /// <summary>The run did not finish in time (gw fix-client: not every order was answered).</summary>
    public const int Timeout = 6;

    /// <summary>An output file could not be written (disk full, I/O error); the message says which. Nothing partial is left under its name.</summary>
    public const int OutputFailed = 7;

    /// <summary>
    /// gw latency: nothing to measure: no NewOrderSingle in the captures, none carrying the trigger
    /// field, or no trigger found in the market data. What was counted is still reported.
    /// </summary>
    public const int NothingToMeasure = 8;

    /// <summary>
    /// gw latency: clock trouble: a capture's timestamps go backwards, or an order is on the wire before
    /// its trigger (negative latency; percentiles are then withheld). The counts are still reported.
    /// </summary>
    public const int ClockTrouble = 9;

    /// <summary>Stopped by Ctrl+C or SIGTERM (128 + SIGINT); what was measured up to then is reported and written.</summary>
    public const int Interrupted = 130;
}
