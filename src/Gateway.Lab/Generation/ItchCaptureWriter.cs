using System.Buffers.Binary;
using Gateway.Net.Frames;
using Gateway.Net.Sinks;

namespace Gateway.Lab.Generation;

/// <summary>How generated messages are framed and damaged on their way to a capture.</summary>
public sealed record ItchCaptureOptions
{
    /// <summary>1, or 2 for A/B lines carrying the same packets.</summary>
    public int Lines { get; init; } = 1;

    /// <summary>VLAN tags per frame: 0, 1 or 2. NASDAQ's frames carry one.</summary>
    public int Vlans { get; init; } = 1;

    /// <summary>MoldUDP64 session name (10 ASCII characters).</summary>
    public string Session { get; init; } = "GWITCH0001";

    /// <summary>UDP port of both lines.</summary>
    public ushort Port { get; init; } = 26477;

    /// <summary>Multicast group of line A; line B is the next address.</summary>
    public uint GroupA { get; init; } = FrameBuilder.Ipv4(233, 54, 12, 111);

    /// <summary>Messages arriving within this many ns of a packet's first message share its packet (if they fit).</summary>
    public ulong PacketWindowNs { get; init; } = 50_000;

    /// <summary>Chance that a packet is lost on one line (the other line still has it).</summary>
    public double DropOneLine { get; init; }

    /// <summary>Chance that a packet is lost on every line: a real gap, to be re-requested.</summary>
    public double DropAllLines { get; init; }

    /// <summary>Chance that a packet on a line is delayed behind the next one.</summary>
    public double Reorder { get; init; }

    public int Seed { get; init; } = 1;
}

/// <summary>What a generated capture holds. <paramref name="DroppedPerLine"/> counts packets left off each line, <paramref name="MessagesDroppedPerLine"/> the messages they held.</summary>
public sealed record ItchCaptureResult(long Messages, long Packets, long Frames, long[] DroppedPerLine, long[] ReorderedPerLine,
    long MessagesInGaps, long[] MessagesByType, long[] MessagesDroppedPerLine);

/// <summary>
/// Packs an <see cref="ItchStreamGenerator"/>'s messages into MoldUDP64 packets that fill frames up
/// to 1,518 bytes and writes them as a nanosecond pcap (A/B lines, VLAN tags, optional drops and
/// reorders, an end-of-session packet on every line at the end) and/or as a NASDAQ BinaryFILE
/// ([u16 BE length][message] records).
/// </summary>
public static class ItchCaptureWriter
{
    /// <summary>MoldUDP64 header: session (10), sequence (8), count (2).</summary>
    public const int MoldHeaderLength = 20;

    /// <summary>A 1,518-byte frame (no FCS: 1,514) less Ethernet, IPv4 and UDP headers, and the tags.</summary>
    public static int MaxPayload(int vlans) => 1514 - FrameBuilder.EthernetHeaderLength - (vlans * FrameBuilder.VlanTagLength)
        - FrameBuilder.Ipv4HeaderLength - FrameBuilder.UdpHeaderLength;

