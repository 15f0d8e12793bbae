using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Gateway.Core;

namespace Gateway.Interop;

/// <summary>What to do with the critical path's memory at start-up (<c>Engine:LockMemory</c>).</summary>
public enum MemoryLockMode : byte
{
    /// <summary>Do not lock (the pages may still be populated).</summary>
    Off = 0,

    /// <summary>Lock; a refusal is a counted warning and the gateway runs on unlocked.</summary>
    Try = 1,

    /// <summary>Lock; a refusal stops start-up.</summary>
    Require = 2,
}

/// <summary>What preparing the critical path's memory did and cost (reported apart from the hot loop's figures).</summary>
public sealed class ResidencyReport
{
    /// <summary>Regions handed in.</summary>
    public int Regions { get; internal set; }

    /// <summary>Bytes whose pages were mapped (populated) before the first packet.</summary>
    public ulong PopulatedBytes { get; internal set; }

    /// <summary>Bytes locked into RAM (mlock).</summary>
    public ulong LockedBytes { get; internal set; }

    /// <summary>Regions mlock refused (0 when locking is off).</summary>
    public int LockFailures { get; internal set; }

    /// <summary>Bytes of the regions mlock refused.</summary>
    public ulong UnlockedBytes { get; internal set; }

    /// <summary>errno of the first refusal (0: none).</summary>
    public int LockErrno { get; internal set; }

    /// <summary>The first refusal in words (region, size, errno, the memlock limit); null when every lock held.</summary>
    public string? LockFailure { get; internal set; }

    public bool Prefault { get; internal set; }

    public MemoryLockMode LockMode { get; internal set; }

    /// <summary>Wall time of populating and locking, ns.</summary>
    public long ElapsedNs { get; internal set; }

    public double ElapsedMs => ElapsedNs / 1e6;

    /// <summary>Nothing was asked (no prefault, no lock) or nothing was prepared.</summary>
    public static ResidencyReport None { get; } = new();
}

/// <summary>
/// Start-up preparation of the critical path's memory: every page of every pool mapped before the
/// first packet (a first touch in the hot loop is a page fault, microseconds, and a zeroed 2 MiB
/// huge page is far more), then locked into RAM so that neither swap nor reclaim can take it back.
/// </summary>
/// <remarks>
/// Populating uses <c>madvise(MADV_POPULATE_WRITE)</c> (Linux 5.14+), which maps the pages
/// writable without changing a byte; where the kernel lacks it every page is touched with an atomic
/// add of zero (also content-preserving, so a pool already in use is safe). Locking is
/// <c>mlock</c> per region rather than <c>mlockall</c>: MCL_FUTURE would also lock (and populate)
/// every later mapping, capture files included. mlock needs CAP_IPC_LOCK or a large enough
/// RLIMIT_MEMLOCK; without them it fails with EPERM or ENOMEM, which is counted and reported, not
/// fatal, unless <see cref="MemoryLockMode.Require"/>.
/// </remarks>
public static unsafe partial class MemoryResidency
{
    private const int MadvPopulateWrite = 23;
    private const int PageSize = 4096;
    private const int Eperm = 1;
    private const int Enomem = 12;

    /// <summary>Tests only: stands in for mlock (returns 0 or an errno).</summary>
    internal static Func<nint, nuint, int>? LockOverride { get; set; }

    /// <summary>
    /// Populates (when <paramref name="prefault"/>) and locks (per <paramref name="lockMode"/>) every
    /// region. Never throws for a refused lock; the report says what happened (see
    /// <see cref="ResidencyReport.LockFailures"/>), and the caller decides whether that is fatal.
    /// </summary>
    public static ResidencyReport Prepare(IReadOnlyList<ResidentRegion> regions, bool prefault, MemoryLockMode lockMode)
    {
        ArgumentNullException.ThrowIfNull(regions);
        var report = new ResidencyReport { Regions = regions.Count, Prefault = prefault, LockMode = lockMode };
        long start = Stopwatch.GetTimestamp();
        foreach (ResidentRegion region in regions)
        {
            if (region.Start == 0 || region.Length == 0)
            {
                continue;
            }

            if (prefault)
            {
                Populate((byte*)region.Start, region.Length);
                report.PopulatedBytes += region.Length;
            }

            if (lockMode == MemoryLockMode.Off)
            {
                continue;
            }

            int errno = Lock(region.Start, region.Length);
            if (errno == 0)
            {
                report.LockedBytes += region.Length;
                continue;
            }

            report.LockFailures++;
            report.UnlockedBytes += region.Length;
            if (report.LockErrno == 0)
            {
                report.LockErrno = errno;
                report.LockFailure = string.Create(CultureInfo.InvariantCulture, $"mlock of {Size(region.Length)} ({region.Name}) failed: {ErrnoName(errno)}{LimitNote()}");
            }
        }

        report.ElapsedNs = (long)Stopwatch.GetElapsedTime(start).Ticks * 100;
        return report;
    }

