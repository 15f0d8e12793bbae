using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using Gateway.OrderEntry.Store;

namespace Gateway.OrderEntry.Tests.Store;

/// <summary>
/// What the store costs on disk: a reset archives only the bytes written, the archive is bounded by
/// size and age, preallocation grows with use, and a nearly full disk refuses a new segment (counted,
/// alarmed) instead of filling it. These run with the default options, the ones <c>gw venue</c> uses.
/// </summary>
public class StoreDiskUseTests
{
    [Fact]
    public void Resets_archive_only_the_bytes_written()
    {
        using var dir = new StoreTempDir();
        string session = Path.Combine(dir.Path, StorePattern.Session.DirectoryName);
        var expected = new List<(ulong Epoch, long Bytes)>();
        using (FixSessionStore store = FixSessionStore.Open(dir.Path, StorePattern.Session))
        {
            ulong seq = 1;
            for (int reset = 0; reset < 5; reset++)
            {
                long bytes = JournalSegment.HeaderSize;
                for (int i = 0; i < 20; i++, seq++)
                {
                    Assert.Equal(AppendResult.Ok, store.Append(seq, StorePattern.Message(seq)));
                    bytes += JournalSegment.RecordSize(StorePattern.Length(seq));
                }

                Assert.True(store.PrepareNextSegment()); // as the flusher does: the next segment exists too
                expected.Add((store.Epoch, bytes));
                store.Reset();
                seq = 1;
            }
        }

        string archive = Path.Combine(session, FixSessionStore.ArchiveDirectoryName);
        foreach ((ulong epoch, long bytes) in expected)
        {
            string path = Path.Combine(archive, JournalSegment.FileName(epoch, 0));
            Assert.True(File.Exists(path), path);
            Assert.Equal(bytes, new FileInfo(path).Length);
            Assert.Equal((ulong)bytes, BinaryPrimitives.ReadUInt64LittleEndian(File.ReadAllBytes(path).AsSpan(24)));

            // An empty prepared segment is not worth archiving.
            Assert.False(File.Exists(Path.Combine(archive, JournalSegment.FileName(epoch, 1))));
        }

        // Before: 5 × (two 64 MiB preallocated segments) in the archive, 640 MiB.
        long allocated = DiskUse.AllocatedBytes(session);
        Assert.True(allocated < 8L << 20, $"session directory holds {allocated:N0} bytes after 5 resets of 20 messages");
    }

