using Gateway.Core;
using Gateway.Interop;

namespace Gateway.Interop.Tests;

/// <summary>
/// Start-up preparation of the critical path's memory: pages populated without changing a byte,
/// locked, and a refused lock counted and described rather than thrown.
/// </summary>
[Collection(nameof(MemoryResidencyTests))] // LockOverride is process-wide
public sealed unsafe class MemoryResidencyTests
{
    [Fact]
    public void Prepare_populates_every_page_and_locks_the_regions()
    {
        using var block = AnonymousMemory.Allocate(8 << 20);
        using var small = AnonymousMemory.Allocate(3 * 4096 + 100);
        Assert.False(MemoryResidency.IsResident((nint)block.Start, block.Length)); // fresh anonymous memory: nothing mapped yet

        ResidencyReport r = MemoryResidency.Prepare(
            [new ResidentRegion("big", block.Start, block.Length), new ResidentRegion("small", small.Start, small.Length)], true, MemoryLockMode.Try);

        Assert.True(MemoryResidency.IsResident((nint)block.Start, block.Length));
        Assert.True(MemoryResidency.IsResident((nint)small.Start, small.Length));
        Assert.Equal(2, r.Regions);
        Assert.Equal((ulong)(block.Length + small.Length), r.PopulatedBytes);
        if (r.LockFailures == 0)
        {
            Assert.Equal(r.PopulatedBytes, r.LockedBytes);
            Assert.Null(r.LockFailure);
        }
        else
        {
            // Without CAP_IPC_LOCK and a large memlock limit the lock is refused: reported, not thrown.
            Assert.NotNull(r.LockFailure);
            Assert.Equal(r.PopulatedBytes, r.LockedBytes + r.UnlockedBytes);
        }

        Assert.True(r.ElapsedNs > 0);
        Assert.Equal(0, MemoryResidency.Unlock((nint)block.Start, block.Length));
    }

    [Fact]
    public void Populating_keeps_what_is_already_there()
    {
        using var block = AnonymousMemory.Allocate(64 * 4096);
        var bytes = new Span<byte>(block.Start, (int)block.Length);
        for (int i = 0; i < bytes.Length; i += 777)
        {
            bytes[i] = (byte)(i * 31);
        }

        byte[] before = bytes.ToArray();
        MemoryResidency.Populate(block.Start + 5, block.Length - 5);
        Assert.True(bytes.SequenceEqual(before));
        Assert.True(MemoryResidency.IsResident((nint)block.Start, block.Length));
    }

    [Theory]
    [InlineData(1, "EPERM")]
    [InlineData(12, "ENOMEM")]
    public void A_refused_lock_is_counted_and_described_not_thrown(int errno, string name)
    {
        using var a = AnonymousMemory.Allocate(2 * 4096);
        using var b = AnonymousMemory.Allocate(4096);
        MemoryResidency.LockOverride = (_, _) => errno;
        try
        {
            ResidencyReport r = MemoryResidency.Prepare(
                [new ResidentRegion("book orders", a.Start, a.Length), new ResidentRegion("rx descriptors", b.Start, b.Length)], true, MemoryLockMode.Try);

            Assert.Equal(2, r.LockFailures);
            Assert.Equal(0UL, r.LockedBytes);
            Assert.Equal((ulong)(a.Length + b.Length), r.UnlockedBytes);
            Assert.Equal(errno, r.LockErrno);
            Assert.Contains("book orders", r.LockFailure, StringComparison.Ordinal); // the first refusal names its pool
            Assert.Contains(name, r.LockFailure, StringComparison.Ordinal);
            Assert.Contains("8 KiB", r.LockFailure, StringComparison.Ordinal);
            Assert.True(MemoryResidency.IsResident((nint)a.Start, a.Length), "populating does not depend on locking");
        }
        finally
        {
            MemoryResidency.LockOverride = null;
        }
    }

    [Fact]
    public void Off_means_no_lock_and_no_prefault_means_no_population()
    {
        using var block = AnonymousMemory.Allocate(16 * 4096);
        int calls = 0;
        MemoryResidency.LockOverride = (_, _) =>
        {
            calls++;
            return 0;
        };
        try
        {
            ResidencyReport r = MemoryResidency.Prepare([new ResidentRegion("x", block.Start, block.Length)], false, MemoryLockMode.Off);
            Assert.Equal(0, calls);
            Assert.Equal(0UL, r.PopulatedBytes);
            Assert.Equal(0UL, r.LockedBytes);
            Assert.False(MemoryResidency.IsResident((nint)block.Start, block.Length));
        }
        finally
        {
            MemoryResidency.LockOverride = null;
        }
    }

    [Fact]
    public void Empty_regions_are_skipped()
    {
        ResidencyReport r = MemoryResidency.Prepare([new ResidentRegion("none", 0, 0)], true, MemoryLockMode.Require);
        Assert.Equal(0, r.LockFailures);
        Assert.Equal(0UL, r.PopulatedBytes);
    }

    [Theory]
    [InlineData(512UL, "512 B")]
    [InlineData(8192UL, "8 KiB")]
    [InlineData(466UL << 20, "466 MiB")]
    [InlineData(3UL << 29, "1.5 GiB")]
    public void Sizes_read_as_people_write_them(ulong bytes, string expected) => Assert.Equal(expected, MemoryResidency.Size(bytes));
}
