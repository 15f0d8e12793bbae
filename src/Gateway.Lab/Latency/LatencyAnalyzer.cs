using System.Text;
using Gateway.MarketData.MoldUdp64;
using Gateway.Net.Capture;
using Gateway.Net.Decode;

namespace Gateway.Lab.Latency;

/// <summary>
/// Wire-to-wire latency from captures: from the first capture timestamp of a MoldUDP64 packet
/// carrying a message, to the capture timestamp of the TCP segment carrying the last byte of the
/// FIX NewOrderSingle that names that message as its trigger (the venue can act on an order only
/// once its last byte has arrived; if an earlier byte of it arrived later still, out of order, the
/// segment that completed it).
/// </summary>
/// <remarks>
/// Two passes over the captures. The first merges them by timestamp, reassembles every TCP stream
/// and collects the orders with their triggers (and each capture's clock facts); the second looks up
/// only those triggers in the MoldUDP64 datagrams, so memory grows with the orders, not with the
/// day's messages.
/// </remarks>
public sealed class LatencyAnalyzer : IFixMessageSink
{
    private readonly LatencyOptions _options;
    private readonly List<OrderRecord> _orders = [];
    private readonly Dictionary<string, int> _sessionIds = new(StringComparer.Ordinal);
    private readonly List<byte[]> _sessionWireNames = [];
    private readonly Dictionary<FlowKey, TcpStream> _streams = [];
    private readonly List<TcpStream> _closedStreams = [];
    private readonly HashSet<FlowKey> _connections = [];
    private readonly LatencyResult _result = new();
    private readonly List<string> _warnings = [];

    private LatencyAnalyzer(LatencyOptions options)
    {
        _options = options;
    }

    /// <summary>Reads one capture holding both directions, or an inbound and an outbound capture (merged by timestamp).</summary>
    /// <exception cref="Net.Sources.PacketSourceException">A file is not a capture this can read (the message is for the user).</exception>
    public static LatencyResult Analyze(IReadOnlyList<string> captures, LatencyOptions options)
    {
        ArgumentNullException.ThrowIfNull(captures);
        ArgumentNullException.ThrowIfNull(options);
        if (captures.Count == 0)
        {
            throw new ArgumentException("at least one capture", nameof(captures));
        }

        var analyzer = new LatencyAnalyzer(options);
        List<CaptureSummary> summaries = analyzer.ReadOrders(captures);
        Dictionary<TriggerKey, TriggerHit> hits = analyzer.FindTriggers(captures, summaries);
        return analyzer.Conclude(summaries, hits);
    }

    /// <summary>Opens every capture on its first packet; pass 1 creates the summaries, pass 2 reuses them.</summary>
    private static List<CaptureCursor> Open(IReadOnlyList<string> captures, List<CaptureSummary>? summaries)
    {
        var cursors = new List<CaptureCursor>();
        try
        {
            for (int i = 0; i < captures.Count; i++)
            {
                var cursor = new CaptureCursor(captures[i], summaries?[i]);
                cursors.Add(cursor);
                cursor.Advance();
            }
        }
        catch
        {
            foreach (CaptureCursor c in cursors)
            {
                c.Dispose();
            }

            throw;
        }

        return cursors;
    }

    /// <summary>The cursor holding the earliest packet (the first capture on a tie), or null when all are done.</summary>
    private static CaptureCursor? Earliest(List<CaptureCursor> cursors)
    {
        CaptureCursor? best = null;
        foreach (CaptureCursor c in cursors)
        {
            if (c.HasPacket && (best is null || c.TimeNs < best.TimeNs))
            {
                best = c;
            }
        }

        return best;
    }

    // ---- pass 1: TCP streams → orders --------------------------------------------------------------

    private List<CaptureSummary> ReadOrders(IReadOnlyList<string> captures)
    {
        List<CaptureCursor> cursors = Open(captures, summaries: null);
        var summaries = cursors.ConvertAll(c => c.Summary);
        try
        {
            while (Earliest(cursors) is CaptureCursor c)
            {
                OnFrame(c.Frame, c.TimeNs);
                c.Advance();
            }
        }
        finally
        {
            foreach (CaptureCursor c in cursors)
            {
                c.Dispose();
            }
        }

        foreach (TcpStream stream in _streams.Values)
        {
            stream.Finish();
            _closedStreams.Add(stream);
        }

        return summaries;
    }

