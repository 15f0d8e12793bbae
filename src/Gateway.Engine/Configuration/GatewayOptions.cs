using Gateway.Risk;

namespace Gateway.Engine;

/// <summary>
/// The whole gateway's configuration, as <c>gw run --config FILE</c> (and <c>gw replay --config</c>)
/// binds it: JSON, then the environment (<c>GATEWAY_Section__Key</c>), then the command line
/// (<c>--Section:Key=value</c>). Every section has safe defaults; <see cref="Validate"/> names each
/// bad key in one line.
/// </summary>
public sealed class GatewayOptions
{
    public FeedSettings Feed { get; set; } = new();

    public VenueSettings Venue { get; set; } = new();

    public StrategySettings Strategy { get; set; } = new();

    public RiskSettings Risk { get; set; } = new();

    public EngineSettings Engine { get; set; } = new();

    public ControlSettings Control { get; set; } = new();

    /// <summary>Every problem in every section, one line each, naming the key.</summary>
    public List<string> Validate()
    {
        var errors = new List<string>();
        Feed.Validate(errors);
        Venue.Validate(errors);
        Strategy.Validate(errors);
        errors.AddRange(Risk.Validate());
        Engine.Validate(errors);
        Control.Validate(errors);
        return errors;
    }
}

/// <summary>The market-data feed (<c>Feed</c>): where packets come from and which lines carry the session.</summary>
public sealed class FeedSettings
{
    /// <summary>file (memory-mapped capture), dpdk (a DPDK port: a NIC, or a virtual device such as net_pcap), libpcap (live interface or offline file), socket (kernel UDP, multicast join).</summary>
    public string Backend { get; set; } = "file";

    /// <summary>A capture to read (file backend, dpdk's default net_pcap device, libpcap offline).</summary>
    public string? Capture { get; set; }

    /// <summary>file backend: pcap, pcapng, binaryfile, or auto (detect).</summary>
    public string Format { get; set; } = "auto";

    /// <summary>dpdk: the device to read, e.g. <c>net_pcap0,rx_pcap=FILE</c> or <c>net_af_packet0,iface=eth1</c> (default: net_pcap over Capture).</summary>
    public string? Vdev { get; set; }

    /// <summary>dpdk: extra EAL arguments.</summary>
    public List<string> Eal { get; set; } = [];

    /// <summary>libpcap: a live interface to capture on (instead of Capture).</summary>
    public string? Interface { get; set; }

    /// <summary>The A and B lines, <c>GROUP:PORT,GROUP:PORT</c> (default: the first two MoldUDP64 destinations seen). The socket backend joins them.</summary>
    public string? Lines { get; set; }

    /// <summary>MoldUDP64 re-request server, <c>HOST:PORT</c>, for holes neither line fills.</summary>
    public string? Rerequest { get; set; }

    /// <summary>Descriptors per receive (0: 256 for the file backend, 32 otherwise).</summary>
    public int Burst { get; set; }

    /// <summary>socket: SO_RCVBUF to ask for, in bytes (0: 8 MiB; the kernel caps it at net.core.rmem_max).</summary>
    public int SocketReceiveBuffer { get; set; }

    /// <summary>Replays: max, recorded, or a multiple of the recorded pace such as 10x.</summary>
    public string Pace { get; set; } = "max";

    /// <summary>A live source with no packet for this long ends the run (0: never; replays through a DPDK device: 300 ms).</summary>
    public double EndAfterIdleSeconds { get; set; }

    /// <summary>
    /// Prefetch for ITCH messages a few messages before applying them: auto (while the books'
    /// working set is past the caches, <see cref="Gateway.MarketData.Books.BookOptions.LookaheadAboveBytes"/>), on, or off.
    /// </summary>
    public string Lookahead { get; set; } = "auto";

    /// <summary><see cref="Lookahead"/> as a mode (valid settings only).</summary>
    public Gateway.MarketData.Books.LookaheadMode GetLookaheadMode() => Lookahead switch
    {
        "on" => Gateway.MarketData.Books.LookaheadMode.On,
        "off" => Gateway.MarketData.Books.LookaheadMode.Off,
        _ => Gateway.MarketData.Books.LookaheadMode.Auto,
    };

