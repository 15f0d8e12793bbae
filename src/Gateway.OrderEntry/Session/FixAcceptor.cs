using System.Net;
using System.Net.Sockets;
using Gateway.Core;
using Gateway.Core.Agents;
using Gateway.Core.Text;
using Gateway.OrderEntry.Fix;

namespace Gateway.OrderEntry.Session;

/// <summary>
/// Accepts FIX connections on one port for a fixed set of acceptor sessions. A new connection is
/// read until its first whole message; a Logon whose SenderCompID/TargetCompID name one of the
/// sessions (our Target/Sender) gets that session, if it is not connected already. Anything else —
/// not a Logon, an unknown CompID pair, a second connection for a live session, garbage, silence
/// past the logon timeout — is logged, counted and closed without disturbing the live sessions.
/// An <see cref="IAgent"/>: one thread runs the listener and every session.
/// </summary>
public sealed class FixAcceptor : IAgent, IDisposable
{
    private const int PendingBufferBytes = 8192;
    private const long AcceptPollIntervalNs = 1_000_000;
    private const long WarningIntervalNs = 1_000_000_000;
    private const int SolSocket = 1;   // SOL_SOCKET (Linux)
    private const int SoReuseAddr = 2; // SO_REUSEADDR (Linux)

    /// <summary>Connections that have not logged on yet, at most (<see cref="FixAcceptor(IPEndPoint, IReadOnlyList{FixSession}, IFixSessionLog?, int)"/>).</summary>
    public const int DefaultMaxPendingConnections = 64;

    private readonly int _maxPending;
    private long _lastAcceptWarningMono = long.MinValue / 2;
    private long _lastCapWarningMono = long.MinValue / 2;

    private readonly Socket _listener;
    private readonly FixSession[] _sessions;
    private readonly FixTcpConnection?[] _connections;
    private readonly List<Pending> _pending = [];
    private readonly FixParser _parser = new();
    private readonly FixFieldTable _table = new();
    private readonly IFixSessionLog _log;
    private readonly long _logonTimeoutNs;
    private long _lastAcceptPollMono = long.MinValue / 2;

