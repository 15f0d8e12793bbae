using Gateway.Net.Decode;
using Gateway.Net.Pipeline;

namespace Gateway.Host.Replay;

/// <summary>
/// What a packet-path replay does with each datagram: nothing, or append its payload to a
/// <see cref="PayloadRecorder"/> (<c>--payloads-out</c>, for comparing backends byte for byte).
/// Later stages (MoldUDP64, ITCH) plug in here.
/// </summary>
internal struct ReplayHandler : IDatagramHandler
{
    private readonly PayloadRecorder? _recorder;

    public ReplayHandler(PayloadRecorder? recorder) => _recorder = recorder;

    public readonly void OnDatagram(in UdpDatagram datagram, ulong timestampNs) => _recorder?.Append(datagram.Payload);

    public readonly void OnPayload(ReadOnlySpan<byte> payload, ulong timestampNs) => _recorder?.Append(payload);
}