    internal void Validate(List<string> errors)
    {
        if (Lookahead is not ("auto" or "on" or "off"))
        {
            errors.Add($"Feed:Lookahead must be auto, on or off (got '{Lookahead}')");
        }

        if (Backend is not ("file" or "dpdk" or "libpcap" or "socket"))
        {
            errors.Add($"Feed:Backend must be file, dpdk, libpcap or socket (got '{Backend}')");
        }

        if (Format is not ("auto" or "pcap" or "pcapng" or "binaryfile"))
        {
            errors.Add($"Feed:Format must be auto, pcap, pcapng or binaryfile (got '{Format}')");
        }

        if (Burst is < 0 or > 4096)
        {
            errors.Add($"Feed:Burst must be 0 (default) to 4096 (got {Burst})");
        }

        if (SocketReceiveBuffer < 0)
        {
            errors.Add($"Feed:SocketReceiveBuffer must be 0 (default) or a size in bytes (got {SocketReceiveBuffer})");
        }

        if (EndAfterIdleSeconds < 0)
        {
            errors.Add($"Feed:EndAfterIdleSeconds must be 0 or more (got {EndAfterIdleSeconds})");
        }

        if (Backend == "socket" && string.IsNullOrEmpty(Lines))
        {
            errors.Add("Feed:Lines is required with the socket backend (the groups to join), e.g. 233.54.12.111:26477");
        }

        if (Backend is "file" && string.IsNullOrEmpty(Capture))
        {
            errors.Add("Feed:Capture is required with the file backend");
        }

        if (!ConfigParsing.TryPacing(Pace, out _))
        {
            errors.Add($"Feed:Pace must be max, recorded or a multiple such as 10x (got '{Pace}')");
        }

        if (Lines is not null && !ConfigParsing.TryLines(Lines, out _, out string? why))
        {
            errors.Add($"Feed:Lines {why}");
        }

        if (Rerequest is not null && !ConfigParsing.TryEndpoint(Rerequest, out _))
        {
            errors.Add($"Feed:Rerequest must be ADDRESS:PORT (got '{Rerequest}')");
        }
    }
}

/// <summary>The order session to the venue (<c>Venue</c>). Without a Host the engine's orders go to a counting sink.</summary>
public sealed class VenueSettings
{
    /// <summary>The venue's address (IP); null or empty: no venue.</summary>
    public string? Host { get; set; }

    public int Port { get; set; }

    public string SenderCompId { get; set; } = "GATEWAY";

    public string TargetCompId { get; set; } = "VENUE";

    public int HeartbeatSeconds { get; set; } = 30;

    /// <summary>Directory of the crash-safe session store.</summary>
    public string Store { get; set; } = "gateway-store";

    public bool ResetOnLogon { get; set; }

    /// <summary>How long a replay waits for the logon before it starts (a live run starts at once and refuses orders until logged on).</summary>
    public double LogonWaitSeconds { get; set; } = 10;

    /// <summary>Largest SendingTime difference accepted from the venue, seconds (0: no check).</summary>
    public double MaxLatencySeconds { get; set; } = 120;

    public bool Enabled => !string.IsNullOrEmpty(Host);

    internal void Validate(List<string> errors)
    {
        if (!Enabled)
        {
            return;
        }

        if (!System.Net.IPAddress.TryParse(Host, out _))
        {
            errors.Add($"Venue:Host must be an IP address (got '{Host}')");
        }

        if (Port is < 1 or > 65535)
        {
            errors.Add($"Venue:Port must be 1 to 65535 (got {Port})");
        }

        if (HeartbeatSeconds is < 0 or > 3600)
        {
            errors.Add($"Venue:HeartbeatSeconds must be 0 to 3600 (got {HeartbeatSeconds})");
        }

        if (string.IsNullOrWhiteSpace(Store))
        {
            errors.Add("Venue:Store must name a directory");
        }

        if (LogonWaitSeconds is < 0 or > 3600)
        {
            errors.Add($"Venue:LogonWaitSeconds must be 0 to 3600 (got {LogonWaitSeconds})");
        }

        if (MaxLatencySeconds < 0)
        {
            errors.Add($"Venue:MaxLatencySeconds must be 0 or more (got {MaxLatencySeconds})");
        }

        try
        {
            new Gateway.OrderEntry.Session.FixSessionSettings { SenderCompId = SenderCompId, TargetCompId = TargetCompId }.Validate();
        }
        catch (ArgumentException e)
        {
            errors.Add($"Venue: {e.Message}");
        }
    }
}

