namespace Gateway.OrderEntry.Store;

/// <summary>
/// The flusher thread the session stores expect beside their session thread: every interval it
/// prepares the next journal segment (and takes the first-write page faults ahead of the writer)
/// and msyncs what was written, so the session thread never creates a file, faults a fresh page
/// or waits for the disk. Disposing it stops the thread and flushes once more; dispose it before
/// the stores. When a store's <see cref="FixSessionStore.StorageAlarm"/> goes up (the journal cannot
/// grow: disk nearly full, disk full), the flusher calls <c>onAlarm</c> once with the store's error,
/// on the flusher thread, so the session thread never formats or writes a log line for it.
/// </summary>
public sealed class FixStoreFlusher : IDisposable
{
    private readonly FixSessionStore[] _stores;
    private readonly Thread _thread;
    private readonly ManualResetEventSlim _stop = new();
    private readonly TimeSpan _interval;
    private readonly Action<FixSessionStore, string>? _onAlarm;
    private readonly long[] _alarmsSeen;
    private bool _disposed;

    public FixStoreFlusher(IReadOnlyList<FixSessionStore> stores, TimeSpan? interval = null, Action<FixSessionStore, string>? onAlarm = null)
    {
        ArgumentNullException.ThrowIfNull(stores);
        _stores = [.. stores];
        _onAlarm = onAlarm;
        _alarmsSeen = new long[_stores.Length];
        _interval = interval ?? TimeSpan.FromMilliseconds(100);
        if (_interval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(interval), interval, "must be positive");
        }

        _thread = new Thread(Run) { IsBackground = true, Name = "fix-store-flusher" };
        _thread.Start();
    }

    /// <summary>Flush rounds completed.</summary>
    public long Rounds { get; private set; }

    private void Run()
    {
        while (!_stop.Wait(_interval))
        {
            FlushAll();
        }
    }

    private void FlushAll()
    {
        for (int i = 0; i < _stores.Length; i++)
        {
            FixSessionStore store = _stores[i];
            store.PrepareNextSegment();
            store.Flush();
            long alarms = store.StorageAlarms;
            if (alarms != _alarmsSeen[i])
            {
                _alarmsSeen[i] = alarms;
                _onAlarm?.Invoke(store, store.LastStorageError ?? "journal cannot grow");
            }
        }

        Rounds++;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _stop.Set();
        _thread.Join();
        FlushAll();
        _stop.Dispose();
    }
}