    private void OnFrame(ReadOnlySpan<byte> frame, long timeNs)
    {
        DecodeStatus udp = FrameDecoder.DecodeEthernet(frame, verifyIpChecksum: false, out UdpDatagram datagram);
        if (udp == DecodeStatus.Ok)
        {
            if (IsMarketData(datagram, out MoldPacket packet) && !packet.IsHeartbeat)
            {
                _result.MarketDataPackets++;
            }

            return;
        }

        if (udp.IsMalformed())
        {
            _result.MalformedFrames++;
            return;
        }

        if (udp != DecodeStatus.NotUdp)
        {
            return;
        }

        TcpDecodeStatus tcp = TcpSegment.DecodeEthernet(frame, out TcpSegment segment);
        if (tcp == TcpDecodeStatus.Malformed)
        {
            _result.MalformedFrames++;
            return;
        }

        if (tcp != TcpDecodeStatus.Ok)
        {
            return;
        }

        var key = new FlowKey(segment.SourceIp, segment.SourcePort, segment.DestinationIp, segment.DestinationPort);
        if (!_streams.TryGetValue(key, out TcpStream? stream))
        {
            stream = new TcpStream(this);
            _streams.Add(key, stream);
        }
        else if (segment.IsSyn && stream.IsNewConnection(segment.Sequence))
        {
            // The 4-tuple was reused for a new connection: the old stream is over.
            stream.Finish();
            _closedStreams.Add(stream);
            stream = new TcpStream(this);
            _streams[key] = stream;
        }

        if (!segment.Payload.IsEmpty)
        {
            _connections.Add(key.Canonical());
        }

        stream.OnSegment(segment.Sequence, segment.IsSyn, segment.Payload, timeNs);
    }

    private bool IsMarketData(UdpDatagram datagram, out MoldPacket packet)
    {
        packet = default;
        return (_options.MarketDataPort is null || datagram.DestinationPort == _options.MarketDataPort)
            && MoldPacket.TryParse(datagram.Payload, out packet) == MoldPacketStatus.Ok;
    }

    void IFixMessageSink.OnMessage(ReadOnlySpan<byte> message, long completeTimeNs)
    {
        switch (OrderFields.Read(message, _options.TriggerTag, out ReadOnlySpan<byte> session, out ulong sequence))
        {
            case OrderKind.NotAnOrder:
                return;
            case OrderKind.BadChecksum:
                _result.BadChecksumOrders++;
                return;
            case OrderKind.PossDupResend:
                _result.PossDupResends++;
                return;
            case OrderKind.NoTriggerField:
                _result.Orders++;
                _result.NoTriggerField++;
                return;
            case OrderKind.BadTriggerField:
                _result.Orders++;
                _result.BadTriggerField++;
                return;
            default:
                _result.Orders++;
                _orders.Add(new OrderRecord(new TriggerKey(SessionId(session), sequence), completeTimeNs));
                return;
        }
    }

    private int SessionId(ReadOnlySpan<byte> session)
    {
        string name = Encoding.Latin1.GetString(session);
        if (!_sessionIds.TryGetValue(name, out int id))
        {
            id = _sessionIds.Count;
            _sessionIds.Add(name, id);
            byte[] wire = new byte[MoldPacket.SessionLength];
            wire.AsSpan().Fill((byte)' ');
            session.CopyTo(wire);
            _sessionWireNames.Add(wire);
        }

        return id;
    }

    // ---- pass 2: MoldUDP64 → the first sighting of each trigger --------------------------------------

    private Dictionary<TriggerKey, TriggerHit> FindTriggers(IReadOnlyList<string> captures, List<CaptureSummary> summaries)
    {
        var hits = new Dictionary<TriggerKey, TriggerHit>();
        if (_orders.Count == 0)
        {
            return hits;
        }

        var lowest = new ulong[_sessionWireNames.Count];
        var highest = new ulong[_sessionWireNames.Count];
        Array.Fill(lowest, ulong.MaxValue);
        foreach (OrderRecord order in _orders)
        {
            hits[order.Trigger] = new TriggerHit(long.MaxValue, 0, 0);
            lowest[order.Trigger.SessionId] = Math.Min(lowest[order.Trigger.SessionId], order.Trigger.Sequence);
            highest[order.Trigger.SessionId] = Math.Max(highest[order.Trigger.SessionId], order.Trigger.Sequence);
        }

        List<CaptureCursor> cursors = Open(captures, summaries);
        try
        {
            while (Earliest(cursors) is CaptureCursor c)
            {
                if (FrameDecoder.DecodeEthernet(c.Frame, verifyIpChecksum: false, out UdpDatagram datagram) == DecodeStatus.Ok
                    && IsMarketData(datagram, out MoldPacket packet) && packet.DataMessageCount > 0)
                {
                    int session = FindSession(packet.Session);
                    ulong first = packet.SequenceNumber;
                    ulong last = first + (ulong)packet.DataMessageCount - 1;
                    if (session >= 0 && last >= lowest[session] && first <= highest[session])
                    {
                        Sight(hits, session, first, last, packet, c.TimeNs);
                    }
                }

                c.Advance();
            }
        }
        finally
        {
            foreach (CaptureCursor c in cursors)
            {
                c.Dispose();
            }
        }

        return hits;
    }

