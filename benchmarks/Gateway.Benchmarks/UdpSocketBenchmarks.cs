using System.Net;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using Gateway.Interop;
using Gateway.Net.Sources;

namespace Gateway.Benchmarks;

/// <summary>
/// The kernel baseline: datagrams received through <see cref="UdpSocketSource"/> (recvmmsg, 32 a
/// call) while another thread sends 200-byte datagrams over loopback as fast as it can. On a
/// 2-core machine the figure is bounded by whichever side is slower; it is the number kernel bypass
/// is compared with, not a property of the receiver alone.
/// </summary>
public unsafe class UdpSocketBenchmarks
{
    private const int Datagrams = 100_000;
    private UdpSocketSource? _source;
    private Thread? _sender;
    private volatile bool _stop;

    [GlobalSetup]
    public void Setup()
    {
        _source = new UdpSocketSource(IPAddress.Loopback, 0, [], IPAddress.Any, batch: 32, receiveBufferBytes: 32 << 20);
        int port = _source.LocalPort;
        _sender = new Thread(() =>
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            socket.Connect(new IPEndPoint(IPAddress.Loopback, port));
            byte[] payload = new byte[200];
            while (!_stop)
            {
                try
                {
                    socket.Send(payload);
                }
                catch (SocketException)
                {
                    // ECONNREFUSED after the receiver closes; the loop ends on _stop.
                }
            }
        })
        { IsBackground = true };
        _sender.Start();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _stop = true;
        _sender?.Join();
        _source?.Dispose();
    }

    [Benchmark(OperationsPerInvoke = Datagrams)]
    public long Receive()
    {
        PacketDescriptor* batch = stackalloc PacketDescriptor[32];
        long received = 0;
        long bytes = 0;
        while (received < Datagrams)
        {
            int n = _source!.Receive(batch, 32);
            for (int i = 0; i < n; i++)
            {
                bytes += batch[i].Length;
            }

            _source.Release(batch, n);
            received += n;
        }

        return bytes;
    }
}
