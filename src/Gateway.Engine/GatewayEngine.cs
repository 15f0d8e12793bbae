using Gateway.Core;
using Gateway.Core.Agents;
using Gateway.Core.Concurrent;
using Gateway.Engine.Journal;
using Gateway.Engine.Orders;
using Gateway.Engine.Pipeline;
using Gateway.Engine.Strategies;
using Gateway.Engine.Timing;
using Gateway.Interop;
using Gateway.MarketData.Feed;
using Gateway.Net.Pipeline;
using Gateway.Net.Sources;
using Gateway.OrderEntry.Orders;
using Gateway.OrderEntry.Store;
using Gateway.Risk;

namespace Gateway.Engine;

/// <summary>Where a gateway's critical-path agent is in its life.</summary>
public enum EnginePhase : byte
{
    /// <summary>Waiting for the venue's logon before the feed starts (replays with a venue).</summary>
    Connecting = 0,

    /// <summary>The hot loop: packets in, orders out, the venue's answers back.</summary>
    Running = 1,

    /// <summary>The source has ended; holes in the feed are waiting for their retransmission or timeout.</summary>
    Settling = 2,

    /// <summary>No new orders; waiting (bounded) for the venue to answer the open ones.</summary>
    Draining = 3,

    /// <summary>Logging out of the venue.</summary>
    Closing = 4,

    /// <summary>Finished: the agent returns a negative work count.</summary>
    Done = 5,

    /// <summary>Could not start (the venue never accepted the logon): see <see cref="IGatewayEngine.FailureMessage"/>.</summary>
    Failed = 6,
}

/// <summary>The gateway's critical-path agent as the commands see it, whatever the strategy it was compiled for.</summary>
public interface IGatewayEngine : IAgent, IDisposable
{
    GatewayOptions Options { get; }

    EnginePhase Phase { get; }

    string? FailureMessage { get; }

    IPacketSource? Source { get; }

    PacketPathStats PacketStats { get; }

    IMarketDataFeed? Feed { get; }

    EngineCounters Counters { get; }

    PreTradeRisk Risk { get; }

    OrderTable Orders { get; }

    OrderGateway Gateway { get; }

    TickToTrade Latency { get; }

    SymbolTable Symbols { get; }

    JournalWriter Journal { get; }

    /// <summary>The <c>--payloads-out</c> recorder, if one was asked for (commit it after the run).</summary>
    PayloadRecorder? Recorder { get; }

    SpscRing<JournalEntry> JournalRing { get; }

    /// <summary>The strategy's intent buffer (its capacity and overflows are reported).</summary>
    IntentBuffer Intents { get; }

    SpscRing<string> LogRing { get; }

    FixSessionStore? Store { get; }

    /// <summary>The strategy in use, for reports ("none", "threshold-taker").</summary>
    string StrategyName { get; }

    /// <summary>The critical-path thread's id (gettid), once it has started.</summary>
    int ThreadId { get; }

    /// <summary>True once warm-up is over: the steady state the allocation and system-call checks cover.</summary>
    bool IsWarm { get; }

    /// <summary>Bytes the critical-path thread allocated from the end of warm-up to the end of the hot loop (-1: never warm).</summary>
    long HotPathAllocatedBytes { get; }

    /// <summary>Monotonic ns of the first and last packet handled (for rates).</summary>
    long FirstPacketNs { get; }

    /// <summary>What start-up preparation of the critical path's memory did and cost (<see cref="GatewayEngine{TStrategy}.PrepareMemory"/>); not part of the hot loop's time.</summary>
    ResidencyReport Residency { get; }

    long LastPacketNs { get; }

    /// <summary>From any thread: stop the strategy, cancel open orders, wait (bounded) for the answers, log out, end.</summary>
    void RequestStop();

    void RequestKillSwitch(KillSwitchCause cause);

    void RequestKillSwitchReset();
}

