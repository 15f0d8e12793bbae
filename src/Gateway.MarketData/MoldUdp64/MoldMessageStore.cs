using Gateway.Interop;
using Gateway.Net.Capture;
using Gateway.Net.Decode;
using Gateway.Net.Sources;

namespace Gateway.MarketData.MoldUdp64;

/// <summary>
/// Cold: every message of one MoldUDP64 session indexed by sequence, loaded from MoldUDP64 payloads
/// or a capture. The re-request server answers from it.
/// </summary>
/// <remarks>Not thread-safe while loading: fill it first, then hand it to a server, which only reads.</remarks>
public sealed class MoldMessageStore
{
    private readonly Dictionary<ulong, byte[]> _messages = [];
    private byte[]? _session;

    /// <summary>A store for <paramref name="session"/>, or for the first session seen when null.</summary>
    public MoldMessageStore(string? session = null)
    {
        if (session is not null)
        {
            _session = MoldSessionName.ToBytes(session);
        }
    }

    /// <summary>The session's 10 wire bytes (empty until the first packet when not given).</summary>
    public ReadOnlySpan<byte> Session => _session;

    public int Count => _messages.Count;

    /// <summary>Packets skipped because they were malformed.</summary>
    public long MalformedPackets { get; private set; }

    /// <summary>Packets skipped because they belong to another session.</summary>
    public long OtherSessionPackets { get; private set; }

    /// <summary>Adds the messages of one MoldUDP64 payload (duplicates keep the first copy). False when it was skipped.</summary>
    public bool Add(ReadOnlySpan<byte> payload)
    {
        if (MoldPacket.TryParse(payload, out MoldPacket packet) != MoldPacketStatus.Ok)
        {
            MalformedPackets++;
            return false;
        }

        if (_session is null)
        {
            _session = packet.Session.ToArray();
        }
        else if (!packet.Session.SequenceEqual(_session))
        {
            OtherSessionPackets++;
            return false;
        }

        ulong sequence = packet.SequenceNumber;
        foreach (ReadOnlySpan<byte> message in packet)
        {
            _messages.TryAdd(sequence, message.ToArray());
            sequence++;
        }

        return true;
    }

    public bool TryGet(ulong sequence, out byte[] message) => _messages.TryGetValue(sequence, out message!);

    /// <summary>
    /// Loads every UDP datagram of a pcap/pcapng capture (optionally only those to <paramref name="port"/>)
    /// that parses as MoldUDP64 of the chosen session.
    /// </summary>
    /// <exception cref="PacketSourceException">The capture cannot be opened or read.</exception>
    public static unsafe MoldMessageStore FromCapture(string path, string? session = null, ushort? port = null)
    {
        var store = new MoldMessageStore(session);
        using CaptureFileSource source = CaptureFile.Open(path);
        const int Burst = 64;
        PacketDescriptor* descriptors = stackalloc PacketDescriptor[Burst];

        // An offline source only returns 0 while active at a refill boundary; bound it anyway.
        int idle = 0;
        while (idle < 1000)
        {
            int n = source.Receive(descriptors, Burst);
            if (n == 0)
            {
                if (source.State == SourceState.Failed)
                {
                    throw new PacketSourceException($"capture {path}: {source.FailureMessage}");
                }

                if (source.State == SourceState.Finished)
                {
                    break;
                }

                idle++;
                continue;
            }

            idle = 0;

            for (int i = 0; i < n; i++)
            {
                ReadOnlySpan<byte> bytes = descriptors[i].Span;
                if (source.Link == LinkKind.Ethernet)
                {
                    if (FrameDecoder.DecodeEthernet(bytes, verifyIpChecksum: false, out UdpDatagram datagram) == DecodeStatus.Ok
                        && (port is null || datagram.DestinationPort == port.Value))
                    {
                        store.Add(datagram.Payload);
                    }
                }
                else if (source.Link == LinkKind.UdpPayload)
                {
                    store.Add(bytes);
                }
            }

            source.Release(descriptors, n);
        }

        return store;
    }
}
