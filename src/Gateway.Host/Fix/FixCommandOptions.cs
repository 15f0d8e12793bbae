using System.CommandLine;
using System.Net;
using System.Runtime.InteropServices;
using Gateway.Core.Agents;
using Gateway.OrderEntry.Fix;
using Gateway.OrderEntry.Session;
using Gateway.OrderEntry.Store;

namespace Gateway.Host.Fix;

/// <summary>The options <c>gw venue</c> and <c>gw fix-client</c> share: CompIDs, heartbeat, reset, store, address.</summary>
internal sealed class FixCommandOptions
{
    public FixCommandOptions(string defaultSender, string defaultTarget, string defaultStore)
    {
        Sender = new Option<string>("--sender-comp-id") { Description = "our SenderCompID (49)", DefaultValueFactory = _ => defaultSender };
        Target = new Option<string>("--target-comp-id") { Description = "the counterparty's CompID (56 on what we send)", DefaultValueFactory = _ => defaultTarget };
        Heartbeat = new Option<int>("--heartbeat") { Description = "HeartBtInt in seconds (an acceptor adopts the initiator's)", DefaultValueFactory = _ => 30 };
        ResetOnLogon = new Option<bool>("--reset-on-logon") { Description = "both sequence numbers back to 1 on every logon" };
        StoreDir = new Option<string>("--store") { Description = "directory of the crash-safe session store (sequence numbers and sent messages)", DefaultValueFactory = _ => defaultStore };
        Port = new Option<int>("--port", "-p") { Description = "TCP port", Required = true };
        MaxLatency = new Option<double>("--max-latency") { Description = "largest SendingTime difference accepted, seconds (0 = no check)", DefaultValueFactory = _ => 120 };
        Spin = new Option<bool>("--spin") { Description = "busy-poll the socket (lowest latency, one core at 100 %) instead of backing off when idle" };
        Username = new Option<string?>("--username") { Description = "Username (553): sent on our Logon (initiator) or required on the peer's (acceptor)" };
        PasswordFile = new Option<string?>("--password-file") { Description = "file (chmod 600) whose first line is the Password (554) sent or required; never logged" };
        PasswordEnv = new Option<string?>("--password-env") { Description = "environment variable holding the Password (554) sent or required; never logged" };
        Dictionary = new Option<string?>("--dictionary") { Description = "the venue's own FIX data dictionary (QuickFIX XML) instead of the built-in FIX 4.4 one" };
        AllowOutOfOrder = new Option<bool>("--allow-fields-out-of-order") { Description = "accept header fields after the body and group members out of order (QuickFIX ValidateFieldsOutOfOrder=N)" };
        AllowEmpty = new Option<bool>("--allow-empty-values") { Description = "accept fields without a value (QuickFIX ValidateFieldsHaveValues=N)" };
        AllowUserDefined = new Option<bool>("--allow-user-defined-fields") { Description = "accept user-defined tags (5000+) the dictionary does not define (QuickFIX ValidateUserDefinedFields=N)" };
        AllowUnknown = new Option<bool>("--allow-unknown-fields") { Description = "accept tags below 5000 the dictionary or the message does not define (QuickFIX AllowUnknownMsgFields=Y)" };
    }

    public Option<string> Sender { get; }

    public Option<string> Target { get; }

    public Option<int> Heartbeat { get; }

    public Option<bool> ResetOnLogon { get; }

    public Option<string> StoreDir { get; }

    public Option<int> Port { get; }

    public Option<double> MaxLatency { get; }

    public Option<bool> Spin { get; }

    public Option<string?> Username { get; }

    public Option<string?> PasswordFile { get; }

    public Option<string?> PasswordEnv { get; }

    public Option<string?> Dictionary { get; }

    public Option<bool> AllowOutOfOrder { get; }

    public Option<bool> AllowEmpty { get; }

    public Option<bool> AllowUserDefined { get; }

    public Option<bool> AllowUnknown { get; }

    public IEnumerable<Option> All =>
    [
        Sender, Target, Heartbeat, ResetOnLogon, StoreDir, Port, MaxLatency, Spin, Username, PasswordFile, PasswordEnv,
        Dictionary, AllowOutOfOrder, AllowEmpty, AllowUserDefined, AllowUnknown,
    ];

