using CsCheck;
using Gateway.MarketData.MoldUdp64;

namespace Gateway.MarketData.Tests.MoldUdp64;

/// <summary>
/// Properties of the MoldUDP64 session against a model of what it must deliver: the messages 1..N
/// cut into packets, sent on the A and B lines with some packets lost on one line, duplicated, and
/// reordered. CsCheck shrinks a failing arrival order to the smallest it can find.
/// </summary>
public class MoldSessionPropertyTests
{
    /// <summary>One arrival: which packet of the stream (by index), on which line.</summary>
    public readonly record struct Arrival(int Packet, int Line);

    /// <summary>A stream of packets (message counts) and the order they arrive in.</summary>
    public sealed record Feed(int[] Counts, Arrival[] Arrivals)
    {
        public override string ToString() =>
            $"packets [{string.Join(",", Counts)}], arrivals [{string.Join(" ", Arrivals.Select(a => $"{a.Packet}{(a.Line == 0 ? 'A' : 'B')}"))}]";
    }

    // Every packet on each line, each line's copy dropped now and then (never both), then shuffled
    // within a small window: the gap buffer holds the packets that came early.
    private static readonly Gen<Feed> s_feeds =
        Gen.Int[1, 6].Array[1, 40].SelectMany(counts =>
            Gen.Int[0, 3].Array[counts.Length].SelectMany(drops =>
                Gen.Int[0, 4].Array[2 * counts.Length].Select(jitter =>
                {
                    var arrivals = new List<(double Key, Arrival A)>();
                    for (int p = 0; p < counts.Length; p++)
                    {
                        for (int line = 0; line < 2; line++)
                        {
                            // drops: 1 loses A's copy, 2 loses B's; 0 and 3 keep both.
                            if (drops[p] != line + 1)
                            {
                                arrivals.Add((p + jitter[(2 * p) + line] + (line * 0.5), new Arrival(p, line)));
                            }
                        }
                    }

                    return new Feed(counts, [.. arrivals.OrderBy(a => a.Key).Select(a => a.A)]);
                })));

    private static List<byte[]> Packets(int[] counts)
    {
        var packets = new List<byte[]>();
        ulong next = 1;
        foreach (int c in counts)
        {
            packets.Add(MoldTestData.Data(next, c));
            next += (ulong)c;
        }

        return packets;
    }

    [Fact]
    public void Every_message_is_delivered_once_in_order_whatever_the_arrival_order() =>
        s_feeds.Sample(feed =>
        {
            List<byte[]> packets = Packets(feed.Counts);
            var recording = new Recording();
            var session = new MoldSession<RecordingHandler>(new RecordingHandler(recording), new MoldSessionOptions());
            foreach (Arrival a in feed.Arrivals)
            {
                session.OnDatagram(packets[a.Packet], a.Line);
            }

            int total = feed.Counts.Sum();
            recording.AssertInOrder(1, (ulong)total);
            Assert.Equal(0, recording.BadPayloads);
            Assert.False(session.HasGap);
            Assert.Equal(0L, session.Stats.Malformed);
        }, iter: 500);

    [Fact]
    public void Whatever_arrives_nothing_is_delivered_twice_or_out_of_order() =>
        Gen.Select(Gen.Int[1, 5].Array[1, 30], Gen.Int[0, 29].Array[0, 60], Gen.Int[0, 1].Array[60]).Sample(t =>
        {
            (int[] counts, int[] order, int[] lines) = t;
            List<byte[]> packets = Packets(counts);
            var recording = new Recording();
            var session = new MoldSession<RecordingHandler>(new RecordingHandler(recording), new MoldSessionOptions());
            for (int i = 0; i < order.Length; i++)
            {
                session.OnDatagram(packets[order[i] % packets.Count], lines[i]);
            }

            // What was delivered is a prefix 1..k, each once with its own bytes, whatever was lost.
            recording.AssertInOrder(1, (ulong)recording.Sequences.Count);
            Assert.Equal(0, recording.BadPayloads);
            if (session.HasSession)
            {
                Assert.Equal((ulong)recording.Sequences.Count + 1, session.ExpectedSequence);
            }
        }, iter: 500);
}
