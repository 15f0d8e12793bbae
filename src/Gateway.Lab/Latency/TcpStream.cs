using Gateway.OrderEntry.Fix;

namespace Gateway.Lab.Latency;

/// <summary>Receives each FIX message framed from a TCP stream, with the time it was whole on the wire.</summary>
internal interface IFixMessageSink
{
    void OnMessage(ReadOnlySpan<byte> message, long completeTimeNs);
}

/// <summary>
/// One direction of one TCP connection, reassembled by sequence number and framed into FIX messages.
/// </summary>
/// <remarks>
/// <para>Positions are 64-bit offsets into the stream (0 is the first data byte), so sequence numbers
/// may wrap: a segment's offset is the expected offset plus the signed 32-bit distance of its sequence
/// number from the expected one.</para>
/// <para>Every byte keeps the capture time of the first segment that carried it: a segment is first
/// cut against what was delivered and what waits out of order, and only bytes never seen before are
/// kept (the rest are counted as retransmitted). A message's time is when its last missing byte was
/// first seen: the segment carrying its last byte, or, when an earlier byte came late, that one.</para>
/// <para>A hole that is still open when the capture ends (or when more than
/// <see cref="MaxPendingBytes"/> wait behind it) is declared: counted, the partial message before it
/// dropped, and framing resumes at the next "8=FIX" after it. Messages that straddled the hole are
/// lost and cannot be counted.</para>
/// </remarks>
internal sealed class TcpStream
{
    /// <summary>Bytes held out of order behind a hole before it is given up on (far more than any TCP window in practice).</summary>
    internal const int MaxPendingBytes = 64 << 20;

    private static ReadOnlySpan<byte> MessageStart => "8=FIX"u8;

    private readonly IFixMessageSink _sink;
    private readonly List<Piece> _pending = [];
    private readonly List<Chunk> _chunks = [];
    private byte[] _buffer = new byte[4096];
    private int _bufferLength;
    private long _bufferStart;
    private long _pendingBytes;
    private bool _started;
    private uint _baseSequence;
    private long _next;
    private bool _resync;

    public TcpStream(IFixMessageSink sink)
    {
        _sink = sink;
    }

    /// <summary>Sequence number of the SYN that opened the stream, when one was seen.</summary>
    public uint? SynSequence { get; private set; }

    public bool HasData => _started;

    public long RetransmittedBytes { get; private set; }

    public long OutOfOrderSegments { get; private set; }

    public long Holes { get; private set; }

    public long HoleBytes { get; private set; }

    /// <summary>Bytes that could not be framed: garbled, skipped to resynchronise after a hole, or a message the capture cut.</summary>
    public long UnframedBytes { get; private set; }

    /// <summary>Bytes skipped before the first "8=FIX" of a stream whose start the capture missed.</summary>
    public long SkippedLeadingBytes { get; private set; }

    public long Messages { get; private set; }

    /// <summary>True when <paramref name="synSequence"/> opens a new connection on this 4-tuple rather than repeating our SYN.</summary>
    public bool IsNewConnection(uint synSequence) => _started && SynSequence != synSequence;

    public void OnSegment(uint sequence, bool syn, ReadOnlySpan<byte> payload, long timeNs)
    {
        uint dataSequence = sequence;
        if (syn)
        {
            dataSequence++; // the SYN occupies one sequence number
            if (!_started)
            {
                SynSequence = sequence;
                Start(dataSequence, resync: false);
            }
        }

        if (payload.IsEmpty)
        {
            return; // pure ACK, window update, FIN or RST: no data (a FIN's sequence slot carries no byte)
        }

        if (!_started)
        {
            // The capture began inside the connection: take the first data byte seen as the start
            // and resynchronise on the first "8=FIX".
            Start(dataSequence, resync: true);
        }

        long start = _next + unchecked((int)(dataSequence - unchecked(_baseSequence + (uint)_next)));
        if (start > _next)
        {
            OutOfOrderSegments++;
        }

        Insert(start, payload, timeNs);
        Drain();
        if (_pendingBytes > MaxPendingBytes)
        {
            DeclareHole();
            Drain();
        }
    }

    /// <summary>The capture ended: declare the holes still open, frame what follows them, count the cut tail.</summary>
    public void Finish()
    {
        while (_pending.Count > 0)
        {
            DeclareHole();
            Drain();
        }

        UnframedBytes += _bufferLength;
        _bufferLength = 0;
    }

    private void Start(uint dataSequence, bool resync)
    {
        _started = true;
        _baseSequence = dataSequence;
        _next = 0;
        _bufferStart = 0;
        _resync = resync;
    }