    /// <summary>Settings from the command line, or null after printing what is wrong.</summary>
    public FixSessionSettings? Settings(ParseResult r, FixRole role, string command)
    {
        int port = r.GetValue(Port);
        double maxLatency = r.GetValue(MaxLatency);
        if (port is < 0 or > 65535 || maxLatency < 0 || double.IsNaN(maxLatency))
        {
            Console.Error.WriteLine($"gw {command}: --port must be 0-65535 and --max-latency 0 or more");
            return null;
        }

        try
        {
            var settings = new FixSessionSettings
            {
                Role = role,
                SenderCompId = r.GetValue(Sender)!,
                TargetCompId = r.GetValue(Target)!,
                HeartBtIntSeconds = r.GetValue(Heartbeat),
                ResetOnLogon = r.GetValue(ResetOnLogon),
                MaxLatency = TimeSpan.FromSeconds(maxLatency),
                Username = r.GetValue(Username),
                Password = Password(r),
                Dictionary = r.GetValue(Dictionary) is { } path ? FixDictionary.Load(path) : FixDictionary.Fix44,
                Validation = new FixValidationOptions
                {
                    CheckFieldsOutOfOrder = !r.GetValue(AllowOutOfOrder),
                    CheckFieldsHaveValues = !r.GetValue(AllowEmpty),
                    CheckUserDefinedFields = !r.GetValue(AllowUserDefined),
                    AllowUnknownMessageFields = r.GetValue(AllowUnknown),
                },
            };
            settings.Validate();
            return settings;
        }
        catch (Exception e) when (e is ArgumentException or FormatException or IOException or UnauthorizedAccessException)
        {
            // Messages name the file or variable, never a secret's value.
            Console.Error.WriteLine($"gw {command}: {e.Message}");
            return null;
        }
    }

    private FixSecret? Password(ParseResult r)
    {
        string? file = r.GetValue(PasswordFile);
        string? env = r.GetValue(PasswordEnv);
        if (file is not null && env is not null)
        {
            throw new ArgumentException("--password-file and --password-env: give one of them");
        }

        return file is not null ? FixSecret.FromFile(file) : env is not null ? FixSecret.FromEnvironment(env) : null;
    }

    /// <summary>The flusher's alarm: one line on standard error when a store's journal cannot grow (disk nearly full).</summary>
    public static void ReportStoreAlarm(FixSessionStore store, string error) =>
        Console.Error.WriteLine($"ALARM store {store.SessionId}: {error} (alarms {store.StorageAlarms})");

    /// <summary>Opens the session's store, or null after printing why not (bad path, locked by another process, corrupted).</summary>
    public static FixSessionStore? OpenStore(string directory, FixSessionSettings s, string command)
    {
        try
        {
            return FixSessionStore.Open(directory, new FixSessionId("FIX.4.4", s.SenderCompId, s.TargetCompId));
        }
        catch (Exception e) when (e is FixStoreException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            Console.Error.WriteLine($"gw {command}: cannot open the FIX store in {directory}: {e.Message}");
            return null;
        }
    }
}

/// <summary>Ctrl+C and SIGTERM ask the command's agent to stop; it then logs out cleanly.</summary>
internal sealed class StopSignal : IDisposable
{
    private readonly PosixSignalRegistration _term;
    private readonly PosixSignalRegistration _int;
    private readonly Action? _onStop;
    private volatile bool _requested;

    public StopSignal(Action? onStop = null)
    {
        _onStop = onStop;
        _term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        _int = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
    }

    public bool Requested => _requested;

    public void Request() => _requested = true;

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        _requested = true;
        _onStop?.Invoke();
    }

    public void Dispose()
    {
        _term.Dispose();
        _int.Dispose();
    }
}

internal static class Endpoints
{
    public static IPAddress? Parse(string? text) =>
        IPAddress.TryParse(text, out IPAddress? a) ? a
        : text is "localhost" ? IPAddress.Loopback
        : null;
}
