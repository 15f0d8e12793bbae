using Gateway.MarketData.MoldUdp64;
using static Gateway.MarketData.Tests.MoldUdp64.MoldTestData;
using Gateway.Tests.Shared;

namespace Gateway.MarketData.Tests.MoldUdp64;

/// <summary>Every open hole has its own re-request timer, backoff and retry limit; losses are declared in sequence order.</summary>
public class MoldSessionHoleTests
{
    private const int A = 0;
    private const int B = 1;
    private const int Retransmit = 2;

    private static MoldSession<RecordingHandler> NewSession(out Recording recording, MoldSessionOptions options, IRerequestSender? sender)
    {
        recording = new Recording();
        return new MoldSession<RecordingHandler>(new RecordingHandler(recording), options, sender);
    }

    private static List<(MoldSessionEvent Event, ulong Sequence, ulong Count)> Lost(Recording recording) =>
        recording.Events.Where(e => e.Event == MoldSessionEvent.MessagesLost).ToList();

    [Fact]
    public void Every_open_hole_is_requested_before_any_is_filled()
    {
        var sender = new TimedSender();
        var session = NewSession(out Recording recording, new MoldSessionOptions { RerequestTimeoutNs = 100 }, sender);
        session.OnDatagram(Data(1, 4), A);     // 1..4
        session.OnDatagram(Data(8, 2), A);     // hole 5..7
        session.OnDatagram(Data(12, 3), A);    // hole 10..11
        session.OnDatagram(Heartbeat(20), A);  // hole 15..19

        Assert.Equal(0, session.Poll(0));
        Assert.Equal(3, session.TrackedHoles);
        Assert.Equal(0, session.Poll(99));
        Assert.Empty(sender.Requests);
        Assert.Equal(1, session.Poll(sender.Now = 100));

        // One request per hole, in sequence order, each for exactly its hole, while all are still open.
        Assert.Equal([(100L, 5UL, (ushort)3), (100L, 10UL, (ushort)2), (100L, 15UL, (ushort)5)], sender.Requests);
        Assert.Equal([1UL, 2, 3, 4], recording.Sequences);

        // The answers arrive last hole first: each waits in the gap buffer until the one before is filled.
        session.OnDatagram(Data(15, 5), Retransmit);
        session.OnDatagram(Data(10, 2), Retransmit);
        Assert.Equal([1UL, 2, 3, 4], recording.Sequences);
        session.OnDatagram(Data(5, 3), Retransmit);
        recording.AssertInOrder(1, 19);
        Assert.False(session.HasGap);
        Assert.Equal(0, session.Poll(10_000));
        Assert.Equal(3, sender.Requests.Count);
        Assert.Empty(session.GetLosses());
        Assert.Equal(3, session.Stats.OpenHolesHighWater);
    }

    [Fact]
    public void Each_hole_backs_off_from_when_it_was_first_seen()
    {
        var sender = new TimedSender();
        var options = new MoldSessionOptions { RerequestTimeoutNs = 100, MaxRerequests = 3 };
        var session = NewSession(out Recording recording, options, sender);
        session.OnDatagram(Data(1, 1), A);
        session.OnDatagram(Data(5, 1), A);     // hole 2..4, seen at 0
        for (long t = 0; t <= 5000; t++)
        {
            if (t == 50)
            {
                session.OnDatagram(Data(10, 1), A);  // hole 6..9, seen at 50
            }

            sender.Now = t;
            session.Poll(t);
        }

        Assert.Equal([100L, 300L, 700L], sender.Requests.Where(r => r.Sequence == 2).Select(r => r.At));
        Assert.Equal([150L, 350L, 750L], sender.Requests.Where(r => r.Sequence == 6).Select(r => r.At));
        Assert.Equal(6, sender.Requests.Count);
        Assert.Equal([(MoldSessionEvent.MessagesLost, 2UL, 3UL), (MoldSessionEvent.MessagesLost, 6UL, 4UL)], Lost(recording));
        Assert.Equal([1UL, 5, 10], recording.Sequences);
    }

