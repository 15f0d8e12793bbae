using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Gateway.Core.Agents;
using Gateway.OrderEntry.Fix;
using Gateway.OrderEntry.Session;
using Gateway.OrderEntry.Store;
using Gateway.OrderEntry.Tests.Store;
using Gateway.Lab.Venue;

namespace Gateway.OrderEntry.Tests.Session;

/// <summary>Initiator and acceptor over real loopback TCP, pumped by the test thread.</summary>
public sealed class FixTcpTests : IDisposable
{
    private readonly StoreTempDir _dir = new();
    private readonly List<IDisposable> _owned = [];
    private readonly MemoryLog _log = new();

    public void Dispose()
    {
        for (int i = _owned.Count - 1; i >= 0; i--)
        {
            _owned[i].Dispose();
        }

        _dir.Dispose();
    }

    private static FixSessionSettings GatewaySettings => new()
    {
        Role = FixRole.Initiator,
        HeartBtIntSeconds = 5,
        ReconnectInitialDelay = TimeSpan.FromMilliseconds(20),
        ReconnectMaxDelay = TimeSpan.FromMilliseconds(200),
    };

    private static FixSessionSettings VenueSettings => new() { Role = FixRole.Acceptor, SenderCompId = "VENUE", TargetCompId = "GATEWAY" };

    private FixSessionStore Store(FixSessionSettings s, string sub)
    {
        var store = FixSessionStore.Open(Path.Combine(_dir.Path, sub), new FixSessionId("FIX.4.4", s.SenderCompId, s.TargetCompId),
            new FixStoreOptions { SegmentSize = 1 << 20, MaxSegments = 4 });
        _owned.Add(store);
        return store;
    }

    private (FixAcceptor Acceptor, FixVenueApplication Venue) StartVenue(VenueMode mode = VenueMode.Fill, int port = 0)
    {
        var venue = new FixVenueApplication(mode);
        var session = new FixSession(VenueSettings, Store(VenueSettings, "venue"), venue, log: _log);
        var acceptor = new FixAcceptor(new IPEndPoint(IPAddress.Loopback, port), [session], _log);
        _owned.Add(acceptor);
        return (acceptor, venue);
    }

    private (FixInitiator Initiator, RecordingApp App) StartGateway(IPEndPoint venue, FixSessionSettings? settings = null)
    {
        var app = new RecordingApp();
        FixSessionSettings s = settings ?? GatewaySettings;
        var session = new FixSession(s, Store(s, "gateway"), app, log: _log);
        var initiator = new FixInitiator(session, venue, _log);
        _owned.Add(initiator);
        return (initiator, app);
    }

    private void Pump(Func<bool> until, params IAgent[] agents)
    {
        var sw = Stopwatch.StartNew();
        while (!until())
        {
            if (sw.Elapsed > TimeSpan.FromSeconds(10))
            {
                Assert.Fail("timed out; log:\n" + string.Join("\n", _log.Lines));
            }

            int work = 0;
            foreach (IAgent a in agents)
            {
                work += a.DoWork();
            }

            if (work == 0)
            {
                Thread.Sleep(1);
            }
        }
    }

    private static void SendOrder(FixSession s, string clOrdId) =>
        Assert.Equal(FixSendResult.Sent, TestOrder.Send(s, clOrdId, symbol: "MSFT", side: '2', qty: 300, price: 411.07m));

    [Fact]
    public void Orders_are_acknowledged_and_filled_at_their_limit_then_both_sides_log_out()
    {
        (FixAcceptor acceptor, FixVenueApplication venue) = StartVenue();
        (FixInitiator initiator, RecordingApp app) = StartGateway(acceptor.LocalEndPoint);
        Pump(() => initiator.Session.IsLoggedOn, acceptor, initiator);
        for (int i = 1; i <= 3; i++)
        {
            SendOrder(initiator.Session, $"T{i}");
        }

        Pump(() => app.Messages.Count == 6, acceptor, initiator);
        Assert.Equal(3, venue.OrdersReceived);
        string[] fills = app.Messages.Where(m => m.Contains("|150=F|", StringComparison.Ordinal)).ToArray();
        Assert.Equal(3, fills.Length);
        Assert.All(fills, f => Assert.Contains("|31=411.07|", f));
        Assert.All(fills, f => Assert.Contains("|32=300|", f));
        Assert.Contains("|11=T2|", fills[1]);

        initiator.Stop("test over");
        Pump(() => initiator.IsStopped && acceptor.AllDisconnected, acceptor, initiator);
        FixSession venueSession = acceptor.Sessions[0];
        Assert.Equal(initiator.Session.NextSenderSeqNum, venueSession.NextTargetSeqNum);
        Assert.Equal(venueSession.NextSenderSeqNum, initiator.Session.NextTargetSeqNum);
        Assert.Equal(0, initiator.Session.Counters.RejectsReceived);
        Assert.Equal(0, venueSession.Counters.RejectsSent);
    }

