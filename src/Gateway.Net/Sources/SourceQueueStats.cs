namespace Gateway.Net.Sources;

/// <summary>
/// A source with queues of its own below the gateway (a NIC's rx ring, a kernel socket buffer, a
/// packet socket's ring) that can say what they held and dropped. Cold: read at report time or on
/// a slow timer, never per packet (most answers cost a system call).
/// </summary>
public interface ISourceQueueStats
{
    /// <summary>The counters now, cumulative since the source was opened.</summary>
    SourceQueueStats ReadQueueStats();
}

/// <summary>
/// What a source's own queues did: <see cref="Kind"/> names the queue (<c>dpdk_port</c>,
/// <c>libpcap</c>, <c>udp_socket</c>), <see cref="Counters"/> holds its counters under the names
/// the reports use, in a stable order. A counter the backend cannot read is left out, not reported
/// as 0; <see cref="Notes"/> says why, for the human summary.
/// </summary>
public sealed record SourceQueueStats(string Kind, IReadOnlyList<KeyValuePair<string, long>> Counters, IReadOnlyList<string> Notes)
{
    /// <summary>The counter named <paramref name="name"/>, or null when the backend does not have it.</summary>
    public long? this[string name]
    {
        get
        {
            foreach (KeyValuePair<string, long> c in Counters)
            {
                if (c.Key == name)
                {
                    return c.Value;
                }
            }

            return null;
        }
    }
}
