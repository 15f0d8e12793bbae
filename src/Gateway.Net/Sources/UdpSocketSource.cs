using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Gateway.Core;
using Gateway.Interop;

namespace Gateway.Net.Sources;

/// <summary>
/// The kernel baseline that kernel bypass is measured against: a UDP socket bound to a port,
/// optionally joined to multicast groups, drained with non-blocking <c>recvmmsg</c> (one syscall
/// per batch). Descriptors point into slots of one native buffer allocated at start-up; the
/// timestamp is the host's monotonic clock when the batch was read (no hardware time here).
/// </summary>
public sealed unsafe class UdpSocketSource : IPacketSource, ISourceQueueStats
{
    /// <summary>Largest datagram a slot holds; longer ones are truncated by the kernel (MSG_TRUNC) and flagged.</summary>
    public const int SlotSize = 2048;
    private const int MsgTrunc = 0x20;

    private readonly Socket _socket;
    private readonly int _fd;
    private readonly int _batch;
    private readonly byte* _slots;
    private readonly Libc.IoVec* _iov;
    private readonly Libc.MMsgHdr* _headers;
    private long _bytes;
    private long _datagrams;
    private bool _disposed;

    /// <param name="bindAddress">Usually <see cref="IPAddress.Any"/>; a group address to receive only that group.</param>
    /// <param name="port">UDP port; 0 picks a free one (see <see cref="LocalPort"/>).</param>
    /// <param name="groups">Multicast groups to join.</param>
    /// <param name="interfaceAddress">Local address of the interface to join on (<see cref="IPAddress.Any"/>: the kernel's choice).</param>
    /// <param name="batch">Datagrams per <see cref="Receive"/> at most.</param>
    /// <param name="receiveBufferBytes">SO_RCVBUF request (the kernel may cap it at net.core.rmem_max).</param>
    public UdpSocketSource(IPAddress bindAddress, int port, IReadOnlyList<IPAddress> groups, IPAddress interfaceAddress,
        int batch = 64, int receiveBufferBytes = 8 << 20)
    {
        if (batch is < 1 or > 1024)
        {
            throw new PacketSourceException($"UDP batch size {batch} is out of range (1-1024)");
        }

        _batch = batch;
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            _socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            _socket.ReceiveBufferSize = receiveBufferBytes;
            RequestedReceiveBufferBytes = receiveBufferBytes;
            _socket.Bind(new IPEndPoint(bindAddress, port));
            foreach (IPAddress group in groups)
            {
                _socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.AddMembership,
                    new MulticastOption(group, interfaceAddress));
            }
        }
        catch (SocketException ex)
        {
            _socket.Dispose();
            throw new PacketSourceException(
                $"cannot open UDP socket on {bindAddress}:{port} (groups: {string.Join(",", groups)}): {ex.Message}", ex);
        }

        _fd = (int)_socket.SafeHandle.DangerousGetHandle();
        LocalPort = ((IPEndPoint)_socket.LocalEndPoint!).Port;
        Description = $"udp socket {bindAddress}:{LocalPort}" + (groups.Count > 0 ? $" joined {string.Join(",", groups)}" : string.Empty);

        _slots = (byte*)NativeMemory.AlignedAlloc((nuint)(batch * SlotSize), 64);
        _iov = (Libc.IoVec*)NativeMemory.AllocZeroed((nuint)(batch * sizeof(Libc.IoVec)));
        _headers = (Libc.MMsgHdr*)NativeMemory.AllocZeroed((nuint)(batch * sizeof(Libc.MMsgHdr)));
        for (int i = 0; i < batch; i++)
        {
            _iov[i].Base = _slots + (i * SlotSize);
            _iov[i].Length = SlotSize;
            _headers[i].Header.Iov = &_iov[i];
            _headers[i].Header.IovLength = 1;
        }
    }

    public string Description { get; }

    public LinkKind Link => LinkKind.UdpPayload;

    public SourceState State { get; private set; } = SourceState.Active;

    public string? FailureMessage { get; private set; }

    public long ProgressBytes => _bytes;

    public long TotalBytes => -1;

    public int LocalPort { get; }

    /// <summary>The SO_RCVBUF asked for (the kernel caps it at net.core.rmem_max and doubles it for its bookkeeping).</summary>
    public int RequestedReceiveBufferBytes { get; }

    /// <summary>
    /// The socket's queue as the kernel sees it (<see cref="Libc.ReadSocketMemory"/>, one
    /// <c>getsockopt(SO_MEMINFO)</c>): datagrams dropped because the receive buffer was full, the
    /// buffer's size and what waits in it now. Per-datagram <c>SO_RXQ_OVFL</c> would carry the same
    /// drop count in a control message on every receive; reading it once here costs the hot loop nothing.
    /// </summary>
    public SourceQueueStats ReadQueueStats()
    {
        var counters = new List<KeyValuePair<string, long>>
        {
            new("rx_datagrams", _datagrams),
            new("rx_bytes", _bytes),
            new("receive_errors", ReceiveErrors),
            new("rcvbuf_requested_bytes", RequestedReceiveBufferBytes),
        };
        var notes = new List<string>();
        if (!_disposed && Libc.ReadSocketMemory(_fd) is { } memory)
        {
            counters.Add(new("rcvbuf_bytes", memory.ReceiveBufferBytes));
            counters.Add(new("rcvbuf_queued_bytes", memory.ReceiveQueuedBytes));
            counters.Add(new("dropped", memory.Drops));
        }
        else
        {
            notes.Add("the kernel did not answer SO_MEMINFO: its drop count is unknown");
        }

        return new SourceQueueStats("udp_socket", counters, notes);
    }

    /// <summary>Receive calls that failed with an error other than "nothing ready".</summary>
    public long ReceiveErrors { get; private set; }

    public int Receive(PacketDescriptor* descriptors, int max)
    {
        int want = max < _batch ? max : _batch;
        int n = Libc.RecvMMsg(_fd, _headers, (uint)want, Libc.MsgDontWait, null);
        if (n <= 0)
        {
            if (n < 0)
            {
                OnReceiveError();
            }

            return 0;
        }

        ulong now = (ulong)MonotonicClock.NowNs();
        _datagrams += n;
        for (int i = 0; i < n; i++)
        {
            PacketDescriptor* d = descriptors + i;
            uint len = _headers[i].Length;
            d->Data = _slots + (i * SlotSize);
            d->Length = len > SlotSize ? SlotSize : len;
            d->TimestampNs = now;
            d->Flags = (_headers[i].Header.Flags & MsgTrunc) != 0 ? PacketDescriptor.FlagTruncated : 0;
            d->Handle = 0;
            _bytes += len;
        }

        return n;
    }

    public void Release(PacketDescriptor* descriptors, int count)
    {
        // Slots are reused by the next Receive; nothing to return.
    }

    private void OnReceiveError()
    {
        int errno = Marshal.GetLastPInvokeError();
        if (errno != Libc.Eagain && errno != Libc.Eintr)
        {
            ReceiveErrors++;
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        State = SourceState.Finished;
        _socket.Dispose();
        NativeMemory.AlignedFree(_slots);
        NativeMemory.Free(_iov);
        NativeMemory.Free(_headers);
    }
}
