using Gateway.MarketData.MoldUdp64;
using static Gateway.MarketData.Tests.MoldUdp64.MoldTestData;
using Gateway.Tests.Shared;

namespace Gateway.MarketData.Tests.MoldUdp64;

public class MoldSessionTests
{
    private const int A = 0;
    private const int B = 1;
    private const int Retransmit = 2;

    private static MoldSession<RecordingHandler> NewSession(out Recording recording, MoldSessionOptions? options = null, IRerequestSender? sender = null)
    {
        recording = new Recording();
        return new MoldSession<RecordingHandler>(new RecordingHandler(recording), options, sender);
    }

    [Fact]
    public void Delivers_in_order_packets_once_each()
    {
        var session = NewSession(out Recording recording);
        List<byte[]> feed = DeliverAll(500, 5, new Random(1));
        foreach (byte[] packet in feed)
        {
            session.OnDatagram(packet, A);
        }

        recording.AssertInOrder(1, 500);
        Assert.Equal(feed.Count, session.Stats.Packets);
        Assert.Equal(500, session.Stats.Messages);
        Assert.Equal(501UL, session.ExpectedSequence);
        Assert.False(session.HasGap);
        Assert.Empty(session.GetLosses());
        Assert.Equal((MoldSessionEvent.SessionStarted, 1UL, 0UL), recording.Events[0]);
        Assert.True(session.SessionId.SequenceEqual(SessionA));

        // Every message was announced once per look-ahead stage, in order, before delivery.
        Assert.Equal([0, 500, 500, 500], recording.LookaheadsByStage);
        for (int i = 0; i < 500; i++)
        {
            Assert.Equal(MoldTestData.Message((ulong)(i + 1)), recording.Announced[i]);
        }
    }

    [Fact]
    public void A_handler_that_does_not_want_the_look_ahead_gets_the_same_messages_and_no_announcements()
    {
        var session = NewSession(out Recording recording);
        recording.RefuseLookahead = true;
        foreach (byte[] packet in DeliverAll(500, 5, new Random(1)))
        {
            session.OnDatagram(packet, A);
        }

        recording.AssertInOrder(1, 500);
        Assert.Equal([0, 0, 0, 0], recording.LookaheadsByStage);
    }

    [Fact]
    public void A_and_B_copies_deliver_each_message_once_and_count_duplicates()
    {
        var session = NewSession(out Recording recording);
        List<byte[]> feed = DeliverAll(300, 4, new Random(2));
        var random = new Random(3);
        foreach (byte[] packet in feed)
        {
            // Either line may be first.
            int first = random.Next(2);
            session.OnDatagram(packet, first);
            session.OnDatagram(packet, 1 - first);
        }

        recording.AssertInOrder(1, 300);
        ref readonly MoldSessionStats stats = ref session.Stats;
        Assert.Equal(feed.Count, stats.DuplicatePackets);
        Assert.Equal(300, stats.DuplicateMessages);
        Assert.Equal(feed.Count, stats.LineA.DuplicatePackets + stats.LineB.DuplicatePackets);
        Assert.Equal(300, stats.LineA.Messages + stats.LineB.Messages);
        Assert.Equal(0, stats.GapsDetected);
    }

    [Fact]
    public void Overlapping_packets_from_the_other_line_deliver_only_the_new_part()
    {
        var session = NewSession(out Recording recording);
        session.OnDatagram(Data(1, 5), A);
        session.OnDatagram(Data(3, 6), B);  // 3..8: 3..5 duplicate, 6..8 new
        session.OnDatagram(Data(6, 3), A);  // all duplicate
        recording.AssertInOrder(1, 8);
        Assert.Equal(3, session.Stats.LineB.DuplicateMessages);
        Assert.Equal(3, session.Stats.LineB.Messages);
        Assert.Equal(1, session.Stats.LineA.DuplicatePackets);
        Assert.Equal(3, session.Stats.LineA.DuplicateMessages);
    }

