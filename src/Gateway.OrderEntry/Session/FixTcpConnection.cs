using System.Net.Sockets;

namespace Gateway.OrderEntry.Session;

/// <summary>
/// A connected non-blocking TCP socket carrying one FIX session. <see cref="Send"/> writes straight
/// to the socket (TCP_NODELAY); what the kernel does not take at once is kept in a bounded buffer
/// and written by <see cref="FlushPending"/> on later loops, in order. Reads go straight into the
/// session's receive buffer. One thread uses it; nothing here allocates after construction.
/// </summary>
public sealed class FixTcpConnection : IFixTransport, IDisposable
{
    private readonly Socket _socket;
    private readonly byte[] _pending;
    private int _pendingStart;
    private int _pendingEnd;
    private bool _closed;
    private bool _disposed;

    public FixTcpConnection(Socket socket, int sendBufferBytes)
    {
        ArgumentNullException.ThrowIfNull(socket);
        _socket = socket;
        _socket.Blocking = false;
        _socket.NoDelay = true;
        _pending = new byte[sendBufferBytes];
        RemoteEndPoint = socket.RemoteEndPoint?.ToString() ?? "?";
    }

    public string RemoteEndPoint { get; }

    /// <summary>Closed by either side or broken; the owner then tells the session and drops the connection.</summary>
    public bool IsClosed => _closed;

    /// <summary>Why the connection closed (null while open).</summary>
    public string? CloseReason { get; private set; }

    /// <summary>Bytes waiting for the kernel's send buffer.</summary>
    public int PendingBytes => _pendingEnd - _pendingStart;

    public bool Send(ReadOnlySpan<byte> data)
    {
        if (_closed)
        {
            return false;
        }

        if (_pendingEnd == _pendingStart)
        {
            int sent = _socket.Send(data, SocketFlags.None, out SocketError error);
            if (error == SocketError.Success && sent == data.Length)
            {
                return true;
            }

            if (error is not (SocketError.Success or SocketError.WouldBlock))
            {
                Fail($"send failed: {error}");
                return false;
            }

            data = data.Slice(Math.Max(sent, 0));
            _pendingStart = 0;
            _pendingEnd = 0;
        }

        if (_pending.Length - _pendingEnd < data.Length)
        {
            Array.Copy(_pending, _pendingStart, _pending, 0, _pendingEnd - _pendingStart);
            _pendingEnd -= _pendingStart;
            _pendingStart = 0;
            if (_pending.Length - _pendingEnd < data.Length)
            {
                Fail($"peer is not reading: more than {_pending.Length} bytes waiting to be sent");
                return false;
            }
        }

        data.CopyTo(_pending.AsSpan(_pendingEnd));
        _pendingEnd += data.Length;
        return true;
    }

    /// <summary>Writes what earlier sends left behind; returns bytes written.</summary>
    public int FlushPending()
    {
        if (_closed || _pendingEnd == _pendingStart)
        {
            return 0;
        }

        int sent = _socket.Send(_pending.AsSpan(_pendingStart, _pendingEnd - _pendingStart), SocketFlags.None, out SocketError error);
        if (error is not (SocketError.Success or SocketError.WouldBlock))
        {
            Fail($"send failed: {error}");
            return 0;
        }

        sent = Math.Max(sent, 0);
        _pendingStart += sent;
        if (_pendingStart == _pendingEnd)
        {
            _pendingStart = 0;
            _pendingEnd = 0;
        }

        return sent;
    }

    /// <summary>Reads what the socket has into the session and lets it handle the messages; returns bytes read.</summary>
    public int Receive(FixSession session)
    {
        int n = ReceiveRaw(session.GetReceiveSpace());
        if (n <= 0)
        {
            return 0;
        }

        session.OnReceived(n);
        return n;
    }

    /// <summary>Reads into <paramref name="buffer"/> (used before a session is chosen); -1 when the connection ended.</summary>
    public int ReceiveRaw(Span<byte> buffer)
    {
        if (_closed)
        {
            return -1;
        }

        int n = _socket.Receive(buffer, SocketFlags.None, out SocketError error);
        if (error == SocketError.WouldBlock)
        {
            return 0;
        }

        if (error != SocketError.Success || n == 0)
        {
            Fail(n == 0 && error == SocketError.Success ? "peer closed the connection" : $"receive failed: {error}");
            return -1;
        }

        return n;
    }

    public void Close()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (!_closed)
        {
            _closed = true;
            CloseReason ??= "closed by the session";
        }

        // What the session wrote last (a Logout, a Reject) goes out before the FIN if the kernel takes it.
        if (_pendingEnd > _pendingStart)
        {
            try
            {
                _socket.Blocking = true;
                _socket.SendTimeout = 200;
                _socket.Send(_pending, _pendingStart, _pendingEnd - _pendingStart, SocketFlags.None, out _);
            }
            catch (SocketException)
            {
            }

            _pendingStart = 0;
            _pendingEnd = 0;
        }

        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }

        _socket.Dispose();
    }

    public void Dispose() => Close();

    private void Fail(string reason)
    {
        if (!_closed)
        {
            _closed = true;
            CloseReason = reason;
        }
    }
}
