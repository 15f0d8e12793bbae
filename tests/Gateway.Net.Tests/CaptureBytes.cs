using System.Buffers.Binary;

namespace Gateway.Net.Tests;

/// <summary>Captures written byte by byte, for formats and orders our own writer does not produce.</summary>
internal static class CaptureBytes
{
    public static byte[] BigEndianPcap(IReadOnlyList<Written> frames, bool nanosecond, int linkType = 1)
    {
        var output = new MemoryStream();
        var w = new Writer(output, bigEndian: true);
        w.U32(nanosecond ? 0xA1B23C4Du : 0xA1B2C3D4u);
        w.U16(2);
        w.U16(4);
        w.U32(0);
        w.U32(0);
        w.U32(65535);
        w.U32((uint)linkType);
        foreach (Written f in frames)
        {
            w.U32((uint)(f.TimestampNs / 1_000_000_000));
            ulong fraction = f.TimestampNs % 1_000_000_000;
            w.U32((uint)(nanosecond ? fraction : fraction / 1000));
            w.U32((uint)f.Frame.Length);
            w.U32((uint)f.Frame.Length);
            output.Write(f.Frame);
        }

        return output.ToArray();
    }

    /// <summary>SHB, one IDB with <paramref name="tsresol"/>, then one EPB (or SPB) per frame.</summary>
    public static byte[] PcapNg(IReadOnlyList<Written> frames, bool bigEndian, byte tsresol, bool simple = false, ushort linkType = 1)
    {
        var output = new MemoryStream();
        var w = new Writer(output, bigEndian);
        SectionHeader(w);
        InterfaceDescription(w, linkType, tsresol);
        foreach (Written f in frames)
        {
            if (simple)
            {
                SimplePacket(w, f.Frame);
            }
            else
            {
                EnhancedPacket(w, 0, ToTicks(f.TimestampNs, tsresol), f.Frame);
            }
        }

        return output.ToArray();
    }

    public static void SectionHeader(Writer w)
    {
        w.U32(0x0A0D0D0A);
        w.U32(28);
        w.U32(0x1A2B3C4D);
        w.U16(1);
        w.U16(0);
        w.U64(ulong.MaxValue);
        w.U32(28);
    }

    public static void InterfaceDescription(Writer w, ushort linkType, byte tsresol)
    {
        const uint length = 20 + 8 + 4;
        w.U32(1);
        w.U32(length);
        w.U16(linkType);
        w.U16(0);
        w.U32(0);
        w.U16(9); // if_tsresol
        w.U16(1);
        w.Bytes([tsresol, 0, 0, 0]);
        w.U16(0); // opt_endofopt
        w.U16(0);
        w.U32(length);
    }

    public static void EnhancedPacket(Writer w, uint iface, ulong ticks, byte[] frame)
    {
        int padded = (frame.Length + 3) & ~3;
        uint length = (uint)(32 + padded);
        w.U32(6);
        w.U32(length);
        w.U32(iface);
        w.U32((uint)(ticks >> 32));
        w.U32((uint)ticks);
        w.U32((uint)frame.Length);
        w.U32((uint)frame.Length);
        w.Bytes(frame);
        w.Bytes(new byte[padded - frame.Length]);
        w.U32(length);
    }

    public static void SimplePacket(Writer w, byte[] frame)
    {
        int padded = (frame.Length + 3) & ~3;
        uint length = (uint)(16 + padded);
        w.U32(3);
        w.U32(length);
        w.U32((uint)frame.Length);
        w.Bytes(frame);
        w.Bytes(new byte[padded - frame.Length]);
        w.U32(length);
    }

    public static ulong ToTicks(ulong ns, byte tsresol)
    {
        int exponent = tsresol & 0x7F;
        if ((tsresol & 0x80) != 0)
        {
            return (ulong)((((UInt128)ns << exponent) + 500_000_000) / 1_000_000_000);
        }

        ulong scale = 1;
        for (int i = exponent; i < 9; i++)
        {
            scale *= 10;
        }

        return ns / scale;
    }

    /// <summary>Plausible ITCH 5.0 messages of real lengths, type letter first and timestamp at offset 5.</summary>
    public static List<byte[]> ItchMessages(int count)
    {
        (char Type, int Length)[] kinds = [('S', 12), ('R', 39), ('A', 36), ('F', 40), ('E', 31), ('X', 23), ('D', 19), ('U', 35), ('P', 44), ('I', 50)];
        var random = new Random(7);
        var messages = new List<byte[]>(count);
        ulong timestamp = 34_200_000_000_000UL; // 09:30 in ns since midnight
        for (int i = 0; i < count; i++)
        {
            (char type, int length) = kinds[i % kinds.Length];
            byte[] m = new byte[length];
            random.NextBytes(m);
            m[0] = (byte)type;
            timestamp += (ulong)random.Next(1, 100_000);
            BinaryPrimitives.WriteUInt16BigEndian(m.AsSpan(5), (ushort)(timestamp >> 32));
            BinaryPrimitives.WriteUInt32BigEndian(m.AsSpan(7), (uint)timestamp);
            messages.Add(m);
        }

        return messages;
    }

    public static byte[] BinaryFile(IEnumerable<byte[]> messages)
    {
        var output = new MemoryStream();
        foreach (byte[] m in messages)
        {
            output.WriteByte((byte)(m.Length >> 8));
            output.WriteByte((byte)m.Length);
            output.Write(m);
        }

        return output.ToArray();
    }

    internal sealed class Writer(Stream stream, bool bigEndian)
    {
        public void U16(ushort v)
        {
            Span<byte> b = stackalloc byte[2];
            if (bigEndian)
            {
                BinaryPrimitives.WriteUInt16BigEndian(b, v);
            }
            else
            {
                BinaryPrimitives.WriteUInt16LittleEndian(b, v);
            }

            stream.Write(b);
        }

        public void U32(uint v)
        {
            Span<byte> b = stackalloc byte[4];
            if (bigEndian)
            {
                BinaryPrimitives.WriteUInt32BigEndian(b, v);
            }
            else
            {
                BinaryPrimitives.WriteUInt32LittleEndian(b, v);
            }

            stream.Write(b);
        }

        public void U64(ulong v)
        {
            Span<byte> b = stackalloc byte[8];
            if (bigEndian)
            {
                BinaryPrimitives.WriteUInt64BigEndian(b, v);
            }
            else
            {
                BinaryPrimitives.WriteUInt64LittleEndian(b, v);
            }

            stream.Write(b);
        }

        public void Bytes(ReadOnlySpan<byte> b) => stream.Write(b);
    }
}
