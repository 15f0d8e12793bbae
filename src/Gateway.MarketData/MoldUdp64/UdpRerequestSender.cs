using System.Net;
using System.Net.Sockets;

namespace Gateway.MarketData.MoldUdp64;

/// <summary>
/// The kernel-socket re-request path: a non-blocking UDP socket connected to the re-request server.
/// Responses come back to the same socket; the owner polls <see cref="TryReceive"/> and hands what
/// it gets to the session as line <see cref="MoldSession{THandler}.LineRetransmit"/>.
/// </summary>
public sealed class UdpRerequestSender : IRerequestSender, IDisposable
{
    private readonly Socket _socket;

    public UdpRerequestSender(IPEndPoint server)
    {
        ArgumentNullException.ThrowIfNull(server);
        _socket = new Socket(server.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            _socket.Blocking = false;
            _socket.Connect(server);
        }
        catch
        {
            _socket.Dispose();
            throw;
        }
    }

    /// <summary>Where responses arrive (the socket's bound address).</summary>
    public EndPoint? LocalEndPoint => _socket.LocalEndPoint;

    public bool Send(ReadOnlySpan<byte> request)
    {
        int sent = _socket.Send(request, SocketFlags.None, out SocketError error);
        return error == SocketError.Success && sent == request.Length;
    }

    /// <summary>
    /// One datagram into <paramref name="buffer"/> if one is waiting: its length, or 0 when none is
    /// (or the server's port refused the last request).
    /// </summary>
    public int TryReceive(Span<byte> buffer)
    {
        int received = _socket.Receive(buffer, SocketFlags.None, out SocketError error);
        return error == SocketError.Success ? received : 0;
    }

    public void Dispose() => _socket.Dispose();
}
