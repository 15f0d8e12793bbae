using System.Buffers.Binary;
using System.Text;

namespace Gateway.Lab.Tests.Latency;

/// <summary>
/// Writes pcap files for the latency tests byte by byte: Ethernet/IPv4/UDP frames carrying
/// MoldUDP64 packets, Ethernet/IPv4/TCP segments carrying FIX, each at a chosen timestamp.
/// Independent of the project's frame builder and FIX encoder.
/// </summary>
internal sealed class LatencyCapture
{
    public const string Session = "0000000001";
    public const ushort FeedPort = 26477;
    public const ushort GatewayPort = 40001;
    public const ushort VenuePort = 9878;
    public const uint GatewayIp = 0x0A000001;
    public const uint VenueIp = 0x0A000002;

    private readonly List<(long TimeNs, byte[] Frame)> _records = [];

    public LatencyCapture(bool nanoseconds = true, int linkType = 1)
    {
        Nanoseconds = nanoseconds;
        LinkType = linkType;
    }

    public bool Nanoseconds { get; }

    public int LinkType { get; }

    /// <summary>A MoldUDP64 packet with <paramref name="count"/> 4-byte messages starting at <paramref name="sequence"/>.</summary>
    public LatencyCapture Mold(long timeNs, ulong sequence, ushort count, string session = Session, ushort port = FeedPort, uint sourceIp = 0xC0A80001)
    {
        int messages = count == 0xFFFF ? 0 : count;
        byte[] payload = new byte[20 + (messages * 6)];
        Encoding.ASCII.GetBytes(session.PadRight(10), payload);
        BinaryPrimitives.WriteUInt64BigEndian(payload.AsSpan(10), sequence);
        BinaryPrimitives.WriteUInt16BigEndian(payload.AsSpan(18), count);
        for (int i = 0; i < messages; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(payload.AsSpan(20 + (i * 6)), 4);
            payload[22 + (i * 6)] = (byte)'S';
        }

        _records.Add((timeNs, Ipv4(17, sourceIp, 0xE9360C6F, Udp(12345, port, payload))));
        return this;
    }

    /// <summary>A TCP segment from the gateway to the venue.</summary>
    public LatencyCapture Tcp(long timeNs, uint sequence, byte[] payload, byte flags = 0x18, ushort sourcePort = GatewayPort)
    {
        _records.Add((timeNs, Ipv4(6, GatewayIp, VenueIp, TcpSegment(sourcePort, VenuePort, sequence, flags, payload))));
        return this;
    }

    public LatencyCapture Raw(long timeNs, byte[] frame)
    {
        _records.Add((timeNs, frame));
        return this;
    }