    private static void Sight(Dictionary<TriggerKey, TriggerHit> hits, int session, ulong first, ulong last, MoldPacket packet, long timeNs)
    {
        for (ulong seq = first; seq <= last; seq++)
        {
            var key = new TriggerKey(session, seq);
            // Strictly earlier only: of copies stamped alike, the one met first in the merged order wins.
            if (hits.TryGetValue(key, out TriggerHit hit) && timeNs < hit.FirstTimeNs)
            {
                hits[key] = new TriggerHit(timeNs, packet.SequenceNumber, packet.MessageCount);
            }
        }
    }

    private int FindSession(ReadOnlySpan<byte> wire)
    {
        for (int i = 0; i < _sessionWireNames.Count; i++)
        {
            if (wire.SequenceEqual(_sessionWireNames[i]))
            {
                return i;
            }
        }

        return -1;
    }

    // ---- results -----------------------------------------------------------------------------------

    private LatencyResult Conclude(List<CaptureSummary> summaries, Dictionary<TriggerKey, TriggerHit> hits)
    {
        LatencyResult r = _result;
        r.TriggerTag = _options.TriggerTag;
        r.Captures = summaries;
        foreach (TcpStream s in _closedStreams)
        {
            r.RetransmittedBytes += s.RetransmittedBytes;
            r.OutOfOrderSegments += s.OutOfOrderSegments;
            r.StreamHoles += s.Holes;
            r.HoleBytes += s.HoleBytes;
            r.UnframedBytes += s.UnframedBytes;
        }

        r.Connections = _connections.Count;
        var latencies = new List<long>(_orders.Count);
        var perPacket = new Dictionary<(int Session, ulong First, ushort Count), long>();
        var messages = new HashSet<TriggerKey>();
        foreach (OrderRecord order in _orders)
        {
            TriggerHit hit = hits.GetValueOrDefault(order.Trigger, new TriggerHit(long.MaxValue, 0, 0));
            if (hit.FirstTimeNs == long.MaxValue)
            {
                r.TriggerNotFound++;
                continue;
            }

            r.Matched++;
            latencies.Add(order.TimeNs - hit.FirstTimeNs);
            messages.Add(order.Trigger);
            var packetKey = (order.Trigger.SessionId, hit.PacketSequence, hit.PacketCount);
            perPacket[packetKey] = perPacket.GetValueOrDefault(packetKey) + 1;
        }

        latencies.Sort();
        r.LatenciesNs = latencies;
        r.TriggerMessages = messages.Count;
        r.TriggerPackets = perPacket.Count;
        r.MaxOrdersPerTriggerPacket = perPacket.Count == 0 ? 0 : perPacket.Values.Max();
        r.MeanOrdersPerTriggerPacket = perPacket.Count == 0 ? 0 : (double)r.Matched / perPacket.Count;
        r.NegativeLatencies = latencies.Count(l => l < 0);
        r.ClockResolutionNs = summaries.Max(s => s.ResolutionNs);
        r.MinStepNs = summaries.Min(s => s.MinStepNs);
        r.TimestampsBackwards = summaries.Sum(s => s.BackwardSteps);
        r.TruncatedCaptures = summaries.Count(s => s.Truncated);
        if (latencies.Count > 0)
        {
            r.MinNs = latencies[0];
            r.MaxNs = latencies[^1];
            r.MeanNs = latencies.Average(l => (double)l);
            if (r.NegativeLatencies == 0)
            {
                r.P50Ns = LatencyStatistics.Percentile(latencies, 50);
                r.P90Ns = LatencyStatistics.Percentile(latencies, 90);
                r.P99Ns = LatencyStatistics.Percentile(latencies, 99);
                r.P999Ns = LatencyStatistics.Percentile(latencies, 99.9);
                r.Histogram = LatencyStatistics.Histogram(latencies);
            }
        }

        Warn(summaries);
        Decide(summaries);
        r.Warnings = _warnings;
        return r;
    }