    [Fact]
    public void After_the_venue_logs_out_the_initiator_reconnects_and_sequences_continue()
    {
        (FixAcceptor acceptor, _) = StartVenue();
        (FixInitiator initiator, RecordingApp app) = StartGateway(acceptor.LocalEndPoint);
        Pump(() => initiator.Session.IsLoggedOn, acceptor, initiator);
        SendOrder(initiator.Session, "R1");
        Pump(() => app.Messages.Count == 2, acceptor, initiator);
        ulong before = initiator.Session.NextSenderSeqNum;

        acceptor.LogoutAll("venue maintenance");
        Pump(() => !initiator.Session.IsLoggedOn, acceptor, initiator);
        Pump(() => initiator.Session.IsLoggedOn && acceptor.Sessions[0].IsLoggedOn, acceptor, initiator);
        Assert.Equal(2, app.Logons);
        Assert.True(initiator.ConnectAttempts >= 2);
        // The second Logon continued the sequence (no reset): Logout answer used one, the Logon the next.
        Assert.Equal(before + 2, initiator.Session.NextSenderSeqNum);
        SendOrder(initiator.Session, "R2");
        Pump(() => app.Messages.Count == 4, acceptor, initiator);
    }

    [Fact]
    public void The_initiator_keeps_retrying_while_the_venue_is_down()
    {
        // A port with nobody listening: bind, note the port, close.
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();

        (FixInitiator initiator, _) = StartGateway(new IPEndPoint(IPAddress.Loopback, port));
        Pump(() => initiator.ConnectAttempts >= 3, initiator);
        Assert.False(initiator.Session.IsLoggedOn);
        Assert.Contains(_log.Lines, l => l.Contains("connect to", StringComparison.Ordinal) && l.Contains("failed", StringComparison.Ordinal));

        (FixAcceptor acceptor, _) = StartVenue(port: port);
        Pump(() => initiator.Session.IsLoggedOn, acceptor, initiator);
    }

    [Fact]
    public void A_forced_gap_is_recovered_with_a_gap_fill()
    {
        (FixAcceptor acceptor, _) = StartVenue();
        (FixInitiator initiator, RecordingApp app) = StartGateway(acceptor.LocalEndPoint);
        Pump(() => initiator.Session.IsLoggedOn, acceptor, initiator);
        SendOrder(initiator.Session, "G1");
        Pump(() => app.Messages.Count == 2, acceptor, initiator);
        initiator.Stop();
        Pump(() => initiator.IsStopped && acceptor.AllDisconnected, acceptor, initiator);

        // The gateway "lost" five outgoing messages: its next sequence number jumps ahead.
        FixSession gw = initiator.Session;
        gw.Store.SetSequenceNumbers(gw.Store.NextSenderSeqNum + 5, gw.Store.NextTargetSeqNum);
        (FixInitiator again, RecordingApp app2) = StartGatewayReusing(gw, acceptor.LocalEndPoint);
        Pump(() => again.Session.IsLoggedOn && !acceptor.Sessions[0].IsRecoveringGap && acceptor.Sessions[0].Counters.ResendRequestsSent == 1, acceptor, again);
        Assert.Equal(1, again.Session.Counters.GapFillsSent);
        SendOrder(again.Session, "G2");
        Pump(() => app2.Messages.Count == 2, acceptor, again);
        Assert.Equal(again.Session.NextSenderSeqNum, acceptor.Sessions[0].NextTargetSeqNum);
    }

    private (FixInitiator, RecordingApp) StartGatewayReusing(FixSession old, IPEndPoint venue)
    {
        var app = new RecordingApp();
        var session = new FixSession(old.Settings, old.Store, app, log: _log);
        var initiator = new FixInitiator(session, venue, _log);
        _owned.Add(initiator);
        return (initiator, app);
    }

    [Fact]
    public void The_acceptor_refuses_strangers_garbage_and_a_second_connection_without_disturbing_the_live_session()
    {
        (FixAcceptor acceptor, _) = StartVenue();
        (FixInitiator initiator, RecordingApp app) = StartGateway(acceptor.LocalEndPoint);
        Pump(() => initiator.Session.IsLoggedOn, acceptor, initiator);

        using var stranger = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        stranger.Connect(acceptor.LocalEndPoint);
        stranger.Send(Tests.Fix.Fix.Build($"35=A|49=STRANGER|56=VENUE|34=1|52={DateTime.UtcNow:yyyyMMdd-HH:mm:ss.fff}|98=0|108=30|"));
        using var garbage = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        garbage.Connect(acceptor.LocalEndPoint);
        garbage.Send("GET / HTTP/1.1\r\n\r\n"u8.ToArray());
        using var duplicate = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        duplicate.Connect(acceptor.LocalEndPoint);
        duplicate.Send(Tests.Fix.Fix.Build($"35=A|49=GATEWAY|56=VENUE|34=1|52={DateTime.UtcNow:yyyyMMdd-HH:mm:ss.fff}|98=0|108=30|"));

        Pump(() => acceptor.RefusedConnections == 3, acceptor, initiator);
        Assert.True(initiator.Session.IsLoggedOn);
        SendOrder(initiator.Session, "S1");
        Pump(() => app.Messages.Count == 2, acceptor, initiator);
    }
}