    [Fact]
    public void Archived_messages_are_readable_byte_for_byte()
    {
        using var dir = new StoreTempDir();
        using (FixSessionStore store = FixSessionStore.Open(dir.Path, StorePattern.Session))
        {
            for (ulong seq = 1; seq <= 50; seq++)
            {
                Assert.Equal(AppendResult.Ok, store.Append(seq, StorePattern.Message(seq)));
            }

            store.Reset();
        }

        string path = Path.Combine(dir.Path, StorePattern.Session.DirectoryName, FixSessionStore.ArchiveDirectoryName, JournalSegment.FileName(1, 0));
        byte[] file = File.ReadAllBytes(path);
        long offset = JournalSegment.HeaderSize;
        for (ulong seq = 1; seq <= 50; seq++)
        {
            int length = (int)BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan((int)offset));
            Assert.Equal(seq, BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan((int)offset + 8)));
            Assert.True(file.AsSpan((int)offset + JournalSegment.RecordHeaderSize, length).SequenceEqual(StorePattern.Message(seq)), $"message {seq}");
            offset += JournalSegment.RecordSize(length);
        }

        Assert.Equal(file.Length, offset);
        Assert.Equal(Crc32C.Compute(file.AsSpan(0, 36)), BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(36)));
    }

    [Fact]
    public void A_fresh_session_preallocates_in_proportion_to_use()
    {
        using var dir = new StoreTempDir();
        string session = Path.Combine(dir.Path, StorePattern.Session.DirectoryName);
        using FixSessionStore store = FixSessionStore.Open(dir.Path, StorePattern.Session);
        Assert.True(store.PrepareNextSegment());
        long idle = DiskUse.AllocatedBytes(session);
        Assert.True(idle <= 4L << 20, $"an idle session holds {idle:N0} bytes (before: 128 MiB)");

        // ~20 MB of messages: the segments grow (doubling) and what is reserved stays a small multiple of it.
        long written = 0;
        for (ulong seq = 1; written < 20L << 20; seq++)
        {
            Assert.Equal(AppendResult.Ok, store.Append(seq, StorePattern.Message(seq)));
            written += JournalSegment.RecordSize(StorePattern.Length(seq));
            if (seq % 4096 == 0)
            {
                store.PrepareNextSegment();
            }
        }

        store.PrepareNextSegment();
        long busy = DiskUse.AllocatedBytes(session);
        Assert.True(busy <= (4 * written) + (4L << 20), $"{busy:N0} bytes reserved for {written:N0} written");
    }

    [Fact]
    public void The_archive_is_bounded_by_size_oldest_epochs_first()
    {
        using var dir = new StoreTempDir();
        string archive = Path.Combine(dir.Path, StorePattern.Session.DirectoryName, FixSessionStore.ArchiveDirectoryName);
        var options = new FixStoreOptions { ArchiveMaxBytes = 64 << 10 };
        using (FixSessionStore store = FixSessionStore.Open(dir.Path, StorePattern.Session, options))
        {
            for (int reset = 0; reset < 40; reset++)
            {
                for (ulong seq = 1; seq <= 20; seq++)
                {
                    Assert.Equal(AppendResult.Ok, store.Append(seq, StorePattern.Message(seq)));
                }

                store.Reset();
                long total = Directory.GetFiles(archive).Sum(f => new FileInfo(f).Length);
                Assert.True(total <= options.ArchiveMaxBytes, $"archive {total:N0} bytes after reset {reset}");
            }

            Assert.True(store.ArchivePrunedFiles > 0);
        }

        // What is left is the newest epochs, in one unbroken run ending with the last one archived.
        ulong[] epochs = [.. Directory.GetFiles(archive).Select(f => Epoch(f)).Order()];
        Assert.NotEmpty(epochs);
        Assert.Equal(40UL, epochs[^1]);
        Assert.Equal(epochs.Length, (int)(epochs[^1] - epochs[0] + 1));
    }

    [Fact]
    public void The_archive_is_bounded_by_age()
    {
        using var dir = new StoreTempDir();
        string archive = Path.Combine(dir.Path, StorePattern.Session.DirectoryName, FixSessionStore.ArchiveDirectoryName);
        var options = new FixStoreOptions { ArchiveMaxAge = TimeSpan.FromDays(2) };
        using FixSessionStore store = FixSessionStore.Open(dir.Path, StorePattern.Session, options);
        for (int reset = 0; reset < 3; reset++)
        {
            Assert.Equal(AppendResult.Ok, store.Append(1, StorePattern.Message(1)));
            store.Reset();
        }

        Assert.Equal(3, Directory.GetFiles(archive).Length);
        File.SetLastWriteTimeUtc(Path.Combine(archive, JournalSegment.FileName(1, 0)), DateTime.UtcNow.AddDays(-3));
        File.SetLastWriteTimeUtc(Path.Combine(archive, JournalSegment.FileName(2, 0)), DateTime.UtcNow.AddDays(-1));
        Assert.Equal(AppendResult.Ok, store.Append(1, StorePattern.Message(1)));
        store.Reset();

        Assert.Equal([2UL, 3UL, 4UL], Directory.GetFiles(archive).Select(f => Epoch(f)).Order());
        Assert.Equal(1, store.ArchivePrunedFiles);
    }

    [Fact]
    public void Bad_archive_limits_are_refused()
    {
        using var dir = new StoreTempDir();
        Assert.Throws<ArgumentOutOfRangeException>(() => FixSessionStore.Open(dir.Path, StorePattern.Session, new FixStoreOptions { ArchiveMaxBytes = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => FixSessionStore.Open(dir.Path, StorePattern.Session, new FixStoreOptions { ArchiveMaxAge = TimeSpan.Zero }));
        Assert.Throws<ArgumentOutOfRangeException>(() => FixSessionStore.Open(dir.Path, StorePattern.Session, new FixStoreOptions { MinFreeDiskBytes = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => FixSessionStore.Open(dir.Path, StorePattern.Session, new FixStoreOptions { InitialSegmentSize = 1000 }));
    }

    /// <summary>
    /// A nearly full disk: the session lives on a 4 MiB tmpfs with a 2 MiB reserve. The store refuses
    /// the segment that would eat into the reserve (a clear error, counted, an alarm raised), keeps
    /// every message it accepted, survives a reset in that state, and clears the alarm once space
    /// comes back.
    /// </summary>
    [Fact]
    public void A_nearly_full_disk_refuses_a_new_segment_with_a_counted_alarm()
    {
        using var dir = new StoreTempDir();
        string mount = Path.Combine(dir.Path, "small");
        Directory.CreateDirectory(mount);
        DiskUse.Sh($"mount -t tmpfs -o size=4m tmpfs '{mount}'");
        try
        {
            var options = new FixStoreOptions { InitialSegmentSize = 256 << 10, SegmentSize = 256 << 10, MaxMessageSize = 1024, MinFreeDiskBytes = 2L << 20 };
            string filler = Path.Combine(mount, "filler");
            ulong seq = 0;
            using (FixSessionStore store = FixSessionStore.Open(mount, StorePattern.Session, options))
            {
                AppendResult r;
                while ((r = store.Append(++seq, StorePattern.Message(seq))) == AppendResult.Ok)
                {
                    store.NextSenderSeqNum = seq + 1;
                    store.PrepareNextSegment();
                }

                Assert.Equal(AppendResult.DiskNearlyFull, r);
                Assert.True(store.StorageAlarm);
                Assert.Equal(1, store.StorageAlarms);
                Assert.Equal(1, store.Failures(AppendResult.DiskNearlyFull));
                Assert.Contains("disk nearly full", store.LastStorageError, StringComparison.Ordinal);
                Assert.Contains(store.SessionDirectory, store.LastStorageError, StringComparison.Ordinal);
                long free = new DriveInfo(mount).AvailableFreeSpace;
                Assert.True(free >= options.MinFreeDiskBytes, $"{free:N0} bytes left free");

                // Still refused (no second alarm for the same condition), nothing torn.
                Assert.False(store.PrepareNextSegment());
                Assert.Equal(AppendResult.DiskNearlyFull, store.Append(seq, StorePattern.Message(seq)));
                Assert.Equal(1, store.StorageAlarms);
                for (ulong s = 1; s < seq; s++)
                {
                    Assert.True(store.TryGet(s, out ReadOnlySpan<byte> m) && m.SequenceEqual(StorePattern.Message(s)), $"message {s}");
                }

                // A reset in this state archives the old epoch (which frees its reserved tail) and never throws.
                File.WriteAllBytes(filler, new byte[1 << 20]);
                store.Reset();
                Assert.Equal(2UL, store.Epoch);
                AppendResult afterReset = store.Append(1, StorePattern.Message(1));
                Assert.Equal(AppendResult.DiskNearlyFull, afterReset);
                Assert.True(store.StorageAlarm);

                // Space comes back: the alarm clears and appends go on.
                File.Delete(filler);
                DiskUse.DeleteArchive(store.SessionDirectory);
                Assert.Equal(AppendResult.Ok, store.Append(1, StorePattern.Message(1)));
                Assert.False(store.StorageAlarm);
            }
        }
        finally
        {
            DiskUse.Sh($"umount '{mount}'");
        }
    }

    private static ulong Epoch(string path)
    {
        Assert.True(JournalSegment.TryParseFileName(Path.GetFileName(path), out ulong epoch, out _), path);
        return epoch;
    }
}

/// <summary>What files hold on disk (blocks allocated, not their apparent length), and shell helpers.</summary>
internal static class DiskUse
{
    public static long AllocatedBytes(string path)
    {
        string output = Run("du", "-s", "--block-size=1", path);
        return long.Parse(output.Split('\t')[0], CultureInfo.InvariantCulture);
    }

    public static void DeleteArchive(string sessionDirectory)
    {
        string archive = Path.Combine(sessionDirectory, FixSessionStore.ArchiveDirectoryName);
        if (Directory.Exists(archive))
        {
            Directory.Delete(archive, recursive: true);
        }
    }

    public static void Sh(string command) => Run("/bin/sh", "-c", command);

    private static string Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }

        using Process p = Process.Start(start)!;
        string output = p.StandardOutput.ReadToEnd();
        string err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"{file} {string.Join(' ', args)}: {err} (mounting a tmpfs needs root)");
        return output;
    }
}

