using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Gateway.Core;

namespace Gateway.OrderEntry.Store;

/// <summary>
/// The crash-safe store of one FIX session: its sequence numbers and every message it sent, kept in
/// memory-mapped files under <c>DIRECTORY/SESSION/</c> (<see cref="FixSessionId.DirectoryName"/>):
/// <list type="bullet">
/// <item><c>session.state</c>: next sender and target MsgSeqNum, creation time and journal epoch, in
/// two alternately written checksummed slots (<see cref="SessionStateFile"/>).</item>
/// <item><c>journal-EPOCH-INDEX.seg</c>: the sent messages, append-only, in preallocated segment
/// files (<see cref="JournalSegment"/>), indexed in memory by sequence number.</item>
/// </list>
/// <para><b>Durability.</b> Every write goes into a shared mapping, so it is in the page cache (and
/// survives <c>kill -9</c>) the moment it is stored; <see cref="Flush"/> (msync) makes it survive
/// power loss, and is meant for a flusher thread, never the critical path.</para>
/// <para><b>Ordering.</b> The session journals a message first (<see cref="Append"/>), then moves
/// <see cref="NextSenderSeqNum"/> past it. A crash between the two leaves the state one behind the
/// journal, so on open the store takes <c>max(state, last journaled + 1)</c>: a sequence number
/// that went out on the wire (it was journaled before being sent) is never reused. Messages not
/// journaled (admin messages a resend replaces with a gap fill) may leave gaps in the journal;
/// sequence numbers only have to increase within an epoch.</para>
/// <para><b>Threads.</b> One session thread calls everything except <see cref="Flush"/> and
/// <see cref="PrepareNextSegment"/>, which one flusher thread may call concurrently.
/// <see cref="Reset"/> and <see cref="Dispose"/> wait for a flush in progress.</para>
/// <para><b>Hot path.</b> <see cref="Append"/> and <see cref="TryGet"/> neither allocate nor make
/// system calls; the only exception is an append that crosses into a segment the flusher has not
/// prepared, which creates it (once per segment, cold).</para>
/// </summary>
public sealed unsafe partial class FixSessionStore : IDisposable
{
    public const string StateFileName = "session.state";
    public const string ArchiveDirectoryName = "archive";

    /// <summary>rwx------: the mode of the store's folders.</summary>
    internal const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>rw-------: the mode of the store's files.</summary>
    internal const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly FixStoreOptions _options;
    private readonly SessionStateFile _state;
    private readonly JournalSegment?[] _segments;
    private readonly long[] _failures = new long[(int)AppendResult.DiskNearlyFull + 1];
    private readonly object _segmentLock = new();
    private readonly int _maxMessageSize;

    // Writer state (session thread).
    private byte* _writeBase;
    private long _writeOffset;
    private long _writeLimit;
    private int _current = -1;
    private ulong _indexBase;
    private ulong _lastSequence;
    private ulong* _index;
    private readonly ulong _indexCapacity;

    // Shared with the flusher: segments [0, _mappedCount) are mapped; written under _segmentLock, read without.
    private int _mappedCount;
    private int _flushFrom;
    private bool _disposed;
    private volatile bool _storageAlarm;
    private long _storageAlarms;

    private FixSessionStore(string sessionDirectory, FixSessionId sessionId, FixStoreOptions options, SessionStateFile state)
    {
        SessionDirectory = sessionDirectory;
        SessionId = sessionId;
        _options = options;
        _state = state;
        _segments = new JournalSegment?[options.MaxSegments];
        _maxMessageSize = options.MaxMessageSize;
        _indexCapacity = (ulong)options.IndexCapacity;
        // calloc of a large block maps fresh zero pages: address space now, memory as the index grows.
        _index = (ulong*)NativeMemory.AllocZeroed((nuint)options.IndexCapacity, sizeof(ulong));
    }

    public FixSessionId SessionId { get; }

    /// <summary>The session's own directory (under the directory given to <see cref="Open"/>).</summary>
    public string SessionDirectory { get; }

    /// <summary>What opening found and repaired.</summary>
    public FixStoreRecovery Recovery { get; private set; }

