using Gateway.Interop;

namespace Gateway.Engine;

/// <summary>
/// The one place a hot thread marks its steady state: when warm-up ends and when the hot loop ends
/// it makes a <c>gettid</c> system call (tests read an strace of the thread between the last two
/// marks and allow nothing there but the order's send and the venue's receive) and reads the
/// thread's allocation counter (<see cref="HotPathAllocatedBytes"/> must stay 0). Used by the
/// gateway engine and by the FIX session agents of <c>gw venue</c> and <c>gw fix-client</c>.
/// Call it from the hot thread only.
/// </summary>
public sealed class SteadyStateMarks
{
    private long _allocatedAtWarm = -1;

    /// <summary>The hot thread's id (gettid), once <see cref="OnThreadStart"/> ran.</summary>
    public int ThreadId { get; private set; }

    public bool IsWarm { get; private set; }

    public bool IsEnded { get; private set; }

    /// <summary>Bytes the thread allocated between the two marks (-1: never warm).</summary>
    public long HotPathAllocatedBytes { get; private set; } = -1;

    public void OnThreadStart() => ThreadId = Libc.GetTid();

    /// <summary>Warm-up is over: mark the trace, start counting allocations. Once.</summary>
    public void MarkWarm()
    {
        if (IsWarm || IsEnded)
        {
            return;
        }

        IsWarm = true;
        _ = Libc.GetTid();
        _allocatedAtWarm = GC.GetAllocatedBytesForCurrentThread();
    }

    /// <summary>The hot loop is over: take the allocation count, mark the trace. Once.</summary>
    public void MarkEnd()
    {
        if (IsEnded)
        {
            return;
        }

        IsEnded = true;
        if (_allocatedAtWarm >= 0)
        {
            HotPathAllocatedBytes = GC.GetAllocatedBytesForCurrentThread() - _allocatedAtWarm;
        }

        _ = Libc.GetTid();
    }
}