    public static ItchCaptureResult Write(ItchStreamGenerator generator, ItchCaptureOptions options, string? pcapPath, string? binaryFilePath)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Lines is not (1 or 2) || options.Vlans is < 0 or > 2 || options.Session.Length != 10)
        {
            throw new ArgumentException("lines must be 1 or 2, vlans 0-2, and the session 10 characters", nameof(options));
        }

        var random = new Random(options.Seed);
        using PcapWriter? pcap = pcapPath is null ? null : PcapWriter.Create(pcapPath);
        using var binary = binaryFilePath is null ? null : new BufferedStream(File.Create(binaryFilePath), 1 << 20);
        int maxPayload = MaxPayload(options.Vlans);
        byte[] payload = new byte[maxPayload];
        byte[] frame = new byte[1600];
        byte[] message = new byte[64];
        byte[] prefix = new byte[2];
        byte[][] held = [new byte[1600], new byte[1600]];
        int[] heldLength = new int[2];
        ulong[] heldTime = new ulong[2];
        var dropped = new long[2];
        var droppedMessages = new long[2];
        var reordered = new long[2];
        long packets = 0;
        long frames = 0;
        long inGaps = 0;
        ulong sequence = 1;
        int used = MoldHeaderLength;
        int count = 0;
        ulong firstTime = 0;
        ulong lastTime = 0;
        System.Text.Encoding.ASCII.GetBytes(options.Session, payload);
        UdpFrameSpec spec = UdpFrameSpec.Default with
        {
            VlanTags = options.Vlans,
            OuterTpid = options.Vlans == 2 ? FrameBuilder.TpidServiceVlan : FrameBuilder.TpidCustomerVlan,
            OuterTci = 100,
            InnerTci = 200,
            DestinationPort = options.Port,
            DestinationMac = 0x0100_5E00_0000UL | (options.GroupA & 0x7F_FFFF),
        };

        void EmitFrame(int line, ReadOnlySpan<byte> bytes, ulong time)
        {
            // Reorder: hold this frame back and send it after the line's next one.
            if (heldLength[line] == 0 && options.Reorder > 0 && random.NextDouble() < options.Reorder)
            {
                bytes.CopyTo(held[line]);
                heldLength[line] = bytes.Length;
                heldTime[line] = time;
                reordered[line]++;
                return;
            }

            pcap!.WriteFrame(bytes, time + (ulong)(line * 300));
            frames++;
            if (heldLength[line] != 0)
            {
                pcap.WriteFrame(held[line].AsSpan(0, heldLength[line]), time + (ulong)(line * 300) + 1);
                heldLength[line] = 0;
                frames++;
            }
        }

        void Flush()
        {
            if (count == 0)
            {
                return;
            }

            BinaryPrimitives.WriteUInt64BigEndian(payload.AsSpan(10), sequence);
            BinaryPrimitives.WriteUInt16BigEndian(payload.AsSpan(18), (ushort)count);
            packets++;
            if (pcap is not null)
            {
                bool lostEverywhere = options.DropAllLines > 0 && random.NextDouble() < options.DropAllLines;
                if (lostEverywhere)
                {
                    inGaps += count;
                }

                int onlyLost = options.Lines == 2 && options.DropOneLine > 0 && random.NextDouble() < options.DropOneLine ? random.Next(2) : -1;
                for (int line = 0; line < options.Lines; line++)
                {
                    if (lostEverywhere || line == onlyLost)
                    {
                        dropped[line]++;
                        droppedMessages[line] += count;
                        continue;
                    }

                    UdpFrameSpec lineSpec = spec with { DestinationIp = options.GroupA + (uint)line, Identification = (ushort)packets };
                    int n = FrameBuilder.BuildUdp(frame, lineSpec, payload.AsSpan(0, used));
                    EmitFrame(line, frame.AsSpan(0, n), lastTime);
                }
            }

            sequence += (ulong)count;
            used = MoldHeaderLength;
            count = 0;
        }

        while (true)
        {
            int n = generator.Next(message, out ulong time);
            if (n == 0)
            {
                break;
            }

            if (binary is not null)
            {
                BinaryPrimitives.WriteUInt16BigEndian(prefix, (ushort)n);
                binary.Write(prefix);
                binary.Write(message, 0, n);
            }

            if (count > 0 && (used + 2 + n > maxPayload || time - firstTime > options.PacketWindowNs))
            {
                Flush();
            }

            if (count == 0)
            {
                firstTime = time;
            }

            BinaryPrimitives.WriteUInt16BigEndian(payload.AsSpan(used), (ushort)n);
            message.AsSpan(0, n).CopyTo(payload.AsSpan(used + 2));
            used += 2 + n;
            count++;
            lastTime = time;
        }

        Flush();

        for (int line = 0; line < 2 && pcap is not null; line++)
        {
            if (heldLength[line] != 0)
            {
                pcap.WriteFrame(held[line].AsSpan(0, heldLength[line]), heldTime[line]);
                frames++;
            }
        }

        // End of session (message count 0xFFFF, sequence = the next one) on every line, never
        // dropped: it is how a receiver learns that the last packets were lost.
        if (pcap is not null)
        {
            BinaryPrimitives.WriteUInt64BigEndian(payload.AsSpan(10), sequence);
            BinaryPrimitives.WriteUInt16BigEndian(payload.AsSpan(18), 0xFFFF);
            for (int line = 0; line < options.Lines; line++)
            {
                UdpFrameSpec lineSpec = spec with { DestinationIp = options.GroupA + (uint)line };
                int n = FrameBuilder.BuildUdp(frame, lineSpec, payload.AsSpan(0, MoldHeaderLength));
                pcap.WriteFrame(frame.AsSpan(0, n), lastTime + 1_000_000 + (ulong)(line * 300));
                frames++;
            }
        }

        return new ItchCaptureResult(generator.TotalMessages, packets, frames, dropped, reordered, inGaps, generator.CountsByType, droppedMessages);
    }
}
