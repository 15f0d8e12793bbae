using System.Text;
using Gateway.OrderEntry.Store;

namespace Gateway.OrderEntry.Tests.Store;

public class FixSessionStoreTests
{
    private static readonly FixStoreOptions s_small = new() { SegmentSize = 64 << 10, MaxSegments = 8, MaxMessageSize = 4096 };

    [Fact]
    public void Session_directory_names_are_escaped_and_distinct()
    {
        Assert.Equal("FIX.4.4-GATEWAY-VENUE", new FixSessionId("FIX.4.4", "GATEWAY", "VENUE").DirectoryName);
        Assert.Equal("FIX.4.4-..%2F..%2Fetc-X", new FixSessionId("FIX.4.4", "../../etc", "X").DirectoryName);
        Assert.Equal("FIX.4.4-A%2DB-C", new FixSessionId("FIX.4.4", "A-B", "C").DirectoryName);
        Assert.NotEqual(new FixSessionId("FIX.4.4", "A-B", "C").DirectoryName, new FixSessionId("FIX.4.4", "A", "B-C").DirectoryName);
        Assert.Equal("FIX.4.4-%C3%A9-%25", new FixSessionId("FIX.4.4", "é", "%").DirectoryName);
        Assert.Throws<ArgumentException>(() => new FixSessionId("FIX.4.4", "", "VENUE").DirectoryName);
        Assert.Throws<ArgumentException>(() => new FixSessionId("FIX.4.4", new string('/', 80), "VENUE").DirectoryName);
    }

    [Fact]
    public void New_store_starts_at_one_and_keeps_messages_and_sequences_across_reopen()
    {
        using var dir = new StoreTempDir();
        DateTime created;
        using (FixSessionStore store = FixSessionStore.Open(dir.Path, StorePattern.Session, s_small))
        {
            Assert.Equal(1UL, store.NextSenderSeqNum);
            Assert.Equal(1UL, store.NextTargetSeqNum);
            Assert.Equal(1UL, store.Epoch);
            created = store.CreationTime;
            Assert.InRange((DateTime.UtcNow - created).TotalSeconds, 0, 60);
            for (ulong seq = 1; seq <= 100; seq++)
            {
                Assert.Equal(AppendResult.Ok, store.Append(seq, StorePattern.Message(seq)));
                store.NextSenderSeqNum = seq + 1;
            }

            store.NextTargetSeqNum = 42;
            Assert.True(store.TryGet(57, out ReadOnlySpan<byte> m));
            Assert.True(m.SequenceEqual(StorePattern.Message(57)));
        }

        using (FixSessionStore store = FixSessionStore.Open(dir.Path, StorePattern.Session, s_small))
        {
            Assert.Equal(101UL, store.NextSenderSeqNum);
            Assert.Equal(42UL, store.NextTargetSeqNum);
            Assert.Equal(created, store.CreationTime);
            Assert.Equal(100, store.Recovery.Messages);
            Assert.Null(store.Recovery.TruncatedTailAt);
            Assert.False(store.Recovery.SenderSeqNumRaised);
            Assert.Equal(1UL, store.FirstSequence);
            Assert.Equal(100UL, store.LastSequence);
            for (ulong seq = 1; seq <= 100; seq++)
            {
                Assert.True(store.TryGet(seq, out ReadOnlySpan<byte> m));
                Assert.True(m.SequenceEqual(StorePattern.Message(seq)), $"message {seq}");
            }

            Assert.False(store.TryGet(0, out _));
            Assert.False(store.TryGet(101, out _));
            Assert.Equal(AppendResult.Ok, store.Append(101, StorePattern.Message(101)));
            Assert.True(store.TryGet(101, out _));
        }
    }

    [Fact]
    public void Sender_sequence_is_raised_past_the_journal_when_the_state_lags()
    {
        using var dir = new StoreTempDir();
        using (FixSessionStore store = FixSessionStore.Open(dir.Path, StorePattern.Session, s_small))
        {
            for (ulong seq = 1; seq <= 10; seq++)
            {
                Assert.Equal(AppendResult.Ok, store.Append(seq, StorePattern.Message(seq)));
            }

            store.NextSenderSeqNum = 7; // the crash came between journaling 7..10 and moving the counter
        }

        using (FixSessionStore store = FixSessionStore.Open(dir.Path, StorePattern.Session, s_small))
        {
            Assert.True(store.Recovery.SenderSeqNumRaised);
            Assert.Equal(11UL, store.NextSenderSeqNum);
        }

        using (FixSessionStore store = FixSessionStore.Open(dir.Path, StorePattern.Session, s_small))
        {
            Assert.False(store.Recovery.SenderSeqNumRaised); // the raise was persisted
            Assert.Equal(11UL, store.NextSenderSeqNum);
        }
    }

