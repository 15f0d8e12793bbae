using System.Runtime.InteropServices;
using System.Text;

namespace Gateway.Interop;

/// <summary><c>stat</c>: which file a path names (device and inode, so hard links and bind mounts compare equal) and what kind it is.</summary>
public static unsafe partial class Libc
{
    /// <summary>What <see cref="TryStat"/> found (x86-64 <c>struct stat</c>: st_dev at 0, st_ino at 8, st_mode at 24, 144 bytes).</summary>
    /// <param name="Device">st_dev.</param>
    /// <param name="Inode">st_ino.</param>
    /// <param name="Mode">st_mode (type bits and permissions).</param>
    public readonly record struct FileStatus(ulong Device, ulong Inode, uint Mode)
    {
        private const uint TypeMask = 0xF000; // S_IFMT
        private const uint Regular = 0x8000;  // S_IFREG
        private const uint Folder = 0x4000;   // S_IFDIR

        public bool IsRegularFile => (Mode & TypeMask) == Regular;

        public bool IsDirectory => (Mode & TypeMask) == Folder;
    }

    private const int StatSize = 144;

    [LibraryImport("libc", EntryPoint = "stat", SetLastError = true)]
    private static partial int Stat(byte* path, byte* buffer);

    /// <summary>stat(2) of <paramref name="path"/>, following symbolic links; false when it does not exist or cannot be read (or off x86-64, whose layout this reads).</summary>
    public static bool TryStat(string path, out FileStatus status)
    {
        status = default;
        if (RuntimeInformation.ProcessArchitecture != Architecture.X64 || path.Length == 0 || path.Contains('\0', StringComparison.Ordinal))
        {
            return false;
        }

        byte[] name = new byte[Encoding.UTF8.GetByteCount(path) + 1];
        Encoding.UTF8.GetBytes(path, name);
        byte* buffer = stackalloc byte[StatSize];
        fixed (byte* p = name)
        {
            if (Stat(p, buffer) != 0)
            {
                return false;
            }
        }

        status = new FileStatus(*(ulong*)buffer, *(ulong*)(buffer + 8), *(uint*)(buffer + 24));
        return true;
    }
}