/// <summary>Issue 11, defect 10: the store followed the umask (world-readable orders and sequence numbers).</summary>
public class StorePermissionTests
{
    private const UnixFileMode Group = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute;
    private const UnixFileMode Other = UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    [Fact]
    public void Store_folders_are_0700_and_files_0600_whatever_the_umask()
    {
        using var dir = new StoreTempDir();
        string root = Path.Combine(dir.Path, "fresh-root");
        using (FixSessionStore store = FixSessionStore.Open(root, StorePattern.Session))
        {
            Assert.Equal(AppendResult.Ok, store.Append(1, StorePattern.Message(1)));
            Assert.True(store.PrepareNextSegment());
            store.Reset();
        }

        string session = Path.Combine(root, StorePattern.Session.DirectoryName);
        string archive = Path.Combine(session, FixSessionStore.ArchiveDirectoryName);
        foreach (string folder in new[] { root, session, archive })
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(folder));
        }

        string[] files = [.. Directory.GetFiles(session), .. Directory.GetFiles(archive)];
        Assert.True(files.Length >= 3, string.Join(", ", files));
        Assert.All(files, f => Assert.True((File.GetUnixFileMode(f) & (Group | Other)) == 0, $"{f}: {File.GetUnixFileMode(f)}"));
    }
}
