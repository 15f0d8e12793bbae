using System.Net;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using Gateway.OrderEntry.Fix;
using Gateway.OrderEntry.Session;
using Gateway.OrderEntry.Store;
using Gateway.Lab.Venue;

namespace Gateway.Benchmarks;

/// <summary>
/// A FIX session round trip on loopback TCP (issue 4): the gateway's initiator encodes a
/// NewOrderSingle, journals it and sends it; the test venue's acceptor receives, frames, parses and
/// validates it, answers with an ExecutionReport New and a fill (each encoded, journaled, sent); the
/// initiator receives, parses, validates and delivers both. One thread pumps both sessions, so the
/// figure is the software path plus four loopback TCP traversals (two sends each way), without a
/// thread hand-off. Both stores are real mapped files, with a flusher thread preparing segments.
/// </summary>
/// <remarks><see cref="TcpBaseline"/> moves the same byte counts through a bare pair of loopback sockets
/// the same way (one send, two sends back, polled receives): the floor the kernel sets; the difference
/// is the FIX engine's own cost.</remarks>
[MemoryDiagnoser]
[MedianColumn]
public class FixSessionBenchmarks
{
    private sealed class CountingApp : IFixApplication
    {
        public long Messages;

        public void OnLogon(FixSession session)
        {
        }

        public void OnLogout(FixSession session, string reason)
        {
        }

        public void OnMessage(FixSession session, in FixMessageView message) => Messages++;
    }

    private string _directory = "";
    private FixSessionStore _gatewayStore = null!;
    private FixSessionStore _venueStore = null!;
    private FixAcceptor _acceptor = null!;
    private FixInitiator _initiator = null!;
    private FixSession _session = null!;
    private FixMessageTemplate _nos = null!;
    private readonly CountingApp _app = new();
    private readonly byte[] _clOrdId = "ORD-0000000"u8.ToArray();
    private Thread _flusher = null!;
    private volatile bool _stop;
    private int _n;
    private Socket _left = null!;
    private Socket _right = null!;
    private readonly byte[] _order = new byte[230];
    private readonly byte[] _report = new byte[260];
    private readonly byte[] _rx = new byte[4096];

    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "gw-session-bench-" + Environment.ProcessId);
        var options = new FixStoreOptions { SegmentSize = 256L << 20, MaxSegments = 64, ArchiveOnReset = false };
        _gatewayStore = FixSessionStore.Open(_directory, new FixSessionId("FIX.4.4", "GATEWAY", "VENUE"), options);
        _venueStore = FixSessionStore.Open(_directory, new FixSessionId("FIX.4.4", "VENUE", "GATEWAY"), options);
        var venueSession = new FixSession(new FixSessionSettings { Role = FixRole.Acceptor, SenderCompId = "VENUE", TargetCompId = "GATEWAY", ResetOnLogon = true },
            _venueStore, new FixVenueApplication(VenueMode.Fill));
        _acceptor = new FixAcceptor(new IPEndPoint(IPAddress.Loopback, 0), [venueSession]);
        _session = new FixSession(new FixSessionSettings { Role = FixRole.Initiator, ResetOnLogon = true }, _gatewayStore, _app);
        _initiator = new FixInitiator(_session, _acceptor.LocalEndPoint);
        _nos = _session.CreateTemplate("D");
        _flusher = new Thread(() =>
        {
            while (!_stop)
            {
                _gatewayStore.PrepareNextSegment();
                _venueStore.PrepareNextSegment();
                Thread.Sleep(50);
            }
        }) { IsBackground = true };
        _flusher.Start();
        while (!_session.IsLoggedOn)
        {
            _acceptor.DoWork();
            _initiator.DoWork();
        }

        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        _left = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        _left.Connect(listener.LocalEndPoint!);
        _right = listener.Accept();
        _right.NoDelay = true;
        _left.Blocking = false;
        _right.Blocking = false;
    }

    /// <summary>230 bytes one way, two sends of 260 bytes back, every receive a non-blocking poll.</summary>
    [Benchmark(Baseline = true)]
    public int TcpBaseline()
    {
        _left.Send(_order, 0, _order.Length, SocketFlags.None, out _);
        int got = 0;
        while (got < _order.Length)
        {
            got += Math.Max(0, _right.Receive(_rx, 0, _rx.Length, SocketFlags.None, out _));
        }

        _right.Send(_report, 0, _report.Length, SocketFlags.None, out _);
        _right.Send(_report, 0, _report.Length, SocketFlags.None, out _);
        got = 0;
        while (got < 2 * _report.Length)
        {
            got += Math.Max(0, _left.Receive(_rx, 0, _rx.Length, SocketFlags.None, out _));
        }

        return got;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _stop = true;
        _flusher.Join();
        _left.Dispose();
        _right.Dispose();
        _initiator.Dispose();
        _acceptor.Dispose();
        _gatewayStore.Dispose();
        _venueStore.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>NewOrderSingle out, ExecutionReport New and fill back.</summary>
    [Benchmark]
    public long OrderRoundTrip()
    {
        _clOrdId[^1] = (byte)('0' + (++_n % 10));
        FixEncoder e = _session.Begin(_nos);
        e.AppendString(FixTag.ClOrdID, _clOrdId);
        e.AppendChar(FixTag.HandlInst, (byte)'1');
        e.AppendString(FixTag.Symbol, "AAPL"u8);
        e.AppendChar(FixTag.Side, (byte)'1');
        e.AppendTimestamp(FixTag.TransactTime, SystemFixClock.Instance.UtcNowNanos);
        e.AppendInt(FixTag.OrderQty, 100);
        e.AppendChar(FixTag.OrdType, (byte)'2');
        e.AppendPrice(FixTag.Price, new FixPrice(18_725_000_000));
        _session.Send();
        long want = _app.Messages + 2;
        while (_app.Messages < want)
        {
            _acceptor.DoWork();
            _initiator.DoWork();
        }

        return _app.Messages;
    }
}