    /// <summary>The MsgSeqNum of the next message this side sends. Setting it writes the state slot (no syscall).</summary>
    public ulong NextSenderSeqNum
    {
        get => _state.Current.NextSender;
        set => SetSequenceNumbers(value, _state.Current.NextTarget);
    }

    /// <summary>The MsgSeqNum expected on the next message from the counterparty.</summary>
    public ulong NextTargetSeqNum
    {
        get => _state.Current.NextTarget;
        set => SetSequenceNumbers(_state.Current.NextSender, value);
    }

    /// <summary>When the session (its current epoch) was created, UTC.</summary>
    public DateTime CreationTime => new(_state.Current.CreationTicks, DateTimeKind.Utc);

    /// <summary>Incremented by every <see cref="Reset"/>; journal files carry it in their names.</summary>
    public ulong Epoch => _state.Current.Epoch;

    /// <summary>Highest sequence number journaled in this epoch (0 when none).</summary>
    public ulong LastSequence => _lastSequence;

    /// <summary>Lowest sequence number journaled in this epoch (0 when none).</summary>
    public ulong FirstSequence => _lastSequence == 0 ? 0 : _indexBase;

    /// <summary>Segment files mapped for this epoch (the current one and any prepared ahead).</summary>
    public int SegmentCount => Volatile.Read(ref _mappedCount);

    /// <summary>Appends that failed, all reasons.</summary>
    public long FailedAppends { get; private set; }

    /// <summary>The message of the last failure to create a segment (disk nearly full, disk full, permissions) or to archive one, or null.</summary>
    public string? LastStorageError { get; private set; }

    /// <summary>
    /// Up while the journal cannot grow: the last attempt to create a segment failed (disk nearly
    /// full, disk full, permissions). Down again once a segment is created. Any thread may read it.
    /// </summary>
    public bool StorageAlarm => _storageAlarm;

    /// <summary>Times <see cref="StorageAlarm"/> went up (a condition that persists counts once).</summary>
    public long StorageAlarms => Volatile.Read(ref _storageAlarms);

    /// <summary>Archived files deleted by the archive's size and age bounds.</summary>
    public long ArchivePrunedFiles { get; private set; }

    /// <summary>Old journal files that could not be trimmed, archived or deleted (<see cref="LastStorageError"/> says why; retried at the next reset or open).</summary>
    public long ArchiveFailures { get; private set; }

    /// <summary>Appends that failed with <paramref name="reason"/>.</summary>
    public long Failures(AppendResult reason) => _failures[(int)reason];

