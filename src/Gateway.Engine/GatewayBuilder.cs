using System.Net;
using Gateway.Core.Concurrent;
using Gateway.Engine.Journal;
using Gateway.Engine.Orders;
using Gateway.Engine.Pipeline;
using Gateway.Engine.Strategies;
using Gateway.Interop;
using Gateway.MarketData.Feed;
using Gateway.Net.Decode;
using Gateway.Net.Pipeline;
using Gateway.Net.Sources;
using Gateway.OrderEntry.Fix;
using Gateway.OrderEntry.Orders;
using Gateway.OrderEntry.Session;
using Gateway.OrderEntry.Store;
using Gateway.Risk;

namespace Gateway.Engine;

/// <summary>Replay-only choices that are not part of the gateway's configuration.</summary>
public sealed record PipelineExtras
{
    /// <summary>Packet path only: no MoldUDP64 session, ITCH decode, books or strategy.</summary>
    public bool NoFeed { get; init; }

    /// <summary>MoldUDP64 and ITCH decode, but leave the books alone (measures the decoder).</summary>
    public bool DecodeOnly { get; init; }

    public DestinationFilter Filter { get; init; } = DestinationFilter.AcceptAll;

    public bool VerifyIpChecksum { get; init; }

    public int MaxFrameBytes { get; init; } = 1526;

    /// <summary>Every payload recorded to this file (comparing backends byte for byte).</summary>
    public string? PayloadsOut { get; init; }
}

