using System.Diagnostics;
using Gateway.OrderEntry.Store;
using Gateway.Tests.Shared;

namespace Gateway.OrderEntry.Tests.Store;

public class StoreHotPathTests
{
    [Fact]
    [Trait(TestCategory.Key, TestCategory.Timing)]
    public void Append_TryGet_GetRange_and_sequence_updates_allocate_nothing_after_warm_up()
    {
        using var dir = new StoreTempDir();
        using FixSessionStore store = FixSessionStore.Open(dir.Path, StorePattern.Session, new FixStoreOptions { SegmentSize = 64L << 20, InitialSegmentSize = 64L << 20 }); // one segment: a roll is cold (covered below)
        byte[] message = StorePattern.Message(7)[..200];
        ulong seq = 1;
        ulong sum = 0;

        // Warm up past tiered compilation (tier-1 lands in the background after ~30 calls and 100 ms).
        Run(store, message, ref seq, ref sum, 1_000);
        JitSettle.Wait(); // let the background tier-1 compilations land before measuring
        Run(store, message, ref seq, ref sum, 1_000);
        long before = GC.GetAllocatedBytesForCurrentThread();
        Run(store, message, ref seq, ref sum, 100_000);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(0, store.FailedAppends);
        Assert.Equal(102_000UL, store.LastSequence);
        Assert.Equal(102_001UL, store.NextSenderSeqNum);
        Assert.NotEqual(0UL, sum);
    }

    private static void Run(FixSessionStore store, byte[] message, ref ulong seq, ref ulong sum, int count)
    {
        var visitor = new SumVisitor();
        for (int i = 0; i < count; i++)
        {
            if (store.Append(seq, message) != AppendResult.Ok)
            {
                throw new InvalidOperationException("append failed");
            }

            store.SetSequenceNumbers(seq + 1, seq);
            if (store.TryGet(seq - (seq / 2), out ReadOnlySpan<byte> m))
            {
                sum += m[3];
            }

            if ((i & 63) == 0)
            {
                store.GetRange(seq > 10 ? seq - 10 : 1, seq, ref visitor);
            }

            seq++;
        }

        sum += visitor.Sum;
    }

    private struct SumVisitor : IStoredMessageVisitor
    {
        public ulong Sum;

        public bool Visit(ulong sequence, ReadOnlySpan<byte> message)
        {
            Sum += message[0];
            return true;
        }
    }

    /// <summary>
    /// A full disk: the session directory lives on a 1 MiB tmpfs (the project's machines run tests
    /// as root). With no free-space reserve, segment creation fails (the preallocation cannot get
    /// the blocks); the append says so, is counted, and nothing before it is lost.
    /// </summary>
    [Fact]
    public void A_full_disk_is_a_counted_error_result_never_a_crash()
    {
        using var dir = new StoreTempDir();
        string mount = Path.Combine(dir.Path, "tiny");
        Directory.CreateDirectory(mount);
        Sh($"mount -t tmpfs -o size=1m tmpfs '{mount}'");
        try
        {
            var options = new FixStoreOptions { SegmentSize = 256 << 10, MaxSegments = 16, MaxMessageSize = 1024, MinFreeDiskBytes = 0 };
            ulong seq = 0;
            using (FixSessionStore store = FixSessionStore.Open(mount, StorePattern.Session, options))
            {
                AppendResult r;
                while ((r = store.Append(++seq, StorePattern.Message(seq))) == AppendResult.Ok)
                {
                    store.NextSenderSeqNum = seq + 1;
                }

                Assert.Equal(AppendResult.StorageError, r);
                Assert.Equal(1, store.Failures(AppendResult.StorageError));
                Assert.Contains(store.SessionDirectory, store.LastStorageError, StringComparison.Ordinal);
                Assert.True(store.LastStorageError!.Contains("disk was full", StringComparison.Ordinal), store.LastStorageError);
                Assert.True(store.SegmentCount is >= 2 and < 5, $"{store.SegmentCount} segments on a 1 MiB disk");
                Assert.False(store.PrepareNextSegment());
                Assert.Equal(AppendResult.StorageError, store.Append(seq, StorePattern.Message(seq)));
                Assert.Equal(2, store.FailedAppends);
                Assert.Empty(Directory.GetFiles(store.SessionDirectory, "*.tmp"));
            }

            using (FixSessionStore store = FixSessionStore.Open(mount, StorePattern.Session, options))
            {
                Assert.Equal(seq - 1, store.LastSequence);
                Assert.Equal(seq, store.NextSenderSeqNum);
                for (ulong s = 1; s < seq; s++)
                {
                    Assert.True(store.TryGet(s, out ReadOnlySpan<byte> m) && m.SequenceEqual(StorePattern.Message(s)), $"message {s}");
                }
            }
        }
        finally
        {
            Sh($"umount '{mount}'");
        }
    }

    private static void Sh(string command)
    {
        var start = new ProcessStartInfo("/bin/sh") { RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command);
        using Process p = Process.Start(start)!;
        string err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"{command}: {err} (this test needs root to mount a tmpfs)");
    }
}
