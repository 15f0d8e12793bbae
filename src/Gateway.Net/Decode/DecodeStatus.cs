namespace Gateway.Net.Decode;

/// <summary>
/// Why a frame did or did not yield a UDP datagram. Values up to <see cref="NotUdp"/> are
/// well-formed traffic that is simply not ours; the rest are malformed and counted as such.
/// </summary>
public enum DecodeStatus : byte
{
    Ok = 0,

    /// <summary>An Ethernet frame whose payload is not IPv4 (ARP, IPv6, LLDP, ...).</summary>
    NotIpv4 = 1,

    /// <summary>An IPv4 packet carrying something other than UDP (TCP, IGMP, ...).</summary>
    NotUdp = 2,

    /// <summary>An IPv4 fragment: the feed handler does not reassemble; counted and dropped.</summary>
    Fragment = 3,

    /// <summary>Filtered out: well-formed, but not to a configured destination.</summary>
    Filtered = 4,

    // ---- malformed from here on -------------------------------------------------------------
    TruncatedEthernet = 16,
    TruncatedVlan = 17,
    TooManyVlanTags = 18,
    TruncatedIpv4 = 19,
    BadIpVersion = 20,
    BadIpHeaderLength = 21,
    BadIpTotalLength = 22,
    BadIpChecksum = 23,
    TruncatedUdp = 24,
    BadUdpLength = 25,
}

public static class DecodeStatusExtensions
{
    /// <summary>The first status that means the frame itself is broken.</summary>
    public const DecodeStatus FirstMalformed = DecodeStatus.TruncatedEthernet;

    public static bool IsMalformed(this DecodeStatus status) => status >= FirstMalformed;

    /// <summary>Stable snake_case names for reports and JSON.</summary>
    public static string ToReportName(this DecodeStatus status) => status switch
    {
        DecodeStatus.Ok => "ok",
        DecodeStatus.NotIpv4 => "not_ipv4",
        DecodeStatus.NotUdp => "not_udp",
        DecodeStatus.Fragment => "ip_fragment",
        DecodeStatus.Filtered => "filtered",
        DecodeStatus.TruncatedEthernet => "truncated_ethernet",
        DecodeStatus.TruncatedVlan => "truncated_vlan",
        DecodeStatus.TooManyVlanTags => "too_many_vlan_tags",
        DecodeStatus.TruncatedIpv4 => "truncated_ipv4",
        DecodeStatus.BadIpVersion => "bad_ip_version",
        DecodeStatus.BadIpHeaderLength => "bad_ip_header_length",
        DecodeStatus.BadIpTotalLength => "bad_ip_total_length",
        DecodeStatus.BadIpChecksum => "bad_ip_checksum",
        DecodeStatus.TruncatedUdp => "truncated_udp",
        DecodeStatus.BadUdpLength => "bad_udp_length",
        _ => "unknown",
    };
}
