using System.Net;
using System.Net.Sockets;
using Gateway.Core.Agents;

namespace Gateway.OrderEntry.Session;

/// <summary>
/// Keeps one initiator session connected: connects (without blocking the loop), hands the socket to
/// the session, pumps it, and after any disconnect waits and connects again — first after
/// <see cref="FixSessionSettings.ReconnectInitialDelay"/>, doubling up to
/// <see cref="FixSessionSettings.ReconnectMaxDelay"/>, back to the first delay once a logon succeeds.
/// An <see cref="IAgent"/>: run it on its own thread with an <see cref="AgentRunner"/>, or call
/// <see cref="DoWork"/> from the thread that owns the session.
/// </summary>
public sealed class FixInitiator : IAgent, IDisposable
{
    private readonly FixSession _session;
    private readonly EndPoint _endPoint;
    private readonly IFixSessionLog _log;
    private readonly long _initialDelayNs;
    private readonly long _maxDelayNs;
    private readonly long _connectTimeoutNs;

    private FixTcpConnection? _connection;
    private Socket? _connecting;
    private long _connectStartedMono;
    private long _nextAttemptMono;
    private long _delayNs;
    private bool _stopping;

    public FixInitiator(FixSession session, EndPoint endPoint, IFixSessionLog? log = null)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(endPoint);
        if (session.Settings.Role != FixRole.Initiator)
        {
            throw new ArgumentException("FixInitiator needs a session configured as Initiator", nameof(session));
        }

        _session = session;
        _endPoint = endPoint;
        _log = log ?? NullFixSessionLog.Instance;
        _initialDelayNs = session.Settings.ReconnectInitialDelay.Ticks * 100;
        _maxDelayNs = session.Settings.ReconnectMaxDelay.Ticks * 100;
        _connectTimeoutNs = session.Settings.LogonTimeout.Ticks * 100;
        _delayNs = _initialDelayNs;
        _nextAttemptMono = Now();
    }

    public string Name => $"fix-initiator {_session.Settings.SenderCompId}->{_session.Settings.TargetCompId}";

    public FixSession Session => _session;

    /// <summary>Connection attempts so far (successful or not).</summary>
    public long ConnectAttempts { get; private set; }

    /// <summary>After <see cref="Stop"/>: the session is logged out and the connection closed.</summary>
    public bool IsStopped => _stopping && _connection is null && _connecting is null;

    public void OnStart()
    {
    }

    public int DoWork()
    {
        if (_connection is not null)
        {
            return Pump();
        }

        if (_connecting is not null)
        {
            return FinishConnect();
        }

        if (_stopping || Now() - _nextAttemptMono < 0)
        {
            return 0;
        }

        StartConnect();
        return 1;
    }

    /// <summary>Logs out (or stops connecting); keep calling <see cref="DoWork"/> until <see cref="IsStopped"/>.</summary>
    public void Stop(string reason = "shutdown")
    {
        _stopping = true;
        if (_connecting is not null)
        {
            _connecting.Dispose();
            _connecting = null;
        }

        _session.Logout(reason);
    }

    public void OnClose() => Dispose();

    public void Dispose()
    {
        _stopping = true;
        _connecting?.Dispose();
        _connecting = null;
        if (_connection is not null)
        {
            _session.ConnectionLost("initiator disposed");
            _connection.Close();
            _connection = null;
        }
    }

    private int Pump()
    {
        FixTcpConnection c = _connection!;
        int work = c.Receive(_session);
        work += c.FlushPending();
        work += _session.Poll();
        if (_session.IsLoggedOn)
        {
            _delayNs = _initialDelayNs;
        }

        if (c.IsClosed || _session.State == FixSessionState.Disconnected)
        {
            _session.ConnectionLost(c.CloseReason ?? "connection closed");
            c.Close();
            _connection = null;
            ScheduleReconnect();
            return 1;
        }

        return work;
    }

    private void StartConnect()
    {
        ConnectAttempts++;
        // A plain non-blocking connect, polled from DoWork. (ConnectAsync would tie the socket to the
        // runtime's async engine, whose synchronous Send then allocates on every call.)
        var socket = new Socket(_endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { Blocking = false };
        _connecting = socket;
        _connectStartedMono = Now();
        try
        {
            socket.Connect(_endPoint);
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.WouldBlock or SocketError.InProgress or SocketError.AlreadyInProgress)
        {
        }
        catch (SocketException e)
        {
            ConnectFailed(e.SocketErrorCode.ToString());
        }
    }

    private int FinishConnect()
    {
        Socket socket = _connecting!;
        int error = (int)socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Error)!;
        if (error != 0)
        {
            ConnectFailed(((SocketError)error).ToString());
            return 1;
        }

        if (!socket.Poll(0, SelectMode.SelectWrite))
        {
            if (Now() - _connectStartedMono < _connectTimeoutNs)
            {
                return 0;
            }

            ConnectFailed("timed out");
            return 1;
        }

        _connecting = null;
        _connection = new FixTcpConnection(socket, _session.Settings.SendBufferBytes);
        _session.Connected(_connection);
        return 1;
    }

    private void ConnectFailed(string why)
    {
        _log.Write(_session, FixLogLevel.Warning, $"connect to {_endPoint} failed: {why}");
        _connecting?.Dispose();
        _connecting = null;
        ScheduleReconnect();
    }

    private void ScheduleReconnect()
    {
        if (_stopping)
        {
            return;
        }

        _nextAttemptMono = Now() + _delayNs;
        _log.Write(_session, FixLogLevel.Info, $"reconnecting to {_endPoint} in {_delayNs / 1_000_000} ms");
        _delayNs = Math.Min(_delayNs * 2, _maxDelayNs);
    }

    private static long Now() => Gateway.Core.MonotonicClock.NowNs();
}