/// <summary>
/// The gateway's critical-path agent (<see cref="GatewayBuilder"/> makes it): one thread runs rx →
/// MoldUDP64 → ITCH → book → strategy → risk → order state → FIX encode → send, and in the same loop
/// polls the order session for the venue's replies. Run it under an <see cref="AgentRunner"/> (its
/// own pinned thread) or step it with an <see cref="AgentInvoker"/>.
/// <para>This is also the one place that marks the steady state: when warm-up ends and when the hot
/// loop ends it makes a <c>gettid</c> system call (tests read an strace between the two marks) and
/// reads the thread's allocation counter (<see cref="HotPathAllocatedBytes"/>).</para>
/// </summary>
public sealed class GatewayEngine<TStrategy> : IGatewayEngine
    where TStrategy : struct, IStrategy
{
    private const long SettleLimitNs = 10_000_000_000;
    private const long CloseLimitNs = 3_000_000_000;

    private readonly PacketPump<EngineHandler<TStrategy>>? _pump;
    private readonly MarketDataFeed<EngineBookListener<TStrategy>>? _feed;
    private readonly TradingEngine<TStrategy> _engine;
    private readonly IDisposable[] _owned;
    private readonly long _venuePollTicks;
    private readonly long _drainNs;
    private readonly long _logonWaitNs;
    private readonly int _cpu;
    private readonly bool _dpdk;
    private EnginePhase _phase;
    private long _phaseStartNs;
    private long _lastVenuePoll;
    private readonly SteadyStateMarks _marks = new();
    private bool _failAfterClose;
    private long _lastDrainCheckNs;
    private volatile bool _stopRequested;

    internal GatewayEngine(GatewayOptions options, string strategyName, IPacketSource? source, PacketPumpOptions? pumpOptions,
        MarketDataFeed<EngineBookListener<TStrategy>>? feed, TradingEngine<TStrategy> engine, PayloadRecorder? recorder,
        JournalWriter journal, SpscRing<JournalEntry> journalRing, SpscRing<string> logRing, SymbolTable symbols, FixSessionStore? store,
        IDisposable[] owned)
    {
        Options = options;
        StrategyName = strategyName;
        Recorder = recorder;
        Source = source;
        _feed = feed;
        _engine = engine;
        Journal = journal;
        JournalRing = journalRing;
        LogRing = logRing;
        Symbols = symbols;
        Store = store;
        _owned = owned;
        if (source is not null)
        {
            var handler = new EngineHandler<TStrategy>(feed, engine, recorder, source.Link == LinkKind.ItchMessage);
            _pump = new PacketPump<EngineHandler<TStrategy>>(source, handler, pumpOptions!, PacketStats);
        }

        _venuePollTicks = (long)(20_000 / CycleClock.NsPerTick);
        engine.WarmEveryTicks = strategyName == "none" ? 0 : (long)(options.Engine.WarmOrderPathMicros * 1000 / CycleClock.NsPerTick);
        _drainNs = (long)(options.Engine.DrainSeconds * 1e9);
        _logonWaitNs = (long)(options.Venue.LogonWaitSeconds * 1e9);
        _cpu = options.Engine.Cpu;
        _dpdk = source is DpdkPortSource;
        _phase = engine.Gateway.HasVenue && _logonWaitNs > 0 && source is not null ? EnginePhase.Connecting : EnginePhase.Running;
    }

    public GatewayOptions Options { get; }

    public string StrategyName { get; }

    public string Name => "gateway-engine";

    public EnginePhase Phase => _phase;

    public string? FailureMessage { get; private set; }

    public IPacketSource? Source { get; }

    public PacketPathStats PacketStats { get; } = new();

    public IMarketDataFeed? Feed => _feed;

    public TradingEngine<TStrategy> Engine => _engine;

    public EngineCounters Counters => _engine.Counters;

    public PreTradeRisk Risk => _engine.Risk;

    public OrderTable Orders => _engine.Orders;

    public OrderGateway Gateway => _engine.Gateway;

    public TickToTrade Latency => _engine.Latency;

    public SymbolTable Symbols { get; }

    public JournalWriter Journal { get; }

    public PayloadRecorder? Recorder { get; }

    public SpscRing<JournalEntry> JournalRing { get; }

    public IntentBuffer Intents => _engine.Intents;

    public SpscRing<string> LogRing { get; }

    public FixSessionStore? Store { get; }

    public int ThreadId => _marks.ThreadId;

    public bool IsWarm => _marks.IsWarm;

    public long HotPathAllocatedBytes => _marks.HotPathAllocatedBytes;

    public long FirstPacketNs => _pump?.StartNs ?? 0;

    public ResidencyReport Residency { get; private set; } = ResidencyReport.None;

    /// <summary>Every pool the critical path touches: the books, the receive descriptors, the order table, the order encoder.</summary>
    public IReadOnlyList<ResidentRegion> ResidentRegions()
    {
        var regions = new List<ResidentRegion>();
        if (_feed is not null)
        {
            regions.AddRange(_feed.Books.ResidentRegions);
        }

        if (_pump is not null)
        {
            regions.Add(_pump.ResidentRegion);
        }

        regions.Add(_engine.Orders.ResidentRegion);
        regions.Add(_engine.Gateway.EncoderRegion);
        return regions;
    }

    /// <summary>
    /// Cold, at start-up, before the first packet: populate (<c>Engine:Prefault</c>) and lock
    /// (<c>Engine:LockMemory</c>) every critical-path pool. A refused lock is counted in the report;
    /// with <c>require</c> it throws <see cref="MemoryLockException"/>.
    /// </summary>
    public ResidencyReport PrepareMemory()
    {
        MemoryLockMode mode = Options.Engine.GetLockMode();
        Residency = MemoryResidency.Prepare(ResidentRegions(), Options.Engine.Prefault, mode);
        if (mode == MemoryLockMode.Require && Residency.LockFailures > 0)
        {
            throw new MemoryLockException(
                $"Engine:LockMemory is require, but {Residency.LockFailure} ({Residency.LockFailures} of {Residency.Regions} pools not locked); "
                + "raise the memlock limit (ulimit -l, systemd LimitMEMLOCK=) or grant CAP_IPC_LOCK, or set Engine:LockMemory=try");
        }

        return Residency;
    }

    public long LastPacketNs => _pump?.LastPacketNs ?? 0;

    public void RequestStop() => _stopRequested = true;

    public void RequestKillSwitch(KillSwitchCause cause) => _engine.RequestKillSwitch(cause);

    public void RequestKillSwitchReset() => _engine.RequestKillSwitchReset();

    public void OnStart()
    {
        _marks.OnThreadStart();
        if (_cpu >= 0)
        {
            int errno = Libc.PinCurrentThread(_cpu);
            if (errno != 0)
            {
                LogRing.TryWrite($"gw: could not pin the engine thread to CPU {_cpu} (errno {errno}); it runs unpinned");
            }
        }

        if (_dpdk)
        {
            DpdkPortSource.RegisterPollingThread();
        }

        _pump?.OnStart();
        _phaseStartNs = MonotonicClock.NowNs();
    }

    public int DoWork() => _phase switch
    {
        EnginePhase.Running => Run(),
        EnginePhase.Connecting => Connect(),
        EnginePhase.Settling => Settle(),
        EnginePhase.Draining => Drain(),
        EnginePhase.Closing => Close(),
        _ => -1,
    };

    /// <summary>The hot loop: a burst of packets, the venue (every 20 µs, or when the feed is idle), the strategy's timer.</summary>
    private int Run()
    {
        int work = 0;
        if (_pump is not null)
        {
            work = _pump.DoWork();
            if (work < 0)
            {
                MarkEnd();
                Enter(_feed is not null && _feed.HasGap ? EnginePhase.Settling : EnginePhase.Draining);
                return 1;
            }

            if (!_marks.IsWarm && _pump.IsWarm)
            {
                MarkWarm();
            }
        }

        long now = CycleClock.Now();
        if (work == 0 || now - _lastVenuePoll >= _venuePollTicks)
        {
            _lastVenuePoll = now;
            work += _engine.Gateway.Poll();
        }

        _engine.WarmIfDue(now);

        work += _engine.Poll();
        if (_stopRequested)
        {
            StopTrading();
        }

        return work;
    }

    private void MarkWarm() => _marks.MarkWarm();

    private void MarkEnd() => _marks.MarkEnd();

    private void StopTrading()
    {
        MarkEnd();
        _engine.StopStrategy();
        _engine.CancelAllOpen();
        Enter(EnginePhase.Draining);
    }

    private int Connect()
    {
        int work = _engine.Gateway.Poll();
        if (_engine.Gateway.IsReady)
        {
            Enter(EnginePhase.Running);
            return 1;
        }

        if (_stopRequested)
        {
            Enter(EnginePhase.Closing);
            return 1;
        }

        if (MonotonicClock.NowNs() - _phaseStartNs > _logonWaitNs)
        {
            FailureMessage = $"the venue at {Options.Venue.Host}:{Options.Venue.Port} did not accept a logon within {Options.Venue.LogonWaitSeconds:0.###} s"
                + (Gateway.Session?.LastDisconnectReason is { } why ? $" (last: {why})" : "");
            _failAfterClose = true;
            Enter(EnginePhase.Closing);
        }

        return work;
    }

    /// <summary>The capture has ended with holes open: keep the feed's timers running until each is filled or given up (bounded).</summary>
    private int Settle()
    {
        _feed!.Poll(MonotonicClock.NowNs());
        int work = _engine.Gateway.Poll();
        if (!_feed.HasGap || MonotonicClock.NowNs() - _phaseStartNs > SettleLimitNs)
        {
            Enter(EnginePhase.Draining);
            return 1;
        }

        return work;
    }

    /// <summary>No new orders from the feed; the venue's answers still come in. Ends when no order is open, or after Engine:DrainSeconds.</summary>
    private int Drain()
    {
        if (!_engine.Gateway.HasVenue)
        {
            Enter(EnginePhase.Done);
            return -1;
        }

        int work = _engine.Gateway.Poll() + _engine.Poll();
        long now = MonotonicClock.NowNs();
        if (now - _lastDrainCheckNs > 1_000_000)
        {
            _lastDrainCheckNs = now;
            if (_engine.Orders.OpenOrderCount == 0 || now - _phaseStartNs > _drainNs || !_engine.Gateway.IsReady)
            {
                Enter(EnginePhase.Closing);
                return 1;
            }
        }

        return work;
    }

    private int Close()
    {
        int work = _engine.Gateway.Poll();
        bool stopped = _engine.Gateway.Initiator is null || _engine.Gateway.Initiator.IsStopped;
        if (stopped || MonotonicClock.NowNs() - _phaseStartNs > CloseLimitNs)
        {
            Enter(_failAfterClose ? EnginePhase.Failed : EnginePhase.Done);
            return -1;
        }

        return work;
    }

    private void Enter(EnginePhase phase)
    {
        if (phase == EnginePhase.Closing && _phase != EnginePhase.Closing)
        {
            _engine.Gateway.Initiator?.Stop(_failAfterClose ? "logon failed" : "gateway done");
        }

        _phase = phase;
        _phaseStartNs = MonotonicClock.NowNs();
    }

    public void OnClose()
    {
        MarkEnd();
        _pump?.OnClose();
    }

    private bool _disposed;

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _pump?.Dispose();
        _engine.Dispose();
        foreach (IDisposable d in _owned)
        {
            d.Dispose();
        }
    }
}
