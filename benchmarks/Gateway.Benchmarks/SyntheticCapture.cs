using Gateway.Net.Frames;
using Gateway.Net.Sinks;

namespace Gateway.Benchmarks;

/// <summary>Writes (once, cached in the temp folder) a pcap of N NASDAQ-sized VLAN-tagged UDP frames.</summary>
internal static class SyntheticCapture
{
    public static string Ensure(int packets, int payloadBytes = 180)
    {
        string path = Path.Combine(Path.GetTempPath(), $"gw-bench-{packets}-{payloadBytes}.pcap");
        if (File.Exists(path))
        {
            return path;
        }

        string partial = path + ".partial";
        var random = new Random(7);
        byte[] payload = new byte[payloadBytes];
        byte[] frame = new byte[payloadBytes + 128];
        UdpFrameSpec spec = UdpFrameSpec.Default with { VlanTags = 1, OuterTci = 100 };
        using (var writer = PcapWriter.Create(partial))
        {
            ulong ts = 34_200_000_000_000;
            for (int i = 0; i < packets; i++)
            {
                random.NextBytes(payload.AsSpan(0, Math.Min(32, payload.Length)));
                UdpFrameSpec s = spec with { DestinationIp = spec.DestinationIp + (uint)(i & 1) };
                int n = FrameBuilder.BuildUdp(frame, s, payload);
                writer.WriteFrame(frame.AsSpan(0, n), ts);
                ts += 1000;
            }
        }

        File.Move(partial, path, overwrite: true);
        return path;
    }
}
