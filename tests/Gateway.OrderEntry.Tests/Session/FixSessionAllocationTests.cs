using System.Diagnostics;
using System.Net;
using Gateway.OrderEntry.Fix;
using Gateway.OrderEntry.Session;
using Gateway.OrderEntry.Store;
using Gateway.OrderEntry.Tests.Store;
using Gateway.Lab.Venue;
using Gateway.Tests.Shared;

namespace Gateway.OrderEntry.Tests.Session;

/// <summary>
/// The order path after warm-up: encode, journal, send over TCP, receive, frame, parse, validate and
/// deliver the venue's ExecutionReports — on both sessions of a loopback pair — allocates nothing.
/// </summary>
public sealed class FixSessionAllocationTests
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

    [Fact]
    [Trait(TestCategory.Key, TestCategory.Timing)]
    public void Order_round_trips_over_tcp_allocate_nothing_after_warm_up()
    {
        using var dir = new StoreTempDir();
        var venueSettings = new FixSessionSettings { Role = FixRole.Acceptor, SenderCompId = "VENUE", TargetCompId = "GATEWAY" };
        var gatewaySettings = new FixSessionSettings { Role = FixRole.Initiator };
        using FixSessionStore venueStore = FixSessionStore.Open(dir.Path, new FixSessionId("FIX.4.4", "VENUE", "GATEWAY"));
        using FixSessionStore gatewayStore = FixSessionStore.Open(dir.Path, new FixSessionId("FIX.4.4", "GATEWAY", "VENUE"));
        var venue = new FixVenueApplication(VenueMode.Fill);
        var app = new CountingApp();
        using var acceptor = new FixAcceptor(new IPEndPoint(IPAddress.Loopback, 0), [new FixSession(venueSettings, venueStore, venue)]);
        var session = new FixSession(gatewaySettings, gatewayStore, app);
        using var initiator = new FixInitiator(session, acceptor.LocalEndPoint);
        FixMessageTemplate nos = session.CreateTemplate("D");
        byte[] clOrdId = "ORD-0000000"u8.ToArray();
        int failedSends = 0;
        int stalls = 0;

        void Pump(Func<bool> until)
        {
            long deadline = Stopwatch.GetTimestamp() + (10 * Stopwatch.Frequency);
            while (!until())
            {
                if (Stopwatch.GetTimestamp() > deadline)
                {
                    Assert.Fail("timed out");
                }

                acceptor.DoWork();
                initiator.DoWork();
            }
        }

        void RoundTrips(int n)
        {
            for (int i = 0; i < n; i++)
            {
                clOrdId[^1] = (byte)('0' + (i % 10));
                TestOrder.Body(session.Begin(nos), clOrdId, SystemFixClock.Instance.UtcNowNanos, "AAPL"u8, (byte)'1', 100, new FixPrice(18_725_000_000));
                if (session.Send() != FixSendResult.Sent)
                {
                    failedSends++; // xunit's Assert.Equal allocates: counted here, asserted after the measurement
                }

                // A deadline that allocates nothing: a stall is counted and asserted after the measurement.
                long want = app.Messages + 2;
                long deadline = Stopwatch.GetTimestamp() + (10 * Stopwatch.Frequency);
                while (app.Messages < want)
                {
                    acceptor.DoWork();
                    initiator.DoWork();
                    if (Stopwatch.GetTimestamp() > deadline)
                    {
                        stalls++;
                        return;
                    }
                }
            }
        }

        Pump(() => session.IsLoggedOn);
        RoundTrips(2000);
        JitSettle.Wait(); // let the background tier-1 compilations land before measuring
        RoundTrips(200);

        // The flusher's job, done here so the measured window (~0.5 MB of journal, less than one
        // segment) rolls at most into a prepared segment and never creates one on this thread.
        Assert.True(venueStore.PrepareNextSegment());
        Assert.True(gatewayStore.PrepareNextSegment());
        long before = GC.GetAllocatedBytesForCurrentThread();
        RoundTrips(1000);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(stalls == 0, $"no answer to an order within 10 s (logged on: {session.IsLoggedOn})");
        Assert.Equal(0, allocated);
        Assert.Equal(0, failedSends);
        Assert.Equal(3200, venue.Fills);
        Assert.Equal(6400, app.Messages);
    }
}
