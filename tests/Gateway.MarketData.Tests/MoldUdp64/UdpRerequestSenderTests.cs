using System.Net;
using System.Net.Sockets;
using Gateway.MarketData.MoldUdp64;
using static Gateway.MarketData.Tests.MoldUdp64.MoldTestData;
using Gateway.Tests.Shared;

namespace Gateway.MarketData.Tests.MoldUdp64;

public class UdpRerequestSenderTests
{
    [Fact]
    [Trait(TestCategory.Key, TestCategory.Timing)]
    public void Sending_requests_and_polling_for_answers_does_not_allocate()
    {
        using var server = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        server.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        using var sender = new UdpRerequestSender((IPEndPoint)server.LocalEndPoint!);
        byte[] request = new byte[MoldRequest.Length];
        byte[] answer = new byte[2048];
        byte[] received = new byte[2048];
        int failed = 0;

        void Run(int count)
        {
            for (int i = 0; i < count; i++)
            {
                MoldRequest.Write(request, SessionA, (ulong)i + 1, 10);
                failed += sender.Send(request) ? 0 : 1;
                failed += sender.TryReceive(answer) == 0 ? 0 : 1; // nothing is ever sent back
            }
        }

        Run(2000);
        JitSettle.Wait(); // let the background tier-1 compilations land before measuring
        long before = GC.GetAllocatedBytesForCurrentThread();
        Run(20_000);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(0, failed);

        // The requests really left: the server's socket holds well-formed ones (its buffer may have dropped some).
        server.ReceiveTimeout = 1000;
        int n = server.Receive(received);
        Assert.True(MoldRequest.TryRead(received.AsSpan(0, n), out ReadOnlySpan<byte> session, out _, out ushort count));
        Assert.True(session.SequenceEqual(SessionA));
        Assert.Equal(10, count);
    }

    [Fact]
    [Trait(TestCategory.Key, TestCategory.Timing)]
    public void A_server_that_went_away_fails_sends_without_allocating_or_throwing()
    {
        var server = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        server.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        using var sender = new UdpRerequestSender((IPEndPoint)server.LocalEndPoint!);
        server.Dispose(); // the port now answers with ICMP port unreachable
        byte[] request = new byte[MoldRequest.Length];
        byte[] answer = new byte[2048];
        MoldRequest.Write(request, SessionA, 1, 10);
        int failures = 0;
        int received = 0;

        // The refusal of one send is reported by the next call on the socket: a send (failed) or a
        // receive (nothing) every third round.
        void Run(int count)
        {
            for (int i = 0; i < count; i++)
            {
                failures += sender.Send(request) ? 0 : 1;
                if (i % 3 == 0)
                {
                    received += sender.TryReceive(answer);
                }
            }
        }

        Run(2000);
        JitSettle.Wait(); // let the background tier-1 compilations land before measuring
        long before = GC.GetAllocatedBytesForCurrentThread();
        Run(5000);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.True(failures > 0, "refusals are reported as failed sends");
        Assert.Equal(0, received);
    }
}
