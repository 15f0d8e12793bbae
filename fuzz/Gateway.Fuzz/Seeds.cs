using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Gateway.Interop;
using Gateway.Net.Capture;
using Gateway.Net.Decode;
using Gateway.OrderEntry.Store;

namespace Gateway.Fuzz;

/// <summary>
/// Seed corpora, one folder per target, cut from what the project's own generators made
/// (<c>gw gen frames</c>, <c>gw gen itch</c>, the FIX benchmark messages, a store written by
/// <see cref="FixSessionStore"/>): tools/fuzz.sh makes the captures, this cuts them into seeds.
/// </summary>
public static class Seeds
{
    /// <summary>Writes the seeds of every target except the four capture readers, which tools/fuzz.sh seeds with whole captures.</summary>
    public static unsafe void Write(string outDir, string pcap, string binaryFile, string fixMessages)
    {
        var frames = new List<byte[]>();
        var datagrams = new List<(byte[] Payload, int Line)>();
        using (CaptureFileSource source = CaptureFile.Open(pcap, CaptureFormat.Pcap))
        {
            PacketDescriptor* batch = stackalloc PacketDescriptor[64];
            int n;
            uint lineA = 0;
            while ((n = source.Receive(batch, 64)) > 0 && frames.Count < 400)
            {
                for (int i = 0; i < n; i++)
                {
                    byte[] frame = batch[i].Span.ToArray();
                    frames.Add(frame);
                    if (FrameDecoder.DecodeEthernet(frame, false, out UdpDatagram d) == DecodeStatus.Ok)
                    {
                        lineA = lineA == 0 ? d.DestinationIp : lineA;
                        datagrams.Add((d.Payload.ToArray(), d.DestinationIp == lineA ? 0 : 1));
                    }
                }

                source.Release(batch, n);
            }
        }

        for (int i = 0; i < Math.Min(8, frames.Count); i++)
        {
            Put(outDir, "frame", i, frames[i * frames.Count / 8]);
        }

        for (int i = 0; i < Math.Min(8, datagrams.Count); i++)
        {
            Put(outDir, "mold-packet", i, datagrams[i * datagrams.Count / 8].Payload);
        }

        // The first datagrams of both lines, framed as the mold-session target reads them.
        for (int seed = 0; seed < 2; seed++)
        {
            using var stream = new MemoryStream();
            foreach ((byte[] payload, int line) in datagrams.Skip(seed * 20).Take(24))
            {
                stream.WriteByte((byte)line);
                stream.WriteByte((byte)(payload.Length >> 8));
                stream.WriteByte((byte)payload.Length);
                stream.Write(payload);
            }

            Put(outDir, "mold-session", seed, stream.ToArray());
        }

        // A BinaryFILE is the itch-book target's format already: its first records.
        byte[] day = File.ReadAllBytes(binaryFile);
        for (int seed = 0, offset = 0; seed < 2; seed++)
        {
            int end = offset;
            for (int records = 0; records < 150 && end + 2 <= day.Length; records++)
            {
                end += 2 + BinaryPrimitives.ReadUInt16BigEndian(day.AsSpan(end));
            }

            Put(outDir, "itch-book", seed, day.AsSpan(offset, Math.Min(end, day.Length) - offset).ToArray());
            offset = Math.Min(end, day.Length);
        }

        string[] messages = [.. File.ReadAllLines(fixMessages).Where(l => l.StartsWith("8=", StringComparison.Ordinal)).Select(l => l.Replace('|', '\u0001'))];
        for (int i = 0; i < messages.Length; i++)
        {
            Put(outDir, "fix-parser", i, Encoding.ASCII.GetBytes(messages[i]));
        }

        Put(outDir, "fix-framer", 0, Encoding.ASCII.GetBytes(string.Concat(messages) + "garbage 8=FIX.4.4\u00019=5\u0001" + string.Concat(messages)));

        // What a peer sends an acceptor: a Logon, an order, a heartbeat, a logout.
        string now = DateTime.UtcNow.ToString("yyyyMMdd-HH:mm:ss.fff", CultureInfo.InvariantCulture);
        Put(outDir, "fix-session", 0, Encoding.ASCII.GetBytes(
            Fix($"35=A|49=GATEWAY|56=VENUE|34=1|52={now}|98=0|108=30|")
            + Fix($"35=D|49=GATEWAY|56=VENUE|34=2|52={now}|11=ORD-1|55=AAPL|54=1|60={now}|38=100|40=2|44=187.25|59=0|")
            + Fix($"35=0|49=GATEWAY|56=VENUE|34=3|52={now}|")
            + Fix($"35=5|49=GATEWAY|56=VENUE|34=4|52={now}|")));

        // A store the store wrote: its state file and its journal (cut to what was written), each behind its selector byte.
        string storeDir = Path.Combine(outDir, ".store");
        var id = new FixSessionId("FIX.4.4", "GATEWAY", "VENUE");
        using (FixSessionStore store = FixSessionStore.Open(storeDir, id, FuzzTargets.StoreOptions()))
        {
            for (ulong s = 1; s <= 5; s++)
            {
                _ = store.Append(s, Encoding.ASCII.GetBytes(Fix($"35=D|49=GATEWAY|56=VENUE|34={s}|52={now}|11=ORD-{s}|55=AAPL|54=1|60={now}|38=100|40=2|44=1|59=0|")));
            }

            store.Flush();
        }

        string session = Path.Combine(storeDir, id.DirectoryName);
        Put(outDir, "store-recovery", 0, [0, .. File.ReadAllBytes(Path.Combine(session, FixSessionStore.StateFileName))]);
        byte[] journal = File.ReadAllBytes(Directory.GetFiles(session, "journal-*.seg").Order().First());
        int used = journal.Length;
        while (used > 0 && journal[used - 1] == 0)
        {
            used--;
        }

        Put(outDir, "store-recovery", 1, [1, .. journal.AsSpan(0, Math.Min(journal.Length, used + 64))]);
        Directory.Delete(storeDir, recursive: true);
    }

    /// <summary>A FIX 4.4 message from its fields after BeginString and BodyLength ('|' for SOH), with both computed.</summary>
    private static string Fix(string body)
    {
        body = body.Replace('|', '\u0001');
        string head = $"8=FIX.4.4\u00019={Encoding.ASCII.GetByteCount(body)}\u0001";
        int sum = Encoding.ASCII.GetBytes(head + body).Sum(b => b) % 256;
        return head + body + $"10={sum:D3}\u0001";
    }

    private static void Put(string outDir, string target, int index, byte[] bytes)
    {
        string dir = Path.Combine(outDir, target);
        Directory.CreateDirectory(dir);
        File.WriteAllBytes(Path.Combine(dir, $"seed-{index:D2}"), bytes);
    }
}