    /// <summary>Maps every page of the range writable, leaving its contents as they are.</summary>
    public static void Populate(byte* start, nuint length)
    {
        if (length == 0)
        {
            return;
        }

        nuint pageStart = (nuint)start & ~(nuint)(PageSize - 1);
        nuint span = (nuint)start + length - pageStart;
        if (MAdvise((void*)pageStart, span, MadvPopulateWrite) == 0)
        {
            return;
        }

        // Older kernels: one write per page. An atomic add of zero forces the write fault (a plain
        // read would only map the shared zero page) without changing what is there.
        byte* end = start + length;
        for (byte* p = (byte*)(((nuint)start + 3) & ~(nuint)3); p + sizeof(int) <= end; p = (byte*)(((nuint)p + PageSize) & ~(nuint)(PageSize - 1)))
        {
            Interlocked.Add(ref *(int*)p, 0);
        }
    }

    /// <summary>mlock; returns 0 or the errno.</summary>
    public static int Lock(nint start, nuint length)
    {
        if (LockOverride is { } fake)
        {
            return fake(start, length);
        }

        return MLock((void*)start, length) == 0 ? 0 : Marshal.GetLastPInvokeError();
    }

    /// <summary>munlock (tests, and a pool released before the process ends); returns 0 or the errno.</summary>
    public static int Unlock(nint start, nuint length) => MUnlock((void*)start, length) == 0 ? 0 : Marshal.GetLastPInvokeError();

    /// <summary>Whether every page of the range is resident (mincore).</summary>
    public static bool IsResident(nint start, nuint length)
    {
        nuint pageStart = (nuint)start & ~(nuint)(PageSize - 1);
        nuint span = (nuint)start + length - pageStart;
        nuint pages = (span + PageSize - 1) / PageSize;
        byte[] vector = new byte[pages];
        fixed (byte* v = vector)
        {
            if (MinCore((void*)pageStart, span, v) != 0)
            {
                return false;
            }
        }

        foreach (byte b in vector)
        {
            if ((b & 1) == 0)
            {
                return false;
            }
        }

        return true;
    }

    private static string ErrnoName(int errno) => errno switch
    {
        Eperm => "EPERM (not permitted: needs CAP_IPC_LOCK or a memlock limit)",
        Enomem => "ENOMEM (over RLIMIT_MEMLOCK, or not enough RAM)",
        _ => string.Create(CultureInfo.InvariantCulture, $"errno {errno}"),
    };

    private static string LimitNote()
    {
        try
        {
            foreach (string line in File.ReadLines("/proc/self/limits"))
            {
                if (line.StartsWith("Max locked memory", StringComparison.Ordinal))
                {
                    string[] parts = line["Max locked memory".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    return parts.Length > 0 && ulong.TryParse(parts[0], out ulong soft)
                        ? $"; RLIMIT_MEMLOCK is {Size(soft)}"
                        : parts.Length > 0 ? $"; RLIMIT_MEMLOCK is {parts[0]}" : "";
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return "";
    }

    /// <summary>A byte count for people: KiB, MiB or GiB.</summary>
    public static string Size(ulong bytes) => bytes switch
    {
        >= 1UL << 30 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1UL << 30):0.#} GiB"),
        >= 1UL << 20 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1UL << 20):0.#} MiB"),
        >= 1UL << 10 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1UL << 10):0.#} KiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes} B"),
    };

    [LibraryImport("libc", EntryPoint = "madvise")]
    private static partial int MAdvise(void* start, nuint length, int advice);

    [LibraryImport("libc", EntryPoint = "mlock", SetLastError = true)]
    private static partial int MLock(void* start, nuint length);

    [LibraryImport("libc", EntryPoint = "munlock", SetLastError = true)]
    private static partial int MUnlock(void* start, nuint length);

    [LibraryImport("libc", EntryPoint = "mincore")]
    private static partial int MinCore(void* start, nuint length, byte* vector);
}

/// <summary>The critical path's memory could not be locked and the configuration requires it (<c>Engine:LockMemory=require</c>).</summary>
public sealed class MemoryLockException(string message) : Exception(message);