/// <summary>The test venue's other modes, over loopback TCP.</summary>
public sealed class FixVenueModeTests : IDisposable
{
    private readonly StoreTempDir _dir = new();
    private readonly List<IDisposable> _owned = [];

    public void Dispose()
    {
        for (int i = _owned.Count - 1; i >= 0; i--)
        {
            _owned[i].Dispose();
        }

        _dir.Dispose();
    }

    private (FixAcceptor, FixInitiator, RecordingApp) Pair(VenueMode mode)
    {
        var venueSettings = new FixSessionSettings { Role = FixRole.Acceptor, SenderCompId = "VENUE", TargetCompId = "GATEWAY" };
        var gatewaySettings = new FixSessionSettings { Role = FixRole.Initiator };
        FixSessionStore vs = FixSessionStore.Open(_dir.Path, new FixSessionId("FIX.4.4", "VENUE", "GATEWAY"));
        FixSessionStore gs = FixSessionStore.Open(_dir.Path, new FixSessionId("FIX.4.4", "GATEWAY", "VENUE"));
        _owned.Add(vs);
        _owned.Add(gs);
        var acceptor = new FixAcceptor(new IPEndPoint(IPAddress.Loopback, 0), [new FixSession(venueSettings, vs, new FixVenueApplication(mode))]);
        var app = new RecordingApp();
        var initiator = new FixInitiator(new FixSession(gatewaySettings, gs, app), acceptor.LocalEndPoint);
        _owned.Add(acceptor);
        _owned.Add(initiator);
        Pump(() => initiator.Session.IsLoggedOn, acceptor, initiator);
        return (acceptor, initiator, app);
    }

    private static void Pump(Func<bool> until, FixAcceptor a, FixInitiator i)
    {
        var sw = Stopwatch.StartNew();
        while (!until())
        {
            Assert.True(sw.Elapsed < TimeSpan.FromSeconds(10), "timed out");
            if (a.DoWork() + i.DoWork() == 0)
            {
                Thread.Sleep(1);
            }
        }
    }

    private static void Order(FixSession s, string clOrdId) =>
        Assert.Equal(FixSendResult.Sent, TestOrder.Send(s, clOrdId, symbol: "IBM", qty: 7, price: 99.5m));

    [Fact]
    public void Reject_mode_answers_every_order_with_a_rejected_execution_report()
    {
        (FixAcceptor a, FixInitiator i, RecordingApp app) = Pair(VenueMode.Reject);
        Order(i.Session, "X1");
        Pump(() => app.Messages.Count == 1, a, i);
        Assert.Contains("|150=8|39=8|", app.Messages[0]);
        Assert.Contains("|11=X1|", app.Messages[0]);
        Assert.Contains("|58=rejected by the test venue|", app.Messages[0]);
    }

    [Fact]
    public void Echo_mode_returns_the_body_unchanged_under_the_venues_header()
    {
        (FixAcceptor a, FixInitiator i, RecordingApp app) = Pair(VenueMode.Echo);
        Order(i.Session, "E1");
        Pump(() => app.Messages.Count == 1, a, i);
        string echoed = app.Messages[0];
        Assert.Contains("|35=D|49=VENUE|56=GATEWAY|", echoed);
        Assert.Contains("|11=E1|21=1|55=IBM|54=1|60=", echoed);
        Assert.Contains("|38=7|40=2|44=99.5|10=", echoed);
    }

    [Fact]
    public void Fill_mode_refuses_a_cancel_of_a_filled_order_as_too_late()
    {
        (FixAcceptor a, FixInitiator i, RecordingApp app) = Pair(VenueMode.Fill);
        Order(i.Session, "F1");
        Pump(() => app.Messages.Count == 2, a, i);
        FixSession s = i.Session;
        FixEncoder e = s.Begin(s.CreateTemplate("F"));
        e.AppendString(FixTag.OrigClOrdID, "F1"u8);
        e.AppendString(FixTag.ClOrdID, "F1-C"u8);
        e.AppendString(FixTag.Symbol, "IBM"u8);
        e.AppendChar(FixTag.Side, (byte)'1');
        e.AppendTimestamp(FixTag.TransactTime, SystemFixClock.Instance.UtcNowNanos);
        Assert.Equal(FixSendResult.Sent, s.Send());
        Pump(() => app.Messages.Count == 3, a, i);
        Assert.Contains("|35=9|", app.Messages[2]);
        Assert.Contains("|41=F1|39=2|434=1|102=0|", app.Messages[2]);
    }
}
