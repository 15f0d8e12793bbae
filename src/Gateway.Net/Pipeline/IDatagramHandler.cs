using Gateway.Net.Decode;

namespace Gateway.Net.Pipeline;

/// <summary>
/// The next stage after L2-L4 decode. Implemented by a struct and passed as a generic argument to
/// <see cref="PacketPump{THandler}"/>, so each call is direct and can inline (no interface dispatch
/// per packet).
/// </summary>
public interface IDatagramHandler
{
    /// <summary>
    /// Only with <see cref="PacketPumpOptions.StampReceive"/>: a packet is leaving the source's
    /// batch, about to be decoded; <paramref name="receiveTicks"/> is a <see cref="Gateway.Interop.CycleClock"/>
    /// reading (where tick-to-trade starts).
    /// </summary>
    void OnReceived(long receiveTicks);

    /// <summary>A UDP datagram that passed the destination filter.</summary>
    void OnDatagram(in UdpDatagram datagram, ulong timestampNs);

    /// <summary>A bare payload from a source without L2-L4 headers (a kernel socket, a BinaryFILE record).</summary>
    void OnPayload(ReadOnlySpan<byte> payload, ulong timestampNs);

    /// <summary>
    /// After each burst, and on each empty poll: the time, for the stages that keep timers (a
    /// MoldUDP64 hole waiting for its retransmission). Keep it cheap when there is nothing to do.
    /// </summary>
    void OnPoll(long nowNs);

    /// <summary>
    /// A bare payload that will be handed to <see cref="OnPayload"/> a few calls from now (stage 1:
    /// about eight ahead, stage 2: four, stage 3: two): a chance to prefetch what it will touch.
    /// Must not change state.
    /// </summary>
    void OnLookahead(ReadOnlySpan<byte> upcomingPayload, int stage);

    /// <summary>
    /// Asked once per burst: whether <see cref="OnLookahead"/> is worth calling for it (prefetching
    /// pays only when what the payloads touch does not already sit in cache).
    /// </summary>
    bool WantsLookahead { get; }
}

/// <summary>Counts only; the packet path measured on its own.</summary>
public struct NullDatagramHandler : IDatagramHandler
{
    public readonly void OnReceived(long receiveTicks) { }

    public readonly void OnDatagram(in UdpDatagram datagram, ulong timestampNs) { }

    public readonly void OnPayload(ReadOnlySpan<byte> payload, ulong timestampNs) { }

    public readonly void OnPoll(long nowNs) { }

    public readonly void OnLookahead(ReadOnlySpan<byte> upcomingPayload, int stage) { }

    public readonly bool WantsLookahead => false;
}