    private void Warn(List<CaptureSummary> summaries)
    {
        LatencyResult r = _result;
        foreach (CaptureSummary s in summaries)
        {
            if (s.Truncated)
            {
                _warnings.Add($"{s.Path}: capture truncated (the last record is cut); every whole packet before it was read");
            }

            if (s.Failure is not null)
            {
                _warnings.Add($"{s.Path}: {s.Failure}; every packet before it was read");
            }

            if (s.BackwardSteps > 0)
            {
                _warnings.Add($"{s.Path}: timestamps go backwards {s.BackwardSteps} time(s): latencies across those steps are suspect");
            }
        }

        if (r.StreamHoles > 0)
        {
            _warnings.Add($"{r.StreamHoles} hole(s) in TCP streams never filled ({r.HoleBytes} bytes missing): orders in or across them are lost and not counted");
        }

        if (r.NegativeLatencies > 0)
        {
            _warnings.Add($"{r.NegativeLatencies} order(s) on the wire before their trigger: the capture clocks disagree; percentiles withheld");
        }

        if (r.TriggerNotFound > 0 && r.Matched > 0)
        {
            _warnings.Add($"{r.TriggerNotFound} order(s) name a trigger the market data does not hold");
        }

        if (r.NoTriggerField + r.BadTriggerField > 0 && r.Matched > 0)
        {
            _warnings.Add($"{r.NoTriggerField} order(s) without tag {r.TriggerTag}, {r.BadTriggerField} with a value that is not SESSION:SEQ");
        }
    }

    private void Decide(List<CaptureSummary> summaries)
    {
        LatencyResult r = _result;
        CaptureSummary? corrupt = summaries.FirstOrDefault(s => s.Failure is not null);
        (r.Verdict, r.VerdictReason) = (corrupt, r) switch
        {
            ({ } c, _) => (LatencyVerdict.BadInput, $"{c.Path}: {c.Failure}"),
            (_, { Orders: 0 }) => (LatencyVerdict.NothingToMeasure, "no NewOrderSingle in the TCP streams of the capture(s)"),
            (_, { Matched: 0 }) when r.NoTriggerField + r.BadTriggerField == r.Orders =>
                (LatencyVerdict.NothingToMeasure, $"none of the {r.Orders} order(s) carries a trigger in tag {r.TriggerTag} (SESSION:SEQ)"),
            (_, { Matched: 0 }) =>
                (LatencyVerdict.NothingToMeasure, $"no trigger of the {r.Orders} order(s) appears in the market data (MoldUDP64 over UDP{(_options.MarketDataPort is { } p ? $", port {p}" : "")})"),
            (_, { NegativeLatencies: > 0 }) =>
                (LatencyVerdict.ClockTrouble, $"{r.NegativeLatencies} negative latenc{(r.NegativeLatencies == 1 ? "y" : "ies")}: order before its trigger"),
            (_, { TimestampsBackwards: > 0 }) =>
                (LatencyVerdict.ClockTrouble, $"capture timestamps go backwards {r.TimestampsBackwards} time(s)"),
            _ => (LatencyVerdict.Ok, (string?)null),
        };
    }

    /// <summary>One direction of a TCP connection.</summary>
    private readonly record struct FlowKey(uint SourceIp, ushort SourcePort, uint DestinationIp, ushort DestinationPort)
    {
        /// <summary>The same key for both directions.</summary>
        public FlowKey Canonical() =>
            (SourceIp, SourcePort).CompareTo((DestinationIp, DestinationPort)) <= 0
                ? this
                : new FlowKey(DestinationIp, DestinationPort, SourceIp, SourcePort);
    }

    private readonly record struct TriggerKey(int SessionId, ulong Sequence);

    private readonly record struct OrderRecord(TriggerKey Trigger, long TimeNs);

    /// <summary>The first sighting of a trigger message, and the packet (first sequence, count) that carried it then.</summary>
    private readonly record struct TriggerHit(long FirstTimeNs, ulong PacketSequence, ushort PacketCount);
}