    [Fact]
    public void Reordered_packets_within_a_window_are_delivered_in_order()
    {
        for (int seed = 0; seed < 50; seed++)
        {
            var random = new Random(seed);
            var session = NewSession(out Recording recording);
            List<byte[]> feed = DeliverAll(400, 6, random);
            int window = 2 + random.Next(10);
            for (int start = 0; start < feed.Count; start += window)
            {
                int n = Math.Min(window, feed.Count - start);
                List<byte[]> part = feed.GetRange(start, n);
                random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(part));
                foreach (byte[] packet in part)
                {
                    session.OnDatagram(packet, A);
                }
            }

            recording.AssertInOrder(1, 400);
            Assert.Equal(0, session.BufferedPackets);
            Assert.False(session.HasGap);
            Assert.Empty(session.GetLosses());
        }
    }

    [Fact]
    public void Reordered_A_and_B_with_drops_still_deliver_everything_once()
    {
        for (int seed = 100; seed < 130; seed++)
        {
            var random = new Random(seed);
            var session = NewSession(out Recording recording);
            List<byte[]> feed = DeliverAll(300, 5, random);
            var arrivals = new List<(byte[] Packet, int Line)>();
            for (int i = 0; i < feed.Count; i++)
            {
                // Each packet reaches at least one line.
                int lost = random.Next(4); // 0: A lost, 1: B lost, else both arrive
                if (lost != 0)
                {
                    arrivals.Add((feed[i], A));
                }

                if (lost != 1)
                {
                    arrivals.Add((feed[i], B));
                }
            }

            for (int start = 0; start < arrivals.Count; start += 8)
            {
                int n = Math.Min(8, arrivals.Count - start);
                random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(arrivals).Slice(start, n));
            }

            foreach ((byte[] packet, int line) in arrivals)
            {
                session.OnDatagram(packet, line);
            }

            recording.AssertInOrder(1, 300);
            Assert.Equal(arrivals.Count - feed.Count, session.Stats.DuplicatePackets);
            Assert.Equal(0, session.BufferedPackets);
        }
    }

    [Fact]
    public void A_gap_on_line_A_is_filled_from_line_B()
    {
        var session = NewSession(out Recording recording);
        session.OnDatagram(Data(1, 3), A);
        session.OnDatagram(Data(7, 2), A);   // 4..6 missing on A
        Assert.True(session.HasGap);
        Assert.Equal(1, session.Stats.GapsDetected);
        Assert.Equal(1, session.BufferedPackets);
        Assert.Equal([new MoldLossRange(4, 6, false)], session.GetLosses());

        session.OnDatagram(Data(1, 3), B);   // duplicate
        session.OnDatagram(Data(4, 3), B);   // fills the hole
        session.OnDatagram(Data(7, 2), B);   // duplicate
        recording.AssertInOrder(1, 8);
        Assert.Equal(1, session.Stats.GapFillsFromOtherLine);
        Assert.Equal(0, session.Stats.GapFillsByRetransmission);
        Assert.False(session.HasGap);
        Assert.Empty(session.GetLosses());
        Assert.Equal(2, session.Stats.LineB.DuplicatePackets);
    }

    [Fact]
    public void Unrecoverable_gaps_are_reported_as_losses_with_exact_ranges()
    {
        var options = new MoldSessionOptions { RerequestTimeoutNs = 1000, MaxRerequests = 2 };
        var sender = new CapturingSender();
        var session = NewSession(out Recording recording, options, sender);
        session.OnDatagram(Data(1, 4), A);    // 1..4
        session.OnDatagram(Data(8, 2), A);    // 5..7 missing
        session.OnDatagram(Data(12, 3), A);   // 10..11 missing
        session.OnDatagram(Heartbeat(20), A); // 15..19 missing

        Assert.Equal(
            [new MoldLossRange(5, 7, false), new MoldLossRange(10, 11, false), new MoldLossRange(15, 19, false)],
            session.GetLosses());
        Assert.Equal(3, session.Stats.GapsDetected);

        // Drive the timer: two re-requests with backoff, then give up, hole after hole.
        long now = 0;
        for (int i = 0; i < 200 && session.HasGap; i++)
        {
            now += 1000;
            session.Poll(now);
        }

        Assert.False(session.HasGap);
        recording.Sequences.Sort();
        ulong[] delivered = [1, 2, 3, 4, 8, 9, 12, 13, 14];
        Assert.Equal(delivered, recording.Sequences);
        Assert.Equal(
            [new MoldLossRange(5, 7, true), new MoldLossRange(10, 11, true), new MoldLossRange(15, 19, true)],
            session.GetLosses());
        Assert.Equal(10, session.Stats.MessagesLost);
        Assert.Equal(10UL, session.CountMissingMessages());
        Assert.Equal(6, session.Stats.RerequestsSent);
        Assert.Equal(6, sender.Requests.Count);

        // The first request asks for exactly the first hole.
        Assert.True(MoldRequest.TryRead(sender.Requests[0], out ReadOnlySpan<byte> s, out ulong seq, out ushort count));
        Assert.True(s.SequenceEqual(SessionA));
        Assert.Equal(5UL, seq);
        Assert.Equal(3, count);

        var lost = recording.Events.Where(e => e.Event == MoldSessionEvent.MessagesLost).ToList();
        Assert.Equal([(MoldSessionEvent.MessagesLost, 5UL, 3UL), (MoldSessionEvent.MessagesLost, 10UL, 2UL), (MoldSessionEvent.MessagesLost, 15UL, 5UL)], lost);

        // Late copies of lost messages are duplicates now.
        session.OnDatagram(Data(5, 3), B);
        Assert.Equal(9, recording.Sequences.Count);
        Assert.Equal(1, session.Stats.LineB.DuplicatePackets);
    }

    [Fact]
    public void Without_a_sender_a_hole_is_given_up_after_one_timeout()
    {
        var session = NewSession(out Recording recording, new MoldSessionOptions { RerequestTimeoutNs = 50 });
        session.OnDatagram(Data(1, 1), A);
        session.OnDatagram(Data(3, 1), A);
        Assert.Equal(0, session.Poll(0));     // arms the timer
        Assert.Equal(0, session.Poll(49));
        Assert.Equal(1, session.Poll(50));
        Assert.Equal([1UL, 3UL], recording.Sequences);
        Assert.Equal([new MoldLossRange(2, 2, true)], session.GetLosses());
    }

    [Fact]
    public void Rerequest_backoff_doubles_and_is_bounded()
    {
        var sender = new CapturingSender();
        var session = NewSession(out _, new MoldSessionOptions { RerequestTimeoutNs = 100, MaxRerequests = 3 }, sender);
        session.OnDatagram(Data(1, 1), A);
        session.OnDatagram(Data(5, 1), A);
        session.Poll(0);
        var sentAt = new List<long>();
        for (long t = 1; t <= 5000; t++)
        {
            int before = sender.Requests.Count;
            session.Poll(t);
            if (sender.Requests.Count > before)
            {
                sentAt.Add(t);
            }
        }

        Assert.Equal([100L, 300L, 700L], sentAt);
        Assert.Equal(3, session.Stats.MessagesLost); // given up at 700 + 800
    }

    [Fact]
    public void A_retransmission_fills_a_hole_and_is_counted_as_such()
    {
        var sender = new CapturingSender();
        var session = NewSession(out Recording recording, new MoldSessionOptions { RerequestTimeoutNs = 10 }, sender);
        session.OnDatagram(Data(1, 2), A);
        session.OnDatagram(Data(6, 2), B);
        session.Poll(0);
        session.Poll(10);
        Assert.Single(sender.Requests);
        session.OnDatagram(Data(3, 3), Retransmit);
        recording.AssertInOrder(1, 7);
        Assert.Equal(1, session.Stats.GapFillsByRetransmission);
        Assert.Equal(3, session.Stats.Retransmit.Messages);
        Assert.Equal(0, session.Poll(1000));
        Assert.Empty(session.GetLosses());
    }

    [Fact]
    public void A_heartbeat_ahead_of_expected_reveals_a_gap()
    {
        var session = NewSession(out Recording recording);
        session.OnDatagram(Data(1, 3), A);
        session.OnDatagram(Heartbeat(4), A);
        Assert.False(session.HasGap);
        session.OnDatagram(Heartbeat(6), B);
        Assert.True(session.HasGap);
        Assert.Equal(1, session.Stats.GapsDetected);
        Assert.Equal(2, session.Stats.Heartbeats);
        Assert.Equal([new MoldLossRange(4, 5, false)], session.GetLosses());
        session.OnDatagram(Data(4, 2), A);
        recording.AssertInOrder(1, 5);
        Assert.False(session.HasGap);
    }

    [Fact]
    public void End_of_session_is_flagged_and_reported_once()
    {
        var session = NewSession(out Recording recording);
        session.OnDatagram(Data(1, 3), A);
        session.OnDatagram(EndOfSession(4), A);
        session.OnDatagram(EndOfSession(4), B);
        Assert.True(session.IsEndOfSession);
        Assert.Equal(2, session.Stats.EndOfSessionPackets);
        Assert.Single(recording.Events, e => e.Event == MoldSessionEvent.EndOfSession);
        Assert.Contains((MoldSessionEvent.EndOfSession, 4UL, 0UL), recording.Events);
        Assert.False(session.HasGap);

        // An end of session beyond what arrived reveals the missing tail.
        var late = NewSession(out _);
        late.OnDatagram(Data(1, 3), A);
        late.OnDatagram(EndOfSession(9), A);
        Assert.Equal([new MoldLossRange(4, 8, false)], late.GetLosses());
    }

    [Fact]
    public void Backwards_sequence_is_counted_and_ignored()
    {
        var session = NewSession(out Recording recording, new MoldSessionOptions { BackwardJumpThreshold = 10 });
        foreach (byte[] packet in DeliverAll(100, 1, new Random(5)))
        {
            session.OnDatagram(packet, A);
        }

        session.OnDatagram(Data(95, 1), A);   // a late copy within the window: duplicate
        Assert.Equal(0, session.Stats.SequenceBackwards);
        Assert.Equal(1, session.Stats.DuplicatePackets);

        session.OnDatagram(Data(5, 2), A);    // far behind this line's own high: backwards
        session.OnDatagram(Heartbeat(3), A);
        Assert.Equal(2, session.Stats.SequenceBackwards);
        session.OnDatagram(Data(101, 1), A);
        recording.AssertInOrder(1, 101);
    }

    [Fact]
    public void A_new_session_id_resets_tracking_when_followed()
    {
        var session = NewSession(out Recording recording);
        session.OnDatagram(Data(1, 5), A);
        session.OnDatagram(Data(9, 1), A);     // a hole in the old session
        session.OnDatagram(Data(1, 2, SessionB), A);
        Assert.Equal(1, session.Stats.SessionChanges);
        Assert.True(session.SessionId.SequenceEqual(SessionB));
        Assert.Equal(3UL, session.ExpectedSequence);
        Assert.Equal(0, session.BufferedPackets);
        Assert.Empty(session.GetLosses());
        Assert.Contains((MoldSessionEvent.SessionChanged, 1UL, 0UL), recording.Events);
        Assert.Equal([1UL, 2, 3, 4, 5, 1, 2], recording.Sequences);
    }

    [Fact]
    public void A_lagging_line_does_not_flip_back_to_the_previous_session()
    {
        var session = NewSession(out Recording recording);
        session.OnDatagram(Data(1, 3), A);
        session.OnDatagram(Data(1, 3), B);
        session.OnDatagram(Data(1, 2, SessionB), A);   // rollover seen on A first
        session.OnDatagram(Data(4, 2), B);             // B still sends the old session
        session.OnDatagram(Data(1, 2, SessionB), B);
        session.OnDatagram(Data(3, 1, SessionB), B);
        Assert.Equal(1, session.Stats.SessionChanges);
        Assert.Equal(1, session.Stats.StaleSessionPackets);
        Assert.True(session.SessionId.SequenceEqual(SessionB));
        Assert.Equal([1UL, 2, 3, 1, 2, 3], recording.Sequences);
        Assert.Equal(4UL, session.ExpectedSequence);
    }

    [Fact]
    public void A_new_session_id_is_counted_and_dropped_when_ignored()
    {
        var session = NewSession(out Recording recording, new MoldSessionOptions { FollowNewSession = false });
        session.OnDatagram(Data(1, 5), A);
        session.OnDatagram(Data(1, 2, SessionB), B);
        session.OnDatagram(Data(6, 1), A);
        Assert.Equal(1, session.Stats.ForeignSessionPackets);
        Assert.Equal(0, session.Stats.SessionChanges);
        recording.AssertInOrder(1, 6);
    }

    [Fact]
    public void Late_joiner_starts_from_the_first_sequence_seen()
    {
        var session = NewSession(out Recording recording, new MoldSessionOptions { StartSequence = MoldSessionOptions.FirstSeen });
        session.OnDatagram(Data(1000, 3), A);
        session.OnDatagram(Data(1003, 2), B);
        recording.AssertInOrder(1000, 1004);
        Assert.False(session.HasGap);

        // The default (1) treats everything before the first packet as a hole.
        var strict = NewSession(out _);
        strict.OnDatagram(Data(1000, 3), A);
        Assert.Equal([new MoldLossRange(1, 999, false)], strict.GetLosses());
    }

    [Fact]
    public void Each_malformed_reason_is_counted_and_the_session_stays_consistent()
    {
        var session = NewSession(out Recording recording);
        session.OnDatagram(Data(1, 3), A);
        byte[] next = Data(4, 3);

        session.OnDatagram(next.AsSpan(0, 10), A);                 // truncated header
        session.OnDatagram(next.AsSpan(0, next.Length - 1), A);    // block overrun
        byte[] missing = (byte[])next.Clone();
        missing[19] = 4;
        session.OnDatagram(missing, A);                             // missing blocks
        byte[] trailing = [.. next, 0, 0];
        session.OnDatagram(trailing, B);                            // trailing bytes
        session.OnDatagram(Data(ulong.MaxValue - 1, 3), A);         // sequence overflow
        session.OnDatagram(next, 3);                                // no such line

        ref readonly MoldSessionStats stats = ref session.Stats;
        Assert.Equal(1, stats.MalformedTruncatedHeader);
        Assert.Equal(1, stats.MalformedBlockOverrun);
        Assert.Equal(1, stats.MalformedMissingBlocks);
        Assert.Equal(1, stats.MalformedTrailingBytes);
        Assert.Equal(1, stats.MalformedSequenceOverflow);
        Assert.Equal(5, stats.Malformed);
        Assert.Equal(1, stats.InvalidLine);
        Assert.Equal(1, stats.Packets);
        Assert.Equal(4UL, session.ExpectedSequence);
        Assert.False(session.HasGap);

        session.OnDatagram(next, A);
        recording.AssertInOrder(1, 6);
    }

    [Fact]
    public void Gap_buffer_exhaustion_is_counted_and_the_dropped_part_stays_missing()
    {
        var options = new MoldSessionOptions { MaxBufferedPackets = 4, GapBufferBytes = 4 * 256 };
        var session = NewSession(out Recording recording, options);
        session.OnDatagram(Data(1, 1), A);
        for (ulong s = 3; s <= 10; s++)
        {
            session.OnDatagram(Data(s, 1), A);  // 3..6 buffered, 7..10 dropped
        }

        Assert.Equal(4, session.BufferedPackets);
        Assert.Equal(4, session.Stats.GapBufferFull);
        Assert.Equal([new MoldLossRange(2, 2, false), new MoldLossRange(7, 10, false)], session.GetLosses());

        // A packet too large for a slot.
        byte[] big = Packet(SessionA, 20, 1, new byte[300]);
        session.OnDatagram(big, A);
        Assert.Equal(1, session.Stats.GapBufferOversize);

        session.OnDatagram(Data(2, 1), B);
        recording.AssertInOrder(1, 6);
        Assert.Equal([new MoldLossRange(7, 20, false)], session.GetLosses());
    }

    [Fact]
    [Trait(TestCategory.Key, TestCategory.Timing)]
    public void Steady_state_does_not_allocate()
    {
        List<byte[]> feed = DeliverAll(2000, 4, new Random(9));
        var options = new MoldSessionOptions { RerequestTimeoutNs = 1_000_000_000 };
        var session = new MoldSession<CountingHandler>(default, options, new NullSender());

        void Run(int from, int to)
        {
            // A/B copies, and every 7th packet swapped with its successor: buffered, then drained.
            for (int i = from; i < to; i++)
            {
                if (i % 7 == 0 && i + 1 < to)
                {
                    session.OnDatagram(feed[i + 1], A);
                    session.OnDatagram(feed[i], A);
                    session.OnDatagram(feed[i], B);
                    session.OnDatagram(feed[i + 1], B);
                    i++;
                }
                else
                {
                    session.OnDatagram(feed[i], A);
                    session.OnDatagram(feed[i], B);
                }

                session.Poll(i);
            }
        }

        int half = feed.Count / 2 & ~1;
        Run(0, half);
        JitSettle.Wait(); // let the background tier-1 compilations land before measuring
        long before = GC.GetAllocatedBytesForCurrentThread();
        Run(half, feed.Count);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(2000, session.Handler.Messages);
        Assert.Equal(0, session.Handler.OutOfOrder);
        Assert.True(session.Stats.GapsDetected > 0);
    }

    private sealed class NullSender : IRerequestSender
    {
        public bool Send(ReadOnlySpan<byte> request) => true;
    }
}