    [Fact]
    public void A_hole_is_given_up_on_its_own_while_another_is_answered()
    {
        var sender = new TimedSender();
        var options = new MoldSessionOptions { RerequestTimeoutNs = 100, MaxRerequests = 1 };
        var session = NewSession(out Recording recording, options, sender);
        session.OnDatagram(Data(1, 2), A);
        session.OnDatagram(Data(5, 2), A);     // hole 3..4
        session.OnDatagram(Data(9, 2), A);     // hole 7..8
        session.Poll(0);
        session.Poll(sender.Now = 100);
        Assert.Equal(2, sender.Requests.Count);

        session.OnDatagram(Data(3, 2), Retransmit);   // only the first hole is answered
        recording.AssertInOrder(1, 6);
        session.Poll(200);
        session.Poll(299);
        Assert.Empty(Lost(recording));
        Assert.Equal(1, session.Poll(300));            // the second hole's single retry has timed out

        Assert.Equal([(MoldSessionEvent.MessagesLost, 7UL, 2UL)], Lost(recording));
        Assert.Equal([1UL, 2, 3, 4, 5, 6, 9, 10], recording.Sequences);
        Assert.Equal([new MoldLossRange(7, 8, true)], session.GetLosses());
        Assert.Equal(2, session.Stats.MessagesLost);
        Assert.Equal(2, sender.Requests.Count);
    }

    [Fact]
    public void A_hole_given_up_first_is_declared_only_when_delivery_reaches_it()
    {
        var sender = new TimedSender();
        var options = new MoldSessionOptions { RerequestTimeoutNs = 100, MaxRerequests = 1 };
        var session = NewSession(out Recording recording, options, sender);
        session.OnDatagram(Data(1, 4), A);
        session.OnDatagram(Data(11, 1), A);    // hole 5..10
        session.OnDatagram(Data(15, 2), A);    // hole 12..14
        session.Poll(0);

        // Line B fills the front of the first hole at 50: what is left of it (8..10) starts its timer again.
        sender.Now = 50;
        session.OnDatagram(Data(5, 3), B);
        session.Poll(50);
        Assert.Empty(sender.Requests);

        for (long t = 51; t <= 300; t++)
        {
            sender.Now = t;
            session.Poll(t);
        }

        // The second hole was asked for at 100 and given up at 300; the first (asked for at 150)
        // is still open, so nothing is declared lost yet and nothing after the first hole is delivered.
        Assert.Equal([(100L, 12UL, (ushort)3), (150L, 8UL, (ushort)3)], sender.Requests.OrderBy(r => r.At).ToList());
        Assert.Empty(Lost(recording));
        Assert.Equal(0, session.Stats.MessagesLost);
        Assert.Equal([new MoldLossRange(8, 10, false), new MoldLossRange(12, 14, true)], session.GetLosses());
        recording.AssertInOrder(1, 7);

        // The first hole is answered: delivery runs up to the given-up range, and the next poll declares it.
        session.OnDatagram(Data(8, 3), Retransmit);
        recording.AssertInOrder(1, 11);
        Assert.Equal(1, session.Poll(301));
        Assert.Equal([(MoldSessionEvent.MessagesLost, 12UL, 3UL)], Lost(recording));
        Assert.Equal([1UL, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 15, 16], recording.Sequences);
        Assert.Equal([new MoldLossRange(12, 14, true)], session.GetLosses());
        Assert.False(session.HasGap);
    }

    [Fact]
    public void Loss_ranges_come_in_sequence_order_and_late_copies_of_given_up_messages_are_delivered()
    {
        var options = new MoldSessionOptions { RerequestTimeoutNs = 100 };
        var session = NewSession(out Recording recording, options, sender: null);
        session.OnDatagram(Data(1, 1), A);
        session.OnDatagram(Data(4, 1), A);     // hole 2..3, seen at 0
        session.Poll(0);
        session.OnDatagram(Data(10, 1), A);    // hole 5..9, seen at 10
        session.Poll(10);
        session.OnDatagram(Data(3, 1), B);     // hole 2..3 becomes 2..2, its timer starts again at 20
        session.Poll(20);

        session.Poll(110);                     // hole 5..9 given up (no sender): not reached yet
        Assert.Empty(Lost(recording));
        Assert.Equal([new MoldLossRange(2, 2, false), new MoldLossRange(5, 9, true)], session.GetLosses());

        session.OnDatagram(Data(7, 1), B);     // a late copy inside the given-up range
        Assert.Equal([new MoldLossRange(2, 2, false), new MoldLossRange(5, 6, true), new MoldLossRange(8, 9, true)], session.GetLosses());

        Assert.Equal(1, session.Poll(120));    // hole 2..2 given up and reached: 2, then 5..6 and 8..9 in order
        Assert.Equal(
            [(MoldSessionEvent.MessagesLost, 2UL, 1UL), (MoldSessionEvent.MessagesLost, 5UL, 2UL), (MoldSessionEvent.MessagesLost, 8UL, 2UL)],
            Lost(recording));
        Assert.Equal([1UL, 3, 4, 7, 10], recording.Sequences);
        Assert.Equal(
            [new MoldLossRange(2, 2, true), new MoldLossRange(5, 6, true), new MoldLossRange(8, 9, true)],
            session.GetLosses());
        Assert.Equal(5, session.Stats.MessagesLost);
        Assert.False(session.HasGap);
    }

