using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Gateway.Net.Capture;

/// <summary>The record formats a capture file can hold (gzip compression is detected separately).</summary>
public enum CaptureFormat
{
    /// <summary>Classic libpcap: 24-byte global header, 16-byte record headers, µs or ns timestamps.</summary>
    Pcap,

    /// <summary>pcapng: a sequence of blocks (SHB, IDB, EPB, SPB, ...), per-section byte order.</summary>
    PcapNg,

    /// <summary>NASDAQ BinaryFILE (ITCH 5.0 daily file): <c>[u16 big-endian length][message]</c> records, no header.</summary>
    NasdaqBinaryFile,
}

/// <summary>Recognises a capture format from a file's first bytes.</summary>
public static class CaptureFormatDetector
{
    /// <summary>How many leading bytes <see cref="Detect"/> wants to see (fewer is fine for short files).</summary>
    public const int ProbeLength = 256;

    internal const uint PcapMagicMicro = 0xA1B2C3D4;
    internal const uint PcapMagicNano = 0xA1B23C4D;
    internal const uint PcapNgSectionHeader = 0x0A0D0D0A;
    internal const uint PcapNgByteOrderMagic = 0x1A2B3C4D;

    /// <summary>How many BinaryFILE records must look plausible (fewer when the file is shorter).</summary>
    private const int BinaryFileProbeRecords = 3;
    private const int BinaryFileMaxPlausibleLength = 64;

    /// <summary>True for the gzip member header (RFC 1952: ID1 0x1f, ID2 0x8b).</summary>
    public static bool IsGzip(ReadOnlySpan<byte> head) => head.Length >= 2 && head[0] == 0x1F && head[1] == 0x8B;

    /// <summary>The format of an uncompressed capture, or null when the bytes match none.</summary>
    public static CaptureFormat? Detect(ReadOnlySpan<byte> head)
    {
        if (head.Length >= 4)
        {
            uint le = BinaryPrimitives.ReadUInt32LittleEndian(head);
            uint be = BinaryPrimitives.ReadUInt32BigEndian(head);
            if (le is PcapMagicMicro or PcapMagicNano || be is PcapMagicMicro or PcapMagicNano)
            {
                return CaptureFormat.Pcap;
            }

            // The SHB type is a palindrome, so it reads the same in either order; the byte-order magic
            // at offset 8 must then match in one of them.
            if (le == PcapNgSectionHeader && head.Length >= 12)
            {
                uint bom = BinaryPrimitives.ReadUInt32LittleEndian(head[8..]);
                if (bom == PcapNgByteOrderMagic || BinaryPrimitives.ReverseEndianness(bom) == PcapNgByteOrderMagic)
                {
                    return CaptureFormat.PcapNg;
                }
            }
        }

        return LooksLikeBinaryFile(head) ? CaptureFormat.NasdaqBinaryFile : null;
    }

    /// <summary>ITCH 5.0 message type letters (NASDAQ TotalView-ITCH 5.0 specification, section 1.2-1.9).</summary>
    internal static bool IsItchType(byte type) => type switch
    {
        (byte)'S' or (byte)'R' or (byte)'H' or (byte)'Y' or (byte)'L' or (byte)'V' or (byte)'W' or (byte)'K'
            or (byte)'J' or (byte)'h' or (byte)'A' or (byte)'F' or (byte)'E' or (byte)'C' or (byte)'X'
            or (byte)'D' or (byte)'U' or (byte)'P' or (byte)'Q' or (byte)'B' or (byte)'I' or (byte)'N'
            or (byte)'O' => true,
        _ => false,
    };

    /// <summary>
    /// BinaryFILE has no magic: accept when the first few records have plausible lengths and ITCH
    /// type letters, and the probe either covers <see cref="BinaryFileProbeRecords"/> records or
    /// ends exactly on a record boundary.
    /// </summary>
    private static bool LooksLikeBinaryFile(ReadOnlySpan<byte> head)
    {
        int pos = 0;
        for (int i = 0; i < BinaryFileProbeRecords; i++)
        {
            if (head.Length - pos < 3)
            {
                return i > 0 && pos == head.Length;
            }

            int length = BinaryPrimitives.ReadUInt16BigEndian(head[pos..]);
            if (length is 0 or > BinaryFileMaxPlausibleLength || !IsItchType(head[pos + 2]))
            {
                return false;
            }

            pos += 2 + length;
            if (pos > head.Length)
            {
                // The probe cut this record: accept only if earlier records already vouched for the file.
                return i > 0;
            }
        }

        return true;
    }

    /// <summary>"1f 8b 08 00" style hex of up to 8 bytes, for messages.</summary>
    internal static string Hex(ReadOnlySpan<byte> head)
    {
        var sb = new StringBuilder();
        int n = Math.Min(head.Length, 8);
        for (int i = 0; i < n; i++)
        {
            if (i > 0)
            {
                sb.Append(' ');
            }

            sb.Append(head[i].ToString("x2", CultureInfo.InvariantCulture));
        }

        return sb.ToString();
    }
}