/// <summary>Which strategy trades (<c>Strategy</c>).</summary>
public sealed class StrategySettings
{
    /// <summary>none, or threshold-taker.</summary>
    public string Name { get; set; } = "none";

    /// <summary>threshold-taker: <c>SYMBOL:BUY_AT_OR_BELOW:SELL_AT_OR_ABOVE:MAX_QTY</c> per instrument.</summary>
    public List<string> Taker { get; set; } = [];

    /// <summary>threshold-taker: IOC (the rule), or DAY so that unfilled orders rest (for shutdown and kill-switch drills).</summary>
    public string TimeInForce { get; set; } = "IOC";

    internal void Validate(List<string> errors)
    {
        if (TimeInForce is not ("IOC" or "DAY"))
        {
            errors.Add($"Strategy:TimeInForce must be IOC or DAY (got '{TimeInForce}')");
        }

        switch (Name)
        {
            case "none":
                if (Taker.Count > 0)
                {
                    errors.Add("Strategy:Taker is set but Strategy:Name is not threshold-taker");
                }

                break;
            case "threshold-taker":
                var parseErrors = new List<string>();
                List<Strategies.TakerSpec> specs = Strategies.TakerSpec.ParseAll(Taker, parseErrors);
                errors.AddRange(parseErrors.Select(e => "Strategy:Taker: " + e));
                if (parseErrors.Count == 0 && specs.Count == 0)
                {
                    errors.Add("Strategy:Taker: threshold-taker needs at least one SYMBOL:BUY_AT_OR_BELOW:SELL_AT_OR_ABOVE:MAX_QTY");
                }

                break;
            default:
                errors.Add($"Strategy:Name must be none or threshold-taker (got '{Name}')");
                break;
        }
    }
}

/// <summary>The engine's own settings (<c>Engine</c>).</summary>
public sealed class EngineSettings
{
    /// <summary>CPU to pin the critical-path thread to (-1: do not pin).</summary>
    public int Cpu { get; set; } = -1;

    /// <summary>spin (production) or backoff (shared machines, tests).</summary>
    public string Idle { get; set; } = "spin";

    /// <summary>Orders (and cancel/replace requests) a run can issue; the table is allocated at start-up.</summary>
    public int MaxOrders { get; set; } = 1 << 20;

    /// <summary>Entries of the ring between the critical path and the journal writer.</summary>
    public int JournalRing { get; set; } = 1 << 16;

    /// <summary>Stamp every stage of an order's tick-to-trade (about 12 ns a stamp); off: only its two ends.</summary>
    public bool StageTiming { get; set; } = true;

    /// <summary>
    /// Within each MoldUDP64 packet, apply the messages of the instruments the strategy follows
    /// before the others (each instrument's own messages keep their order, so no book changes, only
    /// when other instruments' books catch up within the packet): a followed change reaches the
    /// strategy without waiting for the messages ahead of it.
    /// </summary>
    public bool FollowedFirst { get; set; } = true;

    /// <summary>
    /// Every this many microseconds the engine runs its order path (risk check, encoder) on a
    /// throw-away order, so a real order finds that code and data in cache (0: never).
    /// </summary>
    public int WarmOrderPathMicros { get; set; } = 20;

    /// <summary>The strategy's clock: false uses the capture's timestamps (replays are deterministic), true the wall clock (live).</summary>
    public bool LiveClock { get; set; }

    /// <summary>Packets before the steady state (allocation and system-call checks start there).</summary>
    public long WarmupPackets { get; set; } = 10_000;

    /// <summary>After the feed ends (a replay) or on shutdown: how long to wait for the venue's answers to open orders.</summary>
    public double DrainSeconds { get; set; } = 5;

    /// <summary>Where to write every intent and its decision (the <c>--orders-out</c> CSV); null: nowhere.</summary>
    public string? OrdersOut { get; set; }

    /// <summary>Where to append the audit journal (every intent, decision, execution report and kill-switch event, CSV); null: nowhere.</summary>
    public string? Journal { get; set; }

