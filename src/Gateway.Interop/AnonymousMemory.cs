using System.Runtime.InteropServices;

namespace Gateway.Interop;

/// <summary>
/// A block of anonymous, lazily zeroed memory from <c>mmap</c>, owned by a SafeHandle: pages cost
/// nothing until first touched and read as zero, so a pool sized for a full trading day reserves
/// address space, not RAM. Blocks of 4 MiB and more are aligned to 2 MiB and advised onto
/// transparent huge pages (pools touched at random otherwise pay a TLB miss on nearly every
/// access). Released by <see cref="SafeHandle.Dispose()"/> or, if forgotten, by the finalizer.
/// </summary>
public sealed unsafe partial class AnonymousMemory : SafeHandle
{
    private const nuint HugePage = 2 << 20;
    private readonly nuint _mappedLength;

    private AnonymousMemory(nint mapped, nuint mappedLength, byte* start, nuint length)
        : base(mapped, ownsHandle: true)
    {
        _mappedLength = mappedLength;
        Start = start;
        Length = length;
    }

    /// <summary>First usable byte: page aligned (2 MiB aligned for blocks of 4 MiB and more).</summary>
    public byte* Start { get; }

    /// <summary>Usable bytes from <see cref="Start"/>.</summary>
    public nuint Length { get; }

    public override bool IsInvalid => handle == 0;

    /// <summary>Maps <paramref name="length"/> bytes; throws <see cref="OutOfMemoryException"/> when the kernel refuses.</summary>
    public static AnonymousMemory Allocate(nuint length)
    {
        if (length == 0)
        {
            length = 1;
        }

        bool huge = length >= 2 * HugePage;
        nuint mapped = huge ? length + HugePage : length;
        void* p = Mmap(null, mapped, ProtRead | ProtWrite, MapPrivate | MapAnonymous | MapNoReserve, -1, 0);
        if (p == MapFailed)
        {
            throw new OutOfMemoryException($"mmap of {mapped} bytes failed (errno {Marshal.GetLastPInvokeError()})");
        }

        byte* start = (byte*)p;
        if (huge)
        {
            start = (byte*)(((nuint)p + HugePage - 1) & ~(HugePage - 1));
            _ = Libc.AdviseHugePages(start, length);
        }

        return new AnonymousMemory((nint)p, mapped, start, length);
    }

    protected override bool ReleaseHandle() => Munmap((void*)handle, _mappedLength) == 0;

    private const int ProtRead = 1;
    private const int ProtWrite = 2;
    private const int MapPrivate = 0x02;
    private const int MapAnonymous = 0x20;
    private const int MapNoReserve = 0x4000;
    private static readonly void* MapFailed = (void*)-1;

    [LibraryImport("libc", EntryPoint = "mmap", SetLastError = true)]
    private static partial void* Mmap(void* addr, nuint length, int prot, int flags, int fd, nint offset);

    [LibraryImport("libc", EntryPoint = "munmap")]
    private static partial int Munmap(void* addr, nuint length);
}
