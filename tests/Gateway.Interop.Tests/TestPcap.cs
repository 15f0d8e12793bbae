using System.Buffers.Binary;

namespace Gateway.Interop.Tests;

/// <summary>One record to write: capture time, captured bytes, and the wire length (defaults to the captured length).</summary>
public readonly record struct PcapRecord(long TimestampNs, byte[] Data, int WireLength = -1);

/// <summary>
/// Writes classic pcap files from raw bytes, so the readers are tested against bytes, not against
/// another writer: 24-byte global header, then per record a 16-byte header and the data.
/// <code>
/// global: magic u32 | major u16 = 2 | minor u16 = 4 | thiszone i32 | sigfigs u32 | snaplen u32 | linktype u32
/// record: ts_sec u32 | ts_frac u32 (µs, or ns with the a1b23c4d magic) | caplen u32 | len u32
/// </code>
/// </summary>
internal static class TestPcap
{
    public const uint MagicMicro = 0xa1b2c3d4;
    public const uint MagicNano = 0xa1b23c4d;

    public static void Write(string path, IEnumerable<PcapRecord> records, bool nano = true, uint linkType = 1, uint snapLength = 65535)
    {
        using var file = File.Create(path);
        Span<byte> header = stackalloc byte[24];
        BinaryPrimitives.WriteUInt32LittleEndian(header, nano ? MagicNano : MagicMicro);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], 2);
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], 4);
        BinaryPrimitives.WriteInt32LittleEndian(header[8..], 0);
        BinaryPrimitives.WriteUInt32LittleEndian(header[12..], 0);
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], snapLength);
        BinaryPrimitives.WriteUInt32LittleEndian(header[20..], linkType);
        file.Write(header);

        Span<byte> rec = stackalloc byte[16];
        foreach (var r in records)
        {
            var seconds = r.TimestampNs / 1_000_000_000;
            var fraction = r.TimestampNs % 1_000_000_000;
            BinaryPrimitives.WriteUInt32LittleEndian(rec, (uint)seconds);
            BinaryPrimitives.WriteUInt32LittleEndian(rec[4..], (uint)(nano ? fraction : fraction / 1000));
            BinaryPrimitives.WriteUInt32LittleEndian(rec[8..], (uint)r.Data.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(rec[12..], (uint)(r.WireLength < 0 ? r.Data.Length : r.WireLength));
            file.Write(rec);
            file.Write(r.Data);
        }
    }

    /// <summary>An Ethernet II frame of <paramref name="length"/> bytes, deterministic filler seeded by <paramref name="seed"/>.</summary>
    public static byte[] Frame(int length, int seed)
    {
        var frame = new byte[length];
        new Random(seed).NextBytes(frame);
        frame[12] = 0x08; // EtherType IPv4, so nothing downstream mistakes it for a VLAN tag
        frame[13] = 0x00;
        return frame;
    }

    /// <summary>
    /// A directory under this process's own temporary root, which is deleted when the test process
    /// exits: the DPDK fixture's captures stay open in EAL until then, so no test can delete them sooner.
    /// </summary>
    public static string TempDirectory(string name)
    {
        var dir = Path.Combine(s_root.Value, name);
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static readonly Lazy<string> s_root = new(() =>
    {
        var root = Path.Combine(Path.GetTempPath(), $"gw-interop-tests-{Environment.ProcessId}");
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Left behind (it may never have been made); nothing more can be done at exit.
            }
        };
        return root;
    });
}