    /// <param name="listen">Address and port (0 for any free port).</param>
    /// <param name="sessions">The sessions this acceptor serves, each routed by its CompIDs.</param>
    /// <param name="log">Where refusals and accept failures are logged.</param>
    /// <param name="maxPendingConnections">
    /// Connections accepted but not yet logged on, at most; one past it is closed at once and counted
    /// in <see cref="RefusedConnections"/>, so a flood of connections cannot exhaust the process's file
    /// descriptors. When descriptors run out anyway (EMFILE), the accept fails, is counted in
    /// <see cref="AcceptFailures"/> and retried at the next poll.
    /// </param>
    public FixAcceptor(IPEndPoint listen, IReadOnlyList<FixSession> sessions, IFixSessionLog? log = null, int maxPendingConnections = DefaultMaxPendingConnections)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPendingConnections, 1);
        _maxPending = maxPendingConnections;
        ArgumentNullException.ThrowIfNull(listen);
        ArgumentNullException.ThrowIfNull(sessions);
        if (sessions.Count == 0)
        {
            throw new ArgumentException("FixAcceptor needs at least one session", nameof(sessions));
        }

        foreach (FixSession s in sessions)
        {
            if (s.Settings.Role != FixRole.Acceptor)
            {
                throw new ArgumentException($"session {s} is not configured as Acceptor", nameof(sessions));
            }
        }

        _sessions = [.. sessions];
        _connections = new FixTcpConnection?[_sessions.Length];
        _log = log ?? NullFixSessionLog.Instance;
        _logonTimeoutNs = _sessions.Min(s => s.Settings.LogonTimeout).Ticks * 100;
        _listener = new Socket(listen.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            // SO_REUSEADDR alone: a restart binds while old connections sit in TIME_WAIT, but a second
            // live listener is refused. (.NET's ReuseAddress option also sets SO_REUSEPORT on Linux,
            // which let two venues share the port and the kernel split connections between them.)
            _listener.SetRawSocketOption(SolSocket, SoReuseAddr, BitConverter.GetBytes(1));
            _listener.Bind(listen);
            _listener.Listen(64);
            _listener.Blocking = false;
        }
        catch
        {
            _listener.Dispose();
            throw;
        }

        LocalEndPoint = (IPEndPoint)_listener.LocalEndPoint!;
    }

    public string Name => $"fix-acceptor {LocalEndPoint}";

    /// <summary>The bound address (the real port when 0 was asked for).</summary>
    public IPEndPoint LocalEndPoint { get; }

    public IReadOnlyList<FixSession> Sessions => _sessions;

    /// <summary>Connections closed before they reached a session (not a Logon, unknown CompIDs, duplicate, garbage, timeout, too many pending).</summary>
    public long RefusedConnections { get; private set; }

    /// <summary>Accepts that failed (out of file descriptors, connection reset before it was accepted); each is retried at the next poll.</summary>
    public long AcceptFailures { get; private set; }

    public void OnStart()
    {
    }

    public int DoWork()
    {
        // The listener is polled (a system call) at most once a millisecond: a new connection waits
        // that long at worst, the sessions' loop does not pay for it on every turn.
        int work = 0;
        long now = MonotonicClock.NowNs();
        if (now - _lastAcceptPollMono >= AcceptPollIntervalNs)
        {
            _lastAcceptPollMono = now;
            work = Accept();
        }

        for (int i = _pending.Count - 1; i >= 0; i--)
        {
            work += PollPending(i);
        }

        for (int i = 0; i < _sessions.Length; i++)
        {
            FixTcpConnection? c = _connections[i];
            if (c is null)
            {
                continue;
            }

            FixSession s = _sessions[i];
            work += c.Receive(s);
            work += c.FlushPending();
            work += s.Poll();
            if (c.IsClosed || s.State == FixSessionState.Disconnected)
            {
                s.ConnectionLost(c.CloseReason ?? "connection closed");
                c.Close();
                _connections[i] = null;
                work++;
            }
        }

        return work;
    }

    /// <summary>Logs every connected session out; keep calling <see cref="DoWork"/> until <see cref="AllDisconnected"/>.</summary>
    public void LogoutAll(string reason = "shutdown")
    {
        foreach (FixSession s in _sessions)
        {
            s.Logout(reason);
        }
    }

    public bool AllDisconnected => Array.TrueForAll(_connections, c => c is null);

    public void OnClose() => Dispose();

    public void Dispose()
    {
        _listener.Dispose();
        foreach (Pending p in _pending)
        {
            p.Connection.Close();
        }

        _pending.Clear();
        for (int i = 0; i < _sessions.Length; i++)
        {
            if (_connections[i] is { } c)
            {
                _sessions[i].ConnectionLost("acceptor closed");
                c.Close();
                _connections[i] = null;
            }
        }
    }

    private int Accept()
    {
        int work = 0;
        while (_listener.Poll(0, SelectMode.SelectRead))
        {
            Socket socket;
            try
            {
                socket = _listener.Accept();
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.WouldBlock)
            {
                break;
            }
            catch (SocketException e)
            {
                // EMFILE/ENFILE (TooManyOpenSockets), ECONNABORTED, ...: the connection stays in the
                // backlog (or is gone); try again at the next poll, say so at most once a second.
                AcceptFailures++;
                WarnAtMostEverySecond(ref _lastAcceptWarningMono, $"cannot accept a connection: {e.SocketErrorCode} ({e.Message}); {AcceptFailures} accept failures so far");
                break;
            }

            work++;
            if (_pending.Count >= _maxPending)
            {
                socket.Close(0);
                RefusedConnections++;
                WarnAtMostEverySecond(ref _lastCapWarningMono, $"refused: {_pending.Count} connections waiting to log on already (the limit); {RefusedConnections} refused so far");
                continue;
            }

            FixTcpConnection c;
            try
            {
                c = new FixTcpConnection(socket, _sessions[0].Settings.SendBufferBytes);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                AcceptFailures++;
                WarnAtMostEverySecond(ref _lastAcceptWarningMono, $"cannot set up an accepted connection: {e.SocketErrorCode}");
                continue;
            }

            _pending.Add(new Pending(c, new byte[PendingBufferBytes], MonotonicClock.NowNs()));
        }

        return work;
    }

    private int PollPending(int index)
    {
        Pending p = _pending[index];
        int n = p.Connection.ReceiveRaw(p.Buffer.AsSpan(p.Length));
        if (n < 0)
        {
            Refuse(index, $"connection from {p.Connection.RemoteEndPoint} closed before logging on");
            return 1;
        }

        p.Length += n;
        FixFrame frame = FixFramer.Next(p.Buffer.AsSpan(0, p.Length), PendingBufferBytes);
        if (frame.Status == FixFrameStatus.NeedMore)
        {
            if (p.Length == PendingBufferBytes)
            {
                Refuse(index, $"connection from {p.Connection.RemoteEndPoint}: first message longer than {PendingBufferBytes} bytes");
            }
            else if (MonotonicClock.NowNs() - p.AcceptedMono > _logonTimeoutNs)
            {
                Refuse(index, $"connection from {p.Connection.RemoteEndPoint} sent no Logon in time");
            }

            return n > 0 ? 1 : 0;
        }

        FixParseStatus parsed = frame.Status == FixFrameStatus.Garbled ? frame.Reason : _parser.Parse(p.Buffer.AsSpan(0, frame.Length), _table);
        if (frame.Status == FixFrameStatus.Garbled || parsed != FixParseStatus.Ok)
        {
            Refuse(index, $"connection from {p.Connection.RemoteEndPoint}: first message garbled ({parsed})");
            return 1;
        }

        var m = new FixMessageView(p.Buffer.AsSpan(0, frame.Length), _table);
        if (FixMsgType.CodeOf(m.MsgType) != FixMsgType.Code.Logon)
        {
            Refuse(index, $"connection from {p.Connection.RemoteEndPoint}: first message is not a Logon");
            return 1;
        }

        ReadOnlySpan<byte> peerSender = m.GetString(FixTag.SenderCompID);
        ReadOnlySpan<byte> peerTarget = m.GetString(FixTag.TargetCompID);
        for (int i = 0; i < _sessions.Length; i++)
        {
            FixSession s = _sessions[i];
            if (!Matches(peerSender, s.Settings.TargetCompId) || !Matches(peerTarget, s.Settings.SenderCompId))
            {
                continue;
            }

            if (_connections[i] is not null || s.State != FixSessionState.Disconnected)
            {
                Refuse(index, $"connection from {p.Connection.RemoteEndPoint}: session {s.Settings.SenderCompId}<-{s.Settings.TargetCompId} is already connected");
                return 1;
            }

            _pending.RemoveAt(index);
            _connections[i] = p.Connection;
            _log.Write(s, FixLogLevel.Info, $"connection from {p.Connection.RemoteEndPoint}");
            s.Connected(p.Connection);
            s.Receive(p.Buffer.AsSpan(0, p.Length));
            return 1;
        }

        Refuse(index, $"connection from {p.Connection.RemoteEndPoint}: no session for SenderCompID={LogText.Escape(peerSender)} TargetCompID={LogText.Escape(peerTarget)}");
        return 1;
    }

    private void WarnAtMostEverySecond(ref long lastMono, string text)
    {
        long now = MonotonicClock.NowNs();
        if (now - lastMono >= WarningIntervalNs)
        {
            lastMono = now;
            _log.Write(_sessions[0], FixLogLevel.Warning, text);
        }
    }

    private static bool Matches(ReadOnlySpan<byte> value, string compId)
    {
        if (value.Length != compId.Length)
        {
            return false;
        }

        for (int i = 0; i < value.Length; i++)
        {
            if (value[i] != compId[i])
            {
                return false;
            }
        }

        return true;
    }

    private void Refuse(int index, string reason)
    {
        Pending p = _pending[index];
        _pending.RemoveAt(index);
        RefusedConnections++;
        _log.Write(_sessions[0], FixLogLevel.Warning, $"refused: {reason}");
        p.Connection.Close();
    }

    private sealed class Pending(FixTcpConnection connection, byte[] buffer, long acceptedMono)
    {
        public FixTcpConnection Connection { get; } = connection;

        public byte[] Buffer { get; } = buffer;

        public long AcceptedMono { get; } = acceptedMono;

        public int Length { get; set; }
    }
}
