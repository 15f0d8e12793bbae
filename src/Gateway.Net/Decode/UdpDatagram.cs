namespace Gateway.Net.Decode;

/// <summary>
/// A UDP datagram peeled out of a frame: addresses in host order, the payload as a span into the
/// frame (no copy). Valid as long as the frame's bytes are.
/// </summary>
public readonly ref struct UdpDatagram
{
    public UdpDatagram(uint sourceIp, uint destinationIp, ushort sourcePort, ushort destinationPort,
        ushort outerVlan, ushort innerVlan, int vlanCount, ReadOnlySpan<byte> payload)
    {
        SourceIp = sourceIp;
        DestinationIp = destinationIp;
        SourcePort = sourcePort;
        DestinationPort = destinationPort;
        OuterVlan = outerVlan;
        InnerVlan = innerVlan;
        VlanCount = vlanCount;
        Payload = payload;
    }

    /// <summary>IPv4 source address, host byte order (10.0.0.1 is 0x0A000001).</summary>
    public uint SourceIp { get; }

    public uint DestinationIp { get; }

    public ushort SourcePort { get; }

    public ushort DestinationPort { get; }

    /// <summary>VLAN id (12 bits) of the outermost tag, 0 when untagged.</summary>
    public ushort OuterVlan { get; }

    /// <summary>VLAN id of the innermost tag when stacked, else 0.</summary>
    public ushort InnerVlan { get; }

    public int VlanCount { get; }

    public ReadOnlySpan<byte> Payload { get; }
}
