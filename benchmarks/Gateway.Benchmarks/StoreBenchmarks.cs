using BenchmarkDotNet.Attributes;
using Gateway.OrderEntry.Store;

namespace Gateway.Benchmarks;

/// <summary>
/// The FIX message store on the session thread (issue 4), as the gateway runs it: the flusher
/// thread has already taken the first-write page faults of the journal ahead of the writer (each
/// iteration starts from a Reset store whose first segment is prefaulted), so this is the cost the
/// critical path pays per message: journaling a 200-byte message, the same plus the state-slot
/// update the session does after it, and a lookup for a resend.
/// </summary>
[MemoryDiagnoser]
[InvocationCount(InvocationsPerIteration)]
public class StoreBenchmarks
{
    // 200,000 records of 216 bytes: 43 MB, inside one prefaulted 64 MiB segment.
    private const int InvocationsPerIteration = 200_000;

    private string _directory = "";
    private FixSessionStore _store = null!;
    private byte[] _message = [];
    private ulong _sequence;

    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "gw-store-bench-" + Environment.ProcessId);
        _store = FixSessionStore.Open(_directory, new FixSessionId("FIX.4.4", "GATEWAY", "VENUE"), new FixStoreOptions
        {
            SegmentSize = 64L << 20,
            MaxSegments = 4,
            ArchiveOnReset = false,
            PrefaultBytes = 64L << 20,
        });
        _message = StoreMessage.Make();
    }

    [IterationSetup]
    public void Fresh()
    {
        _store.Reset();
        _store.PrepareNextSegment(); // prefaults segment 0 from the write position, and segment 1
        for (_sequence = 1; _sequence <= 1000; _sequence++)
        {
            _store.Append(_sequence, _message);
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _store.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark]
    public AppendResult Append() => _store.Append(_sequence++, _message);

    [Benchmark]
    public AppendResult AppendAndSetSequence()
    {
        AppendResult r = _store.Append(_sequence, _message);
        _sequence++;
        _store.SetSequenceNumbers(_sequence, 1);
        return r;
    }

    [Benchmark]
    public int TryGet()
    {
        ulong seq = 1 + ((_sequence++ * 7919) % 1000);
        return _store.TryGet(seq, out ReadOnlySpan<byte> m) ? m.Length : -1;
    }
}

/// <summary>
/// Appending without end, so the journal's pages are new all the time: with no flusher every
/// first-write page fault lands on the appending thread; with one it races ahead of the writer.
/// At ~200 B a message this writes hundreds of MB/s, so the figure is bounded by the page cache and
/// the disk's writeback, not by the store's code: a sustained-throughput ceiling, not a latency.
/// </summary>
[MemoryDiagnoser]
public class StoreSustainedBenchmarks
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
        _directory = Path.Combine(Path.GetTempPath(), "gw-store-sustained-" + Environment.ProcessId);
        _store = FixSessionStore.Open(_directory, new FixSessionId("FIX.4.4", "GATEWAY", "VENUE"), new FixStoreOptions
        {
            SegmentSize = 64L << 20,
            MaxSegments = 4,
            ArchiveOnReset = false,
        });
        _message = StoreMessage.Make();
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
    public AppendResult AppendSustained()
    {
        AppendResult r = _store.Append(_sequence, _message);
        if (r == AppendResult.JournalFull)
        {
            // Once per ~1.2 M appends: a new epoch, amortised into the figure.
            _store.Reset();
            _sequence = 1;
            r = _store.Append(_sequence, _message);
        }

        _sequence++;
        return r;
    }
}

internal static class StoreMessage
{
    /// <summary>A 200-byte stand-in for an encoded NewOrderSingle (the store treats messages as opaque bytes).</summary>
    public static byte[] Make()
    {
        var m = new byte[200];
        for (int i = 0; i < m.Length; i++)
        {
            m[i] = (byte)('0' + (i % 10));
        }

        return m;
    }
}
