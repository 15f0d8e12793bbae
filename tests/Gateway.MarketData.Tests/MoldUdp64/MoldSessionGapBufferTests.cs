using Gateway.MarketData.MoldUdp64;
using static Gateway.MarketData.Tests.MoldUdp64.MoldTestData;
using Gateway.Tests.Shared;

namespace Gateway.MarketData.Tests.MoldUdp64;

/// <summary>The gap buffer's high-water marks (packets and bytes held at once) and its overflow counts.</summary>
public class MoldSessionGapBufferTests
{
    private const int A = 0;
    private const int B = 1;

    private static MoldSession<RecordingHandler> NewSession(out Recording recording, MoldSessionOptions? options = null)
    {
        recording = new Recording();
        return new MoldSession<RecordingHandler>(new RecordingHandler(recording), options ?? new MoldSessionOptions());
    }

    [Fact]
    public void The_high_water_mark_is_the_most_packets_and_bytes_held_at_once_and_stays_after_the_hole_fills()
    {
        var session = NewSession(out Recording recording);
        byte[] ahead1 = Data(3, 2);
        byte[] ahead2 = Data(5, 3);
        byte[] ahead3 = Data(8, 1);
        session.OnDatagram(Data(1, 1), A);
        session.OnDatagram(ahead1, A);
        session.OnDatagram(ahead2, A);
        session.OnDatagram(ahead3, A);

        Assert.Equal(3, session.BufferedPackets);
        Assert.Equal(ahead1.Length + ahead2.Length + ahead3.Length, session.BufferedBytes);

        session.OnDatagram(Data(2, 1), B); // fills the hole: everything drains
        recording.AssertInOrder(1, 8);
        Assert.Equal(0, session.BufferedPackets);
        Assert.Equal(0, session.BufferedBytes);
        Assert.Equal(3, session.Stats.GapBufferHighWater);
        Assert.Equal(ahead1.Length + ahead2.Length + ahead3.Length, session.Stats.GapBufferBytesHighWater);

        // A smaller burst later does not lower the mark.
        session.OnDatagram(Data(10, 1), A);
        Assert.Equal(1, session.BufferedPackets);
        Assert.Equal(3, session.Stats.GapBufferHighWater);
        Assert.Equal(0, session.Stats.GapBufferFull);
    }

    [Fact]
    public void A_full_buffer_stops_at_its_capacity_and_counts_every_packet_it_could_not_hold()
    {
        var options = new MoldSessionOptions { MaxBufferedPackets = 4, GapBufferBytes = 4 * 256 };
        var session = NewSession(out _, options);
        session.OnDatagram(Data(1, 1), A);
        for (ulong s = 3; s < 13; s++)
        {
            session.OnDatagram(Data(s, 1), A); // hole at 2: ten packets ahead, room for four
        }

        Assert.Equal(4, session.GapBufferSlots);
        Assert.Equal(256, session.GapBufferSlotBytes);
        Assert.Equal(4, session.BufferedPackets);
        Assert.Equal(4, session.Stats.GapBufferHighWater);
        Assert.Equal(6, session.Stats.GapBufferFull);

        // A packet bigger than a slot is counted apart.
        session.OnDatagram(Data(20, 40), A);
        Assert.Equal(1, session.Stats.GapBufferOversize);
        Assert.Equal(6, session.Stats.GapBufferFull);
    }
}