    /// <summary>
    /// The FIX tag in which every order names the market-data message that triggered it, as
    /// <c>SESSION:SEQ</c> (MoldUDP64 session id without trailing spaces, message sequence number):
    /// 58 (Text) by default, which any venue accepts on a NewOrderSingle; a user-defined tag (5000 and
    /// up) if the venue agrees to one; 0: orders carry no trigger.
    /// </summary>
    public int TriggerTag { get; set; } = OrderEntry.Orders.NewOrderEncoder.DefaultTriggerTag;

    /// <summary>Prefix of the ClOrdIDs (default: "G" and the UTC time of day at start, so that runs on one session never repeat an id).</summary>
    public string? ClOrdIdPrefix { get; set; }

    /// <summary>
    /// Map every page of the critical path's pools (books, order table, receive descriptors, the
    /// order encoder) at start-up, so that no first touch faults in the hot loop. Costs the pools'
    /// size in RAM from the start (the books' default pools are about 390 MiB) and some
    /// milliseconds, reported as <c>prefault_ms</c>.
    /// </summary>
    public bool Prefault { get; set; } = true;

    /// <summary>
    /// Lock those pools into RAM (mlock): <c>try</c> (a refusal, e.g. no CAP_IPC_LOCK and a small
    /// RLIMIT_MEMLOCK, is a counted warning), <c>require</c> (a refusal stops start-up) or <c>off</c>.
    /// </summary>
    public string LockMemory { get; set; } = "try";

    /// <summary><see cref="LockMemory"/> as a mode (valid settings only).</summary>
    public Gateway.Interop.MemoryLockMode GetLockMode() => LockMemory switch
    {
        "off" => Gateway.Interop.MemoryLockMode.Off,
        "require" => Gateway.Interop.MemoryLockMode.Require,
        _ => Gateway.Interop.MemoryLockMode.Try,
    };

    internal void Validate(List<string> errors)
    {
        if (Cpu < -1 || Cpu >= 1024)
        {
            errors.Add($"Engine:Cpu must be -1 (no pinning) or a CPU number (got {Cpu})");
        }

        if (Idle is not ("spin" or "backoff"))
        {
            errors.Add($"Engine:Idle must be spin or backoff (got '{Idle}')");
        }

        if (MaxOrders is < 1 or > 1 << 26)
        {
            errors.Add($"Engine:MaxOrders must be 1 to {1 << 26} (got {MaxOrders})");
        }

        if (JournalRing is < 16 or > 1 << 24)
        {
            errors.Add($"Engine:JournalRing must be 16 to {1 << 24} (got {JournalRing})");
        }

        if (WarmOrderPathMicros is < 0 or > 1_000_000)
        {
            errors.Add($"Engine:WarmOrderPathMicros must be 0 (off) to 1000000 (got {WarmOrderPathMicros})");
        }

        if (WarmupPackets < 0)
        {
            errors.Add($"Engine:WarmupPackets must be 0 or more (got {WarmupPackets})");
        }

        if (DrainSeconds is < 0 or > 600)
        {
            errors.Add($"Engine:DrainSeconds must be 0 to 600 (got {DrainSeconds})");
        }

        if (TriggerTag is not (0 or 58) && TriggerTag is < 5000 or > 999_999)
        {
            errors.Add($"Engine:TriggerTag must be 0 (none), 58 (Text) or a user-defined tag from 5000 to 999999 (got {TriggerTag})");
        }

        if (LockMemory is not ("try" or "require" or "off"))
        {
            errors.Add($"Engine:LockMemory must be try, require or off (got '{LockMemory}')");
        }

        if (ClOrdIdPrefix is { } p && (p.Length > 16 || p.Any(c => c is <= ' ' or > '~' or '=')))
        {
            errors.Add($"Engine:ClOrdIdPrefix must be up to 16 printable characters without '=' (got '{p}')");
        }
    }
}

/// <summary>The operator's control channel (<c>Control</c>).</summary>
public sealed class ControlSettings
{
    /// <summary>A Unix socket for <c>gw control</c> (kill switch, status); null: none.</summary>
    public string? Socket { get; set; }

    /// <summary>Whether SIGUSR1 engages the kill switch.</summary>
    public bool KillOnSigusr1 { get; set; } = true;

    internal void Validate(List<string> errors)
    {
        if (Socket is { } s && (s.Length == 0 || s.Length > 100))
        {
            errors.Add($"Control:Socket must be a path of 1 to 100 characters (got '{s}')");
        }
    }
}