    [Fact]
    public void Gaps_are_allowed_sequences_must_increase_and_bad_messages_are_counted()
    {
        using var dir = new StoreTempDir();
        using FixSessionStore store = FixSessionStore.Open(dir.Path, StorePattern.Session, s_small);
        Assert.Equal(AppendResult.Ok, store.Append(5, "five"u8));
        Assert.Equal(AppendResult.Ok, store.Append(9, "nine"u8));
        Assert.Equal(AppendResult.SequenceNotIncreasing, store.Append(9, "again"u8));
        Assert.Equal(AppendResult.SequenceNotIncreasing, store.Append(3, "back"u8));
        Assert.Equal(AppendResult.InvalidMessage, store.Append(10, ReadOnlySpan<byte>.Empty));
        Assert.Equal(AppendResult.InvalidMessage, store.Append(10, new byte[4097]));
        Assert.Equal(AppendResult.Ok, store.Append(10, new byte[4096]));
        Assert.Equal(4, store.FailedAppends);
        Assert.Equal(2, store.Failures(AppendResult.SequenceNotIncreasing));
        Assert.Equal(2, store.Failures(AppendResult.InvalidMessage));
        Assert.Equal(5UL, store.FirstSequence);
        Assert.False(store.TryGet(4, out _));
        Assert.False(store.TryGet(7, out _));
        Assert.True(store.TryGet(9, out ReadOnlySpan<byte> nine));
        Assert.Equal("nine", Encoding.ASCII.GetString(nine));

        var visitor = new Collect();
        Assert.Equal(3, store.GetRange(1, 0, ref visitor));
        Assert.Equal([5UL, 9UL, 10UL], visitor.Sequences);
        visitor = new Collect();
        Assert.Equal(1, store.GetRange(6, 9, ref visitor));
        Assert.Equal([9UL], visitor.Sequences);
        visitor = new Collect { StopAfter = 1 };
        Assert.Equal(1, store.GetRange(1, 100, ref visitor));
    }

    [Fact]
    public void Messages_roll_over_segments_and_a_full_segment_set_is_an_error_result()
    {
        using var dir = new StoreTempDir();
        var options = s_small with { MaxSegments = 3 };
        ulong seq = 0;
        using (FixSessionStore store = FixSessionStore.Open(dir.Path, StorePattern.Session, options))
        {
            AppendResult r;
            while ((r = store.Append(++seq, StorePattern.Message(seq))) == AppendResult.Ok)
            {
            }

            Assert.Equal(AppendResult.JournalFull, r);
            Assert.Equal(3, store.SegmentCount);
            Assert.Equal(1, store.Failures(AppendResult.JournalFull));
            Assert.Equal(AppendResult.JournalFull, store.Append(seq, new byte[4096]));
            Assert.Equal(2, store.FailedAppends);
            Assert.True(seq > 3 * (64 << 10) / 400, $"only {seq} messages in 3 segments");
            for (ulong s = 1; s < seq; s++)
            {
                Assert.True(store.TryGet(s, out ReadOnlySpan<byte> m) && m.SequenceEqual(StorePattern.Message(s)), $"message {s}");
            }
        }

        using (FixSessionStore store = FixSessionStore.Open(dir.Path, StorePattern.Session, options))
        {
            Assert.Equal(seq - 1, store.LastSequence);
            Assert.Equal(AppendResult.JournalFull, store.Append(seq, new byte[4096]));
            Assert.Equal(seq - 1, (ulong)store.Recovery.Messages);
            Assert.True(store.TryGet(seq - 1, out ReadOnlySpan<byte> m) && m.SequenceEqual(StorePattern.Message(seq - 1)));
        }
    }

