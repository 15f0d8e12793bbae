using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Gateway.Engine;
using Gateway.Risk;

namespace Gateway.Host.Run;

/// <summary>
/// The operator's control channel of <c>gw run</c>: a Unix socket (mode 0600) that takes one line
/// and answers one line. <c>kill</c> engages the kill switch (no new orders, open ones cancelled),
/// <c>resume</c> releases it, <c>status</c> reports the engine's counters, <c>stop</c> shuts the
/// gateway down as SIGTERM does. <c>gw control</c> is its client. Served on a thread of its own;
/// the engine only sees a flag it reads once a turn.
/// </summary>
internal sealed class ControlServer : IDisposable
{
    private readonly Socket _listener;
    private readonly string _path;
    private readonly IGatewayEngine _engine;
    private readonly Action _stop;
    private readonly Thread _thread;
    private volatile bool _disposed;

    public ControlServer(string path, IGatewayEngine engine, Action stop)
    {
        _path = Path.GetFullPath(path);
        _engine = engine;
        _stop = stop;
        if (File.Exists(_path))
        {
            File.Delete(_path); // a socket file left by a killed gateway
        }

        _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _listener.Bind(new UnixDomainSocketEndPoint(_path));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(_path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        _listener.Listen(4);
        _thread = new Thread(Serve) { IsBackground = true, Name = "gateway-control" };
        _thread.Start();
    }

    private void Serve()
    {
        byte[] buffer = new byte[256];
        while (!_disposed)
        {
            Socket client;
            try
            {
                client = _listener.Accept();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return;
            }

            using (client)
            {
                try
                {
                    client.ReceiveTimeout = 2000;
                    int n = client.Receive(buffer);
                    string command = Encoding.ASCII.GetString(buffer, 0, Math.Max(n, 0)).Trim().ToLowerInvariant();
                    client.Send(Encoding.ASCII.GetBytes(Handle(command) + "\n"));
                }
                catch (SocketException)
                {
                    // the client went away: nothing to answer
                }
            }
        }
    }

    private string Handle(string command)
    {
        switch (command)
        {
            case "kill":
                _engine.RequestKillSwitch(KillSwitchCause.Command);
                Console.Out.WriteLine("KILL-SWITCH command=kill");
                return "OK kill switch engaging: no new orders, open orders cancelled";
            case "resume":
                _engine.RequestKillSwitchReset();
                Console.Out.WriteLine("KILL-SWITCH command=resume");
                return "OK kill switch released";
            case "clear-stale":
                // The operator's word that the books are good again (or that trading on them is accepted).
                bool wasStale = _engine.Risk.ClearStaleFeed();
                Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"STALE-FEED command=clear-stale was_stale={wasStale} loss_events={_engine.Risk.FeedLossEvents}"));
                return wasStale ? "OK stale-feed flag cleared: new orders allowed again" : "OK the feed was not stale";
            case "stop":
                _stop();
                return "OK stopping";
            case "status":
                EngineCounters c = _engine.Counters;
                return string.Create(CultureInfo.InvariantCulture,
                    $"OK phase={_engine.Phase} packets={_engine.PacketStats.Packets} orders_sent={c.OrdersSent} refused={c.RiskRejected + c.EngineRefused} " +
                    $"fills={c.Fills} open_orders={_engine.Orders.OpenOrderCount} kill_switch={_engine.Risk.IsKillSwitchEngaged} cause={_engine.Risk.KillSwitch} venue_logons={c.VenueLogons} " +
                    $"feed_stale={_engine.Risk.IsFeedStale} stale_since_seq={_engine.Risk.StaleSinceSequence} feed_loss_events={_engine.Risk.FeedLossEvents}");
            default:
                return $"ERROR unknown command '{command}' (kill, resume, clear-stale, status, stop)";
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _listener.Dispose();
        try
        {
            File.Delete(_path);
        }
        catch (IOException)
        {
        }
    }
}
