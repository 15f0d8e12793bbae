using System.Globalization;
using System.Runtime.InteropServices;

namespace Gateway.Interop;

/// <summary>
/// What the kernel holds and dropped for one socket (<c>getsockopt(SOL_SOCKET, SO_MEMINFO)</c>,
/// Linux 4.12+): one system call, made at report time only. <see cref="Drops"/> is the socket's
/// <c>sk_drops</c>, the same number as the "drops" column of <c>/proc/net/udp</c> and what
/// <c>SO_RXQ_OVFL</c> would hand out per datagram: datagrams the kernel discarded because the
/// receive buffer was full (and, for a packet socket, frames its ring had no room for).
/// </summary>
public readonly record struct SocketMemory(long ReceiveQueuedBytes, long ReceiveBufferBytes, long Drops);

public static unsafe partial class Libc
{
    private const int SolSocket = 1;
    private const int SoMemInfo = 55;

    // SK_MEMINFO_RMEM_ALLOC, _RCVBUF, ..., _DROPS (include/uapi/linux/sock_diag.h).
    private const int MemInfoReceiveAlloc = 0;
    private const int MemInfoReceiveBuffer = 1;
    private const int MemInfoDrops = 8;
    private const int MemInfoVars = 9;

    [LibraryImport("libc", EntryPoint = "getsockopt", SetLastError = true)]
    private static partial int GetSockOpt(int fd, int level, int name, void* value, uint* length);

    /// <summary>
    /// The kernel's memory counters of socket <paramref name="fd"/>, or null when the kernel does
    /// not answer (an old kernel, not a socket). Cold: a system call.
    /// </summary>
    public static SocketMemory? ReadSocketMemory(int fd)
    {
        uint* info = stackalloc uint[16];
        uint length = 16 * sizeof(uint);
        if (GetSockOpt(fd, SolSocket, SoMemInfo, info, &length) != 0 || length < MemInfoVars * sizeof(uint))
        {
            return null;
        }

        return new SocketMemory(info[MemInfoReceiveAlloc], info[MemInfoReceiveBuffer], info[MemInfoDrops]);
    }

    private const int SolPacket = 263;
    private const int PacketStatistics = 6;

    /// <summary>
    /// <c>getsockopt(SOL_PACKET, PACKET_STATISTICS)</c> of packet socket <paramref name="fd"/>:
    /// frames the socket saw (received plus dropped) and frames dropped because its ring (or
    /// buffer) was full since the previous call. The kernel clears both on every read, so the
    /// caller keeps the totals. Null when the kernel does not answer. Cold: a system call.
    /// </summary>
    public static (long Packets, long Drops)? TakePacketStatistics(int fd)
    {
        uint* st = stackalloc uint[4];
        uint length = 2 * sizeof(uint);
        if (GetSockOpt(fd, SolPacket, PacketStatistics, st, &length) != 0 || length < 2 * sizeof(uint))
        {
            return null;
        }

        return (st[0], st[1]);
    }

    /// <summary>
    /// This process's AF_PACKET sockets (file descriptors), found by matching the socket inodes of
    /// <c>/proc/self/fd</c> against <c>/proc/net/packet</c>. A DPDK <c>net_af_packet</c> port opens
    /// them inside the PMD, which (DPDK 22.11) does not read the kernel's drop count: this is how
    /// the report finds them. Cold: reads /proc.
    /// </summary>
    public static IReadOnlyList<int> FindOwnPacketSockets()
    {
        var inodes = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            // Header: sk RefCnt Type Proto Iface R Rmem User Inode
            foreach (string line in File.ReadLines("/proc/net/packet").Skip(1))
            {
                string[] fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length >= 9)
                {
                    inodes.Add(fields[8]);
                }
            }
        }
        catch (IOException)
        {
            return [];
        }

        var fds = new List<int>();
        if (inodes.Count == 0)
        {
            return fds;
        }

        foreach (string path in Directory.EnumerateFiles("/proc/self/fd"))
        {
            string? target;
            try
            {
                target = new FileInfo(path).LinkTarget;
            }
            catch (IOException)
            {
                continue; // closed while we looked
            }

            if (target is not null && target.StartsWith("socket:[", StringComparison.Ordinal) && target.EndsWith(']')
                && inodes.Contains(target[8..^1])
                && int.TryParse(Path.GetFileName(path), NumberStyles.None, CultureInfo.InvariantCulture, out int fd))
            {
                fds.Add(fd);
            }
        }

        return fds;
    }
}
