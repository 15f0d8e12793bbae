using Gateway.Net.Decode;

namespace Gateway.Net.Pipeline;

/// <summary>
/// What the packet path saw. Written by the pump thread only; other threads may read the
/// <c>Volatile</c> progress fields while it runs and everything once it has stopped.
/// </summary>
public sealed class PacketPathStats
{
    private readonly long[] _byStatus = new long[256];

    public PacketPathStats(int destinationCapacity = 256)
    {
        Destinations = new DestinationCounters(destinationCapacity);
    }

    /// <summary>Frames (or records) received from the source.</summary>
    public long Packets;

    /// <summary>Bytes of those frames as captured.</summary>
    public long Bytes;

    /// <summary>Datagrams (or records) handed to the handler.</summary>
    public long Datagrams;

    /// <summary>Frames longer than the configured maximum, or spread over several buffers (jumbo).</summary>
    public long OversizeFrames;

    /// <summary>Frames the capture cut short (snap length below the wire length); decoded as far as they go.</summary>
    public long SnappedFrames;

    /// <summary>Receive calls that returned at least one packet.</summary>
    public long Bursts;

    /// <summary>
    /// Bursts that came back with every descriptor asked for: the source had at least that many
    /// packets waiting, maybe more (its queue was backing up). Always most bursts for a capture file.
    /// </summary>
    public long FullBursts;

    /// <summary>Most packets one receive returned.</summary>
    public long MaxBurstFill;

    /// <summary>Descriptors asked of the source per receive (the burst size in use).</summary>
    public int BurstSize;

    public long FirstTimestampNs;

    public long LastTimestampNs;

    public DestinationCounters Destinations { get; }

    /// <summary>Frames that stopped at each decode status (index: <see cref="DecodeStatus"/>).</summary>
    public ReadOnlySpan<long> ByStatus => _byStatus;

    internal long[] ByStatusArray => _byStatus;

    public long Count(DecodeStatus status) => _byStatus[(int)status];

    public long MalformedFrames
    {
        get
        {
            long sum = 0;
            for (int i = (int)DecodeStatusExtensions.FirstMalformed; i < _byStatus.Length; i++)
            {
                sum += _byStatus[i];
            }

            return sum;
        }
    }
}