    [Fact]
    public void Prepared_segments_are_used_in_turn_and_flush_runs_beside_appends()
    {
        using var dir = new StoreTempDir();
        using FixSessionStore store = FixSessionStore.Open(dir.Path, StorePattern.Session, s_small with { MaxSegments = 64 });
        Assert.True(store.PrepareNextSegment());
        Assert.Equal(2, store.SegmentCount);
        using var stop = new CancellationTokenSource();
        var flusher = new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                store.Flush();
                store.PrepareNextSegment();
            }
        });
        flusher.Start();
        for (ulong seq = 1; seq <= 20_000; seq++)
        {
            Assert.Equal(AppendResult.Ok, store.Append(seq, StorePattern.Message(seq)));
            store.NextSenderSeqNum = seq + 1;
        }

        stop.Cancel();
        flusher.Join();
        Assert.Equal(0, store.FailedAppends);
        for (ulong seq = 1; seq <= 20_000; seq++)
        {
            Assert.True(store.TryGet(seq, out ReadOnlySpan<byte> m) && m.SequenceEqual(StorePattern.Message(seq)), $"message {seq}");
        }
    }

    [Fact]
    public void Index_capacity_is_an_error_result()
    {
        using var dir = new StoreTempDir();
        using FixSessionStore store = FixSessionStore.Open(dir.Path, StorePattern.Session, s_small with { IndexCapacity = 10 });
        Assert.Equal(AppendResult.Ok, store.Append(100, "a"u8));
        Assert.Equal(AppendResult.Ok, store.Append(109, "b"u8));
        Assert.Equal(AppendResult.IndexFull, store.Append(110, "c"u8));
        Assert.Equal(1, store.Failures(AppendResult.IndexFull));
    }

    [Fact]
    public void Reset_starts_a_new_epoch_and_archives_the_old_journal()
    {
        using var dir = new StoreTempDir();
        string session = Path.Combine(dir.Path, StorePattern.Session.DirectoryName);
        using (FixSessionStore store = FixSessionStore.Open(dir.Path, StorePattern.Session, s_small))
        {
            for (ulong seq = 1; seq <= 300; seq++)
            {
                Assert.Equal(AppendResult.Ok, store.Append(seq, StorePattern.Message(seq)));
            }

            store.SetSequenceNumbers(301, 77);
            DateTime before = store.CreationTime;
            Thread.Sleep(2);
            store.Reset();
            Assert.Equal(2UL, store.Epoch);
            Assert.Equal(1UL, store.NextSenderSeqNum);
            Assert.Equal(1UL, store.NextTargetSeqNum);
            Assert.True(store.CreationTime > before);
            Assert.Equal(0UL, store.LastSequence);
            Assert.False(store.TryGet(1, out _));
            Assert.Equal(AppendResult.Ok, store.Append(1, "new"u8));
            store.NextSenderSeqNum = 2;
        }

        Assert.True(File.Exists(Path.Combine(session, "archive", "journal-0000000001-000000.seg")));
        Assert.True(File.Exists(Path.Combine(session, "journal-0000000002-000000.seg")));
        Assert.False(File.Exists(Path.Combine(session, "journal-0000000001-000000.seg")));
        using (FixSessionStore store = FixSessionStore.Open(dir.Path, StorePattern.Session, s_small))
        {
            Assert.Equal(2UL, store.Epoch);
            Assert.Equal(2UL, store.NextSenderSeqNum);
            Assert.Equal(1, store.Recovery.Messages);
            Assert.True(store.TryGet(1, out ReadOnlySpan<byte> m));
            Assert.Equal("new", Encoding.ASCII.GetString(m));
        }
    }

    [Fact]
    public void Reset_without_archive_deletes_and_a_stale_epoch_left_by_a_crash_is_cleared_on_open()
    {
        using var dir = new StoreTempDir();
        string session = Path.Combine(dir.Path, StorePattern.Session.DirectoryName);
        var options = s_small with { ArchiveOnReset = false };
        using (FixSessionStore store = FixSessionStore.Open(dir.Path, StorePattern.Session, options))
        {
            Assert.Equal(AppendResult.Ok, store.Append(1, "one"u8));
            store.Reset();
        }

        Assert.False(Directory.Exists(Path.Combine(session, "archive")));
        Assert.Single(Directory.GetFiles(session, "journal-*.seg"));

        // As if a crash came after Reset's state write and before the old files were moved.
        File.Copy(Path.Combine(session, "journal-0000000002-000000.seg"), Path.Combine(session, "journal-0000000001-000000.seg"));
        File.WriteAllBytes(Path.Combine(session, "journal-0000000002-000001.seg.tmp"), [1, 2, 3]);
        using (FixSessionStore store = FixSessionStore.Open(dir.Path, StorePattern.Session, options))
        {
            Assert.Equal(1, store.Recovery.ArchivedFiles);
        }

        Assert.Equal([Path.Combine(session, "journal-0000000002-000000.seg")], Directory.GetFiles(session, "journal-*"));
    }

    [Fact]
    public void A_second_open_of_the_same_session_fails_while_the_first_holds_it()
    {
        using var dir = new StoreTempDir();
        using FixSessionStore first = FixSessionStore.Open(dir.Path, StorePattern.Session, s_small);
        var e = Assert.Throws<FixStoreException>(() => FixSessionStore.Open(dir.Path, StorePattern.Session, s_small));
        Assert.Contains(StorePattern.StateFile(dir.Path), e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_directory_is_a_clear_exception_with_the_path()
    {
        using var dir = new StoreTempDir();
        string file = Path.Combine(dir.Path, "plain-file");
        File.WriteAllText(file, "not a directory");
        var e = Assert.Throws<FixStoreException>(() => FixSessionStore.Open(file, StorePattern.Session, s_small));
        Assert.Contains(file, e.Message, StringComparison.Ordinal);
        Assert.NotNull(e.Path);
    }

    [Fact]
    public void Another_sessions_state_file_is_refused()
    {
        using var dir = new StoreTempDir();
        using (FixSessionStore.Open(dir.Path, StorePattern.Session, s_small))
        {
        }

        var other = new FixSessionId("FIX.4.4", "OTHER", "VENUE");
        string otherDir = Path.Combine(dir.Path, other.DirectoryName);
        Directory.CreateDirectory(otherDir);
        File.Copy(StorePattern.StateFile(dir.Path), Path.Combine(otherDir, FixSessionStore.StateFileName));
        var e = Assert.Throws<FixStoreException>(() => FixSessionStore.Open(dir.Path, other, s_small));
        Assert.Contains("belongs to session FIX.4.4:GATEWAY->VENUE", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Disposed_store_refuses_appends_and_lookups()
    {
        using var dir = new StoreTempDir();
        FixSessionStore store = FixSessionStore.Open(dir.Path, StorePattern.Session, s_small);
        Assert.Equal(AppendResult.Ok, store.Append(1, "a"u8));
        store.Dispose();
        Assert.Equal(AppendResult.Disposed, store.Append(2, "b"u8));
        Assert.False(store.TryGet(1, out _));
        store.Flush();
        store.Dispose();
    }

    private struct Collect : IStoredMessageVisitor
    {
        public Collect()
        {
        }

        public List<ulong> Sequences { get; } = [];

        public int StopAfter { get; init; } = int.MaxValue;

        public bool Visit(ulong sequence, ReadOnlySpan<byte> message)
        {
            Sequences.Add(sequence);
            return Sequences.Count < StopAfter;
        }
    }
}

public sealed class FixStoreFlusherTests
{
    [Fact]
    public void Flusher_prepares_the_next_segment_off_the_session_thread_and_flushes_on_dispose()
    {
        using var dir = new StoreTempDir();
        using FixSessionStore store = FixSessionStore.Open(dir.Path, StorePattern.Session, new FixStoreOptions { SegmentSize = 1 << 20, MaxSegments = 8, PrefaultBytes = 0 });
        Assert.Equal(1, store.SegmentCount);
        var flusher = new FixStoreFlusher([store], TimeSpan.FromMilliseconds(5));
        var sw = System.Diagnostics.Stopwatch.StartNew();
        while (store.SegmentCount < 2 && sw.Elapsed < TimeSpan.FromSeconds(10))
        {
            Thread.Sleep(5);
        }

        Assert.Equal(2, store.SegmentCount);
        Assert.Equal(AppendResult.Ok, store.Append(1, StorePattern.Message(1)));
        flusher.Dispose();
        flusher.Dispose();
        Assert.True(flusher.Rounds >= 1);
    }
}