    [Fact]
    public void Holes_beyond_the_tracked_ones_are_requested_when_a_tracked_one_closes()
    {
        var sender = new TimedSender();
        var options = new MoldSessionOptions { RerequestTimeoutNs = 100, MaxTrackedHoles = 2 };
        var session = NewSession(out Recording recording, options, sender);
        session.OnDatagram(Data(1, 1), A);
        session.OnDatagram(Data(3, 1), A);     // hole 2
        session.OnDatagram(Data(5, 1), A);     // hole 4
        session.OnDatagram(Data(7, 1), A);     // hole 6
        session.OnDatagram(Data(9, 1), A);     // hole 8
        session.Poll(0);
        Assert.Equal(2, session.TrackedHoles);
        Assert.Equal(4, session.Stats.OpenHolesHighWater);

        session.Poll(sender.Now = 100);
        Assert.Equal([2UL, 4UL], sender.Requests.Select(r => r.Sequence));

        // The first hole is filled at 150: the third gets the free timer from the next poll on.
        session.OnDatagram(Data(2, 1), Retransmit);
        session.Poll(sender.Now = 150);
        Assert.Equal(2, session.TrackedHoles);
        session.Poll(sender.Now = 249);
        Assert.Equal(2, sender.Requests.Count);
        session.Poll(sender.Now = 250);
        Assert.Equal([(100L, 2UL, (ushort)1), (100L, 4UL, (ushort)1), (250L, 6UL, (ushort)1)], sender.Requests);

        // Nothing answered from now on: every hole is given up in turn and declared in order.
        for (long t = 251; t < 100_000 && session.HasGap; t++)
        {
            sender.Now = t;
            session.Poll(t);
        }

        Assert.Equal(
            [(MoldSessionEvent.MessagesLost, 4UL, 1UL), (MoldSessionEvent.MessagesLost, 6UL, 1UL), (MoldSessionEvent.MessagesLost, 8UL, 1UL)],
            Lost(recording));
        Assert.Equal([1UL, 2, 3, 5, 7, 9], recording.Sequences);
        Assert.Equal(options.MaxRerequests, sender.Requests.Count(r => r.Sequence == 8));
    }

    [Fact]
    public void A_long_hole_is_requested_in_chunks_and_a_huge_one_is_bounded()
    {
        var sender = new TimedSender();
        var options = new MoldSessionOptions { RerequestTimeoutNs = 100, MaxRerequestMessages = 1000, MaxRerequestChunks = 3 };
        var session = NewSession(out _, options, sender);
        session.OnDatagram(Data(1, 1), A);
        session.OnDatagram(Data(2502, 1), A);  // hole 2..2501
        session.Poll(0);
        session.Poll(100);
        Assert.Equal([(0L, 2UL, (ushort)1000), (0L, 1002UL, (ushort)1000), (0L, 2002UL, (ushort)500)], sender.Requests);

        // A heartbeat claiming an absurd sequence (taken as true: the implausible-jump check is off,
        // MoldSessionJumpTests covers it): a bounded number of requests from the hole's start.
        sender.Requests.Clear();
        var huge = NewSession(out _, new MoldSessionOptions { RerequestTimeoutNs = 100, MaxRerequestMessages = 1000, MaxRerequestChunks = 3, MaxForwardJump = ulong.MaxValue }, sender);
        huge.OnDatagram(Data(1, 1), A);
        huge.OnDatagram(Heartbeat(1UL << 62), A);
        huge.Poll(0);
        Assert.Equal(1, huge.Poll(100));
        Assert.Equal([(0L, 2UL, (ushort)1000), (0L, 1002UL, (ushort)1000), (0L, 2002UL, (ushort)1000)], sender.Requests);
    }