    /// <summary>
    /// Opens (or creates) the store of <paramref name="sessionId"/> under <paramref name="directory"/>,
    /// recovering from a crash: a torn state slot falls back to the other slot, a torn last journal
    /// record is cut off, the next sender sequence is at least one past the last journaled message.
    /// Throws <see cref="FixStoreException"/> (with the path) when the directory cannot be used, the
    /// session is open in another process, or a file is corrupted beyond a torn tail.
    /// </summary>
    public static FixSessionStore Open(string directory, FixSessionId sessionId, FixStoreOptions? options = null)
    {
        options ??= new FixStoreOptions();
        options.Validate();
        string name = sessionId.DirectoryName;
        string sessionDirectory = Path.GetFullPath(Path.Combine(directory, name));
        try
        {
            // Sent orders and sequence numbers are nobody else's business: the store's folders are
            // 0700 and its files 0600 whatever the umask (a store root that already exists keeps its mode).
            if (!Directory.Exists(directory))
            {
                Directory.CreateDirectory(directory, OwnerOnlyDirectory);
            }

            Directory.CreateDirectory(sessionDirectory, OwnerOnlyDirectory);
            File.SetUnixFileMode(sessionDirectory, OwnerOnlyDirectory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new FixStoreException($"FIX store: cannot create session directory '{sessionDirectory}' ({e.Message})", sessionDirectory, e);
        }

        SessionStateFile state;
        string statePath = Path.Combine(sessionDirectory, StateFileName);
        try
        {
            state = SessionStateFile.OpenOrCreate(statePath, sessionId.ToString(), DateTime.UtcNow.Ticks);
        }
        catch (Exception e) when (e is (IOException or UnauthorizedAccessException) and not FixStoreException)
        {
            throw new FixStoreException($"FIX store: cannot open or create '{statePath}' ({e.Message})", statePath, e);
        }

        var store = new FixSessionStore(sessionDirectory, sessionId, options, state);
        try
        {
            store.OpenJournal();
            return store;
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    /// <summary>Sets both sequence numbers in one state write (one slot, one CRC).</summary>
    public void SetSequenceNumbers(ulong nextSender, ulong nextTarget)
    {
        if (nextSender == 0 || nextTarget == 0)
        {
            ThrowHelper.ArgumentOutOfRange(nextSender == 0 ? nameof(nextSender) : nameof(nextTarget), "FIX sequence numbers start at 1");
        }

        SessionState s = _state.Current;
        _state.Write(nextSender, nextTarget, s.CreationTicks, s.Epoch);
    }

    /// <summary>
    /// Journals <paramref name="message"/> as sequence <paramref name="sequence"/>, which must be above
    /// every sequence journaled in this epoch. Copies into the mapping; no allocation, no syscall.
    /// Failures are returned and counted, never thrown.
    /// </summary>
    public AppendResult Append(ulong sequence, ReadOnlySpan<byte> message)
    {
        int length = message.Length;
        long size = JournalSegment.RecordSize(length);
        ulong slot = sequence - _indexBase;
        if (sequence <= _lastSequence || (uint)(length - 1) >= (uint)_maxMessageSize
            || _writeOffset + size > _writeLimit || _lastSequence == 0 || slot >= _indexCapacity)
        {
            return AppendSlow(sequence, message);
        }

        Write(sequence, message, slot, size);
        return AppendResult.Ok;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Write(ulong sequence, ReadOnlySpan<byte> message, ulong slot, long size)
    {
        byte* record = _writeBase + _writeOffset;
        int length = message.Length;
        Unsafe.WriteUnaligned(record + 8, sequence);
        message.CopyTo(new Span<byte>(record + JournalSegment.RecordHeaderSize, length));
        Unsafe.WriteUnaligned(record + 4, JournalSegment.RecordCrc(record, length));
        // The length goes last: until it is stored the record reads as the end of the journal.
        Volatile.Write(ref *(uint*)record, (uint)length);
        _index[slot] = ((ulong)(uint)_current << 32) | (ulong)_writeOffset;
        _writeOffset += size;
        _lastSequence = sequence;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private AppendResult AppendSlow(ulong sequence, ReadOnlySpan<byte> message)
    {
        if (_disposed)
        {
            return Fail(AppendResult.Disposed);
        }

        if (sequence <= _lastSequence || sequence == 0)
        {
            return Fail(AppendResult.SequenceNotIncreasing);
        }

        if (message.Length == 0 || message.Length > _maxMessageSize)
        {
            return Fail(AppendResult.InvalidMessage);
        }

        ulong indexBase = _lastSequence == 0 ? sequence : _indexBase;
        ulong slot = sequence - indexBase;
        if (slot >= _indexCapacity)
        {
            return Fail(AppendResult.IndexFull);
        }

        long size = JournalSegment.RecordSize(message.Length);
        if (_writeOffset + size > _writeLimit)
        {
            AppendResult rolled = MoveToNextSegment();
            if (rolled != AppendResult.Ok)
            {
                return Fail(rolled);
            }
        }

        _indexBase = indexBase;
        Write(sequence, message, slot, size);
        return AppendResult.Ok;
    }

    private AppendResult Fail(AppendResult reason)
    {
        _failures[(int)reason]++;
        FailedAppends++;
        return reason;
    }

    /// <summary>Switches to the next segment: the one the flusher prepared, or a new one created here.</summary>
    private AppendResult MoveToNextSegment()
    {
        int next = _current + 1;
        if (next >= _segments.Length)
        {
            return AppendResult.JournalFull;
        }

        if (next >= Volatile.Read(ref _mappedCount))
        {
            lock (_segmentLock)
            {
                if (next >= _mappedCount)
                {
                    AppendResult created = TryCreateSegmentLocked(next);
                    if (created != AppendResult.Ok)
                    {
                        return created;
                    }
                }
            }
        }

        JournalSegment segment = _segments[next]!;
        _current = next;
        _writeBase = segment.Base;
        _writeOffset = JournalSegment.HeaderSize;
        _writeLimit = segment.Size;
        return AppendResult.Ok;
    }

    /// <summary>Creates segment <paramref name="index"/> of the current epoch, unless the disk is nearly full; raises or clears the alarm.</summary>
    private AppendResult TryCreateSegmentLocked(int index)
    {
        long size = _options.SegmentSizeFor(index);
        long free = _options.MinFreeDiskBytes > 0 ? AvailableDiskBytes(SessionDirectory) : -1;
        if (free >= 0 && free - size < _options.MinFreeDiskBytes)
        {
            RaiseAlarm(string.Create(CultureInfo.InvariantCulture,
                $"disk nearly full: journal segment {index} ({size >> 10:N0} KiB) in '{SessionDirectory}' would leave {Math.Max(0, free - size) >> 20:N0} MiB free, below the {_options.MinFreeDiskBytes >> 20:N0} MiB reserve; new segments refused until space is freed"));
            return AppendResult.DiskNearlyFull;
        }

        try
        {
            JournalSegment created = JournalSegment.Create(SessionDirectory, Epoch, index, size);
            _segments[index] = created;
            Volatile.Write(ref _mappedCount, index + 1);
            _storageAlarm = false;
            return AppendResult.Ok;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            RaiseAlarm($"cannot create journal segment {index} in '{SessionDirectory}': {e.Message}");
            return AppendResult.StorageError;
        }
    }

    private void RaiseAlarm(string error)
    {
        LastStorageError = error;
        if (!_storageAlarm)
        {
            _storageAlarm = true;
            Interlocked.Increment(ref _storageAlarms);
        }
    }

    /// <summary>Bytes an unprivileged writer may still use on the file system holding <paramref name="path"/> (statvfs f_bavail), or -1 when unknown.</summary>
    private static long AvailableDiskBytes(string path)
    {
        try
        {
            return new DriveInfo(path).AvailableFreeSpace;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return -1;
        }
    }

    /// <summary>
    /// The message journaled as <paramref name="sequence"/>, as a span into the mapping (valid until
    /// <see cref="Reset"/> or <see cref="Dispose"/>). False when it was never journaled in this epoch.
    /// </summary>
    public bool TryGet(ulong sequence, out ReadOnlySpan<byte> message)
    {
        ulong slot = sequence - _indexBase;
        if (sequence > _lastSequence || sequence < _indexBase || slot >= _indexCapacity || _index == null)
        {
            message = default;
            return false;
        }

        ulong entry = _index[slot];
        if (entry == 0)
        {
            message = default;
            return false;
        }

        byte* record = _segments[(int)(entry >> 32)]!.Base + (uint)entry;
        message = new ReadOnlySpan<byte>(record + JournalSegment.RecordHeaderSize, (int)*(uint*)record);
        return true;
    }

    /// <summary>
    /// Calls <paramref name="visitor"/> for every journaled message from <paramref name="from"/> to
    /// <paramref name="to"/> inclusive, in order (<paramref name="to"/> = 0 means "to the last", as
    /// EndSeqNo 0 does in a ResendRequest); gaps are skipped. Returns the number of messages visited.
    /// </summary>
    public int GetRange<TVisitor>(ulong from, ulong to, ref TVisitor visitor)
        where TVisitor : struct, IStoredMessageVisitor
    {
        if (_lastSequence == 0)
        {
            return 0;
        }

        ulong last = to == 0 || to > _lastSequence ? _lastSequence : to;
        int visited = 0;
        for (ulong seq = Math.Max(from, _indexBase); seq <= last; seq++)
        {
            if (TryGet(seq, out ReadOnlySpan<byte> message))
            {
                visited++;
                if (!visitor.Visit(seq, message))
                {
                    break;
                }
            }
        }

        return visited;
    }

    /// <summary>
    /// msync of the state page and of every segment written since the last flush. For the flusher
    /// thread: it blocks for as long as the disk takes.
    /// </summary>
    public void Flush()
    {
        lock (_segmentLock)
        {
            if (_disposed)
            {
                return;
            }

            // _current may move on while we flush; a segment it left is flushed whole now or next time.
            int current = Math.Min(Volatile.Read(ref _current), _mappedCount - 1);
            for (int i = _flushFrom; i <= current; i++)
            {
                _segments[i]?.Flush();
            }

            _flushFrom = Math.Max(current, 0);
            _state.Flush();
        }
    }

    /// <summary>
    /// Creates the segment after the current one if it does not exist yet, so the session thread
    /// switches to it without a system call, and takes the first-write page faults of the next
    /// <see cref="FixStoreOptions.PrefaultBytes"/> of the journal (measured at several microseconds
    /// a page on ext4, where the first write into a preallocated extent converts it) off the
    /// session thread. For the flusher thread. False when the segment set is
    /// complete or creation failed (<see cref="LastStorageError"/>).
    /// </summary>
    public bool PrepareNextSegment()
    {
        lock (_segmentLock)
        {
            if (_disposed)
            {
                return false;
            }

            int current = Volatile.Read(ref _current);
            if (current >= 0 && current < _mappedCount)
            {
                JournalSegment segment = _segments[current]!;
                long offset = Volatile.Read(ref _writeOffset);
                segment.Prefault(offset, offset + _options.PrefaultBytes);
            }

            int next = current + 1;
            if (next >= _mappedCount && (next >= _segments.Length || TryCreateSegmentLocked(next) != AppendResult.Ok))
            {
                return false;
            }

            _segments[next]!.Prefault(0, _options.PrefaultBytes);
            return true;
        }
    }

    /// <summary>
    /// Starts a new epoch (ResetOnLogon, SequenceReset-Reset): both sequence numbers back to 1, a new
    /// creation time, an empty journal. The switch is one state-slot write, so a crash at any point
    /// leaves either the old session or the new one; the old journal is then trimmed to what was
    /// written and archived (or deleted, <see cref="FixStoreOptions.ArchiveOnReset"/>), and the
    /// archive pruned (<see cref="FixStoreOptions"/>, disk policy). Never throws for want of disk:
    /// when the new epoch's first segment cannot be created, the first append says why.
    /// Spans from <see cref="TryGet"/> become invalid.
    /// </summary>
    public void Reset()
    {
        lock (_segmentLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            SessionState old = _state.Current;
            _state.Write(1, 1, DateTime.UtcNow.Ticks, old.Epoch + 1);
            _state.Flush();
            CloseSegmentsLocked();
            ClearIndex();
            _lastSequence = 0;
            _indexBase = 0;
            RetireStaleJournalFiles(Epoch);
            if (TryCreateSegmentLocked(0) == AppendResult.Ok)
            {
                UseSegmentZero();
            }
        }
    }

    public void Dispose()
    {
        lock (_segmentLock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            CloseSegmentsLocked();
            _state.Dispose();
            NativeMemory.Free(_index);
            _index = null;
            _indexBase = 0;
            _lastSequence = 0;
        }
    }

    private void CloseSegmentsLocked()
    {
        for (int i = 0; i < _segments.Length; i++)
        {
            _segments[i]?.Dispose();
            _segments[i] = null;
        }

        Volatile.Write(ref _mappedCount, 0);
        _current = -1;
        _flushFrom = 0;
        _writeBase = null;
        _writeOffset = 0;
        _writeLimit = 0;
    }

    private void ClearIndex()
    {
        if (_lastSequence != 0)
        {
            NativeMemory.Clear(_index, (nuint)(_lastSequence - _indexBase + 1) * sizeof(ulong));
        }
    }

    private void UseSegmentZero()
    {
        JournalSegment segment = _segments[0]!;
        _current = 0;
        _writeBase = segment.Base;
        _writeOffset = JournalSegment.HeaderSize;
        _writeLimit = segment.Size;
    }
}

/// <summary>What <see cref="FixSessionStore.Open"/> found: messages recovered and what it repaired.</summary>
/// <param name="Messages">Records found in the journal of the current epoch.</param>
/// <param name="TruncatedTailAt">Where a torn last record was cut off ("file@offset"), or null.</param>
/// <param name="SenderSeqNumRaised">The state's next sender sequence was behind the journal and was raised to last journaled + 1.</param>
/// <param name="ArchivedFiles">Journal files of other epochs (a Reset interrupted by a crash) moved away.</param>
public readonly record struct FixStoreRecovery(long Messages, string? TruncatedTailAt, bool SenderSeqNumRaised, int ArchivedFiles);
