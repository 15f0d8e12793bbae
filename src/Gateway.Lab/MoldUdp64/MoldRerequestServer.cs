using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

using Gateway.MarketData.MoldUdp64;

namespace Gateway.Lab.MoldUdp64;

/// <summary>Settings of a <see cref="MoldRerequestServer"/>.</summary>
public sealed class MoldRerequestServerOptions
{
    /// <summary>Where to listen; port 0 picks a free one (see <see cref="MoldRerequestServer.LocalEndPoint"/>).</summary>
    public IPEndPoint Listen { get; init; } = new(IPAddress.Loopback, 0);

    /// <summary>Messages served per request at most, whatever the request asks.</summary>
    public int MaxMessagesPerRequest { get; init; } = 1000;

    /// <summary>UDP payload size a response packet stays within (a single larger message goes alone).</summary>
    public int MaxDatagramBytes { get; init; } = 1400;

    /// <summary>How long the receive loop blocks before it looks at the stop flag.</summary>
    public int ReceiveTimeoutMs { get; init; } = 100;
}

/// <summary>
/// A MoldUDP64 re-request server for tests and labs: answers each request with the requested
/// messages from a <see cref="MoldMessageStore"/>, split into packets of at most
/// <see cref="MoldRerequestServerOptions.MaxDatagramBytes"/>. Runs on its own thread until <see cref="Stop"/>.
/// </summary>
/// <remarks>
/// Bounded: a request is served up to its count and the configured maximum, and stops at the first
/// sequence the store does not hold. Garbled requests and requests for another session are counted
/// and ignored.
/// </remarks>
public sealed class MoldRerequestServer : IDisposable
{
    private readonly MoldMessageStore _store;
    private readonly MoldRerequestServerOptions _options;
    private readonly Socket _socket;
    private readonly Thread _thread;
    private readonly byte[] _receive = new byte[2048];
    private readonly byte[] _send;
    private volatile bool _stop;
    private long _requests;
    private long _garbled;
    private long _otherSession;
    private long _packetsSent;
    private long _messagesSent;
    private long _unavailable;

    public MoldRerequestServer(MoldMessageStore store, MoldRerequestServerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        _options = options ?? new MoldRerequestServerOptions();
        if (_options.MaxDatagramBytes < MoldPacket.HeaderLength + MoldPacket.BlockLengthSize || _options.MaxMessagesPerRequest < 1)
        {
            throw new ArgumentException("MaxDatagramBytes must hold a header and a block; MaxMessagesPerRequest must be positive");
        }

        _send = new byte[MoldPacket.HeaderLength + MoldPacket.BlockLengthSize + ushort.MaxValue];
        _socket = new Socket(_options.Listen.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            _socket.ReceiveTimeout = _options.ReceiveTimeoutMs;
            _socket.Bind(_options.Listen);
        }
        catch
        {
            _socket.Dispose();
            throw;
        }

        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        _thread = new Thread(Run) { IsBackground = true, Name = "mold-rerequest-server" };
    }

    public IPEndPoint LocalEndPoint { get; }

    public long Requests => Interlocked.Read(ref _requests);

    public long GarbledRequests => Interlocked.Read(ref _garbled);

    public long OtherSessionRequests => Interlocked.Read(ref _otherSession);

    /// <summary>Requests whose first sequence the store does not hold (nothing sent).</summary>
    public long UnavailableRequests => Interlocked.Read(ref _unavailable);

    public long PacketsSent => Interlocked.Read(ref _packetsSent);

    public long MessagesSent => Interlocked.Read(ref _messagesSent);

    public void Start() => _thread.Start();

    /// <summary>Stops the thread (waits at most a few receive timeouts) and closes the socket.</summary>
    public void Stop()
    {
        _stop = true;
        if (_thread.IsAlive)
        {
            _thread.Join(TimeSpan.FromMilliseconds(_options.ReceiveTimeoutMs * 10L + 1000));
        }

        _socket.Dispose();
    }

    public void Dispose() => Stop();

    private void Run()
    {
        EndPoint remote = new IPEndPoint(_options.Listen.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!_stop)
        {
            int n;
            try
            {
                n = _socket.ReceiveFrom(_receive, SocketFlags.None, ref remote);
            }
            catch (SocketException)
            {
                // Timeouts (to look at the stop flag) and ICMP errors from earlier sends.
                continue;
            }
            catch (ObjectDisposedException)
            {
                break;
            }

            Interlocked.Increment(ref _requests);
            Serve(_receive.AsSpan(0, n), remote);
        }
    }

    private void Serve(ReadOnlySpan<byte> request, EndPoint client)
    {
        if (!MoldRequest.TryRead(request, out ReadOnlySpan<byte> session, out ulong sequence, out ushort count))
        {
            Interlocked.Increment(ref _garbled);
            return;
        }

        if (!session.SequenceEqual(_store.Session))
        {
            Interlocked.Increment(ref _otherSession);
            return;
        }

        int left = Math.Min(count, _options.MaxMessagesPerRequest);
        if (!_store.Contains(sequence))
        {
            Interlocked.Increment(ref _unavailable);
            return;
        }

        while (left > 0 && _store.TryGetSpan(sequence, out ReadOnlySpan<byte> message))
        {
            _store.Session.CopyTo(_send);
            BinaryPrimitives.WriteUInt64BigEndian(_send.AsSpan(MoldPacket.SequenceOffset), sequence);
            int pos = MoldPacket.HeaderLength;
            int inPacket = 0;
            while (left > 0 && _store.TryGetSpan(sequence, out message)
                && (inPacket == 0 || pos + MoldPacket.BlockLengthSize + message.Length <= _options.MaxDatagramBytes))
            {
                BinaryPrimitives.WriteUInt16BigEndian(_send.AsSpan(pos), (ushort)message.Length);
                message.CopyTo(_send.AsSpan(pos + MoldPacket.BlockLengthSize));
                pos += MoldPacket.BlockLengthSize + message.Length;
                inPacket++;
                sequence++;
                left--;
            }

            BinaryPrimitives.WriteUInt16BigEndian(_send.AsSpan(MoldPacket.MessageCountOffset), (ushort)inPacket);
            try
            {
                _socket.SendTo(_send.AsSpan(0, pos), SocketFlags.None, client);
            }
            catch (SocketException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            Interlocked.Increment(ref _packetsSent);
            Interlocked.Add(ref _messagesSent, inPacket);
        }
    }
}
