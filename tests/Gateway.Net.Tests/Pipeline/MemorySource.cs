using System.Runtime.InteropServices;
using Gateway.Interop;
using Gateway.Net.Sources;

namespace Gateway.Net.Tests.Pipeline;

/// <summary>
/// A packet source over frames held in native memory, to test the pump on its own. The real
/// sources have their own tests; this one follows the same contract (one batch outstanding,
/// Finished when drained).
/// </summary>
internal sealed unsafe class MemorySource : IPacketSource
{
    private readonly byte*[] _frames;
    private readonly int[] _lengths;
    private readonly ulong[] _timestamps;
    private int _next;
    private bool _outstanding;

    public MemorySource(IReadOnlyList<byte[]> frames, IReadOnlyList<ulong>? timestamps = null, LinkKind link = LinkKind.Ethernet)
    {
        _frames = new byte*[frames.Count];
        _lengths = new int[frames.Count];
        _timestamps = new ulong[frames.Count];
        for (int i = 0; i < frames.Count; i++)
        {
            _frames[i] = (byte*)NativeMemory.Alloc((nuint)Math.Max(frames[i].Length, 1));
            frames[i].CopyTo(new Span<byte>(_frames[i], frames[i].Length));
            _lengths[i] = frames[i].Length;
            _timestamps[i] = timestamps?[i] ?? (ulong)i;
        }

        Link = link;
    }

    public string Description => "memory";

    public LinkKind Link { get; }

    public SourceState State => _next == _frames.Length ? SourceState.Finished : SourceState.Active;

    public string? FailureMessage => null;

    public long ProgressBytes => _next;

    public long TotalBytes => _frames.Length;

    public int ReleasedBatches { get; private set; }

    public int Receive(PacketDescriptor* descriptors, int max)
    {
        if (_outstanding)
        {
            throw new InvalidOperationException("Receive called with a batch outstanding");
        }

        int n = Math.Min(max, _frames.Length - _next);
        for (int i = 0; i < n; i++)
        {
            descriptors[i] = new PacketDescriptor
            {
                Data = _frames[_next + i],
                Length = (uint)_lengths[_next + i],
                TimestampNs = _timestamps[_next + i],
            };
        }

        _next += n;
        _outstanding = n > 0;
        return n;
    }

    public void Release(PacketDescriptor* descriptors, int count)
    {
        _outstanding = false;
        ReleasedBatches++;
    }

    public void Dispose()
    {
        foreach (byte* frame in _frames)
        {
            NativeMemory.Free(frame);
        }
    }
}
