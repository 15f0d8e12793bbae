using BenchmarkDotNet.Attributes;
using Gateway.OrderEntry.Store;

namespace Gateway.Benchmarks;

/// <summary>
/// The FIX message store on the session thread (issue 4): journaling a 200-byte message into the
/// memory-mapped segment, the same plus the state-slot update the session does after it, and a
/// lookup for a resend. The journal runs in a real directory; when its segment set fills, the
/// benchmark resets it (once per ~1.2 M appends, amortised into the figure like segment creation).
/// <see cref="Flusher"/> says whether a flusher thread runs beside it as in the gateway (msync,
/// next segment prepared, first-write page faults taken ahead of the writer) or not (every page
/// fault lands on the appending thread).
/// </summary>
[MemoryDiagnoser]
public class StoreBenchmarks
{
    private string _directory = "";
    private FixSessionStore _store = null!;
    private byte[] _message = [];
    private ulong _sequence;
    private Thread? _flusher;
    private volatile bool _stop;

    [Params(true, false)]
    public bool Flusher { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "gw-store-bench-" + Environment.ProcessId);
        _store = FixSessionStore.Open(_directory, new FixSessionId("FIX.4.4", "GATEWAY", "VENUE"), new FixStoreOptions
        {
            SegmentSize = 64L << 20,
            MaxSegments = 4,
            ArchiveOnReset = false,
        });
        _message = new byte[200];
        for (int i = 0; i < _message.Length; i++)
        {
            _message[i] = (byte)('0' + (i % 10));
        }

        _sequence = _store.NextSenderSeqNum;
        if (Flusher)
        {
            _flusher = new Thread(() =>
            {
                while (!_stop)
                {
                    _store.Flush();
                    _store.PrepareNextSegment();
                    Thread.Sleep(1);
                }
            })
            { IsBackground = true };
            _flusher.Start();
        }

        for (int i = 0; i < 100_000 && Append() == AppendResult.Ok; i++)
        {
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _stop = true;
        _flusher?.Join();
        _store.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark]
    public AppendResult Append()
    {
        AppendResult r = _store.Append(_sequence, _message);
        if (r == AppendResult.JournalFull)
        {
            _store.Reset();
            _sequence = 1;
            r = _store.Append(_sequence, _message);
        }

        _sequence++;
        return r;
    }

    [Benchmark]
    public AppendResult AppendAndSetSequence()
    {
        AppendResult r = Append();
        _store.SetSequenceNumbers(_sequence, 1);
        return r;
    }

    [Benchmark]
    public int TryGet()
    {
        ulong seq = _store.FirstSequence + ((_sequence * 7919) % (_store.LastSequence - _store.FirstSequence + 1));
        return _store.TryGet(seq, out ReadOnlySpan<byte> m) ? m.Length : -1;
    }
}
