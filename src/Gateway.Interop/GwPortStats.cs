using System.Runtime.InteropServices;

namespace Gateway.Interop;

/// <summary>
/// Port counters, same layout as the shim's <c>gw_port_stats</c> (8 × u64 = 64 bytes, pinned by tests):
/// <code>
///   0        8        16       24       32       40       48       56       64
///   +--------+--------+--------+--------+--------+--------+--------+--------+
///   |rx_pkts |rx_bytes|rx_miss |rx_err  |rx_nombf|tx_pkts |tx_bytes|tx_err  |
///   +--------+--------+--------+--------+--------+--------+--------+--------+
/// </code>
/// Counters are cumulative since the port/handle was opened; a backend that has no such counter
/// leaves it 0.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public struct GwPortStats
{
    public const int Size = 64;
    public const int TxPacketsOffset = 40;

    public ulong RxPackets;
    public ulong RxBytes;

    /// <summary>Dropped by the NIC (or kernel ring) for lack of rx descriptors: the reader was too slow.</summary>
    public ulong RxMissed;
    public ulong RxErrors;

    /// <summary>mbuf allocation failures: rx batches held too long, or the pool is too small.</summary>
    public ulong RxNoMbuf;
    public ulong TxPackets;
    public ulong TxBytes;
    public ulong TxErrors;

    public override readonly string ToString() =>
        $"rx {RxPackets} pkts/{RxBytes} B (missed {RxMissed}, errors {RxErrors}, no-mbuf {RxNoMbuf}), tx {TxPackets} pkts/{TxBytes} B (errors {TxErrors})";
}
