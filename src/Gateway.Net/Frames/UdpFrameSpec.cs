namespace Gateway.Net.Frames;

/// <summary>
/// Everything about a synthesised Ethernet/IPv4/UDP frame except its payload. Start from
/// <see cref="Default"/> and change what matters: <c>UdpFrameSpec.Default with { VlanTags = 1 }</c>.
/// Addresses are numbers in network order of significance: MAC <c>0x0100_5E36_0C01</c> is
/// 01:00:5e:36:0c:01, IPv4 <c>0xE9360C01</c> is 233.54.12.1.
/// </summary>
public struct UdpFrameSpec
{
    public ulong DestinationMac;
    public ulong SourceMac;

    /// <summary>0, 1 or 2 VLAN tags. With 2, the outer uses <see cref="OuterTpid"/> and the inner 0x8100.</summary>
    public int VlanTags;

    /// <summary>TPID of the outer (or only) tag: 0x8100 (802.1Q) or 0x88A8 (802.1ad service tag).</summary>
    public ushort OuterTpid;

    /// <summary>Tag control information (PCP 3 bits, DEI 1 bit, VLAN id 12 bits) of the outer (or only) tag.</summary>
    public ushort OuterTci;

    public ushort InnerTci;

    public uint SourceIp;
    public uint DestinationIp;
    public byte Ttl;
    public byte TypeOfService;
    public ushort Identification;
    public bool DontFragment;
    public bool MoreFragments;

    /// <summary>In 8-byte units. Non-zero makes a non-first fragment: the payload follows the IP header with no UDP header.</summary>
    public ushort FragmentOffset;

    /// <summary>Bytes of IPv4 options (multiple of 4, at most 40): NOPs ending in End-of-Option-List.</summary>
    public int IpOptionsLength;

    public ushort SourcePort;
    public ushort DestinationPort;

    /// <summary>Compute the UDP checksum over the pseudo-header; otherwise send 0 (no checksum).</summary>
    public bool UdpChecksum;

    /// <summary>Pad with zeros to the 60-byte Ethernet minimum (without FCS), as a NIC would.</summary>
    public bool PadToMinimum;

    /// <summary>A NASDAQ-like multicast frame: 10.0.0.1:40000 → 233.54.12.1:26477, TTL 64, checksummed, padded.</summary>
    public static UdpFrameSpec Default => new()
    {
        DestinationMac = 0x0100_5E36_0C01,
        SourceMac = 0x0200_0000_0001,
        OuterTpid = FrameBuilder.TpidCustomerVlan,
        SourceIp = FrameBuilder.Ipv4(10, 0, 0, 1),
        DestinationIp = FrameBuilder.Ipv4(233, 54, 12, 1),
        Ttl = 64,
        SourcePort = 40000,
        DestinationPort = 26477,
        UdpChecksum = true,
        PadToMinimum = true,
    };
}
