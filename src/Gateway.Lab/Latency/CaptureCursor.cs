using Gateway.Interop;
using Gateway.Net.Capture;

namespace Gateway.Lab.Latency;

/// <summary>
/// One capture read a packet at a time, so several can be merged by timestamp. Keeps the capture's
/// clock facts as it goes: timestamps that step backwards and the smallest nonzero step.
/// </summary>
internal sealed unsafe class CaptureCursor : IDisposable
{
    private readonly CaptureFileSource _source;
    private readonly PacketDescriptor[] _descriptor = new PacketDescriptor[1];
    private readonly bool _trackClock;
    private bool _holding;
    private long _previousNs;
    private bool _hasPrevious;

    /// <exception cref="Net.Sources.PacketSourceException">Not a capture, or a link type that cannot be read.</exception>
    /// <param name="summary">Null on the first pass: the cursor makes the summary and keeps the clock facts in it.</param>
    public CaptureCursor(string path, CaptureSummary? summary)
    {
        _source = CaptureFile.Open(path);
        if (_source.Format == CaptureFormat.NasdaqBinaryFile)
        {
            _source.Dispose();
            throw new Net.Sources.PacketSourceException($"{path} is a NASDAQ BinaryFILE: it has no timestamps and no orders; give a pcap or pcapng capture");
        }

        _trackClock = summary is null;
        Summary = summary ?? new CaptureSummary(path, _source.Format == CaptureFormat.PcapNg ? "pcapng" : "pcap");
    }

    public CaptureSummary Summary { get; }

    /// <summary>The packet in hand (valid until the next <see cref="Advance"/>).</summary>
    public ReadOnlySpan<byte> Frame => _descriptor[0].Span;

    public long TimeNs => (long)_descriptor[0].TimestampNs;

    public bool HasPacket => _holding;

    /// <summary>Moves to the next packet; false at the end of the capture (or where it breaks off).</summary>
    public bool Advance()
    {
        fixed (PacketDescriptor* d = _descriptor)
        {
            if (_holding)
            {
                _source.Release(d, 1);
                _holding = false;
            }

            if (_source.Receive(d, 1) == 1)
            {
                _holding = true;
                if (_trackClock)
                {
                    Observe(TimeNs);
                }

                return true;
            }
        }

        Finish();
        return false;
    }

    private void Observe(long timeNs)
    {
        Summary.Packets++;
        if (_hasPrevious)
        {
            long step = timeNs - _previousNs;
            if (step < 0)
            {
                Summary.BackwardSteps++;
            }
            else if (step > 0 && (Summary.MinStepNs is null || step < Summary.MinStepNs))
            {
                Summary.MinStepNs = step;
            }
        }

        _previousNs = timeNs;
        _hasPrevious = true;
    }

    private void Finish()
    {
        if (!_trackClock)
        {
            return;
        }

        Summary.ResolutionNs = _source.TimestampResolutionNs;
        if (_source.State == Net.Sources.SourceState.Failed)
        {
            if (_source.FailedOnTruncation)
            {
                Summary.Truncated = true;
            }
            else
            {
                Summary.Failure = _source.FailureMessage;
            }
        }
    }

    public void Dispose()
    {
        if (_holding)
        {
            fixed (PacketDescriptor* d = _descriptor)
            {
                _source.Release(d, 1);
            }

            _holding = false;
        }

        _source.Dispose();
    }
}