/// <summary>
/// The one composition root: builds the gateway's critical-path agent from its configuration — the
/// packet source, the feed and its books, the strategy, pre-trade risk, the order table, the order
/// session (or the counting sink), the journal and its writer. <c>gw replay</c>, <c>gw run</c> and the
/// tests configure it; none keeps a loop of its own. The strategy is chosen here and the engine is
/// compiled for its type (a struct generic), so the loop makes no virtual call into it.
/// </summary>
public static class GatewayBuilder
{
    /// <summary>
    /// Builds the engine. The options must be valid (<see cref="GatewayOptions.Validate"/>).
    /// </summary>
    /// <exception cref="PacketSourceException">The packet source could not be opened.</exception>
    /// <exception cref="NativeUnavailableException">The native shim or DPDK is missing.</exception>
    /// <exception cref="FixStoreException">The venue session's store cannot be used.</exception>
    /// <exception cref="MemoryLockException">Engine:LockMemory is require and the pools could not be locked.</exception>
    public static IGatewayEngine Build(GatewayOptions options, PipelineExtras? extras = null, bool withSource = true)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<string> errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(errors[0], nameof(options));
        }

        extras ??= new PipelineExtras();
        CycleClock.Initialize();
        if (options.Strategy.Name == "threshold-taker" && !extras.NoFeed)
        {
            List<TakerSpec> specs = TakerSpec.ParseAll(options.Strategy.Taker, []);
            var tif = options.Strategy.TimeInForce == "DAY" ? TimeInForce.Day : TimeInForce.ImmediateOrCancel;
            return Build(options, extras, "threshold-taker", new ThresholdTaker(specs, timeInForce: tif), withSource);
        }

        return Build(options, extras, "none", new NoStrategy(), withSource);
    }

    private static GatewayEngine<TStrategy> Build<TStrategy>(GatewayOptions options, PipelineExtras extras, string name, TStrategy strategy,
        bool withSource)
        where TStrategy : struct, IStrategy
    {
        var owned = new List<IDisposable>();
        try
        {
            var symbols = new SymbolTable();
            var journalRing = new SpscRing<JournalEntry>(options.Engine.JournalRing);
            var logRing = new SpscRing<string>(4096);
            var risk = new PreTradeRisk(options.Risk, 65536, options.Engine.MaxOrders);
            var orders = new OrderTable(options.Engine.MaxOrders, options.Engine.ClOrdIdPrefix ?? OrderTable.DefaultPrefix(DateTime.UtcNow));
            var forward = new ForwardingApplication();
            var log = new RingSessionLog(logRing);
            (OrderGateway gateway, FixSessionStore? store) = CreateGateway(options.Venue, forward, log, owned);
            var engine = new TradingEngine<TStrategy>(strategy, risk, orders, gateway, options.Engine, journalRing, symbols);
            forward.Target = engine;

            IPacketSource? source = null;
            MarketDataFeed<EngineBookListener<TStrategy>>? feed = null;
            PacketPumpOptions? pumpOptions = null;
            PayloadRecorder? recorder = null;
            if (withSource)
            {
                PacketSources.Validate(options.Feed);
                source = PacketSources.Open(options.Feed, options.Engine.Cpu);
                owned.Add(source);
                if (extras.PayloadsOut is { } path)
                {
                    recorder = new PayloadRecorder(Output.OutputFiles.Begin(path));
                    owned.Add(recorder);
                }

                if (!extras.NoFeed)
                {
                    feed = new MarketDataFeed<EngineBookListener<TStrategy>>(FeedOptions(options.Feed, extras), new EngineBookListener<TStrategy>(engine));
                    owned.Add(feed);
                    engine.Attach(feed);
                }

                pumpOptions = PumpOptions(options, extras, source, stamp: name != "none");
            }

            var writer = new JournalWriter(journalRing, logRing, symbols, orders, options.Engine.OrdersOut, options.Engine.Journal);
            owned.Add(writer);
            var built = new GatewayEngine<TStrategy>(options, name, source, pumpOptions, feed, engine, recorder, writer, journalRing, logRing, symbols, store,
                [.. owned]);
            try
            {
                // Start-up, not packet work: the replay's clock starts at the first packet.
                built.PrepareMemory();
            }
            catch
            {
                built.Dispose();
                owned.Clear();
                throw;
            }

            return built;
        }
        catch
        {
            foreach (IDisposable d in owned)
            {
                d.Dispose();
            }

            throw;
        }
    }

    private static (OrderGateway Gateway, FixSessionStore? Store) CreateGateway(VenueSettings venue, IFixApplication application, IFixSessionLog log,
        List<IDisposable> owned)
    {
        if (!venue.Enabled)
        {
            return (new OrderGateway(venue.SenderCompId, venue.TargetCompId), null);
        }

        var settings = new FixSessionSettings
        {
            Role = FixRole.Initiator,
            SenderCompId = venue.SenderCompId,
            TargetCompId = venue.TargetCompId,
            HeartBtIntSeconds = venue.HeartbeatSeconds,
            ResetOnLogon = venue.ResetOnLogon,
            MaxLatency = TimeSpan.FromSeconds(venue.MaxLatencySeconds),
        };
        FixSessionStore store = FixSessionStore.Open(venue.Store, new FixSessionId("FIX.4.4", settings.SenderCompId, settings.TargetCompId));
        try
        {
            var flusher = new FixStoreFlusher([store]);
            var session = new FixSession(settings, store, application, log: log);
            var initiator = new FixInitiator(session, new IPEndPoint(IPAddress.Parse(venue.Host!), venue.Port), log);
            // The engine disposes the gateway (closing the connection) first; then the flusher (a last msync), then the store.
            owned.Add(flusher);
            owned.Add(store);
            return (new OrderGateway(session, initiator), store);
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    private static MarketDataFeedOptions FeedOptions(FeedSettings feed, PipelineExtras extras)
    {
        DestinationFilter? lines = null;
        if (feed.Lines is { } text)
        {
            ConfigParsing.TryLines(text, out DestinationFilter parsed, out _);
            lines = parsed;
        }

        IPEndPoint? rerequest = null;
        if (feed.Rerequest is { } r && ConfigParsing.TryEndpoint(r, out IPEndPoint e))
        {
            rerequest = e;
        }

        return new MarketDataFeedOptions
        {
            LineA = lines is { Count: >= 1 } a ? a[0] : null,
            LineB = lines is { Count: 2 } b ? b[1] : null,
            RerequestServer = rerequest,
            DecodeOnly = extras.DecodeOnly,
            Books = new Gateway.MarketData.Books.BookOptions { Lookahead = feed.GetLookaheadMode() },
        };
    }

    private static PacketPumpOptions PumpOptions(GatewayOptions options, PipelineExtras extras, IPacketSource source, bool stamp)
    {
        FeedSettings feed = options.Feed;
        ConfigParsing.TryPacing(feed.Pace, out Pacing pacing);
        long endAfterIdle = (long)(feed.EndAfterIdleSeconds * 1e9);
        return new PacketPumpOptions
        {
            Burst = feed.Burst > 0 ? feed.Burst : feed.Backend == "file" ? 256 : 32,
            Pacing = pacing,
            MaxFrameBytes = extras.MaxFrameBytes,
            VerifyIpChecksum = extras.VerifyIpChecksum,
            Filter = extras.Filter,
            EndAfterIdleNs = endAfterIdle,
            WarmupPackets = options.Engine.WarmupPackets,
            StampReceive = stamp,
        };
    }

    /// <summary>Lets the session be built before the engine that answers it (the engine needs the session's gateway).</summary>
    private sealed class ForwardingApplication : IFixApplication
    {
        public IFixApplication? Target { get; set; }

        public void OnLogon(FixSession session) => Target?.OnLogon(session);

        public void OnLogout(FixSession session, string reason) => Target?.OnLogout(session, reason);

        public void OnMessage(FixSession session, in FixMessageView message) => Target?.OnMessage(session, message);
    }
}

/// <summary>FIX session events into the log ring (formatted on the session's thread: events only, never per normal message).</summary>
public sealed class RingSessionLog(SpscRing<string> ring) : IFixSessionLog
{
    public void Write(FixSession session, FixLogLevel level, string text) =>
        ring.TryWrite($"{DateTime.UtcNow:HH:mm:ss.ffffff} {session.Settings.SenderCompId}->{session.Settings.TargetCompId} {level.ToString().ToLowerInvariant()}: {text}");
}