    [Fact]
    public void A_partly_answered_hole_asks_for_the_rest()
    {
        var sender = new TimedSender();
        var options = new MoldSessionOptions { RerequestTimeoutNs = 100, MaxRerequestMessages = 10, MaxRerequestChunks = 1 };
        var session = NewSession(out Recording recording, options, sender);
        session.OnDatagram(Data(1, 1), A);
        session.OnDatagram(Data(26, 1), A);    // hole 2..25
        session.Poll(0);
        session.Poll(sender.Now = 100);
        session.OnDatagram(Data(2, 10), Retransmit);
        session.Poll(sender.Now = 110);
        session.Poll(sender.Now = 210);
        session.OnDatagram(Data(12, 10), Retransmit);
        session.Poll(sender.Now = 220);
        session.Poll(sender.Now = 320);
        session.OnDatagram(Data(22, 4), Retransmit);
        recording.AssertInOrder(1, 26);
        Assert.Equal([(100L, 2UL, (ushort)10), (210L, 12UL, (ushort)10), (320L, 22UL, (ushort)4)], sender.Requests);
    }

    [Fact]
    public void A_session_change_forgets_every_hole()
    {
        var sender = new TimedSender();
        var session = NewSession(out Recording recording, new MoldSessionOptions { RerequestTimeoutNs = 100, MaxRerequests = 0 }, sender);
        session.OnDatagram(Data(1, 1), A);
        session.OnDatagram(Data(3, 1), A);
        session.OnDatagram(Data(5, 1), A);
        session.Poll(0);
        session.OnDatagram(Data(1, 2, SessionB), A);
        Assert.Equal(0, session.Poll(1000));
        Assert.Empty(sender.Requests);
        Assert.Empty(Lost(recording));
        Assert.Empty(session.GetLosses());
        Assert.Equal(0, session.TrackedHoles);
    }

    [Fact]
    [Trait(TestCategory.Key, TestCategory.Timing)]
    public void Polling_many_holes_does_not_allocate()
    {
        var options = new MoldSessionOptions { RerequestTimeoutNs = 10, MaxRerequests = 2, MaxTrackedHoles = 8 };
        var session = new MoldSession<CountingHandler>(default, options, new CountingSender());

        // Each round leaves 12 holes (more than are tracked): some filled by line B, some by
        // retransmission, the rest re-requested twice and given up, then the round is closed.
        var rounds = new List<(byte[] Packet, int Line, bool BeforePolling)>[40];
        ulong next = 1;
        for (int r = 0; r < rounds.Length; r++)
        {
            var round = new List<(byte[], int, bool)>();
            for (int h = 0; h < 12; h++)
            {
                round.Add((Data(next, 2), A, true));
                if (h % 3 == 0)
                {
                    round.Add((Data(next + 2, 1), B, false));
                }
                else if (h % 3 == 1)
                {
                    round.Add((Data(next + 2, 1), Retransmit, false));
                }

                next += 3;
            }

            round.Add((Data(next, 1), A, true));
            next++;
            rounds[r] = round;
        }

        long now = 0;
        void Run(int from, int to)
        {
            for (int r = from; r < to; r++)
            {
                foreach ((byte[] packet, int line, bool early) in rounds[r])
                {
                    if (early)
                    {
                        session.OnDatagram(packet, line);
                    }
                }

                for (int i = 0; i < 5; i++)
                {
                    session.Poll(now += 10);
                }

                foreach ((byte[] packet, int line, bool early) in rounds[r])
                {
                    if (!early)
                    {
                        session.OnDatagram(packet, line);
                    }
                }

                for (int i = 0; i < 200 && session.HasGap; i++)
                {
                    session.Poll(now += 10);
                }
            }
        }

        Run(0, 20);
        JitSettle.Wait(); // let the background tier-1 compilations land before measuring
        long before = GC.GetAllocatedBytesForCurrentThread();
        Run(20, 40);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.False(session.HasGap);
        Assert.True(session.Stats.RerequestsSent > 40 * 8);
        Assert.Equal(40 * 4, session.Stats.MessagesLost);
        Assert.Equal(12, session.Stats.OpenHolesHighWater);
        Assert.Equal(40 * (12 * 2 + 8 + 1), session.Handler.Messages);
    }

    /// <summary>Records each request with the time the test says it is.</summary>
    private sealed class TimedSender : IRerequestSender
    {
        public long Now { get; set; }

        public List<(long At, ulong Sequence, ushort Count)> Requests { get; } = [];

        public bool Send(ReadOnlySpan<byte> request)
        {
            Assert.True(MoldRequest.TryRead(request, out ReadOnlySpan<byte> session, out ulong sequence, out ushort count));
            Assert.True(session.SequenceEqual(SessionA));
            Requests.Add((Now, sequence, count));
            return true;
        }
    }

    private sealed class CountingSender : IRerequestSender
    {
        public long Sent { get; private set; }

        public bool Send(ReadOnlySpan<byte> request)
        {
            Sent++;
            return true;
        }
    }
}