    /// <summary>Writes the pcap; <paramref name="cutLastRecord"/> drops that many bytes from the end of the file.</summary>
    public void Write(string path, int cutLastRecord = 0)
    {
        using var ms = new MemoryStream();
        var header = new byte[24];
        BinaryPrimitives.WriteUInt32LittleEndian(header, Nanoseconds ? 0xA1B23C4Du : 0xA1B2C3D4u);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(4), 2);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(6), 4);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(16), 65535);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(20), (uint)LinkType);
        ms.Write(header);
        foreach ((long t, byte[] frame) in _records)
        {
            var rec = new byte[16];
            long fraction = t % 1_000_000_000;
            if (!Nanoseconds)
            {
                if (fraction % 1000 != 0)
                {
                    throw new InvalidOperationException($"{t} ns is not a whole microsecond");
                }

                fraction /= 1000;
            }

            BinaryPrimitives.WriteUInt32LittleEndian(rec, (uint)(t / 1_000_000_000));
            BinaryPrimitives.WriteUInt32LittleEndian(rec.AsSpan(4), (uint)fraction);
            BinaryPrimitives.WriteUInt32LittleEndian(rec.AsSpan(8), (uint)frame.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(rec.AsSpan(12), (uint)frame.Length);
            ms.Write(rec);
            ms.Write(frame);
        }

        byte[] all = ms.ToArray();
        File.WriteAllBytes(path, all.AsSpan(0, all.Length - cutLastRecord).ToArray());
    }

    /// <summary>
    /// Writes the records as pcapng: one section, one Ethernet interface whose if_tsresol is
    /// <paramref name="tsresol"/> (6 µs, 9 ns, 0x80|n for 2^-n s), one Enhanced Packet Block per record.
    /// </summary>
    public void WritePcapNg(string path, byte tsresol)
    {
        using var ms = new MemoryStream();
        void U16(int v) => ms.Write(BitConverter.GetBytes((ushort)v));
        void U32(uint v) => ms.Write(BitConverter.GetBytes(v));
        U32(0x0A0D0D0A);
        U32(28);
        U32(0x1A2B3C4D);
        U16(1);
        U16(0);
        ms.Write(BitConverter.GetBytes(-1L));
        U32(28);
        U32(1);
        U32(32);
        U16(LinkType);
        U16(0);
        U32(65535);
        U16(9);
        U16(1);
        ms.Write([tsresol, 0, 0, 0]);
        U16(0);
        U16(0);
        U32(32);
        foreach ((long t, byte[] frame) in _records)
        {
            ulong ticks = (tsresol & 0x80) != 0
                ? (ulong)((UInt128)(ulong)t * (1UL << (tsresol & 0x7F)) / 1_000_000_000)
                : (ulong)t / (ulong)Math.Pow(10, 9 - tsresol);
            int padded = (frame.Length + 3) & ~3;
            uint length = (uint)(32 + padded);
            U32(6);
            U32(length);
            U32(0);
            U32((uint)(ticks >> 32));
            U32((uint)ticks);
            U32((uint)frame.Length);
            U32((uint)frame.Length);
            ms.Write(frame);
            ms.Write(new byte[padded - frame.Length]);
            U32(length);
        }

        File.WriteAllBytes(path, ms.ToArray());
    }

    /// <summary>A NewOrderSingle with BodyLength and CheckSum computed here; <paramref name="trigger"/> null leaves the trigger out.</summary>
    public static byte[] Order(int id, string? trigger, int triggerTag = 58, bool possDup = false, int checksumDelta = 0)
    {
        string body = $"35=D\u000149=GATEWAY\u000156=VENUE\u000134={id + 1}\u0001" + (possDup ? "43=Y\u0001" : "")
            + $"52=20261205-12:00:00.000\u000111=ORD{id:D6}\u000155=AAPL\u000154=1\u000138=100\u000140=2\u000144=187.25\u0001"
            + (trigger is null ? "" : $"{triggerTag}={trigger}\u0001") + "60=20261205-12:00:00.000\u0001";
        byte[] b = Encoding.ASCII.GetBytes(body);
        byte[] head = Encoding.ASCII.GetBytes($"8=FIX.4.4\u00019={b.Length}\u0001");
        int sum = 0;
        foreach (byte x in head)
        {
            sum += x;
        }

        foreach (byte x in b)
        {
            sum += x;
        }

        byte[] trailer = Encoding.ASCII.GetBytes($"10={(sum + checksumDelta) % 256:D3}\u0001");
        return [.. head, .. b, .. trailer];
    }

    /// <summary>A FIX Heartbeat: framed like an order, never counted as one.</summary>
    public static byte[] Heartbeat() => Encoding.ASCII.GetBytes("8=FIX.4.4\u00019=5\u000135=0\u000110=000\u0001");

    public static string Trigger(ulong sequence, string session = Session) => $"{session.TrimEnd(' ')}:{sequence}";

    private static byte[] Udp(ushort sourcePort, ushort destinationPort, byte[] payload)
    {
        var udp = new byte[8 + payload.Length];
        BinaryPrimitives.WriteUInt16BigEndian(udp, sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(udp.AsSpan(2), destinationPort);
        BinaryPrimitives.WriteUInt16BigEndian(udp.AsSpan(4), (ushort)udp.Length);
        payload.CopyTo(udp, 8);
        return udp;
    }

    private static byte[] TcpSegment(ushort sourcePort, ushort destinationPort, uint sequence, byte flags, byte[] payload)
    {
        var tcp = new byte[20 + payload.Length];
        BinaryPrimitives.WriteUInt16BigEndian(tcp, sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(tcp.AsSpan(2), destinationPort);
        BinaryPrimitives.WriteUInt32BigEndian(tcp.AsSpan(4), sequence);
        tcp[12] = 5 << 4;
        tcp[13] = flags;
        BinaryPrimitives.WriteUInt16BigEndian(tcp.AsSpan(14), 65535);
        payload.CopyTo(tcp, 20);
        return tcp;
    }

    /// <summary>Ethernet II + a 20-byte IPv4 header (checksum left 0: the analyzer does not verify it).</summary>
    private static byte[] Ipv4(byte protocol, uint source, uint destination, byte[] l4)
    {
        var frame = new byte[14 + 20 + l4.Length];
        frame[0] = 0x01;
        frame[6] = 0x02;
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(12), 0x0800);
        frame[14] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(16), (ushort)(20 + l4.Length));
        frame[22] = 64;
        frame[23] = protocol;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(26), source);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(30), destination);
        l4.CopyTo(frame, 34);
        return frame;
    }
}

/// <summary>A temporary file removed when disposed.</summary>
internal sealed class TempFile : IDisposable
{
    public TempFile(string extension = ".pcap")
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"gw-latency-{Guid.NewGuid():N}{extension}");
    }

    public string Path { get; }

    public void Dispose()
    {
        File.Delete(Path);
    }
}