    /// <summary>Keeps the bytes of [start, start+length) that neither the stream nor a waiting piece already holds.</summary>
    private void Insert(long start, ReadOnlySpan<byte> payload, long timeNs)
    {
        long end = start + payload.Length;
        long cur = Math.Max(start, _next);
        if (cur >= end)
        {
            RetransmittedBytes += payload.Length;
            return;
        }

        RetransmittedBytes += cur - start;
        int i = FirstEndingAfter(cur);
        while (cur < end)
        {
            if (i < _pending.Count && _pending[i].Start <= cur)
            {
                long covered = Math.Min(end, _pending[i].End);
                RetransmittedBytes += covered - cur;
                cur = covered;
                i++;
                continue;
            }

            long gapEnd = i < _pending.Count ? Math.Min(end, _pending[i].Start) : end;
            byte[] bytes = payload.Slice((int)(cur - start), (int)(gapEnd - cur)).ToArray();
            _pending.Insert(i, new Piece(cur, bytes, timeNs));
            _pendingBytes += bytes.Length;
            i++;
            cur = gapEnd;
        }
    }

    /// <summary>Index of the first waiting piece that ends after <paramref name="offset"/> (pieces are sorted and disjoint).</summary>
    private int FirstEndingAfter(long offset)
    {
        int lo = 0;
        int hi = _pending.Count;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (_pending[mid].End <= offset)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    private void Drain()
    {
        int taken = 0;
        while (taken < _pending.Count && _pending[taken].Start == _next)
        {
            Piece piece = _pending[taken++];
            _pendingBytes -= piece.Bytes.Length;
            Append(piece.Bytes, piece.TimeNs);
        }

        _pending.RemoveRange(0, taken);
    }

    /// <summary>Gives up on the bytes before the first waiting piece.</summary>
    private void DeclareHole()
    {
        long gap = _pending[0].Start - _next;
        Holes++;
        HoleBytes += gap;
        UnframedBytes += _bufferLength; // the message the hole cut
        _bufferLength = 0;
        _chunks.Clear();
        _next = _pending[0].Start;
        _bufferStart = _next;
        _resync = true;
    }

    private void Append(byte[] bytes, long timeNs)
    {
        if (_bufferLength + bytes.Length > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _bufferLength + bytes.Length));
        }

        bytes.CopyTo(_buffer, _bufferLength);
        _chunks.Add(new Chunk(_bufferStart + _bufferLength, timeNs));
        _bufferLength += bytes.Length;
        _next += bytes.Length;
        Frame();
    }

    private void Frame()
    {
        int consumed = 0;
        while (consumed < _bufferLength)
        {
            ReadOnlySpan<byte> rest = _buffer.AsSpan(consumed, _bufferLength - consumed);
            if (_resync)
            {
                int at = rest.IndexOf(MessageStart);
                // Keep a tail that may be the start of "8=FIX" split across segments.
                int skip = at >= 0 ? at : Math.Max(0, rest.Length - (MessageStart.Length - 1));
                if (Holes == 0)
                {
                    SkippedLeadingBytes += skip;
                }
                else
                {
                    UnframedBytes += skip;
                }

                consumed += skip;
                if (at < 0)
                {
                    break;
                }

                _resync = false;
                continue;
            }

            FixFrame frame = FixFramer.Next(rest);
            if (frame.Status == FixFrameStatus.NeedMore)
            {
                break;
            }

            if (frame.Status == FixFrameStatus.Complete)
            {
                Messages++;
                long at = _bufferStart + consumed;
                _sink.OnMessage(rest[..frame.Length], CompletionTime(at, at + frame.Length - 1));
            }
            else
            {
                UnframedBytes += frame.Length;
            }

            consumed += frame.Length;
        }

        if (consumed > 0)
        {
            Buffer.BlockCopy(_buffer, consumed, _buffer, 0, _bufferLength - consumed);
            _bufferLength -= consumed;
            _bufferStart += consumed;
            DropChunksBefore(_bufferStart);
        }
    }

    /// <summary>
    /// When the bytes [<paramref name="first"/>, <paramref name="last"/>] had all been seen: the latest
    /// first sighting among them. In order, that is the segment carrying the last byte; when a hole
    /// before the last byte filled later, it is the segment that filled it (only then could the
    /// receiver read the whole message).
    /// </summary>
    private long CompletionTime(long first, long last)
    {
        long time = long.MinValue;
        for (int i = _chunks.Count - 1; i >= 0; i--)
        {
            Chunk chunk = _chunks[i];
            if (chunk.Start <= last)
            {
                time = Math.Max(time, chunk.TimeNs);
            }

            if (chunk.Start <= first)
            {
                break;
            }
        }

        return time;
    }

    private void DropChunksBefore(long offset)
    {
        int drop = 0;
        while (drop + 1 < _chunks.Count && _chunks[drop + 1].Start <= offset)
        {
            drop++;
        }

        if (_bufferLength == 0)
        {
            drop = _chunks.Count;
        }

        _chunks.RemoveRange(0, drop);
    }

    /// <summary>Bytes received out of order, waiting for the hole before them to fill.</summary>
    private readonly record struct Piece(long Start, byte[] Bytes, long TimeNs)
    {
        public long End => Start + Bytes.Length;
    }

    /// <summary>Where bytes appended with one capture time start.</summary>
    private readonly record struct Chunk(long Start, long TimeNs);
}
