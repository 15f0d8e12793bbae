using System.Runtime.InteropServices;

namespace Gateway.Interop;

/// <summary>
/// The few libc calls the kernel-socket baseline needs that System.Net.Sockets does not expose
/// without allocating per call: <c>recvmmsg</c> receives a whole batch of datagrams in one syscall.
/// </summary>
public static unsafe partial class Libc
{
    public const int MsgDontWait = 0x40;
    public const int Eagain = 11;
    public const int Eintr = 4;

    /// <summary><c>struct iovec</c> (x86-64: 16 bytes).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct IoVec
    {
        public void* Base;
        public nuint Length;
    }

    /// <summary><c>struct msghdr</c> (x86-64: 56 bytes; the compiler pads after msg_namelen and msg_flags).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct MsgHdr
    {
        public void* Name;
        public uint NameLength;
        public IoVec* Iov;
        public nuint IovLength;
        public void* Control;
        public nuint ControlLength;
        public int Flags;
    }

    /// <summary><c>struct mmsghdr</c> (x86-64: 64 bytes).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct MMsgHdr
    {
        public MsgHdr Header;
        public uint Length;
    }

    /// <summary>Pins the calling thread (pid 0) to the CPUs in <paramref name="mask"/>; works without the shim.</summary>
    [LibraryImport("libc", EntryPoint = "sched_setaffinity", SetLastError = true)]
    public static partial int SchedSetAffinity(int pid, nuint maskBytes, ulong* mask);

    /// <summary>Pins the calling thread to one CPU. Returns 0, or the errno.</summary>
    public static int PinCurrentThread(int cpu)
    {
        if (cpu is < 0 or >= 1024)
        {
            return 22; // EINVAL
        }

        ulong* mask = stackalloc ulong[16];
        for (int i = 0; i < 16; i++)
        {
            mask[i] = 0;
        }

        mask[cpu / 64] = 1UL << (cpu % 64);
        return SchedSetAffinity(0, 16 * sizeof(ulong), mask) == 0 ? 0 : Marshal.GetLastPInvokeError();
    }

    /// <summary>
    /// Asks for transparent huge pages on a range (MADV_HUGEPAGE). Large pools touched at random
    /// (order books) otherwise pay a TLB miss on nearly every access. Returns false when the kernel
    /// refuses (THP off); the memory works either way. <paramref name="start"/> must be page aligned.
    /// </summary>
    public static bool AdviseHugePages(void* start, nuint length) => MAdvise(start, length, 14) == 0;

    [LibraryImport("libc", EntryPoint = "madvise")]
    private static partial int MAdvise(void* start, nuint length, int advice);

    /// <summary>The calling thread's kernel id; always a real syscall, so it also marks a point in an strace.</summary>
    public static int GetTid() => GetTidImport();

    [LibraryImport("libc", EntryPoint = "gettid")]
    private static partial int GetTidImport();

    [LibraryImport("libc", EntryPoint = "recvmmsg", SetLastError = true)]
    public static partial int RecvMMsg(int fd, MMsgHdr* messages, uint count, int flags, void* timeout);
}
